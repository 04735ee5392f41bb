"""The explorer's style sheet: one ``<style>`` element for the whole page.

ipywidgets draws tab titles at a fixed width with an ellipsis, which cuts
Chinese theme names ("经济与产业结") and English ones ("Nonferrous sr");
here a title is as wide as its text and the tab bar wraps onto a second row
when the themes do not fit.  Tables keep numbers and status words on one line
(``white-space: nowrap``), so 未达成 never breaks in two.  The main row is
laid out in reverse (:mod:`model.explorer.app` puts the charts first in the
page's order): side by side the controls sit on the left, and when the window
is too narrow for both (about 1100 px) the charts come first and the controls
follow.  The sheet also hides the headline preview shown while the page loads
(:data:`HIDE_PREVIEW`, :mod:`model.explorer.preview`).
"""
from __future__ import annotations

import ipywidgets as widgets

__all__ = ["CSS", "style_widget", "STATUS_COLORS", "PREVIEW_CLASS", "HIDE_PREVIEW"]

#: Class of the headline shown while the explorer loads (:mod:`model.explorer.preview`).
PREVIEW_CLASS = "startup-preview"
#: Part of the explorer's own style sheet only: once the explorer is drawn, the preview goes.
HIDE_PREVIEW = f".{PREVIEW_CLASS} {{display: none !important;}}"

#: Status -> colour, as the scorecard and the headline show them.
STATUS_COLORS = {"met": "#2e7d32", "missed": "#c8412d", "not modelled": "#888888"}

CSS = """
.urad-explorer .jupyter-widget-tab > .lm-TabBar > .lm-TabBar-content {flex-wrap: wrap;}
.urad-explorer .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tab {
  flex: 0 0 auto !important; max-width: none !important; min-width: max-content !important;}
.urad-explorer .jupyter-widget-tab > .lm-TabBar .lm-TabBar-tabLabel {overflow: visible; flex: 0 0 auto;}
.urad-explorer .jupyter-widget-tab > .lm-TabBar {min-height: fit-content;}
.urad-explorer .widget-checkbox, .urad-explorer .widget-checkbox label {width: auto !important;}
.urad-explorer .widget-checkbox label {white-space: nowrap; overflow: visible;}
.urad-explorer .widget-dropdown > select {text-overflow: clip;}
.urad-explorer .explorer-unit {white-space: nowrap; min-width: 3em; margin-left: 4px;}
.urad-explorer .explorer-row {margin: 2px 0;}
.explorer-table {border-collapse: collapse; font-size: 12px; width: 100%;}
.explorer-table th, .explorer-table td {border-bottom: 1px solid #e3e3e3; padding: 2px 6px;
  text-align: left; vertical-align: top;}
.explorer-table th {white-space: nowrap;}
.explorer-table td.num {text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;}
.explorer-table td.status {white-space: nowrap; min-width: 4.5em;}
.explorer-table tr.met td.status {color: #2e7d32; font-weight: bold;}
.explorer-table tr.missed td.status {color: #c8412d; font-weight: bold;}
.explorer-table tr.notmodelled td {color: #888;}
.explorer-table td.better {color: #2e7d32; font-weight: bold;}
.explorer-table td.worse {color: #c8412d; font-weight: bold;}
.explorer-table td.moved {color: #1f5fa8; font-weight: bold;}
.explorer-headline {display: flex; flex-wrap: wrap; gap: 8px; margin: 4px 0 8px 0;}
.explorer-card {border: 1px solid #ddd; border-left: 5px solid #888; border-radius: 4px;
  padding: 4px 8px; min-width: 150px; flex: 1 1 150px; font-size: 12px; line-height: 1.35;}
.explorer-card.met {border-left-color: #2e7d32;}
.explorer-card.missed {border-left-color: #c8412d;}
.explorer-card .value {font-size: 17px; font-weight: bold; white-space: nowrap;}
.explorer-card .status {font-weight: bold; white-space: nowrap;}
.explorer-card.met .status {color: #2e7d32;}
.explorer-card.missed .status {color: #c8412d;}
.explorer-card .ref {color: #666; white-space: nowrap;}
.explorer-card .better {color: #2e7d32;} .explorer-card .worse {color: #c8412d;}
.explorer-card .moved {color: #1f5fa8;}
.explorer-error {color: #c8412d;}
.explorer-ok {color: #2e7d32;}
"""


def style_widget() -> widgets.HTML:
    """An HTML widget holding the style sheet (put it first in the explorer's layout)."""
    return widgets.HTML(f"<style>{CSS}{HIDE_PREVIEW}</style>", layout=widgets.Layout(display="none"))

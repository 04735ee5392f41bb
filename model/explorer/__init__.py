"""The interactive explorer: ipywidgets over the model, for JupyterLab and Voila.

One call builds it::

    from model.explorer import build_explorer
    build_explorer()                       # the baseline, in Chinese
    build_explorer("scenarios/services-led.yaml", reference="scenarios/baseline.yaml", lang="en")

Modules, each depending only on those listed before it:

* :mod:`~model.explorer.state` - values, diff, save and load (no widgets);
* :mod:`~model.explorer.controls` - widgets generated from the registry;
* :mod:`~model.explorer.tables` - scorecard, diagnostics and changes as HTML;
* :mod:`~model.explorer.chart_tabs` - the theme charts, redrawn only when seen and changed;
* :mod:`~model.explorer.panels` - uncertainty bands and goal seeking, given the registry
  and functions to read and apply values (never the explorer);
* :mod:`~model.explorer.app` - the layout, refresh, scenario pickers, saving, language.
"""
from __future__ import annotations

from pathlib import Path

from model.explorer.app import DEFAULT_DEBOUNCE_S, Explorer
from model.explorer.state import ExplorerState
from model.text import DEFAULT_LANG

__all__ = ["build_explorer", "Explorer", "ExplorerState"]


def build_explorer(scenario: str | Path | None = "scenarios/baseline.yaml",
                   reference: str | Path | None = None, lang: str = DEFAULT_LANG,
                   debounce_s: float | None = None) -> Explorer:
    """Build the explorer; displaying the returned object shows it.

    Parameters
    ----------
    scenario
        Scenario file to start from (relative paths are tried from the
        working folder, then from the project folder).
    reference
        Scenario file to compare with (the baseline when None).
    lang
        ``"zh"`` or ``"en"``.
    debounce_s
        Seconds within which changes are computed once (default
        :data:`~model.explorer.app.DEFAULT_DEBOUNCE_S`).
    """
    return Explorer(scenario, reference, lang,
                    DEFAULT_DEBOUNCE_S if debounce_s is None else debounce_s)

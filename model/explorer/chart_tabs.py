"""The explorer's charts: one tab per theme, redrawn only when seen and only when changed.

Each theme with data (:data:`model.reporting.charts.THEME_CHARTS`) gets a
:class:`ChartPane`: the image widget that shows it, a short note under the chart
where a panel needs one (what a negative intensity cut means, where overgrazing
starts), and its figure (:class:`~model.explorer.figures.ExplorerFigure`:
current settings solid, reference dashed, the plan's targets as diamonds, the
published statistics of the scenario's ``observed:`` files as circles, limit
lines, optional uncertainty fans, axes fitted to the data) with a blitting
renderer, both made when the chart is first drawn (and made again in another
language only when it is next drawn).  :meth:`ChartTabs.show` hands every pane
the new data; a pane whose data signature (the bytes of every series it draws,
its target marks, observed statistics and bands) is unchanged is left alone, a
changed one is marked stale, and only the visible one is redrawn, by moving its existing artists and
blitting them over a cached background (:class:`model.reporting.charts.BlitRenderer`).
A stale pane is redrawn when its tab is opened.
"""
from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np

from model.core.parameter import THEMES
from model.explorer.figures import LIMIT_LINES, ExplorerFigure
from model.reporting.charts import THEME_CHARTS, BlitRenderer, ChartData, Panel, ThemeChart, available_panels
from model.text import pick

__all__ = ["ChartPane", "ChartTabs", "CHART_DPI", "PANEL_NOTES"]

#: Resolution of the chart images (96 dpi gives 864 x 307 px for a 9 x 3.2 in figure).
CHART_DPI = 96

#: Panel id -> (zh, en): what a reader needs to read the panel right.
PANEL_NOTES: dict[str, tuple[str, str]] = {
    "structure": ("菱形为2025年6:70:24目标，竖线为容许偏差。",
                  "Diamonds: the 6:70:24 target for 2025; the bars are its tolerance."),
    "energy": ("考核能耗（扣除原料用能、可再生电力等按当年核算规则）对比总量上限。",
               "Assessed energy (after the deductions of the year's accounting rules) against the cap."),
    "intensity": ("单位GDP能耗较2020年的下降幅度：正值为下降；负值表示强度高于2020年（能耗增长快于GDP，"
                  "如焦化、冶炼项目投产）。点线为规划目标。",
                  "Cut in energy per unit of GDP against 2020: positive is a cut; negative means intensity "
                  "above 2020 (energy growing faster than GDP, as when coke and smelting projects start). "
                  "Dotted: the plan's target."),
    "acid": ("富余＝本地未消纳、需外运或储存的硫酸。", "Surplus: acid not used locally, to be shipped or stored."),
    "stocking": ("载畜率＝草原上的牲畜需求占草原承载力的百分比；点线为100%，高于即超载。",
                 "Stocking ratio: grazing demand in % of the grassland's carrying capacity; the dotted line "
                 "is 100 %, above it the range is overgrazed."),
}


@dataclass
class ChartPane:
    """One theme's image widget, its figure and renderer (made when first drawn), and whether it is stale."""

    chart: ThemeChart
    image: widgets.Image
    figure: ExplorerFigure | None = None
    renderer: BlitRenderer | None = None
    signature: bytes = b""
    stale: bool = True
    pending: tuple[ChartData, ChartData | None] | None = None
    renders: int = 0
    bands: Mapping[str, np.ndarray] | None = field(default=None)

    @property
    def panels(self) -> tuple[Panel, ...]:
        return available_panels(self.chart)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(v for p in self.panels for v in p.variables)

    def figure_in(self, lang: str) -> ExplorerFigure:
        """The pane's figure in ``lang``, made (or made again in another language) when needed."""
        if self.figure is None or self.figure.lang != lang:
            if self.figure is not None:
                self.figure.close()
            self.figure = ExplorerFigure(self.chart, lang)
            self.renderer = BlitRenderer(self.figure, CHART_DPI)
        return self.figure

    def data_signature(self, current: ChartData, reference: ChartData | None) -> bytes:
        """Bytes that change exactly when what this chart shows changes."""
        parts = [current.series[v].tobytes() for v in self.variables]
        if reference is not None:
            parts += [reference.series[v].tobytes() for v in self.variables if v in reference.series]
        targets = [t for p in self.panels for t in (*p.target_ids, *LIMIT_LINES.get(p.id, ()))]
        parts.append(repr([current.marks.get(t) for t in targets]).encode())
        for v in self.variables:
            if v in current.observed:
                parts += [b"observed", v.encode(), *(a.tobytes() for a in current.observed[v])]
        if self.bands is not None:
            parts += [b"bands"] + [np.asarray(self.bands[v]).tobytes() for v in self.variables
                                   if v in self.bands]
        return b"".join(parts)


class ChartTabs:
    """Every theme's chart in one tab each (the ``explorer-charts`` widget).

    Attributes
    ----------
    panes
        Theme -> its :class:`ChartPane`, in tab order.
    tabs
        The tab widget.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.panes: dict[str, ChartPane] = {}
        self._notes: dict[str, widgets.HTML] = {}
        for chart in THEME_CHARTS:
            if available_panels(chart):
                image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="900px"))
                image.add_class(f"chart-{chart.theme}")
                self.panes[chart.theme] = ChartPane(chart, image)
                self._notes[chart.theme] = widgets.HTML()
                self._notes[chart.theme].add_class("explorer-chart-note")
        self.tabs = widgets.Tab(children=[widgets.VBox([p.image, self._notes[t]])
                                          for t, p in self.panes.items()])
        self.tabs.add_class("explorer-charts")
        self.tabs.observe(lambda _: self.render_visible(), names="selected_index")
        self._set_titles()

    def show(self, current: ChartData, reference: ChartData | None,
             bands: Mapping[str, np.ndarray] | None) -> None:
        """New data for every chart: mark the changed ones stale, redraw the visible one."""
        for pane in self.panes.values():
            pane.bands = bands
            signature = pane.data_signature(current, reference)
            if signature != pane.signature:
                pane.signature = signature
                pane.pending = (current, reference)
                pane.stale = True
        self.render_visible()

    def visible_theme(self) -> str | None:
        """The theme whose chart tab is open."""
        index = self.tabs.selected_index
        if index is None or not self.panes:
            return None
        return list(self.panes)[index]

    def open(self, theme: str) -> None:
        """Open a theme's chart (nothing when the theme has no chart)."""
        if theme in self.panes:
            self.tabs.selected_index = list(self.panes).index(theme)

    def render_visible(self) -> None:
        """Redraw the open chart if its data changed since it was last drawn."""
        theme = self.visible_theme()
        if theme is not None:
            self.render_pane(self.panes[theme])

    def render_pane(self, pane: ChartPane) -> None:
        """Redraw one chart if its data changed since it was last drawn."""
        if not pane.stale or pane.pending is None:
            return
        cur, ref = pane.pending
        figure = pane.figure_in(self.lang)
        figure.set_fans(dict(pane.bands) if pane.bands is not None else None)
        if figure.update(cur, ref):
            pane.renderer.invalidate()
        pane.image.value = pane.renderer.png()
        self._describe(pane)
        pane.stale = False
        pane.renders += 1

    def set_lang(self, lang: str) -> None:
        """Tab titles in ``lang``; each chart is redrawn in ``lang`` with the next data it shows
        (a figure is made again only when its tab is open or opened)."""
        self.lang = lang
        for pane in self.panes.values():
            pane.signature, pane.stale = b"", True
        self._set_titles()

    def _set_titles(self) -> None:
        self.tabs.titles = tuple(pick(self.lang, *THEMES[t]) for t in self.panes)
        for pane in self.panes.values():
            self._describe(pane)

    def _describe(self, pane: ChartPane) -> None:
        """The note under a chart, with the axes' ranges in words for those who cannot see the image
        (kept off screen; the browser test reads the y-limits there)."""
        notes = [pick(self.lang, *PANEL_NOTES[p.id]) for p in pane.panels if p.id in PANEL_NOTES]
        axes = html.escape(pane.figure.describe() if pane.figure is not None else "")
        value = (f'<div style="font-size:12px;color:#555">{" ".join(html.escape(n) for n in notes)}'
                 f'<span class="explorer-axes" style="position:absolute;left:-10000px">{axes}</span></div>')
        note = self._notes[pane.chart.theme]
        if note.value != value:
            note.value = value

    def close(self) -> None:
        """Close every figure."""
        for pane in self.panes.values():
            if pane.figure is not None:
                pane.figure.close()

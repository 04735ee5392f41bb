"""The scenario report's theme charts as SVG.

The figures are the explorer's (:class:`model.reporting.charts.ThemeFigure`),
kept between reports and updated in place: a warm batch kernel reuses them, and
building a figure costs about a third of drawing it.
"""
from __future__ import annotations

import matplotlib

from model.reporting.charts import THEME_CHARTS, ChartData, ThemeFigure, available_panels, figure_bytes

__all__ = ["theme_svgs"]

#: Theme figures kept between reports, by (theme, language).
_FIGURES: dict[tuple[str, str], ThemeFigure] = {}


def theme_svgs(current: ChartData, reference: ChartData | None, lang: str) -> dict[str, bytes]:
    """Every theme chart with variables as SVG, text kept as SVG text.

    The figures are :class:`model.reporting.charts.ThemeFigure` (the explorer's),
    updated in place; Typst draws the text with the same Noto CJK font, which
    halves the time of turning every glyph into paths in matplotlib.
    """
    out: dict[str, bytes] = {}
    for chart in THEME_CHARTS:
        if not available_panels(chart):
            continue
        key = (chart.theme, lang)
        if key not in _FIGURES:
            _FIGURES[key] = ThemeFigure(chart, lang)
        figure = _FIGURES[key]
        figure.update(current, reference)
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            out[chart.theme] = figure_bytes(figure.figure, "svg")
    return out

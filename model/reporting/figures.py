"""The reports' charts as SVG, for the Typst layout (:mod:`model.reporting.pdf`).

By default text stays text: :func:`to_svg` writes the SVG with matplotlib's
``svg.fonttype: none``, so every label is an SVG ``<text>`` element naming its
font family (Noto Sans CJK SC, :func:`model.reporting.charts.setup_fonts`), and
Typst sets it with the same Noto CJK font it sets the report in.  The chart
labels are then real text in the PDF (``pdftotext`` and a reader's search find
them), and the SVG is about half the size it has with ``svg.fonttype: path``,
which turns every glyph into an outline.

The scenario report's theme charts are the explorer's figures
(:class:`model.reporting.charts.ThemeFigure`), kept between reports and updated
in place, so a warm batch kernel builds each theme's figure once.
"""
from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from model.provenance import GENERATOR
from model.reporting.charts import (THEME_CHARTS, ChartData, ThemeChart, ThemeFigure, available_panels,
                                    comparison_figure)

__all__ = ["to_svg", "theme_svg", "theme_svgs", "comparison_svgs"]

#: Theme figures kept between reports, by (theme, language).
_FIGURES: dict[tuple[str, str], ThemeFigure] = {}


def to_svg(figure: Figure, keep_text: bool = True) -> str:
    """``figure`` as SVG markup: labels as ``<text>`` elements, or as outlines with ``keep_text=False``.

    Drawn once, by the SVG canvas itself: ``savefig`` on a figure with a layout engine
    first draws the whole figure invisibly to lay it out, then again to save it, while a
    figure's own draw already runs its layout engine.  Saving through the canvas gives the
    same SVG for about two thirds of the time (``benchmarks/report_vs_papermill.py``).
    The figure keeps its own canvas.
    """
    canvas = figure.canvas
    buf = io.BytesIO()
    # no date and fixed element ids: the same figure gives the same SVG text, whoever draws it
    with matplotlib.rc_context({"svg.fonttype": "none" if keep_text else "path", "svg.hashsalt": GENERATOR}):
        try:
            FigureCanvasSVG(figure).print_svg(buf, metadata={"Date": None})
        finally:
            figure.set_canvas(canvas)
    return buf.getvalue().decode("utf-8")


def theme_svg(chart: ThemeChart, current: ChartData, reference: ChartData | None, lang: str) -> str:
    """One theme chart as SVG text: ``current`` solid, ``reference`` (if any) dashed, with the
    plan's targets marked, as in the explorer."""
    key = (chart.theme, lang)
    if key not in _FIGURES:
        _FIGURES[key] = ThemeFigure(chart, lang)
    figure = _FIGURES[key]
    figure.update(current, reference)
    return to_svg(figure.figure)


def theme_svgs(current: ChartData, reference: ChartData | None, lang: str) -> dict[str, str]:
    """Every theme chart whose variables the model produces, as SVG text, by theme."""
    return {chart.theme: theme_svg(chart, current, reference, lang)
            for chart in THEME_CHARTS if available_panels(chart)}


def comparison_svgs(scenarios: list[ChartData], lang: str) -> dict[str, str]:
    """Every theme with one line per scenario, as SVG text (themes without variables left out)."""
    out: dict[str, str] = {}
    for chart in THEME_CHARTS:
        figure = comparison_figure(chart, scenarios, lang)
        if figure is not None:
            out[chart.theme] = to_svg(figure)
    return out

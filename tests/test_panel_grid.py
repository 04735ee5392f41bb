"""Tests of model.reporting.layout.PanelGrid: panels whose labels fit, side by side, without overlap.

The property a layout must have is checked on the drawn figure itself, with matplotlib's own
measure of what each panel occupies (``Axes.get_tightbbox``: the axes with its ticks, labels,
offset text and title): every panel inside the figure, no two panels overlapping, the panels of
a row level with each other, those of a column aligned.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from model.core.timeline import YEARS
from model.reporting.charts import THEME_CHARTS, ChartData, ThemeFigure, available_panels, setup_fonts
from model.reporting.layout import PanelGrid
from model.reporting.uncertainty_charts import fan_chart_figure, probability_figure

#: Slack in pixels for antialiasing at the edges of a bounding box.
EDGE = 1.0


def _drawn(figure: Figure) -> list:
    """Draw ``figure`` (Agg) and return the visible axes with their tight boxes in pixels."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    return [(ax, ax.get_tightbbox(renderer)) for ax in figure.axes if ax.get_visible()]


def _assert_well_placed(figure: Figure, extra_texts=()) -> None:
    boxes = _drawn(figure)
    width, height = figure.bbox.width, figure.bbox.height
    renderer = figure.canvas.get_renderer()
    for ax, box in boxes:
        assert box.x0 >= -EDGE and box.y0 >= -EDGE, (ax.get_title(), box)
        assert box.x1 <= width + EDGE and box.y1 <= height + EDGE, (ax.get_title(), box)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert overlap_x <= EDGE or overlap_y <= EDGE, (a.get_title(), b.get_title())
    for text in extra_texts:
        t = text.get_window_extent(renderer)
        assert t.y1 <= height + EDGE
        for ax, box in boxes:
            assert t.y0 >= box.y1 - EDGE, (text.get_text(), ax.get_title())
    # a row's panels share bottom and height, a column's share left and width
    for (a, _), (b, _) in itertools.combinations(boxes, 2):
        sa, sb = a.get_subplotspec(), b.get_subplotspec()
        pa, pb = a.get_position(), b.get_position()
        if sa.rowspan.start == sb.rowspan.start:
            assert pa.y0 == pytest.approx(pb.y0) and pa.height == pytest.approx(pb.height)
        if sa.colspan.start == sb.colspan.start:
            assert pa.x0 == pytest.approx(pb.x0) and pa.width == pytest.approx(pb.width)


def _data(chart, scale: float, offset: float) -> ChartData:
    """Every variable of ``chart`` as a rising line of the given size (no marks, no observations)."""
    ramp = np.linspace(0.0, 1.0, YEARS.size)
    series = {s.variable: offset + scale * ramp for panel in available_panels(chart) for s in panel.series}
    return ChartData("test", series)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chart", [c for c in THEME_CHARTS if available_panels(c)], ids=lambda c: c.theme)
def test_every_theme_chart_panel_fits_without_overlap(chart, lang):
    figure = ThemeFigure(chart, lang)
    figure.update(_data(chart, 150.0, 10.0), _data(chart, 120.0, 5.0))
    _assert_well_placed(figure.figure)


@settings(max_examples=25, deadline=None)
@given(exponent=st.integers(-3, 9), offset_factor=st.sampled_from([0.0, -1.0, 1000.0]))
def test_panels_make_room_for_any_size_of_value_labels(exponent, offset_factor):
    # values from 0.001 to 1e9, negative ones, and lines far from zero that make matplotlib
    # write an offset (1e12 + 1e9 x ramp shows "+1e12" above the axis): the value labels
    # change width and the offset text needs room above the panel
    chart = max((c for c in THEME_CHARTS if available_panels(c)), key=lambda c: len(available_panels(c)))
    scale = 10.0 ** exponent
    figure = ThemeFigure(chart, "en")
    figure.update(_data(chart, scale, offset_factor * scale))
    _assert_well_placed(figure.figure)


def test_a_wider_value_label_moves_the_panels_right():
    # the left margin follows the value labels: 1,000,000 needs more room than 5
    chart = next(c for c in THEME_CHARTS if available_panels(c))
    narrow, wide = ThemeFigure(chart, "en"), ThemeFigure(chart, "en")
    narrow.update(_data(chart, 5.0, 0.0))
    wide.update(_data(chart, 1_000_000.0, 0.0))
    _drawn(narrow.figure), _drawn(wide.figure)
    assert wide.axes[0].get_position().x0 > narrow.axes[0].get_position().x0


def test_fan_charts_keep_their_note_above_the_panels():
    setup_fonts()
    ramp = np.linspace(1.0, 2.0, YEARS.size)
    bands = {v: np.vstack([q * 100 * ramp for q in (0.8, 0.9, 1.0, 1.1, 1.2)])
             for v in ("GDP|Real", "Energy|Total", "Energy|Intensity")}
    figure = fan_chart_figure(bands, lang="zh")
    header = figure.get_layout_engine()._params["header"]
    assert header is not None and header.get_text()
    _assert_well_placed(figure, extra_texts=[header])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_probability_bars_keep_every_target_label_inside_the_figure(lang):
    # one panel with a label per modelled target on the left (the longest are some thirty
    # characters) and percentages below: the left margin is the widest label
    from model.core.scorecard import TARGETS

    probabilities = {t.id: (k * 37 % 100) / 100 for k, t in enumerate(TARGETS) if t.is_modelled}
    figure = probability_figure(probabilities, lang)
    _assert_well_placed(figure)
    renderer = figure.canvas.get_renderer()
    widest = max(label.get_window_extent(renderer).width for label in figure.axes[0].get_yticklabels())
    assert figure.axes[0].get_position().x0 * figure.bbox.width > widest


def test_a_figure_without_visible_axes_is_left_alone():
    # hidden axes keep the positions their subplot spec gave them; nothing to place, no error
    figure = Figure(figsize=(4, 3), layout=PanelGrid(1, 2))
    axes = figure.subplots(1, 2)
    for ax in axes:
        ax.set_visible(False)
    before = [ax.get_position().bounds for ax in axes]
    FigureCanvasAgg(figure).draw()
    assert [ax.get_position().bounds for ax in axes] == before


def test_a_hidden_panel_leaves_its_cell_empty_and_the_others_placed():
    # a 1 x 2 grid with the second panel hidden (the fan charts' unused cells): the first panel
    # starts right of its value labels and does not spread into the hidden cell (its width is
    # half of what the two columns share, less than half the figure)
    figure = Figure(figsize=(4, 3), layout=PanelGrid(1, 2))
    first, second = figure.subplots(1, 2)
    second.set_visible(False)
    FigureCanvasAgg(figure).draw()
    box = first.get_position()
    labels = max(t.get_window_extent(figure.canvas.get_renderer()).width for t in first.get_yticklabels())
    assert box.x0 * figure.bbox.width > labels
    assert box.width < 0.5

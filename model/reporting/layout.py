"""A layout engine for grids of small time-series panels, measured from their own labels.

The theme charts (:class:`model.reporting.charts.ThemeFigure`, the explorer's and the
reports') and the uncertainty section's fan charts are all the same kind of figure: a grid
of panels, each with a title above, years below, values on the left and its legend inside.
(The section's probability bars are a grid of one panel with its targets' names on the left.)
matplotlib's constrained layout places such grids well, but it does so by asking every
artist of every panel for its extent, twice per draw; in a report that was about 45 % of the
theme charts' drawing time (``benchmarks/report_vs_papermill.py``: 3.3 s for the eight
theme charts with constrained layout, 1.9 s without).

:class:`PanelGrid` measures only what can stick out of a panel here, once per draw:

* above: the title (``axes.titlepad`` above the axes), lifted by the height of the value
  axis' offset text (``1e6``, ``+1e3``) when the formatter writes one;
* below: the height of the year labels, with the tick length and its pad;
* left: the widest value label in view, the tick and its pad, and the value axis' label
  (``set_ylabel``) when there is one;
* right: half the widest year label (the last year sits on the axes' right edge);

and gives every row and column the largest margin of its panels plus ``pad`` points
(``pad`` between neighbours too), so the panels of a figure share one width and one height,
as under constrained layout.  An optional ``header`` (a ``suptitle``) gets a band of its
own at the top.  Legends stay inside their axes and observation markers at the edges are
out of the layout (``in_layout=False``), so neither needs room.

The engine runs at every draw (matplotlib's ``Figure.draw`` calls :meth:`PanelGrid.execute`),
so new data, new limits and a new figure size (the explorer) are laid out afresh.
"""
from __future__ import annotations

from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.text import Text

__all__ = ["PanelGrid"]


def _extent(text: Text, renderer: Any) -> tuple[float, float]:
    """Width and height in pixels of a visible, non-empty text (0, 0 otherwise)."""
    if not text.get_visible() or not text.get_text():
        return 0.0, 0.0
    box = text.get_window_extent(renderer)
    return box.width, box.height


def _labels_in_view(axis: Any, lo: float, hi: float) -> list[Text]:
    """The major tick labels of ``axis`` whose ticks lie in the view ``lo``-``hi``, with the
    formatter's texts for the current limits and size."""
    axis.get_majorticklabels()  # runs the locator and the formatter, as a draw does
    locs = axis.get_majorticklocs()
    span = abs(hi - lo) * 1e-9
    low, high = min(lo, hi) - span, max(lo, hi) + span
    return [tick.label1 for tick, loc in zip(axis.get_major_ticks(len(locs)), locs)
            if low <= loc <= high and tick.label1.get_visible()]


class PanelGrid(LayoutEngine):
    """Place a figure's visible axes on a ``rows`` x ``cols`` grid (see the module docstring).

    Each axes takes the cell of its subplot spec (``add_subplot(rows, cols, k)``,
    ``subplots``); ``pad`` is the space in points around and between the panels.
    """

    _adjust_compatible = False
    _colorbar_gridspec = False

    def __init__(self, rows: int, cols: int, pad: float = 4.0, header: Text | None = None):
        super().__init__()
        self._params = {"rows": int(rows), "cols": int(cols), "pad": float(pad), "header": header}

    def set(self, *, rows: int | None = None, cols: int | None = None, pad: float | None = None,
            header: Text | None = None) -> None:
        """Change the grid, the padding or the header text."""
        for key, value in (("rows", rows), ("cols", cols), ("pad", pad), ("header", header)):
            if value is not None:
                self._params[key] = value

    # ------------------------------------------------------------------ measuring

    @staticmethod
    def _tick_room(axis_name: str, px: float) -> float:
        """Tick length plus label pad, in pixels, from the rc settings."""
        rc = matplotlib.rcParams
        return (rc[f"{axis_name}.major.size"] + rc[f"{axis_name}.major.pad"]) * px

    def _above(self, ax: Axes, renderer: Any, px: float) -> float:
        _, title = _extent(ax.title, renderer)
        return title + matplotlib.rcParams["axes.titlepad"] * px if title else 0.0

    def _below(self, ax: Axes, renderer: Any, px: float) -> tuple[float, float]:
        """Room below the axes, and half the widest year label (what sticks out sideways)."""
        sizes = [_extent(label, renderer) for label in _labels_in_view(ax.xaxis, *ax.get_xlim())]
        height = max((h for _, h in sizes), default=0.0)
        _, label = _extent(ax.xaxis.label, renderer)
        below = (height + self._tick_room("xtick", px) if height else 0.0) + (
            label + ax.xaxis.labelpad * px if label else 0.0)
        return below, max((w for w, _ in sizes), default=0.0) / 2

    def _left(self, ax: Axes, renderer: Any, px: float) -> tuple[float, float]:
        """Room left of the axes, and the height of the values' offset text (``×10^3``) above it."""
        labels = _labels_in_view(ax.yaxis, *ax.get_ylim())
        width = max((_extent(label, renderer)[0] for label in labels), default=0.0)
        label, _ = _extent(ax.yaxis.label, renderer)
        left = (width + self._tick_room("ytick", px) if width else 0.0) + (
            label + ax.yaxis.labelpad * px if label else 0.0)
        offset_text = ax.yaxis.get_offset_text()
        offset_text.set_text(ax.yaxis.get_major_formatter().get_offset())  # as the axis' draw does
        _, offset = _extent(offset_text, renderer)
        return left, offset + ax.yaxis.OFFSETTEXTPAD * px if offset else 0.0

    # ------------------------------------------------------------------ placing

    def execute(self, fig: Figure) -> None:
        """Measure the panels' labels and place every visible axes in its cell.

        Rows first, because the value axis' ticks depend on the panels' height; then the
        columns from the value labels; the rows once more only when a value axis shows an
        offset text (matplotlib then lifts the panel's title above it).
        """
        rows, cols, header = self._params["rows"], self._params["cols"], self._params["header"]
        axes = [ax for ax in fig.axes if ax.get_visible() and ax.get_subplotspec() is not None]
        if not axes:
            return
        renderer = fig._get_renderer()  # as matplotlib's own engines do
        px = fig.dpi / 72.0
        pad = self._params["pad"] * px
        width, height = fig.bbox.width, fig.bbox.height
        cells = [(ax, ax.get_subplotspec().rowspan.start, ax.get_subplotspec().colspan.start) for ax in axes]

        top, bottom = [pad] * rows, [pad] * rows
        half_year = [0.0] * cols
        above = {ax: self._above(ax, renderer, px) for ax, _, _ in cells}
        for ax, r, c in cells:
            top[r] = max(top[r], pad + above[ax])
            below, half = self._below(ax, renderer, px)
            bottom[r] = max(bottom[r], pad + below)
            half_year[c] = max(half_year[c], half)
        head = 0.0
        if header is not None and header.get_visible() and header.get_text():
            head = _extent(header, renderer)[1] + pad
            header.set_y(1.0 - pad / height)
            header.set_verticalalignment("top")

        def place_rows() -> list[float]:
            cell_h = max(1.0, (height - head - sum(top) - sum(bottom)) / rows)
            y_top = [height - head - sum(top[:r + 1]) - sum(bottom[:r]) - r * cell_h for r in range(rows)]
            for ax, r, c in cells:  # the final rows, provisional columns
                ax.set_position([c / cols, (y_top[r] - cell_h) / height, 1.0 / cols, cell_h / height])
            return [y - cell_h for y in y_top] + [cell_h]

        *y_bottom, cell_h = place_rows()
        left, right = [pad] * cols, [pad + h for h in half_year]
        for ax, r, c in cells:
            room, offset = self._left(ax, renderer, px)
            left[c] = max(left[c], pad + room, pad + half_year[c])
            if offset and pad + above[ax] + offset > top[r]:  # matplotlib lifts the title over it
                top[r] = pad + above[ax] + offset
                y_bottom = []
        if not y_bottom:
            *y_bottom, cell_h = place_rows()
        cell_w = max(1.0, (width - sum(left) - sum(right)) / cols)
        x_left = [sum(left[:c + 1]) + sum(right[:c]) + c * cell_w for c in range(cols)]
        for ax, r, c in cells:
            ax.set_position([x_left[c] / width, y_bottom[r] / height, cell_w / width, cell_h / height])

"""Theme charts shared by the explorer and the reports.

One :class:`ThemeFigure` per theme (:data:`model.reporting.themes.THEME_CHARTS`:
economy, prices, smelting, coal chemicals, power, energy and carbon, livestock
and grassland, people, jobs and incomes).  Each panel shows

* the current scenario as solid lines and, when there is one, a reference
  scenario dashed; the legend names the reference only when it is drawn;
* the plan's targets for the year they apply, from the scorecard (diamonds, with
  a bar for the tolerance of "about" targets), on the series they judge;
* the banner's published statistics (the scenario's ``observed:`` files,
  :class:`model.scenarios.ObservationSet`) as circles in the series' colour with
  a dark edge, on the series whose variable and year were observed, and one
  legend entry 观测值 / observed in each panel that has any.  Bayannur's numbers
  are context for the report's tables, never drawn against the banner's lines.

Figures are built once; :meth:`ThemeFigure.update` moves the existing artists,
which is what keeps the explorer responsive (:class:`BlitRenderer`; timed by
``benchmarks/explorer_latency.py``).  Panels sit side by side, at most three to a
row (four make two rows of two), placed by :class:`model.reporting.layout.PanelGrid`.

Chinese labels use Noto Sans CJK SC (Debian's fonts-noto-cjk); the minus sign
is ASCII because CJK fonts lack U+2212.
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator

from model.core.catalogue import Results
from model.core.scorecard import Scorecard
from model.core.simulate import VARIABLES
from model.core.timeline import YEARS
from model.reporting.layout import PanelGrid
from model.reporting.themes import (PALETTE, THEME_CHARTS, Panel, Series, ThemeChart,
                                    available_panels)
from model.scenarios.observations import ObservationSet
from model.text import DEFAULT_LANG, pick, text_width, unit_text

__all__ = ["Series", "Panel", "ThemeChart", "THEME_CHARTS", "ChartData", "ThemeFigure",
           "chart_data", "setup_fonts", "CJK_FONT", "figure_bytes", "available_panels", "BlitRenderer",
           "encode_png", "comparison_figure", "grid_shape", "observed_label", "reference_label", "wrap_title",
           "MILESTONE_YEARS", "year_axis"]

CJK_FONT = "Noto Sans CJK SC"
#: Edge of the observation markers (dark, so that a point reads as data, not as a line's vertex).
_OBSERVED_EDGE = "#1a1a1a"
#: Points at the axes' edge (2020) are drawn whole (not clipped) and do not move the layout.
_OBSERVED_STYLE = {"ls": "none", "marker": "o", "ms": 4.5, "mec": _OBSERVED_EDGE, "mew": 0.9, "zorder": 4,
                   "clip_on": False, "in_layout": False}
_NO_POINTS = (np.array([]), np.array([]))


def setup_fonts() -> None:
    """Use Noto Sans CJK SC for every text and an ASCII minus (CJK fonts lack U+2212).

    SVGs saved with these settings turn text into outlines (``svg.fonttype: path``,
    readable without the font); the reports choose per chart
    (:func:`model.reporting.figures.to_svg`).  PDFs embed TrueType fonts (type 42).
    """
    matplotlib.rcParams["font.sans-serif"] = [CJK_FONT, "DejaVu Sans"]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.fonttype"] = "path"
    matplotlib.rcParams["pdf.fonttype"] = 42


#: The years labelled on every chart's time axis: the five-year plans' milestones (2020, 2025,
#: 2030, 2035).  Fewer labels than matplotlib's choice of every other year, which is both what a
#: plan's reader looks for and a fifth less text for matplotlib to lay out in a report.
MILESTONE_YEARS: tuple[int, ...] = tuple(range(int(YEARS[0]), int(YEARS[-1]) + 1, 5))


def year_axis(ax: Axes) -> None:
    """The model's years on ``ax``'s x axis, labelled at :data:`MILESTONE_YEARS`."""
    ax.set_xlim(YEARS[0], YEARS[-1])
    ax.xaxis.set_major_locator(FixedLocator(MILESTONE_YEARS))


def observed_label(lang: str) -> str:
    """The legend entry of the observation markers."""
    return pick(lang, "观测值", "observed")


def reference_label(lang: str) -> str:
    """The legend entry of the dashed reference lines."""
    return pick(lang, "虚线：参照情景", "dashed: reference")


def wrap_title(title: str, width_in: float, size_pt: float = 9.5) -> str:
    """``title`` broken over lines that fit an axes ``width_in`` inches wide.

    A Chinese character is about one em wide (two cells of :func:`model.text.text_width`),
    a Latin letter about half; a title that does not fit breaks before its bracketed
    unit, then between words.
    """
    cells = max(12, int((width_in - 0.45) * 72.0 / size_pt * 2.0))
    if text_width(title) <= cells:
        return title
    for bracket in ("（", " ("):
        head, sep, tail = title.partition(bracket)
        if sep and head:
            return wrap_title(head, width_in, size_pt) + "\n" + wrap_title(sep.strip() + tail, width_in, size_pt)
    if " " in title:
        return textwrap.fill(title, width=cells)
    return title


def grid_shape(n: int) -> tuple[int, int]:
    """Rows and columns for ``n`` panels: one row up to three, then rows of at most three (4 -> 2 x 2)."""
    rows = -(-max(1, n) // 3)
    return rows, -(-max(1, n) // rows)


# --------------------------------------------------------------------------- data

@dataclass
class ChartData:
    """What a chart needs of one scenario: its series, its target marks and what was observed."""

    label: str
    series: dict[str, np.ndarray]
    #: target id -> (year, target value, tolerance or nan, comparison)
    marks: dict[str, tuple[int, float, float, str]] = field(default_factory=dict)
    #: variable -> (years, values) published for the banner in the chart's years
    observed: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def chart_data(results: Results, scorecard: Scorecard | None, i: int, label: str,
               observations: ObservationSet | None = None) -> ChartData:
    """Slice scenario ``i`` out of a vectorised run for charting.

    ``observations`` (the scenario's, :meth:`model.runs.runner.RunOutput.observed`) adds the
    banner's published values of the variables in ``results`` for the years the charts span.
    """
    series = {name: np.asarray(arr[i], dtype=float) for name, arr in results.items()}
    marks: dict[str, tuple[int, float, float, str]] = {}
    if scorecard is not None:
        for j, t in enumerate(scorecard.targets):
            marks[t.id] = (t.year, float(scorecard.target[i, j]), float(scorecard.tolerance[i, j]),
                           t.comparison)
    observed: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for variable in (observations.variables() if observations is not None else []):
        points = [(o.year, o.value) for o in observations.for_variable(variable)
                  if variable in series and YEARS[0] <= o.year <= YEARS[-1]]
        if points:
            years, values = zip(*points)
            observed[variable] = (np.asarray(years, dtype=float), np.asarray(values, dtype=float))
    return ChartData(label, series, marks, observed)


# --------------------------------------------------------------------------- the theme figure

class ThemeFigure:
    """A matplotlib figure for one theme, updated in place.

    Parameters
    ----------
    chart
        The theme's panels.
    lang
        ``"zh"`` or ``"en"``.
    width, height
        Figure width and the height of one row of panels, in inches.
    """

    def __init__(self, chart: ThemeChart, lang: str = DEFAULT_LANG, width: float = 9.0,
                 height: float = 3.2):
        setup_fonts()
        self.chart = chart
        self.lang = lang
        self.panels = available_panels(chart)
        n = max(1, len(self.panels))
        rows, cols = grid_shape(n)
        # Figure() rather than plt.figure(): not registered with pyplot, so no
        # inline-backend auto-display and no figure-count warnings.
        self.figure = Figure(figsize=(width, height * rows), layout=PanelGrid(rows, cols))
        self.axes = [self.figure.add_subplot(rows, cols, k + 1) for k in range(n)]
        self._current: dict[tuple[str, str], object] = {}
        self._reference: dict[tuple[str, str], object] = {}
        self._observed: dict[tuple[str, str], Line2D] = {}
        #: per panel, the legend's observation entry (a marker without data, labelled when shown)
        self._observed_key: dict[str, Line2D] = {}
        self._marks: dict[tuple[str, str], object] = {}
        self._bands: dict[tuple[str, str], object] = {}
        #: (reference drawn, panels showing observations) of the legends as last built
        self._legend_state: tuple | None = None
        #: uncertainty bands (:meth:`set_fans`), created on first use
        self._fans: dict[tuple[str, str, int], object] = {}
        self._fan_extent: dict[int, tuple[float, float]] = {}
        for ax, panel in zip(self.axes, self.panels):
            self._build_panel(ax, panel, width / cols)
        if not self.panels:
            self.axes[0].text(0.5, 0.5, "—", ha="center", va="center")
            self.axes[0].set_axis_off()

    def _build_panel(self, ax: Axes, panel: Panel, width_in: float) -> None:
        ax.set_title(wrap_title(panel.title(self.lang), width_in), fontsize=9.5)
        ax.grid(True, color="#dddddd", linewidth=0.6)
        ax.tick_params(labelsize=8)
        year_axis(ax)
        # no axis labels here (the unit is in the title): fixed label positions spare matplotlib
        # measuring every panel's tick labels at each draw to place labels that are empty, about
        # a seventh of a theme chart's drawing; the SVG is byte for byte the same
        ax.xaxis.set_label_coords(0.5, -0.15)
        ax.yaxis.set_label_coords(-0.15, 0.5)
        for s in panel.series:
            (cur,) = ax.plot(YEARS, np.full(YEARS.size, np.nan), color=s.color, lw=1.8, label=s.label(self.lang))
            (ref,) = ax.plot(YEARS, np.full(YEARS.size, np.nan), color=s.color, lw=1.1, ls="--", alpha=0.75)
            (obs,) = ax.plot(*_NO_POINTS, mfc=s.color, label="_nolegend_", **_OBSERVED_STYLE)
            self._current[(panel.id, s.variable)] = cur
            self._reference[(panel.id, s.variable)] = ref
            self._observed[(panel.id, s.variable)] = obs
        (key,) = ax.plot(*_NO_POINTS, mfc="#9a9a9a", label="_nolegend_", **_OBSERVED_STYLE)
        self._observed_key[panel.id] = key
        for mark in panel.marks:
            color = panel.series_of(mark).color
            (diamond,) = ax.plot([], [], marker="D", ms=5, color=color, ls="none")
            band = ax.errorbar([np.nan], [np.nan], yerr=[[0.0], [0.0]], fmt="none",
                               ecolor=color, elinewidth=1.0, capsize=3)
            self._marks[(panel.id, mark.target)] = diamond
            self._bands[(panel.id, mark.target)] = band

    def _set_legends(self) -> None:
        """Each panel's legend: its series, 观测值 when it shows observations, the reference when drawn.

        Called by :meth:`update` whenever one of these changes (subclasses that add
        entries of their own override it and see the observation entry among the
        axes' labelled artists).
        """
        reference_drawn = bool(self._legend_state and self._legend_state[0])
        for ax in self.axes[:len(self.panels)]:
            handles, labels = ax.get_legend_handles_labels()
            if reference_drawn:
                handles.append(Line2D([], [], color="grey", ls="--", lw=1.1))
                labels.append(reference_label(self.lang))
            ax.legend(handles, labels, fontsize=7, loc="best", frameon=False)

    def update(self, current: ChartData, reference: ChartData | None = None,
               keep_limits: bool = False) -> bool:
        """Move every artist to new data (no figure rebuild).

        With ``keep_limits`` (the explorer) an axis keeps its y-limits while
        the new data fit inside them and fill at least a third of the range,
        so most changes leave ticks and labels untouched and only the data
        artists need redrawing (:class:`BlitRenderer`); otherwise it
        rescales with some headroom.  Returns True when any axis' limits (or
        a legend) changed.
        """
        before = [ax.get_ylim() for ax in self.axes]
        shows_observed = []
        for panel in self.panels:
            for s in panel.series:
                key = (panel.id, s.variable)
                self._current[key].set_ydata(current.series[s.variable])
                ref = reference.series.get(s.variable) if reference is not None else None
                self._reference[key].set_ydata(ref if ref is not None else np.full(YEARS.size, np.nan))
                self._observed[key].set_data(*current.observed.get(s.variable, _NO_POINTS))
            shows_observed.append(any(v in current.observed for v in panel.variables))
            for mark in panel.marks:
                self._move_mark(panel, mark.target, current)
        legends_changed = self._refresh_legends((reference is not None, tuple(shows_observed)))
        for ax in self.axes[:len(self.panels)]:
            if keep_limits:
                self._rescale_with_hysteresis(ax, self._fan_range(ax))
            else:
                ax.relim()
                ax.autoscale_view(scalex=False)
        return legends_changed or any(ax.get_ylim() != lim for ax, lim in zip(self.axes, before))

    def _move_mark(self, panel: Panel, target: str, current: ChartData) -> None:
        diamond = self._marks[(panel.id, target)]
        band = self._bands[(panel.id, target)]
        year, value, tol, _ = current.marks.get(target, (0, np.nan, np.nan, ""))
        diamond.set_data([year], [value])
        tol = 0.0 if not np.isfinite(tol) else tol
        # errorbar container: (data line, caplines, barlinecols)
        _, caps, bars = band.lines
        bars[0].set_segments([np.array([[year, value - tol], [year, value + tol]])])
        for cap, y in zip(caps, (value - tol, value + tol)):
            cap.set_data([year], [y])

    def _refresh_legends(self, state: tuple) -> bool:
        """Rebuild the legends when the reference or the panels with observations changed."""
        if state == self._legend_state:
            return False
        self._legend_state = state
        for panel, shown in zip(self.panels, state[1]):
            self._observed_key[panel.id].set_label(observed_label(self.lang) if shown else "_nolegend_")
        self._set_legends()
        return True

    @staticmethod
    def _rescale_with_hysteresis(ax: Axes, extra: tuple[float, float] | None = None) -> None:
        ys = [np.asarray(line.get_ydata(), dtype=float) for line in ax.lines]
        ys = np.concatenate([y[np.isfinite(y)] for y in ys]) if ys else np.array([])
        if extra is not None:
            ys = np.concatenate([ys, np.asarray(extra, dtype=float)])
        if ys.size == 0:
            return
        lo, hi = float(ys.min()), float(ys.max())
        ylo, yhi = ax.get_ylim()
        if ylo <= lo and hi <= yhi and (hi - lo) >= (yhi - ylo) / 3:
            return
        ax.relim()
        ax.autoscale_view(scalex=False)
        ylo, yhi = ax.get_ylim()
        ylo, yhi = min(ylo, lo), max(yhi, hi)
        pad = 0.08 * (yhi - ylo)
        ax.set_ylim(ylo - pad, yhi + pad)

    def set_fans(self, bands: dict[str, np.ndarray] | None) -> None:
        """Uncertainty bands around the current series, updated in place.

        ``bands`` maps a variable to an array ``(k, N_YEARS)`` of ascending
        quantiles (for example 5/25/50/75/95 %, ``model.analysis.ensemble.quick_bands``);
        the outer and next pair are drawn as two shaded bands in the series'
        colour.  None (or a variable missing from ``bands``) hides them.  Call
        before :meth:`update` so that rescaling takes the bands into account.
        """
        self._fan_extent = {}
        for k, (ax, panel) in enumerate(zip(self.axes, self.panels)):
            for s in panel.series:
                band = None if bands is None else bands.get(s.variable)
                for level, alpha in ((0, 0.15), (1, 0.28)):
                    key = (panel.id, s.variable, level)
                    if key not in self._fans:
                        poly = PolyCollection([], facecolors=s.color, alpha=alpha, linewidths=0,
                                              zorder=1)
                        ax.add_collection(poly, autolim=False)
                        self._fans[key] = poly
                    poly = self._fans[key]
                    if band is None or band.shape[0] < 2 * level + 2:
                        poly.set_verts([])
                        continue
                    lo, hi = np.asarray(band[level], float), np.asarray(band[-1 - level], float)
                    verts = np.column_stack([np.r_[YEARS, YEARS[::-1]], np.r_[lo, hi[::-1]]])
                    poly.set_verts([verts])
                    finite = np.r_[lo, hi][np.isfinite(np.r_[lo, hi])]
                    if finite.size:
                        old = self._fan_extent.get(k, (np.inf, -np.inf))
                        self._fan_extent[k] = (min(old[0], float(finite.min())),
                                               max(old[1], float(finite.max())))

    def _fan_range(self, ax: Axes) -> tuple[float, float] | None:
        return self._fan_extent.get(self.axes.index(ax))

    def data_artists(self) -> list[list[object]]:
        """Per axes, every artist :meth:`update` moves (lines, target marks, observations, bands)."""
        out: list[list[object]] = [[] for _ in self.axes]
        for k, panel in enumerate(self.panels):
            for s in panel.series:
                out[k] += [self._reference[(panel.id, s.variable)], self._current[(panel.id, s.variable)]]
            out[k] += [self._observed[(panel.id, s.variable)] for s in panel.series]
            for tid in panel.target_ids:
                _, caps, bars = self._bands[(panel.id, tid)].lines
                out[k] += [*bars, *caps, self._marks[(panel.id, tid)]]
            out[k] = [poly for key, poly in self._fans.items() if key[0] == panel.id] + out[k]
        return out

    def png(self, dpi: int = 96) -> bytes:
        """The figure as PNG bytes."""
        return figure_bytes(self.figure, "png", dpi)

    def close(self) -> None:
        """Drop the figure's artists (the figure is not pyplot's, so nothing else holds it)."""
        self.figure.clear()


def figure_bytes(figure: Figure, fmt: str = "png", dpi: int = 96) -> bytes:
    """Render a figure to bytes in ``fmt`` (png, svg, pdf)."""
    buf = io.BytesIO()
    figure.savefig(buf, format=fmt, dpi=dpi)
    return buf.getvalue()


class BlitRenderer:
    """Render a :class:`ThemeFigure` to PNG, redrawing only its data artists.

    The static parts (axes, ticks, titles, legends) are drawn once and kept
    as a pixel background; each call restores that background and draws the
    lines and target marks over it (matplotlib's blitting).  The figure is
    drawn in full again only when an axis' limits changed.  Measured on a
    two-panel figure: a full draw about 80 ms (with constrained layout, before the panel grid),
    a blit plus PNG encoding (zlib level 1) a few ms (benchmarks/explorer_latency.py).

    The figure's data artists are marked animated, so a figure given to a
    renderer is for the renderer only (use a separate :class:`ThemeFigure`
    for ``png()`` exports).
    """

    def __init__(self, figure: ThemeFigure, dpi: int = 96):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.theme_figure = figure
        figure.figure.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(figure.figure)
        self._artists: list[list[object]] = []
        self._background = None
        self._state: tuple | None = None
        #: How many renders needed a full draw, and how many were blits.
        self.full_draws = 0
        self.blits = 0

    def _axes_state(self) -> tuple:
        fig = self.theme_figure.figure
        return (tuple(fig.get_size_inches()), fig.dpi,
                tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.theme_figure.axes))

    def invalidate(self) -> None:
        """Force a full draw next time (after a change to titles, labels or size)."""
        self._background = None

    def png(self) -> bytes:
        """The figure as PNG bytes, blitting when the axes did not change."""
        self._artists = self.theme_figure.data_artists()
        for group in self._artists:
            for artist in group:
                if not artist.get_animated():  # new artists (bands): keep them off the background
                    artist.set_animated(True)
                    self._background = None
        state = self._axes_state()
        if self._background is None or state != self._state:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.theme_figure.figure.bbox)
            self._state = self._axes_state()
            self.full_draws += 1
        else:
            self.canvas.restore_region(self._background)
            self.blits += 1
        for ax, group in zip(self.theme_figure.axes, self._artists):
            for artist in group:
                if isinstance(artist, PolyCollection) and not artist.get_paths():
                    continue  # hidden uncertainty band
                ax.draw_artist(artist)
        return encode_png(np.asarray(self.canvas.buffer_rgba()))


def encode_png(rgba: np.ndarray, compress_level: int = 1) -> bytes:
    """PNG bytes of an RGBA pixel array (fast zlib level: charts compress well anyway)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba[..., :3])).save(buf, format="png",
                                                               compress_level=compress_level)
    return buf.getvalue()


def comparison_figure(chart: ThemeChart, scenarios: list[ChartData], lang: str = DEFAULT_LANG,
                      columns: int = 3) -> Figure | None:
    """One theme with one line per scenario, for comparison reports (None: nothing to draw).

    Each series of each panel of the chart gets its own small axes (so one line
    per scenario stays readable); a panel's scorecard targets are marked on the
    axes of the series they judge, and the first scenario's observations on the
    series they measure (the shipped scenarios share them).  None when the model
    produces none of the theme's variables.
    """
    setup_fonts()
    styles = ("-", "--", "-.", ":")
    items = [(panel, s) for panel in available_panels(chart) for s in panel.series]
    if not items:
        return None
    ncols = min(columns, len(items))
    nrows = -(-len(items) // ncols)
    figure = Figure(figsize=(9.0, 2.3 * nrows + 0.5), layout="constrained")
    axes = [figure.add_subplot(nrows, ncols, k + 1) for k in range(len(items))]
    observed_drawn = False
    for ax, (panel, series) in zip(axes, items):
        variable = VARIABLES[series.variable]
        ax.set_title(f"{variable.label(lang)} ({unit_text(variable.unit, lang)})", fontsize=8.5)
        ax.grid(True, color="#dddddd", linewidth=0.6)
        ax.tick_params(labelsize=7)
        year_axis(ax)
        for n, data in enumerate(scenarios):
            ax.plot(YEARS, data.series[series.variable], color=PALETTE[n % len(PALETTE)],
                    ls=styles[(n // len(PALETTE)) % len(styles)], lw=1.4)
        for mark in (m for m in panel.marks if m.variable == series.variable and scenarios):
            year, value, tol, _ = scenarios[0].marks.get(mark.target, (0, np.nan, np.nan, ""))
            if np.isfinite(value):
                tol = tol if np.isfinite(tol) else 0.0
                ax.errorbar([year], [value], yerr=[[tol], [tol]], fmt="D", ms=4, color="black",
                            capsize=3, elinewidth=1.0)
        if scenarios and series.variable in scenarios[0].observed:
            ax.plot(*scenarios[0].observed[series.variable], mfc="#9a9a9a", **_OBSERVED_STYLE)
            observed_drawn = True
    handles = [Line2D([], [], color=PALETTE[n % len(PALETTE)],
                      ls=styles[(n // len(PALETTE)) % len(styles)], lw=1.4)
               for n in range(len(scenarios))]
    labels = [d.label for d in scenarios]
    if observed_drawn:
        handles.append(Line2D([], [], mfc="#9a9a9a", **_OBSERVED_STYLE))
        labels.append(observed_label(lang))
    figure.legend(handles, labels, loc="outside lower center", ncols=min(3, len(labels)), fontsize=7.5,
                  frameon=False)
    return figure

"""Theme charts shared by the explorer and the reports.

One :class:`ThemeFigure` per theme (economy, smelting, coal chemicals, power,
energy dual control, livestock and grassland).  Each shows the current
scenario (solid lines) against a reference scenario (dashed), with the plan's
targets for the year they apply marked from the scorecard (a band for
"about" targets).  Figures are built once; :meth:`ThemeFigure.update` moves
the existing line artists, which is what keeps the explorer responsive
(:class:`BlitRenderer`; timed by ``benchmarks/explorer_latency.py``).

Chinese labels use Noto Sans CJK SC (Debian's fonts-noto-cjk); the minus sign
is ASCII because CJK fonts lack U+2212.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from model.core.catalogue import Results  # noqa: E402
from model.core.parameter import THEMES  # noqa: E402
from model.core.scorecard import Scorecard  # noqa: E402
from model.core.simulate import VARIABLES  # noqa: E402
from model.core.timeline import YEARS  # noqa: E402
from model.text import DEFAULT_LANG, pick  # noqa: E402

__all__ = ["Series", "Panel", "ThemeChart", "THEME_CHARTS", "ChartData", "ThemeFigure",
           "chart_data", "setup_fonts", "CJK_FONT", "figure_bytes", "available_panels", "BlitRenderer",
           "encode_png", "comparison_figure"]

CJK_FONT = "Noto Sans CJK SC"
_PALETTE = ("#1f5fa8", "#c8412d", "#2e8b57", "#b8860b", "#6a3d9a", "#444444")


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


@dataclass(frozen=True)
class Series:
    """One variable drawn in a panel."""

    variable: str
    color: str
    label_zh: str = ""
    label_en: str = ""

    def label(self, lang: str) -> str:
        own = pick(lang, self.label_zh, self.label_en)
        return own or VARIABLES[self.variable].label(lang)


@dataclass(frozen=True)
class Panel:
    """One axes: a few series of the same unit, and scorecard targets to mark."""

    id: str
    title_zh: str
    title_en: str
    series: tuple[Series, ...]
    target_ids: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        return pick(lang, self.title_zh, self.title_en)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(s.variable for s in self.series)


@dataclass(frozen=True)
class ThemeChart:
    """The panels of one theme."""

    theme: str
    panels: tuple[Panel, ...]

    def title(self, lang: str) -> str:
        return pick(lang, *THEMES[self.theme])


def _s(variable: str, i: int, zh: str = "", en: str = "") -> Series:
    return Series(variable, _PALETTE[i % len(_PALETTE)], zh, en)


THEME_CHARTS: tuple[ThemeChart, ...] = (
    ThemeChart("economy", (
        Panel("gdp", "地区生产总值与三次产业（亿元，2020年价）", "GDP and sectors (亿元, 2020 prices)",
              (_s("GDP", 0, "地区生产总值", "GDP"), _s("GDP|Primary", 2, "第一产业", "Primary"),
               _s("GDP|Secondary", 1, "第二产业", "Secondary"), _s("GDP|Tertiary", 3, "第三产业", "Tertiary"))),
        Panel("structure", "三次产业结构（%）与6:70:24目标", "Three-sector structure (%) against 6:70:24",
              (_s("Share|Primary", 2, "第一产业", "Primary"), _s("Share|Secondary", 1, "第二产业", "Secondary"),
               _s("Share|Tertiary", 3, "第三产业", "Tertiary")),
              ("share_primary_2025", "share_secondary_2025", "share_tertiary_2025")),
    )),
    ThemeChart("smelting", (
        Panel("metals", "有色金属产量（千吨）", "Metal output (kt)",
              (_s("Production|Copper", 1, "铜", "Copper"), _s("Production|Zinc", 0, "锌", "Zinc"),
               _s("Production|Lead", 5, "铅", "Lead"))),
        Panel("acid", "硫酸平衡（千吨）", "Sulfuric acid balance (kt)",
              (_s("Production|Sulfuric Acid", 0, "产量", "Produced"),
               _s("Sulfuric Acid|Local Use", 2, "本地消纳", "Used locally"),
               _s("Sulfuric Acid|Surplus", 1, "富余需外运", "Surplus to ship"))),
    )),
    ThemeChart("coal_chemicals", (
        Panel("coke", "焦炭产量（千吨）", "Coke output (kt)", (_s("Production|Coke", 5, "焦炭", "Coke"),)),
        Panel("chemicals", "化工产品产量（千吨）", "Chemicals output (kt)",
              (_s("Production|Methanol", 0, "甲醇", "Methanol"), _s("Production|Tar", 3, "焦油", "Tar"),
               _s("Production|Benzene", 4, "粗苯", "Benzene"))),
    )),
    ThemeChart("power", (
        Panel("capacity", "风电与光伏装机（兆瓦）", "Wind and solar capacity (MW)",
              (_s("Capacity|Wind", 0, "风电", "Wind"), _s("Capacity|Solar", 3, "光伏", "Solar"))),
        Panel("electricity", "发电与外送（吉瓦时）", "Generation and export (GWh)",
              (_s("Electricity|Wind", 0, "风电", "Wind"), _s("Electricity|Solar", 3, "光伏", "Solar"),
               _s("Electricity|Export", 1, "外送", "Sent out"))),
    )),
    ThemeChart("energy", (
        Panel("energy", "能源消费与总量控制（万吨标准煤）", "Energy use against the cap (万吨标准煤)",
              (_s("Energy|Total", 5, "全部能耗", "All energy"), _s("Energy|Assessed", 0, "考核能耗", "Assessed"),
               _s("Energy|Cap", 1, "总量上限", "Cap"))),
        Panel("intensity", "能耗强度较2020年下降（%）", "Energy intensity reduction against 2020 (%)",
              (_s("Energy|Intensity Reduction", 0, "强度下降", "Intensity reduction"),)),
        Panel("co2", "二氧化碳排放（万吨）", "CO2 emissions (万吨)", (_s("Emissions|CO2", 5, "CO2", "CO2"),)),
    )),
    ThemeChart("livestock", (
        Panel("herd", "牲畜与草原承载力（万羊单位）", "Herd against carrying capacity (万羊单位)",
              (_s("Livestock|Herd", 1, "存栏", "Herd"),
               _s("Livestock|Grassland Capacity", 2, "草原承载力", "Grassland capacity"),
               _s("Livestock|Supplementary Capacity", 3, "补饲承载", "Supplementary feed"))),
        Panel("stocking", "草原载畜率（承载力的%）", "Stocking ratio (% of grassland capacity)",
              (_s("Livestock|Stocking Ratio", 1, "载畜率", "Stocking ratio"),)),
    )),
)


def available_panels(chart: ThemeChart) -> tuple[Panel, ...]:
    """The panels of a chart whose variables the model produces."""
    return tuple(p for p in chart.panels if all(v in VARIABLES for v in p.variables))


@dataclass
class ChartData:
    """What a chart needs of one scenario: its series and its target marks."""

    label: str
    series: dict[str, np.ndarray]
    #: target id -> (year, target value, tolerance or nan, comparison)
    marks: dict[str, tuple[int, float, float, str]] = field(default_factory=dict)


def chart_data(results: Results, scorecard: Scorecard | None, i: int, label: str) -> ChartData:
    """Slice scenario ``i`` out of a vectorised run for charting."""
    series = {name: np.asarray(arr[i], dtype=float) for name, arr in results.items()}
    marks: dict[str, tuple[int, float, float, str]] = {}
    if scorecard is not None:
        for j, t in enumerate(scorecard.targets):
            marks[t.id] = (t.year, float(scorecard.target[i, j]), float(scorecard.tolerance[i, j]),
                           t.comparison)
    return ChartData(label, series, marks)


class ThemeFigure:
    """A matplotlib figure for one theme, updated in place.

    Parameters
    ----------
    chart
        The theme's panels.
    lang
        ``"zh"`` or ``"en"``.
    width, height
        Figure size in inches (per figure, panels side by side).
    """

    def __init__(self, chart: ThemeChart, lang: str = DEFAULT_LANG, width: float = 9.0,
                 height: float = 3.2):
        setup_fonts()
        self.chart = chart
        self.lang = lang
        self.panels = available_panels(chart)
        n = max(1, len(self.panels))
        # Figure() rather than plt.figure(): not registered with pyplot, so no
        # inline-backend auto-display and no figure-count warnings.
        self.figure = Figure(figsize=(width, height), layout="constrained")
        self.axes = [self.figure.add_subplot(1, n, k + 1) for k in range(n)]
        self._current: dict[tuple[str, str], object] = {}
        self._reference: dict[tuple[str, str], object] = {}
        self._marks: dict[tuple[str, str], object] = {}
        self._bands: dict[tuple[str, str], object] = {}
        #: uncertainty bands (:meth:`set_fans`), created on first use
        self._fans: dict[tuple[str, str, int], object] = {}
        self._fan_extent: dict[int, tuple[float, float]] = {}
        for ax, panel in zip(self.axes, self.panels):
            ax.set_title(panel.title(lang), fontsize=9.5)
            ax.grid(True, color="#dddddd", linewidth=0.6)
            ax.tick_params(labelsize=8)
            ax.set_xlim(YEARS[0], YEARS[-1])
            # whole years on the axis (narrow panels otherwise get 2022.5)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            for s in panel.series:
                (cur,) = ax.plot(YEARS, np.full(YEARS.size, np.nan), color=s.color, lw=1.8,
                                 label=s.label(lang))
                (ref,) = ax.plot(YEARS, np.full(YEARS.size, np.nan), color=s.color, lw=1.1,
                                 ls="--", alpha=0.75)
                self._current[(panel.id, s.variable)] = cur
                self._reference[(panel.id, s.variable)] = ref
            for k, tid in enumerate(panel.target_ids):
                color = panel.series[k].color if k < len(panel.series) else "black"
                (mark,) = ax.plot([], [], marker="D", ms=5, color=color, ls="none")
                band = ax.errorbar([np.nan], [np.nan], yerr=[[0.0], [0.0]], fmt="none",
                                   ecolor=color, elinewidth=1.0, capsize=3)
                self._marks[(panel.id, tid)] = mark
                self._bands[(panel.id, tid)] = band
            handles, labels = ax.get_legend_handles_labels()
            ref_label = pick(lang, "虚线：参照情景", "dashed: reference")
            from matplotlib.lines import Line2D

            handles.append(Line2D([], [], color="grey", ls="--", lw=1.1))
            labels.append(ref_label)
            ax.legend(handles, labels, fontsize=7, loc="best", frameon=False)
        if not self.panels:
            self.axes[0].text(0.5, 0.5, "—", ha="center", va="center")
            self.axes[0].set_axis_off()

    def update(self, current: ChartData, reference: ChartData | None = None,
               keep_limits: bool = False) -> bool:
        """Move every artist to new data (no figure rebuild).

        With ``keep_limits`` (the explorer) an axis keeps its y-limits while
        the new data fit inside them and fill at least a third of the range,
        so most changes leave ticks and labels untouched and only the data
        artists need redrawing (:class:`BlitRenderer`); otherwise it
        rescales with some headroom.  Returns True when any axis' limits
        changed.
        """
        before = [ax.get_ylim() for ax in self.axes]
        for ax, panel in zip(self.axes, self.panels):
            for s in panel.series:
                key = (panel.id, s.variable)
                self._current[key].set_ydata(current.series[s.variable])
                ref = reference.series.get(s.variable) if reference is not None else None
                self._reference[key].set_ydata(ref if ref is not None else np.full(YEARS.size, np.nan))
            for tid in panel.target_ids:
                mark = self._marks[(panel.id, tid)]
                band = self._bands[(panel.id, tid)]
                year, value, tol, _ = current.marks.get(tid, (0, np.nan, np.nan, ""))
                mark.set_data([year], [value])
                tol = 0.0 if not np.isfinite(tol) else tol
                # errorbar container: (data line, caplines, barlinecols)
                _, caps, bars = band.lines
                segs = [np.array([[year, value - tol], [year, value + tol]])]
                bars[0].set_segments(segs)
                for cap, y in zip(caps, (value - tol, value + tol)):
                    cap.set_data([year], [y])
            if keep_limits:
                self._rescale_with_hysteresis(ax, self._fan_range(ax))
            else:
                ax.relim()
                ax.autoscale_view(scalex=False)
        return any(ax.get_ylim() != lim for ax, lim in zip(self.axes, before))

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
        """Per axes, every artist :meth:`update` moves (lines, target marks, bands)."""
        out: list[list[object]] = [[] for _ in self.axes]
        for k, (ax, panel) in enumerate(zip(self.axes, self.panels)):
            for s in panel.series:
                out[k] += [self._reference[(panel.id, s.variable)], self._current[(panel.id, s.variable)]]
            for tid in panel.target_ids:
                _, caps, bars = self._bands[(panel.id, tid)].lines
                out[k] += [*bars, *caps, self._marks[(panel.id, tid)]]
            out[k] = [poly for key, poly in self._fans.items() if key[0] == panel.id] + out[k]
        return out

    def png(self, dpi: int = 96) -> bytes:
        """The figure as PNG bytes."""
        return figure_bytes(self.figure, "png", dpi)

    def close(self) -> None:
        plt.close(self.figure)


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
    two-panel figure: a full draw with constrained layout about 80 ms,
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
    axes of the series they belong to.  None when the model produces none of the
    theme's variables.
    """
    from matplotlib.lines import Line2D

    setup_fonts()
    styles = ("-", "--", "-.", ":")
    items = [(panel, k, s) for panel in available_panels(chart) for k, s in enumerate(panel.series)]
    if not items:
        return None
    ncols = min(columns, len(items))
    nrows = -(-len(items) // ncols)
    figure = Figure(figsize=(9.0, 2.3 * nrows + 0.5), layout="constrained")
    axes = [figure.add_subplot(nrows, ncols, k + 1) for k in range(len(items))]
    for ax, (panel, k, series) in zip(axes, items):
        unit = VARIABLES[series.variable].unit
        ax.set_title(f"{series.label(lang)} ({unit})", fontsize=8.5)
        ax.grid(True, color="#dddddd", linewidth=0.6)
        ax.tick_params(labelsize=7)
        ax.set_xlim(YEARS[0], YEARS[-1])
        for n, data in enumerate(scenarios):
            ax.plot(YEARS, data.series[series.variable], color=_PALETTE[n % len(_PALETTE)],
                    ls=styles[(n // len(_PALETTE)) % len(styles)], lw=1.4)
        if k < len(panel.target_ids) and scenarios:
            year, value, tol, _ = scenarios[0].marks.get(panel.target_ids[k], (0, np.nan, np.nan, ""))
            if np.isfinite(value):
                tol = tol if np.isfinite(tol) else 0.0
                ax.errorbar([year], [value], yerr=[[tol], [tol]], fmt="D", ms=4, color="black",
                            capsize=3, elinewidth=1.0)
    handles = [Line2D([], [], color=_PALETTE[n % len(_PALETTE)],
                      ls=styles[(n // len(_PALETTE)) % len(styles)], lw=1.4)
               for n in range(len(scenarios))]
    figure.legend(handles, [d.label for d in scenarios], loc="outside lower center",
                  ncols=min(3, len(scenarios)), fontsize=7.5, frameon=False)
    return figure

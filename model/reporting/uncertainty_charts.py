"""Fan charts, target-probability bars and tornado charts (matplotlib).

Every ``draw_*`` function draws into an Axes it is given, so the PDF report
and the explorer place them in their own figures; :func:`fan_chart_figure`
builds the standard panel set.  Bands come from
:func:`model.analysis.ensemble.quick_bands` (in memory) or from an ensemble's
``summary.csv`` (:func:`bands_from_summary`).  Chinese labels use Noto Sans
CJK SC with an ASCII minus (:func:`model.reporting.charts.setup_fonts`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from model.reporting.charts import setup_fonts, year_axis
from model.reporting.layout import PanelGrid
from model.core.scorecard import TARGETS
from model.core.simulate import VARIABLES
from model.core.timeline import PLAN_YEAR, YEARS
from model.analysis.draws import QUANTILES
from model.text import DEFAULT_LANG, pick, unit_text

if TYPE_CHECKING:  # a report's uncertainty section needs neither (pandas, SALib and scipy.stats: a second)
    import pandas as pd

    from model.analysis.sensitivity import SensitivityResult

__all__ = ["FanPanel", "FAN_PANELS", "fan_variables", "available_fan_panels", "draw_fan",
           "draw_fan_panel", "fan_chart_figure", "draw_probabilities", "probability_figure",
           "draw_tornado", "tornado_figure", "bands_from_summary"]

_COLORS = ("#1f5fa8", "#c8412d", "#2e8b57", "#b8860b", "#6a3d9a")


@dataclass(frozen=True)
class FanPanel:
    """One fan-chart panel: variables drawn as bands, an optional limit line."""

    id: str
    title_zh: str
    title_en: str
    variables: tuple[str, ...]
    limit_variable: str | None = None
    limit_value: float | None = None

    def title(self, lang: str) -> str:
        return pick(lang, self.title_zh, self.title_en)


#: The fan-chart panels: GDP and structure, energy against the cap, intensity,
#: stocking ratio, acid surplus.
FAN_PANELS: tuple[FanPanel, ...] = (
    FanPanel("gdp", "地区生产总值", "GDP", ("GDP",)),
    FanPanel("structure", "三次产业结构", "Structure of the economy",
             ("Share|Primary", "Share|Secondary", "Share|Tertiary")),
    FanPanel("energy", "纳入考核的能耗与上限", "Assessed energy against the cap", ("Energy|Assessed",),
             limit_variable="Energy|Cap"),
    FanPanel("intensity", "能耗强度", "Energy intensity", ("Energy|Intensity",)),
    FanPanel("stocking", "草原载畜率", "Stocking ratio", ("Livestock|Stocking Ratio",), limit_value=100.0),
    FanPanel("acid", "硫酸富余量", "Sulfuric acid surplus", ("Sulfuric Acid|Surplus",), limit_value=0.0),
)


def available_fan_panels(panels: Sequence[FanPanel] = FAN_PANELS) -> list[FanPanel]:
    """Panels whose variables the model produces."""
    return [p for p in panels if all(v in VARIABLES for v in p.variables)]


def fan_variables(panels: Sequence[FanPanel] | None = None) -> list[str]:
    """Every variable the fan panels need (bands and limit lines)."""
    out: list[str] = []
    for p in available_fan_panels(FAN_PANELS if panels is None else panels):
        out.extend(p.variables)
        if p.limit_variable and p.limit_variable in VARIABLES:
            out.append(p.limit_variable)
    return list(dict.fromkeys(out))


def bands_from_summary(summary: pd.DataFrame, variables: Sequence[str] | None = None,
                       quantiles: Sequence[float] = QUANTILES) -> dict[str, np.ndarray]:
    """Bands ``(len(quantiles), N_YEARS)`` per variable from an ensemble's ``summary.csv``."""
    cols = [f"p{round(100 * q):d}" for q in quantiles]
    out = {}
    for v, frame in summary.groupby("variable", sort=False):
        if variables is None or v in variables:
            frame = frame.sort_values("year")
            out[str(v)] = frame[cols].to_numpy().T
    return out


def draw_fan(ax: Axes, band: np.ndarray, quantiles: Sequence[float] = QUANTILES, *,
             color: str = _COLORS[0], label: str = "", years: np.ndarray = YEARS) -> None:
    """One variable's fan: 5-95 % and 25-75 % bands and the median.

    ``band`` has shape ``(len(quantiles), len(years))``; the outermost and
    next pair of quantiles make the two bands, the middle one the median line.
    """
    band = np.asarray(band, dtype=float)
    k = len(quantiles)
    if band.shape != (k, len(years)):
        raise ValueError(f"band shape {band.shape}, expected {(k, len(years))}")
    for lo, alpha in ((0, 0.18), (1, 0.32)):
        hi = k - 1 - lo
        if lo < hi:
            ax.fill_between(years, band[lo], band[hi], color=color, alpha=alpha, linewidth=0)
    ax.plot(years, band[k // 2], color=color, linewidth=1.8, label=label)


def draw_fan_panel(ax: Axes, panel: FanPanel, bands: Mapping[str, np.ndarray],
                   quantiles: Sequence[float] = QUANTILES, lang: str = DEFAULT_LANG) -> None:
    """Draw one :class:`FanPanel` from bands (limit lines from their median)."""
    unit = ""
    for i, v in enumerate(panel.variables):
        if v not in bands:
            continue
        unit = VARIABLES[v].unit
        draw_fan(ax, bands[v], quantiles, color=_COLORS[i % len(_COLORS)], label=VARIABLES[v].label(lang))
    if panel.limit_variable and panel.limit_variable in bands:
        lim = np.asarray(bands[panel.limit_variable])[len(quantiles) // 2]
        ax.plot(YEARS, lim, color="#444444", linestyle="--", linewidth=1.3,
                label=VARIABLES[panel.limit_variable].label(lang))
    if panel.limit_value is not None:
        ax.axhline(panel.limit_value, color="#444444", linestyle=":", linewidth=1.2)
    ax.axvline(PLAN_YEAR, color="#999999", linewidth=0.8, alpha=0.6)
    year_axis(ax)
    ax.set_title(panel.title(lang), fontsize=10)
    ax.set_ylabel(unit_text(unit, lang), fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.25)
    if len(panel.variables) > 1 or panel.limit_variable:
        ax.legend(fontsize=7, frameon=False, loc="best")


def fan_chart_figure(bands: Mapping[str, np.ndarray], quantiles: Sequence[float] = QUANTILES,
                     lang: str = DEFAULT_LANG, panels: Sequence[FanPanel] | None = None,
                     title: str = "", ncols: int = 3) -> Figure:
    """The standard fan charts (every available panel) in one figure."""
    setup_fonts()
    chosen = [p for p in available_fan_panels(FAN_PANELS if panels is None else panels)
              if any(v in bands for v in p.variables)]
    nrows = max(1, -(-len(chosen) // ncols))
    fig = Figure(figsize=(4.0 * ncols, 2.9 * nrows), layout=PanelGrid(nrows, ncols))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, panel in zip(axes, chosen):
        draw_fan_panel(ax, panel, bands, quantiles, lang)
    for ax in axes[len(chosen):]:
        ax.set_visible(False)
    lo, hi = round(100 * quantiles[0]), round(100 * quantiles[-1])
    note = pick(lang, f"阴影：{lo}%-{hi}% 与 25%-75% 区间；实线：中位数",
                f"shaded: {lo}-{hi} % and 25-75 % ranges; line: median")
    fig.get_layout_engine().set(header=fig.suptitle((title + "  " if title else "") + note, fontsize=9))
    return fig


def draw_probabilities(ax: Axes, probabilities: Mapping[str, float], lang: str = DEFAULT_LANG) -> None:
    """Horizontal bars: the probability that each modelled target is met (in %)."""
    labels = {t.id: t.label(lang) for t in TARGETS}
    items = [(k, v) for k, v in probabilities.items() if v is not None and np.isfinite(v)]
    names = [labels.get(k, k) for k, _ in items]
    values = [100.0 * v for _, v in items]
    y = np.arange(len(items))[::-1]
    colors = ["#2e8b57" if v >= 66.7 else "#b8860b" if v >= 33.3 else "#c8412d" for v in values]
    ax.barh(y, values, color=colors, height=0.6)
    for yi, v in zip(y, values):
        ax.text(min(v + 1.5, 88), yi, f"{v:.0f}%", va="center", fontsize=7)
    ax.set_yticks(y, names, fontsize=7)
    ax.set_xlim(0, 100)
    ax.set_xlabel(pick(lang, "达成概率 (%)", "probability of meeting the target (%)"), fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", alpha=0.25)


def probability_figure(probabilities: Mapping[str, float], lang: str = DEFAULT_LANG, title: str = "") -> Figure:
    """A figure with :func:`draw_probabilities`."""
    setup_fonts()
    n = sum(1 for v in probabilities.values() if v is not None and np.isfinite(v))
    # one panel whose margins are its labels: the panel grid measures them (about half the
    # drawing time of constrained layout here)
    fig = Figure(figsize=(7.0, 0.8 + 0.28 * max(n, 1)), layout=PanelGrid(1, 1))
    ax = fig.subplots()
    draw_probabilities(ax, probabilities, lang)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def draw_tornado(ax: Axes, result: SensitivityResult, lang: str = DEFAULT_LANG, top: int = 12) -> None:
    """Ranked sensitivity bars with confidence intervals (a tornado chart).

    Sobol: total-effect ``ST`` bars with the first-order ``S1`` inside;
    Morris: ``mu*`` bars with ``sigma`` marked.
    """
    order = result.ranking[:top]
    labels = [result.labels(lang)[i] for i in order]
    y = np.arange(len(order))[::-1]
    if result.method == "sobol":
        st, stc = result.indices["ST"][order], result.indices["ST_conf"][order]
        s1, s1c = result.indices["S1"][order], result.indices["S1_conf"][order]
        ax.barh(y, st, height=0.6, color="#9db8d9", xerr=stc, capsize=2,
                label=pick(lang, "总效应 ST", "total effect ST"))
        ax.barh(y, s1, height=0.3, color="#1f5fa8", xerr=s1c, capsize=2,
                label=pick(lang, "一阶 S1", "first order S1"))
        ax.set_xlabel(pick(lang, "Sobol 指数", "Sobol index"), fontsize=8)
    else:
        mu, muc = result.indices["mu_star"][order], result.indices["mu_star_conf"][order]
        sigma = result.indices["sigma"][order]
        ax.barh(y, mu, height=0.6, color="#9db8d9", xerr=muc, capsize=2, label="μ*")
        ax.plot(sigma, y, "o", color="#c8412d", markersize=4, label="σ")
        ax.set_xlabel(f"μ*, σ ({result.unit})", fontsize=8)
    ax.set_yticks(y, labels, fontsize=7)
    ax.axvline(0, color="#444444", linewidth=0.8)
    var = VARIABLES[result.output].label(lang) if result.output in VARIABLES else result.output
    ax.set_title(pick(lang, f"{result.year}年{var}的敏感性", f"Sensitivity of {var} in {result.year}"), fontsize=10)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", alpha=0.25)


def tornado_figure(result: SensitivityResult, lang: str = DEFAULT_LANG, top: int = 12) -> Figure:
    """A figure with :func:`draw_tornado`."""
    setup_fonts()
    n = min(top, len(result.names))
    fig = Figure(figsize=(7.0, 1.0 + 0.32 * max(n, 1)), layout="constrained")
    draw_tornado(fig.subplots(), result, lang, top)
    return fig

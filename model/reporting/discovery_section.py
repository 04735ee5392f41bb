"""Scenario discovery and plan fitting on paper: charts, and a report section 情景发现 / Scenario discovery.

Charts (matplotlib, Chinese labels in Noto Sans CJK SC, :func:`model.reporting.charts.setup_fonts`),
each drawn from the plain tables of :class:`~model.analysis.discovery.Discovery` or of a Pareto
front (:func:`~model.analysis.fitplan.pareto_front`):

* :func:`trajectory_figure` - PRIM's peeling trajectory: coverage against density of every
  box, coloured by the number of restricted inputs, the chosen box ringed, the density
  threshold dashed (after EMA Workbench's ``PrimBox.show_tradeoff``);
* :func:`box_figure` - the chosen box: each restricted input's range within what was drawn,
  with its limits and quasi-p-value (after EMA Workbench's ``PrimBox.inspect(style="graph")``);
* :func:`pareto_figure` - the trade-off between two targets, each target's value marked.

:func:`discovery_blocks` is the report section, for a scenario whose ``report:`` block asks
for ``discover:`` (the report pipeline wires it in; see docs/exploration.md).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.figure import Figure

from model.core.scorecard import TARGETS
from model.reporting.charts import setup_fonts
from model.scenarios import Scenario
from model.text import DEFAULT_LANG, pick, unit_text

if TYPE_CHECKING:  # the discovery module brings pandas and the ensembles: imported when a section is drawn
    import pandas as pd

    from model.analysis.discovery import Discovery

__all__ = ["trajectory_figure", "box_figure", "pareto_figure", "discovery_figures", "discovery_blocks",
           "SECTION_TITLE"]

#: The report section's title.
SECTION_TITLE = ("情景发现", "Scenario discovery")
_CHOSEN = "#c8412d"


def trajectory_figure(result: Discovery, lang: str = DEFAULT_LANG) -> Figure:
    """Coverage against density of every box on PRIM's peeling trajectory."""
    from model.analysis.discovery import DENSITY_THRESHOLD

    setup_fonts()
    t = result.trajectory
    fig = Figure(figsize=(6.4, 4.4), layout="constrained")
    ax = fig.subplots()
    points = ax.scatter(100 * t["coverage"], 100 * t["density"], c=t["res_dim"], cmap="viridis", s=22, zorder=3)
    ax.plot(100 * t["coverage"], 100 * t["density"], color="#999999", linewidth=0.6, zorder=2)
    chosen = t.iloc[result.chosen]
    ax.scatter([100 * chosen["coverage"]], [100 * chosen["density"]], s=110, facecolors="none",
               edgecolors=_CHOSEN, linewidths=1.6, zorder=4,
               label=pick(lang, f"选定的范围（第{result.chosen}个）", f"chosen box (no. {result.chosen})"))
    ax.axhline(100 * DENSITY_THRESHOLD, color=_CHOSEN, linestyle="--", linewidth=0.8)
    ax.set_xlabel(pick(lang, "覆盖率 (%)", "coverage (%)"), fontsize=9)
    ax.set_ylabel(pick(lang, "密度 (%)", "density (%)"), fontsize=9)
    ax.set_xlim(0, 102)
    ax.set_ylim(0, 102)
    ax.grid(alpha=0.25)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    bar = fig.colorbar(points, ax=ax)
    bar.set_label(pick(lang, "受限的输入个数", "restricted inputs"), fontsize=8)
    ax.set_title(pick(lang, f"PRIM 剥离轨迹：{result.outcome.describe(lang)}",
                      f"PRIM peeling trajectory: {result.outcome.describe(lang)}"), fontsize=9, wrap=True)
    return fig


def _bound(value: float, unit: str, dtype: str, lang: str) -> str:
    from model.text import percent_unit

    if not np.isfinite(value):
        return ""
    if dtype == "int":
        return f"{value:.0f}"
    pct = percent_unit(unit)
    return f"{100 * value:.3g} %" if pct else f"{value:.4g}"


def box_figure(result: Discovery, lang: str = DEFAULT_LANG, box: int | None = None) -> Figure:
    """The restrictions of one box (the chosen one by default) within the ranges drawn."""
    setup_fonts()
    rows = result.box_rows(box)
    box = result.chosen if box is None else box
    ranges = result.ranges.set_index("parameter")
    registry = result.scenario.registry
    fig = Figure(figsize=(7.0, 1.2 + 0.45 * max(len(rows), 1)), layout="constrained")
    ax = fig.subplots()
    labels = []
    for k, r in enumerate(rows.itertuples()):
        y = len(rows) - 1 - k
        label = r.label_zh if lang == "zh" else r.label_en
        qp = "" if not np.isfinite(r.quasi_p) else f"  qp={r.quasi_p:.2g}"
        if isinstance(r.values, str) and r.values:
            drawn = ranges.at[r.parameter, "values"].split("|") if r.parameter in ranges.index else []
            kept = set(r.values.split("|"))
            named = {str(c): registry[r.parameter].choice_label(c, lang) for c in registry[r.parameter].choices}
            for i, v in enumerate(drawn):
                x0 = i / max(len(drawn), 1)
                ax.barh(y, 1 / max(len(drawn), 1), left=x0, height=0.5,
                        color="#1f5fa8" if v in kept else "#dddddd", edgecolor="white")
                ax.text(x0 + 0.5 / max(len(drawn), 1), y, named.get(v, v), ha="center", va="center", fontsize=6,
                        color="white" if v in kept else "#555555")
        else:
            lo0, hi0 = ranges.at[r.parameter, "low"], ranges.at[r.parameter, "high"]
            span = (hi0 - lo0) or 1.0
            lo = r.low if np.isfinite(r.low) else lo0
            hi = r.high if np.isfinite(r.high) else hi0
            ax.barh(y, 1.0, left=0.0, height=0.5, color="#eeeeee")
            ax.barh(y, (hi - lo) / span, left=(lo - lo0) / span, height=0.5, color="#1f5fa8")
            ax.text(-0.02, y, _bound(lo0, r.unit, r.dtype, lang), ha="right", va="center", fontsize=6, color="#777777")
            ax.text(1.02, y, _bound(hi0, r.unit, r.dtype, lang), ha="left", va="center", fontsize=6, color="#777777")
            for v, where in ((r.low, lo), (r.high, hi)):
                if np.isfinite(v):
                    ax.text((where - lo0) / span, y + 0.36, _bound(v, r.unit, r.dtype, lang), ha="center",
                            fontsize=7, color=_CHOSEN)
        labels.append((y, f"{label} [{unit_text(r.unit, lang)}]{qp}"))
    ax.set_yticks([y for y, _ in labels], [t for _, t in labels], fontsize=7)
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.8, max(len(rows), 1) - 0.2)
    ax.set_xticks([])
    stats = result.trajectory.iloc[box]
    ax.set_title(pick(lang, f"第{box}个范围：密度 {100 * stats['density']:.0f}%，覆盖率 {100 * stats['coverage']:.0f}%，"
                            f"质量 {100 * stats['mass']:.0f}%（灰色：抽样范围）",
                      f"Box {box}: density {100 * stats['density']:.0f} %, coverage {100 * stats['coverage']:.0f} %, "
                      f"mass {100 * stats['mass']:.0f} % (grey: the range drawn)"), fontsize=9)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return fig


def pareto_figure(front: pd.DataFrame, pair: tuple[str, str], lang: str = DEFAULT_LANG) -> Figure:
    """The front between two targets: each point a fitted plan, each target's value dashed."""
    setup_fonts()
    by_id = {t.id: t for t in TARGETS}
    a, b = by_id[pair[0]], by_id[pair[1]]
    fig = Figure(figsize=(6.4, 4.6), layout="constrained")
    ax = fig.subplots()
    ax.plot(front[b.id], front[a.id], "-o", color="#1f5fa8", markersize=5)
    for point, xb, ya in zip(front["point"], front[b.id], front[a.id]):
        ax.annotate(str(point), (xb, ya), textcoords="offset points", xytext=(4, 4), fontsize=7)
    if b.target is not None:
        ax.axvline(b.target, color=_CHOSEN, linestyle="--", linewidth=0.8)
    if a.target is not None:
        ax.axhline(a.target, color=_CHOSEN, linestyle="--", linewidth=0.8)
    ax.set_xlabel(f"{b.label(lang)} [{unit_text(b.unit, lang)}]", fontsize=8)
    ax.set_ylabel(f"{a.label(lang)} [{unit_text(a.unit, lang)}]", fontsize=8)
    ax.grid(alpha=0.25)
    ax.set_title(pick(lang, "两个目标之间的取舍（硬约束均满足；虚线：规划目标）",
                      "Trade-off between two targets (hard limits held; dashed: the plan's targets)"), fontsize=9)
    return fig


def discovery_figures(result: Discovery, lang: str = DEFAULT_LANG) -> dict[str, Figure]:
    """The discovery's charts by file name: ``trajectory.png`` and ``box.png``."""
    return {"trajectory.png": trajectory_figure(result, lang), "box.png": box_figure(result, lang)}


def discovery_blocks(scenario: Scenario, lang: str) -> list[dict[str, Any]]:
    """The report section 情景发现 / Scenario discovery: the statement, both charts, the chosen
    box's restrictions and the ten inputs that matter most; none unless the scenario's
    ``report:`` block asks for ``discover:`` (:class:`~model.scenarios.schema.DiscoverOptions`:
    targets, diagnostics, draws, seed; Latin hypercube draws)."""
    options = scenario.report_options().discover
    if options is None:
        return []
    from model.analysis.discovery import DiscoveryFailed, Outcome, discover
    from model.reporting.blocks import figure, heading, paragraph, table
    from model.reporting.figures import to_svg

    outcome = Outcome(tuple(options.targets), tuple(options.diagnostics))
    blocks: list[dict[str, Any]] = [heading(pick(lang, *SECTION_TITLE))]
    try:
        result = discover(scenario, outcome, draws=options.draws, seed=options.seed, method="lhs")
    except DiscoveryFailed:
        return [*blocks, paragraph(pick(
            lang, f"{options.draws:,}个抽样（种子{options.seed}）中没有一个满足：{outcome.describe(lang)}。"
                  "没有可描述的范围；可放宽探索范围（uncertainties:）或减少目标。",
            f"None of the {options.draws:,} draws (seed {options.seed}) meets the outcome: {outcome.describe(lang)}. "
            "There is no region to describe; widen the exploration ranges (uncertainties:) or name fewer targets."))]
    blocks += [paragraph(result.statement(lang)), paragraph(result.explanation(lang))]
    for name, fig in discovery_figures(result, lang).items():
        caption = pick(lang, "PRIM 剥离轨迹" if name == "trajectory.png" else "选定的范围",
                       "PRIM peeling trajectory" if name == "trajectory.png" else "The chosen box")
        blocks.append(figure(to_svg(fig, keep_text=False), caption))
    rows = [[(r.label_zh if lang == "zh" else r.label_en), pick(lang, "政策" if r.kind == "lever" else "假设",
                                                                 r.kind),
             _bound(r.low, r.unit, r.dtype, lang) or "-", _bound(r.high, r.unit, r.dtype, lang) or r.values or "-",
             unit_text(r.unit, lang), "-" if not np.isfinite(r.quasi_p) else f"{r.quasi_p:.2g}"]
            for r in result.box_rows().itertuples()]
    if rows:
        blocks.append(table(pick(lang, ["输入", "类别", "下限", "上限", "单位", "准p值"],
                                 ["input", "kind", "low", "high", "unit", "quasi-p"]),
                            rows, ["1.6fr", "auto", "auto", "auto", "auto", "auto"],
                            ["left", "left", "right", "right", "left", "right"]))
    top = result.features.head(10)
    blocks.append(table(pick(lang, ["排名", "输入", "类别", "重要性"], ["rank", "input", "kind", "score"]),
                        [[str(r.rank), r.label_zh if lang == "zh" else r.label_en,
                          pick(lang, "政策" if r.kind == "lever" else "假设", r.kind), f"{r.score:.3f}"]
                         for r in top.itertuples()],
                        ["auto", "1.6fr", "auto", "auto"], ["right", "left", "left", "right"]))
    return blocks

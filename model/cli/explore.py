"""Sub-commands ``discover`` and ``fit-plan`` of ``python -m model``.

Thin: parse the options, call :mod:`model.analysis.discovery` or :mod:`model.analysis.fitplan`,
draw the charts (:mod:`model.reporting.discovery_section`), print the answer.  Bad input exits
2 with one line (:class:`~model.errors.UserInputError`); a question without an answer (the
plan holds in no draw; no lever setting holds the hard limits) exits 1 with the reason;
neither writes anything.  Both take the shared output, language and progress options
(:mod:`model.cli.args`): ``discover`` shows a bar of the draws, ``fit-plan`` (whose search has no
count to show) the time spent so far on a terminal.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.cli.args import (EXIT_FAILED, EXIT_OK, add_lang_option, add_output_options, add_progress_option,
                            non_negative_int, positive_int, working)
from model.errors import UserInputError
from model.provenance import DEFAULT_SEED, MANIFEST_NAME
from model.text import format_number, format_table, percent_unit, pick, unit_text

__all__ = ["register"]


def _load(path: str):
    from model.scenarios import load_scenario

    return load_scenario(path)


def _png(figure) -> bytes:
    from model.reporting.charts import figure_bytes
    from model.workbook.results import PNG_DPI

    return figure_bytes(figure, "png", PNG_DPI)


# --------------------------------------------------------------------------- discover

def _cmd_discover(args: argparse.Namespace) -> int:
    from model.analysis.discovery import DiscoveryFailed, Outcome, discover, write_discovery
    from model.reporting.discovery_section import discovery_figures

    scenario = _load(args.scenario)
    outcome = Outcome.checked(args.target or [], args.diagnostic or [])
    out = Path(args.out) if args.out else Path("discoveries") / scenario.id
    lang = args.lang
    try:
        result = discover(scenario, outcome, draws=args.draws, seed=args.seed, method=args.sampler,
                          levers=args.lever, box=args.box, workers=args.workers, scheduler=args.scheduler,
                          progress=not args.no_progress)
    except DiscoveryFailed as exc:
        print(f"error: {exc}; nothing was written.", file=sys.stderr)
        return EXIT_FAILED
    figures = {name: _png(fig) for name, fig in discovery_figures(result, lang).items()}
    write_discovery(result, out, figures, force=args.force)
    print(pick(lang, f"情景发现：{scenario.title(lang)}，{args.draws:,}个抽样（种子{args.seed}，{args.sampler}）",
               f"Scenario discovery: {scenario.title(lang)}, {args.draws:,} draws (seed {args.seed}, {args.sampler})"))
    print(result.statement(lang))
    print(result.explanation(lang))
    rows = [[(r.label_zh if lang == "zh" else r.label_en), pick(lang, "政策" if r.kind == "lever" else "假设", r.kind),
             _bound(r.low), _bound(r.high) if not r.values else r.values, unit_text(r.unit, lang), _bound(r.quasi_p, 2)]
            for r in result.box_rows().itertuples()]
    if rows:
        print()
        print(format_table(pick(lang, ["输入", "类别", "下限", "上限", "单位", "准p值"],
                                ["input", "kind", "low", "high", "unit", "quasi-p"]), rows,
                           [False, False, True, True, False, True]))
    print()
    print(pick(lang, "最重要的输入（特征评分，极端随机树）：", "Inputs that matter most (feature scores, extra trees):"))
    top = result.features.head(8)
    print(format_table(pick(lang, ["排名", "输入", "类别", "重要性"], ["rank", "input", "kind", "score"]),
                       [[r.rank, r.label_zh if lang == "zh" else r.label_en,
                         pick(lang, "政策" if r.kind == "lever" else "假设", r.kind), f"{r.score:.3f}"]
                        for r in top.itertuples()], [True, False, False, True]))
    leaves = result.cart.drop_duplicates("box")
    if len(leaves):
        best = leaves.sort_values(["density", "coverage"], ascending=False, kind="stable").iloc[0]
        print(pick(lang, f"CART（第二意见）：最密的叶子密度{100 * best['density']:.0f}%，覆盖率{100 * best['coverage']:.0f}%"
                         "（见 cart.csv）。",
                   f"CART (a second opinion): its densest leaf has density {100 * best['density']:.0f} % and "
                   f"coverage {100 * best['coverage']:.0f} % (see cart.csv)."))
    print(pick(lang, "结果已写入 ", "written to ") + f"{out}/ (boxes.csv, trajectory.csv, features.csv, cart.csv, "
          f"statement.txt, trajectory.png, box.png, {MANIFEST_NAME})")
    return EXIT_OK


def _bound(value: float, digits: int = 4) -> str:
    import math

    return "-" if value is None or not math.isfinite(value) else f"{value:.{digits}g}"


# --------------------------------------------------------------------------- fit-plan

def _cmd_fit_plan(args: argparse.Namespace) -> int:
    from model.analysis.fitplan import NoFeasiblePlan, check_choices, fit_plan, load_weights, pareto_front, write_fit
    from model.analysis.fitplan.pareto import PARETO_POINTS
    from model.analysis.fitplan.files import check_writable

    scenario = _load(args.scenario)
    lang = args.lang
    weights, where = load_weights(args.weights) if args.weights else ({}, {})
    check_choices(scenario, args.lever, args.hard, weights, where)
    out = Path(args.out) if args.out else Path(f"{scenario.id}-fitted.yaml")
    if out.suffix not in (".yaml", ".yml"):
        raise UserInputError(f"--out {out}: expected a scenario file name ending in .yaml")
    try:
        if args.pareto:
            with working(pick(lang, "取舍前沿", "trade-off front"), not args.no_progress):
                front = pareto_front(scenario, args.pareto, levers=args.lever, hard=args.hard, seed=args.seed,
                                     points=args.points or PARETO_POINTS)
            return _print_front(front, args.pareto, out, lang)
        check_writable(out, args.force)
        with working(pick(lang, "规划拟合", "fitting the plan"), not args.no_progress):
            fit = fit_plan(scenario, levers=args.lever, hard=args.hard, weights=weights, seed=args.seed)
    except NoFeasiblePlan as exc:
        print(f"error: {exc}; nothing was written.", file=sys.stderr)
        return EXIT_FAILED
    scenario_file, table_file = write_fit(fit, out, force=args.force)
    _print_fit(fit, lang)
    print(pick(lang, "已写入 ", "written ") + f"{scenario_file} {pick(lang, '和', 'and')} {table_file}")
    return EXIT_OK


def _print_fit(fit, lang: str) -> None:
    s = fit.scenario
    print(pick(lang, f"规划拟合：{s.title(lang)}，{len(fit.problem.levers)}个政策变量，种子{fit.seed}",
               f"Plan fit: {s.title(lang)}, {len(fit.problem.levers)} levers, seed {fit.seed}"))
    print(pick(lang, f"达成的目标：{fit.met_before} → {fit.met_after}（共{len(fit.problem.targets)}个已建模目标）；"
                     f"加权标准化差距：{fit.objective_before:.4g} → {fit.objective_after:.4g}；用时{fit.seconds:.1f}秒",
               f"Targets met: {fit.met_before} -> {fit.met_after} (of {len(fit.problem.targets)} modelled); weighted "
               f"normalised shortfalls: {fit.objective_before:.4g} -> {fit.objective_after:.4g}; {fit.seconds:.1f} s"))
    held = ", ".join(dict.fromkeys(tid for tid, _ in fit.problem.hard_checks)) or "-"
    print(pick(lang, f"硬约束（2021-2025年每年）：{held}，全部满足。",
               f"Hard limits (every year 2021-2025): {held}, all held."))
    moves = fit.moves()
    moved = moves[moves["moved"]]
    print()
    print(pick(lang, "调整的政策变量：", "Levers moved:") if len(moved) else pick(lang, "没有政策变量需要调整。",
                                                                              "No lever needed to move."))
    if len(moved):
        print(format_table(pick(lang, ["政策变量", "调整前", "调整后", "单位"], ["lever", "before", "after", "unit"]),
                           [[r.label_zh if lang == "zh" else r.label_en, _value(r.before, r.unit),
                             _value(r.after, r.unit), unit_text(percent_unit(r.unit) or r.unit, lang)]
                            for r in moved.itertuples()], [False, True, True, False]))
    table = fit.table()
    changed = table[(table["kind"] == "target") & (table["status_before"] != table["status_after"])]
    if len(changed):
        print()
        print(pick(lang, "判定改变的目标：", "Targets whose status changed:"))
        status = {"met": pick(lang, "达成", "met"), "missed": pick(lang, "未达成", "missed")}
        print(format_table(pick(lang, ["目标", "调整前", "调整后", "单位", "判定"],
                                ["target", "before", "after", "unit", "status"]),
                           [[r.label_zh if lang == "zh" else r.label_en, format_number(r.before), format_number(r.after),
                             unit_text(r.unit, lang), f"{status[r.status_before]} → {status[r.status_after]}"]
                            for r in changed.itertuples()], [False, True, True, False, False]))


def _value(v, unit: str) -> str:
    """A lever's number as printed: a choice as it is, a year without a comma, a rate in %."""
    if isinstance(v, str):
        return v
    if unit == "年":
        return f"{v:.0f}"
    return f"{100 * v:.4g}" if percent_unit(unit) else f"{v:,.6g}"


def _print_front(front, pair: str, out: Path, lang: str) -> int:
    from model.analysis.fitplan import write_front
    from model.reporting.discovery_section import pareto_figure
    from model.runs.atomic import atomic_write_bytes

    ids = tuple(x.strip() for x in pair.split(","))
    csv_path = write_front(front, out.with_name(f"{out.stem}-pareto.csv"))
    png_path = out.with_name(f"{out.stem}-pareto.png")
    atomic_write_bytes(png_path, _png(pareto_figure(front, ids, lang)))
    print(pick(lang, f"取舍前沿：{ids[0]} 与 {ids[1]}（{len(front)}个点，硬约束均满足）",
               f"Trade-off front: {ids[0]} against {ids[1]} ({len(front)} points, hard limits held)"))
    if len(front) == 1:
        print(pick(lang, "两个目标并不冲突：同一组政策变量对两者都是最好的。",
                   "The two targets do not conflict: one lever setting is the best for both."))
    print(format_table(["#", ids[0], ids[1], pick(lang, "达成目标数", "targets met")],
                       [[r["point"], format_number(r[ids[0]], 3), format_number(r[ids[1]], 3), r["targets_met"]]
                        for _, r in front.iterrows()], [True, True, True, True]))
    print(pick(lang, "已写入 ", "written ") + f"{csv_path} {pick(lang, '和', 'and')} {png_path}")
    return EXIT_OK


# --------------------------------------------------------------------------- registration

def register(sub: argparse._SubParsersAction) -> None:
    """Add ``discover`` and ``fit-plan`` (heavy modules are imported by the commands)."""

    p = sub.add_parser("discover", help="scenario discovery: which ranges of assumptions and levers make targets hold",
                       description="Draw the scenario's uncertain assumptions and its levers over their exploration "
                                   "ranges, judge in each draw whether the named targets are met (and the named "
                                   "diagnostics do not bite), and describe where they are with PRIM (EMA Workbench), "
                                   "feature scores and CART.")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file (its uncertainties: section overrides "
                                                         "distributions and exploration ranges)")
    p.add_argument("--target", action="append", metavar="ID", help="a target that must be met (repeatable; ids as "
                                                                  "in targets.csv)")
    p.add_argument("--diagnostic", action="append", metavar="ID",
                   help="a plan diagnostic that must not bite (repeatable), e.g. acid_balance")
    p.add_argument("--draws", type=positive_int, default=10_000, help="number of draws (default: 10000)")
    p.add_argument("--seed", type=non_negative_int, default=DEFAULT_SEED,
                   help=f"random seed; the same seed gives the same files byte for byte (default: {DEFAULT_SEED})")
    p.add_argument("--sampler", choices=("montecarlo", "lhs"), default="montecarlo",
                   help="Monte Carlo or Latin hypercube (default: montecarlo)")
    p.add_argument("--lever", action="append", metavar="NAME",
                   help="explore only these levers (repeatable; default: every lever that does not set a target)")
    p.add_argument("--box", type=non_negative_int, default=None, metavar="N",
                   help="describe box N of the peeling trajectory (default: the last with density >= 0.8)")
    p.add_argument("--workers", type=positive_int, default=1, help="local worker processes (default: 1)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="Dask distributed scheduler to run the draws on")
    add_output_options(p, default="discoveries/<scenario id>",
                       force="replace an output folder this command did not write")
    add_lang_option(p, "the statement, tables and charts")
    add_progress_option(p)
    p.set_defaults(func=_cmd_discover)

    p = sub.add_parser("fit-plan", help="the closest plan that holds: levers that meet the most targets within "
                                        "the hard limits",
                       description="Find the lever values, within their bounds, that minimise the weighted, "
                                   "normalised shortfalls of every modelled target while the hard targets hold in "
                                   "every year 2021-2025 (differential evolution on the vectorised model, then a "
                                   "compass search); write a scenario inheriting from SCENARIO with the levers that "
                                   "moved, and <id>-fit.csv beside it.")
    p.add_argument("scenario", metavar="SCENARIO", help="the scenario to start from")
    p.add_argument("--lever", action="append", metavar="NAME",
                   help="a lever to move (repeatable; default: the plan's capacity, growth, herd and feed levers)")
    p.add_argument("--hard", action="append", metavar="ID",
                   help="a target that must hold (repeatable; default: energy_within_cap, "
                        "stocking_within_capacity, acid_all_consumed)")
    p.add_argument("--weights", metavar="FILE", help="YAML mapping or CSV (target,weight) of target weights "
                                                      "(default: 1 each; 0 leaves a target out)")
    p.add_argument("--seed", type=non_negative_int, default=DEFAULT_SEED,
                   help=f"random seed of the search (default: {DEFAULT_SEED})")
    p.add_argument("--pareto", metavar="ID,ID",
                   help="trace the trade-off between two targets instead: <out stem>-pareto.csv and .png")
    p.add_argument("--points", type=positive_int, default=None,
                   help="points of the --pareto front from one end to the other (default: 6)")
    add_output_options(p, default="./<scenario id>-fitted.yaml", what="the fitted scenario", metavar="FILE.yaml",
                       force="replace an existing file this workbook did not write")
    add_lang_option(p)
    add_progress_option(p)
    p.set_defaults(func=_cmd_fit_plan)

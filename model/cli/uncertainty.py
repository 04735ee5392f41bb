"""Sub-commands ``ensemble``, ``sensitivity`` and ``solve`` of ``python -m model``.

Thin: parse the options, call :mod:`model.analysis.ensemble`, :mod:`model.analysis.sensitivity`
or :mod:`model.analysis.goalseek`, print the answer.  Bad input raises
:class:`~model.errors.UserInputError` (one line, exit status 2, nothing written).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.cli.args import (EXIT_OK, add_lang_option, add_output_options, add_progress_option, non_negative_int,
                            positive_int, working)
from model.core.timeline import PLAN_YEAR
from model.errors import UserInputError
from model.provenance import DEFAULT_SEED, MANIFEST_NAME
from model.text import pick

__all__ = ["register"]


def _load(path: str):
    from model.scenarios import load_scenario

    return load_scenario(path)


# --------------------------------------------------------------------------- ensemble

def _cmd_ensemble(args: argparse.Namespace) -> int:
    from model.analysis.ensemble import DEFAULT_CHUNK, run_ensemble

    scenario = _load(args.scenario)
    from model.analysis.weighting import checked_rel_sd

    out = Path(args.out) if args.out else Path("ensembles") / scenario.id
    observations = None
    if args.observed:
        from model.scenarios.observations import load_observations

        observations = load_observations(args.observed)
    run = run_ensemble(scenario, args.draws, args.seed, out, method=args.sampler,
                       observations=observations, rel_sd=checked_rel_sd(args.rel_sd),
                       chunk_size=args.chunk_size or DEFAULT_CHUNK, workers=args.workers,
                       scheduler=args.scheduler,
                       all_variables=args.all_variables, extra_variables=args.variable or [],
                       joint=[[x.strip() for x in g.split(",") if x.strip()] for g in args.joint or []],
                       force=args.force, progress=not args.no_progress)
    if args.charts:
        _write_ensemble_charts(run, scenario, args.lang)
    lang = args.lang
    print(pick(lang, "规划目标达成概率", "Probability of meeting each plan target")
          + f" ({scenario.title(lang)}, {args.draws} draws, seed {args.seed}, {args.sampler}):")
    weighted = "probability_weighted" in run.probabilities
    if weighted:
        print(pick(lang, "  （左：未加权；右：按观测数据加权）", "  (left: unweighted; right: weighted by the observations)"))
    for _, r in run.probabilities.iterrows():
        if r["draws"] == 0:
            continue
        label = pick(lang, r["label_zh"], r["label_en"])
        both = f"{100 * r['probability']:6.1f}%" + (f" {100 * r['probability_weighted']:6.1f}%" if weighted else "")
        print(f"  {both}  {label} [{r['section']}]")
    if weighted:
        w = run.manifest["weighting"]
        print(pick(lang, "有效样本量（加权后）：", "effective sample size (weighted): ")
              + f"{w['effective_sample_size']:,.1f} / {args.draws:,}")
        if w["low_effective_sample_size"]:
            print(pick(lang, "警告：有效样本量低于100，加权百分位数只依赖少数抽样；请增加抽样或放宽误差（--rel-sd）。",
                       "warning: the effective sample size is below 100, so the weighted percentiles rest on a "
                       "few draws; draw more or widen the error model (--rel-sd)."), file=sys.stderr)
    print(pick(lang, "完成：", "done: ") + f"{args.draws / run.seconds:,.0f} draws/s, "
          f"{run.seconds:.1f} s, peak memory {run.peak_rss_mb:,.0f} MB")
    print(pick(lang, "结果已写入 ", "written to ") + f"{run.folder}/ (draws.parquet, results.parquet, "
          f"summary.csv, probabilities.csv, {'weights.parquet, ' if weighted else ''}{MANIFEST_NAME})")
    return EXIT_OK


def _write_ensemble_charts(run, scenario, lang: str) -> None:
    """Fan charts and probability bars beside an ensemble's outputs (atomic writes)."""
    from model.reporting.charts import figure_bytes
    from model.reporting.uncertainty_charts import bands_from_summary, fan_chart_figure, probability_figure
    from model.runs.atomic import atomic_write_bytes
    from model.workbook.results import PNG_DPI

    bands = bands_from_summary(run.summary)
    fig = fan_chart_figure(bands, lang=lang, title=scenario.title(lang))
    atomic_write_bytes(run.folder / "fan_charts.png", figure_bytes(fig, "png", PNG_DPI))
    probs = {r["target"]: r["probability"] for _, r in run.probabilities.iterrows()
             if r["draws"] and not str(r["target"]).startswith("joint:")}
    atomic_write_bytes(run.folder / "probabilities.png",
                       figure_bytes(probability_figure(probs, lang), "png", PNG_DPI))


# --------------------------------------------------------------------------- sensitivity

def _cmd_sensitivity(args: argparse.Namespace) -> int:
    from model.analysis.sensitivity import analyse
    from model.provenance import is_ours, refuse_foreign
    from model.workbook.analyses import SensitivityResults

    scenario = _load(args.scenario)
    out = Path(args.out) if args.out else None
    if out is not None:  # before the analysis: a refusal costs nothing
        refuse_foreign(out, is_ours(out / MANIFEST_NAME), args.force)
    label = pick(args.lang, f"敏感性分析（{args.method}）", f"sensitivity ({args.method})")
    with working(label, not args.no_progress):
        results = SensitivityResults(scenario, analyse(scenario, args.output, args.year, args.method,
                                                       args.draws, args.seed))
    print(results.table(args.lang).to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    print()
    print(results.statement(args.lang))
    if out is not None:
        results.write(out, seed=args.seed, draws=args.draws, lang=args.lang, force=args.force)
        print(pick(args.lang, "结果已写入 ", "written to ") + f"{out}/ (indices.csv, tornado.png, "
              f"statement.txt, {MANIFEST_NAME})")
    return EXIT_OK


# --------------------------------------------------------------------------- solve

def _cmd_solve(args: argparse.Namespace) -> int:
    from model.analysis.goalseek import load_question, question_from_mapping, solve, write_solution

    scenario = _load(args.scenario)
    given = [f"--{k}" for k in ("lever", "mode", "bounds", "period", "year", "maximise", "minimise",
                                "target", "constraint", "name") if getattr(args, k) is not None]
    if args.question and given:
        raise UserInputError(f"--question {args.question}: give the question either in the file or with "
                             f"options, not both (also got {', '.join(given)})")
    if args.question:
        question = load_question(args.question, scenario)
    else:
        data: dict = {}
        if args.lever:
            data["levers"] = args.lever
        for key in ("mode", "name"):
            if getattr(args, key) is not None:
                data[key] = getattr(args, key)
        if args.bounds is not None:
            data["bounds"] = list(args.bounds)
        if args.period is not None:
            data["period"] = list(args.period)
        if args.year is not None:
            data["year"] = args.year
        if args.maximise is not None:
            data["maximise"] = args.maximise
        if args.minimise is not None:
            data["minimise"] = args.minimise
        if args.target is not None:
            data["target"] = args.target
        data["constraints"] = args.constraint or []
        question = question_from_mapping(data, scenario, where="command line")
    out = Path(args.out) if args.out else Path(f"{scenario.id}-{question.name}.yaml")
    if out.exists() and not args.force:
        raise UserInputError(f"{out}: exists; choose another --out or pass --force to replace it")
    with working(pick(args.lang, "求解", "solving"), not args.no_progress):
        solution = solve(scenario, question)
    print(solution.summary(args.lang))
    path = write_solution(scenario, solution, out, force=args.force)
    print(pick(args.lang, "答案已写成情景文件 ", "answer written as the scenario ") + str(path))
    return EXIT_OK


# --------------------------------------------------------------------------- registration

def register(sub: argparse._SubParsersAction) -> None:
    """Add ``ensemble``, ``sensitivity`` and ``solve`` to the command line.

    Nothing heavy is imported here (every command would pay for it); the
    command functions import the modules they use.
    """
    p = sub.add_parser("ensemble", help="Monte Carlo ensemble: probability of meeting each target",
                       description="Draw N parameter sets from the scenario's distributions, run them "
                                   "through the model in chunks and write draws, results, a summary "
                                   "(mean and percentiles) and target probabilities.")
    p.add_argument("scenario", help="scenario file (its uncertainties: section overrides the registry's)")
    p.add_argument("--draws", type=positive_int, default=1000, help="number of draws (default: 1000)")
    p.add_argument("--seed", type=non_negative_int, default=DEFAULT_SEED,
                   help="random seed; the same seed gives the same files byte for byte "
                        f"(default: {DEFAULT_SEED})")
    p.add_argument("--sampler", choices=("montecarlo", "lhs"), default="montecarlo",
                   help="Monte Carlo or Latin hypercube (stratified per block of 1,024 draws) "
                        "(default: montecarlo)")
    p.add_argument("--chunk-size", type=positive_int, default=None,
                   help="draws per model call; bounds memory (default: 8 blocks of 1,024 = 8,192)")
    p.add_argument("--workers", type=positive_int, default=1,
                   help="local worker processes (default: 1, run in this process)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="Dask distributed scheduler to spread chunks over (overrides --workers)")
    p.add_argument("--all-variables", action="store_true",
                   help="store every model variable (default: the key variables of each theme and "
                        "those the scorecard needs; all of them take about 14 GB per million draws)")
    p.add_argument("--variable", action="append", metavar="NAME",
                   help="store this variable as well (repeatable)")
    p.add_argument("--joint", action="append", metavar="ID,ID,...",
                   help="also report the probability that these targets are all met in the same draw "
                        "(target ids as in probabilities.csv; repeatable). The 6:70:24 structure, growth "
                        "with structure, and all modelled targets together are always reported")
    p.add_argument("--charts", action="store_true",
                   help="also write fan_charts.png and probabilities.png into the output folder")
    p.add_argument("--observed", action="append", metavar="FILE",
                   help="weight each draw by its likelihood given these observations (a CSV or a folder; "
                        "repeatable): weighted percentiles and probabilities beside the unweighted ones")
    p.add_argument("--rel-sd", type=float, default=None, metavar="S",
                   help="relative standard error of each observation for --observed (default: 0.05)")
    add_output_options(p, default="ensembles/<scenario id>",
                       force="replace an output folder this command did not write")
    add_lang_option(p, "the printed probabilities and the charts")
    add_progress_option(p)
    p.set_defaults(func=_cmd_ensemble)

    p = sub.add_parser("sensitivity", help="global sensitivity (SALib Sobol or Morris) of one output",
                       description="Which uncertain assumptions drive an output in a year: Sobol "
                                   "first-order and total indices with confidence intervals, or Morris "
                                   "mu*/sigma, and a plain-language statement of the top three.")
    p.add_argument("scenario", help="scenario file")
    p.add_argument("--method", choices=("sobol", "morris"), default="sobol",
                   help="sensitivity method (default: sobol)")
    p.add_argument("--output", required=True, metavar="VARIABLE",
                   help="output variable, e.g. 'Energy|Assessed' or 'Share|Secondary'")
    p.add_argument("--year", type=int, default=PLAN_YEAR, help=f"year of the output (default: {PLAN_YEAR})")
    p.add_argument("--draws", type=positive_int,
                   help="Sobol base samples N, a power of 2 (default 1024; N x (D+2) runs), or Morris "
                        "trajectories (default 100)")
    p.add_argument("--seed", type=non_negative_int, default=DEFAULT_SEED,
                   help=f"random seed (default: {DEFAULT_SEED})")
    add_output_options(p, default=None, what="folder for indices.csv, tornado.png and statement.txt",
                       force="replace an existing --out folder")
    add_lang_option(p, "the table, the statement and the chart")
    add_progress_option(p)
    p.set_defaults(func=_cmd_sensitivity)

    p = sub.add_parser("solve", help="goal seeking: the lever value that meets a target or fits a cap",
                       description="Vary one lever (or several together) within bounds to maximise, "
                                   "minimise or hit a quantity subject to constraints; write the answer "
                                   "as a new scenario file inheriting from the input.  Quantities: "
                                   "'Energy|Assessed[2025]', 'target:gdp_growth', 'lever', numbers, "
                                   "joined by ' + ' or ' - '.")
    p.add_argument("scenario", help="scenario file to start from")
    p.add_argument("--question", metavar="FILE",
                   help="YAML file with the question (levers, bounds, objective, constraints, year)")
    p.add_argument("--lever", action="append", metavar="PARAMETER",
                   help="lever to vary (repeat to move several together)")
    p.add_argument("--mode", choices=("set", "scale"),
                   help="set: levers take the value x; scale: levers are multiplied by x (default: set)")
    p.add_argument("--bounds", nargs=2, type=float, metavar=("LOW", "HIGH"),
                   help="range of x (default: the lever's registry bounds)")
    p.add_argument("--period", nargs=2, type=int, metavar=("FIRST", "LAST"),
                   help="years of a time-varying lever that x replaces (default: every year)")
    p.add_argument("--year", type=int, help=f"year of quantities written without [year] (default: {PLAN_YEAR})")
    goal = p.add_mutually_exclusive_group()
    goal.add_argument("--maximise", nargs="?", const="lever", metavar="QUANTITY",
                      help="maximise this quantity (default: the lever itself)")
    goal.add_argument("--minimise", nargs="?", const="lever", metavar="QUANTITY",
                      help="minimise this quantity (default: the lever itself)")
    goal.add_argument("--target", metavar="'QUANTITY = VALUE'",
                      help="make a quantity equal a value, e.g. 'Share|Secondary[2025] = 70'")
    p.add_argument("--constraint", action="append", metavar="'A <= B'",
                   help="constraint, e.g. 'Energy|Assessed[2025] <= Energy|Cap[2025]' (repeatable)")
    p.add_argument("--name", help="short name of the question (used in the output file name)")
    add_output_options(p, default="./<scenario id>-<question name>.yaml", what="scenario file to write",
                       metavar="FILE", force="replace an existing --out file")
    add_lang_option(p, "the answer")
    add_progress_option(p)
    p.set_defaults(func=_cmd_solve)

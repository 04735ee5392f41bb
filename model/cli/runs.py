"""Commands that run scenarios: ``validate``, ``run``, ``scorecard`` and ``params``.

``validate``, ``run`` and ``scorecard`` are built on the public Python API
(:func:`model.api.load_scenarios`, :func:`model.api.run`, :meth:`model.api.RunResults.write`),
so a notebook and the command line load, check, run and write scenarios with the same
code.  Paths are passed as :class:`pathlib.Path`, which the API always reads as paths
(never as shipped ids), and the API's :class:`~model.api.WorkbookInputError` is printed
as it is by :func:`model.cli.main.main`: its text is the command line's lines (exit status 2,
nothing written).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.cli.args import EXIT_OK, add_lang_option
from model.text import format_margin, format_number, format_table, format_target, pick

__all__ = ["register", "print_scorecard", "print_diagnostics"]


# --------------------------------------------------------------------------- printing

def print_scorecard(output, i: int, lang: str, stream=None) -> None:
    """Print scenario ``i``'s scorecard as an aligned table.

    When a target's quantity was published (the scenario's ``observed:`` files), two more
    columns give the observed value and its status: the plan's final evaluation.
    """
    from model.runs.evaluation import observed_rows

    stream = stream or sys.stdout
    s = output.scenarios[i]
    table = observed_rows(output.scorecard, i, output.observed(i), lang)
    any_observed = any(r["observed"] is not None for r in table)
    rows = []
    for r in table:
        target = format_target(r["comparison"], r["target_value"], r["tolerance"])
        row = [r["label"], r["section"], target, format_number(r["value"]), r["unit"],
               r["status_label"], format_margin(r["margin"])]
        if any_observed:
            row += [format_number(r["observed"]), r["observed_status_label"] if r["observed"] is not None else ""]
        rows.append(row)
    headers = pick(lang, ["目标", "规划出处", "目标值", "情景值", "单位", "状态", "差距"],
                   ["target", "plan section", "target", "value", "unit", "status", "margin"])
    align = [False, False, True, True, False, False, True]
    if any_observed:
        headers += pick(lang, ["观测值", "观测状态"], ["observed", "observed status"])
        align += [True, False]
    title = f"{s.title(lang)} ({s.id})"
    met = int((output.scorecard.status[i] == "met").sum())
    missed = int((output.scorecard.status[i] == "missed").sum())
    summary = pick(lang, f"达成 {met} 项，未达成 {missed} 项", f"{met} met, {missed} missed")
    print(f"\n{title} — {pick(lang, '规划目标记分卡', 'plan scorecard')}: {summary}", file=stream)
    print(format_table(headers, rows, align), file=stream)


def print_diagnostics(output, i: int, lang: str, stream=None) -> None:
    """Print scenario ``i``'s plan diagnostics in plain language."""
    stream = stream or sys.stdout
    rows = output.diagnostics.rows(i, lang)
    n_found = sum(1 for r in rows if r["found"])
    print(pick(lang, f"规划内部矛盾诊断：{n_found}/{len(rows)} 项在本情景中出现",
               f"Plan diagnostics: {n_found} of {len(rows)} contradictions bite in this scenario"), file=stream)
    for r in rows:
        mark = pick(lang, "✗ 存在", "✗ found") if r["found"] else pick(lang, "✓ 未出现", "✓ not found")
        print(f"  {mark}  {r['title']} [{r['section']}]", file=stream)
        print(f"      {r['explanation']}", file=stream)


# --------------------------------------------------------------------------- commands

def _cmd_validate(args: argparse.Namespace) -> int:
    from model.api import load_scenarios

    for s in load_scenarios([Path(p) for p in args.paths]):
        chain = " <- ".join(x.id for x in s.lineage)
        print(f"ok  {s.path}  ({chain} <- defaults)")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from model.api import run

    results = run([Path(p) for p in args.scenarios])
    written = results.write(args.out, force=args.force)
    for i, (folder, replaced) in enumerate(written):
        print_scorecard(results.output, i, args.lang)
        print_diagnostics(results.output, i, args.lang)
        note = pick(args.lang, "（已替换上次结果）", " (replaced the previous run)") if replaced else ""
        print(pick(args.lang, "结果已写入 ", "results written to ") + f"{folder}/{note}")
    return EXIT_OK


def _cmd_scorecard(args: argparse.Namespace) -> int:
    from model.api import run

    results = run([Path(p) for p in args.scenarios])
    for i in range(len(results.ids)):
        print_scorecard(results.output, i, args.lang)
        if not args.no_diagnostics:
            print_diagnostics(results.output, i, args.lang)
    return EXIT_OK


def _cmd_params(args: argparse.Namespace) -> int:
    from model.reporting.listing import render_parameters

    sys.stdout.write(render_parameters(args.format, args.lang))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``validate``, ``run``, ``scorecard`` and ``params``."""
    p = sub.add_parser("validate", help="check scenario files (exit 0 when all are valid, 2 otherwise)",
                       description="Check scenario files and their parents; every problem is "
                                   "reported as file:line: key: what was expected.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders of them")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("run", help="run scenarios and write results, scorecard and manifest",
                       description="Run scenarios and write DIR/<id>/results.csv, targets.csv, "
                                   "diagnostics.csv and manifest.json; print each scorecard and "
                                   "the plan diagnostics.")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files or folders")
    p.add_argument("--out", default="reports", metavar="DIR",
                   help="output folder (default: reports/)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing output folder that this workbook did not write")
    add_lang_option(p)
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("scorecard", help="print scenarios' scorecards and diagnostics (writes nothing)",
                       description="Run scenarios in memory and print each plan scorecard and the plan "
                                   "diagnostics; no file is written.")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files or folders")
    p.add_argument("--no-diagnostics", action="store_true", help="print the scorecards only")
    add_lang_option(p)
    p.set_defaults(func=_cmd_scorecard)

    p = sub.add_parser("params", help="list every parameter of the registry",
                       description="List the parameter registry: name, labels, unit, default, "
                                   "bounds, kind and source.")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="output format (default: table)")
    add_lang_option(p)
    p.set_defaults(func=_cmd_params)

"""``python -m model``: the workbook's command line.

A thin layer: each command parses its options and calls the package.  Bad
input (a scenario-file problem, an output that must not be overwritten) is
reported as one line per problem on standard error with exit status 2 and no
traceback; nothing is written.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from model import __version__
from model.cli.args import add_lang_option
from model.errors import UserInputError
from model.scenarios import ScenarioError, find_scenario_files, load_scenarios

__all__ = ["main", "build_parser", "COMMAND_MODULES", "print_scorecard", "print_diagnostics"]

#: Modules that add further sub-commands: each has ``register(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = ("model.cli.uncertainty", "model.cli.reports")

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


def print_scorecard(output, i: int, lang: str, stream=None) -> None:
    """Print scenario ``i``'s scorecard as an aligned table."""
    from model.text import format_number, format_table

    stream = stream or sys.stdout
    s = output.scenarios[i]
    zh = lang == "zh"
    rows = []
    for r in output.scorecard.rows(i, lang):
        cmp = {"about": "≈", ">=": "≥", "<=": "≤", "not_modelled": ""}[r["comparison"]]
        target = "-" if r["target_value"] is None else f"{cmp}{format_number(r['target_value'])}"
        if r["tolerance"] is not None:
            target += f" ±{format_number(r['tolerance'], 1)}"
        margin = "-" if r["margin"] is None else f"{r['margin'] + 0.0:+,.2f}".replace("-0.00", "+0.00")
        rows.append([r["label"], r["section"], target, format_number(r["value"]), r["unit"],
                     r["status_label"], margin])
    headers = (["目标", "规划出处", "目标值", "情景值", "单位", "状态", "差距"] if zh else
               ["target", "plan section", "target", "value", "unit", "status", "margin"])
    title = f"{s.title(lang)} ({s.id})"
    met = int((output.scorecard.status[i] == "met").sum())
    missed = int((output.scorecard.status[i] == "missed").sum())
    summary = (f"达成 {met} 项，未达成 {missed} 项" if zh else f"{met} met, {missed} missed")
    print(f"\n{title} — {'规划目标记分卡' if zh else 'plan scorecard'}: {summary}", file=stream)
    print(format_table(headers, rows, [False, False, True, True, False, False, True]), file=stream)


def print_diagnostics(output, i: int, lang: str, stream=None) -> None:
    """Print scenario ``i``'s plan diagnostics in plain language."""
    stream = stream or sys.stdout
    zh = lang == "zh"
    rows = output.diagnostics.rows(i, lang)
    n_found = sum(1 for r in rows if r["found"])
    head = (f"规划内部矛盾诊断：{n_found}/{len(rows)} 项在本情景中出现" if zh else
            f"Plan diagnostics: {n_found} of {len(rows)} contradictions bite in this scenario")
    print(head, file=stream)
    for r in rows:
        mark = ("✗ 存在" if zh else "✗ found") if r["found"] else ("✓ 未出现" if zh else "✓ not found")
        print(f"  {mark}  {r['title']} [{r['section']}]", file=stream)
        print(f"      {r['explanation']}", file=stream)


# --------------------------------------------------------------------------- commands

def _cmd_validate(args: argparse.Namespace) -> int:
    files = find_scenario_files(args.paths)
    scenarios = load_scenarios(files)
    for s in scenarios:
        chain = " <- ".join(x.id for x in s.lineage)
        print(f"ok  {s.path}  ({chain} <- defaults)")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from model.runs.runner import run_scenarios, write_run

    files = find_scenario_files(args.scenarios)
    scenarios = load_scenarios(files)
    output = run_scenarios(scenarios)
    written = write_run(output, args.out, force=args.force)
    for i, (folder, replaced) in enumerate(written):
        print_scorecard(output, i, args.lang)
        print_diagnostics(output, i, args.lang)
        note = (" (replaced the previous run)" if not args.lang == "zh" else "（已替换上次结果）") if replaced else ""
        print(("结果已写入 " if args.lang == "zh" else "results written to ") + f"{folder}/{note}")
    return EXIT_OK


def _cmd_scorecard(args: argparse.Namespace) -> int:
    from model.runs.runner import run_scenarios

    output = run_scenarios(load_scenarios(find_scenario_files(args.scenarios)))
    for i in range(len(output.scenarios)):
        print_scorecard(output, i, args.lang)
        if not args.no_diagnostics:
            print_diagnostics(output, i, args.lang)
    return EXIT_OK


def _cmd_params(args: argparse.Namespace) -> int:
    from model.reporting.listing import render_parameters

    sys.stdout.write(render_parameters(args.format, args.lang))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="python -m model",
        description="Urad Rear Banner 14th Five-Year Plan scenario workbook "
                    "(乌拉特后旗“十四五”规划情景工作簿).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

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

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or EXIT_OK)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        n = len(exc.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", file=sys.stderr)
        return EXIT_INPUT
    except UserInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted; only complete outputs were kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `python -m model params | head`
        return EXIT_OK

"""Sub-commands ``report``, ``compare`` and ``batch`` of ``python -m model``.

Thin: they check the input (bad input: one line, exit status 2, nothing
written), then call :mod:`model.execution.notebook` (papermill execution of
``notebooks/report.ipynb``) or :mod:`model.execution.batch` (batch runs) and
print where the outputs went.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from model.cli.args import (add_lang_option, add_output_options, add_progress_option, positive_float,
                            positive_int)
from model.errors import UserInputError
from model.provenance import pdf_is_ours, refuse_foreign

__all__ = ["register", "cmd_report", "cmd_compare", "cmd_batch"]

EXIT_OK, EXIT_FAILED = 0, 1


#: Where report, compare and batch write by default.
DEFAULT_OUT = "reports"


def _out_dir(path: str | None) -> Path:
    out = Path(path or DEFAULT_OUT)
    if out.exists() and not out.is_dir():
        raise UserInputError(f"{out}: exists and is not a folder; expected an output folder (--out)")
    return out


def _check_pdf_target(target: Path, force: bool) -> None:
    refuse_foreign(target, pdf_is_ours(target), force)


def _execute(params: dict, out: Path, stem: str, kernel, progress: bool) -> int:
    from model.execution.notebook import ReportFailed, execute_report_notebook

    try:
        notebook = execute_report_notebook(params, out, stem, kernel=kernel, progress=progress)
    except ReportFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{notebook.parent / (stem + '.pdf')}")
    print(f"{notebook}")
    return EXIT_OK


@contextlib.contextmanager
def _kernel():
    """The report's kernel, started first so it boots while this process checks the input.

    Over IPC; shut down when the report is done or the input was refused.
    """
    from model.execution.notebook import WarmKernel, check_kernel

    check_kernel()
    kernel = WarmKernel()
    kernel.prestart()
    try:
        yield kernel
    finally:
        kernel.shutdown()


def cmd_report(args: argparse.Namespace) -> int:
    """Execute the report notebook for one scenario: ``<out>/<id>.pdf`` and ``<id>.ipynb``."""
    from model.execution.notebook import prepare_code

    out = _out_dir(args.out)
    with _kernel() as kernel:
        from model.scenarios import load_scenarios  # after the kernel's start: it boots meanwhile

        paths = [args.scenario] + ([args.reference] if args.reference else [])
        scenario = load_scenarios(paths)[0]
        _check_pdf_target(out / f"{scenario.id}.pdf", args.force)
        params = {"scenario": str(Path(args.scenario).resolve()),
                  "reference": str(Path(args.reference).resolve()) if args.reference else None,
                  "lang": args.lang, "out_dir": str(out.resolve()), "name": scenario.id,
                  "force": args.force}
        # the kernel assembles the content while this process loads papermill
        kernel.send(prepare_code(params))
        return _execute(params, out, scenario.id, kernel, not args.no_progress)


def cmd_compare(args: argparse.Namespace) -> int:
    """Execute the report notebook in comparison mode: ``<out>/<name>.pdf``."""
    out = _out_dir(args.out)
    if len(args.scenarios) < 2:
        raise UserInputError("compare: expected at least two scenario files")
    with _kernel() as kernel:
        from model.scenarios import load_scenarios

        load_scenarios(args.scenarios)
        _check_pdf_target(out / f"{args.name}.pdf", args.force)
        files = [str(Path(p).resolve()) for p in args.scenarios]
        params = {"scenario": files[0], "compare": files[1:], "lang": args.lang,
                  "out_dir": str(out.resolve()), "name": args.name, "force": args.force}
        return _execute(params, out, args.name, kernel, not args.no_progress)


def cmd_batch(args: argparse.Namespace) -> int:
    """Run a batch; print one line per scenario that did not simply succeed, and the tables."""
    from model.execution.batch import run_batch
    from model.execution.task import DONE, SKIPPED

    out = args.out or DEFAULT_OUT
    batch = run_batch(args.paths, out, workers=args.workers, scheduler=args.scheduler,
                      timeout=args.timeout, reports=args.reports, force=args.force, lang=args.lang,
                      reference=args.reference, progress=not args.no_progress)
    for r in batch.results:
        if r.status in (DONE, SKIPPED):
            pdfs = [o for o in r.outputs if o.endswith(".pdf")]
            shown = pdfs[0] if pdfs else str(Path(out) / (r.scenario_id or ""))
            print(f"{r.status:<9} {r.scenario_id:<24} {r.seconds:6.2f} s  {shown}")
        else:
            print(f"{r.status:<9} {r.scenario_id or r.file:<24} {r.seconds:6.2f} s  {r.error}")
    counts = ", ".join(f"{batch.count(s)} {s}" for s in ("done", "skipped", "failed", "timed out"))
    print(f"{len(batch.results)} scenarios in {batch.seconds:.1f} s on {batch.executor}: {counts}")
    for key in ("manifest", "summary", "results_csv", "results_xlsx"):
        print(batch.files[key])
    return batch.exit_status


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``report``, ``compare`` and ``batch`` to the command line."""
    p = subparsers.add_parser(
        "report", help="render a scenario's PDF report (papermill executes notebooks/report.ipynb)",
        description="Execute notebooks/report.ipynb with papermill for one scenario; write "
                    "DIR/<id>.pdf (A4, Chinese by default) and DIR/<id>.ipynb (the executed "
                    "notebook, the run's log). A failed notebook is kept as DIR/<id>.failed.ipynb.")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file")
    p.add_argument("--reference", metavar="SCENARIO",
                   help="reference scenario drawn dashed in the charts (default: scenarios/baseline.yaml)")
    add_output_options(p, default=f"{DEFAULT_OUT}/", force="replace a PDF this workbook did not write")
    add_lang_option(p, "the report")
    add_progress_option(p)
    p.set_defaults(func=cmd_report)

    p = subparsers.add_parser(
        "compare", help="render one PDF comparing several scenarios side by side",
        description="Execute notebooks/report.ipynb in comparison mode: scorecard columns per "
                    "scenario, charts with one line per scenario; write DIR/NAME.pdf and NAME.ipynb.")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="two or more scenario files")
    p.add_argument("--name", default="comparison", help="file stem (default: comparison)")
    add_output_options(p, default=f"{DEFAULT_OUT}/", force="replace a PDF this workbook did not write")
    add_lang_option(p, "the report")
    add_progress_option(p)
    p.set_defaults(func=cmd_compare)

    p = subparsers.add_parser(
        "batch", help="run many scenarios (and their reports) in parallel, failures contained",
        description="Run every scenario given (files or folders) on local worker processes or a "
                    "Dask cluster; write DIR/<id>/ per scenario, batch-manifest.json, "
                    "batch-summary.csv, results.csv and results.xlsx. Exit status 0 when all "
                    "succeeded, 1 when some failed or timed out, 2 when the input is invalid.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    p.add_argument("--workers", type=positive_int, default=None, metavar="N",
                   help="worker processes (default: the machine's cores)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="submit to a running Dask scheduler, e.g. tcp://127.0.0.1:8786")
    p.add_argument("--timeout", type=positive_float, default=None, metavar="SECONDS",
                   help="seconds one scenario may take before its worker is killed")
    p.add_argument("--reports", action="store_true", help="also render each scenario's PDF report")
    p.add_argument("--reference", metavar="SCENARIO", help="reference scenario of the reports")
    add_output_options(p, default=f"{DEFAULT_OUT}/",
                       force="rerun scenarios whose outputs are current; replace folders not written here")
    add_lang_option(p, "the reports")
    add_progress_option(p)
    # the name batch's progress option had before every command shared --no-progress; kept for scripts
    p.add_argument("--quiet", dest="no_progress", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_batch)

"""One report against a bare papermill run, side by side in one run (issue 12 item 7).

(a) ``papermill EMPTY.ipynb OUT.ipynb -k urad-rear``: a notebook without cells on the
    project's kernel, what any notebook costs before it does anything (papermill's
    import, the kernel's start and stop);
(b) ``python -m model report scenarios/slower-industry.yaml``: the whole report command
    (input checks, the kernel, the notebook, the model, the charts, the uncertainty
    section's ensemble, the PDF);
    The command overlaps its steps (``model.cli.reports``): the kernel starts first, is
    sent ``prepare(...)`` as soon as the input is checked and assembles the content on every
    core (``model.reporting.forked``) while the command imports papermill (without the
    unused slow import, ``model.execution.notebook.import_papermill``) and connects to it;
    the charts are laid out by ``model.reporting.layout.PanelGrid`` and the kernel imports
    neither pandas nor scipy.stats (docs/reports-and-batch.md, "A one-off report").

The two alternate ``--rounds`` times (so both see the same load on the machine); the
script prints each round, the medians and the ratios to (a) (goal: at most 1.5), then
where a report's time goes, measured in this process after a warm-up round.  Usage::

    .venv/bin/python benchmarks/report_vs_papermill.py [--rounds N] [--scenario FILE]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5
EMPTY_NOTEBOOK = {"cells": [], "metadata": {"kernelspec": {"name": "urad-rear", "display_name": "urad-rear",
                                                           "language": "python"}},
                  "nbformat": 4, "nbformat_minor": 5}


def bare_papermill(folder: Path) -> float:
    """(a) seconds of one papermill call on a notebook without cells."""
    notebook = folder / "empty.ipynb"
    notebook.write_text(json.dumps(EMPTY_NOTEBOOK), encoding="utf-8")
    papermill = Path(sys.executable).parent / "papermill"
    started = time.perf_counter()
    subprocess.run([str(papermill), str(notebook), str(folder / "empty-out.ipynb"), "-k", "urad-rear",
                    "--no-progress-bar"], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def one_report(scenario: Path, folder: Path) -> float:
    """(b) seconds of ``python -m model report SCENARIO``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "model", "report", str(scenario), "--out", str(folder), "--force"],
                   check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def breakdown(scenario: Path, repeats: int = 2) -> dict[str, float]:
    """Median seconds of each step of one report in a warm process (first round dropped)."""
    from model.reporting import scenario_content as sc
    from model.reporting.forked import available_cores
    from model.reporting.pdf import render_pdf
    from model.reporting.report import baseline_path
    from model.runs.runner import run_scenarios
    from model.scenarios import load_scenarios

    steps: dict[str, list[float]] = {}

    def timed(name, fn, *args):
        t = time.perf_counter()
        value = fn(*args)
        steps.setdefault(name, []).append(time.perf_counter() - t)
        return value

    for _ in range(repeats + 1):
        s, base = timed("load scenarios", load_scenarios, [scenario, baseline_path()])
        output = timed("run the model", run_scenarios, [s, base])
        timed("theme charts (SVG)", sc._chart_blocks, output, 0, 1, "zh")
        timed(f"content, {available_cores()} processes", sc.scenario_report_content, output, 0, 1, base, "zh",
              None, available_cores())
        timed("model and observed", sc.model_and_observed_blocks, output, 0, base, "zh")
        timed("uncertainty section", sc.uncertainty_blocks, s, "zh", output.observed(0))
        content = timed("content, 1 process", sc.scenario_report_content, output, 0, 1, base, "zh")
        timed("Typst PDF", render_pdf, content)
    return {k: statistics.median(v[1:]) for k, v in steps.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "slower-industry.yaml")
    args = parser.parse_args()
    bare, report = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k in range(args.rounds):
            bare.append(bare_papermill(folder))
            report.append(one_report(args.scenario, folder))
            print(f"round {k + 1}: (a) bare papermill {bare[-1]:.2f} s, (b) report {report[-1]:.2f} s")
    b, r = (statistics.median(x) for x in (bare, report))
    print(f"median: (a) {b:.2f} s, (b) {r:.2f} s; ratio (b)/(a) {r / b:.2f} (goal <= {GOAL})")
    print("where a report's time goes (warm process, median):")
    for name, seconds in breakdown(args.scenario).items():
        print(f"  {name:<24} {seconds:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

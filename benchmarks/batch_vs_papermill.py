"""Batch reports against the naive papermill loop, in one run on the same scenarios.

(a) the loop a user writes first: one ``papermill`` command-line call per
    scenario executing ``notebooks/report.ipynb`` with ``-p pdf False`` (the
    notebook runs the model and draws the charts, no PDF is written);
(b) ``python -m model batch --reports``: the same notebook through warm
    kernels in worker processes, PDFs included;
(c) one report on its own: ``python -m model report SCENARIO``.

Prints reports per second of (a) and (b), their ratio, the single-report time,
and where a report's time goes (measured in this process after a warm-up:
model runs, charts, Typst).  Usage::

    .venv/bin/python benchmarks/batch_vs_papermill.py [--scenarios N] [--workers N]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def naive_loop(files: list[Path], out: Path) -> float:
    """(a) one papermill command per scenario; returns seconds."""
    papermill = Path(sys.executable).parent / "papermill"
    started = time.perf_counter()
    for f in files:
        subprocess.run([str(papermill), str(ROOT / "notebooks" / "report.ipynb"), str(out / f"{f.stem}.ipynb"),
                        "-k", "urad-rear", "--no-progress-bar", "-p", "scenario", str(f.resolve()),
                        "-p", "out_dir", str(out), "-p", "name", f.stem, "-p", "pdf", "False"],
                       check=True, capture_output=True, env=_env(), cwd=ROOT)
    return time.perf_counter() - started


def batch(files: list[Path], out: Path, workers: int | None) -> tuple[float, dict]:
    """(b) python -m model batch --reports; returns seconds and the batch manifest."""
    cmd = [sys.executable, "-m", "model", "batch", *map(str, files), "--out", str(out), "--reports",
           "--quiet", "--force"] + (["--workers", str(workers)] if workers else [])
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=_env(), cwd=ROOT)
    seconds = time.perf_counter() - started
    return seconds, json.loads((out / "batch-manifest.json").read_text(encoding="utf-8"))


def single(file: Path, out: Path) -> float:
    """(c) python -m model report SCENARIO; returns seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "model", "report", str(file), "--out", str(out)], check=True,
                   capture_output=True, env=_env(), cwd=ROOT)
    return time.perf_counter() - started


def breakdown(file: Path, repeats: int = 3) -> dict[str, float]:
    """Median seconds of each step of one report in a warm process."""
    from model.reporting.pdf import render_pdf
    from model.reporting.report import baseline_path, scenario_report_content
    from model.runs.runner import run_scenarios
    from model.scenarios import load_scenarios

    steps: dict[str, list[float]] = {"load and run the model": [], "content and charts (matplotlib SVG)": [],
                                     "Typst PDF": []}
    for _ in range(repeats + 1):  # the first round warms caches and is dropped
        t0 = time.perf_counter()
        s, base = load_scenarios([file, baseline_path()])
        output = run_scenarios([s, base])
        t1 = time.perf_counter()
        content = scenario_report_content(output, 0, 1, base, "zh")
        t2 = time.perf_counter()
        render_pdf(content)
        t3 = time.perf_counter()
        for key, dt in zip(steps, (t1 - t0, t2 - t1, t3 - t2)):
            steps[key].append(dt)
    return {k: statistics.median(v[1:]) for k, v in steps.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=None, help="use the first N shipped scenarios")
    parser.add_argument("--workers", type=int, default=None, help="batch workers (default: cores)")
    args = parser.parse_args()
    files = sorted((ROOT / "scenarios").glob("*.yaml"))[: args.scenarios]
    n = len(files)
    with tempfile.TemporaryDirectory(prefix="urad-bench-") as tmp:
        tmp_path = Path(tmp)
        for d in ("a", "b", "c"):
            (tmp_path / d).mkdir()
        t_naive = naive_loop(files, tmp_path / "a")
        t_batch, manifest = batch(files, tmp_path / "b", args.workers)
        t_single = single(files[0], tmp_path / "c")
        pdfs = len(list((tmp_path / "b").glob("*/*.pdf")))
    per_task = [s["seconds"] for s in manifest["scenarios"] if s["status"] == "done"]
    steps = breakdown(files[0])
    rate_naive, rate_batch = n / t_naive, n / t_batch
    print(f"scenarios: {n}; cores: {os.cpu_count()}; batch executor: {manifest['executor']}")
    print(f"(a) naive papermill loop, no PDF : {t_naive:7.2f} s  {rate_naive:6.3f} reports/s "
          f"({t_naive / n:.2f} s per report)")
    print(f"(b) model batch --reports (PDFs): {t_batch:7.2f} s  {rate_batch:6.3f} reports/s "
          f"({pdfs} PDFs; {statistics.mean(per_task):.2f} s per report inside a worker)")
    print(f"ratio (b)/(a) throughput         : {rate_batch / rate_naive:6.2f}x")
    print(f"(c) one report, python -m model report: {t_single:.2f} s")
    print("one report in a warm process (median of 3):")
    for key, value in steps.items():
        print(f"    {key:<38} {value:6.3f} s")
    print(f"    {'total':<38} {sum(steps.values()):6.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: what ``calibrate`` costs on the shipped observations.

In one run, on this machine:

1. baseline: ``python -m model run scenarios/baseline.yaml`` in a fresh process (load the
   scenario, run the model once, write results), the cost of any command of the workbook;
2. ``python -m model calibrate scenarios/baseline.yaml --observed data/observed`` in a fresh
   process, writing to a temporary folder;
3. in this process: ``calibrate()`` alone, repeated, to separate the fit from start-up.

It prints the seconds of each and the ratio of (2) to (1).  The goal is under 10 s for (2).

Usage::

    .venv/bin/python benchmarks/calibrate_cost.py [--repeat 5]

Timings on a shared 2-core machine are noisy; compare the ratio measured in the same run.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _common import ROOT, timed_command



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from model.analysis.calibration import calibrate
    from model.scenarios import load_scenario
    from model.scenarios.observations import OBSERVED_DIR, load_observations

    with tempfile.TemporaryDirectory() as tmp:
        run_s = min(timed_command(["run", "scenarios/baseline.yaml", "--out", str(Path(tmp) / "run")])
                    for _ in range(2))
        cal_s = min(timed_command(["calibrate", "scenarios/baseline.yaml", "--observed", "data/observed",
                            "--out", str(Path(tmp) / "fit.yaml")]) for _ in range(2))
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    observations = load_observations([OBSERVED_DIR])
    fits = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        fit = calibrate(scenario, observations)
        fits.append(time.perf_counter() - start)
    print(f"observations fitted: {len(fit.observations)}; free values: {sum(fp.size for fp in fit.free)}; "
          f"solver evaluations: {fit.iterations}")
    print(f"baseline  `python -m model run` (fresh process):        {run_s:6.2f} s")
    print(f"calibrate `python -m model calibrate` (fresh process):  {cal_s:6.2f} s  (goal < 10 s)")
    print(f"calibrate() alone, median of {args.repeat}:                  {statistics.median(fits):6.2f} s")
    print(f"ratio calibrate / run: {cal_s / run_s:.2f}x")


if __name__ == "__main__":
    main()

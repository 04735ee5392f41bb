"""Benchmark: 100,000 draws of ``discover`` (the goal: under 60 s), and ``fit-plan`` on the baseline.

In one run, on this machine, each as the command line runs it, in a fresh process:

1. baseline: ``python -m model ensemble scenarios/baseline.yaml --draws 100000`` (the plain
   ensemble of the scenario's assumptions: draw, run, score and write Parquet);
2. ``python -m model discover scenarios/baseline.yaml --target energy_intensity_cut --draws 100000``
   (the assumptions and every explorable lever drawn, run and judged, then feature scoring,
   PRIM, CART, two charts);
3. ``python -m model fit-plan scenarios/baseline.yaml`` (the goal: under 60 s as well).

It prints the seconds of each, the ratio of (2) and (3) to (1), and the split of (2) that
``discover`` records in its manifest (drawing and running, feature scoring, PRIM, CART).

Usage::

    .venv/bin/python benchmarks/discover_speed.py [--draws 100000] [--skip-fit]

Timings on a shared 2-core machine are noisy; compare the ratio measured in the same run.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import timed_command

GOAL_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--skip-fit", action="store_true", help="leave out fit-plan")
    args = parser.parse_args()
    n = str(args.draws)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ensemble_s = timed_command(["ensemble", "scenarios/baseline.yaml", "--draws", n, "--no-progress",
                             "--out", str(out / "ensemble")])
        discover_s = timed_command(["discover", "scenarios/baseline.yaml", "--target", "energy_intensity_cut",
                             "--draws", n, "--no-progress", "--out", str(out / "discover")])
        split = json.loads((out / "discover" / "manifest.json").read_text(encoding="utf-8"))["seconds"]
        fit_s = None if args.skip_fit else timed_command(["fit-plan", "scenarios/baseline.yaml",
                                                   "--out", str(out / "fitted.yaml")])
    print(f"baseline, ensemble of {args.draws:,} draws:  {ensemble_s:6.1f} s")
    print(f"discover, {args.draws:,} draws:              {discover_s:6.1f} s  "
          f"({discover_s / ensemble_s:.2f} x the ensemble; goal under {GOAL_SECONDS:.0f} s: "
          f"{'met' if discover_s < GOAL_SECONDS else 'NOT met'})")
    print("  of which " + ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in split.items() if k != "total"))
    if fit_s is not None:
        print(f"fit-plan, baseline, 33 levers:           {fit_s:6.1f} s  ({fit_s / ensemble_s:.2f} x the ensemble; "
              f"goal under {GOAL_SECONDS:.0f} s: {'met' if fit_s < GOAL_SECONDS else 'NOT met'})")


if __name__ == "__main__":
    main()

"""Benchmark: the vectorised ensemble against EMA Workbench's sequential evaluator.

In one run, on this machine:

1. draw the same ``--draws`` (10,000) parameter sets of the baseline;
2. (a) evaluate them through EMA Workbench's ``SequentialEvaluator``, the
   model wrapped as an EMA ``Model`` that runs one scenario at a time
   (``simulate`` and the scorecard for n = 1), the usual way an analyst wires
   a Python model into exploratory modelling;
3. (b) evaluate the same draws through the vectorised path, in memory
   (``simulate`` and the scorecard, one call per chunk), and through the full
   ensemble command path (``run_ensemble``: draws, results streamed to
   Parquet, summary and probabilities);
4. print draws per second of each and the ratios, check that (a) and (b) give
   the same outputs, then time ``--big`` (100,000) draws alone;
5. run ``--million`` (1,000,000) draws through ``python -m model ensemble``
   in a fresh process and report its peak resident memory (goal < 2 GB).

Usage::

    .venv/bin/python benchmarks/ensemble_vs_ema.py [--draws 10000] [--big 100000]
                                                   [--million 1000000 | --million 0]

Timings on a shared 2-core machine are noisy; compare the ratios measured in
the same run.
"""
from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from model.core.scorecard import TARGETS, evaluate_targets
from model.core.simulate import simulate
from model.core.timeline import year_index
from model.analysis.ensemble import evaluate_design, peak_rss_mb, run_ensemble
from model.analysis.sampling import EnsembleDesign
from model.scenarios import load_scenario

ROOT = Path(__file__).resolve().parent.parent

#: Outcomes compared between the two paths (variable, year).
OUTCOMES = (("GDP", 2025), ("Share|Secondary", 2025), ("Energy|Assessed", 2025),
            ("Livestock|Stocking Ratio", 2025))
SEED = 20210301


def _outcome_name(variable: str, year: int) -> str:
    return f"{variable.replace('|', '_').replace(' ', '_')}_{year}"


def ema_run(design: EnsembleDesign, draws: int) -> tuple[float, dict[str, np.ndarray]]:
    """Evaluate ``draws`` draws one at a time through EMA Workbench's SequentialEvaluator."""
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    from ema_workbench import (IntegerParameter, Model, RealParameter, ScalarOutcome, Scenario,
                               SequentialEvaluator, perform_experiments)

    values = design.values(0, draws)
    names = design.names

    def model_function(**kwargs: float) -> dict[str, float]:
        # one scenario: the drawn values as arrays of length 1, then the whole model and scorecard
        drawn = {n: np.asarray([kwargs[n]], dtype=values[n].dtype) for n in names}
        params = design.parameter_set_from_values(drawn)
        results = simulate(params)
        card = evaluate_targets(params, results)
        out = {_outcome_name(v, y): float(results[v][0, year_index(y)]) for v, y in OUTCOMES}
        out["targets_met"] = float(card.met[0].sum())
        return out

    model = Model("uradrear", function=model_function)
    uncertainties = []
    for u in design.uncertain:
        col = values[u.name]
        if u.parameter.dtype == "choice":
            uncertainties.append(IntegerParameter(u.name, 0, len(u.parameter.choices) - 1))
        else:
            lo, hi = float(col.min()), float(col.max())
            uncertainties.append(RealParameter(u.name, lo, hi if hi > lo else lo + 1e-9))
    model.uncertainties = uncertainties
    model.outcomes = [ScalarOutcome(_outcome_name(v, y)) for v, y in OUTCOMES] + [ScalarOutcome("targets_met")]
    scenarios = [Scenario(f"d{i}", **{n: values[n][i].item() for n in names}) for i in range(draws)]
    started = time.perf_counter()
    with SequentialEvaluator(model) as evaluator:
        _, outcomes = perform_experiments(model, scenarios=scenarios, evaluator=evaluator)
    return time.perf_counter() - started, {k: np.asarray(v) for k, v in outcomes.items()}


def vectorised_run(design: EnsembleDesign) -> tuple[float, dict[str, np.ndarray]]:
    """The same draws, chunk by chunk through the vectorised model and scorecard, in memory."""
    started = time.perf_counter()
    parts: dict[str, list[np.ndarray]] = {_outcome_name(v, y): [] for v, y in OUTCOMES}
    parts["targets_met"] = []
    for params, results in evaluate_design(design):
        card = evaluate_targets(params, results)
        for v, y in OUTCOMES:
            parts[_outcome_name(v, y)].append(results[v][:, year_index(y)])
        parts["targets_met"].append(card.met.sum(axis=1).astype(float))
    seconds = time.perf_counter() - started
    return seconds, {k: np.concatenate(v) for k, v in parts.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "baseline.yaml"),
                    help="scenario file (default: the baseline)")
    ap.add_argument("--draws", type=int, default=10_000, help="draws compared with EMA (default 10000)")
    ap.add_argument("--big", type=int, default=100_000, help="draws timed alone (default 100000)")
    ap.add_argument("--million", type=int, default=1_000_000,
                    help="draws of the memory run in a fresh process (0 to skip; default 1000000)")
    args = ap.parse_args(argv)

    scenario = load_scenario(args.scenario)
    design = EnsembleDesign.from_scenario(scenario, args.draws, SEED, "montecarlo")
    print(f"scenario {scenario.id}: {len(design.uncertain)} uncertain assumptions, {len(TARGETS)} targets")

    ema_s, ema_out = ema_run(design, args.draws)
    vec_s, vec_out = vectorised_run(design)
    for k, v in vec_out.items():
        if not np.allclose(ema_out[k], v, rtol=1e-12, atol=1e-12, equal_nan=True):
            print(f"MISMATCH between EMA and vectorised outcome {k}")
            return 1
    with tempfile.TemporaryDirectory(prefix="bench-ens-") as tmp:
        t0 = time.perf_counter()
        run = run_ensemble(scenario, args.draws, SEED, Path(tmp) / "e", progress=False)
        full_s = time.perf_counter() - t0
    ema_rate, vec_rate, full_rate = args.draws / ema_s, args.draws / vec_s, args.draws / full_s
    print(f"\n{args.draws:,} draws, same draws, same outputs (checked):")
    print(f"  (a) EMA Workbench SequentialEvaluator, one scenario per call: {ema_s:8.2f} s  {ema_rate:>12,.0f} draws/s")
    print(f"  (b) vectorised model + scorecard, in memory:                  {vec_s:8.2f} s  {vec_rate:>12,.0f} draws/s"
          f"   ratio {vec_rate / ema_rate:,.0f}x")
    print(f"  (b') full ensemble command path (Parquet, summary):          {full_s:8.2f} s  {full_rate:>12,.0f} draws/s"
          f"   ratio {full_rate / ema_rate:,.0f}x")

    big = EnsembleDesign.from_scenario(scenario, args.big, SEED, "montecarlo")
    big_s, _ = vectorised_run(big)
    with tempfile.TemporaryDirectory(prefix="bench-ens-") as tmp:
        t0 = time.perf_counter()
        run = run_ensemble(scenario, args.big, SEED, Path(tmp) / "e", progress=False)
        big_full_s = time.perf_counter() - t0
        write_s = run.manifest["seconds_model_and_write"]
    print(f"\n{args.big:,} draws alone:")
    print(f"  vectorised model + scorecard, in memory: {big_s:6.2f} s ({args.big / big_s:,.0f} draws/s)")
    print(f"  ensemble to Parquet: {write_s:6.2f} s drawing, running and writing; {big_full_s:6.2f} s with the "
          f"summary ({args.big / big_full_s:,.0f} draws/s)")
    print(f"  peak RSS of this process so far: {peak_rss_mb():,.0f} MB")

    if args.million:
        with tempfile.TemporaryDirectory(prefix="bench-ens-", dir=ROOT) as tmp:
            out = Path(tmp) / "million"
            cmd = [sys.executable, "-m", "model", "ensemble", args.scenario, "--draws", str(args.million),
                   "--seed", str(SEED), "--out", str(out), "--no-progress", "--lang", "en"]
            t0 = time.perf_counter()
            res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            seconds = time.perf_counter() - t0
            if res.returncode != 0:
                print(res.stderr)
                return 1
            manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
            size = sum(f.stat().st_size for f in out.iterdir()) / 2**30
        print(f"\n{args.million:,} draws in a fresh process (python -m model ensemble, default chunking):")
        print(f"  {seconds:.1f} s wall ({manifest['seconds_model_and_write']:.1f} s drawing, running, writing; "
              f"{manifest['draws_per_second']:,.0f} draws/s), files {size:.2f} GiB, "
              f"{len(manifest['variables'])} variables stored")
        print(f"  peak RSS {manifest['peak_rss_mb']:,.0f} MB (goal < 2048 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

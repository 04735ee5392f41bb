"""Tests of model.analysis.ensemble: analytic percentiles and probabilities, byte-identical files, memory, Dask."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.core.catalogue import Target
from model.core.parameter import Distribution
from model.core.registry import REGISTRY
from model.core.scorecard import TARGETS
from model.core.simulate import VARIABLES
from model.core.timeline import N_YEARS
from model.analysis.ensemble import (QUANTILES, design_bands, design_probabilities, quick_bands, read_variable,
                            run_ensemble, stored_variables, target_probabilities)
from model.errors import UserInputError
from model.analysis.sampling import EnsembleDesign
from model.scenarios import load_scenario

FILES = ("draws.parquet", "results.parquet", "summary.csv", "probabilities.csv")
# One uniform assumption chosen by the test: 2020 primary value added ~ U(4, 6) 亿元.
LOW, HIGH = 4.0, 6.0
ONE_UNIFORM = {"va_2020_primary": Distribution("uniform", {"low": LOW, "high": HIGH})}


def _one_uniform(draws: int, seed: int = 1, method: str = "lhs") -> EnsembleDesign:
    return EnsembleDesign(REGISTRY.defaults(), ONE_UNIFORM, draws, seed, method)


@pytest.fixture(scope="module")
def baseline(scenario_dir):
    return load_scenario(scenario_dir / "baseline.yaml")


def test_percentiles_of_a_linear_output_match_the_uniform_quantiles():
    # GDP|Primary in 2020 IS va_2020_primary (compound growth starts at the base), so its
    # q-quantile is LOW + q (HIGH - LOW): 4.1, 4.5, 5.0, 5.5, 5.9 for q = 5/25/50/75/95 %.
    bands = design_bands(_one_uniform(2048), ["GDP|Primary"])["GDP|Primary"]
    assert bands.shape == (len(QUANTILES), N_YEARS)
    expected = [4.1, 4.5, 5.0, 5.5, 5.9]
    # a Latin hypercube of 2 x 1,024 strata puts every empirical quantile within 1/1024 of the range
    assert bands[:, 0] == pytest.approx(expected, abs=2 * (HIGH - LOW) / 1024)
    # later years scale the base by the same growth factor for every draw: the band stays linear
    ratio = bands[:, 5] / bands[:, 0]
    assert np.ptp(ratio) < 1e-12


def test_probabilities_of_a_linear_output_match_the_uniform_cdf():
    above = Target("t_above", "测试", "test", "test", "economy", "亿元", ">=", 5.5,
                   evaluate=lambda p, r: r["GDP|Primary"][:, 0])
    below = Target("t_below", "测试", "test", "test", "economy", "亿元", "<=", 4.4,
                   evaluate=lambda p, r: r["GDP|Primary"][:, 0])
    probs = design_probabilities(_one_uniform(4096), [above, below])
    # P(X >= 5.5) = (6 - 5.5) / 2 = 0.25;  P(X <= 4.4) = (4.4 - 4) / 2 = 0.2
    assert probs["t_above"] == pytest.approx(0.25, abs=1 / 1024)
    assert probs["t_below"] == pytest.approx(0.20, abs=1 / 1024)


def test_run_ensemble_summary_matches_the_analytic_case(tmp_path, baseline):
    run = run_ensemble(baseline, 0, 0, tmp_path / "ens", design=_one_uniform(3000, 9), progress=False)
    s = pd.read_csv(tmp_path / "ens" / "summary.csv")
    row = s[(s.variable == "GDP|Primary") & (s.year == 2020)].iloc[0]
    assert [row.p5, row.p25, row.p50, row.p75, row.p95] == pytest.approx([4.1, 4.5, 5.0, 5.5, 5.9],
                                                                      abs=2 * (HIGH - LOW) / 1024)
    assert row["mean"] == pytest.approx(5.0, abs=0.01)  # (4 + 6) / 2
    arr = read_variable(tmp_path / "ens" / "results.parquet", "GDP|Primary")
    assert arr.shape == (3000, N_YEARS)
    assert np.percentile(arr[:, 0], 50) == pytest.approx(row.p50, rel=1e-9)
    probs = pd.read_csv(tmp_path / "ens" / "probabilities.csv")
    assert {t for t in probs.target if not t.startswith("joint:")} == {t.id for t in TARGETS}
    assert run.manifest["design"]["draws"] == 3000


def test_same_files_whatever_the_chunking_and_workers(tmp_path, baseline):
    outs = []
    for i, (chunk, workers) in enumerate([(2500, 1), (700, 1), (1024, 2)]):
        out = tmp_path / f"e{i}"
        run_ensemble(baseline, 2500, 42, out, chunk_size=chunk, workers=workers, progress=False)
        outs.append(out)
    for f in FILES:
        first = (outs[0] / f).read_bytes()
        for other in outs[1:]:
            assert (other / f).read_bytes() == first, f


def test_default_variables_cover_key_and_target_needs(baseline):
    design = EnsembleDesign.from_scenario(baseline, 10, 1)
    stored = stored_variables(design)
    assert {"GDP", "Share|Secondary"} <= set(stored)
    for v in ("Energy|Assessed", "Energy|Cap", "Livestock|Stocking Ratio", "Sulfuric Acid|Surplus"):
        if v in VARIABLES:
            assert v in stored
    assert len(stored) < len(VARIABLES)
    assert stored_variables(design, all_variables=True) == list(VARIABLES)


def test_quick_bands_and_probabilities_api(baseline):
    bands = quick_bands(baseline, 200, 3, ["GDP", "Share|Secondary"])
    assert set(bands) == {"GDP", "Share|Secondary"}
    for b in bands.values():
        assert b.shape == (5, N_YEARS)
        assert np.all(np.diff(b, axis=0) >= -1e-12)  # quantiles are ordered
    probs = target_probabilities(baseline, 200, 3)
    assert set(probs) == {t.id for t in TARGETS}
    for t in TARGETS:
        if t.comparison == "not_modelled":
            assert np.isnan(probs[t.id])
        else:
            assert 0.0 <= probs[t.id] <= 1.0
    with pytest.raises(UserInputError):
        quick_bands(baseline, 10, 1, ["No Such Variable"])


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path, baseline, cli, scenario_dir):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UserInputError):
        run_ensemble(baseline, 10, 1, out, progress=False)
    res = cli("ensemble", str(scenario_dir / "baseline.yaml"), "--draws", "10", "--out", str(out))
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0 and "--force" in res.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no temporary folder left


@pytest.mark.slow
def test_cli_ensemble_writes_outputs_and_rejects_bad_scheduler(tmp_path, cli, scenario_dir):
    out = tmp_path / "ens"
    res = cli("ensemble", str(scenario_dir / "baseline.yaml"), "--draws", "300", "--seed", "5",
              "--sampler", "lhs", "--out", str(out), "--lang", "en", "--charts")
    assert res.returncode == 0, res.stderr
    for f in (*FILES, "manifest.json", "fan_charts.png", "probabilities.png"):
        assert (out / f).is_file(), f
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["design"]["method"] == "lhs" and manifest["design"]["seed"] == 5
    res = cli("ensemble", str(scenario_dir / "baseline.yaml"), "--draws", "10", "--out",
              str(tmp_path / "x"), "--scheduler", "tcp://127.0.0.1:1")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and "--scheduler" in res.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_memory_stays_bounded_with_chunks(tmp_path, cli, scenario_dir):
    draws, chunk = 100_000, 2048
    out = tmp_path / "big"
    res = cli("ensemble", str(scenario_dir / "baseline.yaml"), "--draws", str(draws), "--chunk-size",
              str(chunk), "--out", str(out), "--no-progress", "--lang", "en")
    assert res.returncode == 0, res.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    peak = manifest["peak_rss_mb"]
    # Holding every output of every draw at once would take draws x variables x years x 8 bytes
    unchunked_mb = draws * len(VARIABLES) * N_YEARS * 8 / 2**20
    # ... and the results file alone holds this much data (before compression):
    stored_mb = draws * len(manifest["variables"]) * N_YEARS * 8 / 2**20
    assert unchunked_mb > 1000 and stored_mb > 500
    # Bounded: the draws stream to disk row group by row group, and the summaries (weighted ones
    # too: the baseline names observations) read one variable at a time, so the peak stays well
    # below even the stored data (measured 496 MB for 879 MB stored, 72 variables; before the
    # weighted summary read one variable at a time it was 1,064 MB, above the stored data).
    assert peak < 0.75 * stored_mb, f"peak RSS {peak} MB against {stored_mb:.0f} MB stored"
    assert peak < unchunked_mb / 3


@pytest.mark.slow
def test_the_peak_memory_is_the_commands_own_even_when_a_big_process_starts_it(tmp_path, scenario_dir):
    # Linux carries ru_maxrss across fork and exec: a command started by an 800 MB process (as a
    # test suite grows to) reported 800 MB. The manifest's peak is the command's own (VmHWM).
    import subprocess
    import sys

    probe = ("import subprocess, sys\n"
             "big = bytearray(800 * 2**20)\n"
             "for i in range(0, len(big), 4096):\n"
             "    big[i] = 1\n"
             f"subprocess.run([sys.executable, '-m', 'model', 'ensemble', {str(scenario_dir / 'baseline.yaml')!r}, "
             f"'--draws', '500', '--out', {str(tmp_path / 'e')!r}, '--no-progress'], check=True)\n")
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, timeout=300)
    peak = json.loads((tmp_path / "e" / "manifest.json").read_text(encoding="utf-8"))["peak_rss_mb"]
    # 500 draws need a few hundred MB at most (interpreter, numpy, pandas, pyarrow: about 270 MB
    # measured for 2,000 draws), well under the starting process's 800 MB
    assert 50 < peak < 600, peak


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_files(tmp_path, baseline):
    from distributed import LocalCluster

    local = tmp_path / "local"
    run_ensemble(baseline, 3000, 8, local, chunk_size=3000, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        run = run_ensemble(baseline, 3000, 8, tmp_path / "dask", chunk_size=800,
                           scheduler=cluster.scheduler_address, progress=False)
    assert run.manifest["dask_workers"] == 2
    for f in FILES:
        assert (tmp_path / "dask" / f).read_bytes() == (local / f).read_bytes(), f


def test_fan_chart_draws_every_available_panel():
    from matplotlib.collections import PolyCollection

    from model.reporting.uncertainty_charts import available_fan_panels, fan_chart_figure, fan_variables

    bands = design_bands(_one_uniform(256), fan_variables())
    fig = fan_chart_figure(bands, lang="zh")
    panels = available_fan_panels()
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == len(panels)
    for ax, panel in zip(visible, panels):
        # two shaded bands (5-95 %, 25-75 %) per variable drawn in the panel
        bands_drawn = [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(bands_drawn) == 2 * len(panel.variables)
        assert ax.get_title() == panel.title("zh")


def test_joint_probabilities_agree_with_the_stored_met_flags(tmp_path, baseline):
    import pyarrow.parquet as pq

    out = tmp_path / "joint"
    run_ensemble(baseline, 1500, 4, out, joint=[["gdp_growth", "industry_growth"]], progress=False)
    probs = pd.read_csv(out / "probabilities.csv").set_index("target")
    table = pq.read_table(out / "results.parquet")
    met = {c[len("met|"):]: table.column(c).to_numpy() for c in table.column_names if c.startswith("met|")}
    both = met["gdp_growth"] & met["industry_growth"]
    assert probs.loc["joint:gdp_growth+industry_growth", "draws_met"] == both.sum()
    structure = met["share_primary_2025"] & met["share_secondary_2025"] & met["share_tertiary_2025"]
    assert probs.loc["joint:structure_2025", "probability"] == pytest.approx(structure.mean())
    everything = np.all(np.stack(list(met.values())), axis=0)
    assert probs.loc["joint:all_modelled", "draws_met"] == everything.sum()
    # a joint probability never exceeds the probability of any of its parts
    assert probs.loc["joint:structure_2025", "probability"] <= probs.loc["share_secondary_2025", "probability"]
    with pytest.raises(UserInputError, match="--joint"):
        run_ensemble(baseline, 10, 4, tmp_path / "bad", joint=[["no_such_target"]], progress=False)

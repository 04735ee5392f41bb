"""Tests of model.analysis.sensitivity: the SALib wrapper against known indices, the model wrapper, the CLI."""
from __future__ import annotations

import numpy as np
import pytest

from model.core.parameter import Distribution
from model.core.registry import REGISTRY
from model.errors import UserInputError
from model.analysis.sampling import EnsembleDesign
from model.analysis.sensitivity import analyse, morris_indices, sobol_indices, statement

A, B = 7.0, 0.1  # the Ishigami function's usual constants (Ishigami and Homma 1990)


def ishigami(x: np.ndarray) -> np.ndarray:
    """f = sin x1 + a sin^2 x2 + b x3^4 sin x1, with x_i ~ U(-pi, pi)."""
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices() -> tuple[list[float], list[float]]:
    """Analytic Sobol indices (Sobol' and Levitan 1999), worked from the formulas:

    V   = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2       = 6.125 + 1.9482 + 5.2714 + 0.5 = 13.8446 (a=7, b=0.1)
    V1  = (1 + b pi^4/5)^2 / 2                       = (2.9482)^2 / 2 = 4.3459  -> S1 = 0.3139
    V2  = a^2/8                                      = 6.125                    -> S2 = 0.4424
    V3  = 0                                                                      -> S3 = 0
    V13 = b^2 pi^8 (1/18 - 1/50)                     = 0.01 x 9488.5 x 0.035556 = 3.3737 -> ST1 = (V1+V13)/V = 0.5576
    ST2 = S2 = 0.4424;  ST3 = V13 / V = 0.2437
    """
    pi4, pi8 = np.pi ** 4, np.pi ** 8
    v = A ** 2 / 8 + B * pi4 / 5 + B ** 2 * pi8 / 18 + 0.5
    v1 = 0.5 * (1 + B * pi4 / 5) ** 2
    v2 = A ** 2 / 8
    v13 = B ** 2 * pi8 * (1 / 18 - 1 / 50)
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


def test_ishigami_reference_values_are_the_published_ones():
    s1, st = ishigami_indices()
    assert s1 == pytest.approx([0.314, 0.442, 0.0], abs=1e-3)
    assert st == pytest.approx([0.558, 0.442, 0.244], abs=1e-3)


def test_sobol_wrapper_recovers_ishigami_indices():
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    res = sobol_indices(problem, ishigami, base_samples=4096, seed=7)
    s1, st = ishigami_indices()
    assert res["S1"] == pytest.approx(s1, abs=0.03)
    assert res["ST"] == pytest.approx(st, abs=0.03)
    assert np.all(res["S1_conf"] > 0) and np.all(res["ST_conf"] < 0.1)
    assert int(res["runs"]) == 4096 * (3 + 2)  # Saltelli without second order: N (D + 2)


def test_morris_wrapper_on_a_linear_function():
    # f = 3 x1 + 0 x2 on [0, 1]^2: every elementary effect of x1 is 3, of x2 is 0 (sigma 0).
    problem = {"num_vars": 2, "names": ["x1", "x2"], "bounds": [[0.0, 1.0]] * 2}
    res = morris_indices(problem, lambda x: 3.0 * x[:, 0], trajectories=20, seed=1)
    assert res["mu_star"] == pytest.approx([3.0, 0.0], abs=1e-9)
    assert res["sigma"] == pytest.approx([0.0, 0.0], abs=1e-9)


def _two_uniform_design() -> EnsembleDesign:
    # GDP in 2020 = primary + (fixed industries) + tertiary: additive and linear in the two inputs.
    dists = {"va_2020_primary": Distribution("uniform", {"low": 4.0, "high": 6.0}),
             "va_2020_tertiary": Distribution("uniform", {"low": 14.0, "high": 18.0})}
    return EnsembleDesign(REGISTRY.defaults(), dists, 1, 3)


def test_model_sobol_on_an_additive_case_by_hand():
    # Var U(4,6) = 2^2/12 = 1/3, Var U(14,18) = 4^2/12 = 4/3: S1 = ST = 0.2 and 0.8.
    res = analyse(None, "GDP", 2020, "sobol", 1024, seed=3, design=_two_uniform_design())
    i = {n: k for k, n in enumerate(res.names)}
    assert res.indices["S1"][i["va_2020_primary"]] == pytest.approx(0.2, abs=0.03)
    assert res.indices["ST"][i["va_2020_tertiary"]] == pytest.approx(0.8, abs=0.03)
    assert res.ranking[0] == i["va_2020_tertiary"]
    assert res.output_sd == pytest.approx(np.sqrt(1 / 3 + 4 / 3), rel=0.05)


def test_model_morris_ranks_by_range():
    # Linear in both inputs: mu* is proportional to each range, 4 / 2 = 2 times larger for tertiary.
    res = analyse(None, "GDP", 2020, "morris", 20, seed=3, design=_two_uniform_design())
    i = {n: k for k, n in enumerate(res.names)}
    mu = res.indices["mu_star"]
    assert mu[i["va_2020_tertiary"]] / mu[i["va_2020_primary"]] == pytest.approx(2.0, rel=1e-9)
    assert np.all(res.indices["sigma"] < 1e-9)


def test_statement_names_the_top_assumptions():
    res = analyse(None, "GDP", 2020, "sobol", 256, seed=3, design=_two_uniform_design())
    zh, en = statement(res, "zh"), statement(res, "en")
    tert, prim = REGISTRY["va_2020_tertiary"], REGISTRY["va_2020_primary"]
    assert zh.index(tert.label_zh) < zh.index(prim.label_zh)
    assert en.index(tert.label_en) < en.index(prim.label_en)
    assert "2020" in zh and "2020" in en


def test_statement_on_the_real_registry_names_three(scenario_dir):
    from model.scenarios import load_scenario

    s = load_scenario(scenario_dir / "baseline.yaml")
    res = analyse(s, "GDP", 2025, "morris", 4, seed=1)
    text = statement(res, "en")
    top = [res.labels("en")[i] for i in res.ranking[:3]]
    assert all(label in text for label in top)
    assert text.startswith("The three assumptions")


def test_bad_requests_are_user_errors():
    design = _two_uniform_design()
    with pytest.raises(UserInputError, match="unknown variable"):
        analyse(None, "GPD", 2025, design=design)
    with pytest.raises(UserInputError, match="power of 2"):
        analyse(None, "GDP", 2025, "sobol", 1000, design=design)
    with pytest.raises(UserInputError, match="no uncertain"):
        analyse(None, "GDP", 2025, design=EnsembleDesign(REGISTRY.defaults(), {}, 1, 1))


def test_cli_sensitivity(tmp_path, cli, scenario_dir):
    out = tmp_path / "sens"
    res = cli("sensitivity", str(scenario_dir / "baseline.yaml"), "--method", "morris", "--output",
              "GDP", "--year", "2025", "--draws", "4", "--out", str(out), "--lang", "en")
    assert res.returncode == 0, res.stderr
    assert "The three assumptions" in res.stdout
    for f in ("indices.csv", "tornado.png", "statement.txt", "manifest.json"):
        assert (out / f).is_file()
    res = cli("sensitivity", str(scenario_dir / "baseline.yaml"), "--output", "Nope", "--lang", "en")
    assert res.returncode == 2
    assert res.stderr.startswith("error: --output") and "Traceback" not in res.stderr


def test_the_api_writes_what_the_command_writes_and_nothing_without_out(tmp_path, cli, scenario_dir):
    import json

    import model

    res = cli("sensitivity", str(scenario_dir / "baseline.yaml"), "--output", "Energy|Headroom",
              "--method", "morris", "--draws", "6", "--out", str(tmp_path / "cli"), "--no-progress", "--lang", "en")
    assert res.returncode == 0, res.stderr
    sens = model.sensitivity(str(scenario_dir / "baseline.yaml"), "Energy|Headroom", method="morris", draws=6,
                             out=tmp_path / "api", lang="en")
    for name in ("indices.csv", "statement.txt"):
        assert (tmp_path / "api" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    manifest = json.loads((tmp_path / "api" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"] == "urad-rear-workbook" and manifest["draws"] == 6
    # a folder the workbook wrote is replaced; one it did not write is refused without force
    model.sensitivity(str(scenario_dir / "baseline.yaml"), "Energy|Headroom", method="morris", draws=6,
                      out=tmp_path / "api", lang="en")
    (tmp_path / "mine").mkdir()
    with pytest.raises(model.WorkbookInputError, match="not written by this workbook"):
        model.sensitivity(sens.scenario, "Energy|Headroom", method="morris", draws=6, out=tmp_path / "mine")
    assert not (tmp_path / "mine" / "indices.csv").exists()
    before = sorted(p.name for p in tmp_path.iterdir())
    model.sensitivity(sens.scenario, "Energy|Headroom", method="morris", draws=6)
    assert sorted(p.name for p in tmp_path.iterdir()) == before

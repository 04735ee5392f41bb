"""Calibration: twin experiments recover known parameters; the model's own output changes nothing.

A twin experiment runs the model with one parameter changed, takes its output as the
"observations", and checks that calibrating with that parameter free recovers the value.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.analysis.calibration import CalibrationFailed, calibrate, default_free, write_calibration
from model.cli.main import main
from model.core import simulate, year_index
from model.scenarios import load_scenario
from model.scenarios.observations import OBSERVED_DIR, Observation, ObservationSet, load_observations

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def _observe(values: dict, variables: list[str], years: list[int]) -> ObservationSet:
    """Observations made from a run of the model with ``values`` (a twin)."""
    s = load_scenario(BASELINE)
    r = simulate(s.registry.parameter_set([values]))
    obs = [Observation(variable=v, unit="亿元", year=y, value=float(r[v][0, year_index(y)]),
                       source="twin experiment of the test suite")
           for v in variables for y in years]
    return ObservationSet(obs)


def test_twin_experiment_recovers_a_scalar_assumption():
    # 2020 mining value added set to 12.0 亿元 (default 15.0); observed mining VA in 2020, 2022, 2024.
    s = load_scenario(BASELINE)
    twin = dict(s.resolved(), va_2020_mining=12.0)
    fit = calibrate(s, _observe(twin, ["Value Added|Mining"], [2020, 2022, 2024]), free=["va_2020_mining"])
    assert fit.values()["va_2020_mining"] == pytest.approx(12.0, rel=1e-5)
    assert np.max(np.abs(fit.table()["residual"])) < 1e-6


def test_twin_experiment_recovers_a_path_lever_at_its_knots():
    # services growth 3 %/yr for 2021-2025 (default 7.1 %); observed services VA in 2022 and 2024.
    # Knots: 2020 (kept), 2022, 2024: the fitted path is 0.03 at 2022 and 2024.
    s = load_scenario(BASELINE)
    twin_path = {2020: 0.071, 2021: 0.03, 2025: 0.03, 2026: 0.05, 2035: 0.05}
    twin = dict(s.resolved(), growth_tertiary=twin_path)
    fit = calibrate(s, _observe(twin, ["GDP|Tertiary"], [2022, 2024]), free=["growth_tertiary"])
    path = fit.values()["growth_tertiary"]
    # 2021 is interpolated between the kept 2020 value (0.071) and the 2022 knot, so the 2022 knot
    # compensates for 2021: (1 + g2021)(1 + g2022) = 1.03^2 with g2021 = (0.071 + g2022) / 2.
    g = path[2022]
    assert (1 + (0.071 + g) / 2) * (1 + g) == pytest.approx(1.03 ** 2, rel=1e-6)
    # 2023-2024 then run at the twin's 3 %: (1 + (g + g24)/2)(1 + g24) = 1.03^2
    g24 = path[2024]
    assert (1 + (g + g24) / 2) * (1 + g24) == pytest.approx(1.03 ** 2, rel=1e-6)
    assert path[2025] == pytest.approx(0.071) and path[2035] == pytest.approx(0.05)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years=st.lists(st.sampled_from([2021, 2022, 2023, 2024, 2025]), min_size=1, max_size=3, unique=True),
       variable=st.sampled_from(["GDP|Nominal", "GDP|Tertiary", "Value Added|Industry", "Energy|Total"]))
def test_calibrating_to_the_models_own_output_changes_nothing(years, variable):
    s = load_scenario(BASELINE)
    r = simulate(s.registry.parameter_set([s.resolved()]))
    unit = {"Energy|Total": "万吨标准煤"}.get(variable, "亿元")
    obs = ObservationSet([Observation(variable=variable, unit=unit, year=y, value=float(r[variable][0, year_index(y)]),
                                      source="the model's own output") for y in sorted(years)])
    fit = calibrate(s, obs)
    assert fit.values() == {}
    assert np.max(np.abs(fit.table()["residual"])) < 1e-9


def test_default_free_set_follows_what_is_observed():
    s = load_scenario(BASELINE)
    r = simulate(s.registry.parameter_set([s.resolved()]))
    obs = ObservationSet([Observation(variable="Production|Copper", unit="kt", year=2023,
                                      value=float(r["Production|Copper"][0, 3]), source="x y")])
    free = default_free(s, obs)
    assert free and all(s.registry[n].dtype == "float" for n in free)
    assert any("copper" in n for n in free)


def test_a_fit_that_does_not_converge_raises(tmp_path):
    s = load_scenario(BASELINE)
    twin = dict(s.resolved(), va_2020_mining=12.0)
    with pytest.raises(CalibrationFailed, match="did not converge"):
        calibrate(s, _observe(twin, ["Value Added|Mining"], [2020, 2022]), free=["va_2020_mining"],
                  max_evaluations=1)


def test_calibrate_command_exits_1_and_writes_nothing_when_the_fit_fails(tmp_path, monkeypatch, capsys):
    import model.analysis.calibration as calibration
    monkeypatch.setattr(calibration, "MAX_EVALUATIONS", 1)
    monkeypatch.setattr(calibration.calibrate, "__defaults__",
                        calibration.calibrate.__defaults__[:-1] + (1,))
    out = tmp_path / "fit.yaml"
    status = main(["calibrate", str(BASELINE), "--observed", str(OBSERVED_DIR), "--out", str(out)])
    assert status == 1
    assert "did not converge" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_calibrate_never_replaces_a_file_it_did_not_write(tmp_path, capsys):
    out = tmp_path / "mine.yaml"
    out.write_text("id: mine\n", encoding="utf-8")
    status = main(["calibrate", str(BASELINE), "--observed", str(OBSERVED_DIR), "--out", str(out)])
    assert status == 2
    assert "not written by this workbook" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "id: mine\n"


def test_the_shipped_replay_is_what_calibrate_makes_of_the_shipped_observations(tmp_path):
    shipped = ROOT / "scenarios" / "replay-2021-2025.yaml"
    out = tmp_path / "scenarios" / "replay-2021-2025.yaml"
    out.parent.mkdir()
    shutil.copy(ROOT / "scenarios" / "baseline.yaml", out.parent / "baseline.yaml")
    shutil.copytree(OBSERVED_DIR, tmp_path / "data" / "observed")  # baseline.yaml names ../data/observed
    status = main(["calibrate", str(out.parent / "baseline.yaml"), "--observed", "data/observed",
                   "--out", str(out)])
    assert status == 0
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    fit_csv = out.with_name("replay-2021-2025-fit.csv")
    assert fit_csv.read_text(encoding="utf-8") == (ROOT / "scenarios" / "replay-2021-2025-fit.csv").read_text(encoding="utf-8")


def test_fitted_scenario_loads_and_reproduces_the_fit(tmp_path):
    s = load_scenario(BASELINE)
    obs = load_observations([OBSERVED_DIR])
    fit = calibrate(s, obs)
    path, table = write_calibration(fit, tmp_path / "fitted.yaml", ["data/observed"])
    fitted = load_scenario(path)
    r = simulate(fitted.registry.parameter_set([fitted.resolved()]))
    for row in fit.table().itertuples():
        assert r[row.variable][0, year_index(row.year)] == pytest.approx(row.fitted, rel=1e-4, abs=1e-6)

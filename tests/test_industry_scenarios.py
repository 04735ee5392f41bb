"""Scenario-level and metamorphic tests of the industry and energy modules.

* adding zinc capacity raises zinc output, energy, acid and secondary value
  added, and moves nothing it should not;
* moving a plant's first year of output later lowers that year's output;
* the shipped scenario files: regimes ordered, diagnostics found in the
  baseline and absent where a scenario fixes them;
* the results table holds every name of the issue-3 contract for 2020-2035,
  and ``python -m model run scenarios/baseline.yaml`` prints every theme.
"""
from __future__ import annotations

import csv

import numpy as np
import pytest


from model.core.registry import REGISTRY
from model.core.simulate import simulate
from model.core.timeline import N_YEARS, YEARS, year_index
from model.runs.runner import run_scenarios
from model.scenarios import load_scenario

Y2023, Y2025 = year_index(2023), year_index(2025)

CONTRACT = [
    "Production|Copper", "Production|Zinc", "Production|Lead", "Production|Nonferrous",
    "Production|Sulfuric Acid", "Sulfuric Acid|Local Use", "Sulfuric Acid|Surplus",
    "Production|Coke", "Production|Methanol", "Production|Tar", "Production|Benzene",
    "Capacity|Wind", "Capacity|Solar", "Electricity|Wind", "Electricity|Solar", "Electricity|Export",
    "Energy|Total", "Energy|Assessed", "Energy|Cap", "Energy|Intensity", "Energy|Intensity Reduction",
    "Emissions|CO2", "Emissions|CO2 Intensity",
    "Energy|Nonferrous Smelting", "Energy|Coal Chemicals", "Energy|Power", "Energy|Other Industry",
    "Energy|Primary", "Energy|Services", "Energy|Households",
]


def pair(change: dict) -> dict:
    """Simulate the defaults and the defaults with ``change``, as two scenarios of one call."""
    base = REGISTRY.defaults()
    params = REGISTRY.parameter_set([base, {**base, **change}])
    return simulate(params)


def test_adding_zinc_capacity_raises_what_it_should_and_nothing_else():
    r = pair({"capacity_zinc_new_kt": 400.0})   # the plan's 300 kt + 100 kt
    up = ["Production|Zinc", "Production|Nonferrous", "Production|Sulfuric Acid", "Concentrate|Zinc",
          "Energy|Nonferrous Smelting", "Energy|Total", "Electricity|Nonferrous Smelting",
          "Value Added|Nonferrous Smelting", "GDP|Secondary", "GDP"]
    for name in up:
        assert r[name][1, Y2025] > r[name][0, Y2025], name
        assert (r[name][1] >= r[name][0] - 1e-9).all(), name
    same = ["Production|Copper", "Production|Lead", "Production|Coke", "Production|Methanol",
            "Capacity|Wind", "Capacity|Solar", "Electricity|Wind", "Electricity|Solar",
            "Electricity|Thermal", "Energy|Coal Chemicals", "Energy|Power", "Energy|Other Industry",
            "Energy|Households", "GDP|Primary", "GDP|Tertiary", "Value Added|Coal Chemicals",
            "Value Added|Power", "Value Added|Mining", "Concentrate|Copper"]
    for name in same:
        np.testing.assert_array_equal(r[name][0], r[name][1], err_msg=name)
    # 2020 (before the plant) is untouched everywhere
    for name, arr in r.items():
        np.testing.assert_allclose(arr[0, 0], arr[1, 0], err_msg=name, equal_nan=True)


@pytest.mark.parametrize("plant, variable", [
    ("commissioning_copper_new", "Production|Copper"),
    ("commissioning_zinc_new", "Production|Zinc"),
    ("commissioning_coke_heimao", "Production|Coke"),
])
def test_later_first_year_lowers_that_years_output(plant, variable):
    first = REGISTRY[plant].default
    r = pair({plant: first + 2})
    assert r[variable][1, year_index(first)] < r[variable][0, year_index(first)]
    assert (r[variable][1] <= r[variable][0] + 1e-9).all()
    # once both are at full output they agree again
    np.testing.assert_allclose(r[variable][1, year_index(first + 4):], r[variable][0, year_index(first + 4):])


def _run(*ids: str):
    scenarios = [load_scenario(f"scenarios/{i}.yaml") for i in ids]
    return run_scenarios(scenarios)


def test_smelters_slip_lowers_2025_output_by_hand():
    out = _run("baseline", "smelters-slip")
    r, ramp1 = out.results, REGISTRY["ramp_first_year"].default
    # slip: each new plant in its first year in 2025: drop = 300 kt x (1 - ramp1) x utilisation
    util = out.params["utilisation_copper"][0, Y2025]
    drop = r["Production|Copper"][0, Y2025] - r["Production|Copper"][1, Y2025]
    assert drop == pytest.approx(300.0 * (1.0 - ramp1) * util)
    card = out.scorecard
    j = card.index("copper_output")
    assert card.met[0, j] and not card.met[1, j]


def test_regime_scenarios_are_ordered():
    out = _run("regime-2021", "regime-2022", "regime-2024", "baseline")
    a = out.results["Energy|Assessed"]
    assert (a[2] <= a[1] + 1e-9).all() and (a[1] <= a[0] + 1e-9).all()
    assert a[2, Y2025] < a[0, Y2025]
    np.testing.assert_allclose(a[2], a[3])          # the baseline uses the 2024 rules
    np.testing.assert_allclose(out.results["Energy|Total"][0], out.results["Energy|Total"][2])


def _found(out, scenario: str, diagnostic: str) -> bool:
    report = out.diagnostics
    j = [d.id for d in report.diagnostics].index(diagnostic)
    return bool(report.found[out.index(scenario), j])


def test_diagnostics_found_in_baseline_and_fixed_by_scenarios():
    out = _run("baseline", "coke-capped-2021", "plan-feasible")
    assert _found(out, "baseline", "coke_vs_dual_control")
    assert _found(out, "baseline", "acid_balance")
    assert not _found(out, "coke-capped-2021", "coke_vs_dual_control")
    assert not _found(out, "plan-feasible", "coke_vs_dual_control")
    assert not _found(out, "plan-feasible", "acid_balance")


def test_diagnostic_explanations_carry_the_numbers():
    out = _run("baseline")
    rows = {row["diagnostic"]: row for row in out.diagnostics.rows(0, "en")}
    coke = rows["coke_vs_dual_control"]
    added = out.results["Capacity|Coke|Added Since 2020"][0, Y2025]
    assert f"{added:.0f} kt/yr" in coke["explanation"]
    acid = rows["acid_balance"]
    assert f"{out.results['Production|Sulfuric Acid'][0, Y2025]:.0f} kt" in acid["explanation"]
    zh = {row["diagnostic"]: row for row in out.diagnostics.rows(0, "zh")}
    assert "焦化" in zh["coke_vs_dual_control"]["explanation"]
    assert "硫酸" in zh["acid_balance"]["explanation"]


def test_plan_feasible_fits_the_energy_cap_in_2025():
    out = _run("plan-feasible")
    j = out.scorecard.index("energy_within_cap")
    assert out.scorecard.met[0, j]
    j = out.scorecard.index("energy_intensity_cut")
    assert out.scorecard.met[0, j]


def test_every_contract_variable_for_every_year():
    r = simulate(REGISTRY.default_parameter_set(2))
    for name in CONTRACT:
        assert name in r, name
        assert r[name].shape == (2, N_YEARS)
        assert np.isfinite(r[name]).all(), name


def test_cli_run_prints_every_theme_and_writes_the_contract(cli, tmp_path):
    proc = cli("run", "scenarios/baseline.yaml", "--out", str(tmp_path), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    for label in ("Copper output", "Coke output", "Wind capacity", "Energy intensity cut",
                  "GDP growth per year", "Sulfuric acid does not balance",
                  "The coke expansion collides with the energy dual-control rules"):
        assert label in proc.stdout, label
    with open(tmp_path / "baseline" / "results.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    years = {}
    for row in rows:
        years.setdefault(row["variable"], set()).add(int(row["year"]))
    for name in CONTRACT:
        assert years.get(name) == set(int(y) for y in YEARS), name


def test_scenarios_run_together_equal_scenarios_run_alone():
    out = _run("baseline", "smelters-slip", "coke-capped-2021", "regime-2022", "plan-feasible")
    for i in range(len(out.scenarios)):
        alone = simulate(out.params.take(slice(i, i + 1)))
        for name in CONTRACT:
            np.testing.assert_allclose(out.results[name][i], alone[name][0], err_msg=name)


def test_rewritten_economy_scenarios_keep_their_story():
    from model.core.formulas import cagr_pct
    out = _run("plan-consistent", "slower-industry", "services-led", "repeat-2016-2020", "baseline")
    r = out.results
    industry = cagr_pct(r["Value Added|Industry"], 2020, 2025)
    secondary = cagr_pct(r["GDP|Secondary"], 2020, 2025)
    # plan-consistent: secondary about 6.13 %/yr (67.61 x 1.06^5 x 70 % = 63.33 from 47.04)
    assert secondary[0] == pytest.approx(6.13, abs=0.1)
    card = out.scorecard
    for target in ("gdp_growth", "share_primary_2025", "share_secondary_2025", "share_tertiary_2025"):
        assert card.met[0, card.index(target)], target
    # slower industry about 5 %/yr, services-led about 7 %/yr, the 2016-2020 repeat shrinking
    assert industry[1] == pytest.approx(5.0, abs=0.5)
    assert industry[2] == pytest.approx(7.0, abs=0.5)
    assert industry[3] < 0.0
    # and all of them below the baseline's plan-as-written projects
    assert (industry[:4] < industry[4]).all()


def test_plan_consistent_at_current_prices_meets_growth_and_the_current_price_structure():
    out = _run("plan-consistent-current")
    card, r = out.scorecard, out.results
    for target in ("gdp_growth", "share_primary_2025", "share_secondary_2025", "share_tertiary_2025"):
        assert card.met[0, card.index(target)], target
    # the structure it meets is the current-price one: 6 : 70 : 24 within 0.1 point
    y = 5  # 2025
    assert r["Share|Secondary|Nominal"][0, y] == pytest.approx(70.0, abs=0.1)
    assert r["Share|Tertiary|Nominal"][0, y] == pytest.approx(24.0, abs=0.1)

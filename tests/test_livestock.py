"""The livestock and grassland module: hand calculations, metamorphic checks, invariants, diagnostic.

Expected values are worked by hand from the plan's figures (第四章第二节三 herd,
第四章第二节二 forage area and grain), NY/T 635-2015 (1.8 kg standard hay per
sheep unit and day, so 1.8 x 365 = 657 kg a year) and parameters.md §D2-§D6.
Each test sets the inputs it depends on, so a change of a registry default
does not change what a test checks.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core import REGISTRY, N_YEARS, ParameterSet, evaluate_targets, simulate, year_index
from model.core.domains import livestock
from model.core.diagnostics import evaluate_diagnostics
from model.core.domains import DOMAINS
from model.core.domains.livestock import (GRASSLAND_TYPES, PLAN_STOCK_2025, SPECIES, USABLE_GRASSLAND_AREA,
                                  forage_kt_to_su, grassland_capacity_su, silage_forage_kt,
                                  stocking_ratio_pct)
from model.scenarios import load_scenario

Y2020, Y2023, Y2025, Y2035 = (year_index(y) for y in (2020, 2023, 2025, 2035))
INTAKE = 1.8 * 365          # 657 kg standard hay per sheep unit and year (NY/T 635-2015)

#: The plan's 2025 stock in 万头, typed from the plan text (第四章第二节三).
PLAN_2025 = {"sheep": 60.0, "goat": 50.0, "beef_cattle": 3.0, "grassland_cattle": 2.0,
             "camel": 6.0, "donkey": 2.0, "horse": 2.0}
#: Sheep-unit factors of parameters.md §D2.
FACTORS = {"sheep": 1.0, "goat": 0.8, "beef_cattle": 5.0, "grassland_cattle": 5.0,
           "camel": 7.0, "donkey": 3.0, "horse": 6.0}
NO_CLOSURES = {"grazing_ban_area": 0.0, "rest_grazing_area": 0.0}


def _params(n: int = 1, **values: float | np.ndarray) -> ParameterSet:
    """Registry defaults for ``n`` scenarios with some parameters set to a value (or array)."""
    ps = REGISTRY.default_parameter_set(n)
    arrays = {}
    for name, v in values.items():
        shape = ps[name].shape
        arrays[name] = np.broadcast_to(np.asarray(v, dtype=float), shape).copy()
    return ps.replace(**arrays)


def _run(n: int = 1, **values: float | np.ndarray) -> dict[str, np.ndarray]:
    return livestock.compute(_params(n, **values), {})


def _everything_normal(**values: float) -> dict[str, float]:
    """Inputs that make the grassland formula the bare NY/T 635 one: normal rain, hay factor 1."""
    return {"precipitation_index": 1.0, "standard_hay_coefficient": 1.0, "sheep_unit_intake": 1.8,
            **values}


# --------------------------------------------------------------------------- hand calculations

def test_plan_2025_herd_is_185_wan_sheep_units():
    # parameters.md §D6: 60万 x 1 + 50万 x 0.8 + 3万 x 5 + 2万 x 5 + 6万 x 7 + 2万 x 3 + 2万 x 6
    #   = 600k + 400k + 150k + 100k + 420k + 60k + 120k = 1,850k = 185 万羊单位
    values = {f"herd_{k}": v for k, v in PLAN_2025.items()}
    values.update({f"su_factor_{k}": v for k, v in FACTORS.items()})
    r = _run(**values)
    assert r["Livestock|Herd"][0, Y2025] == pytest.approx(185.0, abs=1e-9)
    assert r["Livestock|Herd|Camels"][0, Y2025] == pytest.approx(42.0)        # 6 x 7
    assert r["Livestock|Herd|Goats"][0, Y2025] == pytest.approx(40.0)         # 50 x 0.8
    # Annual standard hay: 1.85 M SU x 657 kg = 1,215.45 kt (parameters.md §D6: ≈ 1.22 Mt)
    assert r["Forage|Demand"][0, Y2025] == pytest.approx(1215.45, abs=1e-6)


def test_plan_2025_herd_with_the_alternative_factors_is_191():
    # goat 0.9 and donkey 3.5 (parameters.md §D2): 600 + 450 + 150 + 100 + 420 + 70 + 120 = 1,910k
    values = {f"herd_{k}": v for k, v in PLAN_2025.items()}
    values.update({f"su_factor_{k}": v for k, v in FACTORS.items()})
    values.update(su_factor_goat=0.9, su_factor_donkey=3.5)
    assert _run(**values)["Livestock|Herd"][0, Y2025] == pytest.approx(191.0, abs=1e-9)


def test_baseline_defaults_are_the_plans_2025_herd():
    # The baseline is the plan as written: the 2025 stock defaults are the plan's figures.
    r = simulate(REGISTRY.default_parameter_set(1))
    for key, suffix, *_ in SPECIES:
        assert r[f"Livestock|Stock|{suffix}"][0, Y2025] == pytest.approx(PLAN_2025[key])
    assert PLAN_STOCK_2025 == PLAN_2025


def test_sheep_unit_capacity_per_hectare_matches_parameters_md():
    # parameters.md §D4 [derived, Y x U / 657]: 0.09 SU/ha (200 kg, 30 %), 0.14 (300 kg, 30 %),
    # 0.24 (450 kg, 35 %), 0.37 (600 kg, 40 %).  One 万公顷 -> 万 SU, i.e. SU per ha.
    got = grassland_capacity_su(1.0, np.array([200.0, 300.0, 450.0, 600.0]),
                                np.array([0.30, 0.30, 0.35, 0.40]), INTAKE)
    assert got == pytest.approx([0.09, 0.14, 0.24, 0.37], abs=0.005)


def test_capacity_of_the_desert_steppe_by_hand():
    # 40 万公顷 x 450 kg DM/ha x 40 % = 7,200 万 kg of usable forage; / 657 kg per SU = 10.9589 万 SU
    r = _run(**_everything_normal(grassland_area_desert_steppe=40.0, forage_yield_desert_steppe=450.0,
                                  utilisation_rate_desert_steppe=0.40, **NO_CLOSURES))
    assert r["Livestock|Grassland Capacity|Desert Steppe"][0] == pytest.approx(np.full(N_YEARS, 10.958904),
                                                                            abs=1e-6)


def test_capacity_after_a_ban_and_rest_grazing_by_hand():
    # Usable 100 万公顷 of steppe desert only (the other types set to 0 ha), 300 kg, 30 %:
    #   normal capacity 100 x 300 x 0.30 / 657 = 9000 / 657 = 13.69863 万 SU
    # Ban 20, rest grazing 50 closed 73 days (1/5 of the year):
    #   open area = 100 - 20 - 50 x 73/365 = 100 - 20 - 10 = 70 -> 70 % of 13.69863 = 9.58904
    zeros = {f"grassland_area_{g}": 0.0 for g, *_ in GRASSLAND_TYPES}
    zeros["grassland_area_steppe_desert"] = 100.0
    r = _run(**_everything_normal(**zeros, forage_yield_steppe_desert=300.0,
                                  utilisation_rate_steppe_desert=0.30, grazing_ban_area=20.0,
                                  rest_grazing_area=50.0, rest_grazing_days=73.0))
    assert r["Livestock|Grassland Capacity"][0, Y2025] == pytest.approx(9.589041, abs=1e-6)
    assert r["Land|Grassland|Grazing Ban"][0, Y2025] == 20.0
    assert r["Forage|Grassland"][0, Y2025] == pytest.approx(9.589041 * 6.57, abs=1e-5)  # kt


def test_precipitation_scales_capacity_with_the_elasticity():
    # index 0.5, elasticity 1.0: yield halves; elasticity 2: a quarter (parameters.md §D5, power law)
    base = _run(**_everything_normal(**NO_CLOSURES))["Livestock|Grassland Capacity"][0, Y2025]
    half = _run(**_everything_normal(**NO_CLOSURES, precipitation_index=0.5,
                                     forage_precipitation_elasticity=1.0))
    quarter = _run(**_everything_normal(**NO_CLOSURES, precipitation_index=0.5,
                                        forage_precipitation_elasticity=2.0))
    assert half["Livestock|Grassland Capacity"][0, Y2025] == pytest.approx(base / 2)
    assert quarter["Livestock|Grassland Capacity"][0, Y2025] == pytest.approx(base / 4)


def test_supplementary_sheep_units_from_the_plans_forage_area():
    # 4 万亩 (第四章第二节二) = 40,000 / 15 = 2,666.67 ha; x 15 t/ha = 40,000 t = 40 kt of hay
    # 40,000,000 kg / 657 kg = 60,882.8 SU = 6.08828 万 SU
    assert silage_forage_kt(4.0, 15.0) == pytest.approx(40.0)
    assert forage_kt_to_su(40.0, INTAKE) == pytest.approx(6.088280, abs=1e-6)
    r = _run(sheep_unit_intake=1.8, silage_forage_area=4.0, silage_forage_yield=15.0)
    assert r["Livestock|Supplementary Capacity|Silage and Forage"][0, Y2025] == pytest.approx(6.088280,
                                                                                          abs=1e-6)


def test_straw_and_bought_forage_by_hand():
    # Straw: 100 kt grain (2 亿斤) x 1.2 straw:grain x 40 % fed x 0.5 hay value = 24 kt
    #   -> 24,000,000 / 657 = 36,529.7 SU = 3.65297 万;  bought 200 kt -> 30.44140 万 SU
    r = _run(sheep_unit_intake=1.8, grain_output=100.0, straw_grain_ratio=1.2, straw_feed_share=0.4,
             straw_hay_equivalent=0.5, forage_purchased=200.0, silage_forage_area=0.0)
    assert r["Livestock|Supplementary Capacity|Crop Straw"][0, Y2025] == pytest.approx(3.652968, abs=1e-6)
    assert r["Livestock|Supplementary Capacity|Purchased Forage"][0, Y2025] == pytest.approx(30.441400,
                                                                                         abs=1e-6)
    assert r["Forage|Supplementary"][0, Y2025] == pytest.approx(224.0)
    assert r["Livestock|Supplementary Capacity"][0, Y2025] == pytest.approx(3.652968 + 30.441400, abs=1e-6)


def test_demand_and_stocking_ratio_by_hand():
    # Herd 100 万 SU of sheep only; supplement 65.7 kt -> 10 万 SU; grassland 9000/657 = 13.69863
    # demand 100 - 10 = 90; ratio 100 x 90 / 13.69863 = 657.0 %
    zeros = {f"grassland_area_{g}": 0.0 for g, *_ in GRASSLAND_TYPES}
    herds = {f"herd_{k}": 0.0 for k, *_ in SPECIES}
    zeros["grassland_area_steppe_desert"] = 100.0
    herds["herd_sheep"] = 100.0
    r = _run(**_everything_normal(**zeros, **herds, **NO_CLOSURES, su_factor_sheep=1.0,
                                  forage_yield_steppe_desert=300.0,
                                  utilisation_rate_steppe_desert=0.30, forage_purchased=65.7,
                                  silage_forage_area=0.0, grain_output=0.0))
    assert r["Livestock|Grassland Demand"][0, Y2025] == pytest.approx(90.0)
    assert r["Livestock|Stocking Ratio"][0, Y2025] == pytest.approx(657.0)
    assert r["Livestock|Excess Over Capacity"][0, Y2025] == pytest.approx(90.0 - 13.698630, abs=1e-6)


def test_2020_herd_comes_from_the_2020_assumption_not_the_lever():
    r = _run(herd_2020_camel=3.0, herd_camel=9.0)
    assert r["Livestock|Stock|Camels"][0, Y2020] == 3.0
    assert r["Livestock|Stock|Camels"][0, Y2025] == 9.0


def test_stocking_ratio_edge_cases():
    assert stocking_ratio_pct(np.array([5.0, 0.0, 5.0]), np.array([0.0, 0.0, 10.0])).tolist() == [
        np.inf, 0.0, 50.0]


# --------------------------------------------------------------------------- documented inputs

def test_grassland_types_add_up_to_the_documented_usable_area():
    # parameters.md §D6: usable grassland 1.5-2.2 Mha (150-220 万公顷), an estimate.
    total = sum(REGISTRY[f"grassland_area_{g}"].default for g, *_ in GRASSLAND_TYPES)
    assert total == pytest.approx(USABLE_GRASSLAND_AREA)
    assert 150.0 <= USABLE_GRASSLAND_AREA <= 220.0


def test_the_range_alone_feeds_what_parameters_md_says():
    # parameters.md §D6: 1.8 Mha at 0.14-0.24 SU/ha supports ≈ 0.25-0.45 M SU (25-45 万) before bans.
    r = _run(**_everything_normal(**NO_CLOSURES))
    assert 25.0 <= r["Livestock|Grassland Capacity"][0, Y2025] <= 45.0


def test_estimates_carry_distributions():
    for g, *_ in GRASSLAND_TYPES:
        assert REGISTRY[f"forage_yield_{g}"].distribution is not None
        assert REGISTRY[f"utilisation_rate_{g}"].distribution is not None
        assert REGISTRY[f"forage_yield_{g}"].estimate
    for name in ("precipitation_index", "forage_precipitation_elasticity", "standard_hay_coefficient"):
        assert REGISTRY[name].distribution is not None and REGISTRY[name].estimate
    assert REGISTRY["precipitation_index"].timeseries
    assert REGISTRY["precipitation_index"].kind == "assumption"
    for name in ("grazing_ban_area", "rest_grazing_area", "silage_forage_area", "forage_purchased"):
        assert REGISTRY[name].kind == "lever"


def test_livestock_runs_before_the_economy():
    names = [d.__name__.rsplit(".", 1)[-1] for d in DOMAINS]
    assert names.index("livestock") < names.index("economy")


# --------------------------------------------------------------------------- metamorphic

def _scenario_results(name: str) -> tuple[ParameterSet, dict[str, np.ndarray]]:
    scenario = load_scenario(f"scenarios/{name}.yaml")
    ps = REGISTRY.parameter_set([scenario.resolved()])
    return ps, simulate(ps)


def test_drought_lowers_capacity_and_raises_the_stocking_ratio():
    _, base = _scenario_results("baseline")
    _, dry = _scenario_results("drought")
    years = slice(year_index(2023), year_index(2025) + 1)
    capacity = "Livestock|Grassland Capacity"
    assert np.all(dry[capacity][0, years] < base[capacity][0, years])
    assert np.all(dry["Livestock|Stocking Ratio"][0, years] > base["Livestock|Stocking Ratio"][0, years])
    # 0.6 ** 1.2 = 0.5417: capacity falls about 46 % (comment of scenarios/drought.yaml)
    ratio = dry["Livestock|Grassland Capacity"][0, Y2023] / base["Livestock|Grassland Capacity"][0, Y2023]
    elasticity = REGISTRY.defaults()["forage_precipitation_elasticity"]
    assert ratio == pytest.approx(0.6 ** elasticity)
    # outside the dry years and for the herd nothing changes
    for y in (2020, 2022, 2026, 2035):
        i = year_index(y)
        assert dry["Livestock|Grassland Capacity"][0, i] == base["Livestock|Grassland Capacity"][0, i]
    assert np.array_equal(dry["Livestock|Herd"], base["Livestock|Herd"])
    assert np.array_equal(dry["GDP"], base["GDP"])


def test_more_supplement_lowers_grassland_demand_only():
    a = _run(forage_purchased=100.0)
    b = _run(forage_purchased=300.0)
    assert np.all(b["Livestock|Grassland Demand"] < a["Livestock|Grassland Demand"])
    assert np.all(b["Livestock|Stocking Ratio"] < a["Livestock|Stocking Ratio"])
    assert np.array_equal(a["Livestock|Grassland Capacity"], b["Livestock|Grassland Capacity"])
    assert np.array_equal(a["Livestock|Herd"], b["Livestock|Herd"])
    # 200 kt more hay feeds 200 x 100 / 657 = 30.441 万 SU more
    gap = a["Livestock|Grassland Demand"] - b["Livestock|Grassland Demand"]
    assert gap == pytest.approx(np.full((1, N_YEARS), 30.441400), abs=1e-6)


def test_a_grazing_ban_lowers_capacity():
    a = _run(grazing_ban_area=0.0)
    b = _run(grazing_ban_area=50.0)
    assert np.all(b["Livestock|Grassland Capacity"] < a["Livestock|Grassland Capacity"])
    assert np.all(b["Livestock|Stocking Ratio"] > a["Livestock|Stocking Ratio"])
    assert np.array_equal(a["Livestock|Grassland Demand"], b["Livestock|Grassland Demand"])


def test_rest_grazing_costs_less_capacity_than_a_ban_of_the_same_area():
    ban = _run(grazing_ban_area=40.0, rest_grazing_area=0.0)["Livestock|Grassland Capacity"]
    rest = _run(grazing_ban_area=0.0, rest_grazing_area=40.0, rest_grazing_days=60.0)[
        "Livestock|Grassland Capacity"]
    free = _run(grazing_ban_area=0.0, rest_grazing_area=0.0)["Livestock|Grassland Capacity"]
    assert np.all(ban < rest) and np.all(rest < free)


def test_a_bigger_herd_raises_the_stocking_ratio():
    a = _run(herd_camel=6.0)
    b = _run(herd_camel=8.0)
    # 2 万 more camels x 7 SU = 14 万 SU more on the range (the supplement is unchanged)
    assert b["Livestock|Grassland Demand"][0, Y2025] - a["Livestock|Grassland Demand"][0, Y2025] == \
        pytest.approx(2.0 * REGISTRY.defaults()["su_factor_camel"])
    assert b["Livestock|Stocking Ratio"][0, Y2025] > a["Livestock|Stocking Ratio"][0, Y2025]


def test_scenarios_are_independent_along_the_scenario_axis():
    both = _run(2, forage_purchased=np.array([[100.0], [900.0]]),
                precipitation_index=np.array([[1.0], [0.7]]))
    one = _run(forage_purchased=900.0, precipitation_index=0.7)
    for name in livestock_variable_names():
        assert np.array_equal(both[name][1], one[name][0]), name


def livestock_variable_names() -> list[str]:
    return [v.name for v in livestock.VARIABLES]


# --------------------------------------------------------------------------- invariants

_FLOATS = {
    "grazing_ban_area": (0.0, 250.0), "rest_grazing_area": (0.0, 250.0), "rest_grazing_days": (0.0, 365.0),
    "precipitation_index": (0.1, 3.0), "forage_precipitation_elasticity": (0.0, 3.0),
    "forage_purchased": (0.0, 2000.0), "silage_forage_area": (0.0, 100.0), "grain_output": (0.0, 500.0),
    "straw_feed_share": (0.0, 1.0), "herd_sheep": (0.0, 200.0), "herd_camel": (0.0, 20.0),
    "su_factor_goat": (0.5, 1.0), "su_factor_camel": (5.0, 8.0), "grassland_area_desert": (0.0, 250.0),
    "forage_yield_desert_steppe": (0.0, 5000.0), "utilisation_rate_steppe_desert": (0.0, 1.0),
}


@st.composite
def _inputs(draw) -> Mapping[str, float]:
    return {name: draw(st.floats(lo, hi, allow_nan=False)) for name, (lo, hi) in _FLOATS.items()}


@settings(max_examples=60, deadline=None)
@given(_inputs())
def test_invariants_hold_for_any_inputs(values: Mapping[str, float]):
    ps = _params(1, **values)
    r = livestock.compute(ps, {})
    capacity, demand = r["Livestock|Grassland Capacity"], r["Livestock|Grassland Demand"]
    assert np.all(capacity >= 0.0)
    assert np.all(demand >= 0.0) and np.all(demand <= r["Livestock|Herd"] + 1e-9)
    herd = sum(ps.series(f"herd_{k}")[:, 1:] * ps[f"su_factor_{k}"][:, None] for k, *_ in SPECIES)
    assert r["Livestock|Herd"][:, 1:] == pytest.approx(herd)
    by_species = sum(r[f"Livestock|Herd|{s}"] for _, s, *_ in SPECIES)
    assert r["Livestock|Herd"] == pytest.approx(by_species)
    by_type = sum(r[f"Livestock|Grassland Capacity|{s}"] for _, s, *_ in GRASSLAND_TYPES)
    assert capacity == pytest.approx(by_type)
    ratio = r["Livestock|Stocking Ratio"]
    positive = capacity > 0.0
    assert ratio[positive] == pytest.approx(100.0 * demand[positive] / capacity[positive])
    assert np.all(np.isinf(ratio[~positive & (demand > 0)]))
    assert np.allclose(demand, np.maximum(0.0, r["Livestock|Herd"] - r["Livestock|Supplementary Capacity"]))
    assert np.all(r["Land|Grassland|Grazing Ban"] + r["Land|Grassland|Rest Grazing"]
                  <= r["Land|Grassland"] + 1e-9)


# --------------------------------------------------------------------------- scorecard and diagnostic

def _scorecard(ps: ParameterSet, r: dict[str, np.ndarray]):
    return evaluate_targets(ps, r, livestock.TARGETS)


def test_about_targets_use_their_tolerance():
    # "about 50 万" goats with a tolerance of 5 万: 54 is met, 56 is missed (第四章第二节三)
    ps = _params(2, herd_goat=np.array([[54.0], [56.0]]), tolerance_herd_goat=5.0)
    card = _scorecard(ps, livestock.compute(ps, {}))
    j = card.index("herd_goat_2025")
    assert card.met[:, j].tolist() == [True, False]
    assert card.value[:, j].tolist() == [54.0, 56.0]


def test_at_least_targets_and_the_stocking_target():
    ps = _params(2, herd_sheep=np.array([[60.0], [59.0]]), forage_purchased=np.array([[0.0], [5000.0]]))
    card = _scorecard(ps, livestock.compute(ps, {}))
    assert card.met[:, card.index("herd_sheep_2025")].tolist() == [True, False]
    # 5,000 kt of hay feeds 5000 x 100 / 657 = 761 万 SU, more than any default herd: ratio 0
    stocking = card.index("stocking_within_capacity")
    assert card.met[:, stocking].tolist() == [False, True]
    assert card.value[1, stocking] == 0.0


def test_baseline_shows_the_herd_far_above_grassland_capacity():
    ps, r = _scenario_results("baseline")
    card = _scorecard(ps, r)
    assert card.status[0, card.index("stocking_within_capacity")] == "missed"
    assert r["Livestock|Stocking Ratio"][0, Y2025] > 300.0
    report = evaluate_diagnostics(ps, r, livestock.DIAGNOSTICS)
    assert report.found[0, 0]
    zh, en = report.rows(0, "zh")[0], report.rows(0, "en")[0]
    herd = r["Livestock|Herd"][0, Y2025]
    assert f"{herd:.1f}万羊单位" in zh["explanation"]
    assert f"{herd:.1f} 万 sheep units" in en["explanation"]
    assert f"{r['Livestock|Stocking Ratio'][0, Y2025]:.0f} %" in en["explanation"]


def test_the_diagnostic_is_not_found_in_plan_feasible():
    ps, r = _scenario_results("plan-feasible")
    report = evaluate_diagnostics(ps, r, livestock.DIAGNOSTICS)
    assert not report.found[0, 0]
    assert np.all(r["Livestock|Stocking Ratio"][0, year_index(2021):Y2025 + 1] <= 100.0)
    row = report.rows(0, "en")[0]
    assert "within its carrying capacity" in row["explanation"]


def test_drought_year_is_the_one_the_diagnostic_reports():
    # A drought in 2023 only: with a flat herd, 2023 is the worst year of 2021-2025.
    flat = {f"herd_{k}": 1.0 for k, *_ in SPECIES}
    rain = np.array([[1.0, 1.0, 1.0, 0.5] + [1.0] * 12])
    ps = _params(1, **flat, forage_purchased=0.0, precipitation_index=rain)
    report = evaluate_diagnostics(ps, livestock.compute(ps, {}), livestock.DIAGNOSTICS)
    assert report.numbers[0]["year"][0] == 2023.0


def test_the_coefficient_table_in_docs_matches_the_registry():
    # docs/livestock.md lists every parameter of the module with its default and estimate flag.
    from pathlib import Path

    from model.reporting.listing import format_value

    text = (Path(__file__).resolve().parent.parent / "docs" / "livestock.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].strip("`") in REGISTRY:
            rows[cells[0].strip("`")] = cells
    assert set(rows) == {p.name for p in livestock.PARAMETERS}
    for name, (_, default, unit, estimate, source) in rows.items():
        p = REGISTRY[name]
        assert default == format_value(p.default), name
        assert unit == p.unit, name
        assert estimate == ("yes" if p.estimate else "no"), name
        assert source, name

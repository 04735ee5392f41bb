"""Tests of model/core/smelting.py: plants, acid co-product, energy by grade, value added.

Expected values are worked by hand from parameters.md figures (the arithmetic
is in the comments); every input a hand calculation relies on is set
explicitly in the test, so the tests do not depend on registry defaults.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_model as run
from model.core import formulas
from model.core.domains import smelting
from model.core.registry import REGISTRY
from model.core.timeline import year_index

Y2023, Y2024, Y2025 = year_index(2023), year_index(2024), year_index(2025)

#: One metal plant of each kind producing at full capacity since long before 2020, no others.
_ISOLATED = {
    "capacity_copper_new_kt": 0.0, "capacity_zinc_new_kt": 0.0, "capacity_lead_new_kt": 0.0,
    "commissioning_copper_existing": 2000, "commissioning_zinc_existing": 2000,
    "commissioning_lead_existing": 2000,
    "utilisation_copper": 1.0, "utilisation_zinc": 1.0, "utilisation_lead": 1.0,
    "electricity_conversion_method": "equivalent",
}




# -------------------------------------------------------------------- acid (parameters.md §C1)

#: parameters.md §C1: 25 % Cu, 30 % S, Cu recovery 97.5 %, S capture 96 %;
#: 55 % Zn, 32 % S, Zn recovery 96 %, S capture 95 %.
_C1 = {"concentrate_grade_copper": 0.25, "concentrate_sulfur_copper": 0.30, "recovery_copper": 0.975,
       "sulfur_capture_copper": 0.96, "concentrate_grade_zinc": 0.55, "concentrate_sulfur_zinc": 0.32,
       "recovery_zinc": 0.96, "sulfur_capture_zinc": 0.95}


def test_acid_per_tonne_reproduces_parameters_md_c1():
    # Cu: 1 / (0.25 x 0.975) = 4.10256 t concentrate; x 0.30 S = 1.23077 t S; x 0.96 = 1.18154;
    #     x 98.079/32.06 (= 3.05923) = 3.6146 t H2SO4 / t Cu   (§C1: "about 3.6")
    # Zn: 1 / (0.55 x 0.96) = 1.89394; x 0.32 = 0.60606; x 0.95 = 0.57576; x 3.05923 = 1.7614
    #     (§C1: "about 1.8", range 1.76-2.0)
    cu = smelting.acid_per_tonne_metal(np.array(0.25), np.array(0.975), np.array(0.30), np.array(0.96))
    zn = smelting.acid_per_tonne_metal(np.array(0.55), np.array(0.96), np.array(0.32), np.array(0.95))
    assert float(cu) == pytest.approx(3.6146, abs=5e-4)
    assert float(zn) == pytest.approx(1.7614, abs=5e-4)


def test_acid_from_300_kt_copper_and_300_kt_zinc():
    # 300 kt Cu x 3.6146 = 1,084.4 kt; 300 kt Zn x 1.7614 = 528.4 kt; total 1,612.8 kt
    # (§C1: "300 kt Cu -> ~1.08 Mt acid; 300 kt Zn -> ~0.54 Mt; total ~1.6 Mt").
    _, r = run(**_ISOLATED, **_C1, capacity_copper_existing_kt=300.0, capacity_zinc_existing_kt=300.0,
               capacity_lead_existing_kt=0.0)
    assert r["Production|Copper"][0, Y2025] == pytest.approx(300.0)
    assert r["Production|Zinc"][0, Y2025] == pytest.approx(300.0)
    assert r["Production|Sulfuric Acid"][0, Y2025] == pytest.approx(1612.8, abs=0.3)


def test_concentrate_and_imports_from_grade_and_recovery():
    # 300 kt Cu / (0.25 x 0.975) = 1,230.8 kt concentrate; 80 % imported = 984.6 kt.
    _, r = run(**_ISOLATED, **_C1, capacity_copper_existing_kt=300.0, capacity_zinc_existing_kt=0.0,
               capacity_lead_existing_kt=0.0, concentrate_import_share_copper=0.8)
    assert r["Concentrate|Copper"][0, Y2025] == pytest.approx(1230.77, abs=0.01)
    assert r["Concentrate|Imported"][0, Y2025] == pytest.approx(984.62, abs=0.01)


@settings(max_examples=25, deadline=None)
@given(demand=st.floats(0.0, 4000.0), util=st.floats(0.3, 1.0), cap=st.floats(0.0, 800.0))
def test_acid_produced_equals_local_use_plus_surplus(demand, util, cap):
    _, r = run(acid_local_demand_kt=demand, utilisation_zinc=util, capacity_zinc_new_kt=cap)
    produced = r["Production|Sulfuric Acid"]
    np.testing.assert_allclose(produced, r["Sulfuric Acid|Local Use"] + r["Sulfuric Acid|Surplus"])
    assert (r["Sulfuric Acid|Surplus"] >= 0).all() and (r["Sulfuric Acid|Local Use"] <= demand + 1e-9).all()
    np.testing.assert_allclose(r["Sulfuric Acid|Local Use"] + r["Sulfuric Acid|Unmet Demand"], demand)


# -------------------------------------------------------- energy by grade (GB 25323-2023, §B1-B2)

@pytest.mark.parametrize("grade, cu, zn, pb", [
    # 100 kt of one metal, no acid (sulfur 0), electricity at 0.1229 (the standard's basis):
    # Cu 100 kt x 210/230/340 kgce/t / 1e4 = 2.1/2.3/3.4 万tce
    # Zn 100 kt x 1010/1040/1260 / 1e4 = 10.1/10.4/12.6;  Pb 100 kt x 300/330/420 / 1e4 = 3.0/3.3/4.2
    (1, 2.1, 10.1, 3.0), (2, 2.3, 10.4, 3.3), (3, 3.4, 12.6, 4.2),
])
def test_energy_of_each_metal_at_each_grade(grade, cu, zn, pb):
    no_acid = {f"concentrate_sulfur_{m}": 0.0 for m in ("copper", "zinc", "lead")}
    for metal, expected in (("copper", cu), ("zinc", zn), ("lead", pb)):
        caps = {f"capacity_{m}_existing_kt": (100.0 if m == metal else 0.0)
                for m in ("copper", "zinc", "lead")}
        _, r = run(**_ISOLATED, **no_acid, **caps, smelting_energy_grade=grade)
        assert r["Energy|Nonferrous Smelting"][0, Y2025] == pytest.approx(expected), metal


def test_zinc_electricity_split_and_coal_consumption_method():
    # 100 kt Zn x 3,800 kWh/t = 380 GWh.  Coal-consumption method at 0.305 kgce/kWh:
    # per t: 1,040 - 3,800 x 0.1229 + 3,800 x 0.305 = 1,040 - 467.02 + 1,159.0 = 1,731.98 kgce
    # -> 100 kt x 1,731.98 / 1e4 = 17.3198 万tce.
    caps = {"capacity_copper_existing_kt": 0.0, "capacity_zinc_existing_kt": 100.0,
            "capacity_lead_existing_kt": 0.0}
    _, r = run(**{**_ISOLATED, "electricity_conversion_method": "coal_consumption"}, **caps,
               concentrate_sulfur_zinc=0.0, smelting_energy_grade=2, zinc_electricity_kwh_per_t=3800.0,
               electricity_coal_consumption_factor=0.305)
    assert r["Electricity|Nonferrous Smelting"][0, Y2025] == pytest.approx(380.0)
    assert r["Energy|Nonferrous Smelting"][0, Y2025] == pytest.approx(17.3198, abs=1e-4)


def test_acid_plant_energy_from_gb29141():
    # Zinc off-gas acid plant, access value (grade 2): -95 kgce/t acid (parameters.md §B6).
    # 100 kt Zn with 0.32 S etc. -> 176.14 kt acid x -95 / 1e4 = -1.6733 万tce on top of 10.4.
    caps = {"capacity_copper_existing_kt": 0.0, "capacity_zinc_existing_kt": 100.0,
            "capacity_lead_existing_kt": 0.0}
    _, r = run(**_ISOLATED, **_C1, **caps, smelting_energy_grade=2)
    assert r["Production|Sulfuric Acid"][0, Y2025] == pytest.approx(176.14, abs=0.02)
    assert r["Energy|Nonferrous Smelting"][0, Y2025] == pytest.approx(10.4 - 1.6733, abs=2e-4)


# ------------------------------------------------------------------ plants and ramp-up (§C4)

def test_ramp_up_from_the_first_year_of_output():
    # 300 kt plant first producing in 2023, ramp 50 % / 80 %, utilisation 1:
    # 2022: 0; 2023: 150; 2024: 240; 2025: 300 (plus the 100 kt existing plant all along).
    _, r = run(_ISOLATED, capacity_copper_existing_kt=100.0, capacity_copper_new_kt=300.0,
               commissioning_copper_new=2023, ramp_first_year=0.5, ramp_second_year=0.8)
    cu = r["Production|Copper"][0]
    assert cu[year_index(2022)] == pytest.approx(100.0)
    assert cu[Y2023] == pytest.approx(250.0)
    assert cu[Y2024] == pytest.approx(340.0)
    assert cu[Y2025] == pytest.approx(400.0)
    assert r["Capacity|Nonferrous"][0, Y2023] == pytest.approx(100.0 + 300.0 + 200.0 + 100.0)


def test_ramp_factor_values():
    age = np.array([-1, 0, 1, 2, 10])
    np.testing.assert_allclose(formulas.ramp_factor(age, 0.55, 0.8), [0.0, 0.55, 0.8, 1.0, 1.0])


def test_plant_capacity_is_vectorised_over_scenarios():
    cap = np.array([100.0, 200.0])
    year = np.array([2021.0, 2024.0])
    out = formulas.plant_capacity(cap, year, np.array([0.5, 0.5]), np.array([0.8, 0.8]))
    assert out.shape == (2, 16)
    np.testing.assert_allclose(out[0, :4], [0.0, 50.0, 80.0, 100.0])
    np.testing.assert_allclose(out[1, 3:7], [0.0, 100.0, 160.0, 200.0])


# ---------------------------------------------------------------- value added (§C5-C6)

def test_value_added_moves_in_proportion_to_output():
    # +100 kt copper at 4,000 yuan/t adds 100 x 4,000 / 1e5 = 4.0 亿元; +200 kt adds 8.0.
    base = dict(_ISOLATED, va_per_t_copper=4000.0, capacity_copper_existing_kt=100.0)
    _, r0 = run(base)
    _, r1 = run(base, capacity_copper_new_kt=100.0, commissioning_copper_new=2021)
    _, r2 = run(base, capacity_copper_new_kt=200.0, commissioning_copper_new=2021)
    va = "Value Added|Nonferrous Smelting"
    d1 = r1[va][0, Y2025] - r0[va][0, Y2025]
    d2 = r2[va][0, Y2025] - r0[va][0, Y2025]
    assert d1 == pytest.approx(4.0)
    assert d2 == pytest.approx(2 * d1)
    assert r0[va][0, 0] == r1[va][0, 0]


def test_parameters_carry_sources_and_distributions_for_estimates():
    for p in smelting.PARAMETERS:
        assert p.source, p.name
    for name in ("va_per_t_copper", "va_per_t_zinc", "utilisation_zinc", "smelting_energy_grade"):
        assert REGISTRY[name].distribution is not None, name
    assert REGISTRY["smelting_energy_grade"].distribution.kind == "choice"


def test_plan_capacity_adds_up_to_one_million_tonnes():
    # 2020: 100 Cu + 200 Zn + 100 Pb = 400 kt; plan adds 300 Cu + 300 Zn = 1,000 kt (第四章第一节一).
    _, r = run()
    assert r["Capacity|Nonferrous"][0, 0] == pytest.approx(400.0)
    assert r["Capacity|Nonferrous"][0, Y2025] == pytest.approx(1000.0)

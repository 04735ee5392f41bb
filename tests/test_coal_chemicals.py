"""Tests of model/core/coal_chemicals.py: by-products, the 2021 coke rule, energy by grade; and the
two coke findings (model/core/domains/energy.py), each speaking only of a quantity that is there.

Expected values are worked by hand from parameters.md §B4-B5, §C7 and the plan
(第四章第一节一, 专栏4-2); inputs the arithmetic relies on are set explicitly.
"""
from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import run_model as run
from model.core.domains import coal_chemicals
from model.core.timeline import year_index

Y2022, Y2023, Y2025 = year_index(2022), year_index(2023), year_index(2025)

#: 10 Mt/yr of ovens running flat out since before 2020, no Heimao slot, the §C7 ratios.
_TEN_MT = {
    "capacity_coke_existing_kt": 10000.0, "commissioning_coke_existing": 2000,
    "capacity_coke_heimao_kt": 0.0, "utilisation_coke": 1.0,
    "cog_m3_per_t_coke": 420.0, "cog_oven_heating_share": 0.45, "cog_m3_per_t_methanol": 2100.0,
    "tar_kg_per_t_coke": 40.0, "benzene_kg_per_t_coke": 11.0, "methanol_capacity_kt": 5000.0,
}




def test_by_products_of_ten_million_tonnes_of_coke():
    # parameters.md §C7: 10 Mt coke x 420 m3/t = 4,200 Mm3 gas; 55 % to methanol = 2,310 Mm3;
    # / 2,100 m3/t = 1,100 kt methanol (plan: 1,300); tar 10,000 kt x 40 kg/t = 400 kt (plan 400);
    # crude benzene 10,000 x 11 kg/t = 110 kt (plan's hydrogenation: 200).
    _, r = run(_TEN_MT)
    assert r["Production|Coke"][0, Y2025] == pytest.approx(10000.0)
    assert r["Coke Oven Gas|Produced"][0, Y2025] == pytest.approx(4200.0)
    assert r["Production|Methanol"][0, Y2025] == pytest.approx(1100.0)
    assert r["Production|Tar"][0, Y2025] == pytest.approx(400.0)
    assert r["Production|Benzene"][0, Y2025] == pytest.approx(110.0)
    assert r["Coke Oven Gas|Surplus"][0, Y2025] == pytest.approx(0.0, abs=1e-9)


def test_methanol_capacity_limits_and_gas_left_over():
    # 500 kt methanol capacity uses 500 x 2,100 / 1e3 = 1,050 Mm3; 2,310 - 1,050 = 1,260 Mm3 left.
    _, r = run(_TEN_MT, methanol_capacity_kt=500.0)
    assert r["Production|Methanol"][0, Y2025] == pytest.approx(500.0)
    assert r["Coke Oven Gas|Surplus"][0, Y2025] == pytest.approx(1260.0)


@pytest.mark.parametrize("grade, coke, methanol", [
    # GB 21342-2025 top charging 110/110/135 kgce/t: 1,000 kt coke -> 11.0/11.0/13.5 万tce
    # GB 29436-2023 COG methanol 1280/1400/1500 kgce/t: 100 kt -> 12.8/14.0/15.0 万tce
    (1, 11.0, 12.8), (2, 11.0, 14.0), (3, 13.5, 15.0),
])
def test_energy_of_coke_and_methanol_at_each_grade(grade, coke, methanol):
    setup = dict(_TEN_MT, capacity_coke_existing_kt=1000.0, methanol_capacity_kt=100.0,
                 coke_energy_grade=grade, methanol_energy_grade=grade, methanol_feedstock_share=0.5)
    _, r = run(setup)
    assert r["Energy|Coal Chemicals|Coke"][0, Y2025] == pytest.approx(coke)
    assert r["Energy|Coal Chemicals"][0, Y2025] == pytest.approx(coke + methanol)
    # feedstock: half of the methanol energy
    assert r["Energy|Coal Chemicals|Feedstock"][0, Y2025] == pytest.approx(methanol / 2)


def test_inner_mongolia_2021_rule_switches_off_new_ovens():
    # Heimao 8,800 kt first producing in 2023 (ramp 0.5 / 0.8), existing 2,000 kt, utilisation 1.
    plan = {"capacity_coke_existing_kt": 2000.0, "commissioning_coke_existing": 2000,
            "capacity_coke_heimao_kt": 8800.0, "commissioning_coke_heimao": 2023,
            "utilisation_coke": 1.0, "ramp_first_year": 0.5, "ramp_second_year": 0.8}
    _, allowed = run(plan, coke_additions_after_2020="allowed")
    _, capped = run(plan, coke_additions_after_2020="none")
    # allowed: 2022 2,000; 2023 2,000 + 4,400 = 6,400; 2025 10,800
    np.testing.assert_allclose(allowed["Production|Coke"][0, [Y2022, Y2023, Y2025]], [2000, 6400, 10800])
    assert allowed["Capacity|Coke|Added Since 2020"][0, Y2025] == pytest.approx(8800.0)
    assert allowed["Capacity|Coke|Added Since 2020"][0, Y2022] == 0.0
    # capped: the 2020 ovens only
    np.testing.assert_allclose(capped["Production|Coke"][0], 2000.0)
    assert capped["Capacity|Coke|Added Since 2020"][0].max() == 0.0


def test_value_added_moves_in_proportion_to_coke_output():
    # +1,000 kt coke at 150 yuan/t, with 40 kg tar (800 yuan/t) and 11 kg benzene (1,000 yuan/t)
    # per t and no methanol: 1,000 x 150 / 1e5 + 40 x 800 / 1e5 + 11 x 1,000 / 1e5
    # = 1.5 + 0.32 + 0.11 = 1.93 亿元.
    setup = dict(_TEN_MT, capacity_coke_existing_kt=2000.0, methanol_capacity_kt=0.0,
                 va_per_t_coke=150.0, va_per_t_tar=800.0, va_per_t_benzene=1000.0)
    _, r0 = run(setup)
    _, r1 = run(setup, capacity_coke_heimao_kt=1000.0, commissioning_coke_heimao=2021,
                ramp_first_year=1.0, ramp_second_year=1.0)
    _, r2 = run(setup, capacity_coke_heimao_kt=2000.0, commissioning_coke_heimao=2021,
                ramp_first_year=1.0, ramp_second_year=1.0)
    va = "Value Added|Coal Chemicals"
    d1 = r1[va][0, Y2025] - r0[va][0, Y2025]
    assert d1 == pytest.approx(1.93)
    assert r2[va][0, Y2025] - r0[va][0, Y2025] == pytest.approx(2 * d1)


def test_grade_tables_are_the_standards():
    assert coal_chemicals.GB21342_COKE_KGCE_PER_T == (110.0, 110.0, 135.0)
    assert coal_chemicals.GB29436_METHANOL_KGCE_PER_T == (1280.0, 1400.0, 1500.0)
    for p in coal_chemicals.PARAMETERS:
        assert p.source, p.name


# --------------------------------------------------------------------------- the coke findings speak of what is there

def _coke_findings(*layers: dict, lang: str = "zh") -> dict[str, dict]:
    from model.core.diagnostics import evaluate_diagnostics
    from model.core.domains import energy

    params, results = run(*layers)
    return {row["diagnostic"]: row for row in evaluate_diagnostics(params, results, energy.DIAGNOSTICS).rows(0, lang)}


def test_existing_ovens_running_harder_squeeze_the_caps_without_narrating_zero_new_capacity():
    # 2,000 kt/yr of pre-2020 ovens, no Heimao; utilisation 0.5 in 2020 rising to 1.0 in 2025:
    # coke 1,000 -> 2,000 kt; grade 3 = 135 kgce/t, so the ovens use 1,000 kt x 135 / 1e4 = 13.5 万tce more.
    # The registry's defaults keep the plan's smelters, methanol and thermal units: 2025 energy is over its cap.
    rows = _coke_findings({"capacity_coke_existing_kt": 2000.0, "commissioning_coke_existing": 2000,
                           "capacity_coke_heimao_kt": 0.0, "utilisation_coke": {2020: 0.5, 2025: 1.0},
                           "coke_energy_grade": 3})
    rule, squeeze = rows["coke_vs_dual_control"], rows["coke_energy_squeeze"]
    assert not rule["found"] and squeeze["found"]
    assert squeeze["n_coke_energy_added"] == pytest.approx(13.5)
    assert "多13.5万吨标准煤" in squeeze["explanation"] and "2025年焦炭2000千吨" in squeeze["explanation"]
    assert "新增焦化产能" not in squeeze["explanation"]
    assert "0千吨/年" not in rule["explanation"] and "0千吨/年" not in squeeze["explanation"]


def test_a_plant_slot_left_at_a_few_grams_a_year_is_no_new_oven():
    # A calibrated scenario may leave the Heimao slot on its bound at 3.4e-5 kt/yr (34 kg a year;
    # replay-2021-2025): below half a kilotonne a year, shown as 0, there is nothing to find.
    rows = _coke_findings({"capacity_coke_heimao_kt": 3.4e-5, "coke_additions_after_2020": "allowed"}, lang="en")
    rule, squeeze = rows["coke_vs_dual_control"], rows["coke_energy_squeeze"]
    assert rule["n_added"] == pytest.approx(3.4e-5)
    assert not rule["found"] and not squeeze["found"]
    assert "adds 0 kt/yr" not in rule["explanation"] and rule["explanation"].startswith("No coke capacity is added")


def test_new_ovens_are_found_with_the_capacity_they_add():
    # Heimao at its plan size, 8,800 kt/yr from 2023: the 2021 rule is broken by 8,800 kt/yr.
    rows = _coke_findings({"capacity_coke_heimao_kt": 8800.0, "commissioning_coke_heimao": 2023,
                           "coke_additions_after_2020": "allowed"})
    assert rows["coke_vs_dual_control"]["found"]
    assert "新增焦化产能8800千吨/年" in rows["coke_vs_dual_control"]["explanation"]

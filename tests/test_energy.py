"""Tests of model/core/energy.py: consumers, accounting regimes, intensity, cap and CO2.

Hand calculations use parameters.md §A1-A6 and the plan's 2020 GDP (专栏1);
the regime ordering is a hypothesis property over the model's parameters.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core.domains import energy
from model.core.registry import REGISTRY
from model.core.simulate import simulate
from model.core.timeline import year_index

Y2020, Y2025 = year_index(2020), year_index(2025)
CONSUMER_VARIABLES = [f"Energy|{suffix}" for _, suffix, _, _ in energy.CONSUMERS]


def values(*layers: dict, **overrides) -> dict:
    v = REGISTRY.defaults()
    for layer in layers:
        v.update(layer)
    v.update(overrides)
    return v


def run(*layers: dict, **overrides):
    params = REGISTRY.parameter_set([values(*layers, **overrides)])
    return params, simulate(params)


_THERMAL = {"thermal_capacity_mw": 2000.0, "thermal_first_year": 2025, "thermal_hours": 5000.0,
            "thermal_own_use": 0.05, "thermal_coal_rate": 0.295}


@pytest.mark.parametrize("method, factor, expected", [
    # coal 9,500 GWh x 0.295 = 280.25 万tce; minus electricity sent out x factor:
    # equivalent: 280.25 - 9,500 x 0.1229 x 0.1 = 280.25 - 116.755 = 163.495 万tce
    # coal-consumption 0.305: 280.25 - 9,500 x 0.305 x 0.1 = 280.25 - 289.75 = -9.5 万tce
    ("equivalent", 0.1229, 163.495), ("coal_consumption", 0.305, -9.5),
])
def test_power_plants_conversion_losses_by_method(method, factor, expected):
    params, r = run(_THERMAL, electricity_conversion_method=method,
                    electricity_coal_consumption_factor=0.305)
    assert energy.conversion_factor(params)[0] == pytest.approx(factor)
    assert r["Energy|Power"][0, Y2025] == pytest.approx(expected)
    assert r["Energy|Power"][0, year_index(2024)] == 0.0


@settings(max_examples=30, deadline=None)
@given(regime=st.sampled_from([2021, 2022, 2024]),
       method=st.sampled_from(["equivalent", "coal_consumption"]),
       zinc=st.floats(0.0, 600.0), coke=st.floats(0.0, 12000.0), other=st.floats(0.2, 3.0),
       thermal=st.floats(0.0, 4000.0))
def test_energy_by_consumer_sums_to_total(regime, method, zinc, coke, other, thermal):
    _, r = run(accounting_regime=regime, electricity_conversion_method=method,
               capacity_zinc_new_kt=zinc, capacity_coke_heimao_kt=coke,
               energy_intensity_other_industry=other, thermal_capacity_mw=thermal)
    total = sum(r[name] for name in CONSUMER_VARIABLES)
    np.testing.assert_allclose(total, r["Energy|Total"], rtol=1e-12, atol=1e-9)


def _by_regime(v: dict):
    rows = [dict(v, accounting_regime=regime) for regime in (2021, 2022, 2024)]
    params = REGISTRY.parameter_set(rows)
    return params, simulate(params)


@settings(max_examples=30, deadline=None)
@given(method=st.sampled_from(["equivalent", "coal_consumption"]),
       wind=st.floats(0.0, 15000.0), solar=st.floats(0.0, 5000.0), other_gwh=st.floats(0.0, 30000.0),
       feedstock=st.floats(0.0, 1.0), methanol=st.floats(0.0, 3000.0), zinc=st.floats(0.0, 800.0),
       wind_2020=st.floats(0.0, 5000.0))
def test_assessed_energy_2024_le_2022_le_2021(method, wind, solar, other_gwh, feedstock, methanol,
                                               zinc, wind_2020):
    _, r = _by_regime(values(electricity_conversion_method=method,
                             wind_capacity_mw={2020: wind_2020, 2025: wind},
                             solar_capacity_mw={2020: 300.0, 2030: solar},
                             electricity_other_local_gwh={2020: 1500.0, 2035: other_gwh},
                             methanol_feedstock_share=feedstock, methanol_capacity_kt=methanol,
                             capacity_zinc_new_kt=zinc))
    a, b = r["Energy|Assessed"], r["Energy|Intensity Basis"]
    assert (a[2] <= a[1] + 1e-9).all() and (a[1] <= a[0] + 1e-9).all()
    assert (b[2] <= b[1] + 1e-9).all() and (b[1] <= b[0] + 1e-9).all()
    # the physical economy is the same in all three
    np.testing.assert_allclose(r["Energy|Total"][0], r["Energy|Total"][2])


def test_regime_rules_by_hand():
    # total 100, feedstock 10, wind and PV used locally 5 (2020) and 8 (2025) 万tce:
    # 2021: assessed = basis = 100
    # 2022: assessed = 100 - 10 - (8 - 5) = 87; basis = 100 - 10 = 90 (renewables kept)
    # 2024: assessed = basis = 100 - 10 - 8 = 82
    total = np.full((3, 2), 100.0)
    feedstock = np.full((3, 2), 10.0)
    non_fossil = np.array([[5.0, 8.0]] * 3)
    assessed, basis = energy.assessed_energy(np.array([2021, 2022, 2024]), total, feedstock, non_fossil)
    np.testing.assert_allclose(assessed[:, 1], [100.0, 87.0, 82.0])
    np.testing.assert_allclose(basis[:, 1], [100.0, 90.0, 82.0])
    # base year: 2022 removes only feedstock from the total (no increment yet)
    np.testing.assert_allclose(assessed[:, 0], [100.0, 90.0, 85.0])


def test_intensity_uses_gdp_at_2020_prices():
    # 专栏1: 2020 GDP 67.61 亿元.  1 万吨标准煤 / 1 亿元 = 1e4 t / 1e4 万元 = 1 t/万元, so the
    # 2020 intensity is the 2020 intensity basis (万tce) / 67.61.
    _, r = run()
    assert r["GDP"][0, Y2020] == pytest.approx(67.61)
    assert r["Energy|Intensity"][0, Y2020] == pytest.approx(r["Energy|Intensity Basis"][0, Y2020] / 67.61)
    np.testing.assert_allclose(r["Energy|Intensity"] * r["GDP"], r["Energy|Intensity Basis"])
    # reduction in % against 2020, same regime in both years
    expected = 100.0 * (1.0 - r["Energy|Intensity"][0, Y2025] / r["Energy|Intensity"][0, Y2020])
    assert r["Energy|Intensity Reduction"][0, Y2025] == pytest.approx(expected)
    assert r["Energy|Intensity Reduction"][0, Y2020] == 0.0


def test_intensity_moves_with_real_gdp_not_energy_alone():
    # Raising services growth raises GDP at 2020 prices; services energy rises only by the
    # services intensity x the extra value added, so the intensity falls.
    _, r0 = run()
    _, r1 = run(growth_tertiary=0.15)
    assert r1["GDP"][0, Y2025] > r0["GDP"][0, Y2025]
    assert r1["Energy|Intensity"][0, Y2025] < r0["Energy|Intensity"][0, Y2025]


def test_cap_and_headroom():
    # cap 2025 = assessed 2020 x (1 + 0.1375); 1.06^5 x 0.85 = 1.3382 x 0.85 = 1.1375
    _, r = run(energy_cap_growth_vs_2020={2020: 0.0, 2025: 0.1375})
    assessed_2020 = r["Energy|Assessed"][0, Y2020]
    assert r["Energy|Cap"][0, Y2025] == pytest.approx(assessed_2020 * 1.1375)
    np.testing.assert_allclose(r["Energy|Headroom"], r["Energy|Cap"] - r["Energy|Assessed"])
    assert 1.06 ** 5 * 0.85 == pytest.approx(1.1375, abs=1e-4)


def test_co2_from_fossil_energy_and_grid_electricity():
    # No electricity bought: CO2 = 2.66 t/tce x (total - non-fossil - feedstock) (§A3).
    _, r = run(co2_per_tce_fossil=2.66, electricity_other_local_gwh=0.0)
    assert r["Electricity|Import"][0].max() == 0.0
    fossil = r["Energy|Total"] - r["Energy|Non-fossil"] - r["Energy|Coal Chemicals|Feedstock"]
    np.testing.assert_allclose(r["Emissions|CO2"], 2.66 * fossil)
    # Buying electricity: the other consumers' energy is set by their intensity, so an extra
    # 10,000 GWh bought from the grid (the banner has no plants of its own here) replaces fuel
    # burnt locally at its equivalent value: CO2 changes by
    #   + 10,000 GWh x 0.70 kg/kWh x 0.1 (万t per GWh x kg/kWh) = +700 万t      (§A6)
    #   - 2.66 t/tce x 10,000 GWh x 0.1229 kgce/kWh x 0.1 = -2.66 x 122.9 = -326.914 万t (§A3)
    #   = 373.086 万t.
    none = {"wind_capacity_mw": 0.0, "solar_capacity_mw": 0.0, "thermal_capacity_mw": 0.0,
            "grid_emission_factor": 0.70, "electricity_conversion_method": "equivalent"}
    _, a = run(none, electricity_other_local_gwh=1000.0)
    _, b = run(none, electricity_other_local_gwh=11000.0)
    assert b["Electricity|Import"][0, Y2025] - a["Electricity|Import"][0, Y2025] == pytest.approx(10000.0)
    assert b["Emissions|CO2"][0, Y2025] - a["Emissions|CO2"][0, Y2025] == pytest.approx(373.086)
    np.testing.assert_allclose(r["Emissions|CO2 Intensity"], r["Emissions|CO2"] / r["GDP"])


def test_energy_targets_take_their_levels_from_levers():
    from model.core.scorecard import evaluate_targets
    params, r = run(energy_intensity_cut_target_pct=12.0, co2_intensity_cut_target_pct=20.0)
    card = evaluate_targets(params, r)
    assert card.target[0, card.index("energy_intensity_cut")] == 12.0
    assert card.target[0, card.index("co2_intensity_cut")] == 20.0
    share = 100.0 * r["Energy|Assessed"][0, Y2025] / r["Energy|Cap"][0, Y2025]
    assert card.value[0, card.index("energy_within_cap")] == pytest.approx(share)

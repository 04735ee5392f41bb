"""Tests of model/core/power.py: generation from capacity, hours and curtailment; storage;
thermal units; local use and power sent out; value added.

Expected values are worked by hand from parameters.md §F, §A2 and the plan
(第四章第一节二, 专栏4-3); the inputs are set explicitly.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_model as run
from model.core.timeline import year_index

Y2020, Y2024, Y2025 = year_index(2020), year_index(2024), year_index(2025)

#: The plan's 2025 fleet, §F hours, fixed curtailment, no storage, no thermal units.
_FLEET = {
    "wind_capacity_mw": {2020: 2000.0, 2025: 6000.0}, "solar_capacity_mw": {2020: 300.0, 2025: 1000.0},
    "wind_hours_existing": 2300.0, "wind_hours_new": 3000.0, "solar_hours": 1600.0,
    "wind_curtailment": 0.05, "solar_curtailment": 0.03, "storage_mw": 0.0, "thermal_capacity_mw": 0.0,
}




def test_wind_and_pv_generation_from_capacity_hours_and_curtailment():
    # Wind 2025: 2,000 MW x 2,300 h + 4,000 MW x 3,000 h = 4,600 + 12,000 = 16,600 GWh;
    #            x (1 - 0.05) = 15,770 GWh.
    # PV 2025:   1,000 MW x 1,600 h = 1,600 GWh x (1 - 0.03) = 1,552 GWh.
    # Wind 2020: 2,000 x 2,300 x 0.95 = 4,370 GWh.
    _, r = run(_FLEET)
    assert r["Electricity|Wind"][0, Y2025] == pytest.approx(15770.0)
    assert r["Electricity|Solar"][0, Y2025] == pytest.approx(1552.0)
    assert r["Electricity|Wind"][0, Y2020] == pytest.approx(4370.0)
    # curtailed: 16,600 x 0.05 + 1,600 x 0.03 = 830 + 48 = 878 GWh
    assert r["Electricity|Curtailed"][0, Y2025] == pytest.approx(878.0)
    assert r["Capacity|Wind"][0, Y2025] == 6000.0 and r["Capacity|Solar"][0, Y2025] == 1000.0


def test_storage_recovers_curtailed_energy():
    # 500 MW x 2 h x 300 cycles x 0.85 = 255 GWh recovered (< 878 GWh curtailed).
    _, r0 = run(_FLEET)
    _, r1 = run(_FLEET, storage_mw=500.0, storage_hours=2.0, storage_cycles_per_year=300.0,
                storage_efficiency=0.85)
    gained = (r1["Electricity|Wind"] + r1["Electricity|Solar"] - r0["Electricity|Wind"]
              - r0["Electricity|Solar"])[0, Y2025]
    assert gained == pytest.approx(255.0)
    assert r1["Electricity|Curtailed"][0, Y2025] == pytest.approx(878.0 - 255.0)


def test_thermal_units_output_and_coal():
    # 2,000 MW x 5,000 h x (1 - 0.05) = 9,500 GWh sent out from 2025;
    # coal = 9,500 GWh x 0.295 kgce/kWh = 2.8025e9 kgce = 280.25 万tce.
    _, r = run(_FLEET, thermal_capacity_mw=2000.0, thermal_first_year=2025, thermal_hours=5000.0,
               thermal_own_use=0.05, thermal_coal_rate=0.295)
    assert r["Electricity|Thermal"][0, Y2024] == 0.0
    assert r["Electricity|Thermal"][0, Y2025] == pytest.approx(9500.0)
    assert r["Fuel|Thermal Coal"][0, Y2025] == pytest.approx(280.25)


def test_power_sent_out_is_generation_less_local_use():
    # Local use: zinc 0 (no zinc) + 1,500 GWh other; 2025 generation 15,770 + 1,552 = 17,322;
    # export = 17,322 - 1,500 = 15,822 GWh (plan target 10,000).
    no_zinc = {"capacity_zinc_existing_kt": 0.0, "capacity_zinc_new_kt": 0.0}
    _, r = run(_FLEET, no_zinc, electricity_other_local_gwh=1500.0)
    assert r["Electricity|Local Use"][0, Y2025] == pytest.approx(1500.0)
    assert r["Electricity|Export"][0, Y2025] == pytest.approx(15822.0)
    assert r["Electricity|Renewable Local Use"][0, Y2025] == pytest.approx(1500.0)


@settings(max_examples=25, deadline=None)
@given(other=st.floats(0.0, 40000.0), wind=st.floats(0.0, 12000.0), thermal=st.floats(0.0, 4000.0))
def test_electricity_balance(other, wind, thermal):
    _, r = run(electricity_other_local_gwh=other, wind_capacity_mw={2020: 2000.0, 2025: wind},
               thermal_capacity_mw=thermal)
    supply = r["Electricity|Wind"] + r["Electricity|Solar"] + r["Electricity|Thermal"]
    np.testing.assert_allclose(supply + r["Electricity|Import"],
                               r["Electricity|Local Use"] + r["Electricity|Export"], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(r["Electricity|Renewable Local Use"] + r["Electricity|Thermal Local Use"]
                               + r["Electricity|Import"], r["Electricity|Local Use"], rtol=1e-9, atol=1e-9)
    assert (r["Electricity|Export"] >= 0).all() and (r["Electricity|Import"] >= 0).all()


def test_power_value_added_moves_in_proportion_to_generation():
    # +1,000 MW wind at 3,000 h x 0.95 = 2,850 GWh x 0.18 yuan/kWh / 100 = 5.13 亿元.
    setup = dict(_FLEET, va_per_kwh_renewable=0.18)
    _, r0 = run(setup)
    _, r1 = run(setup, wind_capacity_mw={2020: 2000.0, 2025: 7000.0})
    _, r2 = run(setup, wind_capacity_mw={2020: 2000.0, 2025: 8000.0})
    va = "Value Added|Power"
    d1 = r1[va][0, Y2025] - r0[va][0, Y2025]
    assert d1 == pytest.approx(5.13)
    assert r2[va][0, Y2025] - r0[va][0, Y2025] == pytest.approx(2 * d1)

"""Power: wind, solar, the 2 x 1000 MW thermal units, storage, local use and power sent out.

Method
------
Wind and PV capacity are year paths (plan 第四章第一节二: at least 6 GW wind and
1 GW PV by 2025, growth at least 10 %/yr; 专栏4-3).  Capacity standing in 2020
runs at the existing fleet's full-load hours and capacity added later at the
new turbines' hours ([mengxi-2020] for the fleet of 2020; estimates)::

    wind_gross[t] = (min(C[t], C[2020]) * h_existing + max(C[t] - C[2020], 0) * h_new) / 1e3
    curtailed[t]  = wind_gross * curtailment_wind + solar_gross * curtailment_solar
    recovered[t]  = min(curtailed, storage MW * hours * cycles * round-trip efficiency / 1e3)

(MW x h / 1e3 = GWh).  Storage returns curtailed energy to the grid; what it
saves is split between wind and solar in proportion to their curtailment.
The Jingneng 2 x 1000 MW units (专栏4-3, new in the plan) run from their first
year at their full-load hours; their own use is deducted to give the power sent
out of the plant, and they burn coal at the supply coal rate.

Electricity used in the banner is the smelters' electricity counted apart
(zinc) plus all other local use (a path); local use is supplied pro rata by
the plants in the banner, any shortfall imported from the grid, and the rest is
power sent out of the banner (target 10 TWh, 第四章第一节二)::

    net generation G = wind + solar + thermal sent out
    local share      = min(1, L / G);   export = max(G - L, 0);   import = max(L - G, 0)

Value added moves with generation at a value added per kWh (estimates) through
:func:`model.core.formulas.value_added_from_output`.  Units: MW, GWh, 亿元
(``GWh x yuan/kWh / 100``).
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Results, Target, Variable, at_year
from model.core.formulas import cagr_pct, value_added_from_output
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.timeline import BASE_YEAR, YEARS, year_index

__all__ = ["PARAMETERS", "VARIABLES", "TARGETS", "compute", "renewable_generation"]

PARAMETERS: list[Parameter] = [
    Parameter(name="wind_capacity_mw", label_zh="风电装机容量", label_en="Wind capacity", unit="MW",
              default={2020: 2000.0, 2025: 6300.0}, lower=0.0, upper=30000.0, kind="lever", theme="power",
              source="plan 第四章第一节二; 专栏4-3: 风电600万千瓦以上 plus 30万千瓦分散式风电 by 2025; the 2020 level "
              "(2,000 MW) is an estimate (no figure for the banner's 2020 capacity was found)",
              estimate=True, timeseries=True, step=100.0),
    Parameter(name="solar_capacity_mw", label_zh="光伏装机容量", label_en="PV capacity", unit="MW", default={2020: 300.0, 2025: 1000.0},
              lower=0.0, upper=20000.0, kind="lever", theme="power",
              source="plan 第四章第一节二; 专栏4-3: 光伏1000兆瓦以上 by 2025; 2020 level (300 MW) an estimate",
              estimate=True, timeseries=True, step=50.0),
    Parameter(name="wind_hours_existing", label_zh="存量风电利用小时", label_en="Full-load hours, wind standing in 2020", unit="h/年",
              default=2300.0, lower=1000.0, upper=4500.0, kind="assumption", theme="power",
              source="Mengxi grid 2020: 44.04 TWh of wind on 19.47 GW = about 2,300 h [mengxi-2020]; applied to the "
              "banner (estimate)", estimate=True,
              distribution=Distribution("triangular", {"low": 2000.0, "mode": 2300.0, "high": 2600.0}),
              step=50.0),
    Parameter(name="wind_hours_new", label_zh="新增风电利用小时", label_en="Full-load hours, wind added after 2020", unit="h/年",
              default=3000.0, lower=1000.0, upper=4500.0, kind="assumption", theme="power",
              source="estimate: new large turbines 3,000-3,600 h (no public figure found for the banner's projects)",
              estimate=True,
              distribution=Distribution("triangular", {"low": 2600.0, "mode": 3000.0, "high": 3600.0}),
              step=50.0),
    Parameter(name="solar_hours", label_zh="光伏利用小时", label_en="Full-load hours, PV", unit="h/年", default=1600.0, lower=800.0, upper=2500.0,
              kind="assumption", theme="power", source="Mengxi 2020: 13.69 TWh of PV on 9.06 GW = about 1,610 h [mengxi-2020]; range 1,500-1,800 "
              "(estimate)",
              estimate=True, distribution=Distribution("uniform", {"low": 1500.0, "high": 1800.0}),
              step=50.0),
    Parameter(name="wind_curtailment", label_zh="弃风率", label_en="Wind curtailment", unit="比例",
              default={2020: 0.08, 2025: 0.05, 2035: 0.04}, lower=0.0, upper=0.5, kind="assumption", theme="power",
              source="Mengxi wind utilisation 88.5 % in January-May 2021 (11.5 % curtailed), national wind 96.5 % "
              "in 2020 [nea-2021-05]; 8 % in 2020 and the fall to about 3-5 % are estimates", estimate=True, timeseries=True,
              distribution=Distribution("uniform", {"low": 0.03, "high": 0.12}), step=0.005),
    Parameter(name="solar_curtailment", label_zh="弃光率", label_en="PV curtailment", unit="比例",
              default={2020: 0.04, 2025: 0.03}, lower=0.0, upper=0.5, kind="assumption", theme="power",
              source="Mengxi PV utilisation 96.3 % in January-May 2021, national 98 % in 2020 [nea-2021-05]; "
              "the path is an estimate", estimate=True,
              timeseries=True, distribution=Distribution("uniform", {"low": 0.02, "high": 0.06}),
              step=0.005),
    Parameter(name="storage_mw", label_zh="储能功率", label_en="Storage power", unit="MW", default={2020: 0.0, 2025: 500.0}, lower=0.0, upper=10000.0,
              kind="lever", theme="power", source="plan 专栏4-3: 50万千瓦风光储能项目 (500 MW) by 2025",
              timeseries=True, step=50.0),
    Parameter(name="storage_hours", label_zh="储能时长", label_en="Storage duration", unit="h", default=2.0, lower=0.5, upper=12.0, kind="assumption",
              theme="power", source="Inner Mongolia asks new renewable plants for storage of at least 10 % x 2 h [im-energy-plan-14]",
              step=0.5),
    Parameter(name="storage_cycles_per_year", label_zh="储能年循环次数", label_en="Storage cycles per year", unit="次/年", default=300.0,
              lower=0.0, upper=700.0, kind="assumption", theme="power",
              source="estimate: about one cycle a day on 300 days (no source retrieved)", estimate=True,
              step=10.0),
    Parameter(name="storage_efficiency", label_zh="储能往返效率", label_en="Storage round-trip efficiency", unit="比例", default=0.85,
              lower=0.5, upper=1.0, kind="assumption", theme="power", source="estimate: lithium-ion round trip 85-90 %", estimate=True,
              step=0.01),
    Parameter(name="thermal_capacity_mw", label_zh="京能2×1000MW火电机组容量", label_en="Thermal capacity (Jingneng units)", unit="MW",
              default=2000.0, lower=0.0, upper=6000.0, kind="lever", theme="power",
              source="plan 专栏4-3: 北京京能集团公司新建两台2×1000MW热电机组项目", step=100.0),
    Parameter(name="thermal_first_year", label_zh="火电机组投产年份", label_en="First year of output, thermal units", unit="年",
              default=2025, lower=2021, upper=2040, kind="lever", theme="power",
              source="estimate: the plan lists the units as a 14th-plan project without a date; 2025 assumed",
              estimate=True, dtype="int", step=1),
    Parameter(name="thermal_hours", label_zh="火电利用小时", label_en="Full-load hours, thermal units", unit="h/年", default=5000.0, lower=0.0,
              upper=8000.0, kind="assumption", theme="power",
              source="estimate: new 1000 MW coal units in Inner Mongolia run about 4,500-5,500 h (no source "
              "retrieved)", estimate=True, timeseries=True,
              distribution=Distribution("uniform", {"low": 4000.0, "high": 6000.0}), step=100.0),
    Parameter(name="thermal_own_use", label_zh="火电厂用电率", label_en="Thermal plants' own use", unit="比例", default=0.05, lower=0.0, upper=0.2,
              kind="assumption", theme="power", source="estimate: 4-6 % for large coal units", estimate=True, step=0.005),
    Parameter(name="thermal_coal_rate", label_zh="火电供电煤耗", label_en="Supply coal rate, thermal units", unit="kgce/kWh",
              default=0.295, lower=0.25, upper=0.40, kind="assumption", theme="power",
              source="Inner Mongolia's coal units at about 305 gce/kWh by 2025, new units below 300 "
              "[im-energy-plan-14]; 0.295 for the new 1000 MW units an estimate",
              estimate=True, timeseries=True, step=0.001),
    Parameter(name="electricity_other_local_gwh", label_zh="旗内其他用电量", label_en="Other electricity used in the banner",
              unit="GWh", default={2020: 1500.0, 2025: 2200.0, 2035: 3000.0}, lower=0.0, upper=50000.0, kind="assumption", theme="power",
              source="estimate: mining, copper and lead smelting, coking, services and homes (the banner's "
              "electricity use is not published)", estimate=True, timeseries=True,
              step=50.0),
    Parameter(name="va_per_kwh_renewable", label_zh="风光发电单位增加值", label_en="Value added per kWh, wind and PV", unit="元/kWh",
              default=0.18, lower=0.0, upper=0.5, kind="assumption", theme="power",
              source="estimate: IM benchmark price about 0.28 yuan/kWh, of which depreciation, interest, wages "
              "and profit (value added) about 60-70 %", estimate=True,
              distribution=Distribution("triangular", {"low": 0.12, "mode": 0.18, "high": 0.22}),
              step=0.01),
    Parameter(name="va_per_kwh_thermal", label_zh="火电单位增加值", label_en="Value added per kWh, thermal", unit="元/kWh", default=0.06,
              lower=0.0, upper=0.3, kind="assumption", theme="power",
              source="estimate: about 0.28 yuan/kWh less coal of about 0.2 yuan/kWh and other inputs",
              estimate=True,
              distribution=Distribution("triangular", {"low": 0.02, "mode": 0.06, "high": 0.10}),
              step=0.01),
]

VARIABLES: list[Variable] = [
    Variable("Capacity|Wind", "MW", "风电装机", "Wind capacity", "power"),
    Variable("Capacity|Solar", "MW", "光伏装机", "PV capacity", "power"),
    Variable("Capacity|Thermal", "MW", "火电装机（投运）", "Thermal capacity in operation", "power"),
    Variable("Capacity|Storage", "MW", "储能功率", "Storage power", "power"),
    Variable("Electricity|Wind", "GWh", "风电上网电量", "Wind generation (after curtailment)", "power"),
    Variable("Electricity|Solar", "GWh", "光伏上网电量", "PV generation (after curtailment)", "power"),
    Variable("Electricity|Thermal", "GWh", "火电供电量", "Thermal electricity sent out", "power"),
    Variable("Electricity|Curtailed", "GWh", "弃风弃光电量", "Wind and PV curtailed", "power"),
    Variable("Electricity|Storage Recovered", "GWh", "储能减少的弃电", "Curtailment recovered by storage",
             "power"),
    Variable("Electricity|Local Use", "GWh", "旗内用电量", "Electricity used in the banner", "power"),
    Variable("Electricity|Renewable Local Use", "GWh", "旗内消纳风光电量",
             "Wind and PV electricity used in the banner", "power"),
    Variable("Electricity|Thermal Local Use", "GWh", "旗内消纳火电量",
             "Thermal electricity used in the banner", "power"),
    Variable("Electricity|Import", "GWh", "旗外购入电量", "Electricity bought from the grid", "power"),
    Variable("Electricity|Export", "GWh", "外送电量", "Power sent out of the banner", "power"),
    Variable("Fuel|Thermal Coal", "万吨标准煤", "火电耗煤", "Coal burnt by the thermal units", "power"),
]


def renewable_generation(capacity: np.ndarray, hours_existing: np.ndarray, hours_new: np.ndarray
                         ) -> np.ndarray:
    """Gross generation (GWh) of a fleet whose 2020 capacity and later additions differ in hours.

    ``(min(C, C_2020) * h_existing + max(C - C_2020, 0) * h_new) / 1e3``
    with ``capacity`` ``(n, N_YEARS)`` in MW and hours ``(n,)``.
    """
    base = capacity[:, :1]
    old = np.minimum(capacity, base)
    return (old * hours_existing[:, None] + (capacity - old) * hours_new[:, None]) / 1e3


def compute(params: ParameterSet, results: Results) -> Results:
    """Generation, curtailment, storage, local use, power sent out and value added."""
    wind_cap = params.series("wind_capacity_mw")
    solar_cap = params.series("solar_capacity_mw")
    wind_gross = renewable_generation(wind_cap, params["wind_hours_existing"], params["wind_hours_new"])
    solar_gross = solar_cap * params["solar_hours"][:, None] / 1e3
    wind_cut = wind_gross * params.series("wind_curtailment")
    solar_cut = solar_gross * params.series("solar_curtailment")
    curtailed = wind_cut + solar_cut
    storage = params.series("storage_mw")
    absorb = storage * (params["storage_hours"] * params["storage_cycles_per_year"]
                        * params["storage_efficiency"])[:, None] / 1e3
    recovered = np.minimum(curtailed, absorb)
    with np.errstate(divide="ignore", invalid="ignore"):
        back = np.where(curtailed > 0, recovered / curtailed, 0.0)
    wind = wind_gross - wind_cut * (1.0 - back)
    solar = solar_gross - solar_cut * (1.0 - back)
    running = YEARS[None, :] >= np.rint(params["thermal_first_year"])[:, None]
    thermal_cap = params["thermal_capacity_mw"][:, None] * running
    thermal = thermal_cap * params.series("thermal_hours") / 1e3 * (1.0 - params["thermal_own_use"])[:, None]
    coal = thermal * params.series("thermal_coal_rate") * 0.1  # GWh x kgce/kWh -> 万tce
    local = results["Electricity|Nonferrous Smelting"] + params.series("electricity_other_local_gwh")
    renewable = wind + solar
    supply = renewable + thermal
    with np.errstate(divide="ignore", invalid="ignore"):
        local_share = np.where(supply > 0, np.minimum(1.0, local / supply), 0.0)
    generation = np.stack([renewable, thermal], axis=1)
    va_per_gwh = np.stack([params["va_per_kwh_renewable"], params["va_per_kwh_thermal"]], axis=1) / 100
    return {
        "Capacity|Wind": wind_cap,
        "Capacity|Solar": solar_cap,
        "Capacity|Thermal": thermal_cap,
        "Capacity|Storage": storage,
        "Electricity|Wind": wind,
        "Electricity|Solar": solar,
        "Electricity|Thermal": thermal,
        "Electricity|Curtailed": curtailed - recovered,
        "Electricity|Storage Recovered": recovered,
        "Electricity|Local Use": local,
        "Electricity|Renewable Local Use": renewable * local_share,
        "Electricity|Thermal Local Use": thermal * local_share,
        "Electricity|Import": np.maximum(local - supply, 0.0),
        "Electricity|Export": np.maximum(supply - local, 0.0),
        "Fuel|Thermal Coal": coal,
        "Value Added|Power": value_added_from_output(params["va_2020_power"], generation, va_per_gwh),
    }


TARGETS: list[Target] = [
    Target(id="wind_capacity", label_zh="风电装机容量", label_en="Wind capacity", section="第四章第一节二（600万千瓦以上）", theme="power",
           unit="MW", comparison=">=", target=6000.0, evaluate=lambda p, r: at_year(r, "Capacity|Wind"),
           observed_variable="Capacity|Wind"),
    Target(id="solar_capacity", label_zh="光伏装机容量", label_en="PV capacity", section="第四章第一节二（1000兆瓦以上）", theme="power",
           unit="MW", comparison=">=", target=1000.0, evaluate=lambda p, r: at_year(r, "Capacity|Solar"),
           observed_variable="Capacity|Solar"),
    Target(id="renewable_capacity_growth", label_zh="风光装机年均增长", label_en="Wind and PV capacity growth, 2021-2025",
           section="第四章第一节二（年均增长10%以上）", theme="power", unit="%/年", comparison=">=", target=10.0,
           evaluate=lambda p, r: cagr_pct(r["Capacity|Wind"] + r["Capacity|Solar"], BASE_YEAR, 2025)),
    Target(id="power_export", label_zh="年外送电量", label_en="Power sent out", section="第四章第一节二（100亿度）", theme="power", unit="GWh",
           comparison=">=", target=10000.0, evaluate=lambda p, r: at_year(r, "Electricity|Export"),
           observed_variable="Electricity|Export"),
]

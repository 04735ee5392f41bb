"""Power: wind, solar, the 2 x 1000 MW thermal units, storage, local use and power sent out.

Method
------
Wind and PV capacity are year paths (plan 第四章第一节二: at least 6 GW wind and
1 GW PV by 2025, growth at least 10 %/yr; 专栏4-3).  Capacity standing in 2020
runs at the existing fleet's full-load hours and capacity added later at the
new turbines' hours (parameters.md §F)::

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
:func:`model.core.domains.economy.value_added_from_output`.  Units: MW, GWh, 亿元
(``GWh x yuan/kWh / 100``).
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Results, Target, Variable
from model.core.domains.economy import cagr_pct, value_added_from_output
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.timeline import BASE_YEAR, YEARS, year_index

__all__ = ["PARAMETERS", "VARIABLES", "TARGETS", "compute", "renewable_generation"]

_SRC_F = "parameters.md §F"

PARAMETERS: list[Parameter] = [
    Parameter("wind_capacity_mw", "风电装机容量", "Wind capacity", "MW",
              {2020: 2000.0, 2025: 6300.0}, 0.0, 30000.0, "lever", "power",
              "plan 第四章第一节二 / 专栏4-3: 风电600万千瓦以上 plus 30万千瓦分散式风电 by 2025; the 2020 level "
              "(2,000 MW) is an estimate (the banner's 2020 capacity is not published, parameters.md §G)",
              estimate=True, timeseries=True, step=100.0),
    Parameter("solar_capacity_mw", "光伏装机容量", "PV capacity", "MW", {2020: 300.0, 2025: 1000.0},
              0.0, 20000.0, "lever", "power",
              "plan 第四章第一节二 / 专栏4-3: 光伏1000兆瓦以上 by 2025; 2020 level (300 MW) an estimate",
              estimate=True, timeseries=True, step=50.0),
    Parameter("wind_hours_existing", "存量风电利用小时", "Full-load hours, wind standing in 2020", "h/年",
              2300.0, 1000.0, 4500.0, "assumption", "power",
              f"{_SRC_F}: Mengxi grid 2020 44.04 TWh / 19.47 GW = about 2,300 h", estimate=True,
              distribution=Distribution("triangular", {"low": 2000.0, "mode": 2300.0, "high": 2600.0}),
              step=50.0),
    Parameter("wind_hours_new", "新增风电利用小时", "Full-load hours, wind added after 2020", "h/年",
              3000.0, 1000.0, 4500.0, "assumption", "power",
              f"{_SRC_F}: new large turbines 3,000-3,600 h (Urad Middle 1.5 GW, 2024: about 3,630 h)",
              estimate=True,
              distribution=Distribution("triangular", {"low": 2600.0, "mode": 3000.0, "high": 3600.0}),
              step=50.0),
    Parameter("solar_hours", "光伏利用小时", "Full-load hours, PV", "h/年", 1600.0, 800.0, 2500.0,
              "assumption", "power", f"{_SRC_F}: Mengxi 2020 13.69 TWh / 9.06 GW = about 1,610 h (1,500-1,800)",
              estimate=True, distribution=Distribution("uniform", {"low": 1500.0, "high": 1800.0}),
              step=50.0),
    Parameter("wind_curtailment", "弃风率", "Wind curtailment", "比例",
              {2020: 0.08, 2025: 0.05, 2035: 0.04}, 0.0, 0.5, "assumption", "power",
              f"{_SRC_F}: Mengxi wind 8 % (2020), 11.5 % Jan-May 2021; national 2.7 % (2023); "
              "falling to about 3-5 %", estimate=True, timeseries=True,
              distribution=Distribution("uniform", {"low": 0.03, "high": 0.12}), step=0.005),
    Parameter("solar_curtailment", "弃光率", "PV curtailment", "比例",
              {2020: 0.04, 2025: 0.03}, 0.0, 0.5, "assumption", "power",
              f"{_SRC_F}: Mengxi PV utilisation 96.3 % Jan-May 2021; national 98 %", estimate=True,
              timeseries=True, distribution=Distribution("uniform", {"low": 0.02, "high": 0.06}),
              step=0.005),
    Parameter("storage_mw", "储能功率", "Storage power", "MW", {2020: 0.0, 2025: 500.0}, 0.0, 10000.0,
              "lever", "power", "plan 专栏4-3: 50万千瓦风光储能项目 (500 MW) by 2025",
              timeseries=True, step=50.0),
    Parameter("storage_hours", "储能时长", "Storage duration", "h", 2.0, 0.5, 12.0, "assumption",
              "power", "parameters.md §F: IM asks new plants for storage of at least 10 % x 2 h",
              step=0.5),
    Parameter("storage_cycles_per_year", "储能年循环次数", "Storage cycles per year", "次/年", 300.0,
              0.0, 700.0, "assumption", "power",
              "estimate: about one cycle a day on 300 days (no source retrieved)", estimate=True,
              step=10.0),
    Parameter("storage_efficiency", "储能往返效率", "Storage round-trip efficiency", "比例", 0.85,
              0.5, 1.0, "assumption", "power", "estimate: lithium-ion round trip 85-90 %", estimate=True,
              step=0.01),
    Parameter("thermal_capacity_mw", "京能2×1000MW火电机组容量", "Thermal capacity (Jingneng units)", "MW",
              2000.0, 0.0, 6000.0, "lever", "power",
              "plan 专栏4-3: 北京京能集团公司新建两台2×1000MW热电机组项目", step=100.0),
    Parameter("thermal_first_year", "火电机组投产年份", "First year of output, thermal units", "年",
              2025, 2021, 2040, "lever", "power",
              "estimate: the plan lists the units as a 14th-plan project without a date; 2025 assumed",
              estimate=True, dtype="int", step=1),
    Parameter("thermal_hours", "火电利用小时", "Full-load hours, thermal units", "h/年", 5000.0, 0.0,
              8000.0, "assumption", "power",
              "estimate: new 1000 MW coal units in Inner Mongolia run about 4,500-5,500 h (no source "
              "retrieved)", estimate=True, timeseries=True,
              distribution=Distribution("uniform", {"low": 4000.0, "high": 6000.0}), step=100.0),
    Parameter("thermal_own_use", "火电厂用电率", "Thermal plants' own use", "比例", 0.05, 0.0, 0.2,
              "assumption", "power", "estimate: 4-6 % for large coal units", estimate=True, step=0.005),
    Parameter("thermal_coal_rate", "火电供电煤耗", "Supply coal rate, thermal units", "kgce/kWh",
              0.295, 0.25, 0.40, "assumption", "power",
              "parameters.md §A2: IM coal power about 305 gce/kWh by 2025, new units below 300",
              estimate=True, timeseries=True, step=0.001),
    Parameter("electricity_other_local_gwh", "旗内其他用电量", "Other electricity used in the banner",
              "GWh", {2020: 1500.0, 2025: 2200.0, 2035: 3000.0}, 0.0, 50000.0, "assumption", "power",
              "estimate: mining, copper and lead smelting, coking, services and homes (the banner's "
              "electricity use is not published, parameters.md §G)", estimate=True, timeseries=True,
              step=50.0),
    Parameter("va_per_kwh_renewable", "风光发电单位增加值", "Value added per kWh, wind and PV", "元/kWh",
              0.18, 0.0, 0.5, "assumption", "power",
              "estimate: IM benchmark price about 0.28 yuan/kWh, of which depreciation, interest, wages "
              "and profit (value added) about 60-70 %", estimate=True,
              distribution=Distribution("triangular", {"low": 0.12, "mode": 0.18, "high": 0.22}),
              step=0.01),
    Parameter("va_per_kwh_thermal", "火电单位增加值", "Value added per kWh, thermal", "元/kWh", 0.06,
              0.0, 0.3, "assumption", "power",
              "estimate: about 0.28 yuan/kWh less coal of about 0.2 yuan/kWh and other inputs",
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
    with ``capacity`` ``(n, N_YEARS)`` in MW and hours ``(n,)`` (parameters.md §F).
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


def _at(r: Results, name: str, year: int = 2025) -> np.ndarray:
    return r[name][:, year_index(year)]


TARGETS: list[Target] = [
    Target("wind_capacity", "风电装机容量", "Wind capacity", "第四章第一节二 (600万千瓦以上)", "power",
           "MW", ">=", 6000.0, evaluate=lambda p, r: _at(r, "Capacity|Wind")),
    Target("solar_capacity", "光伏装机容量", "PV capacity", "第四章第一节二 (1000兆瓦以上)", "power",
           "MW", ">=", 1000.0, evaluate=lambda p, r: _at(r, "Capacity|Solar")),
    Target("renewable_capacity_growth", "风光装机年均增长", "Wind and PV capacity growth, 2021-2025",
           "第四章第一节二 (年均增长10%以上)", "power", "%/年", ">=", 10.0,
           evaluate=lambda p, r: cagr_pct(r["Capacity|Wind"] + r["Capacity|Solar"], BASE_YEAR, 2025)),
    Target("power_export", "年外送电量", "Power sent out", "第四章第一节二 (100亿度)", "power", "GWh",
           ">=", 10000.0, evaluate=lambda p, r: _at(r, "Electricity|Export")),
]

"""Energy dual control (能耗双控): energy by consumer, accounting regimes, caps, CO2.

Method
------
Energy use of the banner (万吨标准煤) is built bottom-up, because the banner's
2020 energy base is not published (none was found); every 2020 figure here is
therefore an estimate.  Consumers::

    nonferrous smelting = fuel energy of the smelters + their electricity x e
    coal chemicals      = coke and methanol energy by the national standards
    power               = coal burnt by the thermal units - their electricity sent out x e
                          (own use and conversion losses; exported thermal electricity
                          leaves its losses in the banner)
    other industry      = (mining + other industry + construction) value added x intensity
    primary, services   = sector value added x intensity
    households          = a path

``e`` is the electricity conversion factor: 0.1229 kgce/kWh (equivalent value)
(GB/T 2589-2020) or the coal-consumption method (0.305 kgce/kWh by default, Inner Mongolia's
2025 supply coal rate [im-energy-plan-14]).
The consumers sum exactly to ``Energy|Total``.  Energy intensity is energy
(万吨标准煤) over GDP at 2020 prices (亿元): 1 万吨标准煤 / 1 亿元 = 1 吨标准煤/万元,
so the ratio is directly in 吨标准煤/万元, with GDP at constant prices.

Accounting regimes ([ndrc-1310-2021], [ndrc-nbs-803-2022], [ndrc-renewables-2022],
[ndrc-green-certificates-2024], [ndrc-qa-39]), applied to every year including 2020::

    2021  everything counts:            assessed = total;  intensity basis = total
    2022  feedstock and new renewables: assessed = total - feedstock - max(RE_t - RE_2020, 0) e
          intensity basis = total - feedstock          (renewables kept in the intensity)
    2024  non-fossil out of both:       assessed = intensity basis = total - feedstock - RE_t e
    2026  carbon dual control:          energy counted as in 2024; the total-energy cap ends
                                        with 2025 (NaN after), carbon limits take over
                                        (:mod:`~model.core.domains.carbon`)

where RE is wind and PV electricity used in the banner (power sent out is
credited to the receiving province, [ndrc-green-certificates-2024]).  So assessed energy under 2024 <= 2022
<= 2021 for any scenario.  The cap is the 2020 assessed energy times
(1 + allowed growth); the default growth 13.75 % by 2025 is what the intensity
cut of 15 % allows with GDP at the plan's 6 %/yr: 1.06^5 x 0.85 - 1 = 0.1375
(Inner Mongolia, [im-energy-14]; the plan itself only says "meet the city's requirement",
专栏2第14、19行).  Headroom = cap - assessed.

CO2 (万吨) = 2.66 t/tce x fossil energy other than feedstock and other than
electricity bought from the grid, plus grid electricity x the grid factor
([mee-grid-2021], [mee-grid-2022]); the feedstock's carbon stays in the methanol.
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Diagnostic, Results, Target, Variable, at_year
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.formulas import ELECTRICITY_EQUIVALENT_KGCE_PER_KWH
from model.core.timeline import N_YEARS, PLAN_YEAR, YEARS, year_index

__all__ = ["CONSUMERS", "REGIMES", "PARAMETERS", "VARIABLES", "TARGETS", "DIAGNOSTICS", "compute",
           "conversion_factor", "assessed_energy"]

#: Energy consumers: (key, variable suffix, zh, en).  ``Energy|<suffix>`` sum to ``Energy|Total``.
CONSUMERS: tuple[tuple[str, str, str, str], ...] = (
    ("nonferrous_smelting", "Nonferrous Smelting", "有色金属冶炼", "Nonferrous smelting"),
    ("coal_chemicals", "Coal Chemicals", "煤焦化工", "Coal chemicals"),
    ("power", "Power", "电厂自用及转换损失", "Power plants' own use and conversion"),
    ("other_industry", "Other Industry", "其他工业和建筑业", "Other industry and construction"),
    ("primary", "Primary", "第一产业", "Primary sector"),
    ("services", "Services", "服务业", "Services"),
    ("households", "Households", "居民生活", "Households"),
)
#: The regime of carbon dual control (the 15th plan's rules).
CARBON_REGIME: int = 2026
#: Accounting regimes (the rules of 2021, 2022, 2024 and the 15th plan's carbon control).
REGIMES: tuple[int, ...] = (2021, 2022, 2024, 2026)

PARAMETERS: list[Parameter] = [
    Parameter(name="accounting_regime", label_zh="能耗核算规则", label_en="Energy accounting regime", unit="规则年份", default=2024,
              kind="lever", theme="energy", dtype="choice", choices=REGIMES,
              choice_labels={2021: ("2021年：全部能耗计入", "2021: everything counts"),
                             2022: ("2022年：扣除原料用能和新增可再生能源（强度仍计可再生）",
                                    "2022: feedstock and new renewables out of the total"),
                             2024: ("2024年：非化石能源不纳入总量和强度", "2024: non-fossil out of both"),
                             2026: ("2026年：碳排放双控（能耗按2024年口径，2025年后不设能耗总量上限）",
                                    "2026: carbon dual control (energy counted as in 2024, no energy cap after 2025)")},
              source=("发改环资〔2021〕1310号 [ndrc-1310-2021]; 2022-11 原料用能 notice, 发改环资〔2022〕803号 "
                      "[ndrc-nbs-803-2022]; 发改运行〔2022〕1258号 [ndrc-renewables-2022]; 2024-02 green-certificate "
                      "notice [ndrc-green-certificates-2024] (the rules in force for the 14th-plan assessment); "
                      "2026: carbon dual control from the 15th plan on, 国办发〔2024〕39号 [ndrc-qa-39]")),
    Parameter(name="electricity_conversion_method", label_zh="电力折标准煤方法", label_en="Electricity conversion method", unit="选项",
              default="equivalent", kind="assumption", theme="energy", dtype="choice",
              choices=("equivalent", "coal_consumption"),
              choice_labels={"equivalent": ("当量值 0.1229 kgce/kWh", "equivalent value 0.1229 kgce/kWh"),
                             "coal_consumption": ("发电煤耗法", "coal-consumption method")},
              source=("GB/T 2589-2020: equivalent value 0.1229 kgce/kWh, used by the product standards and (as an "
                      "assumption here) for electricity leaving the banner; coal-consumption method "
                      "for regional primary-electricity accounting")),
    Parameter(name="electricity_coal_consumption_factor", label_zh="发电煤耗法折算系数",
              label_en="Coal-consumption method factor", unit="kgce/kWh", default=0.305, lower=0.25, upper=0.40, kind="assumption", theme="energy",
              source="Inner Mongolia's coal units at about 305 gce/kWh by 2025, new units below 300 [im-energy-plan-14]",
              step=0.001),
    Parameter(name="energy_intensity_other_industry", label_zh="其他工业和建筑业能耗强度",
              label_en="Energy intensity, other industry and construction", unit="吨标准煤/万元",
              default={2020: 1.0, 2025: 0.9, 2035: 0.75}, lower=0.0, upper=10.0, kind="assumption", theme="energy",
              source="estimate: mining and light industry about 1 tce/万元 (no source retrieved), "
              "improving about 2 %/yr", estimate=True, timeseries=True,
              distribution=Distribution("triangular", {"low": 0.6, "mode": 1.0, "high": 1.6}), step=0.05),
    Parameter(name="energy_intensity_primary", label_zh="第一产业能耗强度", label_en="Energy intensity, primary sector",
              unit="吨标准煤/万元", default=0.3, lower=0.0, upper=3.0, kind="assumption", theme="energy",
              source="estimate: farming and herding about 0.2-0.4 tce/万元 (no source retrieved)", estimate=True,
              timeseries=True, step=0.05),
    Parameter(name="energy_intensity_services", label_zh="服务业能耗强度", label_en="Energy intensity, services",
              unit="吨标准煤/万元", default={2020: 0.35, 2035: 0.30}, lower=0.0, upper=3.0, kind="assumption", theme="energy",
              source="estimate: services about 0.3-0.4 tce/万元 (no source retrieved)", estimate=True,
              timeseries=True, step=0.05),
    Parameter(name="household_energy", label_zh="居民生活能耗", label_en="Household energy use", unit="万吨标准煤",
              default={2020: 5.0, 2035: 6.0}, lower=0.0, upper=50.0, kind="assumption", theme="energy",
              source="estimate: about 6.4万 residents (6.36万 at end-2007 [imyb-2008]) x about 0.8 tce per person",
              estimate=True, timeseries=True, step=0.5),
    Parameter(name="co2_per_tce_fossil", label_zh="化石能源排放因子", label_en="CO2 per tonne of fossil energy", unit="吨CO2/吨标准煤",
              default=2.66, lower=2.0, upper=3.2, kind="assumption", theme="energy",
              source=("raw coal 1.9003 kg CO2/kg (a working value; no public source found) / 0.7143 kgce/kg "
                      "(GB/T 2589-2020) = 2.66; upper end 2.77 from the IPCC default for coal, 94.6 t CO2/TJ x "
                      "29.3076 GJ/tce [ipcc-2006]"), estimate=True,
              distribution=Distribution("uniform", {"low": 2.66, "high": 2.77}), step=0.01),
    Parameter(name="grid_emission_factor", label_zh="电网排放因子", label_en="Grid CO2 factor", unit="kg CO2/kWh",
              default={2020: 0.71, 2021: 0.7025, 2022: 0.6849, 2035: 0.50}, lower=0.0, upper=1.2, kind="assumption", theme="energy",
              source="Inner Mongolia 0.7025 (2021) [mee-grid-2021] and 0.6849 (2022) [mee-grid-2022], read from a "
              "public transcription of the tables; falling about 2-3 %/yr after (estimate)", estimate=True, timeseries=True, step=0.01),
    Parameter(name="energy_intensity_cut_target_pct", label_zh="能耗强度下降目标", label_en="Energy intensity cut target", unit="%",
              default=15.0, lower=0.0, upper=50.0, kind="lever", theme="energy",
              source="plan 专栏2第14行 says 'meet the city's requirement'; default Inner Mongolia's -15 % by "
              "2025 against 2020 (内政发〔2022〕17号 [im-energy-14])", step=0.5),
    Parameter(name="energy_cap_growth_vs_2020", label_zh="能耗总量上限（较2020年增幅）",
              label_en="Total-energy cap (growth over 2020)", unit="比例", default={2020: 0.0, 2025: 0.1375, 2035: 0.1375},
              lower=-0.5, upper=20.0, kind="lever", theme="energy",
              source="derived: the growth the intensity cut allows with GDP at the plan's 6 %/yr, "
              "1.06^5 x (1 - 0.15) - 1 = 0.1375 (plan 第二章第五节; [im-energy-14]); held after 2025 "
              "(the 15th plan moves to carbon control, [ndrc-qa-39])", timeseries=True, step=0.01),
    Parameter(name="co2_intensity_cut_target_pct", label_zh="碳排放强度下降目标", label_en="CO2 intensity cut target", unit="%",
              default=18.0, lower=0.0, upper=60.0, kind="lever", theme="energy",
              source="plan 专栏2第15行 says 'meet the city's requirement'; default the national 14th-plan "
              "-18 % against 2020 [opinions-2021]", estimate=True, step=0.5),
]

VARIABLES: list[Variable] = [
    *[Variable(f"Energy|{suffix}", "万吨标准煤", f"{zh}能耗", f"Energy: {en}", "energy")
      for key, suffix, zh, en in CONSUMERS if key != "coal_chemicals"],
    Variable("Energy|Total", "万吨标准煤", "能源消费总量", "Total energy use", "energy"),
    Variable("Energy|Non-fossil", "万吨标准煤", "旗内消纳的非化石能源", "Non-fossil energy used in the banner",
             "energy"),
    Variable("Energy|Assessed", "万吨标准煤", "纳入总量考核的能耗", "Energy counted against the cap", "energy"),
    Variable("Energy|Intensity Basis", "万吨标准煤", "纳入强度考核的能耗", "Energy counted in the intensity",
             "energy"),
    Variable("Energy|Cap", "万吨标准煤", "能耗总量上限", "Total-energy cap", "energy"),
    Variable("Energy|Headroom", "万吨标准煤", "能耗总量余量", "Headroom under the cap", "energy"),
    Variable("Energy|Intensity", "吨标准煤/万元", "能耗强度（考核口径）", "Energy intensity (assessed)",
             "energy"),
    Variable("Energy|Intensity Reduction", "%", "能耗强度较2020年下降", "Energy intensity cut since 2020",
             "energy"),
    Variable("Emissions|CO2", "万吨", "二氧化碳排放", "CO2 emissions", "energy"),
    Variable("Emissions|CO2 Intensity", "吨/万元", "碳排放强度", "CO2 intensity", "energy"),
    Variable("Emissions|CO2 Intensity Reduction", "%", "碳排放强度较2020年下降", "CO2 intensity cut since 2020",
             "energy"),
]


def conversion_factor(params: ParameterSet) -> np.ndarray:
    """kgce per kWh of electricity, ``(n,)``, by the scenario's method (GB/T 2589-2020; [im-energy-plan-14])."""
    return np.where(params.is_choice("electricity_conversion_method", "equivalent"),
                    ELECTRICITY_EQUIVALENT_KGCE_PER_KWH, params["electricity_coal_consumption_factor"])


def assessed_energy(regime: np.ndarray, total: np.ndarray, feedstock: np.ndarray,
                    non_fossil: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Energy counted against the cap and in the intensity under each regime (see the module docstring).

    Parameters
    ----------
    regime
        Regime year per scenario, ``(n,)`` (2021, 2022 or 2024).
    total, feedstock, non_fossil
        ``(n, N_YEARS)`` in 万吨标准煤; ``non_fossil`` is wind and PV used in the banner.

    Returns
    -------
    tuple
        ``(assessed, intensity_basis)``, both ``(n, N_YEARS)``.
    """
    r = np.asarray(regime)[:, None]
    new_renewable = np.maximum(non_fossil - non_fossil[:, :1], 0.0)
    assessed = np.where(r == 2021, total,
                        np.where(r == 2022, total - feedstock - new_renewable,
                                 total - feedstock - non_fossil))
    basis = np.where(r == 2021, total,
                     np.where(r == 2022, total - feedstock, total - feedstock - non_fossil))
    return assessed, basis


def _cut_pct(x: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100.0 * (1.0 - x / x[:, :1])


def compute(params: ParameterSet, results: Results) -> Results:
    """Energy by consumer, assessed energy, cap, intensity and CO2."""
    e = conversion_factor(params)[:, None] * 0.1  # 万tce per GWh
    gdp = results["GDP"]
    other_va = (results["Value Added|Mining"] + results["Value Added|Other Industry"]
                + results["Value Added|Construction"])
    consumers = {
        "Nonferrous Smelting": (results["Energy|Nonferrous Smelting|Fuel"]
                                + results["Electricity|Nonferrous Smelting"] * e),
        "Coal Chemicals": results["Energy|Coal Chemicals"],
        "Power": results["Fuel|Thermal Coal"] - results["Electricity|Thermal"] * e,
        "Other Industry": other_va * params.series("energy_intensity_other_industry"),
        "Primary": results["GDP|Primary"] * params.series("energy_intensity_primary"),
        "Services": results["GDP|Tertiary"] * params.series("energy_intensity_services"),
        "Households": params.series("household_energy"),
    }
    total = np.zeros((params.n, N_YEARS))
    for v in consumers.values():
        total = total + v
    non_fossil = results["Electricity|Renewable Local Use"] * e
    feedstock = results["Energy|Coal Chemicals|Feedstock"]
    regime = params.choice_values("accounting_regime")
    assessed, basis = assessed_energy(regime, total, feedstock, non_fossil)
    cap = assessed[:, :1] * (1.0 + params.series("energy_cap_growth_vs_2020"))
    carbon_rules = (regime == CARBON_REGIME)[:, None] & (YEARS > PLAN_YEAR)[None, :]
    cap = np.where(carbon_rules, np.nan, cap)
    intensity = basis / gdp
    imported = results["Electricity|Import"]
    fossil = np.maximum(total - non_fossil - imported * e - feedstock, 0.0)
    co2 = (fossil * params["co2_per_tce_fossil"][:, None]
           + imported * params.series("grid_emission_factor") * 0.1)
    co2_intensity = co2 / gdp
    out: Results = {f"Energy|{k}": v for k, v in consumers.items() if k != "Coal Chemicals"}
    out.update({
        "Energy|Total": total,
        "Energy|Non-fossil": non_fossil,
        "Energy|Assessed": assessed,
        "Energy|Intensity Basis": basis,
        "Energy|Cap": cap,
        "Energy|Headroom": cap - assessed,
        "Energy|Intensity": intensity,
        "Energy|Intensity Reduction": _cut_pct(intensity),
        "Emissions|CO2": co2,
        "Emissions|CO2 Intensity": co2_intensity,
        "Emissions|CO2 Intensity Reduction": _cut_pct(co2_intensity),
    })
    return out


TARGETS: list[Target] = [
    Target(id="energy_intensity_cut", label_zh="单位GDP能耗下降", label_en="Energy intensity cut, 2020-2025",
           section="专栏2第14行（达到全市要求）", theme="energy", unit="%", comparison=">=",
           target_parameter="energy_intensity_cut_target_pct",
           evaluate=lambda p, r: at_year(r, "Energy|Intensity Reduction"),
           note_zh="目标值来自参数（默认内蒙古-15%）", note_en="target from a lever (default Inner Mongolia's -15 %)",
           observed_variable="Energy|Intensity Reduction"),
    Target(id="co2_intensity_cut", label_zh="单位GDP二氧化碳排放下降", label_en="CO2 intensity cut, 2020-2025",
           section="专栏2第15行（达到全市要求）", theme="energy", unit="%", comparison=">=",
           target_parameter="co2_intensity_cut_target_pct",
           evaluate=lambda p, r: at_year(r, "Emissions|CO2 Intensity Reduction"),
           note_zh="目标值来自参数（默认全国-18%）", note_en="target from a lever (default the national -18 %)",
           observed_variable="Emissions|CO2 Intensity Reduction"),
    Target(id="energy_within_cap", label_zh="能耗总量占上限比例", label_en="Assessed energy as a share of the cap",
           section="专栏2第19行; 第四章第一节一（在能耗双控范围内）", theme="energy", unit="%", comparison="<=", target=100.0,
           evaluate=lambda p, r: 100.0 * at_year(r, "Energy|Assessed") / at_year(r, "Energy|Cap"),
           note_zh="上限由参数设定（默认与-15%强度目标和6%增速一致）",
           note_en="cap from a lever (default consistent with -15 % intensity at 6 %/yr growth)"),
]


#: Less than this is no coke oven (kt/yr; shown as 0 kt/yr): a calibrated scenario may leave an
#: unused plant slot on its bound at a few grams a year (replay-2021-2025's Heimao ovens, 3e-5 kt/yr).
COKE_ADDED_NONE_KT = 0.5
#: Less than this is no growth of the ovens' energy (万吨标准煤; shown as 0.0).
COKE_ENERGY_NONE = 0.05


def _coke_numbers(p: ParameterSet, r: Results) -> dict[str, np.ndarray]:
    """The coke findings' numbers: 2025's capacity added since 2020, coke, the ovens' energy added
    since 2020, and the 2025 energy balance under the scenario's accounting rules."""
    i = year_index(PLAN_YEAR)
    coke_energy = r["Energy|Coal Chemicals|Coke"]
    return {"added": r["Capacity|Coke|Added Since 2020"][:, i], "coke": r["Production|Coke"][:, i],
            "coke_energy_added": coke_energy[:, i] - coke_energy[:, 0],
            "headroom": r["Energy|Headroom"][:, i], "cap": r["Energy|Cap"][:, i],
            "assessed": r["Energy|Assessed"][:, i], "change": -r["Energy|Intensity Reduction"][:, i],
            "target_change": -p["energy_intensity_cut_target_pct"],
            "regime": p.choice_values("accounting_regime").astype(float)}


def _coke_vs_dual_control(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """New coke ovens against IM's 2021 coke rule (plan 第四章第一节一; [im-dual-control-209]): found
    when at least :data:`COKE_ADDED_NONE_KT` of capacity is added after 2020."""
    numbers = _coke_numbers(p, r)
    return numbers["added"] >= COKE_ADDED_NONE_KT, numbers


def _coke_energy_squeeze(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """More coke against the energy caps: found when the ovens use at least :data:`COKE_ENERGY_NONE`
    more in 2025 than in 2020 while the 2025 headroom is negative or the intensity target is missed."""
    numbers = _coke_numbers(p, r)
    missed = (numbers["headroom"] < 0) | (numbers["change"] > numbers["target_change"])
    return (numbers["coke_energy_added"] >= COKE_ENERGY_NONE) & missed, numbers


# Two findings, as for the acid balance (smelting.py), so that each explanation speaks only of a
# quantity that is there: new ovens against the 2021 rule, and the ovens' extra energy against the
# caps (with the energy balance's numbers).
DIAGNOSTICS: list[Diagnostic] = [
    Diagnostic(
        id="coke_vs_dual_control", title_zh="焦炭扩能与能耗双控规则相冲突",
        title_en="The coke expansion collides with the energy dual-control rules",
        section="第四章第一节一; 专栏4-2; [im-dual-control-209]", theme="coal_chemicals", check=_coke_vs_dual_control,
        explain_zh=("规划2025年焦炭超过1000万吨，本情景2020年后新增焦化产能{added:.0f}千吨/年，2025年焦炭"
                    "{coke:.0f}千吨；内蒙古2021年双控保障措施规定乌海、鄂尔多斯、阿拉善以外原则上不再新增焦化产能"
                    "（仅2020年底前在建、就地转化进口焦煤的项目例外）。"),
        explain_en=("The plan wants more than 10 Mt of coke in 2025; this scenario adds {added:.0f} kt/yr "
                    "of coke ovens after 2020 and makes {coke:.0f} kt of coke in 2025. Inner Mongolia's "
                    "2021 dual-control safeguards allow no new coke capacity outside Wuhai, Ordos and "
                    "Alxa, except projects under construction by end-2020 that convert imported coking "
                    "coal."),
        resolved_zh="本情景2020年后未新增焦化产能（2025年焦炭{coke:.0f}千吨）。",
        resolved_en="No coke capacity is added after 2020 ({coke:.0f} kt of coke in 2025).",
    ),
    Diagnostic(
        id="coke_energy_squeeze", title_zh="焦炭增产挤占能耗双控余量",
        title_en="More coke takes energy the dual-control caps do not have",
        section="第四章第一节一; 专栏4-2; 专栏2第19行", theme="coal_chemicals", check=_coke_energy_squeeze,
        explain_zh=("本情景2025年焦炉能耗比2020年多{coke_energy_added:.1f}万吨标准煤（2025年焦炭{coke:.0f}千吨），"
                    "而按{regime:.0f}年核算规则2025年能耗总量为{assessed:.1f}万吨标准煤、上限{cap:.1f}万吨标准煤，"
                    "余量{headroom:.1f}万吨标准煤；能耗强度较2020年变化{change:+.1f}%（目标{target_change:+.1f}%）。"),
        explain_en=("The coke ovens use {coke_energy_added:.1f} 万tce more in 2025 than in 2020 ({coke:.0f} kt of "
                    "coke in 2025), while under the {regime:.0f} rules assessed energy is {assessed:.1f} against "
                    "a cap of {cap:.1f} 万tce (headroom {headroom:.1f}) and energy intensity changes by "
                    "{change:+.1f} % against 2020 (target {target_change:+.1f} %)."),
        resolved_zh="本情景焦炉能耗没有在能耗超出上限或强度目标落空时增加。",
        resolved_en=("The coke ovens' energy does not grow while assessed energy is over its cap or the "
                     "intensity target is missed."),
    ),
]

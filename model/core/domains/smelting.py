"""Nonferrous smelting: copper, zinc and lead plants, concentrate, sulfuric acid, energy.

Method
------
Capacity is a timeline of *plants* (registry slots), each with a capacity
(kt/yr) and a commissioning year (the first year it produces).  In its first
year of operation a plant reaches ``ramp_first_year`` of its capacity, in the
second ``ramp_second_year``, and full capacity from the third year
(estimates; no published ramp-up was found)::

    effective_capacity[m, t] = sum_{plants p of metal m} cap[p] * ramp(t - year[p])
    output[m, t]             = effective_capacity[m, t] * utilisation[m, t]

Concentrate and the sulfuric acid co-product follow from the concentrate's
grade, the smelter's metal recovery, the concentrate's sulfur content and the
acid plant's sulfur capture (stoichiometry)::

    concentrate per t metal = 1 / (grade * recovery)
    acid per t metal        = concentrate * S * capture * 98.079 / 32.06

With the defaults this gives 3.61 t H2SO4/t Cu (25 % Cu, 30 % S, recovery
97.5 %, capture 96 %) and 1.76 t/t Zn (55 % Zn, 32 % S [zinc-concentrate-experts123], 96 %,
95 %).  Acid is consumed locally up to the
sulfur-chemicals demand (a lever; the plan wants more than 2 Mt/yr consumed,
第四章第一节一); the rest is the surplus to ship or store, so
``produced = local use + surplus`` holds exactly.

Energy per tonne of metal is the comprehensive energy consumption limit of
GB 25323-2023 at the grade chosen (1 = advanced, 2 = new plants, 3 = limit
for existing plants); the acid plants' comprehensive
energy is GB 29141-2012 (negative = net steam exporter).  Those
standards count electricity at its equivalent value 0.1229 kgce/kWh, so the
zinc cell house's electricity ([gti-zinc]) is split out and handed to the energy
module, which converts it with the scenario's method.  Value added moves with
output at a value added per tonne (estimates from the 2020 prices, [cnia-2020]) through
:func:`model.core.formulas.value_added_from_output`.

Units: kt, kt/yr; energy 万吨标准煤 (10 kt coal equivalent): ``kt x kgce/t /
1e4``; electricity GWh: ``kt x kWh/t / 1e3``; value added 亿元 at 2020 prices:
``kt x yuan/t / 1e5``.
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Diagnostic, Results, Target, Variable, at_year
from model.core.formulas import (ELECTRICITY_EQUIVALENT_KGCE_PER_KWH, plant_capacity,
                                 value_added_from_output)
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.timeline import N_YEARS, PLAN_YEAR, YEARS, year_index

__all__ = ["METALS", "PLANTS", "GB25323_KGCE_PER_T", "GB29141_ACID_KGCE_PER_T",
           "ACID_PER_SULFUR", "PARAMETERS", "VARIABLES",
           "TARGETS", "DIAGNOSTICS", "compute",
           "acid_per_tonne_metal", "concentrate_per_tonne_metal"]

#: Metals: (key, variable suffix, zh, en).
METALS: tuple[tuple[str, str, str, str], ...] = (
    ("copper", "Copper", "铜", "copper"),
    ("zinc", "Zinc", "锌", "zinc"),
    ("lead", "Lead", "铅", "lead"),
)

#: Plant slots: (key, metal, zh, en, capacity kt/yr, commissioning year, (source of the capacity,
#: source of the year)).
PLANTS: tuple[tuple[str, str, str, str, float, int, tuple[str, str]], ...] = (
    ("copper_existing", "copper", "现有铜冶炼", "existing copper smelting", 100.0, 2013,
     ("100 kt Cu smelting capacity in Urad Rear by 2013 [cinic-2013]",) * 2),
    ("copper_new", "copper", "30万吨铜冶炼项目", "300 kt copper smelter project", 300.0, 2023,
     ("plan 第四章第一节一: 重点推动30万吨铜冶炼 (capacity)",
      "estimate: the plan (第四章第一节一) gives no commissioning year; 2023 lets the smelter reach full "
      "output in 2025")),
    ("zinc_existing", "zinc", "现有锌冶炼", "existing zinc smelting", 200.0, 2013,
     ("200 kt Zn smelting capacity in Urad Rear by 2013 [cinic-2013]",) * 2),
    ("zinc_new", "zinc", "30万吨锌冶炼项目", "300 kt zinc smelter project", 300.0, 2023,
     ("plan 第四章第一节一: 30万吨锌冶炼; 专栏4-1: 扩建锌冶炼项目 (capacity)",
      "estimate: the plan (第四章第一节一) gives no commissioning year; 2023 lets the smelter reach full "
      "output in 2025")),
    ("lead_existing", "lead", "现有铅冶炼", "existing lead smelting", 100.0, 2013,
     ("100 kt Pb smelting capacity in Urad Rear by 2013 [cinic-2013]",) * 2),
    ("lead_new", "lead", "新增铅冶炼", "new lead smelting", 0.0, 2025,
     ("plan 第四章第一节一 names no new lead smelter: 0 kt (a slot for scenarios)",
      "estimate: a year for the empty slot (the plan names no new lead smelter, 第四章第一节一)")),
)
# 2020 capacity 100 + 200 + 100 = 400 kt plus the plan's 300 + 300 kt = 1,000 kt:
# exactly the plan's "铜、铅、锌等有色金属冶炼加工能力达到100万吨" (第四章第一节一).

#: GB 25323-2023 comprehensive energy limits, kgce/t, grades 1/2/3 (as transcribed; see docs/sources.md):
#: copper concentrate -> cathode; hydrometallurgical zinc with leach-residue treatment;
#: lead concentrate -> lead ingot.
GB25323_KGCE_PER_T: dict[str, tuple[float, float, float]] = {
    "copper": (210.0, 230.0, 340.0),
    "zinc": (1010.0, 1040.0, 1260.0),
    "lead": (300.0, 330.0, 420.0),
}
#: GB 29141-2012 acid plant comprehensive energy, kgce/t acid, advanced/access/existing
#: (mapped to grades 1/2/3) by smelter off-gas (as transcribed; see docs/sources.md).
GB29141_ACID_KGCE_PER_T: dict[str, tuple[float, float, float]] = {
    "copper": (-30.0, 3.0, 16.0),
    "zinc": (-120.0, -95.0, -85.0),
    "lead": (5.0, 19.0, 22.0),
}
#: t H2SO4 per t S: 98.079 / 32.06 (molar masses).
ACID_PER_SULFUR: float = 98.079 / 32.06

_GRADES = (1, 2, 3)
_GRADE_LABELS = {1: ("1级（先进值）", "grade 1 (advanced)"),
                 2: ("2级（新建准入值）", "grade 2 (new plants)"),
                 3: ("3级（现有限定值）", "grade 3 (existing-plant limit)")}

_SRC_GRADE = {"copper": "copper concentrates usually 15-30 % Cu [copper-concentrate]",
              "zinc": "zinc concentrates 45-62 % Zn [zinc-concentrate-berium], typically about 55 % "
                      "[zinc-concentrate-experts123]"}
_SRC_SULFUR = {"copper": "estimate: chalcopyrite concentrate about 30 % S (no public figure retrieved; "
                         "gives 3.6 t acid per t Cu with the recovery and capture here)",
               "zinc": "zinc concentrate typically about 32 % S [zinc-concentrate-experts123]"}
_SRC_RECOVERY = ("estimate: metal recovery and sulfur capture of a modern smelter and acid plant "
                 "(no public figure retrieved)")

# Per-metal coefficient defaults:
# (grade, S content, recovery, capture, utilisation, import share, VA yuan/t, VA low, VA high)
_METAL_DEFAULTS: dict[str, dict[str, float]] = {
    "copper": dict(grade=0.25, sulfur=0.30, recovery=0.975, capture=0.96, utilisation=0.85,
                   imported=0.80, va=4300.0, va_low=2500.0, va_high=7000.0),
    "zinc": dict(grade=0.55, sulfur=0.32, recovery=0.96, capture=0.95, utilisation=0.78,
                 imported=0.30, va=2450.0, va_low=1600.0, va_high=3300.0),
    "lead": dict(grade=0.60, sulfur=0.16, recovery=0.96, capture=0.95, utilisation=0.80,
                 imported=0.30, va=1300.0, va_low=700.0, va_high=2000.0),
}
_VA_SOURCE = {
    "copper": ("estimate: 2020 cathode 48,752 yuan/t incl. VAT [cnia-2020] = 43,100 ex VAT; "
               "value-added ratio about 10 % (custom smelters 5-15 %, no source retrieved) -> 4,300 yuan/t"),
    "zinc": ("estimate: 2020 zinc about 18,500 yuan/t incl. VAT (no annual average retrieved; 16,958 in "
             "May 2020 [cnia-2020-05], 21,294 in January-March 2021 [cnia-2021-q1]) = 16,400 ex VAT; "
             "value-added ratio about 15 % (10-20 %, no source retrieved) -> 2,450 yuan/t"),
    "lead": ("estimate: lead about 14,500 yuan/t in 2020 (14,246 in May 2020 [cnia-2020-05]), "
             "value-added ratio about 10 % (no source retrieved) -> 1,300 yuan/t"),
}


def _metal_parameters() -> list[Parameter]:
    out: list[Parameter] = []
    for key, _, zh, en in METALS:
        d = _METAL_DEFAULTS[key]
        lead = key == "lead"
        out += [
            Parameter(name=f"concentrate_grade_{key}", label_zh=f"{zh}精矿品位", label_en=f"{en.capitalize()} concentrate grade",
                      unit="比例", default=d["grade"], lower=0.05, upper=0.85, kind="assumption", theme="smelting",
                      source=("estimate: galena concentrates 55-70 % Pb (no source retrieved)" if lead else _SRC_GRADE[key]),
                      estimate=lead, step=0.01),
            Parameter(name=f"concentrate_sulfur_{key}", label_zh=f"{zh}精矿含硫", label_en=f"Sulfur in {en} concentrate", unit="比例",
                      default=d["sulfur"], lower=0.0, upper=0.55, kind="assumption", theme="smelting",
                      source=("estimate: galena PbS is 13.4 % S (32.06 / 239.3), concentrates with pyrite 14-18 % "
                              "(no source retrieved)" if lead else _SRC_SULFUR[key]),
                      estimate=key != "zinc", step=0.01),
            Parameter(name=f"recovery_{key}", label_zh=f"{zh}冶炼回收率", label_en=f"{en.capitalize()} smelter recovery", unit="比例",
                      default=d["recovery"], lower=0.5, upper=1.0, kind="assumption", theme="smelting",
                      source="estimate: typical lead smelter recovery" if lead else _SRC_RECOVERY,
                      estimate=True, step=0.005),
            Parameter(name=f"sulfur_capture_{key}", label_zh=f"{zh}冶炼硫捕集率", label_en=f"Sulfur capture, {en} smelting",
                      unit="比例", default=d["capture"], lower=0.0, upper=1.0, kind="assumption", theme="smelting",
                      source="estimate: as for zinc off-gas" if lead else _SRC_RECOVERY, estimate=True, step=0.005),
            Parameter(name=f"utilisation_{key}", label_zh=f"{zh}冶炼产能利用率", label_en=f"{en.capitalize()} smelter utilisation",
                      unit="比例", default=d["utilisation"], lower=0.0, upper=1.0, kind="assumption", theme="smelting",
                      source="estimate: copper 80-90 %, zinc 70-85 % (31 key zinc smelters 72.5 % in November "
                      "2018 [mymetal-2018-11]); lead assumed 80 %", estimate=True, timeseries=True,
                      distribution=Distribution("triangular", {"low": 0.70, "mode": d["utilisation"],
                                                               "high": 0.92}), step=0.01),
            Parameter(name=f"concentrate_import_share_{key}", label_zh=f"{zh}精矿进口（蒙古国等）比重",
                      label_en=f"Share of {en} concentrate imported (Mongolia and beyond)", unit="比例",
                      default=d["imported"], lower=0.0, upper=1.0, kind="lever", theme="smelting",
                      source=("plan 专栏4-1: 利用境外优质铜矿资源建设铜冶炼项目; share an estimate" if key == "copper"
                       else "estimate: the local Zijin mine supplies most zinc and lead feed (6万吨 Zn, 1万吨 Pb "
                            "a year [cinic-2013]; 2020 output [zijin-zinc-2020])"),
                      estimate=True, timeseries=True, step=0.05),
            Parameter(name=f"va_per_t_{key}", label_zh=f"{zh}单位产量增加值", label_en=f"Value added per tonne of {en}",
                      unit="元/吨", default=d["va"], lower=0.0, upper=20000.0, kind="assumption", theme="smelting", source=_VA_SOURCE[key],
                      estimate=True, distribution=Distribution(
                          "triangular", {"low": d["va_low"], "mode": d["va"], "high": d["va_high"]}),
                      step=50.0),
        ]
    return out


PARAMETERS: list[Parameter] = [
    *[p for key, metal, zh, en, cap, year, (cap_src, year_src) in PLANTS for p in (
        Parameter(name=f"capacity_{key}_kt", label_zh=f"{zh}产能", label_en=f"Capacity: {en}", unit="kt/年", default=cap, lower=0.0, upper=2000.0,
                  kind="lever", theme="smelting", source=cap_src, step=10.0),
        Parameter(name=f"commissioning_{key}", label_zh=f"{zh}投产年份", label_en=f"First year of output: {en}", unit="年", default=year,
                  lower=1990, upper=2040, kind="lever", theme="smelting", source=year_src, estimate=key.endswith("new"), dtype="int",
                  step=1),
    )],
    Parameter(name="ramp_first_year", label_zh="投产首年达产率", label_en="Share of capacity reached in the first year",
              unit="比例", default=0.55, lower=0.0, upper=1.0, kind="assumption", theme="smelting",
              source="estimate: year 1 about 50-60 % (no published ramp-up found)", estimate=True,
              distribution=Distribution("uniform", {"low": 0.45, "high": 0.65}), step=0.05),
    Parameter(name="ramp_second_year", label_zh="投产次年达产率", label_en="Share of capacity reached in the second year",
              unit="比例", default=0.80, lower=0.0, upper=1.0, kind="assumption", theme="smelting",
              source="estimate: year 2 about 80 %, year 3 90 %+ (full from year 3 here; no published ramp-up found)",
              estimate=True, distribution=Distribution("uniform", {"low": 0.70, "high": 0.90}),
              step=0.05),
    *_metal_parameters(),
    Parameter(name="smelting_energy_grade", label_zh="冶炼能耗达到的标准等级", label_en="Energy grade reached by the smelters",
              unit="级", default=2, kind="assumption", theme="smelting", dtype="choice", choices=_GRADES,
              choice_labels=_GRADE_LABELS,
              source=("GB 25323-2023 and GB 29141-2012 (grade values as transcribed, not checked against the "
                      "standards' text): grade 2 is the entry level of new plants; Inner Mongolia asks "
                      "retrofits to reach the advanced value [im-dual-control-209]"), estimate=True,
              distribution=Distribution("choice", {"values": (1, 2, 3), "weights": (0.3, 0.5, 0.2)})),
    Parameter(name="zinc_electricity_kwh_per_t", label_zh="锌冶炼单位电耗", label_en="Electricity per tonne of zinc",
              unit="kWh/t", default=3800.0, lower=2500.0, upper=5000.0, kind="assumption", theme="smelting",
              source="3,400 kWh/t electrolysis + 780 kWh/t other steps in US plants [gti-zinc]; "
              "whole plant 3,800-4,200 (estimate), default 3,800", estimate=True,
              distribution=Distribution("uniform", {"low": 3400.0, "high": 4200.0}), step=50.0),
    Parameter(name="acid_local_demand_kt", label_zh="本地硫化工硫酸消纳能力", label_en="Local sulfur-chemicals acid demand",
              unit="kt/年", default={2020: 400.0, 2025: 2000.0}, lower=0.0, upper=6000.0, kind="lever", theme="smelting",
              source="plan 第四章第一节一: 2025年硫酸消化量超过200万吨 (2,000 kt); 2020 level an estimate "
              "(acid overstock in 2020 [acid-overstock-2020]), linear in between", estimate=True,
              timeseries=True, step=50.0),
    Parameter(name="acid_balance_tolerance_kt", label_zh="硫酸平衡容差", label_en="Tolerance of the acid balance", unit="kt/年",
              default=10.0, lower=0.0, upper=500.0, kind="assumption", theme="scorecard",
              source="workbook convention: imbalances under 10 kt/yr (a few days of tank storage) are ignored",
              estimate=True, step=5.0),
]


def concentrate_per_tonne_metal(grade: np.ndarray, recovery: np.ndarray) -> np.ndarray:
    """t concentrate per t metal: ``1 / (grade * recovery)``."""
    return 1.0 / (grade * recovery)


def acid_per_tonne_metal(grade: np.ndarray, recovery: np.ndarray, sulfur: np.ndarray,
                         capture: np.ndarray) -> np.ndarray:
    """t H2SO4 per t metal: concentrate x S x capture x 98.079/32.06 (molar masses of H2SO4 and S)."""
    return concentrate_per_tonne_metal(grade, recovery) * sulfur * capture * ACID_PER_SULFUR


VARIABLES: list[Variable] = [
    *[Variable(f"Production|{suffix}", "kt", f"{zh}产量", f"{en.capitalize()} output", "smelting")
      for _, suffix, zh, en in METALS],
    Variable("Production|Nonferrous", "kt", "有色金属冶炼产量", "Nonferrous metal output", "smelting"),
    *[Variable(f"Capacity|{suffix}", "kt/yr", f"{zh}冶炼产能（含爬坡）",
               f"{en.capitalize()} smelting capacity (ramp-up applied)", "smelting")
      for _, suffix, zh, en in METALS],
    Variable("Capacity|Nonferrous", "kt/yr", "有色金属冶炼产能（铭牌）",
             "Nonferrous smelting capacity (nameplate, plants in operation)", "smelting"),
    *[Variable(f"Concentrate|{suffix}", "kt", f"{zh}精矿需求", f"{en.capitalize()} concentrate needed",
               "smelting") for _, suffix, zh, en in METALS],
    Variable("Concentrate|Imported", "kt", "进口精矿", "Concentrate imported", "smelting"),
    Variable("Production|Sulfuric Acid", "kt", "硫酸产量（冶炼副产）", "Sulfuric acid co-produced",
             "smelting"),
    Variable("Sulfuric Acid|Local Use", "kt", "硫酸本地消纳", "Sulfuric acid used locally", "smelting"),
    Variable("Sulfuric Acid|Surplus", "kt", "硫酸外运或库存", "Sulfuric acid to ship or store",
             "smelting"),
    Variable("Sulfuric Acid|Unmet Demand", "kt", "硫化工硫酸缺口", "Sulfur-chemicals demand not met "
             "by local acid", "smelting"),
    Variable("Electricity|Nonferrous Smelting", "GWh", "有色冶炼单列用电（锌电解）",
             "Electricity counted apart in smelting (zinc plants)",
             "smelting"),
    Variable("Energy|Nonferrous Smelting|Fuel", "万吨标准煤", "有色冶炼能耗（不含单列用电）",
             "Smelting energy other than the zinc electricity", "smelting"),
]


def compute(params: ParameterSet, results: Results) -> Results:
    """Capacity, output, concentrate, acid balance, energy and value added of smelting."""
    n = params.n
    first, second = params["ramp_first_year"], params["ramp_second_year"]
    grade_code = params["smelting_energy_grade"]
    out: Results = {}
    outputs = np.empty((n, len(METALS), N_YEARS))
    acid = np.zeros((n, N_YEARS))
    imported = np.zeros((n, N_YEARS))
    fuel_energy = np.zeros((n, N_YEARS))
    nameplate = np.zeros((n, N_YEARS))
    electricity = np.zeros((n, N_YEARS))
    for i, (key, suffix, _, _) in enumerate(METALS):
        capacity = np.zeros((n, N_YEARS))
        for plant, metal, *_ in PLANTS:
            if metal != key:
                continue
            cap, year = params[f"capacity_{plant}_kt"], params[f"commissioning_{plant}"]
            capacity += plant_capacity(cap, year, first, second)
            nameplate += cap[:, None] * (YEARS[None, :] >= np.rint(year)[:, None])
        output = capacity * params.series(f"utilisation_{key}")
        outputs[:, i] = output
        grade, recovery = params[f"concentrate_grade_{key}"], params[f"recovery_{key}"]
        concentrate = output * concentrate_per_tonne_metal(grade, recovery)[:, None]
        imported += concentrate * params.series(f"concentrate_import_share_{key}")
        metal_acid = output * acid_per_tonne_metal(grade, recovery, params[f"concentrate_sulfur_{key}"],
                                                   params[f"sulfur_capture_{key}"])[:, None]
        acid += metal_acid
        kgce_metal = np.asarray(GB25323_KGCE_PER_T[key])[grade_code]
        kgce_acid = np.asarray(GB29141_ACID_KGCE_PER_T[key])[grade_code]
        if key == "zinc":
            kwh = params["zinc_electricity_kwh_per_t"]
            electricity = output * kwh[:, None] / 1e3
            kgce_metal = kgce_metal - kwh * ELECTRICITY_EQUIVALENT_KGCE_PER_KWH
        fuel_energy += (output * kgce_metal[:, None] + metal_acid * kgce_acid[:, None]) / 1e4
        out[f"Production|{suffix}"] = output
        out[f"Capacity|{suffix}"] = capacity
        out[f"Concentrate|{suffix}"] = concentrate
    demand = params.series("acid_local_demand_kt")
    local = np.minimum(acid, demand)
    va_per_kt = np.stack([params[f"va_per_t_{key}"] for key, *_ in METALS], axis=1) / 1e5
    out.update({
        "Production|Nonferrous": outputs.sum(axis=1),
        "Capacity|Nonferrous": nameplate,
        "Concentrate|Imported": imported,
        "Production|Sulfuric Acid": acid,
        "Sulfuric Acid|Local Use": local,
        "Sulfuric Acid|Surplus": acid - local,
        "Sulfuric Acid|Unmet Demand": demand - local,
        "Electricity|Nonferrous Smelting": electricity,
        "Energy|Nonferrous Smelting|Fuel": fuel_energy,
        "Value Added|Nonferrous Smelting": value_added_from_output(
            params["va_2020_nonferrous_smelting"], outputs, va_per_kt),
    })
    return out


TARGETS: list[Target] = [
    Target(id="copper_output", label_zh="铜冶炼产量", label_en="Copper output", section="第四章第一节一（30万吨铜冶炼）", theme="smelting",
           unit="kt", comparison=">=", target=300.0, evaluate=lambda p, r: at_year(r, "Production|Copper"),
           note_zh="规划给出的是项目规模，此处按2025年产量判定",
           note_en="the plan names a 300 kt project; judged on 2025 output",
           observed_variable="Production|Copper"),
    Target(id="zinc_output", label_zh="锌冶炼产量", label_en="Zinc output", section="第四章第一节一（30万吨锌冶炼）", theme="smelting",
           unit="kt", comparison=">=", target=300.0, evaluate=lambda p, r: at_year(r, "Production|Zinc"),
           note_zh="规划给出的是项目规模，此处按2025年产量判定",
           note_en="the plan names a 300 kt project; judged on 2025 output",
           observed_variable="Production|Zinc"),
    Target(id="nonferrous_capacity", label_zh="铜铅锌等有色冶炼加工能力", label_en="Nonferrous smelting capacity",
           section="第四章第一节一（100万吨）", theme="smelting", unit="kt/yr", comparison=">=", target=1000.0,
           evaluate=lambda p, r: at_year(r, "Capacity|Nonferrous")),
    Target(id="acid_local_use", label_zh="硫酸本地消化量", label_en="Sulfuric acid consumed locally",
           section="第四章第一节一（超过200万吨）", theme="smelting", unit="kt", comparison=">=", target=2000.0,
           evaluate=lambda p, r: at_year(r, "Sulfuric Acid|Local Use")),
    Target(id="acid_all_consumed", label_zh="本地产生的硫酸全部消纳（2021-2035年累计外运/库存）",
           label_en="All acid produced consumed locally (surplus 2021-2035)", section="第四章第一节一", theme="smelting",
           unit="kt", comparison="<=", target=0.0, evaluate=lambda p, r: r["Sulfuric Acid|Surplus"][:, 1:].sum(axis=1)),
]

_PLAN_ACID_KT = 2000.0


def _acid_numbers(p: ParameterSet, r: Results) -> dict[str, np.ndarray]:
    """The acid balance's numbers: 2025's acid made, demanded and short; the surplus of 2021-2035."""
    i = year_index(PLAN_YEAR)
    surplus = r["Sulfuric Acid|Surplus"][:, 1:]
    return {"produced": r["Production|Sulfuric Acid"][:, i], "demand": p.series("acid_local_demand_kt")[:, i],
            "unmet": r["Sulfuric Acid|Unmet Demand"][:, i], "worst": surplus.max(axis=1),
            "worst_year": YEARS[1:][surplus.argmax(axis=1)].astype(float), "cumulative": surplus.sum(axis=1),
            "plan": np.full(p.n, _PLAN_ACID_KT), "tolerance": np.broadcast_to(p["acid_balance_tolerance_kt"], p.n)}


def _acid_balance(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Acid left over: found when any year of 2021-2035 leaves more than the tolerance to ship
    or store, against "我旗产生的硫酸全部消纳" (第四章第一节一)."""
    numbers = _acid_numbers(p, r)
    return numbers["worst"] > p["acid_balance_tolerance_kt"], numbers


def _acid_shortfall(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Acid short: found when the 2025 sulfur-chemicals demand the plan sizes for ">200万吨"
    exceeds the acid the smelters make by more than the tolerance (第四章第一节一)."""
    numbers = _acid_numbers(p, r)
    return numbers["unmet"] > p["acid_balance_tolerance_kt"], numbers


# Two findings, one per direction, so that each explanation speaks only of a quantity that is
# there: acid left over in some year (to ship or store), and sulfur chemicals left short in 2025.
DIAGNOSTICS: list[Diagnostic] = [
    Diagnostic(
        id="acid_balance", title_zh="硫酸产销不平衡：副产硫酸需外运", title_en="Sulfuric acid does not balance: acid left over",
        section="第四章第一节一", theme="smelting", check=_acid_balance,
        explain_zh=("规划要求本旗产生的硫酸全部就地消纳。本情景2021-2035年累计{cumulative:.0f}千吨硫酸需外运或库存，"
                    "最多的{worst_year:.0f}年为{worst:.0f}千吨（2025年冶炼副产硫酸{produced:.0f}千吨，本地硫化工需求"
                    "{demand:.0f}千吨）。副产硫酸随金属产量刚性产出，冶炼投产快于硫化工时必有富余。"),
        explain_en=("The plan wants all acid made in the banner consumed there. Here {cumulative:.0f} kt must be "
                    "shipped or stored over 2021-2035, at most {worst:.0f} kt in {worst_year:.0f} (in 2025 the "
                    "smelters make {produced:.0f} kt against a local sulfur-chemicals demand of {demand:.0f} kt). "
                    "Co-product acid follows metal output rigidly: when smelters start before the sulfur "
                    "chemicals, acid is left over."),
        resolved_zh=("本情景2021-2035年各年冶炼副产硫酸均可就地消纳，富余不超过容差{tolerance:.0f}千吨/年"
                     "（2025年产酸{produced:.0f}千吨、需求{demand:.0f}千吨）。"),
        resolved_en=("Every year's acid of 2021-2035 is used in the banner, within the tolerance of "
                     "{tolerance:.0f} kt/yr ({produced:.0f} kt made and {demand:.0f} kt demanded in 2025)."),
    ),
    Diagnostic(
        id="acid_shortfall", title_zh="硫酸产销不平衡：硫化工缺酸",
        title_en="Sulfuric acid does not balance: sulfur chemicals short of acid",
        section="第四章第一节一", theme="smelting", check=_acid_shortfall,
        explain_zh=("规划要求2025年硫酸消化量超过{plan:.0f}千吨。本情景2025年冶炼副产硫酸{produced:.0f}千吨，"
                    "本地硫化工需求{demand:.0f}千吨，缺口{unmet:.0f}千吨需外购硫酸或另建硫磺制酸：硫化工按"
                    "规划规模建设，而副产硫酸只随金属产量产出。"),
        explain_en=("The plan wants more than {plan:.0f} kt of acid consumed in 2025. Here the smelters make "
                    "{produced:.0f} kt in 2025 against a local sulfur-chemicals demand of {demand:.0f} kt, "
                    "leaving {unmet:.0f} kt to buy in or make by burning sulfur: the sulfur chemicals are built "
                    "to the plan's size, while co-product acid only follows metal output."),
        resolved_zh=("本情景2025年冶炼副产硫酸{produced:.0f}千吨，本地硫化工需求{demand:.0f}千吨，"
                     "缺口不超过容差{tolerance:.0f}千吨。"),
        resolved_en=("The smelters' {produced:.0f} kt of acid in 2025 meet the local sulfur-chemicals demand "
                     "of {demand:.0f} kt within the tolerance of {tolerance:.0f} kt."),
    ),
]

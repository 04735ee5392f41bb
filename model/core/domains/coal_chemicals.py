"""Coal chemicals: coke, coke-oven gas, methanol, tar and benzene; their energy and value added.

Method
------
Coke capacity is a timeline of plants (as for the smelters, see
:func:`model.core.formulas.plant_capacity`): the banner's 2020 coke ovens and
the Heimao project (8.8 Mt/yr coke, 专栏4-2).  Inner Mongolia's 2021 rules
(内发改环资字〔2021〕209号 [im-dual-control-209]) allow no new coke capacity outside
named exceptions; the lever ``coke_additions_after_2020`` switches every plant
whose first year of output is after 2020 off.  Then::

    coke[t]        = effective coke capacity[t] * utilisation[t]
    COG[t]         = coke * m3 coke-oven gas per t coke               (Mm3)
    COG to methanol= COG * (1 - share burnt to heat the ovens)
    methanol[t]    = min(COG to methanol / m3 COG per t methanol, methanol capacity[t])
    tar, benzene   = coke * kg per t coke                               (estimates)

Check against the plan (第四章第一节一: >10 Mt coke, 1.3 Mt methanol, 0.4 Mt tar,
0.2 Mt benzene): 10 Mt coke x 420 m3/t = 4,200 Mm3 COG; 55 % of it at
2,100 m3/t gives 1.1 Mt methanol (a little short of 1.3 Mt); 10 Mt x 40 kg/t
= 0.4 Mt tar; 10 Mt x 11 kg/t = 0.11 Mt crude benzene, so the plan's 0.2 Mt
benzene hydrogenation needs crude benzene from outside the banner.

Energy per tonne is the national limit at the grade chosen: coke GB 21342-2025
(top-charging ovens 110/110/135 kgce/t, process energy net of the gas and
by-products), methanol from coke-oven gas GB 29436-2023 (1280/1400/1500 kgce/t,
including the gas used as feedstock); grade values as transcribed (docs/sources.md).  A share of the
methanol energy is feedstock (原料用能), which the 2022 rule removes from the
total ([ndrc-nbs-803-2022]).  Tar and benzene refining energy is not modelled (no standard
value was found).  Value added moves with output at a value added
per tonne (estimates) through :func:`model.core.formulas.value_added_from_output`.

Units: kt; gas Mm3 (``kt x m3/t / 1e3``); energy 万吨标准煤 (``kt x kgce/t / 1e4``);
value added 亿元 (``kt x yuan/t / 1e5``).
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Results, Target, Variable, at_year
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.formulas import plant_capacity, value_added_from_output
from model.core.timeline import BASE_YEAR, N_YEARS, YEARS, year_index

__all__ = ["COKE_PLANTS", "PRODUCTS", "GB21342_COKE_KGCE_PER_T", "GB29436_METHANOL_KGCE_PER_T",
           "PARAMETERS", "VARIABLES", "TARGETS", "compute", "coke_capacity"]

#: Coke plant slots: (key, zh, en, capacity kt/yr, first year of output, (source of the capacity,
#: source of the year)).
COKE_PLANTS: tuple[tuple[str, str, str, float, int, tuple[str, str]], ...] = (
    ("coke_existing", "现有焦化", "existing coke ovens", 2000.0, 2012,
     ("estimate: Bayannur made 625 kt coke in January-February 2022 (about 3.75 Mt/yr, [mysteel-byn-2022]), "
      "taken as about 2 Mt/yr of ovens in the banner before the Heimao project",) * 2),
    ("coke_heimao", "黑猫煤化工880万吨焦炭项目", "Heimao 8.8 Mt coke project", 8800.0, 2023,
     ("plan 专栏4-2: 黑猫煤化工年产880万吨焦炭 (capacity)",
      "estimate: the plan (专栏4-2) gives no first year of output for the Heimao ovens")),
)
#: Products: (key, variable suffix, zh, en).
PRODUCTS: tuple[tuple[str, str, str, str], ...] = (
    ("coke", "Coke", "焦炭", "coke"),
    ("methanol", "Methanol", "甲醇", "methanol"),
    ("tar", "Tar", "焦油", "tar"),
    ("benzene", "Benzene", "粗苯", "benzene"),
)
#: GB 21342-2025, top-charging coke ovens, kgce/t coke, grades 1/2/3 (as transcribed; see docs/sources.md).
GB21342_COKE_KGCE_PER_T: tuple[float, float, float] = (110.0, 110.0, 135.0)
#: GB 29436-2023, coke-oven gas to methanol, kgce/t, grades 1/2/3 (as transcribed; see docs/sources.md).
GB29436_METHANOL_KGCE_PER_T: tuple[float, float, float] = (1280.0, 1400.0, 1500.0)

_GRADES = (1, 2, 3)
_GRADE_LABELS = {1: ("1级（先进值）", "grade 1 (advanced)"),
                 2: ("2级（新建准入值）", "grade 2 (new plants)"),
                 3: ("3级（现有限定值）", "grade 3 (existing-plant limit)")}
_GRADE_DIST = Distribution("choice", {"values": (1, 2, 3), "weights": (0.3, 0.5, 0.2)})

_VA = {  # yuan per tonne: default, low, high, source
    "coke": (150.0, 80.0, 300.0, "estimate: coke about 2,000 yuan/t against about 1.35 t coking coal; "
             "margin and wages 100-300 yuan/t; 150 makes 2020 coal-chemicals value added about 3.5 亿元 "
             "(the split of the 2020 secondary sector in model.core.domains.economy)"),
    "methanol": (500.0, 200.0, 900.0, "estimate: methanol about 2,200 yuan/t from cheap coke-oven gas"),
    "tar": (800.0, 400.0, 1200.0, "estimate: coal tar about 2,500-3,500 yuan/t, a by-product"),
    "benzene": (1000.0, 500.0, 1500.0, "estimate: crude benzene about 4,000-5,000 yuan/t, a by-product"),
}

PARAMETERS: list[Parameter] = [
    *[p for key, zh, en, cap, year, (cap_src, year_src) in COKE_PLANTS for p in (
        Parameter(name=f"capacity_{key}_kt", label_zh=f"{zh}产能", label_en=f"Capacity: {en}", unit="kt/年", default=cap, lower=0.0, upper=20000.0,
                  kind="lever", theme="coal_chemicals", source=cap_src, estimate=key == "coke_existing", step=100.0),
        Parameter(name=f"commissioning_{key}", label_zh=f"{zh}投产年份", label_en=f"First year of output: {en}", unit="年", default=year,
                  lower=1990, upper=2040, kind="lever", theme="coal_chemicals", source=year_src, estimate=True, dtype="int", step=1),
    )],
    Parameter(name="coke_additions_after_2020", label_zh="2020年后新增焦化产能", label_en="Coke capacity added after 2020",
              unit="选项", default="allowed", kind="lever", theme="coal_chemicals", dtype="choice",
              choices=("allowed", "none"),
              choice_labels={"allowed": ("允许（规划原文）", "allowed (the plan)"),
                             "none": ("不允许（内蒙古2021年双控保障措施）", "none (Inner Mongolia 2021 rules)")},
              source=("内发改环资字〔2021〕209号 [im-dual-control-209]: outside Wuhai/Ordos/Alxa no new coke "
                      "capacity except projects under construction by end-2020 converting imported coal"),
              description="'none' switches off every coke plant whose first year of output is after 2020."),
    Parameter(name="utilisation_coke", label_zh="焦化产能利用率", label_en="Coke oven utilisation", unit="比例", default=0.90, lower=0.0, upper=1.0,
              kind="assumption", theme="coal_chemicals",
              source="estimate: Chinese coke ovens ran at roughly 75-95 % in 2019-2023 (no source retrieved)",
              estimate=True, timeseries=True,
              distribution=Distribution("triangular", {"low": 0.75, "mode": 0.90, "high": 0.97}),
              step=0.01),
    Parameter(name="cog_m3_per_t_coke", label_zh="吨焦煤气产量", label_en="Coke-oven gas per tonne of coke", unit="m³/t", default=420.0,
              lower=300.0, upper=500.0, kind="assumption", theme="coal_chemicals",
              source="estimate: about 400-430 m3 coke-oven gas per t coke (no source retrieved)",
              estimate=True, distribution=Distribution("uniform", {"low": 400.0, "high": 430.0}),
              step=5.0),
    Parameter(name="cog_oven_heating_share", label_zh="焦炉煤气回炉加热比例", label_en="Coke-oven gas burnt to heat the ovens",
              unit="比例", default=0.45, lower=0.0, upper=1.0, kind="assumption", theme="coal_chemicals",
              source="estimate: about 45 % of the gas heats the ovens (no source retrieved)", estimate=True,
              distribution=Distribution("uniform", {"low": 0.40, "high": 0.50}), step=0.01),
    Parameter(name="cog_m3_per_t_methanol", label_zh="吨甲醇耗焦炉煤气", label_en="Coke-oven gas per tonne of methanol",
              unit="m³/t", default=2100.0, lower=1500.0, upper=3000.0, kind="assumption", theme="coal_chemicals",
              source="estimate: about 2,000-2,200 m3 COG per t methanol (no source retrieved)", estimate=True,
              distribution=Distribution("uniform", {"low": 2000.0, "high": 2200.0}), step=10.0),
    Parameter(name="methanol_capacity_kt", label_zh="焦炉煤气制甲醇产能", label_en="Methanol capacity (coke-oven gas)", unit="kt/年",
              default={2020: 0.0, 2022: 0.0, 2023: 1300.0}, lower=0.0, upper=5000.0, kind="lever", theme="coal_chemicals",
              source="plan 第四章第一节一: 甲醇130万吨 (Heimao 100万吨, 专栏4-2); none assumed in 2020 and first "
              "output with the Heimao ovens (estimate)", estimate=True, timeseries=True, step=50.0),
    Parameter(name="tar_kg_per_t_coke", label_zh="吨焦焦油产率", label_en="Tar per tonne of coke", unit="kg/t", default=40.0, lower=0.0, upper=80.0,
              kind="assumption", theme="coal_chemicals",
              source="estimate: 30-40 kg tar per t coke (no source retrieved); 40 matches the plan's 0.4 Mt from 10 Mt "
              "(plan 第四章第一节一)",
              estimate=True, distribution=Distribution("uniform", {"low": 30.0, "high": 42.0}), step=1.0),
    Parameter(name="benzene_kg_per_t_coke", label_zh="吨焦粗苯产率", label_en="Crude benzene per tonne of coke", unit="kg/t", default=11.0,
              lower=0.0, upper=30.0, kind="assumption", theme="coal_chemicals",
              source="estimate: about 10-12 kg crude benzene per t coke (no source retrieved)", estimate=True,
              distribution=Distribution("uniform", {"low": 10.0, "high": 12.0}), step=0.5),
    Parameter(name="coke_energy_grade", label_zh="焦炭能耗达到的标准等级", label_en="Energy grade reached by the coke ovens",
              unit="级", default=2, kind="assumption", theme="coal_chemicals", dtype="choice", choices=_GRADES,
              choice_labels=_GRADE_LABELS, distribution=_GRADE_DIST,
              source=("GB 21342-2025 top-charging coke ovens 110/110/135 kgce/t (as transcribed, not checked "
                      "against the standard's text)"), estimate=True),
    Parameter(name="methanol_energy_grade", label_zh="甲醇能耗达到的标准等级", label_en="Energy grade reached by the methanol plant",
              unit="级", default=2, kind="assumption", theme="coal_chemicals", dtype="choice", choices=_GRADES,
              choice_labels=_GRADE_LABELS, distribution=_GRADE_DIST,
              source=("GB 29436-2023 coke-oven gas to methanol 1280/1400/1500 kgce/t (as transcribed, not "
                      "checked against the standard's text)"), estimate=True),
    Parameter(name="methanol_feedstock_share", label_zh="甲醇能耗中原料用能比例", label_en="Feedstock share of methanol energy",
              unit="比例", default=0.50, lower=0.0, upper=1.0, kind="assumption", theme="coal_chemicals",
              source="estimate: methanol holds about 19.9 GJ/t = 0.68 tce/t of the 1.28-1.50 tce/t the plant "
              "uses (GB 29436-2023; 原料用能 [ndrc-nbs-803-2022]); range 0.45-0.75", estimate=True,
              distribution=Distribution("uniform", {"low": 0.45, "high": 0.75}), step=0.05),
    *[Parameter(name=f"va_per_t_{key}", label_zh=f"{zh}单位产量增加值", label_en=f"Value added per tonne of {en}", unit="元/吨",
                default=_VA[key][0], lower=0.0, upper=5000.0, kind="assumption", theme="coal_chemicals", source=_VA[key][3], estimate=True,
                distribution=Distribution("triangular", {"low": _VA[key][1], "mode": _VA[key][0],
                                                         "high": _VA[key][2]}), step=10.0)
      for key, _, zh, en in PRODUCTS],
]

VARIABLES: list[Variable] = [
    *[Variable(f"Production|{suffix}", "kt", f"{zh}产量", f"{en.capitalize()} output", "coal_chemicals")
      for _, suffix, zh, en in PRODUCTS],
    Variable("Capacity|Coke", "kt/yr", "焦化产能（含爬坡）", "Coke capacity (ramp-up applied)",
             "coal_chemicals"),
    Variable("Capacity|Coke|Added Since 2020", "kt/yr", "2020年后新增焦化产能（铭牌）",
             "Coke capacity added after 2020 (nameplate)", "coal_chemicals"),
    Variable("Coke Oven Gas|Produced", "百万立方米", "焦炉煤气产量", "Coke-oven gas produced",
             "coal_chemicals"),
    Variable("Coke Oven Gas|Methanol", "百万立方米", "焦炉煤气制甲醇用量", "Coke-oven gas to methanol",
             "coal_chemicals"),
    Variable("Coke Oven Gas|Surplus", "百万立方米", "富余焦炉煤气（发电或放散）",
             "Coke-oven gas left (power or flare)", "coal_chemicals"),
    Variable("Energy|Coal Chemicals", "万吨标准煤", "煤焦化工能耗", "Coal chemicals energy", "energy"),
    Variable("Energy|Coal Chemicals|Coke", "万吨标准煤", "焦炉能耗", "Coke-oven energy", "energy"),
    Variable("Energy|Coal Chemicals|Feedstock", "万吨标准煤", "煤焦化工原料用能",
             "Coal chemicals feedstock energy", "energy"),
]


def coke_capacity(params: ParameterSet) -> tuple[np.ndarray, np.ndarray]:
    """Effective coke capacity ``(n, N_YEARS)`` and nameplate capacity added after 2020.

    Plants whose first year of output is after 2020 count only where
    ``coke_additions_after_2020`` is ``"allowed"`` ([im-dual-control-209]).
    """
    allowed = params.is_choice("coke_additions_after_2020", "allowed")
    first, second = params["ramp_first_year"], params["ramp_second_year"]
    capacity = np.zeros((params.n, N_YEARS))
    added = np.zeros((params.n, N_YEARS))
    for key, *_ in COKE_PLANTS:
        year = np.rint(params[f"commissioning_{key}"])
        cap = np.where(allowed | (year <= BASE_YEAR), params[f"capacity_{key}_kt"], 0.0)
        capacity += plant_capacity(cap, year, first, second)
        added += np.where(year > BASE_YEAR, cap, 0.0)[:, None] * (YEARS[None, :] >= year[:, None])
    return capacity, added


def compute(params: ParameterSet, results: Results) -> Results:
    """Coke and by-product output, gas balance, energy and value added."""
    capacity, added = coke_capacity(params)
    coke = capacity * params.series("utilisation_coke")
    gas = coke * params["cog_m3_per_t_coke"][:, None] / 1e3
    gas_available = gas * (1.0 - params["cog_oven_heating_share"])[:, None]
    m3_per_t = params["cog_m3_per_t_methanol"][:, None]
    methanol = np.minimum(gas_available * 1e3 / m3_per_t, params.series("methanol_capacity_kt"))
    gas_methanol = methanol * m3_per_t / 1e3
    tar = coke * params["tar_kg_per_t_coke"][:, None] / 1e3
    benzene = coke * params["benzene_kg_per_t_coke"][:, None] / 1e3
    coke_kgce = np.asarray(GB21342_COKE_KGCE_PER_T)[params["coke_energy_grade"]]
    methanol_kgce = np.asarray(GB29436_METHANOL_KGCE_PER_T)[params["methanol_energy_grade"]]
    methanol_energy = methanol * methanol_kgce[:, None] / 1e4
    coke_energy = coke * coke_kgce[:, None] / 1e4
    outputs = np.stack([coke, methanol, tar, benzene], axis=1)
    va_per_kt = np.stack([params[f"va_per_t_{key}"] for key, *_ in PRODUCTS], axis=1) / 1e5
    return {
        "Production|Coke": coke,
        "Production|Methanol": methanol,
        "Production|Tar": tar,
        "Production|Benzene": benzene,
        "Capacity|Coke": capacity,
        "Capacity|Coke|Added Since 2020": added,
        "Coke Oven Gas|Produced": gas,
        "Coke Oven Gas|Methanol": gas_methanol,
        "Coke Oven Gas|Surplus": gas_available - gas_methanol,
        "Energy|Coal Chemicals": coke_energy + methanol_energy,
        "Energy|Coal Chemicals|Coke": coke_energy,
        "Energy|Coal Chemicals|Feedstock": methanol_energy * params["methanol_feedstock_share"][:, None],
        "Value Added|Coal Chemicals": value_added_from_output(params["va_2020_coal_chemicals"],
                                                              outputs, va_per_kt),
    }


TARGETS: list[Target] = [
    Target(id="coke_output", label_zh="焦炭年产量", label_en="Coke output", section="第四章第一节一（超过1000万吨）", theme="coal_chemicals",
           unit="kt", comparison=">=", target=10000.0, evaluate=lambda p, r: at_year(r, "Production|Coke"),
           observed_variable="Production|Coke"),
    Target(id="methanol_output", label_zh="甲醇年产量", label_en="Methanol output", section="第四章第一节一（130万吨）",
           theme="coal_chemicals", unit="kt", comparison=">=", target=1300.0, evaluate=lambda p, r: at_year(r, "Production|Methanol"),
           observed_variable="Production|Methanol"),
    Target(id="tar_output", label_zh="焦油年产量", label_en="Tar output", section="第四章第一节一（40万吨）", theme="coal_chemicals", unit="kt",
           comparison=">=", target=400.0, evaluate=lambda p, r: at_year(r, "Production|Tar")),
    Target(id="benzene_output", label_zh="苯加氢（粗苯）年产量", label_en="Benzene (hydrogenation) output",
           section="第四章第一节一（20万吨）", theme="coal_chemicals", unit="kt", comparison=">=", target=200.0,
           evaluate=lambda p, r: at_year(r, "Production|Benzene"),
           note_zh="模型按本地焦炉粗苯产量判定", note_en="judged on crude benzene from the banner's ovens"),
]

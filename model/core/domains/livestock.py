"""Livestock and grassland: the herd against what the range and supplementary feed can carry.

Method (NY/T 635-2015 "天然草地合理载畜量的计算"; sources in docs/sources.md)::

    herd_SU[t]      = sum_species stock[s, t] * su_factor[s]                       (万羊单位)
    intake          = 1.8 kg standard hay/day * 365 d = 657 kg per sheep unit/yr   (NY/T 635-2015)
    forage[g, t]    = area[g] * yield[g] * utilisation[g] * hay_coefficient
                      * precipitation_index[t] ** elasticity * grazing_available[t]
    capacity[g, t]  = forage[g, t] / intake                                        (万羊单位)
    grazing_available = (A - ban - rest + rest * (1 - rest_days / 365)) / A,  A = sum_g area[g]
    supplementary   = (silage and sown forage + straw fed + forage bought) / intake
    grassland demand= max(0, herd_SU - supplementary)
    stocking ratio  = 100 * grassland demand / grassland capacity                  (%)

Units: herd stock in 万头 (10^4 head; 只 for sheep and goats, 峰 for camels, 匹
for horses), herd and capacity in 万羊单位 (10^4 sheep units), grassland in
万公顷 (10^4 ha), cropland in 万亩 (1 亩 = 1/15 ha), forage in kt of standard
hay (14 % moisture, NY/T 3647-2020).  With area in 万公顷 and intake in kg per
sheep unit and year, ``area * yield * utilisation / intake`` is already in
万羊单位, and one 万羊单位 eats ``intake / 100`` kt a year (6.57 kt).

The stock numbers are the plan's 存栏 (year-end stock, 第四章第二节三); annual
feed demand counts every head of the stock for a whole year, which leaves out
the lambs and calves fattened and sold within the year (a conservative
reading of demand).

The 2025 herd the plan asks for is about 185 万羊单位 (第四章第二节三 at the default factors), far
more than the banner's desert-steppe and Gobi range can feed; the module shows
that gap (``Livestock|Stocking Ratio`` far above 100 %) and the
``herd_vs_grassland`` diagnostic explains it, rather than tuning it away.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from model.core.catalogue import Diagnostic, Results, Target, Variable
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.timeline import N_YEARS, PLAN_YEAR, year_index

__all__ = ["SPECIES", "GRASSLAND_TYPES", "PLAN_STOCK_2025", "STOCK_2020", "USABLE_GRASSLAND_AREA",
           "DAYS_PER_YEAR", "HA_PER_MU", "ABOUT_TOLERANCE_SHARE",
           "PARAMETERS", "VARIABLES", "TARGETS", "DIAGNOSTICS", "compute",
           "herd_sheep_units", "annual_intake_kg", "grassland_capacity_su", "grazing_available_share",
           "precipitation_yield_factor", "forage_kt_to_su", "silage_forage_kt", "straw_fed_kt",
           "stocking_ratio_pct", "plan_period_worst"]

DAYS_PER_YEAR: int = 365
#: Hectares per 亩 (1 亩 = 666.67 m², so 15 亩 = 1 ha).
HA_PER_MU: float = 1.0 / 15.0
#: "About" (左右) in the plan's herd targets read as +/- 10 % of the figure (workbook convention).
ABOUT_TOLERANCE_SHARE: float = 0.10

#: The plan's species: (key, variable suffix, zh, en, comparison of the 2025 target).
SPECIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("sheep", "Sheep", "肉羊", "Meat sheep", ">="),
    ("goat", "Goats", "二狼山白绒山羊", "Erlangshan cashmere goats", "about"),
    ("beef_cattle", "Beef Cattle", "肉牛", "Beef cattle", ">="),
    ("grassland_cattle", "Grassland Cattle", "草原黄牛", "Grassland yellow cattle", "about"),
    ("camel", "Camels", "戈壁红驼", "Gobi red camels", ">="),
    ("donkey", "Donkeys", "驴", "Donkeys", ">="),
    ("horse", "Horses", "蒙古马", "Mongolian horses", "about"),
)

#: The plan's 2025 stock in 万头 (第四章第二节三: 肉羊存栏达到60万只以上, 二狼山白绒山羊存栏达到
#: 50万只左右, 肉牛存栏达到3万头以上, 草原黄牛存栏2万头左右, 戈壁红驼存栏达到6万峰以上,
#: 驴存栏达到2万头以上, 蒙古马存栏2万匹左右).
PLAN_STOCK_2025: dict[str, float] = {
    "sheep": 60.0, "goat": 50.0, "beef_cattle": 3.0, "grassland_cattle": 2.0,
    "camel": 6.0, "donkey": 2.0, "horse": 2.0,
}

#: 2020 stock in 万头: ESTIMATES.  The plan gives no 2020 herd; its wording is the guide:
#: "达到" (reach) for sheep, beef cattle, camels and donkeys means growth from a lower base,
#: "适度扩大" (expand moderately) for the goats a modest rise, and plain "存栏…左右" for the
#: grassland cattle and horses a stock kept at about today's level.
STOCK_2020: dict[str, float] = {
    "sheep": 45.0, "goat": 45.0, "beef_cattle": 1.5, "grassland_cattle": 2.0,
    "camel": 4.5, "donkey": 1.0, "horse": 2.0,
}

#: Sheep-unit factors, SU per head (NY/T 635-2015 definition for sheep; Qinghai's DB63/T 2298-2024
#: and Gansu practice for the others), with their ranges and whether the default is an estimate
#: (NY/T 3647-2020's official table was not legible in the stored copy).
_SU_FACTORS: dict[str, tuple[float, float, float, str, bool]] = {
    "sheep": (1.0, 1.0, 1.0, "NY/T 635-2015: one adult 45 kg sheep = 1 sheep unit", False),
    "goat": (0.8, 0.8, 0.9, "estimate: goat 0.8 (Gansu practice, not retrieved), 0.8-0.9 elsewhere", True),
    "beef_cattle": (5.0, 4.0, 5.0, "estimate: cattle 5 (Gansu practice; DB63/T 2298-2024 lists 4-5, "
                    "not fully legible in the stored copy)", True),
    "grassland_cattle": (5.0, 4.0, 5.0, "estimate: cattle 5 (Gansu practice; DB63/T 2298-2024 lists 4-5, "
                         "not fully legible in the stored copy)", True),
    "camel": (7.0, 7.0, 7.0, "estimate: camel 7 (Gansu practice; DB63/T 2298-2024 as far as legible)", True),
    "donkey": (3.0, 3.0, 3.5, "donkey 3 (DB63/T 2298-2024) to 3.5 (Gansu practice, not retrieved)", False),
    "horse": (6.0, 6.0, 6.0, "horse 6 (DB63/T 2298-2024; Gansu practice)", False),
}

#: Usable grassland of the banner, 万公顷: ESTIMATE (no figure was found).  1.5-2.2 Mha is
#: 60-85 % of the 25,276 km² territory [imyb-2008]; the neighbouring Urad Middle Banner reports pasture
#: at 80.3 % of its area [imyb-2009-urad-middle]; 180 万公顷 (1.8 Mha, 72 %) is the middle of that range.
USABLE_GRASSLAND_AREA: float = 180.0

#: Grassland types: (key, variable suffix, zh, en, share of the usable area, edible yield kg DM/ha,
#: yield range, proper utilisation rate, utilisation range).  Shares are ESTIMATES from the banner's
#: terrain ([urad-profile]: gravel Gobi plateau 52.9 %, sand-dune Gobi 20.4 %, mountains 15.1 %,
#: low hills 10.3 %, alluvial plain 1.3 %); yields estimated at 150-600 kg DM/ha (Inner Mongolia's
#: desert-steppe NPP about 390 kg/ha [surina-2017]); utilisation rates from the NY/T 635-2002 table for
#: year-round grazing, recalled, not retrieved: estimates (measured 38 % [surina-2017]).
GRASSLAND_TYPES: tuple[tuple[str, str, str, str, float, float, tuple[float, float], float,
                             tuple[float, float]], ...] = (
    ("desert_steppe", "Desert Steppe", "温性荒漠草原", "Temperate desert steppe",
     0.25, 450.0, (300.0, 600.0), 0.40, (0.38, 0.45)),
    ("steppe_desert", "Steppe Desert", "温性草原化荒漠", "Temperate steppe desert",
     0.35, 300.0, (200.0, 450.0), 0.30, (0.30, 0.35)),
    ("desert", "Desert", "温性荒漠", "Temperate desert (Gobi)",
     0.33, 150.0, (100.0, 250.0), 0.25, (0.25, 0.30)),
    ("mountain_steppe", "Mountain Steppe", "山地草原（狼山）", "Mountain steppe (Langshan)",
     0.07, 600.0, (400.0, 800.0), 0.45, (0.40, 0.50)),
)

_SRC_STOCK_2020 = ("estimate: the plan gives no 2020 herd (第四章第二节三 gives only 2025 numbers); "
                   "set below the 2025 figure where the plan says 达到/扩大 and at it where it says 存栏…左右")
_SRC_STOCK_PATH = ("plan 第四章第二节三 (2025 存栏 target); 2021-2024 a straight line from the 2020 "
                   "estimate; after 2025 held flat (estimate: the 2035 vision gives no herd)")
_SRC_AREA = ("estimate: share {share:.0%} of the usable grassland (180 万公顷 of 1.5-2.2 Mha, an estimate) by "
             "the banner's terrain [urad-profile]")
_SRC_YIELD = ("estimate: Urad Rear 150-600 kg DM/ha (no measurement found); Inner Mongolia's desert-steppe "
              "NPP ≈ 390 kg/ha [surina-2017]")
_SRC_UTIL = ("estimate: NY/T 635-2002 year-round utilisation rates, recalled (table not retrieved); "
             "desert steppe measured at 38 % [surina-2017]")
_SCORE_SRC = ("workbook convention: 'about' (左右) in the herd targets (第四章第二节三) read as +/- 10 % "
              "of the figure; the plan gives no band")


def _stock_path_default(key: str) -> dict[int, float]:
    """Default herd path from 2021: straight line from the 2020 stock to the plan's 2025 figure."""
    start, plan = STOCK_2020[key], PLAN_STOCK_2025[key]
    return {2021: round(start + (plan - start) / (PLAN_YEAR - 2020), 6), PLAN_YEAR: plan, 2035: plan}


def _tri(low: float, mode: float, high: float) -> Distribution:
    return Distribution("triangular", {"low": low, "mode": mode, "high": high})


def _range_distribution(low: float, mode: float, high: float) -> Distribution | None:
    """Triangular over a documented range around the default, uniform if the default is an end
    of the range, none if the range is a single value."""
    if low == high:
        return None
    if low < mode < high:
        return _tri(low, mode, high)
    return Distribution("uniform", {"low": low, "high": high})


def _species_parameters() -> list[Parameter]:
    out: list[Parameter] = []
    for key, _, zh, en, _ in SPECIES:
        out.append(Parameter(
            name=f"herd_2020_{key}", label_zh=f"2020年{zh}存栏", label_en=f"{en}: stock in 2020", unit="万头",
            default=STOCK_2020[key], lower=0.0, upper=500.0, kind="assumption", theme="livestock", source=_SRC_STOCK_2020, estimate=True,
            description="Year-end stock in 2020, the base of the herd path.", step=0.1))
        out.append(Parameter(
            name=f"herd_{key}", label_zh=f"{zh}存栏", label_en=f"{en}: stock", unit="万头", default=_stock_path_default(key),
            lower=0.0, upper=500.0, kind="lever", theme="livestock", source=_SRC_STOCK_PATH, estimate=True, timeseries=True,
            description=("Year-end stock from 2021 on (the 2020 value of a path is not used: 2020 is "
                         f"herd_2020_{key}). Give a 2021 point to shape the first years."), step=0.1))
        factor, low, high, src, est = _SU_FACTORS[key]
        out.append(Parameter(
            name=f"su_factor_{key}", label_zh=f"{zh}羊单位折算系数", label_en=f"{en}: sheep units per head", unit="羊单位/头",
            default=factor, lower=0.1, upper=10.0, kind="assumption", theme="livestock", source=src, estimate=est,
            distribution=_range_distribution(low, factor, high),
            description="Sheep units one head counts for (NY/T 635 practice).", step=0.1))
    return out


def _grassland_parameters() -> list[Parameter]:
    out: list[Parameter] = []
    for key, _, zh, en, share, yld, (ylo, yhi), util, (ulo, uhi) in GRASSLAND_TYPES:
        area = round(USABLE_GRASSLAND_AREA * share, 6)
        out.append(Parameter(
            name=f"grassland_area_{key}", label_zh=f"{zh}可利用面积", label_en=f"{en}: usable area", unit="万公顷", default=area,
            lower=0.0, upper=250.0, kind="assumption", theme="livestock", source=_SRC_AREA.format(share=share), estimate=True,
            distribution=_tri(round(0.8 * area, 6), area, round(1.2 * area, 6)), step=0.5))
        out.append(Parameter(
            name=f"forage_yield_{key}", label_zh=f"{zh}可食牧草产量", label_en=f"{en}: edible forage yield", unit="kg干物质/公顷",
            default=yld, lower=0.0, upper=5000.0, kind="assumption", theme="livestock", source=_SRC_YIELD, estimate=True,
            distribution=_tri(ylo, yld, yhi),
            description="Edible dry matter in a normal year (precipitation index 1).", step=10.0))
        out.append(Parameter(
            name=f"utilisation_rate_{key}", label_zh=f"{zh}合理利用率", label_en=f"{en}: proper utilisation rate", unit="比例",
            default=util, lower=0.0, upper=1.0, kind="assumption", theme="livestock", source=_SRC_UTIL, estimate=True,
            distribution=_range_distribution(ulo, util, uhi),
            description="Share of the edible yield that may be grazed without degrading the range.",
            step=0.01))
    return out


PARAMETERS: list[Parameter] = [
    *_species_parameters(),
    Parameter(name="sheep_unit_intake", label_zh="羊单位日食量", label_en="Daily intake of a sheep unit", unit="kg标准干草/日",
              default=1.8, lower=0.5, upper=5.0, kind="assumption", theme="livestock",
              source="NY/T 635-2015: a sheep unit eats 1.8 kg of grassland standard hay a day",
              step=0.1),
    *_grassland_parameters(),
    Parameter(name="standard_hay_coefficient", label_zh="标准干草折算系数", label_en="Standard-hay conversion coefficient",
              unit="kg标准干草/kg干物质", default=1.0, lower=0.5, upper=1.5, kind="assumption", theme="livestock",
              source="estimate: NY/T 635-2015 per-type coefficients not retrieved; range 0.8-1.05",
              estimate=True, distribution=Distribution("uniform", {"low": 0.8, "high": 1.05}),
              description="kg standard hay per kg of edible dry matter grazed.", step=0.01),
    Parameter(name="precipitation_index", label_zh="降水指数", label_en="Precipitation index", unit="倍（常年=1）",
              default=1.0, lower=0.1, upper=3.0, kind="assumption", theme="livestock",
              source="estimate: 1 = the long-run mean (96-105.9 mm/yr [urad-profile]); drought years "
              "-30 to -50 %; ensemble spread lognormal sigma 0.3",
              estimate=True, timeseries=True,
              distribution=Distribution("lognormal", {"median": 1.0, "sigma": 0.3}),
              description="Annual precipitation relative to the mean; scales range forage yields.",
              step=0.05),
    Parameter(name="forage_precipitation_elasticity", label_zh="牧草产量对降水的弹性",
              label_en="Elasticity of forage yield to precipitation", unit="无量纲", default=1.2, lower=0.0, upper=3.0, kind="assumption",
              theme="livestock",
              source="estimate: yield ∝ precipitation, elasticity 1.0-1.5 in the arid range (no source retrieved); "
              "a 30-50 % drought cuts yields 30-60 %; DB63/T 2298-2024 lowers capacity only 5-10 % in drought years", estimate=True,
              distribution=_tri(1.0, 1.2, 1.5),
              description="yield factor = precipitation_index ** elasticity.", step=0.05),
    Parameter(name="grazing_ban_area", label_zh="禁牧面积", label_en="Grazing-ban area", unit="万公顷", default=72.0, lower=0.0, upper=250.0, kind="lever",
              theme="livestock",
              source="estimate: 40 % of the usable grassland, Inner Mongolia's share under the grassland subsidy "
              "scheme (阶段性禁牧4.04亿亩, 草畜平衡6.16亿亩, 2011 [city-water-2012]); plan 第三章第一节二 "
              "enforces 禁牧休牧", estimate=True, timeseries=True,
              description="Grassland closed to grazing; removed from the capacity pro rata across types.",
              step=1.0),
    Parameter(name="rest_grazing_area", label_zh="休牧面积", label_en="Rest-grazing area", unit="万公顷", default=108.0, lower=0.0, upper=250.0,
              kind="lever", theme="livestock",
              source="estimate: the rest of the usable grassland (grass-livestock balance areas), all with spring "
              "rest grazing (plan 第三章第一节二: 严格执行基本草原保护、禁牧休牧和草畜平衡制度)",
              estimate=True, timeseries=True,
              description="Grassland under seasonal rest grazing; partly available (see rest_grazing_days).",
              step=1.0),
    Parameter(name="rest_grazing_days", label_zh="休牧天数", label_en="Rest-grazing period", unit="天/年", default=45.0, lower=0.0, upper=365.0, kind="lever",
              theme="livestock",
              source="estimate: spring rest grazing during green-up, about 45 days (Inner Mongolia practice, not "
              "retrieved)", estimate=True,
              description="Days a year the rest-grazing land is closed; its forage share "
                          "(1 - days/365) stays available.", step=5.0),
    Parameter(name="silage_forage_area", label_zh="青贮玉米和牧草种植面积", label_en="Silage maize and sown forage area", unit="万亩",
              default={2020: 3.0, 2025: 4.0, 2035: 4.0}, lower=0.0, upper=100.0, kind="lever", theme="livestock",
              source="plan 第四章第二节二: 青贮玉米、牧草种植面积增加到4万亩以上 by 2025; 2020 value an estimate "
              "(the plan says 'increase to'); flat after 2025", estimate=True, timeseries=True, step=0.5),
    Parameter(name="silage_forage_yield", label_zh="青贮与牧草单产（折标准干草）", label_en="Silage and forage yield (standard hay)",
              unit="吨/公顷", default=15.0, lower=0.0, upper=40.0, kind="assumption", theme="livestock",
              source="estimate: irrigated Hetao silage maize about 20 t DM/ha and alfalfa 12-15 t hay/ha, taken as "
              "15 t standard-hay equivalent (no source retrieved)", estimate=True,
              distribution=_tri(10.0, 15.0, 20.0), step=0.5),
    Parameter(name="grain_output", label_zh="粮食产量", label_en="Grain output", unit="kt", default=100.0, lower=0.0, upper=500.0, kind="lever", theme="livestock",
              source="plan 第四章第二节二: 粮食产量稳定在2亿斤以上 (= 100 kt) by 2025; 'stable' read as the 2020 "
              "level too", timeseries=True, step=5.0),
    Parameter(name="straw_grain_ratio", label_zh="草谷比", label_en="Straw-to-grain ratio", unit="无量纲", default=1.2, lower=0.5, upper=2.5, kind="assumption",
              theme="livestock",
              source="estimate: maize straw-to-grain ratio about 1.2 (Chinese straw-resource practice, recalled; "
              "wheat about 1.1)", estimate=True, distribution=_tri(1.0, 1.2, 1.5), step=0.05),
    Parameter(name="straw_feed_share", label_zh="秸秆饲料化利用比例", label_en="Share of straw fed to livestock", unit="比例",
              default=0.4, lower=0.0, upper=1.0, kind="lever", theme="livestock",
              source="estimate: share of crop straw fed (plan 第四章第二节五 promotes 秸秆转化饲料; not quantified)",
              estimate=True, timeseries=True, step=0.05),
    Parameter(name="straw_hay_equivalent", label_zh="秸秆折标准干草系数", label_en="Standard hay per kg of straw", unit="比例",
              default=0.5, lower=0.1, upper=1.0, kind="assumption", theme="livestock",
              source="estimate: feed value of straw about half that of standard hay (recalled)", estimate=True,
              distribution=_tri(0.4, 0.5, 0.6), step=0.05),
    Parameter(name="forage_purchased", label_zh="外购饲草料（含“飞地”）", label_en="Forage bought in (incl. 'enclave' bases)",
              unit="kt标准干草", default=100.0, lower=0.0, upper=5000.0, kind="lever", theme="livestock",
              source="estimate: the plan names 飞地 forage bases in neighbouring counties (第四章第二节二) but no "
              "quantity; today's purchases estimated at 100 kt standard hay, held flat",
              estimate=True, timeseries=True, step=10.0),
    *[Parameter(name=f"tolerance_herd_{key}", label_zh=f"{zh}存栏“左右”的容差", label_en=f"Tolerance of 'about' for {en.lower()}",
                unit="万头", default=round(ABOUT_TOLERANCE_SHARE * PLAN_STOCK_2025[key], 6), lower=0.0,
                upper=PLAN_STOCK_2025[key], kind="assumption", theme="scorecard", source=_SCORE_SRC, estimate=True, step=0.1)
      for key, _, zh, en, cmp in SPECIES if cmp == "about"],
]


# --------------------------------------------------------------------------- variables

def _herd_var(suffix: str) -> str:
    return f"Livestock|Herd|{suffix}"


def _stock_var(suffix: str) -> str:
    return f"Livestock|Stock|{suffix}"


VARIABLES: list[Variable] = [
    Variable("Livestock|Herd", "万羊单位", "畜群（折羊单位）", "Herd in sheep units", "livestock",
             "year-end stock of every species times its sheep-unit factor"),
    *[Variable(_herd_var(suffix), "万羊单位", f"{zh}（折羊单位）", f"{en} in sheep units", "livestock")
      for _, suffix, zh, en, _ in SPECIES],
    *[Variable(_stock_var(suffix), "万头", f"{zh}存栏", f"{en}: stock", "livestock")
      for _, suffix, zh, en, _ in SPECIES],
    Variable("Livestock|Grassland Capacity", "万羊单位", "天然草原合理载畜量", "Grassland carrying capacity",
             "livestock", "usable range forage (after bans and rest grazing) / 657 kg per sheep unit"),
    *[Variable(f"Livestock|Grassland Capacity|{suffix}", "万羊单位", f"{zh}合理载畜量",
               f"Carrying capacity: {en.lower()}", "livestock")
      for _, suffix, zh, en, *_ in GRASSLAND_TYPES],
    Variable("Livestock|Supplementary Capacity", "万羊单位", "补饲可承载畜量",
             "Livestock fed by supplementary feed", "livestock",
             "silage and sown forage, crop straw and forage bought in, in sheep units"),
    Variable("Livestock|Supplementary Capacity|Silage and Forage", "万羊单位", "青贮与人工牧草可承载畜量",
             "Fed by silage and sown forage", "livestock"),
    Variable("Livestock|Supplementary Capacity|Crop Straw", "万羊单位", "秸秆可承载畜量",
             "Fed by crop straw", "livestock"),
    Variable("Livestock|Supplementary Capacity|Purchased Forage", "万羊单位", "外购饲草可承载畜量",
             "Fed by forage bought in", "livestock"),
    Variable("Livestock|Grassland Demand", "万羊单位", "需由草原承载的畜量", "Herd left on the grassland",
             "livestock", "herd less what supplementary feed carries"),
    Variable("Livestock|Stocking Ratio", "%", "草原载畜率（占合理载畜量）", "Stocking ratio of the grassland",
             "livestock", "grassland demand in % of grassland carrying capacity; above 100 % = overgrazing"),
    Variable("Livestock|Excess Over Capacity", "万羊单位", "超载畜量", "Sheep units above capacity",
             "livestock", "grassland demand less grassland capacity, at least 0"),
    Variable("Forage|Demand", "kt", "畜群饲草需求（标准干草）", "Forage demand of the herd (standard hay)",
             "livestock"),
    Variable("Forage|Grassland", "kt", "天然草原可利用饲草（标准干草）", "Usable range forage (standard hay)",
             "livestock"),
    Variable("Forage|Supplementary", "kt", "补饲饲草（标准干草）", "Supplementary forage (standard hay)",
             "livestock"),
    Variable("Production|Grain", "kt", "粮食产量", "Grain output", "livestock"),
    Variable("Land|Grassland", "万公顷", "可利用草原面积", "Usable grassland", "livestock"),
    Variable("Land|Grassland|Grazing Ban", "万公顷", "禁牧面积", "Grassland under a grazing ban", "livestock"),
    Variable("Land|Grassland|Rest Grazing", "万公顷", "休牧面积", "Grassland under rest grazing", "livestock"),
    Variable("Land|Silage and Forage", "万亩", "青贮玉米和牧草种植面积", "Silage maize and sown forage area",
             "livestock"),
]


# --------------------------------------------------------------------------- building blocks

def herd_sheep_units(stock: np.ndarray, su_factor: np.ndarray) -> np.ndarray:
    """Sheep units (万) of one species: stock in 万头 times sheep units per head.

    Parameters
    ----------
    stock
        ``(n, N_YEARS)`` year-end stock in 万头.
    su_factor
        ``(n,)`` sheep units per head (NY/T 635-2015 practice).

    Returns
    -------
    numpy.ndarray
        ``(n, N_YEARS)`` in 万羊单位; the herd is the sum over species.
    """
    return np.asarray(stock, dtype=float) * np.asarray(su_factor, dtype=float)[:, None]


def annual_intake_kg(daily_intake: np.ndarray) -> np.ndarray:
    """Standard hay one sheep unit eats in a year, kg: ``daily * 365`` (NY/T 635-2015: 1.8 -> 657)."""
    return np.asarray(daily_intake, dtype=float) * DAYS_PER_YEAR


def precipitation_yield_factor(index: np.ndarray, elasticity: np.ndarray) -> np.ndarray:
    """Forage yield relative to a normal year: ``index ** elasticity`` (an assumed power law).

    ``index`` is ``(n, N_YEARS)``, ``elasticity`` ``(n,)``.  A power law keeps
    the factor positive for any index and has the stated elasticity at 1.
    """
    return np.power(np.maximum(np.asarray(index, dtype=float), 0.0),
                    np.asarray(elasticity, dtype=float)[:, None])


def grazing_available_share(total_area: np.ndarray, ban: np.ndarray, rest: np.ndarray,
                            rest_days: np.ndarray) -> np.ndarray:
    """Share of the usable grassland's forage open to grazing, ``(n, N_YEARS)``.

    ``(A - ban - rest + rest * (1 - rest_days / 365)) / A``, with the ban
    capped at the area ``A`` and rest grazing at what the ban leaves.  Bans and
    rest grazing are spread over the grassland types in proportion to their
    area (no map of where they lie).
    """
    area = np.asarray(total_area, dtype=float)[:, None]
    ban_eff = np.clip(ban, 0.0, area)
    rest_eff = np.clip(rest, 0.0, area - ban_eff)
    open_share = 1.0 - np.clip(np.asarray(rest_days, dtype=float), 0.0, DAYS_PER_YEAR) / DAYS_PER_YEAR
    available = area - ban_eff - rest_eff * (1.0 - open_share[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(area > 0.0, available / np.where(area > 0.0, area, 1.0), 0.0)


def grassland_capacity_su(area_wan_ha: np.ndarray, yield_kg_ha: np.ndarray,
                          utilisation: np.ndarray, intake_kg_yr: np.ndarray) -> np.ndarray:
    """Carrying capacity in 万羊单位: ``area * yield * utilisation / intake`` (NY/T 635-2015).

    With the area in 万公顷 and the intake in kg standard hay per sheep unit
    and year (657), the quotient is in 万羊单位.  Every argument broadcasts.
    """
    return np.asarray(area_wan_ha) * np.asarray(yield_kg_ha) * np.asarray(utilisation) / np.asarray(
        intake_kg_yr)


def forage_kt_to_su(forage_kt: np.ndarray, intake_kg_yr: np.ndarray) -> np.ndarray:
    """Sheep units (万) a year's forage feeds: ``kt * 10^6 kg / intake / 10^4 = kt * 100 / intake``."""
    return np.asarray(forage_kt, dtype=float) * 100.0 / np.asarray(intake_kg_yr, dtype=float)


def silage_forage_kt(area_wan_mu: np.ndarray, yield_t_ha: np.ndarray) -> np.ndarray:
    """Standard-hay equivalent of silage and sown forage, kt: ``万亩 * 10^4 / 15 ha * t/ha / 1000``."""
    return np.asarray(area_wan_mu, dtype=float) * 1e4 * HA_PER_MU * np.asarray(yield_t_ha) / 1000.0


def straw_fed_kt(grain_kt: np.ndarray, straw_ratio: np.ndarray, feed_share: np.ndarray,
                 hay_equivalent: np.ndarray) -> np.ndarray:
    """Standard-hay equivalent of the straw fed, kt: ``grain * straw:grain * fed share * hay value``."""
    return np.asarray(grain_kt) * np.asarray(straw_ratio) * np.asarray(feed_share) * np.asarray(
        hay_equivalent)


def stocking_ratio_pct(demand: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """``100 * demand / capacity``; infinite where a positive demand meets zero capacity, 0 if no demand."""
    demand = np.asarray(demand, dtype=float)
    capacity = np.asarray(capacity, dtype=float)
    safe = np.where(capacity > 0.0, capacity, 1.0)
    return np.where(capacity > 0.0, 100.0 * demand / safe, np.where(demand > 0.0, np.inf, 0.0))


def plan_period_worst(ratio: np.ndarray, *series: np.ndarray) -> tuple[np.ndarray, ...]:
    """The year 2021-2025 with the highest stocking ratio, and every series in that year.

    Returns ``(year, ratio, *series)`` each of shape ``(n,)``.
    """
    lo, hi = year_index(2021), year_index(PLAN_YEAR) + 1
    window = np.asarray(ratio)[:, lo:hi]
    pick = np.argmax(np.nan_to_num(window, nan=-np.inf, posinf=np.finfo(float).max), axis=1)
    rows = np.arange(window.shape[0])
    picked = tuple(np.asarray(s)[:, lo:hi][rows, pick] for s in series)
    return (2021.0 + pick, window[rows, pick], *picked)


# --------------------------------------------------------------------------- model

def compute(params: ParameterSet, results: Results) -> Results:
    """Herd, carrying capacity, supplementary feed and stocking ratio, 2020-2035."""
    n = params.n
    out: Results = {}
    herd = np.zeros((n, N_YEARS))
    for key, suffix, *_ in SPECIES:
        stock = np.array(params.series(f"herd_{key}"), dtype=float)
        stock[:, 0] = params[f"herd_2020_{key}"]                  # 2020 is history, not the lever
        su = herd_sheep_units(stock, params[f"su_factor_{key}"])
        out[_stock_var(suffix)] = stock
        out[_herd_var(suffix)] = su
        herd += su

    intake = annual_intake_kg(params["sheep_unit_intake"])[:, None]            # (n, 1) kg/SU/yr
    total_area: np.ndarray = np.sum([params[f"grassland_area_{g}"] for g, *_ in GRASSLAND_TYPES],
                                    axis=0)
    ban = params.series("grazing_ban_area")
    rest = params.series("rest_grazing_area")
    # Everything that scales every type's yield alike: hay conversion, weather, bans and rest.
    common = (grazing_available_share(total_area, ban, rest, params["rest_grazing_days"])
              * precipitation_yield_factor(params.series("precipitation_index"),
                                           params["forage_precipitation_elasticity"])
              * params["standard_hay_coefficient"][:, None])
    capacity = np.zeros((n, N_YEARS))
    for g, suffix, *_ in GRASSLAND_TYPES:
        normal = grassland_capacity_su(params[f"grassland_area_{g}"], params[f"forage_yield_{g}"],
                                       params[f"utilisation_rate_{g}"], intake[:, 0])   # (n,)
        cap_g = normal[:, None] * common
        out[f"Livestock|Grassland Capacity|{suffix}"] = cap_g
        capacity += cap_g

    silage_kt = silage_forage_kt(params.series("silage_forage_area"), params["silage_forage_yield"][:, None])
    grain = params.series("grain_output")
    straw_kt = straw_fed_kt(grain, params["straw_grain_ratio"][:, None], params.series("straw_feed_share"),
                            params["straw_hay_equivalent"][:, None])
    bought_kt = params.series("forage_purchased")
    supp_silage = forage_kt_to_su(silage_kt, intake)
    supp_straw = forage_kt_to_su(straw_kt, intake)
    supp_bought = forage_kt_to_su(bought_kt, intake)
    supplementary = supp_silage + supp_straw + supp_bought
    demand = np.maximum(0.0, herd - supplementary)
    ban_eff = np.clip(ban, 0.0, total_area[:, None])
    kt_per_su = intake / 100.0                                                  # kt per 万羊单位

    out.update({
        "Livestock|Herd": herd,
        "Livestock|Grassland Capacity": capacity,
        "Livestock|Supplementary Capacity": supplementary,
        "Livestock|Supplementary Capacity|Silage and Forage": supp_silage,
        "Livestock|Supplementary Capacity|Crop Straw": supp_straw,
        "Livestock|Supplementary Capacity|Purchased Forage": supp_bought,
        "Livestock|Grassland Demand": demand,
        "Livestock|Stocking Ratio": stocking_ratio_pct(demand, capacity),
        "Livestock|Excess Over Capacity": np.maximum(0.0, demand - capacity),
        "Forage|Demand": herd * kt_per_su,
        "Forage|Grassland": capacity * kt_per_su,
        "Forage|Supplementary": silage_kt + straw_kt + bought_kt,
        "Production|Grain": grain,
        "Land|Grassland": np.repeat(total_area[:, None], N_YEARS, axis=1),
        "Land|Grassland|Grazing Ban": ban_eff,
        "Land|Grassland|Rest Grazing": np.clip(rest, 0.0, total_area[:, None] - ban_eff),
        "Land|Silage and Forage": params.series("silage_forage_area").astype(float),
    })
    return out


# --------------------------------------------------------------------------- targets

_SECTION = "第四章第二节三"


def _stock_2025(suffix: str) -> Callable[[ParameterSet, Results], np.ndarray]:
    """Evaluator of one species' 2025 stock, 万头."""
    name = _stock_var(suffix)
    return lambda p, r: r[name][:, year_index(PLAN_YEAR)]


def _worst_ratio(p: ParameterSet, r: Results) -> np.ndarray:
    return plan_period_worst(r["Livestock|Stocking Ratio"])[1]


TARGETS: list[Target] = [
    *[Target(id=f"herd_{key}_2025", label_zh=f"2025年{zh}存栏", label_en=f"{en}: stock in 2025", section=_SECTION, theme="livestock", unit="万头",
             comparison=cmp, target=PLAN_STOCK_2025[key],  # type: ignore[arg-type]
             tolerance_parameter=f"tolerance_herd_{key}" if cmp == "about" else None,
             evaluate=_stock_2025(suffix))
      for key, suffix, zh, en, cmp in SPECIES],
    Target(id="stocking_within_capacity", label_zh="草原载畜不超过合理载畜量（2021-2025年最高）",
           label_en="Grassland stocked within capacity (highest year 2021-2025)", section="第三章第一节二; 第四章第二节五",
           theme="livestock", unit="%", comparison="<=", target=100.0, evaluate=_worst_ratio,
           note_zh="草原合理确定载畜量、草畜平衡；需由草原承载的畜量占合理载畜量的百分比",
           note_en="stocking set by carrying capacity (草畜平衡): herd left on the range in % of its capacity"),
    Target(id="silage_forage_area_2025", label_zh="2025年青贮玉米和牧草种植面积", label_en="Silage maize and sown forage area, 2025",
           section="第四章第二节二", theme="livestock", unit="万亩", comparison=">=", target=4.0,
           evaluate=lambda p, r: r["Land|Silage and Forage"][:, year_index(PLAN_YEAR)]),
    Target(id="grain_2025", label_zh="2025年粮食产量", label_en="Grain output, 2025", section="第四章第二节二", theme="livestock", unit="kt", comparison=">=",
           target=100.0, evaluate=lambda p, r: r["Production|Grain"][:, year_index(PLAN_YEAR)],
           note_zh="2亿斤", note_en="2 亿斤 = 100 kt"),
    Target(id="green_organic_share", label_zh="农畜产品绿色有机率", label_en="Green and organic share of farm products",
           section="第四章第二节引言", theme="livestock", unit="%", comparison="not_modelled", target=80.0,
           note_zh="模型不含产品认证", note_en="the model has no product certification"),
    Target(id="processing_conversion", label_zh="农畜产品加工转化率", label_en="Processing rate of farm and livestock products",
           section="第四章第二节四", theme="livestock", unit="%", comparison="not_modelled", target=67.0,
           note_zh="模型不含农畜产品加工", note_en="the model has no food processing"),
]


# --------------------------------------------------------------------------- diagnostics

def _herd_vs_grassland(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The herd against what the range plus supplementary feed carries (plan 第四章第二节三; 第三章第一节二)."""
    year, ratio, herd, capacity, supplement, demand = plan_period_worst(
        r["Livestock|Stocking Ratio"], r["Livestock|Herd"], r["Livestock|Grassland Capacity"],
        r["Livestock|Supplementary Capacity"], r["Livestock|Grassland Demand"])
    kt_per_su = annual_intake_kg(p["sheep_unit_intake"]) / 100.0
    excess = np.maximum(0.0, demand - capacity)
    with np.errstate(divide="ignore", invalid="ignore"):
        off_range = np.where(herd > 0.0, 100.0 * np.maximum(0.0, herd - capacity) / np.where(
            herd > 0.0, herd, 1.0), 0.0)
    found = ratio > 100.0 + 1e-9
    return found, {"year": year, "ratio": ratio, "herd": herd, "capacity": capacity,
                   "supplement": supplement, "demand": demand, "extra_kt": excess * kt_per_su,
                   "forage_kt": herd * kt_per_su, "off_range": off_range}


DIAGNOSTICS: list[Diagnostic] = [
    Diagnostic(
        id="herd_vs_grassland", title_zh="畜群规模超出草原承载力", title_en="The herd exceeds what the grassland can carry",
        section="第四章第二节三; 第四章第二节五; 第三章第一节二", theme="livestock", check=_herd_vs_grassland,
        explain_zh=("{year:.0f}年畜群折合{herd:.1f}万羊单位，年需标准干草约{forage_kt:.0f}千吨；扣除禁牧、休牧后，"
                    "天然草原在该年降水条件下的合理载畜量只有{capacity:.1f}万羊单位。青贮玉米和牧草、秸秆、外购饲草"
                    "合计只够喂养{supplement:.1f}万羊单位，其余{demand:.1f}万羊单位留在草原上，是合理载畜量的"
                    "{ratio:.0f}%。要做到规划要求的草畜平衡，每年还需增加约{extra_kt:.0f}千吨标准干草的补饲，"
                    "即畜群所需饲草的{off_range:.0f}%必须来自草原以外。"),
        explain_en=("In {year:.0f} the herd is {herd:.1f} 万 sheep units and eats about {forage_kt:.0f} kt of "
                    "standard hay a year; after grazing bans and rest grazing the range can carry only "
                    "{capacity:.1f} 万 sheep units in that year's weather. Silage and sown forage, crop straw "
                    "and forage bought in feed {supplement:.1f} 万 sheep units, which leaves {demand:.1f} 万 "
                    "on the range: {ratio:.0f} % of its carrying capacity. Balancing grass and livestock, as "
                    "the plan requires, needs about {extra_kt:.0f} kt more supplementary hay a year: "
                    "{off_range:.0f} % of the herd's feed must come from off the range."),
        resolved_zh=("2021-2025年草原载畜均未超过合理载畜量：最紧的{year:.0f}年畜群{herd:.1f}万羊单位，其中"
                     "{supplement:.1f}万由补饲承载，留在草原上的{demand:.1f}万羊单位为合理载畜量"
                     "（{capacity:.1f}万）的{ratio:.0f}%。"),
        resolved_en=("The range stays within its carrying capacity in every year 2021-2025: in the tightest "
                     "year, {year:.0f}, the herd of {herd:.1f} 万 sheep units has {supplement:.1f} 万 fed by "
                     "supplementary feed and leaves {demand:.1f} 万 on the range, {ratio:.0f} % of its "
                     "capacity of {capacity:.1f} 万."),
    ),
]

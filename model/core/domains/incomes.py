"""Incomes, consumer prices, and the plan's rows that split an aggregate into shares.

Method
------
**Incomes.**  Per-capita disposable income of urban and rural residents grows
with real GDP per resident through an elasticity (the plan's rule is that
incomes grow in step with the economy, 城乡居民收入与经济同步增长, 第七章第三节:
elasticity 1), and is turned into current yuan with the consumer price index::

    CPI[t]      = Price|CPI of the prices module                      (2020 = 100)
    y[t]        = GDP per capita[t] / GDP per capita[2020]            (real, from the people module)
    I_g[t]      = I_g[2020] * y[t] ** eps_g * CPI[t] / 100            (元, current prices; g = urban, rural)
    I[t]        = (U[t] * I_urban[t] + R[t] * I_rural[t]) / P[t]      (all residents, as NBS averages)
    h[t]        = I[t] * 100 / CPI[t] * P[t] / (GDP[t] * 100)         (%: household income in GDP)

With income in 元, ``P`` in 万人 and GDP in 亿元, ``I * P * 10^4 / (GDP * 10^8)``
is ``I * P / GDP / 10^4``; in % that is ``I * P / (GDP * 100)``.  ``h`` is
residents' disposable income as a share of GDP, both at 2020 prices (income
deflated by the CPI, GDP by its own deflator: the two are taken to move
together).  What is not ``h`` goes to profits, depreciation, taxes and to
workers living outside the banner -- loosely, "the profit share".  The
all-resident average rises with urbanisation even when neither group's
income does (a composition effect, as in the statistics).

**Incomes against output** (diagnostic ``income_vs_output``).  The plan's
7 %/yr in current prices is ``g = 1.07 / (CPI[2025] / 100) ** (1/5) - 1`` in
real terms.  If that is above the growth ``y`` of real GDP per resident, the
household share must rise to ``h[2020] * ((1 + g) / (1 + y)) ** 5`` by 2025
and the rest of GDP must give up the difference.

**Which growth the plan means.**  The plan's 2020 targets in 专栏1 are the
2015 levels compounded at the target rates in current yuan (24,711 x 1.09^5
= 38,020; 11,790 x 1.10^5 = 18,988), and the achieved 6.6 %/yr and 9.1 %/yr
are close to the nominal growth of the levels (34,108 / 24,711 -> 6.7 %/yr;
18,169 / 11,790 -> 9.0 %/yr).  The banner states income growth in current
prices, so the "about 7 %/yr" of 专栏2第7行 is evaluated on current-price
income, 2020-2025.

**The plan's share rows.**  Each splits an aggregate another module computes:

* logistics value added is the economy module's (``share x GDP|Tertiary``);
* strategic emerging industries (战略性新兴产业, NBS classification 2018) =
  wind and PV power value added (``va_per_kwh_renewable x (wind + PV GWh) /
  100``, at most the power industry's value added) when the scope counts
  them, plus a share of "other industry" (new materials, equipment, energy
  saving and resource recycling); their share of industrial value added
  (secondary less construction) is the plan's indicator (第四章第一节三: at
  least 10 %);
* livestock output value = herd (万羊单位) x output value per sheep unit
  (元, 2020 prices) / 10^4; crop output value grows at a lever rate; the
  livestock share of the two is the plan's 牧业产值占农牧业总产值的比重
  (第四章第二节: at least 70 % by 2025).

Units: incomes in 元 per person and year (current prices); CPI 2020 = 100;
value added and output value in 亿元 at 2020 prices; shares in %.
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Diagnostic, Results, Target, Variable, at_year
from model.core.formulas import annual_growth_pct, cagr_pct, compound_growth
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.timeline import BASE_YEAR, PLAN_YEAR

__all__ = ["INCOME_URBAN_2020", "INCOME_RURAL_2020", "INCOME_GROWTH_TARGET",
           "SEI_SHARE_TARGET", "LIVESTOCK_SHARE_TARGET", "SEI_SCOPES", "CPI_BASE", "PARAMETERS", "VARIABLES",
           "TARGETS", "DIAGNOSTICS", "compute", "real_income", "resident_average", "household_share_pct",
           "strategic_emerging_va", "share_pct"]

# --------------------------------------------------------------------------- the plan's numbers

#: Per-capita disposable income 2020, 元 (专栏1第8-9行; the rural row is headed 农牧民人均纯收入,
#: the pre-2014 name of rural per-capita disposable income).
INCOME_URBAN_2020: float = 34108.0
INCOME_RURAL_2020: float = 18169.0
#: Residents' per-capita disposable income growth, %/yr 2021-2025 (专栏2第7行; 第二章第五节 "7%左右").
INCOME_GROWTH_TARGET: float = 7.0
#: Strategic emerging industries' share of industrial value added by 2025, % (第四章第一节三: 10%以上).
SEI_SHARE_TARGET: float = 10.0
#: Livestock's share of farm and livestock output value by 2025, % (第四章第二节: 提升到70%以上).
LIVESTOCK_SHARE_TARGET: float = 70.0

#: What counts as a strategic emerging industry: (value, zh, en).
SEI_SCOPES: tuple[tuple[str, str, str], ...] = (
    ("nbs_2018", "按《战略性新兴产业分类（2018）》（含风电、光伏发电）",
     "NBS classification 2018 (wind and PV power included)"),
    ("manufacturing", "仅新材料、装备制造、节能环保", "new materials, equipment and energy saving only"),
)

#: The consumer price index in 2020.
CPI_BASE: float = 100.0
_SRC_ELASTICITY = ("plan 第七章第三节: 城乡居民收入与经济同步增长 (elasticity 1); range from the 13th plan's "
                   "record (专栏1): urban +6.6 %/yr and rural +9.1 %/yr (current prices) while GDP per resident "
                   "rose from 9.6万元 (2015) to 12.5万元 (2020: 67.61 亿元 / 5.39万), +5.5 %/yr")

# --------------------------------------------------------------------------- parameters

PARAMETERS: list[Parameter] = [
    Parameter(name="income_urban_2020", label_zh="2020年城镇居民人均可支配收入",
              label_en="Urban disposable income per head 2020", unit="元", default=INCOME_URBAN_2020, lower=0.0,
              upper=200000.0, kind="assumption", theme="people",
              source="plan 专栏1第8行: 城镇居民人均可支配收入 34,108 元 in 2020, 24,711 in 2015",
              step=100.0),
    Parameter(name="income_rural_2020", label_zh="2020年农村牧区居民人均可支配收入",
              label_en="Rural disposable income per head 2020", unit="元", default=INCOME_RURAL_2020, lower=0.0,
              upper=200000.0, kind="assumption", theme="people",
              source=("plan 专栏1第9行: 农牧民人均纯收入 18,169 元 in 2020, 11,790 in 2015; the "
                      "pre-2014 name of rural per-capita disposable income"), step=100.0),
    Parameter(name="income_elasticity_urban", label_zh="城镇居民收入对人均GDP的弹性",
              label_en="Elasticity of urban income to GDP per head", unit="无量纲", default=1.0, lower=0.0,
              upper=3.0, kind="assumption", theme="people", source=_SRC_ELASTICITY, estimate=True,
              distribution=Distribution("triangular", {"low": 0.6, "mode": 1.0, "high": 1.3}),
              description="Real income per head = 2020 level x (real GDP per head / 2020's) ** elasticity.",
              step=0.05),
    Parameter(name="income_elasticity_rural", label_zh="农村牧区居民收入对人均GDP的弹性",
              label_en="Elasticity of rural income to GDP per head", unit="无量纲", default=1.0, lower=0.0,
              upper=3.0, kind="assumption", theme="people", source=_SRC_ELASTICITY, estimate=True,
              distribution=Distribution("triangular", {"low": 0.7, "mode": 1.0, "high": 1.7}),
              description="As for urban incomes; transfers and grassland subsidies can push it above 1.",
              step=0.05),
    Parameter(name="tolerance_income_growth_pp", label_zh="收入增长“7%左右”的容差",
              label_en="Tolerance of 'about 7 %' income growth", unit="百分点", default=0.5, lower=0.0, upper=3.0,
              kind="assumption", theme="scorecard",
              source=("workbook convention: 'about' (左右) read as +/- 0.5 percentage points, as for GDP growth; "
                      "the plan gives no band"), estimate=True, step=0.1),
    Parameter(name="sei_scope", label_zh="战略性新兴产业统计口径", label_en="Scope of strategic emerging industries",
              unit="口径", default="manufacturing", kind="assumption", theme="economy",
              source=("NBS 战略性新兴产业分类（2018） ([nbs-sei-2018]): nine fields, among them the new-energy "
                      "industry, new materials, and energy saving and environmental protection; plan 第四章第一节三 "
                      "sets the 10 % target under 装备制造及新材料产业, and wind and PV power alone were about 20 % "
                      "of industrial value added in 2020, so the plan's 'reach 10 %' reads as excluding them "
                      "(estimate)"),
              estimate=True, dtype="choice", choices=tuple(v for v, _, _ in SEI_SCOPES),
              choice_labels={v: (zh, en) for v, zh, en in SEI_SCOPES},
              description="Whether wind and PV power value added counts as strategic emerging."),
    Parameter(name="sei_share_other_industry", label_zh="“其他工业”中战略性新兴产业占比",
              label_en="Strategic emerging share of 'other industry'", unit="比例",
              default={2020: 0.25, PLAN_YEAR: 0.50, 2035: 0.50}, lower=0.0, upper=1.0, kind="lever", theme="economy",
              source=("estimate: new materials, equipment and resource recycling in other industry (plan 第四章第一节三 "
                      "and 专栏4-4 projects: silicon, graphite, dolomite, nano ceramics, slag recycling); 25 % in "
                      "2020 (about 4 % of industrial value added, below the plan's 10 %) and 50 % in 2025 are "
                      "estimates"), estimate=True, timeseries=True, step=0.01),
    Parameter(name="livestock_output_value_per_su", label_zh="每羊单位牧业产值",
              label_en="Livestock output value per sheep unit", unit="元/羊单位", default=400.0, lower=0.0,
              upper=3000.0, kind="assumption", theme="livestock",
              source=("estimate: meat, cashmere, wool and milk sold a year per sheep unit of stock, 2020 prices; "
                      "no banner figure is published"), estimate=True,
              distribution=Distribution("triangular", {"low": 300.0, "mode": 400.0, "high": 600.0}), step=10.0),
    Parameter(name="crop_output_value_2020", label_zh="2020年种植业产值", label_en="Crop output value 2020",
              unit="亿元", default=3.0, lower=0.0, upper=30.0, kind="assumption", theme="livestock",
              source=("estimate: grain (2亿斤), seeds, melons, vegetables, herbs and forage; no banner figure is "
                      "published; with the herd at 400 元 per sheep unit it puts livestock at about two thirds "
                      "of farm output, below the plan's 70 % (第四章第二节: 提升到70%以上)"), estimate=True,
              distribution=Distribution("triangular", {"low": 2.0, "mode": 3.0, "high": 4.5}), step=0.1),
    Parameter(name="growth_crop_output", label_zh="种植业产值年增长率", label_en="Crop output real growth",
              unit="1/年", default=0.01, lower=-0.2, upper=0.3, kind="lever", theme="livestock",
              source=("plan 第四章第二节二: 稳粮、优经、扩饲; estimate: 1 %/yr, the primary sector's "
                      "default rate"), estimate=True, timeseries=True, step=0.005),
]

# --------------------------------------------------------------------------- variables

VARIABLES: list[Variable] = [
    Variable("Income|Disposable", "元", "全体居民人均可支配收入", "Disposable income per resident", "people",
             "current prices; urban and rural weighted by population"),
    Variable("Income|Disposable|Urban", "元", "城镇居民人均可支配收入", "Urban disposable income per head",
             "people", "current prices"),
    Variable("Income|Disposable|Rural", "元", "农村牧区居民人均可支配收入", "Rural disposable income per head",
             "people", "current prices"),
    Variable("Income|Disposable|Growth", "%", "居民人均可支配收入增长率（现价）",
             "Disposable income growth (current prices)", "people"),
    Variable("Share|Household Income in GDP", "%", "居民可支配收入占地区生产总值比重",
             "Residents' disposable income in GDP", "people", "both at 2020 prices"),
    Variable("Value Added|Wind and Solar Power", "亿元", "风电光伏发电增加值", "Wind and PV power value added",
             "economy"),
    Variable("Value Added|Strategic Emerging", "亿元", "战略性新兴产业增加值",
             "Strategic emerging industries' value added", "economy"),
    Variable("Share|Strategic Emerging", "%", "战略性新兴产业占工业增加值比重",
             "Strategic emerging share of industrial value added", "economy"),
    Variable("Output Value|Livestock", "亿元", "牧业产值", "Livestock output value", "livestock",
             "2020 prices"),
    Variable("Output Value|Crops", "亿元", "种植业产值", "Crop output value", "livestock", "2020 prices"),
    Variable("Share|Livestock in Farm Output", "%", "牧业产值占农牧业总产值比重",
             "Livestock share of farm and livestock output", "livestock"),
]

# --------------------------------------------------------------------------- building blocks


def real_income(base: np.ndarray, gdp_per_capita: np.ndarray, elasticity: np.ndarray) -> np.ndarray:
    """Income per head at 2020 prices: ``base * (y[t] / y[2020]) ** elasticity``, ``(n, N_YEARS)``.

    ``base`` and ``elasticity`` are ``(n,)``, ``gdp_per_capita`` ``(n, N_YEARS)``.
    """
    y = np.asarray(gdp_per_capita, dtype=float)
    ratio = np.maximum(y / y[:, :1], 0.0)
    return np.asarray(base, dtype=float)[:, None] * ratio ** np.asarray(elasticity, dtype=float)[:, None]


def resident_average(urban_people: np.ndarray, rural_people: np.ndarray, urban_income: np.ndarray,
                     rural_income: np.ndarray) -> np.ndarray:
    """Income per resident: the population-weighted mean of urban and rural incomes."""
    total = np.asarray(urban_people) + np.asarray(rural_people)
    return (np.asarray(urban_people) * urban_income + np.asarray(rural_people) * rural_income) / total


def household_share_pct(real_income_per_head: np.ndarray, population: np.ndarray, gdp: np.ndarray) -> np.ndarray:
    """Residents' disposable income in % of GDP: ``元 x 万人 / (亿元 x 100)``."""
    return np.asarray(real_income_per_head) * np.asarray(population) / (np.asarray(gdp) * 100.0)


def strategic_emerging_va(power_va: np.ndarray, renewable_gwh: np.ndarray, va_per_kwh: np.ndarray,
                          counted: np.ndarray, other_industry_va: np.ndarray, other_share: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Wind and PV value added, and strategic emerging value added, 亿元 ``(n, N_YEARS)``.

    Wind and PV: ``min(power VA, va_per_kwh * GWh / 100)`` (GWh x 元/kWh = 10^6 元 = 0.01 亿元);
    strategic emerging: that times ``counted`` (0 or 1) plus ``other_share`` of other industry.
    """
    renewable = np.minimum(np.asarray(power_va), np.asarray(va_per_kwh)[:, None] * renewable_gwh / 100.0)
    return renewable, np.asarray(counted, dtype=float)[:, None] * renewable + other_share * other_industry_va


def share_pct(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """``100 * part / whole``; 0 where the whole is not positive."""
    whole = np.asarray(whole, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0.0, 100.0 * np.asarray(part) / np.where(whole > 0.0, whole, 1.0), 0.0)


# --------------------------------------------------------------------------- model

def compute(params: ParameterSet, results: Results) -> Results:
    """Incomes, CPI, the household share of GDP, and the strategic-emerging and livestock rows.

    Reads the people module's population and GDP per capita, the economy's
    value added, the power module's wind and PV generation and the livestock
    module's herd.
    """
    cpi = results["Price|CPI"]  # the prices module: 2020 = 100
    gdp_pc = results["GDP per Capita"]
    urban_people = results["Population|Urban"]
    rural_people = results["Population|Rural"]
    urban_real = real_income(params["income_urban_2020"], gdp_pc, params["income_elasticity_urban"])
    rural_real = real_income(params["income_rural_2020"], gdp_pc, params["income_elasticity_rural"])
    average_real = resident_average(urban_people, rural_people, urban_real, rural_real)
    average = average_real * cpi / CPI_BASE

    renewable_gwh = results["Electricity|Wind"] + results["Electricity|Solar"]
    renewable_va, sei_va = strategic_emerging_va(
        results["Value Added|Power"], renewable_gwh, params["va_per_kwh_renewable"],
        params.is_choice("sei_scope", "nbs_2018"), results["Value Added|Other Industry"],
        params.series("sei_share_other_industry"))
    livestock = results["Livestock|Herd"] * params["livestock_output_value_per_su"][:, None] / 1e4
    crops = compound_growth(params["crop_output_value_2020"], params.series("growth_crop_output"))

    return {
        "Income|Disposable": average,
        "Income|Disposable|Urban": urban_real * cpi / CPI_BASE,
        "Income|Disposable|Rural": rural_real * cpi / CPI_BASE,
        "Income|Disposable|Growth": annual_growth_pct(average),
        "Share|Household Income in GDP": household_share_pct(average_real, results["Population|Resident"],
                                                             results["GDP"]),
        "Value Added|Wind and Solar Power": renewable_va,
        "Value Added|Strategic Emerging": sei_va,
        "Share|Strategic Emerging": share_pct(sei_va, results["Value Added|Industry"]),
        "Output Value|Livestock": livestock,
        "Output Value|Crops": crops,
        "Share|Livestock in Farm Output": share_pct(livestock, livestock + crops),
    }


# --------------------------------------------------------------------------- targets

TARGETS: list[Target] = [
    Target(id="income_growth", label_zh="居民人均可支配收入增长", label_en="Disposable income growth",
           section="第二章第五节; 专栏2第7行", theme="people", unit="%/年", comparison="about",
           target=INCOME_GROWTH_TARGET, tolerance_parameter="tolerance_income_growth_pp",
           evaluate=lambda p, r: cagr_pct(r["Income|Disposable"], BASE_YEAR, PLAN_YEAR),
           note_zh="2021-2025年年均，按现价（规划专栏1的收入增速均为现价）；全体居民按城乡人口加权",
           note_en=("average 2021-2025 in current prices (the plan's income growth rates are nominal); all "
                    "residents, urban and rural weighted by population")),
    Target(id="strategic_emerging_share", label_zh="战略性新兴产业占工业增加值比重",
           label_en="Strategic emerging industries' share of industry", section="第四章第一节三", theme="economy",
           unit="%", comparison=">=", target=SEI_SHARE_TARGET,
           evaluate=lambda p, r: at_year(r, "Share|Strategic Emerging"),
           note_zh="2025年；统计口径见参数“战略性新兴产业统计口径”（默认不含风电、光伏发电）",
           note_en="2025; the scope is a parameter (by default wind and PV power do not count)"),
    Target(id="livestock_output_share", label_zh="牧业产值占农牧业总产值比重",
           label_en="Livestock share of farm and livestock output", section="第四章第二节引言", theme="livestock",
           unit="%", comparison=">=", target=LIVESTOCK_SHARE_TARGET,
           evaluate=lambda p, r: at_year(r, "Share|Livestock in Farm Output"),
           note_zh="2025年；畜群羊单位乘每羊单位产值，对种植业产值",
           note_en="2025; the herd's sheep units times output value per sheep unit, against crop output"),
]


# --------------------------------------------------------------------------- diagnostics

def _income_vs_output(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The plan's income growth (deflated) against the scenario's real GDP per resident."""
    years = PLAN_YEAR - BASE_YEAR
    cpi_growth = cagr_pct(r["Price|CPI"], BASE_YEAR, PLAN_YEAR)
    target_real = 100.0 * ((1.0 + INCOME_GROWTH_TARGET / 100.0) / (1.0 + cpi_growth / 100.0) - 1.0)
    gdp_pc_growth = cagr_pct(r["GDP per Capita"], BASE_YEAR, PLAN_YEAR)
    share_2020 = r["Share|Household Income in GDP"][:, 0]
    share_plan = share_2020 * ((1.0 + target_real / 100.0) / (1.0 + gdp_pc_growth / 100.0)) ** years
    found = target_real > gdp_pc_growth + 1e-9
    return found, {
        "cpi": cpi_growth, "target_real": target_real, "gdp_pc_growth": gdp_pc_growth,
        "share_2020": share_2020, "share_2025": share_plan, "drop": share_plan - share_2020,
        "modelled": cagr_pct(r["Income|Disposable"], BASE_YEAR, PLAN_YEAR),
    }


DIAGNOSTICS: list[Diagnostic] = [
    Diagnostic(
        id="income_vs_output", title_zh="收入目标快于人均产出", title_en="The income target outruns output per resident",
        section="专栏2第7行; 第二章第五节; 第七章第三节", theme="people", check=_income_vs_output,
        explain_zh=("规划要求全体居民人均可支配收入年均增长7%左右（现价），按本情景居民消费价格年均上涨"
                    "{cpi:.1f}%，折合实际增长{target_real:.1f}%；而本情景人均地区生产总值年均实际增长只有"
                    "{gdp_pc_growth:.1f}%。收入若按目标增长，居民可支配收入占地区生产总值的比重须由2020年的"
                    "{share_2020:.1f}%升至2025年的{share_2025:.1f}%，利润、折旧、税收等其余部分的比重须下降"
                    "{drop:.1f}个百分点。（本情景按弹性推算的收入年均增长{modelled:.1f}%，现价。）"),
        explain_en=("The plan asks for disposable income per resident to grow about 7 %/yr in current prices; "
                    "with consumer prices rising {cpi:.1f} %/yr in this scenario that is {target_real:.1f} %/yr "
                    "in real terms, while real GDP per resident grows only {gdp_pc_growth:.1f} %/yr. For incomes "
                    "to grow as planned, residents' disposable income must rise from {share_2020:.1f} % of GDP "
                    "in 2020 to {share_2025:.1f} % in 2025, so the share left for profits, depreciation and "
                    "taxes must fall by {drop:.1f} points. (The incomes the scenario's elasticities give grow "
                    "{modelled:.1f} %/yr in current prices.)"),
        resolved_zh=("本情景人均地区生产总值年均实际增长{gdp_pc_growth:.1f}%，不低于收入目标7%（现价）折合的"
                     "实际增长{target_real:.1f}%，达到收入目标不需要压低利润份额：收入按目标增长时，居民收入占"
                     "地区生产总值的比重由{share_2020:.1f}%降为{share_2025:.1f}%。本情景按弹性推算的收入年均增长"
                     "{modelled:.1f}%（现价）。"),
        resolved_en=("Real GDP per resident grows {gdp_pc_growth:.1f} %/yr, no slower than the "
                     "{target_real:.1f} %/yr that 7 % in current prices means in real terms: meeting the income "
                     "target needs no squeeze on profits. Incomes growing as planned would take residents' "
                     "share of GDP from {share_2020:.1f} % down to {share_2025:.1f} %. The incomes the "
                     "scenario's elasticities give grow {modelled:.1f} %/yr in current prices."),
    ),
]

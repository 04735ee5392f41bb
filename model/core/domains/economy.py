"""The banner's economy: real value added by sector and industry, 2020-2035.

Method (constant-price sector projection)::

    VA[i, t] = VA[i, 2020] * prod_{s=2021..t} (1 + g[i, s])
    GDP[t]   = VA_primary[t] + VA_secondary[t] + VA_tertiary[t]
    share[i, t] = 100 * VA[i, t] / GDP[t]

All values are at 2020 constant prices in 亿元 (10^8 yuan), so shares are real
shares; relative-price effects (metal and coal price swings) are outside the
model.  The secondary sector is the sum of six named industries.  An industry
whose value added a physical module has already computed (for example
``Value Added|Nonferrous Smelting`` from metal output, see
:func:`value_added_from_output`) takes that series; every other industry grows
at its growth path.

The 2020 base is the plan's: GDP 67.61 亿元 with the structure
7.64 : 69.58 : 22.78 (专栏1, 第一章第一节).
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Diagnostic, Results, Target, Variable, at_year
from model.core.parameter import Parameter, ParameterSet
from model.core.formulas import annual_growth_pct, cagr_pct, compound_growth
from model.core.timeline import BASE_YEAR, N_YEARS, PLAN_YEAR, year_index

__all__ = ["INDUSTRIES", "PARAMETERS", "VARIABLES", "TARGETS", "DIAGNOSTICS", "compute",
           "GDP_2020", "SHARES_2020", "OUTPUT_DRIVEN_INDUSTRIES"]

#: 2020 GDP, 亿元 (专栏1).
GDP_2020: float = 67.61
#: 2020 three-sector structure in % (专栏1).
SHARES_2020: tuple[float, float, float] = (7.64, 69.58, 22.78)

_PRIMARY_2020 = GDP_2020 * SHARES_2020[0] / 100
_SECONDARY_2020 = GDP_2020 * SHARES_2020[1] / 100
_TERTIARY_2020 = GDP_2020 * SHARES_2020[2] / 100

#: The named industries of the secondary sector: (key, variable suffix, zh, en).
INDUSTRIES: tuple[tuple[str, str, str, str], ...] = (
    ("nonferrous_smelting", "Nonferrous Smelting", "有色金属冶炼", "Nonferrous smelting"),
    ("coal_chemicals", "Coal Chemicals", "煤焦化工", "Coal chemicals"),
    ("power", "Power", "电力生产", "Power generation"),
    ("mining", "Mining", "采矿业", "Mining"),
    ("other_industry", "Other Industry", "其他工业", "Other industry"),
    ("construction", "Construction", "建筑业", "Construction"),
)

# 2020 value added of each industry (亿元).  The plan gives only the secondary
# total (47.04 亿元 = 67.61 x 69.58 %); the split is an estimate built from the
# 2020 capacities (about 200 kt Zn, 100 kt Cu, 100 kt Pb smelting [cinic-2013];
# Zijin's mine; the Jingneng 2 x 1000 MW units) and is marked as such.
# "Other industry" is the remainder, so the defaults add up to the plan's total.
# The three output-driven industries take their 2020 output x value added per
# unit at the registry defaults (docs/industry-energy.md):
#   smelting  85 kt Cu x 4,300 + 156 kt Zn x 2,450 + 80 kt Pb x 1,300 yuan/t = 8.52 亿元 -> 8.5
#   coal chem 1,800 kt coke x 150 + 72 kt tar x 800 + 19.8 kt benzene x 1,000 = 3.47 -> 3.5
#   power     (2,000 MW x 2,300 h x 0.92 + 300 MW x 1,600 h x 0.96) = 4,693 GWh x 0.18 yuan/kWh
#             = 8.45 亿元 -> 8.4
_INDUSTRY_VA_2020 = {
    "nonferrous_smelting": 8.5,
    "coal_chemicals": 3.5,
    "power": 8.4,
    "mining": 15.0,
    "construction": 4.5,
}
_INDUSTRY_VA_2020["other_industry"] = _SECONDARY_2020 - sum(_INDUSTRY_VA_2020.values())

#: Industries whose value added comes from physical output (smelting, coal_chemicals,
#: power modules, which run before this one); they have no growth parameter.
OUTPUT_DRIVEN_INDUSTRIES: tuple[str, ...] = ("nonferrous_smelting", "coal_chemicals", "power")

_INDUSTRIAL_GROWTH_PATH = {2021: 0.10, 2025: 0.10, 2026: 0.05, 2035: 0.05}
_SRC_VA_SPLIT = ("estimate: split of the plan's 2020 secondary value added (专栏1: 67.61 亿元 x "
                 "69.58 %) by 2020 capacities [cinic-2013]")
_SRC_INDUSTRY_GROWTH = ("plan 第四章第一节: 工业增加值年均增长10%以上 (2021-2025); after 2025 "
                        "estimate: 5 %/yr (the 2035 vision gives no number)")

#: Logistics value added the plan aims at for 2025, 亿元, and its share of services, %
#: (第四章第三节一: "物流业增加值力争达到15亿元，占服务业增加值比重达到20%左右").
LOGISTICS_VA_2025: float = 15.0
LOGISTICS_SHARE_OF_SERVICES_2025: float = 20.0

PARAMETERS: list[Parameter] = [
    Parameter(name="va_2020_primary", label_zh="2020年第一产业增加值", label_en="Primary value added 2020", unit="亿元",
              default=round(_PRIMARY_2020, 6), lower=0.0, upper=30.0, kind="assumption", theme="economy",
              source="plan 专栏1: GDP 67.61 亿元 x primary share 7.64 % (derived)"),
    Parameter(name="va_2020_tertiary", label_zh="2020年第三产业增加值", label_en="Tertiary value added 2020", unit="亿元",
              default=round(_TERTIARY_2020, 6), lower=0.0, upper=60.0, kind="assumption", theme="economy",
              source="plan 专栏1: GDP 67.61 亿元 x tertiary share 22.78 % (derived)"),
    *[Parameter(name=f"va_2020_{key}", label_zh=f"2020年{zh}增加值", label_en=f"{en} value added 2020", unit="亿元",
                default=round(_INDUSTRY_VA_2020[key], 6), lower=0.0, upper=50.0, kind="assumption", theme="economy",
                source=_SRC_VA_SPLIT if key != "other_industry" else
                "derived: plan 专栏1 secondary value added 47.04 亿元 less the other named industries",
                estimate=True)
      for key, _, zh, en in INDUSTRIES],
    Parameter(name="gdp_growth_2020", label_zh="2020年地区生产总值增长率", label_en="GDP growth in 2020", unit="%",
              default=-4.4, lower=-30.0, upper=30.0, kind="assumption", theme="economy",
              source="plan 专栏2第1行: 2020 GDP growth -4.4 % (history; reported, not modelled)"),
    Parameter(name="growth_primary", label_zh="第一产业增加值年增长率", label_en="Primary sector real growth", unit="1/年",
              default={2021: 0.010, 2035: 0.010}, lower=-0.2, upper=0.3, kind="lever", theme="economy",
              source="derived: rate that takes primary to 6 % of a GDP growing 6 %/yr by 2025 (plan 第四章引言 "
              "6:70:24; 第二章第五节 6 %/yr): +1.0 %/yr",
              timeseries=True, step=0.001),
    Parameter(name="growth_tertiary", label_zh="第三产业增加值年增长率", label_en="Tertiary sector real growth", unit="1/年",
              default={2021: 0.071, 2025: 0.071, 2026: 0.05, 2035: 0.05}, lower=-0.2, upper=0.3, kind="lever", theme="economy",
              source="derived: rate that takes services to 24 % of a GDP growing 6 %/yr by 2025 (plan 第四章引言; "
              "第二章第五节): +7.1 %/yr; after 2025 estimate 5 %/yr",
              estimate=True, timeseries=True, step=0.001),
    *[Parameter(name=f"growth_{key}", label_zh=f"{zh}增加值年增长率", label_en=f"{en} real growth", unit="1/年",
                default=dict(_INDUSTRIAL_GROWTH_PATH) if key != "construction"
                else {2021: 0.06, 2025: 0.06, 2026: 0.05, 2035: 0.05},
                lower=-0.3, upper=0.5, kind="lever", theme="economy",
                source=_SRC_INDUSTRY_GROWTH if key != "construction" else
                "estimate: construction tracks the plan's 6 %/yr GDP growth (plan 第二章第五节); 5 %/yr after 2025",
                estimate=True, timeseries=True, step=0.001)
      for key, _, zh, en in INDUSTRIES if key not in OUTPUT_DRIVEN_INDUSTRIES],
    Parameter(name="tolerance_gdp_growth_pp", label_zh="“6%左右”的容差", label_en="Tolerance of 'about 6 %'", unit="百分点",
              default=0.5, lower=0.0, upper=3.0, kind="assumption", theme="scorecard",
              source="workbook convention: 'about' (左右) read as +/- 0.5 percentage points; the plan gives no band",
              estimate=True, step=0.1),
    Parameter(name="tolerance_structure_pp", label_zh="产业结构“左右”的容差", label_en="Tolerance of the 6:70:24 structure",
              unit="百分点", default=1.0, lower=0.0, upper=5.0, kind="assumption", theme="scorecard",
              source="workbook convention: each share within +/- 1 percentage point of 6:70:24 (plan 第四章引言 "
              "says 'about')", estimate=True, step=0.1),
    Parameter(name="tolerance_logistics_share_pp", label_zh="物流业占服务业比重“左右”的容差",
              label_en="Tolerance of logistics' 'about 20 %' of services", unit="百分点", default=5.0, lower=0.0, upper=20.0,
              kind="assumption", theme="scorecard",
              source="workbook convention: 'about 20 %' (plan 第四章第三节一) read as +/- 5 percentage points",
              estimate=True, step=0.5),
    Parameter(name="logistics_share_of_services", label_zh="物流业增加值占服务业比重",
              label_en="Logistics share of services value added", unit="比例",
              default={2020: 0.12, PLAN_YEAR: LOGISTICS_SHARE_OF_SERVICES_2025 / 100, 2035: LOGISTICS_SHARE_OF_SERVICES_2025 / 100}, lower=0.0, upper=0.8, kind="lever", theme="economy",
              source=("plan 第四章第三节一: 占服务业增加值比重达到20%左右 by 2025; the 2020 share (12 %) "
                      "is an estimate (no banner figure; 'reach 20 %' reads as a rise); flat after 2025"),
              estimate=True, timeseries=True, step=0.01),
    Parameter(name="structure_price_basis", label_zh="产业结构目标的价格口径", label_en="Price basis of the structure targets",
              unit="口径", default="current", kind="lever", theme="scorecard", dtype="choice",
              choices=("current", "constant"),
              choice_labels={"current": ("现价（统计公报口径）", "current prices (as the bulletins report)"),
                             "constant": ("2020年不变价", "2020 constant prices")},
              source=("statistical practice: bulletins report the three-sector structure at current prices "
                      "(e.g. the Bayannur 2021 bulletin [byn-2021-bulletin]); the plan's 6:70:24 (plan 第四章引言) is "
                      "judged that way by default")),
]



def _industry_variable(suffix: str) -> str:
    return f"Value Added|{suffix}"


VARIABLES: list[Variable] = [
    Variable("GDP", "亿元", "地区生产总值（2020年不变价）", "GDP (2020 prices)", "economy"),
    Variable("GDP|Primary", "亿元", "第一产业增加值", "Primary sector value added", "economy"),
    Variable("GDP|Secondary", "亿元", "第二产业增加值", "Secondary sector value added", "economy"),
    Variable("GDP|Tertiary", "亿元", "第三产业增加值", "Tertiary sector value added", "economy"),
    Variable("GDP|Growth", "%", "地区生产总值增长率", "GDP growth", "economy"),
    Variable("Share|Primary", "%", "第一产业比重", "Primary share", "economy"),
    Variable("Share|Secondary", "%", "第二产业比重", "Secondary share", "economy"),
    Variable("Share|Tertiary", "%", "第三产业比重", "Tertiary share", "economy"),
    *[Variable(_industry_variable(suffix), "亿元", f"{zh}增加值", f"{en} value added", "economy")
      for _, suffix, zh, en in INDUSTRIES],
    Variable("Value Added|Industry", "亿元", "工业增加值", "Industrial value added", "economy",
             "secondary sector less construction"),
    Variable("Value Added|Industry|Growth", "%", "工业增加值增长率", "Industrial value added growth",
             "economy"),
    Variable("Value Added|Logistics", "亿元", "物流业增加值", "Logistics value added", "economy",
             "part of services: the logistics share times services value added"),
]


def compute(params: ParameterSet, results: Results) -> Results:
    """Sector and industry value added, GDP, growth and shares.

    Industries whose ``Value Added|<industry>`` is already in ``results``
    (computed by a physical module earlier in the pipeline) keep it; the
    others grow at their ``growth_<industry>`` path.
    """
    out: Results = {}
    secondary = np.zeros((params.n, N_YEARS))
    for key, suffix, _, _ in INDUSTRIES:
        name = _industry_variable(suffix)
        if name in results:
            va = results[name]
        else:
            va = compound_growth(params[f"va_2020_{key}"], params.series(f"growth_{key}"))
        out[name] = va
        secondary = secondary + va
    primary = compound_growth(params["va_2020_primary"], params.series("growth_primary"))
    tertiary = compound_growth(params["va_2020_tertiary"], params.series("growth_tertiary"))
    gdp = primary + secondary + tertiary
    industry = secondary - out[_industry_variable("Construction")]
    out.update({
        "GDP": gdp,
        "GDP|Primary": primary,
        "GDP|Secondary": secondary,
        "GDP|Tertiary": tertiary,
        "GDP|Growth": annual_growth_pct(gdp, params["gdp_growth_2020"]),
        "Share|Primary": 100.0 * primary / gdp,
        "Share|Secondary": 100.0 * secondary / gdp,
        "Share|Tertiary": 100.0 * tertiary / gdp,
        "Value Added|Industry": industry,
        "Value Added|Industry|Growth": annual_growth_pct(industry),
        "Value Added|Logistics": params.series("logistics_share_of_services") * tertiary,
    })
    return out


def _not_modelled(id_: str, zh: str, en: str, section: str, target: float | None, unit: str,
                  why_zh: str, why_en: str) -> Target:
    return Target(id=id_, label_zh=zh, label_en=en, section=section, theme="economy", unit=unit, comparison="not_modelled", target=target,
                  note_zh=why_zh, note_en=why_en)



TARGETS: list[Target] = [
    Target(id="gdp_growth", label_zh="地区生产总值年均增长", label_en="GDP growth per year, 2021-2025",
           section="第二章第五节; 专栏2第1行", theme="economy", unit="%/年", comparison="about", target=6.0,
           tolerance_parameter="tolerance_gdp_growth_pp",
           evaluate=lambda p, r: cagr_pct(r["GDP"], BASE_YEAR, PLAN_YEAR),
           observed_variable="GDP|Growth", observed_rule="compound"),
    Target(id="share_primary_2025", label_zh="2025年第一产业比重", label_en="Primary share in 2025", section="第四章引言",
           theme="economy", unit="%", comparison="about", target=6.0, tolerance_parameter="tolerance_structure_pp",
           evaluate=lambda p, r: structure_share(p, r, "Primary"),
           basis_parameter="structure_price_basis",
           observed_variable="Share|Primary|Nominal"),
    Target(id="share_secondary_2025", label_zh="2025年第二产业比重", label_en="Secondary share in 2025", section="第四章引言",
           theme="economy", unit="%", comparison="about", target=70.0, tolerance_parameter="tolerance_structure_pp",
           evaluate=lambda p, r: structure_share(p, r, "Secondary"),
           basis_parameter="structure_price_basis",
           observed_variable="Share|Secondary|Nominal"),
    Target(id="share_tertiary_2025", label_zh="2025年第三产业比重", label_en="Tertiary share in 2025", section="第四章引言",
           theme="economy", unit="%", comparison="about", target=24.0, tolerance_parameter="tolerance_structure_pp",
           evaluate=lambda p, r: structure_share(p, r, "Tertiary"),
           basis_parameter="structure_price_basis",
           observed_variable="Share|Tertiary|Nominal"),
    Target(id="industry_growth", label_zh="工业增加值年均增长", label_en="Industrial value added growth, 2021-2025",
           section="第四章第一节", theme="economy", unit="%/年", comparison=">=", target=10.0,
           evaluate=lambda p, r: cagr_pct(r["Value Added|Industry"], BASE_YEAR, PLAN_YEAR),
           observed_variable="Value Added|Industry|Growth", observed_rule="compound"),
    Target(id="logistics_va", label_zh="物流业增加值", label_en="Logistics value added", section="第四章第三节一",
           theme="economy", unit="亿元", comparison=">=", target=LOGISTICS_VA_2025,
           evaluate=lambda p, r: at_year(r, "Value Added|Logistics"),
           note_zh="2025年，服务业增加值乘物流业占比（2020年价）",
           note_en="2025, services value added times the logistics share (2020 prices)",
           observed_variable="Value Added|Logistics"),
    _not_modelled("trade_growth", "进出口贸易年均增长", "Import/export trade growth",
                  "第二章第五节", 15.0, "%/年", "模型不含对外贸易", "the model has no trade account"),
]


def structure_share(p: ParameterSet, r: Results, sector: str) -> np.ndarray:
    """A sector's 2025 share on the scenario's price basis: current prices (default) or 2020 prices."""
    return np.where(p.is_choice("structure_price_basis", "current"),
                    at_year(r, f"Share|{sector}|Nominal"), at_year(r, f"Share|{sector}"))


def _target(id_: str) -> float:
    """The plan's number for target ``id_`` (one home: the target list above)."""
    return next(t.target for t in TARGETS if t.id == id_)


def _growth_vs_structure(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Industry >= 10 %/yr against GDP about 6 %/yr and 70 % secondary.

    The secondary growth that the two "about" targets allow together is
    ``((share * GDP[2020] * (1 + g) ** years) / VA_secondary[2020]) ** (1 / years) - 1``.
    """
    years = PLAN_YEAR - BASE_YEAR
    gdp_target, share_target = _target("gdp_growth"), _target("share_secondary_2025")
    industry_target = _target("industry_growth")
    gdp_growth = cagr_pct(r["GDP"], BASE_YEAR, PLAN_YEAR)
    industry_growth = cagr_pct(r["Value Added|Industry"], BASE_YEAR, PLAN_YEAR)
    secondary_share = at_year(r, "Share|Secondary")
    gdp_plan_year = r["GDP"][:, 0] * (1.0 + gdp_target / 100.0) ** years
    needed_secondary_growth = 100.0 * ((share_target / 100.0 * gdp_plan_year / r["GDP|Secondary"][:, 0])
                                       ** (1.0 / years) - 1.0)
    industry_met = industry_growth >= industry_target - 1e-9
    gdp_ok = np.abs(gdp_growth - gdp_target) <= p["tolerance_gdp_growth_pp"] + 1e-9
    share_ok = np.abs(secondary_share - share_target) <= p["tolerance_structure_pp"] + 1e-9
    found = industry_met & ~(gdp_ok & share_ok)
    return found, {"industry_growth": industry_growth, "gdp_growth": gdp_growth,
                   "secondary_share": secondary_share, "needed": needed_secondary_growth}


def _logistics_vs_services(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Logistics 15 亿元 at about 20 % of services against the services the scenario has (#3)."""
    tertiary = at_year(r, "GDP|Tertiary")
    share = 100.0 * LOGISTICS_VA_2025 / tertiary
    implied_services = LOGISTICS_VA_2025 / (LOGISTICS_SHARE_OF_SERVICES_2025 / 100.0)
    found = share > LOGISTICS_SHARE_OF_SERVICES_2025 + p["tolerance_logistics_share_pp"] + 1e-9
    return found, {"tertiary": tertiary, "share": share,
                   "implied_services": np.full(p.n, implied_services),
                   "tertiary_share": at_year(r, "Share|Tertiary")}


DIAGNOSTICS: list[Diagnostic] = [
    Diagnostic(
        id="growth_vs_structure", title_zh="工业增速与总量增速、产业结构相互矛盾",
        title_en="Industrial growth contradicts GDP growth and the 6:70:24 structure",
        section="第二章第五节; 第四章引言; 第四章第一节", theme="economy", check=_growth_vs_structure,
        explain_zh=("工业增加值年均增长{industry_growth:.1f}%（规划要求≥10%），使2021-2025年地区生产总值年均增长"
                    "{gdp_growth:.1f}%、2025年第二产业比重{secondary_share:.1f}%；而要同时实现年均增长6%和"
                    "第二产业比重70%，第二产业只能年均增长约{needed:.1f}%。三个目标按不变价无法同时达成。"),
        explain_en=("Industry grows {industry_growth:.1f} %/yr (the plan asks for at least 10 %), which "
                    "puts GDP growth at {gdp_growth:.1f} %/yr and the 2025 secondary share at "
                    "{secondary_share:.1f} %; GDP at 6 %/yr with a 70 % secondary share allows the "
                    "secondary sector only about {needed:.1f} %/yr. At constant prices the three "
                    "targets cannot all hold."),
        resolved_zh=("本情景未追求工业≥10%（工业年均增长{industry_growth:.1f}%），增速与结构目标之间的矛盾"
                     "未出现：地区生产总值年均增长{gdp_growth:.1f}%，2025年第二产业比重{secondary_share:.1f}%。"),
        resolved_en=("This scenario does not pursue 10 % industrial growth (industry grows "
                     "{industry_growth:.1f} %/yr), so the contradiction does not arise: GDP grows "
                     "{gdp_growth:.1f} %/yr and the 2025 secondary share is {secondary_share:.1f} %."),
    ),
    Diagnostic(
        id="logistics_vs_services", title_zh="物流业目标与服务业规模不符",
        title_en="The logistics target does not fit the size of services",
        section="第四章第三节一; 第四章引言", theme="economy", check=_logistics_vs_services,
        explain_zh=("规划要求2025年物流业增加值15亿元、占服务业20%左右，即服务业约{implied_services:.0f}亿元；"
                    "本情景2025年服务业增加值只有{tertiary:.1f}亿元（占GDP {tertiary_share:.1f}%），"
                    "15亿元物流业将占服务业的{share:.0f}%。"),
        explain_en=("The plan's 15 亿元 of logistics value added at about 20 % of services implies "
                    "services of about {implied_services:.0f} 亿元 in 2025; this scenario has "
                    "{tertiary:.1f} 亿元 ({tertiary_share:.1f} % of GDP), so 15 亿元 of logistics "
                    "would be {share:.0f} % of services."),
        resolved_zh=("本情景2025年服务业增加值{tertiary:.1f}亿元，15亿元物流业约占{share:.0f}%，与规划的20%左右相符。"),
        resolved_en=("Services reach {tertiary:.1f} 亿元 in 2025, so 15 亿元 of logistics is "
                     "{share:.0f} % of services, in line with the plan's 'about 20 %'."),
    ),
]

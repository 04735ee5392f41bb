"""The banner's economy: real value added by sector and industry, 2020-2035.

Method (parameters.md §E1, constant-price sector projection)::

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

from model.core.catalogue import Diagnostic, Results, Target, Variable
from model.core.parameter import Parameter, ParameterSet
from model.core.timeline import BASE_YEAR, N_YEARS, year_index

__all__ = ["INDUSTRIES", "PARAMETERS", "VARIABLES", "TARGETS", "DIAGNOSTICS", "compute",
           "compound_growth", "annual_growth_pct", "cagr_pct", "value_added_from_output",
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
# 2020 capacities in parameters.md §C3 (about 200 kt Zn, 100 kt Cu, 100 kt Pb
# smelting; Zijin's mine; the Jingneng 2 x 1000 MW units) and is marked as such.
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
                 "69.58 %) by 2020 capacities, parameters.md §C3, §E2")
_SRC_INDUSTRY_GROWTH = ("plan 第四章第一节: 工业增加值年均增长10%以上 (2021-2025); after 2025 "
                        "estimate: 5 %/yr (the 2035 vision gives no number)")

PARAMETERS: list[Parameter] = [
    Parameter("va_2020_primary", "2020年第一产业增加值", "Primary value added 2020", "亿元",
              round(_PRIMARY_2020, 6), 0.0, 30.0, "assumption", "economy",
              "plan 专栏1: GDP 67.61 亿元 x primary share 7.64 % (derived)"),
    Parameter("va_2020_tertiary", "2020年第三产业增加值", "Tertiary value added 2020", "亿元",
              round(_TERTIARY_2020, 6), 0.0, 60.0, "assumption", "economy",
              "plan 专栏1: GDP 67.61 亿元 x tertiary share 22.78 % (derived)"),
    *[Parameter(f"va_2020_{key}", f"2020年{zh}增加值", f"{en} value added 2020", "亿元",
                round(_INDUSTRY_VA_2020[key], 6), 0.0, 50.0, "assumption", "economy",
                _SRC_VA_SPLIT if key != "other_industry" else
                "derived: plan 专栏1 secondary value added 47.04 亿元 less the other named industries",
                estimate=True)
      for key, _, zh, en in INDUSTRIES],
    Parameter("gdp_growth_2020", "2020年地区生产总值增长率", "GDP growth in 2020", "%",
              -4.4, -30.0, 30.0, "assumption", "economy",
              "plan 专栏2 row 1: 2020 GDP growth -4.4 % (history; reported, not modelled)"),
    Parameter("growth_primary", "第一产业增加值年增长率", "Primary sector real growth", "1/年",
              {2021: 0.010, 2035: 0.010}, -0.2, 0.3, "lever", "economy",
              "derived: rate that takes primary to 6 % of a GDP growing 6 %/yr by 2025 (plan 第四章 "
              "intro 6:70:24; 第二章第五节 6 %/yr; parameters.md §E1: +1.0 %/yr)",
              timeseries=True, step=0.001),
    Parameter("growth_tertiary", "第三产业增加值年增长率", "Tertiary sector real growth", "1/年",
              {2021: 0.071, 2025: 0.071, 2026: 0.05, 2035: 0.05}, -0.2, 0.3, "lever", "economy",
              "derived: rate that takes services to 24 % of a GDP growing 6 %/yr by 2025 (plan 第四章 "
              "intro; parameters.md §E1: +7.1 %/yr); after 2025 estimate 5 %/yr",
              timeseries=True, step=0.001),
    *[Parameter(f"growth_{key}", f"{zh}增加值年增长率", f"{en} real growth", "1/年",
                dict(_INDUSTRIAL_GROWTH_PATH) if key != "construction"
                else {2021: 0.06, 2025: 0.06, 2026: 0.05, 2035: 0.05},
                -0.3, 0.5, "lever", "economy",
                _SRC_INDUSTRY_GROWTH if key != "construction" else
                "estimate: construction tracks the plan's 6 %/yr GDP growth (第二章第五节); 5 %/yr after 2025",
                estimate=key == "construction", timeseries=True, step=0.001)
      for key, _, zh, en in INDUSTRIES if key not in OUTPUT_DRIVEN_INDUSTRIES],
    Parameter("tolerance_gdp_growth_pp", "“6%左右”的容差", "Tolerance of 'about 6 %'", "百分点",
              0.5, 0.0, 3.0, "assumption", "scorecard",
              "workbook convention: 'about' (左右) read as +/- 0.5 percentage points; the plan gives no band",
              estimate=True, step=0.1),
    Parameter("tolerance_structure_pp", "产业结构“左右”的容差", "Tolerance of the 6:70:24 structure",
              "百分点", 1.0, 0.0, 5.0, "assumption", "scorecard",
              "workbook convention: each share within +/- 1 percentage point of 6:70:24 (第四章 intro "
              "says 'about')", estimate=True, step=0.1),
    Parameter("tolerance_logistics_share_pp", "物流业占服务业比重“左右”的容差",
              "Tolerance of logistics' 'about 20 %' of services", "百分点", 5.0, 0.0, 20.0,
              "assumption", "scorecard",
              "workbook convention: 'about 20 %' (第四章第三节一) read as +/- 5 percentage points",
              estimate=True, step=0.5),
]

#: Logistics value added the plan aims at for 2025, 亿元, and its share of services, %
#: (第四章第三节一: "物流业增加值力争达到15亿元，占服务业增加值比重达到20%左右").
LOGISTICS_VA_2025: float = 15.0
LOGISTICS_SHARE_OF_SERVICES_2025: float = 20.0


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
]


def compound_growth(base: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Level path from a base-year level and annual growth rates.

    Parameters
    ----------
    base
        Base-year (2020) level, shape ``(n,)``.
    growth
        Growth rate of each year over the previous one, shape ``(n, N_YEARS)``;
        the 2020 column is ignored (2020 is the base).

    Returns
    -------
    numpy.ndarray
        ``(n, N_YEARS)``: ``base * prod_{s<=t, s>2020} (1 + growth[s])``.
    """
    factors = 1.0 + np.asarray(growth, dtype=float)
    factors = np.concatenate([np.ones_like(factors[:, :1]), factors[:, 1:]], axis=1)
    return np.asarray(base, dtype=float)[:, None] * np.cumprod(factors, axis=1)


def annual_growth_pct(level: np.ndarray, first_year_growth_pct: np.ndarray | float = np.nan
                      ) -> np.ndarray:
    """Year-on-year growth in % of an ``(n, N_YEARS)`` level path.

    The first year has no previous year in the model; it takes
    ``first_year_growth_pct`` (the recorded 2020 growth for GDP).
    """
    out = np.empty_like(level, dtype=float)
    out[:, 0] = first_year_growth_pct
    with np.errstate(divide="ignore", invalid="ignore"):
        out[:, 1:] = 100.0 * (level[:, 1:] / level[:, :-1] - 1.0)
    return out


def cagr_pct(level: np.ndarray, start_year: int, end_year: int) -> np.ndarray:
    """Compound annual growth rate in % between two years, shape ``(n,)``."""
    a, b = level[:, year_index(start_year)], level[:, year_index(end_year)]
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100.0 * ((b / a) ** (1.0 / (end_year - start_year)) - 1.0)


def value_added_from_output(va_base: np.ndarray, output: np.ndarray,
                            va_per_unit: np.ndarray) -> np.ndarray:
    """Value added of an industry driven by its physical output.

    ``VA[t] = max(0, VA[2020] + sum_p va_per_unit[p] * (output[p, t] - output[p, 2020]))``:
    the 2020 level is the recorded base, and every unit of output above (or
    below) 2020's adds (or removes) value added at the product's value added
    per unit.  Value added thus moves one-for-one with output volume.

    Parameters
    ----------
    va_base
        2020 value added, 亿元, shape ``(n,)``.
    output
        Output by product, shape ``(n, n_products, N_YEARS)``, in units
        matching ``va_per_unit``.
    va_per_unit
        Value added per unit of output in 亿元 per unit, shape
        ``(n, n_products)`` or ``(n, n_products, N_YEARS)``.

    Returns
    -------
    numpy.ndarray
        ``(n, N_YEARS)`` value added in 亿元 at 2020 prices.
    """
    out = np.asarray(output, dtype=float)
    vapu = np.asarray(va_per_unit, dtype=float)
    if vapu.ndim == 2:
        vapu = vapu[:, :, None]
    delta = (vapu * (out - out[:, :, :1])).sum(axis=1)
    return np.maximum(0.0, np.asarray(va_base, dtype=float)[:, None] + delta)


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
    })
    return out


def _at(results: Results, name: str, year: int) -> np.ndarray:
    return results[name][:, year_index(year)]


def _not_modelled(id_: str, zh: str, en: str, section: str, target: float | None, unit: str,
                  why_zh: str, why_en: str) -> Target:
    return Target(id_, zh, en, section, "economy", unit, "not_modelled", target,
                  note_zh=why_zh, note_en=why_en)


_NO_POP_ZH, _NO_POP_EN = "模型不含人口、就业与收入", "the model has no population, jobs or income"

TARGETS: list[Target] = [
    Target("gdp_growth", "地区生产总值年均增长", "GDP growth per year, 2021-2025",
           "第二章第五节; 专栏2 row 1", "economy", "%/年", "about", 6.0,
           tolerance_parameter="tolerance_gdp_growth_pp",
           evaluate=lambda p, r: cagr_pct(r["GDP"], BASE_YEAR, 2025)),
    Target("share_primary_2025", "2025年第一产业比重", "Primary share in 2025", "第四章 intro",
           "economy", "%", "about", 6.0, tolerance_parameter="tolerance_structure_pp",
           evaluate=lambda p, r: _at(r, "Share|Primary", 2025)),
    Target("share_secondary_2025", "2025年第二产业比重", "Secondary share in 2025", "第四章 intro",
           "economy", "%", "about", 70.0, tolerance_parameter="tolerance_structure_pp",
           evaluate=lambda p, r: _at(r, "Share|Secondary", 2025)),
    Target("share_tertiary_2025", "2025年第三产业比重", "Tertiary share in 2025", "第四章 intro",
           "economy", "%", "about", 24.0, tolerance_parameter="tolerance_structure_pp",
           evaluate=lambda p, r: _at(r, "Share|Tertiary", 2025)),
    Target("industry_growth", "工业增加值年均增长", "Industrial value added growth, 2021-2025",
           "第四章第一节", "economy", "%/年", ">=", 10.0,
           evaluate=lambda p, r: cagr_pct(r["Value Added|Industry"], BASE_YEAR, 2025)),
    _not_modelled("strategic_emerging_share", "战略性新兴产业占工业增加值比重",
                  "Strategic emerging industries' share of industry", "第四章第一节三", 10.0, "%",
                  "模型未区分战略性新兴产业", "the model does not separate strategic emerging industries"),
    _not_modelled("logistics_va", "物流业增加值", "Logistics value added", "第四章第三节一", 15.0,
                  "亿元", "模型未单列物流业（见诊断：物流与服务业规模矛盾）",
                  "logistics is not separated from services (see the logistics diagnostic)"),
    _not_modelled("labour_productivity", "全员劳动生产率增长", "Labour productivity growth",
                  "专栏2 row 2", 5.0, "%/年", _NO_POP_ZH, _NO_POP_EN),
    _not_modelled("income_growth", "居民人均可支配收入增长", "Disposable income growth",
                  "第二章第五节; 专栏2 row 7", 7.0, "%/年", _NO_POP_ZH, _NO_POP_EN),
    _not_modelled("urbanisation", "常住人口城镇化率", "Urbanisation rate", "专栏2; 第五章第一节二",
                  67.0, "%", _NO_POP_ZH + "（规划内部67%与70%矛盾）",
                  _NO_POP_EN + " (the plan says 67 % and 70 %)"),
    _not_modelled("trade_growth", "进出口贸易年均增长", "Import/export trade growth",
                  "第二章第五节", 15.0, "%/年", "模型不含对外贸易", "the model has no trade account"),
    _not_modelled("unemployment", "城镇调查失业率", "Urban surveyed unemployment", "专栏2 row 8",
                  6.0, "%", _NO_POP_ZH, _NO_POP_EN),
]


def _growth_vs_structure(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Industry >= 10 %/yr against GDP about 6 %/yr and 70 % secondary (plan-targets.md #1)."""
    gdp_growth = cagr_pct(r["GDP"], BASE_YEAR, 2025)
    industry_growth = cagr_pct(r["Value Added|Industry"], BASE_YEAR, 2025)
    secondary_share = _at(r, "Share|Secondary", 2025)
    gdp_2025_at_6 = r["GDP"][:, 0] * 1.06 ** 5
    needed_secondary_growth = 100.0 * ((0.70 * gdp_2025_at_6 / r["GDP|Secondary"][:, 0]) ** 0.2 - 1.0)
    industry_met = industry_growth >= 10.0 - 1e-9
    gdp_ok = np.abs(gdp_growth - 6.0) <= p["tolerance_gdp_growth_pp"] + 1e-9
    share_ok = np.abs(secondary_share - 70.0) <= p["tolerance_structure_pp"] + 1e-9
    found = industry_met & ~(gdp_ok & share_ok)
    return found, {"industry_growth": industry_growth, "gdp_growth": gdp_growth,
                   "secondary_share": secondary_share, "needed": needed_secondary_growth}


def _logistics_vs_services(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Logistics 15 亿元 at about 20 % of services against the services the scenario has (#3)."""
    tertiary = _at(r, "GDP|Tertiary", 2025)
    share = 100.0 * LOGISTICS_VA_2025 / tertiary
    implied_services = LOGISTICS_VA_2025 / (LOGISTICS_SHARE_OF_SERVICES_2025 / 100.0)
    found = share > LOGISTICS_SHARE_OF_SERVICES_2025 + p["tolerance_logistics_share_pp"] + 1e-9
    return found, {"tertiary": tertiary, "share": share,
                   "implied_services": np.full(p.n, implied_services),
                   "tertiary_share": _at(r, "Share|Tertiary", 2025)}


DIAGNOSTICS: list[Diagnostic] = [
    Diagnostic(
        "growth_vs_structure", "工业增速与总量增速、产业结构相互矛盾",
        "Industrial growth contradicts GDP growth and the 6:70:24 structure",
        "第二章第五节; 第四章 intro; 第四章第一节", "economy", _growth_vs_structure,
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
        "logistics_vs_services", "物流业目标与服务业规模不符",
        "The logistics target does not fit the size of services",
        "第四章第三节一; 第四章 intro", "economy", _logistics_vs_services,
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

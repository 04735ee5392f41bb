"""The next plan's carbon rules: carbon dual control for 2026-2030, targets for 2030.

From the 15th Five-Year Plan (2026-2030) China controls carbon instead of energy:
"“十五五”时期，实施以强度控制为主、总量控制为辅的碳排放双控制度" (the State Council's work
plan 国办发〔2024〕39号, as explained by the NDRC), and the national outline adopted on
2026-03-12 sets "单位国内生产总值二氧化碳排放累计降低17%" for 2026-2030 (the 2026 government
work report).  Sources: docs/sources.md ([ndrc-qa-39], [gwr-2026-jiemian], [scio-briefing-2026],
[npc-adoption-2026]).  That the energy-intensity indicator is dropped and that non-fossil
energy should reach 25 % of use by 2030 are reported by a secondary source ([semafor-2026]);
the 25 % figure is the standing national 2030 goal of the 2021 carbon-peak documents
([opinions-2021]: "到2030年，非化石能源消费比重达到25%左右").

Method::

    CO2 cut since 2025 [t]  = 100 * (1 - I_CO2[t] / I_CO2[2025])            (%, t >= 2025)
    CO2 cap [t]             = CO2[2025] * (1 + cap growth[t])                (万吨, t >= 2025)
    CO2 headroom [t]        = CO2 cap[t] - CO2[t]
    non-fossil share [t]    = 100 * non-fossil energy used / total energy     (%)

with ``I_CO2`` the CO2 intensity at 2020 prices (:mod:`~model.core.domains.energy`).  The
banner's own 2030 numbers are not published (the Inner Mongolia 2026 plan only asks to
"完成国家下达的降碳减排任务"), so the cap and the targets are levers whose defaults carry
the national figures: the cap grows by what a 17 % intensity cut allows with GDP at about
5 %/yr, ``1.05^5 x 0.83 - 1 = 0.0593`` (Inner Mongolia's 2026 GDP target of about 5 %,
[im-2026-plan]), an estimate for the banner.  Before 2025 the carbon rows are not defined (NaN).

Under the 2026 accounting regime (``accounting_regime = 2026``) energy is counted as under
the 2024 rules and the total-energy cap no longer applies after 2025 (its rows are NaN then):
the limits that bind are the carbon ones here.
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Results, Target, Variable, at_year
from model.core.parameter import Parameter, ParameterSet
from model.core.timeline import N_YEARS, PLAN_YEAR, year_index

__all__ = ["NEXT_PLAN_YEAR", "PARAMETERS", "VARIABLES", "TARGETS", "compute"]

#: The last year of the 15th Five-Year Plan, the year of the carbon targets.
NEXT_PLAN_YEAR: int = 2030

_SECTION = "国家“十五五”规划纲要（2026年3月12日通过） [npc-adoption-2026]; 国办发〔2024〕39号 [ndrc-qa-39]"

PARAMETERS: list[Parameter] = [
    Parameter(name="co2_intensity_cut_2030_target_pct", label_zh="2026-2030年碳排放强度下降目标",
              label_en="CO2 intensity cut target, 2026-2030", unit="%", default=17.0, lower=0.0, upper=60.0,
              kind="lever", theme="energy",
              source=("national 15th Five-Year Plan outline: 单位国内生产总值二氧化碳排放累计降低17% "
                      "(2026 government work report, [gwr-2026-jiemian], [gwr-2026-xinhua]); the banner's own "
                      "share is not published"), step=0.5),
    Parameter(name="co2_cap_growth_vs_2025", label_zh="碳排放总量上限（较2025年增幅）",
              label_en="CO2 cap (growth over 2025)", unit="比例",
              default={2025: 0.0, 2030: 0.0593, 2035: 0.0593}, lower=-0.9, upper=20.0, kind="lever",
              theme="energy",
              source=("estimate: the growth a 17 % intensity cut allows with GDP at about 5 %/yr, "
                      "1.05^5 x 0.83 - 1 = 0.0593 (5 %: Inner Mongolia's 2026 target, [im-2026-plan]); "
                      "carbon total control is supplementary in the 15th plan ([ndrc-qa-39])"),
              estimate=True, timeseries=True, step=0.01),
    Parameter(name="non_fossil_share_target_2030_pct", label_zh="2030年非化石能源消费比重目标",
              label_en="Non-fossil share of energy use, 2030 target", unit="%", default=25.0, lower=0.0,
              upper=100.0, kind="lever", theme="energy",
              source=("national goal: 到2030年，非化石能源消费比重达到25%左右 ([opinions-2021]), restated for "
                      "the 15th plan ([semafor-2026], secondary)"), step=0.5),
]

VARIABLES: list[Variable] = [
    Variable("Emissions|CO2|Cap", "万吨", "碳排放总量上限", "CO2 cap", "energy", "from 2025"),
    Variable("Emissions|CO2|Headroom", "万吨", "碳排放总量余量", "Headroom under the CO2 cap", "energy",
             "from 2025"),
    Variable("Emissions|CO2 Intensity Reduction|Since 2025", "%", "碳排放强度较2025年下降",
             "CO2 intensity cut since 2025", "energy", "from 2025"),
    Variable("Energy|Non-fossil Share", "%", "非化石能源消费比重", "Non-fossil share of energy use", "energy"),
]


def compute(params: ParameterSet, results: Results) -> Results:
    """Carbon cap, headroom and intensity cut against 2025; the non-fossil share."""
    i = year_index(PLAN_YEAR)
    later = np.arange(N_YEARS) >= i
    co2 = results["Emissions|CO2"]
    intensity = results["Emissions|CO2 Intensity"]
    cap = np.where(later, co2[:, i:i + 1] * (1.0 + params.series("co2_cap_growth_vs_2025")), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = np.where(later, 100.0 * (1.0 - intensity / intensity[:, i:i + 1]), np.nan)
        share = 100.0 * results["Energy|Non-fossil"] / results["Energy|Total"]
    return {
        "Emissions|CO2|Cap": cap,
        "Emissions|CO2|Headroom": cap - co2,
        "Emissions|CO2 Intensity Reduction|Since 2025": cut,
        "Energy|Non-fossil Share": share,
    }


TARGETS: list[Target] = [
    Target(id="co2_intensity_cut_2030", label_zh="2026-2030年单位GDP二氧化碳排放下降",
           label_en="CO2 intensity cut, 2025-2030", section=_SECTION, theme="energy", unit="%",
           comparison=">=", target_parameter="co2_intensity_cut_2030_target_pct", year=NEXT_PLAN_YEAR,
           evaluate=lambda p, r: at_year(r, "Emissions|CO2 Intensity Reduction|Since 2025", NEXT_PLAN_YEAR),
           note_zh="下一个五年规划的目标（默认全国-17%）", note_en="the next plan's target (default the national -17 %)"),
    Target(id="co2_within_cap_2030", label_zh="2030年碳排放占总量上限比例",
           label_en="CO2 as a share of the cap, 2030", section=_SECTION, theme="energy", unit="%",
           comparison="<=", target=100.0, year=NEXT_PLAN_YEAR,
           evaluate=lambda p, r: 100.0 * at_year(r, "Emissions|CO2", NEXT_PLAN_YEAR)
           / at_year(r, "Emissions|CO2|Cap", NEXT_PLAN_YEAR),
           note_zh="上限由参数设定（默认：-17%强度与约5%增速所允许的增量）",
           note_en="cap from a lever (default: what -17 % intensity at about 5 %/yr growth allows)"),
    Target(id="non_fossil_share_2030", label_zh="2030年非化石能源消费比重", label_en="Non-fossil share of energy use, 2030",
           section="国发〔2021〕23号 [opinions-2021]; 国家“十五五”规划纲要 [semafor-2026]", theme="energy", unit="%", comparison=">=",
           target_parameter="non_fossil_share_target_2030_pct", year=NEXT_PLAN_YEAR,
           evaluate=lambda p, r: at_year(r, "Energy|Non-fossil Share", NEXT_PLAN_YEAR)),
]

"""The reports' words: every fixed phrase in Chinese and English, and how a margin is said.

Chinese first, English one switch away (``lang="en"``); an English report is
English throughout, Chinese only in units such as 亿元.

* :data:`UI` - the fixed phrases, ``key -> (Chinese, English)``; :func:`phrase` picks one;
* :func:`margin_phrase` - how far a scorecard row is from its target, in words.

Targets themselves are written by :func:`model.text.format_target` (``≈6.00 ±0.50``),
as on the command line and in the explorer.
"""
from __future__ import annotations

from typing import Any

from model.core.scorecard import MET
from model.text import format_number, pick

__all__ = ["UI", "phrase", "margin_phrase"]

#: Every fixed phrase of the reports, (Chinese, English).
UI: dict[str, tuple[str, str]] = {
    "kicker": ("乌拉特后旗“十四五”规划情景报告",
               "Urad Rear Banner 14th Five-Year Plan: scenario report"),
    "kicker_compare": ("乌拉特后旗“十四五”规划情景比较报告",
                       "Urad Rear Banner 14th Five-Year Plan: scenario comparison"),
    "header": ("乌拉特后旗“十四五”规划情景工作簿", "Urad Rear Banner scenario workbook"),
    "toc": ("目录", "Contents"),
    "figure": ("图", "Figure"),
    "summary": ("执行摘要", "Executive summary"),
    "scorecard": ("规划目标记分卡", "Plan scorecard"),
    "charts": ("分主题图表", "Charts by theme"),
    "diagnostics": ("规划内部矛盾诊断", "Plan diagnostics"),
    "uncertainty": ("不确定性", "Uncertainty"),
    "appendix_diff": ("附录A  与基准情景不同的参数", "Appendix A  Parameters that differ from the baseline"),
    "appendix_all": ("附录B  全部参数、单位与来源", "Appendix B  All parameters, units and sources"),
    "scenario": ("情景", "Scenario"),
    "file": ("情景文件", "Scenario file"),
    "lineage": ("继承关系", "Inherits"),
    "reference": ("参照情景", "Reference scenario"),
    "none": ("无", "none"),
    "date": ("生成日期", "Generated"),
    "version": ("模型版本", "Model version"),
    "hash": ("情景哈希（SHA-256）", "Scenario hash (SHA-256)"),
    "col_target": ("目标", "Target"),
    "col_section": ("规划出处", "Plan section"),
    "col_year": ("年份", "Year"),
    "col_goal": ("目标值", "Target value"),
    "col_value": ("情景值", "Value"),
    "col_unit": ("单位", "Unit"),
    "col_status": ("状态", "Status"),
    "col_margin": ("差距", "Margin"),
    "col_param": ("参数", "Parameter"),
    "col_kind": ("类别", "Kind"),
    "col_baseline": ("基准取值", "Baseline value"),
    "col_scenario_value": ("本情景取值", "Value here"),
    "col_set_by": ("设定于", "Set in"),
    "col_source": ("来源", "Source"),
    "col_met": ("达成", "Met"),
    "col_missed": ("未达成", "Missed"),
    "col_found": ("矛盾出现", "Contradictions"),
    "col_diag": ("诊断", "Diagnostic"),
    "lever": ("政策杠杆", "lever"),
    "assumption": ("假设", "assumption"),
    "estimate": ("［估计］", "[estimate] "),
    "found": ("存在", "found"),
    "not_found": ("未出现", "not found"),
    "no_diff": ("本情景的全部参数与基准情景相同。", "Every parameter equals the baseline's."),
    "diff_mark": ("†：与参数默认值不同。", "†: differs from the registry default."),
    "comparison": ("情景比较", "Scenario comparison"),
    "compare_scenarios": ("参与比较的情景", "Scenarios compared"),
    "compare_params": ("附录  各情景取值不同的参数", "Appendix  Parameters on which the scenarios differ"),
    "no_theme_vars": ("以下主题的变量尚未建模，故无图表：",
                      "No chart yet for these themes (their variables are not modelled): "),
    "quantile_note": ("分位数来自{draws}次抽样（种子{seed}），参数分布取自登记表与情景文件。",
                      "Quantiles of {draws} draws (seed {seed}); "
                      "distributions from the registry and the scenario file."),
    "probability": ("达标概率", "Probability of meeting the target"),
    "targets_missed": ("未达成的目标", "Targets missed"),
    "targets_met": ("达成的目标", "Targets met"),
    "contradiction": ("规划矛盾：", "Contradiction: "),
    "not_modelled_note": ("未建模目标说明：", "Targets not modelled: "),
    "no_reference": ("无参照情景", "no reference scenario"),
    "no_diagnostics": ("本模型尚未定义诊断。", "No diagnostics are defined."),
    "fan_caption": ("关键变量的不确定性区间", "Uncertainty of the key variables"),
    "col_variable": ("变量", "Variable"),
    "col_gdp": ("地区生产总值（亿元）", "GDP (亿元)"),
    "same_parameters": ("各情景参数完全相同。", "The scenarios share every parameter."),
}


def phrase(key: str, lang: str) -> str:
    """The fixed phrase ``key`` in ``lang``."""
    return pick(lang, *UI[key])


# --------------------------------------------------------------------------- margins

def _is_pct(unit: str) -> bool:
    return unit.startswith("%")


def margin_phrase(row: dict[str, Any], lang: str) -> str:
    """How far a scorecard row is from its target, in plain words.

    For ``about`` targets the distance is measured from the edge of the
    tolerance band (``|value - target| - tolerance``), for ``>=`` and ``<=``
    from the target itself.  Percentages are in percentage points.
    """
    value, target, tol = row["value"], row["target_value"], row["tolerance"] or 0.0
    if value is None or target is None:
        return ""
    pp = _is_pct(row["unit"])
    unit = pick(lang, "个百分点" if pp else row["unit"], " pp" if pp else f" {row['unit']}")
    diff = value - target
    if row["comparison"] == "about":
        outside = abs(diff) - tol
        if outside <= 0:
            band = format_number(tol, 1)
            return pick(lang, f"在±{band}容差之内", f"within the ±{band} band")
        amount = f"{format_number(outside)}{unit}"
        return pick(lang, f"{'高于' if diff > 0 else '低于'}容差带{amount}",
                    f"{amount} {'above' if diff > 0 else 'below'} the band")
    amount = f"{format_number(abs(diff))}{unit}"
    if row["status"] == MET:
        if row["comparison"] == "<=":
            return pick(lang, f"低于上限{amount}", f"{amount} under the limit")
        return pick(lang, f"超出目标{amount}", f"{amount} to spare")
    if row["comparison"] == ">=":
        return pick(lang, f"差{amount}", f"{amount} short")
    return pick(lang, f"超出上限{amount}", f"{amount} over the limit")

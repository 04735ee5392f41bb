"""The reports' words: every fixed phrase in Chinese and English, and how a margin is said.

Chinese first, English one switch away (``lang="en"``); an English report is
English throughout, Chinese only in units such as 亿元.

* :data:`UI` - the fixed phrases, ``key -> (Chinese, English)``; :func:`phrase` picks one;
* :func:`margin_phrase` - how far a scorecard row is from its target, in words;
* :func:`running_text` - the model's own prose (diagnostics) in the reader's language.

Targets themselves are written by :func:`model.text.format_target` (``≈6.00 ±0.50``),
as on the command line and in the explorer.
"""
from __future__ import annotations

from typing import Any

from model.core.scorecard import MET
from model.text import english_text, english_units, format_number, pick

__all__ = ["UI", "phrase", "margin_phrase", "running_text"]

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
    # the plan's final evaluation and the section 模型与实际
    "col_observed": ("观测值", "Observed"),
    "col_observed_status": ("按观测判定", "Judged on observed"),
    "no_observed_targets": ("本情景引用的观测数据中，尚无任何目标在其目标年份的数值；各目标的终期评估有待统计公报发布。",
                            "None of the targets' quantities has been observed for its year in the scenario's "
                            "observations yet; the final evaluation of each target awaits the statistics."),
    "observed_targets_note": ("观测值：已公布的统计数据（来源见“模型与实际”一节），按与情景值相同的规则判定。",
                              "Observed: published statistics (sources in the section Model and observed), judged "
                              "by the same rule as the scenario's value."),
    "model_observed": ("模型与实际", "Model and observed"),
    "col_this_scenario": ("本情景", "This scenario"),
    "col_plan_as_written": ("规划原文", "Plan as written"),
    "col_fitted": ("校准情景", "Fitted"),
    "col_bound": ("边界", "Bound"),
    "at_bound": ("触及边界", "at a bound"),
    "fitted_scenario": ("校准情景", "The fitted scenario"),
    "observed_table_note": ("各模型值下为误差：比率类（%）为与观测值之差（百分点），其余为相对误差（%）。"
                            "†：校准所用的观测。2020年以前的观测只列出，模型不计算。",
                            "Under each model value its error: for rates in % the difference from the observed "
                            "value in points, otherwise in per cent of it. †: used by the fit. Observations "
                            "before 2020 are listed; the model does not run those years."),
    "stale_fit": ("注意：校准记录与当前模型结果不一致（模型或观测已更新），请重新运行 calibrate：",
                  "Note: the fit record no longer matches the model (the model or the observations changed "
                  "since); re-run calibrate: "),
    "observed_sources": ("数据来源", "Sources"),
    # weighted probabilities
    "probability_prior": ("达标概率（未加权）", "Probability (unweighted)"),
    "probability_weighted": ("按观测加权", "Given the observations"),
    "weighting_note": ("加权：每次抽样按其与{n}条本旗观测的似然加权（独立正态误差，相对标准差{rel_sd:g}%，"
                       "比率类至少1个百分点），有效样本量{ess:.0f}（共{draws}次抽样）。",
                       "Weighted: each draw by its likelihood given {n} observations of the banner (independent "
                       "normal errors, relative standard deviation {rel_sd:g} %, at least one point for rates); "
                       "effective sample size {ess:.0f} of {draws} draws."),
    "low_ess": ("有效样本量低于{min_ess:.0f}：加权概率只依赖少数几次抽样，应扩大抽样或放宽误差模型后再下结论。",
                "The effective sample size is below {min_ess:.0f}: the weighted probabilities rest on a handful "
                "of draws; draw more, or widen the error model, before reading them."),
}


def phrase(key: str, lang: str) -> str:
    """The fixed phrase ``key`` in ``lang``."""
    return pick(lang, *UI[key])


def running_text(text: str, lang: str) -> str:
    """Model-made prose (diagnostic explanations) for a reader of ``lang``: as written in
    Chinese; in English with amounts in English units and documents named in English
    (:func:`model.text.english_text`: ``4.80 万 residents`` is 48,000 residents)."""
    return text if lang == "zh" else english_text(text)


# --------------------------------------------------------------------------- margins

def _is_pct(unit: str) -> bool:
    return unit.startswith("%")


def margin_phrase(row: dict[str, Any], lang: str) -> str:
    """How far a scorecard row is from its target, in plain words.

    For ``about`` targets the distance is measured from the edge of the
    tolerance band (``|value - target| - tolerance``), for ``>=`` and ``<=``
    from the target itself.  Percentages are in percentage points; in English, amounts
    in Chinese units are written in English ones (``0.57 亿元`` is 57 million yuan).
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
        amount = amount if lang == "zh" else english_units(amount)
        return pick(lang, f"{'高于' if diff > 0 else '低于'}容差带{amount}",
                    f"{amount} {'above' if diff > 0 else 'below'} the band")
    amount = f"{format_number(abs(diff))}{unit}"
    if lang != "zh":
        amount = english_units(amount)
    if row["status"] == MET:
        if row["comparison"] == "<=":
            return pick(lang, f"低于上限{amount}", f"{amount} under the limit")
        return pick(lang, f"超出目标{amount}", f"{amount} to spare")
    if row["comparison"] == ">=":
        return pick(lang, f"差{amount}", f"{amount} short")
    return pick(lang, f"超出上限{amount}", f"{amount} over the limit")

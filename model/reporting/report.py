"""Scenario reports: content assembled from the package, laid out as an A4 PDF.

A report is plain data (a ``dict`` of title-page facts and a list of blocks:
headings, paragraphs, call-outs, tables and SVG charts) built only from what
the package already knows:

* the title page from the scenario (:meth:`Scenario.manifest`,
  :meth:`Scenario.resolved_hash`) and the model version;
* the executive summary from :meth:`Scorecard.rows` (what is met, what is
  missed and by how much) and :meth:`DiagnosticReport.rows` (which of the
  plan's contradictions bite), in plain Chinese or English;
* the scorecard table from :meth:`Scorecard.rows`;
* the theme charts from :mod:`model.reporting.charts` (:data:`THEME_CHARTS`,
  :func:`theme_svgs`: the same figures as the explorer, as SVG);
* the optional uncertainty section from :func:`model.analysis.ensemble.quick_bands`
  when the scenario file asks for it (``report: {uncertainty_draws: N}``);
* the appendix from the registry (:func:`model.reporting.listing.parameter_records`):
  every parameter that differs from the baseline, then all parameters with
  units and sources.

:func:`build_report` and :func:`build_comparison` write the PDF
(:mod:`model.reporting.pdf`) atomically; :func:`render` is what the papermill template
``notebooks/report.ipynb`` calls.
"""
from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from model import __version__
from model.runs.atomic import atomic_write_bytes
import matplotlib

from model.reporting.charts import (THEME_CHARTS, ChartData, ThemeFigure, available_panels, chart_data, figure_bytes,
                     render_comparison_svgs)
from model.core.parameter import THEMES
from model.core.scorecard import MET, MISSED, NOT_MODELLED, STATUS_LABELS
from model.core.simulate import VARIABLES
from model.core.timeline import PLAN_YEAR, YEARS, year_index
from model.text import format_number
from model.errors import UserInputError
from model.reporting.listing import format_value, parameter_records
from model.provenance import GENERATOR, git_commit
from model.runs.runner import RunOutput, run_scenarios
from model.scenarios import SCENARIO_DIR, Scenario, load_scenarios

__all__ = ["UI", "ReportResult", "scenario_report_content", "comparison_report_content",
           "executive_summary", "build_report", "build_comparison", "render", "baseline_path",
           "report_is_ours", "margin_phrase", "theme_svgs"]

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
    "no_theme_vars": ("以下主题的变量尚未建模，故无图表：", "No chart yet for these themes (their variables are not modelled): "),
    "quantile_note": ("分位数来自{draws}次抽样（种子{seed}），参数分布取自登记表与情景文件。",
                      "Quantiles of {draws} draws (seed {seed}); distributions from the registry and the scenario file."),
    "probability": ("达标概率", "Probability of meeting the target"),
}


def _t(key: str, lang: str) -> str:
    zh, en = UI[key]
    return zh if lang == "zh" else en


# --------------------------------------------------------------------------- small helpers

def baseline_path() -> Path | None:
    """The shipped baseline scenario (the reference for appendices and default charts)."""
    path = SCENARIO_DIR / "baseline.yaml"
    return path if path.is_file() else None


def _num(value: Any, digits: int = 2) -> str:
    return format_number(value, digits)


def _is_pct(unit: str) -> bool:
    return unit.startswith("%")


def margin_phrase(row: dict[str, Any], lang: str) -> str:
    """How far a scorecard row is from its target, in plain words.

    For ``about`` targets the distance is measured from the edge of the
    tolerance band (``|value - target| - tolerance``), for ``>=`` and ``<=``
    from the target itself.  Percentages are in percentage points.
    """
    zh = lang == "zh"
    value, target, tol = row["value"], row["target_value"], row["tolerance"] or 0.0
    if value is None or target is None:
        return ""
    unit = row["unit"]
    pp = _is_pct(unit)
    u_zh = "个百分点" if pp else unit
    u_en = " pp" if pp else f" {unit}"
    diff = value - target
    if row["comparison"] == "about":
        outside = abs(diff) - tol
        if outside <= 0:
            return (f"在±{_num(tol, 1)}容差之内" if zh else f"within the ±{_num(tol, 1)} band")
        if zh:
            return f"{'高于' if diff > 0 else '低于'}容差带{_num(outside)}{u_zh}"
        return f"{_num(outside)}{u_en} {'above' if diff > 0 else 'below'} the band"
    gap = abs(diff)
    if row["status"] == MET:
        if row["comparison"] == "<=":
            return (f"低于上限{_num(gap)}{u_zh}" if zh else f"{_num(gap)}{u_en} under the limit")
        return (f"超出目标{_num(gap)}{u_zh}" if zh else f"{_num(gap)}{u_en} to spare")
    if row["comparison"] == ">=":
        return (f"差{_num(gap)}{u_zh}" if zh else f"{_num(gap)}{u_en} short")
    return (f"超出上限{_num(gap)}{u_zh}" if zh else f"{_num(gap)}{u_en} over the limit")


def _goal_text(row: dict[str, Any], lang: str) -> str:
    if row["target_value"] is None:
        return "-"
    sign = {"about": "≈", ">=": "≥", "<=": "≤", "not_modelled": ""}[row["comparison"]]
    text = f"{sign}{_num(row['target_value'])}"
    if row["tolerance"] is not None:
        text += f" ±{_num(row['tolerance'], 1)}"
    return text


def _status_cell(row: dict[str, Any]) -> dict[str, str]:
    return {"text": str(row["status_label"]), "status": str(row["status"])}


def _heading(text: str, level: int = 1, numbered: bool = True) -> dict[str, Any]:
    return {"kind": "heading", "level": level, "text": text, "numbered": numbered}


def _para(text: str) -> dict[str, Any]:
    return {"kind": "paragraph", "text": text}


def _table(header: list[str], rows: list[list[Any]], widths: list[str], align: list[str],
           note: str = "") -> dict[str, Any]:
    return {"kind": "table", "header": header, "rows": rows, "widths": widths, "align": align,
            "note": note}


def _now_local() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().replace(microsecond=0)


def _model_line() -> str:
    commit = git_commit()
    return f"model {__version__}" + (f" ({commit[:12]}{'-dirty' if commit.endswith('-dirty') else ''})"
                                     if commit else "")


def _labels(lang: str) -> dict[str, str]:
    return {"toc": _t("toc", lang), "figure": _t("figure", lang)}


def _common(lang: str) -> dict[str, Any]:
    return {"lang": lang, "region": "cn" if lang == "zh" else "gb", "author": GENERATOR,
            "keywords": [GENERATOR], "header": _t("header", lang), "model_line": _model_line(),
            "labels": _labels(lang)}


def _value_at(output: RunOutput, i: int, variable: str, year: int) -> float | None:
    if variable not in output.results:
        return None
    return float(output.results[variable][i, year_index(year)])


# --------------------------------------------------------------------------- summary

def executive_summary(output: RunOutput, i: int, ref: int | None, lang: str) -> list[dict[str, Any]]:
    """Plain-language summary of scenario ``i``: met, missed (by how much), contradictions.

    Parameters
    ----------
    output
        A run holding the scenario (and the reference, if any).
    i, ref
        Positions of the scenario and of the reference scenario in ``output``.
    lang
        ``"zh"`` or ``"en"``.
    """
    zh = lang == "zh"
    rows = output.scorecard.rows(i, lang)
    met = [r for r in rows if r["status"] == MET]
    missed = [r for r in rows if r["status"] == MISSED]
    not_modelled = [r for r in rows if r["status"] == NOT_MODELLED]
    judged = len(met) + len(missed)
    s = output.scenarios[i]
    blocks: list[dict[str, Any]] = [_heading(_t("summary", lang))]
    if zh:
        blocks.append(_para(f"“{s.title('zh')}”在可由模型判定的{judged}项规划目标中达成{len(met)}项、"
                            f"未达成{len(missed)}项；另有{len(not_modelled)}项目标超出模型范围，仅列出不作判定。"))
    else:
        blocks.append(_para(f"“{s.title('en')}” meets {len(met)} of the {judged} plan targets the "
                            f"model can judge and misses {len(missed)}; {len(not_modelled)} more "
                            "targets lie outside the model and are listed without a verdict."))
    if missed:
        items = []
        for r in missed:
            phrase = margin_phrase(r, lang)
            if zh:
                items.append(f"{r['label']}：{_num(r['value'])}{r['unit']}，规划目标{_goal_text(r, lang)}"
                             f"{r['unit']}（{r['section']}），{phrase}。")
            else:
                items.append(f"{r['label']}: {_num(r['value'])} {r['unit']} against "
                             f"{_goal_text(r, lang)} {r['unit']} ({r['section']}), {phrase}.")
        blocks.append({"kind": "callout", "title": "未达成的目标" if zh else "Targets missed",
                       "text": "", "items": items, "fill": "#fce8e6"})
    if met:
        items = [(f"{r['label']}：{_num(r['value'])}{r['unit']}，{margin_phrase(r, lang)}" if zh else
                  f"{r['label']}: {_num(r['value'])} {r['unit']}, {margin_phrase(r, lang)}") for r in met]
        blocks.append({"kind": "callout", "title": "达成的目标" if zh else "Targets met", "text": "",
                       "items": items, "fill": "#e6f4ea"})
    diag = output.diagnostics.rows(i, lang)
    found = [d for d in diag if d["found"]]
    if found:
        for d in found:
            blocks.append({"kind": "callout", "fill": "#fdf3e7",
                           "title": ("规划矛盾：" if zh else "Contradiction: ") + str(d["title"]),
                           "text": str(d["explanation"])})
    elif diag:
        blocks.append(_para(f"已检查的{len(diag)}项规划内部矛盾在本情景中均未出现。" if zh else
                            f"None of the {len(diag)} contradictions of the plan checked bites here."))
    if ref is not None and "GDP" in output.results:
        r_title = output.scenarios[ref].title(lang)
        parts = []
        for year in (PLAN_YEAR, int(YEARS[-1])):
            a, b = _value_at(output, i, "GDP", year), _value_at(output, ref, "GDP", year)
            if a is None or b is None or b == 0:
                continue
            pct = 100.0 * (a / b - 1.0)
            parts.append((f"{year}年地区生产总值{_num(a)}亿元（参照{_num(b)}亿元，{pct:+.1f}%）" if zh else
                          f"GDP of {_num(a)} 亿元 in {year} (reference {_num(b)}, {pct:+.1f} %)"))
        if parts:
            blocks.append(_para(f"与参照情景“{r_title}”相比：" + "；".join(parts) + "。" if zh else
                                f"Against the reference scenario “{r_title}”: " + "; ".join(parts) + "."))
    return blocks


# --------------------------------------------------------------------------- sections

def _scorecard_blocks(output: RunOutput, i: int, lang: str) -> list[dict[str, Any]]:
    rows = output.scorecard.rows(i, lang)
    table_rows = []
    notes = []
    for r in rows:
        table_rows.append([r["label"], r["section"], str(r["year"]), _goal_text(r, lang),
                           _num(r["value"]), r["unit"], _status_cell(r),
                           margin_phrase(r, lang) if r["status"] != NOT_MODELLED else "-"])
        if r["status"] == NOT_MODELLED and r["note"]:
            notes.append(f"{r['label']}：{r['note']}" if lang == "zh" else f"{r['label']}: {r['note']}")
    header = [_t(k, lang) for k in ("col_target", "col_section", "col_year", "col_goal", "col_value",
                                    "col_unit", "col_status", "col_margin")]
    table = _table(header, table_rows, ["1.6fr", "1.3fr", "auto", "auto", "auto", "auto", "auto", "1.2fr"],
                   ["left", "left", "center", "right", "right", "left", "center", "left"])
    blocks = [_heading(_t("scorecard", lang)), table]
    if notes:
        blocks.append(_para(("未建模目标说明：" if lang == "zh" else "Targets not modelled: ")
                            + ("；".join(notes) if lang == "zh" else "; ".join(notes))))
    return blocks


#: Theme figures kept between reports (a warm batch kernel reuses them: building a
#: figure costs about a third of drawing it, see model.reporting.charts).
_FIGURES: dict[tuple[str, str], ThemeFigure] = {}


def theme_svgs(current: ChartData, reference: ChartData | None, lang: str) -> dict[str, bytes]:
    """Every theme chart with variables as SVG, text kept as SVG text.

    The figures are :class:`model.reporting.charts.ThemeFigure` (the explorer's),
    updated in place; Typst draws the text with the same Noto CJK font, which
    halves the time of turning every glyph into paths in matplotlib.
    """
    out: dict[str, bytes] = {}
    for chart in THEME_CHARTS:
        if not available_panels(chart):
            continue
        key = (chart.theme, lang)
        if key not in _FIGURES:
            _FIGURES[key] = ThemeFigure(chart, lang)
        figure = _FIGURES[key]
        figure.update(current, reference)
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            out[chart.theme] = figure_bytes(figure.figure, "svg")
    return out


def _chart_blocks(output: RunOutput, i: int, ref: int | None, lang: str) -> list[dict[str, Any]]:
    s = output.scenarios[i]
    current = chart_data(output.results, output.scorecard, i, s.title(lang))
    reference = (chart_data(output.results, output.scorecard, ref, output.scenarios[ref].title(lang))
                 if ref is not None else None)
    svgs = theme_svgs(current, reference, lang)
    blocks: list[dict[str, Any]] = [_heading(_t("charts", lang))]
    zh = lang == "zh"
    ref_note = ((f"虚线为参照情景“{output.scenarios[ref].title(lang)}”" if zh else
                 f"dashed: reference scenario “{output.scenarios[ref].title(lang)}”")
                if ref is not None else ("无参照情景" if zh else "no reference scenario"))
    missing = []
    for chart in THEME_CHARTS:
        if not available_panels(chart):
            missing.append(chart.title(lang))
            continue
        caption = (f"{chart.title(lang)}：实线为本情景，{ref_note}；菱形为规划目标（竖线为容差）" if zh else
                   f"{chart.title(lang)}: solid, this scenario; {ref_note}; diamonds mark plan targets "
                   "(bars: tolerance)")
        blocks.append({"kind": "figure", "svg": svgs[chart.theme].decode("utf-8"), "caption": caption})
    if missing:
        blocks.append(_para(_t("no_theme_vars", lang) + ("、".join(missing) if zh else ", ".join(missing))
                            + ("。" if zh else ".")))
    return blocks


def _diagnostic_blocks(output: RunOutput, i: int, lang: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [_heading(_t("diagnostics", lang))]
    for d in output.diagnostics.rows(i, lang):
        status = _t("found", lang) if d["found"] else _t("not_found", lang)
        blocks.append({"kind": "callout", "fill": "#fdf3e7" if d["found"] else "#eef3f8",
                       "title": f"{d['title']} [{d['section']}]: {status}",
                       "text": str(d["explanation"])})
    if len(blocks) == 1:
        blocks.append(_para("本模型尚未定义诊断。" if lang == "zh" else "No diagnostics are defined."))
    return blocks


def _uncertainty_blocks(scenario: Scenario, lang: str) -> list[dict[str, Any]]:
    """Fan charts, percentiles and target probabilities, when the scenario file asks for them.

    ``report: {uncertainty_draws: N, uncertainty_seed: S}`` in the scenario file
    (:meth:`Scenario.report_options`); the ensemble comes from
    :func:`model.analysis.ensemble.quick_bands` and :func:`model.analysis.ensemble.target_probabilities`,
    the figures from :mod:`model.reporting.uncertainty_charts`.
    """
    options = scenario.report_options()
    if options.uncertainty_draws <= 0:
        return []
    from model.analysis.ensemble import QUANTILES, quick_bands, target_probabilities
    from model.reporting.uncertainty_charts import fan_chart_figure, fan_variables, probability_figure

    zh = lang == "zh"
    draws, seed = options.uncertainty_draws, options.uncertainty_seed
    variables = fan_variables()
    bands = quick_bands(scenario, draws, seed, variables, QUANTILES)
    probs = target_probabilities(scenario, draws, seed)
    blocks: list[dict[str, Any]] = [_heading(_t("uncertainty", lang)),
                                    _para(_t("quantile_note", lang).format(draws=draws, seed=seed))]
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fan = fan_chart_figure(bands, QUANTILES, lang)
        blocks.append({"kind": "figure", "svg": figure_bytes(fan, "svg").decode("utf-8"),
                       "caption": "关键变量的不确定性区间" if zh else "Uncertainty of the key variables"})
        if any(np.isfinite(v) for v in probs.values()):
            bars = probability_figure(probs, lang)
            blocks.append({"kind": "figure", "svg": figure_bytes(bars, "svg").decode("utf-8"),
                           "caption": _t("probability", lang)})
    header = ["变量" if zh else "Variable", _t("col_unit", lang), _t("col_year", lang),
              *[f"P{round(100 * q)}" for q in QUANTILES]]
    rows = []
    for v in variables:
        for year in (PLAN_YEAR, int(YEARS[-1])):
            col = bands[v][:, year_index(year)]
            rows.append([VARIABLES[v].label(lang), VARIABLES[v].unit, str(year), *[_num(x) for x in col]])
    blocks.append(_table(header, rows, ["1.6fr", "auto", "auto", *["auto"] * len(QUANTILES)],
                         ["left", "left", "center", *["right"] * len(QUANTILES)]))
    prob_rows = [[t.label(lang), t.section, f"{100 * probs[t.id]:.0f}%"] for t in _targets()
                 if t.id in probs and np.isfinite(probs[t.id])]
    if prob_rows:
        blocks.append(_table([_t("col_target", lang), _t("col_section", lang), _t("probability", lang)],
                             prob_rows, ["1.6fr", "1.3fr", "auto"], ["left", "left", "right"]))
    return blocks


def _targets():
    from model.core.scorecard import TARGETS

    return TARGETS


def _set_by(scenario: Scenario, name: str) -> str:
    for s in scenario.lineage:
        if name in s.overrides:
            return s.id
    return "defaults"


def _appendix_blocks(scenario: Scenario, baseline: Scenario, lang: str) -> list[dict[str, Any]]:
    registry = scenario.registry
    values, base = scenario.resolved(), baseline.resolved()
    blocks: list[dict[str, Any]] = [{"kind": "pagebreak"}, _heading(_t("appendix_diff", lang), numbered=False)]
    diff_rows = []
    for name, p in registry.items():
        if values[name] != base[name]:
            diff_rows.append([f"{p.label(lang)} ({name})", _t(p.kind, lang), p.unit,
                              format_value(base[name]), format_value(values[name]),
                              _set_by(scenario, name)])
    if diff_rows:
        blocks.append(_table([_t(k, lang) for k in ("col_param", "col_kind", "col_unit", "col_baseline",
                                                    "col_scenario_value", "col_set_by")],
                             diff_rows, ["1.5fr", "auto", "auto", "1fr", "1fr", "auto"],
                             ["left", "left", "left", "left", "left", "left"]))
    else:
        blocks.append(_para(_t("no_diff", lang)))
    blocks.append(_heading(_t("appendix_all", lang), numbered=False))
    records = {r["name"]: r for r in parameter_records(registry, lang)}
    defaults = registry.defaults()
    for theme, params in registry.by_theme().items():
        blocks.append(_heading(THEMES[theme][0 if lang == "zh" else 1], 2, numbered=False))
        rows = []
        for p in params:
            rec = records[p.name]
            mark = " †" if values[p.name] != defaults[p.name] else ""
            source = (_t("estimate", lang) if rec["estimate"] else "") + str(rec["source"])
            rows.append([f"{rec['label']} ({p.name})", _t(p.kind, lang), p.unit,
                         format_value(values[p.name]) + mark, source])
        blocks.append(_table([_t(k, lang) for k in ("col_param", "col_kind", "col_unit",
                                                    "col_scenario_value", "col_source")],
                             rows, ["1.3fr", "auto", "auto", "0.9fr", "2fr"],
                             ["left", "left", "left", "left", "left"]))
    blocks.append(_para(_t("diff_mark", lang)))
    return blocks


def _title_facts(scenario: Scenario, reference: Scenario | None, lang: str, generated: _dt.datetime
                 ) -> list[list[str]]:
    chain = " ← ".join([s.id for s in scenario.lineage] + ["defaults"])
    commit = git_commit()
    return [
        [_t("scenario", lang), scenario.id],
        [_t("file", lang), str(scenario.path) if scenario.path else "-"],
        [_t("lineage", lang), chain],
        [_t("reference", lang), f"{reference.title(lang)} ({reference.id})" if reference else _t("none", lang)],
        [_t("date", lang), generated.strftime("%Y-%m-%d %H:%M %Z").strip()],
        [_t("version", lang), __version__ + (f"  (git {commit})" if commit else "")],
        [_t("hash", lang), scenario.resolved_hash()],
    ]


# --------------------------------------------------------------------------- whole reports

def scenario_report_content(output: RunOutput, i: int, ref: int | None, baseline: Scenario,
                            lang: str = "zh", generated: _dt.datetime | None = None) -> dict[str, Any]:
    """Everything one scenario's PDF shows, as plain data for :func:`model.reporting.pdf.render_pdf`.

    Parameters
    ----------
    output
        A run holding the scenario and its reference.
    i, ref
        Positions of the scenario and the reference (None: no reference) in ``output``.
    baseline
        The scenario the appendix compares parameters with.
    lang
        ``"zh"`` (default) or ``"en"``.
    generated
        The date printed on the title page.
    """
    generated = generated or _now_local()
    s = output.scenarios[i]
    other = "en" if lang == "zh" else "zh"
    blocks = [*executive_summary(output, i, ref, lang), *_scorecard_blocks(output, i, lang),
              *_chart_blocks(output, i, ref, lang), *_diagnostic_blocks(output, i, lang),
              *_uncertainty_blocks(s, lang), *_appendix_blocks(s, baseline, lang)]
    return {**_common(lang), "title": s.title(lang), "subtitle": s.title(other),
            "kicker": _t("kicker", lang), "description": s.description,
            "facts": _title_facts(s, output.scenarios[ref] if ref is not None else None, lang, generated),
            "blocks": blocks}


#: Scenario columns per table in comparison reports (more would not fit an A4 page).
COLUMNS_PER_TABLE = 5


def _split_columns(header: list[str], rows: list[list[Any]], fixed: int, fixed_widths: list[str],
                   fixed_align: list[str], width: str, align: str, per: int = COLUMNS_PER_TABLE,
                   note: str = "") -> list[dict[str, Any]]:
    """Tables of at most ``per`` scenario columns each, repeating the ``fixed`` leading columns."""
    n = len(header) - fixed
    out = []
    for start in range(0, max(n, 1), per):
        cols = list(range(fixed)) + list(range(fixed + start, fixed + min(n, start + per)))
        k = len(cols) - fixed
        out.append(_table([header[c] for c in cols], [[r[c] for c in cols] for r in rows],
                          fixed_widths + [width] * k, fixed_align + [align] * k,
                          note if start + per >= n else ""))
    return out



def comparison_report_content(output: RunOutput, lang: str = "zh",
                              generated: _dt.datetime | None = None) -> dict[str, Any]:
    """A side-by-side report of every scenario in ``output`` (scorecard columns, one line each)."""
    generated = generated or _now_local()
    zh = lang == "zh"
    n = len(output.scenarios)
    titles = [s.title(lang) for s in output.scenarios]
    blocks: list[dict[str, Any]] = [_heading(_t("summary", lang))]
    summary_rows = []
    for i, s in enumerate(output.scenarios):
        status = output.scorecard.status[i]
        found = int(output.diagnostics.found[i].sum()) if output.diagnostics.found.size else 0
        summary_rows.append([f"{s.title(lang)} ({s.id})", str(int((status == MET).sum())),
                             str(int((status == MISSED).sum())), str(found),
                             _num(_value_at(output, i, "GDP", PLAN_YEAR)),
                             _num(_value_at(output, i, "GDP", int(YEARS[-1])))])
    gdp = "地区生产总值（亿元）" if zh else "GDP (亿元)"
    blocks.append(_table([_t("scenario", lang), _t("col_met", lang), _t("col_missed", lang),
                          _t("col_found", lang), f"{gdp} {PLAN_YEAR}", f"{gdp} {int(YEARS[-1])}"],
                         summary_rows, ["2fr", "auto", "auto", "auto", "auto", "auto"],
                         ["left", "right", "right", "right", "right", "right"]))
    judged = [j for j, t in enumerate(output.scorecard.targets) if t.comparison != "not_modelled"]
    if judged:
        best = max(range(n), key=lambda i: int(output.scorecard.met[i, judged].sum()))
        blocks.append(_para(
            f"达成目标最多的是“{titles[best]}”（{int(output.scorecard.met[best, judged].sum())}/{len(judged)}项）。"
            if zh else f"“{titles[best]}” meets the most targets "
                       f"({int(output.scorecard.met[best, judged].sum())} of {len(judged)})."))
    # scorecard side by side
    blocks.append(_heading(_t("scorecard", lang)))
    rows = []
    for j, t in enumerate(output.scorecard.targets):
        if t.comparison == "not_modelled":
            continue
        r0 = output.scorecard.rows(0, lang)[j]
        cells: list[Any] = [t.label(lang), _goal_text(r0, lang) + f" {t.unit}"]
        for i in range(n):
            r = output.scorecard.rows(i, lang)[j]
            cells.append({"text": f"{_num(r['value'])}", "status": str(r["status"])})
        rows.append(cells)
    legend = (f"绿色：{STATUS_LABELS[MET][0]}；红色：{STATUS_LABELS[MISSED][0]}。" if zh else
              f"green: {STATUS_LABELS[MET][1]}; red: {STATUS_LABELS[MISSED][1]}.")
    blocks.extend(_split_columns([_t("col_target", lang), _t("col_goal", lang),
                                  *[s.id for s in output.scenarios]], rows, 2, ["1.6fr", "auto"],
                                 ["left", "right"], "1fr", "right", note=legend))
    # charts: one line per scenario
    blocks.append(_heading(_t("charts", lang)))
    datas = [chart_data(output.results, output.scorecard, i, titles[i]) for i in range(n)]
    svgs = render_comparison_svgs(datas, lang, fonttype="none")
    missing = []
    for chart in THEME_CHARTS:
        if chart.theme not in svgs:
            missing.append(chart.title(lang))
            continue
        blocks.append({"kind": "figure", "svg": svgs[chart.theme].decode("utf-8"),
                       "caption": (f"{chart.title(lang)}：每条线为一个情景" if zh else
                                   f"{chart.title(lang)}: one line per scenario")})
    if missing:
        blocks.append(_para(_t("no_theme_vars", lang) + ("、".join(missing) if zh else ", ".join(missing))))
    # diagnostics
    blocks.append(_heading(_t("diagnostics", lang)))
    diag_rows = []
    for j, d in enumerate(output.diagnostics.diagnostics):
        cells = [d.title(lang)]
        for i in range(n):
            hit = bool(output.diagnostics.found[i, j])
            cells.append({"text": _t("found" if hit else "not_found", lang),
                          "status": MISSED if hit else MET})
        diag_rows.append(cells)
    if diag_rows:
        blocks.extend(_split_columns([_t("col_diag", lang), *[s.id for s in output.scenarios]], diag_rows,
                                     1, ["2fr"], ["left"], "1fr", "center"))
    # parameters that differ
    blocks.append({"kind": "pagebreak"})
    blocks.append(_heading(_t("compare_params", lang), numbered=False))
    resolved = [s.resolved() for s in output.scenarios]
    registry = output.scenarios[0].registry
    prow = []
    for name, p in registry.items():
        vals = [r[name] for r in resolved]
        if any(v != vals[0] for v in vals[1:]):
            prow.append([f"{p.label(lang)} ({name})", p.unit, *[format_value(v) for v in vals]])
    if prow:
        blocks.extend(_split_columns([_t("col_param", lang), _t("col_unit", lang),
                                      *[s.id for s in output.scenarios]], prow, 2, ["1.4fr", "auto"],
                                     ["left", "left"], "1fr", "left", per=4))
    else:
        blocks.append(_para("各情景参数完全相同。" if zh else "The scenarios share every parameter."))
    facts = [[_t("compare_scenarios", lang), "; ".join(f"{s.id}" for s in output.scenarios)],
             [_t("date", lang), generated.strftime("%Y-%m-%d %H:%M %Z").strip()],
             [_t("version", lang), __version__ + (f"  (git {git_commit()})" if git_commit() else "")],
             *[[s.id, s.resolved_hash()] for s in output.scenarios]]
    return {**_common(lang), "title": _t("comparison", lang),
            "subtitle": " · ".join(titles), "kicker": _t("kicker_compare", lang), "description": "",
            "facts": facts, "blocks": blocks}


# --------------------------------------------------------------------------- files

def report_is_ours(path: Path) -> bool:
    """Whether an existing PDF was written by this workbook (its keywords name the generator)."""
    try:
        with open(path, "rb") as fh:
            return GENERATOR.encode() in fh.read()
    except OSError:
        return False


def _write_pdf(pdf: bytes, target: Path, force: bool) -> Path:
    if target.exists() and not force and not report_is_ours(target):
        raise UserInputError(f"{target}: exists and was not written by this workbook; choose "
                             "another --out or pass --force to replace it")
    return atomic_write_bytes(target, pdf)


@dataclass
class ReportResult:
    """What a report run produced (shown in the executed notebook, the run's log)."""

    pdf: Path | None
    scenarios: list[str]
    lang: str
    seconds: float
    summary: list[dict[str, Any]] = field(default_factory=list)

    def _repr_markdown_(self) -> str:
        lines = [f"**PDF:** `{self.pdf or 'not written'}`  ({self.seconds:.2f} s, lang={self.lang})", "",
                 "| scenario | met | missed | contradictions |", "|---|---|---|---|"]
        lines += [f"| {r['id']} | {r['met']} | {r['missed']} | {r['found']} |" for r in self.summary]
        return "\n".join(lines)


def _summary_rows(output: RunOutput) -> list[dict[str, Any]]:
    return [{"id": s.id, "met": int((output.scorecard.status[i] == MET).sum()),
             "missed": int((output.scorecard.status[i] == MISSED).sum()),
             "found": int(output.diagnostics.found[i].sum())} for i, s in enumerate(output.scenarios)]


def _check_lang(lang: str) -> None:
    if lang not in ("zh", "en"):
        raise UserInputError(f"--lang: expected zh or en, got {lang!r}")


def build_report(scenario: str | Path, reference: str | Path | None = None, lang: str = "zh",
                 out_dir: str | Path = "reports", name: str | None = None,
                 timestamp: _dt.datetime | None = None, force: bool = False,
                 pdf: bool = True) -> ReportResult:
    """Run a scenario (with its reference and the baseline) and write ``<out_dir>/<id>.pdf``.

    Parameters
    ----------
    scenario
        The scenario file.
    reference
        The reference scenario file drawn dashed in the charts; default the
        shipped baseline (none when the scenario is the baseline itself).
    lang
        ``"zh"`` or ``"en"``.
    out_dir
        Folder of the PDF (created if needed).
    name
        File stem; default the scenario id.
    timestamp
        Date on the title page and in the PDF metadata (now when None).
    force
        Replace an existing PDF this workbook did not write.
    pdf
        False: assemble the content (model runs, charts) but write no PDF
        (the benchmark's "papermill without PDF" loop).
    """
    _check_lang(lang)
    started = time.perf_counter()
    base_file = baseline_path()
    paths = [Path(scenario)] + ([Path(reference)] if reference else []) + ([base_file] if base_file else [])
    loaded = load_scenarios(paths)
    s = loaded[0]
    if reference:
        ref_s: Scenario | None = loaded[1]
    elif base_file is not None and loaded[-1].resolved_hash() != s.resolved_hash():
        ref_s = loaded[-1]
    else:
        ref_s = None
    baseline = loaded[-1] if base_file else Scenario.from_defaults(s.registry)
    runs = [s] + ([ref_s] if ref_s is not None else [])
    output = run_scenarios(runs)
    content = scenario_report_content(output, 0, 1 if ref_s is not None else None, baseline, lang,
                                      timestamp)
    target = Path(out_dir) / f"{name or s.id}.pdf"
    if pdf:
        from model.reporting.pdf import render_pdf

        _write_pdf(render_pdf(content, timestamp), target, force)
    return ReportResult(target if pdf else None, [s.id], lang, time.perf_counter() - started,
                        _summary_rows(output)[:1])


def build_comparison(scenarios: Sequence[str | Path], lang: str = "zh", out_dir: str | Path = "reports",
                     name: str = "comparison", timestamp: _dt.datetime | None = None,
                     force: bool = False) -> ReportResult:
    """Run several scenarios together and write one side-by-side ``<out_dir>/<name>.pdf``."""
    _check_lang(lang)
    if len(scenarios) < 2:
        raise UserInputError("compare: expected at least two scenarios")
    started = time.perf_counter()
    loaded = load_scenarios([Path(p) for p in scenarios])
    unique = list({s.id: s for s in loaded}.values())
    output = run_scenarios(unique)
    content = comparison_report_content(output, lang, timestamp)
    from model.reporting.pdf import render_pdf

    pdf = render_pdf(content, timestamp)
    target = Path(out_dir) / f"{name}.pdf"
    _write_pdf(pdf, target, force)
    return ReportResult(target, [s.id for s in unique], lang, time.perf_counter() - started,
                        _summary_rows(output))


def render(scenario: str, reference: str | None = None, compare: Sequence[str] = (), lang: str = "zh",
           out_dir: str = "reports", name: str | None = None, timestamp: str | None = None,
           force: bool = False, pdf: bool = True) -> ReportResult:
    """The report notebook's one call: a scenario report, or a comparison when ``compare`` is given.

    ``timestamp`` is an ISO 8601 string (papermill parameters are plain values); ``pdf=False``
    assembles a scenario report without writing the PDF.
    """
    stamp = _dt.datetime.fromisoformat(timestamp) if timestamp else None
    if compare:
        return build_comparison([scenario, *compare], lang, out_dir, name or "comparison", stamp, force)
    return build_report(scenario, reference, lang, out_dir, name, stamp, force, pdf)

"""A scenario report's executive summary, in plain Chinese or English.

Built from :meth:`Scorecard.rows` (which plan targets are met, which are missed
and by how much, :func:`model.reporting.phrases.margin_phrase`), the targets the
published statistics already judge (:func:`model.runs.evaluation.observed_rows`) and
:meth:`DiagnosticReport.rows` (which of the plan's contradictions bite), with
GDP against the reference scenario in the plan year and the last year.
"""
from __future__ import annotations

from typing import Any

from model.core.scorecard import MET, MISSED, NOT_MODELLED
from model.core.timeline import LAST_YEAR, PLAN_YEAR, year_index
from model.reporting.blocks import FOUND_FILL, MET_FILL, MISSED_FILL, callout, heading, paragraph
from model.reporting.phrases import margin_phrase, phrase, running_text
from model.runs.evaluation import observed_rows
from model.runs.runner import RunOutput
from model.text import english_units, format_number, format_target, pick, plan_section

__all__ = ["executive_summary", "value_at", "counts"]


def value_at(output: RunOutput, i: int, variable: str, year: int) -> float | None:
    """Scenario ``i``'s ``variable`` in ``year`` (None when the model does not produce it)."""
    if variable not in output.results:
        return None
    return float(output.results[variable][i, year_index(year)])


def counts(output: RunOutput, i: int) -> tuple[int, int, int]:
    """Scenario ``i``'s plan targets met, targets missed and contradictions found."""
    status = output.scorecard.status[i]
    found = int(output.diagnostics.found[i].sum()) if output.diagnostics.found.size else 0
    return int((status == MET).sum()), int((status == MISSED).sum()), found


def _target_line(r: dict[str, Any], lang: str) -> str:
    """A missed target: value, target, plan section and margin."""
    value, goal = format_number(r["value"]), format_target(r["comparison"], r["target_value"], r["tolerance"])
    margin, section = margin_phrase(r, lang), plan_section(str(r["section"]), lang)
    return pick(lang, f"{r['label']}：{value}{r['unit']}，规划目标{goal}{r['unit']}（{section}），{margin}。",
                english_units(f"{r['label']}: {value} {r['unit']} against {goal} {r['unit']} ({section}), {margin}."))


def _gdp_against_reference(output: RunOutput, i: int, ref: int, lang: str) -> list[dict[str, Any]]:
    """GDP in the plan year and the last year against the reference scenario's, in words."""
    parts = []
    for year in (PLAN_YEAR, LAST_YEAR):
        a, b = value_at(output, i, "GDP", year), value_at(output, ref, "GDP", year)
        if a is None or b is None or b == 0:
            continue
        pct = 100.0 * (a / b - 1.0)
        a_text, b_text = format_number(a), format_number(b)
        parts.append(pick(lang, f"{year}年地区生产总值{a_text}亿元（参照{b_text}亿元，{pct:+.1f}%）",
                          english_units(f"GDP of {a_text} 亿元 in {year} (reference {b_text} 亿元, {pct:+.1f} %)")))
    if not parts:
        return []
    r_title = output.scenarios[ref].title(lang)
    return [paragraph(pick(lang, f"与参照情景“{r_title}”相比：" + "；".join(parts) + "。",
                           f"Against the reference scenario “{r_title}”: " + "; ".join(parts) + "."))]


def _final_evaluation(output: RunOutput, i: int, lang: str) -> list[dict[str, Any]]:
    """How many targets the published statistics already judge (the plan's final evaluation)."""
    observations = output.observed(i)
    if not len(observations):
        return []
    judged = [r for r in observed_rows(output.scorecard, i, observations, lang) if r["observed"] is not None]
    met = sum(r["observed_status"] == MET for r in judged)
    section = phrase("model_observed", lang)
    if judged:
        return [paragraph(pick(lang, f"按已公布的统计数据，{len(judged)}项目标可作终期评估：达成{met}项、未达成"
                                     f"{len(judged) - met}项（记分卡“观测值”列）；模型与统计数据的对照见“{section}”一节。",
                               f"On the published statistics {len(judged)} targets can be judged as they stand: "
                               f"{met} met, {len(judged) - met} missed (the scorecard's column Observed); the "
                               f"model against the statistics is in the section {section}."))]
    return [paragraph(pick(lang, f"本情景引用的{len(observations)}条统计数据中尚无目标年份的数值，终期评估有待统计公报；"
                                 f"模型与统计数据的对照见“{section}”一节。",
                           f"None of the {len(observations)} published statistics this scenario names is of a target's "
                           f"year yet, so the final evaluation awaits the bulletins; the model against the statistics "
                           f"is in the section {section}."))]


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
    rows = output.scorecard.rows(i, lang)
    met = [r for r in rows if r["status"] == MET]
    missed = [r for r in rows if r["status"] == MISSED]
    outside = sum(r["status"] == NOT_MODELLED for r in rows)
    judged = len(met) + len(missed)
    title = output.scenarios[i].title(lang)
    blocks: list[dict[str, Any]] = [heading(phrase("summary", lang)), paragraph(pick(
        lang,
        f"“{title}”在可由模型判定的{judged}项规划目标中达成{len(met)}项、"
        f"未达成{len(missed)}项；另有{outside}项目标超出模型范围，仅列出不作判定。",
        f"“{title}” meets {len(met)} of the {judged} plan targets the model can judge and misses "
        f"{len(missed)}; {outside} more targets lie outside the model and are listed without a verdict."))]
    blocks += _final_evaluation(output, i, lang)
    if missed:
        blocks.append(callout(phrase("targets_missed", lang), "", MISSED_FILL,
                              [_target_line(r, lang) for r in missed]))
    if met:
        items = [pick(lang, f"{r['label']}：{format_number(r['value'])}{r['unit']}，{margin_phrase(r, lang)}",
                      english_units(f"{r['label']}: {format_number(r['value'])} {r['unit']}, {margin_phrase(r, lang)}"))
                 for r in met]
        blocks.append(callout(phrase("targets_met", lang), "", MET_FILL, items))
    diag = output.diagnostics.rows(i, lang)
    found = [d for d in diag if d["found"]]
    for d in found:
        blocks.append(callout(phrase("contradiction", lang) + str(d["title"]),
                              running_text(str(d["explanation"]), lang), FOUND_FILL))
    if diag and not found:
        blocks.append(paragraph(pick(lang, f"已检查的{len(diag)}项规划内部矛盾在本情景中均未出现。",
                                     f"None of the {len(diag)} contradictions of the plan checked bites here.")))
    if ref is not None and "GDP" in output.results:
        blocks += _gdp_against_reference(output, i, ref, lang)
    return blocks

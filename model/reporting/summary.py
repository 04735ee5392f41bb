"""A scenario report's executive summary, in plain Chinese or English.

Built from :meth:`Scorecard.rows` (which plan targets are met, which are missed
and by how much, :func:`model.reporting.phrases.margin_phrase`) and
:meth:`DiagnosticReport.rows` (which of the plan's contradictions bite), with
GDP against the reference scenario in the plan year and the last year.
"""
from __future__ import annotations

from typing import Any

from model.core.scorecard import MET, MISSED, NOT_MODELLED
from model.core.timeline import PLAN_YEAR, YEARS, year_index
from model.reporting.blocks import heading, paragraph
from model.reporting.phrases import goal_text, margin_phrase, phrase
from model.runs.runner import RunOutput
from model.text import format_number

__all__ = ["executive_summary", "value_at"]


def value_at(output: RunOutput, i: int, variable: str, year: int) -> float | None:
    """Scenario ``i``'s ``variable`` in ``year`` (None when the model does not produce it)."""
    if variable not in output.results:
        return None
    return float(output.results[variable][i, year_index(year)])


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
    blocks: list[dict[str, Any]] = [heading(phrase("summary", lang))]
    if zh:
        blocks.append(paragraph(f"“{s.title('zh')}”在可由模型判定的{judged}项规划目标中达成{len(met)}项、"
                                f"未达成{len(missed)}项；另有{len(not_modelled)}项目标超出模型范围，仅列出不作判定。"))
    else:
        blocks.append(paragraph(f"“{s.title('en')}” meets {len(met)} of the {judged} plan targets the "
                                f"model can judge and misses {len(missed)}; {len(not_modelled)} more "
                                "targets lie outside the model and are listed without a verdict."))
    if missed:
        items = []
        for r in missed:
            margin = margin_phrase(r, lang)
            if zh:
                items.append(f"{r['label']}：{format_number(r['value'])}{r['unit']}，规划目标{goal_text(r, lang)}"
                             f"{r['unit']}（{r['section']}），{margin}。")
            else:
                items.append(f"{r['label']}: {format_number(r['value'])} {r['unit']} against "
                             f"{goal_text(r, lang)} {r['unit']} ({r['section']}), {margin}.")
        blocks.append({"kind": "callout", "title": "未达成的目标" if zh else "Targets missed",
                       "text": "", "items": items, "fill": "#fce8e6"})
    if met:
        items = [(f"{r['label']}：{format_number(r['value'])}{r['unit']}，{margin_phrase(r, lang)}" if zh else
                  f"{r['label']}: {format_number(r['value'])} {r['unit']}, {margin_phrase(r, lang)}") for r in met]
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
        blocks.append(paragraph(f"已检查的{len(diag)}项规划内部矛盾在本情景中均未出现。" if zh else
                                f"None of the {len(diag)} contradictions of the plan checked bites here."))
    if ref is not None and "GDP" in output.results:
        r_title = output.scenarios[ref].title(lang)
        parts = []
        for year in (PLAN_YEAR, int(YEARS[-1])):
            a, b = value_at(output, i, "GDP", year), value_at(output, ref, "GDP", year)
            if a is None or b is None or b == 0:
                continue
            pct = 100.0 * (a / b - 1.0)
            parts.append((f"{year}年地区生产总值{format_number(a)}亿元（参照{format_number(b)}亿元，{pct:+.1f}%）" if zh else
                          f"GDP of {format_number(a)} 亿元 in {year} (reference {format_number(b)}, {pct:+.1f} %)"))
        if parts:
            blocks.append(paragraph(f"与参照情景“{r_title}”相比：" + "；".join(parts) + "。" if zh else
                                    f"Against the reference scenario “{r_title}”: " + "; ".join(parts) + "."))
    return blocks

"""A side-by-side report of several scenarios, as plain data.

One column (or one line) per scenario: a summary table (targets met and missed,
contradictions, GDP), the scorecard, the theme charts with one line per
scenario (:func:`model.reporting.charts.render_comparison_svgs`), the plan
diagnostics and, in the appendix, every parameter on which the scenarios differ.
Wide tables are split so that an A4 page holds them
(:func:`model.reporting.blocks.split_columns`).
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from model import __version__
from model.core.scorecard import MET, MISSED, STATUS_LABELS
from model.core.timeline import PLAN_YEAR, YEARS
from model.provenance import git_commit
from model.reporting.blocks import document_frame, heading, now_local, paragraph, split_columns, table
from model.reporting.charts import THEME_CHARTS, chart_data, render_comparison_svgs
from model.reporting.listing import format_value
from model.reporting.phrases import goal_text, phrase
from model.reporting.summary import value_at
from model.runs.runner import RunOutput
from model.text import format_number

__all__ = ["comparison_report_content"]


def comparison_report_content(output: RunOutput, lang: str = "zh",
                              generated: _dt.datetime | None = None) -> dict[str, Any]:
    """A side-by-side report of every scenario in ``output`` (scorecard columns, one line each)."""
    generated = generated or now_local()
    zh = lang == "zh"
    n = len(output.scenarios)
    titles = [s.title(lang) for s in output.scenarios]
    blocks: list[dict[str, Any]] = [heading(phrase("summary", lang))]
    summary_rows = []
    for i, s in enumerate(output.scenarios):
        status = output.scorecard.status[i]
        found = int(output.diagnostics.found[i].sum()) if output.diagnostics.found.size else 0
        summary_rows.append([f"{s.title(lang)} ({s.id})", str(int((status == MET).sum())),
                             str(int((status == MISSED).sum())), str(found),
                             format_number(value_at(output, i, "GDP", PLAN_YEAR)),
                             format_number(value_at(output, i, "GDP", int(YEARS[-1])))])
    gdp = "地区生产总值（亿元）" if zh else "GDP (亿元)"
    blocks.append(table([phrase("scenario", lang), phrase("col_met", lang), phrase("col_missed", lang),
                         phrase("col_found", lang), f"{gdp} {PLAN_YEAR}", f"{gdp} {int(YEARS[-1])}"],
                        summary_rows, ["2fr", "auto", "auto", "auto", "auto", "auto"],
                        ["left", "right", "right", "right", "right", "right"]))
    judged = [j for j, t in enumerate(output.scorecard.targets) if t.comparison != "not_modelled"]
    if judged:
        best = max(range(n), key=lambda i: int(output.scorecard.met[i, judged].sum()))
        blocks.append(paragraph(
            f"达成目标最多的是“{titles[best]}”（{int(output.scorecard.met[best, judged].sum())}/{len(judged)}项）。"
            if zh else f"“{titles[best]}” meets the most targets "
                       f"({int(output.scorecard.met[best, judged].sum())} of {len(judged)})."))
    # scorecard side by side
    blocks.append(heading(phrase("scorecard", lang)))
    rows = []
    for j, t in enumerate(output.scorecard.targets):
        if t.comparison == "not_modelled":
            continue
        r0 = output.scorecard.rows(0, lang)[j]
        cells: list[Any] = [t.label(lang), goal_text(r0, lang) + f" {t.unit}"]
        for i in range(n):
            r = output.scorecard.rows(i, lang)[j]
            cells.append({"text": f"{format_number(r['value'])}", "status": str(r["status"])})
        rows.append(cells)
    legend = (f"绿色：{STATUS_LABELS[MET][0]}；红色：{STATUS_LABELS[MISSED][0]}。" if zh else
              f"green: {STATUS_LABELS[MET][1]}; red: {STATUS_LABELS[MISSED][1]}.")
    blocks.extend(split_columns([phrase("col_target", lang), phrase("col_goal", lang),
                                 *[s.id for s in output.scenarios]], rows, 2, ["1.6fr", "auto"],
                                ["left", "right"], "1fr", "right", note=legend))
    # charts: one line per scenario
    blocks.append(heading(phrase("charts", lang)))
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
        blocks.append(paragraph(phrase("no_theme_vars", lang) + ("、".join(missing) if zh else ", ".join(missing))))
    # diagnostics
    blocks.append(heading(phrase("diagnostics", lang)))
    diag_rows = []
    for j, d in enumerate(output.diagnostics.diagnostics):
        cells = [d.title(lang)]
        for i in range(n):
            hit = bool(output.diagnostics.found[i, j])
            cells.append({"text": phrase("found" if hit else "not_found", lang),
                          "status": MISSED if hit else MET})
        diag_rows.append(cells)
    if diag_rows:
        blocks.extend(split_columns([phrase("col_diag", lang), *[s.id for s in output.scenarios]], diag_rows,
                                    1, ["2fr"], ["left"], "1fr", "center"))
    # parameters that differ
    blocks.append({"kind": "pagebreak"})
    blocks.append(heading(phrase("compare_params", lang), numbered=False))
    resolved = [s.resolved() for s in output.scenarios]
    registry = output.scenarios[0].registry
    prow = []
    for name, p in registry.items():
        vals = [r[name] for r in resolved]
        if any(v != vals[0] for v in vals[1:]):
            prow.append([f"{p.label(lang)} ({name})", p.unit, *[format_value(v) for v in vals]])
    if prow:
        blocks.extend(split_columns([phrase("col_param", lang), phrase("col_unit", lang),
                                     *[s.id for s in output.scenarios]], prow, 2, ["1.4fr", "auto"],
                                    ["left", "left"], "1fr", "left", per=4))
    else:
        blocks.append(paragraph("各情景参数完全相同。" if zh else "The scenarios share every parameter."))
    facts = [[phrase("compare_scenarios", lang), "; ".join(f"{s.id}" for s in output.scenarios)],
             [phrase("date", lang), generated.strftime("%Y-%m-%d %H:%M %Z").strip()],
             [phrase("version", lang), __version__ + (f"  (git {git_commit()})" if git_commit() else "")],
             *[[s.id, s.resolved_hash()] for s in output.scenarios]]
    return {**document_frame(lang), "title": phrase("comparison", lang),
            "subtitle": " · ".join(titles), "kicker": phrase("kicker_compare", lang), "description": "",
            "facts": facts, "blocks": blocks}

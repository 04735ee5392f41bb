"""A side-by-side report of several scenarios, as plain data.

One column (or one line) per scenario: a summary table (targets met and missed,
contradictions, GDP), the scorecard, the theme charts with one line per
scenario (:func:`model.reporting.figures.comparison_svgs`), the plan
diagnostics and, in the appendix, every parameter on which the scenarios differ.
Wide tables are split so that an A4 page holds them
(:func:`model.reporting.blocks.split_columns`).
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from model.core.scorecard import MET, MISSED, STATUS_LABELS
from model.core.timeline import LAST_YEAR, PLAN_YEAR
from model.provenance import git_commit
from model.reporting.blocks import (date_text, document_frame, figure, heading, now_local, pagebreak, paragraph,
                                    split_columns, table, version_text)
from model.reporting.charts import THEME_CHARTS, available_panels, chart_data
from model.reporting.figures import comparison_svgs
from model.reporting.listing import format_value
from model.reporting.phrases import phrase
from model.reporting.summary import counts, value_at
from model.runs.runner import RunOutput
from model.text import DEFAULT_LANG, format_number, format_target, pick, unit_text

__all__ = ["comparison_report_content"]


# --------------------------------------------------------------------------- sections

def _summary_blocks(output: RunOutput, lang: str) -> list[dict[str, Any]]:
    """Targets met and missed, contradictions and GDP per scenario; which meets the most targets."""
    rows = []
    for i, s in enumerate(output.scenarios):
        met, missed, found = counts(output, i)
        rows.append([f"{s.title(lang)} ({s.id})", str(met), str(missed), str(found),
                     format_number(value_at(output, i, "GDP", PLAN_YEAR)),
                     format_number(value_at(output, i, "GDP", LAST_YEAR))])
    gdp = phrase("col_gdp", lang)
    blocks = [heading(phrase("summary", lang)),
              table([phrase("scenario", lang), phrase("col_met", lang), phrase("col_missed", lang),
                     phrase("col_found", lang), f"{gdp} {PLAN_YEAR}", f"{gdp} {LAST_YEAR}"],
                    rows, ["2fr", "auto", "auto", "auto", "auto", "auto"],
                    ["left", "right", "right", "right", "right", "right"])]
    judged = [j for j, t in enumerate(output.scorecard.targets) if t.is_modelled]
    if judged:
        met = output.scorecard.met[:, judged].sum(axis=1)
        best = max(range(len(output.scenarios)), key=lambda i: int(met[i]))
        title, most = output.scenarios[best].title(lang), int(met[best])
        blocks.append(paragraph(pick(lang, f"达成目标最多的是“{title}”（{most}/{len(judged)}项）。",
                                     f"“{title}” meets the most targets ({most} of {len(judged)}).")))
    return blocks


def _scorecard_blocks(output: RunOutput, lang: str) -> list[dict[str, Any]]:
    """Each modelled target's value in every scenario, coloured met or missed."""
    by_scenario = [output.scorecard.rows(i, lang) for i in range(len(output.scenarios))]
    rows = []
    for j, t in enumerate(output.scorecard.targets):
        if not t.is_modelled:
            continue
        r0 = by_scenario[0][j]
        cells: list[Any] = [t.label(lang),
                            format_target(r0["comparison"], r0["target_value"], r0["tolerance"])
                            + f" {unit_text(t.unit, lang)}"]
        cells += [{"text": format_number(rows_i[j]["value"]), "status": str(rows_i[j]["status"])}
                  for rows_i in by_scenario]
        rows.append(cells)
    met, missed = STATUS_LABELS[MET], STATUS_LABELS[MISSED]
    legend = pick(lang, f"绿色：{met[0]}；红色：{missed[0]}。", f"green: {met[1]}; red: {missed[1]}.")
    return [heading(phrase("scorecard", lang)),
            *split_columns([phrase("col_target", lang), phrase("col_goal", lang),
                            *[s.id for s in output.scenarios]], rows, 2, ["1.6fr", "auto"],
                           ["left", "right"], "1fr", "right", note=legend)]


def _chart_blocks(output: RunOutput, lang: str) -> list[dict[str, Any]]:
    """Every theme with one line per scenario."""
    datas = [chart_data(output.results, output.scorecard, i, s.title(lang), output.observed(i))
             for i, s in enumerate(output.scenarios)]
    svgs = comparison_svgs(datas, lang)
    blocks = [heading(phrase("charts", lang))]
    missing = []
    for chart in THEME_CHARTS:
        if chart.theme not in svgs:
            missing.append(chart.title(lang))
            continue
        panels = available_panels(chart)
        parts = [pick(lang, "每条线为一个情景", "one line per scenario")]
        if any(p.marks for p in panels):
            parts.append(pick(lang, "菱形为规划目标", "diamonds mark plan targets"))
        if any(v in datas[0].observed for p in panels for v in p.variables):
            parts.append(pick(lang, "圆点为本旗公布的统计数据", "dots: the banner's published statistics"))
        blocks.append(figure(svgs[chart.theme], pick(lang, f"{chart.title(lang)}：" + "；".join(parts),
                                                     f"{chart.title(lang)}: " + "; ".join(parts))))
    if missing:
        blocks.append(paragraph(phrase("no_theme_vars", lang) + pick(lang, "、", ", ").join(missing)))
    return blocks


def _diagnostic_blocks(output: RunOutput, lang: str) -> list[dict[str, Any]]:
    """Which of the plan's contradictions bite in which scenario."""
    rows = []
    for j, d in enumerate(output.diagnostics.diagnostics):
        cells = [d.title(lang)]
        for i in range(len(output.scenarios)):
            hit = bool(output.diagnostics.found[i, j])
            cells.append({"text": phrase("found" if hit else "not_found", lang), "status": MISSED if hit else MET})
        rows.append(cells)
    blocks = [heading(phrase("diagnostics", lang))]
    if rows:
        blocks += split_columns([phrase("col_diag", lang), *[s.id for s in output.scenarios]], rows,
                                1, ["2fr"], ["left"], "1fr", "center")
    return blocks


def _parameter_blocks(output: RunOutput, lang: str) -> list[dict[str, Any]]:
    """The appendix: every parameter on which the scenarios differ."""
    resolved = [s.resolved() for s in output.scenarios]
    rows = []
    for name, p in output.scenarios[0].registry.items():
        values = [r[name] for r in resolved]
        if any(v != values[0] for v in values[1:]):
            rows.append([f"{p.label(lang)} ({name})", unit_text(p.unit, lang), *[format_value(v) for v in values]])
    blocks = [pagebreak(), heading(phrase("compare_params", lang), numbered=False)]
    if rows:
        blocks += split_columns([phrase("col_param", lang), phrase("col_unit", lang),
                                 *[s.id for s in output.scenarios]], rows, 2, ["1.4fr", "auto"],
                                ["left", "left"], "1fr", "left", per=4)
    else:
        blocks.append(paragraph(phrase("same_parameters", lang)))
    return blocks


# --------------------------------------------------------------------------- the whole report

def comparison_report_content(output: RunOutput, lang: str = DEFAULT_LANG,
                              generated: _dt.datetime | None = None) -> dict[str, Any]:
    """A side-by-side report of every scenario in ``output``, as plain data for
    :func:`model.reporting.pdf.render_pdf`.

    Parameters
    ----------
    output
        A run holding the scenarios, in the order of their columns.
    lang
        ``"zh"`` (default) or ``"en"``.
    generated
        The date printed on the title page (now when None).
    """
    generated = generated or now_local()
    commit = git_commit()
    blocks = [*_summary_blocks(output, lang), *_scorecard_blocks(output, lang), *_chart_blocks(output, lang),
              *_diagnostic_blocks(output, lang), *_parameter_blocks(output, lang)]
    facts = [[phrase("compare_scenarios", lang), "; ".join(s.id for s in output.scenarios)],
             [phrase("date", lang), date_text(generated)],
             [phrase("version", lang), version_text(commit)],
             *[[s.id, s.resolved_hash()] for s in output.scenarios]]
    return {**document_frame(lang, commit), "title": phrase("comparison", lang),
            "subtitle": " · ".join(s.title(lang) for s in output.scenarios),
            "kicker": phrase("kicker_compare", lang), "description": "", "facts": facts, "blocks": blocks}

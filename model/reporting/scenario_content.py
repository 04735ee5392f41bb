"""One scenario's report, as plain data: title page, summary, scorecard, charts, appendices.

Everything comes from what the package already knows:

* the title page from the scenario (its lineage, :meth:`Scenario.resolved_hash`)
  and the model version;
* the executive summary (:mod:`model.reporting.summary`);
* the scorecard table from :meth:`Scorecard.rows`, with the observed value and its
  status beside the model's where a target's quantity was published
  (:func:`model.runs.evaluation.observed_rows`, the plan's final evaluation);
* the theme charts (:func:`model.reporting.figures.theme_svgs`: the explorer's
  figures, as SVG);
* the plan diagnostics from :meth:`DiagnosticReport.rows`;
* the section 模型与实际 when the scenario names observations
  (:mod:`model.reporting.observed_content`);
* the optional uncertainty section (:mod:`model.reporting.uncertainty_section`);
* the appendices from the registry (:func:`model.reporting.listing.parameter_records`):
  every parameter that differs from the baseline, then all parameters with
  units and sources.

A Chinese report is Chinese throughout and an English one English: plan sections
through :func:`model.text.plan_section` (第四章引言 / Ch. 4 intro), sources through
:func:`model.text.source_text`, units through :func:`model.text.unit_text`.
"""
from __future__ import annotations

import datetime as _dt
from functools import partial
from typing import Any

from model.core.parameter import THEMES
from model.core.scorecard import NOT_MODELLED
from model.provenance import git_commit, relative_to_project
from model.reporting.blocks import (FOUND_FILL, NOT_FOUND_FILL, callout, date_text, document_frame, figure, heading,
                                    now_local, pagebreak, paragraph, status_cell, table, version_text)
from model.reporting.charts import THEME_CHARTS, ChartData, available_panels, chart_data
from model.reporting.discovery_section import discovery_blocks
from model.reporting.figures import theme_svg, theme_svgs
from model.reporting.forked import run_parts
from model.reporting.listing import format_value, parameter_records
from model.reporting.observed_content import model_and_observed_blocks
from model.reporting.phrases import margin_phrase, phrase, running_text
from model.reporting.summary import executive_summary
from model.reporting.uncertainty_section import uncertainty_blocks
from model.runs.evaluation import observed_rows
from model.runs.runner import RunOutput
from model.scenarios import Scenario
from model.text import DEFAULT_LANG, format_number, format_target, pick, plan_section, source_text, unit_text

__all__ = ["scenario_report_content"]


# --------------------------------------------------------------------------- sections

def _scorecard_blocks(output: RunOutput, i: int, lang: str) -> list[dict[str, Any]]:
    """The scorecard; with the observed value and its status beside the model's where one was published."""
    observations = output.observed(i)
    rows = observed_rows(output.scorecard, i, observations, lang)
    show_observed = any(r["observed"] is not None for r in rows)
    table_rows = []
    notes = []
    for r in rows:
        cells = [r["label"], plan_section(str(r["section"]), lang), str(r["year"]),
                 format_target(r["comparison"], r["target_value"], r["tolerance"]),
                 format_number(r["value"]), unit_text(str(r["unit"]), lang), status_cell(r),
                 margin_phrase(r, lang) if r["status"] != NOT_MODELLED else "-"]
        if show_observed:
            cells += [format_number(r["observed"]),
                      {"text": str(r["observed_status_label"]), "status": str(r["observed_status"])}
                      if r["observed"] is not None else "-"]
        table_rows.append(cells)
        if r["status"] == NOT_MODELLED and r["note"]:
            notes.append(pick(lang, f"{r['label']}：{r['note']}", f"{r['label']}: {r['note']}"))
    keys = ["col_target", "col_section", "col_year", "col_goal", "col_value", "col_unit", "col_status", "col_margin"]
    widths = ["1.6fr", "1.3fr", "auto", "auto", "auto", "auto", "auto", "1.2fr"]
    align = ["left", "left", "center", "right", "right", "left", "center", "left"]
    if show_observed:
        keys += ["col_observed", "col_observed_status"]
        widths += ["auto", "auto"]
        align += ["right", "center"]
    scorecard = table([phrase(k, lang) for k in keys], table_rows, widths, align,
                      note=phrase("observed_targets_note", lang) if show_observed else "")
    blocks = [heading(phrase("scorecard", lang)), scorecard]
    if len(observations) and not show_observed:
        blocks.append(paragraph(phrase("no_observed_targets", lang)))
    if notes:
        blocks.append(paragraph(phrase("not_modelled_note", lang) + pick(lang, "；", "; ").join(notes)))
    return blocks


def _chart_data(output: RunOutput, i: int, ref: int | None, lang: str) -> tuple[ChartData, ChartData | None]:
    """What the theme charts draw: the scenario with its observations, and the reference."""
    current = chart_data(output.results, output.scorecard, i, output.scenarios[i].title(lang), output.observed(i))
    reference = (chart_data(output.results, output.scorecard, ref, output.scenarios[ref].title(lang))
                 if ref is not None else None)
    return current, reference


def _chart_blocks(output: RunOutput, i: int, ref: int | None, lang: str,
                  svgs: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The theme charts with their captions (``svgs``: the charts drawn ahead, by theme)."""
    current, reference = _chart_data(output, i, ref, lang)
    if svgs is None:
        svgs = theme_svgs(current, reference, lang)
    blocks: list[dict[str, Any]] = [heading(phrase("charts", lang))]
    if ref is not None:
        ref_title = output.scenarios[ref].title(lang)
        ref_note = pick(lang, f"虚线为参照情景“{ref_title}”", f"dashed: reference scenario “{ref_title}”")
    else:
        ref_note = phrase("no_reference", lang)
    missing = []
    for chart in THEME_CHARTS:
        panels = available_panels(chart)
        if not panels:
            missing.append(chart.title(lang))
            continue
        parts = [pick(lang, "实线为本情景", "solid, this scenario"), ref_note]
        if any(p.marks for p in panels):
            parts.append(pick(lang, "菱形为规划目标（竖线为容差）", "diamonds mark plan targets (bars: tolerance)"))
        if any(v in current.observed for p in panels for v in p.variables):
            parts.append(pick(lang, "圆点为本旗公布的统计数据", "dots: the banner's published statistics"))
        caption = pick(lang, f"{chart.title(lang)}：" + "；".join(parts), f"{chart.title(lang)}: " + "; ".join(parts))
        blocks.append(figure(svgs[chart.theme], caption))
    if missing:
        blocks.append(paragraph(phrase("no_theme_vars", lang) + pick(lang, "、", ", ").join(missing)
                                + pick(lang, "。", ".")))
    return blocks


def _diagnostic_blocks(output: RunOutput, i: int, lang: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [heading(phrase("diagnostics", lang))]
    for d in output.diagnostics.rows(i, lang):
        status = phrase("found", lang) if d["found"] else phrase("not_found", lang)
        section = plan_section(str(d["section"]), lang)
        title = pick(lang, f"{d['title']}（{section}）：{status}", f"{d['title']} ({section}): {status}")
        blocks.append(callout(title, running_text(str(d["explanation"]), lang),
                              FOUND_FILL if d["found"] else NOT_FOUND_FILL))
    if len(blocks) == 1:
        blocks.append(paragraph(phrase("no_diagnostics", lang)))
    return blocks


def _set_by(scenario: Scenario, name: str) -> str:
    for s in scenario.lineage:
        if name in s.overrides:
            return s.id
    return "defaults"


def _appendix_blocks(scenario: Scenario, baseline: Scenario, lang: str) -> list[dict[str, Any]]:
    registry = scenario.registry
    values, base = scenario.resolved(), baseline.resolved()
    blocks = [pagebreak(), heading(phrase("appendix_diff", lang), numbered=False)]
    diff_rows = []
    for name, p in registry.items():
        if values[name] != base[name]:
            diff_rows.append([f"{p.label(lang)} ({name})", phrase(p.kind, lang), unit_text(p.unit, lang),
                              format_value(base[name]), format_value(values[name]),
                              _set_by(scenario, name)])
    if diff_rows:
        blocks.append(table([phrase(k, lang) for k in ("col_param", "col_kind", "col_unit", "col_baseline",
                                                       "col_scenario_value", "col_set_by")],
                            diff_rows, ["1.5fr", "auto", "auto", "1fr", "1fr", "auto"],
                            ["left", "left", "left", "left", "left", "left"]))
    else:
        blocks.append(paragraph(phrase("no_diff", lang)))
    blocks.append(heading(phrase("appendix_all", lang), numbered=False))
    records = {r["name"]: r for r in parameter_records(registry, lang)}
    defaults = registry.defaults()
    for theme, params in registry.by_theme().items():
        blocks.append(heading(pick(lang, *THEMES[theme]), 2, numbered=False))
        rows = []
        for p in params:
            rec = records[p.name]
            mark = " †" if values[p.name] != defaults[p.name] else ""
            source = (phrase("estimate", lang) if rec["estimate"] else "") + source_text(str(rec["source"]), lang)
            rows.append([f"{rec['label']} ({p.name})", phrase(p.kind, lang), unit_text(p.unit, lang),
                         format_value(values[p.name]) + mark, source])
        blocks.append(table([phrase(k, lang) for k in ("col_param", "col_kind", "col_unit",
                                                       "col_scenario_value", "col_source")],
                            rows, ["1.3fr", "auto", "auto", "0.9fr", "2fr"],
                            ["left", "left", "left", "left", "left"]))
    blocks.append(paragraph(phrase("diff_mark", lang)))
    return blocks


def _title_facts(scenario: Scenario, reference: Scenario | None, lang: str, generated: _dt.datetime,
                 commit: str | None) -> list[list[str]]:
    chain = " ← ".join([s.id for s in scenario.lineage] + ["defaults"])
    return [
        [phrase("scenario", lang), scenario.id],
        [phrase("file", lang), relative_to_project(scenario.path) if scenario.path else "-"],
        [phrase("lineage", lang), chain],
        [phrase("reference", lang),
         f"{reference.title(lang)} ({reference.id})" if reference else phrase("none", lang)],
        [phrase("date", lang), date_text(generated)],
        [phrase("version", lang), version_text(commit)],
        [phrase("hash", lang), scenario.resolved_hash()],
    ]


# --------------------------------------------------------------------------- the whole report

def scenario_report_content(output: RunOutput, i: int, ref: int | None, baseline: Scenario,
                            lang: str = DEFAULT_LANG, generated: _dt.datetime | None = None,
                            workers: int = 1) -> dict[str, Any]:
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
    workers
        Processes that draw the charts and the optional sections (:func:`model.reporting.forked.run_parts`;
        the content is the same whatever their number).
    """
    generated = generated or now_local()
    commit = git_commit()
    s = output.scenarios[i]
    current, reference = _chart_data(output, i, ref, lang)
    # the longest parts first, so that the processes finish together: the sections with their
    # own ensembles, then the charts with the most panels
    charts = sorted((chart for chart in THEME_CHARTS if available_panels(chart)),
                    key=lambda chart: -len(available_panels(chart)))
    discovery, uncertainty, *svgs = run_parts(
        [partial(discovery_blocks, s, lang), partial(uncertainty_blocks, s, lang, output.observed(i)),
         *[partial(theme_svg, chart, current, reference, lang) for chart in charts]], workers)
    blocks = [*executive_summary(output, i, ref, lang), *_scorecard_blocks(output, i, lang),
              *_chart_blocks(output, i, ref, lang, {c.theme: svg for c, svg in zip(charts, svgs)}),
              *_diagnostic_blocks(output, i, lang), *model_and_observed_blocks(output, i, baseline, lang),
              *uncertainty, *discovery, *_appendix_blocks(s, baseline, lang)]
    return {**document_frame(lang, commit), "title": s.title(lang), "subtitle": s.title(pick(lang, "en", "zh")),
            "kicker": phrase("kicker", lang), "description": s.description,
            "facts": _title_facts(s, output.scenarios[ref] if ref is not None else None, lang, generated, commit),
            "blocks": blocks}

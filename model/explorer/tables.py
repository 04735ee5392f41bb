"""The explorer's tables as HTML: headline, plan scorecard by theme, diagnostics, what changed.

Each table is rendered from a model run (:class:`model.runs.runner.RunOutput`)
in Chinese or English, with the same rules as the command line's scorecard
(:func:`model.text.format_target`, :func:`~model.text.format_margin`,
:func:`~model.text.format_number`), so a number reads the same in a terminal,
a report and the explorer; in English, units, plan sections and the amounts
in the diagnostics and notes are English (:func:`model.text.unit_text`,
:func:`~model.text.plan_section`, :func:`~model.text.english_text`).

* :func:`headline_html` - the plan's headline numbers above the charts: GDP
  growth, the 6:70:24 structure, industrial growth, energy against the cap,
  the stocking ratio and the acid balance, each with its status, the
  reference's value and an arrow for the change;
* :func:`scorecard_rows_html` - one theme's scorecard rows; a value that
  differs from the reference carries an arrow and a colour (green when it
  moves towards the target, red when away, blue for a target without a
  direction), and a status that differs names the reference's;
* :func:`diagnostics_html`, :func:`changes_html`.

Every value cell carries ``data-target`` and a class (``sc-value``,
``sc-ref``, ``sc-status``, ``sc-prob``) so that tests and the browser test
read it back.
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np

from model.explorer.state import ExplorerState
from model.runs.runner import RunOutput
from model.text import english_text, format_margin, format_number, format_target, pick, plan_section, unit_text

__all__ = ["headline_html", "scorecard_rows_html", "rows_by_id", "scorecard_summary", "diagnostics_html", "changes_html",
           "error_html", "ok_html", "HEADLINE", "change_mark"]

#: The headline cards: key -> (title zh, title en, target ids).  A card whose targets
#: the scorecard does not have is left out.
HEADLINE: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "gdp": ("", "", ("gdp_growth",)),
    "structure": ("三次产业结构 2025（6:70:24）", "Sector shares 2025 (6:70:24)",
                  ("share_primary_2025", "share_secondary_2025", "share_tertiary_2025")),
    "industry": ("", "", ("industry_growth",)),
    "energy": ("", "", ("energy_within_cap",)),
    "stocking": ("", "", ("stocking_within_capacity",)),
    "acid": ("", "", ("acid_all_consumed",)),
}


def error_html(message: str) -> str:
    """A message in the explorer's error colour."""
    return f'<span class="explorer-error">{html.escape(message)}</span>'


def ok_html(message: str) -> str:
    """A message in the explorer's success colour."""
    return f'<span class="explorer-ok">{html.escape(message)}</span>'


def _english(text: str, lang: str) -> str:
    """Text of the catalogue as it should read in ``lang`` (English without Chinese units or glosses)."""
    return text if lang == "zh" else english_text(text)


def rows_by_id(run: RunOutput | None, lang: str) -> dict[str, dict]:
    """A run's scorecard rows in ``lang`` by target id (empty for no run)."""
    return {} if run is None else {str(r["target"]): r for r in run.scorecard.rows(0, lang)}


def change_mark(row: Mapping, ref_value: float | None) -> tuple[str, str]:
    """``(arrow, css class)`` of a value against the reference's.

    No mark when the two read the same at two decimals; ``better`` when the
    value moves towards meeting the target (up for ``>=``, down for ``<=``,
    closer for ``about``), ``worse`` when away, ``moved`` otherwise.
    """
    value = row["value"]
    if value is None or ref_value is None or format_number(value) == format_number(ref_value):
        return "", ""
    arrow = "▲" if value > ref_value else "▼"
    comparison, target = row["comparison"], row["target_value"]
    if comparison == ">=":
        better = value > ref_value
    elif comparison == "<=":
        better = value < ref_value
    elif comparison == "about" and target is not None:
        better = abs(value - target) < abs(ref_value - target)
    else:
        return arrow, "moved"
    return arrow, "better" if better else "worse"


# --------------------------------------------------------------------------- headline

def headline_html(current: RunOutput, reference: RunOutput | None, lang: str) -> str:
    """The headline cards (see :data:`HEADLINE`) as HTML."""
    rows, refs = rows_by_id(current, lang), rows_by_id(reference, lang)
    cards = []
    for key, (title_zh, title_en, ids) in HEADLINE.items():
        if not all(i in rows for i in ids):
            continue
        group = [rows[i] for i in ids]
        title = pick(lang, title_zh, title_en) or str(group[0]["label"])
        if len(group) == 1:
            r = group[0]
            unit = unit_text(str(r["unit"]), lang)
            value = f"{format_number(r['value'], 1)} {unit}"
            target = f"{format_target(r['comparison'], r['target_value'], r['tolerance'], 1)} {unit}"
            ref_row = refs.get(ids[0])
            ref_value = None if ref_row is None else ref_row["value"]
            arrow, cls = change_mark(r, ref_value)
            ref = "" if ref_row is None else f"{format_number(ref_value, 1)} {unit}"
        else:  # the structure: shares side by side against the plan's ratio
            value = " : ".join(format_number(r["value"], 1) for r in group)
            target = ":".join(f"{r['target_value']:g}" if r["target_value"] is not None else "-" for r in group)
            ref_rows = [refs.get(i) for i in ids]
            ref = "" if None in ref_rows else " : ".join(format_number(r["value"], 1) for r in ref_rows)
            moved = any(change_mark(r, rr["value"])[0] for r, rr in zip(group, ref_rows) if rr is not None)
            arrow, cls = ("◆", "moved") if moved else ("", "")
        statuses = {str(r["status"]) for r in group}
        status = "missed" if "missed" in statuses else "met" if statuses == {"met"} else "not modelled"
        missed = sum(str(r["status"]) == "missed" for r in group)
        word = pick(lang, *{"met": ("达成", "met"), "missed": ("未达成", "missed"),
                            "not modelled": ("未建模", "not modelled")}[status])
        if len(group) > 1 and missed:
            word += pick(lang, f"（{missed}/{len(group)}项）", f" ({missed} of {len(group)})")
        mark = f' <span class="{cls}">{arrow}</span>' if arrow else ""
        ref_line = (f'<div class="ref">{pick(lang, "参照：", "reference: ")}{html.escape(ref)}</div>'
                    if ref else "")
        cards.append(
            f'<div class="explorer-card {status.replace(" ", "")}" data-headline="{key}">'
            f'<div>{html.escape(title)}</div>'
            f'<div class="value">{html.escape(value)}{mark}</div>'
            f'<div>{pick(lang, "目标", "target")} {html.escape(target)} · '
            f'<span class="status">{html.escape(word)}</span></div>{ref_line}</div>')
    return f'<div class="explorer-headline">{"".join(cards)}</div>'


# --------------------------------------------------------------------------- scorecard

def _headers(lang: str, with_probability: bool) -> list[str]:
    head = pick(lang, ["目标", "规划出处", "年份", "目标值", "当前设置", "参照情景", "状态", "差距", "单位"],
                ["target", "plan section", "year", "target value", "current", "reference", "status", "margin",
                 "unit"])
    if with_probability:
        head.insert(7, pick(lang, "达成概率", "probability met"))
    return head


def scorecard_rows_html(rows: Mapping[str, Mapping], refs: Mapping[str, Mapping], lang: str,
                        target_ids: Sequence[str], probabilities: Mapping[str, float] | None = None) -> str:
    """The scorecard rows of ``target_ids`` (current next to reference) as an HTML table.

    ``rows`` and ``refs`` are the current run's and the reference's rows by target
    id (:func:`rows_by_id`; an empty ``refs`` when there is no reference).
    """
    out = ['<table class="explorer-table explorer-scorecard"><tr>',
           "".join(f"<th>{h}</th>" for h in _headers(lang, probabilities is not None)), "</tr>"]
    for tid_raw in target_ids:
        r = rows[tid_raw]
        ref_row = refs.get(tid_raw)
        ref_value = None if ref_row is None else ref_row["value"]
        arrow, cls = change_mark(r, ref_value)
        status_class = str(r["status"]).replace(" ", "")
        status = html.escape(str(r["status_label"]))
        if ref_row is not None and ref_row["status"] != r["status"]:
            ref_status = html.escape(str(ref_row["status_label"]))
            status += (' <span style="font-weight:normal;color:#666">'
                       + pick(lang, f"（参照：{ref_status}）", f"(ref.: {ref_status})") + "</span>")
        tid = html.escape(tid_raw)
        out.append(
            f'<tr class="{status_class}" data-target="{tid}">'
            f'<td title="{html.escape(_english(str(r["note"]), lang))}">{html.escape(str(r["label"]))}</td>'
            f'<td>{html.escape(plan_section(str(r["section"]), lang))}</td><td class="num">{r["year"]}</td>'
            f'<td class="num">{format_target(r["comparison"], r["target_value"], r["tolerance"])}</td>'
            f'<td class="num sc-value{" diff " + cls if cls else ""}" data-target="{tid}" '
            f'data-value="{format_number(r["value"])}">{format_number(r["value"])}'
            f'{f"<span class=arrow> {arrow}</span>" if arrow else ""}</td>'
            f'<td class="num sc-ref" data-target="{tid}">{format_number(ref_value)}</td>'
            f'<td class="status sc-status" data-target="{tid}">{status}</td>'
            + (_probability_cell(probabilities.get(tid_raw), tid) if probabilities is not None else "")
            + f'<td class="num">{format_margin(r["margin"])}</td>'
              f'<td>{html.escape(unit_text(str(r["unit"]), lang))}</td></tr>')
    out.append("</table>")
    return "".join(out)


def scorecard_summary(current: RunOutput, lang: str) -> str:
    """The scorecard's heading: how many targets are met and missed."""
    met = int((current.scorecard.status[0] == "met").sum())
    missed = int((current.scorecard.status[0] == "missed").sum())
    title = pick(lang, "规划目标记分卡", "Plan scorecard")
    return pick(lang, f"<b>{title}</b>：达成 {met} 项，未达成 {missed} 项",
                f"<b>{title}</b>: {met} met, {missed} missed")


def _probability_cell(p: float | None, tid: str) -> str:
    text = "-" if p is None or not np.isfinite(p) else f"{100 * p:.0f}%"
    return f'<td class="num sc-prob" data-target="{tid}">{text}</td>'


# --------------------------------------------------------------------------- diagnostics

def diagnostics_html(current: RunOutput, lang: str) -> str:
    """The plan diagnostics of the current settings as an HTML table."""
    rows = current.diagnostics.rows(0, lang)
    n_found = sum(1 for r in rows if r["found"])
    title = pick(lang, "规划内部矛盾诊断", "Plan diagnostics")
    head = pick(lang, f"<b>{title}</b>：{n_found}/{len(rows)} 项在当前设置下出现",
                f"<b>{title}</b>: {n_found} of {len(rows)} contradictions bite here")
    out = [head, '<table class="explorer-table explorer-diagnostics">']
    for r in rows:
        mark = pick(lang, "✗ 存在", "✗ found") if r["found"] else pick(lang, "✓ 未出现", "✓ not found")
        cls = "missed" if r["found"] else "met"
        text = _english(str(r["explanation"]), lang)
        out.append(f'<tr class="{cls}" data-diagnostic="{html.escape(str(r["diagnostic"]))}">'
                   f'<td class="status">{mark}</td><td><b>{html.escape(str(r["title"]))}</b> '
                   f'[{html.escape(plan_section(str(r["section"]), lang))}]<br>{html.escape(text)}</td></tr>')
    out.append("</table>")
    return "".join(out)


# --------------------------------------------------------------------------- changes

def changes_html(state: ExplorerState, lang: str) -> str:
    """What the current settings change relative to the loaded scenario, levers apart from assumptions."""
    changed = state.changed()
    base = html.escape(state.base.title(lang))
    if not changed["lever"] and not changed["assumption"]:
        return pick(lang, f"与〈{base}〉相同，未作修改。", f"Same as “{base}”: nothing changed.")
    parts = []
    for kind, (zh_name, en_one, en_many) in (("lever", ("政策杠杆", "lever", "levers")),
                                             ("assumption", ("假设", "assumption", "assumptions"))):
        names = changed[kind]
        if names:
            labels = html.escape(pick(lang, "、", ", ").join(state.registry[n].label(lang) for n in names))
            parts.append(pick(lang, f"{zh_name} {len(names)} 项（{labels}）",
                              f"{len(names)} {en_one if len(names) == 1 else en_many} ({labels})"))
    return pick(lang, f"相对于〈{base}〉已修改：" + "；".join(parts), f"Changed from “{base}”: " + "; ".join(parts))

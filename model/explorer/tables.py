"""The explorer's tables as HTML: plan scorecard, plan diagnostics, what changed.

Each table is rendered from a model run (:class:`model.runs.runner.RunOutput`)
in Chinese or English, with the same rules as the command line's scorecard
(:func:`model.text.format_target`, :func:`~model.text.format_margin`,
:func:`~model.text.format_number`), so a number reads the same in a terminal,
a report and the explorer.  Every value cell carries ``data-target`` and a
class (``sc-value``, ``sc-ref``, ``sc-status``, ``sc-prob``) so that tests and
the browser test read it back.
"""
from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np

from model.explorer.state import ExplorerState
from model.runs.runner import RunOutput
from model.text import format_margin, format_number, format_target, pick

__all__ = ["scorecard_html", "diagnostics_html", "changes_html", "error_html", "ok_html"]

_CSS = """<style>
.explorer-table {border-collapse: collapse; font-size: 12px; width: 100%;}
.explorer-table th, .explorer-table td {border-bottom: 1px solid #e3e3e3; padding: 2px 6px;
  text-align: left; vertical-align: top;}
.explorer-table td.num {text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;}
.explorer-table tr.met td.status {color: #2e7d32; font-weight: bold;}
.explorer-table tr.missed td.status {color: #c8412d; font-weight: bold;}
.explorer-table tr.notmodelled td {color: #888;}
.explorer-table td.diff {background: #fff4d6;}
</style>"""


def error_html(message: str) -> str:
    """A message in the explorer's error colour."""
    return f'<span style="color:#c8412d">{html.escape(message)}</span>'


def ok_html(message: str) -> str:
    """A message in the explorer's success colour."""
    return f'<span style="color:#2e7d32">{html.escape(message)}</span>'


# --------------------------------------------------------------------------- scorecard

def scorecard_html(current: RunOutput, reference: RunOutput | None, lang: str,
                   probabilities: Mapping[str, float] | None = None) -> str:
    """The scorecard of the current settings next to the reference, as an HTML table.

    With ``probabilities`` (target id -> share of ensemble draws meeting it) a
    column shows them.
    """
    ref_rows = reference.scorecard.rows(0, lang) if reference is not None else None
    head = pick(lang, ["目标", "规划出处", "年份", "目标值", "当前设置", "参照情景", "状态", "差距", "单位"],
                ["target", "plan section", "year", "target value", "current", "reference", "status", "margin",
                 "unit"])
    if probabilities is not None:
        head.insert(7, pick(lang, "达成概率", "probability met"))
    out = [_CSS, '<table class="explorer-table explorer-scorecard"><tr>',
           "".join(f"<th>{h}</th>" for h in head), "</tr>"]
    for j, r in enumerate(current.scorecard.rows(0, lang)):
        target = format_target(r["comparison"], r["target_value"], r["tolerance"])
        ref_value = ref_rows[j]["value"] if ref_rows is not None else None
        differs = (ref_value is not None and r["value"] is not None
                   and format_number(ref_value) != format_number(r["value"]))
        status_class = str(r["status"]).replace(" ", "")
        tid = html.escape(str(r["target"]))
        out.append(
            f'<tr class="{status_class}" data-target="{tid}">'
            f'<td title="{html.escape(str(r["note"]))}">{html.escape(str(r["label"]))}</td>'
            f'<td>{html.escape(str(r["section"]))}</td><td class="num">{r["year"]}</td>'
            f'<td class="num">{target}</td>'
            f'<td class="num sc-value{" diff" if differs else ""}" data-target="{tid}">'
            f'{format_number(r["value"])}</td>'
            f'<td class="num sc-ref" data-target="{tid}">{format_number(ref_value)}</td>'
            f'<td class="status sc-status" data-target="{tid}">{html.escape(str(r["status_label"]))}</td>'
            + (_probability_cell(probabilities.get(str(r["target"])), tid) if probabilities is not None else "")
            + f'<td class="num">{format_margin(r["margin"])}</td><td>{html.escape(str(r["unit"]))}</td></tr>')
    out.append("</table>")
    met = int((current.scorecard.status[0] == "met").sum())
    missed = int((current.scorecard.status[0] == "missed").sum())
    title = pick(lang, "规划目标记分卡", "Plan scorecard")
    summary = pick(lang, f"<b>{title}</b>：达成 {met} 项，未达成 {missed} 项",
                   f"<b>{title}</b>: {met} met, {missed} missed")
    return summary + "".join(out)


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
        out.append(f'<tr class="{cls}" data-diagnostic="{html.escape(str(r["diagnostic"]))}">'
                   f'<td class="status">{mark}</td><td><b>{html.escape(str(r["title"]))}</b> '
                   f'[{html.escape(str(r["section"]))}]<br>{html.escape(str(r["explanation"]))}</td></tr>')
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

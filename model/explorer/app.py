"""The explorer: controls, live theme charts, scorecard and diagnostics in one widget.

Layout (Chinese first, English one switch away)::

    title, language switch
    start scenario [file v] [other file] [load] [reset]  reference [file v] [other file] [use]
    +- controls: one tab per theme -+  +- charts: one tab per theme (current solid, reference dashed)
    |  levers                       |  |  scorecard: target, value, reference, status, margin
    |  assumptions                  |  |  plan diagnostics, in plain language
    |  sources of the parameters    |  +- uncertainty bands (toggle), goal seeking
    +-------------------------------+
    save as a new scenario: id, titles, note, file, confirm overwrite, [save]

How a change reaches the screen (:meth:`Explorer.refresh`):

1. a control reports ``(name, value)``; the value is checked and stored in
   :class:`~model.explorer.state.ExplorerState`;
2. the refresh is debounced: changes arriving within ``debounce_s`` of each
   other are computed once, when they settle;
3. one vectorised model call (:func:`model.runs.runner.run_scenarios`, the same
   function the command line uses) gives results, scorecard and diagnostics;
4. each chart whose data changed is marked stale; only the visible one is
   redrawn, by moving its existing artists and blitting them
   (:class:`model.reporting.charts.BlitRenderer`); the others are redrawn when their
   tab is opened;
5. the scorecard, diagnostics and changes tables are re-rendered as HTML.
"""
from __future__ import annotations

import asyncio
import html
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np

from model.reporting.charts import THEME_CHARTS, BlitRenderer, ChartData, ThemeChart, ThemeFigure, available_panels, chart_data
from model.core.parameter import THEMES, ParameterValue
from model.core.registry import REGISTRY, Registry
from model.text import format_number
from model.errors import UserInputError
from model.runs.runner import RunOutput, run_scenarios
from model.scenarios import SCENARIO_DIR, Scenario, ScenarioError, load_scenario
from model.explorer.controls import ControlPanel
from model.explorer.extras import GoalSeekControls, UncertaintyControls
from model.explorer.state import ExplorerState, scenario_files

__all__ = ["Explorer", "ChartPane", "PROJECT_ROOT", "resolve_path", "scorecard_html",
           "diagnostics_html", "changes_html", "DEFAULT_DEBOUNCE_S", "CHART_DPI"]

PROJECT_ROOT: Path = SCENARIO_DIR.parent
#: Changes arriving closer together than this are computed once (seconds).
DEFAULT_DEBOUNCE_S = 0.025
#: Resolution of the chart images (96 dpi gives 864 x 307 px for a 9 x 3.2 in figure).
CHART_DPI = 96

_TEXT = {
    "title": ("乌拉特后旗“十四五”规划情景探索器", "Urad Rear Banner 14th Five-Year Plan: scenario explorer"),
    "start": ("起点情景", "Start from"),
    "reference": ("参照情景", "Reference"),
    "other": ("或其他文件路径", "or another file path"),
    "load": ("载入", "Load"),
    "reset": ("重置", "Reset"),
    "use": ("设为参照", "Use"),
    "scorecard": ("规划目标记分卡", "Plan scorecard"),
    "diagnostics": ("规划内部矛盾诊断", "Plan diagnostics"),
    "save": ("保存为新情景", "Save as a new scenario"),
    "save_button": ("保存", "Save"),
    "id": ("情景编号", "Scenario id"),
    "title_zh": ("中文标题", "Chinese title"),
    "title_en": ("英文标题", "English title"),
    "note": ("说明", "Note"),
    "file": ("文件", "File"),
    "overwrite": ("确认覆盖已有文件", "Confirm replacing an existing file"),
    "charts": ("图表（实线：当前设置；虚线：参照情景）", "Charts (solid: current settings; dashed: reference)"),
    "uncertainty": ("不确定性区间", "Uncertainty bands"),
    "goal": ("目标求解", "Goal seeking"),
}


def _t(key: str, lang: str) -> str:
    return _TEXT[key][0 if lang == "zh" else 1]


def resolve_path(path: str | Path) -> Path:
    """A user's path: as given when it exists, else relative to the project folder.

    Lets a notebook in ``notebooks/`` name ``scenarios/baseline.yaml``.
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p
    return PROJECT_ROOT / p


def _error_html(message: str) -> str:
    return f'<span style="color:#c8412d">{html.escape(message)}</span>'


def _ok_html(message: str) -> str:
    return f'<span style="color:#2e7d32">{html.escape(message)}</span>'


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


def scorecard_html(current: RunOutput, reference: RunOutput | None, lang: str,
                   probabilities: Mapping[str, float] | None = None) -> str:
    """The scorecard of the current settings next to the reference, as an HTML table.

    Every value cell carries ``data-target`` and a class (``sc-value``,
    ``sc-ref``, ``sc-status``, ``sc-prob``) so that tests can read it back.
    With ``probabilities`` (target id -> share of ensemble draws meeting it) a
    column shows them.
    """
    zh = lang == "zh"
    ref_rows = reference.scorecard.rows(0, lang) if reference is not None else None
    head = ["目标", "规划出处", "年份", "目标值", "当前设置", "参照情景", "状态", "差距", "单位"] if zh else \
        ["target", "plan section", "year", "target value", "current", "reference", "status", "margin", "unit"]
    if probabilities is not None:
        head.insert(7, "达成概率" if zh else "probability met")
    out = [_CSS, '<table class="explorer-table explorer-scorecard"><tr>',
           "".join(f"<th>{h}</th>" for h in head), "</tr>"]
    for j, r in enumerate(current.scorecard.rows(0, lang)):
        cmp = {"about": "≈", ">=": "≥", "<=": "≤", "not_modelled": ""}[str(r["comparison"])]
        target = "-" if r["target_value"] is None else f"{cmp}{format_number(r['target_value'])}"
        if r["tolerance"] is not None:
            target += f" ±{format_number(r['tolerance'], 1)}"
        ref_value = ref_rows[j]["value"] if ref_rows is not None else None
        differs = (ref_value is not None and r["value"] is not None
                   and format_number(ref_value) != format_number(r["value"]))
        margin = "-" if r["margin"] is None else f"{r['margin'] + 0.0:+,.2f}".replace("-0.00", "+0.00")
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
            + f'<td class="num">{margin}</td><td>{html.escape(str(r["unit"]))}</td></tr>')
    out.append("</table>")
    met = int((current.scorecard.status[0] == "met").sum())
    missed = int((current.scorecard.status[0] == "missed").sum())
    summary = (f"达成 {met} 项，未达成 {missed} 项" if zh else f"{met} met, {missed} missed")
    return f"<b>{_t('scorecard', lang)}</b>：{summary}" + "".join(out) if zh else \
        f"<b>{_t('scorecard', lang)}</b>: {summary}" + "".join(out)


def _probability_cell(p: float | None, tid: str) -> str:
    text = "-" if p is None or not np.isfinite(p) else f"{100 * p:.0f}%"
    return f'<td class="num sc-prob" data-target="{tid}">{text}</td>'


def diagnostics_html(current: RunOutput, lang: str) -> str:
    """The plan diagnostics of the current settings as an HTML table."""
    zh = lang == "zh"
    rows = current.diagnostics.rows(0, lang)
    n_found = sum(1 for r in rows if r["found"])
    head = (f"<b>{_t('diagnostics', lang)}</b>：{n_found}/{len(rows)} 项在当前设置下出现" if zh else
            f"<b>{_t('diagnostics', lang)}</b>: {n_found} of {len(rows)} contradictions bite here")
    out = [head, '<table class="explorer-table explorer-diagnostics">']
    for r in rows:
        mark = ("✗ 存在" if zh else "✗ found") if r["found"] else ("✓ 未出现" if zh else "✓ not found")
        cls = "missed" if r["found"] else "met"
        out.append(f'<tr class="{cls}" data-diagnostic="{html.escape(str(r["diagnostic"]))}">'
                   f'<td class="status">{mark}</td><td><b>{html.escape(str(r["title"]))}</b> '
                   f'[{html.escape(str(r["section"]))}]<br>{html.escape(str(r["explanation"]))}</td></tr>')
    out.append("</table>")
    return "".join(out)


def changes_html(state: ExplorerState, lang: str) -> str:
    """What the current settings change relative to the loaded scenario, levers apart from assumptions."""
    zh = lang == "zh"
    changed = state.changed()
    base = state.base.title(lang)
    if not changed["lever"] and not changed["assumption"]:
        return (f"与〈{html.escape(base)}〉相同，未作修改。" if zh else
                f"Same as “{html.escape(base)}”: nothing changed.")
    parts = []
    for kind, (zh_name, en_one, en_many) in (("lever", ("政策杠杆", "lever", "levers")),
                                             ("assumption", ("假设", "assumption", "assumptions"))):
        names = changed[kind]
        if names:
            labels = "、".join(state.registry[n].label(lang) for n in names) if zh else \
                ", ".join(state.registry[n].label(lang) for n in names)
            parts.append(f"{zh_name} {len(names)} 项（{html.escape(labels)}）" if zh else
                         f"{len(names)} {en_one if len(names) == 1 else en_many} ({html.escape(labels)})")
    return (f"相对于〈{html.escape(base)}〉已修改：" + "；".join(parts) if zh else
            f"Changed from “{html.escape(base)}”: " + "; ".join(parts))


@dataclass
class ChartPane:
    """One theme's figure, its image widget and whether it needs redrawing."""

    chart: ThemeChart
    figure: ThemeFigure
    renderer: BlitRenderer
    image: widgets.Image
    signature: bytes = b""
    stale: bool = True
    pending: tuple[ChartData, ChartData | None] | None = None
    renders: int = 0
    bands: Mapping[str, np.ndarray] | None = field(default=None)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(v for p in self.figure.panels for v in p.variables)

    def data_signature(self, current: ChartData, reference: ChartData | None) -> bytes:
        """Bytes that change exactly when what this chart shows changes."""
        parts = [current.series[v].tobytes() for v in self.variables]
        if reference is not None:
            parts += [reference.series[v].tobytes() for v in self.variables if v in reference.series]
        targets = [t for p in self.figure.panels for t in p.target_ids]
        parts.append(repr([current.marks.get(t) for t in targets]).encode())
        if self.bands is not None:
            parts += [b"bands"] + [np.asarray(self.bands[v]).tobytes() for v in self.variables
                                   if v in self.bands]
        return b"".join(parts)


class Explorer:
    """The interactive explorer (an ipywidgets layout).

    Parameters
    ----------
    scenario
        Scenario file to start from (inheritance resolved).
    reference
        Scenario file every chart and the scorecard compare with
        (``scenarios/baseline.yaml`` when None).
    lang
        ``"zh"`` (default) or ``"en"``.
    debounce_s
        Changes closer together than this are computed once.  With 0, or
        outside a running event loop (tests, scripts), every change is
        computed at once.
    registry
        The parameter registry.

    Attributes
    ----------
    widget
        The root widget; displaying the explorer displays it.
    controls
        Parameter name -> its control (:mod:`model.explorer.controls`).
    output, reference_output
        The last model run of the current settings and of the reference.
    last_refresh_s
        Seconds the last refresh took (model, charts, tables).
    """

    def __init__(self, scenario: str | Path | None = None, reference: str | Path | None = None,
                 lang: str = "zh", debounce_s: float = DEFAULT_DEBOUNCE_S,
                 registry: Registry = REGISTRY):
        if lang not in ("zh", "en"):
            raise UserInputError(f"lang: expected 'zh' or 'en', got {lang!r}")
        self.lang = lang
        self.debounce_s = debounce_s
        self.registry = registry
        self.state = ExplorerState.from_file(resolve_path(scenario or SCENARIO_DIR / "baseline.yaml"),
                                             registry)
        self.reference: Scenario = load_scenario(resolve_path(reference or SCENARIO_DIR / "baseline.yaml"),
                                                 registry)
        self.reference_output: RunOutput = run_scenarios([self.reference])
        self.output: RunOutput | None = None
        self.last_refresh_s = 0.0
        self.refresh_count = 0
        self._pending: asyncio.TimerHandle | None = None
        self._listeners: list[Callable[["Explorer"], None]] = []
        #: The parameter the user changed last (goal seeking varies it).
        self.selected_parameter: str | None = None
        self._build()
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        lang = self.lang
        self.title = widgets.HTML()
        self.lang_switch = widgets.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=lang,
                                                 style={"button_width": "72px"})
        self.lang_switch.add_class("explorer-lang")
        self.lang_switch.observe(lambda c: self.set_lang(c["new"]), names="value")

        files = scenario_files()
        self.start_label = widgets.HTML(layout=widgets.Layout(width="70px"))
        self.start_pick = widgets.Dropdown(layout=widgets.Layout(width="260px"))
        self.start_path = widgets.Text(layout=widgets.Layout(width="200px"))
        self.load_button = widgets.Button(layout=widgets.Layout(width="70px"))
        self.reset_button = widgets.Button(layout=widgets.Layout(width="70px"))
        self.load_button.on_click(lambda _: self._load_clicked())
        self.reset_button.on_click(lambda _: self.reset())
        self.ref_label = widgets.HTML(layout=widgets.Layout(width="70px"))
        self.ref_pick = widgets.Dropdown(layout=widgets.Layout(width="260px"))
        self.ref_path = widgets.Text(layout=widgets.Layout(width="200px"))
        self.ref_button = widgets.Button(layout=widgets.Layout(width="90px"))
        self.ref_button.on_click(lambda _: self._reference_clicked())
        self._files = files
        self._picking = False
        self._fill_pickers()
        self.ref_pick.observe(lambda c: self._reference_picked(c["new"]), names="value")

        self.panel = ControlPanel(self.registry, self.state.values, lang, self._control_changed)
        self.controls = self.panel.controls
        self.panel.tabs.observe(self._control_tab_changed, names="selected_index")

        self.panes: dict[str, ChartPane] = {}
        for chart in THEME_CHARTS:
            if available_panels(chart):
                self.panes[chart.theme] = self._make_pane(chart)
        self.chart_tabs = widgets.Tab(children=[p.image for p in self.panes.values()])
        self.chart_tabs.add_class("explorer-charts")
        self.chart_tabs.observe(lambda _: self._render_visible(), names="selected_index")
        self.charts_heading = widgets.HTML()

        self.changes = widgets.HTML()
        self.changes.add_class("explorer-changes")
        self.scorecard = widgets.HTML()
        self.scorecard.add_class("explorer-scorecard")
        self.diagnostics = widgets.HTML()
        self.diagnostics.add_class("explorer-diagnostics")
        self.status = widgets.HTML()
        self.status.add_class("explorer-status")

        self.save_heading = widgets.HTML()
        self.save_id = widgets.Text(layout=widgets.Layout(width="300px"))
        self.save_title_zh = widgets.Text(layout=widgets.Layout(width="300px"))
        self.save_title_en = widgets.Text(layout=widgets.Layout(width="300px"))
        self.save_note = widgets.Textarea(layout=widgets.Layout(width="460px", height="60px"))
        self.save_file = widgets.Text(layout=widgets.Layout(width="460px"))
        self.save_overwrite = widgets.Checkbox(value=False, indent=False)
        self.save_button = widgets.Button(button_style="primary")
        self.save_button.on_click(lambda _: self._save_clicked())
        self.save_message = widgets.HTML()
        self.save_message.add_class("explorer-save-message")
        self.save_id.observe(self._suggest_file, names="value")

        self.uncertainty = UncertaintyControls(lang)
        self.uncertainty.toggle.observe(lambda _: self.schedule_refresh(), names="value")
        self.uncertainty.draws.observe(lambda _: self.schedule_refresh(), names="value")
        self.goalseek = GoalSeekControls(self)
        self.goalseek_box = widgets.Accordion(children=[self.goalseek.widget])
        self.goalseek_box.add_class("explorer-goalseek")
        self.extras = widgets.VBox([self.uncertainty.widget, self.goalseek_box])
        self.bands: dict[str, np.ndarray] | None = None
        self.probabilities: dict[str, float] | None = None

        header = widgets.HBox([self.title, self.lang_switch],
                              layout=widgets.Layout(justify_content="space-between", align_items="center"))
        scen_row = widgets.HBox([self.start_label, self.start_pick, self.start_path, self.load_button,
                                 self.reset_button], layout=widgets.Layout(flex_flow="row wrap"))
        ref_row = widgets.HBox([self.ref_label, self.ref_pick, self.ref_path, self.ref_button],
                               layout=widgets.Layout(flex_flow="row wrap"))
        save_box = widgets.VBox([self.save_heading, self.save_id, self.save_title_zh, self.save_title_en,
                                 self.save_note, self.save_file,
                                 widgets.HBox([self.save_overwrite, self.save_button]), self.save_message])
        # side by side from about 940 px (JupyterLab's output area), stacked when narrower
        left = widgets.VBox([self.panel.tabs, save_box],
                            layout=widgets.Layout(flex="1 1 470px", min_width="420px", max_width="720px"))
        right = widgets.VBox([self.charts_heading, self.chart_tabs, self.extras, self.changes, self.scorecard,
                              self.diagnostics, self.status],
                             layout=widgets.Layout(flex="1 1 620px", min_width="500px"))
        self.widget = widgets.VBox([header, scen_row, ref_row,
                                    widgets.HBox([left, right], layout=widgets.Layout(
                                        flex_flow="row wrap", align_items="flex-start"))])
        self.widget.add_class("urad-explorer")
        self._apply_lang_texts()

    def _make_pane(self, chart: ThemeChart) -> ChartPane:
        figure = ThemeFigure(chart, self.lang)
        image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="900px"))
        image.add_class(f"chart-{chart.theme}")
        return ChartPane(chart, figure, BlitRenderer(figure, CHART_DPI), image)

    def _fill_pickers(self) -> None:
        options = []
        for f in self._files:
            try:
                title = load_scenario(f, self.registry).title(self.lang)
            except ScenarioError:
                title = f.stem
            options.append((f"{title} ({f.name})", str(f.resolve())))
        for pick, scenario in ((self.start_pick, self.state.base), (self.ref_pick, self.reference)):
            value = str(scenario.path.resolve()) if scenario.path else None
            extra = [] if value in {o[1] for o in options} or value is None else \
                [(f"{scenario.title(self.lang)} ({Path(value).name})", value)]
            self._picking = True
            try:
                pick.options = options + extra
                if value is not None:
                    pick.value = value
            finally:
                self._picking = False

    def _apply_lang_texts(self) -> None:
        lang = self.lang
        self.title.value = f"<h3 style='margin:4px 0'>{_t('title', lang)}</h3>"
        self.start_label.value = f"<b>{_t('start', lang)}</b>"
        self.ref_label.value = f"<b>{_t('reference', lang)}</b>"
        self.start_path.placeholder = _t("other", lang)
        self.ref_path.placeholder = _t("other", lang)
        self.load_button.description = _t("load", lang)
        self.reset_button.description = _t("reset", lang)
        self.ref_button.description = _t("use", lang)
        self.charts_heading.value = f"<b>{_t('charts', lang)}</b>"
        self.chart_tabs.titles = tuple(THEMES[t][0 if lang == "zh" else 1] for t in self.panes)
        self.save_heading.value = f"<b>{_t('save', lang)}</b>"
        for w, key in ((self.save_id, "id"), (self.save_title_zh, "title_zh"),
                       (self.save_title_en, "title_en"), (self.save_note, "note"), (self.save_file, "file")):
            w.description = _t(key, lang)
            w.style = {"description_width": "80px"}
        self.save_id.placeholder = "my-scenario"
        self.save_file.placeholder = "scenarios/my-scenario.yaml"
        self.save_overwrite.description = _t("overwrite", lang)
        self.save_button.description = _t("save_button", lang)
        self.goalseek_box.titles = ("目标求解（所选参数）" if lang == "zh" else "Goal seeking (selected lever)",)

    # ------------------------------------------------------------------ changes

    def _control_changed(self, name: str, value: ParameterValue) -> None:
        try:
            self.state.set(name, value)
        except UserInputError as exc:
            self.status.value = _error_html(str(exc))
            self.controls[name].set_value(self.state.values[name])
            return
        self.selected_parameter = name
        self.goalseek.select(name)
        self.schedule_refresh()

    def set_value(self, name: str, value: ParameterValue) -> None:
        """Set a parameter through its control, as a user would."""
        control = self.controls[name]
        control.set_value(value)
        control._fire()

    def schedule_refresh(self) -> None:
        """Recompute once the changes settle (debounce), or now outside an event loop."""
        if self.debounce_s <= 0:
            self.refresh()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.refresh()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.debounce_s, self._debounced)

    def _debounced(self) -> None:
        self._pending = None
        self.refresh()

    def on_refresh(self, callback: Callable[["Explorer"], None]) -> None:
        """Call ``callback(explorer)`` after every refresh (used by the extras)."""
        self._listeners.append(callback)

    def refresh(self) -> None:
        """Run the model for the current settings and update every visible output."""
        start = time.perf_counter()
        scenario = self.state.scenario()
        try:
            self.output = run_scenarios([scenario])
            self.bands, self.probabilities = self.uncertainty.compute(scenario)
        except (UserInputError, ValueError) as exc:
            self.status.value = _error_html(str(exc))
            return
        for pane in self.panes.values():
            pane.bands = self.bands
        self._update_charts()
        self._update_tables()
        for callback in self._listeners:
            callback(self)
        self.refresh_count += 1
        self.last_refresh_s = time.perf_counter() - start
        ms = self.last_refresh_s * 1000
        self.status.value = (f'<span style="color:#888">更新用时 {ms:.0f} 毫秒</span>' if self.lang == "zh"
                             else f'<span style="color:#888">updated in {ms:.0f} ms</span>')

    def current_chart_data(self) -> tuple[ChartData, ChartData]:
        """Chart data of the current settings and of the reference."""
        assert self.output is not None
        cur = chart_data(self.output.results, self.output.scorecard, 0,
                         "当前设置" if self.lang == "zh" else "current settings")
        ref = chart_data(self.reference_output.results, self.reference_output.scorecard, 0,
                         self.reference.title(self.lang))
        return cur, ref

    def _update_charts(self) -> None:
        cur, ref = self.current_chart_data()
        for pane in self.panes.values():
            signature = pane.data_signature(cur, ref)
            if signature != pane.signature:
                pane.signature = signature
                pane.pending = (cur, ref)
                pane.stale = True
        self._render_visible()

    def visible_theme(self) -> str | None:
        """The theme whose chart tab is open."""
        index = self.chart_tabs.selected_index
        if index is None or not self.panes:
            return None
        return list(self.panes)[index]

    def _render_visible(self) -> None:
        theme = self.visible_theme()
        if theme is not None:
            self.render_pane(self.panes[theme])

    def render_pane(self, pane: ChartPane) -> None:
        """Redraw one chart if its data changed since it was last drawn."""
        if not pane.stale or pane.pending is None:
            return
        cur, ref = pane.pending
        pane.figure.set_fans(dict(pane.bands) if pane.bands is not None else None)
        pane.figure.update(cur, ref, keep_limits=True)
        pane.image.value = pane.renderer.png()
        pane.stale = False
        pane.renders += 1

    def _update_tables(self) -> None:
        assert self.output is not None
        self.scorecard.value = scorecard_html(self.output, self.reference_output, self.lang,
                                              self.probabilities)
        self.diagnostics.value = diagnostics_html(self.output, self.lang)
        self.changes.value = changes_html(self.state, self.lang)
        self.panel.mark_changed(set(self.state.overrides()))

    def _control_tab_changed(self, change: Mapping[str, Any]) -> None:
        index = change["new"]
        if index is None:
            return
        theme = self.panel.themes[index]
        if theme in self.panes:
            self.chart_tabs.selected_index = list(self.panes).index(theme)

    # ------------------------------------------------------------------ scenarios

    def load(self, path: str | Path) -> None:
        """Start from another scenario file: every control shows its values."""
        self.state.load(resolve_path(path))
        self.panel.set_values(self.state.values)
        self._fill_pickers()
        self.refresh()

    def reset(self) -> None:
        """Every control back to the loaded scenario's value."""
        self.state.reset()
        self.panel.set_values(self.state.values)
        self.refresh()

    def set_reference(self, path: str | Path) -> None:
        """Compare with another scenario file."""
        self.reference = load_scenario(resolve_path(path), self.registry)
        self.reference_output = run_scenarios([self.reference])
        self._fill_pickers()
        self.refresh()

    def save(self, path: str | Path, scenario_id: str, title_zh: str, title_en: str, note: str = "",
             overwrite: bool = False) -> Path:
        """Save the current settings as a scenario file (see :meth:`ExplorerState.save`)."""
        saved = self.state.save(resolve_path(path), scenario_id, title_zh, title_en, note, overwrite)
        self._files = scenario_files()
        self._fill_pickers()
        return saved

    def _load_clicked(self) -> None:
        path = self.start_path.value.strip() or self.start_pick.value
        self._guard(lambda: self.load(path))

    def _reference_clicked(self) -> None:
        path = self.ref_path.value.strip() or self.ref_pick.value
        self._guard(lambda: self.set_reference(path))

    def _reference_picked(self, value: str | None) -> None:
        if self._picking:
            return
        if value and (self.reference.path is None or str(self.reference.path.resolve()) != value):
            self._guard(lambda: self.set_reference(value))

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except ScenarioError as exc:
            self.status.value = "<br>".join(_error_html(str(p)) for p in exc.problems)
        except UserInputError as exc:
            self.status.value = _error_html(str(exc))

    def _suggest_file(self, change: Mapping[str, Any]) -> None:
        new = str(change["new"]).strip()
        old = str(change["old"]).strip()
        if not self.save_file.value or self.save_file.value == f"scenarios/{old}.yaml":
            self.save_file.value = f"scenarios/{new}.yaml" if new else ""

    def _save_clicked(self) -> None:
        scenario_id = self.save_id.value.strip()
        path = self.save_file.value.strip() or f"scenarios/{scenario_id}.yaml"
        try:
            saved = self.save(path, scenario_id, self.save_title_zh.value, self.save_title_en.value,
                              self.save_note.value, overwrite=self.save_overwrite.value)
        except ScenarioError as exc:
            self.save_message.value = "<br>".join(_error_html(str(p)) for p in exc.problems)
            return
        except UserInputError as exc:
            self.save_message.value = _error_html(str(exc))
            return
        finally:
            self.save_overwrite.value = False
        self.save_message.value = _ok_html(("已保存：" if self.lang == "zh" else "saved: ") + str(saved))

    # ------------------------------------------------------------------ language

    def set_lang(self, lang: str) -> None:
        """Switch every label, chart and table to ``lang`` (``"zh"`` or ``"en"``)."""
        if lang not in ("zh", "en"):
            raise UserInputError(f"lang: expected 'zh' or 'en', got {lang!r}")
        if lang == self.lang:
            return
        self.lang = lang
        if self.lang_switch.value != lang:
            self.lang_switch.value = lang
        self.panel.set_lang(lang)
        self.uncertainty.set_lang(lang)
        self.goalseek.set_lang(lang)
        for theme, pane in list(self.panes.items()):
            pane.figure.close()
            new = self._make_pane(pane.chart)
            new.bands = pane.bands
            pane.figure, pane.renderer, pane.signature, pane.stale = new.figure, new.renderer, b"", True
        self._apply_lang_texts()
        self._fill_pickers()
        for callback in self._listeners:
            callback(self)
        self.refresh()

    # ------------------------------------------------------------------ display

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close the figures and widgets."""
        for pane in self.panes.values():
            pane.figure.close()
        self.widget.close()

"""The explorer: controls, live theme charts, headline, scorecard and diagnostics in one widget.

Layout (Chinese first, English one switch away)::

    title, language switch
    start scenario [file v] [other file] [load] [reset]   <- messages beside the buttons
    (a confirmation row when a choice would discard changes)
    reference [file v] [other file] [use]
    headline: GDP growth, 6:70:24, industrial growth, energy against the cap, stocking, acid
    +- controls: one tab per theme -+  +- charts: one tab per theme (current solid, reference dashed)
    |  levers                       |  |  uncertainty bands (toggle), goal seeking
    |  assumptions                  |  |  what changed; scorecard by theme (folded)
    |  sources of the parameters    |  |  plan diagnostics, in plain language
    |  save as a new scenario       |  +--
    +-------------------------------+

The two columns sit side by side from about 1100 px; below that the charts
come first (:mod:`model.explorer.style`).  Picking a start scenario loads it at
once, as picking a reference does; when that, or 重置 (reset), would discard
changes, a confirmation row asks first.  Every message sits next to the button
that caused it, in the current language, with paths relative to the project.

How a change reaches the screen (:meth:`Explorer.refresh`):

1. a control reports ``(name, value)``; the value is checked and stored in
   :class:`~model.explorer.state.ExplorerState`;
2. the refresh is debounced: changes arriving within ``debounce_s`` of each
   other are computed once, when they settle;
3. one vectorised model call (:func:`model.runs.runner.run_scenarios`, the same
   function the command line uses) gives results, scorecard and diagnostics;
4. each chart whose data changed is marked stale; only the visible one is
   redrawn, by moving its existing artists and blitting them
   (:class:`model.reporting.charts.BlitRenderer`); its axes fit the new data
   (:class:`~model.explorer.figures.ExplorerFigure`); the others are redrawn
   when their tab is opened (:mod:`model.explorer.chart_tabs`);
5. the headline, scorecard, diagnostics and changes are re-rendered as HTML
   (:mod:`model.explorer.tables`, :mod:`model.explorer.scorecard_view`).

The analysis panels (:mod:`model.explorer.panels`, :mod:`model.explorer.goalseek_panel`,
:mod:`model.explorer.fitplan_panel`)
get the registry, the language, the current settings as a scenario and
:meth:`Explorer.apply_values`, never the explorer itself.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np

from model.core.parameter import ParameterValue
from model.core.registry import REGISTRY, Registry
from model.errors import UserInputError
from model.explorer.chart_tabs import ChartTabs
from model.explorer.controls import ControlPanel
from model.explorer.fitplan_panel import FitPlanPanel
from model.explorer.goalseek_panel import GoalSeekPanel
from model.explorer.inputs import Note
from model.explorer.panels import UncertaintyPanel
from model.explorer.save_form import SaveForm, problems_html
from model.explorer.scorecard_view import ScorecardView
from model.explorer.state import ExplorerError, ExplorerState, resolve_path, scenario_files, scenario_path
from model.explorer.style import style_widget
from model.explorer.tables import changes_html, diagnostics_html, error_html, headline_html, ok_html
from model.provenance import relative_to_project
from model.reporting.charts import ChartData, chart_data
from model.runs.runner import RunOutput, run_scenarios
from model.scenarios import Scenario, ScenarioError, load_scenario
from model.text import DEFAULT_LANG, LANGS, pick

__all__ = ["Explorer", "DEFAULT_DEBOUNCE_S"]

#: Changes arriving closer together than this are computed once (seconds).
DEFAULT_DEBOUNCE_S = 0.025

_TEXT = {
    "title": ("乌拉特后旗“十四五”规划情景探索器", "Urad Rear Banner 14th Five-Year Plan: scenario explorer"),
    "start": ("起点情景", "Start from"),
    "reference": ("参照情景", "Reference"),
    "other": ("或其他文件路径", "or another file path"),
    "load": ("载入", "Load"),
    "reset": ("重置", "Reset"),
    "use": ("设为参照", "Use"),
    "confirm": ("确认", "Confirm"),
    "cancel": ("取消", "Cancel"),
    "charts": ("图表（实线：当前设置；虚线：参照情景）", "Charts (solid: current settings; dashed: reference)"),
    "goalseek": ("目标求解", "Goal seeking"),
}


def _t(key: str, lang: str) -> str:
    return pick(lang, *_TEXT[key])


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise UserInputError(f"lang: expected 'zh' or 'en', got {lang!r}")


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
    charts
        The theme charts (:class:`~model.explorer.chart_tabs.ChartTabs`).
    headline, scorecard
        The headline cards and the scorecard by theme
        (:class:`~model.explorer.scorecard_view.ScorecardView`).
    uncertainty, goalseek, fitplan
        The analysis panels.
    save_form
        The save form (:class:`~model.explorer.save_form.SaveForm`).
    bands, probabilities
        The uncertainty bands and target probabilities of the last refresh
        (None while the bands are off).
    output, reference_output
        The last model run of the current settings and of the reference.
    last_refresh_s
        Seconds the last refresh took (model, charts, tables).
    """

    def __init__(self, scenario: str | Path | None = None, reference: str | Path | None = None,
                 lang: str = DEFAULT_LANG, debounce_s: float = DEFAULT_DEBOUNCE_S,
                 registry: Registry = REGISTRY):
        _check_lang(lang)
        self.lang = lang
        self.debounce_s = debounce_s
        self.registry = registry
        self.state = ExplorerState.from_file(scenario_path(scenario), registry)
        self.reference: Scenario = load_scenario(scenario_path(reference), registry)
        self.reference_output: RunOutput = run_scenarios([self.reference])
        self.output: RunOutput | None = None
        self.last_refresh_s = 0.0
        self.refresh_count = 0
        self._pending: asyncio.TimerHandle | None = None
        self._pending_action: Callable[[], None] | None = None
        self._messages: dict[str, tuple[str, tuple[str, str] | Callable[[str], str]]] = {}
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

        auto = widgets.Layout(width="auto", max_width="100%")
        self.start_label = widgets.HTML()
        self.start_pick = widgets.Dropdown(layout=auto)
        self.start_pick.add_class("explorer-start")
        self.start_path = widgets.Text(layout=widgets.Layout(width="200px"))
        self.load_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.load_button.add_class("explorer-load")
        self.reset_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.reset_button.add_class("explorer-reset")
        self.start_message = widgets.HTML()
        self.start_message.add_class("explorer-start-message")
        self.load_button.on_click(lambda _: self._load_clicked())
        self.reset_button.on_click(lambda _: self._reset_clicked())
        self.confirm_text = widgets.HTML()
        self.confirm_button = widgets.Button(button_style="warning", layout=widgets.Layout(width="auto"))
        self.confirm_button.add_class("explorer-confirm")
        self.cancel_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.confirm_button.on_click(lambda _: self._confirm())
        self.cancel_button.on_click(lambda _: self._cancel())
        self.confirm_bar = widgets.HBox([self.confirm_text, self.confirm_button, self.cancel_button],
                                        layout=widgets.Layout(display="none", align_items="center"))
        self.ref_label = widgets.HTML()
        self.ref_pick = widgets.Dropdown(layout=auto)
        self.ref_pick.add_class("explorer-reference")
        self.ref_path = widgets.Text(layout=widgets.Layout(width="200px"))
        self.ref_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.ref_message = widgets.HTML()
        self.ref_button.on_click(lambda _: self._reference_clicked())
        self._files = scenario_files()
        self._titles: dict[Path, tuple[float, str, str]] = {}
        self._picking = False
        self._fill_pickers()
        self.start_pick.observe(lambda c: self._start_picked(c["new"]), names="value")
        self.ref_pick.observe(lambda c: self._reference_picked(c["new"]), names="value")

        self.panel = ControlPanel(self.registry, lambda: self.state.values, lang, self._control_changed)
        self.controls = self.panel.controls
        self.panel.tabs.observe(self._control_tab_changed, names="selected_index")

        self.charts = ChartTabs(lang)
        self.charts_heading = widgets.HTML()
        self.headline = widgets.HTML()
        self.headline.add_class("explorer-headline-box")
        self.changes = widgets.HTML()
        self.changes.add_class("explorer-changes")
        self.scorecard = ScorecardView(lang)
        self.diagnostics = widgets.HTML()
        self.diagnostics.add_class("explorer-diagnostics")
        self.status = widgets.HTML()
        self.status.add_class("explorer-status")
        self.save_form = SaveForm(lang, lambda path, sid, zh, en, note, overwrite:
                                  self.save(path, sid, zh, en, note, overwrite))

        self.uncertainty = UncertaintyPanel(lang, self.schedule_refresh)
        self.goalseek = GoalSeekPanel(self.registry, lang, lambda: self.state.scenario(), self.apply_values)
        self.goalseek_box = widgets.Accordion(children=[self.goalseek.widget], selected_index=None)
        self.goalseek_box.add_class("explorer-goalseek")
        self.fitplan = FitPlanPanel(self.registry, lang, lambda: self.state.scenario(), self.apply_values)
        self.analysis_box = widgets.VBox([self.uncertainty.widget, self.goalseek_box, self.fitplan.widget])
        self.bands: dict[str, np.ndarray] | None = None
        self.probabilities: dict[str, float] | None = None

        row = widgets.Layout(flex_flow="row wrap", align_items="center")
        header = widgets.HBox([self.title, self.lang_switch],
                              layout=widgets.Layout(justify_content="space-between", align_items="center",
                                                    flex_flow="row wrap"))
        scen_row = widgets.HBox([self.start_label, self.start_pick, self.start_path, self.load_button,
                                 self.reset_button, self.start_message], layout=row)
        ref_row = widgets.HBox([self.ref_label, self.ref_pick, self.ref_path, self.ref_button, self.ref_message],
                               layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        left = widgets.VBox([self.panel.tabs, self.save_form.widget],
                            layout=widgets.Layout(flex="1 1 480px", min_width="440px", max_width="760px"))
        left.add_class("explorer-left")
        right = widgets.VBox([self.charts_heading, self.charts.tabs, self.analysis_box, self.changes,
                              self.scorecard.widget, self.diagnostics, self.status],
                             layout=widgets.Layout(flex="1 1 620px", min_width="600px"))
        right.add_class("explorer-right")
        # charts first in the page's order, shown on the right: first when the columns stack
        main = widgets.HBox([right, left], layout=widgets.Layout(flex_flow="row-reverse wrap",
                                                                  align_items="flex-start",
                                                                  justify_content="flex-end"))
        self.widget = widgets.VBox([style_widget(), header, scen_row, self.confirm_bar, ref_row, self.headline,
                                    main])
        self.widget.add_class("urad-explorer")
        self._apply_lang_texts()

    def _title(self, f: Path) -> str:
        """A scenario file's title in the current language (each file read once until it changes)."""
        mtime = f.stat().st_mtime
        if self._titles.get(f, (None,))[0] != mtime:
            try:
                s = load_scenario(f, self.registry)
                self._titles[f] = (mtime, s.title_zh, s.title_en)
            except ScenarioError:
                self._titles[f] = (mtime, f.stem, f.stem)
        return pick(self.lang, *self._titles[f][1:])

    def _fill_pickers(self) -> None:
        options = [(f"{self._title(f)} ({f.name})", str(f.resolve())) for f in self._files]
        for picker, scenario in ((self.start_pick, self.state.base), (self.ref_pick, self.reference)):
            value = str(scenario.path.resolve()) if scenario.path else None
            extra = [] if value in {o[1] for o in options} or value is None else \
                [(f"{scenario.title(self.lang)} ({Path(value).name})", value)]
            self._picking = True
            try:
                picker.options = options + extra
                if value is not None:
                    picker.value = value
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
        self.confirm_button.description = _t("confirm", lang)
        self.cancel_button.description = _t("cancel", lang)
        self.charts_heading.value = f"<b>{_t('charts', lang)}</b>"
        self.goalseek_box.titles = (_t("goalseek", lang),)
        for name, (kind, text) in self._messages.items():
            self._say(name, kind, text)

    # ------------------------------------------------------------------ messages

    def _say(self, where: str, kind: str, text: tuple[str, str] | Callable[[str], str] | None) -> None:
        """Show a message beside ``where`` (start, reference) in the current language; kept across
        language switches.  ``text`` is ``(zh, en)`` or a function of the language giving HTML."""
        box = {"start": self.start_message, "reference": self.ref_message}[where]
        if text is None:
            self._messages.pop(where, None)
            box.value = ""
            return
        self._messages[where] = (kind, text)
        if callable(text):
            box.value = text(self.lang)
        else:
            box.value = (error_html if kind == "error" else ok_html)(pick(self.lang, *text))

    def _clear_messages(self) -> None:
        for where in ("start", "reference"):
            self._say(where, "", None)
        self.save_form.clear()
        self.goalseek.clear()
        self.fitplan.clear()

    # ------------------------------------------------------------------ changes

    def _control_changed(self, name: str, value: ParameterValue) -> None:
        try:
            self.state.set(name, value)
        except UserInputError as exc:
            control = self.controls[name]
            control.set_value(self.state.values[name])
            zh, en = (exc.zh, exc.en) if isinstance(exc, ExplorerError) else (str(exc), str(exc))
            control.say(Note(f"未采用：{zh}", f"not taken: {en}"))
            return
        self.goalseek.select(name)
        self._clear_messages()
        self.schedule_refresh()

    def apply_values(self, values: Mapping[str, ParameterValue]) -> None:
        """Set several parameters and show them in their controls, then refresh once.

        Raises
        ------
        UserInputError
            For a value the registry refuses (then nothing is changed).
        """
        for name, value in self.state.update(values).items():
            self.controls[name].set_value(value)
        self.save_form.clear()
        self.refresh()

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

    def refresh(self) -> None:
        """Run the model for the current settings and update every visible output."""
        start = time.perf_counter()
        scenario = self.state.scenario()
        try:
            self.output = run_scenarios([scenario])
            self.bands, self.probabilities = self.uncertainty.compute(scenario)
        except (UserInputError, ValueError) as exc:
            self.status.value = error_html(str(exc))
            return
        self.charts.show(*self.current_chart_data(), self.bands)
        self._update_tables()
        self.refresh_count += 1
        self.last_refresh_s = time.perf_counter() - start
        ms = self.last_refresh_s * 1000
        self.status.value = ('<span style="color:#888">'
                             + pick(self.lang, f"更新用时 {ms:.0f} 毫秒", f"updated in {ms:.0f} ms") + "</span>")

    def current_chart_data(self) -> tuple[ChartData, ChartData]:
        """Chart data of the current settings (with the scenario's observed statistics) and of the reference."""
        assert self.output is not None
        cur = chart_data(self.output.results, self.output.scorecard, 0,
                         pick(self.lang, "当前设置", "current settings"), observations=self.output.observed(0))
        ref = chart_data(self.reference_output.results, self.reference_output.scorecard, 0,
                         self.reference.title(self.lang))
        return cur, ref

    def _update_tables(self) -> None:
        assert self.output is not None
        self.headline.value = headline_html(self.output, self.reference_output, self.lang)
        self.scorecard.show(self.output, self.reference_output, self.probabilities)
        self.diagnostics.value = diagnostics_html(self.output, self.lang)
        self.changes.value = changes_html(self.state, self.lang)
        self.panel.mark_changed(set(self.state.overrides()))

    def _control_tab_changed(self, change: Mapping[str, Any]) -> None:
        index = change["new"]
        if index is None:
            return
        self.charts.open(self.panel.themes[index])

    # ------------------------------------------------------------------ scenarios

    def load(self, path: str | Path) -> None:
        """Start from another scenario file: every control shows its values (changes are dropped)."""
        self.state.load(_existing(path))
        self.panel.set_values(self.state.values)
        self._fill_pickers()
        self._clear_messages()
        self.refresh()

    def reset(self) -> None:
        """Every control back to the loaded scenario's value (changes are dropped)."""
        self.state.reset()
        self.panel.set_values(self.state.values)
        self._clear_messages()
        self.refresh()

    def set_reference(self, path: str | Path) -> None:
        """Compare with another scenario file."""
        self.reference = load_scenario(_existing(path), self.registry)
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

    def _discarding(self, action: Callable[[], None], what: tuple[str, str],
                    on_cancel: Callable[[], None] | None = None) -> None:
        """Run ``action`` now when nothing would be lost, else ask first in the confirmation row."""
        n = len(self.state.overrides())
        if n == 0:
            action()
            return
        self._pending_action = action
        self._on_cancel = on_cancel
        base = self.state.base.title(self.lang)
        self.confirm_text.value = "<b>" + pick(self.lang, f"将放弃相对于〈{base}〉的 {n} 项修改，{what[0]}？",
                                               f"This discards {n} change{'s' if n != 1 else ''} from "
                                               f"“{base}” and {what[1]}. Go ahead?") + "</b>"
        self.confirm_bar.layout.display = "flex"

    def _confirm(self) -> None:
        action, self._pending_action = self._pending_action, None
        self.confirm_bar.layout.display = "none"
        if action is not None:
            action()

    def _cancel(self) -> None:
        self._pending_action = None
        self.confirm_bar.layout.display = "none"
        if self._on_cancel is not None:
            self._on_cancel()
        self._fill_pickers()  # the start picker shows the loaded scenario again

    def _reset_clicked(self) -> None:
        if not self.state.overrides():
            self._say("start", "ok", ("没有需要重置的修改。", "Nothing to reset: no changes."))
            return
        base = self.state.base.title(self.lang)
        self._discarding(self._guarded_reset, (f"回到〈{base}〉", f"goes back to “{base}”"))

    def _guarded_reset(self) -> None:
        self.reset()
        self._say("start", "ok", ("已重置。", "Reset done."))

    def _load_clicked(self) -> None:
        path = self.start_path.value.strip() or self.start_pick.value
        if path:
            self._ask_to_load(path)

    def _start_picked(self, value: str | None) -> None:
        if self._picking or not value:
            return
        if self.state.base.path is not None and str(self.state.base.path.resolve()) == value:
            return
        self._ask_to_load(value)

    def _ask_to_load(self, path: str) -> None:
        name = relative_to_project(resolve_path(path))
        self._discarding(lambda: self._guarded_load(path), (f"载入 {name}", f"loads {name}"))

    def _guarded_load(self, path: str) -> None:
        if self._guard("start", lambda: self.load(path)):
            name = relative_to_project(resolve_path(path))
            self._say("start", "ok", (f"已载入 {name}", f"loaded {name}"))

    def _reference_clicked(self) -> None:
        path = self.ref_path.value.strip() or self.ref_pick.value
        if path:
            self._guard("reference", lambda: self.set_reference(path))

    def _reference_picked(self, value: str | None) -> None:
        if self._picking:
            return
        if value and (self.reference.path is None or str(self.reference.path.resolve()) != value):
            self._guard("reference", lambda: self.set_reference(value))

    def _guard(self, where: str, action: Callable[[], None]) -> bool:
        """Run ``action``; a refusal is shown beside ``where`` and changes nothing.  True when it ran."""
        try:
            action()
        except ScenarioError as exc:
            self._say(where, "error", lambda lang, exc=exc: problems_html(
                exc, lang, ("无法载入，文件有以下问题：", "Cannot load; the file has these problems:")))
            self._fill_pickers()
            return False
        except ExplorerError as exc:
            self._say(where, "error", (exc.zh, exc.en))
            self._fill_pickers()
            return False
        except UserInputError as exc:
            self._say(where, "error", (str(exc), str(exc)))
            self._fill_pickers()
            return False
        return True

    # ------------------------------------------------------------------ language

    def set_lang(self, lang: str) -> None:
        """Switch every label, chart and table to ``lang`` (``"zh"`` or ``"en"``)."""
        _check_lang(lang)
        if lang == self.lang:
            return
        self.lang = lang
        if self.lang_switch.value != lang:
            self.lang_switch.value = lang
        self.panel.set_lang(lang)
        self.uncertainty.set_lang(lang)
        self.goalseek.set_lang(lang)
        self.fitplan.set_lang(lang)
        self.charts.set_lang(lang)
        self.scorecard.set_lang(lang)
        self.save_form.set_lang(lang)
        self._apply_lang_texts()
        self._fill_pickers()
        self.refresh()

    # ------------------------------------------------------------------ display

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close the figures and widgets."""
        self.charts.close()
        self.widget.close()


def _existing(path: str | Path) -> Path:
    """A scenario file the user named, or a refusal in both languages when there is none."""
    p = resolve_path(path)
    if not p.is_file():
        shown = relative_to_project(p)
        raise ExplorerError(f"找不到文件：{shown}", f"file not found: {shown}")
    return p

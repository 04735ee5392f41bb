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
   tab is opened (:mod:`model.explorer.chart_tabs`);
5. the scorecard, diagnostics and changes tables are re-rendered as HTML
   (:mod:`model.explorer.tables`).

The analysis panels (:mod:`model.explorer.panels`) get the registry, the
language, the current settings as a scenario and :meth:`Explorer.apply_values`,
never the explorer itself.
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
from model.explorer.panels import GoalSeekPanel, UncertaintyPanel
from model.explorer.state import ExplorerState, scenario_files
from model.explorer.tables import changes_html, diagnostics_html, error_html, ok_html, scorecard_html
from model.provenance import PROJECT_ROOT, SCENARIO_DIR
from model.reporting.charts import ChartData, chart_data
from model.runs.runner import RunOutput, run_scenarios
from model.scenarios import Scenario, ScenarioError, load_scenario
from model.text import DEFAULT_LANG, LANGS, pick

__all__ = ["Explorer", "resolve_path", "DEFAULT_DEBOUNCE_S"]

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
    "save": ("保存为新情景", "Save as a new scenario"),
    "save_button": ("保存", "Save"),
    "id": ("情景编号", "Scenario id"),
    "title_zh": ("中文标题", "Chinese title"),
    "title_en": ("英文标题", "English title"),
    "note": ("说明", "Note"),
    "file": ("文件", "File"),
    "overwrite": ("确认覆盖已有文件", "Confirm replacing an existing file"),
    "charts": ("图表（实线：当前设置；虚线：参照情景）", "Charts (solid: current settings; dashed: reference)"),
    "goalseek": ("目标求解（所选参数）", "Goal seeking (selected lever)"),
}


def _t(key: str, lang: str) -> str:
    return pick(lang, *_TEXT[key])


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise UserInputError(f"lang: expected 'zh' or 'en', got {lang!r}")


def resolve_path(path: str | Path) -> Path:
    """A user's path: as given when it exists, else relative to the project folder.

    Lets a notebook in ``notebooks/`` name ``scenarios/baseline.yaml``.
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p
    return PROJECT_ROOT / p


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
    uncertainty, goalseek
        The analysis panels (:mod:`model.explorer.panels`).
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
        self.state = ExplorerState.from_file(resolve_path(scenario or SCENARIO_DIR / "baseline.yaml"),
                                             registry)
        self.reference: Scenario = load_scenario(resolve_path(reference or SCENARIO_DIR / "baseline.yaml"),
                                                 registry)
        self.reference_output: RunOutput = run_scenarios([self.reference])
        self.output: RunOutput | None = None
        self.last_refresh_s = 0.0
        self.refresh_count = 0
        self._pending: asyncio.TimerHandle | None = None
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

        self.charts = ChartTabs(lang)
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

        self.uncertainty = UncertaintyPanel(lang, self.schedule_refresh)
        self.goalseek = GoalSeekPanel(self.registry, lang, lambda: self.state.scenario(), self.apply_values)
        self.goalseek_box = widgets.Accordion(children=[self.goalseek.widget])
        self.goalseek_box.add_class("explorer-goalseek")
        self.analysis_box = widgets.VBox([self.uncertainty.widget, self.goalseek_box])
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
        right = widgets.VBox([self.charts_heading, self.charts.tabs, self.analysis_box, self.changes,
                              self.scorecard, self.diagnostics, self.status],
                             layout=widgets.Layout(flex="1 1 620px", min_width="500px"))
        self.widget = widgets.VBox([header, scen_row, ref_row,
                                    widgets.HBox([left, right], layout=widgets.Layout(
                                        flex_flow="row wrap", align_items="flex-start"))])
        self.widget.add_class("urad-explorer")
        self._apply_lang_texts()

    def _fill_pickers(self) -> None:
        options = []
        for f in self._files:
            try:
                title = load_scenario(f, self.registry).title(self.lang)
            except ScenarioError:
                title = f.stem
            options.append((f"{title} ({f.name})", str(f.resolve())))
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
        self.charts_heading.value = f"<b>{_t('charts', lang)}</b>"
        self.save_heading.value = f"<b>{_t('save', lang)}</b>"
        for w, key in ((self.save_id, "id"), (self.save_title_zh, "title_zh"),
                       (self.save_title_en, "title_en"), (self.save_note, "note"), (self.save_file, "file")):
            w.description = _t(key, lang)
            w.style = {"description_width": "80px"}
        self.save_id.placeholder = "my-scenario"
        self.save_file.placeholder = "scenarios/my-scenario.yaml"
        self.save_overwrite.description = _t("overwrite", lang)
        self.save_button.description = _t("save_button", lang)
        self.goalseek_box.titles = (_t("goalseek", lang),)

    # ------------------------------------------------------------------ changes

    def _control_changed(self, name: str, value: ParameterValue) -> None:
        try:
            self.state.set(name, value)
        except UserInputError as exc:
            self.status.value = error_html(str(exc))
            self.controls[name].set_value(self.state.values[name])
            return
        self.goalseek.select(name)
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
        """Chart data of the current settings and of the reference."""
        assert self.output is not None
        cur = chart_data(self.output.results, self.output.scorecard, 0,
                         pick(self.lang, "当前设置", "current settings"))
        ref = chart_data(self.reference_output.results, self.reference_output.scorecard, 0,
                         self.reference.title(self.lang))
        return cur, ref

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
        self.charts.open(self.panel.themes[index])

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
            self.status.value = "<br>".join(error_html(str(p)) for p in exc.problems)
        except UserInputError as exc:
            self.status.value = error_html(str(exc))

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
            self.save_message.value = "<br>".join(error_html(str(p)) for p in exc.problems)
            return
        except UserInputError as exc:
            self.save_message.value = error_html(str(exc))
            return
        finally:
            self.save_overwrite.value = False
        self.save_message.value = ok_html(pick(self.lang, "已保存：", "saved: ") + str(saved))

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
        self.charts.set_lang(lang)
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

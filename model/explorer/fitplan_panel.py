"""Plan fitting in the explorer: the closest plan that holds, for the current settings, in one click.

The panel runs ``python -m model fit-plan``'s search (:func:`model.analysis.fitplan.fit_plan`,
goal programming over the levers the user unlocks: the most targets within reach while the
hard limits hold in every year 2021-2025; docs/exploration.md) on the current settings:

* the **levers** it may move are picked from a list in the current language (every lever
  scenario discovery explores, :func:`~model.analysis.levers.explorable_levers`); the
  default is fit-plan's own (:func:`~model.analysis.levers.fit_levers`: capacities, growth
  rates, herds, feed), one click brings it back;
* **拟合规划 / Fit the plan** starts the search in a worker thread
  (:func:`~model.analysis.fitplan.fit_plan_in_background`), so the page stays responsive; while
  it runs, the status beside the button counts the seconds and **停止 / Stop** ends it (the
  settings are then left as they were);
* a fit is **loaded** through the explorer's own apply path (the controls, charts and scorecard
  follow, and the moved levers count as changes from the start scenario; 撤销拟合 / Undo puts
  them back), with the table of what moved: each lever's value before and after, in its unit
  (rates and shares in %);
* when no setting of the levers holds the hard limits, the message beside the button says so
  in plain words with the closest miss: the limit it breaks most and by how much.  A fit is
  not loaded when the settings changed while it ran (it answered another question).

The fit reports back on the kernel's event loop (``call_soon_threadsafe``), never from the
worker thread; outside an event loop (scripts, tests) :meth:`FitPlanPanel.wait` collects it.
The panel gets the registry, the language, a function giving the current settings as a
scenario and one applying values, never the explorer.
"""
from __future__ import annotations

import asyncio
import html
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import wait as wait_for

import ipywidgets as widgets
import numpy as np

from model.analysis.fitplan import NoFeasiblePlan, PlanFit, fit_plan_in_background
from model.analysis.levers import explorable_levers, fit_levers
from model.core.parameter import ParameterValue
from model.core.registry import Registry
from model.core.scorecard import TARGETS
from model.errors import UserInputError
from model.explorer.inputs import Display
from model.explorer.tables import error_html, ok_html
from model.scenarios import Scenario
from model.text import format_number, format_target, pick, unit_text

__all__ = ["FitPlanPanel", "TITLE", "TICK_S", "TABLE_DIGITS"]

#: The panel's title (the explorer's accordion shows it).
TITLE = ("规划拟合", "Plan fitting")
#: Seconds between updates of the running fit's status.
TICK_S = 1.0
#: Significant digits of the numbers in the table of what moved.
TABLE_DIGITS = 6

_TEXT = {
    "intro": ("在能耗上限、草畜平衡和硫酸平衡每年（2021–2025年）都满足的前提下，调整所选的政策变量，"
              "使尽可能多的规划目标达成。",
              "Moves the levers picked so that as many plan targets as possible are met while the energy "
              "cap, the grassland's carrying capacity and the acid balance hold in every year 2021-2025."),
    "levers": ("可调的政策变量", "levers to move"),
    "levers_help": ("按住 Ctrl 或 Shift 可多选。", "Ctrl or Shift picks several."),
    "defaults": ("默认政策变量", "Default levers"),
    "run": ("拟合规划", "Fit the plan"),
    "stop": ("停止", "Stop"),
    "undo": ("撤销拟合", "Undo the fit"),
    "none_picked": ("请至少选择一个政策变量。", "Pick at least one lever."),
    "stopped": ("已停止，设置未改变。", "Stopped; the settings are unchanged."),
    "stale": ("拟合期间设置已改变，结果未载入；请重新拟合。",
              "The settings changed while the fit ran, so it was not loaded; fit again."),
    "refused": ("拟合结果未能载入，设置未改变。", "The fit could not be loaded; the settings are unchanged: "),
    "bad_choice": ("无法拟合：所选的政策变量或约束无效。", "Cannot fit: "),
    "crashed": ("拟合出错，设置未改变。", "The fit failed with an error; the settings are unchanged: "),
    "undone": ("已撤销拟合，恢复拟合前的设置。", "Fit undone: the settings are as before the fit."),
    "col_lever": ("政策变量", "lever"),
    "col_before": ("拟合前", "before"),
    "col_after": ("拟合后", "after"),
    "col_unit": ("单位", "unit"),
}


def _t(key: str, lang: str) -> str:
    return pick(lang, *_TEXT[key])


class FitPlanPanel:
    """The fit-plan button: the closest plan that holds for the current settings, loaded in one click.

    Parameters
    ----------
    registry
        The parameters (levers offered: :func:`~model.analysis.levers.explorable_levers`).
    lang
        ``"zh"`` or ``"en"``.
    scenario
        Returns the current settings as a scenario (the fit starts from it).
    apply
        Applies ``{name: value}`` to the current settings (one refresh);
        raises :class:`~model.errors.UserInputError` for a value it refuses.

    Attributes
    ----------
    widget
        The panel (an accordion titled :data:`TITLE`).
    future
        The running fit (None when none runs).
    fit
        The last fit loaded (None when there is none).
    before
        The moved levers' values before that fit (what 撤销拟合 / Undo puts back).
    """

    def __init__(self, registry: Registry, lang: str, scenario: Callable[[], Scenario],
                 apply: Callable[[Mapping[str, ParameterValue]], None]):
        self.registry = registry
        self.lang = lang
        self._scenario = scenario
        self._apply = apply
        offered = set(explorable_levers(registry)) | set(fit_levers(registry))
        self.names = [n for n in registry if n in offered]
        self.intro = widgets.HTML()
        self.levers = widgets.SelectMultiple(options=self.names, value=tuple(fit_levers(registry)), rows=8,
                                             layout=widgets.Layout(width="auto", max_width="100%"))
        self.levers.add_class("explorer-fitplan-levers")
        self.defaults_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.run_button = widgets.Button(button_style="info", layout=widgets.Layout(width="auto"))
        self.run_button.add_class("explorer-fitplan")
        self.stop_button = widgets.Button(button_style="warning", layout=widgets.Layout(width="auto",
                                                                                          display="none"))
        self.stop_button.add_class("explorer-fitplan-stop")
        self.undo_button = widgets.Button(layout=widgets.Layout(width="auto", display="none"))
        self.message = widgets.HTML()
        self.message.add_class("explorer-fitplan-message")
        self.moves = widgets.HTML()
        self.moves.add_class("explorer-fitplan-moves")
        self.defaults_button.on_click(lambda _: self.use_defaults())
        self.run_button.on_click(lambda _: self.run())
        self.stop_button.on_click(lambda _: self.stop())
        self.undo_button.on_click(lambda _: self.undo())
        self.future: Future[PlanFit] | None = None
        self.fit: PlanFit | None = None
        self.before: dict[str, ParameterValue] = {}
        self._stop = threading.Event()
        self._started = 0.0
        self._asked_hash = ""
        self._said: Callable[[str], str] | None = None
        body = widgets.VBox([self.intro, self.levers, self.defaults_button,
                             widgets.HBox([self.run_button, self.stop_button, self.undo_button, self.message],
                                          layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
                             self.moves])
        self.widget = widgets.Accordion(children=[body], selected_index=None)
        self.widget.add_class("explorer-fitplan-box")
        self.set_lang(lang)

    # ------------------------------------------------------------------ language

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        keep = self.levers.value
        self.levers.options = [(self._lever_label(n), n) for n in self.names]
        self.levers.value = keep
        self.levers.description = _t("levers", lang)
        self.levers.style = {"description_width": "110px"}
        self.widget.titles = (pick(lang, *TITLE),)
        self.intro.value = (f'<div style="font-size:12px;color:#555">{html.escape(_t("intro", lang))} '
                            f'{html.escape(_t("levers_help", lang))}</div>')
        for button, key in ((self.defaults_button, "defaults"), (self.run_button, "run"),
                            (self.stop_button, "stop"), (self.undo_button, "undo")):
            button.description = _t(key, lang)
        self._show(self._said)
        self.moves.value = "" if self.fit is None else self._moves_html(self.fit, lang)

    def _lever_label(self, name: str) -> str:
        p = self.registry[name]
        unit = Display.of(p).unit(self.lang) if p.dtype != "choice" else ""
        return f"{p.label(self.lang)} ({unit})" if unit else p.label(self.lang)

    def _show(self, said: Callable[[str], str] | None) -> None:
        self._said = said
        self.message.value = "" if said is None else said(self.lang)

    def _say(self, key: str, kind: str = "error", detail: str = "") -> None:
        """A message of :data:`_TEXT` beside the button; ``detail`` follows in English only."""
        form = error_html if kind == "error" else ok_html
        self._show(lambda lang: form(_t(key, lang) + (detail if lang == "en" else "")))

    def clear(self) -> None:
        """Forget the last message and table (the settings they were for have changed); a running fit runs on."""
        if self.future is None:
            self._show(None)
        self.fit, self.before = None, {}
        self.moves.value = ""
        self.undo_button.layout.display = "none"

    def use_defaults(self) -> None:
        """Pick fit-plan's default levers again."""
        self.levers.value = tuple(fit_levers(self.registry))

    # ------------------------------------------------------------------ running

    def run(self) -> None:
        """Start fitting the current settings in a worker thread (nothing happens while a fit runs)."""
        if self.future is not None:
            return
        names = list(self.levers.value)
        self.clear()
        if not names:
            self._say("none_picked")
            return
        scenario = self._scenario()
        self._asked_hash = scenario.resolved_hash()
        self._stop = threading.Event()
        self._started = time.monotonic()
        self.future = future = fit_plan_in_background(scenario, levers=names, stop=self._stop)
        self._running(True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # a script or a test: wait() collects the fit
        future.add_done_callback(lambda f: loop.call_soon_threadsafe(self._finish, f))
        loop.call_later(TICK_S, self._tick)

    def stop(self) -> None:
        """End the running fit early; the settings stay as they are."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the running fit ends and show its outcome (for scripts and tests)."""
        future = self.future
        if future is not None:
            wait_for([future], timeout)
            if future.done():
                self._finish(future)

    def _running(self, on: bool) -> None:
        self.run_button.disabled = on
        self.levers.disabled = on
        self.stop_button.layout.display = None if on else "none"
        if on:
            self._status()

    def _status(self) -> None:
        k = len(self.levers.value)
        seconds = time.monotonic() - self._started
        self._show(lambda lang: html.escape(pick(lang, f"正在拟合：{k}个政策变量，已用 {seconds:.0f} 秒……",
                                                 f"Fitting {k} lever{'s' if k != 1 else ''}: {seconds:.0f} s…")))

    def _tick(self) -> None:
        if self.future is not None and not self.future.done():
            self._status()
            asyncio.get_running_loop().call_later(TICK_S, self._tick)

    def _finish(self, future: Future[PlanFit]) -> None:
        """Show the outcome of ``future`` and load a fit (once; on the kernel's thread)."""
        if future is not self.future:
            return
        self.future = None
        self._running(False)
        exc = future.exception()
        if self._stop.is_set():
            self._say("stopped", "ok")
        elif isinstance(exc, NoFeasiblePlan):
            k = len(self.levers.value)
            self._show(lambda lang: error_html(self._infeasible_text(exc, k, lang)))
        elif isinstance(exc, UserInputError):
            self._say("bad_choice", detail=str(exc))
        elif exc is not None:
            self._say("crashed", detail=str(exc))
        elif self._scenario().resolved_hash() != self._asked_hash:
            self._say("stale")
        else:
            self._load(future.result())

    def _load(self, fit: PlanFit) -> None:
        resolved = fit.scenario.resolved()
        before = {n: resolved[n] for n in fit.values}
        try:
            self._apply(fit.values)
        except UserInputError as exc:
            self._say("refused", detail=str(exc))
            return
        self.fit, self.before = fit, before
        self.undo_button.layout.display = None if fit.values else "none"
        self._show(lambda lang: ok_html(self._summary(fit, lang)))
        self.moves.value = self._moves_html(fit, self.lang)

    def undo(self) -> None:
        """Put the levers the last fit moved back as they were before it."""
        if not self.before:
            return
        self._apply(self.before)
        self.clear()
        self._say("undone", "ok")

    # ------------------------------------------------------------------ words

    @staticmethod
    def _summary(fit: PlanFit, lang: str) -> str:
        n, moved = len(fit.problem.targets), len(fit.values)
        if not moved:
            return pick(lang, f"无需改变政策变量：当前设置已是最接近的方案（达成{fit.met_after}个目标，共{n}个）。",
                        f"No lever needs to move: the current settings are the closest plan that holds "
                        f"({fit.met_after} of {n} targets met).")
        return pick(lang, f"已载入拟合结果：{moved}个政策变量改变，达成的目标 {fit.met_before} → {fit.met_after}"
                          f"（共{n}个已建模目标），硬约束每年都满足；用时 {fit.seconds:.1f} 秒。",
                    f"Fit loaded: {moved} lever{'s' if moved != 1 else ''} moved, targets met {fit.met_before} -> "
                    f"{fit.met_after} (of {n} modelled), the hard limits hold in every year; {fit.seconds:.1f} s.")

    def number_text(self, name: str, number: float | str, lang: str) -> tuple[str, str]:
        """A lever's number as the table shows it, and its unit: rates in %, years whole, choices named,
        other numbers to :data:`TABLE_DIGITS` significant digits."""
        p = self.registry[name]
        if p.dtype == "choice":
            return p.choice_label(number, lang), ""
        display = Display.of(p)
        shown = display.shown(float(number))
        return (f"{shown:.0f}" if display.whole else f"{shown + 0.0:,.{TABLE_DIGITS}g}"), display.unit(lang)

    def _moves_html(self, fit: PlanFit, lang: str) -> str:
        moved = fit.moves()
        moved = moved[moved["moved"]]
        if moved.empty:
            return ""
        head = "".join(f"<th>{html.escape(_t(k, lang))}</th>"
                       for k in ("col_lever", "col_before", "col_after", "col_unit"))
        rows = []
        for m in moved.itertuples():
            before, unit = self.number_text(m.lever, m.before, lang)
            after, _ = self.number_text(m.lever, m.after, lang)
            label = m.label_zh if lang == "zh" else m.label_en
            rows.append(f"<tr><td>{html.escape(label)}</td><td class='num'>{html.escape(before)}</td>"
                        f"<td class='num moved'>→ {html.escape(after)}</td><td>{html.escape(unit)}</td></tr>")
        return f"<table class='explorer-table'><tr>{head}</tr>{''.join(rows)}</table>"

    @staticmethod
    def _infeasible_text(exc: NoFeasiblePlan, k: int, lang: str) -> str:
        tid, year = exc.check
        t = next(t for t in TARGETS if t.id == tid)
        unit = unit_text(t.unit, lang)
        value = f"{format_number(exc.value)} {unit}".strip()
        goal = f"{format_target(t.comparison, t.target)} {unit}".strip()
        when = "" if year is None else pick(lang, f"{year}年", f" in {year}")
        limit = "" if not np.isfinite(exc.value) else pick(lang, f"为 {value}，要求 {goal}", f" at {value} against {goal}")
        return pick(lang, f"所选{k}个政策变量无论怎样取值，都无法满足全部硬约束。最接近的方案下，"
                          f"{when}“{t.label(lang)}”{limit}。可多选一些政策变量后再试。",
                    f"No setting of the {k} lever{'s' if k != 1 else ''} picked satisfies the hard limits. The "
                    f"closest miss leaves “{t.label(lang)}”{when}{limit}. Pick more levers and try again.")

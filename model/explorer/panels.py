"""The explorer's analysis panels: uncertainty bands and goal seeking.

Each panel takes what it needs, never the explorer itself: the registry, the
current language, a function giving the current settings as a scenario and a
function applying values to them.  So a panel can be built, driven and tested
on its own, and the explorer depends on the panels, never the other way.

* :class:`UncertaintyPanel`: a toggle that draws 5-95 % and 25-75 % bands
  around the current settings' lines from a small Latin-hypercube ensemble
  (:func:`model.analysis.ensemble.quick_bands`, the scenario's distributions,
  the fixed seed :data:`model.provenance.DEFAULT_SEED`) and adds each target's
  probability of being met (:func:`model.analysis.ensemble.target_probabilities`)
  to the scorecard.  A few hundred draws run through the vectorised model in
  milliseconds, so the explorer stays responsive with the bands on.
* :class:`GoalSeekPanel`: the goal seeking of ``python -m model solve``
  (:func:`model.analysis.goalseek.solve`) for the lever the user selected (the
  last one moved, or any continuous parameter picked from the list):
  maximise, minimise or hit a target, under constraints such as
  ``Energy|Assessed <= Energy|Cap``; the answer is applied to the controls in
  one click.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np

from model.core.parameter import ParameterValue
from model.core.registry import Registry
from model.core.scorecard import TARGETS
from model.core.timeline import FIRST_YEAR, LAST_YEAR, PLAN_YEAR
from model.errors import UserInputError
from model.explorer.tables import error_html
from model.provenance import DEFAULT_SEED
from model.reporting.charts import THEME_CHARTS, available_panels
from model.scenarios import Scenario
from model.text import pick

__all__ = ["UncertaintyPanel", "GoalSeekPanel", "DRAW_CHOICES", "EXAMPLE_TARGET", "chart_variables"]

#: Ensemble sizes offered for the bands (draws).
DRAW_CHOICES: tuple[int, ...] = (100, 200, 500, 1000)
#: The scorecard target whose quantity and value prefill the goal-seeking form.
EXAMPLE_TARGET = "share_secondary_2025"


def chart_variables() -> list[str]:
    """Every variable drawn in a theme chart."""
    return list(dict.fromkeys(v for c in THEME_CHARTS for p in available_panels(c) for v in p.variables))


# --------------------------------------------------------------------------- uncertainty

class UncertaintyPanel:
    """The uncertainty toggle: bands from a small ensemble, probabilities in the scorecard.

    Parameters
    ----------
    lang
        ``"zh"`` or ``"en"``.
    on_change
        Called when the toggle or the number of draws changes (the explorer
        recomputes).
    """

    def __init__(self, lang: str, on_change: Callable[[], None]):
        self.toggle = widgets.Checkbox(value=False, indent=False)
        self.toggle.add_class("explorer-uncertainty")
        self.draws = widgets.Dropdown(options=list(DRAW_CHOICES), value=200,
                                      layout=widgets.Layout(width="150px"))
        self.message = widgets.HTML()
        self.widget = widgets.HBox([self.toggle, self.draws, self.message],
                                   layout=widgets.Layout(align_items="center"))
        self.toggle.observe(lambda _: on_change(), names="value")
        self.draws.observe(lambda _: on_change(), names="value")
        self.set_lang(lang)

    @property
    def enabled(self) -> bool:
        return bool(self.toggle.value)

    def set_lang(self, lang: str) -> None:
        self.toggle.description = pick(lang, "显示不确定性区间（5–95%、25–75%）",
                                       "Show uncertainty bands (5-95 %, 25-75 %)")
        self.draws.description = pick(lang, "抽样数", "draws")
        self.draws.style = {"description_width": "50px"}
        self.toggle.tooltip = pick(lang, "按情景的参数分布做小样本集合（拉丁超立方抽样，固定种子）",
                                   "a small Latin-hypercube ensemble over the scenario's distributions "
                                   "(fixed seed)")

    def compute(self, scenario: Scenario) -> tuple[dict[str, np.ndarray] | None, dict[str, float] | None]:
        """Bands of every chart variable and target probabilities, or (None, None) when off."""
        if not self.enabled:
            return None, None
        from model.analysis.ensemble import quick_bands, target_probabilities

        draws = int(self.draws.value)
        bands = quick_bands(scenario, draws, DEFAULT_SEED, chart_variables())
        probabilities = target_probabilities(scenario, draws, DEFAULT_SEED)
        return bands, probabilities


# --------------------------------------------------------------------------- goal seeking

class GoalSeekPanel:
    """Goal seeking for the selected lever (:mod:`model.analysis.goalseek`), answer applied in one click.

    Parameters
    ----------
    registry
        The parameters offered (every continuous one).
    lang
        ``"zh"`` or ``"en"``.
    scenario
        Returns the current settings as a scenario (the question is asked of it).
    apply
        Applies ``{name: value}`` to the current settings (one refresh);
        raises :class:`~model.errors.UserInputError` for a value it refuses.
    """

    def __init__(self, registry: Registry, lang: str, scenario: Callable[[], Scenario],
                 apply: Callable[[Mapping[str, ParameterValue]], None]):
        self.registry = registry
        self.lang = lang
        self._scenario = scenario
        self._apply = apply
        self.levers = [n for n, p in registry.items() if p.dtype == "float"]
        self.lever = widgets.Dropdown(layout=widgets.Layout(width="420px"))
        self.mode = widgets.Dropdown(layout=widgets.Layout(width="260px"))
        self.objective = widgets.Dropdown(layout=widgets.Layout(width="260px"))
        # prefilled with the plan's secondary-share target (from the scorecard catalogue)
        example = next((t for t in TARGETS if t.id == EXAMPLE_TARGET), None)
        self.quantity = widgets.Text(value="Share|Secondary" if example else "",
                                     layout=widgets.Layout(width="420px"))
        self.target_value = widgets.FloatText(value=example.target if example and example.target else 0.0,
                                              layout=widgets.Layout(width="200px"))
        self.year = widgets.BoundedIntText(value=PLAN_YEAR, min=FIRST_YEAR, max=LAST_YEAR,
                                           layout=widgets.Layout(width="160px"))
        self.constraints = widgets.Textarea(layout=widgets.Layout(width="420px", height="48px"))
        self.solve_button = widgets.Button(button_style="info")
        self.apply_button = widgets.Button(disabled=True)
        self.result = widgets.HTML()
        self.result.add_class("explorer-goalseek-result")
        self.solve_button.on_click(lambda _: self.solve())
        self.apply_button.on_click(lambda _: self.apply())
        self.solution: Any = None
        self._solved_for: Scenario | None = None
        self.widget = widgets.VBox([self.lever, self.mode, self.objective, self.quantity, self.target_value,
                                    self.year, self.constraints,
                                    widgets.HBox([self.solve_button, self.apply_button]), self.result])
        self.set_lang(lang)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        value = self.lever.value
        self.lever.options = [(f"{self.registry[n].label(lang)} ({n})", n) for n in self.levers]
        self.lever.value = value if value in self.levers else self.levers[0]
        mode = self.mode.value or "set"
        self.mode.options = [(pick(lang, "取值 x", "set to x"), "set"),
                             (pick(lang, "乘以系数 x", "scale by x"), "scale")]
        self.mode.value = mode
        objective = self.objective.value or "target"
        self.objective.options = [(pick(lang, "使指标达到目标值", "hit a target value"), "target"),
                                  (pick(lang, "使指标最大", "maximise"), "maximise"),
                                  (pick(lang, "使指标最小", "minimise"), "minimise")]
        self.objective.value = objective
        for w, (zh, en) in ((self.lever, ("变动的参数", "lever")), (self.mode, ("方式", "how")),
                            (self.objective, ("目标", "objective")), (self.quantity, ("指标", "quantity")),
                            (self.target_value, ("目标值", "target value")), (self.year, ("年份", "year")),
                            (self.constraints, ("约束（每行一条）", "constraints (one a line)"))):
            w.description = pick(lang, zh, en)
            w.style = {"description_width": "110px"}
        self.constraints.placeholder = "Energy|Assessed <= Energy|Cap"
        self.quantity.placeholder = "Production|Copper + Production|Zinc"
        self.solve_button.description = pick(lang, "求解", "Solve")
        self.apply_button.description = pick(lang, "采用此结果", "Apply the answer")

    def select(self, name: str | None) -> None:
        """Offer goal seeking for the parameter the user just moved."""
        if name in self.levers and name != self.lever.value:
            self.lever.value = name

    def question_data(self) -> dict[str, Any]:
        """The question in the form ``python -m model solve`` reads from YAML."""
        data: dict[str, Any] = {"levers": [self.lever.value], "mode": self.mode.value,
                                "year": int(self.year.value),
                                "constraints": [c.strip() for c in self.constraints.value.splitlines() if c.strip()]}
        if self.objective.value == "target":
            data["target"] = {"quantity": self.quantity.value, "value": float(self.target_value.value)}
        else:
            data[self.objective.value] = self.quantity.value
        return data

    def solve(self) -> None:
        """Answer the question for the current settings; show the answer and the binding constraint."""
        from model.analysis.goalseek import question_from_mapping, solve

        scenario = self._scenario()
        self.solution = None
        self.apply_button.disabled = True
        try:
            question = question_from_mapping(self.question_data(), scenario,
                                             where=pick(self.lang, "目标求解", "goal seeking"))
            solution = solve(scenario, question)
        except UserInputError as exc:
            self.result.value = error_html(str(exc))
            return
        self.solution, self._solved_for = solution, scenario
        self.result.value = "<pre style='white-space:pre-wrap;font-size:12px'>" + \
            html.escape(solution.summary(self.lang)) + "</pre>"
        self.apply_button.disabled = False  # an infeasible question raises Infeasible above

    def apply(self) -> None:
        """Put the answer's lever values into the controls (one refresh)."""
        from model.analysis.goalseek import solution_overrides

        if self.solution is None or self._solved_for is None:
            return
        try:
            self._apply(solution_overrides(self._solved_for, self.solution))
        except UserInputError as exc:
            self.result.value += error_html(str(exc))

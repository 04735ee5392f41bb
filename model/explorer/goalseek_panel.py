"""Goal seeking in the explorer: pick a lever and an indicator, get an answer that respects the path.

The panel asks :func:`model.analysis.goalseek.solve` the questions of
``python -m model solve`` (hit a target, maximise or minimise, under
constraints such as ``Energy|Assessed <= Energy|Cap``) for the current
settings, in the words of an economist:

* the **lever** is picked by its label and unit (levers first, then
  assumptions); moving a control selects it;
* a time-varying lever changes as the **path mode** says
  (:data:`model.analysis.goalpaths.PATH_MODES`, each explained in one line):
  by default only the plan period 2021-2025, keeping the path's anchor years
  and its course after 2025; or the whole path, or from a chosen year, or the
  path scaled;
* the **indicator** is picked from a list in the current language: the
  scorecard's targets first (with the plan's value and year filled in), then
  every model variable; an expression can still be typed for questions such
  as ``Production|Copper + Production|Zinc``;
* the answer is written back as a person writes a path
  (:func:`model.analysis.goalpaths.tidy_overrides`: anchor years kept, values
  rounded to the parameter's step) and checked again after rounding
  (:func:`model.analysis.goalseek.check_overrides`);
* an unreachable target is said in plain words with the best value the lever
  reaches; when that best value meets the scorecard's own target (for an
  "about" target, within its tolerance), it is offered as the answer.

The panel gets the registry, the language, a function giving the current
settings as a scenario and one applying values, never the explorer.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from model.analysis.goalpaths import PATH_MODES, PLAN_PERIOD, path_fields, tidy_overrides
from model.analysis.goalseek import (Infeasible, Question, Solution, answer_at, check_overrides,
                                     question_from_mapping, solve)
from model.core.parameter import THEMES, ParameterValue
from model.core.registry import Registry
from model.core.scorecard import TARGETS
from model.core.simulate import VARIABLES
from model.core.timeline import FIRST_YEAR, LAST_YEAR, PLAN_YEAR
from model.errors import UserInputError
from model.explorer.inputs import Display, format_entry, read_number
from model.explorer.tables import error_html
from model.runs.runner import run_scenarios
from model.scenarios import Scenario
from model.text import format_target, pick, unit_text

__all__ = ["GoalSeekPanel", "MODE_HELP", "quantity_options", "CUSTOM"]

#: The indicator list's entry for a typed expression.
CUSTOM = "custom"
#: One line per path mode: (zh, en).
MODE_HELP: dict[str, tuple[str, str]] = {
    "plan": (f"只改规划期{PLAN_PERIOD[0]}–{PLAN_PERIOD[1]}年的取值；锚点年份和{PLAN_PERIOD[1]}年以后的路径不变。",
             f"Changes {PLAN_PERIOD[0]}-{PLAN_PERIOD[1]} only; the anchor years and the path after "
             f"{PLAN_PERIOD[1]} stay."),
    "whole": (f"整条路径（{FIRST_YEAR}–{LAST_YEAR}年）取同一个值。",
              f"The whole path ({FIRST_YEAR}-{LAST_YEAR}) becomes one value."),
    "from": (f"从所选年份到{LAST_YEAR}年取同一个值，此前各年不变。",
             f"One value from the chosen year to {LAST_YEAR}; earlier years stay."),
    "scale": ("整条路径乘以同一个系数，形状不变。", "The whole path times one factor; its shape stays."),
}
_MODE_NAMES = {"plan": ("规划期（默认）", "plan period (default)"), "whole": ("整条路径", "whole path"),
               "from": ("从某年起", "from a year on"), "scale": ("按比例缩放路径", "scale the path")}
_THEME_ORDER = {t: k for k, t in enumerate(THEMES)}


class _Refused(Exception):
    """A form entry the panel cannot read; the message is in the language of the moment."""


def quantity_options(lang: str) -> list[tuple[str, str]]:
    """The indicators offered: modelled scorecard targets (by theme), every variable, then a typed expression."""
    targets = sorted((t for t in TARGETS if t.is_modelled), key=lambda t: _THEME_ORDER.get(t.theme, 99))
    out = [(pick(lang, "记分卡：", "Scorecard: ") + f"{t.label(lang)} ({unit_text(t.unit, lang)}, {t.year})",
            f"target:{t.id}") for t in targets]
    out += [(f"{v.label(lang)} ({unit_text(v.unit, lang)})", v.name) for v in VARIABLES.values()]
    out.append((pick(lang, "自定义表达式…", "Typed expression…"), CUSTOM))
    return out


class GoalSeekPanel:
    """Goal seeking for the selected lever, answer applied in one click.

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

    Attributes
    ----------
    solution
        The solver's answer to the last question (None when there is none to apply).
    answer
        The values :meth:`apply` would set (tidy paths, rounded to the step).
    checked
        The quantity and constraints at ``answer`` (after rounding).
    """

    def __init__(self, registry: Registry, lang: str, scenario: Callable[[], Scenario],
                 apply: Callable[[Mapping[str, ParameterValue]], None]):
        self.registry = registry
        self.lang = lang
        self._scenario = scenario
        self._apply = apply
        self.levers = sorted((n for n, p in registry.items() if p.dtype == "float"),
                             key=lambda n: registry[n].kind != "lever")
        wide = widgets.Layout(width="auto", max_width="100%")
        self.lever = widgets.Dropdown(layout=wide)
        self.path_mode = widgets.Dropdown(layout=widgets.Layout(width="auto"))
        self.from_year = widgets.Text(value=str(PLAN_YEAR + 1), layout=widgets.Layout(width="190px"))
        self.mode_help = widgets.HTML()
        self.objective = widgets.Dropdown(layout=widgets.Layout(width="auto"))
        self.quantity = widgets.Dropdown(layout=wide)
        self.quantity.add_class("explorer-indicator")
        self.expression = widgets.Text(placeholder="Production|Copper + Production|Zinc",
                                       layout=widgets.Layout(width="100%", max_width="520px"))
        self.target_value = widgets.Text(layout=widgets.Layout(width="230px"))
        self.year = widgets.Text(value=str(PLAN_YEAR), layout=widgets.Layout(width="190px"))
        self.constraints = widgets.Textarea(placeholder="Energy|Assessed <= Energy|Cap",
                                            layout=widgets.Layout(width="100%", max_width="520px", height="48px"))
        self.solve_button = widgets.Button(button_style="info", layout=widgets.Layout(width="auto"))
        self.solve_button.add_class("explorer-solve")
        self.apply_button = widgets.Button(disabled=True, layout=widgets.Layout(width="auto"))
        self.apply_button.add_class("explorer-apply")
        self.result = widgets.HTML()
        self.result.add_class("explorer-goalseek-result")
        self.solve_button.on_click(lambda _: self.solve())
        self.apply_button.on_click(lambda _: self.apply())
        for w in (self.lever, self.path_mode, self.objective, self.quantity):
            w.observe(lambda _: self._arrange(), names="value")
        self.solution: Solution | None = None
        self.answer: dict[str, ParameterValue] | None = None
        self.checked: Solution | None = None
        self._said: Callable[[str], str] | None = None
        self.widget = widgets.VBox([self.lever, widgets.HBox([self.path_mode, self.from_year]), self.mode_help,
                                    self.objective, self.quantity, self.expression, self.target_value,
                                    self.year, self.constraints,
                                    widgets.HBox([self.solve_button, self.apply_button]), self.result])
        self.set_lang(lang)
        self.quantity.value = "target:share_tertiary_2025" if any(
            v == "target:share_tertiary_2025" for _, v in self.quantity.options) else self.quantity.options[0][1]
        self._arrange()

    # ------------------------------------------------------------------ form

    def _lever_label(self, name: str) -> str:
        p = self.registry[name]
        kind = "" if p.kind == "lever" else pick(self.lang, "假设：", "assumption: ")
        return f"{kind}{p.label(self.lang)} ({Display.of(p).unit(self.lang)})"

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        keep = {w: w.value for w in (self.lever, self.path_mode, self.objective, self.quantity)}
        self.lever.options = [(self._lever_label(n), n) for n in self.levers]
        self.lever.value = keep[self.lever] if keep[self.lever] in self.levers else self.levers[0]
        self.path_mode.options = [(pick(lang, *_MODE_NAMES[m]), m) for m in PATH_MODES]
        self.path_mode.value = keep[self.path_mode] or "plan"
        self.objective.options = [(pick(lang, "使指标达到目标值", "hit a target value"), "target"),
                                  (pick(lang, "使指标最大", "maximise"), "maximise"),
                                  (pick(lang, "使指标最小", "minimise"), "minimise")]
        self.objective.value = keep[self.objective] or "target"
        self.quantity.options = quantity_options(lang)
        if keep[self.quantity] is not None:
            self.quantity.value = keep[self.quantity]
        for w, (zh, en) in ((self.lever, ("变动的参数", "lever")), (self.path_mode, ("路径如何变", "path")),
                            (self.from_year, ("起始年份", "from year")),
                            (self.objective, ("目标", "objective")), (self.quantity, ("指标", "indicator")),
                            (self.expression, ("表达式", "expression")),
                            (self.target_value, ("目标值", "target value")), (self.year, ("年份", "year")),
                            (self.constraints, ("约束（每行一条）", "constraints (one a line)"))):
            w.description = pick(lang, zh, en)
            w.style = {"description_width": "110px"}
        self.solve_button.description = pick(lang, "求解", "Solve")
        self.apply_button.description = pick(lang, "采用此结果", "Apply the answer")
        self._arrange()
        if self._said is not None:
            self.result.value = self._said(lang)

    def _arrange(self) -> None:
        """Show what the chosen lever, path mode, objective and indicator need, and fill the target."""
        name = self.lever.value
        ts = name is not None and self.registry[name].timeseries
        self.path_mode.layout.display = None if ts else "none"
        self.from_year.layout.display = None if ts and self.path_mode.value == "from" else "none"
        self.mode_help.value = (f'<div style="font-size:12px;color:#555;margin-left:116px">'
                                f'{html.escape(pick(self.lang, *MODE_HELP[self.path_mode.value]))}</div>'
                                if ts and self.path_mode.value else "")
        q = self.quantity.value or ""
        self.expression.layout.display = None if q == CUSTOM else "none"
        self.target_value.layout.display = None if self.objective.value == "target" else "none"
        target = self._target(q)
        self.year.layout.display = "none" if target is not None else None
        if target is not None and target.target is not None and self.objective.value == "target":
            self.target_value.value = f"{target.target:g}"

    @staticmethod
    def _target(quantity: str):
        if quantity.startswith("target:"):
            return next((t for t in TARGETS if t.id == quantity[len("target:"):]), None)
        return None

    def select(self, name: str | None) -> None:
        """Offer goal seeking for the parameter the user just moved."""
        if name in self.levers and name != self.lever.value:
            self.lever.value = name

    def clear(self) -> None:
        """Forget the last answer (the settings it was found for have changed)."""
        self.solution = self.answer = self.checked = None
        self.apply_button.disabled = True
        self._show(None)

    def _show(self, said: Callable[[str], str] | None) -> None:
        self._said = said
        self.result.value = "" if said is None else said(self.lang)

    def _numbers(self) -> tuple[float, int, int]:
        """The target value, the year and the first year of the "from" mode, as typed.

        Raises :class:`_Refused` with a message in both languages for what cannot be read.
        """
        value, note = read_number(self.target_value.value)
        if value is None and self.objective.value == "target":
            raise _Refused(pick(self.lang, "目标值：", "target value: ") + note.text(self.lang))
        years = []
        for box, (zh, en) in ((self.year, ("年份", "year")), (self.from_year, ("起始年份", "from year"))):
            year, _ = read_number(box.value, whole=True)
            if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
                raise _Refused(pick(self.lang, f"{zh}应为{FIRST_YEAR}-{LAST_YEAR}之间的整数，而不是“{box.value}”",
                                    f"{en}: expected a whole year in {FIRST_YEAR}-{LAST_YEAR}, not “{box.value}”"))
            years.append(int(year))
        return (value or 0.0), years[0], years[1]

    def question_data(self) -> dict[str, Any]:
        """The question in the form ``python -m model solve`` reads from YAML."""
        value, year, from_year = self._numbers()
        name = self.lever.value
        q = self.quantity.value
        expr = self.expression.value.strip() if q == CUSTOM else q
        data: dict[str, Any] = {"levers": [name], "year": year,
                                "constraints": [c.strip() for c in self.constraints.value.splitlines() if c.strip()]}
        target = self._target(q or "")
        if target is not None:
            data["year"] = target.year
        data.update(path_fields(self.path_mode.value, from_year) if self.registry[name].timeseries
                    else {"mode": "set"})
        if self.objective.value == "target":
            data["target"] = {"quantity": expr, "value": value}
        else:
            data[self.objective.value] = expr
        return data

    # ------------------------------------------------------------------ solving

    def solve(self) -> None:
        """Answer the question for the current settings; say what it changes and what it reaches."""
        scenario = self._scenario()
        self.clear()
        try:
            question = question_from_mapping(self.question_data(), scenario,
                                             where=pick(self.lang, "目标求解", "goal seeking"))
        except _Refused as exc:
            self._show(lambda lang, e=str(exc): error_html(e))
            return
        except UserInputError as exc:
            self._show(lambda lang, e=str(exc): error_html(pick(lang, "问题不完整：", "The question is not valid: ")
                                                          + e))
            return
        steps = {n: Display.of(self.registry[n]).step / Display.of(self.registry[n]).factor
                 for n in question.levers}
        note: tuple[str, str] | None = None
        try:
            solution = solve(scenario, question)
        except Infeasible as exc:
            solution = self._closest_if_met(scenario, question, exc, steps)
            if solution is None:
                self._show(lambda lang, e=exc, q=question: error_html(self._infeasible_text(q, e, lang)))
                return
            note = self._near_note(question, solution)
        answer = tidy_overrides(scenario, solution, steps)
        self.solution, self.answer = solution, answer
        self.checked = check_overrides(scenario, question, answer, solution.value, solution.binding)
        target = self._target(self.quantity.value or "")
        judged = None if target is None else self._judge(scenario, answer, target.id)
        self.apply_button.disabled = False
        self._show(lambda lang, q=question, n=note, j=judged: self._answer_html(q, n, j, lang))

    def _closest_if_met(self, scenario: Scenario, question: Question, exc: Infeasible,
                        steps: Mapping[str, float]) -> Solution | None:
        """The closest answer of an unreachable target when it meets the scorecard's own target, else None."""
        target = self._target(self.quantity.value or "")
        if (exc.reason != "unreachable" or exc.x is None or target is None or target.target is None
                or question.target_value != target.target):
            return None
        closest = answer_at(scenario, question, exc.x, binding=pick(self.lang, "参数取值范围", "lever bound"))
        status, _, _ = self._judge(scenario, tidy_overrides(scenario, closest, steps), target.id)
        return closest if status == "met" else None

    def _judge(self, scenario: Scenario, answer: Mapping[str, ParameterValue], target_id: str
               ) -> tuple[str, float, float]:
        """The scorecard's status of a target, its value and tolerance, with ``answer`` applied to ``scenario``."""
        levers = {n: v for n, v in answer.items() if self.registry[n].kind == "lever"}
        trial = Scenario("goal-seek-check", "目标求解检验", "goal-seek check", parent=scenario, levers=levers,
                         assumptions={n: v for n, v in answer.items() if n not in levers},
                         registry=scenario.registry)
        card = run_scenarios([trial]).scorecard
        j = [t.id for t in card.targets].index(target_id)
        return str(card.status[0, j]), float(card.target[0, j]), float(card.tolerance[0, j])

    def _near_note(self, question: Question, solution: Solution) -> tuple[str, str]:
        v = f"{solution.objective_value:.4g}"
        return (f"目标值 {question.target_value:g} 达不到；最接近的是 {v}，在规划目标的容许范围内，按达成计。",
                f"{question.target_value:g} cannot be reached exactly; the closest is {v}, within the plan "
                "target's tolerance, so it counts as met.")

    # ------------------------------------------------------------------ words

    def _quantity_words(self, question: Question, lang: str) -> tuple[str, str]:
        """(the indicator in words, its unit) for messages."""
        q = self.quantity.value or ""
        target = self._target(q)
        if target is not None:
            return target.label(lang), unit_text(target.unit, lang)
        if q in VARIABLES:
            v = VARIABLES[q]
            return pick(lang, f"{question.year}年{v.label(lang)}", f"{v.label(lang)} in {question.year}"), \
                unit_text(v.unit, lang)
        return question.quantity.text(), ""

    def _lever_words(self, question: Question, lang: str) -> str:
        name = question.levers[0]
        label = self.registry[name].label(lang)
        if not self.registry[name].timeseries:
            return pick(lang, f"〈{label}〉", f"“{label}”")
        mode = self.path_mode.value
        if mode == "plan":
            return pick(lang, f"{PLAN_PERIOD[0]}–{PLAN_PERIOD[1]}年的〈{label}〉",
                        f"“{label}” in {PLAN_PERIOD[0]}-{PLAN_PERIOD[1]}")
        if mode == "from":
            first = question.period[0] if question.period else self.from_year.value
            return pick(lang, f"{first}年起的〈{label}〉", f"“{label}” from {first}")
        if mode == "scale":
            return pick(lang, f"〈{label}〉整条路径（按系数）", f"the whole path of “{label}” (a factor)")
        return pick(lang, f"〈{label}〉整条路径", f"the whole path of “{label}”")

    def _x_text(self, question: Question, x: float, lang: str) -> str:
        p = self.registry[question.levers[0]]
        if question.mode == "scale":
            return pick(lang, f"系数 {x:.4g}", f"a factor of {x:.4g}")
        return Display.of(p).text(x, lang) if x == x else "-"

    def _answer_html(self, question: Question, note: tuple[str, str] | None,
                     judged: tuple[str, float, float] | None, lang: str) -> str:
        assert self.checked is not None and self.answer is not None
        name = question.levers[0]
        display = Display.of(self.registry[name])
        what, unit = self._quantity_words(question, lang)
        value = f"{self.checked.objective_value:,.2f} {unit}".strip()
        new = self.answer[name]
        if isinstance(new, Mapping):
            shown = ", ".join(f"{y}: {format_entry(display.shown(v), display.decimals)}" for y, v in new.items())
            path = f"{{{shown}}} {display.unit(lang)}"
        else:
            path = display.text(float(new), lang)
        step = format_entry(display.step, display.decimals)
        lines = [pick(lang, f"答案：{self._lever_words(question, lang)}取 {path}（按步长 {step} 取整）。",
                      f"Answer: {self._lever_words(question, lang)} set to {path} (rounded to the step {step})."),
                 pick(lang, f"由此 {what} = {value}", f"Then {what} = {value}")]
        target = self._target(self.quantity.value or "")
        if target is not None and judged is not None:
            status, value, tolerance = judged
            goal = format_target(target.comparison, value, tolerance if tolerance == tolerance else None)
            word = pick(lang, *{"met": ("达成", "met"), "missed": ("未达成", "missed")}.get(status, (status, status)))
            lines[-1] += pick(lang, f"（规划目标 {goal}：{word}）", f" (plan target {goal}: {word})")
        lines[-1] += pick(lang, "。", ".")
        if self.checked.binding and self.checked.binding != "none" and question.objective != "target":
            lines.append(pick(lang, "起约束作用的条件：", "What binds: ") + self.checked.binding)
        for c in self.checked.constraints:
            lines.append(f"{c['constraint']}: {c['lhs']:,.4g} {c['op']} {c['rhs']:,.4g} "
                         f"({pick(lang, '余量', 'slack')} {c['slack']:+.4g})")
        if note is not None:
            lines.append(pick(lang, *note))
        return "<br>".join(html.escape(line) for line in lines)

    def _infeasible_text(self, question: Question, exc: Infeasible, lang: str) -> str:
        what, unit = self._quantity_words(question, lang)
        lever = self._lever_words(question, lang)
        goal = f"{question.target_value:g} {unit}".strip() if question.target_value is not None else ""
        low, high = self._x_text(question, question.lower, lang), self._x_text(question, question.upper, lang)
        best = "-" if exc.value is None else f"{exc.value:,.2f} {unit}".strip()
        at = "" if exc.x is None else self._x_text(question, exc.x, lang)
        if exc.reason == "unreachable":
            return pick(lang, f"{what}达不到 {goal}：{lever}在 {low} 到 {high} 之间变动，最接近的是 {best}"
                              f"（取 {at} 时）。可换一个参数、放宽范围或改变目标值。",
                        f"{what} cannot reach {goal}: with {lever} anywhere from {low} to {high}, the closest is "
                        f"{best} (at {at}). Try another lever, another path mode or another target.")
        return pick(lang, f"在约束下没有答案：{lever}取 {at} 时 {what} = {best}，但会违反约束（{exc}）。",
                    f"No answer within the constraints: at {at}, {lever} gives {what} = {best} but breaks a "
                    f"constraint ({exc}).")

    def apply(self) -> None:
        """Put the answer's values into the controls (one refresh)."""
        if self.answer is None:
            return
        answer = self.answer
        try:
            self._apply(answer)
        except UserInputError as exc:
            self.result.value += "<br>" + error_html(str(exc))

"""Widgets generated from the parameter registry, never written one by one.

Each :class:`~model.core.parameter.Parameter` gets the control that fits it:

* a number with finite bounds: a slider over its bounds with its unit
  (``continuous_update=False``: the value is sent once the handle settles);
* a number without finite bounds: a number box;
* a choice (accounting regime, standard grade ...): a dropdown of its
  choices with their Chinese or English labels;
* a time-varying parameter: a small year-path editor, one number box per
  anchor year (the years of the scenario's path, or 2021/2025/2030/2035 for a
  constant) with linear interpolation between them, exactly as scenario files
  are read (:func:`model.core.timeline.interpolate_path`); the anchor years
  themselves can be edited.

The label is Chinese or English (:meth:`ParameterControl.set_lang`), an
estimate is marked with ``*``, and the source shows on hover; every theme tab
also lists every parameter's source in a details panel.  Controls are grouped
by theme (:data:`model.core.THEMES`), levers apart from assumptions as in the
scenario files.
"""
from __future__ import annotations

import html
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from model.core.parameter import THEMES, Parameter, ParameterValue
from model.core.registry import Registry
from model.core.timeline import FIRST_YEAR, LAST_YEAR, PLAN_YEAR, interpolate_path, year_index
from model.text import pick

__all__ = ["ParameterControl", "NumberControl", "ChoiceControl", "PathControl", "ControlPanel",
           "make_control", "nice_step", "step_decimals", "DEFAULT_ANCHORS", "SECTION_TITLES"]

#: Anchor years offered for a time-varying parameter whose value is a constant: the plan's
#: first and last year (2021, 2025), 2030, and the end of the 2035 outlook.
DEFAULT_ANCHORS: tuple[int, ...] = (FIRST_YEAR + 1, PLAN_YEAR, 2030, LAST_YEAR)
#: Section headings: kind -> (zh, en).
SECTION_TITLES: dict[str, tuple[str, str]] = {
    "lever": ("政策杠杆（规划可以选择的）", "Levers (choices the plan makes)"),
    "assumption": ("假设（不确定的外部事实）", "Assumptions (uncertain facts)"),
}

OnChange = Callable[[str, ParameterValue], None]


def nice_step(lower: float, upper: float) -> float:
    """A round slider step giving about 100-250 positions between the bounds."""
    span = upper - lower
    if not math.isfinite(span) or span <= 0:
        return 0.01
    raw = span / 200
    base = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * base >= raw:
            return float(f"{m * base:.12g}")
    return float(10 * base)  # pragma: no cover - the loop always returns


def step_decimals(step: float) -> int:
    """Decimals needed to show a multiple of ``step``."""
    text = f"{step:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _label_html(p: Parameter, lang: str, changed: bool) -> str:
    star = "*" if p.estimate else ""
    mark = "● " if changed else ""
    color = "#c8412d" if changed else "inherit"
    return (f'<span style="color:{color}">{mark}{html.escape(p.label(lang))}{star}</span>')


def _tooltip(p: Parameter, lang: str) -> str:
    est = pick(lang, "（估计值）", " (estimate)") if p.estimate else ""
    head = pick(lang, "来源：", "Source: ")
    return f"{p.label_zh} / {p.label_en} [{p.unit}]\n{head}{p.source}{est}"


class ParameterControl(ABC):
    """One parameter's widget row, built from its registry entry.

    Attributes
    ----------
    parameter
        The registry entry.
    widget
        The row to put in a layout (label, input, unit).
    """

    def __init__(self, parameter: Parameter, value: ParameterValue, lang: str, on_change: OnChange):
        self.parameter = parameter
        self.lang = lang
        self._on_change = on_change
        self._quiet = False
        self._changed = False
        self.label = widgets.HTML(_label_html(parameter, lang, False),
                                  layout=widgets.Layout(width="210px"))
        self.label.tooltip = _tooltip(parameter, lang)
        self.unit = widgets.HTML(html.escape(parameter.unit), layout=widgets.Layout(width="70px"))
        self.widget: widgets.Widget = widgets.HBox()

    # -- protocol --------------------------------------------------------------
    @abstractmethod
    def get_value(self) -> ParameterValue:
        """The widget's value in scenario-file form."""

    @abstractmethod
    def _show(self, value: ParameterValue) -> None:
        """Put ``value`` into the widget(s)."""

    # -- shared ----------------------------------------------------------------
    def set_value(self, value: ParameterValue) -> None:
        """Show ``value`` without reporting it as a user change."""
        self._quiet = True
        try:
            self._show(value)
        finally:
            self._quiet = False

    def _fire(self, _change: Any = None) -> None:
        if not self._quiet:
            self._on_change(self.parameter.name, self.get_value())

    def set_lang(self, lang: str) -> None:
        """Switch labels and tooltips to ``lang``."""
        self.lang = lang
        self.label.value = _label_html(self.parameter, lang, self._changed)
        self.label.tooltip = _tooltip(self.parameter, lang)

    def mark_changed(self, changed: bool) -> None:
        """Highlight the label when the value differs from the loaded scenario."""
        if changed != self._changed:
            self._changed = changed
            self.label.value = _label_html(self.parameter, self.lang, changed)


class NumberControl(ParameterControl):
    """A slider over the bounds (or a number box when a bound is infinite)."""

    def __init__(self, parameter: Parameter, value: ParameterValue, lang: str, on_change: OnChange):
        super().__init__(parameter, value, lang, on_change)
        p = parameter
        self.step = p.step or (1 if p.dtype == "int" else nice_step(p.lower, p.upper))
        bounded = math.isfinite(p.lower) and math.isfinite(p.upper)
        decimals = step_decimals(self.step)
        css = f"param-{p.name}"
        if p.dtype == "int" and bounded:
            self.input: widgets.ValueWidget = widgets.IntSlider(
                value=int(value), min=int(p.lower), max=int(p.upper), step=int(self.step),
                continuous_update=False, layout=widgets.Layout(width="260px"))
        elif bounded:
            self.input = widgets.FloatSlider(
                value=float(value), min=p.lower, max=p.upper, step=self.step,
                continuous_update=False, readout_format=f".{decimals}f",
                layout=widgets.Layout(width="260px"))
        else:
            self.input = (widgets.IntText if p.dtype == "int" else widgets.FloatText)(
                value=value, step=self.step, layout=widgets.Layout(width="260px"))
        self.input.add_class(css)
        self.input.observe(self._fire, names="value")
        self.widget = widgets.HBox([self.label, self.input, self.unit])
        self.widget.add_class("explorer-row")

    def get_value(self) -> ParameterValue:
        return int(self.input.value) if self.parameter.dtype == "int" else float(self.input.value)

    def _show(self, value: ParameterValue) -> None:
        self.input.value = int(value) if self.parameter.dtype == "int" else float(value)


class ChoiceControl(ParameterControl):
    """A dropdown of the parameter's choices."""

    def __init__(self, parameter: Parameter, value: ParameterValue, lang: str, on_change: OnChange):
        super().__init__(parameter, value, lang, on_change)
        self.input = widgets.Dropdown(options=self._options(lang), value=value,
                                      layout=widgets.Layout(width="260px"))
        self.input.add_class(f"param-{parameter.name}")
        self.input.observe(self._fire, names="value")
        self.widget = widgets.HBox([self.label, self.input, self.unit])
        self.widget.add_class("explorer-row")

    def _options(self, lang: str) -> list[tuple[str, Any]]:
        return [(self.parameter.choice_label(c, lang), c) for c in self.parameter.choices]

    def get_value(self) -> ParameterValue:
        return self.input.value

    def _show(self, value: ParameterValue) -> None:
        self.input.value = value

    def set_lang(self, lang: str) -> None:
        value = self.input.value
        self._quiet = True
        try:
            self.input.options = self._options(lang)
            self.input.value = value
        finally:
            self._quiet = False
        super().set_lang(lang)


class PathControl(ParameterControl):
    """A year-path editor: one number per anchor year, linear in between.

    The anchor years are the years of the path the scenario gives (so a step
    such as 10 %/yr to 2025 and 5 %/yr from 2026 is kept), or
    :data:`DEFAULT_ANCHORS` for a constant.  Editing the list of years
    re-anchors the path at the new years, keeping its values there.
    """

    def __init__(self, parameter: Parameter, value: ParameterValue, lang: str, on_change: OnChange):
        super().__init__(parameter, value, lang, on_change)
        p = parameter
        self.step = p.step or nice_step(p.lower, p.upper)
        self._decimals = step_decimals(self.step) + 1
        self.years_box = widgets.Text(layout=widgets.Layout(width="170px"), continuous_update=False)
        self.years_box.add_class(f"param-{p.name}-years")
        self.years_box.observe(self._years_changed, names="value")
        self.boxes: dict[int, widgets.FloatText] = {}
        self.row = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.message = widgets.HTML()
        self._show(value)
        self.widget = widgets.VBox([
            widgets.HBox([self.label, self.years_box, self.unit]), self.row, self.message])
        self.widget.add_class("explorer-row")
        self.set_lang(lang)

    @staticmethod
    def anchors_for(value: ParameterValue) -> tuple[int, ...]:
        if isinstance(value, Mapping):
            return tuple(sorted(int(y) for y in value))
        return DEFAULT_ANCHORS

    def _make_box(self, year: int, v: float) -> widgets.Widget:
        p = self.parameter
        cls = widgets.BoundedFloatText if math.isfinite(p.lower) and math.isfinite(p.upper) else widgets.FloatText
        kw = {"min": p.lower, "max": p.upper} if cls is widgets.BoundedFloatText else {}
        box = cls(value=round(float(v), 12), step=self.step, description=str(year), **kw,
                  style={"description_width": "34px"}, layout=widgets.Layout(width="128px"))
        box.add_class(f"param-{p.name}-{year}")
        box.observe(self._fire, names="value")
        return box

    def _show(self, value: ParameterValue) -> None:
        anchors = self.anchors_for(value)
        path = interpolate_path(value)
        self._build(anchors, {y: float(path[year_index(y)]) for y in anchors})

    def _build(self, anchors: tuple[int, ...], values: Mapping[int, float]) -> None:
        was_quiet, self._quiet = self._quiet, True
        try:
            self.boxes = {y: self._make_box(y, values[y]) for y in anchors}
            self.row.children = tuple(self.boxes.values())
            self.years_box.value = ", ".join(str(y) for y in anchors)
        finally:
            self._quiet = was_quiet

    def _years_changed(self, change: Any) -> None:
        if self._quiet:
            return
        try:
            years = tuple(sorted({int(t) for t in str(change["new"]).replace("，", ",").split(",")
                                  if t.strip()}))
            if not years or not all(FIRST_YEAR <= y <= LAST_YEAR for y in years):
                raise ValueError
        except ValueError:
            self.message.value = ('<span style="color:#c8412d">'
                                  + pick(self.lang, f"年份应为{FIRST_YEAR}-{LAST_YEAR}之间、以逗号分隔的整数",
                                         f"years must be whole numbers in {FIRST_YEAR}-{LAST_YEAR}, separated "
                                         "by commas")
                                  + "</span>")
            self._quiet = True
            try:
                self.years_box.value = ", ".join(str(y) for y in self.boxes)
            finally:
                self._quiet = False
            return
        self.message.value = ""
        path = interpolate_path(self.get_value())
        self._build(years, {y: float(path[year_index(y)]) for y in years})
        self._fire()

    def get_value(self) -> ParameterValue:
        return {y: float(b.value) for y, b in self.boxes.items()}

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self.years_box.placeholder = ", ".join(map(str, DEFAULT_ANCHORS))
        self.years_box.tooltip = pick(lang, "锚点年份（逗号分隔），其间线性插值",
                                      "anchor years (comma separated), linear in between")


def make_control(parameter: Parameter, value: ParameterValue, lang: str,
                 on_change: OnChange) -> ParameterControl:
    """The control that fits a parameter's type."""
    if parameter.dtype == "choice":
        return ChoiceControl(parameter, value, lang, on_change)
    if parameter.timeseries:
        return PathControl(parameter, value, lang, on_change)
    return NumberControl(parameter, value, lang, on_change)


def _sources_html(params: list[Parameter], lang: str) -> str:
    head = pick(lang, "<tr><th>参数</th><th>单位</th><th>来源</th></tr>",
                "<tr><th>parameter</th><th>unit</th><th>source</th></tr>")
    rows = []
    for p in params:
        est = pick(lang, " <i>（估计值）</i>", " <i>(estimate)</i>") if p.estimate else ""
        rows.append(f"<tr><td>{html.escape(p.label(lang))}<br><code>{p.name}</code></td>"
                    f"<td>{html.escape(p.unit)}</td><td>{html.escape(p.source)}{est}</td></tr>")
    note = pick(lang, "* 标记的参数为估计值。", "* marks an estimate.")
    return (f'<table class="explorer-table">{head}{"".join(rows)}</table>'
            f'<div style="font-size:85%;color:#666">{note}</div>')


class ControlPanel:
    """Every parameter's control, in one tab per theme, levers apart from assumptions.

    Parameters
    ----------
    registry
        Where the parameters come from.
    values
        Initial values (scenario-file form) for every parameter.
    lang
        ``"zh"`` or ``"en"``.
    on_change
        Called with ``(name, value)`` when the user changes a control.
    """

    def __init__(self, registry: Registry, values: Mapping[str, ParameterValue], lang: str,
                 on_change: OnChange):
        self.registry = registry
        self.lang = lang
        self.controls: dict[str, ParameterControl] = {}
        self.themes: list[str] = list(registry.by_theme())
        self._headers: list[tuple[widgets.HTML, str]] = []
        self._sources: list[tuple[widgets.Accordion, widgets.HTML, list[Parameter]]] = []
        pages = []
        for theme, params in registry.by_theme().items():
            children: list[widgets.Widget] = []
            for kind in ("lever", "assumption"):
                group = [p for p in params if p.kind == kind]
                if not group:
                    continue
                header = widgets.HTML()
                self._headers.append((header, kind))
                children.append(header)
                for p in group:
                    control = make_control(p, values[p.name], lang, on_change)
                    self.controls[p.name] = control
                    children.append(control.widget)
            sources = widgets.HTML()
            details = widgets.Accordion(children=[sources])
            self._sources.append((details, sources, params))
            children.append(details)
            pages.append(widgets.VBox(children, layout=widgets.Layout(overflow="auto")))
        self.tabs = widgets.Tab(children=pages)
        self.tabs.add_class("explorer-controls")
        self.set_lang(lang)

    def set_values(self, values: Mapping[str, ParameterValue]) -> None:
        """Show new values (a loaded scenario) without reporting user changes."""
        for name, control in self.controls.items():
            control.set_value(values[name])

    def mark_changed(self, names: set[str]) -> None:
        """Highlight the controls whose values differ from the loaded scenario."""
        for name, control in self.controls.items():
            control.mark_changed(name in names)

    def set_lang(self, lang: str) -> None:
        """Switch every label, heading and tab title to ``lang``."""
        self.lang = lang
        self.tabs.titles = tuple(pick(lang, *THEMES[t]) for t in self.themes)
        for header, kind in self._headers:
            header.value = f"<b>{pick(lang, *SECTION_TITLES[kind])}</b>"
        for details, sources, params in self._sources:
            details.titles = (pick(lang, "参数来源与说明", "Sources of the parameters"),)
            sources.value = _sources_html(params, lang)
        for control in self.controls.values():
            control.set_lang(lang)


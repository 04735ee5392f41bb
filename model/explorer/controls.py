"""Widgets generated from the parameter registry, never written one by one.

Each :class:`~model.core.parameter.Parameter` gets the control that fits it:

* a number: a slider over a working range around its value and an entry box
  beside it, both in the unit on screen (:class:`~model.explorer.inputs.Display`:
  rates and shares in per cent); the slider sends its value when the handle
  settles (``continuous_update=False``), and its range follows the value
  (:func:`~model.explorer.inputs.slider_range`), so a short drag is a small
  change; any value within the registry's bounds can be typed;
* a choice (accounting regime, standard grade ...): a dropdown of its
  choices with their Chinese or English labels;
* a time-varying parameter: a small year-path editor, one entry box per
  anchor year (the years of the scenario's path, or 2021/2025/2030/2035 for a
  constant) with linear interpolation between them, exactly as scenario files
  are read (:func:`model.core.timeline.interpolate_path`); the anchor years
  themselves can be edited.

Typed text is read by :func:`~model.explorer.inputs.read_entry`: a refused
entry leaves the value as it was and says why beside the control, in the
current language; nothing is clamped or rounded silently.

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
import numpy as np

from model.core.parameter import THEMES, Parameter, ParameterValue
from model.core.registry import Registry
from model.core.timeline import FIRST_YEAR, LAST_YEAR, PLAN_YEAR, interpolate_path, year_index
from model.explorer.inputs import Display, Note, needs_new_range, read_entry, slider_range
from model.text import pick, source_text, unit_text

__all__ = ["ParameterControl", "NumberControl", "ChoiceControl", "PathControl", "ControlPanel",
           "make_control", "DEFAULT_ANCHORS", "SECTION_TITLES", "note_html"]

#: Anchor years offered for a time-varying parameter whose value is a constant: the plan's
#: first and last year (2021, 2025), 2030, and the end of the 2035 outlook.
DEFAULT_ANCHORS: tuple[int, ...] = (FIRST_YEAR + 1, PLAN_YEAR, 2030, LAST_YEAR)
#: Section headings: kind -> (zh, en).
SECTION_TITLES: dict[str, tuple[str, str]] = {
    "lever": ("政策杠杆（规划可以选择的）", "Levers (choices the plan makes)"),
    "assumption": ("假设（不确定的外部事实）", "Assumptions (uncertain facts)"),
}

OnChange = Callable[[str, ParameterValue], None]


def note_html(note: Note | None, lang: str) -> str:
    """A control's message: red when the entry was refused, grey when it was taken with a hint."""
    if note is None:
        return ""
    color = "#c8412d" if note.refused else "#8a6d00"
    return f'<span class="explorer-note" style="color:{color}">{html.escape(note.text(lang))}</span>'


def _label_html(p: Parameter, lang: str, changed: bool) -> str:
    star = "*" if p.estimate else ""
    mark = "● " if changed else ""
    color = "#c8412d" if changed else "inherit"
    return (f'<span style="color:{color}">{mark}{html.escape(p.label(lang))}{star}</span>')


def _tooltip(p: Parameter, lang: str) -> str:
    est = pick(lang, "（估计值）", " (estimate)") if p.estimate else ""
    head = pick(lang, "来源：", "Source: ")
    return f"{p.label(lang)} [{unit_text(p.unit, lang)}]\n{head}{source_text(p.source, lang)}{est}"


class ParameterControl(ABC):
    """One parameter's widget row, built from its registry entry.

    Attributes
    ----------
    parameter
        The registry entry.
    widget
        The row to put in a layout (label, input, unit, message).
    message
        Where a refused or reinterpreted entry is explained.
    """

    def __init__(self, parameter: Parameter, value: ParameterValue, lang: str, on_change: OnChange):
        self.parameter = parameter
        self.lang = lang
        self._on_change = on_change
        self._quiet = False
        self._changed = False
        self._note: Note | None = None
        self.label = widgets.HTML(_label_html(parameter, lang, False),
                                  layout=widgets.Layout(width="200px"))
        self.label.tooltip = _tooltip(parameter, lang)
        self.unit = widgets.HTML()
        self.unit.add_class("explorer-unit")
        self.message = widgets.HTML()
        self.message.add_class(f"param-{parameter.name}-message")
        self.widget: widgets.Widget = widgets.HBox()

    # -- protocol --------------------------------------------------------------
    @abstractmethod
    def get_value(self) -> ParameterValue:
        """The control's value in scenario-file form."""

    @abstractmethod
    def _show(self, value: ParameterValue) -> None:
        """Put ``value`` into the widget(s)."""

    # -- shared ----------------------------------------------------------------
    def set_value(self, value: ParameterValue) -> None:
        """Show ``value`` without reporting it as a user change (clears the message)."""
        self._quiet = True
        try:
            self._show(value)
        finally:
            self._quiet = False
        self.say(None)

    def _fire(self, _change: Any = None) -> None:
        if not self._quiet:
            self._on_change(self.parameter.name, self.get_value())

    def say(self, note: Note | None) -> None:
        """Show ``note`` beside the control (None clears it)."""
        self._note = note
        self.message.value = note_html(note, self.lang)

    def set_lang(self, lang: str) -> None:
        """Switch labels, units, tooltips and the message to ``lang``."""
        self.lang = lang
        self.label.value = _label_html(self.parameter, lang, self._changed)
        self.label.tooltip = _tooltip(self.parameter, lang)
        self.unit.value = html.escape(self._unit_text(lang))
        self.message.value = note_html(self._note, lang)

    def _unit_text(self, lang: str) -> str:
        return unit_text(self.parameter.unit, lang)

    def mark_changed(self, changed: bool) -> None:
        """Highlight the label when the value differs from the loaded scenario."""
        if changed != self._changed:
            self._changed = changed
            self.label.value = _label_html(self.parameter, self.lang, changed)


def _row(*children: widgets.Widget) -> widgets.HBox:
    return widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap", align_items="center"))


class NumberControl(ParameterControl):
    """A slider over a working range and an entry box, in the unit on screen.

    ``input`` is the slider (None when a bound is infinite), ``entry`` the box.
    """

    def __init__(self, parameter: Parameter, value: ParameterValue, lang: str, on_change: OnChange):
        super().__init__(parameter, value, lang, on_change)
        p = parameter
        self.display = Display.of(p)
        self.step = self.display.step
        self._value: float | int = value  # type: ignore[assignment]
        self._default_shown = self.display.shown(float(np.max(np.abs(p.to_array(p.default)))))
        self.input: widgets.ValueWidget | None = None
        if math.isfinite(p.lower) and math.isfinite(p.upper):
            lo, hi, step = slider_range(self.display, self.display.shown(value), self._default_shown)
            cls = widgets.IntSlider if self.display.whole else widgets.FloatSlider
            self.input = cls(value=self.display.shown(value), min=lo, max=hi, step=step, readout=False,
                             continuous_update=False, layout=widgets.Layout(width="220px"))
            self.input.add_class(f"param-{p.name}")
            self.input.observe(self._slid, names="value")
        self.entry = widgets.Text(value=self.display.text(value), continuous_update=False,
                                  layout=widgets.Layout(width="92px"))
        self.entry.add_class(f"param-{p.name}-entry")
        self.entry.observe(self._typed, names="value")
        self.widget = widgets.VBox([_row(self.label, *([self.input] if self.input else []), self.entry,
                                         self.unit), self.message])
        self.widget.add_class("explorer-row")
        self.set_lang(lang)

    def _unit_text(self, lang: str) -> str:
        return self.display.unit(lang)

    def get_value(self) -> ParameterValue:
        return self._value

    def _show(self, value: ParameterValue) -> None:
        self._value = int(value) if self.display.whole else float(value)  # type: ignore[arg-type]
        was_quiet, self._quiet = self._quiet, True
        try:
            self.entry.value = self.display.text(self._value)
            self._place_slider(self.display.shown(self._value))
        finally:
            self._quiet = was_quiet

    def _place_slider(self, shown: float) -> None:
        """Put the handle at ``shown``, moving the working range first when it needs to."""
        s = self.input
        if s is None:
            return
        if needs_new_range(s.min, s.max, self.display, shown):
            lo, hi, step = slider_range(self.display, shown, self._default_shown)
            with s.hold_trait_notifications():
                s.min, s.max, s.step = lo, hi, step
        s.value = shown

    def _slid(self, change: Any) -> None:
        if self._quiet:
            return
        self._value = self.display.stored(change["new"])
        self._quiet = True
        try:
            self.entry.value = self.display.text(self._value)
            self._place_slider(self.display.shown(self._value))
        finally:
            self._quiet = False
        self.say(None)
        self._fire()

    def _typed(self, change: Any) -> None:
        if self._quiet:
            return
        value, note = read_entry(change["new"], self.display, self._value)
        if value is None:
            self.set_value(self._value)  # the box shows the kept value again
            self.say(note)
            return
        self.set_value(value)
        self.say(note)
        self._fire()


class ChoiceControl(ParameterControl):
    """A dropdown of the parameter's choices."""

    def __init__(self, parameter: Parameter, value: ParameterValue, lang: str, on_change: OnChange):
        super().__init__(parameter, value, lang, on_change)
        self.input = widgets.Dropdown(options=self._options(lang), value=value,
                                      layout=widgets.Layout(width="auto", max_width="100%"))
        self.input.add_class(f"param-{parameter.name}")
        self.input.observe(self._fire, names="value")
        self.widget = widgets.VBox([_row(self.label, self.input, self.unit), self.message])
        self.widget.add_class("explorer-row")
        self.set_lang(lang)

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
    """A year-path editor: one entry per anchor year, linear in between, in the unit on screen.

    The anchor years are the years of the path the scenario gives (so a step
    such as 10 %/yr to 2025 and 5 %/yr from 2026 is kept), or
    :data:`DEFAULT_ANCHORS` for a constant.  Editing the list of years
    re-anchors the path at the new years, keeping its values there.  Each
    entry is read by :func:`~model.explorer.inputs.read_entry` (``8`` in a
    growth path is 8 %/yr).
    """

    def __init__(self, parameter: Parameter, value: ParameterValue, lang: str, on_change: OnChange):
        super().__init__(parameter, value, lang, on_change)
        p = parameter
        self.display = Display.of(p)
        self.step = self.display.step
        self.years_box = widgets.Text(layout=widgets.Layout(width="190px"), continuous_update=False)
        self.years_box.add_class(f"param-{p.name}-years")
        self.years_box.observe(self._years_changed, names="value")
        self.boxes: dict[int, widgets.Text] = {}
        self._values: dict[int, float] = {}
        self.row = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self._show(value)
        self.widget = widgets.VBox([_row(self.label, self.years_box, self.unit), self.row, self.message])
        self.widget.add_class("explorer-row")
        self.set_lang(lang)

    def _unit_text(self, lang: str) -> str:
        return self.display.unit(lang)

    @staticmethod
    def anchors_for(value: ParameterValue) -> tuple[int, ...]:
        if isinstance(value, Mapping):
            return tuple(sorted(int(y) for y in value))
        return DEFAULT_ANCHORS

    def _make_box(self, year: int) -> widgets.Text:
        box = widgets.Text(value=self.display.text(self._values[year]), description=str(year),
                           continuous_update=False, style={"description_width": "36px"},
                           layout=widgets.Layout(width="118px"))
        box.add_class(f"param-{self.parameter.name}-{year}")
        box.observe(lambda change, year=year: self._typed(year, change), names="value")
        return box

    def _typed(self, year: int, change: Any) -> None:
        if self._quiet:
            return
        value, note = read_entry(change["new"], self.display, self._values[year])
        if value is not None:
            self._values[year] = value
        self._quiet = True
        try:
            self.boxes[year].value = self.display.text(self._values[year])
        finally:
            self._quiet = False
        self.say(note)
        if value is not None:
            self._fire()

    def _show(self, value: ParameterValue) -> None:
        anchors = self.anchors_for(value)
        path = interpolate_path(value)
        self._build(anchors, {y: float(path[year_index(y)]) for y in anchors})

    def _build(self, anchors: tuple[int, ...], values: Mapping[int, float]) -> None:
        was_quiet, self._quiet = self._quiet, True
        try:
            self._values = {y: float(f"{values[y]:.12g}") for y in anchors}
            self.boxes = {y: self._make_box(y) for y in anchors}
            self.row.children = tuple(self.boxes.values())
            self.years_box.value = ", ".join(str(y) for y in anchors)
        finally:
            self._quiet = was_quiet

    def _years_changed(self, change: Any) -> None:
        if self._quiet:
            return
        try:
            text = str(change["new"]).replace("，", ",").replace("、", ",")
            years = tuple(sorted({int(t) for t in text.split(",") if t.strip()}))
            if not years or not all(FIRST_YEAR <= y <= LAST_YEAR for y in years):
                raise ValueError
        except ValueError:
            self.say(Note(f"年份应为{FIRST_YEAR}-{LAST_YEAR}之间、以逗号分隔的整数",
                          f"years must be whole numbers in {FIRST_YEAR}-{LAST_YEAR}, separated by commas"))
            self._quiet = True
            try:
                self.years_box.value = ", ".join(str(y) for y in self.boxes)
            finally:
                self._quiet = False
            return
        self.say(None)
        path = interpolate_path(self.get_value())
        self._build(years, {y: float(path[year_index(y)]) for y in years})
        self._fire()

    def get_value(self) -> ParameterValue:
        return dict(self._values)

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
                    f"<td>{html.escape(Display.of(p).unit(lang))}</td>"
                    f"<td>{html.escape(source_text(p.source, lang))}{est}</td></tr>")
    note = pick(lang, "* 标记的参数为估计值。", "* marks an estimate.")
    return (f'<table class="explorer-table">{head}{"".join(rows)}</table>'
            f'<div style="font-size:85%;color:#666">{note}</div>')


class _Controls(Mapping[str, ParameterControl]):
    """Parameter name -> its control; a theme's controls are built the first time one is asked for."""

    def __init__(self, panel: "ControlPanel"):
        self._panel = panel

    def __getitem__(self, name: str) -> ParameterControl:
        if name not in self._panel.built:
            self._panel.build_theme(self._panel.registry[name].theme)
        return self._panel.built[name]

    def __iter__(self):
        return iter(self._panel.registry)

    def __len__(self) -> int:
        return len(self._panel.registry)


class ControlPanel:
    """Every parameter's control, in one tab per theme, levers apart from assumptions.

    A theme's page is built when its tab is first opened (or one of its
    controls is asked for), with the values and language of that moment: the
    page then holds a few hundred widgets instead of every theme's thousands,
    which is most of the explorer's start-up time in the kernel and in the
    browser.

    Parameters
    ----------
    registry
        Where the parameters come from.
    values
        Returns the current values (scenario-file form) of every parameter.
    lang
        ``"zh"`` or ``"en"``.
    on_change
        Called with ``(name, value)`` when the user changes a control.

    Attributes
    ----------
    controls
        Name -> control, for every parameter (built on first use).
    built
        The controls built so far.
    """

    def __init__(self, registry: Registry, values: Callable[[], Mapping[str, ParameterValue]], lang: str,
                 on_change: OnChange):
        self.registry = registry
        self.lang = lang
        self._values = values
        self._on_change = on_change
        self._changed: set[str] = set()
        self.built: dict[str, ParameterControl] = {}
        self.controls = _Controls(self)
        self._by_theme = registry.by_theme()
        self.themes: list[str] = list(self._by_theme)
        self._headers: list[tuple[widgets.HTML, str]] = []
        self._sources: list[tuple[widgets.Accordion, widgets.HTML, list[Parameter]]] = []
        self._pages = {t: widgets.VBox(layout=widgets.Layout(overflow="auto")) for t in self.themes}
        self.tabs = widgets.Tab(children=list(self._pages.values()))
        self.tabs.add_class("explorer-controls")
        self.tabs.observe(self._opened, names="selected_index")
        self.set_lang(lang)
        if self.themes:
            self.build_theme(self.themes[0])

    def _opened(self, change: Mapping[str, Any]) -> None:
        if change["new"] is not None:
            self.build_theme(self.themes[change["new"]])

    def build_theme(self, theme: str) -> None:
        """Build a theme's page (once) with the current values, language and change marks."""
        page = self._pages[theme]
        if page.children:
            return
        values = self._values()
        params = self._by_theme[theme]
        children: list[widgets.Widget] = []
        for kind in ("lever", "assumption"):
            group = [p for p in params if p.kind == kind]
            if not group:
                continue
            header = widgets.HTML(f"<b>{pick(self.lang, *SECTION_TITLES[kind])}</b>")
            self._headers.append((header, kind))
            children.append(header)
            for p in group:
                control = make_control(p, values[p.name], self.lang, self._on_change)
                control.mark_changed(p.name in self._changed)
                self.built[p.name] = control
                children.append(control.widget)
        sources = widgets.HTML(_sources_html(params, self.lang))
        details = widgets.Accordion(children=[sources], selected_index=None,
                                    titles=(pick(self.lang, "参数来源与说明", "Sources of the parameters"),))
        self._sources.append((details, sources, params))
        children.append(details)
        page.children = children

    def set_values(self, values: Mapping[str, ParameterValue]) -> None:
        """Show new values (a loaded scenario) without reporting user changes."""
        for name, control in self.built.items():
            control.set_value(values[name])

    def mark_changed(self, names: set[str]) -> None:
        """Highlight the controls whose values differ from the loaded scenario."""
        self._changed = set(names)
        for name, control in self.built.items():
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
        for control in self.built.values():
            control.set_lang(lang)

"""The plan scorecard as the explorer shows it: grouped by theme, folded, 未建模 rows on request.

The scorecard has about thirty rows, and the headline numbers sit in
:func:`model.explorer.tables.headline_html` above the charts; the full table
is therefore one folded section per theme (ipywidgets accordions, which keep
their open or closed state while the numbers change), each titled with its
count of met and missed targets.  Targets the model does not judge (未建模)
are hidden behind a toggle, so the grey rows no longer sit between the ones
that matter.
"""
from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets

from model.core.parameter import THEMES
from model.explorer.tables import rows_by_id, scorecard_rows_html, scorecard_summary
from model.runs.runner import RunOutput
from model.text import pick

__all__ = ["ScorecardView"]


class ScorecardView:
    """Scorecard summary, the 未建模 toggle and one folded table per theme.

    Attributes
    ----------
    widget
        The view's root widget.
    groups
        Theme -> (its accordion, the HTML inside).
    show_unmodelled
        The toggle for targets the model does not judge.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.summary = widgets.HTML()
        self.show_unmodelled = widgets.Checkbox(value=False, indent=False)
        self.show_unmodelled.add_class("explorer-unmodelled")
        self.show_unmodelled.observe(lambda _: self._render(), names="value")
        self.groups: dict[str, tuple[widgets.Accordion, widgets.HTML]] = {}
        for theme in THEMES:
            body = widgets.HTML()
            box = widgets.Accordion(children=[body], selected_index=None)
            box.add_class(f"scorecard-{theme}")
            self.groups[theme] = (box, body)
        self.widget = widgets.VBox([self.summary, self.show_unmodelled,
                                    *(box for box, _ in self.groups.values())])
        self.widget.add_class("explorer-scorecard")
        self._last: tuple[RunOutput, RunOutput | None, Mapping[str, float] | None] | None = None

    def show(self, current: RunOutput, reference: RunOutput | None,
             probabilities: Mapping[str, float] | None = None) -> None:
        """Show a run next to the reference (and target probabilities when given)."""
        self._last = (current, reference, probabilities)
        self._render()

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._render()

    def _render(self) -> None:
        if self._last is None:
            return
        current, reference, probabilities = self._last
        lang = self.lang
        targets = current.scorecard.targets
        unmodelled = sum(not t.is_modelled for t in targets)
        self.summary.value = scorecard_summary(current, lang)
        self.show_unmodelled.description = pick(lang, f"显示未建模的目标（{unmodelled} 项）",
                                                f"Show targets the model does not judge ({unmodelled})")
        status = dict(zip((t.id for t in targets), current.scorecard.status[0]))
        rows, refs = rows_by_id(current, lang), rows_by_id(reference, lang)
        for theme, (box, body) in self.groups.items():
            ids = [t.id for t in targets if t.theme == theme and (t.is_modelled or self.show_unmodelled.value)]
            if not ids:
                box.layout.display = "none"
                body.value = ""
                continue
            box.layout.display = None
            met = sum(status[i] == "met" for i in ids)
            missed = sum(status[i] == "missed" for i in ids)
            box.titles = (pick(lang, f"{THEMES[theme][0]}：达成 {met}，未达成 {missed}",
                               f"{THEMES[theme][1]}: {met} met, {missed} missed"),)
            body.value = scorecard_rows_html(rows, refs, lang, ids, probabilities)

    @property
    def html(self) -> str:
        """Every shown group's table, one after another (what the page holds)."""
        return self.summary.value + "".join(body.value for _, body in self.groups.values())

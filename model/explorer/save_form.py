"""The "save as a new scenario" form: id, titles, note, file, confirmation, and its message.

The form only collects what the user typed and shows the answer beside the
save button; the saving itself (validated, atomic, never replacing a file
without confirmation) is :meth:`model.explorer.state.ExplorerState.save`,
reached through the function the form is given.  A message names the file
relative to the project folder and is in the current language; it is cleared
when the settings change, so it never describes an older state.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from model.errors import UserInputError
from model.explorer.state import ExplorerError
from model.explorer.tables import error_html, ok_html
from model.provenance import relative_to_project
from model.scenarios import ScenarioError
from model.text import pick

__all__ = ["SaveForm", "problems_html"]

_TEXT = {
    "save": ("保存为新情景", "Save as a new scenario"),
    "save_button": ("保存", "Save"),
    "id": ("情景编号", "Scenario id"),
    "title_zh": ("中文标题", "Chinese title"),
    "title_en": ("英文标题", "English title"),
    "note": ("说明", "Note"),
    "file": ("文件", "File"),
    "overwrite": ("确认覆盖已有文件", "Confirm replacing an existing file"),
}

#: ``(path, id, title_zh, title_en, note, overwrite) -> the saved file``
SaveFunction = Callable[[str, str, str, str, str, bool], Path]


def problems_html(exc: ScenarioError, lang: str, lead: tuple[str, str]) -> str:
    """A scenario file's problems, one line each after a lead sentence in ``lang``.

    Each line is the validator's own (``file:line: key: what was expected``, the
    words of ``python -m model validate`` in English, their Chinese from
    :data:`model.scenarios.problems.MESSAGES`) with the file relative to the project.
    """
    lines = [pick(lang, *lead)] + [p.text(lang, relative_to_project(p.file)) for p in exc.problems]
    return "<br>".join(error_html(line) for line in lines)


class SaveForm:
    """The save form; ``save`` does the work and raises for what it refuses."""

    def __init__(self, lang: str, save: SaveFunction):
        self.lang = lang
        self._save = save
        self.heading = widgets.HTML()
        self.id = widgets.Text(placeholder="my-scenario", layout=widgets.Layout(width="320px"))
        self.title_zh = widgets.Text(layout=widgets.Layout(width="320px"))
        self.title_en = widgets.Text(layout=widgets.Layout(width="320px"))
        self.note = widgets.Textarea(layout=widgets.Layout(width="460px", height="60px"))
        self.file = widgets.Text(placeholder="scenarios/my-scenario.yaml", layout=widgets.Layout(width="460px"))
        self.overwrite = widgets.Checkbox(value=False, indent=False)
        self.button = widgets.Button(button_style="primary")
        self.button.on_click(lambda _: self.submit())
        self.message = widgets.HTML()
        self.message.add_class("explorer-save-message")
        self.id.observe(self._suggest_file, names="value")
        self.widget = widgets.VBox([self.heading, self.id, self.title_zh, self.title_en, self.note, self.file,
                                    widgets.HBox([self.overwrite, self.button, self.message],
                                                 layout=widgets.Layout(flex_flow="row wrap",
                                                                       align_items="center"))])
        self.set_lang(lang)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.heading.value = f"<b>{pick(lang, *_TEXT['save'])}</b>"
        for w, key in ((self.id, "id"), (self.title_zh, "title_zh"), (self.title_en, "title_en"),
                       (self.note, "note"), (self.file, "file")):
            w.description = pick(lang, *_TEXT[key])
            w.style = {"description_width": "90px"}
        self.overwrite.description = pick(lang, *_TEXT["overwrite"])
        self.button.description = pick(lang, *_TEXT["save_button"])
        self.clear()

    def clear(self) -> None:
        """Forget the last message (the settings it described have changed)."""
        self.message.value = ""

    def _suggest_file(self, change: Mapping[str, Any]) -> None:
        new = str(change["new"]).strip()
        old = str(change["old"]).strip()
        if not self.file.value or self.file.value == f"scenarios/{old}.yaml":
            self.file.value = f"scenarios/{new}.yaml" if new else ""

    def submit(self) -> Path | None:
        """Save what the form holds; show the file saved, or why not, beside the button."""
        scenario_id = self.id.value.strip()
        path = self.file.value.strip() or f"scenarios/{scenario_id}.yaml"
        try:
            saved = self._save(path, scenario_id, self.title_zh.value, self.title_en.value, self.note.value,
                               self.overwrite.value)
        except ScenarioError as exc:
            self.message.value = problems_html(exc, self.lang, ("未保存，文件有以下问题：",
                                                                "Not saved; the file would have these problems:"))
            return None
        except ExplorerError as exc:
            self.message.value = error_html(exc.text(self.lang))
            return None
        except UserInputError as exc:
            self.message.value = error_html(str(exc))
            return None
        finally:
            self.overwrite.value = False
        self.message.value = ok_html(pick(self.lang, "已保存：", "saved: ") + relative_to_project(saved))
        return saved

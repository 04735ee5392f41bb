"""The explorer's state: current parameter values, the scenario they start from, save and load.

Everything here is plain Python (no widgets), so it is tested directly and
the widgets stay a thin view over it.

* The **base** scenario is the file the user loaded (inheritance resolved by
  :func:`model.scenarios.load_scenario`); "reset" returns every value to it.
* The **current** values are every parameter's value in scenario-file form
  (number, choice or ``{year: value}`` path), as the widgets set them.
* :meth:`ExplorerState.overrides` is what differs from the base, compared on
  the model's arrays (so ``0.05`` and ``{2021: 0.05, 2035: 0.05}`` are equal).
* :meth:`ExplorerState.save` writes a new scenario file that inherits from
  the base and records only those overrides, validated before it is renamed
  into place, never replacing an existing file unless asked to.
"""
from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.core.parameter import Parameter, ParameterValue
from model.core.registry import REGISTRY, Registry
from model.errors import UserInputError
from model.provenance import PROJECT_ROOT, SCENARIO_DIR, relative_to_project
from model.runs.atomic import atomic_path
from model.scenarios import (InvalidValue, Scenario, ScenarioError, ScenarioProblem, check_value,
                             dump_scenario_yaml, load_scenario)
from model.text import percent_unit, pick

__all__ = ["ExplorerState", "ExplorerError", "clean_value", "values_equal", "inherits_reference",
           "scenario_files", "percent_comments", "resolve_path", "scenario_path", "DEFAULT_SCENARIO"]

#: The scenario the explorer starts from and compares with unless told otherwise.
DEFAULT_SCENARIO = SCENARIO_DIR / "baseline.yaml"


class ExplorerError(UserInputError):
    """A refusal worded in both languages; ``str()`` gives the English, :meth:`text` either."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en

    def text(self, lang: str) -> str:
        return pick(lang, self.zh, self.en)


def percent_comments(registry: Registry, values: Mapping[str, ParameterValue]) -> dict[str, str]:
    """A comment with the per-cent reading of every rate or share among ``values``.

    Scenario files keep fractions (``0.071`` is 7.1 %/yr); the comment says so on
    the line, in the explorer's unit: ``= 7.1 %/年``, ``= {2021: 7.1, 2026: 5} %/年``.
    """
    out: dict[str, str] = {}
    for name, value in values.items():
        unit = percent_unit(registry[name].unit)
        if unit is None or registry[name].dtype != "float":
            continue
        if isinstance(value, Mapping):
            body = "{" + ", ".join(f"{y}: {_percent_number(v)}" for y, v in sorted(value.items())) + "}"
        else:
            body = _percent_number(float(value))
        out[name] = f"= {body} {unit}"
    return out


def _percent_number(fraction: float) -> str:
    return f"{float(f'{100 * fraction:.10g}'):g}"


def clean_value(p: Parameter, value: object) -> ParameterValue:
    """A widget value in scenario-file form, checked as a scenario file's value is.

    Numbers are rounded to 12 significant digits so that slider arithmetic
    (``0.1 + 0.001``) is written and computed as the same short decimal;
    paths are ordered by year.  The value is then checked by
    :func:`model.scenarios.check_value`, the rule scenario files obey, so the
    model computes with exactly the value a saved file holds and the explorer
    and ``python -m model run`` agree bit for bit.

    Raises
    ------
    ExplorerError
        ``name: what was expected`` (the message a scenario file gets, in both
        languages) for a value outside the parameter's bounds or of the wrong type.
    """
    try:
        return check_value(p, _settled(value))
    except InvalidValue as exc:
        raise ExplorerError(f"{p.name}：{exc.message.text('zh')}", f"{p.name}: {exc}") from None


def _settled(value: object) -> object:
    """Numpy scalars as Python numbers, finite floats to 12 significant digits, paths by year."""
    if isinstance(value, Mapping):
        path = {(y.item() if isinstance(y, np.generic) else y): _settled(x) for y, x in value.items()}
        return dict(sorted(path.items())) if all(type(y) is int for y in path) else path
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.12g}")
    return value


def values_equal(p: Parameter, a: ParameterValue, b: ParameterValue) -> bool:
    """Whether two values give the model the same array (exactly)."""
    return bool(np.array_equal(p.to_array(a), p.to_array(b)))


def resolve_path(path: str | Path) -> Path:
    """A user's path: as given when it exists, else relative to the project folder.

    Lets a notebook in ``notebooks/`` name ``scenarios/baseline.yaml``.
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p
    return PROJECT_ROOT / p


def scenario_path(path: str | Path | None) -> Path:
    """The scenario file a user named (:func:`resolve_path`), :data:`DEFAULT_SCENARIO` when none."""
    return resolve_path(path or DEFAULT_SCENARIO)


def scenario_files(folder: Path = SCENARIO_DIR) -> list[Path]:
    """The scenario files of a folder, sorted with the baseline first."""
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    return sorted(files, key=lambda f: (f.stem != "baseline", f.name))


def inherits_reference(parent: Scenario, child_path: Path) -> str | None:
    """How a file at ``child_path`` should name ``parent`` in its ``inherits:`` line.

    The parent's id when :mod:`model.scenarios` would find the parent's file by
    that id (beside the child or in ``scenarios/``), else a path relative to
    the child's folder.  None when the parent is the registry's defaults.
    """
    if parent.path is None:
        return None
    target = parent.path.resolve()
    for folder in (child_path.parent, SCENARIO_DIR):
        cand = folder / f"{parent.id}.yaml"
        if cand.is_file():
            return parent.id if cand.resolve() == target else os.path.relpath(target, child_path.parent.resolve())
    return os.path.relpath(target, child_path.parent.resolve())


@dataclass
class ExplorerState:
    """Current values of every parameter, relative to a loaded base scenario.

    Parameters
    ----------
    base
        The scenario the user started from (its inheritance already resolved).
    registry
        The parameter registry (the single source of every default).
    """

    base: Scenario
    registry: Registry = field(default_factory=lambda: REGISTRY)
    values: dict[str, ParameterValue] = field(init=False)

    def __post_init__(self) -> None:
        self._base_values = self.base.resolved()
        self.values = dict(self._base_values)
        self._overrides: dict[str, ParameterValue] | None = None

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_file(cls, path: str | Path, registry: Registry = REGISTRY) -> "ExplorerState":
        """Start from a scenario file (raises :class:`~model.scenarios.ScenarioError`)."""
        return cls(load_scenario(Path(path), registry), registry)

    def load(self, path: str | Path) -> None:
        """Replace the base by another scenario file and reset every value to it."""
        self.base = load_scenario(Path(path), self.registry)
        self._base_values = self.base.resolved()
        self.reset()

    def reset(self) -> None:
        """Every value back to the base scenario's."""
        self.values = dict(self._base_values)
        self._overrides = None

    # ------------------------------------------------------------------ values

    def set(self, name: str, value: ParameterValue) -> ParameterValue:
        """Set one parameter (checked); return the value as stored."""
        return self.update({name: value})[name]

    def update(self, values: Mapping[str, ParameterValue]) -> dict[str, ParameterValue]:
        """Set several parameters; every value is checked first, so a refused one changes nothing.

        Returns the values as stored.
        """
        clean: dict[str, ParameterValue] = {}
        for name, value in values.items():
            if name not in self.registry:
                raise UserInputError(f"{name}: unknown parameter")
            clean[name] = clean_value(self.registry[name], value)
        self.values.update(clean)
        self._overrides = None
        return clean

    def overrides(self) -> dict[str, ParameterValue]:
        """Parameters whose current value differs from the base scenario's, in registry order."""
        if self._overrides is None:
            base = self._base_values
            self._overrides = {n: self.values[n] for n, p in self.registry.items()
                               if self.values[n] is not base[n]
                               and not values_equal(p, self.values[n], base[n])}
        return dict(self._overrides)

    def changed(self) -> dict[str, list[str]]:
        """Names of changed parameters, levers apart from assumptions."""
        out: dict[str, list[str]] = {"lever": [], "assumption": []}
        for name in self.overrides():
            out[self.registry[name].kind].append(name)
        return out

    def scenario(self, scenario_id: str = "explorer", title_zh: str = "探索器当前设置",
                 title_en: str = "Explorer settings", description: str = "") -> Scenario:
        """The current settings as an in-memory scenario inheriting from the base."""
        over = self.overrides()
        levers = {n: v for n, v in over.items() if self.registry[n].kind == "lever"}
        assumptions = {n: v for n, v in over.items() if self.registry[n].kind == "assumption"}
        return Scenario(scenario_id, title_zh, title_en, description, path=None,
                        inherits=self.base.id, parent=self.base, levers=levers,
                        assumptions=assumptions, registry=self.registry)

    # ------------------------------------------------------------------ saving

    def scenario_yaml(self, scenario_id: str, title_zh: str, title_en: str, note: str,
                      path: Path) -> str:
        """The text of the scenario file :meth:`save` would write at ``path``.

        Rates and shares are written as fractions, as every scenario file keeps
        them, with their per-cent reading in the line's comment.
        """
        header = ("# Saved from the explorer (model.explorer): only the settings that differ from "
                  f"{self.base.id} are recorded.\n# Rates and shares are fractions (0.06 = 6 %); "
                  "the comment after each gives it in per cent.\n")
        overrides = self.overrides()
        return header + dump_scenario_yaml(scenario_id, title_zh, title_en, note,
                                           inherits_reference(self.base, path), overrides,
                                           self.registry, notes=percent_comments(self.registry, overrides))

    def save(self, path: str | Path, scenario_id: str, title_zh: str, title_en: str,
             note: str = "", overwrite: bool = False) -> Path:
        """Write the current settings as a scenario file inheriting from the base.

        The file is written under a temporary name, loaded back with
        :func:`~model.scenarios.load_scenario` and checked to resolve to exactly
        the current values, then renamed into place.

        Raises
        ------
        ExplorerError
            When ``path`` exists and ``overwrite`` is False, when it is the
            base scenario's own file (a file cannot inherit from itself), or
            when the id or titles are missing (in both languages, with the
            path relative to the project).
        ScenarioError
            When the written file does not validate (nothing is left behind);
            the problems name ``path``, not the temporary file.
        """
        path = Path(path)
        shown = relative_to_project(path)
        if not scenario_id:
            raise ExplorerError(f"{shown}：请填写情景编号（如 my-scenario）",
                                f"{shown}: a scenario needs an id (such as my-scenario)")
        if not title_zh.strip() or not title_en.strip():
            raise ExplorerError(f"{shown}：请填写中文和英文标题",
                                f"{shown}: a scenario needs a title in Chinese and English")
        if path.suffix not in (".yaml", ".yml"):
            raise ExplorerError(f"{shown}：文件名应以 .yaml 结尾", f"{shown}: expected a file name ending in .yaml")
        for ancestor in self.base.lineage:
            if ancestor.id == scenario_id:
                raise ExplorerError(f"{shown}：编号 {scenario_id!r} 已被其继承的情景使用，请换一个编号",
                                    f"{shown}: id {scenario_id!r} is already used by the scenario "
                                    "it inherits from; choose another id")
            if ancestor.path is not None and path.resolve() == ancestor.path.resolve():
                raise ExplorerError(f"{shown}：这是当前情景所继承的文件（{ancestor.id}），请另存为其他文件名",
                                    f"{shown}: is the file this scenario inherits from "
                                    f"({ancestor.id}); save under another name")
        if path.exists() and not path.is_file():
            raise ExplorerError(f"{shown}：已存在且不是文件", f"{shown}: exists and is not a file")
        if path.exists() and not overwrite:
            raise ExplorerError(f"{shown}：文件已存在；勾选“确认覆盖”后再保存，或换一个文件名",
                                f"{shown}: exists; confirm to replace it or choose another name")
        text = self.scenario_yaml(scenario_id, title_zh.strip(), title_en.strip(), note, path)
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
            try:
                saved = load_scenario(tmp, self.registry)
            except ScenarioError as exc:  # name the file the user asked for, not the temporary one
                if [p.key for p in exc.problems] == ["id"]:
                    bad = exc.problems[0]
                    raise ExplorerError(bad.text("zh", shown), bad.text("en", shown)) from None
                raise ScenarioError([ScenarioProblem(shown, p.line, p.key, p.message)
                                     for p in exc.problems]) from None
            resolved = saved.resolved()
            wrong = [n for n, p in self.registry.items()
                     if not values_equal(p, resolved[n], self.values[n])]
            if wrong:
                raise ExplorerError(f"{shown}：写出的文件不能重现 {', '.join(wrong)}；未保存",
                                    f"{shown}: the written file does not reproduce "
                                    f"{', '.join(wrong)}; nothing was saved")
        return path

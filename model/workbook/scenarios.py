"""Scenarios through the public API: load by id or path, the catalogue as tables, derive, save.

A scenario is named by a :class:`~model.scenarios.Scenario` object, a shipped
scenario's id or a path.  The rule (:func:`resolve`):

* a :class:`pathlib.Path` is always a path (a file, or a folder of ``*.yaml`` files);
* a string is a path when such a file or folder exists; otherwise, when it looks like
  an id (lower-case letters, digits, ``-``, ``_``), the scenario of that id in
  ``scenarios/`` (``<id>.yaml``, else the file whose ``id:`` it is).

Files named together are loaded together (:func:`model.scenarios.load_scenarios`), so
every problem of every file is reported at once.  :func:`derive` checks its changes with
the scenario file's own schema (:mod:`model.scenarios.schema`), so a change made in code
is refused with the words a file gets; :func:`save_scenario` writes it with
:func:`model.scenarios.dump_scenario_yaml`, the explorer's and the solver's writer.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from model.core.registry import REGISTRY, Registry
from model.provenance import SCENARIO_DIR, relative_to_project
from model.scenarios import (Scenario, ScenarioError, ScenarioProblem, dump_scenario_yaml, find_scenario_files,
                             load_scenarios as load_files)
from model.text import DEFAULT_LANG, did_you_mean, pick
from model.workbook.errors import bad_input, input_errors

__all__ = ["ScenarioRef", "resolve", "label", "check_ids", "split_overrides", "load_scenario", "load_scenarios",
           "list_scenarios", "parameters", "variables", "targets", "derive", "save_scenario"]

#: How a scenario is named in the API: an object, a shipped id or a path.
ScenarioRef = Scenario | str | os.PathLike
#: What a scenario id looks like (the schema's rule for ``id:``).
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


# --------------------------------------------------------------------------- resolving names

def _flatten(refs: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for ref in refs:
        out.extend(ref if isinstance(ref, (list, tuple)) else [ref])
    return out


def _shipped_path(scenario_id: str) -> Path | None:
    """The shipped file of an id: ``scenarios/<id>.yaml``, else the file whose ``id:`` it is."""
    for suffix in (".yaml", ".yml"):
        if (SCENARIO_DIR / f"{scenario_id}{suffix}").is_file():
            return SCENARIO_DIR / f"{scenario_id}{suffix}"
    shipped = load_files(find_scenario_files([SCENARIO_DIR]))
    return next((s.path for s in shipped if s.id == scenario_id), None)


def label(s: Scenario) -> str:
    """Where a scenario comes from, for messages: its file, or ``derive('<id>')``."""
    return relative_to_project(s.path) if s.path else f"derive({s.id!r})"


def check_ids(scenarios: Sequence[Scenario]) -> None:
    """Scenarios used together need distinct ids (the same object or file twice is fine)."""
    seen: dict[str, Scenario] = {}
    problems = []
    for s in scenarios:
        other = seen.setdefault(s.id, s)
        same_file = other.path is not None and s.path is not None and other.path.resolve() == s.path.resolve()
        if other is not s and not same_file:
            problems.append(ScenarioProblem(label(s), None, "id", f"id {s.id!r} is also used by {label(other)}"))
    if problems:
        raise ScenarioError(problems)


def resolve(refs: Iterable[Any]) -> list[Scenario]:
    """Scenario objects for refs (objects, ids, files, folders; lists are flattened), in order."""
    entries: list[Scenario | Path] = []
    problems: list[ScenarioProblem] = []
    for ref in _flatten(refs):
        if isinstance(ref, Scenario):
            entries.append(ref)
        elif isinstance(ref, str) and _ID.match(ref) and not Path(ref).exists():
            path = _shipped_path(ref)
            if path is None:
                ids = [p.stem for p in find_scenario_files([SCENARIO_DIR])]
                problems.append(ScenarioProblem(ref, None, "", "no such file, and no scenario in scenarios/ has "
                                                "this id" + did_you_mean(ref, ids)))
            else:
                entries.append(path)
        elif isinstance(ref, (str, os.PathLike)):
            try:
                entries.extend(find_scenario_files([ref]))
            except ScenarioError as exc:
                problems.extend(exc.problems)
        else:
            raise bad_input(f"expected a Scenario, a scenario id or a path, got {ref!r}")
    if problems:
        raise ScenarioError(problems)
    kept: list[Scenario | Path] = []
    for e in entries:  # each file once, in the place it is first named (as find_scenario_files does)
        if not isinstance(e, Path) or e not in kept:
            kept.append(e)
    paths = [e for e in kept if isinstance(e, Path)]
    loaded = dict(zip(paths, load_files(paths))) if paths else {}
    return [loaded[e] if isinstance(e, Path) else e for e in kept]


# --------------------------------------------------------------------------- loading

@input_errors
def load_scenario(scenario: ScenarioRef) -> Scenario:
    """Load and validate one scenario (and its parents).

    Parameters
    ----------
    scenario : Scenario, str or path
        A shipped scenario's id (``"baseline"``) or a scenario file.

    Returns
    -------
    Scenario
        ``id``, ``title(lang)``, ``levers`` and ``assumptions`` (what the file sets),
        ``resolved()`` (every parameter's value) and ``lineage`` (the inheritance chain).

    Examples
    --------
    >>> import model
    >>> s = model.load_scenario("drought")
    >>> [x.id for x in s.lineage], s.assumptions["precipitation_index"]
    (['drought', 'baseline'], {2022: 1.0, 2023: 0.6, 2025: 0.6, 2026: 1.0})
    """
    return resolve([scenario])[0]


@input_errors
def load_scenarios(*scenarios: ScenarioRef | Sequence[ScenarioRef]) -> list[Scenario]:
    """Load and validate several scenarios at once, reporting every problem of every file together.

    Parameters
    ----------
    *scenarios : Scenario, str or path, or lists of them
        Ids, files, or folders standing for the scenario files in them.

    Examples
    --------
    >>> import model
    >>> [s.id for s in model.load_scenarios("baseline", "scenarios/drought.yaml")]
    ['baseline', 'drought']
    """
    return resolve(scenarios)


@input_errors
def list_scenarios(lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The shipped scenarios (``scenarios/``), indexed by id: title, parent, file, description.

    Examples
    --------
    >>> import model
    >>> row = model.list_scenarios("en").loc["drought"]
    >>> print(row["inherits"], row["file"])
    baseline scenarios/drought.yaml
    """
    rows = [{"id": s.id, "title": s.title(lang), "inherits": s.parent.id if s.parent else "defaults",
             "file": relative_to_project(s.path), "description": s.description}
            for s in resolve([SCENARIO_DIR])]
    return pd.DataFrame(rows).set_index("id")


# --------------------------------------------------------------------------- the catalogue as tables

def parameters(lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The parameter registry: one row per parameter, indexed by name.

    The columns of ``python -m model params --format csv``: label (in ``lang``),
    label_zh, label_en, kind (lever or assumption), theme, unit, default (a number, a
    choice or a ``{year: value}`` path), lower, upper, dtype, choices, timeseries,
    distribution, estimate (the source is itself an estimate) and source.

    Examples
    --------
    >>> import model
    >>> table = model.parameters("en")
    >>> print(table.loc["growth_tertiary", "kind"], table.loc["growth_tertiary", "unit"])
    lever 1/年
    """
    from model.reporting.listing import parameter_records

    return pd.DataFrame(parameter_records(REGISTRY, lang)).set_index("name")


def variables(lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every output variable of the model (the results contract), indexed by its IAMC name.

    Examples
    --------
    >>> import model
    >>> row = model.variables("en").loc["Livestock|Stocking Ratio"]
    >>> print(row["unit"], row["theme"])
    % livestock
    """
    from model.core.simulate import VARIABLES

    rows = [{"variable": v.name, "unit": v.unit, "label": v.label(lang), "label_zh": v.label_zh,
             "label_en": v.label_en, "theme": v.theme, "description": v.description} for v in VARIABLES.values()]
    return pd.DataFrame(rows).set_index("variable")


def targets(lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every target of the plan, indexed by id.

    Columns: label, section (where the plan states it), theme, year, unit, comparison
    (``>=``, ``<=``, ``about`` or ``not_modelled``), target (the plan's number) or
    target_parameter (a parameter holding it), tolerance_parameter, modelled, and how the
    final evaluation reads it from published statistics (observed_variable,
    observed_rule), note.

    Examples
    --------
    >>> import model
    >>> row = model.targets("en").loc["share_secondary_2025"]
    >>> print(row["comparison"], row["target"], row["year"])
    about 70.0 2025
    """
    from model.core.scorecard import TARGETS

    rows = [{"id": t.id, "label": t.label(lang), "section": t.section, "theme": t.theme, "year": t.year,
             "unit": t.unit, "comparison": t.comparison, "target": t.target, "target_parameter": t.target_parameter,
             "tolerance_parameter": t.tolerance_parameter, "modelled": t.is_modelled,
             "observed_variable": t.observed_variable, "observed_rule": t.observed_rule,
             "note": pick(lang, t.note_zh, t.note_en)} for t in TARGETS]
    return pd.DataFrame(rows).set_index("id").rename_axis("target")


# --------------------------------------------------------------------------- derive and save

def _section(parsed: Any) -> dict[str, Any]:
    """What a section of the schema sets (as the loader reads it)."""
    return {k: v for k, v in (parsed.model_dump() if parsed else {}).items() if v is not None}


def split_overrides(overrides: Mapping[str, Any], registry: Registry = REGISTRY) -> dict[str, dict[str, Any]]:
    """Overrides as the two sections of a file, ``levers`` and ``assumptions`` (by the registry's kind)."""
    return {"levers": {n: v for n, v in overrides.items() if registry[n].kind == "lever"},
            "assumptions": {n: v for n, v in overrides.items() if registry[n].kind != "lever"}}


@input_errors
def derive(parent: ScenarioRef, id: str, *, title: str | Mapping[str, str] | tuple[str, str] | None = None,
           description: str = "", levers: Mapping[str, Any] | None = None,
           assumptions: Mapping[str, Any] | None = None) -> Scenario:
    """A new scenario inheriting from ``parent`` that changes some levers and assumptions.

    The changes are checked by the scenario file's own schema, with the messages a file
    gets (an unknown name with "did you mean", a lever under assumptions, a value outside
    the registry's bounds, a path for a parameter that does not vary by year); the place
    is ``derive('<id>')`` instead of ``file:line``.  Running the result gives, to the
    bit, what the same change written as a file gives.

    Parameters
    ----------
    parent : Scenario, str or path
        The scenario it inherits from (an object, a shipped id or a file).
    id : str
        Lower-case letters, digits, ``-`` and ``_``.
    title : str, (zh, en) or {"zh": ..., "en": ...}, optional
        Default: the parent's title followed by the id.
    description : str
        A sentence or two on what the scenario asks.
    levers, assumptions : mapping, optional
        Parameter name -> a number, a choice, or a ``{year: value}`` path (interpolated
        linearly between the years given; rates are fractions per year, 0.06 = 6 %/yr).

    Returns
    -------
    Scenario
        Held in memory (``path`` is None); :func:`save_scenario` writes it.

    Examples
    --------
    >>> import model
    >>> s = model.derive("baseline", "dry-and-slow", levers={"growth_mining": {2021: 0.05, 2025: 0.03}},
    ...                  assumptions={"precipitation_index": {2023: 0.6}})
    >>> s.parent.id, sorted(s.overrides)
    ('baseline', ['growth_mining', 'precipitation_index'])
    """
    from model.scenarios.schema import explain, model_for

    base = load_scenario(parent)
    if title is None:
        title = {"zh": f"{base.title_zh}（{id}）", "en": f"{base.title_en} ({id})"}
    elif isinstance(title, tuple) and len(title) == 2:
        title = {"zh": title[0], "en": title[1]}
    data: dict[str, Any] = {"id": id, "title": title, "description": description}
    for key, value in (("levers", levers), ("assumptions", assumptions)):
        if value is not None:
            data[key] = dict(value) if isinstance(value, Mapping) else value
    try:
        parsed = model_for(base.registry).model_validate(data)
    except ValidationError as exc:
        where = f"derive({id!r})"
        raise ScenarioError([ScenarioProblem(where, None, ".".join(loc), msg)
                             for loc, msg in (explain(e, base.registry) for e in exc.errors())]) from None
    return Scenario(id=parsed.id, title_zh=parsed.title.zh, title_en=parsed.title.en,
                    description=(parsed.description or "").strip(), path=None, inherits=base.id, parent=base,
                    levers=_section(parsed.levers), assumptions=_section(parsed.assumptions), registry=base.registry)


@input_errors
def save_scenario(scenario: Scenario, path: str | os.PathLike | None = None, *, force: bool = False) -> Path:
    """Write a scenario as a YAML file that records only what it changes.

    The file inherits from the parent's file (by a relative path) and states the
    scenario's own levers and assumptions, each with its label and unit as a comment; it
    loads back to the same values, which is checked before it takes its name.  An
    existing file is replaced only with ``force=True`` (one holding exactly this text is
    left as it is).

    Parameters
    ----------
    scenario : Scenario
        Usually one made by :func:`derive`; its parent must have a file.
    path : str or path, optional
        Default ``scenarios/<id>.yaml``.
    force : bool
        Replace an existing file.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import model, tempfile, pathlib
    >>> s = model.derive("baseline", "faster-services", levers={"growth_tertiary": 0.09})
    >>> path = model.save_scenario(s, pathlib.Path(tempfile.mkdtemp()) / "faster-services.yaml")
    >>> model.load_scenario(path).overrides
    {'growth_tertiary': 0.09}
    """
    from model.runs.atomic import atomic_path

    if not isinstance(scenario, Scenario):
        raise bad_input(f"save_scenario: expected a Scenario (from derive or load_scenario), got {scenario!r}")
    s = scenario
    own = [key for key, sets in (("uncertainties:", bool(s.uncertainties)), ("report:", s.report is not None),
                                 ("observed:", s.observed is not None)) if sets]
    if own:
        raise bad_input(f"{label(s)}: sets {', '.join(own)} of its own, which save_scenario does not write; "
                        "copy its file instead")
    out = Path(path) if path is not None else SCENARIO_DIR / f"{s.id}.yaml"
    if out.is_dir():
        raise bad_input(f"{out}: is a folder; expected a .yaml file name")
    if s.parent is not None and s.parent.path is None:
        raise bad_input(f"{label(s)}: inherits: the parent scenario {s.parent.id!r} has no file; save it first")
    inherits = os.path.relpath(s.parent.path.resolve(), out.resolve().parent) if s.parent else None
    text = dump_scenario_yaml(s.id, s.title_zh, s.title_en, s.description, inherits, s.overrides, s.registry)
    if out.is_file() and out.read_text(encoding="utf-8") == text:
        return out
    if out.exists() and not force:
        raise bad_input(f"{out}: exists; choose another path or pass force=True to replace it")
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
        load_files([tmp], s.registry)  # must load back before it takes its name
    return out

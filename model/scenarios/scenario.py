"""Scenario files: safe YAML loading, registry-driven validation, inheritance.

A scenario file is human-edited YAML::

    id: slower-industry              # lower-case letters, digits, - and _
    title:
      zh: 工业放缓
      en: Slower industry
    description: |
      Why this scenario exists, in a sentence or two.
    inherits: baseline               # another scenario, by id or path (optional)
    levers:                          # policy choices
      growth_mining: {2021: 0.06, 2025: 0.06, 2035: 0.04}
    assumptions:                     # uncertain facts
      va_2020_mining: 14.0
    uncertainties:                   # optional: override distributions (ensembles)
      va_2020_mining: {kind: triangular, low: 12, mode: 14, high: 17}
    report:                          # optional: what the PDF report adds
      uncertainty_draws: 500         # fan charts from an ensemble of this size (0 = none)
      uncertainty_seed: 20210301

Every parameter named must exist in the registry, sit in its own section
(``levers`` or ``assumptions``), have the right type and lie within its
bounds; paths are ``{year: value}`` mappings with years in 2020-2035.
Validation goes through one pydantic model generated from the registry and
reports every problem of every file in the inheritance chain in one pass,
each as ``file:line: key.path: what was expected``.

YAML is parsed with PyYAML's ``SafeLoader``: tags that would construct Python
objects are refused.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model
from pydantic_core import PydanticCustomError

from model.provenance import SCENARIO_DIR
from model.core.parameter import Distribution, Parameter, ParameterValue
from model.core.registry import REGISTRY, Registry
from model.core.timeline import FIRST_YEAR, LAST_YEAR

__all__ = ["ReportOptions", "Scenario", "ScenarioProblem", "ScenarioError", "load_scenario", "load_scenarios",
           "find_scenario_files", "dump_scenario_yaml", "SCENARIO_DIR", "ROOT_ID",
           "canonical_hash"]

#: The project's folder of shipped scenarios (searched for ``inherits`` by id).
#: Id of the implicit root scenario: the registry's defaults.
ROOT_ID = "defaults"

_SECTIONS = ("levers", "assumptions")
_DIST_ARGS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "truncnormal": ("mean", "sd"),
    "lognormal": ("median", "sigma"),
    "choice": ("values",),
}


# --------------------------------------------------------------------------- problems

@dataclass(frozen=True)
class ScenarioProblem:
    """One problem found in a scenario file."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ScenarioError(Exception):
    """Raised with every problem found while loading one or more scenario files."""

    def __init__(self, problems: list[ScenarioProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --------------------------------------------------------------------------- scenario

@dataclass
class Scenario:
    """A loaded, validated scenario with its inheritance chain resolved.

    Attributes
    ----------
    levers, assumptions
        What this file itself sets (not what it inherits).
    uncertainties
        Distributions this file sets (overriding the registry's).
    parent
        The scenario it inherits from (None for a child of the defaults).
    """

    id: str
    title_zh: str
    title_en: str
    description: str = ""
    path: Path | None = None
    inherits: str | None = None
    parent: "Scenario | None" = None
    levers: dict[str, ParameterValue] = field(default_factory=dict)
    assumptions: dict[str, ParameterValue] = field(default_factory=dict)
    uncertainties: dict[str, Distribution] = field(default_factory=dict)
    report: ReportOptions | None = None
    file_hash: str = ""
    registry: Registry = field(default_factory=lambda: REGISTRY, repr=False)

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def overrides(self) -> dict[str, ParameterValue]:
        """Parameters this file sets itself (levers and assumptions together)."""
        return {**self.levers, **self.assumptions}

    @property
    def lineage(self) -> list["Scenario"]:
        """This scenario and its ancestors, nearest first."""
        chain, s = [], self
        while s is not None:
            chain.append(s)
            s = s.parent
        return chain

    def resolved(self) -> dict[str, ParameterValue]:
        """Every parameter's value: registry defaults overridden down the chain."""
        values = self.registry.defaults()
        for s in reversed(self.lineage):
            values.update(s.overrides)
        return values

    def inherited(self) -> dict[str, ParameterValue]:
        """Every parameter's value as the parent resolves it (defaults for a root child)."""
        return self.parent.resolved() if self.parent else self.registry.defaults()

    def distributions(self) -> dict[str, Distribution]:
        """Uncertainty distributions: the registry's, overridden down the chain."""
        dists = {n: p.distribution for n, p in self.registry.items() if p.distribution}
        for s in reversed(self.lineage):
            dists.update(s.uncertainties)
        return dists

    def report_options(self) -> ReportOptions:
        """The nearest ``report:`` block in the chain (defaults when none sets one)."""
        for s in self.lineage:
            if s.report is not None:
                return s.report
        return ReportOptions()

    def resolved_hash(self) -> str:
        """SHA-256 of the resolved parameters and distributions (what determines results)."""
        payload = {"parameters": self.resolved(),
                   "uncertainties": {k: v.as_dict() for k, v in sorted(self.distributions().items())}}
        return canonical_hash(payload)

    def manifest(self) -> dict[str, Any]:
        """Provenance: id, file, hashes and chain, for manifests and reports."""
        return {
            "id": self.id,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "file": str(self.path) if self.path else None,
            "file_sha256": self.file_hash,
            "resolved_sha256": self.resolved_hash(),
            "inherits": [s.id for s in self.lineage[1:]] + [ROOT_ID],
        }

    @classmethod
    def from_defaults(cls, registry: Registry = REGISTRY) -> "Scenario":
        """The implicit root: the registry's defaults, with no file."""
        return cls(ROOT_ID, "参数默认值", "Parameter defaults",
                   "The registry's defaults (the root of every scenario tree).", registry=registry)


def canonical_hash(payload: Any) -> str:
    """SHA-256 of a JSON-serialisable payload in canonical form."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- YAML

class _NoDuplicatesLoader(yaml.SafeLoader):
    """SafeLoader that records the line of every key (for error messages)."""


def _parse_yaml(text: str, file: str) -> tuple[Any, dict[tuple[str, ...], int], list[ScenarioProblem]]:
    """Parse YAML safely; return the data, a key-path -> line map and problems."""
    problems: list[ScenarioProblem] = []
    lines: dict[tuple[str, ...], int] = {}
    try:
        loader = _NoDuplicatesLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, lines, problems
            _index_lines(node, (), lines, problems, file)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = (exc.problem or exc.context or "").strip()
        if "could not determine a constructor" in what:
            m = re.search(r"'([^']+)'", what)
            tag = m.group(1) if m else "?"
            what = (f"YAML tag {tag!r} is not allowed (scenario files hold plain numbers, text and "
                    f"mappings only)")
        problems.append(ScenarioProblem(file, line, "", f"malformed YAML: {what}"))
        return None, lines, problems
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        problems.append(ScenarioProblem(file, None, "", f"malformed YAML: {exc}"))
        return None, lines, problems
    return data, lines, problems


def _index_lines(node: yaml.Node, path: tuple[str, ...], lines: dict[tuple[str, ...], int],
                 problems: list[ScenarioProblem], file: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(ScenarioProblem(file, line, ".".join((*path, key)),
                                                f"duplicate key (first given on line {seen[key]})"))
            seen[key] = line
            lines[(*path, key)] = line
            _index_lines(value_node, (*path, key), lines, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, str(i)), lines, problems, file)


# --------------------------------------------------------------------------- validation model

def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _value_validator(p: Parameter):
    """A pydantic before-validator checking one parameter's value against the registry."""
    bounds = f"between {_fmt(p.lower)} and {_fmt(p.upper)} {p.unit}"

    def fail(msg: str) -> PydanticCustomError:
        return PydanticCustomError("parameter_value", msg)

    def check_number(v: Any, where: str = "") -> float | int:
        if not _is_number(v):
            kind = "a whole number" if p.dtype == "int" else "a number"
            raise fail(f"expected {kind} {bounds}{where}, got {v!r}")
        if p.dtype == "int" and float(v) != int(v):
            raise fail(f"expected a whole number {bounds}{where}, got {v!r}")
        if not p.lower <= v <= p.upper:
            raise fail(f"expected a value {bounds}{where}, got {_fmt(v)}")
        return int(v) if p.dtype == "int" else float(v)

    def check(v: Any) -> ParameterValue:
        if p.dtype == "choice":
            if isinstance(v, bool) or v not in p.choices:
                options = ", ".join(repr(c) for c in p.choices)
                raise fail(f"expected one of {options}, got {v!r}")
            return v
        if isinstance(v, Mapping):
            if not p.timeseries:
                raise fail(f"expected a single number {bounds}; this parameter does not vary by "
                           f"year, so a {{year: value}} path is not allowed")
            if not v:
                raise fail("expected a {year: value} path with at least one year, got an empty mapping")
            out: dict[int, float] = {}
            bad: list[str] = []
            for year, x in v.items():
                if isinstance(year, bool) or not isinstance(year, int):
                    bad.append(f"year {year!r} is not a whole year")
                    continue
                if not FIRST_YEAR <= year <= LAST_YEAR:
                    bad.append(f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
                    continue
                try:
                    out[year] = check_number(x, f" in {year}")
                except PydanticCustomError as exc:
                    bad.append(exc.message())
            if bad:
                raise fail("; ".join(bad))
            return out
        if isinstance(v, (list, tuple)):
            raise fail(f"expected a number {bounds}"
                       + (" or a {year: value} path" if p.timeseries else "") + ", got a list")
        return check_number(v)

    return check


def _section_model(registry: Registry, kind: str) -> type[BaseModel]:
    fields: dict[str, Any] = {
        p.name: (Annotated[Any, BeforeValidator(_value_validator(p))], None)
        for p in registry.values() if p.kind == kind
    }
    return create_model(f"{kind.title()}Section", __config__=ConfigDict(extra="forbid"), **fields)


def _distribution_validator(p: Parameter):
    """A pydantic before-validator for one parameter's distribution (``uncertainties:``)."""

    def fail(msg: str) -> PydanticCustomError:
        return PydanticCustomError("distribution", msg)

    def check(spec: Any) -> Distribution:
        if not isinstance(spec, Mapping) or "kind" not in spec:
            raise fail("expected {kind: ..., ...} with kind one of " + ", ".join(_DIST_ARGS))
        kind = spec["kind"]
        if kind not in _DIST_ARGS:
            raise fail(f"kind: expected one of {', '.join(_DIST_ARGS)}, got {kind!r}")
        if (kind == "choice") != (p.dtype == "choice"):
            raise fail(f"kind {kind!r} does not fit a {p.dtype} parameter")
        need = set(_DIST_ARGS[kind])
        allowed = need | ({"weights"} if kind == "choice" else set())
        given = set(spec) - {"kind"}
        if need - given or given - allowed:
            raise fail(f"kind {kind} takes {', '.join(sorted(allowed))}; got "
                       f"{', '.join(sorted(given)) or 'nothing'}")
        if kind == "choice":
            values = spec["values"]
            if not isinstance(values, list) or not values or any(x not in p.choices for x in values):
                raise fail(f"values: expected a list drawn from {list(p.choices)}")
            w = spec.get("weights")
            if w is not None and (not isinstance(w, list) or len(w) != len(values)
                                  or not all(_is_number(x) and x >= 0 for x in w)
                                  or abs(sum(w) - 1) > 1e-6):
                raise fail(f"weights: expected {len(values)} non-negative numbers summing to 1")
        else:
            nums = {k: spec[k] for k in need}
            if not all(_is_number(x) for x in nums.values()):
                raise fail(f"{', '.join(sorted(need))} must be numbers")
            if kind in ("uniform", "triangular"):
                lo, hi = nums["low"], nums["high"]
                mode = nums.get("mode", lo)
                if not (p.lower <= lo <= mode <= hi <= p.upper) or lo == hi:
                    raise fail(f"expected {_fmt(p.lower)} <= low <= "
                               + ("mode <= " if kind == "triangular" else "")
                               + f"high <= {_fmt(p.upper)} with low < high")
            elif kind == "truncnormal" and (nums["sd"] <= 0 or not p.lower <= nums["mean"] <= p.upper):
                raise fail(f"expected sd > 0 and mean within [{_fmt(p.lower)}, {_fmt(p.upper)}]")
            elif kind == "lognormal" and (nums["sigma"] <= 0 or nums["median"] <= 0):
                raise fail("expected median > 0 and sigma > 0")
        return Distribution(kind, {k: (tuple(x) if isinstance(x, list) else x)
                                   for k, x in spec.items() if k != "kind"})

    return check


def _uncertainty_model(registry: Registry) -> type[BaseModel]:
    fields: dict[str, Any] = {
        p.name: (Annotated[Any, BeforeValidator(_distribution_validator(p))], None)
        for p in registry.values()
    }
    return create_model("UncertaintiesSection", __config__=ConfigDict(extra="forbid"), **fields)


class ReportOptions(BaseModel):
    """Optional ``report:`` block of a scenario file (what its PDF report adds)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    #: Size of the ensemble behind the report's fan charts (0: no uncertainty section).
    uncertainty_draws: Annotated[int, Field(ge=0, le=100_000)] = 0
    #: Seed of that ensemble.
    uncertainty_seed: Annotated[int, Field(ge=0)] = 20210301


class _Title(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    zh: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]


def _file_model(registry: Registry) -> type[BaseModel]:
    levers = _section_model(registry, "lever")
    assumptions = _section_model(registry, "assumption")
    return create_model(
        "ScenarioFile",
        __config__=ConfigDict(extra="forbid", strict=True),
        id=(Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)], ...),
        title=(_Title, ...),
        description=(str, ""),
        inherits=(str | None, None),
        levers=(levers | None, None),
        assumptions=(assumptions | None, None),
        uncertainties=(_uncertainty_model(registry) | None, None),
        report=(ReportOptions | None, None),
    )


_MODELS: dict[int, type[BaseModel]] = {}


def _model_for(registry: Registry) -> type[BaseModel]:
    key = id(registry)
    if key not in _MODELS:
        _MODELS[key] = _file_model(registry)
    return _MODELS[key]


_TOP_KEYS = ("id", "title", "description", "inherits", "levers", "assumptions", "uncertainties",
             "report")


def _suggest(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(name), list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _explain(error: Mapping[str, Any], registry: Registry) -> tuple[tuple[str, ...], str]:
    """Turn one pydantic error into (key path, plain message)."""
    loc = tuple(str(x) for x in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        name = loc[-1]
        if len(loc) == 1:
            return loc, "unknown key; expected one of " + ", ".join(_TOP_KEYS) + _suggest(name, _TOP_KEYS)
        if len(loc) == 2 and loc[0] == "uncertainties":
            return loc, "unknown parameter" + (_suggest(name, registry) or
                                               "; see `python -m model params` for the list")
        if len(loc) == 2 and loc[0] in _SECTIONS:
            if name in registry:
                right = "levers" if registry[name].kind == "lever" else "assumptions"
                return loc, f"{name} is {'a lever' if right == 'levers' else 'an assumption'}; move it under {right}:"
            return loc, "unknown parameter" + (_suggest(name, registry) or
                                               "; see `python -m model params` for the list")
        if loc[0] == "title":
            return loc, "unknown key; a title has zh and en"
    if kind == "missing":
        what = {"id": "a scenario id such as my-scenario", "title": "a title with zh and en",
                "zh": "the Chinese title", "en": "the English title"}.get(loc[-1], "a value")
        return loc, f"missing; expected {what}"
    if kind == "string_pattern_mismatch" and loc == ("id",):
        return loc, ("expected lower-case letters, digits, '-' or '_' (for example "
                     f"slower-industry), got {error.get('input')!r}")
    if kind in ("string_type", "model_type", "dict_type", "model_attributes_type"):
        expected = {"string_type": "text", "model_type": "a mapping",
                    "dict_type": "a mapping", "model_attributes_type": "a mapping"}[kind]
        if len(loc) == 1 and loc[0] in _SECTIONS:
            expected = "a mapping of parameter names to values"
        if len(loc) == 1 and loc[0] == "uncertainties":
            expected = "a mapping of parameter names to distributions"
        if loc == ("inherits",):
            expected = "a scenario id or a path to a scenario file"
        return loc, f"expected {expected}, got {error.get('input')!r}"
    if kind in ("parameter_value", "distribution"):
        return loc, error["msg"]
    return loc, error["msg"]


def _line_for(loc: tuple[str, ...], lines: Mapping[tuple[str, ...], int]) -> int | None:
    for k in range(len(loc), -1, -1):
        if loc[:k] in lines:
            return lines[loc[:k]]
    return None


# --------------------------------------------------------------------------- loading

def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _find_by_id(scenario_id: str, here: Path) -> Path | None:
    dirs = [here]
    if SCENARIO_DIR.is_dir() and SCENARIO_DIR.resolve() != here.resolve():
        dirs.append(SCENARIO_DIR)
    for d in dirs:
        cand = d / f"{scenario_id}.yaml"
        if cand.is_file():
            return cand
    for d in dirs:
        for cand in sorted(d.glob("*.y*ml")):
            try:
                data = yaml.safe_load(cand.read_text(encoding="utf-8"))
            except (yaml.YAMLError, OSError, UnicodeDecodeError):
                continue
            if isinstance(data, Mapping) and data.get("id") == scenario_id:
                return cand
    return None


def _resolve_parent(ref: str, child: Path) -> Path | None:
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        cand = (child.parent / ref) if not Path(ref).is_absolute() else Path(ref)
        return cand if cand.is_file() else None
    return _find_by_id(ref, child.parent)


class _Loader:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.model = _model_for(registry)
        self.cache: dict[Path, Scenario | None] = {}
        self.problems: list[ScenarioProblem] = []

    def load(self, path: Path, chain: tuple[Path, ...] = ()) -> Scenario | None:
        key = path.resolve()
        if key in self.cache:
            return self.cache[key]
        file = _display(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.problems.append(ScenarioProblem(file, None, "", "file not found"))
            return None
        except OSError as exc:
            self.problems.append(ScenarioProblem(file, None, "", f"cannot read file: {exc.strerror}"))
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(ScenarioProblem(file, None, "", f"not UTF-8 text (byte {exc.start})"))
            return None
        data, lines, problems = _parse_yaml(text, file)
        self.problems.extend(problems)
        if data is None and not problems:
            self.problems.append(ScenarioProblem(file, None, "", "empty file; expected a mapping "
                                                 "with id, title and levers/assumptions"))
            return None
        if problems and data is None:
            return None
        if not isinstance(data, Mapping):
            self.problems.append(ScenarioProblem(file, 1, "", "expected a mapping with id, title "
                                                 f"and levers/assumptions at the top, got {type(data).__name__}"))
            return None
        ok = not problems
        try:
            parsed = self.model.model_validate(data)
        except ValidationError as exc:
            ok = False
            parsed = None
            for err in exc.errors():
                loc, msg = _explain(err, self.registry)
                self.problems.append(ScenarioProblem(file, _line_for(loc, lines), ".".join(loc), msg))
        parent: Scenario | None = None
        inherits = data.get("inherits")
        if isinstance(inherits, str) and inherits and inherits != ROOT_ID:
            line = lines.get(("inherits",))
            parent_path = _resolve_parent(inherits, path)
            if parent_path is None:
                ok = False
                self.problems.append(ScenarioProblem(file, line, "inherits",
                                                     f"no scenario {inherits!r} found (looked for "
                                                     f"{inherits}.yaml beside this file and in scenarios/)"))
            elif parent_path.resolve() in (*chain, key):
                ok = False
                cycle = " -> ".join(_display(p) for p in (*chain, key, parent_path.resolve()))
                self.problems.append(ScenarioProblem(file, line, "inherits",
                                                     f"circular inheritance: {cycle}"))
            else:
                parent = self.load(parent_path, (*chain, key))
                if parent is None:
                    ok = False
                    self.problems.append(ScenarioProblem(file, line, "inherits",
                                                         f"the parent scenario {_display(parent_path)} "
                                                         "has errors (listed above)"))
        if not ok or parsed is None:
            self.cache[key] = None
            return None
        scenario = Scenario(
            id=parsed.id, title_zh=parsed.title.zh, title_en=parsed.title.en,
            description=(parsed.description or "").strip(), path=path,
            inherits=inherits if isinstance(inherits, str) else None, parent=parent,
            levers={k: v for k, v in (parsed.levers.model_dump() if parsed.levers else {}).items()
                    if v is not None},
            assumptions={k: v for k, v in (parsed.assumptions.model_dump() if parsed.assumptions
                                           else {}).items() if v is not None},
            uncertainties=({k: getattr(parsed.uncertainties, k)
                            for k in parsed.uncertainties.model_fields_set}
                           if parsed.uncertainties else {}),
            report=parsed.report,
            file_hash=hashlib.sha256(raw).hexdigest(), registry=self.registry,
        )
        self.cache[key] = scenario
        return scenario


def load_scenarios(paths: Iterable[str | Path], registry: Registry = REGISTRY) -> list[Scenario]:
    """Load and validate scenario files, reporting every problem at once.

    Raises
    ------
    ScenarioError
        With one :class:`ScenarioProblem` per problem in any of the files or
        their parents (each reported once), and a problem for duplicate ids.
    """
    loader = _Loader(registry)
    scenarios: list[Scenario] = []
    for p in paths:
        s = loader.load(Path(p))
        if s is not None:
            scenarios.append(s)
    seen: dict[str, Scenario] = {}
    for s in scenarios:
        if s.id in seen and seen[s.id].path and s.path and seen[s.id].path.resolve() != s.path.resolve():
            loader.problems.append(ScenarioProblem(_display(s.path), 1, "id",
                                                   f"id {s.id!r} is also used by {_display(seen[s.id].path)}"))
        seen.setdefault(s.id, s)
    if loader.problems:
        unique = list(dict.fromkeys(loader.problems))
        raise ScenarioError(unique)
    return scenarios


def load_scenario(path: str | Path, registry: Registry = REGISTRY) -> Scenario:
    """Load and validate one scenario file (and its parents)."""
    return load_scenarios([path], registry)[0]


def find_scenario_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the list of scenario files (``*.yaml``, ``*.yml``).

    Raises
    ------
    ScenarioError
        For a path that does not exist or a folder without scenario files.
    """
    found: list[Path] = []
    problems: list[ScenarioProblem] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
            if not files:
                problems.append(ScenarioProblem(_display(p), None, "", "folder holds no *.yaml scenario files"))
            found.extend(files)
        elif p.is_file():
            found.append(p)
        else:
            problems.append(ScenarioProblem(_display(p), None, "", "file not found"))
    if problems:
        raise ScenarioError(problems)
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------- writing

def _yaml_value(v: ParameterValue) -> str:
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{int(y)}: {_yaml_scalar(x)}" for y, x in sorted(v.items())) + "}"
    return _yaml_scalar(v)


def _yaml_scalar(v: Any) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, float):
        text = repr(v)
        # PyYAML (YAML 1.1) reads 1e-07 as text; it needs the mantissa's dot: 1.0e-07.
        if "e" in text and "." not in text.split("e")[0]:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}.0e{exponent}"
        return text
    return str(v)


def dump_scenario_yaml(scenario_id: str, title_zh: str, title_en: str, description: str = "",
                       inherits: str | None = None, overrides: Mapping[str, ParameterValue] | None = None,
                       registry: Registry = REGISTRY) -> str:
    """Render a scenario file: only the given overrides, levers apart from assumptions.

    Each parameter line carries its label and unit as a comment so the file
    stays readable by hand.  The result round-trips through :func:`load_scenario`.
    """
    overrides = dict(overrides or {})
    out = [f"id: {scenario_id}", "title:", f"  zh: {json.dumps(title_zh, ensure_ascii=False)}",
           f"  en: {json.dumps(title_en, ensure_ascii=False)}"]
    if description:
        out.append("description: |")
        out.extend("  " + line for line in description.strip().splitlines())
    if inherits:
        out.append(f"inherits: {inherits}")
    for section, kind in (("levers", "lever"), ("assumptions", "assumption")):
        names = [n for n in registry if registry[n].kind == kind and n in overrides]
        if not names:
            continue
        out.append(f"{section}:")
        for n in names:
            p = registry[n]
            out.append(f"  {n}: {_yaml_value(overrides[n])}  # {p.label_zh} / {p.label_en} [{p.unit}]")
    return "\n".join(out) + "\n"

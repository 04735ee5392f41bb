"""Loading scenario files: reading, validating, resolving ``inherits``, finding files.

:func:`load_scenarios` reads every file it is given and every parent they name,
each once, and validates them all before it raises, so that one run lists
every problem of every file (``file:line: key.path: what was expected``):

1. the bytes must be UTF-8 text and safe YAML (:mod:`model.scenarios.yaml_lines`,
   which also records each key's line);
2. the document must fit the schema generated from the registry
   (:mod:`model.scenarios.schema`);
3. ``inherits`` names a scenario by id (``baseline``: ``baseline.yaml`` beside
   the file or in the project's ``scenarios/``, else any file there whose ``id``
   matches) or by path (relative to the file); a circle is refused, and so is a
   child of a parent with errors;
4. ids must be unique among the files loaded together.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml
from pydantic import ValidationError

from model.core.registry import REGISTRY, Registry
from model.provenance import SCENARIO_DIR
from model.scenarios.problems import ScenarioError, ScenarioProblem, say
from model.scenarios.scenario import ROOT_ID, Scenario
from model.scenarios.schema import explain, model_for
from model.scenarios.yaml_lines import line_for, parse_yaml

__all__ = ["load_scenarios", "load_scenario", "find_scenario_files"]


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
        self.model = model_for(registry)
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
            self.problems.append(ScenarioProblem(file, None, "", say("file_not_found")))
            return None
        except OSError as exc:
            self.problems.append(ScenarioProblem(file, None, "", say("cannot_read", reason=exc.strerror)))
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(ScenarioProblem(file, None, "", say("not_utf8", byte=exc.start)))
            return None
        data, lines, problems = parse_yaml(text, file)
        self.problems.extend(problems)
        if data is None and not problems:
            self.problems.append(ScenarioProblem(file, None, "", say("empty_file")))
            return None
        if problems and data is None:
            return None
        if not isinstance(data, Mapping):
            self.problems.append(ScenarioProblem(file, 1, "", say("top_not_mapping", got=type(data).__name__)))
            return None
        ok = not problems
        try:
            parsed = self.model.model_validate(data)
        except ValidationError as exc:
            ok = False
            parsed = None
            for err in exc.errors():
                loc, msg = explain(err, self.registry)
                self.problems.append(ScenarioProblem(file, line_for(loc, lines), ".".join(loc), msg))
        parent: Scenario | None = None
        inherits = data.get("inherits")
        if isinstance(inherits, str) and inherits and inherits != ROOT_ID:
            line = lines.get(("inherits",))
            parent_path = _resolve_parent(inherits, path)
            if parent_path is None:
                ok = False
                self.problems.append(ScenarioProblem(file, line, "inherits", say("no_parent", ref=inherits)))
            elif parent_path.resolve() in (*chain, key):
                ok = False
                cycle = " -> ".join(_display(p) for p in (*chain, key, parent_path.resolve()))
                self.problems.append(ScenarioProblem(file, line, "inherits", say("circular", cycle=cycle)))
            else:
                parent = self.load(parent_path, (*chain, key))
                if parent is None:
                    ok = False
                    self.problems.append(ScenarioProblem(file, line, "inherits",
                                                         say("parent_has_errors", parent=_display(parent_path))))
        observed: list[Path] | None = None
        if parsed is not None and parsed.observed is not None:
            observed = [(path.parent / f).resolve() for f in parsed.observed]
            for i, (name, resolved) in enumerate(zip(parsed.observed, observed)):
                if not resolved.exists():
                    ok = False
                    self.problems.append(ScenarioProblem(
                        file, line_for(("observed", str(i)), lines) or lines.get(("observed",)), f"observed.{i}",
                        say("no_observation_file", name=name)))
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
            report=parsed.report, observed=observed,
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
                                                   say("duplicate_id", id=s.id, other=_display(seen[s.id].path))))
        seen.setdefault(s.id, s)
    if loader.problems:
        # the same problem found twice (a file read through two children) is said once; by its
        # words, since a message may carry an unhashable value it quotes (``got []``)
        unique = list({str(p): p for p in loader.problems}.values())
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
                problems.append(ScenarioProblem(_display(p), None, "", say("empty_folder")))
            found.extend(files)
        elif p.is_file():
            found.append(p)
        else:
            problems.append(ScenarioProblem(_display(p), None, "", say("file_not_found")))
    if problems:
        raise ScenarioError(problems)
    return list(dict.fromkeys(found))

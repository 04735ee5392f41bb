"""Run scenarios through the model and write their outputs.

All run bookkeeping (parameters, hashes, versions, timings) is gathered here
in one place, as papermill does for notebooks: every output folder carries a
``manifest.json`` that says exactly what produced it.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .atomic import atomic_directory
from .core.catalogue import Results
from .core.parameter import ParameterSet
from .core.diagnostics import DiagnosticReport, evaluate_diagnostics
from .core.scorecard import Scorecard, evaluate_targets
from .core.simulate import simulate
from .errors import UserInputError
from .results import diagnostics_table, results_table, scorecard_table
from .scenario import Scenario

__all__ = ["RunOutput", "run_scenarios", "write_run", "git_commit", "MANIFEST_NAME",
           "GENERATOR", "output_is_current", "model_fingerprint"]

MANIFEST_NAME = "manifest.json"
GENERATOR = "urad-rear-workbook"


@dataclass
class RunOutput:
    """Parameters, results and scorecard of ``n`` scenarios run together."""

    scenarios: list[Scenario]
    params: ParameterSet
    results: Results
    scorecard: Scorecard
    diagnostics: DiagnosticReport
    started: str
    finished: str

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.scenarios]

    def index(self, scenario_id: str) -> int:
        return self.ids.index(scenario_id)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def run_scenarios(scenarios: Sequence[Scenario]) -> RunOutput:
    """Run scenarios in one vectorised model call."""
    if not scenarios:
        raise ValueError("no scenarios to run")
    started = _now()
    registry = scenarios[0].registry
    params = registry.parameter_set([s.resolved() for s in scenarios])
    results = simulate(params)
    scorecard = evaluate_targets(params, results)
    diagnostics = evaluate_diagnostics(params, results)
    return RunOutput(list(scenarios), params, results, scorecard, diagnostics, started, _now())


def git_commit() -> str | None:
    """The project's git commit (with ``-dirty`` when the tree has changes), if known."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "model"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("-dirty" if dirty else "")


@functools.lru_cache(maxsize=1)
def model_fingerprint() -> str:
    """SHA-256 over the package's source and the report template.

    Outputs are "current" only if they were made by the same code: a model
    change without a version bump must not let a rerun skip stale results.
    """
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted(root.rglob("*.py")) + [root.parent / "notebooks" / "report.ipynb"]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def build_manifest(output: RunOutput, i: int, files: list[str]) -> dict[str, Any]:
    """The provenance record of scenario ``i`` of a run."""
    s = output.scenarios[i]
    return {
        "generator": GENERATOR,
        "model_version": __version__,
        "model_fingerprint": model_fingerprint(),
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scenario": s.manifest(),
        "started": output.started,
        "finished": output.finished,
        "files": files,
        "parameters": _jsonable(s.resolved()),
        "overrides": _jsonable(s.overrides),
    }


def output_is_current(folder: Path, scenario: Scenario) -> bool:
    """True when ``folder`` holds complete outputs of this exact scenario, model version and code."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (manifest.get("generator") == GENERATOR
            and manifest.get("model_version") == __version__
            and manifest.get("model_fingerprint") == model_fingerprint()
            and manifest.get("scenario", {}).get("resolved_sha256") == scenario.resolved_hash()
            and all((folder / f).is_file() for f in manifest.get("files", [])))


def _check_replaceable(folder: Path, force: bool) -> bool:
    """Whether ``folder`` may be replaced; raise if it holds something we did not write."""
    if not folder.exists():
        return False
    try:
        ours = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")).get("generator") == GENERATOR
    except (OSError, ValueError):
        ours = False
    if not ours and not force:
        raise UserInputError(f"{folder}: exists and was not written by this workbook; "
                             "choose another --out or pass --force to replace it")
    return True


def write_run(output: RunOutput, out_dir: str | Path, force: bool = False,
              extra_writers: Sequence[Any] = ()) -> list[tuple[Path, bool]]:
    """Write ``results.csv``, ``targets.csv``, ``diagnostics.csv`` and ``manifest.json`` per scenario.

    Each scenario's folder ``out_dir/<id>`` is built under a temporary name and
    swapped in when complete.  A folder this workbook wrote before is replaced
    (the return value says so); any other existing folder is left alone and
    reported as an error unless ``force``.

    ``extra_writers`` are callables ``(output, i, folder) -> list[str]`` that
    write more files into the temporary folder and return their names.

    Returns
    -------
    list of (folder, replaced) pairs.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserInputError(f"{out_dir}: exists and is not a folder; expected an output folder")
    table = results_table(output.results, output.ids)
    targets = scorecard_table(output.scorecard, output.ids, "en")
    diagnostics = diagnostics_table(output.diagnostics, output.ids)
    written: list[tuple[Path, bool]] = []
    for i, s in enumerate(output.scenarios):
        folder = out_dir / s.id
        replaced = _check_replaceable(folder, force)
        with atomic_directory(folder) as tmp:
            table[table["scenario"] == s.id].to_csv(tmp / "results.csv", index=False)
            targets[targets["scenario"] == s.id].to_csv(tmp / "targets.csv", index=False)
            diagnostics[diagnostics["scenario"] == s.id].to_csv(tmp / "diagnostics.csv", index=False)
            files = ["results.csv", "targets.csv", "diagnostics.csv"]
            for writer in extra_writers:
                files.extend(writer(output, i, tmp))
            manifest = build_manifest(output, i, files)
            (tmp / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                             encoding="utf-8")
        written.append((folder, replaced))
    return written

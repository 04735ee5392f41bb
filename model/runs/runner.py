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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from model import __version__
from model.runs.atomic import atomic_directory
from model.core.catalogue import Results
from model.core.parameter import ParameterSet
from model.core.diagnostics import DiagnosticReport, evaluate_diagnostics
from model.core.scorecard import Scorecard, evaluate_targets
from model.core.simulate import simulate
from model.errors import UserInputError
from model.provenance import GENERATOR, MANIFEST_NAME, git_commit, is_ours, model_fingerprint, now, refuse_foreign
from model.runs.results import diagnostics_table, results_table, scorecard_table
from model.scenarios import Scenario
from model.scenarios.observations import ObservationSet, load_observations

__all__ = ["RunOutput", "run_scenarios", "write_run", "output_is_current"]



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
    observations: list[ObservationSet] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.scenarios]

    def observed(self, i: int) -> ObservationSet:
        """The observations scenario ``i`` names (empty when none)."""
        return self.observations[i] if i < len(self.observations) else ObservationSet.empty()

    def index(self, scenario_id: str) -> int:
        return self.ids.index(scenario_id)


def run_scenarios(scenarios: Sequence[Scenario]) -> RunOutput:
    """Run scenarios in one vectorised model call."""
    if not scenarios:
        raise ValueError("no scenarios to run")
    started = now()
    registry = scenarios[0].registry
    params = registry.parameter_set([s.resolved() for s in scenarios])
    results = simulate(params)
    scorecard = evaluate_targets(params, results)
    diagnostics = evaluate_diagnostics(params, results)
    observations = _load_observations(scenarios)
    return RunOutput(list(scenarios), params, results, scorecard, diagnostics, started, now(), observations)


def _load_observations(scenarios: Sequence[Scenario]) -> list[ObservationSet]:
    """Each scenario's named observations, loaded once per distinct list of files."""
    cache: dict[tuple[Path, ...], ObservationSet] = {}
    out = []
    for s in scenarios:
        files = tuple(s.observation_files())
        if files not in cache:
            cache[files] = load_observations(files) if files else ObservationSet.empty()
        out.append(cache[files])
    return out


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
    refuse_foreign(folder, is_ours(folder / MANIFEST_NAME), force)
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
    targets = scorecard_table(output.scorecard, output.ids, "en", output.observations)
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

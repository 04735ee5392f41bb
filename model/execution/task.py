"""One task of a batch: a scenario run (and its report), failures returned, never raised.

:func:`run_task` is the function every worker runs, a local process or a Dask
worker: load the scenario, run the model and write ``OUT/<id>/`` with
:func:`model.runs.runner.write_run` (a temporary folder swapped in when
complete); with ``reports``, execute the report notebook into that same
temporary folder (``<id>.pdf`` and the executed ``<id>.ipynb``).  A report that
fails keeps its executed notebook in ``OUT/failed/<id>.ipynb``.

A :class:`Task` and its :class:`TaskResult` are plain data: they travel to
worker processes and Dask workers and back.  Each worker process keeps one warm
report kernel (:data:`WORKER_KERNEL`) for all its tasks.
"""
from __future__ import annotations

import json
import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from model.execution.notebook import (WORKER_WARM_UP_CODE, ReportFailed, WarmEngine, WarmKernel,
                                      execute_report_notebook, one_line)
from model.provenance import MANIFEST_NAME
from model.runs.runner import run_scenarios, write_run
from model.scenarios import ScenarioError, load_scenario
from model.text import DEFAULT_LANG

__all__ = ["DONE", "FAILED", "TIMED_OUT", "SKIPPED", "FAILED_DIR", "Task", "TaskResult",
           "WORKER_KERNEL", "run_task", "invalid_scenario", "start_worker_kernel", "stop_worker_kernel"]

DONE, FAILED, TIMED_OUT, SKIPPED = "done", "failed", "timed out", "skipped"
#: Sub-folder of the output folder where failed report notebooks are kept.
FAILED_DIR = "failed"


@dataclass(frozen=True)
class Task:
    """One scenario of a batch (plain data: it travels to worker processes and Dask workers)."""

    file: str
    scenario_id: str
    out_dir: str
    reports: bool = False
    lang: str = DEFAULT_LANG
    reference: str | None = None
    timestamp: str | None = None
    notebook: str | None = None


@dataclass
class TaskResult:
    """What became of one scenario."""

    file: str
    scenario_id: str | None
    status: str
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    error: str = ""
    resolved_sha256: str | None = None
    worker: str = ""


#: The report kernel of this worker process, started on first use and kept warm.
WORKER_KERNEL = WarmKernel()


def start_worker_kernel() -> None:
    """Worker initializer of a batch with reports: the kernel boots and imports the package
    while this process imports papermill."""
    WORKER_KERNEL.prestart(WORKER_WARM_UP_CODE)
    WarmEngine()


def stop_worker_kernel() -> None:
    """Worker finalizer: shut the report kernel down, if one was started."""
    WORKER_KERNEL.shutdown()


def run_task(task: Task) -> TaskResult:
    """Run one scenario (and its report); never raises: a failure is the result.

    This is the function every worker runs, local process or Dask worker.
    """
    started = time.perf_counter()
    worker = f"{os.uname().nodename}:{os.getpid()}"
    out_dir = Path(task.out_dir)

    def failed(error: str, outputs: list[str] | None = None) -> TaskResult:
        return TaskResult(file=task.file, scenario_id=task.scenario_id, status=FAILED,
                          seconds=time.perf_counter() - started, outputs=outputs or [], error=error,
                          worker=worker)

    try:
        scenario = load_scenario(task.file)
        output = run_scenarios([scenario])
        writers = []
        if task.reports:
            def write_report(_output, _i, folder: Path) -> list[str]:
                params = {"scenario": str(Path(task.file).resolve()), "lang": task.lang,
                          "out_dir": str(folder.resolve()), "name": scenario.id, "force": True,
                          "reference": str(Path(task.reference).resolve()) if task.reference else None,
                          "timestamp": task.timestamp}
                execute_report_notebook(params, folder, scenario.id, out_dir / FAILED_DIR, WORKER_KERNEL,
                                        notebook=Path(task.notebook) if task.notebook else None)
                return [f"{scenario.id}.pdf", f"{scenario.id}.ipynb"]
            writers.append(write_report)
        ((folder, _),) = write_run(output, out_dir, force=True, extra_writers=writers)
        (out_dir / FAILED_DIR / f"{scenario.id}.ipynb").unlink(missing_ok=True)
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        outputs = [str(folder / f) for f in manifest["files"]] + [str(folder / MANIFEST_NAME)]
        return TaskResult(file=task.file, scenario_id=scenario.id, status=DONE,
                          seconds=time.perf_counter() - started, outputs=outputs,
                          resolved_sha256=scenario.resolved_hash(), worker=worker)
    except ReportFailed as exc:
        return failed(str(exc), [str(exc.notebook)] if exc.notebook else [])
    except ScenarioError as exc:
        return failed(invalid_scenario(exc))
    except Exception as exc:  # noqa: BLE001 - contained: recorded, the batch goes on
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" (at {Path(where.filename).name}:{where.lineno})" if where else ""
        return failed(f"{type(exc).__name__}: {one_line(exc)}{at}")


def invalid_scenario(exc: ScenarioError) -> str:
    """The one-line error of an invalid scenario file (every problem, ``; ``-separated)."""
    return "invalid scenario: " + "; ".join(map(str, exc.problems))

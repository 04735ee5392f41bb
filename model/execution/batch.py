"""Batch runs: many scenarios, results and papermill reports, failures contained.

``python -m model batch PATH... [--out DIR] [--workers N] [--scheduler ADDRESS]
[--timeout SECONDS] [--reports] [--force]`` runs every scenario file given
(files or folders).  Each scenario is one task (:func:`model.execution.task.run_task`):
its results in ``DIR/<id>/`` and, with ``--reports``, its PDF report executed by
papermill on a warm kernel (:mod:`model.execution.notebook`).

Tasks run on local worker processes (:class:`~model.runs.pools.LocalPool`,
one per core by default, each keeping a warm report kernel) or on the workers of
a running Dask cluster (:class:`~model.runs.dask_pool.DaskPool`, ``--scheduler
tcp://host:port``); the same task function runs in both.  At most one task per
worker runs at a time, so a task's time is measured from its start; a task past
``--timeout`` has its worker killed (the local process and its kernel, or the
Dask worker through its nanny) and is recorded as timed out.

Failures are data: an invalid scenario, a run that raises and a run that hangs
are each recorded in ``batch-manifest.json`` and ``batch-summary.csv``
(:mod:`model.execution.tables`) while every other scenario completes.
Rerunning skips scenarios whose outputs are complete and current
(:func:`model.runs.runner.output_is_current`) unless ``force``.  A killed batch
leaves only complete folders (and hidden ``.tmp-*`` leftovers, removed by the
next batch).
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.errors import UserInputError
from model.execution.notebook import ReportFailed, check_kernel, execute_report_notebook, one_line  # noqa: F401
from model.execution.tables import BATCH_MANIFEST, SUMMARY_CSV, ResultsReader, write_tables
from model.execution.task import (DONE, FAILED, FAILED_DIR, SKIPPED, TIMED_OUT, Task, TaskResult,
                                  invalid_scenario, run_task, start_worker_kernel, stop_worker_kernel)
from model.provenance import MANIFEST_NAME, REPORT_TEMPLATE, foreign_message, is_ours, now, refuse_foreign
from model.runs.atomic import TMP_PREFIX
from model.runs.dask_pool import DaskPool, check_address, open_dask_pool
from model.runs.pools import Job, JobTimedOut, LocalPool, WorkerLost, default_workers
from model.runs.runner import output_is_current
from model.scenarios import ScenarioError, find_scenario_files, load_scenario
from model.text import DEFAULT_LANG, LANGS

__all__ = ["BatchResult", "run_batch"]
# ReportFailed and execute_report_notebook live in model.execution.notebook; they are imported here
# only for tests/test_report.py, which still imports them from this module.


# --------------------------------------------------------------------------- the batch

@dataclass
class BatchResult:
    """The outcome of a batch: per-scenario results and where the tables went."""

    out_dir: Path
    results: list[TaskResult]
    seconds: float
    executor: str
    files: dict[str, str] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def exit_status(self) -> int:
        """0 when every scenario is done or current, 1 when any failed or timed out."""
        return 1 if any(r.status in (FAILED, TIMED_OUT) for r in self.results) else 0


# --------------------------------------------------------------------------- the output folder

def _clean_leftovers(out_dir: Path) -> None:
    """Remove temporary names left by a killed batch (they start with ``.tmp-``)."""
    for folder in (out_dir, out_dir / FAILED_DIR):
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if p.name.startswith(TMP_PREFIX):
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)


def _refuse_foreign_tables(out_dir: Path) -> None:
    """Refuse to replace batch tables in ``out_dir`` that an earlier batch of ours did not write."""
    names = (BATCH_MANIFEST, SUMMARY_CSV, "results.csv", "results.xlsx")
    present = [n for n in names if (out_dir / n).exists()]
    if not present:
        return
    refuse_foreign(out_dir / present[0], is_ours(out_dir / BATCH_MANIFEST), False,
                   writer="a batch of this workbook")


def _is_current(folder: Path, scenario: Any, reports: bool) -> bool:
    if not output_is_current(folder, scenario):
        return False
    if not reports:
        return True
    files = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")).get("files", [])
    return f"{scenario.id}.pdf" in files


def _foreign(folder: Path) -> bool:
    """A folder we did not write (so it must not be replaced)."""
    return folder.exists() and not is_ours(folder / MANIFEST_NAME)


# --------------------------------------------------------------------------- the run

def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    tty = sys.stderr.isatty()
    return tqdm(total=total, unit="scenario", disable=not enabled, dynamic_ncols=tty,
                mininterval=0.2 if tty else 10.0, file=sys.stderr, ascii=not tty, leave=True)


def run_batch(paths: Sequence[str | Path], out: str | Path = "reports", workers: int | None = None,
              scheduler: str | None = None, timeout: float | None = None, reports: bool = False,
              force: bool = False, lang: str = DEFAULT_LANG, reference: str | Path | None = None,
              progress: bool = True, timestamp: str | None = None,
              on_result: Callable[[TaskResult], None] | None = None,
              notebook: str | Path | None = None) -> BatchResult:
    """Run every scenario under ``paths``; write per-scenario outputs and the batch tables.

    Parameters
    ----------
    paths
        Scenario files or folders of them.
    out
        Output folder (``<id>/`` per scenario, ``batch-manifest.json``,
        ``batch-summary.csv``, ``results.csv``, ``results.xlsx``).
    workers
        Worker processes (default: the machine's cores); with ``scheduler``
        at most this many tasks in flight.
    scheduler
        ``tcp://host:port`` of a running Dask scheduler; None: local processes.
    timeout
        Seconds one scenario may take (its worker is killed after that).
    reports
        Also execute the report notebook (PDF) for each scenario.
    force
        Rerun scenarios whose outputs are current, and replace folders this
        workbook did not write.
    notebook
        Report template (default ``notebooks/report.ipynb``).

    Raises
    ------
    ScenarioError
        A path does not exist (the input itself is invalid: exit status 2).
    UserInputError
        A bad option (exit status 2).
    """
    if workers is not None and workers < 1:
        raise UserInputError(f"--workers: expected a whole number of at least 1, got {workers}")
    if timeout is not None and timeout <= 0:
        raise UserInputError(f"--timeout: expected a positive number of seconds, got {timeout:g}")
    if lang not in LANGS:
        raise UserInputError(f"--lang: expected {' or '.join(LANGS)}, got {lang!r}")
    if scheduler is not None:
        check_address(scheduler)
    files = find_scenario_files(paths)
    if reference is not None and not Path(reference).is_file():
        raise UserInputError(f"--reference: {reference}: file not found")
    if reports and not Path(notebook or REPORT_TEMPLATE).is_file():
        raise UserInputError(f"{notebook or REPORT_TEMPLATE}: the report template is missing")
    if reports:
        check_kernel()
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserInputError(f"{out_dir}: exists and is not a folder; expected an output folder")
    if not force:
        _refuse_foreign_tables(out_dir)
    # a cluster that cannot run this workbook is refused before anything is written
    cluster = open_dask_pool(scheduler, workers) if scheduler else None
    try:
        return _run(files, out_dir, cluster, workers=workers, timeout=timeout, reports=reports, force=force,
                    lang=lang, reference=reference, progress=progress, timestamp=timestamp, on_result=on_result,
                    notebook=notebook)
    finally:
        if cluster is not None:
            cluster.close()


def _run(files: Sequence[Path], out_dir: Path, cluster: DaskPool | None, *, workers: int | None,
         timeout: float | None, reports: bool, force: bool, lang: str, reference: str | Path | None,
         progress: bool, timestamp: str | None, on_result: Callable[[TaskResult], None] | None,
         notebook: str | Path | None) -> BatchResult:
    """The batch of :func:`run_batch` once its input is checked (and its cluster, if any, connected)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(out_dir)
    started_at = now()
    t0 = time.perf_counter()

    results: list[TaskResult] = []
    tasks: list[Task] = []
    seen: dict[str, str] = {}
    for f in [p.resolve() for p in files]:  # absolute: tasks may run in other working folders
        try:
            scenario = load_scenario(f)
        except ScenarioError as exc:
            results.append(TaskResult(file=str(f), scenario_id=None, status=FAILED, error=invalid_scenario(exc)))
            continue
        if scenario.id in seen:
            results.append(TaskResult(file=str(f), scenario_id=scenario.id, status=FAILED,
                                      error=f"id {scenario.id!r} is also used by {seen[scenario.id]}"))
            continue
        seen[scenario.id] = str(f)
        folder = out_dir / scenario.id
        if _foreign(folder) and not force:
            results.append(TaskResult(file=str(f), scenario_id=scenario.id, status=FAILED,
                                      error=foreign_message(folder, hint="")))
            continue
        if not force and _is_current(folder, scenario, reports):
            manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
            results.append(TaskResult(file=str(f), scenario_id=scenario.id, status=SKIPPED,
                                      outputs=[str(folder / x) for x in manifest["files"]],
                                      resolved_sha256=scenario.resolved_hash()))
            continue
        tasks.append(Task(file=str(f), scenario_id=scenario.id, out_dir=str(out_dir.resolve()), reports=reports,
                          lang=lang, reference=str(Path(reference).resolve()) if reference else None,
                          timestamp=timestamp, notebook=str(Path(notebook).resolve()) if notebook else None))
    for r in results:
        if on_result:
            on_result(r)

    n_workers = workers or default_workers()
    bar = _progress(len(files), progress)
    bar.update(len(results))
    _set_postfix(bar, results)

    reader = ResultsReader()

    def record(result: TaskResult) -> None:
        if result.status == DONE and result.scenario_id:
            reader.add(out_dir / result.scenario_id)
        results.append(result)
        bar.update(1)
        _set_postfix(bar, results)
        if on_result:
            on_result(result)

    try:
        if tasks:
            with cluster or _local_pool(min(n_workers, len(tasks)), reports) as pool:
                for task in tasks:
                    pool.submit(run_task, task, timeout=timeout, tag=task)
                while pool.pending():
                    for job in pool.poll(0.2):
                        record(_task_result(job, "Dask" if cluster else "worker"))
    except BaseException:
        _clean_leftovers(out_dir)
        bar.close()
        raise
    bar.close()
    executor = ("none (nothing to run)" if not tasks else
                f"Dask scheduler {cluster.address}" if cluster else f"local processes ({min(n_workers, len(tasks))})")
    order = {str(f.resolve()): k for k, f in enumerate(files)}
    results.sort(key=lambda r: order.get(r.file, len(order)))
    batch = BatchResult(out_dir, results, time.perf_counter() - t0, executor)
    batch.files = write_tables(out_dir, results, seconds=batch.seconds, executor=executor, started_at=started_at,
                               workers=n_workers, timeout=timeout, reports=reports, lang=lang, force=force,
                               reader=reader)
    return batch


# --------------------------------------------------------------------------- pools and results

def _local_pool(workers: int, reports: bool) -> LocalPool:
    """``workers`` local processes, with warm kernels booting from the start when the batch writes reports."""
    return LocalPool(workers, initializer=start_worker_kernel if reports else None, finalizer=stop_worker_kernel)


def _task_result(job: Job, pool: str) -> TaskResult:
    """What became of a task: its own result, or a timeout, a lost worker or a pool error."""
    if job.error is None:
        return job.value
    task = job.tag
    if isinstance(job.error, JobTimedOut):
        return TaskResult(file=task.file, scenario_id=task.scenario_id, status=TIMED_OUT, seconds=job.seconds,
                          error=str(job.error))
    error = (str(job.error) if isinstance(job.error, WorkerLost) else
             f"{pool}: {type(job.error).__name__}: {one_line(job.error)}")
    return TaskResult(file=task.file, scenario_id=task.scenario_id, status=FAILED, error=error)


def _set_postfix(bar: Any, results: list[TaskResult]) -> None:
    bar.set_postfix_str(f"done {sum(r.status == DONE for r in results)}, "
                        f"skipped {sum(r.status == SKIPPED for r in results)}, "
                        f"failed {sum(r.status in (FAILED, TIMED_OUT) for r in results)}", refresh=False)

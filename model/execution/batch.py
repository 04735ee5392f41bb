"""Batch runs: many scenarios, results and papermill reports, failures contained.

``python -m model batch PATH... [--out DIR] [--workers N] [--scheduler ADDRESS]
[--timeout SECONDS] [--reports] [--force]`` runs every scenario file given
(files or folders).  Each scenario is one task:

1. load the scenario, run the model and write ``DIR/<id>/`` (``results.csv``,
   ``targets.csv``, ``diagnostics.csv``, ``manifest.json``) with
   :func:`model.runs.runner.write_run`, i.e. under a temporary name, swapped in
   when complete;
2. with ``--reports``, execute ``notebooks/report.ipynb`` with papermill into
   that same temporary folder, giving ``<id>.ipynb`` (the executed notebook,
   the log) and ``<id>.pdf``.  A report that fails keeps its executed
   notebook in ``DIR/failed/<id>.ipynb`` for inspection.

Where the time goes (``benchmarks/batch_vs_papermill.py``): a papermill call
from the command line costs about 1.5 s to load papermill, 1 s to start and
stop a kernel and 1 s of imports inside it, while the report itself takes
about 0.3 s.  So every worker process keeps one **warm kernel** for its whole
life (:class:`WarmKernel`): papermill executes each report notebook on it
through the :class:`WarmEngine` (papermill's nbclient engine, minus the kernel
start and shutdown), the package is imported once, and Typst's font index is
built once.

Workers are local processes (:class:`LocalPool`, the default: one process per
core, each killable on its own) or the workers of a running Dask cluster
(:class:`DaskPool`, ``--scheduler tcp://host:port``): the same task function
:func:`run_task` runs in both.  The parent keeps at most one task per worker
slot in flight, so a task's time is measured from its start; a task past
``--timeout`` has its worker killed (the local process and its kernel, or the
Dask worker through its nanny) and is recorded as timed out.

Failures are data: an invalid scenario, a run that raises and a run that hangs
are each recorded in ``batch-manifest.json`` and ``batch-summary.csv`` while
every other scenario completes.  Rerunning skips scenarios whose outputs are
complete and current (:func:`model.runs.runner.output_is_current`) unless
``force``.  A killed batch leaves only complete folders (and hidden
``.tmp-*`` leftovers, removed by the next batch).

Test hook: when the environment variable :data:`HOOK_ENV` names a Python file,
its ``before_run(scenario_id)`` is called in the worker before each scenario
(the test suite uses it to make named scenarios raise or hang); nothing sets
it outside the tests.
"""
from __future__ import annotations

import ctypes
import datetime as _dt
import importlib.util
import json
import logging
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from model import __version__
from model.runs.atomic import TMP_PREFIX, atomic_path, atomic_write_text
from model.errors import UserInputError
from model.provenance import GENERATOR, MANIFEST_NAME, PROJECT_ROOT, REPORT_TEMPLATE, git_commit
from model.runs.runner import output_is_current
from model.scenarios import ScenarioError, find_scenario_files, load_scenario

__all__ = ["ROOT", "NOTEBOOK", "KERNEL_NAME", "HOOK_ENV", "DONE", "FAILED", "TIMED_OUT", "SKIPPED",
           "Task", "TaskResult", "BatchResult", "ReportFailed", "WarmKernel", "WarmEngine",
           "execute_report_notebook", "check_kernel", "run_task", "LocalPool", "DaskPool", "run_batch",
           "gather_results", "write_excel", "default_workers", "BATCH_MANIFEST", "SUMMARY_CSV"]

ROOT = PROJECT_ROOT
NOTEBOOK = REPORT_TEMPLATE
KERNEL_NAME = "urad-rear"
HOOK_ENV = "URAD_BATCH_HOOK"
DONE, FAILED, TIMED_OUT, SKIPPED = "done", "failed", "timed out", "skipped"
BATCH_MANIFEST = "batch-manifest.json"
SUMMARY_CSV = "batch-summary.csv"
FAILED_DIR = "failed"

_log = logging.getLogger(__name__)


def default_workers() -> int:
    """The machine's cores available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _kernel_env() -> dict[str, str]:
    """The environment of report kernels: the project importable, whatever the caller's path."""
    env = dict(os.environ)
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(ROOT) not in parts:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *parts])
    return env


# --------------------------------------------------------------------------- papermill

class ReportFailed(Exception):
    """A report notebook raised; ``notebook`` is the executed notebook kept for inspection."""

    def __init__(self, message: str, notebook: Path | None):
        super().__init__(message)
        self.notebook = notebook


def _warm_engine_class():
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class _WarmEngine(NBClientEngine):
        """papermill's nbclient engine on a kernel that outlives the notebook.

        ``km`` (an ``AsyncKernelManager``) is started on first use and kept;
        the kernel client of each run is closed afterwards.
        """

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     **kwargs):
            km = kwargs.pop("km")
            client = PapermillNotebookClient(
                nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logging.getLogger("papermill"), log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file)
            try:
                return client.execute(cleanup_kc=False, cwd=str(ROOT), env=_kernel_env())
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("urad-warm", _WarmEngine)
    return _WarmEngine


class _LazyEngine:
    """Resolve the engine class on first use (papermill is slow to import)."""

    _cls = None

    def __call__(self):
        if _LazyEngine._cls is None:
            _LazyEngine._cls = _warm_engine_class()
        return _LazyEngine._cls


WarmEngine = _LazyEngine()


#: Run in a fresh worker kernel while the worker itself starts up.
WARM_UP_CODE = "import model.reporting.report, model.reporting.pdf\nmodel.pdf.warm_up()"


class WarmKernel:
    """One kernel of the project (``urad-rear``) kept alive across reports in a worker."""

    def __init__(self) -> None:
        self.km: Any = None
        self._warming: tuple[Any, str] | None = None

    def prestart(self) -> None:
        """Start the kernel and send it the imports now, without waiting for either.

        A batch worker calls this first thing, so the kernel boots and imports the
        package while the worker imports papermill; :meth:`finish_warm_up` collects
        the reply before the first notebook runs.
        """
        from jupyter_core.utils import run_sync

        km = self.manager()
        if not km.has_kernel:
            run_sync(km.start_kernel)(cwd=str(ROOT), env=_kernel_env())
        client = km.blocking_client()
        client.start_channels()
        self._warming = (client, client.execute(WARM_UP_CODE, silent=True, store_history=False))

    def finish_warm_up(self, timeout: float = 120) -> None:
        """Wait for the warm-up sent by :meth:`prestart` (if any) and close its client."""
        if self._warming is None:
            return
        client, msg_id = self._warming
        self._warming = None
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                reply = client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    break
        except Exception:  # noqa: BLE001 - the notebook run reports a broken kernel itself
            pass
        finally:
            client.stop_channels()

    def manager(self) -> Any:
        """The kernel manager, replaced when the kernel has died."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.km is not None and self.km.has_kernel and not run_sync(self.km.is_alive)():
            self.shutdown()
        if self.km is None:
            # IPC (Unix sockets in the temporary folder) rather than TCP: nothing listens on
            # the network, and ipykernel does not warn about unencrypted TCP.
            ipc = Path(tempfile.gettempdir()) / f"urad-kernel-{os.getpid()}-{time.time_ns()}"
            self.km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(ipc))
        return self.km

    def pid(self) -> int | None:
        """Process id of the running kernel, if any."""
        try:
            return int(self.km.provisioner.process.pid)  # type: ignore[union-attr]
        except AttributeError:
            return None

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self.km is not None and self.km.has_kernel:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - a dead kernel cannot be shut down twice
                pass
        self.km = None


def check_kernel() -> None:
    """Raise :class:`UserInputError` when the project's kernel is not installed."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        raise UserInputError(f"the Jupyter kernel {KERNEL_NAME!r} is not installed; run `make setup` "
                             f"(or: python -m ipykernel install --prefix .venv --name {KERNEL_NAME})")


def execute_report_notebook(parameters: dict[str, Any], out_dir: Path, stem: str,
                            failed_dir: Path | None = None, kernel: WarmKernel | None = None,
                            cell_timeout: float | None = None, notebook: Path | None = None) -> Path:
    """Execute the report template with papermill; return the executed notebook's path.

    The executed notebook goes to a temporary name in ``out_dir`` and is
    renamed to ``<stem>.ipynb`` when the notebook succeeded.  When a cell
    raises, it is moved to ``failed_dir/<stem>.ipynb`` (default: ``out_dir``,
    as ``<stem>.failed.ipynb``) and :class:`ReportFailed` is raised.

    Parameters
    ----------
    parameters
        Values for the notebook's ``parameters`` cell (paths absolute).
    kernel
        A warm kernel to execute on (batch workers); None starts and stops a
        kernel for this notebook, as the ``papermill`` command does.
    notebook
        The template (default :data:`NOTEBOOK`; tests pass purpose-built ones).
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    check_kernel()
    # absolute: papermill runs the notebook (and saves it after each cell) inside cwd=ROOT
    out_dir = Path(out_dir).resolve()
    failed_dir = Path(failed_dir).resolve() if failed_dir else None
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{stem}.", suffix=".ipynb", dir=out_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    target = out_dir / f"{stem}.ipynb"
    failed = (failed_dir / f"{stem}.ipynb") if failed_dir else out_dir / f"{stem}.failed.ipynb"
    os.environ.update({"PYTHONPATH": _kernel_env()["PYTHONPATH"]})
    options: dict[str, Any] = {"kernel_name": KERNEL_NAME, "progress_bar": False,
                               "execution_timeout": cell_timeout, "cwd": str(ROOT)}
    if kernel is not None:
        WarmEngine()
        kernel.finish_warm_up()
        options.update(engine_name="urad-warm", km=kernel.manager())
    try:
        pm.execute_notebook(str(notebook or NOTEBOOK), str(tmp), parameters=parameters, **options)
    except PapermillExecutionError as exc:
        failed.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, failed)
        raise ReportFailed(f"report notebook failed in cell {exc.exec_count}: {exc.ename}: "
                           f"{_one_line(exc.evalue)} (executed notebook: {failed})", failed) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    failed.unlink(missing_ok=True)
    return target


def _one_line(text: Any) -> str:
    lines = [x.strip() for x in str(text).strip().splitlines() if x.strip()]
    return " / ".join(lines)[:500] if lines else ""


# --------------------------------------------------------------------------- one task

@dataclass(frozen=True)
class Task:
    """One scenario of a batch (plain data: it travels to worker processes and Dask workers)."""

    file: str
    scenario_id: str
    out_dir: str
    reports: bool = False
    lang: str = "zh"
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


_KERNEL = WarmKernel()


def _call_hook(scenario_id: str) -> None:
    path = os.environ.get(HOOK_ENV)
    if not path:
        return
    spec = importlib.util.spec_from_file_location("_urad_batch_hook", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"{HOOK_ENV}={path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.before_run(scenario_id)


def run_task(task: Task) -> TaskResult:
    """Run one scenario (and its report); never raises: a failure is the result.

    This is the function every worker runs, local process or Dask worker.
    """
    from model.runs.runner import run_scenarios, write_run

    started = time.perf_counter()
    worker = f"{os.uname().nodename}:{os.getpid()}"
    out_dir = Path(task.out_dir)
    try:
        scenario = load_scenario(task.file)
        _call_hook(scenario.id)
        output = run_scenarios([scenario])
        writers = []
        if task.reports:
            def write_report(_output, _i, folder: Path) -> list[str]:
                params = {"scenario": str(Path(task.file).resolve()), "lang": task.lang,
                          "out_dir": str(folder.resolve()), "name": scenario.id, "force": True,
                          "reference": str(Path(task.reference).resolve()) if task.reference else None,
                          "timestamp": task.timestamp}
                execute_report_notebook(params, folder, scenario.id, out_dir / FAILED_DIR, _KERNEL,
                                        notebook=Path(task.notebook) if task.notebook else None)
                return [f"{scenario.id}.pdf", f"{scenario.id}.ipynb"]
            writers.append(write_report)
        ((folder, _),) = write_run(output, out_dir, force=True, extra_writers=writers)
        (out_dir / FAILED_DIR / f"{scenario.id}.ipynb").unlink(missing_ok=True)
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        outputs = [str(folder / f) for f in manifest["files"]] + [str(folder / MANIFEST_NAME)]
        return TaskResult(task.file, scenario.id, DONE, time.perf_counter() - started, outputs,
                          resolved_sha256=scenario.resolved_hash(), worker=worker)
    except ReportFailed as exc:
        return TaskResult(task.file, task.scenario_id, FAILED, time.perf_counter() - started,
                          [str(exc.notebook)] if exc.notebook else [], str(exc), worker=worker)
    except ScenarioError as exc:
        return TaskResult(task.file, task.scenario_id, FAILED, time.perf_counter() - started,
                          error="invalid scenario: " + "; ".join(map(str, exc.problems)), worker=worker)
    except Exception as exc:  # noqa: BLE001 - contained: recorded, the batch goes on
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" (at {Path(where.filename).name}:{where.lineno})" if where else ""
        return TaskResult(task.file, task.scenario_id, FAILED, time.perf_counter() - started,
                          error=f"{type(exc).__name__}: {_one_line(exc)}{at}", worker=worker)


# --------------------------------------------------------------------------- local processes

def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a killed batch leaves no workers)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # pragma: no cover - not Linux
        pass


def _worker_main(conn: Connection, prestart: bool = False) -> None:
    """A local worker: receive tasks, send results, keep the report kernel warm."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if prestart:
        _KERNEL.prestart()  # the kernel boots while this process imports papermill
        WarmEngine()
    try:
        while True:
            task = conn.recv()
            if task is None:
                break
            conn.send(("started", _KERNEL.pid()))
            result = run_task(task)
            conn.send(("kernel", _KERNEL.pid()))
            conn.send(("result", result))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        _KERNEL.shutdown()


@dataclass
class _Slot:
    process: Any
    conn: Connection
    task: Task | None = None
    started: float = 0.0
    kernel_pid: int | None = None


class LocalPool:
    """Worker processes of this machine, each killable on its own (spawned, so no fork state)."""

    def __init__(self, workers: int, prestart: bool = False):
        self.context = mp.get_context("spawn")
        self.prestart = prestart
        self.slots = [self._start() for _ in range(workers)]

    @property
    def capacity(self) -> int:
        return len(self.slots)

    def describe(self) -> str:
        return f"local processes ({self.capacity})"

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        env_path = _kernel_env()["PYTHONPATH"]
        os.environ["PYTHONPATH"] = env_path
        process = self.context.Process(target=_worker_main, args=(child, self.prestart), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def free(self) -> int:
        return sum(1 for s in self.slots if s.task is None)

    def submit(self, task: Task) -> None:
        slot = next(s for s in self.slots if s.task is None)
        slot.task, slot.started = task, time.monotonic()
        slot.conn.send(task)

    def running(self) -> list[tuple[Task, float]]:
        return [(s.task, s.started) for s in self.slots if s.task is not None]

    def poll(self, timeout: float) -> list[tuple[Task, TaskResult]]:
        busy = {s.conn: s for s in self.slots if s.task is not None}
        done: list[tuple[Task, TaskResult]] = []
        for conn in wait(list(busy), timeout=timeout):
            slot = busy[conn]
            try:
                while conn.poll():
                    kind, value = conn.recv()
                    if kind in ("started", "kernel"):
                        slot.kernel_pid = value
                    elif kind == "result":
                        assert slot.task is not None
                        done.append((slot.task, value))
                        slot.task = None
                        break
            except (EOFError, OSError):
                task = slot.task
                assert task is not None
                code = slot.process.exitcode
                self._replace(slot)
                done.append((task, TaskResult(task.file, task.scenario_id, FAILED,
                                              error=f"worker process died (exit code {code})")))
        return done

    def kill(self, task: Task) -> None:
        for slot in self.slots:
            if slot.task == task:
                self._replace(slot)
                return

    def _kill_slot(self, slot: _Slot) -> None:
        for pid in (slot.process.pid, slot.kernel_pid):
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        slot.process.join(5)
        slot.conn.close()

    def _replace(self, slot: _Slot) -> None:
        self._kill_slot(slot)
        fresh = self._start()
        slot.process, slot.conn, slot.task, slot.kernel_pid = fresh.process, fresh.conn, None, None

    def close(self, kill: bool = False) -> None:
        for slot in self.slots:
            if kill or slot.task is not None:
                self._kill_slot(slot)
                continue
            try:
                slot.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for slot in self.slots:
            slot.process.join(10)
            if slot.process.is_alive():
                self._kill_slot(slot)


# --------------------------------------------------------------------------- Dask

def _processing_on(dask_scheduler: Any, key: str) -> str | None:
    ts = dask_scheduler.tasks.get(key)
    return ts.processing_on.address if ts is not None and ts.processing_on is not None else None


class DaskPool:
    """The workers of a running Dask cluster (``--scheduler tcp://host:port``)."""

    def __init__(self, address: str, workers: int | None = None):
        from distributed import Client

        try:
            self.client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise UserInputError(f"--scheduler: cannot reach a Dask scheduler at {address} ({exc})") from None
        info = self.client.scheduler_info(n_workers=-1) if _accepts_n_workers(self.client) else \
            self.client.scheduler_info()
        threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
        self._capacity = max(1, min(workers, threads) if workers else threads)
        self.address = address
        self.futures: dict[Any, tuple[Task, float]] = {}

    @property
    def capacity(self) -> int:
        return self._capacity

    def describe(self) -> str:
        return f"Dask scheduler {self.address} ({self.capacity} slots)"

    def free(self) -> int:
        return self._capacity - len(self.futures)

    def submit(self, task: Task) -> None:
        future = self.client.submit(run_task, task, pure=False, key=f"urad-{task.scenario_id}-{time.time_ns()}")
        self.futures[future] = (task, time.monotonic())

    def running(self) -> list[tuple[Task, float]]:
        return list(self.futures.values())

    def poll(self, timeout: float) -> list[tuple[Task, TaskResult]]:
        if not self.futures:
            return []
        end = time.monotonic() + timeout
        while not any(f.done() for f in self.futures) and time.monotonic() < end:
            time.sleep(0.02)
        done = []
        for future in [f for f in self.futures if f.done()]:
            task, _ = self.futures.pop(future)
            try:
                done.append((task, future.result()))
            except Exception as exc:  # noqa: BLE001 - a lost worker is a failure of this task
                done.append((task, TaskResult(task.file, task.scenario_id, FAILED,
                                              error=f"Dask: {type(exc).__name__}: {_one_line(exc)}")))
        return done

    def kill(self, task: Task) -> None:
        for future, (t, _) in list(self.futures.items()):
            if t == task:
                address = self.client.run_on_scheduler(_processing_on, key=future.key)
                self.client.cancel(future, force=True)
                self.futures.pop(future)
                if address:
                    try:
                        self.client.restart_workers([address], timeout=60, raise_for_error=False)
                    except Exception as exc:  # noqa: BLE001 - reported, the batch goes on
                        _log.warning("could not restart Dask worker %s: %s", address, exc)
                return

    def close(self, kill: bool = False) -> None:
        if kill and self.futures:
            self.client.cancel(list(self.futures), force=True)
        self.client.close()


def _accepts_n_workers(client: Any) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters


# --------------------------------------------------------------------------- gathering

def gather_results(folders: Sequence[Path]) -> Any:
    """Every scenario's ``results.csv`` as one long table (scenario, variable, unit, year, value)."""
    import pandas as pd

    from model.runs.results import COLUMNS

    frames = [pd.read_csv(f / "results.csv") for f in folders if (f / "results.csv").is_file()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


def write_excel(table: Any, target: Path) -> None:
    """An Excel workbook with one sheet per theme, IAMC wide layout (pyam reads it).

    Columns: model, scenario, region, variable, unit, then one column per year;
    the theme of a variable is ``model.core.VARIABLES[name].theme``.
    """
    import pandas as pd

    from model.core.parameter import THEMES
    from model.core.simulate import VARIABLES
    from model.runs.results import to_iamc

    with atomic_path(target) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            iamc = to_iamc(table)
            theme = iamc["variable"].map(lambda v: VARIABLES[v].theme if v in VARIABLES else "other")
            written = False
            for key, (_, en) in THEMES.items():
                part = iamc[theme == key]
                if part.empty:
                    continue
                wide = part.pivot_table(index=["model", "scenario", "region", "variable", "unit"],
                                        columns="year", values="value", sort=False).reset_index()
                wide.columns = [str(c) for c in wide.columns]
                wide.to_excel(writer, sheet_name=en[:31], index=False)
                written = True
            if not written:
                pd.DataFrame(columns=["model", "scenario", "region", "variable", "unit"]).to_excel(
                    writer, sheet_name="data", index=False)


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
    try:
        ours = json.loads((out_dir / BATCH_MANIFEST).read_text(encoding="utf-8")).get("generator") == GENERATOR
    except (OSError, ValueError):
        ours = False
    if not ours:
        raise UserInputError(f"{out_dir / present[0]}: exists and was not written by a batch of this "
                             "workbook; choose another --out or pass --force to replace it")


def _is_current(folder: Path, scenario: Any, reports: bool) -> bool:
    if not output_is_current(folder, scenario):
        return False
    if not reports:
        return True
    files = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")).get("files", [])
    return f"{scenario.id}.pdf" in files


def _foreign(folder: Path) -> bool:
    """A folder we did not write (so it must not be replaced)."""
    if not folder.exists():
        return False
    try:
        return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8")).get("generator") != GENERATOR
    except (OSError, ValueError):
        return True


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    tty = sys.stderr.isatty()
    return tqdm(total=total, unit="scenario", disable=not enabled, dynamic_ncols=tty,
                mininterval=0.2 if tty else 10.0, file=sys.stderr, ascii=not tty, leave=True)


def run_batch(paths: Sequence[str | Path], out: str | Path = "reports", workers: int | None = None,
              scheduler: str | None = None, timeout: float | None = None, reports: bool = False,
              force: bool = False, lang: str = "zh", reference: str | Path | None = None,
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
        Report template (default :data:`NOTEBOOK`).

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
    if lang not in ("zh", "en"):
        raise UserInputError(f"--lang: expected zh or en, got {lang!r}")
    if scheduler is not None and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise UserInputError(f"--scheduler: expected an address such as tcp://127.0.0.1:8786, got {scheduler!r}")
    files = find_scenario_files(paths)
    if reference is not None and not Path(reference).is_file():
        raise UserInputError(f"--reference: {reference}: file not found")
    if reports and not Path(notebook or NOTEBOOK).is_file():
        raise UserInputError(f"{notebook or NOTEBOOK}: the report template is missing")
    if reports:
        check_kernel()
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserInputError(f"{out_dir}: exists and is not a folder; expected an output folder")
    if not force:
        _refuse_foreign_tables(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(out_dir)
    started_at = _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")
    t0 = time.perf_counter()

    results: list[TaskResult] = []
    tasks: list[Task] = []
    seen: dict[str, str] = {}
    for f in [p.resolve() for p in files]:  # absolute: tasks may run in other working folders
        try:
            scenario = load_scenario(f)
        except ScenarioError as exc:
            results.append(TaskResult(str(f), None, FAILED,
                                      error="invalid scenario: " + "; ".join(map(str, exc.problems))))
            continue
        if scenario.id in seen:
            results.append(TaskResult(str(f), scenario.id, FAILED,
                                      error=f"id {scenario.id!r} is also used by {seen[scenario.id]}"))
            continue
        seen[scenario.id] = str(f)
        folder = out_dir / scenario.id
        if _foreign(folder) and not force:
            results.append(TaskResult(str(f), scenario.id, FAILED,
                                      error=f"{folder}: exists and was not written by this workbook; "
                                            "choose another --out or pass --force"))
            continue
        if not force and _is_current(folder, scenario, reports):
            manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
            results.append(TaskResult(str(f), scenario.id, SKIPPED,
                                      outputs=[str(folder / x) for x in manifest["files"]],
                                      resolved_sha256=scenario.resolved_hash()))
            continue
        tasks.append(Task(str(f), scenario.id, str(out_dir.resolve()), reports, lang,
                          str(Path(reference).resolve()) if reference else None, timestamp,
                          str(Path(notebook).resolve()) if notebook else None))
    for r in results:
        if on_result:
            on_result(r)

    n_workers = workers or default_workers()
    pool: LocalPool | DaskPool | None = None
    bar = _progress(len(files), progress)
    bar.update(len(results))
    _set_postfix(bar, results)
    try:
        if tasks:
            pool = (DaskPool(scheduler, workers) if scheduler else
                    LocalPool(min(n_workers, len(tasks)), prestart=reports))
            queue = list(tasks)
            while queue or pool.running():
                while queue and pool.free() > 0:
                    pool.submit(queue.pop(0))
                for task, result in pool.poll(0.2):
                    results.append(result)
                    bar.update(1)
                    _set_postfix(bar, results)
                    if on_result:
                        on_result(result)
                if timeout is not None:
                    now = time.monotonic()
                    for task, since in pool.running():
                        if now - since > timeout:
                            pool.kill(task)
                            result = TaskResult(task.file, task.scenario_id, TIMED_OUT, now - since,
                                                error=f"timed out after {timeout:g} s; worker killed")
                            results.append(result)
                            bar.update(1)
                            _set_postfix(bar, results)
                            if on_result:
                                on_result(result)
            pool.close()
            pool = None
    except BaseException:
        if pool is not None:
            pool.close(kill=True)
        _clean_leftovers(out_dir)
        bar.close()
        raise
    bar.close()
    executor = ("none (nothing to run)" if not tasks else
                f"Dask scheduler {scheduler}" if scheduler else f"local processes ({min(n_workers, len(tasks))})")
    order = {str(f.resolve()): k for k, f in enumerate(files)}
    results.sort(key=lambda r: order.get(r.file, len(order)))
    batch = BatchResult(out_dir, results, time.perf_counter() - t0, executor)
    _write_tables(batch, started_at, timeout, reports, lang, force, n_workers)
    return batch


def _set_postfix(bar: Any, results: list[TaskResult]) -> None:
    bar.set_postfix_str(f"done {sum(r.status == DONE for r in results)}, "
                        f"skipped {sum(r.status == SKIPPED for r in results)}, "
                        f"failed {sum(r.status in (FAILED, TIMED_OUT) for r in results)}", refresh=False)


def _write_tables(batch: BatchResult, started_at: str, timeout: float | None, reports: bool,
                  lang: str, force: bool, workers: int) -> None:
    import pandas as pd

    out_dir = batch.out_dir
    ok = [out_dir / r.scenario_id for r in batch.results if r.status in (DONE, SKIPPED) and r.scenario_id]
    table = gather_results(ok)
    with atomic_path(out_dir / "results.csv") as tmp:
        table.to_csv(tmp, index=False)
    write_excel(table, out_dir / "results.xlsx")
    summary = pd.DataFrame([{"file": r.file, "scenario": r.scenario_id or "", "status": r.status,
                             "seconds": round(r.seconds, 3), "error": r.error,
                             "outputs": ";".join(r.outputs)} for r in batch.results],
                           columns=["file", "scenario", "status", "seconds", "error", "outputs"])
    with atomic_path(out_dir / SUMMARY_CSV) as tmp:
        summary.to_csv(tmp, index=False)
    batch.files = {"manifest": str(out_dir / BATCH_MANIFEST), "summary": str(out_dir / SUMMARY_CSV),
                   "results_csv": str(out_dir / "results.csv"), "results_xlsx": str(out_dir / "results.xlsx")}
    manifest = {
        "generator": GENERATOR, "model_version": __version__, "git_commit": git_commit(),
        "python": sys.version.split()[0], "started": started_at,
        "finished": _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
        "seconds": round(batch.seconds, 3), "executor": batch.executor, "workers": workers,
        "timeout": timeout, "reports": reports, "lang": lang, "force": force,
        "counts": {s: batch.count(s) for s in (DONE, SKIPPED, FAILED, TIMED_OUT)},
        "files": batch.files,
        "scenarios": [asdict(r) for r in batch.results],
    }
    atomic_write_text(out_dir / BATCH_MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))

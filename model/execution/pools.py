"""Worker pools of a batch: local processes (the default) or the workers of a Dask cluster.

Workers are local processes (:class:`LocalPool`, the default: one process per
core, each killable on its own) or the workers of a running Dask cluster
(:class:`DaskPool`, ``--scheduler tcp://host:port``): the same task function
:func:`model.execution.task.run_task` runs in both.  The parent keeps at most
one task per worker slot in flight, so a task's time is measured from its
start; a task past ``--timeout`` has its worker killed (the local process and
its kernel, or the Dask worker through its nanny).
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from model.errors import UserInputError
from model.execution.notebook import WarmEngine, kernel_env, one_line
from model.execution.task import FAILED, WORKER_KERNEL, Task, TaskResult, run_task

__all__ = ["LocalPool", "DaskPool", "default_workers"]

_log = logging.getLogger(__name__)


def default_workers() -> int:
    """The machine's cores available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


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
        WORKER_KERNEL.prestart()  # the kernel boots while this process imports papermill
        WarmEngine()
    try:
        while True:
            task = conn.recv()
            if task is None:
                break
            conn.send(("started", WORKER_KERNEL.pid()))
            result = run_task(task)
            conn.send(("kernel", WORKER_KERNEL.pid()))
            conn.send(("result", result))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        WORKER_KERNEL.shutdown()


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
        env_path = kernel_env()["PYTHONPATH"]
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
                                              error=f"Dask: {type(exc).__name__}: {one_line(exc)}")))
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

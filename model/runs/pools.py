"""Worker pools: where runs execute - this process, local worker processes or a Dask cluster.

Ensembles (:mod:`model.analysis.ensemble`) and batches (:mod:`model.execution.batch`)
hand their work to a pool.  Every pool is a context manager with the same small
interface, after EMA Workbench's evaluators (``with MultiprocessingEvaluator(model)
as evaluator: ...``)::

    with LocalPool(2) as pool:
        for task in tasks:
            pool.submit(run_task, task, timeout=120, tag=task)
        while pool.pending():
            for job in pool.poll(0.2):
                print(job.tag, job.error or job.value)

``submit(fn, *args, timeout=None, tag=None) -> Job``
    Queue the call ``fn(*args)``; ``fn`` and ``args`` must be picklable (they travel
    to another process).  The pool starts a job when a worker is free, so a job's
    clock (:attr:`Job.started`) starts when the job does, not when it was queued,
    and ``timeout`` counts seconds of running.  ``tag`` is the caller's label.
``poll(wait_seconds) -> list[Job]``
    The jobs finished since the last call, waiting at most ``wait_seconds`` for
    one.  Each has its :attr:`~Job.value` or its :attr:`~Job.error`: the exception
    the call raised (with the worker's traceback as its cause), :class:`JobTimedOut`
    (it ran past its timeout and its worker was killed) or :class:`WorkerLost`
    (its worker died under it).  ``job.result()`` returns the value or raises.
``pending()``, ``running()``
    How many jobs are queued or running; the running jobs.

:func:`ordered` streams the results of many calls in submission order with a
bounded number of jobs in flight (an ensemble writes its chunks in draw order,
in bounded memory).

The pools:

:class:`SerialPool`
    This process, one job at a time, run inside :meth:`~SerialPool.poll`.  No
    timeout: nothing could kill the job.
:class:`LocalPool`
    Worker processes of this machine, started with ``spawn`` (nothing inherited
    from the parent: safe beside threads and Jupyter kernels), one job each at a
    time.  A job past its timeout has its worker and every process the worker
    started (a report's Jupyter kernel) killed with SIGKILL, and a fresh worker
    takes the slot.  Workers ask Linux to kill them when the parent dies
    (``PR_SET_PDEATHSIG``), so a killed batch leaves no workers behind.  An
    ``initializer`` and a ``finalizer`` run in each worker at its start and end
    (a batch worker starts its report kernel, and shuts it down).
:class:`~model.runs.dask_pool.DaskPool` (in :mod:`model.runs.dask_pool`)
    The workers of a running Dask distributed cluster (``tcp://host:port``),
    checked to run this very workbook before any job is sent.  A job past its
    timeout is cancelled and its worker restarted through its nanny.

Why the local pool is written here rather than taken from ``concurrent.futures``,
``pebble``, ``loky`` or a Dask ``LocalCluster``: ``docs/reports-and-batch.md``,
section "Why this pool", with the measurements.

Layer: runs.  The module imports nothing from the package, so the analysis layer
(ensembles) and the execution layer (batches) both use it.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
import ctypes
import itertools
import multiprocessing as mp
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

__all__ = ["Pool", "Job", "JobTimedOut", "WorkerLost", "RemoteTraceback", "SerialPool", "LocalPool", "ordered",
           "default_workers"]


def default_workers() -> int:
    """The machine's cores available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- jobs and their failures

class JobTimedOut(Exception):
    """A job ran longer than its timeout; its worker was killed."""

    def __init__(self, timeout: float):
        super().__init__(f"timed out after {timeout:g} s; worker killed")
        self.timeout = timeout


class WorkerLost(Exception):
    """The worker running a job died under it (killed, out of memory, a crash in C code)."""


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker process (set as its ``__cause__``)."""

    def __str__(self) -> str:
        return f"\n\n{self.args[0]}" if self.args else ""


@dataclass(eq=False)
class Job:
    """One call handed to a pool, and what became of it."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    timeout: float | None = None
    tag: Any = None
    #: ``time.monotonic()`` when a worker started the job (None while queued).
    started: float | None = None
    #: ``time.monotonic()`` when it finished, failed or was killed.
    finished: float | None = None
    value: Any = None
    error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.finished is not None

    @property
    def seconds(self) -> float:
        """Seconds the job has run (so far, if it is still running)."""
        if self.started is None:
            return 0.0
        return (self.finished if self.finished is not None else time.monotonic()) - self.started

    def result(self) -> Any:
        """The call's value; raises its error."""
        if self.error is not None:
            raise self.error
        return self.value

    def finish(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value, self.error, self.finished = value, error, time.monotonic()


class Pool(ABC):
    """The interface of every pool (see the module docstring): a queue of jobs not started yet,
    submit, pending, poll, close, and the context manager."""

    capacity: int = 1

    def __init__(self) -> None:
        self._queue: deque[Job] = deque()

    def submit(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None,
               tag: Any = None) -> Job:
        """Queue ``fn(*args)``; it starts as soon as a worker is free."""
        job = Job(fn, args, timeout, tag)
        self._queue.append(job)
        self._dispatch()
        return job

    def pending(self) -> int:
        """Jobs queued or running."""
        return len(self._queue) + len(self.running())

    def running(self) -> list[Job]:
        return []

    @abstractmethod
    def poll(self, wait_seconds: float = 0.0) -> list[Job]:
        """Jobs finished since the last poll, waiting up to ``wait_seconds`` for one."""

    def _dispatch(self) -> None:
        """Start queued jobs on free workers."""

    def close(self, kill: bool = False) -> None:
        """Stop the workers (at once, and their jobs with them, with ``kill``)."""
        self._queue.clear()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(kill=exc_type is not None)


def ordered(pool: Pool, fn: Callable[..., Any], argsets: Iterable[tuple[Any, ...]],
            in_flight: int | None = None) -> Iterator[Any]:
    """``fn(*args)`` for each ``args`` of ``argsets``, in order, computed by ``pool``.

    At most ``in_flight`` calls (default: twice the pool's capacity) are queued,
    running or finished but not yet consumed, so memory stays bounded however
    many calls there are.  An error of a call is raised when its turn comes.
    """
    limit = max(1, in_flight or 2 * pool.capacity)
    todo = iter(argsets)
    window: deque[Job] = deque()

    def top_up() -> None:
        for args in itertools.islice(todo, limit - len(window)):
            window.append(pool.submit(fn, *args))

    top_up()
    while window:
        while not window[0].done:
            pool.poll(1.0)
        head = window.popleft()
        top_up()
        yield head.result()
        del head  # before the next wait: a consumed value is not held while the next is computed


# --------------------------------------------------------------------------- this process

class SerialPool(Pool):
    """This process, one job at a time (run inside :meth:`poll`)."""

    capacity = 1

    def submit(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None,
               tag: Any = None) -> Job:
        if timeout is not None:
            raise ValueError("SerialPool runs jobs in this process and cannot stop one at a timeout; "
                             "use LocalPool or DaskPool")
        return super().submit(fn, *args, tag=tag)

    def poll(self, wait_seconds: float = 0.0) -> list[Job]:
        """Run the next queued job here and now; return it."""
        if not self._queue:
            return []
        job = self._queue.popleft()
        job.started = time.monotonic()
        try:
            job.finish(value=job.fn(*job.args))
        except Exception as exc:  # noqa: BLE001 - the job's error, raised by job.result()
            job.finish(error=exc)
        return [job]


# --------------------------------------------------------------------------- local processes

def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a killed batch leaves no workers)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # pragma: no cover - not Linux
        pass


def _worker_main(conn: Connection, initializer: Callable[[], None] | None,
                 finalizer: Callable[[], None] | None) -> None:
    """A local worker: receive calls, send back ``("ok", value)`` or ``("error", exc, traceback)``."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    try:
        if initializer is not None:
            initializer()
        while True:
            call = conn.recv()
            if call is None:
                break
            fn, args = call
            try:
                reply: tuple[Any, ...] = ("ok", fn(*args))
            except Exception as exc:  # noqa: BLE001 - sent back as the job's error
                reply = ("error", exc, traceback.format_exc())
            try:
                conn.send(reply)
            except Exception as exc:  # noqa: BLE001 - the value or error did not pickle
                conn.send(("error", RuntimeError(f"the result could not be sent back: "
                                                 f"{type(exc).__name__}: {exc}"), traceback.format_exc()))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        if finalizer is not None:
            finalizer()


@dataclass(eq=False)
class _Slot:
    process: Any
    conn: Connection
    job: Job | None = None


class LocalPool(Pool):
    """Worker processes of this machine, each killable on its own.

    Parameters
    ----------
    workers
        Number of worker processes.
    initializer, finalizer
        Picklable callables run in each worker when it starts and when it stops
        normally (not when it is killed).
    """

    def __init__(self, workers: int, *, initializer: Callable[[], None] | None = None,
                 finalizer: Callable[[], None] | None = None):
        if workers < 1:
            raise ValueError(f"a pool needs at least one worker, got {workers}")
        super().__init__()
        self._context = mp.get_context("spawn")
        self._initializer, self._finalizer = initializer, finalizer
        self.capacity = workers
        self._slots = [self._start() for _ in range(workers)]
        self._unsent: list[Job] = []
        self._closed = False

    def _start(self) -> _Slot:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(child, self._initializer, self._finalizer),
                                        daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def running(self) -> list[Job]:
        return [s.job for s in self._slots if s.job is not None]

    def _dispatch(self) -> None:
        for slot in self._slots:
            while slot.job is None and self._queue:
                job = self._queue.popleft()
                try:
                    slot.conn.send((job.fn, job.args))  # pickled whole before anything is written
                except OSError:  # the idle worker died: replace it, keep the job first in line
                    self._queue.appendleft(job)
                    self._replace(slot)
                    continue
                except Exception as exc:  # noqa: BLE001 - the call did not pickle: the job's error
                    job.started = time.monotonic()
                    job.finish(error=exc)
                    self._unsent.append(job)
                    continue
                job.started = time.monotonic()
                slot.job = job

    def poll(self, wait_seconds: float = 0.0) -> list[Job]:
        """Finished jobs (waiting at most ``wait_seconds`` for one); kill those past their timeout."""
        self._dispatch()
        finished, self._unsent = self._unsent, []
        busy = {s.conn: s for s in self._slots if s.job is not None}
        if busy:
            for conn in wait(list(busy), timeout=self._wait_for(wait_seconds)):
                finished.append(self._receive(busy[conn]))
        finished += self._expire()
        self._dispatch()
        return finished

    def _wait_for(self, wait_seconds: float) -> float:
        """``wait_seconds``, shortened to the next timeout."""
        now = time.monotonic()
        left = [j.started + j.timeout - now for j in self.running()
                if j.timeout is not None and j.started is not None]
        return max(0.0, min([wait_seconds, *left]))

    def _receive(self, slot: _Slot) -> Job:
        job = slot.job
        assert job is not None
        try:
            reply = slot.conn.recv()
        except (EOFError, OSError):
            slot.process.join(1)
            code = slot.process.exitcode
            self._replace(slot)
            job.finish(error=WorkerLost(f"worker process died (exit code {code})"))
            return job
        except Exception as exc:  # noqa: BLE001 - the reply did not unpickle here
            slot.job = None
            job.finish(error=RuntimeError(f"the worker's reply could not be read: {type(exc).__name__}: {exc}"))
            return job
        slot.job = None
        if reply[0] == "ok":
            job.finish(value=reply[1])
        else:
            error = reply[1]
            error.__cause__ = RemoteTraceback(reply[2])
            job.finish(error=error)
        return job

    def _expire(self) -> list[Job]:
        now = time.monotonic()
        expired = []
        for slot in self._slots:
            job = slot.job
            if job is not None and job.timeout is not None and now - job.started > job.timeout:
                self._replace(slot)
                job.finish(error=JobTimedOut(job.timeout))
                expired.append(job)
        return expired

    def _kill(self, slot: _Slot) -> None:
        """SIGKILL the worker and every process it started (a report's kernel runs in its own session)."""
        import psutil

        try:
            worker = psutil.Process(slot.process.pid)
            family = [worker, *worker.children(recursive=True)]
        except psutil.NoSuchProcess:
            family = []
        for p in family:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        slot.process.join(5)
        slot.conn.close()

    def _replace(self, slot: _Slot) -> None:
        self._kill(slot)
        fresh = self._start()
        slot.process, slot.conn, slot.job = fresh.process, fresh.conn, None

    def close(self, kill: bool = False) -> None:
        if self._closed:
            return
        self._closed = True
        super().close(kill)
        for slot in self._slots:
            if kill or slot.job is not None:
                self._kill(slot)
                continue
            try:
                slot.conn.send(None)
            except OSError:
                pass
        for slot in self._slots:
            slot.process.join(10)
            if slot.process.is_alive():
                self._kill(slot)

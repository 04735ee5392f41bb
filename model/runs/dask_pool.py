"""The workers of a running Dask distributed cluster as a pool (:class:`DaskPool`).

The same interface as the pools of :mod:`model.runs.pools` (``submit``, ``poll``,
``pending``, a context manager), on a cluster started the standard way::

    dask scheduler                       # on one machine: tcp://HOST:8786
    dask worker tcp://HOST:8786          # on each machine, from the environment where the
                                         # workbook is installed (pip install -e PROJECT)

Jobs are the workbook's own functions and data (a scenario task, an ensemble chunk):
the scheduler unpickles them and the workers run them, so both must import the same
package.  Before any job is sent the pool asks the scheduler and every worker for
their :func:`workbook_identity` (version and code fingerprint) and refuses, with
:class:`WorkbookMismatch`, a cluster where one lacks the package or runs another
version or other code: the outputs of a run are byte-identical wherever it runs only
when the code is.  Every wait is bounded (``connect_timeout``): an unreachable
scheduler raises :class:`SchedulerUnreachable`, a cluster without workers or whose
workers do not answer :class:`WorkbookMismatch`.  :func:`open_dask_pool` turns either
into the command line's one-line error.

A job past its timeout is cancelled and its worker restarted through its nanny.
How to run on several machines: ``docs/cluster.md``.
"""
from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from model.errors import UserInputError
from model.runs.pools import Job, JobTimedOut, Pool

__all__ = ["ClusterUnusable", "SchedulerUnreachable", "WorkbookMismatch", "DaskPool", "check_address",
           "open_dask_pool", "workbook_identity", "CONNECT_TIMEOUT", "SCHEMES"]

_log = logging.getLogger(__name__)

#: Seconds between two looks at a cluster's futures while waiting.
POLL_INTERVAL = 0.02
#: Seconds to wait for the scheduler, for a first worker and for the workbook check's answers.
CONNECT_TIMEOUT = 10.0
#: Address schemes of a Dask scheduler.
SCHEMES = ("tcp://", "tls://", "inproc://", "ucx://")


# --------------------------------------------------------------------------- what can go wrong

class ClusterUnusable(Exception):
    """A Dask cluster that cannot take this workbook's jobs; the message is one line for the user."""


class SchedulerUnreachable(ClusterUnusable):
    """No Dask scheduler answered at ``address``; ``cause`` is the client's exception."""

    def __init__(self, address: str, cause: BaseException):
        super().__init__(f"cannot reach a Dask scheduler at {address} ({_one_line(cause)})")
        self.address, self.cause = address, cause


class WorkbookMismatch(ClusterUnusable):
    """The scheduler or a worker lacks the workbook's package or runs another version or other code,
    or no worker joined in time."""


# --------------------------------------------------------------------------- the workbook check

def workbook_identity() -> tuple[str, str]:
    """The workbook this process runs: its version and its code fingerprint.

    Run on the scheduler and on every worker of a cluster (and here) before a pool sends
    work: jobs and their results are the same only where these are the same.  A process
    without the package cannot even unpickle this function: that is the check that it is
    installed.
    """
    from model import __version__
    from model.provenance import model_fingerprint

    return __version__, model_fingerprint()


def _one_line(error: BaseException) -> str:
    """An exception as ``Type: message`` on one line.

    A worker's error arrives wrapped, as ``Exception('ModuleNotFoundError("No module named ...")')``:
    that is unwrapped to ``ModuleNotFoundError: No module named ...``.
    """
    text = " ".join(str(error).split())
    if type(error) is Exception and (inner := re.fullmatch(r"(\w+)\((['\"])(.*)\2\)", text)):
        return f"{inner[1]}: {inner[3]}"
    return f"{type(error).__name__}: {text}"


def _within(seconds: float, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a helper thread; :class:`TimeoutError` when it takes longer than ``seconds``."""
    box: dict[str, Any] = {}

    def call() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _identity_problem(where: str, answer: Any, mine: tuple[str, str]) -> str | None:
    """What is wrong with the workbook at ``where`` (None when it is this one)."""
    if isinstance(answer, BaseException):
        return (f"{where} cannot run the workbook ({_one_line(answer)}); install the project there "
                "(pip install -e PROJECT; docs/cluster.md)")
    version, fingerprint = answer
    if version != mine[0]:
        return (f"{where} runs version {version} of the workbook, this machine {mine[0]}; install the same "
                "version on every machine of the cluster (docs/cluster.md)")
    if fingerprint != mine[1]:
        return (f"{where} runs other code of version {version} (fingerprint {fingerprint[:12]}, here "
                f"{mine[1][:12]}); install the same commit on every machine of the cluster (docs/cluster.md)")
    return None


# --------------------------------------------------------------------------- the pool

def _processing_on(dask_scheduler: Any, key: str) -> str | None:
    """(On the scheduler) the address of the worker running ``key``, if any."""
    ts = dask_scheduler.tasks.get(key)
    return ts.processing_on.address if ts is not None and ts.processing_on is not None else None


class DaskPool(Pool):
    """The workers of a running Dask distributed cluster.

    Parameters
    ----------
    address
        The scheduler's address, e.g. ``tcp://127.0.0.1:8786``.
    workers
        At most this many jobs on the cluster at once (default: its threads).
    connect_timeout
        Seconds to wait for the scheduler (:class:`SchedulerUnreachable` after that), then for a
        first worker and for the answers to the workbook check (:class:`WorkbookMismatch`).
    """

    def __init__(self, address: str, workers: int | None = None, *, connect_timeout: float = CONNECT_TIMEOUT):
        from distributed import Client

        super().__init__()
        try:
            self.client = Client(address, timeout=f"{connect_timeout:g}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SchedulerUnreachable(address, exc) from None
        try:
            self._check_workbook(address, connect_timeout)
        except BaseException:
            self.client.close()
            raise
        info = self.client.scheduler_info(n_workers=-1) if _accepts_n_workers(self.client) else \
            self.client.scheduler_info()
        #: Workers of the cluster when the pool connected.
        self.workers = len(info.get("workers", {}))
        threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
        self.capacity = max(1, min(workers, threads) if workers else threads)
        self.address = address
        self._futures: dict[Any, Job] = {}

    def _check_workbook(self, address: str, seconds: float) -> None:
        """Raise :class:`WorkbookMismatch` unless the scheduler and every worker run this workbook."""
        try:
            _within(seconds, self.client.wait_for_workers, 1, timeout=seconds)
        except TimeoutError:
            raise WorkbookMismatch(f"no Dask worker has joined the scheduler at {address} within "
                                   f"{seconds:g} s; start one with: dask worker {address}") from None
        mine = workbook_identity()
        try:
            on_scheduler: Any = _within(seconds, self.client.run_on_scheduler, workbook_identity)
        except Exception as exc:  # noqa: BLE001 - the scheduler's answer is an error: reported below
            on_scheduler = exc
        try:
            on_workers = _within(seconds, self.client.run, workbook_identity, on_error="return")
        except TimeoutError as exc:
            raise WorkbookMismatch(f"the Dask workers at {address} did not answer the workbook check "
                                   f"({exc})") from None
        answers = {f"the Dask scheduler at {address}": on_scheduler,
                   **{f"Dask worker {w}": a for w, a in sorted(on_workers.items())}}
        problems = [p for where, answer in answers.items() if (p := _identity_problem(where, answer, mine))]
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise WorkbookMismatch(problems[0] + more)

    def running(self) -> list[Job]:
        return list(self._futures.values())

    def _dispatch(self) -> None:
        while self._queue and len(self._futures) < self.capacity:
            job = self._queue.popleft()
            key = f"{getattr(job.fn, '__name__', 'job')}-{uuid.uuid4().hex}"
            job.started = time.monotonic()
            self._futures[self.client.submit(job.fn, *job.args, pure=False, key=key)] = job

    def poll(self, wait_seconds: float = 0.0) -> list[Job]:
        """Finished jobs (waiting at most ``wait_seconds`` for one); kill those past their timeout."""
        self._dispatch()
        end = time.monotonic() + wait_seconds
        while (self._futures and not any(f.done() for f in self._futures) and time.monotonic() < end
               and not self._overdue()):
            time.sleep(POLL_INTERVAL)
        finished = []
        for future in [f for f in self._futures if f.done()]:
            job = self._futures.pop(future)
            try:
                job.finish(value=future.result())
            except Exception as exc:  # noqa: BLE001 - the job's error (a lost worker included)
                job.finish(error=exc)
            finished.append(job)
        finished += self._expire()
        self._dispatch()
        return finished

    def _overdue(self) -> bool:
        now = time.monotonic()
        return any(j.timeout is not None and now - j.started > j.timeout for j in self._futures.values())

    def _expire(self) -> list[Job]:
        now = time.monotonic()
        expired = []
        for future, job in list(self._futures.items()):
            if job.timeout is not None and now - job.started > job.timeout:
                self._kill(future)
                job.finish(error=JobTimedOut(job.timeout))
                expired.append(job)
        return expired

    def _kill(self, future: Any) -> None:
        """Cancel the future and restart the worker running it (through its nanny)."""
        address = self.client.run_on_scheduler(_processing_on, key=future.key)
        self.client.cancel(future, force=True)
        self._futures.pop(future)
        if address:
            try:
                self.client.restart_workers([address], timeout=60, raise_for_error=False)
            except Exception as exc:  # noqa: BLE001 - reported, the pool goes on
                _log.warning("could not restart Dask worker %s: %s", address, exc)

    def close(self, kill: bool = False) -> None:
        super().close(kill)
        if kill and self._futures:
            self.client.cancel(list(self._futures), force=True)
        self._futures.clear()
        self.client.close()


def _accepts_n_workers(client: Any) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters


def check_address(address: str) -> None:
    """Raise :class:`~model.errors.UserInputError` unless ``address`` looks like a scheduler's address."""
    if not address.startswith(SCHEMES):
        raise UserInputError(f"--scheduler {address}: expected an address such as tcp://127.0.0.1:8786")


def open_dask_pool(address: str, workers: int | None = None, *, connect_timeout: float = CONNECT_TIMEOUT
                   ) -> DaskPool:
    """The :class:`DaskPool` at ``address`` (the ``--scheduler`` option of a command).

    A malformed address, an unreachable scheduler or a cluster that cannot run this workbook
    is bad input: :class:`~model.errors.UserInputError` with one line, ``--scheduler ADDRESS: why``.
    """
    check_address(address)
    try:
        return DaskPool(address, workers, connect_timeout=connect_timeout)
    except ClusterUnusable as exc:
        raise UserInputError(f"--scheduler {address}: {exc}") from None

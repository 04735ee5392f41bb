"""Tests of model.runs.pools: order, errors, timeouts and lost workers, for every pool kind.

The jobs are small functions of this module (spawned workers import it by name).
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from model.runs.pools import (JobTimedOut, LocalPool, RemoteTraceback, SerialPool, WorkerLost, default_workers,
                              ordered)


def square_after(x: int, seconds: float) -> int:
    time.sleep(seconds)
    return x * x


def fail(message: str) -> None:
    raise ValueError(message)


def die(code: int) -> None:
    os._exit(code)


def hang_with_a_child(pid_file: str) -> None:
    """Start a process in its own session (as a Jupyter kernel is started), then hang."""
    child = subprocess.Popen(["sleep", "600"], start_new_session=True)
    Path(pid_file).write_text(str(child.pid), encoding="utf-8")
    time.sleep(600)


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_ordered_gives_results_in_submission_order_whatever_finishes_first():
    # the first job sleeps longest, so the workers finish them roughly in reverse order
    argsets = [(x, 0.05 * (6 - x)) for x in range(6)]
    with LocalPool(2) as pool:
        assert list(ordered(pool, square_after, argsets)) == [0, 1, 4, 9, 16, 25]
    with SerialPool() as pool:
        assert list(ordered(pool, square_after, [(x, 0.0) for x in range(6)])) == [0, 1, 4, 9, 16, 25]


def test_an_error_in_a_job_comes_back_with_the_workers_traceback():
    with LocalPool(1) as pool:
        job = pool.submit(fail, "fixture: this job raises")
        while not job.done:
            pool.poll(1.0)
        assert isinstance(job.error, ValueError) and str(job.error) == "fixture: this job raises"
        assert isinstance(job.error.__cause__, RemoteTraceback)
        assert "in fail" in str(job.error.__cause__)
        with pytest.raises(ValueError, match="fixture"):
            job.result()
        # the worker survived its job's error
        assert list(ordered(pool, square_after, [(4, 0.0)])) == [16]


def test_a_job_past_its_timeout_is_killed_with_the_processes_it_started(tmp_path):
    pid_file = tmp_path / "child.pid"
    with LocalPool(1) as pool:
        job = pool.submit(hang_with_a_child, str(pid_file), timeout=3, tag="hung")
        while not job.done:
            pool.poll(1.0)
        assert isinstance(job.error, JobTimedOut)
        assert str(job.error) == "timed out after 3 s; worker killed"
        assert job.tag == "hung" and job.seconds > 3
        child = int(pid_file.read_text(encoding="utf-8"))
        deadline = time.monotonic() + 10
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(child), "the hung job's child process outlived its worker"
        # a fresh worker took the slot
        assert list(ordered(pool, square_after, [(5, 0.0)])) == [25]


def test_a_worker_that_dies_is_reported_lost_and_replaced():
    with LocalPool(1) as pool:
        job = pool.submit(die, 3)
        while not job.done:
            pool.poll(1.0)
        assert isinstance(job.error, WorkerLost)
        assert str(job.error) == "worker process died (exit code 3)"
        assert list(ordered(pool, square_after, [(6, 0.0)])) == [36]


def test_jobs_wait_for_a_free_worker_and_their_clock_starts_when_they_start():
    with LocalPool(1) as pool:
        first = pool.submit(square_after, 1, 0.5)
        second = pool.submit(square_after, 2, 0.0)
        assert pool.pending() == 2 and pool.running() == [first] and second.started is None
        while pool.pending():
            pool.poll(1.0)
        assert second.started >= first.finished
        assert (first.value, second.value) == (1, 4)


def test_serial_pool_refuses_a_timeout_it_cannot_enforce():
    with SerialPool() as pool, pytest.raises(ValueError, match="timeout"):
        pool.submit(square_after, 1, 0.0, timeout=5)


def test_a_pool_needs_a_worker():
    with pytest.raises(ValueError):
        LocalPool(0)
    assert default_workers() >= 1

"""Batch reports against the naive papermill loop, in one run on the same scenarios.

(a) the loop a user writes first: one ``papermill`` command-line call per
    scenario executing ``notebooks/report.ipynb`` with ``-p pdf False`` (the
    notebook runs the model and draws the charts, no PDF is written);
(b) ``python -m model batch --reports``: the same notebook through warm
    kernels in worker processes, PDFs included;
(c) one report on its own: ``python -m model report SCENARIO``.

Prints reports per second of (a) and (b), their ratio, the single-report time,
and where a report's time goes (measured in this process after a warm-up:
model runs, charts, Typst).

With ``--pools`` it compares instead the batch's local pool
(:class:`model.runs.pools.LocalPool`, hand-written) with the alternatives that
can stop one task (``pebble``'s ``ProcessPool``, when installed, and a Dask
``LocalCluster``), on

(d) the same batch with PDFs (seconds, a Dask cluster's start included), and
(e) a hung task that started a process in its own session, as a report's
    kernel is started, with a 2 s timeout: when the timeout is reported, when
    the next task is done on a fresh worker, and whether the hung task's child
    process outlived its worker.

``concurrent.futures`` and ``loky`` are left out: neither can stop one running
task.  Usage::

    .venv/bin/python benchmarks/batch_vs_papermill.py [--scenarios N] [--workers N] [--pools]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def naive_loop(files: list[Path], out: Path) -> float:
    """(a) one papermill command per scenario; returns seconds."""
    papermill = Path(sys.executable).parent / "papermill"
    started = time.perf_counter()
    for f in files:
        subprocess.run([str(papermill), str(ROOT / "notebooks" / "report.ipynb"), str(out / f"{f.stem}.ipynb"),
                        "-k", "urad-rear", "--no-progress-bar", "-p", "scenario", str(f.resolve()),
                        "-p", "out_dir", str(out), "-p", "name", f.stem, "-p", "pdf", "False"],
                       check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def batch(files: list[Path], out: Path, workers: int | None) -> tuple[float, dict]:
    """(b) python -m model batch --reports; returns seconds and the batch manifest."""
    cmd = [sys.executable, "-m", "model", "batch", *map(str, files), "--out", str(out), "--reports",
           "--quiet", "--force"] + (["--workers", str(workers)] if workers else [])
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    return seconds, json.loads((out / "batch-manifest.json").read_text(encoding="utf-8"))


def single(file: Path, out: Path) -> float:
    """(c) python -m model report SCENARIO; returns seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "model", "report", str(file), "--out", str(out)], check=True,
                   capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def breakdown(file: Path, repeats: int = 3) -> dict[str, float]:
    """Median seconds of each step of one report in a warm process."""
    from model.reporting.pdf import render_pdf
    from model.reporting.report import baseline_path, scenario_report_content
    from model.runs.runner import run_scenarios
    from model.scenarios import load_scenarios

    steps: dict[str, list[float]] = {"load and run the model": [], "content and charts (matplotlib SVG)": [],
                                     "Typst PDF": []}
    for _ in range(repeats + 1):  # the first round warms caches and is dropped
        t0 = time.perf_counter()
        s, base = load_scenarios([file, baseline_path()])
        output = run_scenarios([s, base])
        t1 = time.perf_counter()
        content = scenario_report_content(output, 0, 1, base, "zh")
        t2 = time.perf_counter()
        render_pdf(content)
        t3 = time.perf_counter()
        for key, dt in zip(steps, (t1 - t0, t2 - t1, t3 - t2)):
            steps[key].append(dt)
    return {k: statistics.median(v[1:]) for k, v in steps.items()}


# --------------------------------------------------------------------------- the local pool and its alternatives

def hang_with_a_child(pid_file: str) -> None:
    """A hung report: a process started in its own session (as a Jupyter kernel is), then no end."""
    child = subprocess.Popen(["sleep", "600"], start_new_session=True)
    Path(pid_file).write_text(str(child.pid), encoding="utf-8")
    time.sleep(600)


def quick() -> int:
    return 1


def _pebble_pool_class():
    """A pool with LocalPool's interface on pebble's ProcessPool, or None when pebble is not installed."""
    try:
        import pebble
    except ImportError:
        return None
    import concurrent.futures as cf
    import multiprocessing as mp

    from model.runs.pools import Job, JobTimedOut, WorkerLost

    class PebblePool:
        def __init__(self, workers: int, *, initializer=None, finalizer=None):
            self.capacity = workers
            self.pool = pebble.ProcessPool(max_workers=workers, initializer=initializer,
                                           context=mp.get_context("spawn"))
            self.jobs: dict = {}

        def submit(self, fn, *args, timeout=None, tag=None):
            job = Job(fn, args, timeout, tag, started=time.monotonic())
            self.jobs[self.pool.schedule(fn, args=args, timeout=timeout)] = job
            return job

        def pending(self) -> int:
            return len(self.jobs)

        def poll(self, wait_seconds: float = 0.0) -> list:
            done = cf.wait(list(self.jobs), timeout=wait_seconds, return_when=cf.FIRST_COMPLETED)[0]
            finished = []
            for future in done:
                job = self.jobs.pop(future)
                try:
                    job.finish(value=future.result())
                except cf.TimeoutError:
                    job.finish(error=JobTimedOut(job.timeout))
                except pebble.ProcessExpired as exc:
                    job.finish(error=WorkerLost(str(exc)))
                except Exception as exc:  # noqa: BLE001 - the job's error
                    job.finish(error=exc)
                finished.append(job)
            return finished

        def __enter__(self):
            return self

        def __exit__(self, exc_type, *_):
            (self.pool.stop if exc_type else self.pool.close)()
            self.pool.join()

    return PebblePool


@contextlib.contextmanager
def _local_cluster(workers: int):
    """A Dask LocalCluster of ``workers`` single-thread processes; yields its address."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _alive(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def hung_task(make_pool) -> dict[str, object]:
    """(e) seconds until the timeout is reported and until the next task is done; the child's fate."""
    with tempfile.TemporaryDirectory(prefix="urad-bench-") as tmp, make_pool() as pool:
        pid_file = Path(tmp) / "child.pid"
        started = time.monotonic()
        hung, after = pool.submit(hang_with_a_child, str(pid_file), timeout=2), pool.submit(quick)
        seen: dict[str, float] = {}
        while pool.pending():
            for job in pool.poll(0.05):
                seen["timeout" if job is hung else "next"] = time.monotonic() - started
        child = int(pid_file.read_text(encoding="utf-8"))
        time.sleep(2)
        survived = _alive(child)
        if survived:
            os.kill(child, 9)
    return {**seen, "child outlived its worker": survived}


def compare_pools(files: list[Path], workers: int) -> None:
    """(d) and (e) for the hand-written local pool, pebble (if installed) and a Dask LocalCluster."""
    import model.execution.batch as batch_module
    from model.runs.pools import LocalPool

    pebble_pool = _pebble_pool_class()
    local = {"LocalPool (hand-written)": LocalPool, **({"pebble ProcessPool": pebble_pool} if pebble_pool else {})}
    print(f"(d) batch --reports of {len(files)} scenarios on {workers} workers; load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="urad-bench-") as tmp:
        for name, pool_class in local.items():
            batch_module.LocalPool = pool_class
            started = time.perf_counter()
            run = batch_module.run_batch(files, Path(tmp) / name, workers=workers, reports=True, progress=False)
            print(f"    {name:<34} {time.perf_counter() - started:7.2f} s  exit status {run.exit_status}")
        batch_module.LocalPool = LocalPool
        started = time.perf_counter()
        with _local_cluster(workers) as address:
            run = batch_module.run_batch(files, Path(tmp) / "dask", scheduler=address, reports=True,
                                         progress=False)
        print(f"    {'Dask LocalCluster (start included)':<34} {time.perf_counter() - started:7.2f} s  "
              f"exit status {run.exit_status}")
    print(f"(e) a hung task with a child process, timeout 2 s; load {os.getloadavg()[0]:.1f}")
    makers = {name: (lambda c=pool_class: c(1)) for name, pool_class in local.items()}
    makers["Dask LocalCluster"] = _dask_pool_on_a_new_cluster
    for name, make in makers.items():
        r = hung_task(make)
        print(f"    {name:<34} timeout reported {r['timeout']:5.2f} s, next task done {r['next']:5.2f} s, "
              f"child outlived its worker: {'yes' if r['child outlived its worker'] else 'no'}")


@contextlib.contextmanager
def _dask_pool_on_a_new_cluster():
    from model.runs.dask_pool import DaskPool

    with _local_cluster(1) as address, DaskPool(address) as pool:
        yield pool


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=None, help="use the first N shipped scenarios")
    parser.add_argument("--workers", type=int, default=None, help="batch workers (default: cores)")
    parser.add_argument("--pools", action="store_true",
                        help="compare the local pool with pebble and a Dask LocalCluster instead")
    args = parser.parse_args()
    files = sorted((ROOT / "scenarios").glob("*.yaml"))[: args.scenarios]
    n = len(files)
    if args.pools:
        from model.runs.pools import default_workers

        compare_pools(files, args.workers or default_workers())
        return 0
    with tempfile.TemporaryDirectory(prefix="urad-bench-") as tmp:
        tmp_path = Path(tmp)
        for d in ("a", "b", "c"):
            (tmp_path / d).mkdir()
        t_naive = naive_loop(files, tmp_path / "a")
        t_batch, manifest = batch(files, tmp_path / "b", args.workers)
        t_single = single(files[0], tmp_path / "c")
        pdfs = len(list((tmp_path / "b").glob("*/*.pdf")))
    per_task = [s["seconds"] for s in manifest["scenarios"] if s["status"] == "done"]
    steps = breakdown(files[0])
    rate_naive, rate_batch = n / t_naive, n / t_batch
    print(f"scenarios: {n}; cores: {os.cpu_count()}; batch executor: {manifest['executor']}")
    print(f"(a) naive papermill loop, no PDF : {t_naive:7.2f} s  {rate_naive:6.3f} reports/s "
          f"({t_naive / n:.2f} s per report)")
    print(f"(b) model batch --reports (PDFs): {t_batch:7.2f} s  {rate_batch:6.3f} reports/s "
          f"({pdfs} PDFs; {statistics.mean(per_task):.2f} s per report inside a worker)")
    print(f"ratio (b)/(a) throughput         : {rate_batch / rate_naive:6.2f}x")
    print(f"(c) one report, python -m model report: {t_single:.2f} s")
    print("one report in a warm process (median of 3):")
    for key, value in steps.items():
        print(f"    {key:<38} {value:6.3f} s")
    print(f"    {'total':<38} {sum(steps.values()):6.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``--scheduler`` on a Dask cluster started the standard way, outside the project folder.

A scheduler and workers are started as a user starts them, ``.venv/bin/dask scheduler`` and
``.venv/bin/dask worker ADDRESS``, in a temporary folder, without ``PYTHONPATH``: they import
the workbook only because ``make`` installed it into the venv.  The commands run the same way
(``.venv/bin/python -m model ...`` from another folder).  Everything listens on 127.0.0.1 only;
every wait is bounded; the test tears its processes down (SIGTERM to their process groups,
SIGKILL after 20 s).

What is checked: an ensemble and a batch through the cluster write the same bytes as on this
machine alone; an unreachable scheduler, a cluster whose worker lacks the package and one whose
worker runs another version of the workbook each end in one line on stderr, exit status 2, no
traceback, and nothing written.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIOS
from tests.servers import free_port, stop_group, wait_for_port

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
#: Seconds any one step may take before the test gives up (starting a cluster, one command).
BOUND = 180
ENSEMBLE_FILES = ("draws.parquet", "results.parquet", "summary.csv", "probabilities.csv")
RUN_FILES = ("results.csv", "targets.csv", "diagnostics.csv")

#: A ``dask worker`` as on a machine where the workbook is not installed: the venv's editable
#: finder for ``model`` is taken out before the worker starts (run without a nanny, whose worker
#: process would start afresh with the finder).
WITHOUT_WORKBOOK = """
import sys
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path_hooks[:] = [h for h in sys.path_hooks if not getattr(h, "__module__", "").startswith("__editable__")]
sys.path_importer_cache.clear()
from distributed.cli.dask_worker import main
sys.argv[0] = "dask worker"
main()
"""


def _env(**extra: str) -> dict[str, str]:
    """This environment without PYTHONPATH (and without the venv's prompt variables)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**env, **extra}


class Cluster:
    """A ``dask scheduler`` and workers as subprocesses in ``folder``; ``address`` once it is up."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.procs: list[subprocess.Popen] = []
        self.address = ""

    def _start(self, args: list[str], log: str, env: dict[str, str]) -> None:
        with open(self.folder / log, "wb") as out:
            self.procs.append(subprocess.Popen(args, cwd=self.folder, env=env, stdout=out, stderr=subprocess.STDOUT,
                                               start_new_session=True))

    def scheduler(self) -> Cluster:
        port = free_port()
        self._start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard",
                     "--idle-timeout", "600"], "scheduler.log", _env())
        self.address = f"tcp://127.0.0.1:{port}"
        wait_for_port(port, self.procs[-1], self.folder / "scheduler.log", BOUND)
        return self

    def workers(self, n: int, *, command: list[str] | None = None, env: dict[str, str] | None = None,
                nanny: bool = True) -> Cluster:
        """Start ``n`` worker processes (one thread each) and wait until the scheduler has them."""
        from distributed import Client

        args = (command or [str(BIN / "dask"), "worker"]) + [
            self.address, "--nworkers", str(n), "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard",
            "--nanny" if nanny else "--no-nanny"]
        self._start(args, f"workers-{len(self.procs)}.log", env or _env())
        with Client(self.address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(n, timeout=BOUND)
        return self

    def worker_pids(self) -> set[int]:
        """Process ids of the workers (as the scheduler knows them)."""
        from distributed import Client

        with Client(self.address, timeout="30s", set_as_default=False) as client:
            return set(client.run(os.getpid).values())

    def stop(self) -> None:
        for p in reversed(self.procs):  # workers first, then the scheduler
            stop_group(p)


def _workbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m model ARGS`` from ``cwd`` (outside the project), without PYTHONPATH."""
    return subprocess.run([sys.executable, "-m", "model", *args], cwd=cwd, env=_env(), capture_output=True,
                          text=True, timeout=BOUND)


def _assert_one_line_refusal(done: subprocess.CompletedProcess, *fragments: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: --scheduler tcp://127.0.0.1:")
    assert "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two workers started the standard way in a temporary folder."""
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        yield c.scheduler().workers(2)
    finally:
        c.stop()


# --------------------------------------------------------------------------- the same bytes

def test_an_ensemble_on_the_cluster_writes_the_same_bytes_as_on_this_machine(cluster, tmp_path):
    scenario = str(SCENARIOS / "baseline.yaml")
    common = ["ensemble", scenario, "--draws", "3000", "--seed", "11", "--chunk-size", "700", "--no-progress"]
    local = _workbook(*common, "--out", str(tmp_path / "local"), cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    on_cluster = _workbook(*common, "--out", str(tmp_path / "dask"), "--scheduler", cluster.address, cwd=tmp_path)
    assert on_cluster.returncode == 0, on_cluster.stderr
    for name in ENSEMBLE_FILES:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dask_workers"] == 2


def test_a_batch_on_the_cluster_writes_the_same_bytes_as_on_this_machine(cluster, tmp_path):
    files = [str(SCENARIOS / f) for f in ("baseline.yaml", "services-led.yaml", "slower-industry.yaml")]
    local = _workbook("batch", *files, "--out", str(tmp_path / "local"), "--workers", "1", "--no-progress", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    on_cluster = _workbook("batch", *files, "--out", str(tmp_path / "dask"), "--scheduler", cluster.address,
                           "--no-progress", cwd=tmp_path)
    assert on_cluster.returncode == 0, on_cluster.stderr
    for sid in ("baseline", "services-led", "slower-industry"):
        for name in RUN_FILES:
            assert (tmp_path / "dask" / sid / name).read_bytes() == (tmp_path / "local" / sid / name).read_bytes()
    assert (tmp_path / "dask" / "results.csv").read_bytes() == (tmp_path / "local" / "results.csv").read_bytes()
    manifest = json.loads((tmp_path / "dask" / "batch-manifest.json").read_text(encoding="utf-8"))
    assert manifest["executor"] == f"Dask scheduler {cluster.address}"
    # the scenarios ran in the workers' processes (a task records host:pid of its process)
    pids = {int(s["worker"].rsplit(":", 1)[1]) for s in manifest["scenarios"]}
    assert pids and pids <= cluster.worker_pids()


# --------------------------------------------------------------------------- refusals

def test_an_unreachable_scheduler_is_one_line_and_nothing_is_written(tmp_path):
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    for command in (["ensemble", str(SCENARIOS / "baseline.yaml"), "--draws", "100", "--no-progress"],
                    ["batch", str(SCENARIOS / "baseline.yaml"), "--no-progress"]):
        out = tmp_path / command[0]
        done = _workbook(*command, "--out", str(out), "--scheduler", address, cwd=tmp_path)
        _assert_one_line_refusal(done, f"cannot reach a Dask scheduler at {address}")
        assert not out.exists()


def test_a_worker_without_the_workbook_is_refused_in_one_line(tmp_path):
    script = tmp_path / "worker_without_workbook.py"
    script.write_text(WITHOUT_WORKBOOK, encoding="utf-8")
    c = Cluster(tmp_path / "bare")
    try:
        c.scheduler().workers(1, command=[sys.executable, str(script)], nanny=False)
        for command in (["ensemble", str(SCENARIOS / "baseline.yaml"), "--draws", "100", "--no-progress"],
                        ["batch", str(SCENARIOS / "baseline.yaml"), "--no-progress"]):
            out = tmp_path / command[0]
            done = _workbook(*command, "--out", str(out), "--scheduler", c.address, cwd=tmp_path)
            _assert_one_line_refusal(done, "Dask worker tcp://127.0.0.1:",
                                     "cannot run the workbook (ModuleNotFoundError: No module named 'model')",
                                     "docs/cluster.md")
            assert not out.exists()
    finally:
        c.stop()


def test_a_worker_running_another_version_is_refused_in_one_line(tmp_path):
    import model

    other = tmp_path / "other-version"
    shutil.copytree(ROOT / "model", other / "model", ignore=shutil.ignore_patterns("__pycache__"))
    init = other / "model" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace(f'__version__ = "{model.__version__}"',
                                                             '__version__ = "0.0.1"'), encoding="utf-8")
    c = Cluster(tmp_path / "mixed")
    try:
        # the other version comes first on the worker's path, before the venv's editable install
        c.scheduler().workers(1, env=_env(PYTHONPATH=str(other)))
        done = _workbook("ensemble", str(SCENARIOS / "baseline.yaml"), "--draws", "100", "--no-progress",
                         "--out", str(tmp_path / "ens"), "--scheduler", c.address, cwd=tmp_path)
        _assert_one_line_refusal(done, f"runs version 0.0.1 of the workbook, this machine {model.__version__}")
        assert not (tmp_path / "ens").exists()
    finally:
        c.stop()

"""Tests of model.execution (batch, task, tables) and ``python -m model batch``.

Failures are provoked with purpose-built fixtures only: tests/fixtures/batch/
holds two good scenarios, an invalid one and two valid ones (``boom``, ``sleepy``)
that tests/fixtures/batch_failures.py makes raise or hang inside the workers
(a pool initializer handed in by monkeypatching, or a Dask worker plugin);
tests/fixtures/failing_report.ipynb is a report template that fails for the
scenario ``bad-report``.
"""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import model.execution.batch as batch
from model.cli.main import main
from model.execution.batch import run_batch
from model.execution.tables import BATCH_MANIFEST, SUMMARY_CSV, gather_results, write_excel
from model.execution.task import DONE, FAILED, SKIPPED, TIMED_OUT
from model.runs.pools import LocalPool
from model.core.parameter import THEMES
from model.core.simulate import VARIABLES
from model.core.timeline import N_YEARS
from tests.conftest import PYTHON, ROOT, SCENARIOS, run_cli
from tests.fixtures.batch_failures import dask_plugin, inject_failures

FIXTURES = ROOT / "tests" / "fixtures"
BATCH = FIXTURES / "batch"
#: --timeout of the tests with a hanging scenario: the hung task is killed after this long, while
#: a good task, on a fresh worker that still imports the package, fits even on a busy machine.
TIMEOUT = 15


class _FailingPool(LocalPool):
    """The batch's local pool, its workers primed to make ``boom`` raise and ``sleepy`` hang."""

    def __init__(self, workers: int, **options):
        super().__init__(workers, **{**options, "initializer": inject_failures})


def _manifest(out: Path) -> dict:
    return json.loads((out / BATCH_MANIFEST).read_text(encoding="utf-8"))


def _status(manifest: dict) -> dict[str, str]:
    return {Path(s["file"]).stem: s["status"] for s in manifest["scenarios"]}


# --------------------------------------------------------------------------- failures contained

@pytest.mark.slow
def test_batch_contains_invalid_raising_and_hanging_scenarios(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    monkeypatch.setattr(batch, "LocalPool", _FailingPool)
    status = main(["batch", str(BATCH), "--out", str(out), "--workers", "2", "--timeout", str(TIMEOUT)])
    r = capsys.readouterr()
    assert status == 1, r.err  # returned at all: the hanging worker was killed (it sleeps 600 s)
    manifest = _manifest(out)
    assert _status(manifest) == {"good-a": DONE, "good-b": DONE, "invalid": FAILED, "boom": FAILED,
                                 "sleepy": TIMED_OUT}
    errors = {Path(s["file"]).stem: s["error"] for s in manifest["scenarios"]}
    assert "growth_of_nothing" in errors["invalid"] and "unknown parameter" in errors["invalid"]
    assert "RuntimeError: fixture: this scenario's run raises" in errors["boom"]
    assert f"timed out after {TIMEOUT} s" in errors["sleepy"]
    assert manifest["counts"] == {DONE: 2, SKIPPED: 0, FAILED: 2, TIMED_OUT: 1}
    # outputs of the good ones are complete; nothing of the failed ones
    for sid in ("good-a", "good-b"):
        files = json.loads((out / sid / "manifest.json").read_text(encoding="utf-8"))["files"]
        assert all((out / sid / f).is_file() for f in files)
    assert not any((out / sid).exists() for sid in ("invalid", "boom", "sleepy"))
    assert not [p for p in out.iterdir() if p.name.startswith(".tmp-")]
    # summary table: one row per scenario
    with open(out / SUMMARY_CSV, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["status"] for r in rows) == sorted([DONE, DONE, FAILED, FAILED, TIMED_OUT])
    # gathered long table: both good scenarios, every variable and year
    table = pd.read_csv(out / "results.csv")
    assert set(table["scenario"]) == {"good-a", "good-b"}
    assert len(table) == 2 * len(VARIABLES) * N_YEARS
    # the progress bar counts done and failed on one line (stderr is not a TTY here)
    assert "failed 3" in r.err
    # stdout names each failure with its error
    assert "timed out" in r.out and "fixture: this scenario's run raises" in r.out


def test_missing_path_is_invalid_input(tmp_path):
    out = tmp_path / "out"
    r = run_cli("batch", str(tmp_path / "nowhere"), "--out", str(out))
    assert r.returncode == 2
    assert "file not found" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_bad_option_is_invalid_input(tmp_path):
    r = run_cli("batch", str(BATCH / "good-a.yaml"), "--workers", "0", "--out", str(tmp_path / "o"))
    assert r.returncode == 2
    assert "--workers" in r.stderr


def test_rerun_skips_current_outputs_and_force_reruns(tmp_path):
    out = tmp_path / "out"
    first = run_batch([BATCH / "good-a.yaml", BATCH / "good-b.yaml"], out, workers=1, progress=False)
    assert [r.status for r in first.results] == [DONE, DONE] and first.exit_status == 0
    again = run_batch([BATCH / "good-a.yaml", BATCH / "good-b.yaml"], out, workers=1, progress=False)
    assert [r.status for r in again.results] == [SKIPPED, SKIPPED]
    assert again.executor.startswith("none")
    forced = run_batch([BATCH / "good-a.yaml"], out, workers=1, progress=False, force=True)
    assert [r.status for r in forced.results] == [DONE]
    # the gathered table holds only the scenarios of this batch
    assert set(pd.read_csv(out / "results.csv")["scenario"]) == {"good-a"}


def test_excel_has_a_data_sheet_and_one_sheet_per_theme_in_iamc_layout(tmp_path):
    run = run_batch([BATCH / "good-a.yaml"], tmp_path, workers=1, progress=False)
    assert run.exit_status == 0
    book = openpyxl.load_workbook(tmp_path / "results.xlsx", read_only=True)
    themes = {v.theme for v in VARIABLES.values()}
    assert book.sheetnames[0] == "data"
    assert set(book.sheetnames[1:]) == {THEMES[t][1][:31] for t in themes}
    sheet = book[THEMES["economy"][1]]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:5] == ["model", "scenario", "region", "variable", "unit"]
    assert header[5:] == [str(y) for y in range(2020, 2036)]
    # GDP in 2020 is the plan's 67.61 亿元 (专栏1) in every scenario
    rows = {r[3]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["GDP"][5] == pytest.approx(67.61, abs=1e-6)


def test_gather_and_write_excel_of_nothing(tmp_path):
    table = gather_results([])
    assert list(table.columns) == ["model", "scenario", "region", "variable", "unit", "year", "value"]
    write_excel(table, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert book.sheetnames == ["data"]
    assert [c.value for c in book["data"][1]] == ["model", "scenario", "region", "variable", "unit"]


# --------------------------------------------------------------------------- reports in a batch

@pytest.mark.slow
def test_batch_reports_keep_the_failed_notebook(tmp_path):
    run = run_batch([BATCH / "good-a.yaml", FIXTURES / "batch-extra" / "bad-report.yaml"], tmp_path,
                    workers=2, reports=True, progress=False,
                    notebook=FIXTURES / "failing_report.ipynb")
    status = {r.scenario_id: r for r in run.results}
    assert status["good-a"].status == DONE
    assert {Path(o).name for o in status["good-a"].outputs} >= {"good-a.pdf", "good-a.ipynb"}
    assert (tmp_path / "good-a" / "good-a.pdf").read_bytes().startswith(b"%PDF")
    assert status["bad-report"].status == FAILED
    kept = tmp_path / "failed" / "bad-report.ipynb"
    assert status["bad-report"].outputs == [str(kept)] and kept.is_file()
    assert "fixture: this report fails" in status["bad-report"].error
    assert not (tmp_path / "bad-report").exists()
    assert run.exit_status == 1


# --------------------------------------------------------------------------- interruption

def _complete_pdfs_only(out: Path) -> list[Path]:
    """Every PDF outside temporary names belongs to a complete folder and parses."""
    pdfs = [p for p in out.rglob("*.pdf") if not any(part.startswith(".tmp-") for part in p.parts)]
    for pdf in pdfs:
        manifest = json.loads((pdf.parent / "manifest.json").read_text(encoding="utf-8"))
        assert pdf.name in manifest["files"]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        assert info.returncode == 0, info.stderr
    return pdfs


@pytest.mark.slow
def test_killed_batch_leaves_complete_files_and_rerun_finishes_the_rest(tmp_path):
    out = tmp_path / "out"
    files = [str(SCENARIOS / f) for f in ("baseline.yaml", "services-led.yaml", "slower-industry.yaml",
                                         "plan-consistent.yaml")]
    proc = subprocess.Popen([PYTHON, "-m", "model", "batch", *files, "--out", str(out), "--workers", "1",
                             "--reports", "--no-progress"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*/manifest.json")):
        time.sleep(0.1)
    assert list(out.glob("*/manifest.json")), "no scenario finished in time"
    time.sleep(0.5)  # let the next report get under way
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    time.sleep(2.5)  # the worker dies with its parent, the kernel follows within a second
    finished_before = {p.parent.name for p in out.glob("*/manifest.json")}
    assert 1 <= len(finished_before) < 4
    assert len(_complete_pdfs_only(out)) == len(finished_before)
    assert not (out / BATCH_MANIFEST).exists()  # written only when the batch completes

    rerun = run_batch(files, out, workers=1, reports=True, progress=False)
    status = {r.scenario_id: r.status for r in rerun.results}
    assert {s for s, v in status.items() if v == SKIPPED} == finished_before
    assert {s for s, v in status.items() if v == DONE} == {"baseline", "services-led", "slower-industry",
                                                             "plan-consistent"} - finished_before
    assert len(_complete_pdfs_only(out)) == 4
    assert not [p for p in out.rglob(".tmp-*")]


# --------------------------------------------------------------------------- Dask

@pytest.mark.slow
def test_batch_through_a_dask_scheduler_address(tmp_path, monkeypatch):
    from distributed import Client, LocalCluster

    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the workers import the fixture (tests/ is not installed)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.register_plugin(dask_plugin())  # also reaches the worker restarted after the timeout
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        run = run_batch([BATCH / "good-a.yaml", BATCH / "boom.yaml", BATCH / "sleepy.yaml",
                         BATCH / "good-b.yaml"], tmp_path, scheduler=address, timeout=TIMEOUT,
                        progress=False)
    status = {r.scenario_id: r.status for r in run.results}
    assert status == {"good-a": DONE, "boom": FAILED, "sleepy": TIMED_OUT, "good-b": DONE}
    assert run.executor == f"Dask scheduler {address}"
    assert _manifest(tmp_path)["executor"] == f"Dask scheduler {address}"
    # the task ran in the Dask worker process, not here
    worker = next(r.worker for r in run.results if r.scenario_id == "good-a")
    assert worker and not worker.endswith(f":{os.getpid()}")
    assert set(pd.read_csv(tmp_path / "results.csv")["scenario"]) == {"good-a", "good-b"}


def test_unreachable_scheduler_is_invalid_input(tmp_path):
    r = run_cli("batch", str(BATCH / "good-a.yaml"), "--out", str(tmp_path), "--scheduler", "nonsense")
    assert r.returncode == 2 and "--scheduler" in r.stderr


def test_batch_does_not_overwrite_a_users_table(tmp_path):
    (tmp_path / "results.csv").write_text("my own numbers\n", encoding="utf-8")
    r = run_cli("batch", str(BATCH / "good-a.yaml"), "--out", str(tmp_path))
    assert r.returncode == 2 and "results.csv: exists and was not written" in r.stderr
    assert (tmp_path / "results.csv").read_text(encoding="utf-8") == "my own numbers\n"
    assert not (tmp_path / "good-a").exists()


def test_tables_read_during_the_batch_are_joined_in_the_order_of_the_folders(tmp_path):
    # two scenarios' results.csv; the second read early (as the batch does when its task is done),
    # the first read at the end: the combined table is the same as reading both at the end, in
    # the folders' order
    import pandas as pd

    from model.execution.tables import ResultsReader

    folders = [tmp_path / "a", tmp_path / "b"]
    for folder, value in zip(folders, (1.0, 2.0)):
        folder.mkdir()
        pd.DataFrame({"model": ["m"], "scenario": [folder.name], "region": ["r"], "variable": ["GDP"],
                      "unit": ["亿元"], "year": [2020], "value": [value]}).to_csv(folder / "results.csv", index=False)
    reader = ResultsReader()
    reader.add(folders[1])
    reader.add(tmp_path / "missing")  # a folder without results.csv is left out, not an error
    joined = gather_results(folders, reader.tables)
    assert list(joined["scenario"]) == ["a", "b"] and list(joined["value"]) == [1.0, 2.0]
    assert joined.equals(gather_results(folders))

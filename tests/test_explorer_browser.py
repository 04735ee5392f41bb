"""The explorer in a real browser: Voila serves notebooks/explorer.ipynb, Debian's chromium drives it.

Playwright drives ``/usr/bin/chromium`` (never ``playwright install``;
``../shared/reference/toolchain.md``).  The test moves a real slider with the
keyboard, waits for the chart image to change, and checks that the chart and
the scorecard show what the model gives for the new setting.  The server is
started in its own process group and killed by its id even when the test fails.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.core import REGISTRY
from model.text import format_number
from model.explorer.inputs import Display
from model.runs.runner import run_scenarios
from model.scenarios import SCENARIO_DIR, Scenario, load_scenario

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
KERNEL = "urad-rear"
#: The slider the test moves: an assumption of the economy tab (open when the page loads).
PARAMETER = "va_2020_mining"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason="Debian chromium missing (make test installs it)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ensure_kernel() -> None:
    """The project's kernel inside the venv (what `make kernel` does), installed when missing."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL not in KernelSpecManager().find_kernel_specs():
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", sys.prefix,
                        "--name", KERNEL, "--display-name", "Python (Urad Rear workbook)"],
                       check=True, capture_output=True)


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop the server's process group (the server and its kernels) by its id."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextlib.contextmanager
def _serve(command: list[str], tmp_path: Path, name: str) -> Iterator[int]:
    """Run a server on a free port of 127.0.0.1 in its own process group; kill the group after."""
    _ensure_kernel()
    port = _free_port()
    tmp = tmp_path / f"{name}-tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}
    log_path = tmp_path / f"{name}.log"
    log = log_path.open("wb")
    proc = subprocess.Popen([*command, f"--port={port}"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:  # the port accepts connections: the server is up (GET / would run the notebook)
                with socket.create_connection(("127.0.0.1", port), timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start:\n"
                                       + log_path.read_text(errors="replace")[-3000:])
                time.sleep(0.3)
        yield port
    finally:
        _kill_group(proc)
        log.close()


@pytest.fixture
def voila_url(tmp_path: Path) -> Iterator[str]:
    voila = Path(sys.executable).parent / "voila"
    with _serve([str(voila), "--no-browser", "--Voila.ip=127.0.0.1", "--theme=light",
                 "--strip_sources=True", "notebooks/explorer.ipynb"], tmp_path, "voila") as port:
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture
def lab_url(tmp_path: Path) -> Iterator[str]:
    # JupyterLab serves a copy of the notebook, so its autosave never touches the project's file
    folder = tmp_path / "lab-root" / "notebooks"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "explorer.ipynb", folder)
    jupyter = Path(sys.executable).parent / "jupyter"
    with _serve([str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", "--allow-root",
                 "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={folder.parent}",
                 "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
                tmp_path, "lab") as port:
        yield f"http://127.0.0.1:{port}/lab/tree/notebooks/explorer.ipynb"


def _expected_after_one_step() -> tuple[float, dict[str, str]]:
    """The slider's value after one ArrowRight, and the model's scorecard values for it."""
    p = REGISTRY[PARAMETER]
    base = load_scenario(SCENARIO_DIR / "baseline.yaml")
    value = float(base.resolved()[PARAMETER]) + Display.of(p).step
    child = Scenario("check", "检查", "check", parent=base, assumptions={PARAMETER: value})
    out = run_scenarios([child])
    return value, {r["target"]: format_number(r["value"]) for r in out.scorecard.rows(0, "zh")}


def _launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def _move_slider_and_check(page, shot: Path) -> None:
    """Move the slider one step with the keyboard; check chart, readout and scorecard against the model."""
    value, expected = _expected_after_one_step()
    chart = page.locator("img.chart-economy")
    chart.wait_for(state="visible", timeout=90_000)
    page.wait_for_function("document.querySelector('img.chart-economy').naturalWidth > 0",
                           timeout=30_000)
    # the baseline, in Chinese
    body = page.inner_text("body")
    assert "乌拉特后旗“十四五”规划情景探索器" in body
    assert "基准情景" in body and "规划目标记分卡" in body
    cells = page.locator("td.sc-value")
    first_src = chart.get_attribute("src")
    first_png = chart.screenshot()
    before = {c.get_attribute("data-target"): c.get_attribute("data-value") for c in cells.all()}

    handle = page.locator(f".param-{PARAMETER} .noUi-handle")
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "src => document.querySelector('img.chart-economy').getAttribute('src') !== src",
        arg=first_src, timeout=30_000)
    readout = page.locator(f".param-{PARAMETER}-entry input").input_value()
    assert float(readout) == pytest.approx(value)
    # the scorecard shows the model's values for the new setting
    page.wait_for_function(
        "([t, v]) => { const c = document.querySelector(`td.sc-value[data-target='${t}']`);"
        " return c && c.dataset.value === v; }",
        arg=["share_secondary_2025", expected["share_secondary_2025"]], timeout=30_000)
    after = {c.get_attribute("data-target"): c.get_attribute("data-value") for c in cells.all()}
    assert after == {t: v for t, v in expected.items() if t in after}
    assert "share_secondary_2025" in after
    assert after != before
    assert chart.screenshot() != first_png
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000


def test_slider_in_voila_updates_chart_and_scorecard(voila_url, tmp_path):
    from playwright.sync_api import sync_playwright

    shot = Path(os.environ.get("EXPLORER_SCREENSHOT", tmp_path / "explorer-voila.png"))
    with sync_playwright() as pw:
        browser = _launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(voila_url, timeout=60_000)
            _move_slider_and_check(page, shot)
            assert "build_explorer" not in page.inner_text("body")  # no code cells in Voila
            # English is one switch away
            page.locator(".explorer-lang button", has_text="English").click()
            page.wait_for_function("document.body.innerText.includes('Plan scorecard')", timeout=30_000)
            assert "Levers (choices the plan makes)" in page.inner_text("body")
        finally:
            browser.close()


def _run_first_code_cell(page) -> None:
    """Run the notebook's code cell with Shift+Enter, retrying if the key press was lost.

    Right after page load JupyterLab sometimes drops the first key press (the
    editor is not focused yet); the cell's prompt tells whether it ran: "[ ]:"
    means it did not start, "[*]:" or "[1]:" that it did.
    """
    cell = page.locator(".jp-Notebook .jp-CodeCell").first
    prompt = cell.locator(".jp-InputPrompt")
    for _ in range(4):
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function(
                "el => /\\[(\\*|\\d+)\\]/.test(el.textContent)", arg=prompt.element_handle(),
                timeout=10_000)
            return
        except Exception:  # the press was lost: try again
            continue
    raise AssertionError("JupyterLab never started the notebook's code cell")


@pytest.mark.skipif(os.environ.get("URAD_LAB_BROWSER_TEST") != "1",
                    reason="JupyterLab in a browser is opt-in (URAD_LAB_BROWSER_TEST=1): JupyterLab 4 "
                           "renders notebook outputs lazily and drops early key presses, so the test "
                           "fails intermittently on a loaded 2-core machine; the Voila test covers the "
                           "same explorer in every run")
def test_slider_in_jupyterlab_updates_chart_and_scorecard(lab_url, tmp_path):
    from playwright.sync_api import sync_playwright

    shot = Path(os.environ.get("EXPLORER_LAB_SCREENSHOT", tmp_path / "explorer-lab.png"))
    with sync_playwright() as pw:
        browser = _launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(lab_url, timeout=60_000)
            page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=60_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
            page.wait_for_function(
                "() => document.querySelector('.jp-NotebookPanel-toolbar').innerText"
                ".includes('Python (Urad Rear workbook)')", timeout=60_000)
            assert "Python (Urad Rear workbook)" in page.inner_text(".jp-NotebookPanel-toolbar")
            _run_first_code_cell(page)
            _move_slider_and_check(page, shot)
        finally:
            browser.close()

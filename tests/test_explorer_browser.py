"""The explorer in a real browser: Voila serves notebooks/explorer.ipynb, Debian's chromium drives it.

Playwright drives ``/usr/bin/chromium`` (never ``playwright install``;
``../shared/reference/toolchain.md``).  The test moves a real slider with the
keyboard, waits for the chart image to change, and checks that the chart and
the scorecard show what the model gives for the new setting.  The server is
started in its own process group and killed by its id even when the test fails.
"""
from __future__ import annotations

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
from model.display import format_number
from model.explorer.controls import nice_step
from model.runner import run_scenarios
from model.scenario import SCENARIO_DIR, Scenario, load_scenario

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


@pytest.fixture
def voila_url(tmp_path: Path) -> Iterator[str]:
    _ensure_kernel()
    port = _free_port()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    voila = Path(sys.executable).parent / "voila"
    log = (tmp_path / "voila.log").open("wb")
    proc = subprocess.Popen([str(voila), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
                             "--theme=light", "--strip_sources=True", "notebooks/explorer.ipynb"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:  # the port accepts connections: the server is up (GET / would run the notebook)
                with socket.create_connection(("127.0.0.1", port), timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Voila did not start:\n"
                                       + (tmp_path / "voila.log").read_text(errors="replace")[-3000:])
                time.sleep(0.3)
        yield url
    finally:
        _kill_group(proc)
        log.close()


def _expected_after_one_step() -> tuple[float, dict[str, str]]:
    """The slider's value after one ArrowRight, and the model's scorecard values for it."""
    p = REGISTRY[PARAMETER]
    base = load_scenario(SCENARIO_DIR / "baseline.yaml")
    value = float(base.resolved()[PARAMETER]) + (p.step or nice_step(p.lower, p.upper))
    child = Scenario("check", "检查", "check", parent=base, assumptions={PARAMETER: value})
    out = run_scenarios([child])
    return value, {r["target"]: format_number(r["value"]) for r in out.scorecard.rows(0, "zh")}


def test_slider_in_voila_updates_chart_and_scorecard(voila_url, tmp_path):
    from playwright.sync_api import sync_playwright

    value, expected = _expected_after_one_step()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(voila_url, timeout=60_000)
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
            before = {c.get_attribute("data-target"): c.inner_text() for c in cells.all()}

            handle = page.locator(f".param-{PARAMETER} .noUi-handle")
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "src => document.querySelector('img.chart-economy').getAttribute('src') !== src",
                arg=first_src, timeout=30_000)
            readout = page.locator(f".param-{PARAMETER} .widget-readout").inner_text()
            assert float(readout) == pytest.approx(value)
            # the scorecard shows the model's values for the new setting
            page.wait_for_function(
                "([t, v]) => { const c = document.querySelector(`td.sc-value[data-target='${t}']`);"
                " return c && c.innerText.trim() === v; }",
                arg=["share_secondary_2025", expected["share_secondary_2025"]], timeout=30_000)
            after = {c.get_attribute("data-target"): c.inner_text().strip() for c in cells.all()}
            assert after == expected
            assert after != before
            assert chart.screenshot() != first_png
            shot = Path(os.environ.get("EXPLORER_SCREENSHOT", tmp_path / "explorer.png"))
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()

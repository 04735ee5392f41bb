"""The explorer notebook in JupyterLab, in a real browser, as a new user opens it.

JupyterLab is started the plain way, ``.venv/bin/jupyter lab``, from a temporary folder and
without ``PYTHONPATH``: the notebook imports the workbook only because ``make`` installed it
into the venv (issue 12).  Debian's chromium, driven by Playwright (never ``playwright
install``), opens a copy of ``notebooks/explorer.ipynb``, runs its code cell, moves a slider of
the explorer one step with the keyboard and checks the chart and the scorecard against the model.

Reliable under load: every wait is on JupyterLab's own state, read from the application object
(``--LabApp.expose_app_in_browser``), never on a guessed delay or a key press that might be lost:

1. the application has started and the notebook panel is current, its document loaded;
2. the session's kernel is the project's (``urad-rear``) and is idle;
3. the cell runs through JupyterLab's own command (``notebook:run-cell``, what the Run button
   does), whose promise resolves when the kernel has executed it;
4. the cell has an execution count and an output attached (an error output fails the test with
   the kernel's own message);
5. the output's widget view is in the page, its chart image loaded.

The notebook is rendered with ``windowingMode: none`` (a JupyterLab settings override in the
test's own settings folder): every cell and output is attached to the page at once, instead of
JupyterLab 4's lazy rendering of what is out of view.  The server runs in its own process group
and is killed by its id when the test ends, whatever happened.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.core import REGISTRY
from model.explorer.inputs import Display
from model.runs.runner import run_scenarios
from model.scenarios import SCENARIO_DIR, Scenario, load_scenario
from model.text import format_number
from tests.servers import CHROMIUM, CHROMIUM_ARGS, free_port, stop_group, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "urad-rear"
#: The slider the test moves (an assumption of the economy tab, open when the explorer loads).
PARAMETER = "va_2020_mining"
#: The scorecard value the test compares with the model after the step.
TARGET = "share_secondary_2025"
#: Milliseconds any one wait may take (a loaded 2-core machine starts a kernel and the explorer slowly).
WAIT_MS = 240_000
#: JupyterLab settings of the test (one file per plugin, in the test's own settings folder).
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
}

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason="Debian chromium missing (make test installs it)")]


@contextlib.contextmanager
def _jupyterlab(tmp_path: Path) -> Iterator[str]:
    """``.venv/bin/jupyter lab`` from a temporary folder serving a copy of the explorer; its URL."""
    root = tmp_path / "lab-root"
    (root / "notebooks").mkdir(parents=True)
    # a copy, so JupyterLab's autosave never touches the project's notebook
    shutil.copy(ROOT / "notebooks" / "explorer.ipynb", root / "notebooks")
    state = tmp_path / "lab-state"
    for name, values in SETTINGS.items():
        path = state / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(TMPDIR=str(state), JUPYTER_RUNTIME_DIR=str(state / "runtime"),
               JUPYTER_CONFIG_DIR=str(state / "config"), JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"))
    port = free_port()
    log_path = tmp_path / "lab.log"
    jupyter = Path(sys.executable).parent / "jupyter"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(jupyter), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--allow-root",
             "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
             "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_port(port, proc, log_path, WAIT_MS / 1000)
            yield f"http://127.0.0.1:{port}/lab/tree/notebooks/explorer.ipynb"
        finally:
            stop_group(proc)  # JupyterLab and its kernel


def _expected_after_one_step() -> tuple[float, str]:
    """The slider's value after one ArrowRight, and the model's 2025 secondary share for it."""
    p = REGISTRY[PARAMETER]
    base = load_scenario(SCENARIO_DIR / "baseline.yaml")
    value = float(base.resolved()[PARAMETER]) + Display.of(p).step
    child = Scenario("check", "检查", "check", parent=base, assumptions={PARAMETER: value})
    rows = run_scenarios([child]).scorecard.rows(0, "zh")
    return value, next(format_number(r["value"]) for r in rows if r["target"] == TARGET)


# JupyterLab's own state, read from the application object (window.jupyterapp).
NOTEBOOK_READY = """() => {
    const app = window.jupyterapp;
    const panel = app && app.shell.currentWidget;
    if (!panel || !panel.content || !panel.context || !panel.context.isReady) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' ? kernel.name : false;
}"""
RUN_CODE_CELL = """async () => {
    const app = window.jupyterapp;
    const notebook = app.shell.currentWidget.content;
    const index = notebook.widgets.findIndex(c => c.model.type === 'code');
    notebook.activeCellIndex = index;
    const ran = await app.commands.execute('notebook:run-cell');
    return {index: index, ran: ran};
}"""
CELL_DONE = """(index) => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
    return cell.model.executionCount !== null && cell.model.outputs.length > 0;
}"""
CELL_ERRORS = """(index) => {
    const outputs = window.jupyterapp.shell.currentWidget.content.widgets[index].model.outputs.toJSON();
    return outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue);
}"""
CHART_DRAWN = """() => {
    const img = document.querySelector('.jp-Notebook img.chart-economy');
    return !!img && img.complete && img.naturalWidth > 0;
}"""
SCORECARD_SAYS = """([target, value]) => {
    const cell = document.querySelector(`td.sc-value[data-target='${target}']`);
    return !!cell && cell.dataset.value === value;
}"""


def test_the_explorer_runs_in_jupyterlab_started_elsewhere_and_a_slider_step_updates_it(tmp_path):
    from playwright.sync_api import sync_playwright

    value, share = _expected_after_one_step()
    shot = Path(os.environ.get("EXPLORER_LAB_SCREENSHOT", tmp_path / "explorer-lab.png"))
    with _jupyterlab(tmp_path) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url, timeout=WAIT_MS)
            # 1-2: the notebook is open and the project's kernel idle
            page.wait_for_function("() => !!window.jupyterapp && window.jupyterapp.started !== undefined",
                                   timeout=WAIT_MS)
            kernel = page.wait_for_function(NOTEBOOK_READY, timeout=WAIT_MS).json_value()
            assert kernel == KERNEL
            # 3-4: the code cell runs through JupyterLab's command; it has run and has an output
            run = page.evaluate(RUN_CODE_CELL)
            page.wait_for_function(CELL_DONE, arg=run["index"], timeout=WAIT_MS)
            assert page.evaluate(CELL_ERRORS, run["index"]) == []
            assert run["ran"] is True
            # 5: the explorer's view is attached and has drawn its chart
            page.wait_for_function(CHART_DRAWN, timeout=WAIT_MS)
            body = page.inner_text(".jp-Notebook")
            assert "乌拉特后旗“十四五”规划情景探索器" in body and "规划目标记分卡" in body

            # one step of a slider, with the keyboard
            chart = page.locator(".jp-Notebook img.chart-economy")
            before = chart.get_attribute("src")
            handle = page.locator(f".param-{PARAMETER} .noUi-handle")
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "src => document.querySelector('.jp-Notebook img.chart-economy').getAttribute('src') !== src",
                arg=before, timeout=WAIT_MS)
            page.wait_for_function(SCORECARD_SAYS, arg=[TARGET, share], timeout=WAIT_MS)
            readout = page.locator(f".param-{PARAMETER}-entry input").input_value()
            assert float(readout) == pytest.approx(value)
            page.screenshot(path=str(shot), full_page=False)
        finally:
            browser.close()

"""Explorer latency: time from a control change to every visible output updated.

Run from the project folder::

    .venv/bin/python benchmarks/explorer_latency.py [--changes 40]

Both ways are measured in the same run, in this process (the kernel side of
the explorer; the browser adds the websocket and image decode, about
10-30 ms, see tests/test_explorer_browser.py):

* **explorer**: set a slider's value through its widget; the explorer runs
  the model once, moves the artists of the visible chart and blits them
  (model.reporting.charts.BlitRenderer), and re-renders the scorecard, diagnostics and
  changes tables (debounce off, so the change is computed at once);
* **rebuild**: what a straightforward notebook does on each change: run the
  model, build every theme's figure from scratch, draw each to PNG, and
  render the same tables.

It prints the median, 90th percentile and maximum of both, and the ratio of
the medians.  The target is at most 100 ms per change on a 2-core machine.

With ``--browser`` it also serves the explorer with Voila on a free port of
127.0.0.1, opens it in Debian's chromium through Playwright, times how long the
page takes to show the headline and the charts (once with a kernel started on
opening, once with Voila's preheated kernel, ``--preheat_kernel=True``) and ten
keyboard steps of a slider, from the key press to the new chart image in the
page (debounce, websocket and image decoding included).
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from model.reporting.charts import THEME_CHARTS, ThemeFigure, available_panels, chart_data
from model.explorer import build_explorer
from model.explorer.tables import diagnostics_html, headline_html, rows_by_id, scorecard_rows_html
from model.runs.runner import run_scenarios

ROOT = Path(__file__).resolve().parent.parent


#: Seconds given to Voila's preheated kernel to run the notebook before the page is opened.
PREHEAT_WAIT_S = 40


def _stats(ms: list[float]) -> str:
    q = sorted(ms)
    p90 = q[min(len(q) - 1, int(0.9 * len(q)))]
    return f"median {statistics.median(q):6.1f} ms   p90 {p90:6.1f} ms   max {q[-1]:6.1f} ms"


def _values(start: float, step: float, n: int) -> list[float]:
    """Small moves around the loaded value, as a user nudges a slider (each differs from the last)."""
    return [start + step * ((k % 8) - 4 + (k // 8)) for k in range(n)]


def browser_latency(steps: int = 10, preheat: bool = False) -> tuple[float, float, list[float]]:
    """Seconds until the page shows the headline and the chart, and ms per slider step to the new image.

    With ``preheat`` Voila keeps a kernel that has already run the notebook
    (``--preheat_kernel=True``); the page is opened once that kernel is ready.
    """
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TMPDIR": tmp,
               "JUPYTER_RUNTIME_DIR": str(Path(tmp) / "runtime")}
        voila = Path(sys.executable).parent / "voila"
        proc = subprocess.Popen([str(voila), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
                                 "--theme=light", "--strip_sources=True", f"--preheat_kernel={preheat}",
                                 "notebooks/explorer.ipynb"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=2):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("Voila did not start") from None
                    time.sleep(0.3)
            if preheat:
                time.sleep(PREHEAT_WAIT_S)  # the pool's kernel runs the notebook before anyone asks
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True,
                    args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run"])
                try:
                    page = browser.new_page(viewport={"width": 1600, "height": 1000})
                    t0 = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/", timeout=60_000, wait_until="commit")
                    page.locator(".explorer-headline").first.wait_for(state="visible", timeout=120_000)
                    headline = time.perf_counter() - t0
                    chart = page.locator("img.chart-economy")
                    page.wait_for_function("document.querySelector('img.chart-economy') && "
                                           "document.querySelector('img.chart-economy').naturalWidth > 0",
                                           timeout=90_000)
                    ready = time.perf_counter() - t0
                    page.locator(".param-va_2020_mining .noUi-handle").focus()
                    ms = []
                    for _ in range(steps):
                        src = chart.get_attribute("src")
                        t = time.perf_counter()
                        page.keyboard.press("ArrowRight")
                        page.wait_for_function(
                            "s => document.querySelector('img.chart-economy').getAttribute('src') !== s",
                            arg=src)
                        ms.append((time.perf_counter() - t) * 1000)
                finally:
                    browser.close()
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
    return headline, ready, ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=40, help="value changes to time (default 40)")
    parser.add_argument("--browser", action="store_true",
                        help="also time slider steps in a real browser (Voila + Debian chromium)")
    args = parser.parse_args()

    ex = build_explorer(debounce_s=0)
    slider = ex.controls["va_2020_mining"].input
    start = slider.value
    values = _values(start, slider.step, args.changes)

    # warm-up: first draws, font cache, imports
    slider.value = start + slider.step
    slider.value = start

    explorer_ms = []
    for v in values:
        t0 = time.perf_counter()
        slider.value = v
        explorer_ms.append((time.perf_counter() - t0) * 1000)
    pane = ex.charts.panes["economy"]
    full, blits = pane.renderer.full_draws, pane.renderer.blits

    ex.uncertainty.toggle.value = True
    bands_ms = []
    for k in range(max(5, args.changes // 4)):
        t0 = time.perf_counter()
        slider.value = start + slider.step * (10 + k)  # every value differs from the last
        bands_ms.append((time.perf_counter() - t0) * 1000)
    ex.uncertainty.toggle.value = False

    state = ex.state
    rebuild_ms = []
    for v in values[: max(5, args.changes // 4)]:  # each takes seconds: a quarter of the changes
        t0 = time.perf_counter()
        state.set("va_2020_mining", v)
        out = run_scenarios([state.scenario()])
        cur = chart_data(out.results, out.scorecard, 0, "current")
        ref = chart_data(ex.reference_output.results, ex.reference_output.scorecard, 0, "reference")
        for chart in THEME_CHARTS:
            if not available_panels(chart):
                continue
            fig = ThemeFigure(chart, "zh")
            fig.update(cur, ref)
            fig.png()
            fig.close()
        headline_html(out, ex.reference_output, "zh")
        scorecard_rows_html(rows_by_id(out, "zh"), rows_by_id(ex.reference_output, "zh"), "zh",
                            [t.id for t in out.scorecard.targets])
        diagnostics_html(out, "zh")
        rebuild_ms.append((time.perf_counter() - t0) * 1000)

    med_e, med_r = statistics.median(explorer_ms), statistics.median(rebuild_ms)
    print(f"changes timed: {len(values)} explorer, {len(rebuild_ms)} rebuild (full model: {len(ex.controls)} parameters, "
          f"{len(ex.output.results)} variables, {len(ex.charts.panes)} theme charts)")
    print(f"explorer (update artists, blit visible chart, tables): {_stats(explorer_ms)}")
    print(f"  visible chart: {full} full draws, {blits} blits")
    print(f"explorer with uncertainty bands (200 draws):          {_stats(bands_ms)}")
    print(f"rebuild every figure from scratch:                    {_stats(rebuild_ms)}")
    print(f"ratio rebuild / explorer (medians): {med_r / med_e:.1f}x")
    print(f"target <= 100 ms per change: {'met' if med_e <= 100 else 'NOT met'} "
          f"(median {med_e:.1f} ms)")
    ex.close()
    if args.browser:
        for preheat in (False, True):
            headline, ready, ms = browser_latency(preheat=preheat)
            how = "preheated kernel" if preheat else "kernel started on opening"
            print(f"browser (Voila, chromium; {how}): headline shown {headline:.1f} s, charts {ready:.1f} s "
                  f"after opening; key press to new chart image: {_stats(ms)}")


if __name__ == "__main__":
    main()

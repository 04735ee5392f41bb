"""Explorer start-up: time from opening the page to the headline, beside Voila's own floor.

Run from the project folder::

    .venv/bin/python benchmarks/explorer_startup.py [--runs 3]

Serves pages with Voila on free ports of 127.0.0.1 (as ``make app`` does) and
opens each in Debian's chromium through Playwright, a fresh browser each time.
For every page it times, from the navigation to

* **headline**: the plan's headline numbers visible (``.explorer-headline``:
  the preview, :mod:`model.explorer.preview`, or the explorer's own, whichever
  comes first);
* **explorer**: the explorer's own headline visible (its widgets drawn), what
  the page showed first before the preview;
* **charts**: the economy chart drawn (its image decoded).

Measured in the same run, each ``--runs`` times:

1. **baseline, Voila's floor**: a notebook whose only cell displays one line of
   HTML (same kernel, same template), the time until that line is visible.  No
   page of the explorer can show anything sooner;
2. the explorer with a **preheated kernel** (``--preheat_kernel=True``, the way
   ``make app`` serves it): Voila keeps a kernel that has already run the
   notebook and sends its page at once; each page is opened once the pool has
   been refilled (Voila logs "Kernel pool ... is filled" when its kernel has
   started) and the kernel has run the notebook (Voila's processes have used
   no CPU for two seconds);
3. the explorer with a **kernel started on opening** (no preheating): Python,
   numpy, pandas, matplotlib, the widgets and the model start after the click.

It prints every time, the median of each, and the median minus the floor of the
same kind (what the explorer itself adds).  No time is asserted anywhere.
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
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.servers (the package itself is installed)

from model.explorer.preview import voila_command, voila_env  # noqa: E402
from tests.servers import CHROMIUM, CHROMIUM_ARGS, free_port, stop_group, wait_for_port  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "explorer.ipynb"
#: What the baseline page shows, and how the timer finds it.
FLOOR_HTML = '<div class="startup-floor">ready</div>'
#: Log line Voila writes each time the pool of preheated kernels is full again.
POOL_FILLED = "is filled with"
#: Seconds to wait for a preheated kernel to run the notebook (a busy 2-core machine).
PREHEAT_TIMEOUT_S = 180
#: Voila counts as idle when its processes use less than IDLE_CPU_S of CPU in IDLE_S seconds.
IDLE_S, IDLE_CPU_S = 2.0, 0.1


def _floor_notebook(folder: Path) -> Path:
    """A one-cell notebook in the project's kernel that displays :data:`FLOOR_HTML`."""
    kernelspec = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "floor", "metadata": {}, "outputs": [],
                     "source": ["from IPython.display import HTML\n", f"HTML({FLOOR_HTML!r})"]}],
          "metadata": {"kernelspec": kernelspec, "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = folder / "floor.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@contextlib.contextmanager
def _voila(notebook: Path, preheat: bool, folder: Path) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """Voila serving ``notebook`` on a free port; yields its address, its process and its log file."""
    port = free_port()
    log_path = folder / f"voila-{port}.log"
    env = voila_env({**os.environ, "TMPDIR": str(folder), "JUPYTER_RUNTIME_DIR": str(folder / f"runtime-{port}")})
    with log_path.open("wb") as log:
        proc = subprocess.Popen(voila_command(notebook, port, preheat), cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_port(port, proc, log_path, 60)
            yield f"http://127.0.0.1:{port}/", proc, log_path
        finally:
            stop_group(proc)


def _cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by process ``pid`` and everything it started."""
    import psutil

    total = 0.0
    root = psutil.Process(pid)
    for p in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def _wait_for_pool(proc: subprocess.Popen, log: Path, fills: int) -> None:
    """Return once Voila has logged ``fills`` full pools and the new kernel has run the notebook
    (Voila and its kernels idle: under :data:`IDLE_CPU_S` of CPU in :data:`IDLE_S` seconds)."""
    deadline = time.monotonic() + PREHEAT_TIMEOUT_S
    while log.read_text(errors="replace").count(POOL_FILLED) < fills:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the preheated kernel was not ready within {PREHEAT_TIMEOUT_S} s:\n"
                               + log.read_text(errors="replace")[-2000:])
        time.sleep(0.2)
    before = _cpu_seconds(proc.pid)
    while time.monotonic() < deadline:
        time.sleep(IDLE_S)
        now = _cpu_seconds(proc.pid)
        if now - before < IDLE_CPU_S:
            return
        before = now
    raise RuntimeError(f"the preheated kernel kept busy for {PREHEAT_TIMEOUT_S} s")


def _open(pw, url: str, selectors: list[str]) -> list[float]:
    """Seconds from navigating to ``url`` until each selector is visible (a fresh browser)."""
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        t0 = time.perf_counter()
        page.goto(url, timeout=180_000, wait_until="commit")
        times = []
        for selector in selectors:
            page.wait_for_function(
                "s => { const e = document.querySelector(s); if (!e) return false;"
                " const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0"
                " && (e.tagName !== 'IMG' || e.naturalWidth > 0); }", arg=selector, timeout=180_000)
            times.append(time.perf_counter() - t0)
        return times
    finally:
        browser.close()


def measure(notebook: Path, preheat: bool, runs: int, selectors: list[str], folder: Path) -> list[list[float]]:
    """``runs`` page openings of ``notebook``: per opening, seconds to each selector."""
    from playwright.sync_api import sync_playwright

    out = []
    with _voila(notebook, preheat, folder) as (url, proc, log), sync_playwright() as pw:
        for k in range(runs):
            if preheat:
                _wait_for_pool(proc, log, k + 1)
            else:
                time.sleep(2)  # the previous page's kernel has shut down
            out.append(_open(pw, url, selectors))
    return out


def _column(times: list[list[float]], i: int) -> str:
    values = [t[i] for t in times]
    return f"median {statistics.median(values):5.2f} s  ({', '.join(f'{v:.2f}' for v in values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page openings of each kind (default 3)")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"{args.runs} openings of each page; load average {load:.1f} on {os.cpu_count()} cores\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor_nb = _floor_notebook(folder)
        rows = []
        for preheat in (True, False):
            how = "preheated kernel" if preheat else "kernel started on opening"
            floor = measure(floor_nb, preheat, args.runs, [".startup-floor"], folder)
            explorer = measure(NOTEBOOK, preheat, args.runs,
                               [".explorer-headline", ".urad-explorer .explorer-headline", "img.chart-economy"], folder)
            rows.append((how, floor, explorer))
        for how, floor, explorer in rows:
            base = statistics.median(t[0] for t in floor)
            print(f"{how}:")
            print(f"  baseline: a one-line notebook's line shown    {_column(floor, 0)}")
            for i, what in enumerate(("headline shown (preview)", "explorer drawn (its own headline)",
                                      "economy chart drawn")):
                median = statistics.median(t[i] for t in explorer)
                print(f"  explorer: {what:<34} {_column(explorer, i)}   {median - base:+.2f} s against the baseline")
            print()


if __name__ == "__main__":
    main()

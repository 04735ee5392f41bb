"""Servers the tests start as subprocesses (Dask, JupyterLab) and the browser that visits them.

Everything listens on 127.0.0.1 only.  A server runs in its own process group
(``start_new_session=True``) so that stopping it stops what it started too (a
scheduler's workers, JupyterLab's kernels), by the group's id, never by name.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "free_port", "wait_for_port", "stop_group"]

#: Debian's chromium (``make`` installs it; Playwright drives it, never ``playwright install``).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, seconds: float) -> None:
    """Return once 127.0.0.1:``port`` accepts connections; raise with the end of ``log`` if ``proc``
    exits first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on 127.0.0.1:{port} ({' '.join(map(str, proc.args))}):\n"
                                   + log.read_text(errors="replace")[-3000:]) from None
            time.sleep(0.2)


def stop_group(proc: subprocess.Popen, grace: float = 20) -> None:
    """SIGTERM to ``proc``'s process group; SIGKILL after ``grace`` seconds."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace)
    except ProcessLookupError:
        pass

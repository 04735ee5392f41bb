"""What several benchmarks share: the project folder and the timing of one workbook command.

The scripts are run as ``.venv/bin/python benchmarks/NAME.py``, so this folder is on their path.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

__all__ = ["ROOT", "timed_command"]

ROOT = Path(__file__).resolve().parent.parent


def timed_command(args: list[str]) -> float:
    """Seconds of ``python -m model ARGS`` in a fresh process, run from the project folder."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "model", *args], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start

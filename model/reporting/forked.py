"""A report's independent parts, drawn on every core of a one-off report's kernel.

A one-off report (``python -m model report``) spends most of its time drawing: about ten
theme charts, the uncertainty section's ensemble and fan charts, the discovery section.
These parts do not depend on each other, and while the kernel draws, the command's own
process only waits for papermill.  :func:`run_parts` runs them in forked child processes,
each inheriting the parent's imports, fonts and data (Linux ``fork``: nothing is pickled on
the way in, only the finished parts come back), and returns their results in order.

With ``workers=1``, or where ``fork`` does not exist, the parts run one after another in
this process, with the same results: the parts are pure, so a report says and shows the same
whichever way it was drawn (only the SVG clip-path ids, which matplotlib derives from object
addresses, may differ; :func:`model.reporting.figures.to_svg` fixes every other id and drops the
date).  A batch passes 1, because its
worker processes already keep every core busy.

Why not a thread pool: matplotlib's drawing and the model's numpy work hold the GIL most of
the time (a trial drew the charts no faster on two threads).  Why not ``spawn``: each child
would import matplotlib, fonts and the package again (1-2 s) before drawing anything.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

__all__ = ["run_parts", "available_cores"]

#: The parts of the call in progress, inherited by the forked children (see :func:`run_parts`).
_PARTS: Sequence[Callable[[], Any]] = ()


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _run_part(k: int) -> Any:
    return _PARTS[k]()


def run_parts(parts: Sequence[Callable[[], Any]], workers: int = 1) -> list[Any]:
    """``[part() for part in parts]``, on up to ``workers`` forked processes when more than one.

    Each part is a function without arguments (a ``functools.partial``); its result must be
    picklable (report blocks are plain dicts and strings).  An exception of a part is raised
    here, as it would be in the sequential loop; a child that dies (killed, out of memory) makes
    the parts run again in this process.
    """
    global _PARTS
    workers = min(workers, len(parts))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [part() for part in parts]
    _PARTS = parts
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run_part, range(len(parts))))
    except BrokenProcessPool:  # a child died (killed, out of memory): draw in this process instead
        return [part() for part in parts]
    finally:
        _PARTS = ()

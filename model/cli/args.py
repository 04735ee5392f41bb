"""Argument types and options shared by every sub-command of the command line.

Every long-running command (``batch``, ``ensemble``, ``report``, ``compare``, ``calibrate``,
``sensitivity``, ``discover``, ``fit-plan``, ``solve``) takes the same three groups of options,
defined here once:

* output: ``--out`` (where the command writes; each command states its default) and ``--force``
  (replace what this workbook did not write) - :func:`add_output_options`;
* language: ``--lang zh|en`` (Chinese first) - :func:`add_lang_option`;
* progress: ``--no-progress`` hides the progress shown on standard error - :func:`add_progress_option`.
  Commands whose work has a count show a bar (draws, scenarios, notebook cells); the others,
  on a terminal, the time spent so far (:func:`working`).
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from typing import TextIO

from model.text import DEFAULT_LANG, LANGS

__all__ = ["EXIT_OK", "EXIT_FAILED", "EXIT_INPUT", "add_lang_option", "add_output_options", "add_progress_option",
           "working", "positive_int", "positive_float", "non_negative_int"]


#: Exit statuses: success, some work failed, bad input (one line per problem, nothing written).
EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2

#: The time spent (:func:`working`): shown after DELAY_S seconds, then updated every TICK_S seconds.
DELAY_S, TICK_S = 2.0, 0.5


# --------------------------------------------------------------------------- the shared options

def add_lang_option(parser: argparse.ArgumentParser, what: str = "labels and tables") -> None:
    """``--lang zh|en`` (Chinese first)."""
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                        help=f"language of {what} (default: zh)")


def add_output_options(parser: argparse.ArgumentParser, *, default: str | None, what: str = "output folder",
                       metavar: str = "DIR",
                       force: str = "replace an existing output that this workbook did not write") -> None:
    """``--out`` (``what``, ``default`` as the help states it; None: nothing is written without it)
    and ``--force`` (``force`` says what it replaces)."""
    shown = f"default: {default}" if default else "optional: without it nothing is written"
    parser.add_argument("--out", metavar=metavar, help=f"{what} ({shown})")
    parser.add_argument("--force", action="store_true", help=force)


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """``--no-progress``: no progress on standard error (for logs and scripts)."""
    parser.add_argument("--no-progress", action="store_true",
                        help="hide the progress shown on standard error")


@contextlib.contextmanager
def working(label: str, enabled: bool, stream: TextIO | None = None) -> Iterator[None]:
    """While the block runs, ``label: 12 s`` on a terminal, the time spent so far.

    For commands whose work has no count to show as a bar (a solver's iterations, SALib's runs
    made in one call).  Shown once the work has taken :data:`DELAY_S` seconds (quick work and bad
    input show nothing), updated in place every :data:`TICK_S` seconds and erased when the work
    ends, so an error that follows stays the only line.  Only on a terminal: a log has no use for
    a clock without a count.  Nothing at all when not ``enabled`` (``--no-progress``).
    """
    stream = stream or sys.stderr
    if not enabled or not stream.isatty():
        yield
        return
    started = time.monotonic()
    stop = threading.Event()
    shown = threading.Event()

    def tick() -> None:
        if stop.wait(DELAY_S):
            return
        while True:
            stream.write(f"\r{label}: {time.monotonic() - started:.0f} s")
            stream.flush()
            shown.set()
            if stop.wait(TICK_S):
                return

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()
        if shown.is_set():
            stream.write("\r\033[K")  # erase the line
            stream.flush()


# --------------------------------------------------------------------------- argument types

def _number(text: str, kind: type, what: str):
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None


def positive_int(text: str) -> int:
    """A whole number of at least 1."""
    value = _number(text, int, "a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value}")
    return value


def non_negative_int(text: str) -> int:
    """A whole number of at least 0 (seeds)."""
    value = _number(text, int, "a non-negative whole number")
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative whole number, got {value}")
    return value


def positive_float(text: str) -> float:
    """A number greater than 0 (seconds)."""
    value = _number(text, float, "a number of seconds")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text}")
    return value

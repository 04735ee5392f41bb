"""Every long-running command takes the same output, language and progress options.

``--out`` and ``--force`` (where the command writes, and replacing what the workbook did not
write), ``--lang zh|en`` and ``--no-progress``, defined once in :mod:`model.cli.args`; batch's
old ``--quiet`` still hides the bar.
"""
from __future__ import annotations

import argparse
import io

import pytest

from model.cli.args import working
from model.cli.main import build_parser

LONG_RUNNING = ("batch", "ensemble", "report", "compare", "calibrate", "sensitivity", "discover", "solve")
SHARED = ("--out", "--force", "--lang", "--no-progress")


def _options(command: str) -> dict[str, argparse.Action]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {s: a for a in sub.choices[command]._actions for s in a.option_strings}


@pytest.mark.parametrize("command", LONG_RUNNING)
def test_every_long_running_command_takes_the_shared_options(command):
    options = _options(command)
    assert all(o in options for o in SHARED), [o for o in SHARED if o not in options]
    assert options["--lang"].choices == ("zh", "en") and options["--lang"].default == "zh"
    assert options["--no-progress"].dest == "no_progress"


def test_the_progress_option_is_one_option_with_one_help():
    # discover (model/cli/explore.py) declares its own --no-progress; the others take the shared one
    helps = {_options(c)["--no-progress"].help for c in LONG_RUNNING if c != "discover"}
    assert helps == {"hide the progress shown on standard error"}


def test_batch_quiet_is_still_no_progress():
    args = build_parser().parse_args(["batch", "scenarios/", "--quiet"])
    assert args.no_progress is True
    assert build_parser().parse_args(["batch", "scenarios/"]).no_progress is False


def test_the_time_spent_is_shown_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    log = io.StringIO()
    with working("calibrating", True, log):
        pass
    assert log.getvalue() == ""  # a log gets no clock
    terminal = Terminal()
    with working("calibrating", False, terminal):
        pass
    assert terminal.getvalue() == ""  # --no-progress

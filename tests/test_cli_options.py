"""Every long-running command takes the same output, language and progress options.

``--out`` and ``--force`` (where the command writes, and replacing what the workbook did not
write), ``--lang zh|en`` and ``--no-progress``, defined once in :mod:`model.cli.args`; batch's
old ``--quiet`` still hides the bar.  Every command of ``python -m model --help`` is either
long-running (:data:`LONG_RUNNING`) or quick (:data:`QUICK`: it loads, runs or lists in about
a second and shows no progress), so a new command has to be placed in one of the two.
"""
from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from model.cli.args import working
from model.cli.main import build_parser, main

LONG_RUNNING = ("batch", "ensemble", "sensitivity", "solve", "calibrate", "discover", "fit-plan", "report",
                "compare")
QUICK = ("validate", "run", "scorecard", "params")
SHARED = ("--out", "--force", "--lang", "--no-progress")


def _commands() -> dict[str, argparse.ArgumentParser]:
    return next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices


def _options(command: str) -> dict[str, argparse.Action]:
    return {s: a for a in _commands()[command]._actions for s in a.option_strings}


def test_every_command_is_either_long_running_or_quick():
    assert sorted(_commands()) == sorted(LONG_RUNNING + QUICK)


@pytest.mark.parametrize("command", LONG_RUNNING)
def test_every_long_running_command_takes_the_shared_options(command):
    options = _options(command)
    assert all(o in options for o in SHARED), [o for o in SHARED if o not in options]
    assert options["--lang"].choices == ("zh", "en") and options["--lang"].default == "zh"
    assert options["--no-progress"].dest == "no_progress"


def test_the_shared_options_are_one_definition_with_one_help():
    # one help for --no-progress and --lang's wording; --out and --force say what each command writes
    assert {_options(c)["--no-progress"].help for c in LONG_RUNNING} == {"hide the progress shown on standard error"}
    assert all(_options(c)["--lang"].help.startswith("language of ") for c in LONG_RUNNING)
    assert all(_options(c)["--force"].nargs == 0 and _options(c)["--out"].default is None for c in LONG_RUNNING)


@pytest.mark.parametrize("flags, shown", [((), True), (("--no-progress",), False)])
def test_fit_plan_shows_the_time_spent_unless_told_not_to(monkeypatch, tmp_path, scenario_dir, flags, shown):
    import model.analysis.fitplan as fitplan
    import model.cli.explore as explore

    enabled = []

    @contextlib.contextmanager
    def recorded(label, on, stream=None):
        enabled.append(on)
        yield

    def no_plan(*args, **kwargs):
        raise fitplan.NoFeasiblePlan("no lever setting holds the hard limits", None, ("energy_within_cap", 2025), 1.0)

    monkeypatch.setattr(explore, "working", recorded)
    monkeypatch.setattr(fitplan, "fit_plan", no_plan)
    out = tmp_path / "fitted.yaml"
    assert main(["fit-plan", str(scenario_dir / "baseline.yaml"), "--out", str(out), *flags]) == 1  # no plan: exit 1
    assert enabled == [shown] and not out.exists()


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

"""``python -m model``: the workbook's command line.

A thin layer: each command parses its options and calls the package.  Bad
input (a scenario-file problem, an output that must not be overwritten) is
reported as one line per problem on standard error with exit status 2 and no
traceback; nothing is written.  The lines are those of the API's error,
:class:`~model.workbook.errors.WorkbookInputError`, which holds their one
format: a notebook and the command line show the same message.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from model import __version__
from model.cli.args import EXIT_INPUT, EXIT_OK
from model.errors import UserInputError

__all__ = ["main", "build_parser", "COMMAND_MODULES", "input_error_line"]

#: Modules that add further sub-commands: each has ``register(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = ("model.cli.runs", "model.cli.calibrate", "model.cli.uncertainty",
                                    "model.cli.reports", "model.cli.explore")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="python -m model",
        description="Urad Rear Banner 14th Five-Year Plan scenario workbook "
                    "(乌拉特后旗“十四五”规划情景工作簿).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or EXIT_OK)
    except KeyboardInterrupt:
        print("interrupted; only complete outputs were kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `python -m model params | head`
        return EXIT_OK
    except Exception as exc:
        line = input_error_line(exc)
        if line is None:
            raise
        print(line, file=sys.stderr)
        return EXIT_INPUT


def input_error_line(exc: Exception) -> str | None:
    """The one line of a bad-input error (a scenario file's problem, a refused output, the API's
    input error), None for any other exception.

    The error classes are imported here, not with the command line: a report's command then
    starts its kernel before the scenario machinery is imported (``model.cli.reports``).
    """
    from model.scenarios import ScenarioError
    from model.workbook.errors import WorkbookInputError

    if isinstance(exc, (ScenarioError, UserInputError)):
        return str(WorkbookInputError.from_error(exc))
    if isinstance(exc, WorkbookInputError):  # the commands built on the API (model.cli.runs)
        return str(exc)
    return None

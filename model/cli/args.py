"""Argument types and options shared by every sub-command of the command line."""
from __future__ import annotations

import argparse

from model.text import DEFAULT_LANG, LANGS

__all__ = ["EXIT_OK", "EXIT_FAILED", "EXIT_INPUT", "add_lang_option", "positive_int", "positive_float", "non_negative_int"]


#: Exit statuses: success, some work failed, bad input (one line per problem, nothing written).
EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


def add_lang_option(parser: argparse.ArgumentParser, what: str = "labels and tables") -> None:
    """``--lang zh|en`` (Chinese first)."""
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                        help=f"language of {what} (default: zh)")


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

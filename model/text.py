"""Text rules shared by every layer: language choice, comparison symbols, number formats.

One home for the small rules that the command line, the explorer and the reports
all need, so they cannot drift apart:

* :func:`pick` - the Chinese or the English text (Chinese first, the workbook's default);
* :data:`COMPARISON_SYMBOLS`, :func:`format_target` and :func:`format_margin` - how a
  plan target and a scenario's distance from it are written;
* :func:`did_you_mean` - the suggestion after an unknown name;
* :func:`format_number`, :func:`format_table`, :func:`text_width` - plain-text tables
  that line up with Chinese text in a terminal.

A leaf module: it imports nothing from the package, so any layer may use it.
"""
from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["LANGS", "DEFAULT_LANG", "pick", "COMPARISON_SYMBOLS", "comparison_symbol", "format_target",
           "format_margin", "did_you_mean", "text_width", "format_table", "format_number"]

#: The workbook's languages: Chinese first, English one switch away.
LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"


def pick(lang: str, zh: Any, en: Any) -> Any:
    """``zh`` when ``lang`` is Chinese, else ``en``.

    >>> pick("en", "达成", "met")
    'met'
    """
    return zh if lang == "zh" else en


# --------------------------------------------------------------------------- targets

#: How each kind of plan target is written before its value.
COMPARISON_SYMBOLS: dict[str, str] = {"about": "≈", ">=": "≥", "<=": "≤", "not_modelled": ""}


def comparison_symbol(comparison: str) -> str:
    """The symbol of a target's comparison (``"about"`` → ``≈``)."""
    return COMPARISON_SYMBOLS[str(comparison)]


def format_target(comparison: str, value: float | None, tolerance: float | None = None,
                  digits: int = 2) -> str:
    """A target as written in scorecards: ``≈6.00 ±0.50``, ``≤100.00``; ``-`` when it has no value."""
    if value is None:
        return "-"
    text = f"{comparison_symbol(comparison)}{format_number(value, digits)}"
    if tolerance is not None:
        text += f" ±{format_number(tolerance, 1)}"
    return text


def format_margin(margin: float | None) -> str:
    """A scenario's margin over a target, signed, two decimals (``+0.00``, never ``-0.00``)."""
    if margin is None or (isinstance(margin, float) and not math.isfinite(margin)):
        return "-"
    return f"{margin + 0.0:+,.2f}".replace("-0.00", "+0.00")


def did_you_mean(name: Any, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """``"; did you mean 'x'?"`` for the closest candidate, or ``""`` when none is close."""
    close = difflib.get_close_matches(str(name), list(candidates), n=1, cutoff=cutoff)
    return f"; did you mean {close[0]!r}?" if close else ""


# --------------------------------------------------------------------------- tables

def text_width(text: str) -> int:
    """Display width in terminal cells (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - text_width(text))
    return gap + text if right else text + gap


def format_number(value: Any, digits: int = 2) -> str:
    """A number for a table: fixed decimals, '-' for missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}"
    return str(value)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]],
                 right_align: Sequence[bool] | None = None) -> str:
    """A boxless aligned table with a rule under the header."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max([text_width(h)] + [text_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    right = list(right_align) if right_align else [False] * len(headers)
    lines = ["  ".join(_pad(h, w, r) for h, w, r in zip(headers, widths, right)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, right)).rstrip() for row in cells]
    return "\n".join(lines)

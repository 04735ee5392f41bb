"""Plain-text tables for the terminal that line up with Chinese text."""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Any

__all__ = ["text_width", "format_table", "format_number"]


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

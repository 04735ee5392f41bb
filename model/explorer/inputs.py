"""What a person types into the explorer, read the way they mean it, and said back when refused.

Scenario files and the model keep rates and shares as fractions (the registry's
units ``1/年`` and ``比例``: ``0.06`` is 6 %); people think and type them in per
cent.  A :class:`Display` holds how one parameter is shown: the factor between
the file's value and the number on screen (100 for per cent, 1 otherwise), the
unit in each language (:func:`model.text.unit_text`, :data:`model.text.PERCENT_UNITS`)
and the decimals of its step.

:func:`read_entry` reads a typed text:

* ``8``, ``8%``, ``8.0``, ``８％`` (full-width, as a Chinese input method types
  it) and ``−8`` (a typographic minus) are numbers in the unit on screen;
* thousands separators are read (``2,000``), a decimal comma is refused with
  the dot form to type instead (``15,5`` → ``15.5``): ``1,500`` would otherwise
  mean two different numbers;
* a value outside the parameter's bounds, a fraction for a whole number, a
  per-cent sign on a parameter that is not a rate or share, and text that is not
  a number are refused, and the value stays as it was;
* a per-cent value below 1 where the value was 1 % or more is taken as typed
  and the message asks whether the per-cent number was meant (``0.08`` after
  ``7.1 %`` is 0.08 %, not 8 %).

Every refusal and every hint is a short sentence in the current language
(:class:`Note`), shown next to the control; nothing is clamped or rounded silently.

:func:`slider_range` gives a slider its working range: the registry's bounds
when they are narrow, else a range around the value (about zero to twice the
value for a quantity such as 2020 value added), so that a short drag is a small
change; the range follows the value when it is typed beyond it or dragged to
an edge (:func:`needs_new_range`).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from model.core.parameter import Parameter
from model.text import percent_unit, pick, unit_text

__all__ = ["Display", "Note", "read_entry", "read_number", "slider_range", "needs_new_range", "nice_step",
           "step_decimals", "format_entry", "FULL_RANGE_SHARE"]

#: A working range covering at least this share of the bounds is widened to the bounds.
FULL_RANGE_SHARE = 0.8


def nice_step(lower: float, upper: float) -> float:
    """A round slider step giving about 100-250 positions between the bounds."""
    span = upper - lower
    if not math.isfinite(span) or span <= 0:
        return 0.01
    raw = span / 200
    base = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * base >= raw:
            return float(f"{m * base:.12g}")
    return float(10 * base)  # pragma: no cover - the loop always returns


def step_decimals(step: float) -> int:
    """Decimals needed to show a multiple of ``step``."""
    text = f"{step:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _round_up(x: float) -> float:
    """The next of 1, 2, 5 x 10^k at or above ``x``."""
    base = 10 ** math.floor(math.log10(x))
    return next(m * base for m in (1, 2, 5, 10) if m * base >= x * (1 - 1e-12))


# --------------------------------------------------------------------------- display

@dataclass(frozen=True)
class Display:
    """How one parameter is shown: per cent or as stored, its unit, its step and decimals.

    ``shown = factor * stored``; ``lower``, ``upper`` and ``step`` are in the
    shown unit.
    """

    factor: float
    unit_zh: str
    unit_en: str
    lower: float
    upper: float
    step: float
    decimals: int
    whole: bool

    @classmethod
    def of(cls, p: Parameter) -> "Display":
        percent = percent_unit(p.unit)
        factor = 100.0 if percent and p.dtype == "float" else 1.0
        unit = percent if factor == 100.0 else p.unit
        whole = p.dtype == "int"
        raw_step = p.step or (1 if whole else nice_step(p.lower, p.upper))
        step = _tidy(raw_step * factor)
        return cls(factor=factor, unit_zh=unit, unit_en=unit_text(unit, "en"),
                   lower=_tidy(p.lower * factor), upper=_tidy(p.upper * factor), step=step,
                   decimals=0 if whole else step_decimals(step), whole=whole)

    @property
    def percent(self) -> bool:
        return self.factor != 1.0

    def unit(self, lang: str) -> str:
        return pick(lang, self.unit_zh, self.unit_en)

    def shown(self, stored: float) -> float:
        """The number on screen for a stored value."""
        return _tidy(float(stored) * self.factor)

    def stored(self, shown: float) -> float | int:
        """The stored value of a number on screen (12 significant digits, as files keep them)."""
        if self.whole:
            return int(round(shown))
        return _tidy(shown / self.factor)

    def text(self, stored: float, lang: str | None = None) -> str:
        """A stored value as typed on screen (every digit it has, at least the step's decimals),
        with its unit when ``lang`` is given (a calendar year needs none)."""
        body = format_entry(self.shown(stored), self.decimals)
        return body if lang is None or self.unit_zh == "年" else f"{body} {self.unit(lang)}"


def _tidy(x: float) -> float:
    """``x`` to 12 significant digits: 7.1000000000000005 → 7.1."""
    return float(f"{x:.12g}") if math.isfinite(x) else x


def format_entry(x: float, decimals: int) -> str:
    """A number for an entry box: at least ``decimals`` decimals, more when it has them."""
    text = f"{x:.10f}".rstrip("0").rstrip(".")
    have = len(text.split(".")[1]) if "." in text else 0
    return f"{x + 0.0:.{max(have, decimals)}f}"


# --------------------------------------------------------------------------- reading entries

@dataclass(frozen=True)
class Note:
    """A short message for the user in both languages; ``refused`` says the value was kept."""

    zh: str
    en: str
    refused: bool = True

    def text(self, lang: str) -> str:
        return pick(lang, self.zh, self.en)


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def read_number(text: str, percent: bool = False, whole: bool = False, unit: tuple[str, str] = ("", ""),
                kept: tuple[str, str] = ("", "")) -> tuple[float | None, Note | None]:
    """A typed number as written (full-width digits, a typographic minus, thousands separators),
    or None and why not.

    ``percent`` allows a trailing per-cent sign (refused otherwise, naming ``unit``), ``whole``
    asks for a whole number; ``kept`` ends a refusal (``；保持 7.1 %/年``, ``; kept 7.1 %/yr``).
    """
    s = unicodedata.normalize("NFKC", str(text)).strip().replace("−", "-").replace(" ", "")
    quoted = str(text).strip()
    kept_zh, kept_en = kept
    if s.endswith("%"):
        if not percent:
            return None, Note(f"“{quoted}”：该项单位为{unit[0]}，不是百分比{kept_zh}",
                              f"“{quoted}”: this is in {unit[1]}, not per cent{kept_en}")
        s = s[:-1]
    if not s:
        return None, Note(f"请输入一个数{kept_zh}", f"enter a number{kept_en}")
    if "," in s:
        if _THOUSANDS.match(s):
            s = s.replace(",", "")
        else:
            dotted = s.replace(",", ".", 1) if s.count(",") == 1 and "." not in s else None
            hint_zh = f"，例如 {dotted}" if dotted else ""
            hint_en = f", such as {dotted}" if dotted else ""
            return None, Note(f"“{quoted}”：小数点请用“.”{hint_zh}{kept_zh}",
                              f"“{quoted}”: use a decimal point{hint_en}{kept_en}")
    if not _NUMBER.match(s) or not math.isfinite(float(s)):
        return None, Note(f"“{quoted}”不是数字{kept_zh}", f"“{quoted}” is not a number{kept_en}")
    number = float(s)
    if whole and number != int(number):
        return None, Note(f"“{quoted}”：应为整数{kept_zh}", f"“{quoted}”: expected a whole number{kept_en}")
    return number, None


def read_entry(text: str, display: Display, current: float | None = None
               ) -> tuple[float | int | None, Note | None]:
    """Read a typed number in the unit on screen; return ``(stored value or None, note or None)``.

    ``current`` is the stored value before the entry (for the messages and the
    per-cent hint).  A None value means the entry was refused and the note says
    why; a value with a note was taken, and the note says how it was read.
    """
    kept = ("", "") if current is None else (f"；保持 {display.text(current, 'zh')}",
                                             f"; kept {display.text(current, 'en')}")
    unit_zh, unit_en = display.unit("zh"), display.unit("en")
    shown, note = read_number(text, display.percent, display.whole, (unit_zh, unit_en), kept)
    if shown is None:
        return None, note
    quoted = str(text).strip()
    low, high = format_entry(display.lower, display.decimals), format_entry(display.upper, display.decimals)
    if shown > display.upper or shown < display.lower:
        side_zh, side_en = ("高于上限", "above the maximum") if shown > display.upper else ("低于下限",
                                                                                           "below the minimum")
        limit = high if shown > display.upper else low
        return None, Note(f"“{quoted}”{side_zh} {limit} {unit_zh}（范围 {low}–{high}）{kept[0]}",
                          f"“{quoted}” is {side_en} {limit} {unit_en} (range {low} to {high}){kept[1]}")
    value = display.stored(shown)
    if (display.percent and current is not None and 0 < abs(shown) < 1
            and abs(display.shown(current)) >= 1 and display.lower <= shown * 100 <= display.upper):
        meant = format_entry(shown * 100, display.decimals)
        return value, Note(f"已设为 {format_entry(shown, display.decimals)} %；如指 {meant} %，请输入 {meant}",
                           f"set to {format_entry(shown, display.decimals)} %; for {meant} % type {meant}",
                           refused=False)
    return value, None


# --------------------------------------------------------------------------- slider ranges

def slider_range(display: Display, shown: float, default_shown: float) -> tuple[float, float, float]:
    """``(low, high, step)`` of a slider's working range around ``shown`` (in the shown unit).

    The half-width is the largest of the value's size, the default's size and a
    fiftieth of the bounds (a tenth when the bounds straddle zero, as for a
    growth rate), rounded up to 1, 2 or 5 x 10^k; the ends are multiples of a
    fifth of it, inside the bounds.  When that covers most of the bounds
    (:data:`FULL_RANGE_SHARE`), or for whole numbers, the slider spans the bounds.
    The half-width is at least ten of the parameter's steps, so the step is
    always the parameter's own.
    """
    lo_b, hi_b, span = display.lower, display.upper, display.upper - display.lower
    full = (lo_b, hi_b, display.step)
    if display.whole or not (math.isfinite(span) and span > 0):
        return full
    half = max(abs(shown), abs(default_shown), span / 50, 10 * display.step)
    if lo_b < 0 < hi_b:
        half = max(half, span / 10)
    half = _round_up(half)
    grain = half / 5
    lo = max(lo_b, _tidy(math.floor((shown - half) / grain) * grain))
    hi = min(hi_b, _tidy(math.ceil((shown + half) / grain) * grain))
    if hi - lo >= FULL_RANGE_SHARE * span:
        return full
    return lo, hi, display.step


def needs_new_range(low: float, high: float, display: Display, shown: float) -> bool:
    """Whether a value outside, or settled at an inner edge of, the working range should move it."""
    if shown < low or shown > high:
        return True
    edge = 0.02 * (high - low)
    return (shown >= high - edge and high < display.upper) or (shown <= low + edge and low > display.lower)

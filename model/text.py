"""Text rules shared by every layer: language choice, comparison symbols, number formats.

One home for the small rules that the command line, the explorer and the reports
all need, so they cannot drift apart:

* :func:`pick` - the Chinese or the English text (Chinese first, the workbook's default);
* :data:`COMPARISON_SYMBOLS`, :func:`format_target` and :func:`format_margin` - how a
  plan target and a scenario's distance from it are written;
* :func:`did_you_mean`, :func:`closest_name` - the suggestion after an unknown name;
* :func:`format_number`, :func:`format_table`, :func:`text_width` - plain-text tables
  that line up with Chinese text in a terminal;
* :func:`unit_text`, :func:`english_units`, :func:`english_text`, :func:`plan_section`,
  :func:`public_source`, :func:`source_text` -
  the English of what the registry and the catalogue write the Chinese way (units such as
  亿元 and 万羊单位, quantities such as "185.0 万 sheep units", plan sections such as
  第四章第二节三), so that English mode is English;
* :data:`PERCENT_UNITS`, :func:`percent_unit` - rates and shares that the registry keeps as
  fractions (1/年, 比例), shown and typed in per cent.

A leaf module: it imports nothing from the package, so any layer may use it.
"""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["LANGS", "DEFAULT_LANG", "pick", "COMPARISON_SYMBOLS", "comparison_symbol", "format_target",
           "format_margin", "did_you_mean", "closest_name", "text_width", "format_table", "format_number",
           "has_cjk", "UNIT_NAMES_EN", "unit_text", "english_units", "english_text", "DOCUMENT_ISSUERS",
           "plan_section", "public_source", "source_text",
           "PERCENT_UNITS", "percent_unit"]

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


def closest_name(name: Any, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``name`` (difflib's ratio at least ``cutoff``), None when none is close."""
    close = difflib.get_close_matches(str(name), list(candidates), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(name: Any, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """``"; did you mean 'x'?"`` for the closest candidate (:func:`closest_name`), or ``""`` when none is close."""
    close = closest_name(name, candidates, cutoff)
    return f"; did you mean {close!r}?" if close is not None else ""


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


# --------------------------------------------------------------------------- English of Chinese units

#: Whole units as the registry and the catalogue write them, and their English.  1 亿 = 10^8,
#: 1 万 = 10^4; 标准煤 is coal equivalent (GB/T 2589-2020, 1 kgce = 29.3076 MJ); 1 亩 = 1/15 ha.
UNIT_NAMES_EN: dict[str, str] = {
    "亿元": "100 million yuan", "万元": "10,000 yuan", "元": "yuan",
    "万吨标准煤": "10 kt coal equivalent", "万吨": "10 kt", "万头": "10,000 head",
    "万羊单位": "10,000 sheep units", "万公顷": "10,000 ha", "万亩": "10,000 mu", "万人": "10,000 people",
    "百万立方米": "million m³", "1/年": "per year", "比例": "share", "%/年": "%/yr", "年": "year",
    "百分点": "percentage points", "级": "grade", "选项": "option", "无量纲": "dimensionless",
    "规则年份": "rules of year", "口径": "definition", "倍（常年=1）": "× normal year (= 1)",
}
#: Parts of compound units (``kt/年``, ``吨标准煤/万元``), longest first when replaced.
_UNIT_PARTS_EN: dict[str, str] = {
    "吨标准煤": "tce", "吨CO2": "t CO2", "标准干草": " standard hay", "干物质": " dry matter", "羊单位": "sheep unit",
    "万元": "10,000 yuan", "公顷": "ha", "吨": "t", "元": "yuan", "年": "yr", "日": "day", "天": "days",
    "次": "cycles", "头": "head", "人": "person",
}
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character or full-width punctuation."""
    return bool(_CJK.search(text))


def unit_text(unit: str, lang: str) -> str:
    """A unit in ``lang``: as written in Chinese, translated in English.

    >>> unit_text("万吨标准煤", "en"), unit_text("kt/年", "en"), unit_text("吨标准煤/万元", "en")
    ('10 kt coal equivalent', 'kt/yr', 'tce/10,000 yuan')
    """
    if lang == "zh" or not has_cjk(unit):
        return unit
    if unit in UNIT_NAMES_EN:
        return UNIT_NAMES_EN[unit]
    text = unit
    for zh in sorted(_UNIT_PARTS_EN, key=len, reverse=True):
        text = text.replace(zh, _UNIT_PARTS_EN[zh])
    return text.replace("( ", "(").strip()


#: Chinese multiples in running English text: the multiple, the English unit and its factor
#: (``185.0 万 sheep units`` is 1.85 million sheep units, ``15 亿元`` is 1.5 billion yuan).
_QUANTITIES: tuple[tuple[str, str, float], ...] = (
    ("万吨标准煤", "kt coal equivalent", 10.0), ("万tce", "ktce", 10.0), ("万 tce", "ktce", 10.0),
    ("万吨", "kt", 10.0), ("亿元", "yuan", 1e8), ("亿度", "kWh", 1e8), ("万千瓦", "MW", 10.0),
    ("万羊单位", "sheep units", 1e4), ("万头", "head", 1e4), ("万人", "people", 1e4),
    ("万亩", "mu", 1e4), ("万公顷", "ha", 1e4), ("亿亩", "mu", 1e8), ("亿斤", "jin", 1e8),
    ("万元", "yuan", 1e4), ("亿", "", 1e8), ("万", "", 1e4),
)
#: Units whose large amounts read as millions and billions (others stay in their own unit).
_COUNTED = {"yuan", "kWh", "sheep units", "head", "people", "mu", "ha", "jin", ""}
#: Issuers of the government documents cited by number (国发〔2021〕23号 is State Council [2021] No. 23).
DOCUMENT_ISSUERS: dict[str, str] = {
    "国发": "State Council", "国办发": "State Council General Office",
    "发改环资": "NDRC (resources and environment)", "发改运行": "NDRC (economic operation)",
    "内政发": "Inner Mongolia Government", "内发改环资字": "Inner Mongolia DRC (resources and environment)",
}
_DOCUMENT = re.compile(r"([\u4e00-\u9fff]+)〔(\d{4})〕(\d+)号")
_NUMBER = r"(?<![\w.])(-?\d[\d,]*(?:\.\d+)?)\s*"


def _english_amount(number: str, factor: float, unit: str) -> str:
    """``number`` times ``factor`` in ``unit``, as precise as ``number`` was written."""
    value = float(number.replace(",", "")) * factor
    decimals = len(number.split(".")[1]) if "." in number else 0
    shift = round(math.log10(factor))
    for size, word in ((9, " billion"), (6, " million")):
        if abs(value) >= 10 ** size and unit in _COUNTED:
            digits = min(3, max(0, decimals - shift + size))
            text = f"{value / 10 ** size:,.{digits}f}"
            text = text.rstrip("0").rstrip(".") if "." in text else text
            return f"{text}{word}" + (f" {unit}" if unit else "")
    text = f"{value:,.{max(0, decimals - shift)}f}"
    return text + (f" {unit}" if unit else "")


def english_text(text: str) -> str:
    """English text free of what it still carries in Chinese: units and amounts
    (:func:`english_units`), government documents by number (``国发〔2021〕23号`` →
    ``State Council [2021] No. 23``), and glosses in brackets that give a Chinese term
    (``(草畜平衡)``) left out."""
    text = _DOCUMENT.sub(lambda m: f"{DOCUMENT_ISSUERS.get(m.group(1), m.group(1))} [{m.group(2)}] "
                                   f"No. {m.group(3)}", english_units(text))
    return re.sub(r"\s*[(（][^()（）]*[)）]", lambda m: "" if has_cjk(m.group(0)) else m.group(0), text)


def english_units(text: str) -> str:
    """English text with the Chinese units it still carries written in English.

    Amounts are converted (``185.0 万 sheep units`` → ``1.85 million sheep units``,
    ``15 亿元`` → ``1.5 billion yuan``, ``12.3 万tce`` → ``123 ktce``); a bare unit is named
    (``(亿元, 2020 prices)`` → ``(100 million yuan, 2020 prices)``).
    """
    for zh, en, factor in _QUANTITIES:
        text = re.sub(_NUMBER + re.escape(zh), lambda m: _english_amount(m.group(1), factor, en), text)
    for zh in sorted(UNIT_NAMES_EN, key=len, reverse=True):
        if has_cjk(zh):
            text = text.replace(zh, UNIT_NAMES_EN[zh])
    return text


# --------------------------------------------------------------------------- plan sections

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _numeral(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23."""
    if "十" not in text:
        return _NUMERALS[text]
    tens, _, ones = text.partition("十")
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0)


_N = "[一二三四五六七八九十]+"
#: A plan section in its canonical Chinese form: 第四章, 第四章引言, 第四章第二节, 第四章第二节引言,
#: 第四章第二节三 (the third numbered part, 三、, of the section).
_SECTION = re.compile(rf"第({_N})章(?:第({_N})节)?(?:(引言)|({_N}))?")
#: A box of the plan and its rows: 专栏4-2, 专栏2第1行, 专栏2第1-2行, 专栏2第14、19行.
_BOX = re.compile(r"专栏\s?(\d+(?:-\d+)?)(?:第(\d+(?:[-、]\d+)*)行)?")
#: Documents other than the plan that the targets name, and their English.
_DOCUMENTS_EN: dict[str, str] = {"国家“十五五”规划纲要": "national 15th Five-Year Plan outline"}


def _section_en(m: re.Match) -> str:
    text = f"Ch. {_numeral(m.group(1))}"
    if m.group(2):
        text += f" §{_numeral(m.group(2))}"
        if m.group(4):
            text += f".{_numeral(m.group(4))}"
    if m.group(3):
        text += " intro"
    return text


def _box_en(m: re.Match) -> str:
    rows = m.group(2)
    if not rows:
        return f"Box {m.group(1)}"
    several = "-" in rows or "、" in rows
    return f"Box {m.group(1)} {'rows' if several else 'row'} {rows.replace('、', ', ')}"


def _sections_en(text: str) -> str:
    """Plan sections and boxes written in English (``第四章引言`` → ``Ch. 4 intro``)."""
    text = _BOX.sub(_box_en, _SECTION.sub(_section_en, text))
    for zh, en in _DOCUMENTS_EN.items():
        text = text.replace(zh, en)
    return text


def plan_section(section: str, lang: str) -> str:
    """Where the plan says something, in ``lang``: ``第四章第二节三`` → ``Ch. 4 §2.3``.

    Sections are written the canonical Chinese way (docs/sources.md): ``第四章引言`` →
    ``Ch. 4 intro``, ``第四章第二节引言`` → ``Ch. 4 §2 intro``; 专栏 is a box (``专栏2第1行`` →
    ``Box 2 row 1``, ``专栏2第1-2行`` → ``Box 2 rows 1-2``, ``专栏4-2`` → ``Box 4-2``).  In
    English a note in brackets that quotes the plan's Chinese words is left out (the English
    label says what it holds), government documents are named in English (:func:`english_text`);
    bibliography keys (``[ndrc-qa-39]``) stay as they are, and
    references to private notes are dropped (:func:`public_source`).

    >>> plan_section("第二章第五节; 专栏2第1行", "en")
    'Ch. 2 §5; Box 2 row 1'
    >>> plan_section("第四章引言; 第四章第二节引言; 专栏2第1-2行; 第四章第一节一（30万吨铜冶炼）", "en")
    'Ch. 4 intro; Ch. 4 §2 intro; Box 2 rows 1-2; Ch. 4 §1.1'
    """
    section = public_source(section)
    if lang == "zh":
        return section
    return english_text(_sections_en(section)).strip()


def source_text(source: str, lang: str) -> str:
    """A parameter's source in ``lang``: without private notes, plan sections in English in English.

    Quoted Chinese words and document numbers (内政发〔2022〕17号) stay as cited.
    """
    source = public_source(source)
    if lang == "zh":
        return source
    return _sections_en(source)


#: References to working notes kept outside the project (``notes.md §3``); the product
#: cites docs/sources.md, never those notes.
_PRIVATE_REFERENCE = re.compile(r"[\w./-]*\b[\w-]+\.md\s*§\s*[\w.-]+")


def public_source(text: str) -> str:
    """A source or section without references to notes outside the project.

    >>> public_source("notes.md §3: 200 kt by 2013 (news)")
    '200 kt by 2013 (news)'
    """
    out = _PRIVATE_REFERENCE.sub("", text)
    out = re.sub(r"\(\s*[,;]\s*", "(", out)
    out = re.sub(r"\s*[,;]\s*\)", ")", out)
    out = re.sub(r"\(\s*\)", "", out)
    out = re.sub(r"(^|[;,(]\s*)[:,;]\s*", r"\1", out)
    out = re.sub(r"\s*([;,])\s*(?=[;,]|$)", "", out)
    out = re.sub(r"\s{2,}", " ", out)
    return out.strip().strip(";,:").strip()


# --------------------------------------------------------------------------- per cent

#: Registry units that hold a rate or a share as a fraction, and the per-cent unit they are
#: shown in (scenario files keep the fraction: 0.06 = 6 %).
PERCENT_UNITS: dict[str, str] = {"1/年": "%/年", "比例": "%"}


def percent_unit(unit: str) -> str | None:
    """The per-cent unit a fraction unit is shown in (``1/年`` → ``%/年``), or None."""
    return PERCENT_UNITS.get(unit)

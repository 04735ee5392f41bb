"""The report's building blocks, as plain data for :func:`model.reporting.pdf.render_pdf`.

A report is a ``dict`` of title-page facts and running-header text (the
document frame, :func:`document_frame`) with a list of blocks in reading
order.  Each block is a JSON-able ``dict`` with a ``kind``:

* ``heading`` (``level``, ``text``, ``numbered``), ``paragraph`` (``text``);
* ``callout`` (``title``, ``text``, optional ``items``, ``fill`` colour);
* ``table`` (``header``, ``rows``, column ``widths`` and ``align`` in Typst's terms,
  ``note``); a cell is text or ``{"text", "status"}`` (coloured met/missed);
* ``figure`` (``svg`` text, ``caption``) and ``pagebreak``.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from model import __version__
from model.provenance import GENERATOR, git_commit
from model.reporting.phrases import phrase

__all__ = ["heading", "paragraph", "table", "status_cell", "COLUMNS_PER_TABLE", "split_columns",
           "document_frame", "now_local"]


# --------------------------------------------------------------------------- blocks

def status_cell(row: dict[str, Any]) -> dict[str, str]:
    """A scorecard row's status as a coloured table cell."""
    return {"text": str(row["status_label"]), "status": str(row["status"])}


def heading(text: str, level: int = 1, numbered: bool = True) -> dict[str, Any]:
    """A section heading (numbered ones appear as ``1.2`` and in the contents)."""
    return {"kind": "heading", "level": level, "text": text, "numbered": numbered}


def paragraph(text: str) -> dict[str, Any]:
    """A paragraph of plain text (never parsed as markup)."""
    return {"kind": "paragraph", "text": text}


def table(header: list[str], rows: list[list[Any]], widths: list[str], align: list[str],
          note: str = "") -> dict[str, Any]:
    """A table; ``widths`` are Typst track sizes (``auto``, ``1.5fr``), ``align`` left/center/right."""
    return {"kind": "table", "header": header, "rows": rows, "widths": widths, "align": align,
            "note": note}


#: Scenario columns per table in comparison reports (more would not fit an A4 page).
COLUMNS_PER_TABLE = 5


def split_columns(header: list[str], rows: list[list[Any]], fixed: int, fixed_widths: list[str],
                  fixed_align: list[str], width: str, align: str, per: int = COLUMNS_PER_TABLE,
                  note: str = "") -> list[dict[str, Any]]:
    """Tables of at most ``per`` scenario columns each, repeating the ``fixed`` leading columns."""
    n = len(header) - fixed
    out = []
    for start in range(0, max(n, 1), per):
        cols = list(range(fixed)) + list(range(fixed + start, fixed + min(n, start + per)))
        k = len(cols) - fixed
        out.append(table([header[c] for c in cols], [[r[c] for c in cols] for r in rows],
                         fixed_widths + [width] * k, fixed_align + [align] * k,
                         note if start + per >= n else ""))
    return out


# --------------------------------------------------------------------------- document frame

def now_local() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().replace(microsecond=0)


def _model_line() -> str:
    commit = git_commit()
    return f"model {__version__}" + (f" ({commit[:12]}{'-dirty' if commit.endswith('-dirty') else ''})"
                                     if commit else "")


def _labels(lang: str) -> dict[str, str]:
    return {"toc": phrase("toc", lang), "figure": phrase("figure", lang)}


def document_frame(lang: str) -> dict[str, Any]:
    """What every report shares: language, PDF metadata, running header and layout labels."""
    return {"lang": lang, "region": "cn" if lang == "zh" else "gb", "author": GENERATOR,
            "keywords": [GENERATOR], "header": phrase("header", lang), "model_line": _model_line(),
            "labels": _labels(lang)}

"""The report's building blocks, as plain data for :func:`model.reporting.pdf.render_pdf`.

A report is a ``dict`` of title-page facts and running-header text (the
document frame, :func:`document_frame`) with a list of blocks in reading
order.  Each block is a JSON-able ``dict`` with a ``kind``:

* ``heading`` (``level``, ``text``, ``numbered``), ``paragraph`` (``text``), ``bullets`` (``items``);
* ``callout`` (``title``, ``text``, optional ``items``, ``fill`` colour);
* ``table`` (``header``, ``rows``, column ``widths`` and ``align`` in Typst's terms,
  ``note``); a cell is text or ``{"text", "status"}`` (coloured met/missed);
* ``figure`` (``svg`` markup, ``caption``) and ``pagebreak``.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from model import __version__
from model.provenance import GENERATOR, now
from model.reporting.phrases import phrase
from model.text import pick

__all__ = ["heading", "paragraph", "bullets", "table", "callout", "figure", "pagebreak", "status_cell", "MISSED_FILL",
           "MET_FILL", "FOUND_FILL", "NOT_FOUND_FILL", "COLUMNS_PER_TABLE", "split_columns",
           "document_frame", "now_local", "date_text", "version_text"]


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


def bullets(items: list[str]) -> dict[str, Any]:
    """A bulleted list of plain-text items."""
    return {"kind": "bullets", "items": items}


def table(header: list[str], rows: list[list[Any]], widths: list[str], align: list[str],
          note: str = "") -> dict[str, Any]:
    """A table; ``widths`` are Typst track sizes (``auto``, ``1.5fr``), ``align`` left/center/right."""
    return {"kind": "table", "header": header, "rows": rows, "widths": widths, "align": align,
            "note": note}


#: Call-out backgrounds: targets missed, targets met, a contradiction found, one not found.
MISSED_FILL, MET_FILL, FOUND_FILL, NOT_FOUND_FILL = "#fce8e6", "#e6f4ea", "#fdf3e7", "#eef3f8"


def callout(title: str, text: str, fill: str, items: list[str] | None = None) -> dict[str, Any]:
    """A shaded box: a bold title, a paragraph and optionally a bulleted list."""
    block = {"kind": "callout", "title": title, "text": text, "fill": fill}
    if items is not None:
        block["items"] = items
    return block


def pagebreak() -> dict[str, Any]:
    """A page break (the appendices start on a new page)."""
    return {"kind": "pagebreak"}


def figure(svg: str, caption: str) -> dict[str, Any]:
    """A figure: SVG markup (:func:`model.reporting.figures.to_svg`) and its caption."""
    return {"kind": "figure", "svg": svg, "caption": caption}


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
    """Now, in the local time zone (named, such as CST, on the title page), to the second."""
    return _dt.datetime.fromisoformat(now()).astimezone()


def date_text(generated: _dt.datetime) -> str:
    """The date and time a report was generated, as the title page prints it."""
    return generated.strftime("%Y-%m-%d %H:%M %Z").strip()


def version_text(commit: str | None) -> str:
    """The model version with its git commit, as the title page prints it."""
    return __version__ + (f"  (git {commit})" if commit else "")


def _model_line(commit: str | None) -> str:
    return f"model {__version__}" + (f" ({commit[:12]}{'-dirty' if commit.endswith('-dirty') else ''})"
                                     if commit else "")


def document_frame(lang: str, commit: str | None) -> dict[str, Any]:
    """What every report shares: language, PDF metadata, running header and layout labels.

    ``commit`` is the code's git commit (:func:`model.provenance.git_commit`), shown
    shortened in the running header.
    """
    return {"lang": lang, "region": pick(lang, "cn", "gb"), "author": GENERATOR,
            "keywords": [GENERATOR], "header": phrase("header", lang), "model_line": _model_line(commit),
            "labels": {"toc": phrase("toc", lang), "figure": phrase("figure", lang)}}

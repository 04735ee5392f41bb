"""The PDF route: Typst (the PyPI ``typst`` wheel) with Debian's Noto CJK fonts.

Why Typst (docs/reports-and-batch.md, "Why Typst"): correct simplified Chinese
forms, punctuation compression and real bold from Noto Sans/Serif CJK SC; about
0.2 s per report (2 ms when the compiler object is reused); the compiler ships
inside an 80 MB wheel, so it works offline with nothing but what ``make``
installs.  The LaTeX route needs 600+ MB of TeX and its stock template drops
Chinese silently; the browser routes take 3+ s.

The report's content is plain data (a JSON-able ``dict``,
:mod:`model.reporting.blocks`, assembled by :mod:`model.reporting.scenario_content`
and :mod:`model.reporting.comparison_content`); :data:`TEMPLATE` lays it out.  The
data goes to Typst as ``sys.inputs.data`` (a JSON string), so no temporary files
are written and no user text is ever parsed as Typst markup.  Charts travel
inside it as SVG markup (vector graphics, :func:`model.reporting.figures.to_svg`).
The theme charts keep their labels as SVG ``<text>`` (matplotlib's
``svg.fonttype: none``): Typst sets them in Noto Sans CJK SC, from the same font
folder as the report, so they are real, searchable text in the PDF.  The
uncertainty charts arrive with their labels already turned into outlines.

Layout: A4, a title page without a number, a table of contents (the
outline), numbered sections, ``page / total`` numbers in the footer.
"""
from __future__ import annotations

import datetime as _dt
import json
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from model.text import DEFAULT_LANG, pick

__all__ = ["TEMPLATE", "FontsMissingError", "cjk_font_dir", "fonts_for", "render_pdf", "warm_up", "CJK_SANS",
           "CJK_SERIF"]

CJK_SANS = "Noto Sans CJK SC"
CJK_SERIF = "Noto Serif CJK SC"
#: Where Debian's fonts-noto-cjk puts its .ttc files (checked before asking dpkg).
_DEBIAN_NOTO_DIR = Path("/usr/share/fonts/opentype/noto")


class FontsMissingError(RuntimeError):
    """Noto CJK (Debian's fonts-noto-cjk) is not installed, so Chinese would come out as boxes."""


@lru_cache(maxsize=1)
def cjk_font_dir() -> Path:
    """The folder holding NotoSansCJK-Regular.ttc (Debian's fonts-noto-cjk).

    Raises
    ------
    FontsMissingError
        When the font is not installed (``make setup`` installs it).
    """
    if (_DEBIAN_NOTO_DIR / "NotoSansCJK-Regular.ttc").is_file():
        return _DEBIAN_NOTO_DIR
    try:
        listing = subprocess.run(["dpkg", "-L", "fonts-noto-cjk"], capture_output=True, text=True,
                                 timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    for line in listing.splitlines():
        if line.endswith("NotoSansCJK-Regular.ttc"):
            return Path(line).parent
    raise FontsMissingError("the Noto CJK font (Debian package fonts-noto-cjk) is not installed; "
                            "run `make setup` or `apt-get install fonts-noto-cjk`")


@lru_cache(maxsize=1)
def _compiler() -> typst.Compiler:
    """One compiler per process: fonts are indexed once (about 2 ms per later compile)."""
    return typst.Compiler(font_paths=[str(cjk_font_dir())], ignore_system_fonts=True)


#: The Typst layout.  Everything shown comes from ``sys.inputs.data``; strings
#: from the data are inserted as text (never evaluated as markup).
TEMPLATE = r"""
#let d = json(bytes(sys.inputs.data))
#let L = d.labels
#let sans = d.at("sans_fonts", default: ("Noto Sans CJK SC",))
#let serif = d.at("serif_fonts", default: ("Noto Serif CJK SC",))
#let status-colour(s) = if s == "met" { rgb("#1e7b3c") } else if s == "missed" { rgb("#b3261e") } else { rgb("#6b6b6b") }
#let status-fill(s) = if s == "met" { rgb("#e6f4ea") } else if s == "missed" { rgb("#fce8e6") } else { none }

#set document(title: d.title, author: d.author, keywords: d.keywords)
#set text(font: serif, size: 9.5pt, lang: d.lang, region: d.region)
#set par(justify: true, leading: 0.72em)
#set heading(numbering: "1.1")
#show heading: set text(font: sans, weight: "bold")
#show heading.where(level: 1): it => { v(0.4em); text(size: 14pt, it); v(0.2em) }
#show heading.where(level: 2): set text(size: 11pt)
#show table: set text(size: 8pt, font: sans)
#show table: set par(justify: false)
#show outline.entry.where(level: 1): set text(weight: "bold")
#set table(stroke: (x, y) => if y == 0 { (bottom: 0.7pt + black) } else { (bottom: 0.3pt + rgb("#cccccc")) },
           inset: (x: 4pt, y: 3.5pt))

#set page(paper: "a4", margin: (x: 1.9cm, top: 2.0cm, bottom: 2.2cm),
  header: context { if counter(page).get().first() > 1 [
    #set text(size: 7.5pt, font: sans, fill: rgb("#666666"))
    #d.header #h(1fr) #d.model_line
  ] },
  footer: context { if counter(page).get().first() > 1 [
    #set text(size: 8pt, font: sans)
    #h(1fr) #counter(page).display("1 / 1", both: true) #h(1fr)
  ] })

// ---------------------------------------------------------------- title page
#page(header: none, footer: none)[
  #v(3.2cm)
  #text(font: sans, size: 11pt, fill: rgb("#555555"))[#d.kicker]
  #v(0.5cm)
  #text(font: sans, size: 24pt, weight: "bold")[#d.title]
  #v(0.2cm)
  #text(font: sans, size: 13pt, fill: rgb("#333333"))[#d.subtitle]
  #v(1.2cm)
  #if d.description != "" { block(width: 85%, text(size: 10pt)[#d.description]) }
  #v(1fr)
  #set text(font: sans, size: 9pt)
  #table(columns: (auto, 1fr), stroke: none, inset: (x: 0pt, y: 3pt), column-gutter: 12pt,
    ..d.facts.map(f => (text(fill: rgb("#555555"))[#f.at(0)], [#f.at(1)])).flatten())
  #v(1.5cm)
]
#counter(page).update(1)

#outline(title: L.toc, depth: 2, indent: auto)
#pagebreak()

// ---------------------------------------------------------------- sections
#let cell-text(c) = if type(c) == dictionary {
  let t = c.at("text", default: "")
  let s = c.at("status", default: none)
  if s != none { table.cell(fill: status-fill(s), text(fill: status-colour(s), weight: "bold")[#t]) }
  else { [#t] }
} else { [#c] }

#let show-table(t) = {
  block(breakable: true, table(
    columns: t.widths.map(w => if w == "auto" { auto } else { eval(w) }),
    align: t.align.map(a => if a == "right" { right } else if a == "center" { center } else { left }),
    table.header(..t.header.map(h => text(weight: "bold")[#h])),
    ..t.rows.map(r => r.map(cell-text)).flatten()))
  if t.at("note", default: "") != "" { text(size: 7.5pt, fill: rgb("#555555"))[#t.note] }
}

#let show-block(b) = {
  if b.kind == "heading" { heading(level: b.level, numbering: if b.at("numbered", default: true) { "1.1" } else { none })[#b.text] }
  else if b.kind == "paragraph" { par[#b.text] }
  else if b.kind == "bullets" { list(..b.items.map(i => [#i])) }
  else if b.kind == "callout" {
    block(width: 100%, fill: rgb(b.at("fill", default: "#f3f6fa")), inset: 8pt, radius: 3pt, breakable: true)[
      #text(font: sans, weight: "bold")[#b.title]
      #if b.at("text", default: "") != "" { par[#b.text] }
      #if b.at("items", default: ()).len() > 0 { list(..b.items.map(i => [#i])) }
    ]
  }
  else if b.kind == "table" { show-table(b) }
  else if b.kind == "figure" {
    figure(image(bytes(b.svg), format: "svg", width: 100%), caption: [#b.caption], kind: image, supplement: L.figure)
  }
  else if b.kind == "pagebreak" { pagebreak(weak: true) }
}

#for b in d.blocks { show-block(b) }
"""


def warm_up() -> None:
    """Build the process's compiler (font index) ahead of the first report (warm batch kernels)."""
    _compiler()


def fonts_for(lang: str) -> dict[str, list[str]]:
    """Font fall-back lists: Noto CJK for Chinese; in English, Latin text in Libertinus
    Serif (embedded in the Typst compiler) with Noto CJK for the Chinese units and names."""
    return pick(lang, {"serif_fonts": [CJK_SERIF], "sans_fonts": [CJK_SANS]},
                {"serif_fonts": ["Libertinus Serif", CJK_SERIF], "sans_fonts": [CJK_SANS]})


def render_pdf(content: dict[str, Any], timestamp: _dt.datetime | None = None) -> bytes:
    """Lay out a report's content as an A4 PDF.

    Parameters
    ----------
    content
        The report as plain data (see :func:`model.reporting.scenario_content.scenario_report_content`):
        ``title``, ``subtitle``, ``kicker``, ``description``, ``facts`` (title-page
        rows), ``header``, ``model_line``, ``lang``, ``region``, ``author``,
        ``keywords``, ``labels`` and ``blocks`` (headings, paragraphs, bullet
        lists, call-outs, tables and SVG figures, in reading order).
    timestamp
        The PDF's creation date (fixed for reproducible bytes); now when None.

    Returns
    -------
    bytes
        The PDF.
    """
    stamp = (timestamp or _dt.datetime.now(_dt.timezone.utc)).replace(microsecond=0)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=_dt.timezone.utc)
    content = {**fonts_for(str(content.get("lang", DEFAULT_LANG))), **content}
    data = json.dumps(content, ensure_ascii=False, allow_nan=False)
    pdf = _compiler().compile(input=TEMPLATE.encode("utf-8"), format="pdf",
                              sys_inputs={"data": data}, timestamp=stamp)
    assert isinstance(pdf, bytes)
    return pdf

"""Every citation the workbook prints resolves: to a row of the bibliography or to a plan section.

What is checked (issue 12, "sources inside the project"):

* every registry ``source``, every target ``section`` and every diagnostic ``section`` names
  only bibliography keys (``[key]``) that ``data/sources.csv`` and ``docs/sources.md`` hold,
  national standards (``GB/T 2589-2020``) whose key (``gb-t-2589-2020``) is there too,
  document numbers (``国办发〔2024〕39号``) that a bibliography row names, and plan
  sections (``第四章第一节一``, ``第四章引言``, ``专栏2第1-2行``) that docs/sources.md lists;
* docs/sources.md lists every row of data/sources.csv (key and address) and no key that the
  CSV lacks; its plan-section table agrees with the headings of the plan's text (when the
  project's copy of the plan is beside the project, as on the developers' machines and in CI);
* no product file cites the private working notes;
* a parameter whose source says it is (partly) an estimate is flagged ``estimate=True``, and a
  parameter that is not an estimate cites something.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from model.core.diagnostics import DIAGNOSTICS
from model.core.registry import REGISTRY
from model.core.scorecard import TARGETS
from model.provenance import PROJECT_ROOT
from model.scenarios.observations import load_sources

SOURCES_MD = PROJECT_ROOT / "docs" / "sources.md"
#: The project's copy of the plan (beside the project, never shipped in it).
PLAN_TEXT = PROJECT_ROOT.parent / "shared" / "plan" / "urad-rear-banner-14th-fyp-2021.txt"

# ----- citation grammar (documented at the top of docs/sources.md)

_N = "[一二三四五六七八九十]+"
#: 第四章, 第四章引言, 第四章第二节, 第四章第二节引言, 第四章第二节三.
SECTION = re.compile(rf"第{_N}章(?:第{_N}节)?(?:引言|{_N})?")
#: 专栏4-2, 专栏2第1行, 专栏2第1-2行, 专栏2第14、19行.
BOX = re.compile(r"专栏(\d+(?:-\d+)?)(?:第(\d+(?:[-、]\d+)*)行)?")
KEY = re.compile(r"\[([^\[\]]+)\]")
STANDARD = re.compile(r"\b(GB/T|GB|NY/T|DB\d+/T) ?(\d+(?:\.\d+)?)-(\d{4})\b")
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
#: How the private notes were cited before issue 12.
PRIVATE = re.compile(r"parameters\.md|plan-targets|statistics\.md|\.\./shared|§\s?[A-G]\d")


def standard_key(match: re.Match) -> str:
    """GB/T 2589-2020 -> gb-t-2589-2020 (the key of a standard in data/sources.csv)."""
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}".lower().replace("/", "-")


def plan_sections(text: str) -> set[str]:
    """The plan sections a text cites, box rows one by one (专栏2第1-2行 -> 专栏2第1行, 专栏2第2行)."""
    found = set(SECTION.findall(text))
    for m in BOX.finditer(text):
        if not m.group(2):
            found.add(f"专栏{m.group(1)}")
            continue
        for part in m.group(2).split("、"):
            first, _, last = part.partition("-")
            found |= {f"专栏{m.group(1)}第{row}行" for row in range(int(first), int(last or first) + 1)}
    return found


def cites_something(text: str) -> bool:
    return bool(KEY.search(text) or plan_sections(text) or STANDARD.search(text))


# ----- the plan's own headings

_BOX_CATEGORIES = {"经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"}


def plan_headings(text: str) -> dict[str, str]:
    """Canonical section -> its heading in the plan's body (the table of contents is skipped).

    A chapter or section with text before its first subsection also has an ``引言`` (intro);
    the rows of 专栏1 and 专栏2 are ``专栏2第7行`` with the row's indicator as heading.
    """
    lines = text.splitlines()
    start = [i for i, line in enumerate(lines) if re.fullmatch(r"第一章\s*发展基础", line.strip())][-1]
    out: dict[str, str] = {}
    chapter = section = box = intro = None
    for raw in lines[start:]:
        line = raw.strip()
        if not line:
            continue
        if m := re.fullmatch(rf"(第{_N}章)\s*(\S.*)", line):
            chapter, section, box = m.group(1), None, None
            out[chapter] = m.group(2).strip()
            intro = chapter
        elif (m := re.fullmatch(rf"(第{_N}节)\s*(\S.*)", line)) and chapter:
            section, box = chapter + m.group(1), None
            out.setdefault(section, m.group(2).strip())
            intro = section
        elif m := re.fullmatch(r"专栏\s*(\d+(?:-\d+)?)\s*[：:]?\s*(\S.*)", line):
            box, intro = f"专栏{m.group(1)}", None
            out[box] = m.group(2).strip()
        elif (m := re.fullmatch(rf"({_N})、(\S.*)", line)) and section and len(line) <= 30:
            out.setdefault(section + m.group(1), m.group(2).strip())
            box = intro = None
        elif (m := re.match(r"(\d+)\t(.*)", raw)) and box in ("专栏1", "专栏2"):
            cells = [c.strip() for c in m.group(2).split("\t") if c.strip() and c.strip() not in _BOX_CATEGORIES]
            out[f"{box}第{int(m.group(1))}行"] = cells[0] if cells else ""
        elif intro:
            out[intro + "引言"] = out[intro]
            intro = None
    return out


# ----- what docs/sources.md lists

def documented() -> tuple[str, set[str], dict[str, str]]:
    """docs/sources.md: its text, the keys it lists (`` `key` `` in a table's first column) and its
    plan-section table (``| 第四章引言 | heading | Ch. 4 intro |``)."""
    text = SOURCES_MD.read_text(encoding="utf-8")
    keys = set(re.findall(r"^\| `([^`]+)` \|", text, flags=re.M))
    table = {m.group(1): m.group(2).strip() for m in re.finditer(r"^\| (第\S+|专栏\S+) \| ([^|]*) \|", text, flags=re.M)}
    return text, keys, table


def cited_texts() -> list[tuple[str, str]]:
    """(where, text) for every registry source, target section and diagnostic section."""
    return ([(f"parameter {p.name}", p.source) for p in REGISTRY.values()]
            + [(f"target {t.id}", t.section) for t in TARGETS]
            + [(f"diagnostic {d.id}", d.section) for d in DIAGNOSTICS])


def unresolved(text: str, keys: set[str], sections: dict[str, str], titles: str) -> list[str]:
    """The citations in ``text`` that resolve to nothing."""
    bad = [f"[{k}]" for k in KEY.findall(text) if k not in keys]
    bad += [m.group(0) for m in STANDARD.finditer(text) if standard_key(m) not in keys]
    bad += [d for d in DOCUMENT_NUMBER.findall(text) if d not in titles]
    bad += sorted(s for s in plan_sections(text) if s not in sections)
    return bad


# ----- tests

def test_every_registry_source_target_and_diagnostic_section_resolves():
    csv_keys = set(load_sources())
    _, doc_keys, sections = documented()
    titles = " ".join(f"{s.title} {s.note}" for s in load_sources().values())
    problems = {where: bad for where, text in cited_texts()
                if (bad := unresolved(text, csv_keys & doc_keys, sections, titles))}
    assert problems == {}


def test_a_section_names_the_plan_or_a_bibliography_key_in_each_part():
    # a section is "part; part; ...", each part a plan section (with the plan's words in brackets
    # after it) or a document cited by its key
    for where, text in cited_texts()[len(REGISTRY):]:
        for part in text.split("; "):
            assert plan_sections(part) or KEY.search(part), (where, part)


def test_docs_sources_md_lists_every_bibliography_row_and_nothing_else():
    text, doc_keys, _ = documented()
    rows = load_sources()
    assert doc_keys == set(rows)
    for key, row in rows.items():
        if row.address:
            assert row.address in text, key


def test_the_citation_form_is_documented_at_the_top_of_docs_sources_md():
    head = SOURCES_MD.read_text(encoding="utf-8")[:3000]
    for example in ("第四章引言", "专栏2第1行", "第四章第一节一", "[ndrc-qa-39]", "gb-t-2589-2020"):
        assert example in head


@pytest.mark.skipif(not PLAN_TEXT.exists(), reason="the project's copy of the plan is not beside the project")
def test_the_plan_section_table_matches_the_headings_of_the_plan():
    headings = plan_headings(PLAN_TEXT.read_text(encoding="utf-8"))
    _, _, table = documented()
    assert table, "docs/sources.md has no plan-section table"
    assert {s: table[s] for s in table} == {s: headings.get(s) for s in table}


def test_the_plan_parser_reads_chapters_sections_parts_intros_boxes_and_rows():
    text = ("目录\n第一章 发展基础\t4\n正文\n第一章 发展基础\n第一节 发展成就\n综述。\n"
            "一、面临的机遇\n文字。\n专栏 2：主要指标\n序号\t类别\t指标\n1\t经济发展\t地区生产总值增长率\t%\n"
            "2\t\t全员劳动生产率增长\t%\n第二章 总体要求\n本章文字。\n第一节 指导思想\n")
    assert plan_headings(text) == {
        "第一章": "发展基础", "第一章第一节": "发展成就", "第一章第一节引言": "发展成就",
        "第一章第一节一": "面临的机遇", "专栏2": "主要指标", "专栏2第1行": "地区生产总值增长率",
        "专栏2第2行": "全员劳动生产率增长", "第二章": "总体要求", "第二章引言": "总体要求",
        "第二章第一节": "指导思想"}


def test_the_citation_parser_expands_box_rows_and_maps_standards_to_keys():
    assert plan_sections("专栏2第1-2行; 专栏2第14、19行; 专栏4-2; 第四章引言") == {
        "专栏2第1行", "专栏2第2行", "专栏2第14行", "专栏2第19行", "专栏4-2", "第四章引言"}
    assert [standard_key(m) for m in STANDARD.finditer("GB/T 2589-2020, NY/T 635-2015 and DB63/T 2298-2024")] == [
        "gb-t-2589-2020", "ny-t-635-2015", "db63-t-2298-2024"]


def _product_files() -> list[Path]:
    files = [*PROJECT_ROOT.joinpath("model").rglob("*.py"), *PROJECT_ROOT.joinpath("docs").glob("*.md"),
             *PROJECT_ROOT.joinpath("notebooks").glob("*.ipynb"), PROJECT_ROOT / "README.md"]
    return [f for f in files if f.is_file()]


def test_no_product_file_cites_the_private_working_notes():
    offenders = {}
    for path in _product_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # the notebook's sources, not its stored outputs
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
        if hits := sorted(set(PRIVATE.findall(text))):
            offenders[str(path.relative_to(PROJECT_ROOT))] = hits
    assert offenders == {}


def test_a_parameter_whose_source_says_estimate_is_flagged_an_estimate():
    wrong = [p.name for p in REGISTRY.values() if re.search(r"estimat", p.source, re.I) and not p.estimate]
    assert wrong == []


def test_a_parameter_that_is_not_an_estimate_cites_a_source():
    uncited = [p.name for p in REGISTRY.values() if not p.estimate and not cites_something(p.source)]
    assert uncited == []

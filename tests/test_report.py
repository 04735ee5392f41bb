"""Tests of the reporting layer (content, phrases, PDF) and the report/compare commands.

PDFs are checked with poppler-utils: ``pdftotext`` (the Chinese text is really
there, not boxes) and ``pdffonts`` (a Noto CJK font embedded, no Type 3
fall-back).  Few PDFs are rendered: each costs one to two seconds.
"""
from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core.registry import REGISTRY
from model.reporting.blocks import split_columns
from model.reporting.figures import to_svg
from model.reporting.phrases import UI, margin_phrase
from model.reporting.report import build_comparison, build_report, render
from model.reporting.scenario_content import scenario_report_content
from model.runs.runner import run_scenarios
from model.scenarios import Scenario, load_scenarios

from tests.conftest import ROOT, SCENARIOS, run_cli

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")

STAMP = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def assert_cjk_embedded(path: Path) -> None:
    fonts = pdffonts(path)
    names = [row[0] for row in fonts]
    assert any("NotoSansCJK" in n or "NotoSerifCJK" in n for n in names), names
    # columns: name type [type...] encoding emb sub uni object ID; emb is 5th from the end
    assert all(row[-5] == "yes" for row in fonts), fonts
    assert not any("Type 3" in " ".join(row) for row in fonts), fonts


@pytest.fixture(scope="module")
def zh_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh")
    return build_report(SCENARIOS / "slower-industry.yaml", lang="zh", out_dir=out, timestamp=STAMP).pdf


@pytest.fixture(scope="module")
def en_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("en")
    return build_report(SCENARIOS / "slower-industry.yaml", lang="en", out_dir=out, timestamp=STAMP).pdf


# --------------------------------------------------------------------------- margins by hand

def _row(comparison: str, target: float, value: float, tol: float | None, status: str,
         unit: str = "%/年") -> dict:
    return {"comparison": comparison, "target_value": target, "value": value, "tolerance": tol,
            "status": status, "unit": unit}


def test_margin_about_target_is_measured_from_the_band_edge():
    # GDP growth 8.47 %/yr against "about 6" with +/- 0.5: |8.47 - 6| - 0.5 = 1.97 pp above
    assert margin_phrase(_row("about", 6.0, 8.47, 0.5, "missed"), "zh") == "高于容差带1.97个百分点"
    assert margin_phrase(_row("about", 6.0, 8.47, 0.5, "missed"), "en") == "1.97 pp above the band"
    # 5.2 against 6 +/- 0.5: 0.8 - 0.5 = 0.30 below
    assert margin_phrase(_row("about", 6.0, 5.2, 0.5, "missed"), "en") == "0.30 pp below the band"


def test_margin_at_least_and_at_most():
    # industry 4.31 %/yr against >= 10: 10 - 4.31 = 5.69 pp short
    assert margin_phrase(_row(">=", 10.0, 4.31, None, "missed"), "zh") == "差5.69个百分点"
    # energy 1,030.36 against <= 100 (%): 930.36 pp over
    assert margin_phrase(_row("<=", 100.0, 1030.36, None, "missed", "%"), "en") == "930.36 pp over the limit"
    # 60 万头 against >= 60: met with 0.00 to spare, unit kept
    assert margin_phrase(_row(">=", 60.0, 60.0, None, "met", "万头"), "en") == "0.00 万头 to spare"
    # acid surplus 0 kt against <= 0: met, 0 - 0 = 0.00 under the limit; 80 against <= 100 %: 20 pp
    assert margin_phrase(_row("<=", 0.0, 0.0, None, "met", "kt"), "zh") == "低于上限0.00kt"
    assert margin_phrase(_row("<=", 100.0, 80.0, None, "met", "%"), "en") == "20.00 pp under the limit"


@settings(max_examples=60, deadline=None)
@given(target=st.floats(-50, 50), value=st.floats(-100, 100), tol=st.floats(0, 10))
def test_margin_about_says_within_exactly_inside_the_band(target, value, tol):
    phrase = margin_phrase(_row("about", target, value, tol, "met"), "en")
    inside = abs(value - target) - tol <= 0
    assert phrase.startswith("within") == inside


# --------------------------------------------------------------------------- content

def test_appendix_lists_exactly_the_parameters_that_differ_from_the_baseline():
    base, slower = load_scenarios([SCENARIOS / "baseline.yaml", SCENARIOS / "slower-industry.yaml"])
    output = run_scenarios([slower, base])
    content = scenario_report_content(output, 0, 1, base, "en", STAMP)
    heading = UI["appendix_diff"][1]
    k = next(j for j, b in enumerate(content["blocks"]) if b.get("text") == heading)
    table = content["blocks"][k + 1]
    listed = {row[0].rsplit("(", 1)[1].rstrip(")") for row in table["rows"]}
    expected = {n for n, v in slower.resolved().items() if v != base.resolved()[n]}
    assert listed == expected and listed  # the file sets six growth paths
    assert all(row[5] == "slower-industry" for row in table["rows"])


def test_appendix_covers_every_registry_parameter_with_unit_and_source():
    base = load_scenarios([SCENARIOS / "baseline.yaml"])[0]
    output = run_scenarios([base])
    content = scenario_report_content(output, 0, None, base, "zh", STAMP)
    k = next(j for j, b in enumerate(content["blocks"]) if b.get("text") == UI["appendix_all"][0])
    rows = [r for b in content["blocks"][k:] if b["kind"] == "table" for r in b["rows"]]
    names = {r[0].rsplit("(", 1)[1].rstrip(")") for r in rows}
    assert names == set(REGISTRY)
    by_name = {r[0].rsplit("(", 1)[1].rstrip(")"): r for r in rows}
    for name, p in REGISTRY.items():
        assert by_name[name][2] == p.unit
        assert p.source in by_name[name][4]
    # the baseline sets nothing, so Appendix A says so
    assert any(b.get("text") == UI["no_diff"][0] for b in content["blocks"])


def test_summary_counts_match_the_scorecard():
    s = load_scenarios([SCENARIOS / "services-led.yaml"])[0]
    output = run_scenarios([s])
    content = scenario_report_content(output, 0, None, Scenario.from_defaults(), "en", STAMP)
    first = content["blocks"][1]["text"]
    status = list(output.scorecard.status[0])
    met, missed = status.count("met"), status.count("missed")
    assert f"meets {met} of the {met + missed} plan targets" in first
    assert f"misses {missed}" in first


def test_wide_tables_split_into_at_most_five_scenario_columns_repeating_the_fixed_ones():
    # 2 fixed columns + 12 scenarios, 5 per table: tables of 5, 5 and 2 scenario columns
    header = ["target", "goal", *[f"s{k}" for k in range(12)]]
    rows = [["GDP", "≈6", *range(12)]]
    tables = split_columns(header, rows, 2, ["1.6fr", "auto"], ["left", "right"], "1fr", "right",
                           note="legend")
    assert [t["header"] for t in tables] == [["target", "goal", "s0", "s1", "s2", "s3", "s4"],
                                             ["target", "goal", "s5", "s6", "s7", "s8", "s9"],
                                             ["target", "goal", "s10", "s11"]]
    assert tables[2]["rows"] == [["GDP", "≈6", 10, 11]]
    assert [len(t["widths"]) for t in tables] == [7, 7, 4] and tables[2]["align"][-1] == "right"
    # the note (the colour legend) stands once, under the last table
    assert [t["note"] for t in tables] == ["", "", "legend"]


def test_report_svg_keeps_labels_as_text_unless_asked_for_outlines():
    from matplotlib.figure import Figure

    from model.reporting.charts import setup_fonts

    setup_fonts()
    fig = Figure()
    fig.subplots().set_title("地区生产总值")
    kept, outlined = to_svg(fig), to_svg(fig, keep_text=False)
    assert "<text" in kept and "地区生产总值" in kept
    assert "<text" not in outlined and "地区生产总值" in outlined  # only in matplotlib's comment


# --------------------------------------------------------------------------- PDFs

def test_chinese_report_has_real_chinese_text_and_embedded_cjk_font(zh_report):
    text = pdftotext(zh_report)
    for phrase in ("工业放缓情景", "规划目标记分卡", "执行摘要", "目录", "全部参数、单位与来源", "规划内部矛盾诊断",
                   "乌拉特后旗"):
        assert phrase in text, phrase
    assert "□" not in text and "\ufffd" not in text
    assert_cjk_embedded(zh_report)
    pages = subprocess.run(["pdfinfo", str(zh_report)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in pages or "595.28 x 841.89 pts (A4)" in pages


def test_theme_chart_labels_are_searchable_text_in_the_pdf(zh_report):
    # panel titles exist only inside the chart SVGs (Typst sets them as text)
    text = pdftotext(zh_report)
    for title in ("风电与光伏装机（兆瓦）", "硫酸平衡（千吨）", "牲畜与草原承载力（万羊单位）"):
        assert title in text, title


def test_title_page_names_scenario_version_and_hash(zh_report):
    s = load_scenarios([SCENARIOS / "slower-industry.yaml"])[0]
    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(zh_report), "-"],
                                capture_output=True, text=True).stdout
    assert s.resolved_hash() in first_page
    assert "2026-01-15" in first_page
    from model import __version__
    assert __version__ in first_page


def test_english_report(en_report):
    text = pdftotext(en_report)
    for phrase in ("Slower industry", "Plan scorecard", "Executive summary", "Contents",
                   "Appendix B"):
        assert phrase in text, phrase
    assert "规划目标记分卡" not in text
    assert_cjk_embedded(en_report)


def test_comparison_report_puts_scenarios_side_by_side(tmp_path):
    files = [SCENARIOS / "baseline.yaml", SCENARIOS / "services-led.yaml",
             SCENARIOS / "plan-consistent.yaml"]
    pdf = build_comparison(files, "zh", tmp_path, timestamp=STAMP).pdf
    text = pdftotext(pdf)
    assert "情景比较" in text
    for sid in ("baseline", "services-led", "plan-consistent"):
        assert sid in text
    assert_cjk_embedded(pdf)


def test_report_refuses_to_overwrite_a_foreign_pdf(tmp_path):
    (tmp_path / "baseline.pdf").write_bytes(b"%PDF-1.4 someone else's file")
    r = run_cli("report", str(SCENARIOS / "baseline.yaml"), "--out", str(tmp_path))
    assert r.returncode == 2
    assert "was not written by this workbook" in r.stderr
    assert (tmp_path / "baseline.pdf").read_bytes() == b"%PDF-1.4 someone else's file"
    assert not (tmp_path / "baseline.ipynb").exists()


def test_report_of_a_missing_scenario_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    r = run_cli("report", str(tmp_path / "nope.yaml"), "--out", str(out))
    assert r.returncode == 2
    assert "file not found" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


# --------------------------------------------------------------------------- papermill

def test_template_is_thin_committed_without_outputs_and_tagged():
    nb = nbformat.read(ROOT / "notebooks" / "report.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert any("parameters" in c.metadata.get("tags", []) for c in code)
    assert all(not c.outputs and c.execution_count is None for c in code)
    logic = [c for c in code if "parameters" not in c.metadata.get("tags", [])]
    assert len(logic) == 1 and "render(" in logic[0].source


def test_template_passes_every_parameter_to_render_by_keyword():
    nb = nbformat.read(ROOT / "notebooks" / "report.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    params = next(c for c in cells if "parameters" in c.metadata.get("tags", []))
    names = {t.id for node in ast.parse(params.source).body for t in node.targets}
    calls = [n for c in cells for n in ast.walk(ast.parse(c.source))
             if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "render"]
    assert len(calls) == 1 and not calls[0].args
    # each parameter of the template reaches render under its own name
    assert {(k.arg, k.value.id) for k in calls[0].keywords} == {(n, n) for n in names}
    assert set(inspect.signature(render).parameters) == names


@pytest.mark.slow
def test_report_command_executes_the_notebook_with_papermill(tmp_path):
    r = run_cli("report", str(SCENARIOS / "plan-consistent.yaml"), "--out", str(tmp_path), "--lang", "en")
    assert r.returncode == 0, r.stderr
    pdf, nb_path = tmp_path / "plan-consistent.pdf", tmp_path / "plan-consistent.ipynb"
    assert r.stdout.split() == [str(pdf), str(nb_path)]
    nb = nbformat.read(nb_path, as_version=4)
    pm = nb.metadata["papermill"]
    assert pm["parameters"]["lang"] == "en"
    assert pm["parameters"]["scenario"].endswith("plan-consistent.yaml")
    assert "Plan-consistent" in pdftotext(pdf)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.slow
def test_failed_report_keeps_the_executed_notebook(tmp_path):
    from model.execution.batch import ReportFailed, execute_report_notebook

    params = {"scenario": str(ROOT / "tests/fixtures/batch-extra/bad-report.yaml"),
              "out_dir": str(tmp_path), "name": "bad-report"}
    with pytest.raises(ReportFailed) as info:
        execute_report_notebook(params, tmp_path, "bad-report",
                                notebook=ROOT / "tests/fixtures/failing_report.ipynb")
    kept = tmp_path / "bad-report.failed.ipynb"
    assert info.value.notebook == kept and kept.is_file()
    assert "fixture: this report fails" in str(info.value)
    nb = json.loads(kept.read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["exception"] is True
    assert not (tmp_path / "bad-report.pdf").exists() and not (tmp_path / "bad-report.ipynb").exists()


def test_uncertainty_section_only_when_the_scenario_file_asks_for_it():
    from model.analysis.ensemble import target_probabilities

    # the shipped baseline asks for the section, so its children inherit it; a child opts out
    # with `uncertainty_draws: 0`
    with_u, without, inherited = load_scenarios([ROOT / "tests/fixtures/report/with-uncertainty.yaml",
                                                 ROOT / "tests/fixtures/report/without-uncertainty.yaml",
                                                 SCENARIOS / "services-led.yaml"])
    assert inherited.report_options().uncertainty_draws == 1000
    assert without.report_options().uncertainty_draws == 0
    output = run_scenarios([with_u, without])
    base = Scenario.from_defaults()
    asked = scenario_report_content(output, 0, None, base, "en", STAMP)["blocks"]
    plain = scenario_report_content(output, 1, None, base, "en", STAMP)["blocks"]
    title = UI["uncertainty"][1]
    assert [b for b in asked if b.get("text") == title]
    assert not [b for b in plain if b.get("text") == title]
    k = next(j for j, b in enumerate(asked) if b.get("text") == title)
    assert asked[k + 1]["text"].startswith("Quantiles of 64 draws (seed 7)")
    assert sum(1 for b in asked[k:] if b["kind"] == "figure") >= 1
    # the probability table shows the ensemble's shares (same draws: same seed)
    probs = target_probabilities(with_u, 64, 7)
    table = next(b for b in asked[k:] if b["kind"] == "table" and b["header"][-1] == UI["probability"][1])
    shown = {row[0]: row[2] for row in table["rows"]}
    from model.core.scorecard import TARGETS
    for t in TARGETS:
        if t.label("en") in shown:
            assert shown[t.label("en")] == f"{100 * probs[t.id]:.0f}%"

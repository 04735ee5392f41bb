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
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import numpy as np
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
    # 60 万头 against >= 60: met with nothing to spare; in English the unit is English (0 head)
    assert margin_phrase(_row(">=", 60.0, 60.0, None, "met", "万头"), "zh") == "超出目标0.00万头"
    assert margin_phrase(_row(">=", 60.0, 60.0, None, "met", "万头"), "en") == "0 head to spare"
    # logistics 4.34 against >= 15 亿元: 10.66 亿元 = 1,066,000,000 yuan short, "1.066 billion yuan"
    assert margin_phrase(_row(">=", 15.0, 4.34, None, "missed", "亿元"), "en") == "1.066 billion yuan short"
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
    # the probability table shows the ensemble's shares (same draws: same seed); the fixture inherits
    # the baseline's observations, so the weighted shares stand beside them
    probs = target_probabilities(with_u, 64, 7)
    table = next(b for b in asked[k:] if b["kind"] == "table" and b["header"][2] == UI["probability_prior"][1])
    assert table["header"][3] == UI["probability_weighted"][1]
    shown = {row[0]: row[2] for row in table["rows"]}
    from model.core.scorecard import TARGETS
    for t in TARGETS:
        if t.label("en") in shown:
            assert shown[t.label("en")] == f"{100 * probs[t.id]:.0f}%"


# --------------------------------------------------------------------------- observations in charts

def _lines_at(ax, x: float, y: float, marker: str) -> list:
    """The axes' marker lines with a point at (x, y)."""
    out = []
    for line in ax.lines:
        xs, ys = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if line.get_marker() == marker and np.any(np.isclose(xs, x) & np.isclose(ys, y)):
            out.append(line)
    return out


def _legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend is not None else []


@pytest.fixture(scope="module")
def shipped_run():
    """slower-industry and the baseline, both naming the shipped observations (data/observed)."""
    return run_scenarios(load_scenarios([SCENARIOS / "slower-industry.yaml", SCENARIOS / "baseline.yaml"]))


def _figure(theme: str, lang: str = "zh"):
    from model.reporting.charts import THEME_CHARTS, ThemeFigure

    return ThemeFigure(next(c for c in THEME_CHARTS if c.theme == theme), lang)


def test_observed_points_are_markers_on_their_series_with_a_legend_entry(shipped_run):
    from model.reporting.charts import chart_data

    current = chart_data(shipped_run.results, shipped_run.scorecard, 0, "s", shipped_run.observed(0))
    figure = _figure("prices")
    figure.update(current)
    gdp, _, structure = figure.axes
    # plan-history.csv: GDP at current prices 67.61 亿元 in 2020; urad-2020-2025.csv: 113 亿元 in 2023
    assert _lines_at(gdp, 2020, 67.61, "o") and _lines_at(gdp, 2023, 113.0, "o")
    # Bayannur's 874 亿元 (2020) is context, never drawn against the banner's lines
    assert not _lines_at(gdp, 2020, 874.0, "o")
    # the 2020 structure 7.64 : 69.58 : 22.78 (专栏1) on the current-price shares
    for share in (7.64, 69.58, 22.78):
        assert _lines_at(structure, 2020, share, "o"), share
    assert "观测值" in _legend_texts(gdp) and "观测值" in _legend_texts(structure)
    # a panel with nothing observed has no such entry (the deflator was not published)
    assert "观测值" not in _legend_texts(figure.axes[1])
    # the markers are data artists, so the explorer's blitting redraws them
    drawn = [a for group in figure.data_artists() for a in group]
    assert all(line in drawn for line in _lines_at(gdp, 2023, 113.0, "o"))
    figure.close()


def test_observed_markers_reach_the_svg_and_leave_when_there_are_none(shipped_run):
    from model.reporting.charts import chart_data

    with_obs = chart_data(shipped_run.results, shipped_run.scorecard, 0, "s", shipped_run.observed(0))
    without = chart_data(shipped_run.results, shipped_run.scorecard, 0, "s")
    figure = _figure("people", "en")
    assert figure.update(with_obs) is True
    svg = to_svg(figure.figure)
    assert "observed" in svg
    # same data again: nothing to redraw
    assert figure.update(with_obs) is False
    # without observations the markers are empty and the legend entry goes (the figure is redrawn)
    assert figure.update(without) is True
    assert "observed" not in to_svg(figure.figure)
    figure.close()


def test_a_single_scenario_chart_names_no_reference_until_one_is_drawn(shipped_run):
    from model.reporting.charts import chart_data

    current = chart_data(shipped_run.results, shipped_run.scorecard, 0, "s")
    reference = chart_data(shipped_run.results, shipped_run.scorecard, 1, "b")
    figure = _figure("economy")
    figure.update(current)
    assert not any("参照" in t for ax in figure.axes for t in _legend_texts(ax))
    assert figure.update(current, reference) is True
    assert all("虚线：参照情景" in _legend_texts(ax) for ax in figure.axes)
    figure.close()


def test_the_smelting_figure_draws_the_copper_and_zinc_targets(shipped_run):
    from model.reporting.charts import chart_data

    figure = _figure("smelting")
    figure.update(chart_data(shipped_run.results, shipped_run.scorecard, 0, "s"))
    metals = figure.axes[0]
    # 第四章第一节一: 30万吨 copper and 30万吨 zinc smelting = 300 kt each in 2025, in each metal's colour
    diamonds = _lines_at(metals, 2025, 300.0, "D")
    colours = {line.get_color() for line in diamonds}
    series = {s.variable: s.color for s in figure.panels[0].series}
    assert colours == {series["Production|Copper"], series["Production|Zinc"]}
    figure.close()


def test_the_energy_figure_draws_the_2030_carbon_targets_and_the_people_figure_both_urbanisation_targets(
        shipped_run):
    from model.reporting.charts import chart_data

    current = chart_data(shipped_run.results, shipped_run.scorecard, 0, "s")
    energy = _figure("energy")
    energy.update(current)
    carbon = energy.axes[[p.id for p in energy.panels].index("carbon_2030")]
    # 2026-2030: CO2 intensity -17 % (the outline) and a 25 % non-fossil share (国发〔2021〕23号), both in 2030
    assert _lines_at(carbon, 2030, 17.0, "D") and _lines_at(carbon, 2030, 25.0, "D")
    people = _figure("people")
    people.update(current)
    urban = people.axes[[p.id for p in people.panels].index("urbanisation")]
    # 专栏2: 67 %; 第五章第一节二: about 70 %; both for 2025
    assert _lines_at(urban, 2025, 67.0, "D") and _lines_at(urban, 2025, 70.0, "D")
    assert len(people.axes) == 6 and people.figure.get_size_inches()[1] == pytest.approx(2 * 3.2)
    energy.close()
    people.close()


def test_the_excel_export_has_a_sheet_for_the_new_themes(tmp_path, shipped_run):
    import openpyxl

    from model.execution.tables import write_excel
    from model.runs.results import results_table

    write_excel(results_table(shipped_run.results, shipped_run.ids), tmp_path / "r.xlsx")
    sheets = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True).sheetnames
    assert {"Prices and current prices", "People, jobs and incomes"} <= set(sheets)


# --------------------------------------------------------------------------- the plan against what happened

def _observed_scenario(tmp_path: Path, rows: list[str], draws: int = 0) -> Path:
    """A child of services-led naming one observation file (test data, not statistics)."""
    (tmp_path / "obs.csv").write_text("variable,unit,year,value,source\n" + "\n".join(rows) + "\n",
                                      encoding="utf-8")
    (tmp_path / "observed-child.yaml").write_text(
        "id: observed-child\ntitle: 观测测试\ninherits: services-led\nobserved: [obs.csv]\n"
        f"report:\n  uncertainty_draws: {draws}\n  uncertainty_seed: 7\n", encoding="utf-8")
    return tmp_path / "observed-child.yaml"


def _blocks_after(blocks: list[dict], title: str) -> list[dict]:
    k = next(j for j, b in enumerate(blocks) if b.get("kind") == "heading" and b.get("text") == title)
    return blocks[k + 1:]


def test_scorecard_shows_the_observed_value_and_its_verdict_beside_the_model(tmp_path):
    # a copper output of 250 kt in 2025 (test value) against the plan's >= 300 kt: missed
    path = _observed_scenario(tmp_path, ["Production|Copper,kt,2025,250,test fixture (not a statistic)"])
    s = load_scenarios([path])[0]
    output = run_scenarios([s])
    blocks = scenario_report_content(output, 0, None, Scenario.from_defaults(), "zh", STAMP)["blocks"]
    card = next(b for b in _blocks_after(blocks, UI["scorecard"][0]) if b["kind"] == "table")
    assert card["header"][-2:] == [UI["col_observed"][0], UI["col_observed_status"][0]]
    copper = next(r for r in card["rows"] if r[0] == "铜冶炼产量")
    assert copper[-2] == "250.00" and copper[-1] == {"text": "未达成", "status": "missed"}
    # a target nobody observed says so
    zinc = next(r for r in card["rows"] if r[0] == "锌冶炼产量")
    assert zinc[-2:] == ["-", "-"]
    # the summary counts the targets the statistics judge: one, missed
    assert any(b["kind"] == "paragraph" and b["text"].startswith("按已公布的统计数据，1项目标可作终期评估：达成0项、未达成1项")
               for b in blocks[:4])


def test_model_and_observed_section_tabulates_every_banner_observation(tmp_path):
    path = _observed_scenario(tmp_path, ["GDP|Nominal,亿元,2023,100,test fixture (not a statistic)",
                                         "GDP|Nominal,亿元,2015,63.04,plan-2021",
                                         "GDP|Nominal,亿元,2023,900,test fixture for Bayannur,Bayannur"])
    (tmp_path / "obs.csv").write_text((tmp_path / "obs.csv").read_text().replace(
        "variable,unit,year,value,source\n", "variable,unit,year,value,source,region\n"), encoding="utf-8")
    s, base = load_scenarios([path, SCENARIOS / "baseline.yaml"])
    output = run_scenarios([s])
    blocks = scenario_report_content(output, 0, None, base, "en", STAMP)["blocks"]
    section = _blocks_after(blocks, UI["model_observed"][1])
    table = next(b for b in section if b["kind"] == "table")
    # the banner's two rows, Bayannur's left out; this scenario, the plan as written and the replay
    assert len(table["rows"]) == 2
    assert table["header"][3:6] == [UI["col_this_scenario"][1], UI["col_plan_as_written"][1], UI["col_fitted"][1]]
    row_2023 = next(r for r in table["rows"] if r[1] == "2023")
    model = float(output.results["GDP|Nominal"][0, 3])
    # error = 100 * (model - 100) / 100 per cent, under the value
    value, error = row_2023[3].split("\n")
    assert value == f"{model:,.2f}" and error == f"{model - 100:+.1f}%"
    # before 2020 the model has no value
    assert next(r for r in table["rows"] if r[1] == "2015")[3] == "-"
    # sources in full: the plan's citation from data/sources.csv, and the fixture's own words
    items = next(b for b in section if b["kind"] == "bullets")["items"]
    assert any("乌拉特后旗国民经济和社会发展第十四个五年规划" in i and "(plan-2021)" in i for i in items)
    assert any(i.endswith("test fixture (not a statistic)") for i in items)
    # the fitted scenario: the parameters the replay moves, with the plan's value beside them
    fitted = next(b for b in section if b["kind"] == "table" and b["header"][-1] == UI["col_bound"][1])
    replay = load_scenarios([ROOT / "scenarios" / "replay-2021-2025.yaml"])[0]
    assert {r[0].rsplit("(", 1)[1].rstrip(")") for r in fitted["rows"]} == set(replay.overrides)


def test_no_model_and_observed_section_without_observations(tmp_path):
    (tmp_path / "plain.yaml").write_text("id: plain\ntitle: 无观测\ninherits: services-led\nobserved: []\n"
                                         "report:\n  uncertainty_draws: 0\n", encoding="utf-8")
    s = load_scenarios([tmp_path / "plain.yaml"])[0]
    blocks = scenario_report_content(run_scenarios([s]), 0, None, Scenario.from_defaults(), "zh", STAMP)["blocks"]
    assert not [b for b in blocks if b.get("text") == UI["model_observed"][0]]


def test_weights_that_are_all_equal_give_the_unweighted_probabilities(tmp_path):
    # the 2020 census population (5.39 万) is a fixed parameter: every draw reproduces it, so every
    # weight is 1/64, the effective sample size is 64 and each weighted share equals the plain one
    path = _observed_scenario(tmp_path, ["Population|Resident,万人,2020,5.39,census7-ranking"], draws=64)
    s = load_scenarios([path])[0]
    output = run_scenarios([s])
    blocks = scenario_report_content(output, 0, None, Scenario.from_defaults(), "en", STAMP)["blocks"]
    section = _blocks_after(blocks, UI["uncertainty"][1])
    note = next(b for b in section if b["kind"] == "paragraph" and b["text"].startswith("Weighted"))
    assert "effective sample size 64 of 64 draws" in note["text"]
    # 64 < 100: the warning stands under it
    assert any(b["kind"] == "callout" and b["title"].startswith("The effective sample size is below 100")
               for b in section)
    table = next(b for b in section if b["kind"] == "table" and b["header"][2] == UI["probability_prior"][1])
    assert table["rows"] and all(r[2] == r[3] for r in table["rows"])


def test_weighted_probabilities_follow_the_observations(tmp_path):
    # a primary share of 2 % in 2025 at current prices (test value) against the plan's 6 +/- 1: the
    # draws nearest it (the lowest shares, about 4.4 %) carry the weight, whose error is 1 point
    # (the floor for rates): exp(-(4.4 - 2)^2 / 2) = 0.056 against exp(-(6.3 - 2)^2 / 2) = 1e-4 for
    # a draw that meets the target, so the weighted probability falls well below the plain one
    path = _observed_scenario(tmp_path, ["Share|Primary|Nominal,%,2025,2,test fixture (not a statistic)"],
                              draws=64)
    from model.reporting.uncertainty_section import report_ensemble

    s = load_scenarios([path])[0]
    obs = run_scenarios([s]).observed(0).fittable()
    ens = report_ensemble(s, 64, 7, ["GDP"], obs)
    assert ens.probabilities["share_primary_2025"] > 0.5
    assert ens.weighted["share_primary_2025"] < 0.25
    assert ens.weighting["effective_sample_size"] < 64


# --------------------------------------------------------------------------- reports that read right

def test_acid_finding_speaks_only_of_quantities_that_are_there():
    s = load_scenarios([SCENARIOS / "slower-industry.yaml"])[0]
    rows = {r["diagnostic"]: r for r in run_scenarios([s]).diagnostics.rows(0, "zh")}
    # slower industry: no acid left over in any year, 2025's sulfur chemicals short of acid
    assert not rows["acid_balance"]["found"] and rows["acid_shortfall"]["found"]
    for r in rows.values():
        assert "累计0千吨" not in r["explanation"] and "为0千吨" not in r["explanation"]


def test_chinese_report_cites_plan_sections_in_chinese(zh_report):
    text = pdftotext(zh_report)
    assert re.search(r"第四章\s*引言", text) and re.search(r"专栏\s*2\s*第\s*1\s*行", text)
    assert not re.search(r"\bintro\b|\brows?\s+\d|\bCh\.\s*\d|\bBox\s+\d", text)


def test_english_report_cites_plan_sections_in_english(en_report):
    text = pdftotext(en_report)
    assert "Ch. 4 intro" in text and "Box 2 row 1" in text and "Ch. 4 §1.1" in text
    assert "第四章" not in text and "专栏" not in text


def test_cover_names_the_scenario_file_relative_to_the_project(zh_report):
    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(zh_report), "-"],
                                capture_output=True, text=True).stdout
    assert "scenarios/slower-industry.yaml" in first_page
    assert str(ROOT) not in first_page


def test_report_has_the_model_and_observed_section_and_weighted_probabilities(zh_report, en_report):
    zh, en = re.sub(r"\s", "", pdftotext(zh_report)), re.sub(r"\s+", " ", pdftotext(en_report))
    assert "模型与实际" in zh and "Model and observed" in en
    assert "校准情景" in zh and "数据来源" in zh
    # the 2023 banner work report's 113 亿元 in the table, its source in full
    assert "113.00" in zh and "2024年乌拉特后旗政府工作报告" in zh
    assert "按观测加权" in zh and "有效样本量" in zh
    assert "Given the observations" in en and "effective sample size" in en


# --------------------------------------------------------------------------- prepared ahead

def test_a_prepared_report_is_the_same_report_and_a_changed_file_is_assembled_anew(tmp_path):
    from model.reporting import report as report_module

    scenario = tmp_path / "prepared.yaml"
    scenario.write_text("id: prepared\ntitle: 预先准备\ndescription: first words\ninherits: services-led\n"
                        "report:\n  uncertainty_draws: 0\n", encoding="utf-8")
    stamp = STAMP.isoformat()
    cold = render(str(scenario), lang="en", out_dir=str(tmp_path / "cold"), timestamp=stamp)
    report_module.prepare(str(scenario), lang="en", timestamp=stamp)
    assert len(report_module._PREPARED) == 1
    warm = render(str(scenario), lang="en", out_dir=str(tmp_path / "warm"), timestamp=stamp)
    assert not report_module._PREPARED  # used, and used once
    assert pdftotext(warm.pdf) == pdftotext(cold.pdf) and warm.summary == cold.summary
    # the file changes between prepare and render: the report says what the file says now
    report_module.prepare(str(scenario), lang="en", timestamp=stamp)
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("first words", "second words"),
                        encoding="utf-8")
    changed = render(str(scenario), lang="en", out_dir=str(tmp_path / "changed"), timestamp=stamp)
    assert "second words" in pdftotext(changed.pdf) and "first words" not in pdftotext(changed.pdf)
    report_module._PREPARED.clear()

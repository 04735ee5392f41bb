"""The explorer with scenarios: load, reset, reference, save; uncertainty bands; goal seeking.

Driven through the widget objects, as tests/test_explorer.py does (its fixture and
helpers are used here); expected values come from the model run on its own or by
hand from a cited number.
"""
from __future__ import annotations

import html
import re
import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core import REGISTRY
from model.core.timeline import YEARS
from model.errors import UserInputError
from model.explorer import ExplorerState
from model.explorer.chart_tabs import ChartPane
from model.explorer.goalseek_panel import GoalSeekPanel
from model.explorer.panels import chart_variables
from model.explorer.state import ExplorerError, inherits_reference
from model.provenance import DEFAULT_SEED
from model.runs.runner import run_scenarios
from model.scenarios import SCENARIO_DIR, ScenarioProblem, load_scenario
from model.scenarios.problems import MESSAGES
from model.text import format_number, has_cjk

from conftest import run_cli
from test_explorer import BASELINE, _cells, _model_run, _type, explorer  # noqa: F401 (the fixture)


# --------------------------------------------------------------------------- scenarios in and out

def test_load_reset_and_reference(explorer):
    services = SCENARIO_DIR / "services-led.yaml"
    explorer.load(services)
    scenario = load_scenario(services)
    resolved = scenario.resolved()
    assert explorer.state.values == resolved
    assert explorer.controls["growth_tertiary"].get_value() == resolved["growth_tertiary"]
    expected = run_scenarios([scenario])
    np.testing.assert_array_equal(explorer.output.results["GDP"], expected.results["GDP"])
    explorer.controls["va_2020_mining"].input.value = 20.0
    explorer.reset()
    assert explorer.state.values == resolved and explorer.state.overrides() == {}
    np.testing.assert_array_equal(explorer.output.results["GDP"], expected.results["GDP"])

    slower = SCENARIO_DIR / "slower-industry.yaml"
    explorer.set_reference(slower)
    ref = run_scenarios([load_scenario(slower)])
    explorer.scorecard.show_unmodelled.value = True
    cells = _cells(explorer.scorecard.html, "sc-ref")
    for row in ref.scorecard.rows(0, "zh"):
        assert cells[row["target"]] == format_number(row["value"])
    np.testing.assert_array_equal(explorer.reference_output.results["GDP"], ref.results["GDP"])


def test_reset_and_picking_a_scenario_ask_before_discarding_changes(explorer):
    explorer._reset_clicked()  # nothing changed: nothing to ask
    assert explorer.confirm_bar.layout.display == "none" and "没有需要重置" in explorer.start_message.value
    explorer.set_value("va_2020_mining", 16.0)
    explorer._reset_clicked()
    assert explorer.confirm_bar.layout.display == "flex" and "1 项修改" in explorer.confirm_text.value
    explorer._cancel()
    assert explorer.state.overrides() == {"va_2020_mining": 16.0}
    services = str((SCENARIO_DIR / "services-led.yaml").resolve())
    explorer.start_pick.value = services  # picking applies at once, after asking
    assert explorer.state.base.id == "baseline" and explorer.confirm_bar.layout.display == "flex"
    explorer._confirm()
    assert explorer.state.base.id == "services-led" and explorer.state.overrides() == {}
    assert "services-led.yaml" in explorer.start_message.value
    explorer.start_pick.value = str(BASELINE.resolve())  # no changes: loads without asking
    assert explorer.state.base.id == "baseline" and explorer.confirm_bar.layout.display == "none"


def test_a_missing_file_is_said_beside_the_load_button_with_a_project_relative_path(explorer):
    explorer.start_path.value = "scenarios/no-such-file.yaml"
    explorer._load_clicked()
    assert "找不到文件：scenarios/no-such-file.yaml" in explorer.start_message.value
    assert "/work" not in explorer.start_message.value and explorer.state.base.id == "baseline"
    explorer.set_lang("en")
    assert "file not found: scenarios/no-such-file.yaml" in explorer.start_message.value
    explorer.set_value("va_2020_mining", 16.0)  # the message described an older state: it goes
    assert explorer.start_message.value == ""


def test_a_bad_scenario_file_is_explained_line_by_line_in_the_language_of_the_page(explorer, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad Id\ntitle: {zh: 坏, en: bad}\nlevers:\n  growth_mining: 9\n  growth_minig: 0.1\n",
                   encoding="utf-8")
    explorer.start_path.value = str(bad)
    explorer._load_clicked()
    lines = html.unescape(re.sub(r"<[^>]+>", "\n", explorer.start_message.value)).split("\n")
    lines = [line for line in lines if line]
    # the registry's bounds of growth_mining: -0.3 to 0.5 (1/年); 9 is outside them
    assert lines == ["无法载入，文件有以下问题：",
                     f"{bad}:1: id: 应为小写字母、数字、'-' 或 '_'（例如 slower-industry），实际为 'Bad Id'",
                     f"{bad}:4: levers.growth_mining: 应为介于 -0.3 与 0.5 1/年 之间的值，实际为 9",
                     f"{bad}:5: levers.growth_minig: 未知参数；是否应为 'growth_mining'？"]
    assert explorer.state.base.id == "baseline"  # nothing changed
    explorer.set_lang("en")
    lines = [line for line in html.unescape(re.sub(r"<[^>]+>", "\n", explorer.start_message.value)).split("\n")
             if line]
    assert lines == ["Cannot load; the file has these problems:",
                     f"{bad}:1: id: expected lower-case letters, digits, '-' or '_' (for example slower-industry), "
                     "got 'Bad Id'",
                     f"{bad}:4: levers.growth_mining: expected a value between -0.3 and 0.5 per year, got 9",
                     f"{bad}:5: levers.growth_minig: unknown parameter; did you mean 'growth_mining'?"]
    # the command line says the same in English, as it always did
    result = run_cli("validate", str(bad))
    assert result.returncode == 2 and lines[2] in result.stderr + result.stdout


def test_every_kind_of_file_problem_has_the_same_blanks_in_chinese_and_english():
    for kind, (zh, en) in MESSAGES.items():
        blanks = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in (zh, en)]
        assert blanks[0] == blanks[1], kind
        assert not has_cjk(en), kind
    # a problem reads the same in both languages where its words are not the table's (an OS's reason)
    problem = ScenarioProblem("x.yaml", 3, "levers.a", "Permission denied")
    assert problem.text("zh") == problem.text("en") == str(problem) == "x.yaml:3: levers.a: Permission denied"


def _fill_save_form(explorer, target, scenario_id="mine", zh="我的情景", en="Mine"):
    form = explorer.save_form
    form.id.value, form.title_zh.value, form.title_en.value = scenario_id, zh, en
    form.file.value = str(target)


@pytest.mark.slow
def test_saved_scenario_records_only_changes_and_reproduces_results_in_the_cli(explorer, tmp_path):
    explorer.controls["va_2020_mining"].input.value = 16.5                       # an assumption
    _type(explorer.controls["growth_tertiary"], "8.5", 2025)                     # a lever path, in %
    target = tmp_path / "mine.yaml"
    _fill_save_form(explorer, target)
    explorer.save_form.note.value = "Mining 16.5 and faster services."
    explorer.save_form.submit()
    assert "mine.yaml" in explorer.save_form.message.value
    text = target.read_text(encoding="utf-8")
    assert "growth_tertiary: {2021: 0.071, 2025: 0.085, 2026: 0.05, 2035: 0.05}" in text  # fractions
    assert "= {2021: 7.1, 2025: 8.5, 2026: 5, 2035: 5} %/年" in text                  # and per cent
    saved = load_scenario(target)
    assert saved.parent is not None and saved.parent.id == "baseline"
    assert saved.assumptions == {"va_2020_mining": 16.5}
    assert set(saved.levers) == {"growth_tertiary"} and saved.levers["growth_tertiary"][2025] == 0.085
    assert saved.description == "Mining 16.5 and faster services."
    assert saved.resolved() == explorer.state.values
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".tmp-")]
    explorer.set_value("va_2020_mining", 17.0)  # a stale message goes with the change
    assert explorer.save_form.message.value == ""

    out = tmp_path / "out"
    explorer.set_value("va_2020_mining", 16.5)
    proc = run_cli("run", str(target), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(out / "mine" / "results.csv")
    for name, arr in explorer.output.results.items():
        rows = table[table["variable"] == name].sort_values("year")
        assert rows["year"].tolist() == YEARS.tolist()
        np.testing.assert_array_equal(rows["value"].to_numpy(), arr[0], err_msg=name)


def test_save_never_overwrites_without_confirmation(explorer, tmp_path):
    target = tmp_path / "exists.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    explorer.controls["va_2020_mining"].input.value = 16.0
    with pytest.raises(UserInputError, match="exists"):
        explorer.save(target, "exists", "已有", "Existing")
    assert target.read_text(encoding="utf-8") == "keep me\n"
    _fill_save_form(explorer, target, "exists", "已有", "Existing")
    explorer.save_form.submit()
    assert "已存在" in explorer.save_form.message.value and "确认覆盖" in explorer.save_form.message.value
    assert target.read_text(encoding="utf-8") == "keep me\n"
    explorer.save_form.overwrite.value = True
    explorer.save_form.submit()
    assert load_scenario(target).assumptions == {"va_2020_mining": 16.0}
    assert explorer.save_form.overwrite.value is False  # the confirmation is for one save only


def test_save_refuses_the_parent_file_bad_ids_and_leaves_nothing(explorer, tmp_path):
    with pytest.raises(UserInputError, match="inherits from"):
        explorer.save(BASELINE, "copy", "副本", "Copy", overwrite=True)
    with pytest.raises(UserInputError, match="already used"):
        explorer.save(tmp_path / "b.yaml", "baseline", "副本", "Copy")
    with pytest.raises(ExplorerError, match="lower-case") as bad_id:
        explorer.save(tmp_path / "c.yaml", "My Scenario 2!", "副本", "Copy")
    assert ".tmp-" not in str(bad_id.value) and "小写字母" in bad_id.value.zh
    assert list(tmp_path.iterdir()) == []


def test_inherits_reference_uses_the_id_or_a_relative_path(tmp_path):
    base = load_scenario(BASELINE)
    assert inherits_reference(base, SCENARIO_DIR / "new.yaml") == "baseline"
    assert inherits_reference(base, tmp_path / "new.yaml") == "baseline"  # found in scenarios/ by id
    (tmp_path / "baseline.yaml").write_text("id: other\ntitle: {zh: 别, en: other}\n", encoding="utf-8")
    ref = inherits_reference(base, tmp_path / "new.yaml")
    assert ref.endswith("baseline.yaml") and (tmp_path / ref).resolve() == BASELINE.resolve()


def test_state_overrides_compare_arrays_not_spelling():
    state = ExplorerState.from_file(BASELINE)
    default = REGISTRY["growth_tertiary"].default
    state.set("growth_tertiary", {y: v for y, v in default.items()})
    assert state.overrides() == {}
    state.set("va_2020_mining", 15.5)
    assert state.changed() == {"lever": [], "assumption": ["va_2020_mining"]}


def test_explorer_displays_as_its_widget(explorer):
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    assert "乌拉特后旗" in explorer.title.value
    assert isinstance(explorer.charts.panes["economy"], ChartPane)
    # the charts come first in the page's order (shown on the right, first when the columns stack)
    main = explorer.widget.children[-1]
    assert main.children[0].children[1] is explorer.charts.tabs and main.layout.flex_flow == "row-reverse wrap"


# --------------------------------------------------------------------------- uncertainty and goal seeking

def test_uncertainty_toggle_draws_the_models_bands_and_probabilities(explorer):
    from model.analysis.ensemble import quick_bands, target_probabilities

    explorer.uncertainty.draws.value = 100
    explorer.uncertainty.toggle.value = True
    scenario = explorer.state.scenario()
    bands = quick_bands(scenario, 100, DEFAULT_SEED, chart_variables())
    for v, band in bands.items():
        np.testing.assert_array_equal(explorer.bands[v], band, err_msg=v)
    probabilities = target_probabilities(scenario, 100, DEFAULT_SEED)
    explorer.scorecard.show_unmodelled.value = True
    cells = _cells(explorer.scorecard.html, "sc-prob")
    for tid, p in probabilities.items():
        assert cells[tid] == ("-" if np.isnan(p) else f"{100 * p:.0f}%")
    fig = explorer.charts.panes["economy"].figure
    poly = fig._fans[("gdp", "GDP", 0)]
    ys = poly.get_paths()[0].vertices[:, 1]
    np.testing.assert_allclose(ys[:len(YEARS)], bands["GDP"][0])
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "5–95% 区间" in legend and "25–75% 区间" in legend  # the bands are named
    explorer.uncertainty.toggle.value = False
    assert explorer.bands is None and "sc-prob" not in explorer.scorecard.html
    assert fig._fans[("gdp", "GDP", 0)].get_paths() == []
    assert "5–95% 区间" not in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_goal_seeking_keeps_the_anchor_years_and_applies_a_rounded_answer(explorer):
    _type(explorer.controls["growth_tertiary"], "8", 2025)
    g = explorer.goalseek
    assert g.lever.value == "growth_tertiary" and g.path_mode.value == "plan"  # the lever just moved
    assert g.quantity.value == "target:share_tertiary_2025" and g.target_value.value == "24"
    g.solve()
    assert g.answer is not None and not g.apply_button.disabled
    g.apply()
    path = explorer.state.values["growth_tertiary"]
    x = path[2021]
    # 2021-2025 at one value on the 0.1 % step; 2026 and 2035 keep 5 %/yr; 2020 keeps 7.1 %
    assert path == {2020: 0.071, 2021: x, 2025: x, 2026: 0.05, 2035: 0.05}
    assert round(x * 1000) == x * 1000
    assert tuple(explorer.controls["growth_tertiary"].boxes) == (2020, 2021, 2025, 2026, 2035)
    status = dict(zip((t.id for t in explorer.output.scorecard.targets), explorer.output.scorecard.status[0]))
    assert status["share_tertiary_2025"] == "met"  # 24 % within its tolerance (第四章 intro)
    assert "按步长 0.1 取整" in g.result.value


def test_an_unreachable_target_is_said_plainly_and_a_near_miss_within_tolerance_is_offered(explorer):
    g = explorer.goalseek
    g.select("growth_tertiary")
    g.path_mode.value = "from"
    g.from_year.value = "2023"
    g.target_value.value = "40"
    g.solve()
    assert g.answer is None and g.apply_button.disabled
    assert "达不到 40 %" in g.result.value and "最接近的是" in g.result.value
    assert "infeasible" not in g.result.value
    # with 18.5 亿元 of services in 2020 the 2023-2035 path reaches about 23.7 % at most, within
    # the plan's 24 ±1 (the scorecard's tolerance_structure_pp): offered as the answer
    explorer.set_value("va_2020_tertiary", 18.5)
    g.select("growth_tertiary")
    g.target_value.value = "24"
    g.solve()
    assert g.answer is not None and "容许范围内" in g.result.value
    g.apply()
    status = dict(zip((t.id for t in explorer.output.scorecard.targets), explorer.output.scorecard.status[0]))
    assert status["share_tertiary_2025"] == "met"


def test_a_goal_seek_form_entry_that_cannot_be_read_is_said_and_nothing_is_solved(explorer):
    g = explorer.goalseek
    g.target_value.value = "24,5"
    g.solve()
    assert g.answer is None and "目标值" in g.result.value and "24.5" in g.result.value
    g.target_value.value = "24"
    g.select("growth_tertiary")
    g.path_mode.value = "from"
    g.from_year.value = "2040"  # not silently clamped to 2035: refused
    g.solve()
    assert g.answer is None and "起始年份应为2020-2035之间的整数" in g.result.value


def test_goal_seek_panel_needs_only_the_registry_a_scenario_and_a_way_to_apply():
    """The panel runs on its own: it asks the scenario it is given and hands the answer to ``apply``."""
    base = load_scenario(BASELINE)
    applied = []
    g = GoalSeekPanel(REGISTRY, "en", lambda: base, applied.append)
    g.select("growth_tertiary")
    g.path_mode.value = "whole"
    g.solve()
    g.apply()
    assert applied == [g.answer] and isinstance(applied[0]["growth_tertiary"], float)  # one value
    run = _model_run(applied[0])
    j = [t.id for t in run.scorecard.targets].index("share_tertiary_2025")
    assert abs(run.scorecard.value[0, j] - 24.0) <= REGISTRY["tolerance_structure_pp"].default

    def refuse(values):
        raise UserInputError("growth_tertiary: refused here")

    g._apply = refuse
    g.apply()
    assert "refused here" in g.result.value


def test_a_refused_value_reads_as_it_would_in_a_scenario_file(explorer, tmp_path):
    """One rule for values: the explorer's message is the scenario file's, after the parameter's name."""
    from model.scenarios import ScenarioError

    cases = {"va_2020_mining": ("assumptions", REGISTRY["va_2020_mining"].upper + 1.0),
             "growth_tertiary": ("levers", {2021: 0.05, 2025: 9.0})}
    for name, (section, value) in cases.items():
        bad = tmp_path / f"{name}.yaml"
        bad.write_text(f"id: bad\ntitle: {{zh: 坏, en: bad}}\n{section}:\n  {name}: {value}\n", encoding="utf-8")
        with pytest.raises(ScenarioError) as file_error:
            load_scenario(bad)
        (problem,) = file_error.value.problems
        with pytest.raises(UserInputError) as explorer_error:
            explorer.state.set(name, value)
        assert str(explorer_error.value) == f"{name}: {problem.message}"


def test_applying_values_changes_nothing_when_one_is_refused(explorer):
    before = dict(explorer.state.values)
    count = explorer.refresh_count
    with pytest.raises(UserInputError, match="growth_mining"):
        explorer.apply_values({"va_2020_mining": 16.0, "growth_mining": 9.0})
    assert explorer.state.values == before and explorer.refresh_count == count
    explorer.apply_values({"va_2020_mining": 16.0, "growth_mining": 0.07})
    assert explorer.refresh_count == count + 1
    assert explorer.state.overrides() == {"growth_mining": 0.07, "va_2020_mining": 16.0}
    assert explorer.controls["va_2020_mining"].get_value() == 16.0


_SCALARS = [n for n, p in REGISTRY.items() if p.dtype == "float" and not p.timeseries]


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_save_and_load_round_trip_any_settings(data):
    """Property: whatever values are set, the saved file resolves to exactly them and records only changes."""
    import tempfile
    from pathlib import Path

    state = ExplorerState.from_file(BASELINE)
    names = data.draw(st.lists(st.sampled_from(_SCALARS), min_size=1, max_size=6, unique=True))
    for name in names:
        p = REGISTRY[name]
        state.set(name, data.draw(st.floats(p.lower, p.upper, allow_nan=False), label=name))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prop.yaml"
        state.save(path, "prop", "性质", "property")
        saved = load_scenario(path)
    assert saved.resolved() == state.values
    assert saved.overrides == state.overrides()



"""The explorer's widgets driven directly: controls, live results, scenarios in and out.

Expected values come from the model run on its own (``run_scenarios`` over a
scenario file or an in-memory scenario), or by hand from a cited number.
"""
from __future__ import annotations

import asyncio
import html
import math
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core import REGISTRY, THEMES
from model.core.timeline import PLAN_YEAR, YEARS, interpolate_path, year_index
from model.text import format_number
from model.errors import UserInputError
from model.explorer import Explorer, ExplorerState, build_explorer
from model.explorer.chart_tabs import ChartPane
from model.explorer.controls import (ChoiceControl, NumberControl, PathControl, make_control, nice_step,
                                     step_decimals)
from model.explorer.panels import GoalSeekPanel, chart_variables
from model.explorer.state import clean_value, inherits_reference, values_equal
from model.explorer.tables import scorecard_html
from model.provenance import DEFAULT_SEED
from model.runs.runner import run_scenarios
from model.scenarios import SCENARIO_DIR, Scenario, ScenarioError, load_scenario

from conftest import run_cli

BASELINE = SCENARIO_DIR / "baseline.yaml"


@pytest.fixture
def explorer() -> Explorer:
    ex = build_explorer(debounce_s=0)
    yield ex
    ex.close()


def _model_run(overrides: dict, base: Path = BASELINE):
    """The model's own run of ``base`` with ``overrides`` (an in-memory child scenario)."""
    parent = load_scenario(base)
    levers = {k: v for k, v in overrides.items() if REGISTRY[k].kind == "lever"}
    assumptions = {k: v for k, v in overrides.items() if REGISTRY[k].kind == "assumption"}
    child = Scenario("check", "检查", "check", parent=parent, levers=levers, assumptions=assumptions)
    return run_scenarios([child])


def _scorecard_cells(html: str, cls: str) -> dict[str, str]:
    """``data-target -> text`` of the cells of one class in the scorecard HTML."""
    out = {}
    for chunk in html.split(f'class="num {cls}')[1:]:
        target = chunk.split('data-target="', 1)[1].split('"', 1)[0]
        out[target] = chunk.split(">", 1)[1].split("<", 1)[0]
    return out


# --------------------------------------------------------------------------- controls

def test_every_parameter_gets_a_control_that_fits_its_type(explorer):
    assert set(explorer.controls) == set(REGISTRY)
    for name, p in REGISTRY.items():
        c = explorer.controls[name]
        if p.dtype == "choice":
            assert isinstance(c, ChoiceControl)
            assert [v for _, v in c.input.options] == list(p.choices)
        elif p.timeseries:
            assert isinstance(c, PathControl)
        else:
            assert isinstance(c, NumberControl)
            if math.isfinite(p.lower) and math.isfinite(p.upper):
                assert isinstance(c.input, (widgets.FloatSlider, widgets.IntSlider))
                assert (c.input.min, c.input.max) == (p.lower, p.upper)
        assert c.unit.value == html.escape(p.unit)  # the unit is shown beside every control
        assert p.source in c.label.tooltip  # source on hover
        assert p.label_zh in c.label.value


def test_controls_grouped_by_theme_levers_apart_from_assumptions(explorer):
    panel = explorer.panel
    assert panel.themes == list(REGISTRY.by_theme())
    assert panel.tabs.titles == tuple(THEMES[t][0] for t in panel.themes)
    for page, theme in zip(panel.tabs.children, panel.themes):
        rows = list(page.children)
        kinds = []
        for w in rows:
            for name, c in explorer.controls.items():
                if c.widget is w:
                    kinds.append(REGISTRY[name].kind)
                    assert REGISTRY[name].theme == theme
        # every lever comes before every assumption
        assert kinds == sorted(kinds, key=lambda k: k != "lever")
        assert isinstance(rows[-1], widgets.Accordion)  # the sources panel


def test_language_switch_relabels_controls_tables_and_charts(explorer):
    explorer.set_lang("en")
    p = REGISTRY["va_2020_mining"]
    assert p.label_en in explorer.controls["va_2020_mining"].label.value
    assert explorer.panel.tabs.titles[0] == THEMES[explorer.panel.themes[0]][1]
    assert "Plan scorecard" in explorer.scorecard.value
    pane = explorer.charts.panes["economy"]
    assert pane.figure.axes[0].get_title() == pane.figure.panels[0].title_en
    explorer.set_lang("zh")
    assert p.label_zh in explorer.controls["va_2020_mining"].label.value
    assert "规划目标记分卡" in explorer.scorecard.value


def test_nice_step_and_decimals():
    # 0..50 亿元: 50/200 = 0.25 -> the next round step is 0.5 (100 positions)
    assert nice_step(0.0, 50.0) == 0.5
    # -0.3..0.5 /yr: 0.8/200 = 0.004 -> 0.005
    assert nice_step(-0.3, 0.5) == 0.005
    assert step_decimals(0.005) == 3 and step_decimals(0.5) == 1 and step_decimals(10.0) == 0


# --------------------------------------------------------------------------- live results

def test_slider_change_updates_results_and_scorecard_as_the_model_computes(explorer):
    before_gdp = explorer.output.results["GDP"][0].copy()
    before_image = explorer.charts.panes["economy"].image.value
    explorer.controls["va_2020_mining"].input.value = 16.0
    # By hand: the 2020 split of 专栏1 puts mining at 15.0 亿元 and mining grows
    # 10 %/yr in 2021-2025 (第四章第一节), so one more 亿元 of mining in 2020 adds
    # 1.0 to GDP in 2020, 1.0 x 1.10 = 1.10 in 2021 and 1.10 x 1.10 = 1.21 in 2022.
    delta = explorer.output.results["GDP"][0] - before_gdp
    np.testing.assert_allclose(delta[:3], [1.0, 1.10, 1.21], rtol=1e-12)
    expected = _model_run({"va_2020_mining": 16.0})
    for name, arr in expected.results.items():
        np.testing.assert_array_equal(explorer.output.results[name], arr, err_msg=name)
    np.testing.assert_array_equal(explorer.output.scorecard.value, expected.scorecard.value)
    np.testing.assert_array_equal(explorer.output.scorecard.status, expected.scorecard.status)
    cells = _scorecard_cells(explorer.scorecard.value, "sc-value")
    for row in expected.scorecard.rows(0, "zh"):
        assert cells[row["target"]] == format_number(row["value"])
    assert explorer.charts.panes["economy"].image.value != before_image
    assert "2020年采矿业增加值" in explorer.changes.value


def test_choice_and_path_controls_drive_the_model(explorer):
    choice = next(n for n, p in REGISTRY.items() if p.dtype == "choice")
    p = REGISTRY[choice]
    other = next(c for c in p.choices if c != explorer.state.values[choice])
    explorer.controls[choice].input.value = other
    path = explorer.controls["growth_tertiary"]
    path.boxes[2025].value = 0.09
    expected_path = {**load_scenario(BASELINE).resolved()["growth_tertiary"], 2025: 0.09}
    assert explorer.state.values["growth_tertiary"] == expected_path
    expected = _model_run({choice: other, "growth_tertiary": expected_path})
    for name, arr in expected.results.items():
        np.testing.assert_array_equal(explorer.output.results[name], arr, err_msg=name)
    np.testing.assert_array_equal(explorer.output.diagnostics.found, expected.diagnostics.found)


def test_path_editor_reanchors_without_changing_the_path(explorer):
    c = explorer.controls["growth_tertiary"]
    before = interpolate_path(c.get_value())
    c.years_box.value = "2021, 2023, 2025, 2026, 2030, 2035"
    assert tuple(c.boxes) == (2021, 2023, 2025, 2026, 2030, 2035)
    np.testing.assert_allclose(interpolate_path(c.get_value()), before, rtol=0, atol=1e-12)
    c.years_box.value = "2019, 2040"  # outside the model's years: refused, message shown
    assert tuple(c.boxes) == (2021, 2023, 2025, 2026, 2030, 2035)
    assert "2020-2035" in c.message.value


@settings(max_examples=30, deadline=None)
@given(extra=st.sets(st.integers(2020, 2035), max_size=5))
def test_adding_anchor_years_keeps_the_path(extra):
    """Property: re-anchoring at a superset of the years leaves the yearly path unchanged."""
    p = REGISTRY["growth_tertiary"]
    seen = []
    c = make_control(p, p.default, "zh", lambda n, v: seen.append(v))
    years = sorted(set(c.boxes) | extra)
    c.years_box.value = ", ".join(map(str, years))
    assert tuple(c.boxes) == tuple(years)
    np.testing.assert_allclose(interpolate_path(c.get_value()), interpolate_path(p.default), atol=1e-12)
    if extra - set(p.default):  # new years were added: the change was reported once
        assert len(seen) == 1 and seen[0] == c.get_value()


def test_only_the_visible_chart_is_redrawn_and_only_when_its_data_changed(explorer):
    economy, livestock = explorer.charts.panes["economy"], explorer.charts.panes["livestock"]
    assert explorer.charts.visible_theme() == "economy"
    e0, l0 = economy.renders, livestock.renders
    explorer.controls["va_2020_mining"].input.value = 17.0  # changes GDP, not the herd
    assert economy.renders == e0 + 1 and livestock.renders == l0
    # the scorecard's logistics tolerance is drawn in no chart: nothing is redrawn
    explorer.controls["tolerance_logistics_share_pp"].input.value = 6.0
    assert economy.renders == e0 + 1
    explorer.charts.tabs.selected_index = list(explorer.charts.panes).index("livestock")
    assert livestock.renders == l0 + 1  # drawn when its tab opens
    # selecting a theme's controls opens its chart
    explorer.panel.tabs.selected_index = explorer.panel.themes.index("power")
    assert explorer.charts.visible_theme() == "power"
    explorer.panel.tabs.selected_index = explorer.panel.themes.index("economy")
    assert explorer.charts.visible_theme() == "economy"


def test_changes_are_debounced_into_one_refresh():
    ex = build_explorer(debounce_s=0.05)
    try:
        count = ex.refresh_count

        async def burst() -> None:
            for v in (15.5, 16.0, 16.5, 17.0, 17.5):
                ex.controls["va_2020_mining"].input.value = v
            assert ex.refresh_count == count  # nothing computed while changes arrive
            await asyncio.sleep(0.3)

        asyncio.run(burst())
        assert ex.refresh_count == count + 1
        expected = _model_run({"va_2020_mining": 17.5})
        np.testing.assert_array_equal(ex.output.results["GDP"], expected.results["GDP"])
    finally:
        ex.close()


def test_out_of_bounds_value_is_refused_with_a_message(explorer):
    name = "va_2020_mining"
    p = REGISTRY[name]
    too_big = p.upper + 1.0
    with pytest.raises(UserInputError, match=f"between {p.lower:g} and {p.upper:g}"):
        explorer.state.set(name, too_big)
    explorer._control_changed(name, too_big)
    assert "va_2020_mining" in explorer.status.value
    assert explorer.state.values[name] == load_scenario(BASELINE).resolved()[name]


def test_clean_value_rounds_slider_arithmetic():
    p = REGISTRY["growth_mining"]
    assert clean_value(p, 0.1 + 0.001) == 0.101
    assert clean_value(p, {2021: 0.1 + 0.2, 2035: 0.05}) == {2021: 0.3, 2035: 0.05}
    assert values_equal(p, 0.05, {2021: 0.05, 2035: 0.05})


# --------------------------------------------------------------------------- scenarios in and out

def test_load_reset_and_reference(explorer):
    services = SCENARIO_DIR / "services-led.yaml"
    explorer.load(services)
    scenario = load_scenario(services)
    resolved = scenario.resolved()
    assert explorer.state.values == resolved
    assert explorer.controls["growth_tertiary"].boxes[2021].value == resolved["growth_tertiary"][2021]
    expected = run_scenarios([scenario])
    np.testing.assert_array_equal(explorer.output.results["GDP"], expected.results["GDP"])
    explorer.controls["va_2020_mining"].input.value = 20.0
    explorer.reset()
    assert explorer.state.values == resolved and explorer.state.overrides() == {}
    np.testing.assert_array_equal(explorer.output.results["GDP"], expected.results["GDP"])

    slower = SCENARIO_DIR / "slower-industry.yaml"
    explorer.set_reference(slower)
    ref = run_scenarios([load_scenario(slower)])
    cells = _scorecard_cells(explorer.scorecard.value, "sc-ref")
    for row in ref.scorecard.rows(0, "zh"):
        assert cells[row["target"]] == format_number(row["value"])
    np.testing.assert_array_equal(explorer.reference_output.results["GDP"], ref.results["GDP"])


def test_bad_scenario_file_gives_one_clear_line(explorer, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: {zh: 坏, en: bad}\nlevers:\n  growth_mining: 9\n", encoding="utf-8")
    explorer.start_path.value = str(bad)
    explorer._load_clicked()
    assert "growth_mining" in explorer.status.value and "between" in explorer.status.value
    assert explorer.state.base.id == "baseline"  # nothing changed


@pytest.mark.slow
def test_saved_scenario_records_only_changes_and_reproduces_results_in_the_cli(explorer, tmp_path):
    explorer.controls["va_2020_mining"].input.value = 16.5                       # an assumption
    explorer.controls["growth_tertiary"].boxes[2025].value = 0.085              # a lever path
    target = tmp_path / "mine.yaml"
    explorer.save_id.value = "mine"
    explorer.save_title_zh.value = "我的情景"
    explorer.save_title_en.value = "Mine"
    explorer.save_note.value = "Mining 16.5 and faster services."
    explorer.save_file.value = str(target)
    explorer._save_clicked()
    assert "mine.yaml" in explorer.save_message.value
    saved = load_scenario(target)
    # inherits from the loaded scenario; records only the two changes, each in its section
    assert saved.parent is not None and saved.parent.id == "baseline"
    assert saved.assumptions == {"va_2020_mining": 16.5}
    assert set(saved.levers) == {"growth_tertiary"} and saved.levers["growth_tertiary"][2025] == 0.085
    assert saved.description == "Mining 16.5 and faster services."
    assert saved.resolved() == explorer.state.values
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".tmp-")]

    out = tmp_path / "out"
    proc = run_cli("run", str(target), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(out / "mine" / "results.csv")
    for name, arr in explorer.output.results.items():
        rows = table[table["variable"] == name].sort_values("year")
        assert rows["year"].tolist() == YEARS.tolist()
        np.testing.assert_array_equal(rows["value"].to_numpy(), arr[0], err_msg=name)
    targets = pd.read_csv(out / "mine" / "targets.csv")
    cli_values = targets.set_index("target")["value"]
    for j, t in enumerate(explorer.output.scorecard.targets):
        v = explorer.output.scorecard.value[0, j]
        assert (np.isnan(v) and np.isnan(cli_values[t.id])) or cli_values[t.id] == v, t.id


def test_save_never_overwrites_without_confirmation(explorer, tmp_path):
    target = tmp_path / "exists.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    explorer.controls["va_2020_mining"].input.value = 16.0
    with pytest.raises(UserInputError, match="exists"):
        explorer.save(target, "exists", "已有", "Existing")
    assert target.read_text(encoding="utf-8") == "keep me\n"
    # through the widgets: refused with a message, then replaced once confirmed
    explorer.save_id.value = "exists"
    explorer.save_title_zh.value = "已有"
    explorer.save_title_en.value = "Existing"
    explorer.save_file.value = str(target)
    explorer._save_clicked()
    assert "exists" in explorer.save_message.value and "confirm" in explorer.save_message.value
    assert target.read_text(encoding="utf-8") == "keep me\n"
    explorer.save_overwrite.value = True
    explorer._save_clicked()
    assert load_scenario(target).assumptions == {"va_2020_mining": 16.0}
    assert explorer.save_overwrite.value is False  # the confirmation is for one save only


def test_save_refuses_the_parent_file_bad_ids_and_leaves_nothing(explorer, tmp_path):
    with pytest.raises(UserInputError, match="inherits from"):
        explorer.save(BASELINE, "copy", "副本", "Copy", overwrite=True)
    with pytest.raises(UserInputError, match="already used"):
        explorer.save(tmp_path / "b.yaml", "baseline", "副本", "Copy")
    with pytest.raises(ScenarioError, match="lower-case"):
        explorer.save(tmp_path / "c.yaml", "Bad Id", "副本", "Copy")
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
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id
    assert "乌拉特后旗" in explorer.title.value
    assert isinstance(explorer.charts.panes["economy"], ChartPane)
    assert scorecard_html(explorer.output, None, "en").count("<tr") == len(explorer.output.scorecard.targets) + 1


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
    cells = _scorecard_cells(explorer.scorecard.value, "sc-prob")
    for tid, p in probabilities.items():
        assert cells[tid] == ("-" if np.isnan(p) else f"{100 * p:.0f}%")
    # the GDP band is drawn around the current line: 5 % and 95 % quantiles as polygon edges
    fig = explorer.charts.panes["economy"].figure
    poly = fig._fans[("gdp", "GDP", 0)]
    ys = poly.get_paths()[0].vertices[:, 1]
    np.testing.assert_allclose(ys[:len(YEARS)], bands["GDP"][0])
    explorer.uncertainty.toggle.value = False
    assert explorer.bands is None and "sc-prob" not in explorer.scorecard.value
    assert fig._fans[("gdp", "GDP", 0)].get_paths() == []


def _ask_for_the_plans_services_share(g: GoalSeekPanel) -> None:
    """Solve for the selected lever's value that puts the services share of 2025 at 24 %
    (the plan's 6:70:24, 第四章 intro)."""
    g.objective.value = "target"
    g.quantity.value = "Share|Tertiary"
    g.target_value.value = 24.0
    g.solve()


def test_goal_seeking_for_the_selected_lever_and_applying_the_answer(explorer):
    explorer.controls["growth_tertiary"].boxes[2025].value = 0.08
    g = explorer.goalseek
    assert g.lever.value == "growth_tertiary"  # the lever just moved is selected
    _ask_for_the_plans_services_share(g)
    assert g.solution is not None and not g.apply_button.disabled
    g.apply()
    # by definition of the question: the services share in 2025 is 24 %
    assert explorer.output.results["Share|Tertiary"][0, year_index(PLAN_YEAR)] == pytest.approx(24.0, abs=1e-6)
    assert explorer.state.values["growth_tertiary"] == pytest.approx(g.solution.value)
    # an impossible target is answered with a message and nothing to apply
    g.target_value.value = 99.0
    g.solve()
    assert g.solution is None and g.apply_button.disabled
    assert "99" in g.result.value


def test_goal_seek_panel_needs_only_the_registry_a_scenario_and_a_way_to_apply():
    """The panel runs on its own: it asks the scenario it is given and hands the answer to ``apply``."""
    from model.analysis.goalseek import solution_overrides

    base = load_scenario(BASELINE)
    applied = []
    g = GoalSeekPanel(REGISTRY, "en", lambda: base, applied.append)
    g.select("growth_tertiary")
    _ask_for_the_plans_services_share(g)
    assert g.solution is not None and not g.apply_button.disabled
    g.apply()
    assert applied == [solution_overrides(base, g.solution)]
    # by definition of the question: those values put the services share of 2025 at 24 %
    run = _model_run(applied[0])
    assert run.results["Share|Tertiary"][0, year_index(PLAN_YEAR)] == pytest.approx(24.0, abs=1e-6)

    def refuse(values):
        raise UserInputError("growth_tertiary: refused here")

    g._apply = refuse
    g.apply()
    assert "refused here" in g.result.value


def test_a_refused_value_reads_as_it_would_in_a_scenario_file(explorer, tmp_path):
    """One rule for values: the explorer's message is the scenario file's, after the parameter's name."""
    cases = {"va_2020_mining": ("assumptions", REGISTRY["va_2020_mining"].upper + 1.0),
             "growth_tertiary": ("levers", {2021: 0.05, 2025: 9.0})}
    for name, (section, value) in cases.items():
        bad = tmp_path / f"{name}.yaml"
        bad.write_text(f"id: bad\ntitle: {{zh: 坏, en: bad}}\n{section}:\n  {name}: {value}\n", encoding="utf-8")
        with pytest.raises(ScenarioError) as file_error:
            load_scenario(bad)
        (problem,) = file_error.value.problems
        assert problem.key == f"{section}.{name}"
        with pytest.raises(UserInputError) as explorer_error:
            explorer.state.set(name, value)
        assert str(explorer_error.value) == f"{name}: {problem.message}"


def test_applying_values_changes_nothing_when_one_is_refused(explorer):
    before = dict(explorer.state.values)
    count = explorer.refresh_count
    with pytest.raises(UserInputError, match="growth_mining"):
        explorer.apply_values({"va_2020_mining": 16.0, "growth_mining": 9.0})
    assert explorer.state.values == before and explorer.refresh_count == count
    assert explorer.controls["va_2020_mining"].get_value() == before["va_2020_mining"]
    explorer.apply_values({"va_2020_mining": 16.0, "growth_mining": 0.07})
    assert explorer.refresh_count == count + 1
    assert explorer.state.overrides() == {"growth_mining": 0.07, "va_2020_mining": 16.0}
    assert explorer.controls["va_2020_mining"].get_value() == 16.0


_SCALARS = [n for n, p in REGISTRY.items()
            if p.dtype == "float" and not p.timeseries and math.isfinite(p.lower) and math.isfinite(p.upper)]


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_save_and_load_round_trip_any_settings(data):
    """Property: whatever values are set, the saved file resolves to exactly them and records only changes."""
    import tempfile

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
    assert set(saved.overrides) <= set(names)


def _another_value(control, p):
    """A valid value different from the control's current one (one step, inside the bounds)."""
    if isinstance(control, ChoiceControl):
        return next(c for c in p.choices if c != control.input.value)
    if isinstance(control, PathControl):
        year, box = next(iter(control.boxes.items()))
        return year, (box.value + control.step if box.value + control.step <= p.upper
                      else box.value - control.step)
    v = control.input.value
    return v + control.step if v + control.step <= p.upper else v - control.step


def test_every_control_reaches_the_model(explorer):
    """Each control, moved one step, changes that parameter's array in the model's input."""
    for name, p in REGISTRY.items():
        control = explorer.controls[name]
        count = explorer.refresh_count
        new = _another_value(control, p)
        if isinstance(control, PathControl):
            year, value = new
            control.boxes[year].value = value
            expected = {**control.get_value(), year: clean_value(p, value)}
        else:
            control.input.value = new
            expected = clean_value(p, new)
        assert explorer.refresh_count == count + 1, name
        assert values_equal(p, explorer.state.values[name], expected), name
        np.testing.assert_array_equal(explorer.output.params[name][0], p.to_array(expected), err_msg=name)


def test_blitted_chart_equals_a_full_redraw_of_the_same_state(explorer):
    """Blitting leaves no trace of earlier lines: the image equals a full draw of the final state."""
    from PIL import Image
    import io

    pane = explorer.charts.panes["economy"]
    for v in (15.5, 16.0, 16.5):  # small moves: the axes keep their limits, so these are blits
        explorer.controls["va_2020_mining"].input.value = v
    assert pane.renderer.blits >= 3
    blitted = np.asarray(Image.open(io.BytesIO(pane.image.value)))
    pane.renderer.invalidate()
    full = np.asarray(Image.open(io.BytesIO(pane.renderer.png())))
    np.testing.assert_array_equal(blitted, full)

"""The explorer's widgets driven directly: controls, live results, scenarios in and out, layout.

Expected values come from the model run on its own (``run_scenarios`` over a
scenario file or an in-memory scenario), or by hand from a cited number.
Reading typed text, the English helpers and goal-seeking paths without widgets
are in tests/test_explorer_inputs.py; the page in a real browser in
tests/test_explorer_browser.py.
"""
from __future__ import annotations

import asyncio
import html
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core import REGISTRY, THEMES
from model.core.timeline import interpolate_path
from model.errors import UserInputError
from model.explorer import Explorer, build_explorer
from model.explorer.controls import ChoiceControl, NumberControl, PathControl, make_control
from model.explorer.inputs import Display
from model.explorer.preview import preview_html
from model.explorer.style import HIDE_PREVIEW, PREVIEW_CLASS
from model.explorer.state import clean_value, values_equal
from model.explorer.tables import HEADLINE
from model.runs.runner import run_scenarios
from model.scenarios import SCENARIO_DIR, Scenario, load_scenario
from model.text import format_number, has_cjk

BASELINE = SCENARIO_DIR / "baseline.yaml"


@pytest.fixture
def explorer() -> Explorer:
    ex = build_explorer(debounce_s=0)
    yield ex
    ex.close()


def _model_run(overrides: dict, base=BASELINE):
    """The model's own run of ``base`` with ``overrides`` (an in-memory child scenario)."""
    parent = load_scenario(base)
    levers = {k: v for k, v in overrides.items() if REGISTRY[k].kind == "lever"}
    assumptions = {k: v for k, v in overrides.items() if REGISTRY[k].kind == "assumption"}
    return run_scenarios([Scenario("check", "检查", "check", parent=parent, levers=levers,
                                   assumptions=assumptions)])


def _cells(page_html: str, cls: str) -> dict[str, str]:
    """``data-target -> number`` of the scorecard cells of one class."""
    out = {}
    for m in re.finditer(rf'class="num {cls}[^"]*" data-target="([^"]+)"(?: data-value="[^"]*")?>([^<]*)',
                         page_html):
        out[m.group(1)] = m.group(2)
    return out


def _type(control, text: str, year: int | None = None) -> None:
    """Type into a control's entry box (a path's box of ``year``), as a user does."""
    box = control.boxes[year] if year is not None else control.entry
    box.value = text


# --------------------------------------------------------------------------- controls

def test_every_parameter_gets_a_control_that_fits_its_type(explorer):
    assert set(explorer.controls) == set(REGISTRY)
    for name, p in REGISTRY.items():
        c = explorer.controls[name]
        display = Display.of(p)
        if p.dtype == "choice":
            assert isinstance(c, ChoiceControl)
            assert [v for _, v in c.input.options] == list(p.choices)
        elif p.timeseries:
            assert isinstance(c, PathControl)
            assert c.unit.value == html.escape(display.unit_zh)
        else:
            assert isinstance(c, NumberControl)
            assert display.lower <= c.input.min <= c.input.max <= display.upper  # a working range
            assert c.entry.value == display.text(explorer.state.values[name])
            assert c.unit.value == html.escape(display.unit_zh)  # per cent for rates and shares
        assert p.label_zh in c.label.value
        assert "parameters.md" not in c.label.tooltip


def test_controls_grouped_by_theme_levers_apart_from_assumptions(explorer):
    panel = explorer.panel
    assert panel.themes == list(REGISTRY.by_theme())
    assert panel.tabs.titles == tuple(THEMES[t][0] for t in panel.themes)
    for k, theme in enumerate(panel.themes):
        panel.tabs.selected_index = k  # a page is built when first opened
        rows = list(panel.tabs.children[k].children)
        kinds = [REGISTRY[n].kind for n, c in panel.built.items() for w in rows if c.widget is w]
        assert all(REGISTRY[n].theme == theme for n, c in panel.built.items() if c.widget in rows)
        assert kinds == sorted(kinds, key=lambda kind: kind != "lever")  # levers first
        assert rows[-1].titles == ("参数来源与说明",)  # the sources panel


def test_a_growth_rate_is_shown_and_typed_in_per_cent(explorer):
    c = explorer.controls["growth_tertiary"]
    assert c.boxes[2021].value == "7.1" and c.unit.value == "%/年"  # 0.071 in the registry (第四章)
    _type(c, "8", 2025)
    assert explorer.state.values["growth_tertiary"][2025] == 0.08 and c.message.value == ""
    _type(c, "8%", 2021)
    assert explorer.state.values["growth_tertiary"][2021] == 0.08
    _type(c, "abc", 2025)
    assert explorer.state.values["growth_tertiary"][2025] == 0.08  # kept, and said beside the control
    assert "“abc”不是数字；保持 8.0 %/年" in c.message.value and c.boxes[2025].value == "8.0"
    expected = _model_run({"growth_tertiary": {2021: 0.08, 2025: 0.08, 2026: 0.05, 2035: 0.05}})
    np.testing.assert_array_equal(explorer.output.results["GDP"], expected.results["GDP"])


def test_a_slider_value_typed_out_of_bounds_is_refused_beside_the_control(explorer):
    c = explorer.controls["va_2020_tertiary"]
    before = explorer.state.values["va_2020_tertiary"]
    _type(c, "9999")
    assert explorer.state.values["va_2020_tertiary"] == before
    assert "高于上限 60.0 亿元" in c.message.value
    _type(c, "15,5")
    assert explorer.state.values["va_2020_tertiary"] == before and "15.5" in c.message.value
    _type(c, "40")  # beyond the working range 0..36: the slider's range follows the value
    assert explorer.state.values["va_2020_tertiary"] == 40.0 and c.message.value == ""
    assert c.input.min <= 40.0 <= c.input.max and c.input.value == 40.0


def test_language_switch_relabels_controls_tables_and_charts(explorer):
    explorer.set_lang("en")
    p = REGISTRY["va_2020_mining"]
    assert p.label_en in explorer.controls["va_2020_mining"].label.value
    assert explorer.controls["va_2020_mining"].unit.value == "100 million yuan"
    assert explorer.panel.tabs.titles[0] == THEMES[explorer.panel.themes[0]][1]
    assert "Plan scorecard" in explorer.scorecard.html
    pane = explorer.charts.panes["economy"]
    # English units, the title broken into lines that fit its panel
    assert " ".join(pane.figure.axes[0].get_title().split()) == "GDP and sectors (100 million yuan, 2020 prices)"
    explorer.set_lang("zh")
    assert p.label_zh in explorer.controls["va_2020_mining"].label.value
    assert "规划目标记分卡" in explorer.scorecard.html


def test_the_english_page_has_no_chinese_in_tabs_labels_units_and_tables(explorer):
    explorer.set_lang("en")
    texts = [*explorer.panel.tabs.titles, *explorer.charts.tabs.titles, explorer.headline.value,
             explorer.scorecard.html, explorer.diagnostics.value, explorer.changes.value,
             *(o for o, _ in explorer.goalseek.quantity.options), *(o for o, _ in explorer.goalseek.lever.options)]
    for name in REGISTRY:
        c = explorer.controls[name]  # builds every page, in English
        texts += [re.sub("<[^>]+>", "", c.label.value), c.unit.value]
    for theme, pane in explorer.charts.panes.items():
        explorer.charts.open(theme)  # each chart is drawn, in English, when its tab opens
        texts += [ax.get_title() for ax in pane.figure.axes]
    assert [t for t in texts if has_cjk(t)] == []


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
    np.testing.assert_array_equal(explorer.output.scorecard.status, expected.scorecard.status)
    explorer.scorecard.show_unmodelled.value = True
    cells = _cells(explorer.scorecard.html, "sc-value")
    for row in expected.scorecard.rows(0, "zh"):
        assert cells[row["target"]] == format_number(row["value"])
    assert explorer.charts.panes["economy"].image.value != before_image
    assert explorer.controls["va_2020_mining"].entry.value == "16.0"
    assert "2020年采矿业增加值" in explorer.changes.value


def test_the_headline_shows_the_plans_key_numbers_with_their_status(explorer):
    statuses = dict(zip((t.id for t in explorer.output.scorecard.targets), explorer.output.scorecard.status[0]))
    cards = re.findall(r'class="explorer-card (\w+)" data-headline="(\w+)"', explorer.headline.value)
    assert [key for _, key in cards] == list(HEADLINE)
    for status, key in cards:
        ids = HEADLINE[key][2]
        expected = "missed" if any(statuses[i] == "missed" for i in ids) else "met"
        assert status == expected, key


def test_the_preview_is_the_explorers_own_headline_and_needs_no_widgets_or_charts(explorer):
    # what the page shows while the widgets load: the same cards, hidden by the explorer's style
    page = preview_html(lang="zh")
    assert page.startswith(f'<div class="{PREVIEW_CLASS}">') and explorer.headline.value in page
    assert "〈基准情景（规划原文）〉的核心指标" in page
    assert HIDE_PREVIEW in explorer.widget.children[0].value  # the explorer's style sheet hides it
    english = preview_html("scenarios/services-led.yaml", lang="en")
    assert "Services-led growth" in english and not has_cjk(re.sub(r"<style>.*?</style>", "", english))
    # a fresh interpreter: the preview and the package load no matplotlib and no explorer widget
    code = ("import sys, model.explorer, model.explorer.preview; "
            "print(sorted(m for m in ('matplotlib', 'model.explorer.app', 'model.explorer.controls') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_scorecard_is_grouped_by_theme_with_unmodelled_targets_behind_a_toggle(explorer):
    view = explorer.scorecard
    targets = explorer.output.scorecard.targets
    modelled = [t.id for t in targets if t.is_modelled]
    assert sorted(_cells(view.html, "sc-value")) == sorted(modelled)
    for theme, (box, body) in view.groups.items():
        shown = re.findall(r'<tr class="\w+" data-target="([^"]+)"', body.value)
        assert all(next(t for t in targets if t.id == i).theme == theme for i in shown)
        assert box.selected_index is None  # folded
    view.show_unmodelled.value = True
    assert sorted(_cells(view.html, "sc-value")) == sorted(t.id for t in targets)


def test_a_change_is_marked_with_an_arrow_and_the_colour_of_its_direction(explorer):
    # 100 kt/yr more copper smelting than the plan's 300 kt/yr raises copper output: the ">= 300 kt"
    # target (第四章第一节一) moves towards being met, so its value is green with an up arrow
    explorer.set_value("capacity_copper_new_kt", 400.0)
    cell = re.search(r'<td class="num sc-value diff better" data-target="copper_output"[^>]*>[^<]*'
                     r'<span class=arrow> ▲</span>', explorer.scorecard.html)
    assert cell is not None
    assert 'data-target="zinc_output"' in explorer.scorecard.html
    assert re.search(r'sc-value diff \w+" data-target="zinc_output"', explorer.scorecard.html) is None


def test_choice_and_path_controls_drive_the_model(explorer):
    choice = next(n for n, p in REGISTRY.items() if p.dtype == "choice")
    p = REGISTRY[choice]
    other = next(c for c in p.choices if c != explorer.state.values[choice])
    explorer.controls[choice].input.value = other
    _type(explorer.controls["growth_tertiary"], "9", 2025)
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


def test_axes_follow_the_data_back_after_an_extreme_value_and_a_reset(explorer):
    pane = explorer.charts.panes["economy"]
    start = [ax.get_ylim() for ax in pane.figure.axes]
    explorer.set_value("growth_mining", 0.5)  # 50 %/yr, the registry's maximum
    extreme = [ax.get_ylim() for ax in pane.figure.axes]
    assert extreme[0][1] > 5 * start[0][1]
    explorer.reset()
    assert [ax.get_ylim() for ax in pane.figure.axes] == start
    # the ranges in words under the image, for readers who do not see it (and the browser test)
    assert f"{start[0][0]:g} … {start[0][1]:g}" in explorer.charts._notes["economy"].value


def test_limit_lines_are_always_inside_the_axes(explorer):
    explorer.charts.open("livestock")
    fig = explorer.charts.panes["livestock"].figure
    for (panel_id, _), value in fig.limit_values().items():
        ax = fig.axes[[p.id for p in fig.panels].index(panel_id)]
        low, high = ax.get_ylim()
        assert low <= value <= high  # 100 % of carrying capacity (第四章第二节五) in view
    assert (("stocking", "stocking_within_capacity"), 100.0) in fig.limit_values().items()


def test_the_charts_show_the_published_statistics_the_scenario_names(explorer, tmp_path):
    # baseline.yaml names observed: [../data/observed]; the economy chart's growth panel gets
    # GDP growth 2020 = -4.4 % (plan, 专栏2 row 1, data/observed/plan-history.csv) and
    # 2023 = 4 % (2024 government work report, data/observed/urad-2020-2025.csv)
    figure = explorer.charts.panes["economy"].figure
    growth = [p.id for p in figure.panels].index("growth")
    points = figure._observed[("growth", "GDP|Growth")]
    assert list(points.get_xdata()) == [2020.0, 2023.0] and list(points.get_ydata()) == [-4.4, 4.0]
    assert "观测值" in figure.axes[growth].get_legend_handles_labels()[1]
    # the same settings without observations: the chart is redrawn, the markers go
    bare = tmp_path / "bare.yaml"
    bare.write_text("id: bare\ntitle: {zh: 无观测, en: no observations}\ninherits: baseline\nobserved: []\n",
                    encoding="utf-8")
    renders = explorer.charts.panes["economy"].renders
    explorer.load(bare)
    assert explorer.charts.panes["economy"].renders == renders + 1
    assert len(points.get_xdata()) == 0
    assert "观测值" not in figure.axes[growth].get_legend_handles_labels()[1]


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
    explorer._control_changed(name, too_big)  # the page is in Chinese: so is the refusal
    assert f"未采用：va_2020_mining：应为介于 {p.lower:g} 与 {p.upper:g} 亿元 之间的值" in \
        explorer.controls[name].message.value
    assert explorer.state.values[name] == load_scenario(BASELINE).resolved()[name]


def test_clean_value_rounds_slider_arithmetic():
    p = REGISTRY["growth_mining"]
    assert clean_value(p, 0.1 + 0.001) == 0.101
    assert clean_value(p, {2021: 0.1 + 0.2, 2035: 0.05}) == {2021: 0.3, 2035: 0.05}
    assert values_equal(p, 0.05, {2021: 0.05, 2035: 0.05})


def test_every_control_reaches_the_model(explorer):
    """Each control, moved one step by typing, changes that parameter's array in the model's input."""
    for name, p in REGISTRY.items():
        control = explorer.controls[name]
        count = explorer.refresh_count
        if isinstance(control, ChoiceControl):
            new = next(c for c in p.choices if c != control.input.value)
            control.input.value = new
            expected = new
        else:
            d = control.display
            year = next(iter(control.boxes)) if isinstance(control, PathControl) else None
            current = control.get_value()[year] if year is not None else control.get_value()
            shown = d.shown(current) + d.step if d.shown(current) + d.step <= d.upper else d.shown(current) - d.step
            _type(control, f"{shown:.10g}", year)
            value = d.stored(shown)
            expected = {**control.get_value(), year: value} if year is not None else value
        assert explorer.refresh_count == count + 1, name
        assert values_equal(p, explorer.state.values[name], expected), name
        np.testing.assert_array_equal(explorer.output.params[name][0], p.to_array(expected), err_msg=name)


def test_blitted_chart_equals_a_full_redraw_of_the_same_state(explorer):
    """Blitting leaves no trace of earlier lines: the image equals a full draw of the final state."""
    import io

    from PIL import Image

    pane = explorer.charts.panes["economy"]
    for v in (15.5, 16.0, 16.5):  # small moves: the axes keep their limits, so these are blits
        explorer.controls["va_2020_mining"].input.value = v
    assert pane.renderer.blits >= 3
    blitted = np.asarray(Image.open(io.BytesIO(pane.image.value)))
    pane.renderer.invalidate()
    full = np.asarray(Image.open(io.BytesIO(pane.renderer.png())))
    np.testing.assert_array_equal(blitted, full)

"""The explorer's fit-plan panel driven through its widgets: pick levers, click, wait for the worker.

Fits are kept fast by moving one or two levers (about a second each).  Expected values come
by hand from the registry (model/core/domains/economy.py) or from the model run on its own
(``run_scenarios``); the fit's own values are what the panel must load and show.
"""
from __future__ import annotations

import asyncio
import html
import re

import numpy as np
import pytest

from model.analysis.fitplan import DEFAULT_HARD
from model.analysis.levers import fit_levers
from model.core import REGISTRY
from model.core.scorecard import TARGETS
from model.core.timeline import PLAN_YEAR, year_index
from model.explorer import Explorer
from model.explorer.fitplan_panel import TITLE
from model.runs.runner import run_scenarios
from model.scenarios import SCENARIO_DIR, load_scenario
from model.text import has_cjk

FEASIBLE = SCENARIO_DIR / "plan-feasible.yaml"
BASELINE = SCENARIO_DIR / "baseline.yaml"
#: Two growth rates: plan-feasible holds every hard limit, so a fit exists (about a second).
GROWTH = ("growth_tertiary", "growth_primary")
#: A lever that cannot bring the baseline's grassland within its capacity: no fit exists.
ACID_ONLY = ("acid_local_demand_kt",)


@pytest.fixture(scope="module")
def shared() -> Explorer:
    ex = Explorer(FEASIBLE, debounce_s=0)
    yield ex
    ex.close()


@pytest.fixture
def explorer(shared: Explorer) -> Explorer:
    """The shared explorer, on plan-feasible without changes, in Chinese, no fit shown."""
    shared.set_lang("zh")
    shared.load(FEASIBLE)
    return shared


def _rows(table_html: str) -> list[list[str]]:
    """The body rows of the moves table, cell texts unescaped."""
    rows = re.findall(r"<tr>(.*?)</tr>", table_html)[1:]
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)] for r in rows]


def _plan_year(value) -> float:
    """A lever's value in the plan year, from its scenario-file form."""
    arr = REGISTRY[value[0]].to_array(value[1])
    return float(arr[year_index(PLAN_YEAR)] if arr.ndim else arr)


def _fit(ex: Explorer, levers) -> None:
    ex.fitplan.levers.value = levers
    ex.fitplan.run_button.click()
    assert ex.fitplan.future is not None
    ex.fitplan.wait()


# --------------------------------------------------------------------------- loading a fit

def test_the_panel_offers_fit_plans_default_levers_under_its_title(explorer):
    p = explorer.fitplan
    assert set(p.levers.value) == set(fit_levers(REGISTRY))
    assert p.widget.titles == (TITLE[0],)
    p.levers.value = ("growth_primary",)
    p.defaults_button.click()
    assert set(p.levers.value) == set(fit_levers(REGISTRY))
    assert p.run_button.description == "拟合规划"


def test_a_fit_is_loaded_into_the_controls_as_changes_with_the_table_of_what_moved(explorer):
    p = explorer.fitplan
    _fit(explorer, GROWTH)
    fit = p.fit
    assert fit is not None and fit.values, p.message.value
    assert p.future is None and not p.run_button.disabled
    # the explorer holds exactly the fit's values, as changes from plan-feasible
    for name, value in fit.values.items():
        assert np.array_equal(REGISTRY[name].to_array(explorer.state.values[name]),
                              REGISTRY[name].to_array(value))
    assert set(explorer.state.overrides()) == set(fit.values)
    # the scorecard shown is the model's own run of the fitted settings
    assert explorer.output.scorecard.met[0].sum() == fit.met_after
    # one row per lever moved: label, before, → after (in %), unit %/年
    rows = _rows(p.moves.value)
    assert [r[0] for r in rows] == [REGISTRY[n].label_zh for n in GROWTH if n in fit.values]
    # before, by hand from the registry defaults (plan-feasible keeps them): growth_tertiary in
    # 2025 is 0.071 = 7.1 %, growth_primary 0.010 = 1.0 %
    by_hand = {"growth_tertiary": 7.1, "growth_primary": 1.0}
    for row, name in zip(rows, [n for n in GROWTH if n in fit.values]):
        assert float(row[1]) == pytest.approx(by_hand[name])
        assert row[2].startswith("→ ")  # six significant digits
        assert float(row[2][2:]) == pytest.approx(100 * _plan_year((name, fit.values[name])), rel=1e-5)
        assert row[3] == "%/年"
    assert "已载入拟合结果" in p.message.value and f"{fit.met_before} → {fit.met_after}" in p.message.value


def test_undo_puts_the_moved_levers_back(explorer):
    p = explorer.fitplan
    _fit(explorer, GROWTH)
    assert explorer.state.overrides()
    p.undo_button.click()
    assert explorer.state.overrides() == {}
    assert p.moves.value == "" and "已撤销拟合" in p.message.value


def test_in_english_the_panel_and_its_table_have_no_chinese(explorer):
    explorer.set_lang("en")
    p = explorer.fitplan
    _fit(explorer, GROWTH)
    assert p.fit is not None
    texts = [p.message.value, p.moves.value, p.intro.value, *p.widget.titles,
             *(label for label, _ in p.levers.options),
             *(b.description for b in (p.run_button, p.stop_button, p.undo_button, p.defaults_button))]
    assert not [t for t in texts if has_cjk(t)]
    assert p.widget.titles == (TITLE[1],)
    assert all(r[3] == "%/yr" for r in _rows(p.moves.value))


# --------------------------------------------------------------------------- when no fit is loaded

def test_no_setting_holding_the_hard_limits_is_said_beside_the_button_with_the_closest_miss(explorer):
    explorer.load(BASELINE)
    p = explorer.fitplan
    _fit(explorer, ACID_ONLY)
    assert p.fit is None and explorer.state.overrides() == {}
    # The acid demand moves no herd, so the closest miss is the baseline's own stocking, as the
    # model's scorecard of the baseline gives it (a hard limit by default).
    assert "stocking_within_capacity" in DEFAULT_HARD
    card = run_scenarios([load_scenario(BASELINE)]).scorecard
    j = [t.id for t in card.targets].index("stocking_within_capacity")
    stocking = next(t for t in TARGETS if t.id == "stocking_within_capacity")
    zh = p.message.value
    assert "explorer-error" in zh and "无法满足全部硬约束" in zh
    assert stocking.label("zh") in zh and f"{card.value[0, j]:,.2f} %" in zh
    explorer.set_lang("en")
    en = html.unescape(p.message.value)
    assert not has_cjk(en)
    assert "No setting of the 1 lever picked satisfies the hard limits" in en
    assert stocking.label("en") in en and f"{card.value[0, j]:,.2f} %" in en


def test_no_lever_picked_is_refused_in_chinese_without_starting_a_fit(explorer):
    p = explorer.fitplan
    p.levers.value = ()
    p.run_button.click()
    assert p.future is None
    assert "请至少选择一个政策变量" in p.message.value


def test_stop_ends_the_fit_and_leaves_the_settings(explorer):
    p = explorer.fitplan
    p.levers.value = GROWTH
    p.run_button.click()
    assert p.stop_button.layout.display is None and p.run_button.disabled
    p.stop_button.click()
    p.wait()
    assert explorer.state.overrides() == {} and p.fit is None
    assert "已停止" in p.message.value and p.stop_button.layout.display == "none"


def test_a_fit_for_settings_changed_meanwhile_is_not_loaded(explorer):
    p = explorer.fitplan
    p.levers.value = GROWTH
    p.run_button.click()
    explorer.set_value("growth_construction", 0.02)
    p.wait()
    assert set(explorer.state.overrides()) == {"growth_construction"} and p.fit is None
    assert "拟合期间设置已改变" in p.message.value


def test_in_a_running_event_loop_the_fit_reports_back_on_the_loop(explorer):
    p = explorer.fitplan
    p.levers.value = GROWTH

    async def click_and_wait():
        p.run_button.click()
        assert "正在拟合：2个政策变量" in p.message.value
        while p.future is not None:
            await asyncio.sleep(0.05)

    asyncio.run(asyncio.wait_for(click_and_wait(), 300))
    assert p.fit is not None and set(explorer.state.overrides()) == set(p.fit.values)


def test_the_table_shows_rates_in_per_cent_years_whole_and_six_significant_digits(explorer):
    p = explorer.fitplan
    # by hand: 0.0049720671 /yr is 0.49720671 %/yr, six digits 0.497207; 4,613.8074 MW six digits
    # 4,613.81; a year stays a year
    assert p.number_text("growth_primary", 0.0049720671, "zh") == ("0.497207", "%/年")
    assert p.number_text("wind_capacity_mw", 4613.8074, "en") == ("4,613.81", "MW")
    assert p.number_text("thermal_first_year", 2031.0, "zh")[0] == "2031"

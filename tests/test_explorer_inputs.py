"""What the explorer reads from a typed text, the English it writes, and goal-seeking answers as paths.

No widgets here: :mod:`model.explorer.inputs` (typed numbers, per cent, slider
ranges), the language helpers of :mod:`model.text` the explorer and the
reports share, and :mod:`model.analysis.goalpaths`.  Expected values are worked
out by hand in the comments.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.analysis.goalpaths import PLAN_PERIOD, path_fields, tidy_overrides
from model.analysis.goalseek import Infeasible, check_overrides, question_from_mapping, solution_overrides, solve
from model.core import REGISTRY
from model.core.scorecard import TARGETS
from model.core.simulate import VARIABLES
from model.core.timeline import LAST_YEAR, PLAN_YEAR, interpolate_path, year_index
from model.explorer.inputs import Display, nice_step, read_entry, slider_range, step_decimals
from model.explorer.state import percent_comments
from model.scenarios import SCENARIO_DIR, load_scenario
from model.text import english_units, has_cjk, plan_section, public_source, source_text, unit_text

BASELINE = SCENARIO_DIR / "baseline.yaml"
GROWTH = Display.of(REGISTRY["growth_tertiary"])    # 1/年, step 0.001 -> %/年, step 0.1


# --------------------------------------------------------------------------- per cent and typed numbers

def test_rates_and_shares_are_shown_in_per_cent_and_kept_as_fractions():
    assert (GROWTH.factor, GROWTH.unit_zh, GROWTH.unit_en) == (100.0, "%/年", "%/yr")
    assert (GROWTH.step, GROWTH.decimals) == (0.1, 1)                 # 0.001 of a fraction = 0.1 %
    assert (GROWTH.lower, GROWTH.upper) == (-20.0, 30.0)              # bounds -0.2..0.3
    assert GROWTH.text(0.071) == "7.1" and GROWTH.text(0.071, "en") == "7.1 %/yr"
    share = Display.of(REGISTRY["utilisation_copper"])                # 比例 -> %
    assert (share.unit_zh, share.shown(0.85)) == ("%", 85.0)
    money = Display.of(REGISTRY["va_2020_tertiary"])                  # 亿元 stays as it is
    assert (money.factor, money.unit_zh, money.unit_en) == (1.0, "亿元", "100 million yuan")


def test_ratios_that_are_not_shares_are_shown_as_ratios_not_per_cent():
    # 1.2 t of maize straw per t of grain, 1 kg of standard hay per kg of dry matter: ratios
    # that may exceed 1, read as they are (1.2, not 120 %)
    straw = Display.of(REGISTRY["straw_grain_ratio"])
    assert (straw.factor, straw.shown(1.2), straw.unit_zh, straw.unit_en) == (1.0, 1.2, "无量纲", "dimensionless")
    assert (straw.lower, straw.upper) == (0.5, 2.5)                  # the registry's bounds, unscaled
    hay = Display.of(REGISTRY["standard_hay_coefficient"])
    assert (hay.factor, hay.shown(1.0)) == (1.0, 1.0)
    assert hay.unit_en == "kg standard hay/kg dry matter" and not has_cjk(hay.unit_en)
    # every parameter shown in per cent is a rate (1/年) or a share (比例) of at most 100 %,
    # or a growth of a cap over a base year (a rate too, of any size)
    for name in REGISTRY:
        p = REGISTRY[name]
        if Display.of(p).percent and p.unit == "比例" and p.upper > 1:
            assert name.endswith(("_growth_vs_2020", "_growth_vs_2025")), name


@pytest.mark.parametrize("typed", ["8", "8%", "8.0", "８％", " 8 %"])
def test_eight_eight_per_cent_and_eight_point_zero_all_mean_eight_per_cent(typed):
    value, note = read_entry(typed, GROWTH, 0.071)
    assert value == 0.08 and note is None                             # 8 % = 0.08 as a fraction


def test_text_that_is_not_a_number_is_refused_and_the_value_kept():
    value, note = read_entry("abc", GROWTH, 0.071)
    assert value is None and note.refused
    assert note.zh == "“abc”不是数字；保持 7.1 %/年"
    assert note.en == "“abc” is not a number; kept 7.1 %/yr"


def test_a_decimal_comma_is_refused_with_the_dot_form_and_thousands_are_read():
    value, note = read_entry("15,5", GROWTH, 0.071)
    assert value is None and "15.5" in note.en and "15.5" in note.zh
    capacity = Display.of(REGISTRY["capacity_copper_new_kt"])        # kt/年, 0..2000
    assert read_entry("1,500", capacity, 300.0) == (1500.0, None)     # a thousands separator


def test_values_outside_the_bounds_are_refused_with_the_range_in_the_unit_on_screen():
    value, note = read_entry("9999", GROWTH, 0.071)
    assert value is None
    assert note.en == "“9999” is above the maximum 30.0 %/yr (range -20.0 to 30.0); kept 7.1 %/yr"
    value, note = read_entry("−25", GROWTH, 0.071)                    # a typographic minus
    assert value is None and "below the minimum -20.0" in note.en


def test_a_small_per_cent_after_a_larger_one_is_taken_with_a_question():
    value, note = read_entry("0.08", GROWTH, 0.071)
    assert value == pytest.approx(0.0008) and not note.refused        # 0.08 % = 0.0008
    assert "for 8.0 % type 8.0" in note.en


def test_whole_numbers_refuse_fractions_and_per_cent_signs():
    year = Display.of(REGISTRY["commissioning_copper_new"])
    assert read_entry("2024", year, 2023) == (2024, None)
    assert read_entry("2023.5", year, 2023)[0] is None
    assert read_entry("5%", year, 2023)[0] is None


@settings(max_examples=60, deadline=None)
@given(shown=st.floats(-20, 30, allow_nan=False).map(lambda x: round(x, 1)))
def test_any_value_on_screen_reads_back_to_itself(shown):
    """Property: what the box shows for a stored value is read back to the same stored value."""
    stored = GROWTH.stored(shown)
    assert read_entry(GROWTH.text(stored), GROWTH, stored) == (stored, None)


def test_nice_step_and_decimals():
    # 0..50 亿元: 50/200 = 0.25 -> the next round step is 0.5 (100 positions)
    assert nice_step(0.0, 50.0) == 0.5
    # -0.3..0.5 /yr: 0.8/200 = 0.004 -> 0.005
    assert nice_step(-0.3, 0.5) == 0.005
    assert step_decimals(0.005) == 3 and step_decimals(0.5) == 1 and step_decimals(10.0) == 0


def test_a_wide_slider_works_around_the_value_so_a_short_drag_is_a_small_change():
    d = Display.of(REGISTRY["va_2020_tertiary"])                      # 0..60 亿元, step 0.5
    # half-width = max(15.4, 15.4, 60/50, 10 x 0.5) = 15.4 -> rounded up to 20; ends on multiples
    # of 20/5 = 4: floor((15.4 - 20)/4) x 4 = -8 -> 0 (the bound), ceil((15.4 + 20)/4) x 4 = 36
    assert slider_range(d, 15.4, 15.4) == (0.0, 36.0, 0.5)
    # a share over 0..100 %: the working range would cover the bounds, so the bounds it is
    share = Display.of(REGISTRY["utilisation_copper"])
    assert slider_range(share, 85.0, 85.0) == (0.0, 100.0, 1.0)


# --------------------------------------------------------------------------- English

def test_every_unit_of_the_registry_and_the_catalogue_has_english_without_chinese():
    units = ({p.unit for p in REGISTRY.values()} | {v.unit for v in VARIABLES.values()}
             | {t.unit for t in TARGETS})
    for unit in units:
        assert not has_cjk(unit_text(unit, "en")), unit
    for p in REGISTRY.values():
        assert not has_cjk(Display.of(p).unit_en), p.name
    assert unit_text("亿元", "en") == "100 million yuan"
    assert unit_text("万吨标准煤", "en") == "10 kt coal equivalent"
    assert unit_text("万头", "en") == "10,000 head" and unit_text("万羊单位", "en") == "10,000 sheep units"
    assert unit_text("吨标准煤/万元", "en") == "tce/10,000 yuan"


def test_amounts_in_chinese_units_are_converted_in_english_text():
    # 185.0 万 = 1,850,000 = 1.85 million; 15 亿元 = 1.5 x 10^9 yuan; 12.3 万tce = 123 ktce
    assert english_units("the herd is 185.0 万 sheep units") == "the herd is 1.85 million sheep units"
    assert english_units("15 亿元 of logistics") == "1.5 billion yuan of logistics"
    assert english_units("headroom 12.3 万tce") == "headroom 123 ktce"
    assert english_units("GDP and sectors (亿元, 2020 prices)") == "GDP and sectors (100 million yuan, 2020 prices)"


def test_plan_sections_read_as_chapter_section_and_item():
    assert plan_section("第四章第二节三", "en") == "Ch. 4 §2.3"
    assert plan_section("第二章第五节; 专栏2 row 1", "en") == "Ch. 2 §5; Box 2 row 1"
    assert plan_section("第四章第一节一 (30万吨铜冶炼)", "en") == "Ch. 4 §1.1"  # the Chinese quote left out
    assert plan_section("第四章第一节一 (100万吨)", "en") == "Ch. 4 §1.1 (1,000 kt)"
    assert plan_section("第十二章第三节十一", "en") == "Ch. 12 §3.11"
    assert plan_section("第四章第二节三", "zh") == "第四章第二节三"


def test_sources_never_cite_notes_outside_the_project():
    assert public_source("parameters.md §C3: 200 kt by 2013 (news, cinic)") == "200 kt by 2013 (news, cinic)"
    assert public_source("estimate: 3.75 Mt/yr, parameters.md §C3), taken") == "estimate: 3.75 Mt/yr), taken"
    for p in REGISTRY.values():
        for lang in ("zh", "en"):
            assert ".md §" not in source_text(p.source, lang), p.name


# --------------------------------------------------------------------------- saved files

def test_a_saved_rate_keeps_its_fraction_and_says_its_per_cent_in_a_comment():
    comments = percent_comments(REGISTRY, {"growth_tertiary": {2021: 0.071, 2025: 0.08},
                                           "utilisation_copper": 0.85, "va_2020_mining": 16.0})
    assert comments == {"growth_tertiary": "= {2021: 7.1, 2025: 8} %/年", "utilisation_copper": "= 85 %"}


# --------------------------------------------------------------------------- goal seeking as a path

def _question(scenario, mode, year=None, target=24.0):
    """Hit the plan's 2025 services share (6:70:24, 第四章 intro) with the services growth path."""
    data = {"levers": ["growth_tertiary"], "target": {"quantity": "target:share_tertiary_2025", "value": target},
            **path_fields(mode, year)}
    return question_from_mapping(data, scenario)


def test_the_plan_period_mode_keeps_the_anchor_years_and_the_path_after_2025():
    base = load_scenario(BASELINE)
    before = base.resolved()["growth_tertiary"]                  # {2021: .071, 2025: .071, 2026: .05, 2035: .05}
    solution = solve(base, _question(base, "plan"))
    answer = tidy_overrides(base, solution, {"growth_tertiary": 0.001})["growth_tertiary"]
    x = round(solution.value, 3)
    # 2021-2025 take x; 2026 and 2035 keep 5 %; 2020 keeps 7.1 % (held flat before 2021 before)
    assert answer == {2020: 0.071, 2021: x, 2025: x, 2026: 0.05, 2035: 0.05}
    after, path = interpolate_path(answer), interpolate_path(before)
    np.testing.assert_array_equal(after[year_index(PLAN_YEAR) + 1:], path[year_index(PLAN_YEAR) + 1:])
    # the rounded answer still meets the plan's target: 24 % within the 1-point tolerance
    checked = check_overrides(base, solution.question, {"growth_tertiary": answer}, solution.value)
    assert abs(checked.objective_value - 24.0) <= REGISTRY["tolerance_structure_pp"].default


@pytest.mark.parametrize("mode, year", [("plan", None), ("whole", None), ("from", 2023), ("scale", None)])
def test_a_tidy_answer_is_the_path_the_solver_evaluated(mode, year):
    """Unrounded, the short path equals the solver's year-by-year path (to 12 significant digits)."""
    base = load_scenario(BASELINE)
    try:
        solution = solve(base, _question(base, mode, year, target=20.0))
    except Infeasible:
        pytest.skip("no answer for this mode")
    tidy = tidy_overrides(base, solution)["growth_tertiary"]
    every_year = solution_overrides(base, solution)["growth_tertiary"]
    np.testing.assert_allclose(interpolate_path(tidy), interpolate_path(every_year), rtol=1e-11)
    if mode == "whole":
        assert isinstance(tidy, float)
    if mode == "scale":                                                 # the anchors, each times x
        assert set(tidy) == set(base.resolved()["growth_tertiary"])
    if mode == "from":                                                  # 2020-2022 as before
        np.testing.assert_array_equal(interpolate_path(tidy)[:3],
                                      interpolate_path(base.resolved()["growth_tertiary"])[:3])


def test_an_unreachable_target_says_the_best_the_lever_can_do():
    base = load_scenario(BASELINE)
    with pytest.raises(Infeasible) as info:
        solve(base, _question(base, "from", 2023, target=40.0))
    # the highest growth (the bound, 30 %/yr) gives the highest services share
    assert info.value.reason == "unreachable" and info.value.x == pytest.approx(0.3)
    assert 0 < info.value.value < 40.0


def test_path_fields_name_the_plan_period():
    assert PLAN_PERIOD == (2021, PLAN_YEAR)
    assert path_fields("plan") == {"mode": "set", "period": [2021, PLAN_YEAR]}
    assert path_fields("from", 2028) == {"mode": "set", "period": [2028, LAST_YEAR]}
    assert path_fields("scale") == {"mode": "scale"} and path_fields("whole") == {"mode": "set"}

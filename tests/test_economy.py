"""The economy module: base year, identities, hand-computed projections, isolation.

Expected values are worked from the plan's 2020 base (专栏1: GDP 67.61 亿元,
structure 7.64 : 69.58 : 22.78) and the growth rates of each case, not taken
from the code.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core import REGISTRY, ParameterSet, simulate, year_index
from model.core.domains import economy
from model.core.domains.economy import INDUSTRIES
from model.core.formulas import compound_growth, value_added_from_output

GDP_2020 = 67.61
PRIMARY_2020 = 67.61 * 0.0764      # 5.165404
SECONDARY_2020 = 67.61 * 0.6958    # 47.043038
TERTIARY_2020 = 67.61 * 0.2278     # 15.401558
Y2025 = year_index(2025)


def _economy(primary: float, industry: float, tertiary: float, n: int = 1,
             overrides: dict[str, float] | None = None) -> dict[str, np.ndarray]:
    """Run the economy module with constant growth rates (fractions per year).

    Industries whose growth the registry holds get ``industry`` through their
    parameter; industries driven by a physical module get a value-added path
    growing at the same rate, supplied as that module would.
    """
    ps = REGISTRY.default_parameter_set(n)
    arrays = {"growth_primary": np.full_like(ps["growth_primary"], primary),
              "growth_tertiary": np.full_like(ps["growth_tertiary"], tertiary)}
    driven: dict[str, np.ndarray] = {}
    for key, suffix, _, _ in INDUSTRIES:
        rate = (overrides or {}).get(key, industry)
        name = f"growth_{key}"
        if name in REGISTRY:
            arrays[name] = np.full_like(ps[name], rate)
        else:
            driven[f"Value Added|{suffix}"] = compound_growth(ps[f"va_2020_{key}"],
                                                              np.full((n, 16), rate))
    return economy.compute(ps.replace(**arrays), driven)


def test_base_year_equals_the_plan_exactly():
    r = simulate(REGISTRY.default_parameter_set(1))
    assert r["GDP"][0, 0] == pytest.approx(GDP_2020, abs=1e-9)
    assert r["Share|Primary"][0, 0] == pytest.approx(7.64, abs=1e-9)
    assert r["Share|Secondary"][0, 0] == pytest.approx(69.58, abs=1e-9)
    assert r["Share|Tertiary"][0, 0] == pytest.approx(22.78, abs=1e-9)
    assert r["GDP|Growth"][0, 0] == pytest.approx(-4.4)   # 专栏2: 2020 growth -4.4 %


def test_all_sectors_at_6_percent():
    # GDP 2025 = 67.61 x 1.06^5 = 67.61 x 1.3382255776 = 90.4774 亿元; shares stay at 2020's.
    r = _economy(0.06, 0.06, 0.06)
    assert r["GDP"][0, Y2025] == pytest.approx(90.4774, abs=1e-4)
    assert r["GDP|Growth"][0, 1:] == pytest.approx(np.full(15, 6.0))
    assert r["Share|Secondary"][0, Y2025] == pytest.approx(69.58)


def test_plan_rates_primary_0_industry_10_services_5():
    # primary flat: 5.165404; secondary 47.043038 x 1.1^5 (1.61051) = 75.76328;
    # tertiary 15.401558 x 1.05^5 (1.2762816) = 19.65673; GDP 2025 = 100.58541 亿元.
    r = _economy(0.0, 0.10, 0.05)
    assert r["GDP|Primary"][0, Y2025] == pytest.approx(5.165404, abs=1e-6)
    assert r["GDP|Secondary"][0, Y2025] == pytest.approx(75.76328, abs=1e-4)
    assert r["GDP|Tertiary"][0, Y2025] == pytest.approx(19.65673, abs=1e-4)
    assert r["GDP"][0, Y2025] == pytest.approx(100.58541, abs=1e-4)
    # secondary share 75.76328 / 100.58541 = 75.32 %
    assert r["Share|Secondary"][0, Y2025] == pytest.approx(75.32, abs=0.01)


def test_plan_consistent_rates_give_6_70_24():
    # parameters.md §E1: primary +1.0 %, secondary +6.13 %, tertiary +7.11 % -> about 6:70:24, GDP +6 %.
    r = _economy(0.010, 0.0613, 0.0711)
    assert r["Share|Primary"][0, Y2025] == pytest.approx(6.0, abs=0.05)
    assert r["Share|Secondary"][0, Y2025] == pytest.approx(70.0, abs=0.05)
    assert r["Share|Tertiary"][0, Y2025] == pytest.approx(24.0, abs=0.05)
    gdp_growth = (r["GDP"][0, Y2025] / GDP_2020) ** 0.2 - 1
    assert gdp_growth == pytest.approx(0.06, abs=0.0005)


def test_industrial_value_added_excludes_construction():
    r = _economy(0.0, 0.10, 0.0, overrides={"construction": 0.0})
    construction = REGISTRY["va_2020_construction"].default
    # industry = secondary less construction, all industries at 10 %/yr:
    assert r["Value Added|Industry"][0, Y2025] == pytest.approx(
        (SECONDARY_2020 - construction) * 1.1 ** 5)
    assert r["Value Added|Industry|Growth"][0, 1:] == pytest.approx(np.full(15, 10.0))


def test_growth_of_one_industry_changes_only_its_own_value_added_and_totals():
    base = _economy(0.02, 0.05, 0.06)
    bumped = _economy(0.02, 0.05, 0.06, overrides={"mining": 0.09})
    changed = {k for k in base if not np.allclose(base[k], bumped[k])}
    assert changed == {"Value Added|Mining", "GDP", "GDP|Secondary", "GDP|Growth",
                       "Share|Primary", "Share|Secondary", "Share|Tertiary",
                       "Value Added|Industry", "Value Added|Industry|Growth"}
    assert np.allclose(base["GDP|Primary"], bumped["GDP|Primary"])
    assert np.allclose(base["GDP|Tertiary"], bumped["GDP|Tertiary"])


def test_value_added_from_output_moves_with_output():
    # 2020 VA 10 亿元; 2 products at 0.5 and 0.2 亿元 per kt; outputs rise by 4 and 10 kt
    # -> VA = 10 + 0.5 x 4 + 0.2 x 10 = 14 亿元.
    out = np.zeros((1, 2, 16))
    out[0, 0] = 20.0
    out[0, 1] = 50.0
    out[0, 0, 5:] = 24.0
    out[0, 1, 5:] = 60.0
    va = value_added_from_output(np.array([10.0]), out, np.array([[0.5, 0.2]]))
    assert va[0, 0] == pytest.approx(10.0)
    assert va[0, 5] == pytest.approx(14.0)
    # doubling the increment doubles the change in value added
    out2 = out.copy()
    out2[0, 0, 5:] = 28.0
    out2[0, 1, 5:] = 70.0
    va2 = value_added_from_output(np.array([10.0]), out2, np.array([[0.5, 0.2]]))
    assert va2[0, 5] - 10.0 == pytest.approx(2 * (va[0, 5] - 10.0))
    # value added never goes negative
    out3 = out.copy()
    out3[0, :, 5:] = 0.0
    assert value_added_from_output(np.array([1.0]), out3, np.array([[0.5, 0.2]]))[0, 5] == 0.0


rates = st.floats(-0.15, 0.25)


@settings(max_examples=60, deadline=None)
@given(primary=rates, industry=rates, tertiary=rates, n=st.integers(1, 5))
def test_identities_hold_for_any_growth(primary, industry, tertiary, n):
    r = _economy(primary, industry, tertiary, n=n)
    total = r["Share|Primary"] + r["Share|Secondary"] + r["Share|Tertiary"]
    assert np.allclose(total, 100.0)
    assert np.allclose(r["GDP"], r["GDP|Primary"] + r["GDP|Secondary"] + r["GDP|Tertiary"])
    industries = sum(r[f"Value Added|{suffix}"] for _, suffix, _, _ in INDUSTRIES)
    assert np.allclose(industries, r["GDP|Secondary"])
    assert np.allclose(r["GDP"][:, 0], GDP_2020)
    assert np.all(r["GDP"] > 0)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-0.1, 0.2), min_size=2, max_size=6))
def test_scenarios_are_independent_along_the_scenario_axis(tertiary_rates):
    # Running scenarios together gives each the same numbers as running it alone.
    n = len(tertiary_rates)
    ps = REGISTRY.default_parameter_set(n)
    tert = np.repeat(np.asarray(tertiary_rates)[:, None], 16, axis=1)
    together = simulate(ps.replace(growth_tertiary=tert))
    for i in range(n):
        alone = simulate(ps.take(slice(i, i + 1)).replace(growth_tertiary=tert[i:i + 1]))
        for name in ("GDP", "Share|Tertiary", "Value Added|Industry"):
            assert np.allclose(together[name][i], alone[name][0])


def test_parameter_set_rejects_wrong_shapes():
    ps = REGISTRY.default_parameter_set(2)
    with pytest.raises(ValueError, match="shape"):
        ps.replace(growth_primary=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="disagree"):
        ParameterSet(ps.definitions, {**dict(ps), "growth_primary": np.zeros((3, 16))})


def _diagnostic(primary: float, industry: float, tertiary: float, diagnostic_id: str,
                **assumptions: float) -> tuple[bool, dict[str, float]]:
    ps = REGISTRY.default_parameter_set(1)
    ps = ps.replace(**{k: np.full_like(ps[k], v) for k, v in assumptions.items()})
    r = _economy(primary, industry, tertiary)
    diag = next(d for d in economy.DIAGNOSTICS if d.id == diagnostic_id)
    found, numbers = diag.check(ps, r)
    values = {k: float(np.asarray(v)[0]) for k, v in numbers.items()}
    return bool(found[0]), values


def test_growth_vs_structure_found_when_industry_pursues_10_percent():
    # industry 10 %, primary 1 %, services 7.11 %: secondary 2025 = 47.043 x 1.61051 = 75.763,
    # GDP = 5.429 + 75.763 + 21.716 = 102.91 -> share 73.6 %, growth 8.76 %/yr: both targets missed.
    found, n = _diagnostic(0.010, 0.10, 0.0711, "growth_vs_structure")
    assert found
    assert n["industry_growth"] == pytest.approx(10.0)
    assert n["secondary_share"] == pytest.approx(73.6, abs=0.1)
    # the secondary growth that 6 %/yr and 70 % allow: (0.70 x 90.4774 / 47.043)^(1/5) - 1 = 6.13 %
    assert n["needed"] == pytest.approx(6.13, abs=0.01)


def test_growth_vs_structure_not_found_when_industry_is_given_up():
    found, n = _diagnostic(0.010, 0.0613, 0.0711, "growth_vs_structure")
    assert not found and n["industry_growth"] < 10.0


def test_logistics_vs_services_found_and_fixed():
    # services at 7.11 %/yr: 15.4016 x 1.0711^5 = 21.72 亿元 in 2025; 15 / 21.72 = 69 % of services.
    found, n = _diagnostic(0.01, 0.06, 0.0711, "logistics_vs_services")
    assert found and n["share"] == pytest.approx(69.1, abs=0.2)
    assert n["implied_services"] == pytest.approx(75.0)        # 15 亿元 / 20 %
    # services at 30 %/yr: 15.4016 x 1.3^5 = 57.19 亿元; 15 / 57.19 = 26.2 %, within 20 +/- 10 pp
    found, n = _diagnostic(0.01, 0.06, 0.30, "logistics_vs_services", tolerance_logistics_share_pp=10.0)
    assert not found and n["share"] == pytest.approx(26.2, abs=0.1)

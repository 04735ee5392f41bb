"""Prices and current-price results: identities, the 2020 base, hand-worked indices.

Expected values are worked from the plan's 2020 base (专栏1: GDP 67.61 亿元, structure
7.64 : 69.58 : 22.78) and from published annual price changes (docs/sources.md), not
taken from the code.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core import REGISTRY, simulate, year_index
from model.core.domains.prices import PRICE_SECTORS

Y2021, Y2025 = year_index(2021), year_index(2025)


@pytest.fixture(scope="module")
def baseline():
    return simulate(REGISTRY.default_parameter_set(1))


def test_2020_current_prices_are_the_plans_figures_exactly(baseline):
    # 2020 is the price base: nominal = real, so GDP 67.61 and 7.64 : 69.58 : 22.78 hold exactly.
    assert baseline["GDP|Nominal"][0, 0] == pytest.approx(67.61, abs=1e-9)
    assert baseline["Share|Primary|Nominal"][0, 0] == pytest.approx(7.64, abs=1e-9)
    assert baseline["Share|Secondary|Nominal"][0, 0] == pytest.approx(69.58, abs=1e-9)
    assert baseline["Share|Tertiary|Nominal"][0, 0] == pytest.approx(22.78, abs=1e-9)
    assert baseline["Price|GDP Deflator"][0, 0] == pytest.approx(100.0, abs=1e-12)


def test_nominal_is_real_times_price_over_100_for_every_sector(baseline):
    for key, real, suffix, _, _ in PRICE_SECTORS:
        nominal = real + "|Nominal" if real.startswith("Value Added|") else {
            "GDP|Primary": "GDP|Primary|Nominal", "GDP|Tertiary": "GDP|Tertiary|Nominal"}[real]
        np.testing.assert_allclose(baseline[nominal], baseline[real] * baseline[f"Price|{suffix}"] / 100.0,
                                   rtol=1e-12)


def test_deflator_is_nominal_over_real_times_100(baseline):
    np.testing.assert_allclose(baseline["Price|GDP Deflator"],
                               100.0 * baseline["GDP|Nominal"] / baseline["GDP"], rtol=1e-12)


def test_sectors_add_up_at_current_prices(baseline):
    np.testing.assert_allclose(baseline["GDP|Nominal"], baseline["GDP|Primary|Nominal"]
                               + baseline["GDP|Secondary|Nominal"] + baseline["GDP|Tertiary|Nominal"], rtol=1e-12)
    shares = baseline["Share|Primary|Nominal"] + baseline["Share|Secondary|Nominal"] + baseline["Share|Tertiary|Nominal"]
    np.testing.assert_allclose(shares, 100.0, rtol=1e-12)


def test_other_industry_index_chains_the_national_ppi(baseline):
    # NBS PPI: +8.1 % (2021), +4.1 % (2022), -3.0 % (2023), -2.2 % (2024), -2.7 % (2025, Jan-Nov):
    # 100 x 1.081 = 108.1; x 1.041 = 112.5321; x 0.970 = 109.156137; x 0.978 = 106.754702;
    # x 0.973 = 103.872325.
    index = baseline["Price|Other Industry"][0]
    assert index[Y2021] == pytest.approx(108.1, abs=1e-9)
    assert index[Y2025] == pytest.approx(103.872325, abs=1e-5)
    # relative prices are held after 2025
    assert index[-1] == pytest.approx(index[Y2025], abs=1e-9)


def test_mining_index_starts_with_the_2021_mining_ppi(baseline):
    # NBS: mining and quarrying PPI +34.4 % in 2021 -> 134.4
    assert baseline["Price|Mining"][0, Y2021] == pytest.approx(134.4, abs=1e-9)


def test_structure_targets_use_current_prices_unless_the_lever_says_constant():
    ps = REGISTRY.default_parameter_set(2)
    basis = REGISTRY["structure_price_basis"]
    ps = ps.replace(structure_price_basis=np.array([basis.code("current"), basis.code("constant")]))
    from model.core import evaluate_targets
    r = simulate(ps)
    card = evaluate_targets(ps, r)
    j = card.index("share_secondary_2025")
    assert card.value[0, j] == pytest.approx(r["Share|Secondary|Nominal"][0, Y2025])
    assert card.value[1, j] == pytest.approx(r["Share|Secondary"][1, Y2025])
    assert "现价" in card.rows(0, "zh")[j]["note"] and "constant" in card.rows(1, "en")[j]["note"]


@settings(max_examples=30, deadline=None)
@given(shift=st.floats(-0.05, 0.05), n=st.integers(1, 4))
def test_identities_hold_for_any_price_shift(shift, n):
    ps = REGISTRY.default_parameter_set(n)
    arrays = {f"price_change_{key}": ps[f"price_change_{key}"] + shift for key, *_ in PRICE_SECTORS}
    r = simulate(ps.replace(**arrays))
    assert np.allclose(r["GDP|Nominal"][:, 0], 67.61)
    np.testing.assert_allclose(r["Price|GDP Deflator"], 100.0 * r["GDP|Nominal"] / r["GDP"], rtol=1e-12)
    # one common shift of every sector's price change moves the deflator's growth by about that shift
    growth = r["Price|GDP Deflator"][:, 1] / 100.0 - 1.0
    assert np.all(np.isfinite(growth))

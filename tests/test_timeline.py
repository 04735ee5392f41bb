"""Year paths: constants, linear interpolation, flat before the first and after the last year."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.core.timeline import N_YEARS, YEARS, interpolate_path, year_index


def test_constant_fills_every_year():
    assert np.array_equal(interpolate_path(0.05), np.full(16, 0.05))
    assert N_YEARS == 16 and YEARS[0] == 2020 and YEARS[-1] == 2035


def test_issue_example_path():
    # {2020: 0.05, 2025: 0.06, 2035: 0.04}: +0.002 per year to 2025, then -0.002 per year.
    path = interpolate_path({2020: 0.05, 2025: 0.06, 2035: 0.04})
    assert path[year_index(2020)] == pytest.approx(0.05)
    assert path[year_index(2023)] == pytest.approx(0.056)   # 0.05 + 3 x 0.002
    assert path[year_index(2025)] == pytest.approx(0.06)
    assert path[year_index(2030)] == pytest.approx(0.05)    # 0.06 - 5 x 0.002
    assert path[year_index(2035)] == pytest.approx(0.04)


def test_held_flat_outside_the_given_years():
    path = interpolate_path({2025: 0.10, 2030: 0.05})
    assert np.allclose(path[:6], 0.10)           # 2020-2025 take the first value
    assert path[year_index(2027)] == pytest.approx(0.08)  # 0.10 - 2 x 0.01
    assert np.allclose(path[year_index(2030):], 0.05)     # held flat after the last year


def test_year_index_bounds():
    assert year_index(2035) == 15
    with pytest.raises(ValueError):
        year_index(2036)


@given(st.dictionaries(st.integers(2020, 2035), st.floats(-1, 1), min_size=1, max_size=8))
def test_path_passes_through_its_points_and_stays_within_them(points):
    path = interpolate_path(points)
    for year, value in points.items():
        assert path[year_index(year)] == pytest.approx(value)
    assert path.min() >= min(points.values()) - 1e-12
    assert path.max() <= max(points.values()) + 1e-12

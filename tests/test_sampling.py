"""Tests of model.analysis.sampling: reproducible draws, Latin hypercube strata, inverse CDFs."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core.parameter import Distribution
from model.core.registry import REGISTRY
from model.core.timeline import N_YEARS
from model.analysis.sampling import BLOCK_SIZE, EnsembleDesign, inverse_cdf, uncertain_parameters
from model.scenarios import load_scenario

# Distributions chosen by the tests (not registry defaults): one per kind, on real parameters.
DISTS = {
    "va_2020_primary": Distribution("uniform", {"low": 4.0, "high": 6.0}),
    "va_2020_mining": Distribution("triangular", {"low": 12.0, "mode": 15.0, "high": 19.0}),
    "growth_tertiary": Distribution("truncnormal", {"mean": 0.07, "sd": 0.02}),
    "va_2020_power": Distribution("lognormal", {"median": 8.0, "sigma": 0.2}),
}


def _design(draws: int, seed: int = 11, method: str = "montecarlo", dists=None) -> EnsembleDesign:
    return EnsembleDesign(REGISTRY.defaults(), DISTS if dists is None else dists, draws, seed, method)


@pytest.mark.parametrize("method", ["montecarlo", "lhs"])
def test_same_seed_same_bytes(method):
    a = _design(3000, 5, method).values(0, 3000)
    b = _design(3000, 5, method).values(0, 3000)
    assert list(a) == list(b)
    for name in a:
        assert a[name].tobytes() == b[name].tobytes()
    c = _design(3000, 6, method).values(0, 3000)
    assert any(a[n].tobytes() != c[n].tobytes() for n in a)


@pytest.mark.parametrize("method", ["montecarlo", "lhs"])
@settings(max_examples=25, deadline=None)
@given(cuts=st.lists(st.integers(min_value=1, max_value=4999), max_size=6, unique=True))
def test_chunking_does_not_change_draws(method, cuts):
    design = _design(5000, 3, method)
    whole = design.values(0, 5000)
    bounds = [0, *sorted(cuts), 5000]
    parts = [design.values(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    for name in whole:
        joined = np.concatenate([p[name] for p in parts])
        assert joined.tobytes() == whole[name].tobytes()


def test_monte_carlo_prefix_is_independent_of_total():
    small = _design(1500).values(0, 1500)
    large = _design(9000).values(0, 9000)
    for name in small:
        assert small[name].tobytes() == large[name][:1500].tobytes()


def test_lhs_single_block_is_an_exact_latin_hypercube():
    n = 700  # below BLOCK_SIZE: one hypercube of 700 strata per parameter
    u = _design(n, 2, "lhs").unit_draws(0, n)
    for j in range(u.shape[1]):
        assert sorted(np.floor(u[:, j] * n).astype(int).tolist()) == list(range(n))


def test_lhs_blocks_are_stratified_each():
    draws = 2 * BLOCK_SIZE + 300
    design = _design(draws, 4, "lhs")
    for block in range(design.n_blocks):
        u = design.unit_block(block)
        n = design.block_size(block)
        assert u.shape[0] == n
        for j in range(u.shape[1]):
            assert sorted(np.floor(u[:, j] * n).astype(int).tolist()) == list(range(n))
    assert design.block_size(2) == 300


def test_inverse_cdf_by_hand():
    u = np.array([0.0, 0.25, 0.5, 0.75])
    # uniform(4, 6): 4 + u x 2
    p = REGISTRY["va_2020_primary"]
    assert inverse_cdf(p, DISTS["va_2020_primary"], u) == pytest.approx([4.0, 4.5, 5.0, 5.5])
    # triangular(12, 15, 19): F(mode) = (15 - 12) / (19 - 12) = 3/7, so u = 3/7 maps to 15
    p = REGISTRY["va_2020_mining"]
    assert inverse_cdf(p, DISTS["va_2020_mining"], np.array([3 / 7]))[0] == pytest.approx(15.0)
    # triangular lower branch: x = low + sqrt(u (high-low)(mode-low)) = 12 + sqrt(0.1 x 7 x 3) = 13.449
    assert inverse_cdf(p, DISTS["va_2020_mining"], np.array([0.1]))[0] == pytest.approx(12 + np.sqrt(2.1))
    # lognormal(median 8, sigma 0.2) within (0, 50]: median maps to 8 when the truncation is negligible
    p = REGISTRY["va_2020_power"]
    assert inverse_cdf(p, DISTS["va_2020_power"], np.array([0.5]))[0] == pytest.approx(8.0, rel=1e-6)
    # truncnormal(0.07, 0.02) inside [-0.2, 0.3]: symmetric enough that the median is the mean
    p = REGISTRY["growth_tertiary"]
    assert inverse_cdf(p, DISTS["growth_tertiary"], np.array([0.5]))[0] == pytest.approx(0.07, abs=1e-9)


def test_truncated_draws_respect_bounds():
    p = REGISTRY["va_2020_primary"]  # bounds 0-30 (registry)
    wide = Distribution("truncnormal", {"mean": 1.0, "sd": 10.0})
    x = inverse_cdf(p, wide, np.linspace(0.0005, 0.9995, 2001))
    assert x.min() >= p.lower and x.max() <= p.upper
    assert np.all(np.diff(x) >= 0)  # an inverse CDF is monotone
    logn = Distribution("lognormal", {"median": 20.0, "sigma": 1.5})
    y = inverse_cdf(p, logn, np.linspace(0.0005, 0.9995, 2001))
    assert y.min() > 0 and y.max() <= p.upper


def test_choice_weights_by_hand():
    p = REGISTRY["accounting_regime"]
    dist = Distribution("choice", {"values": (2021, 2024), "weights": (0.2, 0.8)})
    codes = inverse_cdf(p, dist, np.array([0.0, 0.19, 0.2, 0.5, 0.999]))
    # cumulative weights 0.2, 1.0: u < 0.2 -> 2021, otherwise 2024
    assert codes.tolist() == [p.code(2021), p.code(2021), p.code(2024), p.code(2024), p.code(2024)]


def test_parameter_set_puts_draws_in_and_keeps_the_rest():
    design = _design(50)
    params = design.parameter_set(10, 40)
    assert params.n == 30
    drawn = design.values(10, 40)
    # a drawn time-varying parameter becomes a constant path
    assert params["growth_tertiary"].shape == (30, N_YEARS)
    assert np.all(params["growth_tertiary"] == drawn["growth_tertiary"][:, None])
    assert np.array_equal(params["va_2020_primary"], drawn["va_2020_primary"])
    base = REGISTRY.default_parameter_set(1)
    assert np.array_equal(params["growth_primary"], np.repeat(base["growth_primary"], 30, axis=0))


def test_scenario_uncertainties_override_registry(tmp_path, scenario_dir):
    f = tmp_path / "u.yaml"
    f.write_text(f"id: u\ntitle: {{zh: 测试, en: test}}\ninherits: {scenario_dir / 'baseline.yaml'}\n"
                 "uncertainties:\n  va_2020_primary: {kind: uniform, low: 4.0, high: 6.0}\n", encoding="utf-8")
    s = load_scenario(f)
    names = [u.name for u in uncertain_parameters(s.distributions())]
    assert "va_2020_primary" in names
    design = EnsembleDesign.from_scenario(s, 100, 1)
    v = design.values(0, 100)["va_2020_primary"]
    assert v.min() >= 4.0 and v.max() <= 6.0


def test_bad_design_arguments():
    with pytest.raises(ValueError):
        _design(0)
    with pytest.raises(ValueError):
        EnsembleDesign(REGISTRY.defaults(), DISTS, 10, 1, "sobol")  # type: ignore[arg-type]
    with pytest.raises(IndexError):
        _design(10).values(5, 11)


@settings(max_examples=60, deadline=None)
@given(low=st.floats(0.0, 20.0), width=st.floats(0.01, 10.0), mode_at=st.floats(0.0, 1.0),
       u=st.lists(st.floats(0.0, 1.0, exclude_max=True), min_size=2, max_size=50))
def test_inverse_cdf_is_monotone_and_within_the_support(low, width, mode_at, u):
    p = REGISTRY["va_2020_primary"]  # bounds 0-30 (registry)
    high = min(low + width, p.upper)
    if high <= low:
        return
    u_sorted = np.sort(np.asarray(u))
    for dist in (Distribution("uniform", {"low": low, "high": high}),
                 Distribution("triangular", {"low": low, "mode": low + mode_at * (high - low), "high": high}),
                 Distribution("truncnormal", {"mean": (low + high) / 2, "sd": width})):
        x = inverse_cdf(p, dist, u_sorted)
        assert np.all(np.diff(x) >= -1e-12)
        lo, hi = (low, high) if dist.kind != "truncnormal" else (p.lower, p.upper)
        assert np.all(x >= lo - 1e-9) and np.all(x <= hi + 1e-9)


@settings(max_examples=80, deadline=None)
@given(mean=st.floats(-30.0, 60.0), sd=st.floats(0.05, 40.0), mode_at=st.floats(0.0, 1.0),
       u=st.lists(st.floats(0.001, 0.999), min_size=1, max_size=20))
def test_closed_form_inverse_cdfs_agree_with_scipy_stats(mean, sd, mode_at, u):
    # the sampler uses closed forms over scipy.special (faster to import); scipy.stats' own
    # triang.ppf and truncnorm.ppf are the independent reference, including truncations far
    # in a tail (mean -30 or 60 with sd 0.05 on the 0-30 bounds of va_2020_primary)
    from scipy import stats

    p = REGISTRY["va_2020_primary"]  # bounds 0-30 (registry)
    uu = np.asarray(u)
    a, b = (p.lower - mean) / sd, (p.upper - mean) / sd
    expected = stats.truncnorm.ppf(uu, a, b, loc=mean, scale=sd)
    got = inverse_cdf(p, Distribution("truncnormal", {"mean": mean, "sd": sd}), uu)
    np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-6 * sd)
    low, high = 2.0, 17.0
    mode = low + mode_at * (high - low)
    expected = stats.triang.ppf(uu, mode_at, loc=low, scale=high - low)
    got = inverse_cdf(p, Distribution("triangular", {"low": low, "mode": mode, "high": high}), uu)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)

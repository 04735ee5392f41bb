"""Likelihood weights of ensemble draws: equal weights change nothing; a two-draw case by hand."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.analysis.weighting import (effective_sample_size, log_likelihood, normalise, weighted_probability,
                                      weighted_quantiles)

QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 60), seed=st.integers(0, 10_000))
def test_equal_weights_reproduce_the_unweighted_quantiles_and_probabilities(n, seed):
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(n, 3, 5))
    w = np.full(n, 1.0 / n)
    np.testing.assert_allclose(weighted_quantiles(values, w, QUANTILES), np.quantile(values, QUANTILES, axis=0),
                               atol=1e-12)
    met = rng.random((n, 4)) < 0.5
    np.testing.assert_allclose(weighted_probability(met, w), met.mean(axis=0), atol=1e-12)
    assert effective_sample_size(w) == pytest.approx(n)


def test_two_draws_weighted_by_hand():
    # observed 100 with sd 5 (5 % of 100); draw A = 100 (z = 0), draw B = 110 (z = 2).
    # log L = 0 and -2; weights e^0 / (1 + e^-2) = 0.880797 and e^-2 / (1 + e^-2) = 0.119203.
    ll = log_likelihood(np.array([[100.0], [110.0]]), np.array([100.0]), np.array([5.0]))
    np.testing.assert_allclose(ll, [0.0, -2.0])
    w = normalise(ll)
    wa = 1.0 / (1.0 + math.exp(-2.0))
    np.testing.assert_allclose(w, [wa, 1.0 - wa])
    # ESS = 1 / (0.880797^2 + 0.119203^2) = 1 / (0.775803 + 0.014209) = 1.265804
    assert effective_sample_size(w) == pytest.approx(1.0 / (wa ** 2 + (1 - wa) ** 2))
    # the target is met only in draw B: weighted probability 0.119203 (unweighted 0.5)
    assert weighted_probability(np.array([False, True]), w) == pytest.approx(1.0 - wa)
    # median of {100 (w 0.8808), 110 (w 0.1192)}: positions 0 and 0.8808/0.8808... type-7 generalised:
    # C = [0.8808, 1]; p = (C - w) / (1 - w_last) = [0, 0.8808 / 0.8808] = [0, 1] -> the median is 105
    # for equal weights, and stays 105 for any two draws (two points span the whole [0, 1]).
    assert weighted_quantiles(np.array([100.0, 110.0]), w, [0.5])[0] == pytest.approx(105.0)


def test_a_draw_with_no_likelihood_gets_no_weight():
    ll = log_likelihood(np.array([[np.nan], [1.0]]), np.array([1.0]), np.array([0.05]))
    assert ll[0] == -np.inf
    np.testing.assert_allclose(normalise(ll), [0.0, 1.0])
    with pytest.raises(ValueError):
        normalise(np.array([-np.inf, -np.inf]))

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


def test_an_ensemble_weighted_by_observations_that_every_draw_meets_equally_is_the_unweighted_one(tmp_path):
    # The 2020 figures are the model's base year: every draw reproduces them exactly, so every
    # draw has the same likelihood and the weighted columns equal the unweighted ones.
    from model.analysis.ensemble import run_ensemble
    from model.scenarios import load_scenario
    from model.scenarios.observations import OBSERVED_DIR, load_observations

    scenario = load_scenario("scenarios/baseline.yaml")
    observations = load_observations([OBSERVED_DIR / "plan-history.csv"])
    run = run_ensemble(scenario, 256, 7, tmp_path / "ens", method="lhs", progress=False,
                       observations=observations)
    assert run.manifest["weighting"]["effective_sample_size"] == pytest.approx(256)
    p = run.probabilities
    np.testing.assert_allclose(p["probability_weighted"], p["probability"], equal_nan=True, atol=1e-12)
    s = run.summary
    for col in ("mean", "p5", "p50", "p95"):
        np.testing.assert_allclose(s[f"{col}_weighted"], s[col], rtol=1e-9, atol=1e-9, equal_nan=True)
    assert (tmp_path / "ens" / "weights.parquet").is_file()


def test_ensemble_weighting_follows_the_likelihood_of_each_draw(tmp_path):
    # An observation that some draws meet better than others: the weights are exp(-z^2/2)
    # normalised, recomputed here by hand from the stored results.
    import pyarrow.parquet as pq

    from model.analysis.ensemble import run_ensemble
    from model.analysis.ensemble_files import column_name
    from model.scenarios import load_scenario
    from model.scenarios.observations import Observation, ObservationSet

    scenario = load_scenario("scenarios/baseline.yaml")
    obs = ObservationSet([Observation(variable="Livestock|Herd", unit="万羊单位", year=2022, value=160.0,
                                      source="a test observation")])
    run = run_ensemble(scenario, 128, 3, tmp_path / "ens", progress=False, observations=obs)
    herd = pq.read_table(tmp_path / "ens" / "results.parquet").column(column_name("Livestock|Herd", 2022)).to_numpy()
    sd = 0.05 * 160.0                       # 5 % of the observed value
    expected = np.exp(-0.5 * ((herd - 160.0) / sd) ** 2)
    expected /= expected.sum()
    weights = pq.read_table(tmp_path / "ens" / "weights.parquet").column("weight").to_numpy()
    np.testing.assert_allclose(weights, expected, rtol=1e-9)
    assert run.manifest["weighting"]["effective_sample_size"] == pytest.approx(1 / np.sum(expected ** 2), abs=0.01)

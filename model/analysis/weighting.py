"""Weighting ensemble draws by what was observed (importance weights from a likelihood).

An ensemble draws parameter sets from the registry's distributions (the prior).  Given
observed statistics, each draw ``d`` gets the weight of its likelihood::

    log L_d = -1/2 * sum_i ((y_i,d - o_i) / s_i)^2,     s_i = rel_sd * max(|o_i|, 1)
                                                         (at least 1 point for rates in %)
    w_d     = L_d / sum_d' L_d'

the independent-normal error model with a relative standard deviation per observation
(5 % by default, :func:`observation_sd`; calibration uses the same one).
Weighted percentiles and target probabilities then describe the ensemble *given what
happened*: sampling importance weighting of the prior (Smith & Gelfand 1992, "Bayesian
statistics without tears", The American Statistician 46:84-88), the likelihood weighting
of GLUE without a behavioural threshold (Beven & Binley 1992, Hydrological Processes 6:279-298).

The effective sample size ``ESS = 1 / sum_d w_d^2`` (Kish 1965, *Survey Sampling*) says how
many equally weighted draws the weighted ensemble is worth; below :data:`MIN_ESS` its
percentiles rest on a handful of draws and the ensemble should be larger (or the error
model wider).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from model.errors import UserInputError

if TYPE_CHECKING:  # pandas only where a summary table is made: a report's kernel imports this module
    import pandas as pd

__all__ = ["likelihood_weights", "weighted_summary", "weighted_probabilities", "MIN_ESS", "DEFAULT_REL_SD",
           "checked_rel_sd", "PERCENT_SD_FLOOR", "observation_sd", "log_likelihood", "normalise", "effective_sample_size", "weighted_quantiles",
           "weighted_probability"]

#: Below this effective sample size the weighted results are flagged.
MIN_ESS = 100.0
#: Default relative standard error of an observation (5 %).
DEFAULT_REL_SD = 0.05


def checked_rel_sd(rel_sd: float | None) -> float:
    """The relative standard error asked for (``--rel-sd``, ``rel_sd=``): :data:`DEFAULT_REL_SD`
    when not given; :class:`~model.errors.UserInputError` unless a positive number."""
    if rel_sd is None:
        return DEFAULT_REL_SD
    if not rel_sd > 0:
        raise UserInputError(f"--rel-sd: expected a positive number, got {rel_sd}")
    return float(rel_sd)


#: The smallest standard error of a rate or share in % (percentage points): a published growth
#: rate of 4 % is not known to 0.2 points (revisions of preliminary growth rates are of this size).
PERCENT_SD_FLOOR = 1.0


def observation_sd(observed: np.ndarray, rel_sd: float = DEFAULT_REL_SD,
                   units: Sequence[str] | None = None) -> np.ndarray:
    """Standard error of observations (the error model of weighting and calibration).

    ``rel_sd * max(|o|, 1)`` for levels; for rates and shares in ``%``, at least
    :data:`PERCENT_SD_FLOOR` percentage points.
    """
    o = np.abs(np.asarray(observed, dtype=float))
    sd = rel_sd * np.maximum(o, 1.0)
    if units is not None:
        pct = np.array([u == "%" for u in units], dtype=bool)
        sd = np.where(pct, np.maximum(sd, PERCENT_SD_FLOOR), sd)
    return sd


def log_likelihood(values: np.ndarray, observed: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """``(n,)`` log-likelihood of ``(n, k)`` model values against ``k`` observations.

    A draw whose value is not finite (NaN or inf) for an observation gets ``-inf``.
    """
    z = (np.asarray(values, dtype=float) - np.asarray(observed, dtype=float)) / np.asarray(sd, dtype=float)
    ll = -0.5 * np.sum(z * z, axis=1)
    return np.where(np.isfinite(ll), ll, -np.inf)


def normalise(log_weights: np.ndarray) -> np.ndarray:
    """Weights summing to 1 from log-weights (shifted by their maximum, so no underflow)."""
    lw = np.asarray(log_weights, dtype=float)
    top = np.max(lw)
    if not np.isfinite(top):
        raise ValueError("every draw has zero likelihood given the observations")
    w = np.exp(lw - top)
    return w / w.sum()


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size ``1 / sum w^2`` of normalised weights (``n`` when all are equal)."""
    w = np.asarray(weights, dtype=float)
    return float(1.0 / np.sum(w * w))


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, quantiles: Sequence[float]) -> np.ndarray:
    """Weighted quantiles along the first axis, ``(len(quantiles), ...)``.

    The inverse of the weighted empirical distribution function with linear interpolation
    between the mid-points of each draw's weight (Hyndman & Fan 1996 type 7 when all weights
    are equal, so equal weights give ``numpy.quantile`` exactly).
    """
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    n = v.shape[0]
    flat = v.reshape(n, -1)
    order = np.argsort(flat, axis=0, kind="stable")
    sorted_v = np.take_along_axis(flat, order, axis=0)
    sorted_w = w[order]
    cum = np.cumsum(sorted_w, axis=0)
    total = cum[-1]
    # plotting positions C_{k-1} / (1 - w_n): (k - 1) / (n - 1) for equal weights (type 7)
    pos = (cum - sorted_w) / (total - sorted_w[-1]) if n > 1 else np.zeros_like(cum)
    out = np.empty((len(quantiles), flat.shape[1]))
    for j in range(flat.shape[1]):
        p = pos[:, j]
        out[:, j] = np.interp(quantiles, p, sorted_v[:, j])
    return out.reshape((len(quantiles),) + v.shape[1:])


def weighted_probability(met: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted share of draws where ``met`` holds, along the first axis."""
    m = np.asarray(met, dtype=float)
    w = np.asarray(weights, dtype=float)
    return np.tensordot(w, m, axes=(0, 0)) / w.sum()


# --------------------------------------------------------------------------- ensemble outputs

def likelihood_weights(values: np.ndarray, observations, rel_sd: float = DEFAULT_REL_SD
                       ) -> tuple[np.ndarray, dict]:
    """Normalised weights of ``(n, k)`` model values against ``k`` observations, and a record of them.

    The record (for a manifest) lists the observations, the error model and the effective
    sample size, with ``low_effective_sample_size`` when it is below :data:`MIN_ESS`.
    """
    observed = np.array([o.value for o in observations])
    sd = observation_sd(observed, rel_sd, [o.unit for o in observations])
    weights = normalise(log_likelihood(values, observed, sd))
    ess = effective_sample_size(weights)
    return weights, {"observations": [f"{o.variable} {o.year} = {o.value:g} ({o.source})" for o in observations],
                     "rel_sd": rel_sd, "effective_sample_size": round(ess, 2),
                     "low_effective_sample_size": bool(ess < MIN_ESS)}


def weighted_summary(arrays: Iterable[np.ndarray], weights: np.ndarray,
                     quantiles: Sequence[float]) -> pd.DataFrame:
    """``mean_weighted`` and ``p<q>_weighted`` of ``(n, N_YEARS)`` arrays, one per variable, rows by variable
    then year.  ``arrays`` may be a generator: each array is dropped before the next is read, so an
    ensemble's weighted summary needs one variable in memory, not all of them."""
    import pandas as pd

    frames = []
    for arr in arrays:
        with np.errstate(all="ignore"):
            q = weighted_quantiles(arr, weights, quantiles)
            frame = {"mean_weighted": np.tensordot(weights, arr, axes=(0, 0))}
        for x, row in zip(quantiles, q):
            frame[f"p{round(100 * x):d}_weighted"] = row
        frames.append(pd.DataFrame(frame))
    return pd.concat(frames, ignore_index=True)


def weighted_probabilities(met_by_id, ids: Sequence[str], groups: Sequence[Sequence[str]],
                           weights: np.ndarray) -> list[float]:
    """Weighted probability of each target id (NaN when not modelled), then of each joint group."""
    out = [float(weighted_probability(met_by_id[i], weights)) if i in met_by_id else np.nan for i in ids]
    for group in groups:
        out.append(float(weighted_probability(np.all(np.column_stack([met_by_id[i] for i in group]), axis=1),
                                              weights)))
    return out

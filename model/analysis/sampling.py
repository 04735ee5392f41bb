"""Draw parameter sets from the registry's uncertainty distributions.

An :class:`EnsembleDesign` turns a scenario (its resolved values and its
distributions, see :meth:`model.scenarios.Scenario.distributions`) into ``N``
parameter sets, by Monte Carlo or Latin hypercube sampling, and hands them out
in chunks as :class:`~model.core.parameter.ParameterSet` objects that the
vectorised model runs in one call.

Reproducibility
---------------
Draws are made in fixed-size *blocks* of :data:`BLOCK_SIZE` draws.  Block
``b`` takes its random stream from ``numpy.random.SeedSequence(seed,
spawn_key=(b,))`` (the ``b``-th child of ``SeedSequence(seed).spawn``), so
block ``b`` is the same whatever chunk it lands in, whatever the chunk size
and whichever process or Dask worker makes it.  A chunk ``[start, stop)`` is
cut from the blocks that cover it.  Every block first draws uniform numbers
``u`` in ``[0, 1)`` (one column per uncertain parameter, in registry order)
and then maps them through each distribution's inverse cumulative
distribution function, element by element, so a draw's values do not depend
on its neighbours either.

Latin hypercube and blocks
--------------------------
With ``method="lhs"`` each block is its own Latin hypercube: the unit
interval of every parameter is cut into as many equal strata as the block has
draws, each stratum holds exactly one draw and the strata are matched across
parameters by independent random permutations (McKay, Beckman and Conover
1979).  All blocks hold :data:`BLOCK_SIZE` draws except the last, which holds
the remainder and is a smaller hypercube of its own.  An ensemble of up to
:data:`BLOCK_SIZE` draws is therefore one exact Latin hypercube; a larger one
is a union of hypercubes (stratified within every block of 1,024 draws, not
across blocks).  With ``method="montecarlo"`` the draws of block ``b`` are
plain uniform numbers, and the first ``m`` draws of an ensemble are the same
whatever its total size.

Distributions (:class:`~model.core.parameter.Distribution`)
-----------------------------------------------------------
``uniform`` (low, high), ``triangular`` (low, mode, high), ``truncnormal``
(mean, sd, truncated to the parameter's bounds), ``lognormal`` (median,
sigma of the underlying normal, truncated to the bounds and to positive
values) and ``choice`` (values with optional weights).  A drawn value of a
time-varying parameter replaces its whole path by a constant, or shifts or
scales it (the :class:`Distribution`'s ``apply``).  Whole-number parameters are rounded.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from model.core.parameter import Distribution, Parameter, ParameterSet, ParameterValue
from model.core.registry import REGISTRY, Registry
from model.core.timeline import N_YEARS

__all__ = ["BLOCK_SIZE", "METHODS", "Method", "UncertainParameter", "EnsembleDesign",
           "uncertain_parameters", "inverse_cdf"]

#: Draws per block: the unit of reproducibility (see the module docstring).
BLOCK_SIZE: int = 1024

Method = Literal["montecarlo", "lhs"]
#: Sampling methods: Monte Carlo and Latin hypercube (see the module docstring).
METHODS: tuple[str, ...] = ("montecarlo", "lhs")


# --------------------------------------------------------------------------- uncertain parameters

@dataclass(frozen=True)
class UncertainParameter:
    """A parameter of the registry together with the distribution it is drawn from."""

    name: str
    parameter: Parameter
    distribution: Distribution


def uncertain_parameters(distributions: Mapping[str, Distribution],
                         registry: Registry = REGISTRY) -> list[UncertainParameter]:
    """The uncertain parameters in registry order (the column order of every draw)."""
    return [UncertainParameter(name=name, parameter=p, distribution=distributions[name])
            for name, p in registry.items() if name in distributions]


# --------------------------------------------------------------------------- inverse CDF

def inverse_cdf(parameter: Parameter, distribution: Distribution, u: np.ndarray) -> np.ndarray:
    """Map uniform numbers in ``[0, 1)`` to values of ``parameter`` (inverse CDF).

    With ``Phi`` the standard normal CDF::

        uniform      x = low + u (high - low)
        triangular   x = low + sqrt(u (high - low)(mode - low))        if u < (mode - low) / (high - low)
                     x = high - sqrt((1 - u)(high - low)(high - mode))   otherwise
        truncnormal  x = mean + sd Phi^-1(Phi(a) + u (Phi(b) - Phi(a))),  a, b = (bounds - mean) / sd
                     (in logarithms when the cut lies wholly in one tail:
                     :func:`_truncated_normal_ppf`; Johnson, Kotz & Balakrishnan 1994, ch. 13.10)
        lognormal    x = exp(m + sigma Phi^-1(Phi(a) + u (Phi(b) - Phi(a)))),  m = ln(median),
                     a, b = (ln lower - m) / sigma, (ln upper - m) / sigma  (Phi(a) = 0 if lower <= 0)
        choice       the first value whose cumulative weight exceeds u

    Parameters
    ----------
    parameter
        The registry entry (bounds, whole-number or choice type).
    distribution
        Its distribution.
    u
        Uniform numbers, any shape.

    Returns
    -------
    numpy.ndarray
        Same shape as ``u``: floats in the parameter's unit, or integer codes
        (indices into :attr:`Parameter.choices`) for a choice parameter.
    """
    u = np.asarray(u, dtype=float)
    a = distribution.args
    kind = distribution.kind
    if kind == "choice":
        values = list(a["values"])
        weights = np.asarray(a.get("weights") or [1.0 / len(values)] * len(values), dtype=float)
        edges = np.cumsum(weights)
        edges[-1] = 1.0
        pick = np.minimum(np.searchsorted(edges, u, side="right"), len(values) - 1)
        codes = np.asarray([parameter.code(v) for v in values], dtype=np.int64)
        return codes[pick]
    if kind == "uniform":
        x = a["low"] + u * (a["high"] - a["low"])
    elif kind == "triangular":
        x = _triangular_ppf(u, float(a["low"]), float(a["mode"]), float(a["high"]))
    elif kind == "truncnormal":
        mean, sd = float(a["mean"]), float(a["sd"])
        x = mean + sd * _truncated_normal_ppf(u, (parameter.lower - mean) / sd, (parameter.upper - mean) / sd)
    elif kind == "lognormal":
        from scipy import special  # scipy.special, not scipy.stats (0.25 s to import, not 0.8 s)

        median, sigma = float(a["median"]), float(a["sigma"])
        mu = np.log(median)
        lo = special.ndtr((np.log(parameter.lower) - mu) / sigma) if parameter.lower > 0 else 0.0
        hi = special.ndtr((np.log(parameter.upper) - mu) / sigma) if np.isfinite(parameter.upper) else 1.0
        x = np.exp(mu + sigma * special.ndtri(lo + u * (hi - lo)))
        x = np.clip(x, max(parameter.lower, 0.0), parameter.upper)
    else:  # pragma: no cover - the scenario validator refuses other kinds
        raise ValueError(f"unknown distribution kind {kind!r}")
    x = np.asarray(x, dtype=float)
    return np.rint(x) if parameter.dtype == "int" else x


def _triangular_ppf(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """Inverse CDF of the triangular distribution (low, mode, high), both branches at once."""
    span = high - low
    lower = low + np.sqrt(np.clip(u, 0.0, 1.0) * span * (mode - low))
    upper = high - np.sqrt(np.clip(1.0 - u, 0.0, 1.0) * span * (high - mode))
    return np.where(u * span < mode - low, lower, upper)


def _truncated_normal_ppf(u: np.ndarray, a: float, b: float) -> np.ndarray:
    """Inverse CDF of the standard normal cut to ``[a, b]`` (``a < b``, either may be infinite).

    Across the mean, ``Phi^-1(Phi(a) + u (Phi(b) - Phi(a)))``.  A cut wholly in one tail works
    with logarithms (``log Phi`` and its inverse, ``scipy.special.log_ndtr`` and ``ndtri_exp``)
    and the upper tail as the mirror of the lower one, so that a cut 40 standard deviations
    out, where ``Phi`` underflows, still gives its values.
    """
    from scipy.special import log_ndtr, ndtr, ndtri, ndtri_exp

    def lower_tail(v: np.ndarray, lo: float, hi: float) -> np.ndarray:  # hi <= 0
        log_lo, log_hi = log_ndtr(lo), log_ndtr(hi)
        # Phi(lo) + v (Phi(hi) - Phi(lo)) = Phi(hi) (v + (1 - v) Phi(lo) / Phi(hi))
        return ndtri_exp(log_hi + np.log(v + (1.0 - v) * np.exp(log_lo - log_hi)))

    if b <= 0:
        z = lower_tail(u, a, b)
    elif a >= 0:
        z = -lower_tail(1.0 - u, -b, -a)
    else:
        low_a, low_b = ndtr(a), ndtr(b)
        z = ndtri(low_a + u * (low_b - low_a))
    return np.clip(z, a, b)


# --------------------------------------------------------------------------- the design

def _apply_draw(p: Parameter, apply: str, drawn: np.ndarray, base: np.ndarray) -> np.ndarray:
    """The model array of one parameter given its draws (the :class:`Distribution` ``apply`` rule).

    ``replace``: a path becomes the constant draw; ``shift``: ``base + draw`` in every year;
    ``scale``: ``base * draw``.  Shifted and scaled values are kept within the parameter's bounds.
    """
    if p.dtype == "choice" or apply == "replace":
        if p.timeseries and p.dtype != "choice":
            return np.repeat(np.asarray(drawn, dtype=float)[:, None], N_YEARS, axis=1)
        return drawn
    d = np.asarray(drawn, dtype=float)
    d = d[:, None] if base.ndim == 2 else d
    out = base + d if apply == "shift" else base * d
    return np.clip(out, p.lower, p.upper)


class EnsembleDesign:
    """``draws`` parameter sets around one scenario, reproducible from ``seed``.

    The design is small and picklable (it holds the scenario's resolved values
    and distributions, not the draws), so it can be sent to worker processes
    and Dask workers, each of which makes the chunks it is given.

    Parameters
    ----------
    base
        Every parameter's value in scenario-file form (``Scenario.resolved()``).
    distributions
        Distributions of the uncertain parameters (``Scenario.distributions()``).
    draws
        Number of parameter sets.
    seed
        Seed of the whole design.
    method
        ``"montecarlo"`` or ``"lhs"``.
    registry
        The parameter registry.
    """

    def __init__(self, base: Mapping[str, ParameterValue], distributions: Mapping[str, Distribution],
                 draws: int, seed: int, method: Method = "montecarlo", registry: Registry = REGISTRY):
        if draws < 1:
            raise ValueError(f"draws must be at least 1, got {draws}")
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
        if seed < 0:
            raise ValueError(f"seed must be a non-negative whole number, got {seed}")
        self.base = dict(base)
        self.registry = registry
        self.uncertain = uncertain_parameters(distributions, registry)
        self.draws = int(draws)
        self.seed = int(seed)
        self.method: Method = method
        self._base_set: ParameterSet | None = None

    @classmethod
    def from_scenario(cls, scenario, draws: int, seed: int, method: Method = "montecarlo"
                      ) -> "EnsembleDesign":
        """The design of a loaded :class:`~model.scenarios.Scenario`."""
        return cls(scenario.resolved(), scenario.distributions(), draws, seed, method,
                   scenario.registry)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_base_set"] = None
        return state

    @property
    def names(self) -> list[str]:
        """Names of the uncertain parameters, in column order."""
        return [u.name for u in self.uncertain]

    @property
    def n_blocks(self) -> int:
        return -(-self.draws // BLOCK_SIZE)

    def block_size(self, block: int) -> int:
        """Number of draws in ``block`` (:data:`BLOCK_SIZE` except for the last)."""
        return min(BLOCK_SIZE, self.draws - block * BLOCK_SIZE)

    def unit_block(self, block: int) -> np.ndarray:
        """The uniform numbers of one block, shape ``(block_size, n_uncertain)``."""
        if not 0 <= block < self.n_blocks:
            raise IndexError(f"block {block} outside 0-{self.n_blocks - 1}")
        n, k = self.block_size(block), len(self.uncertain)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(block,))))
        if self.method == "montecarlo":
            return rng.random((n, k))
        strata = rng.permuted(np.tile(np.arange(n, dtype=float), (k, 1)), axis=1).T
        return (strata + rng.random((n, k))) / n

    def unit_draws(self, start: int, stop: int) -> np.ndarray:
        """Uniform numbers of draws ``start`` to ``stop - 1``, shape ``(stop - start, k)``."""
        self._check_range(start, stop)
        first, last = start // BLOCK_SIZE, (stop - 1) // BLOCK_SIZE
        blocks = np.concatenate([self.unit_block(b) for b in range(first, last + 1)], axis=0)
        offset = first * BLOCK_SIZE
        return blocks[start - offset: stop - offset]

    def values_from_unit(self, unit: np.ndarray) -> dict[str, np.ndarray]:
        """Map a ``(m, k)`` array of uniform numbers to each uncertain parameter's values."""
        unit = np.atleast_2d(np.asarray(unit, dtype=float))
        if unit.shape[1] != len(self.uncertain):
            raise ValueError(f"expected {len(self.uncertain)} columns, got {unit.shape[1]}")
        return {u.name: inverse_cdf(u.parameter, u.distribution, unit[:, j])
                for j, u in enumerate(self.uncertain)}

    def values(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Drawn values of draws ``start`` to ``stop - 1`` (model form: floats or choice codes)."""
        return self.values_from_unit(self.unit_draws(start, stop))

    def base_parameter_set(self, n: int) -> ParameterSet:
        """``n`` copies of the scenario's own values.

        The copies are read-only broadcast views of one row (no memory per
        draw); the model core never writes into its inputs.
        """
        if self._base_set is None:
            self._base_set = self.registry.parameter_set([self.base])
        return ParameterSet(self._base_set.definitions,
                            {k: np.broadcast_to(v, (n, *v.shape[1:])) for k, v in self._base_set.items()})

    def parameter_set_from_values(self, values: Mapping[str, np.ndarray]) -> ParameterSet:
        """Model input: the scenario's values with the drawn ones put in."""
        n = len(next(iter(values.values()))) if values else 1
        base = self.base_parameter_set(n)
        how = {u.name: u.distribution.apply for u in self.uncertain}
        arrays: dict[str, np.ndarray] = {}
        for name, v in values.items():
            p = self.registry[name]
            arrays[name] = _apply_draw(p, how.get(name, "replace"), np.asarray(v), base[name])
        return base.replace(**arrays)

    def parameter_set(self, start: int, stop: int) -> ParameterSet:
        """Model input for draws ``start`` to ``stop - 1`` (one :func:`simulate` call)."""
        if not self.uncertain:
            return self.base_parameter_set(stop - start)
        return self.parameter_set_from_values(self.values(start, stop))

    def draw_columns(self, values: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Drawn values as file columns: numbers as floats, choices as their text."""
        out: dict[str, np.ndarray] = {}
        for u in self.uncertain:
            v = values[u.name]
            if u.parameter.dtype == "choice":
                labels = np.asarray([str(c) for c in u.parameter.choices], dtype=object)
                out[u.name] = labels[v]
            else:
                out[u.name] = np.asarray(v, dtype=float)
        return out

    def chunks(self, chunk_size: int) -> list[tuple[int, int]]:
        """``[start, stop)`` ranges covering every draw, ``chunk_size`` at a time."""
        if chunk_size < 1:
            raise ValueError(f"chunk size must be at least 1, got {chunk_size}")
        return [(s, min(s + chunk_size, self.draws)) for s in range(0, self.draws, chunk_size)]

    def describe(self) -> dict[str, object]:
        """Plain-data description for manifests."""
        return {"draws": self.draws, "seed": self.seed, "method": self.method,
                "block_size": BLOCK_SIZE,
                "uncertain": {u.name: u.distribution.as_dict() for u in self.uncertain}}

    def _check_range(self, start: int, stop: int) -> None:
        if not 0 <= start < stop <= self.draws:
            raise IndexError(f"draw range [{start}, {stop}) outside [0, {self.draws})")

"""Formulas that several domains share: growth paths, value added from output, plant ramp-up.

One home for the arithmetic that more than one domain module uses, so that the
domains never import each other (they depend on this module, on the catalogue and
on the timeline only).

* :func:`compound_growth` - ``level[t] = base * prod_{s<=t} (1 + g[s])``;
* :func:`annual_growth_pct`, :func:`cagr_pct` - year-on-year and compound annual growth, %;
* :func:`value_added_from_output` - ``VA[t] = VA[2020] + sum_p va_per_unit[p] * (Q[p, t] - Q[p, 2020])``;
* :func:`ramp_factor`, :func:`plant_capacity` - a plant's capacity in its first years;
* :data:`ELECTRICITY_EQUIVALENT_KGCE_PER_KWH` - the calorific equivalent of electricity,
  0.1229 kgce/kWh (GB/T 2589-2020 《综合能耗计算通则》).

All functions are vectorised over the leading scenario axis.
"""
from __future__ import annotations

import numpy as np

from model.core.timeline import YEARS, year_index

__all__ = ["ELECTRICITY_EQUIVALENT_KGCE_PER_KWH", "compound_growth", "annual_growth_pct", "cagr_pct",
           "value_added_from_output", "ramp_factor", "plant_capacity"]

#: Equivalent (calorific) value of electricity, kgce/kWh (GB/T 2589-2020).
ELECTRICITY_EQUIVALENT_KGCE_PER_KWH: float = 0.1229


# --------------------------------------------------------------------------- growth

def compound_growth(base: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Level path from a base-year level and annual growth rates.

    Parameters
    ----------
    base
        Base-year (2020) level, shape ``(n,)``.
    growth
        Growth rate of each year over the previous one, shape ``(n, N_YEARS)``;
        the 2020 column is ignored (2020 is the base).

    Returns
    -------
    numpy.ndarray
        ``(n, N_YEARS)``: ``base * prod_{s<=t, s>2020} (1 + growth[s])``.
    """
    factors = 1.0 + np.asarray(growth, dtype=float)
    factors = np.concatenate([np.ones_like(factors[:, :1]), factors[:, 1:]], axis=1)
    return np.asarray(base, dtype=float)[:, None] * np.cumprod(factors, axis=1)


def annual_growth_pct(level: np.ndarray, first_year_growth_pct: np.ndarray | float = np.nan
                      ) -> np.ndarray:
    """Year-on-year growth in % of an ``(n, N_YEARS)`` level path.

    The first year has no previous year in the model; it takes
    ``first_year_growth_pct`` (the recorded 2020 growth for GDP).
    """
    out = np.empty_like(level, dtype=float)
    out[:, 0] = first_year_growth_pct
    with np.errstate(divide="ignore", invalid="ignore"):
        out[:, 1:] = 100.0 * (level[:, 1:] / level[:, :-1] - 1.0)
    return out


def cagr_pct(level: np.ndarray, start_year: int, end_year: int) -> np.ndarray:
    """Compound annual growth rate in % between two years, shape ``(n,)``."""
    a, b = level[:, year_index(start_year)], level[:, year_index(end_year)]
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100.0 * ((b / a) ** (1.0 / (end_year - start_year)) - 1.0)


def value_added_from_output(va_base: np.ndarray, output: np.ndarray,
                            va_per_unit: np.ndarray) -> np.ndarray:
    """Value added of an industry driven by its physical output.

    ``VA[t] = max(0, VA[2020] + sum_p va_per_unit[p] * (output[p, t] - output[p, 2020]))``:
    the 2020 level is the recorded base, and every unit of output above (or
    below) 2020's adds (or removes) value added at the product's value added
    per unit.  Value added thus moves one-for-one with output volume.

    Parameters
    ----------
    va_base
        2020 value added, 亿元, shape ``(n,)``.
    output
        Output by product, shape ``(n, n_products, N_YEARS)``, in units
        matching ``va_per_unit``.
    va_per_unit
        Value added per unit of output in 亿元 per unit, shape
        ``(n, n_products)`` or ``(n, n_products, N_YEARS)``.

    Returns
    -------
    numpy.ndarray
        ``(n, N_YEARS)`` value added in 亿元 at 2020 prices.
    """
    out = np.asarray(output, dtype=float)
    vapu = np.asarray(va_per_unit, dtype=float)
    if vapu.ndim == 2:
        vapu = vapu[:, :, None]
    delta = (vapu * (out - out[:, :, :1])).sum(axis=1)
    return np.maximum(0.0, np.asarray(va_base, dtype=float)[:, None] + delta)


# --------------------------------------------------------------------------- plants

def ramp_factor(age: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Share of capacity a plant reaches at ``age`` years after its first year of output.

    ``age < 0``: 0 (not yet built); ``age == 0``: ``first``; ``age == 1``:
    ``second``; ``age >= 2``: 1.  ``first`` and ``second`` broadcast against
    ``age`` (the ramp-up shares are estimates; docs/sources.md).
    """
    return np.where(age < 0, 0.0, np.where(age == 0, first, np.where(age == 1, second, 1.0)))


def plant_capacity(capacity: np.ndarray, first_year: np.ndarray, ramp_first: np.ndarray,
                   ramp_second: np.ndarray) -> np.ndarray:
    """Effective capacity of one plant slot over the model years.

    Parameters
    ----------
    capacity
        Nameplate capacity, shape ``(n,)``.
    first_year
        First year of output, shape ``(n,)`` (compared with :data:`YEARS`).
    ramp_first, ramp_second
        Ramp-up shares, shape ``(n,)``.

    Returns
    -------
    numpy.ndarray
        ``(n, N_YEARS)``: ``capacity * ramp_factor(YEARS - first_year)``.
    """
    age = YEARS[None, :] - np.rint(first_year)[:, None]
    return capacity[:, None] * ramp_factor(age, ramp_first[:, None], ramp_second[:, None])

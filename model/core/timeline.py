"""The model's time axis and year-path interpolation.

Every time series in the model is an array whose last axis is :data:`YEARS`
(2020-2035 inclusive, annual).  2020 is the base year of the plan (the
"十三五" outcome in 专栏1 of the plan) and the base of all constant prices.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["BASE_YEAR", "FIRST_YEAR", "LAST_YEAR", "PLAN_YEAR", "YEARS", "N_YEARS",
           "year_index", "interpolate_path"]

FIRST_YEAR: int = 2020
LAST_YEAR: int = 2035
BASE_YEAR: int = 2020
#: Final year of the 14th Five-Year Plan period (2021-2025).
PLAN_YEAR: int = 2025
YEARS: np.ndarray = np.arange(FIRST_YEAR, LAST_YEAR + 1)
N_YEARS: int = YEARS.size


def year_index(year: int) -> int:
    """Position of ``year`` on the model's time axis.

    Raises
    ------
    ValueError
        If the year lies outside 2020-2035.
    """
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return int(year) - FIRST_YEAR


def interpolate_path(path: float | Mapping[int, float]) -> np.ndarray:
    """Expand a constant or a ``{year: value}`` path to one value per model year.

    Between given years the value is interpolated linearly; before the first
    given year it is held at the first value and after the last given year it
    is held flat at the last value (LEAP's "interp" convention).

    Parameters
    ----------
    path
        A number (constant over all years) or a mapping of years in 2020-2035
        to numbers.

    Returns
    -------
    numpy.ndarray
        Float array of shape ``(N_YEARS,)``.

    Examples
    --------
    >>> interpolate_path({2020: 0.05, 2025: 0.06})[[0, 3, 5, 15]].round(4).tolist()
    [0.05, 0.056, 0.06, 0.06]
    """
    if isinstance(path, Mapping):
        if not path:
            raise ValueError("a year path needs at least one year")
        years = np.array(sorted(int(y) for y in path), dtype=float)
        values = np.array([float(path[y]) for y in sorted(path, key=int)], dtype=float)
        return np.interp(YEARS.astype(float), years, values)
    return np.full(N_YEARS, float(path))

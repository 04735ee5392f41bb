"""Levers as decision variables: which levers discovery explores and plan fitting moves, over
which range, and how one number per lever sets its path.

Scenario discovery (:mod:`model.analysis.discovery`) and plan fitting
(:mod:`model.analysis.fitplan`) move each lever by one number ``x``, the lever's value in the
plan year (``PLAN_YEAR``, 2025): a whole number for a first year of output, a choice's
position among its choices.  A box of discovery then reads "wind capacity in 2025 at most
5,000 MW", and a fitted plan changes a lever's 2025 value along the path the scenario gives it.

One number per lever
--------------------
A scalar lever takes ``x``.  A time-varying lever with scenario path ``v[t]`` keeps 2020 (the
base year: history) and is re-drawn over the plan period 2021-2025:

* where the path moves between 2020 and 2025 (``v[2025] != v[2020]``), along its own shape,
  rescaled to end at ``x``::

      v'[t] = v[2020] + (v[t] - v[2020]) (x - v[2020]) / (v[2025] - v[2020])

  (a herd growing in a straight line from 48 to 60 万头, moved to 50, grows in a straight
  line from 48 to 50; a methanol plant first producing in 2023 keeps its 2023 step);
* where it does not (a growth rate held over the plan period, a flat purchase of hay),
  ``v'[t] = x`` in every year 2021-2025;
* after 2025 the scenario's own values, except that a path the scenario holds flat after
  2025 (a herd, a capacity) holds ``x`` too.

Which levers
------------
:func:`explorable_levers`: every lever except those that set what the plan's targets ask
(:func:`target_setting`: the energy and CO2 caps and cuts, the accounting rulebook, the price
basis of the structure targets), which change what "the plan holds" means, not the world, and
the plants that existed in 2020 (history, not a choice of the plan).

:func:`fit_levers`: the plan's capacity, growth, herd and feed levers (:data:`FIT_GROUPS`).

Ranges
------
Discovery explores :meth:`~model.core.parameter.Parameter.exploration_range`: the registry's
documented range, by its rule around the scenario's own value (the baseline's are the registry
defaults), or the range a lever sets explicitly, widened to take the scenario's value in.  Plan fitting searches the
registry's bounds, first years of output from 2021 (a project of the plan cannot start in
the past) or the scenario's year if earlier.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from model.core.catalogue import Target
from model.core.parameter import Parameter, ParameterValue
from model.core.registry import REGISTRY, Registry
from model.core.scorecard import TARGETS
from model.core.timeline import BASE_YEAR, N_YEARS, PLAN_YEAR, YEARS, year_index

__all__ = ["FIRST_PLAN_YEAR", "TARGET_SETTING_THEMES", "FIT_GROUPS", "Lever", "target_setting",
           "explorable_levers", "fit_levers", "plan_number", "levers_of", "lever_arrays", "compress_path"]

#: First year of the plan period (2021).
FIRST_PLAN_YEAR: int = BASE_YEAR + 1
#: Themes whose levers set what targets ask (caps, cuts, the accounting rulebook) or how they
#: are measured (the price basis): never explored or fitted unless named.
TARGET_SETTING_THEMES: tuple[str, ...] = ("energy", "scorecard")
_PLAN = year_index(PLAN_YEAR)


# --------------------------------------------------------------------------- which levers

def target_setting(registry: Registry = REGISTRY, targets: Sequence[Target] = TARGETS) -> set[str]:
    """Levers that set what a target asks or how it is measured (:data:`TARGET_SETTING_THEMES`,
    and every parameter a target reads as its target value, tolerance or basis)."""
    named = {getattr(t, a) for t in targets
             for a in ("target_parameter", "tolerance_parameter", "basis_parameter")} - {None}
    return named | {n for n, p in registry.items() if p.theme in TARGET_SETTING_THEMES}


def _history(p: Parameter) -> bool:
    """A plant that existed in 2020 (its capacity, its first year of output): history, not a choice."""
    return "existing" in p.name


def explorable_levers(registry: Registry = REGISTRY, targets: Sequence[Target] = TARGETS) -> list[str]:
    """The levers scenario discovery varies by default, in registry order: every lever but those
    that set what targets ask (:func:`target_setting`) and the plants that existed in 2020."""
    skip = target_setting(registry, targets)
    return [n for n, p in registry.items() if p.kind == "lever" and n not in skip and not _history(p)]


def _capacity(p: Parameter) -> bool:
    return (p.theme in ("smelting", "coal_chemicals", "power") and not _history(p)
            and not p.name.startswith("concentrate_"))


#: The default levers of plan fitting, by group: the plan's projects (capacities, first years of
#: output, the coke rule, the sulfur chemicals sized to the smelters' acid; not the plants that
#: existed in 2020, nor where concentrate comes from), growth rates, herds, and feed.
FIT_GROUPS: dict[str, Callable[[Parameter], bool]] = {
    "capacity": _capacity,
    "growth": lambda p: p.name.startswith("growth_"),
    "herd": lambda p: p.name.startswith("herd_"),
    "feed": lambda p: p.name in ("silage_forage_area", "straw_feed_share", "forage_purchased", "grain_output"),
}


def fit_levers(registry: Registry = REGISTRY) -> list[str]:
    """The levers ``fit-plan`` moves by default (:data:`FIT_GROUPS`), in registry order."""
    return [n for n, p in registry.items()
            if p.kind == "lever" and any(rule(p) for rule in FIT_GROUPS.values())]


# --------------------------------------------------------------------------- one number per lever

@dataclass(frozen=True)
class Lever:
    """One lever moved by one number (see the module docstring).

    ``start`` is the scenario's own number (plan-year value, year, or choice position);
    ``base`` the scenario's model array (``(N_YEARS,)`` for a path, 0-d otherwise).
    """

    parameter: Parameter
    start: float
    base: np.ndarray

    @property
    def name(self) -> str:
        return self.parameter.name

    @property
    def integral(self) -> bool:
        """Whether the number is a whole number (a year, a choice's position)."""
        return self.parameter.dtype in ("int", "choice")

    def exploration_range(self) -> tuple[float, float]:
        """The registry's exploration range around the scenario's own number (a range the
        registry sets explicitly is widened to take that number in)."""
        p = self.parameter
        if p.dtype == "choice":
            return 0.0, float(len(p.choices) - 1)
        lo, hi = p.exploration_range(around=self.start)  # type: ignore[misc]
        return min(lo, self.start), max(hi, self.start)

    def search_range(self) -> tuple[float, float]:
        """Plan fitting's range: the registry bounds (years from 2021 or the scenario's year)."""
        p = self.parameter
        if p.dtype == "choice":
            return 0.0, float(len(p.choices) - 1)
        lo, hi = float(p.lower), float(p.upper)
        if p.dtype == "int":
            lo = max(lo, min(float(FIRST_PLAN_YEAR), self.start))
        if not (np.isfinite(lo) and np.isfinite(hi)):
            elo, ehi = self.exploration_range()
            lo, hi = (lo if np.isfinite(lo) else elo), (hi if np.isfinite(hi) else ehi)
        return lo, hi

    def arrays(self, x: np.ndarray) -> np.ndarray:
        """The model's array for numbers ``x`` (shape ``(m,)``): ``(m,)`` or ``(m, N_YEARS)``."""
        p = self.parameter
        x = np.asarray(x, dtype=float)
        if p.dtype == "choice":
            return np.clip(np.rint(x), 0, len(p.choices) - 1).astype(np.int64)
        if p.dtype == "int":
            x = np.rint(x)
        x = np.clip(x, p.lower, p.upper)
        if self.base.ndim == 0:
            return x
        v = self.base
        out = np.repeat(v[None, :], x.size, axis=0)
        plan = slice(1, _PLAN + 1)
        if v[_PLAN] != v[0]:
            out[:, plan] = v[0] + (v[plan] - v[0])[None, :] * ((x - v[0]) / (v[_PLAN] - v[0]))[:, None]
        else:
            out[:, plan] = x[:, None]
        if np.all(v[_PLAN:] == v[_PLAN]):
            out[:, _PLAN + 1:] = x[:, None]
        return np.clip(out, p.lower, p.upper)

    def value(self, x: float) -> ParameterValue:
        """The lever's value for the number ``x`` in scenario-file form (reproduces :meth:`arrays`)."""
        p = self.parameter
        arr = self.arrays(np.array([x]))[0]
        if p.dtype == "choice":
            return p.choices[int(arr)]
        if p.dtype == "int":
            return int(arr)
        return compress_path(arr) if arr.ndim else float(arr)

    def number(self, x: float) -> float | str:
        """The number as a table shows it: a year, a value in the lever's unit, or the choice."""
        p = self.parameter
        if p.dtype == "choice":
            return str(p.choices[int(np.clip(np.rint(x), 0, len(p.choices) - 1))])
        return float(np.clip(np.rint(x) if p.dtype == "int" else x, p.lower, p.upper))


def plan_number(p: Parameter, value: ParameterValue) -> float:
    """A lever's number for a value in scenario-file form: its plan-year value, year or choice position."""
    if p.dtype == "choice":
        return float(p.code(value))
    arr = p.to_array(value)
    return float(arr[_PLAN] if arr.ndim else arr)


def levers_of(resolved: Mapping[str, ParameterValue], names: Sequence[str],
              registry: Registry = REGISTRY) -> list[Lever]:
    """The :class:`Lever` of each name, from a scenario's resolved values."""
    return [Lever(parameter=registry[n], start=plan_number(registry[n], resolved[n]),
                  base=registry[n].to_array(resolved[n])) for n in names]


def lever_arrays(levers: Sequence[Lever], x: np.ndarray) -> dict[str, np.ndarray]:
    """Model arrays of every lever for numbers ``x`` of shape ``(m, len(levers))``."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    return {lv.name: lv.arrays(x[:, j]) for j, lv in enumerate(levers)}


def compress_path(path: np.ndarray, rel_tol: float = 1e-9) -> dict[int, float]:
    """The shortest ``{year: value}`` path that interpolates back to ``path`` (one value per year).

    Keeps 2020, every year where the path bends, and the last year unless the path is flat
    to the end (a path is held flat after its last year).
    """
    a = np.asarray(path, dtype=float)
    tol = rel_tol * max(1.0, float(np.max(np.abs(a))))
    keep = [0] + [t for t in range(1, N_YEARS - 1) if abs(a[t + 1] - 2 * a[t] + a[t - 1]) > tol] + [N_YEARS - 1]
    while len(keep) > 1 and np.all(np.abs(a[keep[-2]:] - a[keep[-2]]) <= tol):
        keep.pop()
    return {int(YEARS[t]): float(a[t]) for t in keep}

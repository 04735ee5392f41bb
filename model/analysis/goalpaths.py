"""Goal-seeking answers written as a person writes a path: the plan period changed, the rest kept.

:func:`model.analysis.goalseek.solve` varies one number ``x``; for a
time-varying lever the question's ``mode`` and ``period`` say how ``x`` acts on
the lever's year path.  Four ways suit an economist (:data:`PATH_MODES`), each
given to :func:`~model.analysis.goalseek.question_from_mapping` as its ``mode``
and ``period`` by :func:`path_fields`:

* ``plan`` (the default) - the values of the plan period 2021-2025 become ``x``;
  the path's anchor years outside it and its course after 2025 stay;
* ``whole`` - the whole path 2020-2035 becomes ``x``;
* ``from`` - ``x`` from a given year to 2035, the earlier years kept;
* ``scale`` - the path times ``x``, its shape kept.

:func:`tidy_overrides` writes the answer back as a scenario file would hold it:
the path's own anchor years, the period by its first and last year (the years
just outside it only where the path would change there otherwise), values
rounded to the parameter's step.  Because the path is piecewise linear between
anchors (:func:`model.core.timeline.interpolate_path`), the tidy path equals,
year by year and to 12 significant digits, the path the solver evaluated
(before rounding); the rounded answer is checked with
:func:`model.analysis.goalseek.check_overrides`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from model.analysis.goalseek import Solution
from model.core.parameter import ParameterValue
from model.core.timeline import FIRST_YEAR, LAST_YEAR, PLAN_YEAR, interpolate_path, year_index
from model.errors import UserInputError
from model.scenarios import Scenario

__all__ = ["PATH_MODES", "PLAN_PERIOD", "path_fields", "tidy_overrides"]


#: The plan period whose values goal seeking changes by default (2021-2025).
PLAN_PERIOD: tuple[int, int] = (FIRST_YEAR + 1, PLAN_YEAR)
#: How goal seeking may change a time-varying lever:
#:
#: * ``plan`` - the values of the plan period (2021-2025) become ``x``; the path's other
#:   anchor years and its course after 2025 stay (the default);
#: * ``whole`` - the whole path 2020-2035 becomes the one value ``x``;
#: * ``from`` - ``x`` from a given year to 2035; the earlier years stay;
#: * ``scale`` - the whole path times ``x``; its shape stays.
PATH_MODES: tuple[str, ...] = ("plan", "whole", "from", "scale")


def path_fields(path_mode: str, from_year: int | None = None) -> dict[str, Any]:
    """The ``mode`` and ``period`` of a question for a path mode (see :data:`PATH_MODES`)."""
    if path_mode == "plan":
        return {"mode": "set", "period": list(PLAN_PERIOD)}
    if path_mode == "whole":
        return {"mode": "set"}
    if path_mode == "from":
        year = PLAN_YEAR + 1 if from_year is None else int(from_year)
        return {"mode": "set", "period": [year, LAST_YEAR]}
    if path_mode == "scale":
        return {"mode": "scale"}
    raise UserInputError(f"path mode: expected one of {', '.join(PATH_MODES)}, got {path_mode!r}")


def _to_step(v: float, step: float | None, lower: float, upper: float) -> float:
    if step:
        v = round(v / step) * step
    return float(f"{min(max(v, lower), upper):.12g}")


def _minimal_path(anchors: dict[int, float], target: np.ndarray, optional: Sequence[int]) -> dict[int, float]:
    """``anchors`` without those of ``optional`` that the path ``target`` does not need."""
    out = dict(sorted(anchors.items()))
    for y in optional:
        if y in out:
            trial = {k: v for k, v in out.items() if k != y}
            if trial and np.array_equal(interpolate_path(trial), target):
                out = trial
    return out


def tidy_overrides(scenario: Scenario, solution: Solution,
                   steps: Mapping[str, float] | None = None) -> dict[str, ParameterValue]:
    """The answer as a person would write it: the path's own anchor years, values on the step.

    Unlike :func:`~model.analysis.goalseek.solution_overrides` (every year written out, what
    ``python -m model solve`` saves), a time-varying lever keeps the anchor
    years of its path outside the changed period, and the period is written by
    its first and last year, with the years just outside it added only where the
    path would otherwise change there.  ``scale`` scales the anchors.  Values are
    rounded to ``steps[name]`` (and kept inside the bounds) when given; check
    the rounded answer with :func:`~model.analysis.goalseek.check_overrides`.
    """
    q = solution.question
    base = scenario.resolved()
    registry = scenario.registry
    out: dict[str, ParameterValue] = {}
    for name in q.levers:
        p = registry[name]
        step = (steps or {}).get(name)
        original = base[name]
        if not p.timeseries:
            x = solution.value if q.mode == "set" else solution.value * float(original)  # type: ignore[arg-type]
            out[name] = _to_step(x, step, p.lower, p.upper)
            continue
        anchors = ({int(y): float(v) for y, v in original.items()} if isinstance(original, Mapping)
                   else {})
        if q.mode == "scale":
            if not anchors:
                out[name] = _to_step(solution.value * float(original), step, p.lower, p.upper)  # type: ignore
            else:
                out[name] = {y: _to_step(solution.value * v, step, p.lower, p.upper) for y, v in anchors.items()}
            continue
        x = _to_step(solution.value, step, p.lower, p.upper)
        first, last = q.period if q.period is not None else (FIRST_YEAR, LAST_YEAR)
        if (first, last) == (FIRST_YEAR, LAST_YEAR):
            out[name] = x
            continue
        path = p.to_array(original).astype(float)
        target = path.copy()
        target[year_index(first):year_index(last) + 1] = x
        new = {y: v for y, v in anchors.items() if y < first or y > last}
        new.update({first: x, last: x})
        edges = [y for y in (first - 1, last + 1) if FIRST_YEAR <= y <= LAST_YEAR and y not in new]
        new.update({y: float(path[year_index(y)]) for y in edges})
        out[name] = _minimal_path(new, target, edges)
    return out

"""Checking one parameter's value or distribution against the registry.

The one home of the value rules, shared by scenario files (through the pydantic
model of :mod:`model.scenarios.schema`) and the explorer's controls
(:func:`model.explorer.state.clean_value`), so that a value is refused with the
same words wherever it is typed:

* a number must be finite and lie within the parameter's inclusive bounds
  ``lower <= x <= upper`` (in the parameter's unit); an ``int`` parameter takes
  whole numbers only;
* a choice parameter takes one of its choices;
* a time-varying parameter also takes a ``{year: value}`` path with whole years
  in ``FIRST_YEAR``-``LAST_YEAR`` (2020-2035), each value checked as above; the
  model interpolates linearly between the years given
  (:func:`model.core.timeline.interpolate_path`);
* a distribution (``uncertainties:``) is one of :data:`DIST_ARGS` with exactly
  its arguments, its support inside the parameter's bounds.

Each check returns the value in scenario-file form or raises
:class:`InvalidValue` whose text is the message a scenario file gets after its
``file:line: key.path:`` prefix.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from model.core.parameter import Distribution, Parameter, ParameterValue
from model.core.timeline import FIRST_YEAR, LAST_YEAR

__all__ = ["InvalidValue", "check_value", "check_distribution", "DIST_ARGS"]

#: Distribution kinds and the arguments each takes (``choice`` also takes ``weights``).
DIST_ARGS: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "truncnormal": ("mean", "sd"),
    "lognormal": ("median", "sigma"),
    "choice": ("values",),
}


class InvalidValue(ValueError):
    """A value or distribution the registry refuses; the text says what was expected."""


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _bounds(p: Parameter) -> str:
    return f"between {_fmt(p.lower)} and {_fmt(p.upper)} {p.unit}"


# --------------------------------------------------------------------------- values

def _check_number(p: Parameter, v: Any, where: str = "") -> float | int:
    bounds = _bounds(p)
    if not _is_number(v):
        kind = "a whole number" if p.dtype == "int" else "a number"
        raise InvalidValue(f"expected {kind} {bounds}{where}, got {v!r}")
    if p.dtype == "int" and float(v) != int(v):
        raise InvalidValue(f"expected a whole number {bounds}{where}, got {v!r}")
    if not p.lower <= v <= p.upper:
        raise InvalidValue(f"expected a value {bounds}{where}, got {_fmt(v)}")
    return int(v) if p.dtype == "int" else float(v)


def _check_path(p: Parameter, v: Mapping[Any, Any]) -> dict[int, float | int]:
    if not p.timeseries:
        raise InvalidValue(f"expected a single number {_bounds(p)}; this parameter does not vary by "
                           "year, so a {year: value} path is not allowed")
    if not v:
        raise InvalidValue("expected a {year: value} path with at least one year, got an empty mapping")
    out: dict[int, float | int] = {}
    bad: list[str] = []
    for year, x in v.items():
        if isinstance(year, bool) or not isinstance(year, int):
            bad.append(f"year {year!r} is not a whole year")
            continue
        if not FIRST_YEAR <= year <= LAST_YEAR:
            bad.append(f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
            continue
        try:
            out[year] = _check_number(p, x, f" in {year}")
        except InvalidValue as exc:
            bad.append(str(exc))
    if bad:
        raise InvalidValue("; ".join(bad))
    return out


def check_value(p: Parameter, v: Any) -> ParameterValue:
    """``v`` as a value of parameter ``p`` (numbers as ``int`` or ``float``, paths by year).

    Raises
    ------
    InvalidValue
        For a value of the wrong type, outside the bounds, not among the
        choices, or a path where the parameter does not vary by year.
    """
    if p.dtype == "choice":
        if isinstance(v, bool) or v not in p.choices:
            options = ", ".join(repr(c) for c in p.choices)
            raise InvalidValue(f"expected one of {options}, got {v!r}")
        return v
    if isinstance(v, Mapping):
        return _check_path(p, v)
    if isinstance(v, (list, tuple)):
        raise InvalidValue(f"expected a number {_bounds(p)}"
                           + (" or a {year: value} path" if p.timeseries else "") + ", got a list")
    return _check_number(p, v)


# --------------------------------------------------------------------------- distributions

def _check_choice_distribution(p: Parameter, spec: Mapping[str, Any]) -> None:
    values = spec["values"]
    if not isinstance(values, list) or not values or any(x not in p.choices for x in values):
        raise InvalidValue(f"values: expected a list drawn from {list(p.choices)}")
    w = spec.get("weights")
    if w is not None and (not isinstance(w, list) or len(w) != len(values)
                          or not all(_is_number(x) and x >= 0 for x in w)
                          or abs(sum(w) - 1) > 1e-6):
        raise InvalidValue(f"weights: expected {len(values)} non-negative numbers summing to 1")


def _check_numeric_distribution(p: Parameter, kind: str, spec: Mapping[str, Any]) -> None:
    need = DIST_ARGS[kind]
    nums = {k: spec[k] for k in need}
    if not all(_is_number(x) for x in nums.values()):
        raise InvalidValue(f"{', '.join(sorted(need))} must be numbers")
    if kind in ("uniform", "triangular"):
        lo, hi = nums["low"], nums["high"]
        mode = nums.get("mode", lo)
        if not (p.lower <= lo <= mode <= hi <= p.upper) or lo == hi:
            raise InvalidValue(f"expected {_fmt(p.lower)} <= low <= "
                               + ("mode <= " if kind == "triangular" else "")
                               + f"high <= {_fmt(p.upper)} with low < high")
    elif kind == "truncnormal" and (nums["sd"] <= 0 or not p.lower <= nums["mean"] <= p.upper):
        raise InvalidValue(f"expected sd > 0 and mean within [{_fmt(p.lower)}, {_fmt(p.upper)}]")
    elif kind == "lognormal" and (nums["sigma"] <= 0 or nums["median"] <= 0):
        raise InvalidValue("expected median > 0 and sigma > 0")


#: How a draw acts on the parameter's value (see :class:`~model.core.parameter.Distribution`).
APPLY_RULES: tuple[str, ...] = ("replace", "shift", "scale")


def check_distribution(p: Parameter, spec: Any) -> Distribution:
    """``spec`` (``{kind: ..., ...}``) as an uncertainty distribution of parameter ``p``.

    Raises
    ------
    InvalidValue
        For an unknown kind, missing or extra arguments, or a support outside
        the parameter's bounds.
    """
    if not isinstance(spec, Mapping) or "kind" not in spec:
        raise InvalidValue("expected {kind: ..., ...} with kind one of " + ", ".join(DIST_ARGS))
    kind = spec["kind"]
    if kind not in DIST_ARGS:
        raise InvalidValue(f"kind: expected one of {', '.join(DIST_ARGS)}, got {kind!r}")
    if (kind == "choice") != (p.dtype == "choice"):
        raise InvalidValue(f"kind {kind!r} does not fit a {p.dtype} parameter")
    need = set(DIST_ARGS[kind])
    allowed = need | ({"weights"} if kind == "choice" else set())
    given = set(spec) - {"kind", "apply"}
    if need - given or given - allowed:
        raise InvalidValue(f"kind {kind} takes {', '.join(sorted(allowed))}; got "
                           f"{', '.join(sorted(given)) or 'nothing'}")
    apply = spec.get("apply", "replace")
    if apply not in APPLY_RULES or (apply != "replace" and kind == "choice"):
        raise InvalidValue(f"apply: expected one of {', '.join(APPLY_RULES)} (not for choices), got {apply!r}")
    if kind == "choice":
        _check_choice_distribution(p, spec)
    elif apply == "replace":
        _check_numeric_distribution(p, kind, spec)
    return Distribution(kind, {k: (tuple(x) if isinstance(x, list) else x)
                               for k, x in spec.items() if k not in ("kind", "apply")}, apply=apply)

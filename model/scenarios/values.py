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
``file:line: key.path:`` prefix; its :attr:`~InvalidValue.message` gives the
same words in Chinese (:data:`model.scenarios.problems.MESSAGES`).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from model.core.parameter import Distribution, Parameter, ParameterValue
from model.core.timeline import FIRST_YEAR, LAST_YEAR
from model.scenarios.problems import Message, Unit, say

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
    """A value or distribution the registry refuses; the text says what was expected (in English,
    :attr:`message` in either language)."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _bounds(p: Parameter) -> Message:
    return say("between", lower=_fmt(p.lower), upper=_fmt(p.upper), unit=Unit(p.unit))


# --------------------------------------------------------------------------- values

def _check_number(p: Parameter, v: Any, where: Message | str = "") -> float | int:
    bounds = _bounds(p)
    if not _is_number(v):
        raise InvalidValue(say("a_whole_number" if p.dtype == "int" else "a_number", between=bounds, where=where,
                               got=v))
    if p.dtype == "int" and float(v) != int(v):
        raise InvalidValue(say("a_whole_number", between=bounds, where=where, got=v))
    if not p.lower <= v <= p.upper:
        raise InvalidValue(say("out_of_bounds", between=bounds, where=where, got=_fmt(v)))
    return int(v) if p.dtype == "int" else float(v)


def _check_path(p: Parameter, v: Mapping[Any, Any]) -> dict[int, float | int]:
    if not p.timeseries:
        raise InvalidValue(say("no_path", between=_bounds(p)))
    if not v:
        raise InvalidValue(say("empty_path"))
    out: dict[int, float | int] = {}
    bad: list[Message] = []
    for year, x in v.items():
        if isinstance(year, bool) or not isinstance(year, int):
            bad.append(say("not_a_year", year=year))
            continue
        if not FIRST_YEAR <= year <= LAST_YEAR:
            bad.append(say("year_outside", year=year, first=FIRST_YEAR, last=LAST_YEAR))
            continue
        try:
            out[year] = _check_number(p, x, say("in_year", year=year))
        except InvalidValue as exc:
            bad.append(exc.message)
    if len(bad) == 1:
        raise InvalidValue(bad[0])
    if bad:
        raise InvalidValue(say("all", items=tuple(bad)))
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
            raise InvalidValue(say("a_choice", options=", ".join(repr(c) for c in p.choices), got=v))
        return v
    if isinstance(v, Mapping):
        return _check_path(p, v)
    if isinstance(v, (list, tuple)):
        raise InvalidValue(say("a_number_not_list", between=_bounds(p),
                               or_path=say("or_path") if p.timeseries else ""))
    return _check_number(p, v)


# --------------------------------------------------------------------------- distributions

def _check_choice_distribution(p: Parameter, spec: Mapping[str, Any]) -> None:
    values = spec["values"]
    if not isinstance(values, list) or not values or any(x not in p.choices for x in values):
        raise InvalidValue(say("dist_values", choices=list(p.choices)))
    w = spec.get("weights")
    if w is not None and (not isinstance(w, list) or len(w) != len(values)
                          or not all(_is_number(x) and x >= 0 for x in w)
                          or abs(sum(w) - 1) > 1e-6):
        raise InvalidValue(say("dist_weights", n=len(values)))


def _check_numeric_distribution(p: Parameter, kind: str, spec: Mapping[str, Any]) -> None:
    need = DIST_ARGS[kind]
    nums = {k: spec[k] for k in need}
    if not all(_is_number(x) for x in nums.values()):
        raise InvalidValue(say("dist_numbers", names=", ".join(sorted(need))))
    if kind in ("uniform", "triangular"):
        lo, hi = nums["low"], nums["high"]
        mode = nums.get("mode", lo)
        if not (p.lower <= lo <= mode <= hi <= p.upper) or lo == hi:
            raise InvalidValue(say("dist_range", lower=_fmt(p.lower), upper=_fmt(p.upper),
                                   mode=say("dist_mode") if kind == "triangular" else ""))
    elif kind == "truncnormal" and (nums["sd"] <= 0 or not p.lower <= nums["mean"] <= p.upper):
        raise InvalidValue(say("dist_truncnormal", lower=_fmt(p.lower), upper=_fmt(p.upper)))
    elif kind == "lognormal" and (nums["sigma"] <= 0 or nums["median"] <= 0):
        raise InvalidValue(say("dist_lognormal"))


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
        raise InvalidValue(say("dist_spec", kinds=", ".join(DIST_ARGS)))
    kind = spec["kind"]
    if kind not in DIST_ARGS:
        raise InvalidValue(say("dist_kind", kinds=", ".join(DIST_ARGS), got=kind))
    if (kind == "choice") != (p.dtype == "choice"):
        raise InvalidValue(say("dist_kind_fit", kind=kind, dtype=p.dtype))
    need = set(DIST_ARGS[kind])
    allowed = need | ({"weights"} if kind == "choice" else set())
    given = set(spec) - {"kind", "apply"}
    if need - given or given - allowed:
        raise InvalidValue(say("dist_args", kind=kind, allowed=", ".join(sorted(allowed)),
                               given=", ".join(sorted(given)) or say("nothing")))
    apply = spec.get("apply", "replace")
    if apply not in APPLY_RULES or (apply != "replace" and kind == "choice"):
        raise InvalidValue(say("dist_apply", rules=", ".join(APPLY_RULES), got=apply))
    if kind == "choice":
        _check_choice_distribution(p, spec)
    elif apply == "replace":
        _check_numeric_distribution(p, kind, spec)
    return Distribution(kind, {k: (tuple(x) if isinstance(x, list) else x)
                               for k, x in spec.items() if k not in ("kind", "apply")}, apply=apply)

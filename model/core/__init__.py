"""The pure model core: numpy functions over a leading scenario axis.

No file I/O, no widgets, no printing.  One scenario and 100,000 ensemble draws
run through the same code.

The names below are imported from their modules when first used (PEP 562), so that
``import model.core.timeline`` (the command line's year options) does not load the whole
model: the report command starts its kernel that much sooner.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("Diagnostic", "Results", "Target", "Variable"), "model.core.catalogue"),
    **dict.fromkeys(("THEMES", "Distribution", "Parameter", "ParameterSet"), "model.core.parameter"),
    **dict.fromkeys(("REGISTRY", "Registry"), "model.core.registry"),
    **dict.fromkeys(("TARGETS", "Scorecard", "evaluate_targets"), "model.core.scorecard"),
    **dict.fromkeys(("VARIABLES", "simulate"), "model.core.simulate"),
    **dict.fromkeys(("BASE_YEAR", "N_YEARS", "PLAN_YEAR", "YEARS", "interpolate_path", "year_index"),
                    "model.core.timeline"),
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from model.core.catalogue import Diagnostic, Results, Target, Variable
    from model.core.parameter import THEMES, Distribution, Parameter, ParameterSet
    from model.core.registry import REGISTRY, Registry
    from model.core.scorecard import TARGETS, Scorecard, evaluate_targets
    from model.core.simulate import VARIABLES, simulate
    from model.core.timeline import BASE_YEAR, N_YEARS, PLAN_YEAR, YEARS, interpolate_path, year_index


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'model.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])

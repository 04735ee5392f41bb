"""Descriptions of the model's outputs: variables, plan targets and diagnostics.

Domain modules declare what they produce with these small records; the results
table, the scorecard, the widgets and the reports read them.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from model.core.parameter import ParameterSet
from model.core.timeline import PLAN_YEAR, year_index
from model.text import pick

__all__ = ["Variable", "Target", "Diagnostic", "Results", "Comparison", "REGION", "at_year"]

#: The region the model describes (the IAMC ``region`` of its results; observations of
#: another region are context, never fitted).
REGION = "Urad Rear Banner"

#: Model outputs: IAMC-style variable name -> array of shape ``(n, N_YEARS)``.
Results = dict[str, np.ndarray]

Comparison = Literal[">=", "<=", "about", "not_modelled"]


@dataclass(frozen=True)
class Variable:
    """One output time series of the model (a row group of the results table)."""

    name: str
    unit: str
    label_zh: str
    label_en: str
    theme: str
    description: str = ""

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.label_zh, self.label_en)


@dataclass(frozen=True)
class Target:
    """One target of the plan, checked against every scenario.

    Attributes
    ----------
    id
        Stable identifier (used in ``targets.csv`` and in ensembles).
    section
        Where the plan states it (chapter/section/box).
    comparison
        ``">="``: the value must reach the target; ``"<="``: must not exceed
        it; ``"about"``: must lie within the tolerance; ``"not_modelled"``: the
        model cannot evaluate it (it is listed so the scorecard covers the plan).
    target
        The plan's number, or None when the target comes from a parameter.
    target_parameter
        Name of a parameter holding the target (caps the user sets), evaluated
        in ``year``.
    tolerance_parameter
        For ``"about"``: the parameter holding the half-width of the band.
    evaluate
        ``(params, results) -> (n,)`` array: the scenario's value.
    year
        The year the target applies to (the plan year 2025 unless stated).
    basis_parameter
        A choice parameter that sets how the target is measured (the price basis of the
        structure targets); the scorecard names the scenario's choice in the row's note.
    observed_variable, observed_rule
        How the target's quantity is read from published statistics, for the plan's final
        evaluation: ``level``, the variable's observation in the target's year; ``compound``,
        the compound average of the variable's annual growth rates (%) over 2021 to the
        target's year (every year must be observed).
    """

    id: str
    label_zh: str
    label_en: str
    section: str
    theme: str
    unit: str
    comparison: Comparison
    target: float | None = None
    target_parameter: str | None = None
    tolerance_parameter: str | None = None
    evaluate: Callable[[ParameterSet, Results], np.ndarray] | None = None
    year: int = PLAN_YEAR
    note_zh: str = ""
    note_en: str = ""
    basis_parameter: str | None = None
    observed_variable: str | None = None
    observed_rule: Literal["level", "compound"] = "level"

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.label_zh, self.label_en)

    @property
    def is_modelled(self) -> bool:
        """Whether the model judges this target (it has a comparison and an evaluation)."""
        return self.comparison != "not_modelled" and self.evaluate is not None


@dataclass(frozen=True)
class Diagnostic:
    """An internal contradiction of the plan that the model checks for.

    ``check(params, results)`` returns ``(found, numbers)``: a boolean ``(n,)``
    array (does the contradiction bite in this scenario?) and a mapping of
    named ``(n,)`` arrays that the explanation templates use.  The templates
    are ``str.format`` strings over those names.
    """

    id: str
    title_zh: str
    title_en: str
    section: str
    theme: str
    check: Callable[[ParameterSet, Results], tuple[np.ndarray, Mapping[str, np.ndarray]]]
    explain_zh: str
    explain_en: str
    resolved_zh: str = ""
    resolved_en: str = ""

    def title(self, lang: str = "zh") -> str:
        return pick(lang, self.title_zh, self.title_en)


def at_year(results: Results, name: str, year: int = PLAN_YEAR) -> np.ndarray:
    """Variable ``name`` in ``year`` for every scenario, shape ``(n,)`` (the plan year by default)."""
    return results[name][:, year_index(year)]

"""Plan diagnostics: the plan's internal contradictions, checked in every scenario.

Each domain lists its :class:`~model.core.catalogue.Diagnostic` checks in
``DIAGNOSTICS``.  A check is vectorised: it returns whether the contradiction
bites in each scenario and the numbers that show it; the explanation is a
template over those numbers, in Chinese and English.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass

import numpy as np

from model.core.catalogue import Diagnostic, Results
from model.core.domains import DOMAINS
from model.core.parameter import ParameterSet
from model.text import pick

__all__ = ["DIAGNOSTICS", "DiagnosticReport", "evaluate_diagnostics"]

#: Every diagnostic of every domain, in domain order.
DIAGNOSTICS: list[Diagnostic] = [d for m in DOMAINS for d in getattr(m, "DIAGNOSTICS", [])]


class _Explanation(string.Formatter):
    """``str.format`` that never writes a negative zero: a value that rounds to 0 at the field's
    precision is written as 0 (``-0.0 %`` reads as a fall that did not happen)."""

    _PRECISION = re.compile(r"\.(\d+)[fe%]?$")

    def format_field(self, value, format_spec):
        match = self._PRECISION.search(format_spec)
        if isinstance(value, float) and match and round(value, int(match.group(1))) == 0:
            value = 0.0
        return super().format_field(value, format_spec)


_EXPLANATION = _Explanation()


@dataclass(frozen=True)
class DiagnosticReport:
    """Diagnostics of ``n`` scenarios: ``found`` is boolean ``(n, k)``."""

    diagnostics: list[Diagnostic]
    found: np.ndarray
    numbers: list[dict[str, np.ndarray]]

    def rows(self, scenario: int = 0, lang: str = "zh") -> list[dict[str, object]]:
        """One scenario's diagnostics as plain rows with their explanation."""
        rows = []
        for j, d in enumerate(self.diagnostics):
            values = {k: float(np.asarray(v)[scenario]) for k, v in self.numbers[j].items()}
            found = bool(self.found[scenario, j])
            if found:
                template = pick(lang, d.explain_zh, d.explain_en)
            else:
                template = pick(lang, d.resolved_zh, d.resolved_en) or pick(
                    lang, "本情景未出现该矛盾。", "This contradiction does not arise here.")
            rows.append({
                "diagnostic": d.id,
                "title": d.title(lang),
                "section": d.section,
                "theme": d.theme,
                "found": found,
                "explanation": _EXPLANATION.format(template, **values),
                **{f"n_{k}": v for k, v in values.items()},
            })
        return rows


def evaluate_diagnostics(params: ParameterSet, results: Results,
                         diagnostics: list[Diagnostic] | None = None) -> DiagnosticReport:
    """Run every diagnostic check for every scenario."""
    diagnostics = DIAGNOSTICS if diagnostics is None else diagnostics
    found = np.zeros((params.n, len(diagnostics)), dtype=bool)
    numbers: list[dict[str, np.ndarray]] = []
    for j, d in enumerate(diagnostics):
        hit, nums = d.check(params, results)
        found[:, j] = np.broadcast_to(np.asarray(hit, dtype=bool), (params.n,))
        numbers.append({k: np.broadcast_to(np.asarray(v, dtype=float), (params.n,))
                        for k, v in nums.items()})
    return DiagnosticReport(diagnostics, found, numbers)

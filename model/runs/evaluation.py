"""The plan's final evaluation (终期评估): each target judged on what was observed, beside the model.

A target whose quantity is published for its year (:attr:`Target.observed_variable`) gets
the observed value and the status it earns, judged by the same rule as the model's value
(:func:`model.core.scorecard.judge`, same comparison, target value and tolerance)::

    level     observed = o[variable, target year]
    compound  observed = 100 * (prod_{t=2021..year} (1 + g_t / 100)) ** (1 / (year - 2020)) - 1
              (g_t the observed annual growth rates in %; every year must be observed)

A target whose quantity was not published stays "not observed"; nothing is filled in.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.core.catalogue import Target
from model.core.scorecard import MET, MISSED, STATUS_LABELS, Scorecard, judge
from model.core.timeline import BASE_YEAR
from model.scenarios.observations import ObservationSet
from model.text import pick

__all__ = ["NOT_OBSERVED", "ObservedTarget", "observed_value", "evaluate_observed", "observed_rows"]

NOT_OBSERVED = "not observed"
_NOT_OBSERVED_LABELS = ("无观测", "not observed")


@dataclass(frozen=True)
class ObservedTarget:
    """One target judged on published statistics."""

    target: str
    observed: float | None
    status: str
    sources: tuple[str, ...] = ()


def observed_value(target: Target, observations: ObservationSet) -> tuple[float | None, tuple[str, ...]]:
    """The target's quantity as published, and the sources it rests on (None when not published)."""
    if target.observed_variable is None:
        return None, ()
    if target.observed_rule == "level":
        for o in observations.for_variable(target.observed_variable):
            if o.year == target.year:
                return o.value, (o.source,)
        return None, ()
    by_year = {o.year: o for o in observations.for_variable(target.observed_variable)}
    years = range(BASE_YEAR + 1, target.year + 1)
    if not all(y in by_year for y in years):
        return None, ()
    factor = float(np.prod([1.0 + by_year[y].value / 100.0 for y in years]))
    return 100.0 * (factor ** (1.0 / len(years)) - 1.0), tuple(dict.fromkeys(by_year[y].source for y in years))


def evaluate_observed(scorecard: Scorecard, scenario: int, observations: ObservationSet) -> list[ObservedTarget]:
    """Every target of a scorecard judged on the observations (in the scorecard's order)."""
    out = []
    for j, t in enumerate(scorecard.targets):
        value, sources = observed_value(t, observations)
        if value is None or not t.is_modelled:
            out.append(ObservedTarget(t.id, None, NOT_OBSERVED))
            continue
        ok = bool(judge(t.comparison, np.array([value]), scorecard.target[scenario, j:j + 1],
                        scorecard.tolerance[scenario, j:j + 1])[0])
        out.append(ObservedTarget(t.id, value, MET if ok else MISSED, sources))
    return out


def observed_rows(scorecard: Scorecard, scenario: int, observations: ObservationSet,
                  lang: str = "zh") -> list[dict[str, object]]:
    """The scorecard's rows with ``observed``, ``observed_status`` and its label added."""
    rows = scorecard.rows(scenario, lang)
    for row, judged in zip(rows, evaluate_observed(scorecard, scenario, observations)):
        row["observed"] = judged.observed
        row["observed_status"] = judged.status
        row["observed_status_label"] = pick(lang, *(STATUS_LABELS.get(judged.status) or _NOT_OBSERVED_LABELS))
        row["observed_sources"] = "; ".join(observations.citation(s) for s in judged.sources)
    return rows

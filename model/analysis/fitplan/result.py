"""Fitting a plan and what came of it: the levers that moved and every target before and after.

:func:`fit_plan` checks the user's choices, builds the
:class:`~model.analysis.fitplan.problem.PlanProblem`, solves it
(:func:`~model.analysis.fitplan.solver.solve`) and returns a :class:`PlanFit`: the fitted
levers in scenario-file form (only those that moved, rounded to six significant digits, or
more where rounding would cost a target or break a hard limit), the scorecard before and after, and every
hard check.  The "after" numbers are computed from the values as written, so `python -m model
run` on the written scenario gives them back exactly.

:func:`fit_plan_in_background` runs the same in a worker thread for the explorer.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.analysis.fitplan.problem import Evaluation, PlanProblem, check_choices
from model.analysis.fitplan.solver import Budget, solve
from model.analysis.levers import plan_number
from model.core.parameter import ParameterValue
from model.core.scorecard import MET, Scorecard
from model.provenance import DEFAULT_SEED
from model.scenarios import Scenario

__all__ = ["WRITTEN_DIGITS", "PlanFit", "fit_plan", "fit_plan_in_background", "rounded"]

#: Significant digits tried, shortest first, for the values written to a fitted scenario: the
#: first that loses no target and breaks no limit is written (else the exact values).
WRITTEN_DIGITS: tuple[int, ...] = (6, 8, 10)


def rounded(value: ParameterValue, digits: int) -> ParameterValue:
    """A scenario-file value with its numbers rounded to ``digits`` significant digits."""
    if isinstance(value, dict):
        return {y: float(f"{v:.{digits}g}") for y, v in value.items()}
    if isinstance(value, float):
        return float(f"{value:.{digits}g}")
    return value


@dataclass
class PlanFit:
    """The outcome of :func:`fit_plan`.

    ``values`` holds the levers that moved, in scenario-file form (what the fitted scenario
    writes); ``before`` and ``after`` are one-row scorecards of every modelled target;
    ``hard_before`` and ``hard_after`` the value of every hard check
    (:attr:`PlanProblem.hard_checks`), ``held_before`` and ``held_after`` whether it holds.
    """

    problem: PlanProblem
    x: np.ndarray
    values: dict[str, ParameterValue]
    before: Scorecard
    after: Scorecard
    objective_before: float
    objective_after: float
    hard_before: np.ndarray
    hard_after: np.ndarray
    held_before: np.ndarray
    held_after: np.ndarray
    seed: int
    seconds: float
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def scenario(self) -> Scenario:
        return self.problem.scenario

    @property
    def met_before(self) -> int:
        return int(self.before.met[0].sum())

    @property
    def met_after(self) -> int:
        return int(self.after.met[0].sum())

    def moves(self) -> pd.DataFrame:
        """One row per lever searched: its number before and after, and whether it moved."""
        rows = []
        for lv in self.problem.levers:
            moved = lv.name in self.values
            written = plan_number(lv.parameter, self.values[lv.name]) if moved else lv.start
            before, after = lv.number(lv.start), lv.number(written)
            p = lv.parameter
            rows.append({"lever": lv.name, "label_zh": p.label_zh, "label_en": p.label_en, "unit": p.unit,
                         "before": before, "after": after,
                         "change": after - before if p.dtype != "choice" else (0.0 if after == before else np.nan),
                         "moved": moved})
        return pd.DataFrame(rows)

    def table(self) -> pd.DataFrame:
        """``<id>-fit.csv``: every modelled target before and after, every hard check, every lever."""
        rows: list[dict[str, Any]] = []
        for g in self.problem.goals:
            t, j = g.target, g.column
            b, a = self.before.value[0, j], self.after.value[0, j]
            rows.append({"kind": "target", "id": t.id, "year": t.year, "label_zh": t.label_zh, "label_en": t.label_en,
                         "unit": t.unit, "comparison": t.comparison, "target": self.after.target[0, j],
                         "tolerance": self.after.tolerance[0, j], "hard": g.hard, "weight": g.weight,
                         "before": b, "after": a, "change": a - b,
                         "status_before": self.before.status[0, j], "status_after": self.after.status[0, j]})
        for i, (tid, year) in enumerate(self.problem.hard_checks):
            if year is None:
                continue
            t = self.problem.goals[self.after.index(tid)].target
            rows.append({"kind": "hard limit by year", "id": tid, "year": year, "label_zh": t.label_zh,
                         "label_en": t.label_en, "unit": t.unit, "comparison": t.comparison,
                         "target": self.after.target[0, self.after.index(tid)], "hard": True,
                         "before": self.hard_before[i], "after": self.hard_after[i],
                         "change": self.hard_after[i] - self.hard_before[i],
                         "status_before": MET if self.held_before[i] else "missed",
                         "status_after": MET if self.held_after[i] else "missed"})
        for m in self.moves().itertuples():
            rows.append({"kind": "lever", "id": m.lever, "year": None, "label_zh": m.label_zh, "label_en": m.label_en,
                         "unit": m.unit, "before": m.before, "after": m.after, "change": m.change,
                         "status_before": "", "status_after": "moved" if m.moved else "kept"})
        return pd.DataFrame(rows)

    def describe(self) -> str:
        """What was fitted, how, and with what result (the fitted scenario's description)."""
        hard = ", ".join(dict.fromkeys(tid for tid, _ in self.problem.hard_checks)) or "none"
        moved = ", ".join(self.values) or "none"
        return "\n".join([
            f"Fitted by `python -m model fit-plan` (seed {self.seed}): {self.met_after} targets met "
            f"(before: {self.met_before}), hard limits ({hard}) held in every year 2021-2025.",
            f"Goal programming over {len(self.problem.levers)} levers: weighted, normalised shortfalls "
            f"{self.objective_before:.6g} -> {self.objective_after:.6g}; differential evolution, "
            f"{self.info.get('generations', 0)} generations of {self.info.get('population', 0)}, then "
            f"{self.info.get('polish', 'no polish')}.",
            f"Levers moved: {moved}.",
        ])


def _evaluate_values(problem: PlanProblem, values: Mapping[str, ParameterValue]) -> Evaluation:
    """The evaluation of the levers as the fitted scenario file sets them (one model call)."""
    base = problem.scenario_parameters(1)
    arrays = {n: np.asarray(problem.registry[n].to_array(v))[None, ...] for n, v in values.items()}
    return problem.evaluate_parameters(base.replace(**arrays))


def fit_plan(scenario: Scenario, *, levers: Sequence[str] | None = None, hard: Sequence[str] | None = None,
             weights: Mapping[str, float] | None = None, seed: int = DEFAULT_SEED,
             overrides: Mapping[str, ParameterValue] | None = None, budget: Budget = Budget(),
             stop: threading.Event | None = None) -> PlanFit:
    """Fit the plan: the lever values that bring the most targets within reach while the hard limits hold.

    Parameters
    ----------
    scenario
        The scenario to start from (its values are the levers' starting point and everything
        not searched).
    levers
        Lever names to search (default :func:`~model.analysis.levers.fit_levers`).
    hard
        Target ids that must hold (default
        :data:`~model.analysis.fitplan.problem.DEFAULT_HARD`); every other modelled target is soft.
    weights
        ``{target id: weight >= 0}``; every modelled target not named weighs 1.
    seed
        Seed of the search: the same seed gives the same answer.
    overrides
        Values replacing the scenario's before the fit (the explorer's current settings).
    budget
        The optimiser's settings (:class:`~model.analysis.fitplan.solver.Budget`).
    stop
        A :class:`threading.Event` that ends the search early when set.

    Raises
    ------
    model.errors.UserInputError
        For an unknown lever or target, a hard target that is not modelled, a bad weight.
    model.analysis.fitplan.solver.NoFeasiblePlan
        When no lever setting holds every hard limit (with the closest miss).
    """
    started = time.perf_counter()
    names, hard_ids, w = check_choices(scenario, levers, hard, weights)
    problem = PlanProblem(scenario, names, hard_ids, w, overrides)
    x, info = solve(problem, seed, budget, stop)
    before = problem.evaluate_parameters(problem.scenario_parameters(1))
    exact = _evaluate_values(problem, _changed_values(problem, x, None))
    for digits in (*WRITTEN_DIGITS, None):  # the shortest numbers that lose no target and break no limit
        values = _changed_values(problem, x, digits)
        after = _evaluate_values(problem, values)
        if not (after.violation.size and np.max(after.violation) > 0) and after.card.met.sum() >= exact.card.met.sum():
            break
    info.pop("final_population", None)
    return PlanFit(problem=problem, x=x, values=values, before=before.card, after=after.card,
                   objective_before=float(before.objective[0]), objective_after=float(after.objective[0]),
                   hard_before=before.hard_values[0], hard_after=after.hard_values[0],
                   held_before=before.violation[0] <= 0, held_after=after.violation[0] <= 0,
                   seed=seed, seconds=time.perf_counter() - started, info=info)


def _changed_values(problem: PlanProblem, x: np.ndarray, digits: int | None) -> dict[str, ParameterValue]:
    """The levers whose value moved, in scenario-file form, rounded to ``digits`` significant
    digits (None: exact)."""
    out: dict[str, ParameterValue] = {}
    for lv, xi in zip(problem.levers, x):
        value = lv.value(float(xi))
        value = value if digits is None else rounded(value, digits)
        p = lv.parameter
        if not np.array_equal(np.asarray(p.to_array(value)), np.asarray(p.to_array(problem.resolved[lv.name]))):
            out[lv.name] = value
    return out


# --------------------------------------------------------------------------- the explorer

_EXECUTOR: ThreadPoolExecutor | None = None


def fit_plan_in_background(scenario: Scenario, *, overrides: Mapping[str, ParameterValue] | None = None,
                           levers: Sequence[str] | None = None, hard: Sequence[str] | None = None,
                           weights: Mapping[str, float] | None = None, seed: int = DEFAULT_SEED,
                           stop: threading.Event | None = None,
                           executor: ThreadPoolExecutor | None = None) -> Future[PlanFit]:
    """:func:`fit_plan` in a worker thread; returns a :class:`concurrent.futures.Future`.

    For the explorer: the fit runs while the page stays responsive (numpy releases the
    interpreter lock inside its array loops, which are most of a model call).  ``overrides``
    are the current settings, ``levers`` the levers the user unlocked, ``stop`` an event a
    cancel button sets.  The future's result is the :class:`PlanFit` (``values`` to load,
    ``moves()`` for the table of what moved), or its exception: a
    :class:`~model.errors.UserInputError` or a
    :class:`~model.analysis.fitplan.solver.NoFeasiblePlan` to show beside the button.
    One fit runs at a time on the default executor; later ones queue.
    """
    global _EXECUTOR
    if executor is None:
        if _EXECUTOR is None:
            _EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fit-plan")
        executor = _EXECUTOR
    return executor.submit(fit_plan, scenario, overrides=overrides, levers=levers, hard=hard, weights=weights,
                           seed=seed, stop=stop)

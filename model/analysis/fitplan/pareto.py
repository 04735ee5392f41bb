"""The trade-off between two targets over the same levers: a Pareto front by the epsilon-constraint method.

``fit-plan --pareto A,B`` asks how much of target A the plan must give up for more of target
B, with the hard limits held and the same levers free.  Each target is measured in the
direction the plan wants (:func:`badness`): more of a ``>=`` target, less of a ``<=`` target,
nearer to an ``about`` target.

The epsilon-constraint method (Haimes, Lasdon and Wismer 1971, *IEEE Transactions on Systems,
Man, and Cybernetics* SMC-1:296-297; Chankong and Haimes 1983, *Multiobjective Decision
Making*, North-Holland, ch. 4) traces the front with single-objective fits:

1. the two ends, each lexicographic (the payoff table): the best A can do and, among the
   settings that do as well for A, the least B (``b_hi``); the best B can do (``b_lo``);
2. for ``eps`` evenly from ``b_hi`` down to ``b_lo`` (``b_lo`` included, so that the end at
   B's best is the best A can do there): minimise ``q_A(x)`` subject to ``q_B(x) <= eps``
   and every hard limit.

Each fit is :func:`~model.analysis.fitplan.solver.solve` with a smaller budget
(:data:`PARETO_BUDGET`), started from the previous fit's last population (a warm start: the
neighbouring point of the front lies close by).  A tie-break of ``1e-3`` times the plan's own
objective F keeps levers that move neither target near a plan that meets the other targets.
Points that another point dominates are dropped.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.analysis.fitplan.problem import Evaluation, Goal, PlanProblem, check_choices
from model.analysis.fitplan.solver import Budget, NoFeasiblePlan, solve
from model.analysis.levers import Lever
from model.errors import UserInputError
from model.provenance import DEFAULT_SEED
from model.scenarios import Scenario
from model.text import did_you_mean

__all__ = ["PARETO_POINTS", "PARETO_BUDGET", "TIE_BREAK", "NOISE", "badness", "parse_pair", "pareto_front"]

#: Points of the front (the two ends included).
PARETO_POINTS = 6
#: Each point's fit: a smaller population and fewer generations than a plan fit, warm-started.
PARETO_BUDGET = Budget(popsize=8, maxiter=50, polish_calls=40)
#: Weight of the plan's own objective F beside the traded target (a tie-break).
TIE_BREAK = 1e-3
#: Differences in a target below this share of its scale are noise, not a trade-off.
NOISE = 1e-4


def badness(goal: Goal, value: np.ndarray, target: np.ndarray) -> np.ndarray:
    """How far a target's value is from what the plan wants, smaller being better, in its unit:
    ``-value`` for ``>=``, ``value`` for ``<=``, ``|value - target|`` for ``about``."""
    comparison = goal.target.comparison
    if comparison == ">=":
        return -np.asarray(value, dtype=float)
    if comparison == "<=":
        return np.asarray(value, dtype=float)
    return np.abs(np.asarray(value, dtype=float) - target)


def parse_pair(text: str, problem_targets: Sequence[str]) -> tuple[str, str]:
    """``"ID,ID"`` as two different modelled target ids (one clear line otherwise)."""
    ids = [x.strip() for x in str(text).split(",") if x.strip()]
    if len(ids) != 2 or ids[0] == ids[1]:
        raise UserInputError(f"--pareto: expected two different target ids as ID,ID, got {text!r}")
    for i in ids:
        if i not in problem_targets:
            raise UserInputError(f"--pareto: {i!r} is not a modelled target" + did_you_mean(i, problem_targets))
    return ids[0], ids[1]


class _Epsilon:
    """A plan problem whose objective is one target's badness, another's held below ``eps``."""

    def __init__(self, base: PlanProblem, a: Goal, b: Goal, eps: float | None):
        self.base, self.a, self.b, self.eps = base, a, b, eps
        self.levers: list[Lever] = base.levers
        self.hard_checks = base.hard_checks + ([(b.target.id, None)] if eps is not None else [])

    @property
    def start(self) -> np.ndarray:
        return self.base.start

    def bounds(self) -> list[tuple[float, float]]:
        return self.base.bounds()

    def integrality(self) -> np.ndarray:
        return self.base.integrality()

    def evaluate(self, x: np.ndarray) -> Evaluation:
        ev = self.base.evaluate(x)
        card = ev.card
        qa = badness(self.a, card.value[:, self.a.column], card.target[:, self.a.column])
        objective = qa / self.a.scale + TIE_BREAK * ev.objective
        if self.eps is None:
            return Evaluation(card=card, objective=objective, violation=ev.violation, hard_values=ev.hard_values,
                              hard_limits=ev.hard_limits, hard_checks=self.hard_checks)
        qb = badness(self.b, card.value[:, self.b.column], card.target[:, self.b.column])
        over = np.maximum(qb - self.eps, 0.0)[:, None] / self.b.scale
        return Evaluation(card=card, objective=objective, violation=np.hstack([ev.violation, over]),
                          hard_values=np.hstack([ev.hard_values, card.value[:, [self.b.column]]]),
                          hard_limits=np.hstack([ev.hard_limits, np.full((len(qb), 1), self.eps)]),
                          hard_checks=self.hard_checks)


@dataclass
class _Point:
    x: np.ndarray
    eps: float | None


def pareto_front(scenario: Scenario, pair: str, *, levers: Sequence[str] | None = None,
                 hard: Sequence[str] | None = None, seed: int = DEFAULT_SEED, points: int = PARETO_POINTS,
                 budget: Budget = PARETO_BUDGET) -> pd.DataFrame:
    """The front between the two targets of ``pair`` (``"ID,ID"``), one row per point.

    Columns: ``point``, the two targets' values (``<id>``) and whether each is met
    (``met|<id>``), how many modelled targets the point meets (``targets_met``), and every
    lever's number (``lever|<name>``).  Sorted along the front; dominated points dropped.

    Raises
    ------
    model.errors.UserInputError
        For a bad pair, an unknown lever or a hard target that is not modelled.
    model.analysis.fitplan.solver.NoFeasiblePlan
        When no lever setting holds the hard limits.
    """
    names, hard_ids, weights = check_choices(scenario, levers, hard)
    base = PlanProblem(scenario, names, hard_ids, weights)
    a_id, b_id = parse_pair(pair, [t.id for t in base.targets])
    a = next(g for g in base.goals if g.target.id == a_id)
    b = next(g for g in base.goals if g.target.id == b_id)
    best_a, info = solve(_Epsilon(base, a, b, None), seed, budget)
    best_b, _ = solve(_Epsilon(base, b, a, None), seed, budget)
    ends = base.evaluate(np.vstack([best_a, best_b]))
    qa = badness(a, ends.card.value[:, a.column], ends.card.target[:, a.column])
    # the end at A's best, lexicographically: the least B among the settings as good for A
    lex_a, info = solve(_Epsilon(base, b, a, float(qa[0]) + NOISE * a.scale), seed, budget,
                        init=info["final_population"])
    found = [_Point(best_a, None), _Point(best_b, None), _Point(lex_a, None)]
    ends = base.evaluate(np.vstack([lex_a, best_b]))
    qb = badness(b, ends.card.value[:, b.column], ends.card.target[:, b.column])
    warm = info["final_population"]
    for eps in np.linspace(qb[0], qb[1], max(points, 2))[1:]:  # from A's end towards B's, warm-started
        warm[-1] = best_b  # B's end holds every limit and the tightest eps: a feasible member to start from
        try:
            x, info = solve(_Epsilon(base, a, b, float(eps) + NOISE * b.scale), seed, budget, init=warm)
        except NoFeasiblePlan:
            continue
        warm = info["final_population"]
        found.append(_Point(x, float(eps)))
    return _front_table(base, a, b, found)


def _front_table(base: PlanProblem, a: Goal, b: Goal, found: list[_Point]) -> pd.DataFrame:
    xs = np.vstack([p.x for p in found])
    ev = base.evaluate(xs)
    va, vb = ev.card.value[:, a.column], ev.card.value[:, b.column]
    qa = badness(a, va, ev.card.target[:, a.column])
    qb = badness(b, vb, ev.card.target[:, b.column])
    ta, tb = NOISE * a.scale, NOISE * b.scale
    keep = [i for i in range(len(found))
            if not any((qa[k] <= qa[i] + ta and qb[k] <= qb[i] + tb) and (qa[k] < qa[i] - ta or qb[k] < qb[i] - tb)
                       for k in range(len(found)))]
    keep = sorted(dict.fromkeys(keep), key=lambda i: (qb[i], qa[i]))
    rows: list[dict] = []
    for i in keep:
        if rows and abs(rows[-1][a.target.id] - va[i]) <= ta and abs(rows[-1][b.target.id] - vb[i]) <= tb:
            continue  # the same point twice
        row = {"point": len(rows) + 1, a.target.id: float(va[i]), b.target.id: float(vb[i]),
               f"met|{a.target.id}": bool(ev.card.met[i, a.column]), f"met|{b.target.id}": bool(ev.card.met[i, b.column]),
               "targets_met": int(ev.card.met[i].sum())}
        row.update({f"lever|{lv.name}": lv.number(xs[i, j]) for j, lv in enumerate(base.levers)})
        rows.append(row)
    return pd.DataFrame(rows)

"""The plan-fitting problem: goals, shortfalls and hard limits, evaluated for many settings at once.

Given a scenario, find the values of its levers (:mod:`model.analysis.levers`: one number per
lever, its plan-year value, a first year of output or a choice) that bring the plan's targets
closest while its hard limits hold::

    minimise    F(x) = sum_j  w_j [ max(0, d_j(x)) / s_j + c missed_j(x) ]      over the soft targets j
    subject to  d_k(x; y) <= 0                       every hard target k, every year y it is judged in
                lower_i <= x_i <= upper_i,           x_i whole for years and choices

* ``d_j`` is target ``j``'s shortfall as the scorecard judges it (:func:`shortfall`):
  ``target - value`` for ``>=``, ``value - target`` for ``<=`` and
  ``|value - target| - tolerance`` for ``about``; the target is met when ``d_j <= 0``;
* ``s_j = |target|``, the plan's own number: a shortfall is a share of what the plan asks
  (where the target is 0, the size of the scenario's own value, at least one unit);
* ``w_j`` the weight of target ``j``: 1 for every modelled target unless a weights file says
  otherwise (0 leaves a target out);
* ``c`` (:data:`MISS_COST`, 0.02) is a fixed cost per target the scorecard judges missed, so
  that between two settings with almost the same shortfalls the one meeting more targets wins
  (the plan's question is how many targets can be brought within reach), and a target the
  fit reaches is met, not grazed;
* the solver adds ``m sum_i |x_i - x0_i| / (upper_i - lower_i)`` (:data:`MOVE_COST` ``m``,
  0.01): the closest plan, a lever staying where the scenario has it unless moving it helps;
* a hard target is judged as the scorecard judges it and, when it is a limit (``<=``) of the
  plan year, also in every year 2021-2025 (:func:`yearly_values`): the energy cap, the
  grassland's carrying capacity and the acid balance must hold throughout the plan period,
  not only in 2025.  Each check uses the scorecard's own rule
  (:func:`model.core.scorecard.judge`); a broken one counts ``d_k / s_k`` towards the
  violation the solver brings to zero first.

This is weighted goal programming (Charnes and Cooper 1961, *Management Models and
Industrial Applications of Linear Programming*, Wiley; Tamiz, Jones and Romero 1998,
*European Journal of Operational Research* 111:569-581): the absolute deviations sum to an
L1 objective, which drives many shortfalls to exactly zero rather than spreading a little
over all of them.  Normalising by the target ("percentage normalisation", Tamiz et al.)
makes 亿元, kt and % commensurable.  The solver is :mod:`model.analysis.fitplan.solver`.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from model.analysis.levers import FIRST_PLAN_YEAR, Lever, fit_levers, lever_arrays, levers_of
from model.core.catalogue import Results, Target
from model.core.parameter import ParameterSet, ParameterValue
from model.core.scorecard import TARGETS, Scorecard, evaluate_targets, judge
from model.core.simulate import simulate
from model.core.timeline import PLAN_YEAR, YEARS, year_index
from model.errors import UserInputError
from model.scenarios import Scenario
from model.scenarios.schema import target_problem
from model.text import did_you_mean

__all__ = ["DEFAULT_HARD", "MISS_COST", "MOVE_COST", "PLAN_PERIOD", "Goal", "Evaluation", "PlanProblem",
           "shortfall", "yearly_values", "check_choices"]

#: The hard limits by default: the energy cap, the grassland's carrying capacity, the acid balance.
DEFAULT_HARD: tuple[str, ...] = ("energy_within_cap", "stocking_within_capacity", "acid_all_consumed")
#: The fixed cost of a soft target missed, in shares of its scale: between two settings with
#: almost the same shortfalls, the one meeting more targets wins.
MISS_COST = 0.02
#: The cost of moving a lever across its whole search range (a tie-break towards the scenario).
MOVE_COST = 0.01


# --------------------------------------------------------------------------- shortfalls

def shortfall(comparison: str, value: np.ndarray, target: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """How far ``value`` falls short of a target (<= 0: met), in the target's unit.

    ``>=``: ``target - value``; ``<=``: ``value - target``; ``about``: ``|value - target| - tolerance``.
    The same rule as :func:`model.core.scorecard.judge`, as a distance.
    """
    value, target = np.asarray(value, dtype=float), np.asarray(target, dtype=float)
    if comparison == ">=":
        return target - value
    if comparison == "<=":
        return value - target
    return np.abs(value - target) - np.nan_to_num(np.asarray(tolerance, dtype=float))


class _AsOf(Mapping):
    """The results as they stand at the end of ``year``: every series held flat after it.

    A target judged on this view gives its value "as of" that year: a level of the plan year
    reads ``year``'s value, a worst year of 2021-2025 the worst year up to ``year``.
    """

    def __init__(self, results: Results, year: int):
        self._results = results
        self._cols = np.minimum(np.arange(len(YEARS)), year_index(year))
        self._cache: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._cache:
            self._cache[name] = self._results[name][:, self._cols]
        return self._cache[name]

    def __iter__(self):
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)


def yearly_values(target: Target, params: ParameterSet, results: Results,
                  years: Sequence[int]) -> np.ndarray:
    """A target's value as of each year (:class:`_AsOf`), shape ``(n, len(years))``.

    For a level of the plan year (assessed energy against the cap) this is the level in each
    year; for a quantity already taken over the plan period (the worst stocking year) the
    worst so far.  A target of a later year (2030) is not judged year by year.
    """
    return np.stack([np.broadcast_to(np.asarray(target.evaluate(params, _AsOf(results, y)), dtype=float),
                                     (params.n,)) for y in years], axis=1)


#: The years a hard limit of the plan year is judged in.
PLAN_PERIOD: tuple[int, ...] = tuple(range(FIRST_PLAN_YEAR, PLAN_YEAR + 1))


# --------------------------------------------------------------------------- goals

@dataclass(frozen=True)
class Goal:
    """One modelled target in the fit: its weight, whether it is hard, its scale."""

    target: Target
    column: int
    weight: float
    hard: bool
    scale: float

    @property
    def yearly(self) -> bool:
        """Whether a hard target is judged in every year 2021-2025 (a limit of the plan year)."""
        return self.hard and self.target.comparison == "<=" and self.target.year == PLAN_YEAR


def check_choices(scenario: Scenario, levers: Sequence[str] | None = None, hard: Sequence[str] | None = None,
                  weights: Mapping[str, float] | None = None,
                  where: Mapping[str, str] | None = None) -> tuple[list[str], list[str], dict[str, float]]:
    """Check the levers, hard targets and weights a user named (one clear line per problem).

    ``where`` says where each weight was given (``file:line``, see
    :func:`~model.analysis.fitplan.files.load_weights`).  Returns the lever names, the hard
    target ids and the weight of every modelled target (1 unless given).
    """
    registry = scenario.registry
    names = list(levers) if levers else fit_levers(registry)
    for n in names:
        if n not in registry:
            raise UserInputError(f"--lever: unknown parameter {n!r}" + did_you_mean(n, registry))
        if registry[n].kind != "lever":
            raise UserInputError(f"--lever: {n} is an assumption, not a lever; fit-plan moves levers only")
    modelled = {t.id: t for t in TARGETS if t.is_modelled}
    hard_ids = list(DEFAULT_HARD if hard is None else hard)
    for h in hard_ids:
        if problem := target_problem(h):
            raise UserInputError(f"--hard: {problem}")
    w = {t: 1.0 for t in modelled}
    for tid, value in (weights or {}).items():
        at = (where or {}).get(tid, "--weights")
        if problem := target_problem(tid):
            raise UserInputError(f"{at}: {problem}")
        if not math.isfinite(value) or value < 0:
            raise UserInputError(f"{at}: weight of {tid}: expected a number >= 0, got {value!r}")
        w[tid] = float(value)
    return list(dict.fromkeys(names)), list(dict.fromkeys(hard_ids)), w


# --------------------------------------------------------------------------- the problem

@dataclass
class Evaluation:
    """A population's scorecard, soft objective and hard violations."""

    card: Scorecard
    objective: np.ndarray        # (S,)
    violation: np.ndarray        # (S, m) >= 0 where a hard check fails
    hard_values: np.ndarray      # (S, m) the checked values
    hard_limits: np.ndarray      # (S, m) what each check asks (the target's value)
    hard_checks: list[tuple[str, int | None]]


class PlanProblem:
    """The scenario, the levers and the goals: evaluates many lever settings in one model call."""

    def __init__(self, scenario: Scenario, levers: Sequence[str], hard: Sequence[str],
                 weights: Mapping[str, float], overrides: Mapping[str, ParameterValue] | None = None):
        self.scenario = scenario
        self.registry = scenario.registry
        self.resolved = {**scenario.resolved(), **dict(overrides or {})}
        self.levers: list[Lever] = levers_of(self.resolved, levers, self.registry)
        self._base = self.registry.parameter_set([self.resolved])
        self.targets = [t for t in TARGETS if t.is_modelled]
        own = self.scenario_parameters(1)
        start = evaluate_targets(own, simulate(own), self.targets)
        scale = [abs(t.target) if t.target else abs(float(start.target[0, j])) for j, t in enumerate(self.targets)]
        scale = [s if s > 0 else max(abs(float(start.value[0, j])), 1.0) for j, s in enumerate(scale)]
        self.goals = [Goal(target=t, column=j, weight=float(weights.get(t.id, 0.0)), hard=t.id in hard,
                           scale=float(scale[j])) for j, t in enumerate(self.targets)]
        self.hard_checks: list[tuple[str, int | None]] = []
        for g in self.goals:
            if g.hard:
                self.hard_checks.append((g.target.id, None))
                if g.yearly:
                    self.hard_checks += [(g.target.id, y) for y in PLAN_PERIOD]
        bounds = np.array(self.bounds()).reshape(-1, 2)
        self._span = np.maximum(bounds[:, 1] - bounds[:, 0], 1e-12)
        self.calls = 0

    @property
    def start(self) -> np.ndarray:
        """The scenario's own numbers, one per lever."""
        return np.array([lv.start for lv in self.levers])

    def bounds(self) -> list[tuple[float, float]]:
        return [lv.search_range() for lv in self.levers]

    def integrality(self) -> np.ndarray:
        return np.array([lv.integral for lv in self.levers])

    def scenario_parameters(self, n: int) -> ParameterSet:
        """``n`` copies of the scenario's own values (read-only broadcast views)."""
        return ParameterSet(self._base.definitions,
                            {k: np.broadcast_to(v, (n, *v.shape[1:])) for k, v in self._base.items()})

    def parameters(self, x: np.ndarray) -> ParameterSet:
        """Model input for lever numbers ``x`` of shape ``(S, k)``."""
        x = np.atleast_2d(x)
        return self.scenario_parameters(x.shape[0]).replace(**lever_arrays(self.levers, x))

    def evaluate(self, x: np.ndarray) -> Evaluation:
        """Scorecard, objective and hard violations of every row of ``x`` (one model call).

        The objective is F plus the distance from the scenario's own levers, each lever's move
        in shares of its search range times :data:`MOVE_COST`: a tie-break that leaves a lever
        where the scenario has it unless moving it helps a target.
        """
        x = np.atleast_2d(x)
        ev = self.evaluate_parameters(self.parameters(x))
        ev.objective = ev.objective + MOVE_COST * np.sum(np.abs(x - self.start) / self._span, axis=1)
        return ev

    def evaluate_parameters(self, params: ParameterSet) -> Evaluation:
        """Scorecard, F and hard violations for ready-made model input (a scenario file's levers)."""
        self.calls += 1
        results = simulate(params)
        card = evaluate_targets(params, results, self.targets)
        objective = np.zeros(params.n)
        violation, values, limits = [], [], []
        for g in self.goals:
            j = g.column
            target, tolerance = card.target[:, j], card.tolerance[:, j]
            if not g.hard:
                short = np.maximum(shortfall(g.target.comparison, card.value[:, j], target, tolerance), 0.0) / g.scale
                objective += g.weight * (short + MISS_COST * ~card.met[:, j])
                continue
            checked = [card.value[:, j]]
            if g.yearly:
                yearly = yearly_values(g.target, params, results, PLAN_PERIOD)
                checked += [yearly[:, i] for i in range(len(PLAN_PERIOD))]
            for v in checked:
                d = shortfall(g.target.comparison, v, target, tolerance)
                held = judge(g.target.comparison, v, target, tolerance)
                violation.append(np.where(held, 0.0, np.maximum(d, 0.0) / g.scale))
                values.append(v)
                limits.append(target)
        empty = np.zeros((params.n, 0))
        return Evaluation(card=card, objective=objective,
                          violation=np.stack(violation, axis=1) if violation else empty,
                          hard_values=np.stack(values, axis=1) if values else empty,
                          hard_limits=np.stack(limits, axis=1) if limits else empty,
                          hard_checks=self.hard_checks)

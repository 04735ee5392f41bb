"""Goal seeking: how far can a lever go before a limit binds?

A :class:`Question` names a lever (or several levers moved together), its
range, an objective and constraints::

    name: max-smelting
    levers: [capacity_copper_new_kt, capacity_zinc_new_kt]
    mode: scale            # set: levers take the value x; scale: x times their value
    bounds: [0.0, 3.0]
    # period: [2021, 2035] # years of a time-varying lever that x replaces (default: all)
    year: 2025             # year of every quantity written without [year]
    maximise: Production|Copper + Production|Zinc     # or minimise: ..., or
    # target: {quantity: Share|Secondary, value: 70}
    constraints:
      - Energy|Assessed <= Energy|Cap

The quantities and constraints are written in the small language of
:mod:`model.analysis.expressions` (``Energy|Assessed[2025]``,
``target:gdp_growth``, ``lever``, numbers).

Method (scipy.optimize; no hand-written solver): the lever's range is first
scanned on a grid of :data:`GRID` points in one vectorised model call, to
bracket where the objective is best among points that satisfy every
constraint.  Then

* a target is solved with :func:`scipy.optimize.brentq` on
  ``quantity - value`` inside the bracket where it changes sign;
* a maximum or minimum that sits where a constraint starts to bind is found
  with :func:`scipy.optimize.brentq` on that constraint's slack, which names
  the binding constraint; an interior optimum with :func:`scipy.optimize.minimize_scalar`
  (bounded); otherwise the lever's bound binds;
* when no grid point is feasible, :func:`scipy.optimize.minimize_scalar`
  looks for the point of least violation, and the question is reported
  infeasible (with that constraint and the size of the violation) if even that
  point violates a constraint.

The answer is written as a new scenario file inheriting from the input
(:func:`write_solution`).

References (as cited by scipy): Brent, R. P. (1973). *Algorithms for
Minimization without Derivatives*. Prentice-Hall, ch. 3-4 (``brentq``), and
Brent's method for bounded minimisation (``minimize_scalar(method="bounded")``,
after Forsythe, Malcolm and Moler 1977, *Computer Methods for Mathematical
Computations*, Prentice-Hall).
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from scipy import optimize

from model.analysis.expressions import SUGGEST_CUTOFF, Constraint, Quantity, parse_constraint, parse_quantity
from model.core.parameter import ParameterSet, ParameterValue
from model.core.scorecard import TARGETS, evaluate_targets
from model.core.simulate import simulate
from model.core.timeline import FIRST_YEAR, LAST_YEAR, PLAN_YEAR, YEARS, year_index
from model.errors import UserInputError
from model.runs.atomic import atomic_path
from model.scenarios import Scenario, dump_scenario_yaml, load_scenario
from model.text import did_you_mean, pick

__all__ = ["Question", "Solution", "Infeasible", "GRID", "question_from_mapping", "load_question",
           "solve", "write_solution", "solution_overrides", "answer_at", "check_overrides"]

#: Points of the bracketing scan over the lever's range.
GRID: int = 257
Objective = Literal["maximise", "minimise", "target"]
_TOL = 1e-9


class Infeasible(UserInputError):
    """The question has no answer within the lever's range (exit status 2).

    Besides the message, it carries the best the lever can do: ``x`` (the
    lever's value there), ``value`` (the quantity there) and ``reason``
    (``"unreachable"``: the target lies outside what the quantity reaches;
    ``"constraint"``: the target is reached only where a constraint breaks, or
    no value satisfies the constraints).  None where not known.
    """

    def __init__(self, message: str, x: float | None = None, value: float | None = None,
                 reason: str = "constraint"):
        super().__init__(message)
        self.x, self.value, self.reason = x, value, reason


# --------------------------------------------------------------------------- questions

@dataclass(frozen=True)
class Question:
    """What to vary, within which range, towards which objective, under which constraints."""

    name: str
    levers: tuple[str, ...]
    lower: float
    upper: float
    objective: Objective
    quantity: Quantity
    constraints: tuple[Constraint, ...] = ()
    target_value: float | None = None
    mode: Literal["set", "scale"] = "set"
    period: tuple[int, int] | None = None
    year: int = PLAN_YEAR

    def describe(self, lang: str = "zh") -> str:
        """The question in one sentence."""
        levers = ", ".join(self.levers)
        quantity = self.quantity.text()
        how = {"set": pick(lang, "取值", "set to x"), "scale": pick(lang, "乘以系数", "scaled by x")}[self.mode]
        cons = "; ".join(c.text() for c in self.constraints)
        if self.objective == "target":
            goal = pick(lang, "使 ", "make ") + f"{quantity} = {self.target_value:g}"
        else:
            goal = {"maximise": pick(lang, f"使 {quantity} 最大", f"maximise {quantity}"),
                    "minimise": pick(lang, f"使 {quantity} 最小", f"minimise {quantity}")}[self.objective]
        within = f"x {pick(lang, '在', 'in')} [{self.lower:g}, {self.upper:g}]"
        return pick(lang, f"调整 {levers}（{how}，{within}），{goal}" + (f"，约束：{cons}" if cons else "") + "。",
                    f"Vary {levers} ({how}, {within}) to {goal}" + (f" subject to {cons}" if cons else "") + ".")


def question_from_mapping(data: Mapping[str, Any], scenario: Scenario, where: str = "question"
                          ) -> Question:
    """Build and check a :class:`Question` from plain data (a YAML block or CLI options)."""
    if "question" in data and isinstance(data["question"], Mapping):
        data = data["question"]
    allowed = {"name", "lever", "levers", "mode", "bounds", "period", "year", "maximise", "maximize",
               "minimise", "minimize", "target", "constraints"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise UserInputError(f"{where}: unknown key {unknown[0]!r}; expected one of "
                             + ", ".join(sorted(allowed)))
    registry = scenario.registry
    levers = data.get("levers", data.get("lever"))
    if isinstance(levers, str):
        levers = [levers]
    if not levers or not isinstance(levers, list) or not all(isinstance(x, str) for x in levers):
        raise UserInputError(f"{where}.levers: expected a parameter name or a list of names")
    for name in levers:
        if name not in registry:
            raise UserInputError(f"{where}.levers: unknown parameter {name!r}"
                                 + did_you_mean(name, registry, SUGGEST_CUTOFF))
        if registry[name].dtype != "float":
            raise UserInputError(f"{where}.levers: {name} is a {registry[name].dtype}; goal seeking "
                                 "varies a continuous number")
    year = data.get("year", PLAN_YEAR)
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise UserInputError(f"{where}.year: expected a year in {FIRST_YEAR}-{LAST_YEAR}, got {year!r}")
    mode = data.get("mode", "set")
    if mode not in ("set", "scale"):
        raise UserInputError(f"{where}.mode: expected set or scale, got {mode!r}")
    period = data.get("period")
    if period is not None:
        if (not isinstance(period, (list, tuple)) or len(period) != 2
                or not all(isinstance(y, int) and FIRST_YEAR <= y <= LAST_YEAR for y in period)
                or period[0] > period[1]):
            raise UserInputError(f"{where}.period: expected [first year, last year] within "
                                 f"{FIRST_YEAR}-{LAST_YEAR}, got {period!r}")
        not_ts = [n for n in levers if not registry[n].timeseries]
        if not_ts:
            raise UserInputError(f"{where}.period: {not_ts[0]} does not vary by year; drop period")
        period = (int(period[0]), int(period[1]))
    base = scenario.resolved()
    lo_default, hi_default = _default_bounds(levers, mode, base, registry)
    bounds = data.get("bounds", [lo_default, hi_default])
    if (not isinstance(bounds, (list, tuple)) or len(bounds) != 2
            or not all(isinstance(b, (int, float)) and not isinstance(b, bool) and math.isfinite(b)
                       for b in bounds) or bounds[0] >= bounds[1]):
        raise UserInputError(f"{where}.bounds: expected [low, high] numbers with low < high, got {bounds!r}")
    lo, hi = float(bounds[0]), float(bounds[1])
    if lo < lo_default - 1e-12 or hi > hi_default + 1e-12:
        raise UserInputError(f"{where}.bounds: [{lo:g}, {hi:g}] leaves the levers' allowed range "
                             f"[{lo_default:g}, {hi_default:g}] (registry bounds)")
    goals = [k for k in ("maximise", "maximize", "minimise", "minimize", "target") if k in data]
    if len(goals) != 1:
        raise UserInputError(f"{where}: expected exactly one of maximise, minimise or target")
    goal = goals[0]
    objective: Objective = {"maximize": "maximise", "minimize": "minimise"}.get(goal, goal)  # type: ignore
    target_value = None
    if objective == "target":
        spec = data["target"]
        if isinstance(spec, str):
            m = re.match(r"^(.*?)=\s*([-+0-9.eE]+)\s*$", spec)
            if not m:
                raise UserInputError(f"{where}.target: expected 'QUANTITY = VALUE', got {spec!r}")
            spec = {"quantity": m.group(1), "value": float(m.group(2))}
        if not isinstance(spec, Mapping) or set(spec) != {"quantity", "value"}:
            raise UserInputError(f"{where}.target: expected {{quantity: ..., value: number}}")
        value = spec["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise UserInputError(f"{where}.target.value: expected a number, got {value!r}")
        target_value = float(value)
        quantity = parse_quantity(spec["quantity"], year, f"{where}.target.quantity")
    else:
        expr = data[goal]
        quantity = parse_quantity("lever" if expr in (None, "", "lever") else expr, year, f"{where}.{goal}")
    raw_cons = data.get("constraints", []) or []
    if isinstance(raw_cons, str):
        raw_cons = [raw_cons]
    if not isinstance(raw_cons, list):
        raise UserInputError(f"{where}.constraints: expected a list of 'A <= B' texts")
    constraints = tuple(parse_constraint(c, year, f"{where}.constraints[{i}]") for i, c in enumerate(raw_cons))
    name = data.get("name") or f"{objective}-{levers[0]}".replace("_", "-")
    if not isinstance(name, str) or not re.match(r"^[a-z0-9][a-z0-9_-]*$", name):
        raise UserInputError(f"{where}.name: expected lower-case letters, digits, '-' or '_', got {name!r}")
    return Question(name=name, levers=tuple(levers), lower=lo, upper=hi, objective=objective, quantity=quantity,
                    constraints=constraints, target_value=target_value, mode=mode, period=period, year=year)


def load_question(path: str | Path, scenario: Scenario) -> Question:
    """Read a question from a small YAML file (safe loader)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(f"{path}: file not found; expected a question YAML file") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UserInputError(f"{path}: malformed YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, Mapping):
        raise UserInputError(f"{path}: expected a mapping with levers, bounds, an objective and constraints")
    return question_from_mapping(data, scenario, where=str(path))


def _default_bounds(levers: Sequence[str], mode: str, base: Mapping[str, ParameterValue],
                    registry) -> tuple[float, float]:
    if mode == "set":
        return (max(registry[n].lower for n in levers), min(registry[n].upper for n in levers))
    his = []
    for n in levers:
        top = float(np.max(np.abs(registry[n].to_array(base[n]))))
        his.append(registry[n].upper / top if top > 0 else np.inf)
    hi = min(his)
    return 0.0, (hi if math.isfinite(hi) else 10.0)


# --------------------------------------------------------------------------- solving

@dataclass
class Solution:
    """The answer to a :class:`Question`.

    ``binding`` names what stops the lever going further: a constraint as
    written (``"Energy|Assessed[2025] <= Energy|Cap[2025]"``), ``"target ..."``,
    ``"lever upper bound x = ..."`` / ``"lever lower bound x = ..."`` or
    ``"none (interior optimum)"``.  ``value`` is the lever's ``x``,
    ``objective_value`` the quantity there, ``constraints`` one record per
    constraint (``constraint``, ``lhs``, ``op``, ``rhs``, ``slack``) and
    ``evaluations`` the number of model runs the answer took.  A question
    without an answer raises :class:`Infeasible` instead, so every solution
    satisfies its constraints.
    """

    question: Question
    value: float
    binding: str
    objective_value: float
    constraints: list[dict[str, Any]] = field(default_factory=list)
    evaluations: int = 0

    def summary(self, lang: str = "zh") -> str:
        """The question, the answer, what binds and every constraint's two sides and slack."""
        q = self.question
        answer = f"x = {self.value:.6g}{pick(lang, '；', '; ')}{q.quantity.text()} = {self.objective_value:.6g}"
        lines = [q.describe(lang), pick(lang, "答案：", "answer: ") + answer,
                 pick(lang, "起约束作用的条件：", "binding: ") + self.binding]
        for c in self.constraints:
            lines.append(f"  {c['constraint']}: {c['lhs']:.6g} {c['op']} {c['rhs']:.6g} "
                         f"({pick(lang, '余量', 'slack')} {c['slack']:+.4g})")
        return "\n".join(lines)


def _lever_arrays(question: Question, base: Mapping[str, ParameterValue], registry,
                  x: np.ndarray) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name in question.levers:
        p = registry[name]
        current = p.to_array(base[name]).astype(float)
        if p.timeseries:
            path = np.repeat(current[None, :], len(x), axis=0)
            cols = (slice(None) if question.period is None else
                    slice(year_index(question.period[0]), year_index(question.period[1]) + 1))
            path[:, cols] = (x[:, None] if question.mode == "set" else x[:, None] * path[:, cols])
            out[name] = path
        else:
            out[name] = x.astype(float) if question.mode == "set" else x * float(current)
    return out


class _Evaluator:
    """Evaluate the objective and every constraint's slack for many lever values at once."""

    def __init__(self, scenario: Scenario, question: Question):
        self.q = question
        self.base = scenario.resolved()
        self.registry = scenario.registry
        self.template = self.registry.parameter_set([self.base])
        self.targets = [t for t in TARGETS if t.id in set().union(
            question.quantity.targets, *(c.targets for c in question.constraints))]
        self.calls = 0

    def __call__(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        x = np.atleast_1d(np.asarray(x, dtype=float))
        self.calls += len(x)
        params = ParameterSet(self.template.definitions,
                              {k: np.repeat(v, len(x), axis=0) for k, v in self.template.items()})
        return self.measure(params.replace(**_lever_arrays(self.q, self.base, self.registry, x)), x)

    def measure(self, params: ParameterSet, x: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Objective, slacks and constraint sides of the scenarios in ``params`` (``x``: the lever token)."""
        results = simulate(params)
        tv: dict[str, np.ndarray] = {}
        if self.targets:
            card = evaluate_targets(params, results, self.targets)
            tv = {t.id: card.value[:, j] for j, t in enumerate(self.targets)}
        obj = self.q.quantity.evaluate(x, results, tv)
        slacks = np.stack([c.slack(x, results, tv) for c in self.q.constraints], axis=1) \
            if self.q.constraints else np.zeros((len(x), 0))
        sides = [c.sides(x, results, tv) for c in self.q.constraints]
        return obj, slacks, sides

    def scalar(self, x: float) -> tuple[float, np.ndarray]:
        obj, slacks, _ = self(np.array([x]))
        return float(obj[0]), slacks[0]


def _tolerance(values: np.ndarray) -> float:
    return _TOL * max(1.0, float(np.nanmax(np.abs(values))) if np.size(values) else 1.0)


def solve(scenario: Scenario, question: Question, grid: int = GRID) -> Solution:
    """Answer ``question`` for ``scenario`` (see the module docstring for the method).

    Raises
    ------
    Infeasible
        When no lever value in the range satisfies every constraint, or the
        target cannot be reached; the message says why, with the numbers.
    """
    ev = _Evaluator(scenario, question)
    q = question
    xs = np.linspace(q.lower, q.upper, grid)
    obj, slacks, sides = ev(xs)
    scale = _tolerance(np.concatenate([np.abs(s) for pair in sides for s in pair])) if sides else _TOL
    feasible = np.all(slacks >= -scale, axis=1) & np.isfinite(obj)

    def slack_at(x: float, j: int) -> float:
        return float(ev.scalar(x)[1][j])

    def is_feasible(x: float) -> bool:
        return bool(np.all(ev.scalar(x)[1] >= -scale))

    if q.objective == "target":
        h = obj - q.target_value
        roots: list[float] = []
        for i in range(grid - 1):
            if not (np.isfinite(h[i]) and np.isfinite(h[i + 1])):
                continue
            if h[i] == 0:
                roots.append(float(xs[i]))
            elif h[i] * h[i + 1] < 0:
                roots.append(optimize.brentq(lambda x: ev.scalar(x)[0] - q.target_value,
                                             xs[i], xs[i + 1], xtol=1e-14, rtol=4 * np.finfo(float).eps))
        if h[-1] == 0:
            roots.append(float(xs[-1]))
        if not roots:
            lo_v, hi_v = np.nanmin(obj), np.nanmax(obj)
            best = int(np.nanargmin(np.abs(h)))
            raise Infeasible(f"infeasible: {q.quantity.text()} = {q.target_value:g} cannot be reached with "
                             f"{', '.join(q.levers)} in [{q.lower:g}, {q.upper:g}]; it ranges from "
                             f"{lo_v:.6g} to {hi_v:.6g} there", x=float(xs[best]), value=float(obj[best]),
                             reason="unreachable")
        ok = [r for r in roots if is_feasible(r)]
        if not ok:
            r = roots[0]
            worst = int(np.argmin(ev.scalar(r)[1]))
            raise Infeasible(f"infeasible: {q.quantity.text()} = {q.target_value:g} needs x = {r:.6g}, "
                             f"which breaks {q.constraints[worst].text()} (short by "
                             f"{-slack_at(r, worst):.4g})", x=r, value=q.target_value)
        value = ok[0]
        binding = f"target {q.quantity.text()} = {q.target_value:g}"
        return _finish(ev, q, value, binding)

    sign = 1.0 if q.objective == "maximise" else -1.0
    if not feasible.any():
        worst_min = lambda x: -float(np.min(ev.scalar(x)[1]))  # noqa: E731
        i0 = int(np.argmax(np.min(slacks, axis=1))) if slacks.size else 0
        a, b = xs[max(i0 - 1, 0)], xs[min(i0 + 1, grid - 1)]
        res = optimize.minimize_scalar(worst_min, bounds=(a, b), method="bounded",
                                       options={"xatol": 1e-12 * max(1.0, abs(q.upper - q.lower))})
        if res.fun > scale:
            x = float(res.x)
            span = abs(q.upper - q.lower)
            x = q.lower if abs(x - q.lower) <= 1e-8 * span else q.upper if abs(x - q.upper) <= 1e-8 * span else x
            j = int(np.argmin(ev.scalar(x)[1]))
            raise Infeasible(f"infeasible: no value of {', '.join(q.levers)} in [{q.lower:g}, {q.upper:g}] "
                             f"satisfies {q.constraints[j].text()}; at best (x = {x:.6g}) it is short by "
                             f"{-slack_at(x, j):.4g}", x=x, value=ev.scalar(x)[0])
        feasible_x = float(res.x)
        return _finish(ev, q, feasible_x, _binding_names(ev, q, feasible_x, scale))
    score = np.where(feasible, sign * obj, -np.inf)
    i = int(np.argmax(score))
    value = float(xs[i])
    binding = ""
    left_ok = i > 0 and feasible[i - 1]
    right_ok = i < grid - 1 and feasible[i + 1]
    for nb, ok in ((i + 1, right_ok), (i - 1, left_ok)):
        if not 0 <= nb < grid or ok:
            continue
        if not sign * obj[nb] > sign * obj[i]:
            continue
        # the objective improves towards an infeasible neighbour: the first constraint to bind
        violated = [j for j in range(slacks.shape[1]) if slacks[nb, j] < -scale]
        best_root, best_j = None, None
        for j in violated:
            if slacks[i, j] * slacks[nb, j] > 0:
                continue
            r = optimize.brentq(lambda x, j=j: slack_at(x, j), xs[i], xs[nb], xtol=1e-14,
                                rtol=4 * np.finfo(float).eps)
            if best_root is None or abs(r - xs[i]) < abs(best_root - xs[i]):
                best_root, best_j = r, j
        if best_root is not None:
            cand = _feasible_side(best_root, float(xs[i]), is_feasible, q)
            if cand is not None and sign * ev.scalar(cand)[0] >= sign * obj[i]:
                value = cand
                binding = q.constraints[best_j].text()
        break
    if not binding:
        if (i == 0 or i == grid - 1) and not (i == 0 and right_ok and obj[1] * sign > obj[0] * sign):
            binding = f"lever {'upper' if i == grid - 1 else 'lower'} bound x = {xs[i]:g}"
        elif left_ok and right_ok:
            res = optimize.minimize_scalar(lambda x: -sign * ev.scalar(x)[0],
                                           bounds=(xs[i - 1], xs[i + 1]), method="bounded",
                                           options={"xatol": 1e-10 * max(1.0, abs(q.upper - q.lower))})
            if is_feasible(float(res.x)) and -res.fun >= sign * obj[i]:
                value = float(res.x)
            binding = "none (interior optimum)"
        else:
            binding = _binding_names(ev, q, value, scale) or "none"
    return _finish(ev, q, value, binding)


def _feasible_side(root: float, inside: float, is_feasible, q: Question) -> float | None:
    """The root if it satisfies the constraints, else the nearest point on the feasible side."""
    if is_feasible(root):
        return root
    span = abs(q.upper - q.lower)
    step = np.sign(inside - root)
    for d in (1e-13, 1e-11, 1e-9, 1e-7):
        x = root + step * d * span
        if is_feasible(x):
            return x
    return None


def _binding_names(ev: _Evaluator, q: Question, x: float, scale: float) -> str:
    s = ev.scalar(x)[1]
    tight = [q.constraints[j].text() for j in range(len(s)) if abs(s[j]) <= max(scale, 1e-6)]
    return "; ".join(tight)


def _finish(ev: _Evaluator, q: Question, value: float, binding: str, params: ParameterSet | None = None
            ) -> Solution:
    """The solution at ``value``, measured with the levers at ``x = value`` or as set in ``params``."""
    x = np.array([value])
    obj, slacks, sides = ev(x) if params is None else ev.measure(params, x)
    cons = [{"constraint": c.text(), "lhs": float(sides[j][0][0]), "op": c.op, "rhs": float(sides[j][1][0]),
             "slack": float(slacks[0, j])} for j, c in enumerate(q.constraints)]
    return Solution(question=q, value=float(value), binding=binding or "none", objective_value=float(obj[0]),
                    constraints=cons, evaluations=ev.calls)


# --------------------------------------------------------------------------- writing the answer

def solution_overrides(scenario: Scenario, solution: Solution) -> dict[str, ParameterValue]:
    """The levers' values that the answer sets, in scenario-file form."""
    q = solution.question
    base = scenario.resolved()
    arrays = _lever_arrays(q, base, scenario.registry, np.array([solution.value]))
    out: dict[str, ParameterValue] = {}
    for name, arr in arrays.items():
        p = scenario.registry[name]
        if p.timeseries:
            path = arr[0]
            out[name] = {int(y): float(v) for y, v in zip(YEARS, path)}
            # keep the file short when the whole path is one value
            if np.all(path == path[0]):
                out[name] = float(path[0])
        else:
            out[name] = float(arr[0])
    return out


def write_solution(scenario: Scenario, solution: Solution, out: str | Path, force: bool = False) -> Path:
    """Write the answer as a scenario file inheriting from ``scenario`` (atomically).

    Never replaces an existing file unless ``force``.
    """
    out = Path(out)
    if out.exists() and not force:
        raise UserInputError(f"{out}: exists; choose another --out or pass --force to replace it")
    if out.exists() and out.is_dir():
        raise UserInputError(f"{out}: is a folder; expected a .yaml file name for --out")
    q = solution.question
    inherits = None
    if scenario.path is not None:
        inherits = os.path.relpath(Path(scenario.path).resolve(), out.resolve().parent)
    sid = f"{scenario.id}-{q.name}"[:80]
    description = "\n".join([
        "Answer of `python -m model solve`:",
        q.describe("en"),
        f"x = {solution.value:.10g}; {q.quantity.text()} = {solution.objective_value:.10g}.",
        f"Binding constraint: {solution.binding}.",
        *[f"{c['constraint']}: {c['lhs']:.6g} {c['op']} {c['rhs']:.6g}" for c in solution.constraints],
    ])
    text = dump_scenario_yaml(sid, f"{scenario.title_zh}（求解：{q.name}）",
                              f"{scenario.title_en} (solved: {q.name})", description, inherits,
                              solution_overrides(scenario, solution), scenario.registry)
    header = (f"# 由 `python -m model solve` 生成 / written by `python -m model solve`\n"
              f"# {q.describe('zh')}\n# {q.describe('en')}\n")
    with atomic_path(out) as tmp:
        tmp.write_text(header + text, encoding="utf-8")
        load_scenario(tmp, scenario.registry)  # must load back before it takes the final name
    return out


# --------------------------------------------------------------------------- answers at a given point

def answer_at(scenario: Scenario, question: Question, x: float, binding: str = "") -> Solution:
    """The question's quantity and constraints at the lever value ``x`` (as a :class:`Solution`)."""
    return _finish(_Evaluator(scenario, question), question, float(x), binding)


def check_overrides(scenario: Scenario, question: Question, overrides: Mapping[str, ParameterValue],
                    x: float, binding: str = "") -> Solution:
    """The question's quantity and constraints when the levers take ``overrides`` (``x`` for ``lever``)."""
    ev = _Evaluator(scenario, question)
    arrays = {n: scenario.registry[n].to_array(v).astype(float)[None, ...] for n, v in overrides.items()}
    return _finish(ev, question, float(x), binding, ev.template.replace(**arrays))

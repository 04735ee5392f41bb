"""Calibration: fit free parameters to observed statistics by bounded weighted least squares.

Given a scenario and observations (:mod:`model.scenarios.observations`), find the values
of the free parameters that bring the model closest to every observation whose variable
and year the model produces (the banner's, 2020-2035)::

    minimise  sum_i ((y_i(x) - o_i) / s_i)^2  [ + sum_j ((x_j - x0_j) / sigma_j)^2 ]
    over      lower_j <= x_j <= upper_j

* ``y_i(x)`` is the model's value of observation ``i`` with the free values ``x``;
* ``s_i = rel_sd * max(|o_i|, 1)`` is the observation's standard error: a relative error
  (5 % by default) with a floor of ``rel_sd`` units for values near zero, and at least one
  percentage point for rates and shares in %.  This is the same
  error model the weighted ensembles use (:mod:`model.analysis.weighting`), so a fitted
  replay and an ensemble conditioned on the same numbers agree;
* the bracketed prior term is added only when there are more free values than
  observations: it pulls each value toward its registry default ``x0_j`` with the scale
  ``sigma_j`` of its uncertainty distribution (or a tenth of its range), a ridge
  (Tikhonov) regularisation that makes the problem well posed and is reported as such.

The solver is :func:`scipy.optimize.least_squares` (trust-region reflective, bounded),
with the Jacobian computed by forward differences in ONE vectorised model call per
iteration (all perturbed parameter sets are scenarios of a single :func:`simulate` call).

Free paths
----------
A time-varying parameter is fitted as one value per *knot year*: every year after 2020
of the fitted observations.  The path keeps the shape of its scenario path (a published
price change stays where it was cited): the *change* from the scenario's path is 0 in
2020 (the base year never moves: its figures are the plan's), the fitted difference at
each knot, linear in between, and 0 again from the year after the last knot.  With observations in 2023 only, a growth path is fitted as
``{2020: scenario value, 2023: x}`` and keeps its scenario values from 2024.

Default free set
----------------
Without ``free``, the parameters are chosen from what the observations name: one
vectorised run perturbs every candidate (levers, utilisation and prices: what happened in
2021-2025; integer years and choices are never fitted) and keeps, for each observed
variable, the five with the largest effect on it (growth rates and prices for GDP figures,
capacities and utilisation for output, caps and growth for energy).  :func:`default_free` documents the rule.

References: Nocedal & Wright (2006) *Numerical Optimization*, ch. 10 (least squares);
Branch, Coleman & Li (1999) SIAM J. Sci. Comput. 21:1-23 (the trust-region reflective
method of scipy); Tikhonov & Arsenin (1977) *Solutions of Ill-posed Problems*.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize

from model.analysis.weighting import DEFAULT_REL_SD, observation_sd
from model.core.catalogue import Results
from model.core.parameter import Parameter, ParameterSet, ParameterValue
from model.core.simulate import simulate
from model.core.timeline import BASE_YEAR, FIRST_YEAR, LAST_YEAR, YEARS, interpolate_path, year_index
from model.errors import UserInputError
from model.provenance import refuse_foreign, text_is_ours, written_by_line
from model.runs.atomic import atomic_path
from model.scenarios import Scenario, dump_scenario_yaml, load_scenario
from model.scenarios.observations import Observation, ObservationSet
from model.text import did_you_mean

__all__ = ["DEFAULT_REL_SD", "PER_VARIABLE", "FreeParameter", "Calibration", "CalibrationFailed",
           "default_free", "calibrate", "prior_scale", "observation_sd", "write_calibration"]

#: How many parameters the default free set takes per observed variable.
PER_VARIABLE = 5
#: Relative size of the screening perturbation (of the parameter's range or value).
_SCREEN_STEP = 0.01
#: The solver's default budget of function evaluations (each is one vectorised model call).
MAX_EVALUATIONS = 200
#: Themes whose parameters never change results (scorecard tolerances and targets).
_NOT_FITTED_THEMES = ("scorecard",)


class CalibrationFailed(RuntimeError):
    """The fit did not converge (exit status 1; nothing is written)."""


# --------------------------------------------------------------------------- free parameters

def prior_scale(p: Parameter) -> float:
    """The prior standard deviation of a parameter: its distribution's, or a tenth of its range."""
    d = p.distribution
    if d is not None and d.kind != "choice":
        a = d.args
        if d.kind == "truncnormal":
            return float(a["sd"])
        if d.kind == "uniform":
            return (float(a["high"]) - float(a["low"])) / np.sqrt(12.0)
        if d.kind == "triangular":
            lo, mo, hi = float(a["low"]), float(a["mode"]), float(a["high"])
            return float(np.sqrt((lo * lo + mo * mo + hi * hi - lo * mo - lo * hi - mo * hi) / 18.0))
        if d.kind == "lognormal":
            return float(a["median"]) * float(a["sigma"])
    span = p.upper - p.lower
    if np.isfinite(span) and span > 0:
        return span / 10.0
    default = p.default if not isinstance(p.default, dict) else max(abs(v) for v in p.default.values())
    return max(abs(float(default)) * 0.5, 1e-3)


@dataclass(frozen=True)
class FreeParameter:
    """One free parameter and how its values map onto the model's array.

    ``knots`` is ``None`` for a scalar; for a path, the knot years (fitted values at the
    free ones, ``fixed`` holds the scenario's values at the others).
    """

    parameter: Parameter
    start: np.ndarray                 # scenario values at the free positions
    base_path: np.ndarray | None      # (N_YEARS,) scenario path, for paths
    knots: tuple[int, ...] | None = None
    free_knots: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return self.parameter.name

    @property
    def size(self) -> int:
        return 1 if self.knots is None else len(self.free_knots)

    def labels(self) -> list[str]:
        """One label per free value: ``name`` or ``name[year]``."""
        return [self.name] if self.knots is None else [f"{self.name}[{y}]" for y in self.free_knots]

    def array(self, values: np.ndarray) -> np.ndarray:
        """The model's array for ``(m, size)`` free values: ``(m,)`` or ``(m, N_YEARS)``.

        A path keeps its scenario shape: the change from the scenario's path is 0 in 2020,
        ``value - scenario value`` at each knot, linear in between, and 0 again from the year
        after the last knot.
        """
        if self.knots is None:
            return values[:, 0]
        m = values.shape[0]
        deltas = np.zeros((m, len(self.knots)))
        for k, y in enumerate(self.free_knots):
            deltas[:, self.knots.index(y)] = values[:, k] - self.base_path[year_index(y)]
        last = year_index(self.knots[-1])
        out = np.repeat(self.base_path[None, :], m, axis=0)
        xs = np.asarray(self.knots, dtype=float)
        for i in range(m):
            out[i, : last + 1] += np.interp(YEARS[: last + 1], xs, deltas[i])
        return out

    def file_value(self, values: np.ndarray, scenario_value: ParameterValue) -> ParameterValue:
        """The fitted value in scenario-file form (a path reproduces :meth:`array` exactly).

        Every year up to the one after the last knot is written out, then the scenario's
        own later anchors, so the file's linear interpolation gives back the same path.
        """
        if self.knots is None:
            return float(values[0])
        fitted = self.array(values[None, :])[0]
        last = self.knots[-1]
        upto = min(last + 1, LAST_YEAR)
        path = {int(y): float(fitted[year_index(int(y))]) for y in YEARS if y <= upto}
        anchors = scenario_value if isinstance(scenario_value, dict) else {FIRST_YEAR: scenario_value}
        path.update({y: float(v) for y, v in anchors.items() if y > upto})
        path.setdefault(LAST_YEAR, float(self.base_path[year_index(LAST_YEAR)]))
        return dict(sorted(path.items()))


def _fittable_parameter(p: Parameter) -> bool:
    return p.dtype == "float" and p.theme not in _NOT_FITTED_THEMES


def _replay_candidate(p: Parameter) -> bool:
    """What a replay may free by default: what really happened, not the model's coefficients.

    Levers (capacities, growth paths, herd and feed choices, caps), utilisation and prices
    are events of 2021-2025; coefficients (value added per tonne, intensities) and the
    base-year levels (``*_2020``) are facts about the model that a few observations of
    later years should not move.  ``--free`` frees any float parameter.
    """
    if not _fittable_parameter(p) or p.name.endswith("_2020") or "_2020_" in p.name:
        return False
    return p.kind == "lever" or p.theme == "prices" or p.name.startswith("utilisation_")


def _free_parameter(p: Parameter, scenario_value: ParameterValue, years: Sequence[int]) -> FreeParameter:
    if not p.timeseries:
        return FreeParameter(p, np.array([float(scenario_value)]), None)
    base = interpolate_path(scenario_value if isinstance(scenario_value, dict) else {FIRST_YEAR: scenario_value})
    knots = tuple(sorted({BASE_YEAR, *years}))
    free = tuple(y for y in knots if y != BASE_YEAR)
    return FreeParameter(p, base[[year_index(y) for y in free]], base, knots, free)


# --------------------------------------------------------------------------- observations

def _model_values(results: Results, observations: Sequence[Observation]) -> np.ndarray:
    """``(m, k)``: the model's value of each observation for each of ``m`` scenarios."""
    return np.stack([results[o.variable][:, year_index(o.year)] for o in observations], axis=1)


# --------------------------------------------------------------------------- default free set

def default_free(scenario: Scenario, observations: ObservationSet,
                 per_variable: int = PER_VARIABLE) -> list[str]:
    """The parameters a replay frees, chosen from what the observations name.

    The candidates are what really happened in 2021-2025 (:func:`_replay_candidate`: levers,
    utilisation and prices, not coefficients or base-year levels).  Each is perturbed by
    1 % of its range (of its value when the range is unbounded) in one vectorised run;
    its effect on an observation is the change divided by the observation's standard
    error.  For each observed variable the ``per_variable`` parameters with the largest
    effect over that variable's observations are freed (ties broken by registry order).
    Parameters with no effect are never freed.
    """
    obs = observations.fittable()
    if not obs:
        return []
    registry = scenario.registry
    resolved = scenario.resolved()
    names = [n for n in registry if _replay_candidate(registry[n])]
    base = registry.parameter_set([resolved])
    m = len(names) + 1
    arrays = {}
    for k, n in enumerate(names, start=1):
        p = registry[n]
        arr = np.repeat(base[n], m, axis=0).astype(float)
        span = p.upper - p.lower
        step = _SCREEN_STEP * (span if np.isfinite(span) else max(np.abs(arr[0]).max(), 1.0))
        up = arr[k] + step
        arr[k] = np.where(up <= p.upper, up, arr[k] - step)
        arrays[n] = arr
    params = ParameterSet(base.definitions, {n: np.repeat(v, m, axis=0) for n, v in base.items()}).replace(**arrays)
    values = _model_values(simulate(params), obs)
    sd = observation_sd(np.array([o.value for o in obs]), units=[o.unit for o in obs])
    effect = np.abs(values[1:] - values[:1]) / sd          # (parameters, observations)
    chosen: list[str] = []
    for variable in dict.fromkeys(o.variable for o in obs):
        cols = [j for j, o in enumerate(obs) if o.variable == variable]
        score = effect[:, cols].max(axis=1)
        order = sorted(range(len(names)), key=lambda i: (-score[i], i))
        chosen += [names[i] for i in order[:per_variable] if score[i] > 1e-9]
    return list(dict.fromkeys(chosen))


# --------------------------------------------------------------------------- fitting

#: Significant digits of fitted values written to a scenario file.
SIGNIFICANT_DIGITS = 6


def _round(v: float) -> float:
    return float(f"{float(v):.{SIGNIFICANT_DIGITS}g}")


@dataclass
class Calibration:
    """The outcome of a fit."""

    scenario: Scenario
    free: list[FreeParameter]
    x: np.ndarray
    start: np.ndarray
    observations: list[Observation]
    fitted: np.ndarray
    initial: np.ndarray
    rel_sd: float
    regularised: bool
    cost: float
    iterations: int
    message: str
    at_bound: list[str] = field(default_factory=list)
    citations: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, ParameterValue]:
        """Fitted values in scenario-file form, only those that differ from the scenario."""
        resolved = self.scenario.resolved()
        out: dict[str, ParameterValue] = {}
        i = 0
        for fp in self.free:
            chunk = self.x[i: i + fp.size]
            i += fp.size
            lo, hi = fp.parameter.lower, fp.parameter.upper
            snap = 1e-9 * (hi - lo if np.isfinite(hi - lo) else 1.0)
            chunk = np.where(np.abs(chunk - lo) <= snap, lo, np.where(np.abs(chunk - hi) <= snap, hi, chunk))
            rounded = np.array([_round(v) for v in chunk])
            if np.allclose(rounded, fp.start, rtol=1e-9, atol=1e-12):
                continue
            value = fp.file_value(rounded, resolved[fp.name])
            out[fp.name] = ({y: _round(v) for y, v in value.items()} if isinstance(value, dict)
                            else _round(value))
        return out

    def table(self) -> pd.DataFrame:
        """One row per fitted observation: observed, fitted, residual, relative error, source."""
        obs = np.array([o.value for o in self.observations])
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(obs != 0, 100.0 * (self.fitted - obs) / np.abs(obs), np.nan)
        return pd.DataFrame({
            "variable": [o.variable for o in self.observations],
            "unit": [o.unit for o in self.observations],
            "year": [o.year for o in self.observations],
            "observed": obs,
            "initial": self.initial,
            "fitted": self.fitted,
            "residual": self.fitted - obs,
            "relative_error_pct": rel,
            "source": [self.citations.get(o.source, o.source) for o in self.observations],
        })

    def parameter_table(self) -> pd.DataFrame:
        """One row per free value: start, fitted, bounds, whether it ended on a bound."""
        labels = [lab for fp in self.free for lab in fp.labels()]
        lower = [fp.parameter.lower for fp in self.free for _ in range(fp.size)]
        upper = [fp.parameter.upper for fp in self.free for _ in range(fp.size)]
        return pd.DataFrame({"parameter": labels, "start": self.start, "fitted": self.x,
                             "lower": lower, "upper": upper,
                             "at_bound": [lab in self.at_bound for lab in labels]})


def _check_free(names: Sequence[str], scenario: Scenario) -> None:
    registry = scenario.registry
    for n in names:
        if n not in registry:
            raise UserInputError(f"--free: unknown parameter {n!r}" + did_you_mean(n, registry, cutoff=0.5))
        p = registry[n]
        if p.dtype != "float":
            raise UserInputError(f"--free: {n} is a {'choice' if p.dtype == 'choice' else 'whole-number'} "
                                 "parameter; only float parameters are fitted")


def calibrate(scenario: Scenario, observations: ObservationSet, free: Sequence[str] | None = None,
              rel_sd: float = DEFAULT_REL_SD, max_evaluations: int = MAX_EVALUATIONS) -> Calibration:
    """Fit the free parameters of ``scenario`` to ``observations``.

    Parameters
    ----------
    scenario
        The scenario whose values are the start and, for paths, the shape kept outside
        the knots.
    observations
        Loaded observations; only the banner's in model years are fitted.
    free
        Parameter names to fit; by default :func:`default_free`.
    rel_sd
        Relative standard error of every observation (see :func:`observation_sd`).
    max_evaluations
        The solver's budget of function evaluations; a fit that needs more has not converged.

    Returns
    -------
    Calibration
        Raises :class:`CalibrationFailed` when the solver does not converge and
        :class:`~model.errors.UserInputError` for bad input.

    Examples
    --------
    >>> from model.scenarios import load_scenario
    >>> from model.scenarios.observations import load_observations
    >>> fit = calibrate(load_scenario("scenarios/baseline.yaml"),
    ...                 load_observations(["data/observed/plan-history.csv"]))
    >>> fit.values()      # the 2020 figures are the model's own base year: nothing moves
    {}
    """
    obs = observations.fittable()
    if not obs:
        raise UserInputError("no observation lies in the model's years 2020-2035 for the banner; nothing to fit")
    names = list(free) if free is not None else default_free(scenario, observations)
    _check_free(names, scenario)
    registry = scenario.registry
    resolved = scenario.resolved()
    years = sorted({o.year for o in obs})
    fps = [_free_parameter(registry[n], resolved[n], years) for n in names]
    fps = [fp for fp in fps if fp.size > 0]
    base = registry.parameter_set([resolved])
    observed = np.array([o.value for o in obs])
    sd = observation_sd(observed, rel_sd, [o.unit for o in obs])
    x0 = np.concatenate([fp.start for fp in fps]) if fps else np.zeros(0)
    lower = np.concatenate([np.full(fp.size, fp.parameter.lower) for fp in fps]) if fps else x0
    upper = np.concatenate([np.full(fp.size, fp.parameter.upper) for fp in fps]) if fps else x0
    x0 = np.clip(x0, lower, upper)
    scale = np.concatenate([np.full(fp.size, prior_scale(fp.parameter)) for fp in fps]) if fps else x0
    regularised = x0.size > len(obs)

    def model(xs: np.ndarray) -> np.ndarray:
        m = xs.shape[0]
        arrays, i = {}, 0
        for fp in fps:
            arrays[fp.name] = fp.array(xs[:, i: i + fp.size])
            i += fp.size
        stacked = ParameterSet(base.definitions, {n: np.repeat(v, m, axis=0) for n, v in base.items()})
        return _model_values(simulate(stacked.replace(**arrays)), obs)

    def residuals_of(values: np.ndarray, xs: np.ndarray) -> np.ndarray:
        r = (values - observed) / sd
        if regularised:
            r = np.concatenate([r, (xs - x0) / scale], axis=1)
        return r

    def fun(x: np.ndarray) -> np.ndarray:
        return residuals_of(model(x[None, :]), x[None, :])[0]

    def jac(x: np.ndarray) -> np.ndarray:
        h = np.maximum(1e-6 * np.maximum(np.abs(x), scale), 1e-9)
        steps = np.where(x + h <= upper, h, -h)
        xs = np.repeat(x[None, :], x.size + 1, axis=0)
        xs[1:] += np.diag(steps)
        r = residuals_of(model(xs), xs)
        return ((r[1:] - r[:1]) / steps[:, None]).T

    initial = model(x0[None, :])[0]
    if x0.size == 0:
        return Calibration(scenario, [], x0, x0, obs, initial, initial, rel_sd, False,
                           float(0.5 * np.sum(((initial - observed) / sd) ** 2)), 0, "no free parameter",
                           citations={o.source: observations.citation(o.source) for o in obs})
    sol = optimize.least_squares(fun, x0, jac=jac, bounds=(lower, upper), x_scale=scale, method="trf",
                                 xtol=1e-10, ftol=1e-10, gtol=1e-10,
                                 max_nfev=max_evaluations)
    if sol.status <= 0:
        raise CalibrationFailed(f"the fit did not converge: {sol.message} "
                                f"({sol.nfev} evaluations, cost {sol.cost:.6g})")
    labels = [lab for fp in fps for lab in fp.labels()]
    tol = 1e-6 * np.where(np.isfinite(upper - lower), upper - lower, 1.0)
    at_bound = [lab for lab, v, lo, hi, t in zip(labels, sol.x, lower, upper, tol)
                if v <= lo + t or v >= hi - t]
    fitted = model(sol.x[None, :])[0]
    return Calibration(scenario, fps, sol.x, x0, obs, fitted, initial, rel_sd, regularised,
                       float(sol.cost), int(sol.nfev), str(sol.message), at_bound,
                       citations={o.source: observations.citation(o.source) for o in obs})


# --------------------------------------------------------------------------- writing

def _describe(fit: Calibration, observed_files: Sequence[str]) -> str:
    n_values = sum(fp.size for fp in fit.free)
    lines = [
        f"Fitted by `python -m model calibrate` to {len(fit.observations)} observations "
        f"({', '.join(observed_files)}) with {n_values} free values "
        f"({', '.join(fp.name for fp in fit.free) or 'none'}).",
        f"Weighted least squares, relative standard error {100 * fit.rel_sd:g} % per observation; "
        f"cost {fit.cost:.6g}" + ("; regularised toward the parent's values (more free values than "
                                  "observations)." if fit.regularised else "."),
    ]
    if fit.at_bound:
        lines.append("Ended on a bound: " + ", ".join(fit.at_bound) + ".")
    return "\n".join(lines)


def write_calibration(fit: Calibration, out: str | Path, observed_files: Sequence[str],
                      scenario_id: str | None = None, force: bool = False) -> tuple[Path, Path]:
    """Write the fitted scenario (inheriting from the calibrated one) and ``<id>-fit.csv`` beside it.

    An existing file is replaced only when this workbook wrote it (its first line says so)
    or ``force``; both files go through a temporary name, so a failure leaves neither.
    """
    out = Path(out)
    sid = scenario_id or out.stem
    fit_csv = out.with_name(f"{sid}-fit.csv")
    for path in (out, fit_csv):
        if path.is_dir():
            raise UserInputError(f"{path}: is a folder; expected a file name")
    refuse_foreign(out, text_is_ours(out), force)
    s = fit.scenario
    inherits = None
    if s.path is not None:
        inherits = os.path.relpath(Path(s.path).resolve(), out.resolve().parent)
    description = _describe(fit, observed_files)
    text = dump_scenario_yaml(sid, f"{s.title_zh}（按观测数据校准）", f"{s.title_en} (calibrated to observations)",
                              description, inherits, fit.values(), s.registry)
    comment = "\n".join("# " + line for line in description.splitlines())
    table = fit.table()
    with atomic_path(fit_csv) as tmp_csv, atomic_path(out) as tmp_yaml:
        table.to_csv(tmp_csv, index=False, float_format="%.10g", encoding="utf-8")
        tmp_yaml.write_text(written_by_line("calibrate") + "\n" + comment + "\n" + text, encoding="utf-8")
        load_scenario(tmp_yaml, s.registry)  # must load back before it takes its final name
    return out, fit_csv

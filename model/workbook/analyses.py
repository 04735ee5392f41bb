"""Analyses through the public API: ensembles, sensitivity, goal seeking and calibration.

Each function calls the analysis layer as the command line does and returns an object
holding the tables the command writes, as DataFrames; nothing is written unless an
output path is given (``out=``):

* :func:`ensemble` (:func:`model.analysis.ensemble.run_ensemble`): ``summary`` and
  ``probabilities`` (``summary.csv``, ``probabilities.csv``), ``draws()``, ``outcomes()``,
  ``weights()`` (the ``.parquet`` files);
* :func:`sensitivity` (:func:`model.analysis.sensitivity.analyse`): ``table()``
  (``indices.csv``), ``statement()``, ``plot()`` (``tornado.png``);
* :func:`solve` (:func:`model.analysis.goalseek.solve`): ``table()`` (the constraints) and
  ``scenario``, the answer;
* :func:`calibrate` (:func:`model.analysis.calibration.calibrate`): ``table()``
  (``<id>-fit.csv``), ``parameters()`` and ``scenario``, the calibrated scenario.

An ensemble without ``out=`` runs through the same code into a temporary folder that is
read back and removed, so its tables are those of the command, byte for byte once
written with the command's float format (``%.10g``).  The answers of ``solve`` and
``calibrate`` come back as scenarios held in memory (:func:`~model.workbook.scenarios.derive`),
ready for :func:`~model.workbook.results.run`.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from model.analysis.weighting import checked_rel_sd
from model.core.timeline import PLAN_YEAR
from model.provenance import DEFAULT_SEED, relative_to_project
from model.scenarios import Scenario
from model.text import DEFAULT_LANG
from model.workbook.errors import bad_input, input_errors
from model.workbook.results import PNG_DPI, charts_module
from model.workbook.scenarios import ScenarioRef, derive, load_scenario, split_overrides

__all__ = ["EnsembleResults", "ensemble", "SensitivityResults", "sensitivity", "SolveResults",
           "solve", "CalibrationResults", "calibrate"]

#: The samplers of ``ensemble`` (``--sampler``).
SAMPLERS = ("montecarlo", "lhs")


def _observations(scenario: Scenario, observed: Any):
    """The observations asked for: True for the scenario's own (``observed:``), or files and folders."""
    from model.scenarios.observations import load_observations

    if observed is None or observed is False:
        return None
    if observed is True:
        files = scenario.observation_files()
        if not files:
            raise bad_input(f"{scenario.id}: names no observation files (observed:); pass observed=[files]")
    else:
        files = [observed] if isinstance(observed, (str, os.PathLike)) else list(observed)
    return load_observations(files)


# --------------------------------------------------------------------------- ensembles

@dataclass
class EnsembleResults:
    """What :func:`ensemble` computed (EMA Workbench's experiments and outcomes, plus summaries).

    Attributes
    ----------
    scenario : Scenario
    summary : DataFrame
        Per stored variable and year: mean and the 5/25/50/75/95 percentiles (and their
        weighted twins with ``observed=``); ``summary.csv``.
    probabilities : DataFrame
        Per target and joint group: draws, draws_met, probability (and
        probability_weighted); ``probabilities.csv``.
    manifest : dict
        Design, chunking, stored variables, timings (``manifest.json``).
    folder : pathlib.Path or None
        Where the files are (None: the ensemble was kept in memory).

    Examples
    --------
    >>> import model
    >>> ens = model.ensemble("plan-consistent", draws=200, seed=3)
    >>> ens.draws().shape[0] == ens.outcomes().shape[0] == 200, ens.weights() is None
    (True, True)
    >>> 0.0 <= ens.probability("gdp_growth") <= 1.0
    True
    """

    scenario: Scenario
    summary: pd.DataFrame
    probabilities: pd.DataFrame
    manifest: dict[str, Any]
    folder: Path | None = None
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def _frame(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = pd.read_parquet(self.folder / f"{name}.parquet")
        return self._frames[name]

    def draws(self) -> pd.DataFrame:
        """One row per draw: the value of every uncertain parameter (``draws.parquet``)."""
        return self._frame("draws")

    def outcomes(self) -> pd.DataFrame:
        """One row per draw: stored variables as ``"<variable>[<year>]"`` columns, and per target
        its value ``target|<id>`` and whether it is met ``met|<id>`` (``results.parquet``)."""
        return self._frame("results")

    def weights(self) -> pd.Series | None:
        """Each draw's likelihood weight given the observations (None without ``observed=``)."""
        if "weighting" not in self.manifest:
            return None
        return self._frame("weights").set_index("draw")["weight"]

    def probability(self, target: str, weighted: bool = False) -> float:
        """The share of draws meeting a target (or a ``joint:<name>`` group)."""
        rows = self.probabilities[self.probabilities["target"] == target]
        if rows.empty:
            raise bad_input(f"probability: no target {target!r}; see the probabilities table's target column")
        column = "probability_weighted" if weighted else "probability"
        if column not in rows:
            raise bad_input("probability: no weighted probabilities; run the ensemble with observed=")
        return float(rows[column].iloc[0])

    def plot(self, lang: str = DEFAULT_LANG):
        """Fan charts of the key variables (5-95 % and 25-75 % bands, median) as in the reports."""
        charts_module()
        from model.reporting.uncertainty_charts import bands_from_summary, fan_chart_figure

        return fan_chart_figure(bands_from_summary(self.summary), lang=lang, title=self.scenario.title(lang))


@input_errors
def ensemble(scenario: ScenarioRef, draws: int = 1000, *, seed: int = DEFAULT_SEED, sampler: str = "montecarlo",
             observed: Any = None, rel_sd: float | None = None, variables: Sequence[str] = (),
             all_variables: bool = False, joint: Sequence[Sequence[str]] = (), workers: int = 1,
             scheduler: str | None = None, out: str | os.PathLike | None = None, force: bool = False,
             progress: bool = False) -> EnsembleResults:
    """A Monte Carlo ensemble: draws of the uncertain parameters, the probability of each target.

    Like EMA Workbench's ``perform_experiments``, but vectorised: the draws go through
    the model in chunks, one model call per chunk (``python -m model ensemble``).

    Parameters
    ----------
    scenario : Scenario, str or path
        Its ``uncertainties:`` (and the registry's distributions) say what is uncertain.
    draws : int
    seed : int
        The same seed gives the same tables, however the work is chunked or distributed.
    sampler : {"montecarlo", "lhs"}
    observed : bool, path or list of paths, optional
        Weight each draw by its likelihood given these observations (True: the files the
        scenario names); weighted percentiles and probabilities are added.
    rel_sd : float, optional
        Relative standard error of each observation (default 0.05).
    variables, all_variables, joint
        Variables stored besides the key ones, every variable, extra joint target groups.
    workers, scheduler
        Local worker processes, or a Dask scheduler ``tcp://host:port``.
    out : str or path, optional
        Write the command's folder here (``draws.parquet``, ``results.parquet``,
        ``summary.csv``, ``probabilities.csv``, ``manifest.json``); default: in memory.
    force : bool
        Replace an ``out`` folder this command did not write.
    progress : bool
        Show a progress bar.

    Returns
    -------
    EnsembleResults

    Examples
    --------
    >>> import model
    >>> ens = model.ensemble("baseline", draws=1000, seed=1)
    >>> round(ens.probability("joint:structure_2025"), 3)
    0.0
    >>> ens.draws().shape[0], {"variable", "year", "mean", "p5", "p95"} <= set(ens.summary.columns)
    (1000, True)
    """
    from model.analysis.ensemble import run_ensemble

    s = load_scenario(scenario)
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise bad_input(f"--draws: expected a whole number of at least 1, got {draws!r}")
    if sampler not in SAMPLERS:
        raise bad_input(f"--sampler: expected one of {', '.join(SAMPLERS)}, got {sampler!r}")
    options = dict(method=sampler, observations=_observations(s, observed), rel_sd=checked_rel_sd(rel_sd),
                   workers=workers, scheduler=scheduler, all_variables=all_variables,
                   extra_variables=list(variables), joint=[list(g) for g in joint], force=force, progress=progress)
    if out is not None:
        done = run_ensemble(s, draws, seed, out, **options)
        return EnsembleResults(s, done.summary, done.probabilities, done.manifest, done.folder)
    with tempfile.TemporaryDirectory(prefix="urad-ensemble-") as tmp:
        done = run_ensemble(s, draws, seed, Path(tmp) / s.id, **options)
        kept = EnsembleResults(s, done.summary, done.probabilities, done.manifest, done.folder)
        for name in ("draws", "results") + (("weights",) if "weighting" in done.manifest else ()):
            kept._frame(name)
    kept.folder = None
    return kept


# --------------------------------------------------------------------------- sensitivity

@dataclass
class SensitivityResults:
    """What :func:`sensitivity` computed: indices of every uncertain assumption for one output.

    Attributes
    ----------
    scenario : Scenario
    result : model.analysis.sensitivity.SensitivityResult
        method, output, year, names, indices, runs, output_mean, output_sd.

    Examples
    --------
    >>> import model
    >>> sens = model.sensitivity("baseline", "Livestock|Stocking Ratio", method="morris", draws=10)
    >>> sens.result.method, sens.result.runs == 10 * (len(sens.result.names) + 1)
    ('morris', True)
    """

    scenario: Scenario
    result: Any

    def table(self, lang: str = DEFAULT_LANG) -> pd.DataFrame:
        """One row per assumption, ranked (``indices.csv``): S1, S1_conf, ST, ST_conf (Sobol) or
        mu, mu_star, mu_star_conf, sigma (Morris)."""
        return self.result.table(lang)

    def statement(self, lang: str = DEFAULT_LANG) -> str:
        """The assumptions that matter most, in one sentence (``statement.txt``)."""
        from model.analysis.sensitivity import statement

        return statement(self.result, lang)

    def plot(self, lang: str = DEFAULT_LANG):
        """The tornado chart (``tornado.png``)."""
        charts_module()
        from model.reporting.uncertainty_charts import tornado_figure

        return tornado_figure(self.result, lang)

    def write(self, out: str | os.PathLike, *, seed: int, draws: int | None, lang: str = DEFAULT_LANG,
              force: bool = False) -> Path:
        """Write ``indices.csv``, ``statement.txt`` (both languages), ``tornado.png`` and a manifest
        into the folder ``out``, atomically (``python -m model sensitivity --out`` writes the same).
        A folder this workbook did not write is replaced only with ``force``."""
        import json

        from model.provenance import GENERATOR, MANIFEST_NAME, is_ours, refuse_foreign
        from model.reporting.charts import figure_bytes
        from model.runs.atomic import atomic_directory

        out = Path(out)
        refuse_foreign(out, is_ours(out / MANIFEST_NAME), force)
        r = self.result
        with atomic_directory(out) as tmp:
            self.table(lang).to_csv(tmp / "indices.csv", index=False, float_format="%.10g")
            (tmp / "statement.txt").write_text(self.statement("zh") + "\n\n" + self.statement("en") + "\n",
                                               encoding="utf-8")
            (tmp / "tornado.png").write_bytes(figure_bytes(self.plot(lang), "png", PNG_DPI))
            (tmp / MANIFEST_NAME).write_text(json.dumps({
                "generator": GENERATOR, "scenario": self.scenario.manifest(), "method": r.method,
                "output": r.output, "year": r.year, "runs": r.runs, "seed": seed, "draws": draws,
                "conf_level": r.conf_level}, ensure_ascii=False, indent=2), encoding="utf-8")
        return out


@input_errors
def sensitivity(scenario: ScenarioRef, output: str, year: int = PLAN_YEAR, *, method: str = "sobol",
                draws: int | None = None, seed: int = DEFAULT_SEED, out: str | os.PathLike | None = None,
                force: bool = False, lang: str = DEFAULT_LANG) -> SensitivityResults:
    """Which uncertain assumptions drive an output in a year (SALib Sobol or Morris).

    Parameters
    ----------
    scenario : Scenario, str or path
    output : str
        A variable, e.g. ``"Energy|Assessed"`` or ``"Share|Secondary"``.
    year : int
    method : {"sobol", "morris"}
    draws : int, optional
        Sobol base samples N, a power of 2 (default 1024; N x (D + 2) model runs), or
        Morris trajectories (default 100).
    seed : int
    out : path, optional
        Also write the folder ``python -m model sensitivity --out`` writes
        (:meth:`SensitivityResults.write`); nothing is written without it.
    force : bool
        Replace a folder this workbook did not write.
    lang : {"zh", "en"}
        Language of the written table and chart.

    Returns
    -------
    SensitivityResults
        ``table(lang)``, ``statement(lang)``, ``plot(lang)``, ``write(out, ...)``.

    Examples
    --------
    >>> import model
    >>> sens = model.sensitivity("baseline", "Energy|Headroom", method="morris", draws=20)
    >>> list(sens.table("en").columns)
    ['parameter', 'label', 'mu', 'mu_star', 'mu_star_conf', 'sigma']
    """
    from model.analysis.sensitivity import analyse

    s = load_scenario(scenario)
    results = SensitivityResults(s, analyse(s, output, year, method, draws, seed))
    if out is not None:
        results.write(out, seed=seed, draws=draws, lang=lang, force=force)
    return results


# --------------------------------------------------------------------------- goal seeking

@dataclass
class SolveResults:
    """The answer of :func:`solve`.

    Attributes
    ----------
    value : float
        The lever's ``x`` at the answer.
    objective_value : float
        The quantity there.
    binding : str
        What stops the lever going further (a constraint as written, a target, a bound).
    scenario : Scenario
        The answer as a scenario inheriting from the input, held in memory.
    path : pathlib.Path or None
        The scenario file written (with ``out=``).
    solution : model.analysis.goalseek.Solution

    Examples
    --------
    >>> import model
    >>> ans = model.solve("plan-consistent", "growth_tertiary", target="Share|Tertiary[2025] = 25")
    >>> ans.binding, ans.table().empty
    ('target Share|Tertiary[2025] = 25', True)
    """

    value: float
    objective_value: float
    binding: str
    scenario: Scenario
    solution: Any
    path: Path | None = None

    def summary(self, lang: str = DEFAULT_LANG) -> str:
        """The question, the answer, what binds, every constraint's two sides (what the command prints)."""
        return self.solution.summary(lang)

    def table(self) -> pd.DataFrame:
        """One row per constraint: constraint, lhs, op, rhs, slack."""
        return pd.DataFrame(self.solution.constraints, columns=["constraint", "lhs", "op", "rhs", "slack"])


@input_errors
def solve(scenario: ScenarioRef, levers: str | Sequence[str], *, maximise: str | None = None,
          minimise: str | None = None, target: str | Mapping[str, Any] | None = None,
          constraints: str | Sequence[str] = (), bounds: Sequence[float] | None = None, mode: str = "set",
          period: Sequence[int] | None = None, year: int | None = None, name: str | None = None,
          out: str | os.PathLike | None = None, force: bool = False) -> SolveResults:
    """Goal seeking: the lever value that meets a target or fits a cap (scipy, ``python -m model solve``).

    Parameters
    ----------
    scenario : Scenario, str or path
    levers : str or list of str
        The lever(s) to vary, moved together.
    maximise, minimise : str, optional
        A quantity (``"Production|Copper + Production|Zinc"``; ``"lever"``: the lever itself).
    target : str or mapping, optional
        ``"Share|Secondary[2025] = 70"`` or ``{"quantity": ..., "value": ...}``.
        Exactly one of maximise, minimise and target.
    constraints : str or list of str
        ``"Energy|Assessed <= Energy|Cap"``, quantities as above.
    bounds : (low, high), optional
        Range of x (default the levers' registry bounds).
    mode : {"set", "scale"}
        The levers take the value x, or are multiplied by it.
    period : (first, last), optional
        Years of a time-varying lever that x replaces.
    year : int, optional
        Year of quantities written without ``[year]`` (default 2025).
    name : str, optional
        Short name of the question (the answer's id is ``<scenario id>-<name>``).
    out : str or path, optional
        Also write the answer as a scenario file here.
    force : bool

    Returns
    -------
    SolveResults

    Examples
    --------
    >>> import model
    >>> ans = model.solve("plan-feasible", "capacity_copper_new_kt", maximise="lever",
    ...                   constraints="Energy|Assessed <= Energy|Cap")
    >>> round(ans.value, 1), ans.binding           # kt/yr of new copper smelting within the cap
    (122.1, 'Energy|Assessed[2025] <= Energy|Cap[2025]')
    >>> ans.scenario.id
    'plan-feasible-maximise-capacity-copper-new-kt'
    """
    from model.analysis.goalseek import question_from_mapping, solution_overrides, write_solution
    from model.analysis.goalseek import solve as seek

    s = load_scenario(scenario)
    data: dict[str, Any] = {"levers": [levers] if isinstance(levers, str) else list(levers), "mode": mode,
                            "constraints": [constraints] if isinstance(constraints, str) else list(constraints)}
    for key, value in (("maximise", maximise), ("minimise", minimise), ("target", target), ("year", year),
                       ("name", name), ("bounds", None if bounds is None else list(bounds)),
                       ("period", None if period is None else list(period))):
        if value is not None:
            data[key] = value
    question = question_from_mapping(data, s, where="question")
    solution = seek(s, question)
    answer = derive(s, f"{s.id}-{question.name}"[:80], **split_overrides(solution_overrides(s, solution), s.registry))
    path = write_solution(s, solution, out, force=force) if out is not None else None
    return SolveResults(solution.value, solution.objective_value, solution.binding, answer, solution, path)


# --------------------------------------------------------------------------- calibration

@dataclass
class CalibrationResults:
    """The fit of :func:`calibrate`.

    Attributes
    ----------
    scenario : Scenario
        The calibrated scenario (inheriting from the input, the fitted values only), in memory.
    values : dict
        The fitted values in scenario-file form.
    at_bound : list of str
        Free values that ended on a registry bound.
    regularised : bool
        More free values than observations: pulled toward the input's values (ridge).
    files : tuple of pathlib.Path, or None
        The scenario file and ``<id>-fit.csv`` written (with ``out=``).
    fit : model.analysis.calibration.Calibration

    Examples
    --------
    >>> import model
    >>> fit = model.calibrate("baseline", "data/observed/urad-2020-2025.csv", free=["price_change_mining"])
    >>> list(fit.parameters()["parameter"])[:2], fit.scenario.id
    (['price_change_mining[2023]'], 'baseline-calibrated')
    """

    scenario: Scenario
    values: dict[str, Any]
    at_bound: list[str]
    regularised: bool
    fit: Any
    files: tuple[Path, Path] | None = None

    def table(self) -> pd.DataFrame:
        """One row per fitted observation: observed, initial, fitted, residual, relative error, source
        (``<id>-fit.csv``)."""
        return self.fit.table()

    def parameters(self) -> pd.DataFrame:
        """One row per free value: start, fitted, bounds, whether it ended on a bound."""
        return self.fit.parameter_table()


@input_errors
def calibrate(scenario: ScenarioRef, observed: Any = True, *, free: Sequence[str] | None = None,
              rel_sd: float | None = None, out: str | os.PathLike | None = None,
              force: bool = False) -> CalibrationResults:
    """Fit free parameters to observed statistics (bounded weighted least squares, ``python -m model calibrate``).

    Parameters
    ----------
    scenario : Scenario, str or path
        The values it starts from (and, for paths, the shape kept between knots).
    observed : True, path or list of paths
        The observation files (True: those the scenario names, ``data/observed`` for the
        shipped tree).
    free : list of str, optional
        The parameters to fit; default chosen from what the observations name.
    rel_sd : float, optional
        Relative standard error of each observation (default 0.05).
    out : str or path, optional
        Also write the fitted scenario here and ``<id>-fit.csv`` beside it.
    force : bool
        Replace files this workbook did not write.

    Returns
    -------
    CalibrationResults
        Raises ``model.CalibrationFailed`` when the fit does not converge.

    Examples
    --------
    >>> import model
    >>> fit = model.calibrate("baseline", "data/observed/plan-history.csv")
    >>> fit.values     # the 2020 figures are the model's own base year: nothing moves
    {}
    """
    from model.analysis.calibration import calibrate as fit_to, write_calibration

    s = load_scenario(scenario)
    observations = _observations(s, observed)
    if observations is None:
        raise bad_input("calibrate: expected observations (observed=True or files)")
    fit = fit_to(s, observations, free=free, rel_sd=checked_rel_sd(rel_sd))
    sid = Path(out).stem if out is not None else f"{s.id}-calibrated"
    values = fit.values()
    fitted = derive(s, sid, **split_overrides(values, s.registry))
    files = None
    if out is not None:
        files = write_calibration(fit, out, [relative_to_project(p) for p in observations.files], force=force)
    return CalibrationResults(fitted, values, list(fit.at_bound), fit.regularised, fit, files)

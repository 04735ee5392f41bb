"""Global sensitivity analysis with SALib: Sobol indices and Morris screening.

SALib (Herman and Usher 2017) samples and analyses; the model is evaluated here,
vectorised, in chunks of :data:`CHUNK` runs (SALib never runs the model itself).
Methods, not reimplemented:

* **Sobol** (``SALib.sample.sobol`` and ``SALib.analyze.sobol``, Saltelli's
  scheme without second-order terms).  For an output ``Y`` and an uncertain
  assumption ``X_i``::

      S1_i = V[E(Y | X_i)] / V(Y)         first order: the share of the variance X_i explains alone
      ST_i = E[V(Y | X_~i)] / V(Y)        total: with every interaction X_i takes part in

  estimated from ``N x (D + 2)`` model runs for ``D`` uncertain assumptions and
  ``N`` base samples (a power of 2), with bootstrap confidence intervals
  (Sobol' 2001; Saltelli 2002; Saltelli et al. 2010).
* **Morris** elementary effects (``SALib.sample.morris`` and
  ``SALib.analyze.morris``).  Along ``r`` one-at-a-time trajectories on a grid,
  ``EE_i = [Y(x + delta e_i) - Y(x)] / delta``; ``mu`` is the mean effect,
  ``mu*`` the mean absolute effect (with its confidence interval) and
  ``sigma`` their spread, a sign of interactions or non-linearity;
  ``r x (D + 1)`` runs (Morris 1991; Campolongo, Cariboni and Saltelli 2007).

The problem is built from the scenario's uncertain assumptions (the
registry's distributions, overridden by the file's ``uncertainties:``).  SALib
samples every assumption as a *quantile* on ``[0, 1]`` and each quantile goes
through its distribution's inverse CDF (:func:`model.analysis.sampling.inverse_cdf`),
so the Sobol indices are those of the actual distributions, bounds and all,
and Morris effects are the output change over a step of the quantile scale
(comparable across assumptions whatever their unit); the Morris grid's four
levels sit at the quantiles 1/8, 3/8, 5/8 and 7/8 (the mid-points of four
equal-probability strata), and, following SALib, an effect is the output
change per unit of that normalised range.

The output is one variable in one year (``Energy|Assessed`` in 2025).

References
----------
Campolongo, F., J. Cariboni and A. Saltelli (2007). An effective screening design for
sensitivity analysis of large models. Environmental Modelling & Software 22(10):1509-1518.
Herman, J. and W. Usher (2017). SALib: An open-source Python library for Sensitivity
Analysis. Journal of Open Source Software 2(9):97.
Morris, M. (1991). Factorial sampling plans for preliminary computational experiments.
Technometrics 33(2):161-174.
Saltelli, A. (2002). Making best use of model evaluations to compute sensitivity indices.
Computer Physics Communications 145(2):280-297.
Saltelli, A., P. Annoni, I. Azzini, F. Campolongo, M. Ratto and S. Tarantola (2010).
Variance based sensitivity analysis of model output. Design and estimator for the total
sensitivity index. Computer Physics Communications 181(2):259-270.
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their
Monte Carlo estimates. Mathematics and Computers in Simulation 55(1-3):271-280.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from model.analysis.expressions import SUGGEST_CUTOFF
from model.analysis.sampling import EnsembleDesign
from model.core.simulate import VARIABLES, simulate
from model.core.timeline import YEARS, year_index
from model.errors import UserInputError
from model.provenance import DEFAULT_SEED
from model.text import did_you_mean, pick

__all__ = ["SensitivityResult", "salib_problem", "sobol_indices", "morris_indices", "analyse",
           "statement", "CHUNK", "METHODS", "MORRIS_LEVELS"]

Method = Literal["sobol", "morris"]
#: Methods with their Chinese and English names.
METHODS: dict[str, tuple[str, str]] = {"sobol": ("Sobol 方差分解", "Sobol variance decomposition"),
                                       "morris": ("Morris 筛选法", "Morris screening")}
#: Levels of the Morris grid.
MORRIS_LEVELS: int = 4
#: Model runs per vectorised call.
CHUNK: int = 16384


# --------------------------------------------------------------------------- result

@dataclass
class SensitivityResult:
    """Indices of every uncertain assumption for one output.

    ``indices`` holds, per name of :attr:`names`: for Sobol ``S1``,
    ``S1_conf``, ``ST``, ``ST_conf``; for Morris ``mu``, ``mu_star``,
    ``mu_star_conf``, ``sigma``.  :attr:`ranking` orders the assumptions by
    ``ST`` (Sobol) or ``mu_star`` (Morris), largest first.
    """

    method: str
    output: str
    year: int
    names: list[str]
    labels_zh: list[str]
    labels_en: list[str]
    indices: dict[str, np.ndarray]
    runs: int
    output_mean: float
    output_sd: float
    unit: str = ""
    conf_level: float = 0.95
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The index that ranks assumptions (``ST`` or ``mu_star``)."""
        return "ST" if self.method == "sobol" else "mu_star"

    @property
    def ranking(self) -> list[int]:
        values = np.nan_to_num(self.indices[self.key], nan=-np.inf)
        return [int(i) for i in np.argsort(-values, kind="stable")]

    def labels(self, lang: str = "zh") -> list[str]:
        """The assumptions' labels in ``lang``, in the order of :attr:`names`."""
        return pick(lang, self.labels_zh, self.labels_en)

    def table(self, lang: str = "zh") -> pd.DataFrame:
        """One row per assumption, ranked."""
        order = self.ranking
        data: dict[str, Any] = {"parameter": [self.names[i] for i in order],
                                "label": [self.labels(lang)[i] for i in order]}
        for k, v in self.indices.items():
            data[k] = np.asarray(v)[order]
        return pd.DataFrame(data)


# --------------------------------------------------------------------------- SALib

def salib_problem(design: EnsembleDesign, low: float = 0.0, high: float = 1.0) -> dict[str, Any]:
    """SALib's problem dict for a design's uncertain assumptions (quantile space).

    Each assumption is a variable on ``[low, high]`` within ``[0, 1]`` (its
    quantile); the actual distribution and bounds are applied by the inverse
    CDF when evaluating.
    """
    if not design.uncertain:
        raise UserInputError("the scenario has no uncertain assumptions; give some a distribution "
                             "under uncertainties: (or use a scenario whose parameters carry one)")
    return {"num_vars": len(design.uncertain), "names": design.names,
            "bounds": [[low, high]] * len(design.uncertain)}


def sobol_indices(problem: dict[str, Any], evaluate: Callable[[np.ndarray], np.ndarray],
                  base_samples: int, seed: int, conf_level: float = 0.95,
                  num_resamples: int = 100) -> dict[str, np.ndarray]:
    """Sobol first-order and total indices of ``evaluate`` over ``problem`` (SALib).

    Parameters
    ----------
    problem
        SALib problem dict (``num_vars``, ``names``, ``bounds``).
    evaluate
        Vectorised model: ``(m, num_vars)`` inputs -> ``(m,)`` outputs.
    base_samples
        ``N`` of Saltelli's scheme, a power of 2; the model runs
        ``N x (num_vars + 2)`` times.
    seed
        Seed of the scrambled Sobol' sequence and of the bootstrap.

    Returns
    -------
    dict with ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` arrays and ``runs``.
    """
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise UserInputError(f"--draws: Sobol needs a power of 2 base samples (e.g. 512, 1024), "
                             f"got {base_samples}")
    x = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    y = np.asarray(evaluate(x), dtype=float)
    if not np.all(np.isfinite(y)):
        raise UserInputError("the output is not finite for some draws; Sobol indices cannot be "
                             "computed (check the distributions' bounds)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=num_resamples,
                                    conf_level=conf_level, seed=seed)
    return {"S1": np.asarray(res["S1"]), "S1_conf": np.asarray(res["S1_conf"]),
            "ST": np.asarray(res["ST"]), "ST_conf": np.asarray(res["ST_conf"]),
            "runs": np.asarray(len(y)), "y_mean": np.asarray(y.mean()), "y_sd": np.asarray(y.std())}


def morris_indices(problem: dict[str, Any], evaluate: Callable[[np.ndarray], np.ndarray],
                   trajectories: int, seed: int, num_levels: int = 4, conf_level: float = 0.95,
                   num_resamples: int = 100) -> dict[str, np.ndarray]:
    """Morris ``mu``, ``mu*`` (with confidence interval) and ``sigma`` (SALib).

    The model runs ``trajectories x (num_vars + 1)`` times.
    """
    if trajectories < 2:
        raise UserInputError(f"--draws: Morris needs at least 2 trajectories, got {trajectories}")
    x = morris_sample.sample(problem, trajectories, num_levels=num_levels, seed=seed)
    y = np.asarray(evaluate(x), dtype=float)
    res = morris_analyze.analyze(problem, x, y, num_resamples=num_resamples, conf_level=conf_level,
                                 num_levels=num_levels, seed=seed)
    return {"mu": np.asarray(res["mu"]), "mu_star": np.asarray(res["mu_star"]),
            "mu_star_conf": np.asarray(res["mu_star_conf"]), "sigma": np.asarray(res["sigma"]),
            "runs": np.asarray(len(y)), "y_mean": np.asarray(y.mean()), "y_sd": np.asarray(y.std())}


# --------------------------------------------------------------------------- the model's sensitivity

def _model_output(design: EnsembleDesign, output: str, year: int) -> Callable[[np.ndarray], np.ndarray]:
    col = year_index(year)

    def evaluate(unit: np.ndarray) -> np.ndarray:
        out = np.empty(len(unit))
        for s in range(0, len(unit), CHUNK):
            part = unit[s:s + CHUNK]
            params = design.parameter_set_from_values(design.values_from_unit(part))
            out[s:s + len(part)] = simulate(params)[output][:, col]
        return out

    return evaluate


def analyse(scenario, output: str, year: int, method: Method = "sobol", draws: int | None = None,
            seed: int = DEFAULT_SEED, conf_level: float = 0.95,
            design: EnsembleDesign | None = None) -> SensitivityResult:
    """Sensitivity of ``output`` in ``year`` to the scenario's uncertain assumptions.

    ``draws`` is Sobol's base sample ``N`` (a power of 2, default 1024) or the
    number of Morris trajectories (default 100).  A ready-made ``design``
    (its values and distributions) replaces the scenario's.
    """
    if output not in VARIABLES:
        raise UserInputError(f"--output: unknown variable {output!r}"
                             + did_you_mean(output, VARIABLES, SUGGEST_CUTOFF))
    if int(year) not in YEARS:
        raise UserInputError(f"--year: expected a year in {YEARS[0]}-{YEARS[-1]}, got {year}")
    if method not in METHODS:
        raise UserInputError(f"--method: expected sobol or morris, got {method!r}")
    if design is None:
        design = EnsembleDesign.from_scenario(scenario, 1, seed)
    evaluate = _model_output(design, output, int(year))
    if method == "sobol":
        res = sobol_indices(salib_problem(design), evaluate, draws or 1024, seed, conf_level)
    else:
        # Morris steps on a grid of MORRIS_LEVELS levels; placing them at the
        # mid-points of equal-probability strata (quantiles 1/8, 3/8, 5/8, 7/8)
        # keeps unbounded tails (quantile 0 or 1) out of the elementary effects.
        half = 0.5 / MORRIS_LEVELS
        res = morris_indices(salib_problem(design, half, 1.0 - half), evaluate, draws or 100, seed,
                             num_levels=MORRIS_LEVELS, conf_level=conf_level)
    runs, mean, sd = int(res.pop("runs")), float(res.pop("y_mean")), float(res.pop("y_sd"))
    return SensitivityResult(method=method, output=output, year=int(year), names=design.names,
                             labels_zh=[u.parameter.label_zh for u in design.uncertain],
                             labels_en=[u.parameter.label_en for u in design.uncertain],
                             indices=res, runs=runs, output_mean=mean, output_sd=sd,
                             unit=VARIABLES[output].unit, conf_level=conf_level)


# --------------------------------------------------------------------------- in words

def statement(result: SensitivityResult, lang: str = "zh", top: int = 3) -> str:
    """A plain-language sentence naming the assumptions that matter most for the output."""
    order = result.ranking[:top]
    labels = result.labels(lang)
    var = VARIABLES[result.output].label(lang) if result.output in VARIABLES else result.output
    year, unit = result.year, result.unit
    if result.output_sd == 0 or not order:
        return pick(lang, f"{year}年{var}不受所列不确定假设影响。",
                    f"{var} in {year} does not depend on the uncertain assumptions listed.")
    parts = []
    for i in order:
        if result.method == "sobol":
            st = float(result.indices["ST"][i])
            parts.append(pick(lang, f"{labels[i]}（总效应指数 {st:.2f}，约占方差的 {100 * st:.0f}%）",
                              f"{labels[i]} (total-effect index {st:.2f}, about {100 * st:.0f} % of the variance)"))
        else:
            mu = float(result.indices["mu_star"][i])
            parts.append(pick(lang, f"{labels[i]}（μ* = {mu:.3g} {unit}）",
                              f"{labels[i]} (mu* = {mu:.3g} {unit})"))
    n = len(parts)
    method = pick(lang, *METHODS[result.method])
    head = pick(lang, f"对{year}年{var}影响最大的{'三' if n == 3 else n}个假设依次是：",
                f"The {'three ' if n == 3 else ''}assumption{'s' if n > 1 else ''} that matter most for "
                f"{var} in {year}, in order: ")
    tail = pick(lang, f"。（{method}，{result.runs} 次模型运行；该指标均值 "
                      f"{result.output_mean:.4g} {unit}，标准差 {result.output_sd:.3g}。）",
                f". ({method}, {result.runs} model runs; the output averages "
                f"{result.output_mean:.4g} {unit} with a standard deviation of {result.output_sd:.3g}.)")
    return head + pick(lang, "；", "; ").join(parts) + tail

"""A scenario report's uncertainty section: fan charts, percentiles and target probabilities.

Only when the scenario file asks for it: ``report: {uncertainty_draws: N,
uncertainty_seed: S}`` (:meth:`Scenario.report_options`).  The ensemble is a small
in-memory one: Latin hypercube draws of the registry's and the scenario file's
distributions (:class:`model.analysis.sampling.EnsembleDesign`), run once
(:func:`model.analysis.ensemble.evaluate_design`); the same draws give the bands of the
fan charts (percentiles per year, as :func:`model.analysis.ensemble.quick_bands`) and the
share of draws meeting each target (as :func:`model.analysis.ensemble.target_probabilities`).

When the scenario names observations, each draw is also weighted by its likelihood given
the banner's observations in the model's years (:func:`model.analysis.weighting.likelihood_weights`:
independent normal errors, 5 % relative standard deviation, at least one point for rates;
sampling importance weighting, Smith & Gelfand 1992), and the table shows the weighted
probability beside the unweighted one with the effective sample size ``1 / sum w^2``
(Kish 1965) and a warning below :data:`model.analysis.weighting.MIN_ESS`.  The figures
come from :mod:`model.reporting.uncertainty_charts`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from model.core.catalogue import Target
from model.core.scorecard import TARGETS, evaluate_targets
from model.core.simulate import VARIABLES
from model.core.timeline import LAST_YEAR, N_YEARS, PLAN_YEAR, year_index
from model.reporting.blocks import callout, figure, heading, paragraph, table, MISSED_FILL
from model.reporting.figures import to_svg
from model.reporting.phrases import phrase
from model.scenarios import Scenario
from model.scenarios.observations import Observation, ObservationSet
from model.text import format_number, plan_section, unit_text

__all__ = ["uncertainty_blocks", "ReportEnsemble", "report_ensemble"]


@dataclass
class ReportEnsemble:
    """What the section shows of one small ensemble."""

    draws: int
    seed: int
    #: variable -> (len(QUANTILES), N_YEARS) percentiles
    bands: dict[str, np.ndarray]
    #: target id -> share of draws meeting it (NaN when not modelled)
    probabilities: dict[str, float]
    #: target id -> weighted share given the observations (empty without observations)
    weighted: dict[str, float]
    #: the weighting's record (observations, error model, effective sample size); empty without
    weighting: dict[str, Any]


def report_ensemble(scenario: Scenario, draws: int, seed: int, variables: list[str],
                    observations: list[Observation], targets: list[Target] | None = None) -> ReportEnsemble:
    """Run ``draws`` Latin hypercube draws of ``scenario`` once; bands, probabilities and weights.

    ``observations`` are the banner's, in the model's years (:meth:`ObservationSet.fittable`)
    of variables the model produces; with none, nothing is weighted.
    """
    # imported here: the samplers bring scipy.special, needed only for this section
    from model.analysis.draws import QUANTILES, evaluate_design
    from model.analysis.sampling import EnsembleDesign
    from model.analysis.weighting import likelihood_weights, weighted_probability

    targets = list(TARGETS if targets is None else targets)
    design = EnsembleDesign.from_scenario(scenario, draws, seed, "lhs")
    parts: dict[str, list[np.ndarray]] = {v: [] for v in variables}
    met, values = [], []
    for params, results in evaluate_design(design):
        for v in variables:
            parts[v].append(results[v])
        met.append(evaluate_targets(params, results, targets).met)
        if observations:
            values.append(np.column_stack([results[o.variable][:, year_index(o.year)] for o in observations]))
    q = [100 * x for x in QUANTILES]
    with np.errstate(all="ignore"):
        bands = {v: np.percentile(np.concatenate(parts[v]), q, axis=0).reshape(len(q), N_YEARS) for v in variables}
    met_all = np.concatenate(met).astype(float)
    modelled = [j for j, t in enumerate(targets) if t.is_modelled]
    probabilities = {t.id: (float(met_all[:, j].mean()) if j in modelled else float("nan"))
                     for j, t in enumerate(targets)}
    weighted: dict[str, float] = {}
    record: dict[str, Any] = {}
    if observations:
        try:
            weights, record = likelihood_weights(np.concatenate(values), observations)
        except ValueError:  # no draw reproduces the observations at all (every likelihood zero)
            record = {"effective_sample_size": 0.0, "low_effective_sample_size": True}
        else:
            weighted = {targets[j].id: float(weighted_probability(met_all[:, j], weights)) for j in modelled}
    return ReportEnsemble(draws, seed, bands, probabilities, weighted, record)


def _percent(p: float | None) -> str:
    return "-" if p is None or not np.isfinite(p) else f"{100 * p:.0f}%"


def uncertainty_blocks(scenario: Scenario, lang: str, observations: ObservationSet | None = None
                       ) -> list[dict[str, Any]]:
    """The section's blocks; none unless ``scenario`` asks for draws (see the module docstring)."""
    options = scenario.report_options()
    if options.uncertainty_draws <= 0:
        return []
    from model.analysis.draws import QUANTILES
    from model.analysis.weighting import DEFAULT_REL_SD, MIN_ESS
    from model.reporting.uncertainty_charts import fan_chart_figure, fan_variables, probability_figure

    variables = fan_variables()
    fitted = [o for o in (observations.fittable() if observations is not None else []) if o.variable in VARIABLES]
    ens = report_ensemble(scenario, options.uncertainty_draws, options.uncertainty_seed, variables, fitted)
    blocks: list[dict[str, Any]] = [heading(phrase("uncertainty", lang)),
                                    paragraph(phrase("quantile_note", lang).format(draws=ens.draws, seed=ens.seed))]
    # Labels stay text, as in the theme charts: searchable, and half the SVG of outlines.
    blocks.append(figure(to_svg(fan_chart_figure(ens.bands, QUANTILES, lang)), phrase("fan_caption", lang)))
    if any(np.isfinite(v) for v in ens.probabilities.values()):
        blocks.append(figure(to_svg(probability_figure(ens.probabilities, lang)), phrase("probability", lang)))
    header = [phrase("col_variable", lang), phrase("col_unit", lang), phrase("col_year", lang),
              *[f"P{round(100 * q)}" for q in QUANTILES]]
    rows = []
    for v in variables:
        for year in (PLAN_YEAR, LAST_YEAR):
            col = ens.bands[v][:, year_index(year)]
            rows.append([VARIABLES[v].label(lang), unit_text(VARIABLES[v].unit, lang), str(year),
                         *[format_number(x) for x in col]])
    blocks.append(table(header, rows, ["1.6fr", "auto", "auto", *["auto"] * len(QUANTILES)],
                        ["left", "left", "center", *["right"] * len(QUANTILES)]))
    shown = [t for t in TARGETS if t.id in ens.probabilities and np.isfinite(ens.probabilities[t.id])]
    if not shown:
        return blocks
    if ens.weighting:
        ess = float(ens.weighting["effective_sample_size"])
        blocks.append(paragraph(phrase("weighting_note", lang).format(
            n=len(fitted), rel_sd=100 * DEFAULT_REL_SD, ess=ess, draws=ens.draws)))
        if ess < MIN_ESS:
            blocks.append(callout(phrase("low_ess", lang).format(min_ess=MIN_ESS), "", MISSED_FILL))
        blocks.append(table([phrase(k, lang) for k in ("col_target", "col_section", "probability_prior",
                                                       "probability_weighted")],
                            [[t.label(lang), plan_section(t.section, lang), _percent(ens.probabilities[t.id]),
                              _percent(ens.weighted.get(t.id))] for t in shown],
                            ["1.6fr", "1.3fr", "auto", "auto"], ["left", "left", "right", "right"]))
    else:
        blocks.append(table([phrase(k, lang) for k in ("col_target", "col_section", "probability")],
                            [[t.label(lang), plan_section(t.section, lang), _percent(ens.probabilities[t.id])]
                             for t in shown], ["1.6fr", "1.3fr", "auto"], ["left", "left", "right"]))
    return blocks

"""A scenario report's uncertainty section: fan charts, percentiles and target probabilities.

Only when the scenario file asks for it: ``report: {uncertainty_draws: N,
uncertainty_seed: S}`` (:meth:`Scenario.report_options`).  The ensemble comes
from :func:`model.analysis.ensemble.quick_bands` and
:func:`model.analysis.ensemble.target_probabilities` (Latin hypercube draws of
the registry's and the scenario file's distributions), the figures from
:mod:`model.reporting.uncertainty_charts`.
"""
from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np

from model.core.simulate import VARIABLES
from model.core.timeline import PLAN_YEAR, YEARS, year_index
from model.reporting.blocks import heading, paragraph, table
from model.reporting.charts import figure_bytes
from model.reporting.phrases import phrase
from model.scenarios import Scenario
from model.text import format_number

__all__ = ["uncertainty_blocks"]


def uncertainty_blocks(scenario: Scenario, lang: str) -> list[dict[str, Any]]:
    """Fan charts, percentiles and target probabilities, when the scenario file asks for them.

    ``report: {uncertainty_draws: N, uncertainty_seed: S}`` in the scenario file
    (:meth:`Scenario.report_options`); the ensemble comes from
    :func:`model.analysis.ensemble.quick_bands` and :func:`model.analysis.ensemble.target_probabilities`,
    the figures from :mod:`model.reporting.uncertainty_charts`.
    """
    options = scenario.report_options()
    if options.uncertainty_draws <= 0:
        return []
    from model.analysis.ensemble import QUANTILES, quick_bands, target_probabilities
    from model.reporting.uncertainty_charts import fan_chart_figure, fan_variables, probability_figure

    zh = lang == "zh"
    draws, seed = options.uncertainty_draws, options.uncertainty_seed
    variables = fan_variables()
    bands = quick_bands(scenario, draws, seed, variables, QUANTILES)
    probs = target_probabilities(scenario, draws, seed)
    blocks: list[dict[str, Any]] = [heading(phrase("uncertainty", lang)),
                                    paragraph(phrase("quantile_note", lang).format(draws=draws, seed=seed))]
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fan = fan_chart_figure(bands, QUANTILES, lang)
        blocks.append({"kind": "figure", "svg": figure_bytes(fan, "svg").decode("utf-8"),
                       "caption": "关键变量的不确定性区间" if zh else "Uncertainty of the key variables"})
        if any(np.isfinite(v) for v in probs.values()):
            bars = probability_figure(probs, lang)
            blocks.append({"kind": "figure", "svg": figure_bytes(bars, "svg").decode("utf-8"),
                           "caption": phrase("probability", lang)})
    header = ["变量" if zh else "Variable", phrase("col_unit", lang), phrase("col_year", lang),
              *[f"P{round(100 * q)}" for q in QUANTILES]]
    rows = []
    for v in variables:
        for year in (PLAN_YEAR, int(YEARS[-1])):
            col = bands[v][:, year_index(year)]
            rows.append([VARIABLES[v].label(lang), VARIABLES[v].unit, str(year), *[format_number(x) for x in col]])
    blocks.append(table(header, rows, ["1.6fr", "auto", "auto", *["auto"] * len(QUANTILES)],
                        ["left", "left", "center", *["right"] * len(QUANTILES)]))
    prob_rows = [[t.label(lang), t.section, f"{100 * probs[t.id]:.0f}%"] for t in _targets()
                 if t.id in probs and np.isfinite(probs[t.id])]
    if prob_rows:
        blocks.append(table([phrase("col_target", lang), phrase("col_section", lang), phrase("probability", lang)],
                            prob_rows, ["1.6fr", "1.3fr", "auto"], ["left", "left", "right"]))
    return blocks


def _targets():
    from model.core.scorecard import TARGETS

    return TARGETS

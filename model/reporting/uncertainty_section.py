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

import numpy as np

from model.core.scorecard import TARGETS
from model.core.simulate import VARIABLES
from model.core.timeline import LAST_YEAR, PLAN_YEAR, year_index
from model.reporting.blocks import figure, heading, paragraph, table
from model.reporting.figures import to_svg
from model.reporting.phrases import phrase
from model.scenarios import Scenario
from model.text import format_number

__all__ = ["uncertainty_blocks"]


def uncertainty_blocks(scenario: Scenario, lang: str) -> list[dict[str, Any]]:
    """The section's blocks; none unless ``scenario`` asks for draws (see the module docstring)."""
    options = scenario.report_options()
    if options.uncertainty_draws <= 0:
        return []
    # imported here: the samplers bring scipy.stats (about a second), needed only for this section
    from model.analysis.ensemble import QUANTILES, quick_bands, target_probabilities
    from model.reporting.uncertainty_charts import fan_chart_figure, fan_variables, probability_figure

    draws, seed = options.uncertainty_draws, options.uncertainty_seed
    variables = fan_variables()
    bands = quick_bands(scenario, draws, seed, variables, QUANTILES)
    probs = target_probabilities(scenario, draws, seed)
    blocks: list[dict[str, Any]] = [heading(phrase("uncertainty", lang)),
                                    paragraph(phrase("quantile_note", lang).format(draws=draws, seed=seed))]
    # These two charts go in as outlines: their labels are pictures in the PDF, not text.
    blocks.append(figure(to_svg(fan_chart_figure(bands, QUANTILES, lang), keep_text=False),
                         phrase("fan_caption", lang)))
    if any(np.isfinite(v) for v in probs.values()):
        blocks.append(figure(to_svg(probability_figure(probs, lang), keep_text=False), phrase("probability", lang)))
    header = [phrase("col_variable", lang), phrase("col_unit", lang), phrase("col_year", lang),
              *[f"P{round(100 * q)}" for q in QUANTILES]]
    rows = []
    for v in variables:
        for year in (PLAN_YEAR, LAST_YEAR):
            col = bands[v][:, year_index(year)]
            rows.append([VARIABLES[v].label(lang), VARIABLES[v].unit, str(year), *[format_number(x) for x in col]])
    blocks.append(table(header, rows, ["1.6fr", "auto", "auto", *["auto"] * len(QUANTILES)],
                        ["left", "left", "center", *["right"] * len(QUANTILES)]))
    prob_rows = [[t.label(lang), t.section, f"{100 * probs[t.id]:.0f}%"] for t in TARGETS
                 if t.id in probs and np.isfinite(probs[t.id])]
    if prob_rows:
        blocks.append(table([phrase(k, lang) for k in ("col_target", "col_section", "probability")],
                            prob_rows, ["1.6fr", "1.3fr", "auto"], ["left", "left", "right"]))
    return blocks

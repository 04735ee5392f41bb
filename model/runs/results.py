"""Results as a tidy long table in the IAMC format: ``model, scenario, region, variable, unit, year, value``.

The Integrated Assessment Modeling Consortium's time-series format, the one pyam reads
(Huppmann et al. 2021, Open Research Europe 1:74), in its long form:

``model``
    The workbook and its version (:data:`model.provenance.MODEL_NAME`, "Urad Rear Workbook 0.2.0").
``scenario``
    The scenario's id.
``region``
    The banner (:data:`model.core.catalogue.REGION`, "Urad Rear Banner").
``variable``, ``unit``
    IAMC-style names (``GDP|Secondary``, ``Value Added|Nonferrous Smelting``) and their units
    (亿元, 万吨标准煤, ...) as the registry of variables states them.
``year``, ``value``
    Every year of the timeline (``BASE_YEAR`` to the last year) and the value.

So the table loads unchanged into pandas, Excel and pyam (``pyam.IamDataFrame("results.csv")``).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from model.core.catalogue import REGION, Results
from model.core.diagnostics import DiagnosticReport
from model.core.scorecard import Scorecard
from model.core.simulate import VARIABLES
from model.runs.evaluation import observed_rows
from model.scenarios.observations import ObservationSet
from model.core.timeline import N_YEARS, YEARS
from model.provenance import MODEL_NAME

if TYPE_CHECKING:  # pandas is imported where a table is made (half a second a report's kernel need not pay)
    import pandas as pd

__all__ = ["COLUMNS", "INDEX", "results_table", "scorecard_table", "diagnostics_table"]

#: The IAMC columns, in their order.
COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value"]
#: The columns that name a time series (all but ``year`` and ``value``): the rows of the wide layout.
INDEX = COLUMNS[:5]


def results_table(results: Results, scenario_ids: Sequence[str]) -> pd.DataFrame:
    """The IAMC long table for ``n`` scenarios (one row per scenario, variable and year)."""
    import pandas as pd

    names = [v for v in VARIABLES if v in results]
    n = len(scenario_ids)
    values = np.stack([results[v] for v in names], axis=1)  # (n, n_vars, N_YEARS)
    if values.shape[0] != n:
        raise ValueError(f"{n} scenario ids for {values.shape[0]} scenarios")
    nv = len(names)
    rows = n * nv * N_YEARS
    return pd.DataFrame({
        "model": np.full(rows, MODEL_NAME, dtype=object),
        "scenario": np.repeat(np.asarray(scenario_ids, dtype=object), nv * N_YEARS),
        "region": np.full(rows, REGION, dtype=object),
        "variable": np.tile(np.repeat(np.asarray(names, dtype=object), N_YEARS), n),
        "unit": np.tile(np.repeat(np.asarray([VARIABLES[v].unit for v in names], dtype=object),
                                  N_YEARS), n),
        "year": np.tile(YEARS, n * nv),
        "value": values.reshape(-1),
    }, columns=COLUMNS)


def scorecard_table(scorecard: Scorecard, scenario_ids: Sequence[str], lang: str = "en",
                    observations: Sequence[ObservationSet] = ()) -> pd.DataFrame:
    """The scorecard of every scenario as one table (``targets.csv``).

    With observations, every row also has the observed value and the status it earns
    (``observed``, ``observed_status``: the plan's final evaluation, :mod:`model.runs.evaluation`).
    """
    import pandas as pd

    rows = []
    for i, sid in enumerate(scenario_ids):
        obs = observations[i] if i < len(observations) else ObservationSet.empty()
        for row in observed_rows(scorecard, i, obs, lang):
            row.pop("observed_status_label")
            rows.append({"scenario": sid, **row})
    return pd.DataFrame(rows)


def diagnostics_table(report: DiagnosticReport, scenario_ids: Sequence[str]) -> pd.DataFrame:
    """The diagnostics of every scenario, explained in Chinese and English (``diagnostics.csv``)."""
    import pandas as pd

    rows = []
    for i, sid in enumerate(scenario_ids):
        for zh, en in zip(report.rows(i, "zh"), report.rows(i, "en")):
            rows.append({"scenario": sid, "diagnostic": en["diagnostic"], "section": en["section"],
                         "theme": en["theme"], "found": en["found"], "title_zh": zh["title"],
                         "title_en": en["title"], "explanation_zh": zh["explanation"],
                         "explanation_en": en["explanation"]})
    return pd.DataFrame(rows)


"""Results as a tidy long table: ``scenario, variable, unit, year, value``.

Variable names follow the IAMC convention (``GDP|Secondary``,
``Value Added|Nonferrous Smelting``) so the table loads unchanged into pandas,
Excel and pyam (add ``model`` and ``region`` columns with :func:`to_iamc`).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from model.core.catalogue import Results
from model.core.diagnostics import DiagnosticReport
from model.core.scorecard import Scorecard
from model.core.simulate import VARIABLES
from model.runs.evaluation import observed_rows
from model.scenarios.observations import ObservationSet
from model.core.timeline import N_YEARS, YEARS

__all__ = ["COLUMNS", "results_table", "scorecard_table", "diagnostics_table", "to_iamc", "MODEL_NAME", "REGION"]

COLUMNS = ["scenario", "variable", "unit", "year", "value"]
MODEL_NAME = "urad-rear-workbook"
REGION = "Urad Rear Banner"


def results_table(results: Results, scenario_ids: Sequence[str]) -> pd.DataFrame:
    """The long table for ``n`` scenarios (one row per scenario, variable and year)."""
    names = [v for v in VARIABLES if v in results]
    n = len(scenario_ids)
    values = np.stack([results[v] for v in names], axis=1)  # (n, n_vars, N_YEARS)
    if values.shape[0] != n:
        raise ValueError(f"{n} scenario ids for {values.shape[0]} scenarios")
    nv = len(names)
    return pd.DataFrame({
        "scenario": np.repeat(np.asarray(scenario_ids, dtype=object), nv * N_YEARS),
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
    rows = []
    for i, sid in enumerate(scenario_ids):
        obs = observations[i] if i < len(observations) else ObservationSet.empty()
        for row in observed_rows(scorecard, i, obs, lang):
            row.pop("observed_status_label")
            rows.append({"scenario": sid, **row})
    return pd.DataFrame(rows)


def diagnostics_table(report: DiagnosticReport, scenario_ids: Sequence[str]) -> pd.DataFrame:
    """The diagnostics of every scenario, explained in Chinese and English (``diagnostics.csv``)."""
    rows = []
    for i, sid in enumerate(scenario_ids):
        for zh, en in zip(report.rows(i, "zh"), report.rows(i, "en")):
            rows.append({"scenario": sid, "diagnostic": en["diagnostic"], "section": en["section"],
                         "theme": en["theme"], "found": en["found"], "title_zh": zh["title"],
                         "title_en": en["title"], "explanation_zh": zh["explanation"],
                         "explanation_en": en["explanation"]})
    return pd.DataFrame(rows)


def to_iamc(table: pd.DataFrame) -> pd.DataFrame:
    """The long table in pyam's IAMC layout (adds ``model`` and ``region``)."""
    out = table.copy()
    out.insert(0, "model", MODEL_NAME)
    out.insert(2, "region", REGION)
    return out

"""The workbook's public Python API: what an economist calls from a notebook.

``import model`` gives every name below (``model.run(...)``); they are also importable
from here.  These names are stable; the modules behind them (:mod:`model.workbook`, and
below it the core, scenarios, runs, analysis and reporting layers) may move.

======================  ===================================================================
Load                    :func:`load_scenario`, :func:`load_scenarios`, :func:`list_scenarios`,
                        :func:`parameters`, :func:`variables`, :func:`targets`
Derive                  :func:`derive`, :func:`save_scenario`, :class:`Scenario`
Run                     :func:`run` -> :class:`RunResults` (``iamc``, ``wide``, ``scorecard``,
                        ``diagnostics``, ``observed``, ``observations``, ``plot``, ``write``)
Analyse                 :func:`ensemble` -> :class:`EnsembleResults`,
                        :func:`sensitivity` -> :class:`SensitivityResults`,
                        :func:`solve` -> :class:`SolveResults`,
                        :func:`calibrate` -> :class:`CalibrationResults`,
                        :func:`discover` -> :class:`DiscoveryResults`,
                        :func:`fit_plan` -> :class:`PlanFitResults`, :func:`pareto_front`
Report                  :func:`report`, :func:`compare` (PDFs)
Bad input               :class:`WorkbookInputError`
No answer               :class:`CalibrationFailed` (a fit that does not converge),
                        :class:`DiscoveryFailed` (the plan holds in no draw),
                        :class:`NoFeasiblePlan` (no lever setting holds the hard limits)
======================  ===================================================================

Conventions, as in pyam, EMA Workbench and SALib: nouns for objects, verbs for actions;
results are pandas DataFrames, the model's in the IAMC long layout (``model, scenario,
region, variable, unit, year, value``); nothing is written to disk unless a function is
given an output path.  A scenario is named by a :class:`Scenario` object, a shipped
scenario's id (``"baseline"``, looked up in ``scenarios/``) or a path (a
:class:`pathlib.Path` is always a path; a string is a path when such a file or folder
exists).  Labels are Chinese by default, English with ``lang="en"``.

Every function checks its input as the command line does and raises
:class:`WorkbookInputError`, whose text is the line(s) ``python -m model`` prints for
the same input.  The command line's ``validate``, ``run`` and ``scorecard`` are built on
these functions (:mod:`model.cli.runs`), so the two cannot drift.

Examples
--------
>>> import model
>>> mine = model.derive("baseline", "faster-services", levers={"growth_tertiary": 0.09})
>>> res = model.run(mine, "drought")
>>> res.iamc(variable="GDP", year=2025)[["scenario", "unit"]].values.tolist()
[['faster-services', '亿元'], ['drought', '亿元']]
"""
from __future__ import annotations

import importlib
from typing import Any

from model.scenarios import Scenario
from model.workbook.analyses import (CalibrationResults, EnsembleResults, SensitivityResults, SolveResults,
                                     calibrate, ensemble, sensitivity, solve)
from model.workbook.errors import WorkbookInputError
from model.workbook.exploration import DiscoveryResults, PlanFitResults, discover, fit_plan, pareto_front
from model.workbook.reports import compare, report
from model.workbook.results import RunResults, run
from model.workbook.scenarios import (derive, list_scenarios, load_scenario, load_scenarios, parameters,
                                      save_scenario, targets, variables)

__all__ = ["WorkbookInputError", "CalibrationFailed", "DiscoveryFailed", "NoFeasiblePlan", "Scenario",
           "load_scenario", "load_scenarios", "list_scenarios", "parameters", "variables", "targets", "derive",
           "save_scenario", "run", "RunResults", "ensemble", "EnsembleResults", "sensitivity", "SensitivityResults",
           "solve", "SolveResults", "calibrate", "CalibrationResults", "discover", "DiscoveryResults", "fit_plan",
           "PlanFitResults", "pareto_front", "report", "compare"]

#: The "no answer" errors, imported when first asked for (their modules load scipy and EMA Workbench).
_NO_ANSWER = {"CalibrationFailed": "model.analysis.calibration", "DiscoveryFailed": "model.analysis.discovery",
              "NoFeasiblePlan": "model.analysis.fitplan"}


def __getattr__(name: str) -> Any:
    """The analysis layer's "no answer" errors (:data:`_NO_ANSWER`), imported on first use."""
    if name in _NO_ANSWER:
        return getattr(importlib.import_module(_NO_ANSWER[name]), name)
    raise AttributeError(f"module 'model.api' has no attribute {name!r}")

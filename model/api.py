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
                        :func:`calibrate` -> :class:`CalibrationResults`
Report                  :func:`report`, :func:`compare` (PDFs)
Bad input               :class:`WorkbookInputError`; :class:`CalibrationFailed` for a fit
                        that does not converge
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

Not here yet: ``discover`` and ``fit_plan`` (scenario discovery and fitting the plan's
levers), which are being added to the analysis layer; they will join this list.

Examples
--------
>>> import model
>>> mine = model.derive("baseline", "faster-services", levers={"growth_tertiary": 0.09})
>>> res = model.run(mine, "drought")
>>> res.iamc(variable="GDP", year=2025)[["scenario", "unit"]].values.tolist()
[['faster-services', '亿元'], ['drought', '亿元']]
"""
from __future__ import annotations

from typing import Any

from model.scenarios import Scenario
from model.workbook.analyses import (CalibrationResults, EnsembleResults, SensitivityResults, SolveResults,
                                     calibrate, ensemble, sensitivity, solve)
from model.workbook.errors import WorkbookInputError
from model.workbook.reports import compare, report
from model.workbook.results import RunResults, run
from model.workbook.scenarios import (derive, list_scenarios, load_scenario, load_scenarios, parameters,
                                      save_scenario, targets, variables)

__all__ = ["WorkbookInputError", "CalibrationFailed", "Scenario", "load_scenario", "load_scenarios",
           "list_scenarios", "parameters", "variables", "targets", "derive", "save_scenario", "run",
           "RunResults", "ensemble", "EnsembleResults", "sensitivity", "SensitivityResults", "solve",
           "SolveResults", "calibrate", "CalibrationResults", "report", "compare"]


def __getattr__(name: str) -> Any:
    """:class:`CalibrationFailed` is imported when first asked for (its module loads scipy)."""
    if name == "CalibrationFailed":
        from model.analysis.calibration import CalibrationFailed

        return CalibrationFailed
    raise AttributeError(f"module 'model.api' has no attribute {name!r}")

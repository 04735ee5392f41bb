"""The implementation of the public Python API; import the names from :mod:`model.api` (or ``model``).

One verb per module, as SALib and papermill are cut:

* :mod:`~model.workbook.errors` - :class:`WorkbookInputError`, the one bad-input error,
  whose text is the command line's lines;
* :mod:`~model.workbook.scenarios` - load by id or path, the registry, variables and
  targets as tables, derive a scenario in code, save it;
* :mod:`~model.workbook.results` - run scenarios in one vectorised call, :class:`RunResults`;
* :mod:`~model.workbook.analyses` - ensembles, sensitivity, goal seeking, calibration;
* :mod:`~model.workbook.exploration` - scenario discovery, fitting the plan, Pareto fronts;
* :mod:`~model.workbook.reports` - PDF reports and comparisons.

This layer sits above reporting and below the command line (docs/architecture.md).
"""

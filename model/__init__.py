"""Urad Rear Banner (乌拉特后旗) 14th Five-Year Plan scenario workbook.

Layers, each depending only on those below it:

* :mod:`model.core` - the pure, vectorised model (registry, domains, scorecard);
* :mod:`model.scenarios` - scenario files: YAML I/O, validation, inheritance;
* :mod:`model.runs.runner`, :mod:`model.runs.results` - running scenarios, tidy results, outputs;
* widgets and reports;
* :mod:`model.cli.main` - the ``python -m model`` command line.
"""
__version__ = "0.1.0"

__all__ = ["__version__"]

"""Urad Rear Banner (乌拉特后旗) 14th Five-Year Plan scenario workbook.

The public Python API is :mod:`model.api`, whose names are also here::

    import model
    res = model.run("baseline", "drought")          # IAMC tables, scorecard, charts
    res.scorecard("en")

(imported when first used, so ``python -m model`` does not pay for them).

Layers, each depending only on those below it:

* :mod:`model.core` - the pure, vectorised model (registry, domains, scorecard);
* :mod:`model.scenarios` - scenario and observation files: YAML I/O, validation, inheritance;
* :mod:`model.runs`, :mod:`model.analysis` - running scenarios, tidy results, outputs;
  ensembles, sensitivity, goal seeking, calibration;
* :mod:`model.execution` - batches and the notebook executor;
* :mod:`model.reporting`, :mod:`model.explorer` - reports and the interactive explorer;
* :mod:`model.api` (over :mod:`model.workbook`) and :mod:`model.cli.main` - the Python API
  and the ``python -m model`` command line.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:  # the names static tools should see; at run time they come from __getattr__
    from model.api import *  # noqa: F401,F403


def __getattr__(name: str) -> Any:
    """The public API's names (:data:`model.api.__all__`), imported on first use."""
    if name.startswith("__") and name != "__all__":
        raise AttributeError(f"module 'model' has no attribute {name!r}")
    api = importlib.import_module("model.api")
    if name == "__all__":
        return ["__version__", *api.__all__]
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *importlib.import_module("model.api").__all__})

"""Run the whole model: every domain module in pipeline order."""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Results, Variable
from model.core.domains import DOMAINS
from model.core.parameter import ParameterSet
from model.core.timeline import N_YEARS

__all__ = ["simulate", "VARIABLES"]

#: Every output variable of the model, by name, in domain order.
VARIABLES: dict[str, Variable] = {v.name: v for d in DOMAINS for v in d.VARIABLES}


def simulate(params: ParameterSet) -> Results:
    """Evaluate the model for every scenario of ``params`` at once.

    Parameters
    ----------
    params
        Parameter arrays with a leading scenario axis of length ``n``.

    Returns
    -------
    dict
        Variable name -> float array of shape ``(n, N_YEARS)``, for every
        variable in :data:`VARIABLES`.
    """
    results: Results = {}
    for domain in DOMAINS:
        produced = domain.compute(params, results)
        results.update(produced)
    missing = set(VARIABLES) - set(results)
    if missing:
        raise RuntimeError(f"the model did not produce: {sorted(missing)}")
    for name, arr in results.items():
        if arr.shape != (params.n, N_YEARS):
            raise RuntimeError(f"variable {name!r} has shape {arr.shape}")
    return {name: np.asarray(results[name], dtype=float) for name in VARIABLES}

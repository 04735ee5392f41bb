"""An ensemble's draws evaluated in memory: the model run chunk by chunk over a design.

:func:`evaluate_design` is the evaluator every in-memory use of an ensemble shares (a
report's uncertainty section, the explorer's quick bands, benchmarks); the ensembles written
to disk (:mod:`model.analysis.ensemble`) run the same chunks on a pool.  This module needs
numpy and the model only, so a report's kernel draws its uncertainty section without
importing pandas and pyarrow, which only the files need (``benchmarks/report_vs_papermill.py``).
"""
from __future__ import annotations

from collections.abc import Iterator

from model.analysis.sampling import BLOCK_SIZE, EnsembleDesign
from model.core.catalogue import Results
from model.core.parameter import ParameterSet
from model.core.simulate import simulate

__all__ = ["QUANTILES", "DEFAULT_CHUNK", "evaluate_design"]

#: Quantiles of the summary and of the fan charts.
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Draws per model call by default.
DEFAULT_CHUNK: int = 8 * BLOCK_SIZE


def evaluate_design(design: EnsembleDesign, start: int = 0, stop: int | None = None,
                    chunk_size: int = DEFAULT_CHUNK) -> Iterator[tuple[ParameterSet, Results]]:
    """Parameters and full results of draws ``start`` to ``stop - 1``, chunk by chunk."""
    stop = design.draws if stop is None else stop
    for s in range(start, stop, chunk_size):
        params = design.parameter_set(s, min(s + chunk_size, stop))
        yield params, simulate(params)

"""Ensemble files: the Parquet layout of draws and results, streaming writes, summaries.

``results.parquet`` has one row per draw: ``draw``, one column per variable and year
(``"<variable>|<year>"``, :func:`column_name`), and for every modelled target its value
(``target|<id>``) and whether it is met (``met|<id>``).  ``draws.parquet`` holds the drawn
parameter values.  Files are written in row groups as chunks arrive
(:class:`ParquetStream`), so memory stays bounded however many draws an ensemble has, and
read back one variable at a time (:func:`read_variable`, :func:`summarise`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.analysis.sampling import EnsembleDesign
from model.core.catalogue import Target
from model.core.simulate import VARIABLES
from model.core.timeline import YEARS

__all__ = ["PARQUET_OPTIONS", "column_name", "ParquetStream", "results_schema", "draws_schema",
           "results_columns", "read_variable", "summarise"]

PARQUET_OPTIONS: dict[str, Any] = {"compression": "lz4", "use_dictionary": False,
                                    "write_statistics": False}


def column_name(variable: str, year: int) -> str:
    """Column of ``variable`` in ``year`` in ``results.parquet``."""
    return f"{variable}[{int(year)}]"


class ParquetStream:
    """Append columns to a Parquet file in row groups of exactly ``row_group`` rows.

    Rows are copied into one preallocated buffer per column (the only copy
    held), and each full buffer becomes one row group, so the file's layout
    does not depend on how the rows arrived.
    """

    def __init__(self, path: Path, schema: pa.Schema, row_group: int):
        self.schema = schema
        self.row_group = row_group
        self.writer = pq.ParquetWriter(str(path), schema, **PARQUET_OPTIONS)
        self.buffers = {f.name: np.empty(row_group, dtype=object if pa.types.is_string(f.type)
                                         else f.type.to_pandas_dtype()) for f in schema}
        self.filled = 0

    def append(self, columns: Mapping[str, np.ndarray]) -> None:
        n = len(columns[self.schema[0].name])
        done = 0
        while done < n:
            take = min(n - done, self.row_group - self.filled)
            for name, buf in self.buffers.items():
                buf[self.filled:self.filled + take] = columns[name][done:done + take]
            self.filled += take
            done += take
            if self.filled == self.row_group:
                self._flush()

    def _flush(self) -> None:
        rows = self.filled
        table = pa.table({f.name: pa.array(self.buffers[f.name][:rows], type=f.type) for f in self.schema},
                         schema=self.schema)
        self.writer.write_table(table, row_group_size=rows)
        self.filled = 0

    def close(self) -> None:
        if self.filled:
            self._flush()
        self.writer.close()


def results_schema(variables: Sequence[str], targets: Sequence[Target]) -> pa.Schema:
    fields = [pa.field("draw", pa.int64())]
    fields += [pa.field(column_name(v, y), pa.float64()) for v in variables for y in YEARS]
    for t in targets:
        if t.comparison != "not_modelled" and t.evaluate is not None:
            fields += [pa.field(f"target|{t.id}", pa.float64()), pa.field(f"met|{t.id}", pa.bool_())]
    return pa.schema(fields)


def draws_schema(design: EnsembleDesign) -> pa.Schema:
    return pa.schema([pa.field("draw", pa.int64())] + [
        pa.field(u.name, pa.string() if u.parameter.dtype == "choice" else pa.float64())
        for u in design.uncertain])


def results_columns(chunk: Any, variables: Sequence[str],
                     targets: Sequence[Target]) -> dict[str, np.ndarray]:
    cols: dict[str, np.ndarray] = {"draw": np.arange(chunk.start, chunk.stop, dtype=np.int64)}
    for v in variables:
        arr = np.ascontiguousarray(chunk.results[v].T)  # (N_YEARS, draws): each year's column contiguous
        for j, y in enumerate(YEARS):
            cols[column_name(v, y)] = arr[j]
    for j, t in enumerate(targets):
        if t.comparison != "not_modelled" and t.evaluate is not None:
            cols[f"target|{t.id}"] = chunk.target_values[:, j]
            cols[f"met|{t.id}"] = chunk.target_met[:, j]
    return cols


def read_variable(path: str | Path, variable: str) -> np.ndarray:
    """One variable of a ``results.parquet`` as a ``(draws, N_YEARS)`` array."""
    cols = [column_name(variable, y) for y in YEARS]
    table = pq.ParquetFile(str(path)).read(columns=cols)
    return np.column_stack([table.column(c).to_numpy() for c in cols])


def summarise(path: Path, variables: Sequence[str], quantiles: Sequence[float]) -> pd.DataFrame:
    """Mean and percentiles per variable and year, reading one variable at a time."""
    frames = []
    pf = pq.ParquetFile(str(path))
    for v in variables:
        cols = [column_name(v, y) for y in YEARS]
        table = pf.read(columns=cols)
        arr = np.stack([table.column(c).to_numpy() for c in cols])  # (N_YEARS, draws), rows contiguous
        del table
        with np.errstate(all="ignore"):
            q = np.percentile(arr, [100 * x for x in quantiles], axis=1)
            mean = arr.mean(axis=1)
        frame = pd.DataFrame({"variable": v, "unit": VARIABLES[v].unit, "year": YEARS, "mean": mean})
        for x, row in zip(quantiles, q):
            frame[f"p{round(100 * x):d}"] = row
        frames.append(frame)
        del arr
    return pd.concat(frames, ignore_index=True)

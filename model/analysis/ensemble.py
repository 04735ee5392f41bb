"""Monte Carlo ensembles: many draws through the vectorised model, in bounded memory.

``run_ensemble`` draws ``N`` parameter sets (:class:`~model.analysis.sampling.EnsembleDesign`),
runs them through :func:`~model.core.simulate.simulate` one *chunk* at a time
(one model call per chunk, never one per draw), and streams the draws and the
results to Parquet files written with pyarrow in row groups of exactly
:data:`ROW_GROUP` rows, so the files' bytes do not depend on the chunk size or
on how many processes or Dask workers made the chunks.  Chunks run in this
process, on local worker processes or on a Dask cluster (:mod:`model.runs.pools`)
and are written in draw order; at most a few are in flight at once, so memory
stays bounded whatever ``N`` is.

Output folder (built under a temporary name and renamed when complete):

``draws.parquet``
    ``draw`` and one column per uncertain parameter (choices as text).
``results.parquet``
    ``draw``; one column per stored variable and year, named
    ``"<variable>[<year>]"`` (``"Share|Secondary[2025]"``); per scorecard
    target its value ``"target|<id>"`` and whether it is met ``"met|<id>"``.
``summary.csv``
    Per stored variable and year: mean and the 5/25/50/75/95 percentiles
    (numpy's default linear interpolation), computed after the run by reading
    the results back one variable at a time.  The rows are named as IAMC rows
    are (``model, scenario, region, variable, unit, year``, as in ``results.csv``,
    :mod:`model.runs.results`); the statistics take the place of ``value``.
``probabilities.csv``
    Per scorecard target: the share of draws that meet it; then joint rows
    (``joint:<name>``): the share of draws meeting a group of targets at once
    (:data:`JOINT_TARGETS`, every modelled target, and groups asked for).
``manifest.json``
    Scenario, seed, sampler, chunking, stored variables, timings, peak memory.

Which variables are stored: by default :data:`KEY_VARIABLES` (the key
variables of every theme) plus every variable a scorecard target reads, found
by watching which results the targets look up.  ``all_variables=True`` stores
every model output (about 100 variables x 16 years: at 1,000,000 draws that is
about 14 GB of float64 before compression).

Small in-memory ensembles for the explorer and the reports: :func:`quick_bands`
and :func:`target_probabilities`.
"""
from __future__ import annotations

import json
import platform
import resource
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model import __version__
from model.runs.atomic import atomic_directory
from model.core.catalogue import REGION, Results, Target
from model.core.parameter import ParameterSet
from model.core.scorecard import TARGETS, evaluate_targets
from model.core.simulate import VARIABLES, simulate
from model.core.timeline import N_YEARS
from model.errors import UserInputError
from model.provenance import GENERATOR as WORKBOOK, MANIFEST_NAME, MODEL_NAME, is_ours, git_commit
from model.runs.dask_pool import DaskPool, open_dask_pool
from model.runs.pools import LocalPool, SerialPool, ordered
from model.analysis.weighting import (DEFAULT_REL_SD, likelihood_weights, weighted_probabilities,
                                      weighted_summary)
from model.scenarios.observations import Observation, ObservationSet
from model.analysis.ensemble_files import (PARQUET_OPTIONS, ParquetStream, column_name, draws_schema,
                                           read_variable, results_columns, results_schema, summarise)
from model.analysis.draws import DEFAULT_CHUNK, QUANTILES, evaluate_design
from model.analysis.sampling import BLOCK_SIZE, EnsembleDesign, Method

__all__ = ["KEY_VARIABLES", "JOINT_TARGETS", "joint_groups", "QUANTILES", "ROW_GROUP", "DEFAULT_CHUNK", "GENERATOR",
           "ChunkResult", "EnsembleRun", "run_chunk", "run_ensemble", "stored_variables",
           "target_dependencies", "column_name", "read_variable", "quick_bands",
           "target_probabilities", "design_bands", "design_probabilities", "evaluate_design",
           "open_pool", "peak_rss_mb"]

#: Key variables of every theme (stored by default; names not produced by the
#: model as it stands are skipped).
KEY_VARIABLES: tuple[str, ...] = (
    # economy and structure, at 2020 and at current prices
    "GDP", "GDP|Growth", "GDP|Primary", "GDP|Secondary", "GDP|Tertiary", "Share|Primary", "Share|Secondary",
    "Share|Tertiary", "Value Added|Industry", "Value Added|Nonferrous Smelting", "Value Added|Coal Chemicals",
    "GDP|Nominal", "Price|GDP Deflator", "Share|Primary|Nominal", "Share|Secondary|Nominal",
    "Share|Tertiary|Nominal",
    # smelting and acid
    "Production|Copper", "Production|Zinc", "Production|Lead", "Production|Nonferrous",
    "Production|Sulfuric Acid", "Sulfuric Acid|Local Use", "Sulfuric Acid|Surplus",
    # coal chemicals
    "Production|Coke", "Production|Methanol",
    # power
    "Capacity|Wind", "Capacity|Solar", "Electricity|Wind", "Electricity|Solar", "Electricity|Export",
    # energy dual control
    "Energy|Total", "Energy|Assessed", "Energy|Cap", "Energy|Intensity", "Energy|Intensity Reduction",
    "Emissions|CO2", "Emissions|CO2 Intensity", "Emissions|CO2|Cap", "Energy|Non-fossil Share",
    # livestock and grassland
    "Livestock|Herd", "Livestock|Grassland Capacity", "Livestock|Supplementary Capacity",
    "Livestock|Grassland Demand", "Livestock|Stocking Ratio",
    # people, jobs and incomes
    "Population|Resident", "Population|Urban", "Urbanisation Rate", "GDP per Capita", "Employment",
    "Labour|Shortage", "Labour Productivity", "Unemployment Rate|Urban", "Income|Disposable",
    "Income|Disposable|Urban", "Income|Disposable|Rural", "Value Added|Logistics", "Share|Strategic Emerging",
    "Share|Livestock in Farm Output",
)

#: Joint targets reported besides each target alone: name -> (zh, en, target ids).
#: Groups whose targets the model does not all evaluate are skipped.
JOINT_TARGETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "structure_2025": ("2025年产业结构6:70:24（三项同时）", "6:70:24 structure in 2025 (all three shares)",
                       ("share_primary_2025", "share_secondary_2025", "share_tertiary_2025")),
    "growth_and_structure_2025": ("年均增长6%左右且2025年结构6:70:24",
                                  "GDP growth about 6 %/yr and the 6:70:24 structure",
                                  ("gdp_growth", "share_primary_2025", "share_secondary_2025",
                                   "share_tertiary_2025")),
    "urbanisation_both_2025": ("2025年城镇化率同时达到67%与70%", "Urbanisation meets both 67 % and 70 % in 2025",
                               ("urbanisation", "urbanisation_70")),
}
#: Rows per Parquet row group (a multiple of the sampling block).
ROW_GROUP: int = 16 * BLOCK_SIZE
#: ``generator`` recorded in the manifest (folders with it may be replaced).
GENERATOR = f"{WORKBOOK} ensemble"
#: LZ4 writes about 3.5 times faster than zstd level 1 for about 10 % larger files (measured on
#: one row group of model output), and the write is a large share of an ensemble's time.
# --------------------------------------------------------------------------- helpers

class _Recorder(dict):
    """A results mapping that records which variables are looked up."""

    def __init__(self, data: Mapping[str, np.ndarray]):
        super().__init__(data)
        self.seen: list[str] = []

    def __getitem__(self, key: str) -> np.ndarray:
        self.seen.append(key)
        return super().__getitem__(key)


def target_dependencies(params: ParameterSet, results: Results,
                        targets: Sequence[Target] | None = None) -> list[str]:
    """Variables the scorecard targets read (found by evaluating them once)."""
    rec = _Recorder(results)
    for t in (TARGETS if targets is None else targets):
        if t.evaluate is not None and t.comparison != "not_modelled":
            t.evaluate(params, rec)
    return list(dict.fromkeys(rec.seen))


def stored_variables(design: EnsembleDesign, all_variables: bool = False,
                     extra: Sequence[str] = (), targets: Sequence[Target] | None = None) -> list[str]:
    """The variables an ensemble stores, in model order.

    Default: :data:`KEY_VARIABLES` that the model produces, every variable a
    scorecard target reads, and ``extra``.
    """
    unknown = [v for v in extra if v not in VARIABLES]
    if unknown:
        raise UserInputError(f"unknown variable(s) {', '.join(map(repr, unknown))}; "
                             "see `python -m model params` and the results table for names")
    if all_variables:
        return list(VARIABLES)
    params = design.base_parameter_set(1)
    needed = set(KEY_VARIABLES) | set(target_dependencies(params, simulate(params), targets)) | set(extra)
    return [v for v in VARIABLES if v in needed]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    On Linux ``VmHWM`` of ``/proc/self/status`` (kB): the high-water mark of this program's own
    memory.  ``ru_maxrss`` is only the fallback, because Linux carries it across ``fork`` and
    ``exec``: a command started by a big process (a test suite of 1 GB) would report its parent's
    size instead of its own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------- one chunk

@dataclass
class ChunkResult:
    """What one chunk of draws produced (kept small: only the stored variables)."""

    start: int
    stop: int
    draws: dict[str, np.ndarray]
    results: dict[str, np.ndarray]
    target_values: np.ndarray
    target_met: np.ndarray

    @property
    def n(self) -> int:
        return self.stop - self.start


def run_chunk(design: EnsembleDesign, variables: Sequence[str], start: int, stop: int,
              targets: Sequence[Target] | None = None) -> ChunkResult:
    """Draw, simulate and score draws ``start`` to ``stop - 1`` in one model call.

    A module-level function so worker processes and Dask workers can run it.
    """
    values = design.values(start, stop) if design.uncertain else {}
    params = design.parameter_set_from_values(values) if values else design.base_parameter_set(stop - start)
    results = simulate(params)
    card = evaluate_targets(params, results, list(TARGETS if targets is None else targets))
    return ChunkResult(start, stop, design.draw_columns(values) if values else {},
                       {v: results[v] for v in variables}, card.value, card.met)


# --------------------------------------------------------------------------- running

def open_pool(scheduler: str | None, workers: int) -> SerialPool | LocalPool | DaskPool:
    """Where the chunks run: a Dask cluster, local worker processes, or this process."""
    if scheduler:
        return open_dask_pool(scheduler)
    return LocalPool(workers) if workers > 1 else SerialPool()


@dataclass
class EnsembleRun:
    """What :func:`run_ensemble` wrote and measured."""

    folder: Path
    summary: pd.DataFrame
    probabilities: pd.DataFrame
    variables: list[str]
    seconds: float
    draws_per_second: float
    peak_rss_mb: float
    manifest: dict[str, Any] = field(default_factory=dict)


def _check_replaceable(folder: Path, force: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise UserInputError(f"{folder}: exists and is not a folder; expected an output folder for --out")
    if not folder.exists() or force:
        return
    if not is_ours(folder / MANIFEST_NAME, GENERATOR):
        raise UserInputError(f"{folder}: exists and was not written by `python -m model ensemble`; "
                             "choose another --out or pass --force to replace it")


def joint_groups(targets: Sequence[Target], extra: Sequence[Sequence[str]] = ()
                 ) -> list[tuple[str, str, str, list[int]]]:
    """Joint target groups as ``(id, zh, en, column indices)``: :data:`JOINT_TARGETS`,
    every modelled target together, and ``extra`` groups of target ids."""
    index = {t.id: j for j, t in enumerate(targets)
             if t.comparison != "not_modelled" and t.evaluate is not None}
    groups = []
    for name, (zh, en, ids) in JOINT_TARGETS.items():
        if all(i in index for i in ids):
            groups.append((f"joint:{name}", zh, en, [index[i] for i in ids]))
    for ids in extra:
        unknown = [i for i in ids if i not in index]
        if unknown:
            raise UserInputError(f"--joint: no modelled scorecard target {unknown[0]!r}; expected ids "
                                 "from probabilities.csv such as " + ", ".join(list(index)[:3]))
        groups.append(("joint:" + "+".join(ids), "同时达成：" + "、".join(ids), "jointly: " + " & ".join(ids),
                       [index[i] for i in ids]))
    if index:
        groups.append(("joint:all_modelled", "全部已建模目标同时达成", "every modelled target at once",
                       list(index.values())))
    return groups


def _probability_table(targets: Sequence[Target], met: np.ndarray, draws: int,
                       joints: Sequence[tuple[str, str, str, list[int]]] = (),
                       joint_met: np.ndarray | None = None) -> pd.DataFrame:
    rows = []
    for j, t in enumerate(targets):
        modelled = t.comparison != "not_modelled" and t.evaluate is not None
        rows.append({"target": t.id, "label_zh": t.label_zh, "label_en": t.label_en,
                     "section": t.section, "theme": t.theme, "year": t.year,
                     "comparison": t.comparison,
                     "target_value": t.target if t.target is not None else np.nan,
                     "target_parameter": t.target_parameter or "",
                     "draws": draws if modelled else 0,
                     "draws_met": int(met[j]) if modelled else 0,
                     "probability": met[j] / draws if modelled else np.nan})
    for g, (gid, zh, en, cols) in enumerate(joints):
        rows.append({"target": gid, "label_zh": zh, "label_en": en,
                     "section": ("全部 / all" if gid == "joint:all_modelled" else
                                 "; ".join(dict.fromkeys(targets[c].section for c in cols))),
                     "theme": "joint", "year": max(targets[c].year for c in cols), "comparison": "all",
                     "target_value": np.nan, "target_parameter": "", "draws": draws,
                     "draws_met": int(joint_met[g]), "probability": joint_met[g] / draws})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- weighting by observations

def _weighted(results_path: Path, observations: Sequence[Observation], rel_sd: float, summary: pd.DataFrame,
              probabilities: pd.DataFrame, variables: Sequence[str], quantiles: Sequence[float],
              targets: Sequence[Target], joints: Sequence[tuple[str, str, str, list[int]]]):
    """Weights, the summary and probabilities with weighted columns, and the manifest's record."""
    pf = pq.ParquetFile(str(results_path))
    cols = list(dict.fromkeys(column_name(o.variable, o.year) for o in observations))
    table = pf.read(columns=cols)
    values = np.column_stack([table.column(column_name(o.variable, o.year)).to_numpy() for o in observations])
    weights, record = likelihood_weights(values, observations, rel_sd)
    summary = pd.concat([summary, weighted_summary((read_variable(results_path, v) for v in variables),
                                                   weights, quantiles)], axis=1)
    modelled = [t for t in targets if t.is_modelled]
    met = pf.read(columns=[f"met|{t.id}" for t in modelled])
    met_by_id = {t.id: met.column(f"met|{t.id}").to_numpy(zero_copy_only=False) for t in modelled}
    groups = [[targets[c].id for c in cols] for _, _, _, cols in joints]
    weighted = weighted_probabilities(met_by_id, [t.id for t in targets], groups, weights)
    probabilities = probabilities.copy()
    probabilities.insert(probabilities.columns.get_loc("probability") + 1, "probability_weighted", weighted)
    return weights, summary, probabilities, record


def run_ensemble(scenario, draws: int, seed: int, out: str | Path, *, method: Method = "montecarlo",
                 chunk_size: int = DEFAULT_CHUNK, workers: int = 1, scheduler: str | None = None,
                 all_variables: bool = False, extra_variables: Sequence[str] = (),
                 joint: Sequence[Sequence[str]] = (),
                 force: bool = False, progress: bool = True,
                 quantiles: Sequence[float] = QUANTILES,
                 design: EnsembleDesign | None = None,
                 observations: ObservationSet | None = None,
                 rel_sd: float = DEFAULT_REL_SD) -> EnsembleRun:
    """Run an ensemble of ``draws`` draws of ``scenario`` and write it to ``out``.

    Parameters
    ----------
    scenario
        A loaded :class:`~model.scenarios.Scenario`; its ``distributions()``
        say what is uncertain.
    draws, seed, method
        Size, seed and sampler of the design (:class:`~model.analysis.sampling.EnsembleDesign`).
    out
        Output folder; replaced only if an earlier ensemble wrote it, or with ``force``.
    chunk_size
        Draws per model call (bounded memory: about ``chunk_size x 100 x 16``
        floats for the model's outputs plus the stored columns).
    workers
        Local worker processes (1: run in this process).
    scheduler
        ``tcp://host:port`` of a Dask distributed scheduler: chunks become
        Dask tasks (``workers`` is then ignored).
    all_variables, extra_variables
        Store every variable, or the default set plus these.
    joint
        Extra groups of target ids whose joint probability (all met in the
        same draw) is reported, besides :data:`JOINT_TARGETS` and all
        modelled targets together.
    force
        Replace an existing folder that this command did not write.
    progress
        Show a tqdm progress bar of draws done (on a terminal only).
    design
        A ready-made :class:`~model.analysis.sampling.EnsembleDesign` (its draws, seed
        and method replace the arguments); for tests and special studies.
    observations, rel_sd
        Weight each draw by its likelihood given these observations (the banner's, in model
        years), each with standard error ``rel_sd * max(|o|, 1)`` (:mod:`model.analysis.weighting`).
        The summary and the probabilities then carry weighted columns beside the unweighted
        ones, ``weights.parquet`` holds each draw's weight, and the manifest the effective
        sample size.
    """
    out = Path(out)
    _check_replaceable(out, force)
    if chunk_size < 1:
        raise UserInputError(f"--chunk-size: expected a whole number of at least 1, got {chunk_size}")
    if workers < 1:
        raise UserInputError(f"--workers: expected a whole number of at least 1, got {workers}")
    if design is None:
        design = EnsembleDesign.from_scenario(scenario, draws, seed, method)
    draws = design.draws
    targets = list(TARGETS)
    fitted = observations.fittable() if observations is not None else []
    if observations is not None and not fitted:
        raise UserInputError("--observed: no observation of the banner lies in the model's years 2020-2035")
    extra_variables = [*extra_variables, *dict.fromkeys(o.variable for o in fitted)]
    variables = stored_variables(design, all_variables, extra_variables, targets)
    chunks = design.chunks(chunk_size)
    started = time.perf_counter()
    met_counts = np.zeros(len(targets), dtype=np.int64)
    joints = joint_groups(targets, joint)
    joint_counts = np.zeros(len(joints), dtype=np.int64)

    from tqdm import tqdm

    bar = tqdm(total=draws, unit="draw", unit_scale=True, disable=None if progress else True,
               file=sys.stderr, desc=f"ensemble {scenario.id}")
    try:
        with open_pool(scheduler, workers) as pool, atomic_directory(out) as tmp:
            where = ({"scheduler": scheduler, "dask_workers": pool.workers} if isinstance(pool, DaskPool)
                     else {"workers": workers})
            results_path = tmp / "results.parquet"
            rstream = ParquetStream(results_path, results_schema(variables, targets), ROW_GROUP)
            dstream = ParquetStream(tmp / "draws.parquet", draws_schema(design), ROW_GROUP)
            for chunk in ordered(pool, run_chunk, ((design, variables, a, b) for a, b in chunks)):
                rstream.append(results_columns(chunk, variables, targets))
                dstream.append({"draw": np.arange(chunk.start, chunk.stop, dtype=np.int64), **chunk.draws})
                met_counts += chunk.target_met.sum(axis=0)
                for g, (_, _, _, cols) in enumerate(joints):
                    joint_counts[g] += int(np.all(chunk.target_met[:, cols], axis=1).sum())
                bar.update(chunk.n)
                del chunk
            rstream.close()
            dstream.close()
            run_seconds = time.perf_counter() - started
            summary = summarise(results_path, variables, quantiles)
            for k, (column, value) in enumerate((("model", MODEL_NAME), ("scenario", scenario.id),
                                                 ("region", REGION))):
                summary.insert(k, column, value)
            probabilities = _probability_table(targets, met_counts, draws, joints, joint_counts)
            weighting: dict[str, Any] = {}
            files = ["draws.parquet", "results.parquet", "summary.csv", "probabilities.csv"]
            if fitted:
                weights, summary, probabilities, weighting = _weighted(
                    results_path, fitted, rel_sd, summary, probabilities, variables, quantiles, targets, joints)
                pq.write_table(pa.table({"draw": np.arange(draws, dtype=np.int64), "weight": weights}),
                               str(tmp / "weights.parquet"), **PARQUET_OPTIONS)
                files.append("weights.parquet")
            summary.to_csv(tmp / "summary.csv", index=False, float_format="%.10g")
            probabilities.to_csv(tmp / "probabilities.csv", index=False, float_format="%.10g")
            seconds = time.perf_counter() - started
            manifest = {
                "generator": GENERATOR, "model_version": __version__, "git_commit": git_commit(),
                "python": platform.python_version(), "numpy": np.__version__,
                "pyarrow": pa.__version__, "scenario": scenario.manifest(),
                "design": design.describe(), "chunk_size": chunk_size, "row_group": ROW_GROUP,
                **where, "variables": variables, "quantiles": list(quantiles),
                "files": files, **({"weighting": weighting} if weighting else {}),
                "seconds_model_and_write": round(run_seconds, 3), "seconds_total": round(seconds, 3),
                "draws_per_second": round(draws / run_seconds, 1),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "note": "draws.parquet, results.parquet, summary.csv and probabilities.csv are identical "
                        "byte for byte for the same scenario, draws, seed and sampler, whatever the "
                        "chunk size and number of workers; this manifest records timings.",
            }
            (tmp / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                             encoding="utf-8")
    finally:
        bar.close()
    return EnsembleRun(out, summary, probabilities, variables, seconds, draws / run_seconds,
                       manifest["peak_rss_mb"], manifest)


# --------------------------------------------------------------------------- small, in memory

def quick_bands(scenario, draws: int, seed: int, variables: list[str],
                quantiles: Sequence[float] = QUANTILES, *, method: Method = "lhs"
                ) -> dict[str, np.ndarray]:
    """Percentile bands of a small in-memory ensemble (for the explorer and reports).

    Returns
    -------
    dict
        Variable -> array of shape ``(len(quantiles), N_YEARS)``.
    """
    return design_bands(EnsembleDesign.from_scenario(scenario, draws, seed, method), variables, quantiles)


def design_bands(design: EnsembleDesign, variables: Sequence[str],
                 quantiles: Sequence[float] = QUANTILES) -> dict[str, np.ndarray]:
    """:func:`quick_bands` for a ready-made design."""
    unknown = [v for v in variables if v not in VARIABLES]
    if unknown:
        raise UserInputError(f"unknown variable(s) {', '.join(map(repr, unknown))}")
    parts: dict[str, list[np.ndarray]] = {v: [] for v in variables}
    for _, results in evaluate_design(design):
        for v in variables:
            parts[v].append(results[v])
    q = [100 * x for x in quantiles]
    bands = {}
    for v in variables:
        with np.errstate(all="ignore"):
            bands[v] = np.percentile(np.concatenate(parts[v], axis=0), q, axis=0).reshape(len(q), N_YEARS)
    return bands


def target_probabilities(scenario, draws: int, seed: int, *, method: Method = "lhs",
                         targets: Sequence[Target] | None = None) -> dict[str, float]:
    """Share of draws meeting each scorecard target (NaN for targets not modelled)."""
    return design_probabilities(EnsembleDesign.from_scenario(scenario, draws, seed, method), targets)


def design_probabilities(design: EnsembleDesign, targets: Sequence[Target] | None = None
                         ) -> dict[str, float]:
    """:func:`target_probabilities` for a ready-made design."""
    targets = list(TARGETS if targets is None else targets)
    draws = design.draws
    met = np.zeros(len(targets), dtype=np.int64)
    for params, results in evaluate_design(design):
        met += evaluate_targets(params, results, targets).met.sum(axis=0)
    return {t.id: (met[j] / draws if t.comparison != "not_modelled" and t.evaluate is not None
                   else float("nan")) for j, t in enumerate(targets)}

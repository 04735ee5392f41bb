"""Exploring the plan through the public API: scenario discovery and fitting the plan's levers.

* :func:`discover` (:func:`model.analysis.discovery.discover`; EMA Workbench's feature
  scoring, PRIM and CART): ``features``, ``trajectory``, ``boxes``, ``cart`` (the ``.csv``
  files), ``statement()``, ``plot()`` (``box.png``, ``trajectory.png``);
* :func:`fit_plan` (:func:`model.analysis.fitplan.fit_plan`; weighted goal programming):
  ``table()`` (``<id>-fit.csv``), ``moves()`` and ``scenario``, the fitted plan;
* :func:`pareto_front` (:func:`model.analysis.fitplan.pareto_front`): the front
  (``<stem>-pareto.csv``).

As with the other analyses, nothing is written unless ``out=`` is given; the fitted plan
comes back as a scenario held in memory (:func:`~model.workbook.scenarios.derive`), ready
for :func:`~model.workbook.results.run`.  A question without an answer is not bad input:
``discover`` raises ``model.DiscoveryFailed`` when the plan holds in none of the draws,
``fit_plan`` and ``pareto_front`` raise ``model.NoFeasiblePlan`` when no lever setting holds
the hard limits (the command line exits 1 for both).
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from model.provenance import DEFAULT_SEED
from model.scenarios import Scenario
from model.text import DEFAULT_LANG
from model.workbook.analyses import SAMPLERS
from model.workbook.errors import bad_input, input_errors
from model.workbook.results import PNG_DPI, charts_module
from model.workbook.scenarios import ScenarioRef, derive, load_scenario, split_overrides

__all__ = ["DiscoveryResults", "discover", "PlanFitResults", "fit_plan", "pareto_front", "PNG_DPI"]



def _names(value: str | Sequence[str] | None) -> list[str] | None:
    return None if value is None else [value] if isinstance(value, str) else list(value)


# --------------------------------------------------------------------------- scenario discovery

@dataclass
class DiscoveryResults:
    """What :func:`discover` found: where, among assumptions and levers, the plan holds.

    Attributes
    ----------
    scenario : Scenario
    share_holding : float
        The share of all draws in which the plan holds.
    chosen : int
        The box of the peeling trajectory described (the last with density >= 0.8, or the densest).
    features : DataFrame
        Every drawn input ranked by its extra-trees importance (``features.csv``).
    trajectory : DataFrame
        PRIM's boxes: coverage, density, mass, restricted inputs (``trajectory.csv``).
    boxes : DataFrame
        Each box's restrictions, one row per box and input, with quasi-p-values (``boxes.csv``).
    cart : DataFrame
        CART's leaves as boxes (``cart.csv``).
    folder : pathlib.Path or None
        The folder written (with ``out=``).
    result : model.analysis.discovery.Discovery

    Examples
    --------
    >>> import model
    >>> found = model.discover("baseline", "copper_output", draws=1000, seed=1)
    >>> "capacity_copper_new_kt" in set(found.box()["parameter"]), 0 < found.share_holding < 1
    (True, True)
    """

    scenario: Scenario
    share_holding: float
    chosen: int
    features: pd.DataFrame
    trajectory: pd.DataFrame
    boxes: pd.DataFrame
    cart: pd.DataFrame
    result: Any
    folder: Path | None = None

    def box(self, box: int | None = None) -> pd.DataFrame:
        """The restrictions of one box of the trajectory (default the chosen one)."""
        return self.result.box_rows(box)

    def statement(self, lang: str = DEFAULT_LANG) -> str:
        """The chosen box in one sentence (``statement.txt``)."""
        return self.result.statement(lang)

    def explanation(self, lang: str = DEFAULT_LANG) -> str:
        """What coverage, density and mass mean, with this run's numbers."""
        return self.result.explanation(lang)

    def plot(self, kind: str = "box", *, box: int | None = None, lang: str = DEFAULT_LANG):
        """The chosen box's ranges against the ranges drawn (``"box"``, ``box.png``), or PRIM's peeling
        trajectory, coverage against density (``"trajectory"``, ``trajectory.png``)."""
        charts_module()
        from model.reporting.discovery_section import box_figure, trajectory_figure

        if kind == "trajectory":
            return trajectory_figure(self.result, lang)
        if kind != "box":
            raise bad_input(f"plot: expected kind 'box' or 'trajectory', got {kind!r}")
        return box_figure(self.result, lang, box)


@input_errors
def discover(scenario: ScenarioRef, targets: str | Sequence[str] = (), *, diagnostics: str | Sequence[str] = (),
             draws: int = 10_000, seed: int = DEFAULT_SEED, sampler: str = "montecarlo",
             levers: str | Sequence[str] | None = None, box: int | None = None, workers: int = 1,
             scheduler: str | None = None, out: str | os.PathLike | None = None, force: bool = False,
             progress: bool = False, lang: str = DEFAULT_LANG) -> DiscoveryResults:
    """Scenario discovery: the ranges of assumptions and levers within which targets hold (``python -m model discover``).

    Draws the scenario's uncertain assumptions from their distributions and its levers over
    their exploration ranges, judges in every draw whether the named targets are met (and the
    named diagnostics do not bite), and describes where they are with PRIM, feature scores and
    CART (EMA Workbench).

    Parameters
    ----------
    scenario : Scenario, str or path
    targets : str or list of str
        Target ids that must be met (as in the scorecard's ``target`` column).
    diagnostics : str or list of str
        Diagnostic ids that must not bite (e.g. ``"acid_balance"``).
    draws, seed, sampler
        Size, seed (the same seed gives the same tables) and sampler (``"montecarlo"`` or ``"lhs"``).
    levers : str or list of str, optional
        Explore only these levers (default: every lever that does not set a target).
    box : int, optional
        Describe this box of the peeling trajectory instead of the chosen one.
    workers, scheduler
        Local worker processes, or a Dask scheduler ``tcp://host:port``.
    out : str or path, optional
        Write the command's folder here: the tables, the statement, the charts (in ``lang``)
        and the manifest.
    force : bool
        Replace an ``out`` folder this command did not write.
    progress : bool
    lang : {"zh", "en"}

    Returns
    -------
    DiscoveryResults

    Examples
    --------
    >>> import model
    >>> found = model.discover("baseline", "copper_output", draws=1000, seed=1)
    >>> print(found.statement("en"))
    In ... % of the draws where ..., 'Copper output' (≥300 kt) is met (coverage ... %).
    """
    from model.analysis.discovery import Outcome, discover as explore, write_discovery

    s = load_scenario(scenario)
    if sampler not in SAMPLERS:
        raise bad_input(f"--sampler: expected one of {', '.join(SAMPLERS)}, got {sampler!r}")
    outcome = Outcome.checked(_names(targets) or [], _names(diagnostics) or [])
    found = explore(s, outcome, draws=draws, seed=seed, method=sampler, levers=_names(levers), box=box,
                    workers=workers, scheduler=scheduler, progress=progress)
    folder = None
    if out is not None:
        charts = charts_module()
        from model.reporting.discovery_section import discovery_figures

        figures = {name: charts.figure_bytes(figure, "png", PNG_DPI)
                   for name, figure in discovery_figures(found, lang).items()}
        folder = write_discovery(found, out, figures, force=force)
    return DiscoveryResults(s, found.share_holding, found.chosen, found.features, found.trajectory, found.boxes,
                            found.cart, found, folder)


# --------------------------------------------------------------------------- fitting the plan

@dataclass
class PlanFitResults:
    """The fit of :func:`fit_plan`: the closest plan that holds.

    Attributes
    ----------
    scenario : Scenario
        The fitted plan (inheriting from the input, the levers that moved only), in memory.
    values : dict
        The levers that moved, in scenario-file form.
    met_before, met_after : int
        Modelled targets met before and after.
    files : tuple of pathlib.Path, or None
        The scenario file and ``<id>-fit.csv`` written (with ``out=``).
    fit : model.analysis.fitplan.PlanFit

    Examples
    --------
    >>> import model
    >>> fit = model.fit_plan("plan-feasible", levers=["growth_tertiary"], seed=1)
    >>> list(fit.moves()["lever"]), fit.scenario.id, fit.scenario.parent.id
    (['growth_tertiary'], 'plan-feasible-fitted', 'plan-feasible')
    """

    scenario: Scenario
    values: dict[str, Any]
    met_before: int
    met_after: int
    fit: Any
    files: tuple[Path, Path] | None = None

    def moves(self) -> pd.DataFrame:
        """One row per lever searched: its number before and after, and whether it moved."""
        return self.fit.moves()

    def table(self) -> pd.DataFrame:
        """Every modelled target before and after, every hard check, every lever (``<id>-fit.csv``)."""
        return self.fit.table()


def _weights(weights: Mapping[str, float] | str | os.PathLike | None) -> tuple[dict[str, float], dict[str, str]]:
    """Weights given as a mapping, or read from a YAML or CSV weights file (with where each is given)."""
    from model.analysis.fitplan import load_weights

    if weights is None:
        return {}, {}
    if isinstance(weights, (str, os.PathLike)):
        return load_weights(weights)
    return dict(weights), {}


@input_errors
def fit_plan(scenario: ScenarioRef, *, levers: str | Sequence[str] | None = None,
             hard: str | Sequence[str] | None = None, weights: Mapping[str, float] | str | os.PathLike | None = None,
             seed: int = DEFAULT_SEED, out: str | os.PathLike | None = None, force: bool = False) -> PlanFitResults:
    """Fit the plan: the lever values that meet the most targets while the hard limits hold (``python -m model fit-plan``).

    Weighted goal programming over the plan's levers: the weighted, normalised shortfalls of
    every modelled target are minimised while the hard targets hold in every year 2021-2025
    (differential evolution on the vectorised model, then a compass search).

    Parameters
    ----------
    scenario : Scenario, str or path
        Where the search starts; every lever not searched keeps its value.
    levers : str or list of str, optional
        The levers to move (default the plan's capacity, growth, herd and feed levers).
    hard : str or list of str, optional
        Targets that must hold (default energy_within_cap, stocking_within_capacity,
        acid_all_consumed).
    weights : mapping or path, optional
        ``{target id: weight >= 0}`` or a YAML/CSV weights file; 1 for every target not named.
    seed : int
        The same seed gives the same answer.
    out : str or path, optional
        Also write the fitted scenario here and ``<id>-fit.csv`` beside it.
    force : bool

    Returns
    -------
    PlanFitResults

    Examples
    --------
    >>> import model
    >>> fit = model.fit_plan("plan-feasible", levers=["growth_tertiary", "growth_primary"], seed=1)
    >>> sorted(fit.values) == sorted(fit.moves().query("moved")["lever"])    # what moved is what it writes
    True
    >>> fit.table()["kind"].unique().tolist()
    ['target', 'hard limit by year', 'lever']
    """
    from model.analysis.fitplan import check_choices, fit_plan as search, write_fit
    from model.analysis.fitplan.files import check_writable

    s = load_scenario(scenario)
    chosen, where = _weights(weights)
    check_choices(s, _names(levers), _names(hard), chosen, where)
    if out is not None:
        if Path(out).suffix not in (".yaml", ".yml"):
            raise bad_input(f"--out {out}: expected a scenario file name ending in .yaml")
        check_writable(Path(out), force)
    fit = search(s, levers=_names(levers), hard=_names(hard), weights=chosen, seed=seed)
    sid = Path(out).stem if out is not None else f"{s.id}-fitted"
    fitted = derive(s, sid, **split_overrides(fit.values, s.registry))
    files = write_fit(fit, out, force=force) if out is not None else None
    return PlanFitResults(fitted, dict(fit.values), fit.met_before, fit.met_after, fit, files)


@input_errors
def pareto_front(scenario: ScenarioRef, pair: str | Sequence[str], *, levers: str | Sequence[str] | None = None,
                 hard: str | Sequence[str] | None = None, seed: int = DEFAULT_SEED, points: int | None = None
                 ) -> pd.DataFrame:
    """The trade-off between two targets: the best each can do given the other (``fit-plan --pareto``).

    Parameters
    ----------
    scenario : Scenario, str or path
    pair : "ID,ID" or (id, id)
        The two targets.
    levers, hard, seed
        As in :func:`fit_plan`.
    points : int, optional
        Points between the two ends of the front.

    Returns
    -------
    DataFrame
        One row per point along the front: the two targets' values and whether each is met,
        how many modelled targets the point meets, every lever's number.

    Examples
    --------
    >>> import model
    >>> front = model.pareto_front("plan-feasible", ("gdp_growth", "share_secondary_2025"), points=3)
    ... # doctest: +SKIP
    >>> list(front.columns[:3])  # doctest: +SKIP
    ['point', 'gdp_growth', 'share_secondary_2025']
    """
    from model.analysis.fitplan import pareto_front as trace
    from model.analysis.fitplan.pareto import PARETO_POINTS

    s = load_scenario(scenario)
    text = pair if isinstance(pair, str) else ",".join(pair)
    return trace(s, text, levers=_names(levers), hard=_names(hard), seed=seed,
                 points=PARETO_POINTS if points is None else points)

"""Scenario discovery: under which conditions does the plan hold, and where does it break?

``discover`` draws many worlds around a scenario, judges in each whether the plan holds, and
describes the region of the inputs where it does as a few ranges an economist can read
("where smelter utilisation stays below 0.72 and the new zinc plant is at most 180 kt").

The draws
---------
A :class:`DiscoveryDesign` draws the scenario's uncertain assumptions from their
distributions, as ``ensemble`` does (the registry's, overridden by the scenario's
``uncertainties:``), and also varies the levers (:func:`~model.analysis.levers.explorable_levers`,
or those named) uniformly over their exploration ranges: one number per lever, its plan-year
value, along the path the scenario gives it (:mod:`model.analysis.levers`); first years of
output are drawn as whole years, choices uniformly among their choices.  A lever with a
distribution in ``uncertainties:`` is drawn from it instead, exactly as ``ensemble`` draws it.
The draws are block-seeded (:class:`~model.analysis.sampling.EnsembleDesign`), so the same
seed gives the same draws however the work is chunked, on local workers or a Dask cluster.

The outcome of a draw is whether every named target is met and every named diagnostic does
not bite ("the plan holds").

The analysis (EMA Workbench, ``ema_workbench.analysis``; Kwakkel 2017, *Environmental
Modelling & Software* 96:239-250)
------------------------------------------------------------------------------------------
1. **Feature scoring** (``feature_scoring.get_ex_feature_scores``): extra-trees importances
   of every input for the outcome (Geurts, Ernst and Wehenkel 2006, *Machine Learning*
   63:3-42; for scenario discovery, Jaxa-Rozen and Kwakkel 2018, *Environmental Modelling &
   Software* 107:245-266), fitted on the first :data:`FEATURE_DRAWS` draws: which inputs
   matter at all.
2. **PRIM** (``prim.Prim``, Friedman and Fisher 1999, *Statistics and Computing* 9:123-143;
   for scenario discovery, Bryant and Lempert 2010, *Technological Forecasting and Social
   Change* 77:34-49) on the :data:`PRIM_DIMENSIONS` best-scored inputs and every draw: it
   peels away slices of 5 % of the draws (``peel_alpha``), each time the slice that most
   raises the share of draws where the plan holds, down to boxes of 5 % of the draws
   (``mass_min``), then pastes back.  Each box on the *peeling trajectory* has a
   **coverage** (the share of all draws where the plan holds that lie in the box), a
   **density** (the share of the box's draws where it holds) and a **mass** (the box's share
   of all draws); each restriction a **quasi-p-value** (the one-sided binomial test of
   Bryant and Lempert: how likely the density gain of that restriction is by chance).  The
   chosen box is the last on the trajectory with density at least :data:`DENSITY_THRESHOLD`
   (0.8), unless another is asked for; when none reaches it, the densest.
   PRIM's cost grows with inputs x draws x steps; limiting it to the inputs that feature
   scoring ranks highest keeps 100,000 draws to seconds and keeps spurious restrictions of
   inputs that do not matter out of the boxes.
3. **CART** (``cart.CART``, Breiman, Friedman, Olshen and Stone 1984, *Classification and
   Regression Trees*, Wadsworth) on the same inputs, leaves of at least 5 % of the draws: a
   second opinion, each leaf a box with its coverage and density.

Both trees are seeded (``random_state``), so the same seed gives the same files byte for byte.
"""
from __future__ import annotations

import json
import logging
import math
import platform
import sys
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model import __version__
from model.analysis.ensemble import DEFAULT_CHUNK, open_pool
from model.analysis.levers import Lever, explorable_levers, levers_of
from model.analysis.sampling import EnsembleDesign, Method
from model.core.diagnostics import DIAGNOSTICS, evaluate_diagnostics
from model.core.parameter import Distribution, ParameterSet
from model.core.registry import REGISTRY, Registry
from model.core.scorecard import TARGETS, evaluate_targets
from model.core.simulate import simulate
from model.errors import UserInputError
from model.provenance import GENERATOR as WORKBOOK, MANIFEST_NAME, git_commit, is_ours
from model.runs.atomic import atomic_directory
from model.runs.pools import ordered
from model.scenarios import Scenario
from model.scenarios.schema import diagnostic_problem, target_problem
from model.text import did_you_mean, pick

__all__ = ["DENSITY_THRESHOLD", "PRIM_DIMENSIONS", "FEATURE_DRAWS", "PEEL_ALPHA", "MASS_MIN", "GENERATOR",
           "Outcome", "DiscoveryDesign", "DiscoveryFailed", "Analysis", "Discovery", "run_chunk", "draw", "analyse",
           "discover", "write_discovery"]

#: The density the chosen box must reach.
DENSITY_THRESHOLD = 0.8
#: How many of the best-scored inputs PRIM and CART see.
PRIM_DIMENSIONS = 12
#: How many draws (the first ones) feature scoring fits its trees on.
FEATURE_DRAWS = 5_000
#: PRIM's peeling and pasting step and the smallest box (EMA Workbench's defaults).
PEEL_ALPHA = 0.05
MASS_MIN = 0.05
#: ``generator`` recorded in the manifest (folders with it may be replaced).
GENERATOR = f"{WORKBOOK} discover"


class DiscoveryFailed(RuntimeError):
    """The draws leave nothing to discover (the plan holds in none of them): exit status 1."""


# --------------------------------------------------------------------------- the outcome

@dataclass(frozen=True)
class Outcome:
    """What "the plan holds" means: every target met, every diagnostic absent."""

    targets: tuple[str, ...]
    diagnostics: tuple[str, ...] = ()

    @classmethod
    def checked(cls, targets: Sequence[str], diagnostics: Sequence[str] = ()) -> "Outcome":
        """The outcome of ids a user named (one clear line for an unknown or unmodelled one)."""
        if not targets and not diagnostics:
            raise UserInputError("--target: name at least one target (or a --diagnostic); ids as in targets.csv")
        for option, ids, problem in (("--target", targets, target_problem),
                                     ("--diagnostic", diagnostics, diagnostic_problem)):
            for name in ids:
                if message := problem(name):
                    raise UserInputError(f"{option}: {message}")
        return cls(tuple(dict.fromkeys(targets)), tuple(dict.fromkeys(diagnostics)))

    def holds(self, params: ParameterSet, results: Mapping[str, np.ndarray]) -> np.ndarray:
        """Boolean ``(n,)``: every target met and every diagnostic not found."""
        ok = np.ones(params.n, dtype=bool)
        if self.targets:
            chosen = [t for t in TARGETS if t.id in self.targets]
            ok &= evaluate_targets(params, results, chosen).met.all(axis=1)
        if self.diagnostics:
            chosen_d = [d for d in DIAGNOSTICS if d.id in self.diagnostics]
            ok &= ~evaluate_diagnostics(params, results, chosen_d).found.any(axis=1)
        return ok

    def describe(self, lang: str) -> str:
        """The outcome in words: "A and B are met, and C does not arise"."""
        labels = [_target_text(t, lang) for t in TARGETS if t.id in self.targets]
        titles = [d.title(lang) for d in DIAGNOSTICS if d.id in self.diagnostics]
        if lang == "zh":
            text = "、".join(labels) + ("全部达成" if len(labels) > 1 else "达成") if labels else ""
            if titles:
                text += ("，且" if text else "") + "、".join(f"“{t}”" for t in titles) + "不出现"
            return text
        text = (_join_en(labels) + (" are all met" if len(labels) > 1 else " is met")) if labels else ""
        if titles:
            text += (", and " if text else "") + _join_en(f"'{t}'" for t in titles) + \
                (" do not arise" if len(titles) > 1 else " does not arise")
        return text


def _target_text(t, lang: str) -> str:
    """A target as a statement names it: “label”（≤100 %） or "label" (≤100 %)."""
    from model.text import comparison_symbol, unit_text

    ask = f"{comparison_symbol(t.comparison)}{t.target:g} {unit_text(t.unit, lang)}" if t.target is not None else ""
    if lang == "zh":
        return f"“{t.label(lang)}”" + (f"（{ask}）" if ask else "")
    return f"'{t.label(lang)}'" + (f" ({ask})" if ask else "")


def _join_en(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------- the draws

class DiscoveryDesign(EnsembleDesign):
    """The ensemble design of the scenario's assumptions, with its levers explored as well.

    ``explored`` are the levers drawn over their exploration ranges (see the module
    docstring); the others the scenario gives a distribution are drawn from it as in
    :class:`~model.analysis.sampling.EnsembleDesign`.
    """

    def __init__(self, scenario: Scenario, levers: Sequence[str], draws: int, seed: int,
                 method: Method = "montecarlo"):
        distributions = scenario.distributions()
        resolved = scenario.resolved()
        self.explored: list[Lever] = levers_of(resolved, [n for n in levers if n not in distributions],
                                               scenario.registry)
        ranges = {}
        for lv in self.explored:
            lo, hi = lv.exploration_range()
            if lv.parameter.dtype == "choice":
                ranges[lv.name] = Distribution("uniform", {"low": -0.5, "high": hi + 0.5})
            elif lv.parameter.dtype == "int":
                ranges[lv.name] = Distribution("uniform", {"low": lo - 0.5, "high": hi + 0.5})
            else:
                ranges[lv.name] = Distribution("uniform", {"low": lo, "high": hi})
        super().__init__(resolved, {**distributions, **ranges}, draws, seed, method, scenario.registry)

    @property
    def kinds(self) -> dict[str, str]:
        """``lever`` or ``assumption`` of every drawn input."""
        return {u.name: u.parameter.kind for u in self.uncertain}

    def parameter_set_from_values(self, values: Mapping[str, np.ndarray]) -> ParameterSet:
        """Model input: drawn assumptions as in an ensemble, explored levers along their paths."""
        names = {lv.name for lv in self.explored}
        rest = {n: v for n, v in values.items() if n not in names}
        n = len(next(iter(values.values())))
        base = super().parameter_set_from_values(rest) if rest else self.base_parameter_set(n)
        return base.replace(**{lv.name: lv.arrays(np.asarray(values[lv.name], dtype=float))
                               for lv in self.explored})

    def columns(self, values: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Drawn values as the analysis reads them: numbers, whole years, choices as text."""
        numbers = dict(values)
        for lv in self.explored:
            if lv.integral:  # a choice's position or a whole year, as the model takes it
                numbers[lv.name] = lv.arrays(np.asarray(values[lv.name], dtype=float))
        out = self.draw_columns(numbers)
        for lv in self.explored:
            if lv.parameter.dtype == "int":
                out[lv.name] = numbers[lv.name].astype(np.int64)
        return out


@dataclass
class _Chunk:
    start: int
    stop: int
    columns: dict[str, np.ndarray]
    holds: np.ndarray


def run_chunk(design: DiscoveryDesign, outcome: Outcome, start: int, stop: int) -> _Chunk:
    """Draw, simulate and judge draws ``start`` to ``stop - 1`` in one model call (a worker's job)."""
    values = design.values(start, stop)
    params = design.parameter_set_from_values(values)
    return _Chunk(start, stop, design.columns(values), outcome.holds(params, simulate(params)))


# --------------------------------------------------------------------------- the analysis

@dataclass
class Analysis:
    """What the analysis of a table of draws found (plain tables; the charts are drawn from them).

    ``features`` ranks every input; ``trajectory`` holds PRIM's boxes (coverage, density,
    mass, restricted inputs), ``boxes`` their restrictions (one row per box and restricted
    input), ``cart`` CART's leaves the same way; ``ranges`` the range drawn of every input PRIM
    saw (``low``, ``high``, or the choices drawn); ``chosen`` the chosen box; ``share_holding``
    the share of draws where the plan holds.
    """

    features: pd.DataFrame
    trajectory: pd.DataFrame
    boxes: pd.DataFrame
    cart: pd.DataFrame
    ranges: pd.DataFrame
    chosen: int
    share_holding: float
    seconds: dict[str, float]


@dataclass
class Discovery(Analysis):
    """:class:`Analysis` of the draws around a scenario, with the scenario, outcome and design."""

    scenario: Scenario | None = None
    outcome: Outcome | None = None
    design: DiscoveryDesign | None = None

    def box_rows(self, box: int | None = None) -> pd.DataFrame:
        """The restricted dimensions of one box on the trajectory (the chosen one by default)."""
        box = self.chosen if box is None else box
        return self.boxes[self.boxes["box"] == box]

    def statement(self, lang: str) -> str:
        """The chosen box in one sentence, in ``lang``."""
        row = self.trajectory.iloc[self.chosen]
        conditions = [_condition(r, lang, self.scenario.registry) for r in self.box_rows().itertuples()]
        outcome = self.outcome.describe(lang)
        density, coverage = 100 * row["density"], 100 * row["coverage"]
        if lang == "zh":
            where = "在" + "、".join(conditions) + "的抽样中" if conditions else "在全部抽样中"
            text = f"{where}，{density:.0f}%的抽样{outcome}（覆盖率{coverage:.0f}%）。"
            if row["density"] < DENSITY_THRESHOLD:
                text = f"没有一个范围的达成比例达到{100 * DENSITY_THRESHOLD:.0f}%；最接近的是：" + text
            return text
        where = "where " + _join_en(conditions) if conditions else ""
        text = f"In {density:.0f} % of the draws{(' ' + where) if where else ''}, {outcome} (coverage {coverage:.0f} %)."
        if row["density"] < DENSITY_THRESHOLD:
            text = f"No box reaches a density of {100 * DENSITY_THRESHOLD:.0f} %; the densest: " + text
        return text

    def explanation(self, lang: str) -> str:
        """What coverage, density and the base share mean, with this run's numbers."""
        n = self.design.draws
        share = 100 * self.share_holding
        return pick(lang,
                    f"全部{n:,}个抽样中规划成立的比例为{share:.1f}%。密度：范围内抽样中规划成立的比例；"
                    "覆盖率：规划成立的全部抽样中落在该范围内的比例；质量：该范围内抽样占全部抽样的比例。",
                    f"The plan holds in {share:.1f} % of all {n:,} draws.  Density: the share of the draws in "
                    "the box where it holds; coverage: the share of all draws where it holds that lie in the "
                    "box; mass: the box's share of all draws.")


def _number(value: float, unit: str, dtype: str, lang: str) -> str:
    from model.text import percent_unit, unit_text

    if dtype == "int":
        return f"{int(round(value))}"
    pct = percent_unit(unit)
    if pct:
        return f"{100 * value:.3g} {unit_text(pct, lang)}"
    r = float(f"{value:.3g}")
    text = f"{r:,.0f}" if abs(r) >= 100 else f"{r:g}"
    return f"{text} {unit_text(unit, lang)}".rstrip()


def _condition(r, lang: str, registry) -> str:
    """One restriction of a box in words."""
    label = r.label_zh if lang == "zh" else r.label_en
    if isinstance(r.values, str) and r.values:
        p = registry[r.parameter]
        named = {str(c): p.choice_label(c, lang) for c in p.choices}
        choices = [named.get(v, v) for v in r.values.split("|")]
        return pick(lang, f"{label}为{'或'.join(choices)}", f"{label} is {' or '.join(choices)}")
    lo = _number(r.low, r.unit, r.dtype, lang) if pd.notna(r.low) else None
    hi = _number(r.high, r.unit, r.dtype, lang) if pd.notna(r.high) else None
    if lo and hi:
        return pick(lang, f"{label}介于{lo}与{hi}之间", f"{label} lies between {lo} and {hi}")
    if hi:
        return pick(lang, f"{label}不高于{hi}", f"{label} is at most {hi}")
    return pick(lang, f"{label}不低于{lo}", f"{label} is at least {lo}")


def _quiet_ema():
    """Import EMA Workbench's analysis without its optional-package warnings on the console."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import cart, feature_scoring, prim
        from ema_workbench.analysis.scenario_discovery_util import RuleInductionType
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim, feature_scoring, cart, RuleInductionType


def _features(x: pd.DataFrame, y: np.ndarray, seed: int, kinds: Mapping[str, str], registry) -> pd.DataFrame:
    _, feature_scoring, _, rule = _quiet_ema()
    m = min(len(x), FEATURE_DRAWS)
    scores, _ = feature_scoring.get_ex_feature_scores(x.iloc[:m], y[:m], mode=rule.CLASSIFICATION,
                                                      random_state=seed)
    score = scores.iloc[:, 0].to_dict()
    rows = [{"parameter": n, "label_zh": registry[n].label_zh, "label_en": registry[n].label_en,
             "kind": kinds[n], "unit": registry[n].unit, "score": float(score.get(n, 0.0))} for n in x.columns]
    table = pd.DataFrame(rows).sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["in_prim"] = table["rank"] <= PRIM_DIMENSIONS
    return table


def _limits(box_lim: pd.DataFrame, box_init: pd.DataFrame, name: str, registry_dtype: str) -> tuple[float, float, str]:
    """A restriction as (low or NaN, high or NaN, allowed choices joined by | or "")."""
    lo, hi = box_lim.at[0, name], box_lim.at[1, name]
    if isinstance(lo, (set, frozenset)):
        return np.nan, np.nan, "|".join(sorted(str(v) for v in lo))
    lo0, hi0 = box_init.at[0, name], box_init.at[1, name]
    if registry_dtype == "int":  # whole years: the box holds the years from ceil(low) to floor(high)
        lo, hi = math.ceil(lo), math.floor(hi)
    return (float(lo) if lo != lo0 else np.nan), (float(hi) if hi != hi0 else np.nan), ""


def _box_table(boxes: Sequence[tuple[int, pd.DataFrame, Mapping[str, Any]]], box_init: pd.DataFrame,
               qp: Sequence[Mapping[str, Sequence[float]]] | None, kinds, registry) -> pd.DataFrame:
    rows = []
    for k, (index, lim, stats) in enumerate(boxes):
        for name in box_init.columns:
            if lim[name].equals(box_init[name]) or (lim.at[0, name] == box_init.at[0, name]
                                                    and lim.at[1, name] == box_init.at[1, name]):
                continue
            p = registry[name]
            low, high, values = _limits(lim, box_init, name, p.dtype)
            sides = [v for v in (qp[k].get(name, []) if qp else []) if v is not None and v >= 0]
            rows.append({"box": index, "coverage": stats["coverage"], "density": stats["density"],
                         "mass": stats["mass"], "parameter": name, "label_zh": p.label_zh, "label_en": p.label_en,
                         "kind": kinds[name], "dtype": p.dtype, "low": low, "high": high, "values": values,
                         "unit": p.unit, "quasi_p": max(sides) if sides else np.nan})
    columns = ["box", "coverage", "density", "mass", "parameter", "label_zh", "label_en", "kind", "dtype",
               "low", "high", "values", "unit", "quasi_p"]
    return pd.DataFrame(rows, columns=columns)


def _prim(x: pd.DataFrame, y: np.ndarray, kinds, registry) -> tuple[pd.DataFrame, pd.DataFrame]:
    prim, _, _, _ = _quiet_ema()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(x, y, threshold=DENSITY_THRESHOLD, peel_alpha=PEEL_ALPHA, paste_alpha=PEEL_ALPHA,
                           mass_min=MASS_MIN)
        box = finder.find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim", "n", "k"]].copy()
    trajectory.insert(0, "box", np.arange(len(trajectory)))
    stats = [trajectory.iloc[i].to_dict() for i in range(len(trajectory))]
    boxes = _box_table([(i, box.box_lims[i], stats[i]) for i in range(len(trajectory))], finder.box_init,
                       box.qp, kinds, registry)
    return trajectory.reset_index(drop=True), boxes


def _cart(x: pd.DataFrame, y: np.ndarray, seed: int, kinds, registry) -> pd.DataFrame:
    from sklearn.tree import DecisionTreeClassifier

    _, _, cart, _ = _quiet_ema()
    tree = cart.CART(x, y, mass_min=MASS_MIN)
    # CART.build_tree, with the tree seeded (its ties between equally good splits are broken at random)
    tree.clf = DecisionTreeClassifier(min_samples_leaf=int(MASS_MIN * len(x)), random_state=seed)
    tree.clf.fit(tree._x, y)
    init = x.apply(lambda c: pd.Series([c.min(), c.max()]) if pd.api.types.is_numeric_dtype(c)
                   else pd.Series([set(c), set(c)]))
    table = _box_table(list(zip(range(len(tree.boxes)), tree.boxes, tree.stats)), init, None, kinds, registry)
    leaves = pd.DataFrame([{"box": i, **s} for i, s in enumerate(tree.stats)])
    leaves = leaves[["box", "coverage", "density", "mass"]]
    return leaves.merge(table.drop(columns=["coverage", "density", "mass"]), on="box", how="left")


def _analysis_column(values: np.ndarray) -> np.ndarray | pd.Categorical:
    """A drawn input as EMA's analysis takes it: choices as categories (CART's boxes need them),
    whole years as floats (PRIM pastes half-way between two values, which an integer column refuses)."""
    if values.dtype.kind == "O":
        return pd.Categorical(values)
    return values.astype(float) if values.dtype.kind == "i" else values


def analyse(x: pd.DataFrame, y: np.ndarray, *, seed: int, kinds: Mapping[str, str], registry: Registry = REGISTRY,
            box: int | None = None) -> Analysis:
    """Feature scores, PRIM and CART of a table of draws ``x`` (one column per input, named as
    in the registry) and whether the plan holds in each, ``y`` (see the module docstring).

    Raises
    ------
    DiscoveryFailed
        When the plan holds in none of the draws.
    model.errors.UserInputError
        For a ``box`` off the peeling trajectory.
    """
    y = np.asarray(y, dtype=bool)
    if not y.any():
        raise DiscoveryFailed(f"the plan holds in none of the {len(y):,} draws; there is no region to describe")
    x = pd.DataFrame({name: _analysis_column(np.asarray(x[name])) for name in x.columns})
    timings: dict[str, float] = {}
    t = time.perf_counter()
    features = _features(x, y, seed, kinds, registry)
    timings["feature_scoring"] = time.perf_counter() - t
    top = list(features["parameter"][: PRIM_DIMENSIONS])
    t = time.perf_counter()
    trajectory, boxes = _prim(x[top], y, kinds, registry)
    timings["prim"] = time.perf_counter() - t
    t = time.perf_counter()
    cart_table = _cart(x[top], y, seed, kinds, registry)
    timings["cart"] = time.perf_counter() - t
    if box is not None and not 0 <= box < len(trajectory):
        raise UserInputError(f"--box: expected a box on the peeling trajectory, 0 to {len(trajectory) - 1}, got {box}")
    dense = np.flatnonzero(trajectory["density"].to_numpy() >= DENSITY_THRESHOLD)
    chosen = box if box is not None else int(dense[-1]) if dense.size else int(np.argmax(trajectory["density"]))
    ranges = pd.DataFrame([{"parameter": n, "low": float(x[n].min()) if x[n].dtype.kind == "f" else np.nan,
                            "high": float(x[n].max()) if x[n].dtype.kind == "f" else np.nan,
                            "values": "" if x[n].dtype.kind == "f" else "|".join(sorted(map(str, x[n].unique())))}
                           for n in top])
    return Analysis(features=features, trajectory=trajectory, boxes=boxes, cart=cart_table, ranges=ranges,
                    chosen=chosen, share_holding=float(y.mean()), seconds=timings)


def draw(scenario: Scenario, outcome: Outcome, *, draws: int, seed: int, method: Method = "montecarlo",
         levers: Sequence[str] | None = None, workers: int = 1, scheduler: str | None = None,
         chunk_size: int = DEFAULT_CHUNK, progress: bool = False) -> tuple[DiscoveryDesign, pd.DataFrame, np.ndarray]:
    """The design, the table of draws (one column per drawn input) and whether the plan holds in each.

    Chunks of draws run in this process, on ``workers`` local processes or on the Dask
    cluster at ``scheduler`` (one model call per chunk); the table does not depend on which.
    """
    registry = scenario.registry
    names = list(levers) if levers is not None else explorable_levers(registry)
    for n in names:
        if n not in registry:
            raise UserInputError(f"--lever: unknown parameter {n!r}" + did_you_mean(n, registry))
        if registry[n].kind != "lever":
            raise UserInputError(f"--lever: {n} is an assumption; assumptions are drawn from their distributions")
    design = DiscoveryDesign(scenario, names, draws, seed, method)
    columns: dict[str, list[np.ndarray]] = {name: [] for name in design.names}
    holds: list[np.ndarray] = []
    from tqdm import tqdm

    bar = tqdm(total=draws, unit="draw", unit_scale=True, disable=None if progress else True, file=sys.stderr,
               desc=f"discover {scenario.id}")
    try:
        with open_pool(scheduler, workers) as pool:
            for chunk in ordered(pool, run_chunk, ((design, outcome, a, b) for a, b in design.chunks(chunk_size))):
                for name in design.names:
                    columns[name].append(chunk.columns[name])
                holds.append(chunk.holds)
                bar.update(chunk.stop - chunk.start)
    finally:
        bar.close()
    return design, pd.DataFrame({name: np.concatenate(parts) for name, parts in columns.items()}), np.concatenate(holds)


def discover(scenario: Scenario, outcome: Outcome, *, draws: int, seed: int, method: Method = "montecarlo",
             levers: Sequence[str] | None = None, box: int | None = None, workers: int = 1,
             scheduler: str | None = None, chunk_size: int = DEFAULT_CHUNK, progress: bool = False) -> Discovery:
    """Draw, judge and analyse ``draws`` worlds around ``scenario``: :func:`draw`, then :func:`analyse`.

    Raises
    ------
    model.errors.UserInputError
        For an unknown lever, a ``box`` off the trajectory, a bad ``workers`` or scheduler.
    DiscoveryFailed
        When the plan holds in none of the draws.
    """
    started = time.perf_counter()
    design, x, y = draw(scenario, outcome, draws=draws, seed=seed, method=method, levers=levers, workers=workers,
                        scheduler=scheduler, chunk_size=chunk_size, progress=progress)
    ran = time.perf_counter() - started
    if not y.any():
        raise DiscoveryFailed(f"none of the {draws:,} draws meets the outcome asked for ({outcome.describe('en')}); "
                              "there is no region to describe. Widen the exploration ranges (uncertainties:), "
                              "explore more levers or name fewer targets")
    found = analyse(x, y, seed=seed, kinds=design.kinds, registry=scenario.registry, box=box)
    seconds = {"draw_and_run": ran, **found.seconds, "total": time.perf_counter() - started}
    return Discovery(**{**found.__dict__, "seconds": seconds}, scenario=scenario, outcome=outcome, design=design)


# --------------------------------------------------------------------------- writing

def write_discovery(result: Discovery, out: str | Path, figures: Mapping[str, bytes] | None = None,
                    force: bool = False) -> Path:
    """Write ``boxes.csv``, ``trajectory.csv``, ``features.csv``, ``cart.csv``, ``statement.txt``,
    the ``figures`` given (name -> bytes) and ``manifest.json`` into ``out`` (atomically).

    An existing folder is replaced only when ``discover`` wrote it, or with ``force``.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserInputError(f"{out}: exists and is not a folder; expected an output folder for --out")
    if out.exists() and not force and not is_ours(out / MANIFEST_NAME, GENERATOR):
        raise UserInputError(f"{out}: exists and was not written by `python -m model discover`; "
                             "choose another --out or pass --force to replace it")
    boxes = result.boxes.assign(chosen=result.boxes["box"] == result.chosen)
    files = ["boxes.csv", "trajectory.csv", "features.csv", "cart.csv", "statement.txt", *(figures or {})]
    with atomic_directory(out) as tmp:
        boxes.to_csv(tmp / "boxes.csv", index=False, float_format="%.10g")
        result.trajectory.assign(chosen=result.trajectory["box"] == result.chosen).to_csv(
            tmp / "trajectory.csv", index=False, float_format="%.10g")
        result.features.to_csv(tmp / "features.csv", index=False, float_format="%.10g")
        result.cart.to_csv(tmp / "cart.csv", index=False, float_format="%.10g")
        (tmp / "statement.txt").write_text("\n\n".join([result.statement("zh"), result.explanation("zh"),
                                                        result.statement("en"), result.explanation("en")]) + "\n",
                                           encoding="utf-8")
        for name, data in (figures or {}).items():
            (tmp / name).write_bytes(data)
        manifest = {
            "generator": GENERATOR, "model_version": __version__, "git_commit": git_commit(),
            "python": platform.python_version(), "scenario": result.scenario.manifest(),
            "outcome": {"targets": list(result.outcome.targets), "diagnostics": list(result.outcome.diagnostics)},
            "design": result.design.describe(), "explored_levers": {
                lv.name: list(lv.exploration_range()) for lv in result.design.explored},
            "prim": {"threshold": DENSITY_THRESHOLD, "peel_alpha": PEEL_ALPHA, "paste_alpha": PEEL_ALPHA,
                     "mass_min": MASS_MIN, "dimensions": PRIM_DIMENSIONS, "chosen_box": result.chosen},
            "feature_scoring": {"method": "extra trees", "draws": min(result.design.draws, FEATURE_DRAWS)},
            "share_holding": result.share_holding, "files": files,
            "seconds": {k: round(v, 3) for k, v in result.seconds.items()},
            "note": "every file but this manifest is identical byte for byte for the same scenario, targets, "
                    "draws, seed and sampler, however the draws are chunked or distributed.",
        }
        (tmp / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return out

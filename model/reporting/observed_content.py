"""The report's section 模型与实际 / Model and observed: the plan set against what happened.

Shown when the scenario names observations (``observed:`` in its file or an ancestor's,
:meth:`model.runs.runner.RunOutput.observed`).  It holds

* **the plan against the statistics**: every published number of the banner in the
  scenario's files, with the value of this scenario, of the plan as written (the
  baseline) and of the fitted replay beside it, each with its error::

      error = model - observed                    for rates and shares in %   (points)
      error = 100 * (model - observed) / |observed|   for levels                (per cent)

  Years before the model's base year are listed without model values (shown, not fitted).
  Bayannur's numbers are context: counted, not tabulated against the banner's model;
* **the fitted scenario** ``scenarios/replay-2021-2025.yaml``
  (:func:`model.analysis.calibration.calibrate`): the parameters the fit moved, with the
  plan's value, the fitted one and whether it ended on a bound, and its record
  ``replay-2021-2025-fit.csv``, checked against a fresh run (a stale record is flagged);
* **the sources**: every source the numbers rest on, in full
  (:meth:`model.scenarios.observations.ObservationSet.citation`, from ``data/sources.csv``).

The deviations the text names first are the largest in units of the calibration's error
model (:func:`model.analysis.weighting.observation_sd`: 5 % of the observed value, at least
one point for rates), so "largest" means "least likely under the error a fit allows".
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from model.analysis.weighting import DEFAULT_REL_SD, observation_sd
from model.core.catalogue import REGION
from model.core.simulate import VARIABLES
from model.core.timeline import FIRST_YEAR, LAST_YEAR, year_index
from model.provenance import SCENARIO_DIR, relative_to_project
from model.reporting.blocks import bullets, heading, paragraph, table
from model.reporting.listing import format_value
from model.reporting.phrases import phrase
from model.runs.runner import RunOutput, run_scenarios
from model.scenarios import Scenario, load_scenarios
from model.scenarios.observations import Observation, ObservationSet
from model.text import english_units, format_number, pick, unit_text

__all__ = ["REPLAY_SCENARIO", "model_and_observed_blocks", "model_error", "fit_record", "fit_record_path"]

#: The shipped replay: the baseline calibrated to the shipped observations (docs/data.md).
REPLAY_SCENARIO: Path = SCENARIO_DIR / "replay-2021-2025.yaml"
#: Deviations named in the section's opening paragraph.
_LARGEST = 3
#: A fit record agrees with a fresh run when the fitted values agree to this relative tolerance.
_RECORD_RTOL = 1e-4


# --------------------------------------------------------------------------- numbers

def model_error(model: float, observed: float, unit: str) -> float:
    """Model minus observed: in points for rates and shares in ``%``, else in per cent of the observed."""
    if unit == "%":
        return model - observed
    return 100.0 * (model - observed) / abs(observed) if observed else float("nan")


def _error_text(error: float, unit: str, lang: str) -> str:
    if not np.isfinite(error):
        return ""
    if unit == "%":
        return pick(lang, f"{error:+.1f}个百分点", f"{error:+.1f} pp")
    return f"{error:+.1f}%"


def _value_cell(model: float | None, o: Observation, lang: str) -> str:
    """A model value with its error under it (``-`` before the model's first year)."""
    if model is None or not np.isfinite(model):
        return "-"
    return f"{format_number(model)}\n{_error_text(model_error(model, o.value, o.unit), o.unit, lang)}"


def _model_value(output: RunOutput, k: int, o: Observation) -> float | None:
    if o.variable not in output.results or not FIRST_YEAR <= o.year <= LAST_YEAR:
        return None
    return float(output.results[o.variable][k, year_index(o.year)])


def _agrees(recorded: float, model: float | None) -> bool:
    """Whether a fit record's value is what the model gives now."""
    return model is not None and bool(np.isclose(recorded, model, rtol=_RECORD_RTOL, atol=1e-9))


def fit_record_path(scenario_file: Path, scenario_id: str | None = None) -> Path:
    """Where calibrate writes a fitted scenario's record: ``<id>-fit.csv`` beside the file."""
    return Path(scenario_file).with_name(f"{scenario_id or Path(scenario_file).stem}-fit.csv")


def fit_record(scenario: Scenario) -> dict[tuple[str, int], dict[str, str]]:
    """A fitted scenario's ``<id>-fit.csv`` by (variable, year) (empty when there is none)."""
    if scenario.path is None:
        return {}
    path = fit_record_path(scenario.path, scenario.id)
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {(row["variable"], int(row["year"])): row for row in csv.DictReader(fh)}


# --------------------------------------------------------------------------- comparison runs

def _columns(output: RunOutput, i: int, baseline: Scenario) -> tuple[RunOutput, list[tuple[str, Scenario]]]:
    """One run of this scenario, the plan as written and the replay, each once.

    A column is named for what it is: the baseline's ``col_plan_as_written`` and the replay's
    ``col_fitted`` even when the report is about one of them.
    """
    replay = load_scenarios([REPLAY_SCENARIO])[0] if REPLAY_SCENARIO.is_file() else None
    names = {baseline.resolved_hash(): "col_plan_as_written"}
    if replay is not None:
        names[replay.resolved_hash()] = "col_fitted"
    columns: dict[str, tuple[str, Scenario]] = {}
    for s in (output.scenarios[i], baseline, replay):
        if s is not None and s.resolved_hash() not in columns:
            columns[s.resolved_hash()] = (names.get(s.resolved_hash(), "col_this_scenario"), s)
    chosen = list(columns.values())
    return run_scenarios([s for _, s in chosen]), chosen


# --------------------------------------------------------------------------- blocks

def _label(variable: str, lang: str) -> str:
    v = VARIABLES.get(variable)
    return v.label(lang) if v is not None else variable


def _deviation(o: Observation, planned: float, lang: str) -> str:
    """One observation against the plan's value, in words."""
    error = _error_text(model_error(planned, o.value, o.unit), o.unit, lang)
    label, plan, seen = _label(o.variable, lang), format_number(planned), format_number(o.value)
    return pick(lang, f"{o.year}年{label}规划原文为{plan}{o.unit}、实际{seen}{o.unit}（{error}）",
                english_units(f"{label} in {o.year}: {plan} as planned against {seen} {o.unit} observed ({error})"))


def _opening(observations: ObservationSet, banner: list[Observation], plan_run: RunOutput, plan_k: int,
             lang: str) -> dict[str, Any]:
    """How many numbers from where, and the plan's largest deviations from them."""
    files = ", ".join(relative_to_project(f) for f in observations.files)
    context = sum(o.region != REGION for o in observations)
    fitted = [o for o in banner if o.fittable]
    text = pick(lang,
                f"本情景引用观测数据{len(observations)}条（{files}），其中本旗{len(banner)}条"
                f"（{len(fitted)}条在模型年份内），巴彦淖尔市{context}条仅作背景，不列入下表、不在图中绘出。",
                f"This scenario names {len(observations)} observations ({files}): {len(banner)} of the banner "
                f"({len(fitted)} in the model's years) and {context} of Bayannur, context only, neither "
                "tabulated here nor drawn in the charts.")
    values = [_model_value(plan_run, plan_k, o) for o in fitted]
    pairs = [(o, v) for o, v in zip(fitted, values) if v is not None and np.isfinite(v)]
    if pairs:
        sd = observation_sd(np.array([o.value for o, _ in pairs]), DEFAULT_REL_SD, [o.unit for o, _ in pairs])
        z = np.abs(np.array([v - o.value for o, v in pairs])) / sd
        worst = [pairs[k] for k in np.argsort(-z)[:_LARGEST] if z[k] > 1.0]
        if worst:
            items = [_deviation(o, v, lang) for o, v in worst]
            text += pick(lang, "规划原文与实际相差最大的是：" + "；".join(items) + "。",
                         " The plan as written is furthest from what happened in: " + "; ".join(items) + ".")
    return paragraph(text)


def _fitted_blocks(run: RunOutput, columns: list[tuple[str, Scenario]], banner: list[Observation],
                   baseline: Scenario, lang: str) -> list[dict[str, Any]]:
    """The replay's fitted parameters, and whether its fit record matches a fresh run."""
    found = [(k, s) for k, (key, s) in enumerate(columns) if key == "col_fitted"]
    if not found:
        return []
    k, replay = found[0]
    registry = replay.registry
    base = baseline.resolved()
    rows = []
    for name, value in replay.overrides.items():
        p = registry[name]
        flat = np.ravel([*value.values()] if isinstance(value, dict) else [value]).astype(float)
        bound = (phrase("at_bound", lang) if p.dtype != "choice"
                 and (np.any(np.isclose(flat, p.lower)) or np.any(np.isclose(flat, p.upper))) else "")
        rows.append([f"{p.label(lang)} ({name})", unit_text(p.unit, lang), format_value(base[name]),
                     format_value(value), bound])
    record = fit_record(replay)
    stale = [o for o in banner if (o.variable, o.year) in record
             and not _agrees(float(record[(o.variable, o.year)]["fitted"]), _model_value(run, k, o))]
    where = relative_to_project(replay.path)
    text = pick(lang,
                f"校准情景“{replay.title(lang)}”（{where}）由 calibrate 命令以加权最小二乘"
                f"拟合得到（每条观测相对标准差{100 * DEFAULT_REL_SD:g}%），拟合记录{len(record)}条"
                f"（{replay.id}-fit.csv），调整了{len(rows)}个参数：",
                f"The fitted scenario “{replay.title(lang)}” ({where}) comes from "
                f"the calibrate command, weighted least squares with a relative standard error of "
                f"{100 * DEFAULT_REL_SD:g} % per observation; its record ({replay.id}-fit.csv) holds "
                f"{len(record)} fitted observations, and it moves {len(rows)} parameters:")
    blocks = [heading(phrase("fitted_scenario", lang), 2, numbered=False), paragraph(text)]
    if rows:
        blocks.append(table([phrase(c, lang) for c in ("col_param", "col_unit", "col_plan_as_written",
                                                       "col_fitted", "col_bound")],
                            rows, ["1.3fr", "auto", "1.2fr", "1.6fr", "auto"], ["left"] * 5))
    if stale:
        names = ", ".join(f"{o.variable} {o.year}" for o in stale)
        blocks.append(paragraph(phrase("stale_fit", lang) + names))
    return blocks


def model_and_observed_blocks(output: RunOutput, i: int, baseline: Scenario, lang: str) -> list[dict[str, Any]]:
    """The section's blocks; none when scenario ``i`` names no observations.

    Parameters
    ----------
    output
        A run holding the scenario (its observations come from :meth:`RunOutput.observed`).
    i
        The scenario's position in ``output``.
    baseline
        The plan as written (the shipped baseline).
    lang
        ``"zh"`` or ``"en"``.
    """
    observations = output.observed(i)
    if not len(observations):
        return []
    order = {name: k for k, name in enumerate(VARIABLES)}
    banner = sorted((o for o in observations if o.region == REGION),
                    key=lambda o: (order.get(o.variable, len(order)), o.variable, o.year))
    run, columns = _columns(output, i, baseline)
    plan_k = [key for key, _ in columns].index("col_plan_as_written")
    record = next((fit_record(s) for key, s in columns if key == "col_fitted"), {})
    numbers = {source: n for n, source in enumerate(dict.fromkeys(o.source for o in banner), start=1)}
    rows = []
    for o in banner:
        cells = [f"{_label(o.variable, lang)} ({unit_text(o.unit, lang)})", str(o.year), format_number(o.value)]
        for k, (key, _) in enumerate(columns):
            cell = _value_cell(_model_value(run, k, o), o, lang)
            if key == "col_fitted" and (o.variable, o.year) in record:
                cell = cell.replace("\n", " †\n", 1)
            cells.append(cell)
        cells.append(f"[{numbers[o.source]}]")
        rows.append(cells)
    header = [phrase("col_variable", lang), phrase("col_year", lang), phrase("col_observed", lang),
              *[phrase(key, lang) for key, _ in columns], phrase("col_source", lang)]
    blocks: list[dict[str, Any]] = [heading(phrase("model_observed", lang)),
                                    _opening(observations, banner, run, plan_k, lang)]
    if rows:
        blocks.append(table(header, rows, ["1.8fr", "auto", "auto", *["auto"] * len(columns), "auto"],
                            ["left", "center", "right", *["right"] * len(columns), "center"],
                            note=phrase("observed_table_note", lang)))
    blocks += _fitted_blocks(run, columns, banner, baseline, lang)
    blocks.append(heading(phrase("observed_sources", lang), 2, numbered=False))
    blocks.append(bullets([f"[{n}] {observations.citation(source)}"
                           + ("" if observations.citation(source) == source else f" ({source})")
                           for source, n in numbers.items()]))
    return blocks

"""Running scenarios through the public API: :func:`run` and its :class:`RunResults`.

One call runs every scenario given in one vectorised model call
(:func:`model.runs.runner.run_scenarios`) and keeps the run in memory.  The tables are
the files ``python -m model run`` writes, built by the same functions
(:mod:`model.runs.results`): the IAMC long table (``results.csv`` plus pyam's ``model``
and ``region`` columns), the scorecard (``targets.csv``), the diagnostics
(``diagnostics.csv``).  Charts are the reports' (:mod:`model.reporting.charts`).
"""
from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.core.timeline import year_index
from model.scenarios import Scenario
from model.text import DEFAULT_LANG, did_you_mean, pick
from model.workbook.errors import bad_input, input_errors
from model.workbook.scenarios import ScenarioRef, check_ids, resolve

__all__ = ["RunResults", "run", "select", "charts_module", "NOT_OBSERVED", "PNG_DPI"]

#: The final evaluation's status of a target whose quantity was not published.
NOT_OBSERVED = "not observed"
#: The index of pyam's wide layout (``IamDataFrame.timeseries()``).
_WIDE_INDEX = ["model", "scenario", "region", "variable", "unit"]


#: Resolution of the charts written as PNG files beside the tables (the command line and the API).
PNG_DPI = 110


def charts_module():
    """:mod:`model.reporting.charts`, imported when a chart is first asked for (matplotlib is slow
    to import).

    In a Jupyter kernel on the inline backend (the default), IPython is asked to set up that
    backend's display of figures (``%matplotlib inline``, which is idempotent), so the figures
    ``plot()`` returns are shown as images; matplotlib would otherwise set it up only when pyplot
    first draws, and the package's figures are not pyplot's.  Other backends a user chose
    (``%matplotlib widget``) have set up their display already and are left alone.
    """
    from model.reporting import charts

    if "ipykernel" in sys.modules:
        import matplotlib

        if "inline" in matplotlib.get_backend():
            from IPython import get_ipython

            shell = get_ipython()
            if shell is not None:
                shell.run_line_magic("matplotlib", "inline")
    return charts


def select(values: pd.Series, wanted: Any) -> np.ndarray:
    """Rows whose value matches ``wanted``: one value or a list; text may hold ``*`` wildcards."""
    if wanted is None:
        return np.ones(len(values), dtype=bool)
    wanted = list(wanted) if isinstance(wanted, (list, tuple, set)) else [wanted]
    mask = np.zeros(len(values), dtype=bool)
    for w in wanted:
        if isinstance(w, str):
            mask |= np.fromiter((fnmatch.fnmatchcase(str(v), w) for v in values), dtype=bool, count=len(values))
        else:
            mask |= (values == w).to_numpy(dtype=bool)
    return mask


class RunResults:
    """Scenarios run together in one vectorised model call (what :func:`run` returns).

    Attributes
    ----------
    scenarios : list of Scenario
    ids : list of str
    output : model.runs.runner.RunOutput
        The run record the command line writes from (parameter and result arrays,
        scorecard, diagnostics, observations); internal, may change.

    Examples
    --------
    >>> import model
    >>> res = model.run("baseline", "plan-consistent")
    >>> res
    <RunResults of 2 scenarios: baseline, plan-consistent>
    >>> shares = ["Share|Primary", "Share|Secondary", "Share|Tertiary"]     # at 2020 prices
    >>> res.wide(variable=shares)[2025].round(1).tolist()
    [3.5, 82.7, 13.8, 6.0, 70.0, 24.0]
    """

    def __init__(self, output):
        self.output = output
        self._table: pd.DataFrame | None = None

    @property
    def scenarios(self) -> list[Scenario]:
        return list(self.output.scenarios)

    @property
    def ids(self) -> list[str]:
        return list(self.output.ids)

    def __repr__(self) -> str:
        n = len(self.ids)
        return f"<RunResults of {n} scenario{'s' if n != 1 else ''}: {', '.join(self.ids)}>"

    # ------------------------------------------------------------------ tables

    @input_errors
    def iamc(self, variable: Any = None, scenario: Any = None, year: Any = None) -> pd.DataFrame:
        """The results as an IAMC long table: model, scenario, region, variable, unit, year, value.

        ``variable``, ``scenario`` and ``year`` keep the rows that match: one value or a
        list, text with ``*`` wildcards (``"GDP|*"``), like pyam's ``filter``.  One
        scenario's rows are its ``results.csv``.
        """
        from model.runs.results import results_table

        if self._table is None:
            self._table = results_table(self.output.results, self.ids)
        t = self._table
        keep = select(t["variable"], variable) & select(t["scenario"], scenario) & select(t["year"], year)
        return t[keep].reset_index(drop=True)

    def wide(self, variable: Any = None, scenario: Any = None) -> pd.DataFrame:
        """The results with one column per year, indexed like pyam's ``timeseries()``.

        Index: model, scenario, region, variable, unit, rows in the model's order;
        ``variable`` and ``scenario`` filter as in :meth:`iamc`.
        """
        t = self.iamc(variable, scenario)
        wide = t.pivot(index=_WIDE_INDEX, columns="year", values="value")
        wide = wide.reindex(t.drop_duplicates(_WIDE_INDEX).set_index(_WIDE_INDEX).index)
        wide.columns.name = "year"
        return wide

    def scorecard(self, lang: str = DEFAULT_LANG) -> pd.DataFrame:
        """Every target of the plan for every scenario (``targets.csv`` when ``lang="en"``).

        Columns: scenario, target, label, section, theme, year, comparison, target_value,
        tolerance, value, unit, status (met / missed / not modelled), status_label, margin
        (value - target), note, and the final evaluation: observed, observed_status,
        observed_sources.
        """
        from model.runs.results import scorecard_table

        return scorecard_table(self.output.scorecard, self.ids, lang, self.output.observations)

    def diagnostics(self) -> pd.DataFrame:
        """Which of the plan's contradictions bite, explained in Chinese and English (``diagnostics.csv``)."""
        from model.runs.results import diagnostics_table

        return diagnostics_table(self.output.diagnostics, self.ids)

    def observed(self, lang: str = DEFAULT_LANG, judged_only: bool = False) -> pd.DataFrame:
        """The plan's final evaluation (终期评估): every target judged on what was published.

        One row per scenario and target: the plan's target, the model's value and status,
        the observed value and the status it earns by the same rule (same comparison,
        target and tolerance), and its sources.  A target whose quantity was not
        published is "not observed" and nothing is filled in; ``judged_only=True`` keeps
        the observed ones only.  The observations are those the scenario names
        (``observed:``; the shipped tree names ``data/observed``).
        """
        cols = ["scenario", "target", "label", "year", "comparison", "target_value", "tolerance", "unit", "value",
                "status", "observed", "observed_status", "observed_sources"]
        table = self.scorecard(lang)[cols]
        if judged_only:
            table = table[table["observed_status"] != NOT_OBSERVED].reset_index(drop=True)
        return table

    def observations(self) -> pd.DataFrame:
        """Every observation the scenarios name, beside the model's value for its variable and year.

        ``model`` is empty (NaN) for another region's numbers (Bayannur city, context
        only) and for years before 2020; ``difference`` is model - observed, in the unit.
        """
        rows = []
        for i, s in enumerate(self.output.scenarios):
            obs = self.output.observed(i)
            for o in obs:
                modelled = o.fittable and o.variable in self.output.results
                value = float(self.output.results[o.variable][i, year_index(o.year)]) if modelled else np.nan
                rows.append({"scenario": s.id, "variable": o.variable, "unit": o.unit, "year": o.year,
                             "region": o.region, "observed": o.value, "model": value, "difference": value - o.value,
                             "source": obs.citation(o.source), "note": o.note})
        return pd.DataFrame(rows, columns=["scenario", "variable", "unit", "year", "region", "observed", "model",
                                           "difference", "source", "note"])

    # ------------------------------------------------------------------ charts and files

    @input_errors
    def plot(self, theme: str = "economy", *, scenarios: Any = None, lang: str = DEFAULT_LANG):
        """The report's chart of one theme, with the plan's targets marked.

        One or two scenarios: the first solid and the second dashed (the reference), as
        in a scenario report; three or more: one line per scenario in small multiples, as
        in the comparison report.  ``scenarios`` picks and orders them (ids, wildcards).  The
        banner's published statistics that the (first) scenario names are drawn as markers.

        Parameters
        ----------
        theme : {"economy", "prices", "smelting", "coal_chemicals", "power", "energy", "livestock", "people"}
        scenarios : str or list of str, optional
        lang : {"zh", "en"}

        Returns
        -------
        matplotlib.figure.Figure
        """
        charts = charts_module()
        known = [c.theme for c in charts.THEME_CHARTS]
        if theme not in known:
            raise bad_input(f"plot: no chart for theme {theme!r}; expected one of {', '.join(known)}"
                            + did_you_mean(theme, known))
        chart = charts.THEME_CHARTS[known.index(theme)]
        wanted = ["*"] if scenarios is None else [scenarios] if isinstance(scenarios, str) else list(scenarios)
        ids = pd.Series(self.ids)
        chosen = list(dict.fromkeys(i for w in wanted for i in np.flatnonzero(select(ids, w))))
        if not chosen:
            raise bad_input(f"plot: no scenario {scenarios!r} in this run; it holds {', '.join(self.ids)}")
        out = self.output
        data = [charts.chart_data(out.results, out.scorecard, i, out.scenarios[i].title(lang), out.observed(i))
                for i in chosen]
        if len(data) > 2:
            return charts.comparison_figure(chart, data, lang)
        figure = charts.ThemeFigure(chart, lang)
        figure.update(data[0], data[1] if len(data) == 2 else None)
        reference = pick(lang, f"（虚线：{data[1].label}）", f" (dashed: {data[1].label})") if len(data) == 2 else ""
        figure.figure.suptitle(data[0].label + reference, fontsize=10)
        return figure.figure

    @input_errors
    def write(self, out: str | os.PathLike = "reports", force: bool = False) -> list[tuple[Path, bool]]:
        """Write ``out/<id>/{results,targets,diagnostics}.csv`` and ``manifest.json`` per scenario.

        Exactly what ``python -m model run --out OUT`` writes: each folder is built under
        a temporary name; a folder this workbook wrote before is replaced, any other only
        with ``force``.  Returns the (folder, replaced) pairs.
        """
        from model.runs.runner import write_run

        return write_run(self.output, out, force=force)


@input_errors
def run(*scenarios: ScenarioRef | Sequence[ScenarioRef]) -> RunResults:
    """Run one or many scenarios in one vectorised model call.

    Parameters
    ----------
    *scenarios : Scenario, str or path, or lists of them
        Objects, shipped ids, files or folders of files.

    Returns
    -------
    RunResults
        ``iamc()``, ``wide()``, ``scorecard()``, ``diagnostics()``, ``observed()``,
        ``observations()``, ``plot(theme)`` and ``write(out)``.

    Examples
    --------
    >>> import model
    >>> res = model.run("baseline", "slower-industry", "plan-consistent")
    >>> card = res.scorecard("en")
    >>> card[card.target == "gdp_growth"][["scenario", "status"]].values.tolist()
    [['baseline', 'missed'], ['slower-industry', 'missed'], ['plan-consistent', 'met']]
    """
    from model.runs.runner import run_scenarios

    loaded = resolve(scenarios)
    if not loaded:
        raise bad_input("run: expected at least one scenario")
    check_ids(loaded)
    return RunResults(run_scenarios(loaded))

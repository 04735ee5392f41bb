"""PDF reports through the public API: one scenario against a reference, or several side by side.

Thin over the reporting layer's entry points (:func:`model.reporting.report.build_report`
and :func:`~model.reporting.report.build_comparison`, what ``python -m model report``
and ``compare`` call).  Reports read scenario files, so that the title page names a file
that reproduces the numbers: a scenario held in memory (from :func:`derive`) is saved
first as ``<out_dir>/<id>.yaml`` (:func:`save_scenario`; its parent must have a file).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from model.scenarios import Scenario
from model.text import DEFAULT_LANG
from model.workbook.errors import input_errors
from model.workbook.scenarios import ScenarioRef, load_scenario, resolve, save_scenario

__all__ = ["report", "compare"]


def _file(scenario: Scenario, out_dir: Path, force: bool) -> Path:
    """The scenario's file; one held in memory is saved beside the report first."""
    if scenario.path is not None:
        return scenario.path
    return save_scenario(scenario, out_dir / f"{scenario.id}.yaml", force=force)


@input_errors
def report(scenario: ScenarioRef, reference: ScenarioRef | None = None, *, lang: str = DEFAULT_LANG,
           out_dir: str | os.PathLike = "reports", name: str | None = None, force: bool = False):
    """Write the PDF report of one scenario against a reference, as ``python -m model report`` does.

    The report holds the executive summary, the scorecard (with the final evaluation
    where targets were observed), every theme's charts against the reference, the
    diagnostics and the appendices of assumptions.

    Parameters
    ----------
    scenario : Scenario, str or path
    reference : Scenario, str or path, optional
        Drawn dashed; default the shipped baseline (none for the baseline itself).
    lang : {"zh", "en"}
    out_dir : str or path
        Folder of ``<name or id>.pdf`` (and of a saved in-memory scenario).
    name : str, optional
        File stem of the PDF; default the scenario's id.
    force : bool
        Replace a PDF this workbook did not write (or a different scenario file).

    Returns
    -------
    model.reporting.report.ReportResult
        ``pdf`` (its path) and ``summary`` (targets met and missed, contradictions
        found); shown as a small table in a notebook.

    Examples
    --------
    >>> import model, tempfile
    >>> mine = model.derive("baseline", "faster-services", levers={"growth_tertiary": 0.09})
    >>> model.report(mine, lang="en", out_dir=tempfile.mkdtemp()).pdf.name  # doctest: +SKIP
    'faster-services.pdf'
    """
    from model.reporting.report import build_report

    out = Path(out_dir)
    path = _file(load_scenario(scenario), out, force)
    ref = _file(load_scenario(reference), out, force) if reference is not None else None
    return build_report(path, reference=ref, lang=lang, out_dir=out, name=name, force=force)


@input_errors
def compare(scenarios: Sequence[ScenarioRef], *, lang: str = DEFAULT_LANG, out_dir: str | os.PathLike = "reports",
            name: str = "comparison", force: bool = False):
    """Write one PDF comparing several scenarios side by side, as ``python -m model compare`` does.

    Parameters
    ----------
    scenarios : list of Scenario, str or path
        At least two; scenarios held in memory are saved first as ``<out_dir>/<id>.yaml``.
    lang : {"zh", "en"}
    out_dir : str or path
    name : str
        File stem of the PDF.
    force : bool
        Replace a PDF this workbook did not write.

    Returns
    -------
    model.reporting.report.ReportResult

    Examples
    --------
    >>> import model, tempfile
    >>> model.compare(["baseline", "slower-industry"], out_dir=tempfile.mkdtemp()).pdf.name  # doctest: +SKIP
    'comparison.pdf'
    """
    from model.reporting.report import build_comparison

    out = Path(out_dir)
    paths = [_file(s, out, force) for s in resolve(scenarios if isinstance(scenarios, (list, tuple))
                                                   else [scenarios])]
    return build_comparison(paths, lang=lang, out_dir=out, name=name, force=force)

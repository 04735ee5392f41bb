"""Scenario reports as files: run the scenarios, assemble the content, write the PDF.

The public entry points of the reporting layer:

* :func:`render` - what the papermill template ``notebooks/report.ipynb`` calls,
  with its parameters as keywords (plain values, as papermill injects them);
* :func:`build_report` - one scenario against its reference, ``<out_dir>/<id>.pdf``;
* :func:`build_comparison` - several scenarios side by side, ``<out_dir>/<name>.pdf``;
* :func:`report_is_ours` - whether an existing PDF was written by this workbook
  (nothing else is replaced without ``force``).

The content is plain data (:mod:`model.reporting.scenario_content`,
:mod:`model.reporting.comparison_content`), laid out by :mod:`model.reporting.pdf`
and written atomically (:func:`model.runs.atomic.atomic_write_bytes`).
"""
from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.errors import UserInputError
from model.provenance import GENERATOR, SCENARIO_DIR
from model.reporting.comparison_content import comparison_report_content
from model.reporting.scenario_content import scenario_report_content
from model.reporting.summary import counts
from model.runs.atomic import atomic_write_bytes
from model.runs.runner import RunOutput, run_scenarios
from model.scenarios import Scenario, load_scenarios
from model.text import DEFAULT_LANG, LANGS

__all__ = ["ReportResult", "build_report", "build_comparison", "render", "baseline_path", "report_is_ours"]


def baseline_path() -> Path | None:
    """The shipped baseline scenario (the reference for appendices and default charts)."""
    path = SCENARIO_DIR / "baseline.yaml"
    return path if path.is_file() else None


# --------------------------------------------------------------------------- files

def report_is_ours(path: Path) -> bool:
    """Whether an existing PDF was written by this workbook (its keywords name the generator)."""
    try:
        with open(path, "rb") as fh:
            return GENERATOR.encode() in fh.read()
    except OSError:
        return False


def _write_pdf(content: dict[str, Any], timestamp: _dt.datetime | None, target: Path, force: bool) -> Path:
    """Lay out ``content`` and write it to ``target`` atomically, unless a foreign PDF is there."""
    if target.exists() and not force and not report_is_ours(target):
        raise UserInputError(f"{target}: exists and was not written by this workbook; choose "
                             "another --out or pass --force to replace it")
    from model.reporting.pdf import render_pdf  # the Typst compiler, only when a PDF is written

    return atomic_write_bytes(target, render_pdf(content, timestamp))


@dataclass
class ReportResult:
    """What a report run produced (shown in the executed notebook, the run's log)."""

    pdf: Path | None
    scenarios: list[str]
    lang: str
    seconds: float
    summary: list[dict[str, Any]] = field(default_factory=list)

    def _repr_markdown_(self) -> str:
        lines = [f"**PDF:** `{self.pdf or 'not written'}`  ({self.seconds:.2f} s, lang={self.lang})", "",
                 "| scenario | met | missed | contradictions |", "|---|---|---|---|"]
        lines += [f"| {r['id']} | {r['met']} | {r['missed']} | {r['found']} |" for r in self.summary]
        return "\n".join(lines)


def _summary_rows(output: RunOutput) -> list[dict[str, Any]]:
    rows = []
    for i, s in enumerate(output.scenarios):
        met, missed, found = counts(output, i)
        rows.append({"id": s.id, "met": met, "missed": missed, "found": found})
    return rows


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise UserInputError(f"--lang: expected {' or '.join(LANGS)}, got {lang!r}")


def build_report(scenario: str | Path, reference: str | Path | None = None, lang: str = DEFAULT_LANG,
                 out_dir: str | Path = "reports", name: str | None = None,
                 timestamp: _dt.datetime | None = None, force: bool = False,
                 pdf: bool = True) -> ReportResult:
    """Run a scenario (with its reference and the baseline) and write ``<out_dir>/<id>.pdf``.

    Parameters
    ----------
    scenario
        The scenario file.
    reference
        The reference scenario file drawn dashed in the charts; default the
        shipped baseline (none when the scenario is the baseline itself).
    lang
        ``"zh"`` or ``"en"``.
    out_dir
        Folder of the PDF (created if needed).
    name
        File stem; default the scenario id.
    timestamp
        Date on the title page and in the PDF metadata (now when None).
    force
        Replace an existing PDF this workbook did not write.
    pdf
        False: assemble the content (model runs, charts) but write no PDF
        (the benchmark's "papermill without PDF" loop).
    """
    _check_lang(lang)
    started = time.perf_counter()
    base_file = baseline_path()
    paths = [Path(scenario)] + ([Path(reference)] if reference else []) + ([base_file] if base_file else [])
    loaded = load_scenarios(paths)
    s = loaded[0]
    if reference:
        ref_s: Scenario | None = loaded[1]
    elif base_file is not None and loaded[-1].resolved_hash() != s.resolved_hash():
        ref_s = loaded[-1]
    else:
        ref_s = None
    baseline = loaded[-1] if base_file else Scenario.from_defaults(s.registry)
    runs = [s] + ([ref_s] if ref_s is not None else [])
    output = run_scenarios(runs)
    content = scenario_report_content(output, 0, 1 if ref_s is not None else None, baseline, lang,
                                      timestamp)
    target = Path(out_dir) / f"{name or s.id}.pdf"
    if pdf:
        _write_pdf(content, timestamp, target, force)
    return ReportResult(target if pdf else None, [s.id], lang, time.perf_counter() - started,
                        _summary_rows(output)[:1])


def build_comparison(scenarios: Sequence[str | Path], lang: str = DEFAULT_LANG, out_dir: str | Path = "reports",
                     name: str = "comparison", timestamp: _dt.datetime | None = None,
                     force: bool = False) -> ReportResult:
    """Run several scenarios together and write one side-by-side ``<out_dir>/<name>.pdf``."""
    _check_lang(lang)
    if len(scenarios) < 2:
        raise UserInputError("compare: expected at least two scenarios")
    started = time.perf_counter()
    loaded = load_scenarios([Path(p) for p in scenarios])
    unique = list({s.id: s for s in loaded}.values())
    output = run_scenarios(unique)
    content = comparison_report_content(output, lang, timestamp)
    target = Path(out_dir) / f"{name}.pdf"
    _write_pdf(content, timestamp, target, force)
    return ReportResult(target, [s.id for s in unique], lang, time.perf_counter() - started,
                        _summary_rows(output))


def render(scenario: str, reference: str | None = None, compare: Sequence[str] = (), lang: str = DEFAULT_LANG,
           out_dir: str = "reports", name: str | None = None, timestamp: str | None = None,
           force: bool = False, pdf: bool = True) -> ReportResult:
    """The report notebook's one call: a scenario report, or a comparison when ``compare`` is given.

    ``timestamp`` is an ISO 8601 string (papermill parameters are plain values); ``pdf=False``
    assembles a scenario report without writing the PDF.
    """
    stamp = _dt.datetime.fromisoformat(timestamp) if timestamp else None
    if compare:
        return build_comparison([scenario, *compare], lang=lang, out_dir=out_dir, name=name or "comparison",
                                timestamp=stamp, force=force)
    return build_report(scenario, reference=reference, lang=lang, out_dir=out_dir, name=name, timestamp=stamp,
                        force=force, pdf=pdf)

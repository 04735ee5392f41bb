"""Scenario reports as files: run the scenarios, assemble the content, write the PDF.

The public entry points of the reporting layer:

* :func:`render` - what the papermill template ``notebooks/report.ipynb`` calls,
  with its parameters as keywords (plain values, as papermill injects them);
* :func:`build_report` - one scenario against its reference, ``<out_dir>/<id>.pdf``;
* :func:`build_comparison` - several scenarios side by side, ``<out_dir>/<name>.pdf``;
* :func:`report_is_ours` - whether an existing PDF was written by this workbook
  (nothing else is replaced without ``force``);
* :func:`prepare` - assemble a scenario report's content ahead of :func:`render`, in a
  kernel that would otherwise wait (see below);
* :func:`warm_up` - the imports and font loading every first report pays, for a kernel
  to do before it is asked for one.

**Preparing ahead.**  A one-off report spends about as long in papermill's own start
(its import, the notebook client) as in the report; the kernel sits idle meanwhile.
``prepare(scenario=..., lang=...)`` sent to the kernel right after it starts assembles
the content then; the notebook's ``render`` with the same parameters finds it and only
lays out the PDF.  The content is kept under a digest of everything it was made from
(:func:`content_key`: the scenario files of the whole chain, the reference and the
baseline, the observation files, the bibliography, the replay and its fit record, the
language and the date asked for), so any change in between means a fresh assembly.

The content is plain data (:mod:`model.reporting.scenario_content`,
:mod:`model.reporting.comparison_content`), laid out by :mod:`model.reporting.pdf`
and written atomically (:func:`model.runs.atomic.atomic_write_bytes`).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.errors import UserInputError
from model.provenance import SCENARIO_DIR, pdf_is_ours, refuse_foreign
from model.reporting.comparison_content import comparison_report_content
from model.reporting.forked import available_cores
from model.reporting.observed_content import REPLAY_SCENARIO, fit_record_path
from model.reporting.scenario_content import scenario_report_content
from model.reporting.summary import counts
from model.runs.atomic import atomic_write_bytes
from model.runs.runner import RunOutput, run_scenarios
from model.scenarios import Scenario, load_scenarios
from model.scenarios.observations import SOURCES_FILE
from model.text import DEFAULT_LANG, LANGS

__all__ = ["ReportResult", "build_report", "build_comparison", "render", "baseline_path", "report_is_ours",
           "prepare", "content_key", "warm_up"]


def baseline_path() -> Path | None:
    """The shipped baseline scenario (the reference for appendices and default charts)."""
    path = SCENARIO_DIR / "baseline.yaml"
    return path if path.is_file() else None


# --------------------------------------------------------------------------- files

#: Whether an existing PDF was written by this workbook (its keywords name the generator).
report_is_ours = pdf_is_ours


def _write_pdf(content: dict[str, Any], timestamp: _dt.datetime | None, target: Path, force: bool) -> Path:
    """Lay out ``content`` and write it to ``target`` atomically, unless a foreign PDF is there."""
    refuse_foreign(target, pdf_is_ours(target), force)
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


def _scenarios(scenario: str | Path, reference: str | Path | None) -> tuple[Scenario, Scenario | None, Scenario]:
    """The scenario, its reference (the shipped baseline unless given; none for the baseline itself)
    and the baseline the appendix compares with."""
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
    return s, ref_s, baseline


def _files_read(s: Scenario) -> list[Path]:
    """The data files a report of ``s`` reads besides its scenario files."""
    files: list[Path] = []
    for f in s.observation_files():
        files.extend(sorted(Path(f).glob("*.csv")) if Path(f).is_dir() else [Path(f)])
    return [*files, SOURCES_FILE, REPLAY_SCENARIO, fit_record_path(REPLAY_SCENARIO)]


def content_key(s: Scenario, ref_s: Scenario | None, baseline: Scenario, lang: str,
                timestamp: _dt.datetime | None) -> str:
    """A digest of everything a scenario report's content is made from (see the module docstring)."""
    digest = hashlib.sha256()
    for scenario in (s, ref_s, baseline):
        digest.update(b"-" if scenario is None else scenario.resolved_hash().encode())
        for link in (scenario.lineage if scenario is not None else []):
            digest.update(link.file_hash.encode())
    for path in _files_read(s):
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    digest.update(f"{lang}|{timestamp.isoformat() if timestamp else ''}".encode())
    return digest.hexdigest()


#: Contents assembled by :func:`prepare`, by :func:`content_key`; each is used once.
_PREPARED: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}


def _assemble(s: Scenario, ref_s: Scenario | None, baseline: Scenario, lang: str,
              timestamp: _dt.datetime | None, workers: int = 1) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run the scenario with its reference; the report's content and the summary row."""
    output = run_scenarios([s] + ([ref_s] if ref_s is not None else []))
    content = scenario_report_content(output, 0, 1 if ref_s is not None else None, baseline, lang, timestamp,
                                      workers=workers)
    return content, _summary_rows(output)[:1]


def prepare(scenario: str, reference: str | None = None, lang: str = DEFAULT_LANG,
            timestamp: str | None = None) -> None:
    """Assemble the content :func:`render` with the same parameters will write (see the module docstring),
    drawing on every core this kernel may use (:mod:`model.reporting.forked`): a one-off report's
    command only waits meanwhile."""
    _check_lang(lang)
    stamp = _dt.datetime.fromisoformat(timestamp) if timestamp else None
    s, ref_s, baseline = _scenarios(scenario, reference)
    _PREPARED[content_key(s, ref_s, baseline, lang, stamp)] = _assemble(s, ref_s, baseline, lang, stamp,
                                                                         workers=available_cores())


def warm_up(sections: bool = False) -> None:
    """What the first report of a process pays before drawing anything: the Typst compiler's
    font index and matplotlib's Noto CJK fonts for both languages' labels.

    With ``sections`` (a batch worker's kernel), also the modules of the optional sections
    (uncertainty: the draws, scipy.special, the fan charts).  A one-off report leaves
    them to the forked process that draws those sections, beside the others drawing the charts.
    """
    if sections:
        import scipy.special  # noqa: F401 - the samplers' inverse CDFs

        import model.analysis.draws  # noqa: F401
        import model.reporting.uncertainty_charts  # noqa: F401
    from matplotlib.figure import Figure

    from model.reporting.charts import setup_fonts
    from model.reporting.figures import to_svg
    from model.reporting.pdf import warm_up as pdf_warm_up

    pdf_warm_up()
    setup_fonts()
    figure = Figure(figsize=(2, 1))
    figure.subplots().set_title("地区生产总值 GDP 0123456789")
    to_svg(figure)


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
    s, ref_s, baseline = _scenarios(scenario, reference)
    prepared = _PREPARED.pop(content_key(s, ref_s, baseline, lang, timestamp), None) if _PREPARED else None
    content, summary = prepared or _assemble(s, ref_s, baseline, lang, timestamp)
    target = Path(out_dir) / f"{name or s.id}.pdf"
    if pdf:
        _write_pdf(content, timestamp, target, force)
    return ReportResult(target if pdf else None, [s.id], lang, time.perf_counter() - started, summary)


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

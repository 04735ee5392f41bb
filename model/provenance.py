"""Provenance: where the project lives, who wrote a file, when, and with which code.

One home for the rules every writer of outputs shares:

* :data:`PACKAGE_DIR`, :data:`PROJECT_ROOT`, :data:`SCENARIO_DIR`, :data:`NOTEBOOK_DIR`,
  :data:`REPORT_TEMPLATE` - the project's folders;
* :data:`GENERATOR`, :func:`is_ours`, :func:`manifest_generator` - the mark this workbook
  puts in every manifest, and the check that a folder or file carries it before anything
  replaces it;
* :data:`MODEL_NAME` - the ``model`` column of every results table (IAMC format);
* :func:`now` - timestamps (local time with its offset, whole seconds);
* :func:`git_commit`, :func:`model_fingerprint` - the code that made an output.

* :func:`pdf_is_ours`, :func:`text_is_ours`, :func:`refuse_foreign`, :func:`foreign_message` -
  the same check for PDFs and YAML files, and the one message when something else is in the way.

A leaf module: it imports nothing from the package but its version (``model.__version__``,
which imports nothing itself) and the error type (:mod:`model.errors`), so any layer may use it.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import subprocess
from pathlib import Path

from model import __version__
from model.errors import UserInputError

__all__ = ["PACKAGE_DIR", "PROJECT_ROOT", "SCENARIO_DIR", "NOTEBOOK_DIR", "REPORT_TEMPLATE",
           "GENERATOR", "MODEL_NAME", "MANIFEST_NAME", "DEFAULT_SEED", "now", "git_commit", "model_fingerprint",
           "manifest_generator", "is_ours", "relative_to_project", "FINGERPRINT_DIRS", "written_by_line",
           "text_is_ours", "pdf_is_ours", "foreign_message", "refuse_foreign"]

PACKAGE_DIR: Path = Path(__file__).resolve().parent
PROJECT_ROOT: Path = PACKAGE_DIR.parent
SCENARIO_DIR: Path = PROJECT_ROOT / "scenarios"
NOTEBOOK_DIR: Path = PROJECT_ROOT / "notebooks"
REPORT_TEMPLATE: Path = NOTEBOOK_DIR / "report.ipynb"

#: The mark in every manifest this workbook writes (``"generator"``).
GENERATOR = "urad-rear-workbook"
MANIFEST_NAME = "manifest.json"

#: The ``model`` column of the IAMC time-series format (the Integrated Assessment Modeling Consortium's
#: template, ``model, scenario, region, variable, unit, year, value``, as read by pyam: Huppmann et al.
#: 2021, "pyam: Analysis and visualisation of integrated assessment and macro-energy scenarios", Open
#: Research Europe 1:74): the workbook's name and version, so results of two versions stay apart when
#: their tables are stacked.
MODEL_NAME = f"Urad Rear Workbook {__version__}"

#: The default random seed of every sampler (ensembles, sensitivity, explorer bands): the
#: plan's adoption month, 2021-03-01.
DEFAULT_SEED = 20210301

#: Sub-packages whose code changes results: the fingerprint covers these and the report
#: template, not the command line's help text.
FINGERPRINT_DIRS: tuple[str, ...] = ("core", "scenarios", "runs", "analysis", "reporting")


def now() -> str:
    """The current local time as ISO 8601 with its UTC offset, to the second."""
    return _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def git_commit() -> str | None:
    """The project's git commit (with ``-dirty`` when the package has changes), if known."""
    try:
        head = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(PROJECT_ROOT), "status", "--porcelain", "--", "model"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("-dirty" if dirty else "")


@functools.lru_cache(maxsize=1)
def model_fingerprint() -> str:
    """SHA-256 over the code that changes results and the report template.

    Outputs are "current" only if they were made by the same code: a model change
    without a version bump must not let a rerun skip stale results.  Modules that
    only present (the command line, the explorer) are left out.
    """
    digest = hashlib.sha256()
    files = [PACKAGE_DIR / "__init__.py", PACKAGE_DIR / "text.py"]
    for sub in FINGERPRINT_DIRS:
        files += sorted((PACKAGE_DIR / sub).rglob("*.py"))
    files.append(REPORT_TEMPLATE)
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def manifest_generator(path: Path) -> str | None:
    """The ``generator`` recorded in the JSON manifest at ``path`` (None if absent or unreadable)."""
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8")).get("generator")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def is_ours(manifest: Path, generator: str = GENERATOR) -> bool:
    """Whether the manifest at ``manifest`` was written by this workbook (as ``generator``)."""
    return manifest_generator(manifest) == generator


def written_by_line(command: str) -> str:
    """The first line of a text file (a scenario YAML) that a workbook command writes."""
    return f"# 由 `python -m model {command}` 生成 / written by `python -m model {command}` ({GENERATOR})"


def text_is_ours(path: Path) -> bool:
    """Whether the text file at ``path`` starts with a :func:`written_by_line` of this workbook."""
    try:
        with open(path, encoding="utf-8") as fh:
            first = fh.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return first.startswith("# ") and first.rstrip().endswith(f"({GENERATOR})")


def pdf_is_ours(path: Path) -> bool:
    """Whether the PDF at ``path`` was written by this workbook (its keywords name :data:`GENERATOR`)."""
    try:
        with open(path, "rb") as fh:
            return GENERATOR.encode() in fh.read()
    except OSError:
        return False


def foreign_message(path: str | Path, writer: str = "this workbook", hint: str = " to replace it") -> str:
    """The one line shown when ``path`` exists and was not written by ``writer``."""
    return f"{path}: exists and was not written by {writer}; choose another --out or pass --force{hint}"


def refuse_foreign(path: Path, ours: bool, force: bool, writer: str = "this workbook") -> None:
    """Raise :class:`~model.errors.UserInputError` when ``path`` exists, is not ``ours`` and ``force``
    was not given: nothing a user made is replaced silently."""
    if Path(path).exists() and not ours and not force:
        raise UserInputError(foreign_message(path, writer))


def relative_to_project(path: str | Path) -> str:
    """``path`` relative to the project folder when it lies inside it, else as given."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)

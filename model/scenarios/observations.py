"""Observed statistics: CSV files of published numbers, each with its source.

An observation file (``data/observed/*.csv``) is UTF-8 CSV with the header
``variable,unit,year,value,source`` and the optional columns ``note`` and ``region``::

    # Lines starting with # are comments.
    variable,unit,year,value,source,note
    GDP|Nominal,亿元,2023,113,urad-2024-gwr,初步测算 (preliminary)

* ``variable`` and ``unit`` are those of the results contract (``model.core.VARIABLES``);
* ``year`` is a whole number in 2000-2035.  Years before 2020 are shown but not fitted;
* ``value`` is a number;
* ``source`` is a key of the bibliography ``data/sources.csv`` (title, issuer, date,
  address; listed in docs/sources.md) or a full citation written out in the cell;
* ``region`` (optional) is the region the number describes, by default the banner
  (:data:`~model.core.catalogue.REGION`).  Numbers for another region (Bayannur city)
  are context: shown beside the model, never fitted to it.

Files are checked the way scenario files are: every problem of every file is reported
in one pass as ``file:line: key: what was expected`` (:class:`ScenarioError`), so the
command line prints one line each and exits with status 2, writing nothing.  The same
variable, year and region twice in one set of files is an error: a fit would not know
which to believe.
"""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from model.core.catalogue import REGION, Variable
from model.core.simulate import VARIABLES
from model.core.timeline import FIRST_YEAR, LAST_YEAR
from model.provenance import PROJECT_ROOT
from model.scenarios.problems import Message, ScenarioError, ScenarioProblem, say, suggestion

__all__ = ["Observation", "ObservationSet", "load_observations", "load_sources", "Source",
           "REQUIRED_COLUMNS", "OPTIONAL_COLUMNS", "EARLIEST_YEAR", "SOURCES_FILE", "OBSERVED_DIR"]

REQUIRED_COLUMNS: tuple[str, ...] = ("variable", "unit", "year", "value", "source")
OPTIONAL_COLUMNS: tuple[str, ...] = ("note", "region")
#: The earliest year an observation may carry (history before the model's base year is shown).
EARLIEST_YEAR = 2000
#: The project's bibliography of statistics and the folder of shipped observations.
SOURCES_FILE: Path = PROJECT_ROOT / "data" / "sources.csv"
OBSERVED_DIR: Path = PROJECT_ROOT / "data" / "observed"
SOURCE_COLUMNS: tuple[str, ...] = ("key", "title", "issuer", "date", "address", "note")


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class Source:
    """One entry of the bibliography: where a number was read."""

    key: str
    title: str
    issuer: str
    date: str
    address: str
    note: str = ""

    def citation(self) -> str:
        """``title, issuer, date, address`` as one line."""
        return ", ".join(x for x in (self.title, self.issuer, self.date, self.address) if x)


@dataclass(frozen=True)
class Observation:
    """One published number and where it was read."""

    variable: str
    unit: str
    year: int
    value: float
    source: str
    note: str = ""
    region: str = REGION
    file: str = ""
    line: int = 0

    @property
    def fittable(self) -> bool:
        """Whether a fit may use it: the banner's number in a year the model runs."""
        return self.region == REGION and FIRST_YEAR <= self.year <= LAST_YEAR


@dataclass
class ObservationSet:
    """Observations loaded together from one or more files, with the bibliography."""

    observations: list[Observation]
    files: list[Path] = field(default_factory=list)
    sources: Mapping[str, Source] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.observations)

    def __iter__(self):
        return iter(self.observations)

    def fittable(self) -> list[Observation]:
        """The banner's observations in model years (what calibration and weighting use)."""
        return [o for o in self.observations if o.fittable]

    def for_variable(self, variable: str, region: str = REGION) -> list[Observation]:
        """Observations of one variable and region, by year."""
        return sorted((o for o in self.observations if o.variable == variable and o.region == region),
                      key=lambda o: o.year)

    def value(self, variable: str, year: int, region: str = REGION) -> float | None:
        """The observed value of ``variable`` in ``year``, if any."""
        for o in self.observations:
            if o.variable == variable and o.year == year and o.region == region:
                return o.value
        return None

    def citation(self, source: str) -> str:
        """The full citation of a source key (the cell itself when it is written out)."""
        entry = self.sources.get(source)
        return entry.citation() if entry else source

    def variables(self) -> list[str]:
        """The observed variables, in first-seen order."""
        return list(dict.fromkeys(o.variable for o in self.observations))

    @classmethod
    def empty(cls) -> "ObservationSet":
        return cls([], [], {})


# --------------------------------------------------------------------------- reading

def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_rows(path: Path, where: str, problems: list[ScenarioProblem]
               ) -> tuple[int, list[str], list[tuple[int, dict[str, str]]]] | None:
    """The header's line, the header and ``(line, row)`` pairs of a CSV file with ``#`` comment lines."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        problems.append(ScenarioProblem(where, None, "", say("file_not_found")))
        return None
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        problems.append(ScenarioProblem(where, line, "", say("csv_not_utf8")))
        return None
    except OSError as exc:
        problems.append(ScenarioProblem(where, None, "", say("csv_unreadable", reason=exc.strerror)))
        return None
    numbered = [(i, line) for i, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        problems.append(ScenarioProblem(where, None, "", say("csv_no_header", columns=",".join(REQUIRED_COLUMNS))))
        return None
    try:
        parsed = list(csv.reader(io.StringIO("\n".join(line for _, line in numbered))))
    except csv.Error as exc:
        problems.append(ScenarioProblem(where, None, "", say("csv_invalid", reason=exc)))
        return None
    header = [h.strip() for h in parsed[0]]
    rows = []
    for (line, _), cells in zip(numbered[1:], parsed[1:]):
        if len(cells) > len(header):
            problems.append(ScenarioProblem(where, line, "", say("csv_fields", n=len(cells), header=len(header))))
            continue
        rows.append((line, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}))
    return numbered[0][0], header, rows


def _check_header(header: list[str], where: str, line: int, problems: list[ScenarioProblem]) -> bool:
    ok = True
    for column in REQUIRED_COLUMNS:
        if column not in header:
            problems.append(ScenarioProblem(where, line, column,
                                            say("csv_missing_column", columns=",".join(REQUIRED_COLUMNS))))
            ok = False
    for column in header:
        if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            problems.append(ScenarioProblem(where, line, column, say(
                "csv_unknown_column", columns=", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS),
                hint=suggestion(column, REQUIRED_COLUMNS + OPTIONAL_COLUMNS))))
            ok = False
    return ok


def _check_row(row: Mapping[str, str], where: str, line: int, variables: Mapping[str, Variable],
               sources: Mapping[str, Source], problems: list[ScenarioProblem]) -> Observation | None:
    before = len(problems)

    def bad(key: str, message: Message) -> None:
        problems.append(ScenarioProblem(where, line, key, message))

    name, unit = row["variable"], row["unit"]
    variable = variables.get(name)
    if variable is None:
        bad("variable", say("unknown_variable", name=name, hint=suggestion(name, variables, cutoff=0.5)))
    elif unit != variable.unit:
        bad("unit", say("wrong_unit", unit=variable.unit, name=name, got=unit))
    try:
        year = int(row["year"])
    except ValueError:
        bad("year", say("a_whole_year", first=EARLIEST_YEAR, last=LAST_YEAR, got=row["year"]))
        year = 0
    else:
        if not EARLIEST_YEAR <= year <= LAST_YEAR:
            bad("year", say("a_year_in", first=EARLIEST_YEAR, last=LAST_YEAR, got=year))
    try:
        value = float(row["value"].replace("\u2212", "-"))
        if not math.isfinite(value):
            raise ValueError
    except ValueError:
        bad("value", say("csv_number", got=row["value"]))
        value = math.nan
    source = row["source"]
    if not source:
        bad("source", say("no_source"))
    elif " " not in source and source not in sources:
        bad("source", say("unknown_source", key=source, hint=suggestion(source, sources)))
    region = row.get("region") or REGION
    if len(problems) > before:
        return None
    return Observation(variable=name, unit=unit, year=year, value=value, source=source,
                       note=row.get("note", ""), region=region, file=where, line=line)


def load_sources(path: Path = SOURCES_FILE) -> dict[str, Source]:
    """The bibliography ``data/sources.csv`` as ``{key: Source}`` (raises on a malformed file)."""
    problems: list[ScenarioProblem] = []
    read = _read_rows(Path(path), _display(Path(path)), problems)
    if problems or read is None:
        raise ScenarioError(problems)
    _, header, rows = read
    missing = [c for c in SOURCE_COLUMNS[:5] if c not in header]
    if missing:
        raise ScenarioError([ScenarioProblem(_display(Path(path)), None, missing[0],
                                             say("sources_missing_column", columns=",".join(SOURCE_COLUMNS)))])
    out: dict[str, Source] = {}
    for line, row in rows:
        key = row["key"]
        if not key or key in out:
            problems.append(ScenarioProblem(_display(Path(path)), line, "key",
                                            say("empty") if not key else say("defined_twice", key=key)))
            continue
        out[key] = Source(**{c: row.get(c, "") for c in SOURCE_COLUMNS})
    if problems:
        raise ScenarioError(problems)
    return out


def load_observations(paths: Iterable[str | Path], variables: Mapping[str, Variable] = VARIABLES,
                      sources: Mapping[str, Source] | None = None) -> ObservationSet:
    """Load and check observation files; raise :class:`ScenarioError` with every problem.

    Parameters
    ----------
    paths
        CSV files (folders are searched for ``*.csv``).
    variables
        The variables an observation may name (the model's results contract).
    sources
        The bibliography; by default ``data/sources.csv``.

    Examples
    --------
    >>> obs = load_observations(["data/observed/plan-history.csv"])
    >>> obs.value("GDP|Nominal", 2020)
    67.61
    """
    if sources is None:
        sources = load_sources() if SOURCES_FILE.is_file() else {}
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files.extend(sorted(p.glob("*.csv")) if p.is_dir() else [p])
    problems: list[ScenarioProblem] = []
    observations: list[Observation] = []
    seen: dict[tuple[str, int, str], str] = {}
    for path in files:
        where = _display(path)
        read = _read_rows(path, where, problems)
        if read is None:
            continue
        header_line, header, rows = read
        if not _check_header(header, where, header_line, problems):
            continue
        for line, row in rows:
            obs = _check_row(row, where, line, variables, sources, problems)
            if obs is None:
                continue
            key = (obs.variable, obs.year, obs.region)
            if key in seen:
                problems.append(ScenarioProblem(where, line, "variable", say(
                    "observed_twice", variable=obs.variable, year=obs.year, other=seen[key])))
                continue
            seen[key] = f"{where}:{line}"
            observations.append(obs)
    if problems:
        raise ScenarioError(problems)
    return ObservationSet(observations, files, dict(sources))

"""Plan fitting's files: the weights file it reads, the fitted scenario and tables it writes.

A weights file gives targets a weight other than 1 (0 leaves a target out of the fit), as a
YAML mapping or a CSV with the columns ``target,weight``::

    # weights.yaml
    gdp_growth: 3            # growth counts three times
    logistics_va: 0          # not pursued

Every problem names the file, its line and what was expected (exit status 2).

:func:`write_fit` writes the fitted scenario (inheriting from the fitted one, stating only the
levers that moved, with a comment on the fit) and ``<id>-fit.csv`` beside it, both through a
temporary name; an existing file is replaced only when this workbook wrote it, or with
``force``.  :func:`write_front` writes a Pareto front's CSV the same way.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from model.analysis.fitplan.result import PlanFit
from model.errors import UserInputError
from model.provenance import refuse_foreign, text_is_ours, written_by_line
from model.runs.atomic import atomic_path
from model.scenarios import dump_scenario_yaml, load_scenario
from model.scenarios.yaml_lines import parse_yaml

__all__ = ["load_weights", "write_fit", "write_front", "check_writable"]


def _weight_error(path: Path, line: int | None, what: str) -> UserInputError:
    return UserInputError(f"{path}" + (f":{line}" if line else "") + f": {what}")


def load_weights(path: str | Path) -> tuple[dict[str, float], dict[str, str]]:
    """The weights of a YAML or CSV weights file, and where each is given (``file:line``).

    Checks the file's form (a mapping of ids to numbers);
    :func:`~model.analysis.fitplan.problem.check_choices` checks the ids and the values.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserInputError(f"{path}: file not found; expected a weights file (YAML or CSV)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(f"{path}: cannot read as UTF-8 text ({exc.__class__.__name__})") from None
    weights: dict[str, float] = {}
    lines: dict[str, str] = {}
    if path.suffix.lower() == ".csv":
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or [c.strip() for c in rows[0]] != ["target", "weight"]:
            raise _weight_error(path, 1, "expected the header target,weight")
        for n, row in enumerate(rows[1:], start=2):
            if not row:
                continue
            if len(row) != 2:
                raise _weight_error(path, n, f"expected two columns target,weight, got {len(row)}")
            try:
                weights[row[0].strip()] = float(row[1])
            except ValueError:
                raise _weight_error(path, n, f"weight of {row[0].strip()}: expected a number >= 0, got {row[1]!r}") from None
            lines[row[0].strip()] = f"{path}:{n}"
        return weights, lines
    data, key_lines, problems = parse_yaml(text, str(path))
    if problems:
        raise UserInputError(str(problems[0]))
    if not isinstance(data, dict):
        raise _weight_error(path, 1, "expected a mapping of target ids to weights (target_id: 2)")
    for key, value in data.items():
        line = key_lines.get((str(key),))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _weight_error(path, line, f"weight of {key}: expected a number >= 0, got {value!r}")
        weights[str(key)] = float(value)
        lines[str(key)] = f"{path}:{line}" if line else str(path)
    return weights, lines


def check_writable(path: Path, force: bool) -> None:
    """Refuse a folder, or an existing file this workbook did not write (unless ``force``)."""
    if path.is_dir():
        raise UserInputError(f"{path}: is a folder; expected a file name")
    refuse_foreign(path, text_is_ours(path), force)


def write_fit(fit: PlanFit, out: str | Path, force: bool = False) -> tuple[Path, Path]:
    """Write the fitted scenario and ``<id>-fit.csv`` beside it (the id is ``out``'s stem)."""
    out = Path(out)
    sid = out.stem
    table_path = out.with_name(f"{sid}-fit.csv")
    check_writable(out, force)
    if table_path.is_dir():
        raise UserInputError(f"{table_path}: is a folder; expected a file name")
    s = fit.scenario
    inherits = os.path.relpath(Path(s.path).resolve(), out.resolve().parent) if s.path is not None else None
    description = fit.describe()
    text = dump_scenario_yaml(sid, f"{s.title_zh}（规划拟合）", f"{s.title_en} (fitted plan)", description,
                              inherits, fit.values, s.registry)
    comment = "\n".join("# " + line for line in description.splitlines())
    with atomic_path(table_path) as tmp_csv, atomic_path(out) as tmp_yaml:
        fit.table().to_csv(tmp_csv, index=False, float_format="%.10g", encoding="utf-8")
        tmp_yaml.write_text(written_by_line("fit-plan") + "\n" + comment + "\n" + text, encoding="utf-8")
        load_scenario(tmp_yaml, s.registry)  # must load back before it takes its final name
    return out, table_path


def write_front(front: pd.DataFrame, path: str | Path) -> Path:
    """Write a Pareto front's table (through a temporary name)."""
    path = Path(path)
    if path.is_dir():
        raise UserInputError(f"{path}: is a folder; expected a file name")
    with atomic_path(path) as tmp:
        front.to_csv(tmp, index=False, float_format="%.10g", encoding="utf-8")
    return path

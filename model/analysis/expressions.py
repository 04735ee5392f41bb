"""Quantities and constraints: the small expression language of goal seeking.

A *quantity* is a sum of terms ``[coef*]item`` joined by `` + `` or `` - ``::

    Production|Copper + Production|Zinc[2030] - 2*lever + 10

where an item is

* a model variable in a year, ``Energy|Assessed[2025]``, or without the brackets
  in the question's year (the variables of :data:`model.core.simulate.VARIABLES`,
  in their own units);
* a scorecard target's value, ``target:gdp_growth`` (any modelled target of
  :data:`model.core.scorecard.TARGETS`, in the unit of its indicator);
* ``lever``, the value ``x`` that goal seeking varies;
* a number.

A *constraint* is ``A <= B`` or ``A >= B`` (``≤`` and ``≥`` are read too) between
two quantities; its *slack* is ``B - A`` for ``<=`` and ``A - B`` for ``>=``, so
that a constraint is satisfied exactly where its slack is non-negative.

Quantities are evaluated for every scenario of a vectorised run at once (arrays
over the leading scenario axis).  Parsing checks every name and year and refuses
bad text with one :class:`~model.errors.UserInputError` line naming where it was
written.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from model.core.scorecard import TARGETS
from model.core.simulate import VARIABLES
from model.core.timeline import FIRST_YEAR, LAST_YEAR, year_index
from model.errors import UserInputError
from model.text import did_you_mean

__all__ = ["Term", "Quantity", "Constraint", "parse_quantity", "parse_constraint"]

#: How close a misspelt name must be to a known one to be suggested (difflib ratio).
SUGGEST_CUTOFF = 0.5


# --------------------------------------------------------------------------- quantities

@dataclass(frozen=True)
class Term:
    """``coef * item``: a variable in a year, a target's value, the lever, or a constant."""

    coef: float
    kind: Literal["variable", "target", "lever", "number"]
    name: str = ""
    year: int = 0

    def text(self) -> str:
        item = {"variable": f"{self.name}[{self.year}]", "target": f"target:{self.name}",
                "lever": "lever", "number": ""}[self.kind]
        if self.kind == "number":
            return f"{self.coef:g}"
        return item if self.coef == 1 else f"{self.coef:g}*{item}"


@dataclass(frozen=True)
class Quantity:
    """A sum of :class:`Term` s, evaluated for every scenario of a run."""

    terms: tuple[Term, ...]

    def text(self) -> str:
        out = ""
        for i, t in enumerate(self.terms):
            s = t.text()
            if i == 0:
                out = s
            elif s.startswith("-"):
                out += " - " + s[1:]
            else:
                out += " + " + s
        return out

    def evaluate(self, x: np.ndarray, results: Mapping[str, np.ndarray],
                 target_values: Mapping[str, np.ndarray]) -> np.ndarray:
        """The quantity per scenario: ``x`` the lever values, ``results`` the model's
        variables (scenario x year), ``target_values`` the targets' values by id."""
        total = np.zeros(len(x))
        for t in self.terms:
            if t.kind == "variable":
                total = total + t.coef * results[t.name][:, year_index(t.year)]
            elif t.kind == "target":
                total = total + t.coef * target_values[t.name]
            elif t.kind == "lever":
                total = total + t.coef * x
            else:
                total = total + t.coef
        return total

    @property
    def targets(self) -> set[str]:
        """Ids of the scorecard targets the quantity reads."""
        return {t.name for t in self.terms if t.kind == "target"}


_TERM = re.compile(r"^(?:(?P<coef>[0-9.eE+-]+)\s*\*\s*)?(?P<item>.+?)$")


def parse_quantity(text: str, year: int, where: str = "quantity") -> Quantity:
    """Parse ``"Production|Copper[2025] + 2*lever - 10"`` (years default to ``year``)."""
    if not isinstance(text, str) or not text.strip():
        raise UserInputError(f"{where}: expected a quantity such as 'Energy|Assessed[2025]', got {text!r}")
    pieces = re.split(r"\s+([+-])\s+", " " + text.strip() + " ")
    signs = ["+"] + pieces[1::2]
    terms = []
    for sign, raw in zip(signs, pieces[0::2]):
        raw = raw.strip()
        m = _TERM.match(raw)
        if not raw or m is None:
            raise UserInputError(f"{where}: cannot read {text!r}; expected terms like "
                                 "'Energy|Assessed[2025]', 'target:gdp_growth', 'lever' or numbers "
                                 "joined by ' + ' or ' - '")
        coef = 1.0
        item = m.group("item").strip()
        if m.group("coef"):
            try:
                coef = float(m.group("coef"))
            except ValueError:
                raise UserInputError(f"{where}: {m.group('coef')!r} is not a number") from None
        coef = -coef if sign == "-" else coef
        try:
            value = float(item)
        except ValueError:
            value = None
        if value is not None and math.isfinite(value):
            terms.append(Term(coef=coef * value, kind="number"))
        elif item == "lever":
            terms.append(Term(coef=coef, kind="lever"))
        elif item.startswith("target:"):
            tid = item[len("target:"):].strip()
            modelled = [t.id for t in TARGETS if t.is_modelled]
            if tid not in modelled:
                raise UserInputError(f"{where}: no modelled scorecard target {tid!r}"
                                     + did_you_mean(tid, modelled, SUGGEST_CUTOFF))
            terms.append(Term(coef=coef, kind="target", name=tid))
        else:
            ym = re.match(r"^(.*?)\s*\[(\d{4})\]$", item)
            name, y = (ym.group(1).strip(), int(ym.group(2))) if ym else (item, year)
            if name not in VARIABLES:
                raise UserInputError(f"{where}: unknown variable {name!r}"
                                     + did_you_mean(name, VARIABLES, SUGGEST_CUTOFF))
            if not FIRST_YEAR <= y <= LAST_YEAR:
                raise UserInputError(f"{where}: year {y} is outside {FIRST_YEAR}-{LAST_YEAR}")
            terms.append(Term(coef=coef, kind="variable", name=name, year=y))
    return Quantity(terms=tuple(terms))


# --------------------------------------------------------------------------- constraints

@dataclass(frozen=True)
class Constraint:
    """``lhs <= rhs`` or ``lhs >= rhs``."""

    lhs: Quantity
    op: Literal["<=", ">="]
    rhs: Quantity

    def text(self) -> str:
        return f"{self.lhs.text()} {self.op} {self.rhs.text()}"

    @property
    def targets(self) -> set[str]:
        """Ids of the scorecard targets either side reads."""
        return self.lhs.targets | self.rhs.targets

    def sides(self, x: np.ndarray, results: Mapping[str, np.ndarray],
              target_values: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Both sides per scenario (see :meth:`Quantity.evaluate` for the arguments)."""
        return self.lhs.evaluate(x, results, target_values), self.rhs.evaluate(x, results, target_values)

    def slack(self, x: np.ndarray, results: Mapping[str, np.ndarray],
              target_values: Mapping[str, np.ndarray]) -> np.ndarray:
        """``rhs - lhs`` for ``<=``, ``lhs - rhs`` for ``>=``: non-negative when satisfied."""
        a, b = self.sides(x, results, target_values)
        return b - a if self.op == "<=" else a - b


def parse_constraint(text: str, year: int, where: str = "constraint") -> Constraint:
    """Parse ``"Energy|Assessed[2025] <= Energy|Cap[2025]"``."""
    if not isinstance(text, str):
        raise UserInputError(f"{where}: expected text such as 'Energy|Assessed <= Energy|Cap', got {text!r}")
    m = re.match(r"^(.*?)(<=|>=|≤|≥)(.*)$", text.strip())
    if not m:
        raise UserInputError(f"{where}: expected 'A <= B' or 'A >= B', got {text!r}")
    op = {"≤": "<=", "≥": ">="}.get(m.group(2), m.group(2))
    return Constraint(lhs=parse_quantity(m.group(1), year, where), op=op,  # type: ignore[arg-type]
                      rhs=parse_quantity(m.group(3), year, where))

"""The plan scorecard: every target of the plan, checked for every scenario.

Status rules (``tolerance`` from the registry's scorecard settings):

* ``about``: met when ``|value - target| <= tolerance``;
* ``>=``: met when ``value >= target``;
* ``<=``: met when ``value <= target``;
* ``not_modelled``: listed with its plan section, never judged.

The margin is ``value - target`` in the target's unit, so a positive margin on
a ``>=`` target and a negative one on a ``<=`` target are to the good.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from model.core.catalogue import Results, Target
from model.core.domains import DOMAINS
from model.core.parameter import ParameterSet
from model.core.timeline import year_index
from model.text import pick

__all__ = ["TARGETS", "Scorecard", "evaluate_targets", "MET", "MISSED", "NOT_MODELLED",
           "STATUS_LABELS", "judge"]

#: Every target of every domain, in domain order.
TARGETS: list[Target] = [t for d in DOMAINS for t in d.TARGETS]

MET, MISSED, NOT_MODELLED = "met", "missed", "not modelled"
STATUS_LABELS: dict[str, tuple[str, str]] = {
    MET: ("达成", "met"), MISSED: ("未达成", "missed"), NOT_MODELLED: ("未建模", "not modelled"),
}
#: Tolerance for floating-point round-off when comparing with a target.
_EPS = 1e-9


@dataclass(frozen=True)
class Scorecard:
    """Target evaluation for ``n`` scenarios and ``k`` targets.

    ``value``, ``target``, ``tolerance`` and ``margin`` are float arrays of
    shape ``(n, k)`` (NaN where not modelled); ``met`` is boolean ``(n, k)``;
    ``status`` is a string array ``(n, k)``.
    """

    targets: list[Target]
    value: np.ndarray
    target: np.ndarray
    tolerance: np.ndarray
    margin: np.ndarray
    met: np.ndarray
    status: np.ndarray
    basis: dict[int, tuple[np.ndarray, tuple[tuple[str, str], ...]]] = field(default_factory=dict)

    def index(self, target_id: str) -> int:
        """Column of a target."""
        return next(i for i, t in enumerate(self.targets) if t.id == target_id)

    def _note(self, j: int, scenario: int, lang: str) -> str:
        """The target's note, led by the basis it was measured on when a parameter sets it."""
        t = self.targets[j]
        note = pick(lang, t.note_zh, t.note_en)
        if j not in self.basis:
            return note
        codes, labels = self.basis[j]
        basis = pick(lang, "口径：", "basis: ") + pick(lang, *labels[int(codes[scenario])])
        return f"{basis}{pick(lang, '；', '; ')}{note}" if note else basis

    def rows(self, scenario: int = 0, lang: str = "zh") -> list[dict[str, object]]:
        """One scenario's scorecard as plain rows (for tables and CSV)."""
        rows = []
        for j, t in enumerate(self.targets):
            status = str(self.status[scenario, j])
            rows.append({
                "target": t.id,
                "label": t.label(lang),
                "section": t.section,
                "theme": t.theme,
                "year": t.year,
                "comparison": t.comparison,
                "target_value": _clean(self.target[scenario, j]),
                "tolerance": _clean(self.tolerance[scenario, j]),
                "value": _clean(self.value[scenario, j]),
                "unit": t.unit,
                "status": status,
                "status_label": pick(lang, *STATUS_LABELS[status]),
                "margin": _clean(self.margin[scenario, j]),
                "note": self._note(j, scenario, lang),
            })
        return rows


def _clean(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def judge(comparison: str, value: np.ndarray, target: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Whether ``value`` meets a target: within ``tolerance`` of it (``about``), at least or at most it.

    The one rule for the model's values and for observed ones (the plan's final evaluation).
    """
    value, target = np.asarray(value, dtype=float), np.asarray(target, dtype=float)
    if comparison == "about":
        return np.abs(value - target) <= np.nan_to_num(np.asarray(tolerance, dtype=float)) + _EPS
    if comparison == ">=":
        return value >= target - _EPS
    return value <= target + _EPS


def evaluate_targets(params: ParameterSet, results: Results,
                     targets: list[Target] | None = None) -> Scorecard:
    """Evaluate every target for every scenario (vectorised over scenarios)."""
    targets = TARGETS if targets is None else targets
    n, k = params.n, len(targets)
    value = np.full((n, k), np.nan)
    target = np.full((n, k), np.nan)
    tolerance = np.full((n, k), np.nan)
    met = np.zeros((n, k), dtype=bool)
    # Fixed-width unicode rather than object dtype: ensembles evaluate this for
    # 10^4-10^5 draws per chunk, and object arrays cost more than the model.
    status = np.full((n, k), NOT_MODELLED, dtype="<U12")
    basis: dict[int, tuple[np.ndarray, tuple[tuple[str, str], ...]]] = {}
    for j, t in enumerate(targets):
        if t.basis_parameter is not None:
            p = params.definitions[t.basis_parameter]
            basis[j] = (np.asarray(params[t.basis_parameter]),
                        tuple(p.choice_labels.get(c, (str(c), str(c))) for c in p.choices))
        if t.target_parameter is not None:
            target[:, j] = params.series(t.target_parameter)[:, year_index(t.year)]
        elif t.target is not None:
            target[:, j] = t.target
        if not t.is_modelled:
            continue
        v = np.broadcast_to(np.asarray(t.evaluate(params, results), dtype=float), (n,))
        value[:, j] = v
        if t.comparison == "about":
            tolerance[:, j] = params[t.tolerance_parameter] if t.tolerance_parameter else np.zeros(n)
        ok = judge(t.comparison, v, target[:, j], tolerance[:, j])
        met[:, j] = ok
        status[:, j] = np.where(ok, MET, MISSED)
    margin = value - target
    return Scorecard(targets, value, target, tolerance, margin, met, status, basis)

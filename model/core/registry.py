"""The parameter registry: the single source of truth for every assumption.

Validation (:mod:`model.scenarios`), the parameter listing (``python -m model
params``), the widgets, the documentation and the reports' assumptions
appendix are all generated from :data:`REGISTRY`.  No default is written
anywhere else.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from model.core.domains import DOMAINS
from model.core.parameter import THEMES, Parameter, ParameterSet, ParameterValue

__all__ = ["Registry", "REGISTRY"]


class Registry(Mapping[str, Parameter]):
    """An ordered, name-indexed collection of :class:`Parameter` definitions."""

    def __init__(self, parameters: list[Parameter]):
        self._parameters: dict[str, Parameter] = {}
        for p in parameters:
            if p.name in self._parameters:
                raise ValueError(f"parameter {p.name!r} is defined twice")
            self._check(p)
            self._parameters[p.name] = p

    @staticmethod
    def _check(p: Parameter) -> None:
        if p.theme not in THEMES:
            raise ValueError(f"parameter {p.name!r}: unknown theme {p.theme!r}")
        if p.dtype == "choice":
            if p.default not in p.choices:
                raise ValueError(f"parameter {p.name!r}: default not among its choices")
            return
        values = list(p.default.values()) if isinstance(p.default, dict) else [p.default]
        for v in values:
            if not p.lower <= float(v) <= p.upper:
                raise ValueError(f"parameter {p.name!r}: default {v} outside [{p.lower}, {p.upper}]")

    def __getitem__(self, name: str) -> Parameter:
        return self._parameters[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def by_theme(self) -> dict[str, list[Parameter]]:
        """Parameters grouped by theme, in :data:`THEMES` order."""
        groups: dict[str, list[Parameter]] = {t: [] for t in THEMES}
        for p in self._parameters.values():
            groups[p.theme].append(p)
        return {t: ps for t, ps in groups.items() if ps}

    def defaults(self) -> dict[str, ParameterValue]:
        """Every parameter's default value, in scenario-file form."""
        return {name: (dict(p.default) if isinstance(p.default, dict) else p.default)
                for name, p in self._parameters.items()}

    def parameter_set(self, scenarios: list[Mapping[str, ParameterValue]]) -> ParameterSet:
        """The model's array input for fully resolved scenarios."""
        return ParameterSet.stack(self._parameters, scenarios)

    def default_parameter_set(self, n: int = 1) -> ParameterSet:
        """``n`` copies of the defaults as model input."""
        single = self.parameter_set([self.defaults()])
        return ParameterSet(self._parameters,
                            {k: np.repeat(v, n, axis=0) for k, v in single.items()})


REGISTRY = Registry([p for domain in DOMAINS for p in domain.PARAMETERS])

"""The scenario: what a file sets, what it inherits, and what that resolves to.

A scenario file is human-edited YAML::

    id: slower-industry              # lower-case letters, digits, - and _
    title:
      zh: 工业放缓
      en: Slower industry
    description: |
      Why this scenario exists, in a sentence or two.
    inherits: baseline               # another scenario, by id or path (optional)
    levers:                          # policy choices
      growth_mining: {2021: 0.06, 2025: 0.06, 2035: 0.04}
    assumptions:                     # uncertain facts
      va_2020_mining: 14.0
    uncertainties:                   # optional: override distributions (ensembles)
      va_2020_mining: {kind: triangular, low: 12, mode: 14, high: 17}
    report:                          # optional: what the PDF report adds
      uncertainty_draws: 500         # fan charts from an ensemble of this size (0 = none)
      uncertainty_seed: 20210301
      discover:                      # optional: the section 情景发现 / Scenario discovery
        targets: [energy_within_cap, gdp_growth]
        draws: 4000

:class:`Scenario` holds one loaded file with its parent.  Values resolve down
the chain, nearest last::

    resolved = registry defaults <- root ancestor's overrides <- ... <- own overrides

and the hash of the resolved values and distributions (:func:`canonical_hash`,
SHA-256 of canonical JSON) says whether two scenarios give the same results.
Files are read by :mod:`model.scenarios.loading` and written by
:mod:`model.scenarios.writing`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.core.parameter import Distribution, ParameterValue
from model.core.registry import REGISTRY, Registry
from model.scenarios.schema import ReportOptions
from model.text import DEFAULT_LANG, pick

__all__ = ["Scenario", "ROOT_ID", "canonical_hash"]

#: Id of the implicit root scenario: the registry's defaults.
ROOT_ID = "defaults"


@dataclass
class Scenario:
    """A loaded, validated scenario with its inheritance chain resolved.

    Attributes
    ----------
    levers, assumptions
        What this file itself sets (not what it inherits).
    uncertainties
        Distributions this file sets (overriding the registry's).
    parent
        The scenario it inherits from (None for a child of the defaults).
    """

    id: str
    title_zh: str
    title_en: str
    description: str = ""
    path: Path | None = None
    inherits: str | None = None
    parent: "Scenario | None" = None
    levers: dict[str, ParameterValue] = field(default_factory=dict)
    assumptions: dict[str, ParameterValue] = field(default_factory=dict)
    uncertainties: dict[str, Distribution] = field(default_factory=dict)
    report: ReportOptions | None = None
    observed: list[Path] | None = None
    file_hash: str = ""
    registry: Registry = field(default_factory=lambda: REGISTRY, repr=False)

    def title(self, lang: str = DEFAULT_LANG) -> str:
        return pick(lang, self.title_zh, self.title_en)

    @property
    def overrides(self) -> dict[str, ParameterValue]:
        """Parameters this file sets itself (levers and assumptions together)."""
        return {**self.levers, **self.assumptions}

    @property
    def lineage(self) -> list["Scenario"]:
        """This scenario and its ancestors, nearest first."""
        chain, s = [], self
        while s is not None:
            chain.append(s)
            s = s.parent
        return chain

    def resolved(self) -> dict[str, ParameterValue]:
        """Every parameter's value: registry defaults overridden down the chain."""
        values = self.registry.defaults()
        for s in reversed(self.lineage):
            values.update(s.overrides)
        return values

    def inherited(self) -> dict[str, ParameterValue]:
        """Every parameter's value as the parent resolves it (defaults for a root child)."""
        return self.parent.resolved() if self.parent else self.registry.defaults()

    def distributions(self) -> dict[str, Distribution]:
        """Uncertainty distributions: the registry's, overridden down the chain."""
        dists = {n: p.distribution for n, p in self.registry.items() if p.distribution}
        for s in reversed(self.lineage):
            dists.update(s.uncertainties)
        return dists

    def report_options(self) -> ReportOptions:
        """The nearest ``report:`` block in the chain (defaults when none sets one)."""
        for s in self.lineage:
            if s.report is not None:
                return s.report
        return ReportOptions()

    def observation_files(self) -> list[Path]:
        """The nearest ``observed:`` list in the chain (none when no scenario names one).

        Load them with :func:`model.scenarios.observations.load_observations`.
        """
        for s in self.lineage:
            if s.observed is not None:
                return list(s.observed)
        return []

    def resolved_hash(self) -> str:
        """SHA-256 of the resolved parameters and distributions (what determines results)."""
        payload = {"parameters": self.resolved(),
                   "uncertainties": {k: v.as_dict() for k, v in sorted(self.distributions().items())}}
        return canonical_hash(payload)

    def manifest(self) -> dict[str, Any]:
        """Provenance: id, file, hashes and chain, for manifests and reports."""
        return {
            "id": self.id,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "file": str(self.path) if self.path else None,
            "file_sha256": self.file_hash,
            "resolved_sha256": self.resolved_hash(),
            "inherits": [s.id for s in self.lineage[1:]] + [ROOT_ID],
        }

    @classmethod
    def from_defaults(cls, registry: Registry = REGISTRY) -> "Scenario":
        """The implicit root: the registry's defaults, with no file."""
        return cls(ROOT_ID, "参数默认值", "Parameter defaults",
                   "The registry's defaults (the root of every scenario tree).", registry=registry)


def canonical_hash(payload: Any) -> str:
    """SHA-256 of a JSON-serialisable payload in canonical form."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

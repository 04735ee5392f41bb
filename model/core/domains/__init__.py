"""The model's domain modules, in the order the pipeline runs them.

Each domain module is pure and exposes:

* ``PARAMETERS``: list of :class:`~model.core.parameter.Parameter`;
* ``VARIABLES``: list of :class:`~model.core.catalogue.Variable` it produces;
* ``TARGETS``: list of :class:`~model.core.catalogue.Target` of the plan it checks;
* ``DIAGNOSTICS`` (optional): list of :class:`~model.core.catalogue.Diagnostic`;
* ``compute(params, results) -> results``: its outputs, given the parameter
  arrays and the outputs of the modules before it.

Physical modules come before :mod:`~model.core.domains.economy` so that an industry's
value added can be driven by its physical output; energy accounting comes after
the economy because intensity divides by GDP.  Prices follow the economy (they turn its
real value added into current prices), the next plan's carbon rules follow energy, and
people and incomes come last: jobs and incomes are derived from value added, and
incomes need the CPI.
"""
from __future__ import annotations

from types import ModuleType

from model.core.domains import (carbon, coal_chemicals, economy, energy, incomes, livestock, people, power,
                                prices, smelting)

__all__ = ["DOMAINS"]

DOMAINS: tuple[ModuleType, ...] = (
    livestock,
    smelting,
    coal_chemicals,
    power,
    economy,
    prices,
    energy,
    carbon,
    people,
    incomes,
)

"""The pure model core: numpy functions over a leading scenario axis.

No file I/O, no widgets, no printing.  One scenario and 100,000 ensemble draws
run through the same code.
"""
from model.core.catalogue import Diagnostic, Results, Target, Variable
from model.core.parameter import THEMES, Distribution, Parameter, ParameterSet
from model.core.registry import REGISTRY, Registry
from model.core.scorecard import TARGETS, Scorecard, evaluate_targets
from model.core.simulate import VARIABLES, simulate
from model.core.timeline import BASE_YEAR, N_YEARS, PLAN_YEAR, YEARS, interpolate_path, year_index

__all__ = ["BASE_YEAR", "Diagnostic", "Distribution", "N_YEARS", "PLAN_YEAR", "Parameter",
           "ParameterSet", "REGISTRY", "Registry", "Results", "Scorecard", "TARGETS", "THEMES",
           "Target", "VARIABLES", "Variable", "YEARS", "evaluate_targets", "interpolate_path",
           "simulate", "year_index"]

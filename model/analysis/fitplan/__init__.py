"""Plan fitting (``python -m model fit-plan``): the closest plan that holds.

* :mod:`~model.analysis.fitplan.problem` - goals, shortfalls, hard limits year by year, the
  goal-programming objective evaluated for a whole population in one model call;
* :mod:`~model.analysis.fitplan.solver` - differential evolution and a compass search;
* :mod:`~model.analysis.fitplan.result` - :func:`fit_plan`, :class:`PlanFit`, and
  :func:`fit_plan_in_background` for the explorer;
* :mod:`~model.analysis.fitplan.pareto` - the trade-off between two targets;
* :mod:`~model.analysis.fitplan.files` - the weights file, the fitted scenario and its tables.
"""
from model.analysis.fitplan.files import load_weights, write_fit, write_front
from model.analysis.fitplan.pareto import pareto_front
from model.analysis.fitplan.problem import DEFAULT_HARD, PlanProblem, check_choices, shortfall, yearly_values
from model.analysis.fitplan.result import PlanFit, fit_plan, fit_plan_in_background
from model.analysis.fitplan.solver import Budget, NoFeasiblePlan

__all__ = ["DEFAULT_HARD", "Budget", "NoFeasiblePlan", "PlanFit", "PlanProblem", "check_choices", "fit_plan",
           "fit_plan_in_background", "load_weights", "pareto_front", "shortfall", "write_fit", "write_front",
           "yearly_values"]

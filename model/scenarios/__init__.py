"""Scenarios: files, YAML with line numbers, validation against the registry, inheritance, writing.

Import the public names from here (``from model.scenarios import load_scenario``); the
modules behind them may move:

* :mod:`~model.scenarios.scenario` - the :class:`Scenario` (what a file sets, what it
  inherits, what that resolves to);
* :mod:`~model.scenarios.problems` - :class:`ScenarioProblem` lines and :class:`ScenarioError`;
* :mod:`~model.scenarios.yaml_lines` - safe YAML that remembers every key's line;
* :mod:`~model.scenarios.values` - one parameter's value or distribution checked against
  the registry (:func:`check_value`, shared with the explorer);
* :mod:`~model.scenarios.schema` - the pydantic model generated from the registry, and
  its errors in plain words;
* :mod:`~model.scenarios.loading` - reading, validating, ``inherits``, finding files;
* :mod:`~model.scenarios.writing` - :func:`dump_scenario_yaml`.
"""
from model.provenance import SCENARIO_DIR
from model.scenarios.loading import find_scenario_files, load_scenario, load_scenarios
from model.scenarios.problems import ScenarioError, ScenarioProblem
from model.scenarios.scenario import ROOT_ID, Scenario, canonical_hash
from model.scenarios.schema import ReportOptions
from model.scenarios.values import InvalidValue, check_value
from model.scenarios.writing import dump_scenario_yaml

__all__ = ["ReportOptions", "Scenario", "ScenarioProblem", "ScenarioError", "load_scenario", "load_scenarios",
           "find_scenario_files", "dump_scenario_yaml", "SCENARIO_DIR", "ROOT_ID", "canonical_hash",
           "InvalidValue", "check_value"]

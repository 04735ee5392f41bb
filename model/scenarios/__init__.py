"""Scenarios: files, YAML with line numbers, validation against the registry, inheritance, writing.

Import the public names from here (``from model.scenarios import load_scenario``); the
modules behind them may move.
"""
from model.scenarios.scenario import (ROOT_ID, SCENARIO_DIR, ReportOptions, Scenario, ScenarioError,
                                      ScenarioProblem, canonical_hash, dump_scenario_yaml, find_scenario_files,
                                      load_scenario, load_scenarios)

__all__ = ["ReportOptions", "Scenario", "ScenarioProblem", "ScenarioError", "load_scenario", "load_scenarios",
           "find_scenario_files", "dump_scenario_yaml", "SCENARIO_DIR", "ROOT_ID", "canonical_hash"]

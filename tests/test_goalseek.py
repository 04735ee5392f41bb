"""Tests of model.analysis.goalseek and its expression language (model.analysis.expressions):
hand-solvable questions, infeasibility, scenario files written back."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest
import yaml

from model.analysis import goalseek
from model.core.registry import REGISTRY
from model.core.simulate import simulate
from model.errors import UserInputError
from model.analysis.expressions import parse_constraint, parse_quantity
from model.analysis.goalseek import Infeasible, question_from_mapping, solve, write_solution
from model.provenance import PROJECT_ROOT
from model.scenarios import load_scenario

# The test's own inputs (not registry defaults): primary-sector energy intensity 0.25 t/万元.
INTENSITY = 0.25
CAP = 2.4  # 万吨标准煤


@pytest.fixture
def scenario(tmp_path, scenario_dir):
    f = tmp_path / "low-intensity.yaml"
    f.write_text("id: low-intensity\ntitle: {zh: 测试, en: test}\n"
                 f"inherits: {scenario_dir / 'baseline.yaml'}\n"
                 f"assumptions:\n  energy_intensity_primary: {INTENSITY}\n", encoding="utf-8")
    return load_scenario(f)


def _energy_question(scenario, cap=CAP, **extra):
    data = {"name": "primary-energy", "levers": "va_2020_primary", "maximise": "lever",
            "constraints": [f"Energy|Primary[2020] <= {cap}"], **extra}
    return question_from_mapping(data, scenario)


def test_linear_energy_constraint_solved_by_hand(scenario):
    # Energy|Primary = primary value added (亿元) x intensity (t/万元) in 万吨标准煤 (energy.py):
    # the largest 2020 primary value added with at most 2.4 万tce is 2.4 / 0.25 = 9.6 亿元.
    sol = solve(scenario, _energy_question(scenario))
    assert sol.value == pytest.approx(CAP / INTENSITY, rel=1e-9)
    assert sol.binding == f"Energy|Primary[2020] <= {CAP:g}"
    assert sol.constraints[0]["slack"] == pytest.approx(0.0, abs=1e-9)


def test_a_slack_constraint_does_not_bind(scenario):
    # add a constraint that is loose at the answer: 9.6 x 0.25 = 2.4 >= 1 by a margin of 1.4
    q = _energy_question(scenario, constraints=[f"Energy|Primary[2020] <= {CAP}", "Energy|Primary[2020] >= 1"])
    sol = solve(scenario, q)
    assert sol.value == pytest.approx(9.6, rel=1e-9)
    assert sol.binding == "Energy|Primary[2020] <= 2.4"
    assert sol.constraints[1]["slack"] == pytest.approx(1.4, rel=1e-9)


def test_minimise_against_a_floor(scenario):
    # smallest primary value added with at least 1.5 万tce: 1.5 / 0.25 = 6.0 亿元
    q = question_from_mapping({"levers": "va_2020_primary", "minimise": None,
                               "constraints": ["Energy|Primary[2020] >= 1.5"]}, scenario)
    assert solve(scenario, q).value == pytest.approx(6.0, rel=1e-9)


def test_target_solved_by_hand(scenario):
    # Energy|Primary[2020] = 2.0 needs 2.0 / 0.25 = 8.0 亿元
    q = question_from_mapping({"levers": "va_2020_primary", "target": "Energy|Primary[2020] = 2.0"}, scenario)
    sol = solve(scenario, q)
    assert sol.value == pytest.approx(8.0, rel=1e-9)
    assert sol.objective_value == pytest.approx(2.0, rel=1e-9)


def test_unconstrained_maximum_sits_on_the_lever_bound(scenario):
    q = question_from_mapping({"levers": "va_2020_primary", "maximise": "GDP[2020]", "bounds": [1, 12]},
                              scenario)
    sol = solve(scenario, q)
    assert sol.value == 12.0
    assert "upper bound" in sol.binding


def test_infeasible_question_raises_with_the_numbers(scenario):
    # even with no primary value added (x = 0), energy is 0 > -1: nothing satisfies it
    with pytest.raises(Infeasible, match=r"infeasible: .*Energy\|Primary\[2020\] <= -1.*short by 1"):
        solve(scenario, _energy_question(scenario, cap=-1))
    q = question_from_mapping({"levers": "va_2020_primary", "target": "Energy|Primary[2020] = 100",
                               "bounds": [0, 30]}, scenario)
    with pytest.raises(Infeasible, match="cannot be reached"):
        solve(scenario, q)


def test_answer_written_as_an_inheriting_scenario(tmp_path, scenario):
    sol = solve(scenario, _energy_question(scenario))
    out = tmp_path / "answers" / "answer.yaml"
    write_solution(scenario, sol, out)
    answer = load_scenario(out)
    assert answer.parent is not None and answer.parent.id == "low-intensity"
    assert answer.overrides == {"va_2020_primary": pytest.approx(9.6, rel=1e-9)}
    assert "Binding constraint: Energy|Primary[2020] <= 2.4" in answer.description
    # running the file reproduces the answer: energy at the cap
    params = REGISTRY.parameter_set([answer.resolved()])
    assert simulate(params)["Energy|Primary"][0, 0] == pytest.approx(CAP, rel=1e-9)
    with pytest.raises(UserInputError, match="exists"):
        write_solution(scenario, sol, out)
    write_solution(scenario, sol, out, force=True)


def test_time_varying_lever_over_a_period(scenario):
    # services growth 2021-2025 that makes services value added grow by exactly 1.05^5 over 2020
    q = question_from_mapping({"levers": "growth_tertiary", "period": [2021, 2025],
                               "target": {"quantity": "GDP|Tertiary[2025] - 1.2762815625*GDP|Tertiary[2020]",
                                          "value": 0.0}}, scenario)
    sol = solve(scenario, q)
    assert sol.value == pytest.approx(0.05, abs=1e-9)  # 1.05^5 = 1.2762815625


def test_parsing_and_validation(scenario):
    q = parse_quantity("Production|Copper + 2*Production|Zinc[2030] - 5", 2025)
    assert q.text() == "Production|Copper[2025] + 2*Production|Zinc[2030] - 5"
    c = parse_constraint("Energy|Assessed ≤ Energy|Cap", 2024)
    assert c.op == "<=" and c.text() == "Energy|Assessed[2024] <= Energy|Cap[2024]"
    for bad, match in [({"levers": "nope", "maximise": None}, "unknown parameter"),
                       ({"levers": "va_2020_primary"}, "exactly one of"),
                       ({"levers": "va_2020_primary", "maximise": "GPD"}, "unknown variable"),
                       ({"levers": "va_2020_primary", "maximise": None, "bounds": [0, 99]}, "allowed range"),
                       ({"levers": "accounting_regime", "maximise": None}, "continuous"),
                       ({"levers": "va_2020_primary", "maximise": None, "period": [2021, 2025]}, "does not vary"),
                       ({"levers": "va_2020_primary", "maximise": None, "colour": 1}, "unknown key")]:
        with pytest.raises(UserInputError, match=match):
            question_from_mapping(bad, scenario)


@pytest.mark.slow
def test_cli_solve_and_infeasible_exit_status(tmp_path, cli, scenario):
    out = tmp_path / "a.yaml"
    args = ["solve", str(scenario.path), "--lever", "va_2020_primary", "--maximise",
            "--constraint", "Energy|Primary[2020] <= 2.4", "--out", str(out), "--lang", "en"]
    res = cli(*args)
    assert res.returncode == 0, res.stderr
    assert "binding: Energy|Primary[2020] <= 2.4" in res.stdout
    assert load_scenario(out).overrides["va_2020_primary"] == pytest.approx(9.6, rel=1e-9)
    before = out.read_bytes()
    res = cli(*args)  # never overwrites without --force
    assert res.returncode == 2 and "--force" in res.stderr and out.read_bytes() == before
    bad = tmp_path / "b.yaml"
    res = cli("solve", str(scenario.path), "--lever", "va_2020_primary", "--maximise",
              "--constraint", "Energy|Primary[2020] <= -1", "--out", str(bad), "--lang", "en")
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: infeasible:")
    assert not bad.exists()


def test_question_yaml_file(tmp_path, cli, scenario):
    qf = tmp_path / "q.yaml"
    qf.write_text("question:\n  name: cap-primary\n  levers: [va_2020_primary]\n  maximise: lever\n"
                  "  year: 2020\n  constraints:\n    - Energy|Primary <= 2.4\n", encoding="utf-8")
    out = tmp_path / "ans.yaml"
    res = cli("solve", str(scenario.path), "--question", str(qf), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert np.isclose(load_scenario(out).overrides["va_2020_primary"], 9.6, rtol=1e-9)
    qf.write_text("levers: [va_2020_primary]\nmaximise: lever\nconstraints: [Energy|Primary <= oops]\n",
                  encoding="utf-8")
    res = cli("solve", str(scenario.path), "--question", str(qf), "--out", str(tmp_path / "c.yaml"))
    assert res.returncode == 2 and str(qf) in res.stderr and "constraints[0]" in res.stderr
    res = cli("solve", str(scenario.path), "--question", str(qf), "--lever", "va_2020_primary")
    assert res.returncode == 2 and "not both" in res.stderr


def _documented_questions() -> dict[str, dict]:
    """The example questions of goalseek's docstring and of docs/uncertainty.md, as YAML data."""
    docstring = goalseek.__doc__.split("constraints::\n\n", 1)[1].split("\n\n", 1)[0]
    doc = (PROJECT_ROOT / "docs" / "uncertainty.md").read_text(encoding="utf-8")
    in_docs = doc.split("```yaml\nquestion:", 1)[1].split("```", 1)[0]
    return {"docstring": yaml.safe_load(textwrap.dedent(docstring)),
            "docs/uncertainty.md": yaml.safe_load("question:" + in_docs)}


@pytest.mark.parametrize("where", ["docstring", "docs/uncertainty.md"])
def test_the_documented_example_questions_are_valid(where, scenario_dir):
    # both examples move the two smelter projects together against the 2025 energy cap
    baseline = load_scenario(scenario_dir / "baseline.yaml")
    question = question_from_mapping(_documented_questions()[where], baseline, where=where)
    assert question.levers == ("capacity_copper_new_kt", "capacity_zinc_new_kt")
    assert question.quantity.text() == "Production|Copper[2025] + Production|Zinc[2025]"
    assert [c.text() for c in question.constraints] == ["Energy|Assessed[2025] <= Energy|Cap[2025]"]

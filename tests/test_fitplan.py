"""Plan fitting (model.analysis.fitplan): toy problems solved by hand, the baseline fitted within its
hard limits in every year, the fitted scenario reproduced by `run`, the Pareto front, the explorer's
background fit, and bad input refused with one line."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest

from model.analysis.fitplan import (Budget, NoFeasiblePlan, PlanProblem, check_choices, fit_plan,
                                    fit_plan_in_background, pareto_front, shortfall, write_fit, yearly_values)
from model.analysis.fitplan.problem import Evaluation
from model.analysis.fitplan.solver import solve
from model.analysis.levers import Lever, fit_levers
from model.cli.main import main
from model.core.parameter import Parameter
from model.core.registry import REGISTRY
from model.core.scorecard import evaluate_targets
from model.core.simulate import simulate
from model.core.timeline import year_index
from model.scenarios import load_scenario

SMALL = Budget(popsize=6, maxiter=40, polish_calls=80)


def _targets_only(*ids: str) -> dict[str, float]:
    """Weights that leave every modelled target out but ``ids``."""
    from model.core.scorecard import TARGETS

    return {t.id: (1.0 if t.id in ids else 0.0) for t in TARGETS if t.is_modelled}


def _scenario(tmp_path, scenario_dir, name: str, levers: str):
    f = tmp_path / f"{name}.yaml"
    f.write_text(f"id: {name}\ntitle: {name}\ninherits: {scenario_dir / 'baseline.yaml'}\nlevers:\n{levers}",
                 encoding="utf-8")
    return load_scenario(f)


# --------------------------------------------------------------------------- the solver on a toy solved by hand

@dataclass
class _Toy:
    """Two levers, x in [0, 10] and a whole number n in [0, 5]; soft targets x >= 6 and x + 2n = 11
    (about, tolerance 0); hard limit x <= 4.5."""

    levers: list = field(default_factory=lambda: [
        Lever(parameter=Parameter(name="x", label_zh="x", label_en="x", unit="-", default=1.0, lower=0.0,
                                  upper=10.0, kind="lever"), start=1.0, base=np.asarray(1.0)),
        Lever(parameter=Parameter(name="n", label_zh="n", label_en="n", unit="-", default=0, lower=0, upper=5,
                                  kind="lever", dtype="int"), start=0.0, base=np.asarray(0.0))])
    hard_checks: list = field(default_factory=lambda: [("x_cap", None)])

    @property
    def start(self):
        return np.array([1.0, 0.0])

    def bounds(self):
        return [(0.0, 10.0), (0.0, 5.0)]

    def integrality(self):
        return np.array([False, True])

    def evaluate(self, x):
        x = np.atleast_2d(x)
        a = np.maximum(shortfall(">=", x[:, 0], 6.0, 0.0), 0) / 6.0
        b = np.maximum(shortfall("about", x[:, 0] + 2 * x[:, 1], 11.0, 0.0), 0) / 11.0
        cap = np.maximum(shortfall("<=", x[:, 0], 4.5, 0.0), 0)[:, None] / 4.5
        return Evaluation(card=None, objective=a + b, violation=cap, hard_values=x[:, :1],
                          hard_limits=np.full((len(x), 1), 4.5), hard_checks=self.hard_checks)


def test_the_solver_finds_a_toy_optimum_solved_by_hand():
    # By hand: x >= 6 wants x as large as the cap allows, x = 4.5 (shortfall 1.5 / 6 = 0.25);
    # then x + 2n = 11 wants n = (11 - 4.5) / 2 = 3.25, and n is whole: n = 3 leaves |10.5 - 11| = 0.5,
    # n = 4 leaves 1.5, so n = 3 (shortfall 0.5 / 11).  Lowering x below 4.5 only adds to both.
    x, info = solve(_Toy(), seed=1, budget=Budget(popsize=10, maxiter=100, polish_calls=200))
    assert x[0] == pytest.approx(4.5, abs=1e-6)
    assert x[1] == 3.0
    assert _Toy().evaluate(x).objective[0] == pytest.approx(0.25 + 0.5 / 11, abs=1e-6)
    assert info["generations"] >= 1 and info["model_calls"] >= info["generations"]


def test_the_same_seed_gives_the_same_answer():
    a, _ = solve(_Toy(), seed=5, budget=SMALL)
    b, _ = solve(_Toy(), seed=5, budget=SMALL)
    assert np.array_equal(a, b)


def test_a_toy_without_a_setting_that_holds_names_the_closest_miss():
    class Impossible(_Toy):
        def evaluate(self, x):  # the cap x <= -1 can never hold on [0, 10]: closest at x = 0
            ev = super().evaluate(x)
            ev.violation = (np.atleast_2d(x)[:, :1] + 1.0) / 1.0
            ev.hard_limits = np.full_like(ev.violation, -1.0)
            return ev

    with pytest.raises(NoFeasiblePlan, match=r"closest miss breaks x_cap: \S+ against -1$") as caught:
        solve(Impossible(), seed=1, budget=SMALL)
    assert caught.value.check == ("x_cap", None)
    assert caught.value.x[0] == pytest.approx(0.0, abs=1e-6) and caught.value.value == pytest.approx(0.0, abs=1e-6)


# --------------------------------------------------------------------------- the model on toys solved by hand

def test_the_closest_wind_capacity_that_meets_its_target(tmp_path, scenario_dir):
    # The plan asks for at least 6,000 MW of wind in 2025 (第四章第一节二).  A scenario with 5,000 MW
    # meets it only by adding wind; the closest plan (the move cost) adds exactly the 1,000 MW missing.
    s = _scenario(tmp_path, scenario_dir, "less-wind", "  wind_capacity_mw: {2020: 2000, 2025: 5000}\n")
    fit = fit_plan(s, levers=["wind_capacity_mw"], hard=[], weights=_targets_only("wind_capacity"), seed=1,
                   budget=SMALL)
    assert fit.values["wind_capacity_mw"][2025] == pytest.approx(6000.0, abs=0.05)
    assert fit.values["wind_capacity_mw"][2025] >= 6000.0
    assert fit.after.met[0, fit.after.index("wind_capacity")]


def test_the_closest_commissioning_year_that_meets_the_copper_target(tmp_path, scenario_dir):
    # Copper output in 2025 = utilisation 0.85 x (100 kt existing + 300 kt new x ramp), the ramp 0.55
    # in the first year and 0.80 in the second (registry defaults, parameters of the smelting module):
    #   first output 2025: 0.85 x (100 + 300 x 0.55) = 225.25 kt < 300
    #   first output 2024: 0.85 x (100 + 300 x 0.80) = 289.0 kt  < 300
    #   first output 2023: 0.85 x (100 + 300)        = 340.0 kt  >= 300
    # so the latest year that meets the 300 kt target, closest to the scenario's 2025, is 2023.
    assert REGISTRY["utilisation_copper"].default == 0.85 and REGISTRY["ramp_first_year"].default == 0.55
    s = _scenario(tmp_path, scenario_dir, "late-copper", "  commissioning_copper_new: 2025\n")
    fit = fit_plan(s, levers=["commissioning_copper_new"], hard=[], weights=_targets_only("copper_output"), seed=1,
                   budget=SMALL)
    assert fit.values == {"commissioning_copper_new": 2023}
    j = fit.after.index("copper_output")
    assert fit.before.value[0, j] == pytest.approx(225.25)
    assert fit.after.value[0, j] == pytest.approx(340.0)


def test_hard_limits_are_judged_in_every_plan_year(scenario_dir):
    s = load_scenario(scenario_dir / "baseline.yaml")
    params = REGISTRY.parameter_set([s.resolved()])
    results = simulate(params)
    target = next(t for t in PlanProblem(s, ["wind_capacity_mw"], [], {}).targets if t.id == "energy_within_cap")
    years = [2021, 2022, 2023, 2024, 2025]
    by_year = yearly_values(target, params, results, years)[0]
    expected = [100 * results["Energy|Assessed"][0, year_index(y)] / results["Energy|Cap"][0, year_index(y)]
                for y in years]
    assert by_year == pytest.approx(expected)


# --------------------------------------------------------------------------- the baseline

@pytest.fixture(scope="module")
def baseline_fit(scenario_dir, tmp_path_factory):
    s = load_scenario(scenario_dir / "baseline.yaml")
    fit = fit_plan(s, seed=20210301)
    out = tmp_path_factory.mktemp("fit") / "baseline-fitted.yaml"
    return fit, write_fit(fit, out)


def _run_written(path):
    scenario = load_scenario(path)
    params = REGISTRY.parameter_set([scenario.resolved()])
    results = simulate(params)
    return params, results


def test_the_fitted_baseline_holds_its_hard_limits_in_every_year(baseline_fit):
    _, (scenario_file, _) = baseline_fit
    _, r = _run_written(scenario_file)  # what `python -m model run` computes from the written file
    plan = slice(year_index(2021), year_index(2025) + 1)
    # energy dual control: assessed energy within the cap in each year 2021-2025
    assert np.all(r["Energy|Assessed"][0, plan] <= r["Energy|Cap"][0, plan] * (1 + 1e-9))
    # grassland: what is left on the range within its carrying capacity, each year 2021-2025
    assert np.all(r["Livestock|Stocking Ratio"][0, plan] <= 100.0 + 1e-9)
    # acid: nothing to ship or store in any year 2021-2035
    assert np.all(r["Sulfuric Acid|Surplus"][0, year_index(2021):] <= 1e-9)


def test_the_fitted_baseline_meets_at_least_as_many_targets_as_plan_feasible(baseline_fit, scenario_dir):
    fit, (scenario_file, _) = baseline_fit
    params, results = _run_written(scenario_file)
    met_fitted = int(evaluate_targets(params, results).met.sum())
    feasible = load_scenario(scenario_dir / "plan-feasible.yaml")
    p2 = REGISTRY.parameter_set([feasible.resolved()])
    met_feasible = int(evaluate_targets(p2, simulate(p2)).met.sum())
    assert met_fitted >= met_feasible
    assert met_fitted == fit.met_after > fit.met_before


def test_the_fitted_scenario_states_only_the_levers_that_moved(baseline_fit, scenario_dir):
    fit, (scenario_file, table_file) = baseline_fit
    text = scenario_file.read_text(encoding="utf-8")
    assert text.startswith("# 由 `python -m model fit-plan` 生成")
    written = load_scenario(scenario_file)
    assert written.parent.id == "baseline"
    assert set(written.levers) == set(fit.values) and not written.assumptions
    assert set(written.levers) <= set(fit_levers())
    table = pd.read_csv(table_file)
    assert set(table["kind"]) == {"target", "hard limit by year", "lever"}
    moved = table[(table["kind"] == "lever") & (table["status_after"] == "moved")]
    assert set(moved["id"]) == set(fit.values)
    targets = table[table["kind"] == "target"]
    assert (targets["status_after"] == "met").sum() == fit.met_after


# --------------------------------------------------------------------------- Pareto front and the explorer

def test_a_pareto_front_trades_copper_against_energy(scenario_dir):
    # Only the copper smelter's size moves and nothing is hard: more copper costs more assessed energy,
    # so along the front copper output rises with the energy share of the cap.
    s = load_scenario(scenario_dir / "plan-feasible.yaml")
    front = pareto_front(s, "copper_output,energy_within_cap", levers=["capacity_copper_new_kt"], hard=[], seed=1,
                         points=4, budget=SMALL)
    assert len(front) >= 3
    order = front.sort_values("energy_within_cap")
    assert order["copper_output"].is_monotonic_increasing
    assert {"point", "met|copper_output", "targets_met", "lever|capacity_copper_new_kt"} <= set(front.columns)


def test_the_explorer_can_fit_in_the_background(tmp_path, scenario_dir):
    s = _scenario(tmp_path, scenario_dir, "less-wind", "  wind_capacity_mw: {2020: 2000, 2025: 5000}\n")
    future = fit_plan_in_background(s, overrides={"wind_capacity_mw": {2020: 2000.0, 2025: 5500.0}},
                                    levers=["wind_capacity_mw"], hard=[], weights=_targets_only("wind_capacity"))
    fit = future.result(timeout=300)
    assert fit.moves().set_index("lever").at["wind_capacity_mw", "before"] == 5500.0  # the current settings
    assert fit.values["wind_capacity_mw"][2025] >= 6000.0
    stop = threading.Event()
    stop.set()  # a cancelled fit ends after its first generation and still returns what it has
    quick = fit_plan_in_background(s, levers=["wind_capacity_mw"], hard=[], stop=stop).result(timeout=300)
    assert quick.info["generations"] <= 1


# --------------------------------------------------------------------------- the command

def test_no_setting_that_holds_the_hard_limits_exits_1_with_the_closest_miss(scenario_dir, tmp_path, capsys):
    # moving the sheep alone cannot bring the baseline's energy (several times the cap) under the cap
    out = tmp_path / "x.yaml"
    rc = main(["fit-plan", str(scenario_dir / "baseline.yaml"), "--lever", "herd_sheep", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 1 and len(err) == 1
    assert "no lever setting satisfies the hard limits" in err[0] and "closest miss breaks" in err[0]
    assert not out.exists()


@pytest.mark.parametrize("args, weights, message", [
    (["--hard", "energy_within_capp"], None, "--hard: unknown target 'energy_within_capp'; did you mean"),
    (["--hard", "trade_growth"], None, "--hard: target 'trade_growth' is not modelled"),
    (["--lever", "growth_mininng"], None, "--lever: unknown parameter 'growth_mininng'; did you mean 'growth_mining'?"),
    (["--lever", "va_2020_mining"], None, "va_2020_mining is an assumption, not a lever"),
    ([], ("w.yaml", "gdp_growth: 2\nlogistics_vaa: 0\n"), "w.yaml:2: unknown target 'logistics_vaa'; did you mean"),
    ([], ("w.csv", "target,weight\ngdp_growth,2\ntrade_growth,1\n"), "w.csv:3: target 'trade_growth' is not modelled"),
    ([], ("w.yaml", "gdp_growth: -1\n"), "w.yaml:1: weight of gdp_growth: expected a number >= 0"),
    ([], ("w.csv", "id,weight\n"), "w.csv:1: expected the header target,weight"),
    (["--pareto", "gdp_growth"], None, "--pareto: expected two different target ids"),
    (["--pareto", "gdp_growth,trade_growth"], None, "--pareto: 'trade_growth' is not a modelled target"),
])
def test_bad_input_exits_2_with_one_line(args, weights, message, scenario_dir, tmp_path, capsys):
    extra = []
    if weights:
        (tmp_path / weights[0]).write_text(weights[1], encoding="utf-8")
        extra = ["--weights", str(tmp_path / weights[0])]
    out = tmp_path / "out.yaml"
    rc = main(["fit-plan", str(scenario_dir / "baseline.yaml"), *args, *extra, "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and message in err[0], err
    assert not out.exists()


def test_a_file_not_written_by_the_workbook_is_kept(scenario_dir, tmp_path, capsys):
    out = tmp_path / "mine.yaml"
    out.write_text("id: mine\n", encoding="utf-8")
    rc = main(["fit-plan", str(scenario_dir / "baseline.yaml"), "--lever", "wind_capacity_mw", "--out", str(out)])
    assert rc == 2 and "was not written by this workbook" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "id: mine\n"


def test_choices_default_to_the_plans_levers_and_limits(scenario_dir):
    names, hard, weights = check_choices(load_scenario(scenario_dir / "baseline.yaml"))
    assert names == fit_levers()
    assert hard == ["energy_within_cap", "stocking_within_capacity", "acid_all_consumed"]
    assert set(weights.values()) == {1.0}


def test_the_same_seed_writes_the_same_files(scenario_dir, tmp_path, capsys):
    files = []
    for name in ("a", "b"):
        out = tmp_path / name / "fitted.yaml"
        out.parent.mkdir()
        assert main(["fit-plan", str(scenario_dir / "plan-feasible.yaml"), "--lever", "wind_capacity_mw", "--lever",
                     "capacity_copper_new_kt", "--seed", "3", "--out", str(out), "--lang", "en"]) == 0
        files.append((out.read_bytes(), (out.parent / "fitted-fit.csv").read_bytes()))
    assert files[0] == files[1]  # both folders lie at the same depth: even the parent's relative path agrees
    printed = capsys.readouterr().out
    assert "Targets met:" in printed and "Levers moved:" in printed

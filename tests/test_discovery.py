"""Scenario discovery (model.analysis.discovery) and the levers it explores (model.analysis.levers):
PRIM finds a box drawn by hand, the same seed writes the same bytes, levers are drawn over their
documented ranges (whole years as whole years), and bad input is refused with one line."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from model.analysis.discovery import (DENSITY_THRESHOLD, PEEL_ALPHA, DiscoveryDesign, DiscoveryFailed, Outcome,
                                      analyse, draw)
from model.analysis.levers import explorable_levers, levers_of, target_setting
from model.cli.main import main
from model.core.parameter import Parameter
from model.core.registry import REGISTRY
from model.core.timeline import YEARS, year_index
from model.scenarios import load_scenario

# --------------------------------------------------------------------------- PRIM on a box drawn by hand

# Two inputs decide the outcome, four do not.  Real registry names, so that labels and units resolve.
DECIDING = {"utilisation_copper": (0.2, 0.6), "utilisation_zinc": (0.3, 0.9)}
IDLE = ["utilisation_lead", "utilisation_coke", "ramp_first_year", "ramp_second_year"]


def _synthetic(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.random((n, len(DECIDING) + len(IDLE))), columns=[*DECIDING, *IDLE])
    inside = np.ones(n, dtype=bool)
    for name, (lo, hi) in DECIDING.items():
        inside &= (x[name] >= lo) & (x[name] <= hi)
    return x, inside


def test_prim_finds_a_box_drawn_by_hand_within_sampling_error():
    # Inputs uniform on [0, 1); the plan "holds" exactly inside [0.2, 0.6] x [0.3, 0.9]: 0.4 x 0.6 =
    # 24 % of the draws.  The chosen box (the last with density >= 0.8) must restrict exactly the
    # two deciding inputs, at their limits within PRIM's sampling error: it never keeps a failure
    # at the end (so no limit lies outside the true one by more than the gap between neighbouring
    # draws, 1 / 20,000 x 2 draws' worth: 0.001), and it cuts in slices of 5 % of the draws left
    # (peel_alpha), so a limit may stop one slice inside: 0.05 x the interval's width.
    x, y = _synthetic(20_000, seed=7)
    assert y.mean() == pytest.approx(0.24, abs=0.01)
    found = analyse(x, y, seed=1, kinds={c: "assumption" for c in x.columns})
    box = found.boxes[found.boxes["box"] == found.chosen].set_index("parameter")
    assert set(box.index) == set(DECIDING)
    for name, (lo, hi) in DECIDING.items():
        slice_ = PEEL_ALPHA * (hi - lo)
        assert lo - 0.001 <= box.at[name, "low"] <= lo + slice_
        assert hi - slice_ <= box.at[name, "high"] <= hi + 0.001
    chosen = found.trajectory.iloc[found.chosen]
    assert chosen["density"] >= DENSITY_THRESHOLD
    # each limit at most one slice inside: coverage at least (1 - 2 x 0.05)^2 = 0.81 of the successes
    assert chosen["coverage"] >= (1 - 2 * PEEL_ALPHA) ** 2
    assert (box["quasi_p"] < 1e-6).all()  # the chosen box's restrictions are no accident


def test_feature_scores_rank_the_deciding_inputs_first():
    x, y = _synthetic(5_000, seed=3)
    found = analyse(x, y, seed=1, kinds={c: "assumption" for c in x.columns})
    assert set(found.features["parameter"][:2]) == set(DECIDING)
    assert found.features["score"].sum() == pytest.approx(1.0)  # extra-trees importances sum to 1


def test_cart_leaves_cover_every_draw_once():
    x, y = _synthetic(5_000, seed=4)
    found = analyse(x, y, seed=1, kinds={c: "assumption" for c in x.columns})
    leaves = found.cart.drop_duplicates("box")
    assert leaves["mass"].sum() == pytest.approx(1.0)
    assert (leaves["coverage"] * y.sum()).sum() == pytest.approx(y.sum())


def test_nothing_to_discover_when_the_plan_never_holds():
    x, _ = _synthetic(500, seed=1)
    with pytest.raises(DiscoveryFailed, match="none of the 500 draws"):
        analyse(x, np.zeros(500, dtype=bool), seed=1, kinds={c: "assumption" for c in x.columns})


# --------------------------------------------------------------------------- levers and their ranges

def test_exploration_range_rule_by_hand():
    # half the plan-year value either side: the 300 kt copper project -> 150 to 450 kt
    assert REGISTRY["capacity_copper_new_kt"].exploration_range() == (150.0, 450.0)
    # a first year of output three years either side, never before 2021: 2023 -> 2021 to 2026
    assert REGISTRY["commissioning_copper_new"].exploration_range() == (2021.0, 2026.0)
    # a lever at 0 takes a twentieth of its bounds' span either side: lead 0 of 0-2000 kt -> 0 to 100
    assert REGISTRY["capacity_lead_new_kt"].exploration_range() == (0.0, 100.0)
    # a path takes its 2025 value: wind 6,300 MW -> 3,150 to 9,450 MW
    assert REGISTRY["wind_capacity_mw"].exploration_range() == (3150.0, 9450.0)
    assert REGISTRY["coke_additions_after_2020"].exploration_range() is None  # a choice: every choice


def test_a_scenarios_levers_are_explored_around_its_own_values(scenario_dir):
    resolved = load_scenario(scenario_dir / "plan-feasible.yaml").resolved()
    copper, zinc, forage = levers_of(resolved, ["capacity_copper_new_kt", "capacity_zinc_new_kt", "forage_purchased"])
    assert copper.exploration_range() == (50.0, 150.0)   # 100 kt, half either side
    assert zinc.exploration_range() == (0.0, 100.0)      # no zinc project: 0 +- 2000 / 20, within the bounds
    assert forage.exploration_range() == (510.0, 1530.0)  # 1,020 kt of hay in 2025, half either side
    assert "capacity_zinc_existing_kt" not in explorable_levers()  # the plants of 2020 are history


def test_an_explicit_range_is_honoured_and_checked():
    p = Parameter(name="x", label_zh="x", label_en="x", unit="kt", default=10.0, lower=0.0, upper=100.0,
                  kind="lever", explore=(5.0, 20.0))
    assert p.exploration_range() == (5.0, 20.0)
    with pytest.raises(ValueError, match="explore"):
        Parameter(name="x", label_zh="x", label_en="x", unit="kt", default=10.0, lower=0.0, upper=100.0,
                  kind="lever", explore=(5.0, 200.0))


def test_levers_that_set_targets_are_not_explored():
    skip = target_setting()
    assert {"energy_intensity_cut_target_pct", "accounting_regime", "structure_price_basis"} <= skip
    explored = explorable_levers()
    assert not skip & set(explored)
    assert {"capacity_zinc_new_kt", "commissioning_zinc_new", "growth_mining", "herd_sheep"} <= set(explored)


def test_a_path_lever_moves_along_its_own_ramp(scenario_dir):
    resolved = load_scenario(scenario_dir / "baseline.yaml").resolved()
    sheep, mining = levers_of(resolved, ["herd_sheep", "growth_mining"])
    # herd_sheep {2021: 48, 2025: 60} (held at 48 in 2020) moved to 50 in 2025: the straight line
    # 48 -> 50, so 2023 is 48 + (54 - 48) x (50 - 48) / (60 - 48) = 49; 2030 holds 50 (flat after 2025)
    path = sheep.arrays(np.array([50.0]))[0]
    assert path[year_index(2020)] == 48.0
    assert path[year_index(2023)] == pytest.approx(49.0)
    assert path[year_index(2030)] == pytest.approx(50.0)
    # growth_mining 0.10 over 2021-2025 then 0.05: moved to 0.07, 0.07 in the plan period, 0.05 after
    path = mining.arrays(np.array([0.07]))[0]
    assert path[year_index(2021)] == pytest.approx(0.07) and path[year_index(2025)] == pytest.approx(0.07)
    assert path[year_index(2030)] == pytest.approx(0.05)
    # the scenario's own number gives back the scenario's own path
    assert np.allclose(sheep.arrays(np.array([sheep.start]))[0], REGISTRY["herd_sheep"].to_array(resolved["herd_sheep"]))


def test_years_are_drawn_as_whole_years_within_their_range(scenario_dir):
    design = DiscoveryDesign(load_scenario(scenario_dir / "baseline.yaml"),
                             ["commissioning_zinc_new", "capacity_zinc_new_kt", "coke_additions_after_2020"], 2_000, 1)
    values = design.values(0, 2_000)
    columns = design.columns(values)
    years = columns["commissioning_zinc_new"]
    assert years.dtype.kind == "i" and set(np.unique(years)) == set(range(2021, 2027))
    # uniform over six whole years: each about 1/6 of 2,000 = 333 draws (binomial sd about 17)
    assert np.all(np.abs(np.bincount(years - 2021) - 2_000 / 6) < 5 * 17)
    zinc = columns["capacity_zinc_new_kt"]
    assert zinc.min() >= 150.0 and zinc.max() <= 450.0
    assert set(columns["coke_additions_after_2020"]) == {"allowed", "none"}
    params = design.parameter_set_from_values(values)
    assert np.array_equal(params["commissioning_zinc_new"], years.astype(float))


def test_a_scenario_narrows_a_lever_with_its_uncertainties(tmp_path, scenario_dir):
    f = tmp_path / "narrow.yaml"
    f.write_text(f"id: narrow\ntitle: narrow\ninherits: {scenario_dir / 'baseline.yaml'}\n"
                 "uncertainties:\n  capacity_zinc_new_kt: {kind: uniform, low: 0, high: 100}\n", encoding="utf-8")
    design = DiscoveryDesign(load_scenario(f), ["capacity_zinc_new_kt"], 1_000, 1)
    zinc = design.columns(design.values(0, 1_000))["capacity_zinc_new_kt"]
    assert zinc.min() >= 0.0 and zinc.max() <= 100.0 and zinc.max() > 90.0
    assert not design.explored  # drawn from the scenario's distribution, as an ensemble draws it


# --------------------------------------------------------------------------- the command

ARGS = ["--target", "energy_intensity_cut", "--draws", "1500", "--seed", "11", "--sampler", "lhs", "--no-progress"]
FILES = ["boxes.csv", "trajectory.csv", "features.csv", "cart.csv", "statement.txt", "trajectory.png", "box.png"]


@pytest.fixture(scope="module")
def twice(tmp_path_factory, scenario_dir):
    out = tmp_path_factory.mktemp("discover")
    for name in ("a", "b"):
        assert main(["discover", str(scenario_dir / "baseline.yaml"), *ARGS, "--out", str(out / name),
                     "--lang", "en"]) == 0
    return out


def test_the_same_seed_writes_the_same_bytes(twice):
    for name in FILES:
        assert (twice / "a" / name).read_bytes() == (twice / "b" / name).read_bytes(), name


def test_outputs_name_box_limits_in_both_languages(twice):
    boxes = pd.read_csv(twice / "a" / "boxes.csv")
    assert list(boxes.columns[:14]) == ["box", "coverage", "density", "mass", "parameter", "label_zh", "label_en",
                                        "kind", "dtype", "low", "high", "values", "unit", "quasi_p"]
    assert set(boxes["kind"]) <= {"lever", "assumption"}
    assert boxes["chosen"].any()
    statement = (twice / "a" / "statement.txt").read_text(encoding="utf-8")
    assert "的抽样中" in statement and "In " in statement and "coverage" in statement


def test_chunks_and_workers_do_not_change_the_draws(scenario_dir):
    scenario = load_scenario(scenario_dir / "baseline.yaml")
    outcome = Outcome.checked(["energy_intensity_cut"])
    _, x1, y1 = draw(scenario, outcome, draws=700, seed=3, chunk_size=700)
    _, x2, y2 = draw(scenario, outcome, draws=700, seed=3, chunk_size=128, workers=2)
    pd.testing.assert_frame_equal(x1, x2)
    assert np.array_equal(y1, y2)


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_draws_and_files_as_this_process(twice, scenario_dir, tmp_path):
    from distributed import LocalCluster

    baseline = scenario_dir / "baseline.yaml"
    scenario = load_scenario(baseline)
    outcome = Outcome.checked(["energy_intensity_cut"])
    _, x_here, y_here = draw(scenario, outcome, draws=1500, seed=11, method="lhs")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster:
        # three chunks spread over two worker processes
        _, x_dask, y_dask = draw(scenario, outcome, draws=1500, seed=11, method="lhs", chunk_size=512,
                                 scheduler=cluster.scheduler_address)
        assert main(["discover", str(baseline), *ARGS, "--out", str(tmp_path / "dask"), "--lang", "en",
                     "--scheduler", cluster.scheduler_address]) == 0
    pd.testing.assert_frame_equal(x_here, x_dask)
    assert np.array_equal(y_here, y_dask)
    for name in FILES:  # boxes.csv, features.csv and the rest, against the run in this process
        assert (tmp_path / "dask" / name).read_bytes() == (twice / "a" / name).read_bytes(), name


def test_a_diagnostic_counts_in_the_outcome(scenario_dir):
    scenario = load_scenario(scenario_dir / "baseline.yaml")
    with_acid = Outcome.checked(["energy_intensity_cut"], ["acid_balance"])
    _, _, y_both = draw(scenario, with_acid, draws=600, seed=2)
    _, _, y_one = draw(scenario, Outcome.checked(["energy_intensity_cut"]), draws=600, seed=2)
    assert np.all(y_both <= y_one) and y_both.sum() < y_one.sum()


def test_no_draw_holding_exits_1_and_writes_nothing(tmp_path, scenario_dir, capsys):
    # only the herd varies: nothing brings the baseline's energy (several times the cap) under the cap
    out = tmp_path / "none"
    rc = main(["discover", str(scenario_dir / "baseline.yaml"), "--target", "energy_within_cap", "--lever",
               "herd_sheep", "--draws", "300", "--no-progress", "--out", str(out)])
    assert rc == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "none of the 300 draws" in err[0] and "nothing was written" in err[0]
    assert not out.exists()


@pytest.mark.parametrize("args, message", [
    (["--target", "energy_intensty_cut"], "unknown target 'energy_intensty_cut'; did you mean 'energy_intensity_cut'?"),
    (["--target", "trade_growth"], "target 'trade_growth' is not modelled"),
    (["--target", "gdp_growth", "--lever", "growth_minin"], "unknown parameter 'growth_minin'; did you mean"),
    (["--target", "gdp_growth", "--lever", "va_2020_mining"], "va_2020_mining is an assumption"),
    (["--target", "gdp_growth", "--diagnostic", "acid"], "unknown diagnostic 'acid'"),
    ([], "name at least one target"),
])
def test_bad_input_exits_2_with_one_line(args, message, scenario_dir, tmp_path, capsys):
    rc = main(["discover", str(scenario_dir / "baseline.yaml"), *args, "--draws", "50", "--no-progress",
               "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and message in err[0]
    assert not (tmp_path / "x").exists()


def test_a_box_off_the_trajectory_is_refused(scenario_dir, tmp_path, capsys):
    rc = main(["discover", str(scenario_dir / "baseline.yaml"), *ARGS[:-1], "--box", "999", "--no-progress",
               "--out", str(tmp_path / "x")])
    assert rc == 2 and "--box: expected a box on the peeling trajectory" in capsys.readouterr().err


def test_an_existing_folder_not_written_by_discover_is_kept(scenario_dir, tmp_path, capsys):
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    rc = main(["discover", str(scenario_dir / "baseline.yaml"), *ARGS, "--out", str(keep)])
    assert rc == 2 and "was not written by `python -m model discover`" in capsys.readouterr().err
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_years_of_the_results_axis_are_the_models(scenario_dir):
    # the explored paths keep 2020, the base year, as the scenario has it
    design = DiscoveryDesign(load_scenario(scenario_dir / "baseline.yaml"), ["wind_capacity_mw"], 200, 1)
    params = design.parameter_set(0, 200)
    wind = params["wind_capacity_mw"]
    assert wind.shape == (200, len(YEARS))
    assert np.all(wind[:, year_index(2020)] == 2000.0)

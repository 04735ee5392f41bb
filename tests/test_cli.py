"""The command line: validate, run, params; outputs, manifest, overwrite protection."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from model import __version__
from model.cli.main import main
from model.core import REGISTRY, VARIABLES
from tests.conftest import run_cli

CONTRACT = ["GDP", "GDP|Primary", "GDP|Secondary", "GDP|Tertiary", "GDP|Growth", "Share|Primary",
            "Share|Secondary", "Share|Tertiary", "Value Added|Nonferrous Smelting",
            "Value Added|Coal Chemicals", "Value Added|Power", "Value Added|Mining",
            "Value Added|Other Industry", "Value Added|Construction"]


def test_validate_shipped_scenarios(scenario_dir: Path, capsys):
    assert main(["validate", str(scenario_dir)]) == 0
    out = capsys.readouterr().out
    assert "ok  " in out and "baseline" in out


def test_run_writes_results_scorecard_diagnostics_manifest(tmp_path: Path, scenario_dir: Path, capsys):
    assert main(["run", str(scenario_dir / "baseline.yaml"), "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "规划目标记分卡" in printed and "规划内部矛盾诊断" in printed
    folder = tmp_path / "baseline"
    assert sorted(p.name for p in folder.iterdir()) == [
        "diagnostics.csv", "manifest.json", "results.csv", "targets.csv"]
    results = pd.read_csv(folder / "results.csv")
    assert list(results.columns) == ["model", "scenario", "region", "variable", "unit", "year", "value"]
    assert set(CONTRACT) <= set(results["variable"])
    assert set(results["variable"]) == set(VARIABLES)
    assert sorted(results["year"].unique()) == list(range(2020, 2036))
    assert len(results) == len(VARIABLES) * 16
    gdp_2020 = results.query("variable == 'GDP' and year == 2020")["value"].item()
    assert gdp_2020 == pytest.approx(67.61)
    targets = pd.read_csv(folder / "targets.csv")
    assert {"target", "section", "target_value", "value", "unit", "status", "margin"} <= set(targets.columns)
    assert set(targets["status"]) <= {"met", "missed", "not modelled"}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model_version"] == __version__
    assert len(manifest["scenario"]["file_sha256"]) == 64
    assert set(manifest["parameters"]) == set(REGISTRY)
    assert manifest["started"] <= manifest["finished"]
    assert "git_commit" in manifest


def test_baseline_scorecard_shows_the_contradiction(tmp_path: Path, scenario_dir: Path):
    main(["run", str(scenario_dir / "baseline.yaml"), "--out", str(tmp_path), "--lang", "en"])
    t = pd.read_csv(tmp_path / "baseline" / "targets.csv").set_index("target")
    # industry at 10 %/yr: the structure target is missed and GDP grows far above 6 %
    assert t.loc["share_secondary_2025", "status"] == "missed"
    assert t.loc["gdp_growth", "status"] == "missed"
    d = pd.read_csv(tmp_path / "baseline" / "diagnostics.csv").set_index("diagnostic")
    assert bool(d.loc["growth_vs_structure", "found"])


def test_rerun_replaces_own_output_but_not_a_users_folder(tmp_path: Path, scenario_dir: Path, capsys):
    args = ["run", str(scenario_dir / "baseline.yaml"), "--out", str(tmp_path), "--lang", "en"]
    assert main(args) == 0
    assert main(args) == 0
    assert "replaced the previous run" in capsys.readouterr().out
    user = tmp_path / "plan-consistent"
    user.mkdir()
    (user / "my-notes.txt").write_text("mine", encoding="utf-8")
    status = main(["run", str(scenario_dir / "plan-consistent.yaml"), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2 and "was not written by this workbook" in err
    assert (user / "my-notes.txt").read_text(encoding="utf-8") == "mine"
    assert main(["run", str(scenario_dir / "plan-consistent.yaml"), "--out", str(tmp_path), "--force"]) == 0
    assert (user / "results.csv").exists()


def test_no_temporary_leftovers(tmp_path: Path, scenario_dir: Path):
    main(["run", str(scenario_dir), "--out", str(tmp_path)])
    assert not [p for p in tmp_path.rglob(".tmp-*")]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_params_listing(fmt: str, lang: str, capsys):
    assert main(["params", "--format", fmt, "--lang", lang]) == 0
    out = capsys.readouterr().out
    for name in ("growth_tertiary", "va_2020_primary"):
        assert name in out
    label = REGISTRY["growth_tertiary"].label(lang)
    assert label in out


def test_help_for_every_command():
    for cmd in ("validate", "run", "params"):
        proc = run_cli(cmd, "--help")
        assert proc.returncode == 0 and "usage:" in proc.stdout
    proc = run_cli("--help")
    assert "validate" in proc.stdout and "run" in proc.stdout


def test_bad_option_exits_2():
    proc = run_cli("params", "--format", "xml")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_outputs_are_current_only_for_the_same_scenario_and_code(tmp_path: Path, scenario_dir: Path,
                                                                  monkeypatch):
    from model.runs import runner
    from model.scenarios import load_scenario

    main(["run", str(scenario_dir / "baseline.yaml"), "--out", str(tmp_path)])
    baseline = load_scenario(scenario_dir / "baseline.yaml")
    assert runner.output_is_current(tmp_path / "baseline", baseline)
    other = load_scenario(scenario_dir / "plan-consistent.yaml")
    assert not runner.output_is_current(tmp_path / "baseline", other)
    # the same scenario after a change to the model's code is stale
    monkeypatch.setattr(runner, "model_fingerprint", lambda: "0" * 64)
    assert not runner.output_is_current(tmp_path / "baseline", baseline)
    # and an incomplete folder is never current
    monkeypatch.undo()
    (tmp_path / "baseline" / "targets.csv").unlink()
    assert not runner.output_is_current(tmp_path / "baseline", baseline)


def test_scorecard_command_prints_every_scenario_and_writes_nothing(tmp_path: Path, scenario_dir: Path,
                                                                     capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["scorecard", str(scenario_dir), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    n = len(list(scenario_dir.glob("*.yaml")))
    assert out.count("plan scorecard:") == n
    assert out.count("Plan diagnostics:") == n
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["ensemble", "calibrate"])
@pytest.mark.parametrize("value", ["0", "-0.05"])
def test_a_relative_standard_error_that_is_not_positive_is_one_line_and_nothing_is_written(
        tmp_path: Path, scenario_dir: Path, capsys, command: str, value: str):
    from model.scenarios.observations import OBSERVED_DIR

    out = tmp_path / "out"
    rc = main([command, str(scenario_dir / "baseline.yaml"), "--observed", str(OBSERVED_DIR), "--rel-sd", value,
               "--out", str(out), "--no-progress"])
    assert rc == 2
    # argparse reads "-0.05" as the float -0.05, printed back as it is
    assert capsys.readouterr().err == f"error: --rel-sd: expected a positive number, got {float(value)}\n"
    assert not out.exists()


def test_the_api_refuses_the_same_relative_standard_error_with_the_same_line():
    import model

    with pytest.raises(model.WorkbookInputError) as caught:
        model.calibrate("baseline", rel_sd=0)
    assert str(caught.value) == "error: --rel-sd: expected a positive number, got 0"

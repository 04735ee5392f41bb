"""The public Python API (``import model``): names, derived scenarios, parity with the command line, docs.

Expected values come from the command line's own files (written by a separate process),
from scenario files written by hand, or from the plan's numbers by hand; never from the
API's output itself.
"""
from __future__ import annotations

import doctest
import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model
from model.cli.main import main
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BAD = ROOT / "tests" / "fixtures" / "bad_scenarios"
DOCS = [ROOT / "README.md", ROOT / "docs" / "api.md"]
#: Names the API re-exports from lower layers (documented, with examples, in docs/api.md).
RE_EXPORTED = {"Scenario", "CalibrationFailed", "DiscoveryFailed", "NoFeasiblePlan"}
#: Modules whose docstring examples are run (as doctests).
API_MODULES = ["model.api", "model.workbook.errors", "model.workbook.scenarios", "model.workbook.results",
               "model.workbook.analyses", "model.workbook.exploration", "model.workbook.reports"]


# --------------------------------------------------------------------------- names and docstrings

def test_every_public_name_is_reachable_from_the_package_and_documented_with_an_example():
    api = importlib.import_module("model.api")
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert len(api.__all__) == len(set(api.__all__))
    for name in api.__all__:
        obj = getattr(model, name)
        assert obj is getattr(api, name)
        doc = inspect.getdoc(obj) or ""
        assert len(doc) > 40, f"{name}: no docstring"
        if name not in RE_EXPORTED:
            assert "Examples\n--------" in doc and ">>> " in doc, f"{name}: no example in its docstring"
        # docs/api.md has a section per name with a one-line purpose and a python example
        section = re.search(rf"^### `model\.{name}`\n\n(.+?)\n\n```python\n(.+?)```", docs, re.M | re.S)
        assert section, f"docs/api.md: no section with an example for model.{name}"
        assert f"model.{name}" in section.group(2) or name in section.group(2)


def test_names_are_listed_by_dir_and_star_import_and_unknown_names_fail_cleanly():
    assert set(model.api.__all__) <= set(dir(model))
    namespace: dict = {}
    exec("from model import *", namespace)
    assert set(model.api.__all__) <= set(namespace)
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        model.no_such_name  # noqa: B018


def test_importing_the_package_does_not_load_the_api_until_a_name_is_used():
    # `python -m model --help` and every command stay light; the API loads on first use
    probe = ("import sys, model; assert 'model.api' not in sys.modules; model.run; "
             "assert 'model.api' in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr


@pytest.mark.parametrize("module", API_MODULES)
def test_the_docstring_examples_run_and_print_what_they_say(module):
    mod = importlib.import_module(module)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(mod, module, globs={}) if t.examples]
    for t in tests:
        runner.run(t)
    assert runner.failures == 0, f"{runner.failures} docstring example(s) of {module} failed (see output)"


# --------------------------------------------------------------------------- derived scenarios

CHANGE_LEVERS = {"growth_mining": {2021: 0.05, 2025: 0.03}, "growth_tertiary": 0.09}
CHANGE_ASSUMPTIONS = {"precipitation_index": {2023: 0.6, 2025: 0.6, 2026: 1.0}}
CHANGE_FILE = """\
# the same change, written by hand
id: dry-and-slow
title:
  zh: 干旱且放缓
  en: Dry and slow
inherits: {parent}
levers:
  growth_mining: {{2021: 0.05, 2025: 0.03}}
  growth_tertiary: 0.09
assumptions:
  precipitation_index: {{2023: 0.6, 2025: 0.6, 2026: 1.0}}
"""


def _assert_same_results(a: model.RunResults, b: model.RunResults) -> None:
    ra, rb = a.output.results, b.output.results
    assert list(ra) == list(rb)
    for name in ra:
        assert ra[name].tobytes() == rb[name].tobytes(), name
    assert a.output.scorecard.value.tobytes() == b.output.scorecard.value.tobytes()


def test_a_derived_scenario_gives_to_the_bit_what_the_same_change_written_as_a_file_gives(tmp_path):
    derived = model.derive("baseline", "dry-and-slow", title=("干旱且放缓", "Dry and slow"),
                           levers=CHANGE_LEVERS, assumptions=CHANGE_ASSUMPTIONS)
    file = tmp_path / "dry-and-slow.yaml"
    file.write_text(CHANGE_FILE.format(parent=SCENARIOS / "baseline.yaml"), encoding="utf-8")
    from_file = model.load_scenario(file)
    assert derived.resolved() == from_file.resolved()
    assert derived.resolved_hash() == from_file.resolved_hash()
    _assert_same_results(model.run(derived), model.run(from_file))
    # and together in one vectorised call, beside another scenario
    together = model.run("drought", derived)
    assert together.output.results["GDP"][1].tobytes() == model.run(from_file).output.results["GDP"][0].tobytes()


def test_a_derived_lever_moves_the_sector_as_the_growth_formula_says():
    # VA_tertiary[2020] = 67.61 亿元 x 22.78 % = 15.401558 (plan 专栏1); at 9 %/yr:
    # 2021: 15.401558 x 1.09 = 16.78769822;  2022: 16.78769822 x 1.09 = 18.2985910598
    res = model.run(model.derive("baseline", "faster-services", levers={"growth_tertiary": 0.09}))
    values = res.iamc(variable="GDP|Tertiary", year=[2020, 2021, 2022])["value"].tolist()
    assert values == pytest.approx([15.401558, 16.78769822, 18.2985910598], rel=1e-12)


def test_a_saved_scenario_records_only_what_changed_and_loads_back_to_the_same_results(tmp_path):
    derived = model.derive("baseline", "dry-and-slow", levers=CHANGE_LEVERS, assumptions=CHANGE_ASSUMPTIONS)
    path = model.save_scenario(derived, tmp_path / "dry-and-slow.yaml")
    text = path.read_text(encoding="utf-8")
    names = re.findall(r"^  ([a-z0-9_]+):", text, re.M)
    assert sorted(names) == ["en", "growth_mining", "growth_tertiary", "precipitation_index", "zh"]  # title, changes
    assert re.search(r"^inherits: .*scenarios/baseline\.yaml$", text, re.M)
    assert text.index("levers:") < text.index("growth_mining") < text.index("assumptions:")
    _assert_same_results(model.run(derived), model.run(path))
    # the same text again changes nothing; another text is refused without force
    assert model.save_scenario(derived, path) == path
    other = model.derive("baseline", "dry-and-slow", levers={"growth_tertiary": 0.08})
    with pytest.raises(model.WorkbookInputError, match="exists; choose another path or pass force=True"):
        model.save_scenario(other, path)
    assert path.read_text(encoding="utf-8") == text
    model.save_scenario(other, path, force=True)
    assert model.load_scenario(path).overrides == {"growth_tertiary": 0.08}


def test_a_scenario_derived_from_a_derived_one_must_have_its_parent_saved_first(tmp_path):
    first = model.derive("baseline", "first", levers={"growth_tertiary": 0.08})
    second = model.derive(first, "second", assumptions={"precipitation_index": 0.9})
    assert [s.id for s in second.lineage] == ["second", "first", "baseline"]
    assert second.resolved()["growth_tertiary"] == 0.08
    with pytest.raises(model.WorkbookInputError, match="parent scenario 'first' has no file; save it first"):
        model.save_scenario(second, tmp_path / "second.yaml")
    assert not (tmp_path / "second.yaml").exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(growth=st.floats(min_value=-0.2, max_value=0.3, allow_nan=False),
       year=st.integers(min_value=2021, max_value=2035))
def test_derive_save_load_is_an_identity_for_any_valid_path(tmp_path, growth, year):
    derived = model.derive("baseline", "any", levers={"growth_tertiary": {2020: 0.05, year: growth}})
    loaded = model.load_scenario(model.save_scenario(derived, tmp_path / "any.yaml", force=True))
    assert loaded.resolved() == derived.resolved()
    assert (model.run(loaded).output.results["GDP"].tobytes() == model.run(derived).output.results["GDP"].tobytes())


# --------------------------------------------------------------------------- the same as the command line

def test_api_and_command_line_write_identical_files_for_every_shipped_scenario(tmp_path):
    done = run_cli("run", str(SCENARIOS), "--out", str(tmp_path / "cli"), "--lang", "en")
    assert done.returncode == 0, done.stderr
    res = model.run(SCENARIOS)
    res.write(tmp_path / "api")
    ids = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert ids == sorted(res.ids) and len(ids) == len(list(SCENARIOS.glob("*.yaml")))
    targets = res.scorecard("en")
    for sid in ids:
        for name in ("results.csv", "targets.csv", "diagnostics.csv"):
            cli = (tmp_path / "cli" / sid / name).read_bytes()
            assert (tmp_path / "api" / sid / name).read_bytes() == cli, f"{sid}/{name}"
        # the tables in memory are the files
        written = (tmp_path / "cli" / sid / "results.csv").read_bytes()
        columns = written.decode("utf-8").splitlines()[0].split(",")
        assert res.iamc(scenario=sid)[columns].to_csv(index=False).encode() == written
        mine = targets[targets["scenario"] == sid].to_csv(index=False).encode()
        assert mine == (tmp_path / "cli" / sid / "targets.csv").read_bytes()


def test_an_ensemble_in_memory_holds_the_tables_the_command_writes(tmp_path, monkeypatch):
    done = run_cli("ensemble", str(SCENARIOS / "baseline.yaml"), "--draws", "300", "--seed", "5",
                   "--out", str(tmp_path / "cli"), "--no-progress")
    assert done.returncode == 0, done.stderr
    monkeypatch.chdir(tmp_path)
    ens = model.ensemble("baseline", draws=300, seed=5)
    assert ens.folder is None and sorted(p.name for p in tmp_path.iterdir()) == ["cli"]  # nothing written
    for name, table in (("summary.csv", ens.summary), ("probabilities.csv", ens.probabilities)):
        assert (table.to_csv(index=False, float_format="%.10g").encode()
                == (tmp_path / "cli" / name).read_bytes()), name
    cli_draws = pd.read_parquet(tmp_path / "cli" / "draws.parquet")
    pd.testing.assert_frame_equal(ens.draws(), cli_draws)
    assert ens.outcomes().shape[0] == 300
    share = ens.probabilities.set_index("target").loc["gdp_growth", "probability"]
    assert ens.probability("gdp_growth") == share


def test_sensitivity_and_calibration_tables_are_the_command_line_files(tmp_path):
    done = run_cli("sensitivity", str(SCENARIOS / "baseline.yaml"), "--method", "morris", "--draws", "10",
                   "--output", "Energy|Headroom", "--out", str(tmp_path / "sens"), "--lang", "en")
    assert done.returncode == 0, done.stderr
    sens = model.sensitivity("baseline", "Energy|Headroom", method="morris", draws=10)
    assert (sens.table("en").to_csv(index=False, float_format="%.10g").encode()
            == (tmp_path / "sens" / "indices.csv").read_bytes())
    assert sens.statement("en") in (tmp_path / "sens" / "statement.txt").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    done = run_cli("calibrate", str(SCENARIOS / "baseline.yaml"), "--observed", str(ROOT / "data" / "observed"),
                   "--out", str(tmp_path / "a" / "replay.yaml"))
    assert done.returncode == 0, done.stderr
    fit = model.calibrate("baseline", out=tmp_path / "b" / "replay.yaml")
    for name in ("replay.yaml", "replay-fit.csv"):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), name
    assert fit.scenario.overrides == model.load_scenario(tmp_path / "a" / "replay.yaml").overrides
    _assert_same_results(model.run(fit.scenario), model.run(tmp_path / "a" / "replay.yaml"))


def test_a_solved_answer_runs_like_the_file_the_solver_writes(tmp_path):
    ans = model.solve("plan-feasible", "capacity_copper_new_kt", maximise="lever",
                      constraints=["Energy|Assessed <= Energy|Cap"], out=tmp_path / "answer.yaml")
    assert ans.binding == "Energy|Assessed[2025] <= Energy|Cap[2025]"
    assert ans.table()["slack"].abs().max() < 1e-6
    _assert_same_results(model.run(ans.scenario), model.run(ans.path))


def test_discovery_and_plan_fitting_give_the_command_lines_tables_and_files(tmp_path):
    done = run_cli("discover", str(SCENARIOS / "baseline.yaml"), "--target", "copper_output", "--draws", "1000",
                   "--seed", "1", "--out", str(tmp_path / "cli"), "--no-progress", "--lang", "en")
    assert done.returncode == 0, done.stderr
    found = model.discover("baseline", "copper_output", draws=1000, seed=1, out=tmp_path / "api", lang="en")
    for name in ("boxes.csv", "trajectory.csv", "features.csv", "cart.csv", "statement.txt"):
        assert (tmp_path / "api" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "api").iterdir()) == sorted(p.name for p in (tmp_path / "cli").iterdir())
    for table, name in ((found.features, "features.csv"), (found.cart, "cart.csv")):
        assert table.to_csv(index=False, float_format="%.10g").encode() == (tmp_path / "cli" / name).read_bytes()
    assert found.statement("en") in (tmp_path / "cli" / "statement.txt").read_text(encoding="utf-8")
    assert len(found.plot("trajectory").axes) >= 1 and len(found.plot("box").axes) >= 1
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    done = run_cli("fit-plan", str(SCENARIOS / "plan-feasible.yaml"), "--lever", "growth_tertiary", "--seed", "1",
                   "--out", str(tmp_path / "a" / "fitted.yaml"))
    assert done.returncode == 0, done.stderr
    fit = model.fit_plan("plan-feasible", levers="growth_tertiary", seed=1, out=tmp_path / "b" / "fitted.yaml")
    for name in ("fitted.yaml", "fitted-fit.csv"):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), name
    _assert_same_results(model.run(fit.scenario), model.run(tmp_path / "a" / "fitted.yaml"))


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("fixture", sorted(p.name for p in BAD.glob("*.yaml")))
def test_a_bad_scenario_file_raises_the_one_error_with_the_command_lines_lines(fixture, capsys):
    path = BAD / fixture
    with pytest.raises(model.WorkbookInputError) as caught:
        model.load_scenario(path)
    # `ensemble` is not built on the API: its lines come from the command line's own printer
    assert main(["ensemble", str(path), "--out", "/nonexistent/never-written"]) == 2
    assert str(caught.value) + "\n" == capsys.readouterr().err
    assert caught.value.problems and all(str(p) in str(caught.value) for p in caught.value.problems)


@pytest.mark.parametrize("call, argv", [
    (lambda: model.load_scenario(Path("no-such.yaml")), ["validate", "no-such.yaml"]),
    (lambda: model.sensitivity("baseline", "Energy|Assesed"),
     ["sensitivity", "scenarios/baseline.yaml", "--output", "Energy|Assesed"]),
    (lambda: model.ensemble("baseline", draws=10, joint=[["share_primary_2025", "nonsense"]]),
     ["ensemble", "scenarios/baseline.yaml", "--draws", "10", "--joint", "share_primary_2025,nonsense",
      "--out", "/nonexistent/never-written"]),
    (lambda: model.discover("baseline", "copper_ouptut"),
     ["discover", "scenarios/baseline.yaml", "--target", "copper_ouptut"]),
    (lambda: model.fit_plan("baseline", levers=["growth_tertairy"]),
     ["fit-plan", "scenarios/baseline.yaml", "--lever", "growth_tertairy"]),
], ids=["missing-file", "unknown-output", "unknown-joint-target", "unknown-discovery-target", "unknown-fit-lever"])
def test_bad_options_raise_the_one_error_with_the_command_lines_line(call, argv, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(model.WorkbookInputError) as caught:
        call()
    assert main(argv) == 2
    assert str(caught.value) + "\n" == capsys.readouterr().err


def test_an_output_the_workbook_did_not_write_is_refused_with_the_command_lines_line(tmp_path, capsys):
    (tmp_path / "baseline").mkdir()
    (tmp_path / "baseline" / "mine.txt").write_text("a user's file", encoding="utf-8")
    with pytest.raises(model.WorkbookInputError) as caught:
        model.run("baseline").write(tmp_path)
    assert main(["run", str(SCENARIOS / "baseline.yaml"), "--out", str(tmp_path)]) == 2
    assert str(caught.value) + "\n" == capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "baseline").iterdir()) == ["mine.txt"]


@pytest.mark.parametrize("section, name, value", [
    ("levers", "growth_minig", 0.05),
    ("assumptions", "growth_mining", 0.05),
    ("levers", "growth_mining", 9.0),
    ("levers", "growth_mining", {2019: 0.05}),
    ("levers", "growth_mining", "fast"),
    ("levers", "growth_mining", True),
    ("assumptions", "precipitation_index", [0.6, 0.7]),
], ids=["unknown", "wrong-section", "out-of-bounds", "year-too-early", "text", "bool", "list"])
def test_a_bad_change_in_code_is_refused_with_the_words_a_file_gets(tmp_path, section, name, value):
    import yaml

    file = tmp_path / "x.yaml"
    file.write_text(yaml.safe_dump({"id": "x", "title": "x", "inherits": str(SCENARIOS / "baseline.yaml"),
                                    section: {name: value}}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(model.WorkbookInputError) as from_file:
        model.load_scenario(file)
    with pytest.raises(model.WorkbookInputError) as from_code:
        model.derive("baseline", "x", title="x", **{section: {name: value}})
    expected = [(p.key, p.message) for p in from_file.value.problems]
    assert [(p.key, p.message) for p in from_code.value.problems] == expected
    assert all(p.file == "derive('x')" for p in from_code.value.problems)


def test_a_name_is_an_id_a_path_or_a_clear_error():
    assert model.load_scenario("baseline").path == SCENARIOS / "baseline.yaml"
    assert model.load_scenario(str(SCENARIOS / "drought.yaml")).id == "drought"
    with pytest.raises(model.WorkbookInputError, match=r"basline: no such file.*did you mean 'baseline'\?"):
        model.load_scenario("basline")
    with pytest.raises(model.WorkbookInputError, match=r"^error: baseline: file not found"):
        model.load_scenario(Path("baseline"))  # a Path is always a path
    with pytest.raises(model.WorkbookInputError,
                       match=r"derive\('baseline'\): id: id 'baseline' is also used by scenarios/baseline.yaml"):
        model.run("baseline", model.derive("drought", "baseline"))
    with pytest.raises(model.WorkbookInputError, match="expected a Scenario, a scenario id or a path, got 3"):
        model.run(3)


# --------------------------------------------------------------------------- tables and charts

def test_results_come_as_iamc_long_and_pyam_wide_tables_with_the_scorecard_and_diagnostics():
    res = model.run("baseline", "plan-consistent")
    long = res.iamc()
    assert list(long.columns) == ["model", "scenario", "region", "variable", "unit", "year", "value"]
    assert len(long) == 2 * len(model.variables()) * 16
    shares = res.iamc(variable="Share|*", year=2025)
    assert set(shares["variable"]) >= {"Share|Primary", "Share|Secondary", "Share|Tertiary"}
    wide = res.wide(variable=["GDP", "GDP|Growth"])
    assert wide.index.names == ["model", "scenario", "region", "variable", "unit"]
    assert list(wide.columns) == list(range(2020, 2036))
    # plan-consistent grows GDP 6 %/yr: 67.61 x 1.06^5 = 90.4773 亿元 in 2025 (within the 0.5-point tolerance)
    gdp = wide.xs(("plan-consistent", "GDP"), level=("scenario", "variable"))[2025].item()
    assert 67.61 * 1.055 ** 5 < gdp < 67.61 * 1.065 ** 5
    card = res.scorecard("en")
    assert set(card["status"]) <= {"met", "missed", "not modelled"}
    assert len(res.diagnostics()) == 2 * len(res.diagnostics()[res.diagnostics().scenario == "baseline"])
    evaluation = res.observed("en")
    assert set(evaluation["observed_status"]) <= {"met", "missed", "not observed"}


def test_observations_stand_beside_the_models_value_for_the_same_year():
    res = model.run("replay-2021-2025")
    obs = res.observations().set_index(["region", "variable", "year"])
    # the 2024 government work report: 2023 GDP 113 亿元 at current prices; the replay was fitted to it
    row = obs.loc[("Urad Rear Banner", "GDP|Nominal", 2023)]
    assert row["observed"] == 113.0 and row["model"] == pytest.approx(113.0, rel=0.01)
    assert np.isnan(obs.loc[("Bayannur", "GDP|Nominal", 2023), "model"])  # context, never modelled


def test_a_theme_chart_draws_each_scenario_and_marks_the_plans_targets():
    res = model.run("baseline", "plan-consistent")
    fig = res.plot("economy", lang="en")
    marks = [(tuple(line.get_xdata()), tuple(line.get_ydata())) for ax in fig.axes for line in ax.lines
             if line.get_marker() == "D"]
    assert ((2025,), (70.0,)) in marks  # the 70 % secondary share of 2025
    titles = [model.load_scenario(s).title("en") for s in ("baseline", "plan-consistent")]
    assert fig.get_suptitle() == f"{titles[0]} (dashed: {titles[1]})"
    many = model.run("baseline", "slower-industry", "plan-feasible").plot("energy")
    assert len(many.axes) >= 3
    # the banner's published statistics as markers: 2023 GDP at current prices, 113 亿元 (2024 work report)
    observed = model.run("replay-2021-2025").plot("prices", lang="en")
    points = {(x, y) for ax in observed.axes for line in ax.lines if line.get_linestyle() == "None"
              for x, y in zip(line.get_xdata(), line.get_ydata())}
    assert (2023, 113.0) in points
    with pytest.raises(model.WorkbookInputError, match="no chart for theme 'enrgy'.*did you mean 'energy'"):
        res.plot("enrgy")


@pytest.mark.slow
def test_a_report_of_a_derived_scenario_saves_the_file_it_was_made_from(tmp_path):
    mine = model.derive("baseline", "faster-services", levers={"growth_tertiary": 0.09})
    done = model.report(mine, lang="en", out_dir=tmp_path)
    assert done.pdf == tmp_path / "faster-services.pdf" and done.pdf.stat().st_size > 10_000
    assert model.load_scenario(tmp_path / "faster-services.yaml").overrides == {"growth_tertiary": 0.09}
    again = model.report(mine, lang="en", out_dir=tmp_path)  # a rerun replaces its own PDF
    assert again.pdf == done.pdf


# --------------------------------------------------------------------------- documentation

def _python_blocks(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1))
            for m in re.finditer(r"^```python\n(.*?)^```", text, re.M | re.S)]


@pytest.mark.parametrize("doc, line, code", [(p.relative_to(ROOT).as_posix(), line, code)
                                             for p in DOCS for line, code in _python_blocks(p)],
                         ids=lambda x: str(x) if isinstance(x, (int, str)) and len(str(x)) < 20 else "")
def test_every_python_block_of_the_docs_runs_from_the_project_root(doc, line, code, monkeypatch):
    monkeypatch.chdir(ROOT)
    before = sorted(p.name for p in ROOT.iterdir())
    exec(compile(code, f"{doc}:{line}", "exec"), {"__name__": "__docs__"})
    assert sorted(p.name for p in ROOT.iterdir()) == before  # the examples write nothing into the project


def test_the_docs_hold_python_blocks_to_run():
    assert len(_python_blocks(ROOT / "README.md")) >= 1
    assert len(_python_blocks(ROOT / "docs" / "api.md")) >= len(model.api.__all__)


"""The report's section 情景发现 / Scenario discovery, asked for by ``report: discover:``.

A scenario file asks for the section with the targets that must hold (and, optionally,
diagnostics, draws, seed); a bad id is refused like every other mistake in a scenario file:
one line naming the file, the line and the key path, exit status 2, nothing written.
The draws are kept small (400, Latin hypercube) so that the section takes about a second.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from model.analysis.discovery import Outcome, discover
from model.cli.main import main
from model.provenance import DEFAULT_SEED
from model.reporting.discovery_section import SECTION_TITLE, discovery_blocks
from model.reporting.scenario_content import scenario_report_content
from model.runs.runner import run_scenarios
from model.scenarios import Scenario, load_scenarios
from model.scenarios.schema import DiscoverOptions
from model.text import has_cjk
from tests.conftest import ROOT

STAMP = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc)
WITHOUT = ROOT / "tests/fixtures/report/without-uncertainty.yaml"
#: A scenario asking for the section: the 2025 energy-intensity cut, 400 draws.
ASKING = """\
id: asks-for-discovery
title: {zh: 情景发现测试, en: Discovery test}
inherits: baseline
report:
  discover:
    targets: [energy_intensity_cut]
    draws: 400
"""


def _write(folder: Path, text: str, name: str = "discovery.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _section(blocks: list[dict], title: str) -> list[dict]:
    """The blocks from the section's heading to the next top-level heading."""
    k = next(i for i, b in enumerate(blocks) if b["kind"] == "heading" and b["text"] == title)
    end = next((i for i in range(k + 1, len(blocks)) if blocks[i]["kind"] == "heading"
                and blocks[i].get("level", 1) == 1), len(blocks))
    return blocks[k:end]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    asking, plain = load_scenarios([_write(tmp_path_factory.mktemp("disc"), ASKING), WITHOUT])
    return run_scenarios([asking, plain])


# --------------------------------------------------------------------------- the section

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_section_is_in_the_report_of_a_scenario_asking_for_it(run, lang):
    title = SECTION_TITLE[0] if lang == "zh" else SECTION_TITLE[1]
    if lang == "zh":  # the whole report once; the section alone in English
        section = _section(scenario_report_content(run, 0, None, Scenario.from_defaults(), lang, STAMP)["blocks"],
                           title)
    else:
        section = discovery_blocks(run.scenarios[0], lang)
    assert section[0] == {**section[0], "kind": "heading", "text": title}
    # statement and explanation, the peeling trajectory and the chosen box, then the tables
    assert [b["kind"] for b in section[:5]] == ["heading", "paragraph", "paragraph", "figure", "figure"]
    assert all("<svg" in b["svg"] for b in section if b["kind"] == "figure")
    assert sum(1 for b in section if b["kind"] == "table") >= 1
    # the statement is discovery's own for the file's targets, draws and seed (Latin hypercube)
    expected = discover(run.scenarios[0], Outcome(("energy_intensity_cut",)), draws=400, seed=DEFAULT_SEED,
                        method="lhs").statement(lang)
    assert section[1]["text"] == expected
    if lang == "en":
        texts = [b.get("text", "") for b in section] + [c for b in section if b["kind"] == "table"
                                                        for row in [b["header"], *b["rows"]] for c in row]
        assert not [t for t in texts if has_cjk(t)]


def test_a_scenario_not_asking_for_it_has_no_such_section(run):
    for lang in ("zh", "en"):
        assert discovery_blocks(run.scenarios[1], lang) == []


def test_the_options_default_to_4000_draws_the_project_seed_and_no_diagnostic():
    options = DiscoverOptions(targets=["energy_intensity_cut"])
    assert (options.draws, options.seed, options.diagnostics) == (4000, DEFAULT_SEED, [])


def test_no_draw_holding_is_said_in_the_section_instead_of_failing_the_report(tmp_path):
    # around the baseline, assessed energy stays over the cap in every one of 200 draws
    text = ASKING.replace("[energy_intensity_cut]", "[energy_within_cap]").replace("400", "200")
    output = run_scenarios(load_scenarios([_write(tmp_path, text)]))  # the scenario as the report loads it
    for lang, title, words in (("zh", SECTION_TITLE[0], "200个抽样（种子20210301）中没有一个满足"),
                               ("en", SECTION_TITLE[1], "None of the 200 draws (seed 20210301) meets the outcome")):
        section = discovery_blocks(output.scenarios[0], lang)
        assert [(b["kind"], b.get("text")) for b in section][0] == ("heading", title)
        assert [b["kind"] for b in section] == ["heading", "paragraph"]
        assert words in section[1]["text"]


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("targets, line, expected", [
    ("[energy_intensity_cut, energy_intensty_cut]", 6,
     "report.discover.targets.1: unknown target 'energy_intensty_cut'; did you mean 'energy_intensity_cut'?"),
    ("[trade_growth]", 6, "report.discover.targets.0: target 'trade_growth' is not modelled"),
    ("[]", 6, "report.discover.targets: List should have at least 1 item"),
])
def test_a_bad_target_list_is_one_line_with_file_and_line_and_nothing_is_written(tmp_path, capsys, targets,
                                                                                  line, expected):
    path = _write(tmp_path, ASKING.replace("[energy_intensity_cut]", targets))
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and not out.exists()
    errors = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, err
    assert re.search(rf"discovery\.yaml:{line}: ", errors[0]) and expected in errors[0], errors[0]


def test_an_unknown_diagnostic_or_too_few_draws_is_refused_in_one_line_each(tmp_path, capsys):
    text = ASKING.replace("    draws: 400\n", "    diagnostics: [acid_balanse]\n    draws: 50\n")
    out = tmp_path / "out"
    assert main(["run", str(_write(tmp_path, text)), "--out", str(out)]) == 2
    errors = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 2, errors
    assert re.search(r"discovery\.yaml:7: report\.discover\.diagnostics\.0: unknown diagnostic 'acid_balanse'; "
                     r"did you mean 'acid_balance'\?", errors[0]), errors
    assert re.search(r"discovery\.yaml:8: report\.discover\.draws: .*200", errors[1]), errors


def test_a_bad_target_reads_in_chinese_in_the_explorers_language(tmp_path):
    from model.scenarios import ScenarioError

    path = _write(tmp_path, ASKING.replace("[energy_intensity_cut]", "[energy_intensty_cut, trade_growth]"))
    with pytest.raises(ScenarioError) as caught:
        load_scenarios([path])
    zh = [p.text("zh") for p in caught.value.problems]
    en = [p.text("en") for p in caught.value.problems]
    assert zh == [f"{path}:6: report.discover.targets.0: 未知目标 'energy_intensty_cut'；是否应为 'energy_intensity_cut'？",
                  f"{path}:6: report.discover.targets.1: 目标 'trade_growth' 未建模，模型无法判断"]
    assert en == [f"{path}:6: report.discover.targets.0: unknown target 'energy_intensty_cut'; "
                  "did you mean 'energy_intensity_cut'?",
                  f"{path}:6: report.discover.targets.1: target 'trade_growth' is not modelled; "
                  "the model cannot judge it"]

"""Observation files: the shipped ones load, and every malformed file gets its one line.

Each file in tests/fixtures/bad_observations/ states in its first line the error it must give.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from model.cli.main import main
from model.core.catalogue import REGION
from model.scenarios import ScenarioError
from model.scenarios.observations import OBSERVED_DIR, load_observations, load_sources

BAD = sorted((Path(__file__).parent / "fixtures" / "bad_observations").glob("*.csv"))


def _expected(path: Path) -> str:
    return path.read_bytes().split(b"\n", 1)[0].decode("utf-8").removeprefix("# expect: ")


def test_at_least_ten_malformed_files_are_shipped():
    assert len(BAD) >= 10


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_malformed_file_gives_its_error_with_file_and_line(path):
    with pytest.raises(ScenarioError) as exc:
        load_observations([path])
    text = "\n".join(str(p) for p in exc.value.problems)
    assert path.name in text
    expected = _expected(path)
    m = re.match(r"line (\d+): (.*)", expected)
    if m:
        line, message = m.groups()
        assert f"{path.name}:{line}: " in text
        assert message.split(" (also at")[0] in text
    elif expected.startswith("three lines"):
        assert len(exc.value.problems) == 3
        assert [p.line for p in exc.value.problems] == [3, 4, 5]
    else:
        assert expected.split(" (")[0] in text


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_calibrate_with_a_malformed_file_exits_2_writes_nothing_and_prints_no_traceback(path, tmp_path, capsys):
    out = tmp_path / "fitted.yaml"
    status = main(["calibrate", "scenarios/baseline.yaml", "--observed", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    assert path.name in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_the_shipped_observations_load_and_every_source_resolves():
    obs = load_observations([OBSERVED_DIR])
    sources = load_sources()
    assert len(obs) >= 40
    for o in obs:
        assert o.source in sources, o
        citation = sources[o.source]
        assert citation.title and citation.issuer and citation.date
    # the plan's own base year, exactly as 专栏1 states it
    assert obs.value("GDP|Nominal", 2020) == 67.61
    assert obs.value("Share|Secondary|Nominal", 2020) == 69.58


def test_bayannur_numbers_are_context_and_never_fitted():
    obs = load_observations([OBSERVED_DIR])
    bayannur = [o for o in obs if o.region == "Bayannur"]
    assert bayannur and not any(o.fittable for o in bayannur)
    assert all(o.region == REGION for o in obs.fittable())


def test_years_before_2020_are_shown_but_not_fitted():
    obs = load_observations([OBSERVED_DIR / "plan-history.csv"])
    early = [o for o in obs if o.year == 2015]
    assert early and not any(o.fittable for o in early)

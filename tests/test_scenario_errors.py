"""Malformed scenario files: every one is refused with exit status 2, a one-line
message naming the file, the key path and (where the YAML parser knows it) the
line, no traceback, and nothing written.

Each fixture under tests/fixtures/bad_scenarios/ states what it expects in its
header comments: ``# expect: <text>`` (a substring of the error output, one or
more), ``# expect-line: N`` (the line the first expected message points at) and
``# expect-count: N`` (the number of problems reported).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from model.cli.main import main
from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "bad_scenarios"
BAD_FILES = sorted(FIXTURES.glob("*.yaml"))


def _expectations(path: Path) -> tuple[list[str], int | None, int | None]:
    expects, line, count = [], None, None
    for raw in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        if m := re.match(r"# expect: (.*)$", raw):
            expects.append(m.group(1).strip())
        elif m := re.match(r"# expect-line: (\d+)", raw):
            line = int(m.group(1))
        elif m := re.match(r"# expect-count: (\d+)", raw):
            count = int(m.group(1))
    return expects, line, count


def test_there_are_at_least_25_malformed_files():
    assert len(BAD_FILES) >= 25


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_malformed_scenario_is_refused(path: Path, tmp_path: Path, capsys):
    expects, line, count = _expectations(path)
    assert expects, f"{path.name} states no expectation"
    out_dir = tmp_path / "out"
    status = main(["run", str(path), "--out", str(out_dir)])
    captured = capsys.readouterr()
    assert status == 2
    assert not out_dir.exists(), "nothing may be written for an invalid scenario"
    err = captured.err
    assert "Traceback" not in err
    assert captured.out == ""
    for text in expects:
        assert text in err, f"{text!r} not in:\n{err}"
    error_lines = [ln for ln in err.splitlines() if ln.startswith("error: ")]
    assert error_lines, err
    # every problem names the file it is in
    assert all(re.match(r"error: \S+\.yaml", ln) for ln in error_lines), err
    if line is not None:
        first = next(ln for ln in error_lines if expects[0] in ln)
        assert re.search(rf"{re.escape(path.name)}:{line}:", first), first
    if count is not None:
        assert len(error_lines) == count, err


def test_validate_reports_every_file_in_one_pass(capsys):
    files = [FIXTURES / "out-of-bounds.yaml", FIXTURES / "unknown-lever.yaml",
             FIXTURES / "missing-title.yaml"]
    assert main(["validate", *map(str, files)]) == 2
    err = capsys.readouterr().err
    for f in files:
        assert f.name in err
    assert "3 problems found; nothing was written." in err


def test_real_process_exit_status_and_no_traceback(tmp_path: Path):
    out = tmp_path / "out"
    proc = run_cli("run", str(FIXTURES / "python-tag.yaml"), "--out", str(out))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "is not allowed" in proc.stderr
    assert not out.exists()


def test_python_tag_is_never_executed(tmp_path: Path, monkeypatch):
    # The fixture's tag would run `os.system("echo pwned")` under an unsafe loader.
    called = []
    monkeypatch.setattr("os.system", lambda *a: called.append(a))
    assert main(["validate", str(FIXTURES / "python-tag.yaml")]) == 2
    assert called == []


def test_missing_file_and_empty_folder(tmp_path: Path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml: file not found" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["validate", str(tmp_path / "empty")]) == 2
    assert "folder holds no *.yaml scenario files" in capsys.readouterr().err


def test_duplicate_ids_across_files(tmp_path: Path, capsys):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("id: same\ntitle: {zh: 同, en: Same}\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 2
    assert "id 'same' is also used by" in capsys.readouterr().err

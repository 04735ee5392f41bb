"""Scenario files: inheritance, paths, overrides, round trips, and validator properties."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.core import REGISTRY, simulate, year_index
from model.scenarios import (ROOT_ID, InvalidValue, Scenario, ScenarioError, check_value, dump_scenario_yaml,
                             load_scenario, load_scenarios)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """parent <- child <- grandchild, each overriding something different."""
    _write(tmp_path, "parent.yaml", """
id: parent
title: {zh: 父, en: Parent}
levers:
  growth_mining: 0.04
  growth_tertiary: {2021: 0.05, 2025: 0.07}
assumptions:
  va_2020_mining: 14.0
""")
    _write(tmp_path, "child.yaml", """
id: child
title: {zh: 子, en: Child}
inherits: parent          # by id
levers:
  growth_mining: 0.08     # overrides the parent's 0.04
""")
    _write(tmp_path, "grandchild.yaml", """
id: grandchild
title: {zh: 孙, en: Grandchild}
inherits: ./child.yaml    # by path
assumptions:
  va_2020_mining: 16.0
""")
    return tmp_path


def test_inheritance_overrides_only_what_it_names(tree: Path):
    g = load_scenario(tree / "grandchild.yaml")
    assert [s.id for s in g.lineage] == ["grandchild", "child", "parent"]
    values = g.resolved()
    assert values["growth_mining"] == 0.08                       # from child
    assert values["growth_tertiary"] == {2021: 0.05, 2025: 0.07}  # from parent
    assert values["va_2020_mining"] == 16.0                      # its own
    # everything else is the registry default
    for name in REGISTRY:
        if name not in ("growth_mining", "growth_tertiary", "va_2020_mining"):
            assert values[name] == REGISTRY.defaults()[name]
    assert g.overrides == {"va_2020_mining": 16.0}
    assert g.manifest()["inherits"] == ["child", "parent", ROOT_ID]


def test_inherited_path_is_interpolated_and_held_flat(tree: Path):
    g = load_scenario(tree / "grandchild.yaml")
    ps = REGISTRY.parameter_set([g.resolved()])
    path = ps["growth_tertiary"][0]
    # {2021: 0.05, 2025: 0.07}: +0.005/yr; 2020 held at the first value; flat after 2025
    assert path[year_index(2020)] == pytest.approx(0.05)
    assert path[year_index(2023)] == pytest.approx(0.06)
    assert path[year_index(2030)] == pytest.approx(0.07)
    r = simulate(ps)
    # tertiary 2022 = 2020 base x (1 + 0.05 in 2021) x (1 + 0.055 in 2022)
    expected_2022 = 67.61 * 0.2278 * 1.05 * 1.055
    assert r["GDP|Tertiary"][0, year_index(2022)] == pytest.approx(expected_2022)
    # mining grows at the child's 8 %/yr from the grandchild's 16.0 base
    if "Value Added|Mining" in r:
        assert r["Value Added|Mining"][0, year_index(2025)] == pytest.approx(16.0 * 1.08 ** 5)


def test_hash_changes_with_parent(tree: Path):
    before = load_scenario(tree / "grandchild.yaml").resolved_hash()
    text = (tree / "parent.yaml").read_text(encoding="utf-8").replace("0.04", "0.03")
    (tree / "parent.yaml").write_text(text, encoding="utf-8")
    # growth_mining is overridden by the child, so the resolved values do not change...
    assert load_scenario(tree / "grandchild.yaml").resolved_hash() == before
    text = (tree / "parent.yaml").read_text(encoding="utf-8").replace("0.07}", "0.08}")
    (tree / "parent.yaml").write_text(text, encoding="utf-8")
    # ...but the inherited tertiary path does
    assert load_scenario(tree / "grandchild.yaml").resolved_hash() != before


def test_shipped_scenarios_are_valid_and_inherit_the_baseline(scenario_dir: Path):
    scenarios = load_scenarios(sorted(scenario_dir.glob("*.yaml")))
    ids = {s.id for s in scenarios}
    assert {"baseline", "plan-consistent"} <= ids
    assert len(scenarios) >= 5
    for s in scenarios:
        assert s.path.stem == s.id, "file name and id agree"
        assert s.description, f"{s.id} explains itself"
        if s.id != "baseline":
            assert "baseline" in [x.id for x in s.lineage]
            assert s.overrides, f"{s.id} changes something"
        text = s.path.read_text(encoding="utf-8")
        assert text.count("#") >= 3, f"{s.id} is commented"


def test_dump_round_trip(tmp_path: Path):
    overrides = {"growth_mining": {2021: 0.07, 2030: 0.03}, "va_2020_mining": 13.5}
    text = dump_scenario_yaml("saved", "保存的情景", "Saved", "A note.\nSecond line.", "baseline",
                              overrides)
    path = _write(tmp_path, "saved.yaml", text)
    # the parent is found by id in the shipped scenarios folder
    s = load_scenario(path)
    assert s.overrides == overrides
    assert s.levers == {"growth_mining": {2021: 0.07, 2030: 0.03}}
    assert s.assumptions == {"va_2020_mining": 13.5}
    assert s.title_zh == "保存的情景" and s.description == "A note.\nSecond line."
    assert "# " in text and "[亿元]" in text


def test_defaults_scenario_is_the_registry():
    s = Scenario.from_defaults()
    assert s.resolved() == REGISTRY.defaults()


# ---------------------------------------------------------------- property tests on the validator

numeric = [p for p in REGISTRY.values() if p.dtype != "choice"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_validator_accepts_exactly_the_values_within_bounds(data, tmp_path: Path):
    p = data.draw(st.sampled_from(numeric))
    lo, hi = max(p.lower, -1e6), min(p.upper, 1e6)
    inside = data.draw(st.floats(lo, hi, allow_nan=False))
    if p.dtype == "int":
        inside = float(round(inside))
    outside = data.draw(st.one_of(st.floats(hi + 1e-6 * max(1, abs(hi)), hi + 1e6),
                                  st.floats(lo - 1e6, lo - 1e-6 * max(1, abs(lo)))))
    section = "levers" if p.kind == "lever" else "assumptions"
    ok = _write(tmp_path, "ok.yaml", yaml.safe_dump(
        {"id": "ok", "title": {"zh": "好", "en": "ok"}, section: {p.name: inside}}))
    assert load_scenario(ok).resolved()[p.name] == pytest.approx(inside)
    bad = _write(tmp_path, "bad.yaml", yaml.safe_dump(
        {"id": "bad", "title": {"zh": "坏", "en": "bad"}, section: {p.name: outside}}))
    with pytest.raises(ScenarioError) as exc:
        load_scenario(bad)
    assert len(exc.value.problems) == 1
    problem = exc.value.problems[0]
    line_of_key = next(i for i, ln in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1)
                       if ln.strip().startswith(f"{p.name}:"))
    assert problem.key == f"{section}.{p.name}" and problem.line == line_of_key


_ANY_VALUE = st.one_of(
    st.floats(-1e7, 1e7), st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
    st.booleans(), st.text(max_size=8), st.lists(st.floats(-1, 1), max_size=3),
    st.dictionaries(st.integers(2015, 2040), st.floats(-1, 2), max_size=4),
    st.dictionaries(st.text(max_size=4), st.floats(-1, 2), min_size=1, max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(p=st.sampled_from(list(REGISTRY.values())), value=_ANY_VALUE)
def test_check_value_says_what_a_scenario_file_says(p, value, tmp_path: Path):
    """Property: one rule for values. check_value accepts exactly what a file accepts, as the
    same value, and refuses the rest with the message the file's problem carries."""
    section = "levers" if p.kind == "lever" else "assumptions"
    path = _write(tmp_path, "v.yaml", yaml.safe_dump(
        {"id": "v", "title": {"zh": "值", "en": "v"}, section: {p.name: value}}))
    value = yaml.safe_load(path.read_text(encoding="utf-8"))[section][p.name]  # as the file holds it
    try:
        checked = check_value(p, value)
    except InvalidValue as exc:
        with pytest.raises(ScenarioError) as file_error:
            load_scenario(path)
        assert [(pr.key, str(pr.message)) for pr in file_error.value.problems] == [(f"{section}.{p.name}", str(exc))]
    else:
        assert load_scenario(path).overrides == {p.name: checked}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=30))
def test_unknown_names_are_always_reported(name, tmp_path: Path):
    if name in REGISTRY:
        return
    path = _write(tmp_path, "x.yaml", yaml.safe_dump(
        {"id": "x", "title": {"zh": "未知", "en": "x"}, "levers": {name: 0.1}}))
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert any("unknown parameter" in str(pr.message) or "move it under" in str(pr.message)
               for pr in exc.value.problems)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(points=st.dictionaries(st.integers(2020, 2035), st.floats(-0.2, 0.3), min_size=1, max_size=6))
def test_any_valid_path_loads_and_interpolates(points, tmp_path: Path):
    path = _write(tmp_path, "p.yaml", yaml.safe_dump(
        {"id": "p", "title": {"zh": "路径", "en": "p"}, "levers": {"growth_tertiary": points}}))
    s = load_scenario(path)
    arr = REGISTRY.parameter_set([s.resolved()])["growth_tertiary"][0]
    for year, value in points.items():
        assert arr[year_index(year)] == pytest.approx(value)
    assert np.isfinite(arr).all()


@pytest.mark.parametrize("value", [1e-07, 5e-324, 1.5e20, 0.1, 3.0, 12345.678])
def test_dump_writes_floats_yaml_reads_as_numbers(value, tmp_path: Path):
    # YAML 1.1 (PyYAML) reads "1e-07" as text; the writer must keep the mantissa's dot.
    text = dump_scenario_yaml("f", "浮点", "Floats", overrides={"va_2020_mining": value},
                              inherits=None)
    assert yaml.safe_load(text)["assumptions"]["va_2020_mining"] == value

"""The parameter registry: complete, consistent, the single source of defaults."""
import json

import numpy as np
import pytest

from model.core import REGISTRY, THEMES
from model.core.registry import Registry
from model.core.parameter import Parameter
from model.reporting.listing import parameter_records, render_parameters

PARAMS = list(REGISTRY.values())


@pytest.mark.parametrize("p", PARAMS, ids=[p.name for p in PARAMS])
def test_every_parameter_is_fully_described(p: Parameter):
    assert p.label_zh.strip() and p.label_en.strip()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in p.label_zh), "the Chinese label holds Chinese"
    assert p.unit.strip()
    assert p.source.strip()
    assert p.kind in ("lever", "assumption")
    assert p.theme in THEMES
    if p.dtype == "choice":
        assert p.default in p.choices
    else:
        assert p.lower < p.upper
        values = p.default.values() if isinstance(p.default, dict) else [p.default]
        assert all(p.lower <= v <= p.upper for v in values)
        if isinstance(p.default, dict):
            assert p.timeseries


def test_estimates_say_so_in_their_source_or_flag():
    # Every parameter flagged as an estimate is listed as such by `params`.
    text = render_parameters("table", "en")
    for p in PARAMS:
        if p.estimate:
            assert "[estimate]" in text


def test_names_are_unique_and_snake_case():
    names = [p.name for p in PARAMS]
    assert len(names) == len(set(names))
    assert all(n == n.lower() and " " not in n for n in names)


def test_duplicate_definition_is_refused():
    p = PARAMS[0]
    with pytest.raises(ValueError, match="defined twice"):
        Registry([p, p])


def test_default_outside_bounds_is_refused():
    with pytest.raises(ValueError, match="outside"):
        Registry([Parameter("x", "甲", "x", "%", 5.0, 0.0, 1.0, source="test")])


def test_default_parameter_set_shapes():
    ps = REGISTRY.default_parameter_set(4)
    assert ps.n == 4
    for name, p in REGISTRY.items():
        arr = ps[name]
        assert arr.shape[0] == 4
        assert arr.ndim == (2 if p.timeseries and p.dtype != "choice" else 1)
        assert np.all(arr == arr[:1]), "copies of the defaults are identical"


def test_listing_formats_cover_every_parameter():
    records = json.loads(render_parameters("json", "en"))
    assert [r["name"] for r in records] == list(REGISTRY)
    csv_text = render_parameters("csv", "zh")
    assert len(csv_text.strip().splitlines()) == len(REGISTRY) + 1
    table = render_parameters("table", "zh")
    for p in PARAMS:
        assert p.name in table
    assert parameter_records(lang="zh")[0]["label"] == PARAMS[0].label_zh

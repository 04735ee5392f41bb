"""A one-off report's speed-ups change nothing a reader sees (issue 12 item 7).

The report command overlaps and spreads its work: the kernel assembles the content while the
command loads papermill (``prepare_code``), the charts and sections are drawn on every core
(``model.reporting.forked``), and papermill is imported without an unused slow import
(``import_papermill``).  These tests check that each of them leaves the report as it was.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest

from model.execution.notebook import UNUSED_SLOW_IMPORTS, prepare_code
from model.reporting.forked import available_cores, run_parts

#: matplotlib names SVG clip paths after object addresses; every other id is fixed by to_svg
CLIP_ID = re.compile(r"p[0-9a-f]{10}")
#: coordinates, which constrained layout may settle a millionth of a point apart on a figure it
#: lays out again (the report keeps each theme's figure between reports)
COORDINATE = re.compile(r"\d+\.\d+")


def _comparable(content) -> str:
    """Report content as text, clip-path ids removed and coordinates to a hundredth of a point."""
    text = CLIP_ID.sub("p-clip", json.dumps(content, ensure_ascii=False, sort_keys=True))
    return COORDINATE.sub(lambda m: f"{float(m.group()):.2f}", text)


def _square(x: int) -> int:
    return x * x


def _fail() -> None:
    raise ValueError("part 2 failed")


def _probe(code: str) -> list[str]:
    """What ``code`` prints, run in a fresh interpreter (so imports start from nothing)."""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return res.stdout.split()


# --------------------------------------------------------------------------- run_parts

def test_parts_come_back_in_their_order_whatever_the_number_of_processes():
    from functools import partial

    parts = [partial(_square, k) for k in range(7)]
    # 0, 1, 4, 9, 16, 25, 36: the squares in the order the parts were given
    assert run_parts(parts, workers=1) == run_parts(parts, workers=2) == [0, 1, 4, 9, 16, 25, 36]


def test_a_failing_part_raises_its_own_error_in_the_caller():
    with pytest.raises(ValueError, match="part 2 failed"):
        run_parts([lambda: 1, _fail, lambda: 3], workers=2)


def test_available_cores_is_at_least_one():
    assert available_cores() >= 1


# --------------------------------------------------------------------------- the content

@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    from model.reporting.report import _scenarios
    from model.runs.runner import run_scenarios

    folder = tmp_path_factory.mktemp("parts")
    scenario = folder / "parts.yaml"
    scenario.write_text("id: parts\ntitle: 分进程\ninherits: slower-industry\n"
                        "report:\n  uncertainty_draws: 200\n  uncertainty_seed: 7\n", encoding="utf-8")
    s, ref, baseline = _scenarios(scenario, None)
    return run_scenarios([s, ref]), baseline


def test_content_drawn_on_two_processes_is_the_content_drawn_in_one(small_run):
    import datetime as dt

    from model.reporting.scenario_content import scenario_report_content

    output, baseline = small_run
    stamp = dt.datetime(2026, 1, 1)
    one = scenario_report_content(output, 0, 1, baseline, "zh", stamp, workers=1)
    two = scenario_report_content(output, 0, 1, baseline, "zh", stamp, workers=2)
    text_one, text_two = _comparable(one), _comparable(two)
    assert text_one == text_two
    # the parts drawn in the children are there: theme charts and the uncertainty section's fan chart
    assert text_one.count("<svg") >= 8 and "不确定性" in text_one


def test_the_same_figure_gives_the_same_svg_without_a_date(small_run):
    from model.reporting.figures import to_svg
    from model.reporting.uncertainty_charts import probability_figure

    figure = probability_figure({"gdp_growth": 0.4, "energy_within_cap": 0.1}, "en")
    first, second = to_svg(figure), to_svg(figure)
    assert CLIP_ID.sub("", first) == CLIP_ID.sub("", second)
    assert "<dc:date>" not in first


# --------------------------------------------------------------------------- the command's own steps

def test_the_prepare_code_calls_prepare_with_the_notebooks_parameters():
    code = prepare_code({"scenario": "/p/s.yaml", "reference": None, "lang": "en", "out_dir": "/o",
                         "name": "s", "force": True})
    call = ast.parse(code).body[-1].value
    assert ast.unparse(call.func) == "model.reporting.report.prepare"
    # only what the content depends on; None (no reference) left to prepare's default
    assert {k.arg: ast.literal_eval(k.value) for k in call.keywords} == {"scenario": "/p/s.yaml", "lang": "en"}


def test_papermill_is_imported_without_the_unused_slow_import_and_leaves_it_importable():
    probe = ("import sys\n"
             "from model.execution.notebook import UNUSED_SLOW_IMPORTS, import_papermill\n"
             "pm = import_papermill()\n"
             "print(all(n not in sys.modules for n in UNUSED_SLOW_IMPORTS), hasattr(pm, 'execute_notebook'))\n"
             "import nbformat\n"
             "nb = nbformat.v4.new_notebook(); nbformat.validate(nb)\n"
             "import importlib\n"
             "print(all(importlib.import_module(n) is not None for n in UNUSED_SLOW_IMPORTS))\n")
    assert _probe(probe) == ["True", "True", "True"]
    assert UNUSED_SLOW_IMPORTS == ("rfc3987_syntax",)


def test_importing_the_reporting_layer_leaves_a_notebooks_matplotlib_backend_alone():
    # a notebook kernel draws inline; the reports' figures are not pyplot's and need no backend
    probe = ("import matplotlib\n"
             "matplotlib.use('module://matplotlib_inline.backend_inline')\n"
             "import matplotlib.pyplot\n"
             "import model, model.reporting.report, model.reporting.charts, model.explorer\n"
             "print(matplotlib.get_backend())\n")
    assert _probe(probe) == ["module://matplotlib_inline.backend_inline"]


def _die() -> None:
    import os

    os._exit(3)  # a child killed in the middle of a part


def test_a_child_that_dies_makes_the_parts_run_in_this_process():
    import os
    from functools import partial

    parent = os.getpid()
    # in this process _die would end the test run: it runs only in a child, the rerun is told apart
    parts = [partial(_square, 3), lambda: _die() if os.getpid() != parent else "drawn here"]
    assert run_parts(parts, workers=2) == [9, "drawn here"]

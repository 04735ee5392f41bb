"""Results in the IAMC format, accepted by pyam, the IAMC community's reader.

The IAMC time-series format (the Integrated Assessment Modeling Consortium's template, read by
pyam: Huppmann et al. 2021, Open Research Europe 1:74) names every series by ``model, scenario,
region, variable, unit`` and gives it a value per ``year``.  Every results table the workbook
writes has those seven columns in that order: a run's ``results.csv``, a batch's combined
``results.csv`` and its ``results.xlsx`` (wide: one column per year); an ensemble's
``summary.csv`` names its rows the same way.

pyam runs in its own environment (``.venv/pyam``, ``make pyam``): pyam-iamc 4.0.0 requires
matplotlib<3.11, the workbook pins 3.11.2.  The test hands it the files as a pyam user would.
"""
from __future__ import annotations

import json
import subprocess
from importlib.metadata import version

import openpyxl
import pandas as pd
import pytest

from model.analysis.ensemble import run_ensemble
from model.core.simulate import VARIABLES
from model.core.timeline import YEARS
from model.execution.batch import run_batch
from model.scenarios import load_scenario
from tests.conftest import ROOT, SCENARIOS, run_cli

IAMC = ["model", "scenario", "region", "variable", "unit", "year", "value"]
#: The workbook's name and its installed version (the distribution's metadata, from pyproject.toml).
MODEL = f"Urad Rear Workbook {version('urad-rear-workbook')}"
REGION = "Urad Rear Banner"
PYAM_PYTHON = ROOT / ".venv" / "pyam" / "bin" / "python"
#: 2020 GDP of the banner: 67.61 亿元 (the plan's 专栏1), the same in every scenario.
GDP_2020 = 67.61

READ_WITH_PYAM = """
import json, sys, warnings
warnings.simplefilter("ignore")
import pyam

out = {}
for path in sys.argv[1:]:
    df = pyam.IamDataFrame(path)
    gdp = df.filter(variable="GDP", year=2020).data
    out[path] = {"model": list(df.model), "scenario": list(df.scenario), "region": list(df.region),
                 "variables": len(df.variable), "years": [int(y) for y in df.year],
                 "values": int(df.data["value"].notna().sum()),
                 "gdp_2020": {s: float(v) for s, v in zip(gdp["scenario"], gdp["value"])}}
print(json.dumps(out))
"""


def _read_with_pyam(*paths) -> dict:
    if not PYAM_PYTHON.is_file():
        pytest.fail(f"{PYAM_PYTHON} is missing: `make pyam` builds pyam's environment (make test does)")
    done = subprocess.run([str(PYAM_PYTHON), "-c", READ_WITH_PYAM, *map(str, paths)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    run = run_batch([SCENARIOS / "baseline.yaml", SCENARIOS / "services-led.yaml"], out, workers=1,
                    progress=False)
    assert run.exit_status == 0
    return out


def test_a_runs_results_have_the_seven_iamc_columns_in_order(tmp_path):
    done = run_cli("run", str(SCENARIOS / "baseline.yaml"), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(tmp_path / "baseline" / "results.csv")
    assert list(table.columns) == IAMC
    assert set(table["model"]) == {MODEL}
    assert set(table["scenario"]) == {"baseline"}
    assert set(table["region"]) == {REGION}
    # one row per variable and year: every variable of the model, 2020-2035 (16 years)
    assert len(table) == len(VARIABLES) * 16
    assert table.query("variable == 'GDP' and year == 2020")["value"].item() == pytest.approx(GDP_2020)


def test_the_batch_table_is_iamc_and_its_workbook_has_an_iamc_wide_data_sheet(batch_out):
    table = pd.read_csv(batch_out / "results.csv")
    assert list(table.columns) == IAMC
    assert set(table["scenario"]) == {"baseline", "services-led"}
    assert set(table["model"]) == {MODEL} and set(table["region"]) == {REGION}
    book = openpyxl.load_workbook(batch_out / "results.xlsx", read_only=True)
    assert book.sheetnames[0] == "data"  # the sheet pyam reads; the theme sheets follow
    assert len(book.sheetnames) > 1
    rows = list(book["data"].iter_rows(values_only=True))
    assert list(rows[0]) == IAMC[:5] + [str(y) for y in range(2020, 2036)]
    # every variable of both scenarios, one row each
    assert len(rows) - 1 == 2 * len(VARIABLES)
    gdp = [r for r in rows[1:] if r[3] == "GDP"]
    assert [r[:3] for r in gdp] == [(MODEL, "baseline", REGION), (MODEL, "services-led", REGION)]
    assert [r[5] for r in gdp] == pytest.approx([GDP_2020, GDP_2020])


def test_an_ensemble_summary_names_its_rows_as_iamc_rows(tmp_path):
    run_ensemble(load_scenario(SCENARIOS / "baseline.yaml"), 64, 1, tmp_path / "ens", progress=False)
    summary = pd.read_csv(tmp_path / "ens" / "summary.csv")
    assert list(summary.columns[:6]) == IAMC[:6]
    assert list(summary.columns[6:]) == ["mean", "p5", "p25", "p50", "p75", "p95"]
    assert set(summary["model"]) == {MODEL} and set(summary["scenario"]) == {"baseline"}
    assert set(summary["region"]) == {REGION}


@pytest.mark.slow
def test_pyam_accepts_the_results_of_a_run_a_batch_and_its_excel_workbook(batch_out):
    one = batch_out / "baseline" / "results.csv"
    both = batch_out / "results.csv"
    book = batch_out / "results.xlsx"
    read = _read_with_pyam(one, both, book)
    table = pd.read_csv(both)
    for path, scenarios in ((one, ["baseline"]), (both, ["baseline", "services-led"]),
                            (book, ["baseline", "services-led"])):
        got = read[str(path)]
        assert got["model"] == [MODEL] and got["region"] == [REGION], path
        assert got["scenario"] == scenarios, path
        assert got["years"] == [int(y) for y in YEARS], path
        # every number of the table reaches pyam (growth rates have none in 2020: empty cells)
        expected = int(table[table["scenario"].isin(scenarios)]["value"].notna().sum())
        assert got["values"] == expected, path
        assert got["gdp_2020"] == pytest.approx({s: GDP_2020 for s in scenarios}), path

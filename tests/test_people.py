"""People, jobs and incomes: the 2020 figures, identities, hand-worked cases, invariants, diagnostics.

Expected values are worked by hand from the plan (专栏1: urbanisation 62.4 %,
incomes 34,108 and 18,169 元, natural growth 5.2 ‰, registered unemployment
4.5 %; 专栏2 targets), the 7th census (5.39万 residents on 1 Nov 2020) and the
default assumptions written out in each test, not taken from the code's output.

The modules :mod:`model.core.domains.people` and :mod:`~model.core.domains.incomes`
run after the economy (and incomes after prices, for the CPI).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.core import REGISTRY, N_YEARS, ParameterSet, THEMES, evaluate_targets, simulate, year_index
from model.core.catalogue import Diagnostic, Results, Target
from model.core.diagnostics import DIAGNOSTICS, evaluate_diagnostics
from model.core.domains import DOMAINS, incomes, people, prices
from model.core.registry import Registry
from model.core.scorecard import TARGETS
from model.scenarios import load_scenario

ROOT = Path(__file__).resolve().parent.parent
NEW = (people, incomes)
Y2020, Y2021, Y2025, Y2035 = (year_index(y) for y in (2020, 2021, 2025, 2035))

# The plan's and the census's 2020 figures, typed from the sources.
POPULATION_2020 = 5.39           # 万人, 7th census
URBANISATION_2020 = 62.4         # %, 专栏1
INCOME_URBAN_2020 = 34108.0      # 元, 专栏1 row 8
INCOME_RURAL_2020 = 18169.0      # 元, 专栏1 row 9
GDP_2020 = 67.61                 # 亿元, 专栏1

#: Ids of the targets the two modules evaluate: seven were "not modelled" before, one is new.
NEW_TARGET_IDS = {"labour_productivity", "urbanisation", "urbanisation_70", "unemployment", "income_growth",
                  "logistics_va", "strategic_emerging_share", "livestock_output_share"}


# --------------------------------------------------------------------------- the pipeline

@dataclass(frozen=True)
class Workbook:
    """The registry, the model and the plan's checks, with the two modules in the pipeline."""

    registry: Registry
    run: Callable[[ParameterSet], Results]
    targets: list[Target]
    diagnostics: list[Diagnostic]

    def params(self, n: int = 1, **values: float | np.ndarray | str) -> ParameterSet:
        """Defaults for ``n`` scenarios with some parameters set (a number, an array or a choice)."""
        ps = self.registry.default_parameter_set(n)
        arrays = {}
        for name, v in values.items():
            p = self.registry[name]
            if p.dtype == "choice":
                arrays[name] = np.full(n, p.code(v), dtype=np.int64)
            else:
                arrays[name] = np.broadcast_to(np.asarray(v, dtype=float), ps[name].shape).copy()
        return ps.replace(**arrays)

    def scenario(self, path: Path, **values: object) -> ParameterSet:
        """One scenario file's resolved values (validated against this registry), some replaced."""
        resolved = load_scenario(path, self.registry).resolved()
        resolved.update(values)
        return self.registry.parameter_set([resolved])

    def diagnostic(self, params: ParameterSet, results: Results, diagnostic_id: str
                   ) -> tuple[bool, dict[str, float]]:
        diag = next(d for d in self.diagnostics if d.id == diagnostic_id)
        report = evaluate_diagnostics(params, results, [diag])
        return bool(report.found[0, 0]), {k: float(v[0]) for k, v in report.numbers[0].items()}


@pytest.fixture(scope="module")
def wb() -> Workbook:
    return Workbook(REGISTRY, simulate, TARGETS, DIAGNOSTICS)


@pytest.fixture(scope="module")
def baseline(wb) -> tuple[ParameterSet, Results]:
    params = wb.params()
    return params, wb.run(params)


def _upstream(wb: Workbook, n: int) -> Results:
    """The other domains' outputs at the defaults, for ``n`` scenarios (inputs of the two modules)."""
    params = wb.params(n)
    results: Results = {}
    for domain in DOMAINS:
        if domain not in NEW:
            results.update(domain.compute(params, results))
    return results


def _people_and_incomes(params: ParameterSet, upstream: Results) -> Results:
    results = dict(upstream)
    results.update(people.compute(params, results))
    results.update(incomes.compute(params, results))
    return results


# --------------------------------------------------------------------------- 2020: the plan and the census

def test_2020_population_and_towns_are_the_census_and_the_plan(baseline):
    _, r = baseline
    assert r["Population|Resident"][0, Y2020] == pytest.approx(POPULATION_2020, abs=1e-12)
    assert r["Urbanisation Rate"][0, Y2020] == pytest.approx(URBANISATION_2020, abs=1e-12)
    # 62.4 % of 5.39万 = 3.36336万 in towns, 2.02664万 in the countryside
    assert r["Population|Urban"][0, Y2020] == pytest.approx(3.36336, abs=1e-9)
    assert r["Population|Rural"][0, Y2020] == pytest.approx(2.02664, abs=1e-9)
    # natural growth 5.2 ‰ (专栏1) of 5.39万 = 0.028028万 = about 280 births net of deaths
    assert r["Population|Natural Change"][0, Y2020] == pytest.approx(0.028028, abs=1e-12)


def test_2020_incomes_and_prices_are_the_plans(baseline):
    _, r = baseline
    assert r["Income|Disposable|Urban"][0, Y2020] == pytest.approx(INCOME_URBAN_2020, abs=1e-9)
    assert r["Income|Disposable|Rural"][0, Y2020] == pytest.approx(INCOME_RURAL_2020, abs=1e-9)
    # all residents: 0.624 x 34,108 + 0.376 x 18,169 = 21,283.392 + 6,831.544 = 28,114.936 元
    assert r["Income|Disposable"][0, Y2020] == pytest.approx(28114.936, abs=1e-6)
    assert r["Price|CPI"][0, Y2020] == pytest.approx(100.0)
    # household income in GDP: 28,114.936 元 x 5.39万 / (67.61 亿元 x 100) = 22.4138 %
    assert r["Share|Household Income in GDP"][0, Y2020] == pytest.approx(22.41377, abs=1e-4)


def test_2020_jobs_employ_the_census_labour_force_at_the_plans_unemployment(baseline):
    _, r = baseline
    # labour force 5.39 x 0.653 (aged 16-59) x 0.80 (participation) = 2.815736万;
    # jobs E = (1 - 0.045) x 2.815736 / (1 - 0.045 x 0.33) = 2.68902788 / 0.98515 = 2.7295619万
    assert r["Labour Force"][0, Y2020] == pytest.approx(2.815736, abs=1e-9)
    assert r["Employment"][0, Y2020] == pytest.approx(2.7295619, abs=1e-6)
    assert r["Employment|Primary"][0, Y2020] == pytest.approx(0.33 * 2.7295619, abs=1e-6)
    assert r["Employment|Secondary"][0, Y2020] == pytest.approx(0.30 * 2.7295619, abs=1e-6)
    assert r["Unemployment Rate|Urban"][0, Y2020] == pytest.approx(4.5, abs=1e-9)   # 专栏1 row 6
    # 67.61 亿元 / 2.7295619万 jobs = 247,695 元 per job; 67.61 亿元 / 5.39万 = 125,436 元 per resident
    assert r["Labour Productivity"][0, Y2020] == pytest.approx(247695.4, abs=0.1)
    assert r["GDP per Capita"][0, Y2020] == pytest.approx(125435.99, abs=0.01)
    assert r["Labour|Shortage"][0, Y2020] == 0.0


def test_2020_plan_shares_from_their_parts(baseline):
    _, r = baseline
    # logistics 12 % of services 15.401558 亿元 = 1.848187 亿元
    assert r["Value Added|Logistics"][0, Y2020] == pytest.approx(1.848187, abs=1e-6)
    # herd 45 + 45 x 0.8 + 1.5 x 5 + 2 x 5 + 4.5 x 7 + 1 x 3 + 2 x 6 = 145万 sheep units x 400 元 = 5.8 亿元,
    # crops 3.0 亿元: livestock 5.8 / 8.8 = 65.91 % of farm output
    assert r["Output Value|Livestock"][0, Y2020] == pytest.approx(5.8)
    assert r["Share|Livestock in Farm Output"][0, Y2020] == pytest.approx(65.909, abs=1e-3)
    # manufacturing scope: 25 % of other industry (47.043038 - 8.5 - 3.5 - 8.4 - 15 - 4.5 = 7.143038)
    # = 1.785760 亿元 of industry 42.543038 亿元 (secondary less construction 4.5) = 4.1975 %
    assert r["Share|Strategic Emerging"][0, Y2020] == pytest.approx(4.1975, abs=1e-4)


# --------------------------------------------------------------------------- hand-worked cases

def test_population_after_five_years_of_given_natural_growth_and_migration(wb):
    # +5 ‰ natural growth and -25 ‰ migration: 5.39 x (1 - 0.020)^5 = 5.39 x 0.9039208 = 4.8721331万
    params = wb.params(natural_growth_rate=5.0, net_migration_rate=-25.0, migration_job_response=0.0)
    r = wb.run(params)
    assert r["Population|Resident"][0, Y2025] == pytest.approx(4.8721331, abs=1e-6)
    # the first year's flows: 5.39 x 5 ‰ = 0.02695万 born net, 5.39 x 25 ‰ = 0.13475万 gone
    assert r["Population|Natural Change"][0, Y2021] == pytest.approx(0.02695)
    assert r["Population|Net Migration"][0, Y2021] == pytest.approx(-0.13475)
    assert np.all(r["Population|Net Migration|Job-Related"] == 0.0)


def test_income_after_five_years_at_a_given_elasticity(wb):
    # GDP per resident +8 %/yr, elasticity 0.8, consumer prices +2 %/yr:
    # 34,108 x 1.08^(5 x 0.8) x 1.02^5 = 34,108 x 1.36048896 x 1.10408080 = 51,233.28 元
    params = wb.params(income_elasticity_urban=0.8, price_change_cpi=0.02)
    upstream = _upstream(wb, 1)
    upstream.update(prices.compute(params, upstream))   # the CPI path of this test
    upstream.update(people.compute(params, upstream))
    upstream["GDP per Capita"] = 125436.0 * 1.08 ** np.arange(N_YEARS)[None, :]
    r = incomes.compute(params, upstream)
    assert r["Income|Disposable|Urban"][0, Y2025] == pytest.approx(51233.28, abs=0.01)
    assert upstream["Price|CPI"][0, Y2025] == pytest.approx(110.40808, abs=1e-5)
    # nominal growth of urban income: 1.08^0.8 x 1.02 - 1 = exp(0.8 x 0.0769610) x 1.02 - 1
    #   = 1.0635037 x 1.02 - 1 = 8.4774 %/yr
    urban = r["Income|Disposable|Urban"][0]
    assert 100 * (urban[1:] / urban[:-1] - 1) == pytest.approx(np.full(N_YEARS - 1, 8.4774), abs=1e-4)


def test_jobs_follow_value_added_when_productivity_stands_still(wb):
    # with no productivity growth a sector's jobs move one for one with its value added
    params = wb.params(productivity_growth_primary=0.0, productivity_growth_secondary=0.0,
                       productivity_growth_tertiary=0.0)
    r = wb.run(params)
    for suffix in ("Primary", "Secondary", "Tertiary"):
        volume = r[f"GDP|{suffix}"] / r[f"GDP|{suffix}"][:, :1]
        assert np.allclose(r[f"Employment|{suffix}"], r[f"Employment|{suffix}"][:, :1] * volume)


def test_productivity_growth_of_five_percent_everywhere_with_gdp_growth_of_six(wb):
    # every sector +6 %/yr in value added and +5 %/yr in productivity: jobs +1.06/1.05 - 1 = 0.952 %/yr
    upstream = _upstream(wb, 1)
    growth = 1.06 ** np.arange(N_YEARS)[None, :]
    for name in ("GDP", "GDP|Primary", "GDP|Secondary", "GDP|Tertiary"):
        upstream[name] = upstream[name][:, :1] * growth
    r = _people_and_incomes(wb.params(), upstream)
    assert r["Employment"][0, Y2025] / r["Employment"][0, Y2020] == pytest.approx((1.06 / 1.05) ** 5)
    assert r["Labour Productivity|Growth"][0, 1:] == pytest.approx(np.full(N_YEARS - 1, 5.0))


def test_migration_that_follows_jobs_holds_unemployment_at_its_2020_rate(wb):
    params = wb.params(net_migration_rate=0.0, migration_job_response=1.0)
    r = wb.run(params)
    assert r["Unemployment Rate|Urban"][0] == pytest.approx(np.full(N_YEARS, 4.5))
    assert np.all(r["Labour|Shortage"] == 0.0)
    # the resident non-farm labour force is exactly the non-farm jobs / (1 - 0.045)
    nonfarm_jobs = r["Employment|Secondary"] + r["Employment|Tertiary"]
    assert r["Labour Force|Non-Farm"] == pytest.approx(nonfarm_jobs / 0.955)


def test_half_a_response_closes_half_the_gap(wb):
    # the job-related migrants with mu = 0.5 are half those with mu = 1 in the first year
    full = wb.run(wb.params(migration_job_response=1.0))
    half = wb.run(wb.params(migration_job_response=0.5))
    key = "Population|Net Migration|Job-Related"
    assert half[key][0, Y2021] == pytest.approx(0.5 * full[key][0, Y2021])


# --------------------------------------------------------------------------- identities and invariants

def _inputs():
    return st.fixed_dictionaries({
        "n": st.integers(1, 4),
        "natural_growth_rate": st.floats(-10.0, 10.0),
        "net_migration_rate": st.floats(-60.0, 30.0),
        "migration_job_response": st.floats(0.0, 1.0),
        "participation_rate": st.floats(0.5, 1.0),
        "unemployment_2020": st.floats(1.0, 10.0),
        "unemployment_frictional": st.floats(0.0, 8.0),
        "productivity_growth_primary": st.floats(-0.05, 0.15),
        "productivity_growth_secondary": st.floats(-0.05, 0.15),
        "productivity_growth_tertiary": st.floats(-0.05, 0.15),
        "urbanisation_rate": st.floats(30.0, 95.0),
        "income_elasticity_urban": st.floats(0.0, 2.0),
        "income_elasticity_rural": st.floats(0.0, 2.0),
        "employment_share_primary_2020": st.floats(0.05, 0.6),
        "employment_share_secondary_2020": st.floats(0.05, 0.6),
    })


@settings(max_examples=60, deadline=None)
@given(values=_inputs())
def test_identities_hold_in_every_year_and_scenario(wb, values):
    n = values.pop("n")
    params = wb.params(n, **values)
    r = _people_and_incomes(params, _upstream(wb, n))
    resident, urban = r["Population|Resident"], r["Population|Urban"]
    assert np.all(resident > 0)
    assert np.allclose(urban / resident, r["Urbanisation Rate"] / 100.0)
    assert np.allclose(urban + r["Population|Rural"], resident)
    sectors = r["Employment|Primary"] + r["Employment|Secondary"] + r["Employment|Tertiary"]
    assert np.allclose(sectors, r["Employment"])
    assert np.allclose(r["Labour Productivity"], r["GDP"] / r["Employment"] * 1e4)
    assert np.allclose(r["GDP per Capita"], r["GDP"] / resident * 1e4)
    # the balancing equation: each year's change is natural change plus net migration
    assert np.allclose(np.diff(resident, axis=1),
                       r["Population|Natural Change"][:, 1:] + r["Population|Net Migration"][:, 1:])
    # unemployment never below its floor; a shortage only where unemployment sits on the floor
    floor = np.minimum(params["unemployment_frictional"], params["unemployment_2020"])[:, None]
    u = r["Unemployment Rate|Urban"]
    assert np.all(u >= floor - 1e-9) and np.all(r["Labour|Shortage"] >= 0.0)
    assert np.all(np.isclose(u, floor) | (r["Labour|Shortage"] == 0.0))
    # the all-resident income lies between the urban and the rural one
    low = np.minimum(r["Income|Disposable|Urban"], r["Income|Disposable|Rural"])
    high = np.maximum(r["Income|Disposable|Urban"], r["Income|Disposable|Rural"])
    assert np.all((r["Income|Disposable"] >= low - 1e-6) & (r["Income|Disposable"] <= high + 1e-6))
    # 2020 stays the census, the plan and the calibration whatever the assumptions
    assert np.allclose(resident[:, Y2020], POPULATION_2020)
    assert np.allclose(u[:, Y2020], params["unemployment_2020"])


@settings(max_examples=30, deadline=None)
@given(low=st.floats(-40.0, 10.0), step=st.floats(0.5, 20.0))
def test_more_migration_means_more_people_and_fewer_missing_workers(wb, low, step):
    upstream = _upstream(wb, 2)
    params = wb.params(2, net_migration_rate=np.array([[low], [low + step]]))
    r = _people_and_incomes(params, upstream)
    assert np.all(r["Population|Resident"][1, 1:] > r["Population|Resident"][0, 1:])
    assert np.all(r["Labour|Shortage"][1] <= r["Labour|Shortage"][0] + 1e-12)
    assert np.all(r["Unemployment Rate|Urban"][1] >= r["Unemployment Rate|Urban"][0] - 1e-12)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-40.0, 10.0), min_size=2, max_size=5))
def test_scenarios_are_independent_along_the_scenario_axis(wb, migration):
    n = len(migration)
    rates = np.asarray(migration)[:, None]
    together = _people_and_incomes(wb.params(n, net_migration_rate=rates, migration_job_response=0.5),
                                   _upstream(wb, n))
    for i in range(n):
        alone = _people_and_incomes(wb.params(1, net_migration_rate=rates[i:i + 1], migration_job_response=0.5),
                                    _upstream(wb, 1))
        for name in ("Population|Resident", "Employment", "Income|Disposable", "Unemployment Rate|Urban"):
            assert np.allclose(together[name][i], alone[name][0])


def test_every_variable_is_produced_for_every_year(wb):
    params = wb.params(3)
    r = wb.run(params)
    for v in (*people.VARIABLES, *incomes.VARIABLES):
        assert r[v.name].shape == (3, N_YEARS), v.name
        values = r[v.name][:, 1:] if v.name.endswith("|Growth") else r[v.name]
        assert np.all(np.isfinite(values)), v.name


@pytest.mark.parametrize("p", [*people.PARAMETERS, *incomes.PARAMETERS], ids=lambda p: p.name)
def test_every_parameter_says_what_it_is_and_where_it_comes_from(wb, p):
    assert wb.registry[p.name] is p
    assert any("\u4e00" <= ch <= "\u9fff" for ch in p.label_zh) and p.label_en.strip()
    assert p.unit.strip() and p.source.strip() and p.kind in ("lever", "assumption")
    assert p.theme in THEMES
    for private in ("parameters.md", "plan-targets.md", "../shared"):
        assert private not in p.source
    if p.distribution is not None:
        assert p.kind == "assumption"


def test_docs_list_every_parameter_with_its_default_and_estimate_flag(wb):
    # docs/people.md lists every parameter of the two modules with its default and estimate flag.
    from model.reporting.listing import format_value

    text = (ROOT / "docs" / "people.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].strip("`") in wb.registry:
            rows[cells[0].strip("`")] = cells
    assert set(rows) == {p.name for m in NEW for p in m.PARAMETERS}
    for name, (_, default, unit, estimate, source) in rows.items():
        p = wb.registry[name]
        assert default == format_value(p.default), name
        assert unit == p.unit, name
        assert estimate == ("yes" if p.estimate else "no"), name
        assert source, name


# --------------------------------------------------------------------------- targets

def test_the_plans_people_targets_are_judged_and_at_most_three_rows_stay_not_modelled(wb, baseline):
    ids = [t.id for t in wb.targets]
    assert NEW_TARGET_IDS <= set(ids) and len(ids) == len(set(ids))
    not_modelled = [t for t in wb.targets if not t.is_modelled]
    assert len(not_modelled) <= 3
    assert all(t.note_zh and t.note_en for t in not_modelled), "each says why it is not modelled"
    params, r = baseline
    card = evaluate_targets(params, r, wb.targets)
    for target_id in NEW_TARGET_IDS:
        assert np.isfinite(card.value[0, card.index(target_id)]), target_id


def test_income_growth_is_judged_in_current_prices(wb):
    # GDP per resident flat, elasticity 1, consumer prices +7 %/yr: real income flat, nominal +7 %/yr
    params = wb.params(price_change_cpi=0.07)
    upstream = _upstream(wb, 1)
    upstream.update(prices.compute(params, upstream))   # the CPI path of this test
    upstream.update(people.compute(params, upstream))
    upstream["GDP per Capita"] = np.full((1, N_YEARS), 125436.0)
    upstream["Population|Urban"] = upstream["Population|Resident"] * 0.624   # no composition effect
    upstream["Population|Rural"] = upstream["Population|Resident"] * 0.376
    r = {**upstream, **incomes.compute(params, upstream)}
    card = evaluate_targets(params, r, [t for t in incomes.TARGETS if t.id == "income_growth"])
    assert card.value[0, 0] == pytest.approx(7.0)
    assert card.status[0, 0] == "met"


def test_unemployment_is_judged_in_its_worst_year(wb):
    # value added flat while productivity rises 10 %/yr and people stay: jobs shrink, unemployment rises
    upstream = _upstream(wb, 1)
    for name in ("GDP", "GDP|Primary", "GDP|Secondary", "GDP|Tertiary"):
        upstream[name] = np.repeat(upstream[name][:, :1], N_YEARS, axis=1)
    params = wb.params(productivity_growth_secondary=0.10, productivity_growth_tertiary=0.10,
                       net_migration_rate=0.0)
    r = _people_and_incomes(params, upstream)
    card = evaluate_targets(params, r, [t for t in people.TARGETS if t.id == "unemployment"])
    worst = r["Unemployment Rate|Urban"][0, Y2021:Y2025 + 1].max()
    assert card.value[0, 0] == pytest.approx(worst) and worst > 6.0
    assert worst == pytest.approx(r["Unemployment Rate|Urban"][0, Y2025])
    assert card.status[0, 0] == "missed"


# --------------------------------------------------------------------------- diagnostics

def test_urbanisation_targets_found_in_the_baseline_with_what_each_means(wb, baseline):
    found, n = wb.diagnostic(*baseline, "urbanisation_targets")
    assert found
    assert n["rate"] == pytest.approx(67.0)
    # from 62.4 %: (67 - 62.4) / 5 = 0.92 and (70 - 62.4) / 5 = 1.52 points a year
    assert n["pace_box"] == pytest.approx(0.92) and n["pace_text"] == pytest.approx(1.52)
    # 3 points of the 2025 population: 0.03 x P x 10^4 people
    assert n["gap_persons"] == pytest.approx(0.03 * n["resident"] * 1e4)
    assert n["urban_text"] - n["urban_box"] == pytest.approx(0.03 * n["resident"])


def test_urbanisation_targets_absent_when_a_scenario_reads_both_loosely(wb):
    params = wb.params(urbanisation_rate=68.5, tolerance_urbanisation_pp=1.5)
    found, n = wb.diagnostic(params, wb.run(params), "urbanisation_targets")
    assert not found and n["margin_box"] == pytest.approx(1.5) and n["margin_text"] == pytest.approx(-1.5)


def test_jobs_vs_people_found_in_the_baseline(wb, baseline):
    found, n = wb.diagnostic(*baseline, "jobs_vs_people")
    assert found and n["missing"] > 0.0
    # GDP growth less productivity growth is employment growth: (1 + g) / (1 + p) - 1
    assert 1 + n["employment_growth"] / 100 == pytest.approx((1 + n["gdp_growth"] / 100)
                                                             / (1 + n["productivity_growth"] / 100))
    # the census trend: 5.39万 falling by natural growth (5.2 ‰ -> -1.5 ‰) and -24 ‰ migration
    assert n["migration"] == pytest.approx(-24.0)
    assert n["missing"] == pytest.approx(n["jobs"] - n["available"])
    # migrants needed: missing workers over the workers a resident brings, (1 - 0.03) x w x 0.80
    params, r = baseline
    col = year_index(int(n["year"]))
    per_resident = r["Labour Force"][0, col] / r["Population|Resident"][0, col]
    assert n["migrants"] == pytest.approx(n["missing"] / (0.97 * per_resident))


def test_jobs_vs_people_absent_when_people_follow_jobs(wb):
    params = wb.params(net_migration_rate=0.0, migration_job_response=1.0)
    found, n = wb.diagnostic(params, wb.run(params), "jobs_vs_people")
    assert not found
    assert n["u_peak"] == pytest.approx(4.5)
    assert n["migration"] > 0.0, "the plan's jobs need people to come, not to go"


def test_income_vs_output_found_when_people_stay_and_output_per_head_grows_slowly(wb):
    # The baseline's output boom (GDP about 18 %/yr) outruns any income target, so this tension shows
    # where output per resident grows slowly: the plan-consistent economy with people following jobs.
    params = wb.scenario(ROOT / "scenarios" / "plan-consistent.yaml", net_migration_rate=0.0,
                         migration_job_response=1.0)
    found, n = wb.diagnostic(params, wb.run(params), "income_vs_output")
    assert found
    # consumer prices 1.01 x 1.018 x 1.006 x 1.002 x 1.0 = 1.0364...; 7 % nominal is 1.07 / 1.0364^(1/5) - 1
    cpi_2025 = 1.01 * 1.018 * 1.006 * 1.002
    assert n["target_real"] == pytest.approx(100 * (1.07 / cpi_2025 ** 0.2 - 1), abs=1e-9)
    # the household share rises by the compounded gap between the two growth rates
    assert n["share_2025"] == pytest.approx(
        n["share_2020"] * ((1 + n["target_real"] / 100) / (1 + n["gdp_pc_growth"] / 100)) ** 5)
    assert n["drop"] > 0.0


def test_income_vs_output_absent_in_the_baseline(wb, baseline):
    found, n = wb.diagnostic(*baseline, "income_vs_output")
    assert not found and n["gdp_pc_growth"] > n["target_real"] and n["share_2025"] < n["share_2020"]


def test_diagnostic_texts_fill_in_both_languages(wb, baseline):
    params, r = baseline
    report = evaluate_diagnostics(params, r, [d for m in NEW for d in m.DIAGNOSTICS])
    for lang in ("zh", "en"):
        for row in report.rows(0, lang):
            assert "{" not in row["explanation"] and row["explanation"]


# --------------------------------------------------------------------------- the shipped scenario

def test_people_follow_jobs_scenario_fills_the_jobs_of_the_plan_consistent_economy(wb):
    path = ROOT / "scenarios" / "people-follow-jobs.yaml"
    params = wb.scenario(path)
    r = wb.run(params)
    assert np.all(r["Labour|Shortage"] == 0.0)
    assert r["Unemployment Rate|Urban"][0] == pytest.approx(np.full(N_YEARS, 4.5))
    assert r["Population|Resident"][0, Y2025] > POPULATION_2020


def test_a_diagnostic_never_writes_a_negative_zero():
    import numpy as np

    from model.core.catalogue import Diagnostic
    from model.core.diagnostics import DiagnosticReport

    d = Diagnostic(id="toy", title_zh="玩具", title_en="Toy", section="专栏2第1行", theme="people",
                   check=lambda p, r: (np.array([True]), {}),
                   explain_zh="劳动力年均变化{g:+.1f}%，迁移{m:.1f}‰，缺口{n:.0f}人，岗位{j:+.1f}%",
                   explain_en="labour force {g:+.1f} %/yr")
    # -0.04 and -0.001 round to zero at one decimal and -0.4 at none: written as 0, never "-0.0";
    # -0.06 rounds to -0.1 and keeps its sign
    report = DiagnosticReport([d], np.array([[True]]),
                              [{"g": np.array([-0.04]), "m": np.array([-0.001]), "n": np.array([-0.4]),
                                "j": np.array([-0.06])}])
    assert report.rows(0, "zh")[0]["explanation"] == "劳动力年均变化+0.0%，迁移0.0‰，缺口0人，岗位-0.1%"

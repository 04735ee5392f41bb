"""People and jobs: resident population, towns, labour supply and demand, unemployment, productivity.

Method
------
**Population** (demographic balancing equation, crude rates in ‰ of the
previous year-end population; the 2020 level is the 7th census)::

    P[2020]   = 5.39 万人 (resident, 1 Nov 2020)
    P_exo[t]  = P[t-1] * (1 + natural[t] / 1000 + migration[t] / 1000)
    P[t]      = P_exo[t] + M_jobs[t]

``M_jobs`` is the job-related migration of :func:`job_migration` (zero unless
``migration_job_response`` > 0).  Towns hold ``U = rate / 100 * P`` (the rate
is a lever, 62.4 % in 2020, 专栏1), the countryside ``R = P - U``.

**Jobs** (demand-determined employment; NBS 全员劳动生产率 = GDP at constant
prices / employment).  Employment by sector is value added over sector
labour productivity, productivity growing at an assumed rate::

    E_i[t]    = VA_i[t] / pi_i[t],   pi_i[t] = pi_i[2020] * prod_{s<=t} (1 + g_i[s])
    E[t]      = E_1 + E_2 + E_3                       (万人, jobs by place of work)
    LP[t]     = GDP[t] / E[t] * 10^4                  (元/人, 2020 prices)

The 2020 levels are not published for the banner.  They are pinned by the
resident labour force and the 2020 unemployment rate: the labour force is
``LF = P * w * a`` (``w`` the share aged 16-59, ``a`` participation); farm and
herding jobs ``E_1`` are filled from it first, the rest of it is the non-farm
(urban) labour force ``S = LF - E_1`` that the non-farm jobs ``D = E_2 + E_3``
employ.  With ``u0`` the 2020 rate and ``s1`` the primary share of jobs::

    D[2020] = (1 - u0) * S[2020]   =>   E[2020] = (1 - u0) * LF[2020] / (1 - u0 * s1)

**Urban unemployment** (NBS 城镇调查失业率: unemployed / urban labour force)
follows the non-farm labour market, with a frictional floor ``u_min``::

    u[t]        = max(u_min, 1 - D[t] / S[t])                        (%: x 100)
    shortage[t] = max(0, D[t] - (1 - u_min) * S[t])                  (万人)

The shortage is the jobs resident workers cannot fill: they are filled from
outside the banner (commuters, workers not yet counted as residents) or stay
empty.  **Job-related migration** (the Harris-Todaro (1970) idea that
migrants follow expected jobs, here as a partial adjustment) closes a share
``mu`` of each year's gap between jobs and the resident workers available
at 2020's unemployment rate::

    G[t]      = D[t] - (1 - u0) * (P_exo[t] * w * a - E_1[t])
    M_jobs[t] = mu * G[t] / ((1 - u0) * w * a)

so with ``mu = 1`` unemployment stays at ``u0`` and the population follows
the jobs; a negative gap (too few jobs) makes people leave.

**Per-capita GDP** = GDP / year-end resident population (元, 2020 prices).

Units: people in 万人 (10^4 persons); value added in 亿元 (10^8 yuan) at 2020
prices, so 亿元 / 万人 = 10^4 元/人; natural growth and migration in ‰ a year;
urbanisation and unemployment in %; shares and participation as fractions.

References: Harris, J. R. and M. P. Todaro (1970), "Migration, Unemployment
and Development: A Two-Sector Analysis", American Economic Review 60(1):
126-142.  NBS definitions of 全员劳动生产率, 城镇调查失业率 and 劳动年龄人口
(16-59).  See docs/people.md for the choices and their sources.
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Diagnostic, Results, Target, Variable, at_year
from model.core.formulas import annual_growth_pct, cagr_pct, compound_growth
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.timeline import BASE_YEAR, N_YEARS, PLAN_YEAR, year_index

__all__ = ["POPULATION_2020", "URBANISATION_2020", "URBANISATION_PLAN_BOX", "URBANISATION_PLAN_TEXT",
           "UNEMPLOYMENT_CAP", "PRODUCTIVITY_GROWTH_TARGET", "SECTORS",
           "PARAMETERS", "VARIABLES", "TARGETS", "DIAGNOSTICS", "compute",
           "grow_population", "job_migration", "employment_2020", "sector_employment",
           "urban_unemployment", "labour_shortage", "plan_period_worst"]

# --------------------------------------------------------------------------- the plan's numbers

#: Resident population, 万人: 7th census, 1 Nov 2020 (Bayannur 7th census bulletin).
POPULATION_2020: float = 5.39
#: Urbanisation rate of the resident population, %, 2020 (专栏1).
URBANISATION_2020: float = 62.4
#: The plan's two 2025 urbanisation targets, %: 专栏2第3行 (and 第二章第五节 "约为67%") and
#: 第五章第一节二 ("达到70%左右").
URBANISATION_PLAN_BOX: float = 67.0
URBANISATION_PLAN_TEXT: float = 70.0
#: Urban surveyed unemployment ceiling, % (专栏2第8行: 6 以内).
UNEMPLOYMENT_CAP: float = 6.0
#: Labour productivity growth target, %/yr 2021-2025 (专栏2第2行: 全员劳动生产率增长 5 (年均)).
PRODUCTIVITY_GROWTH_TARGET: float = 5.0

#: The three sectors: (key, results suffix, value-added variable, zh, en).
SECTORS: tuple[tuple[str, str, str, str, str], ...] = (
    ("primary", "Primary", "GDP|Primary", "第一产业", "primary"),
    ("secondary", "Secondary", "GDP|Secondary", "第二产业", "secondary"),
    ("tertiary", "Tertiary", "GDP|Tertiary", "第三产业", "tertiary"),
)

# Net migration the two censuses imply, ‰/yr: the population fell from 5.39 + 1.1261 = 6.5161 万
# (2010) to 5.39 万 (10 years: (5.39 / 6.5161) ** 0.1 - 1 = -18.8 ‰/yr) while natural growth ran at 5-6 ‰
# (专栏1: 6.12 ‰ in 2015, 5.2 ‰ in 2020), so migration took about -24 ‰/yr.
_CENSUS_MIGRATION = -24.0

_SRC_CENSUS = ("7th census: 5.39万 residents on 1 Nov 2020 ([census7-ranking], quoting the Bayannur census "
               "bulletin [census7-byn], which gives 11,261 fewer than at the 2010 census)")

#: Shares of the 2020 jobs (the tertiary share is the rest): (default, low, high, source).  ESTIMATES.
_JOB_SHARES_2020: dict[str, tuple[float, float, float, str]] = {
    "primary": (0.33, 0.25, 0.42, "estimate: no employment by sector is published for the banner; the farming "
                                  "and herding households of its 37.6 % rural residents (专栏1: 62.4 % urban)"),
    "secondary": (0.30, 0.22, 0.38, "estimate: mining, smelting, coal chemicals, power and construction; no banner "
                                    "figure is published (the tertiary share is the rest)"),
}

# --------------------------------------------------------------------------- parameters

PARAMETERS: list[Parameter] = [
    Parameter(name="population_2020", label_zh="2020年常住人口", label_en="Resident population 2020",
              unit="万人", default=POPULATION_2020, lower=0.1, upper=50.0, kind="assumption", theme="people",
              source=_SRC_CENSUS,
              description="Resident population at the 7th census (1 Nov 2020), taken as the 2020 level.",
              step=0.01),
    Parameter(name="natural_growth_rate", label_zh="人口自然增长率", label_en="Natural growth rate",
              unit="‰", default={2020: 5.2, PLAN_YEAR: -1.5, 2035: -3.0}, lower=-30.0, upper=30.0,
              kind="assumption", theme="people",
              source=("plan 专栏1第16行: 5.2 ‰ in 2020; later years estimate: falling toward "
                      "Inner Mongolia's rate, which turned negative: -1.28 ‰ in 2021 ([im-pop-2021]) and "
                      "-2.25 ‰ in 2022 (births 5.58 ‰ less deaths 7.83 ‰, [im-pop-2022]); -1.5 ‰ in 2025 and "
                      "-3 ‰ in 2035 are estimates"),
              estimate=True, timeseries=True,
              distribution=Distribution("triangular", {"low": -4.0, "mode": -1.5, "high": 5.2}),
              description="Births less deaths per 1000 residents a year (the 2020 point anchors the path).",
              step=0.1),
    Parameter(name="net_migration_rate", label_zh="人口净迁移率", label_en="Net migration rate", unit="‰",
              default=_CENSUS_MIGRATION, lower=-100.0, upper=100.0, kind="assumption", theme="people",
              source=("derived: the 6th and 7th censuses, 6.52万 in 2010 and 5.39万 in 2020 ([census7-ranking]; "
                      "[census7-byn]: 11,261 fewer), give -18.8 ‰/yr, of which natural growth about +5.7 ‰ "
                      "(专栏1: 6.12 ‰ in 2015, 5.2 ‰ in 2020), so net migration about -24 ‰/yr; "
                      "held at that trend"),
              estimate=True, timeseries=True,
              distribution=Distribution("triangular", {"low": -35.0, "mode": _CENSUS_MIGRATION, "high": 0.0}),
              description="Net migration per 1000 residents a year, before any job-related migration.",
              step=0.5),
    Parameter(name="migration_job_response", label_zh="人口迁移对就业的响应", label_en="Migration response to jobs",
              unit="比例", default=0.0, lower=0.0, upper=1.0, kind="assumption", theme="people",
              source=("workbook choice: 0 keeps migration at its trend; 1 lets net migration close each year's "
                      "gap between jobs and resident workers at 2020's unemployment rate ([harris-todaro-1970], "
                      "as a partial adjustment)"),
              description="Share of the year's gap between jobs and resident workers that migration closes.",
              step=0.05),
    Parameter(name="urbanisation_rate_2020", label_zh="2020年常住人口城镇化率", label_en="Urbanisation rate 2020",
              unit="%", default=URBANISATION_2020, lower=0.0, upper=100.0, kind="assumption", theme="people",
              source=("plan 专栏1第7行 and 第一章第一节: 常住人口城镇化率 62.4 % in 2020, 59.1 % in 2015"),
              step=0.1),
    Parameter(name="urbanisation_rate", label_zh="常住人口城镇化率", label_en="Urbanisation rate", unit="%",
              default={BASE_YEAR + 1: round(URBANISATION_2020 + (URBANISATION_PLAN_BOX - URBANISATION_2020)
                                            / (PLAN_YEAR - BASE_YEAR), 6),
                       PLAN_YEAR: URBANISATION_PLAN_BOX, 2035: 72.0},
              lower=0.0, upper=100.0, kind="lever", theme="people",
              source=("plan 专栏2第3行 and 第二章第五节: 67 % in 2025, 年均提高1%左右; 2021-2024 a "
                      "straight line from 2020; after 2025 estimate: +0.5 point a year (the 2035 vision gives "
                      "no rate)"),
              estimate=True, timeseries=True,
              description="Urban share of residents from 2021 on (2020 is urbanisation_rate_2020).", step=0.1),
    Parameter(name="working_age_share", label_zh="劳动年龄人口（16-59岁）占比",
              label_en="Share of residents aged 16-59", unit="比例", default={2020: 0.653, 2035: 0.578},
              lower=0.3, upper=0.9, kind="assumption", theme="people",
              source=("estimate: the banner's age structure is not published; Inner Mongolia's share aged "
                      "16-59, 65.0 % at end-2021 and 0.27 point lower than 2020 ([im-pop-2021]), 64.26 % at "
                      "end-2022 ([im-pop-2022]): 65.3 % in 2020, falling about 0.5 point a year, continued"),
              estimate=True, timeseries=True, step=0.005),
    Parameter(name="participation_rate", label_zh="劳动参与率（16-59岁）",
              label_en="Labour force participation (aged 16-59)", unit="比例", default=0.80, lower=0.4, upper=1.0,
              kind="assumption", theme="people",
              source="estimate: labour force per resident aged 16-59; no banner figure is published",
              estimate=True, distribution=Distribution("triangular", {"low": 0.72, "mode": 0.80, "high": 0.88}),
              step=0.01),
    Parameter(name="unemployment_2020", label_zh="2020年城镇失业率", label_en="Urban unemployment 2020", unit="%",
              default=4.5, lower=0.5, upper=20.0, kind="assumption", theme="people",
              source=("plan 专栏1第6行, 专栏2第8行 and 第七章第二节: 城镇登记失业率 4.5 % 以内 in 2020, 3.9 % in "
                      "2015; the registered ceiling taken as the surveyed rate (estimate)"),
              estimate=True, distribution=Distribution("triangular", {"low": 3.9, "mode": 4.5, "high": 5.5}),
              step=0.1),
    Parameter(name="unemployment_frictional", label_zh="摩擦性失业率", label_en="Frictional unemployment",
              unit="%", default=3.0, lower=0.0, upper=10.0, kind="assumption", theme="people",
              source=("estimate: the floor of urban unemployment however many jobs there are, below the lowest "
                      "recorded rate (3.9 % in 2015, 专栏1第6行)"),
              estimate=True, distribution=Distribution("triangular", {"low": 2.5, "mode": 3.0, "high": 4.0}),
              step=0.1),
    *[Parameter(name=f"employment_share_{key}_2020", label_zh=f"2020年{zh}就业占比",
                label_en=f"{en.capitalize()} share of jobs 2020", unit="比例", default=share, lower=0.0, upper=0.9,
                kind="assumption", theme="people", source=source, estimate=True,
                distribution=Distribution("triangular", {"low": low, "mode": share, "high": high}), step=0.01)
      for key, _, _, zh, en in SECTORS if key in _JOB_SHARES_2020
      for share, low, high, source in [_JOB_SHARES_2020[key]]],
    *[Parameter(name=f"productivity_growth_{key}", label_zh=f"{zh}劳动生产率年增长率",
                label_en=f"Labour productivity growth, {en} sector", unit="1/年", default=0.05, lower=-0.2,
                upper=0.3, kind="assumption", theme="people",
                source=("plan 专栏2第2行: 全员劳动生产率增长 5 % a year, applied to each sector "
                        "(estimate: the plan gives no sector split)"),
                estimate=True, timeseries=True,
                distribution=Distribution("triangular", {"low": 0.02, "mode": 0.05, "high": 0.08}),
                description="Growth of value added per job in the sector (constant prices).", step=0.005)
      for key, _, _, zh, en in SECTORS],
    Parameter(name="tolerance_urbanisation_pp", label_zh="城镇化率“约”“左右”的容差",
              label_en="Tolerance of the urbanisation targets", unit="百分点", default=1.0, lower=0.0, upper=5.0,
              kind="assumption", theme="scorecard",
              source=("workbook convention: 'about' (约67%, 70%左右) read as +/- 1 percentage point; the plan "
                      "gives no band"), estimate=True, step=0.1),
]

# --------------------------------------------------------------------------- variables

VARIABLES: list[Variable] = [
    Variable("Population|Resident", "万人", "常住人口", "Resident population", "people",
             "year-end; 2020 = 7th census"),
    Variable("Population|Urban", "万人", "城镇常住人口", "Urban resident population", "people"),
    Variable("Population|Rural", "万人", "乡村常住人口", "Rural resident population", "people"),
    Variable("Population|Natural Change", "万人", "人口自然增加", "Natural increase", "people",
             "births less deaths in the year"),
    Variable("Population|Net Migration", "万人", "人口净迁入", "Net migration", "people",
             "trend migration plus job-related migration"),
    Variable("Population|Net Migration|Job-Related", "万人", "随就业迁入", "Job-related net migration",
             "people"),
    Variable("Urbanisation Rate", "%", "常住人口城镇化率", "Urbanisation rate", "people"),
    Variable("GDP per Capita", "元", "人均地区生产总值（2020年价）", "GDP per capita (2020 prices)", "people",
             "GDP over the year-end resident population"),
    Variable("Labour Force", "万人", "常住劳动力", "Resident labour force", "people",
             "residents aged 16-59 times participation"),
    Variable("Labour Force|Non-Farm", "万人", "非农（城镇）劳动力", "Non-farm (urban) labour force", "people",
             "resident labour force less farm and herding jobs"),
    Variable("Employment", "万人", "就业人员", "Employment", "people", "jobs in the banner"),
    *[Variable(f"Employment|{suffix}", "万人", f"{zh}就业人员", f"Employment, {en} sector", "people")
      for _, suffix, _, zh, en in SECTORS],
    Variable("Labour Productivity", "元/人", "全员劳动生产率（2020年价）", "Labour productivity (2020 prices)",
             "people", "GDP per job"),
    Variable("Labour Productivity|Growth", "%", "全员劳动生产率增长率", "Labour productivity growth", "people"),
    Variable("Labour|Shortage", "万人", "劳动力缺口", "Jobs resident workers cannot fill", "people",
             "non-farm jobs above what the resident non-farm labour force fills at frictional unemployment"),
    Variable("Unemployment Rate|Urban", "%", "城镇调查失业率", "Urban surveyed unemployment rate", "people"),
]

# --------------------------------------------------------------------------- building blocks


def grow_population(p_prev: np.ndarray, natural_per_mille: np.ndarray, migration_per_mille: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """One year of the balancing equation before job-related migration.

    Returns ``(natural_change, trend_migration)`` in 万人: each crude rate (‰)
    times the previous year-end population.
    """
    p_prev = np.asarray(p_prev, dtype=float)
    return (p_prev * np.asarray(natural_per_mille) / 1000.0,
            p_prev * np.asarray(migration_per_mille) / 1000.0)


def job_migration(p_exo: np.ndarray, labour_per_resident: np.ndarray, primary_jobs: np.ndarray,
                  nonfarm_jobs: np.ndarray, u_ref: np.ndarray, response: np.ndarray) -> np.ndarray:
    """Residents who move in (+) or out (-) for jobs in one year, 万人.

    ``response * (D - (1 - u_ref) * (P_exo * l - E_1)) / ((1 - u_ref) * l)``
    with ``l`` (``labour_per_resident``) the labour force per resident (working-age share times
    participation): with ``response = 1`` the resident non-farm labour force
    afterwards is exactly ``D / (1 - u_ref)``.
    """
    per_resident = np.asarray(labour_per_resident, dtype=float)
    employed_share = 1.0 - np.asarray(u_ref, dtype=float)
    gap = np.asarray(nonfarm_jobs) - employed_share * (np.asarray(p_exo) * per_resident
                                                       - np.asarray(primary_jobs))
    return np.asarray(response) * gap / (employed_share * per_resident)


def employment_2020(labour_force: np.ndarray, u0: np.ndarray, primary_share: np.ndarray) -> np.ndarray:
    """Jobs in 2020 (万人) that employ the resident labour force at unemployment ``u0`` (a fraction).

    Farm jobs ``s1 * E`` are filled first and the non-farm jobs employ
    ``1 - u0`` of the rest: ``E = s1 E + (1 - u0) (LF - s1 E)``, so
    ``E = (1 - u0) LF / (1 - u0 s1)``.
    """
    u0 = np.asarray(u0, dtype=float)
    return (1.0 - u0) * np.asarray(labour_force) / (1.0 - u0 * np.asarray(primary_share))


def sector_employment(jobs_2020: np.ndarray, value_added: np.ndarray, productivity_growth: np.ndarray
                      ) -> np.ndarray:
    """Jobs of one sector, 万人: ``E[2020] * (VA[t] / VA[2020]) / prod (1 + g)``, shape ``(n, N_YEARS)``.

    Equivalent to value added over a labour productivity that starts at
    ``VA[2020] / E[2020]`` and grows at ``g`` a year.
    """
    va = np.asarray(value_added, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        volume = np.where(va[:, :1] > 0.0, va / np.where(va[:, :1] > 0.0, va[:, :1], 1.0), 0.0)
    return np.asarray(jobs_2020, dtype=float)[:, None] * volume / compound_growth(
        np.ones(va.shape[0]), productivity_growth)


def urban_unemployment(nonfarm_jobs: np.ndarray, nonfarm_labour: np.ndarray, u_min: np.ndarray
                       ) -> np.ndarray:
    """Urban unemployment as a fraction: ``max(u_min, 1 - D / S)`` (``u_min`` where ``S`` is 0)."""
    supply = np.asarray(nonfarm_labour, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(supply > 0.0, 1.0 - np.asarray(nonfarm_jobs) / np.where(supply > 0.0, supply, 1.0),
                        -np.inf)
    return np.maximum(np.asarray(u_min, dtype=float), rate)


def labour_shortage(nonfarm_jobs: np.ndarray, nonfarm_labour: np.ndarray, u_min: np.ndarray) -> np.ndarray:
    """Non-farm jobs resident workers cannot fill, 万人: ``max(0, D - (1 - u_min) * S)``."""
    return np.maximum(0.0, np.asarray(nonfarm_jobs)
                      - (1.0 - np.asarray(u_min, dtype=float)) * np.asarray(nonfarm_labour))


def plan_period_worst(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The year 2021-2025 in which ``series`` is largest, and its column index, each ``(n,)``."""
    lo, hi = year_index(BASE_YEAR + 1), year_index(PLAN_YEAR) + 1
    pick = lo + np.argmax(np.asarray(series)[:, lo:hi], axis=1)
    return (BASE_YEAR + pick).astype(float), pick


def _frictional(params: ParameterSet) -> np.ndarray:
    """Frictional unemployment as a fraction, never above the 2020 rate (which it must allow)."""
    return np.minimum(params["unemployment_frictional"], params["unemployment_2020"]) / 100.0


# --------------------------------------------------------------------------- model

def compute(params: ParameterSet, results: Results) -> Results:
    """Population, towns, jobs, labour supply, unemployment and productivity, 2020-2035.

    Reads ``GDP`` and ``GDP|Primary|Secondary|Tertiary`` (亿元, 2020 prices)
    from the economy module.
    """
    n = params.n
    gdp = results["GDP"]
    labour_per_resident = params.series("working_age_share") * params["participation_rate"][:, None]
    u0 = params["unemployment_2020"] / 100.0
    u_min = _frictional(params)

    # 2020: the census population, its labour force, and the jobs that employ it at u0.
    p0 = params["population_2020"].astype(float)
    shares = np.stack([params["employment_share_primary_2020"], params["employment_share_secondary_2020"],
                       np.maximum(0.0, 1.0 - params["employment_share_primary_2020"]
                                  - params["employment_share_secondary_2020"])], axis=1)
    shares = shares / shares.sum(axis=1, keepdims=True)       # a share pair above 1 is rescaled
    jobs_2020 = employment_2020(p0 * labour_per_resident[:, 0], u0, shares[:, 0])
    jobs = {suffix: sector_employment(jobs_2020 * shares[:, i], results[va],
                                      params.series(f"productivity_growth_{key}"))
            for i, (key, suffix, va, _, _) in enumerate(SECTORS)}
    primary_jobs = jobs["Primary"]
    nonfarm_jobs = jobs["Secondary"] + jobs["Tertiary"]

    # Population year by year (job-related migration depends on the year's labour supply).
    natural_rate = params.series("natural_growth_rate")
    migration_rate = params.series("net_migration_rate")
    response = params["migration_job_response"]
    population = np.empty((n, N_YEARS))
    natural = np.empty((n, N_YEARS))
    trend = np.empty((n, N_YEARS))
    moved = np.zeros((n, N_YEARS))
    population[:, 0] = p0
    natural[:, 0], trend[:, 0] = grow_population(p0, natural_rate[:, 0], migration_rate[:, 0])
    for t in range(1, N_YEARS):
        natural[:, t], trend[:, t] = grow_population(population[:, t - 1], natural_rate[:, t],
                                                     migration_rate[:, t])
        p_exo = population[:, t - 1] + natural[:, t] + trend[:, t]
        moved[:, t] = job_migration(p_exo, labour_per_resident[:, t], primary_jobs[:, t],
                                    nonfarm_jobs[:, t], u0, response)
        population[:, t] = p_exo + moved[:, t]

    rate = np.array(params.series("urbanisation_rate"), dtype=float)
    rate[:, 0] = params["urbanisation_rate_2020"]                # 2020 is history, not the lever
    urban = rate / 100.0 * population
    labour_force = population * labour_per_resident
    nonfarm_labour = np.maximum(0.0, labour_force - primary_jobs)
    employment = primary_jobs + nonfarm_jobs
    productivity = gdp / employment * 1e4

    return {
        "Population|Resident": population,
        "Population|Urban": urban,
        "Population|Rural": population - urban,
        "Population|Natural Change": natural,
        "Population|Net Migration": trend + moved,
        "Population|Net Migration|Job-Related": moved,
        "Urbanisation Rate": rate,
        "GDP per Capita": gdp / population * 1e4,
        "Labour Force": labour_force,
        "Labour Force|Non-Farm": nonfarm_labour,
        "Employment": employment,
        **{f"Employment|{suffix}": e for suffix, e in jobs.items()},
        "Labour Productivity": productivity,
        "Labour Productivity|Growth": annual_growth_pct(productivity),
        "Labour|Shortage": labour_shortage(nonfarm_jobs, nonfarm_labour, u_min[:, None]),
        "Unemployment Rate|Urban": 100.0 * urban_unemployment(nonfarm_jobs, nonfarm_labour, u_min[:, None]),
    }


# --------------------------------------------------------------------------- targets

def _highest_unemployment(p: ParameterSet, r: Results) -> np.ndarray:
    """Urban unemployment in its worst year of 2021-2025, %."""
    _, col = plan_period_worst(r["Unemployment Rate|Urban"])
    return r["Unemployment Rate|Urban"][np.arange(p.n), col]


TARGETS: list[Target] = [
    Target(id="labour_productivity", label_zh="全员劳动生产率增长", label_en="Labour productivity growth",
           section="专栏2第2行", theme="people", unit="%/年", comparison=">=", target=PRODUCTIVITY_GROWTH_TARGET,
           evaluate=lambda p, r: cagr_pct(r["Labour Productivity"], BASE_YEAR, PLAN_YEAR),
           note_zh="2021-2025年年均；地区生产总值（2020年价）除以就业人员",
           note_en="average 2021-2025; GDP at 2020 prices per job"),
    Target(id="urbanisation", label_zh="常住人口城镇化率", label_en="Urbanisation rate",
           section="专栏2第3行; 第二章第五节", theme="people", unit="%", comparison="about",
           target=URBANISATION_PLAN_BOX, tolerance_parameter="tolerance_urbanisation_pp",
           evaluate=lambda p, r: at_year(r, "Urbanisation Rate"),
           note_zh="专栏2为67%；第五章第一节二另提70%左右（见诊断）",
           note_en="67 % in box 2; chapter 5, section 1 says about 70 % (see the diagnostic)",
           observed_variable="Urbanisation Rate"),
    Target(id="urbanisation_70", label_zh="常住人口城镇化率（第五章口径）",
           label_en="Urbanisation rate (chapter 5 figure)", section="第五章第一节二", theme="people", unit="%",
           comparison="about", target=URBANISATION_PLAN_TEXT, tolerance_parameter="tolerance_urbanisation_pp",
           evaluate=lambda p, r: at_year(r, "Urbanisation Rate"),
           note_zh="力争到2025年达到70%左右，与专栏2的67%不一致",
           note_en="'about 70 % by 2025', at odds with box 2's 67 %",
           observed_variable="Urbanisation Rate"),
    Target(id="unemployment", label_zh="城镇调查失业率", label_en="Urban surveyed unemployment",
           section="专栏2第8行", theme="people", unit="%", comparison="<=", target=UNEMPLOYMENT_CAP,
           evaluate=_highest_unemployment,
           note_zh="2021-2025年中最高的一年；由非农岗位与常住非农劳动力推算",
           note_en="highest year 2021-2025; from non-farm jobs against the resident non-farm labour force",
           observed_variable="Unemployment Rate|Urban"),
]


# --------------------------------------------------------------------------- diagnostics

def _urbanisation_targets(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """专栏2's 67 % against 第五章第一节二's 70 %: which the scenario meets and what each means."""
    rate = at_year(r, "Urbanisation Rate")
    resident = at_year(r, "Population|Resident")
    tol = p["tolerance_urbanisation_pp"]
    meets_box = np.abs(rate - URBANISATION_PLAN_BOX) <= tol + 1e-9
    meets_text = np.abs(rate - URBANISATION_PLAN_TEXT) <= tol + 1e-9
    rate_2020 = r["Urbanisation Rate"][:, 0]
    years = PLAN_YEAR - BASE_YEAR
    return ~(meets_box & meets_text), {
        "rate": rate, "tol": tol, "resident": resident, "urban": at_year(r, "Population|Urban"),
        "urban_2020": r["Population|Urban"][:, 0],
        "urban_box": URBANISATION_PLAN_BOX / 100.0 * resident,
        "urban_text": URBANISATION_PLAN_TEXT / 100.0 * resident,
        "gap_persons": (URBANISATION_PLAN_TEXT - URBANISATION_PLAN_BOX) / 100.0 * resident * 1e4,
        "margin_box": rate - URBANISATION_PLAN_BOX, "margin_text": rate - URBANISATION_PLAN_TEXT,
        "pace_box": (URBANISATION_PLAN_BOX - rate_2020) / years,
        "pace_text": (URBANISATION_PLAN_TEXT - rate_2020) / years,
    }


def _jobs_vs_people(p: ParameterSet, r: Results) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """GDP growth less productivity growth (jobs) against the labour a shrinking population supplies."""
    y0, y1 = BASE_YEAR, PLAN_YEAR
    year, col = plan_period_worst(r["Labour|Shortage"])
    rows = np.arange(p.n)
    u_min = _frictional(p)
    nonfarm_jobs = r["Employment|Secondary"] + r["Employment|Tertiary"]
    nonfarm_labour = r["Labour Force|Non-Farm"]
    missing = r["Labour|Shortage"][rows, col]
    per_resident = (r["Labour Force"] / r["Population|Resident"])[rows, col]
    population = r["Population|Resident"]
    lo, hi = year_index(y0 + 1), year_index(y1) + 1
    migration = 1000.0 * np.mean(r["Population|Net Migration"][:, lo:hi] / population[:, lo - 1:hi - 1], axis=1)
    # The productivity growth that would produce the scenario's GDP with the workers residents supply.
    filled = r["Employment|Primary"] + np.minimum(nonfarm_jobs, (1.0 - u_min)[:, None] * nonfarm_labour)
    return missing > 1e-9, {
        "gdp_growth": cagr_pct(r["GDP"], y0, y1),
        "productivity_growth": cagr_pct(r["Labour Productivity"], y0, y1),
        "employment_growth": cagr_pct(r["Employment"], y0, y1),
        "population_growth": cagr_pct(population, y0, y1),
        "supply_growth": cagr_pct(r["Labour Force"], y0, y1),
        "migration": migration, "year": year,
        "jobs": nonfarm_jobs[rows, col], "available": (1.0 - u_min) * nonfarm_labour[rows, col],
        "missing": missing, "missing_persons": missing * 1e4, "u_min": 100.0 * u_min,
        "migrants": missing / ((1.0 - u_min) * per_resident),
        "needed_productivity": cagr_pct(r["GDP"] / filled, y0, y1),
        "u_peak": _highest_unemployment(p, r),
    }


DIAGNOSTICS: list[Diagnostic] = [
    Diagnostic(
        id="urbanisation_targets", title_zh="规划的两个城镇化率目标互不相容",
        title_en="The plan's two urbanisation targets disagree",
        section="专栏2第3行; 第二章第五节; 第五章第一节二", theme="people", check=_urbanisation_targets,
        explain_zh=("规划对2025年常住人口城镇化率给出两个数：专栏2为67%（由2020年的62.4%起每年提高约"
                    "{pace_box:.2f}个百分点），第五章第一节二为70%左右（每年须提高{pace_text:.2f}个百分点）。"
                    "本情景2025年为{rate:.1f}%，比67%{margin_box:+.1f}个百分点、比70%{margin_text:+.1f}个百分点"
                    "（容差±{tol:.1f}个百分点），两个目标不能同时达到。按本情景2025年常住人口{resident:.2f}万人，"
                    "67%对应城镇人口{urban_box:.2f}万人，70%对应{urban_text:.2f}万人，相差约{gap_persons:.0f}人；"
                    "本情景城镇人口{urban:.2f}万人，2020年为{urban_2020:.2f}万人。"),
        explain_en=("The plan gives two urbanisation rates for 2025: 67 % in its indicator table, box 2 "
                    "(about {pace_box:.2f} points a year from 62.4 % in 2020), and about 70 % in chapter 5, "
                    "section 1 ({pace_text:.2f} points a year). This scenario reaches {rate:.1f} % in 2025, "
                    "{margin_box:+.1f} points from 67 % and {margin_text:+.1f} points from 70 % (tolerance "
                    "+/- {tol:.1f} points), so it cannot meet both. With {resident:.2f} 万 residents in 2025, 67 % means {urban_box:.2f} 万 "
                    "town dwellers and 70 % means {urban_text:.2f} 万, about {gap_persons:.0f} people apart; "
                    "the scenario has {urban:.2f} 万 against {urban_2020:.2f} 万 in 2020."),
        resolved_zh=("本情景2025年城镇化率{rate:.1f}%，同时处在67%与70%的容差（±{tol:.1f}个百分点）之内；"
                     "城镇人口{urban:.2f}万人（2020年{urban_2020:.2f}万人）。"),
        resolved_en=("The 2025 rate of {rate:.1f} % lies within the tolerance (+/- {tol:.1f} points) of both "
                     "67 % and 70 %; towns hold {urban:.2f} 万 residents ({urban_2020:.2f} 万 in 2020)."),
    ),
    Diagnostic(
        id="jobs_vs_people", title_zh="就业岗位增长快于常住劳动力", title_en="Jobs outgrow the resident labour force",
        section="专栏2第1-2行; 第二章第五节; 第七章第二节", theme="people", check=_jobs_vs_people,
        explain_zh=("2021-2025年地区生产总值年均增长{gdp_growth:.1f}%，全员劳动生产率年均增长"
                    "{productivity_growth:.1f}%，就业岗位因此年均变化{employment_growth:+.1f}%；而常住人口年均"
                    "变化{population_growth:+.1f}%（净迁移平均{migration:.1f}‰/年），常住劳动力年均变化"
                    "{supply_growth:+.1f}%。{year:.0f}年非农岗位{jobs:.2f}万个，常住非农劳动力在{u_min:.1f}%的"
                    "摩擦性失业下只能提供{available:.2f}万人，缺{missing:.2f}万人（约{missing_persons:.0f}人）。"
                    "补上缺口需要净迁入约{migrants:.2f}万常住人口，或者全员劳动生产率年均增长"
                    "{needed_productivity:.1f}%而不是{productivity_growth:.1f}%。"),
        explain_en=("GDP grows {gdp_growth:.1f} %/yr in 2021-2025 and labour productivity "
                    "{productivity_growth:.1f} %/yr, so jobs change {employment_growth:+.1f} %/yr; the resident "
                    "population changes {population_growth:+.1f} %/yr (net migration {migration:.1f} ‰/yr on "
                    "average) and its labour force {supply_growth:+.1f} %/yr. In {year:.0f} there are "
                    "{jobs:.2f} 万 non-farm jobs, and resident workers fill only {available:.2f} 万 of them at "
                    "{u_min:.1f} % frictional unemployment: {missing:.2f} 万 workers (about "
                    "{missing_persons:.0f} people) are missing. Closing the gap takes net in-migration of "
                    "about {migrants:.2f} 万 residents, or labour productivity growing "
                    "{needed_productivity:.1f} %/yr instead of {productivity_growth:.1f} %/yr."),
        resolved_zh=("常住劳动力足以承担2021-2025年的就业岗位：岗位年均变化{employment_growth:+.1f}%（增长"
                     "{gdp_growth:.1f}%、劳动生产率{productivity_growth:.1f}%），常住劳动力年均变化"
                     "{supply_growth:+.1f}%，净迁移平均{migration:.1f}‰/年，城镇调查失业率最高{u_peak:.1f}%。"),
        resolved_en=("Resident workers can fill the jobs of 2021-2025: jobs change {employment_growth:+.1f} %/yr "
                     "(growth {gdp_growth:.1f} %, productivity {productivity_growth:.1f} %), the resident labour "
                     "force {supply_growth:+.1f} %/yr, net migration averages {migration:.1f} ‰/yr and urban "
                     "unemployment peaks at {u_peak:.1f} %."),
    ),
]

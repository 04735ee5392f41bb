"""Prices: sector price indices, value added at current prices, the GDP deflator.

Statistical bulletins publish GDP and the three-sector structure at current prices,
and real growth at comparable prices.  The rest of the model works at 2020 constant
prices; this module turns its real value added into current prices so that the model
can be compared with what is published and the plan's 6:70:24 structure can be
judged the way the statistics bureau reports it.

Method (double deflation is out of reach without input-output tables, so each sector's
value added is inflated by one price index, the single-indicator method of the national
accounts, 《中国国内生产总值核算手册》 (NBS 2001), ch. 4)::

    P[k, 2020]  = 100
    P[k, t]     = P[k, t-1] * (1 + pi[k, t])                      (2020 = 100)
    VA_nom[k,t] = VA_real[k, t] * P[k, t] / 100                   (亿元, current prices)
    GDP_nom[t]  = sum_k VA_nom[k, t]
    deflator[t] = 100 * GDP_nom[t] / GDP_real[t]                  (2020 = 100)
    share_nom[s, t] = 100 * VA_nom[s, t] / GDP_nom[t]             (%)

for eight price sectors ``k``: the primary sector, the six industries of the
secondary sector and services.  No services deflator is published for the banner or
Inner Mongolia, so the consumer price index stands in for it (``Price|CPI``, which also
turns residents' real incomes into current yuan).  In 2020 every index is 100, so nominal and real
value added coincide and the plan's 2020 figures hold exactly at current prices:
GDP 67.61 亿元 and the structure 7.64 : 69.58 : 22.78 (专栏1).

The parameters are the annual price changes ``pi`` (fractions per year, as the
bulletins publish "上涨8.1%"), not index levels, so that an uncertainty draw, which
shifts a whole path (:class:`~model.core.parameter.Distribution` ``apply="shift"``),
keeps 2020 = 100.  Defaults for 2021-2025 are published national indices where one
was found (docs/sources.md): the overall producer price index (PPI) for other industry,
the mining-and-quarrying PPI for mining, the consumer price index for services (Inner
Mongolia's where published); every
other cell is an estimate and flagged.  After 2025 relative prices are held (``pi = 0``),
so later nominal growth equals real growth: an assumption, not a forecast of inflation.
"""
from __future__ import annotations

import numpy as np

from model.core.catalogue import Results, Variable
from model.core.formulas import annual_growth_pct, compound_growth
from model.core.parameter import Distribution, Parameter, ParameterSet
from model.core.timeline import N_YEARS

__all__ = ["PRICE_SECTORS", "INDEX_BASE", "PARAMETERS", "VARIABLES", "TARGETS", "compute",
           "price_index"]

#: The index value of the base year 2020.
INDEX_BASE: float = 100.0

#: Price sectors: (key, real value-added variable, ``Price|<suffix>``, zh, en).  The six
#: industries sum to ``GDP|Secondary``; with primary and services they sum to ``GDP``.
PRICE_SECTORS: tuple[tuple[str, str, str, str, str], ...] = (
    ("primary", "GDP|Primary", "Primary", "第一产业", "Primary sector"),
    ("nonferrous_smelting", "Value Added|Nonferrous Smelting", "Nonferrous Smelting", "有色金属冶炼",
     "Nonferrous smelting"),
    ("coal_chemicals", "Value Added|Coal Chemicals", "Coal Chemicals", "煤焦化工", "Coal chemicals"),
    ("power", "Value Added|Power", "Power", "电力生产", "Power generation"),
    ("mining", "Value Added|Mining", "Mining", "采矿业", "Mining"),
    ("other_industry", "Value Added|Other Industry", "Other Industry", "其他工业", "Other industry"),
    ("construction", "Value Added|Construction", "Construction", "建筑业", "Construction"),
    ("cpi", "GDP|Tertiary", "CPI", "居民消费", "Consumer prices"),
)
_INDUSTRIES = tuple(key for key, var, *_ in PRICE_SECTORS if var.startswith("Value Added|"))


# --------------------------------------------------------------------------- parameters

#: Annual price changes 2021-2025 (fraction per year) and their sources.  Published
#: annual averages where found; the rest are estimates (see each source text).
_PRICE_PATHS: dict[str, tuple[dict[int, float], str, bool]] = {
    "primary": ({2021: 0.02, 2022: 0.01, 2023: -0.02, 2024: -0.02, 2025: -0.01, 2026: 0.0},
                "estimate: no annual agricultural producer price index was found for 2021-2025 "
                "(docs/sources.md, prices); a path near zero with the 2023-2024 fall in livestock prices",
                True),
    "nonferrous_smelting": ({2021: 0.20, 2022: 0.03, 2023: -0.02, 2024: 0.05, 2025: 0.05, 2026: 0.0},
                            "estimate: no annual PPI of nonferrous smelting was found; 2021 follows the "
                            "December 2021 reading of +20.0 % ([nbs-ppi-2021-industries], not an annual "
                            "average), later years the purchaser prices of nonferrous materials", True),
    "coal_chemicals": ({2021: 0.30, 2022: 0.10, 2023: -0.12, 2024: -0.08, 2025: -0.10, 2026: 0.0},
                       "estimate: no annual PPI of coal processing was found; 2021 below the December "
                       "2021 reading of +36.4 % ([nbs-ppi-2021-industries]), then the coke-price fall", True),
    "power": ({2021: 0.02, 2022: 0.05, 2023: 0.01, 2024: 0.0, 2025: -0.01, 2026: 0.0},
              "estimate: no PPI of power and heat supply was found; small changes after the 2021 "
              "coal-power tariff reform", True),
    "mining": ({2021: 0.344, 2022: 0.15, 2023: -0.077, 2024: -0.04, 2025: -0.03, 2026: 0.0},
               "NBS: mining and quarrying PPI +34.4 % in 2021 ([nbs-mining-2021]) and -7.7 % in 2023 "
               "([nbs-ppi-2023]); 2022, 2024 and 2025 estimates (January-September 2022 +24.9 %, "
               "[nbs-ppi-2022-9]; December 2024 -4.6 % year on year)", True),
    "other_industry": ({2021: 0.081, 2022: 0.041, 2023: -0.030, 2024: -0.022, 2025: -0.027, 2026: 0.0},
                       "NBS: producer price index +8.1 % (2021, [nbs-ppi-2021]), +4.1 % (2022, [nbs-ppi-2022]), "
                       "-3.0 % (2023, [nbs-ppi-2023]), -2.2 % (2024, [nbs-ppi-2024]); 2025 the January-November "
                       "average -2.7 % ([nbs-ppi-2025-11]), an estimate of the year", True),
    "construction": ({2021: 0.04, 2022: 0.02, 2023: -0.01, 2024: -0.01, 2025: -0.01, 2026: 0.0},
                     "estimate: no construction price index was found; building materials fell in 2023 "
                     "(December 2023 -7.6 % year on year, [nbs-ppi-2023])", True),
    "cpi": ({2021: 0.01, 2022: 0.018, 2023: 0.006, 2024: 0.002, 2025: 0.0, 2026: 0.0},
            "consumer price index, which also stands in for the services deflator: Inner Mongolia +1.8 % "
            "(2022, [im-2022-acmr]) and +0.6 % (2023, [im-2023-bulletin]), national +0.2 % (2024, "
            "[nbs-cpi-2024]); 2021 (1 %) and 2025 (0) estimates", True),
}

#: Uncertainty of a price path: a shift of the whole path, in fraction per year.
_PRICE_SHIFT = Distribution("truncnormal", {"mean": 0.0, "sd": 0.02}, apply="shift")


def _price_parameter(key: str, zh: str, en: str) -> Parameter:
    path, source, estimate = _PRICE_PATHS[key]
    return Parameter(
        name=f"price_change_{key}", label_zh=f"{zh}价格年变化率", label_en=f"Price change: {en.lower()}",
        unit="1/年", default=dict(path), lower=-0.5, upper=1.0, kind="assumption", theme="prices",
        source=source, estimate=estimate, timeseries=True, distribution=_PRICE_SHIFT, step=0.001,
        description=(f"Annual change of the price index of {en.lower()} (2020 = 100); it turns real "
                     "value added" + (" and residents' incomes" if key == "cpi" else "") + " into current prices."))


PARAMETERS: list[Parameter] = [_price_parameter(key, zh, en) for key, _, _, zh, en in PRICE_SECTORS]


# --------------------------------------------------------------------------- variables

def _nominal(variable: str) -> str:
    return f"{variable}|Nominal"


VARIABLES: list[Variable] = [
    Variable("GDP|Nominal", "亿元", "地区生产总值（现价）", "GDP (current prices)", "prices"),
    Variable("GDP|Primary|Nominal", "亿元", "第一产业增加值（现价）", "Primary value added (current prices)",
             "prices"),
    Variable("GDP|Secondary|Nominal", "亿元", "第二产业增加值（现价）",
             "Secondary value added (current prices)", "prices"),
    Variable("GDP|Tertiary|Nominal", "亿元", "第三产业增加值（现价）", "Tertiary value added (current prices)",
             "prices"),
    *[Variable(_nominal(var), "亿元", f"{zh}增加值（现价）", f"{en} value added (current prices)", "prices")
      for key, var, _, zh, en in PRICE_SECTORS if key in _INDUSTRIES],
    Variable("Value Added|Industry|Nominal", "亿元", "工业增加值（现价）",
             "Industrial value added (current prices)", "prices", "secondary sector less construction"),
    Variable("GDP|Nominal Growth", "%", "地区生产总值名义增长率", "GDP growth at current prices", "prices"),
    Variable("Price|GDP Deflator", "2020=100", "地区生产总值平减指数", "GDP deflator", "prices"),
    *[Variable(f"Price|{suffix}", "2020=100", f"{zh}价格指数", f"Price index: {en.lower()}", "prices")
      for _, _, suffix, zh, en in PRICE_SECTORS],
    Variable("Share|Primary|Nominal", "%", "第一产业比重（现价）", "Primary share (current prices)", "prices"),
    Variable("Share|Secondary|Nominal", "%", "第二产业比重（现价）", "Secondary share (current prices)", "prices"),
    Variable("Share|Tertiary|Nominal", "%", "第三产业比重（现价）", "Tertiary share (current prices)", "prices"),
]

TARGETS: list = []


# --------------------------------------------------------------------------- model

def price_index(change: np.ndarray) -> np.ndarray:
    """Index path (2020 = 100) from annual changes ``(n, N_YEARS)``; the 2020 column is ignored."""
    change = np.asarray(change, dtype=float)
    return compound_growth(np.full(change.shape[0], INDEX_BASE), change)


def compute(params: ParameterSet, results: Results) -> Results:
    """Price indices, current-price value added, the deflator and current-price shares."""
    out: Results = {}
    nominal: dict[str, np.ndarray] = {}
    for key, var, suffix, _, _ in PRICE_SECTORS:
        index = price_index(params.series(f"price_change_{key}"))
        out[f"Price|{suffix}"] = index
        nominal[key] = results[var] * index / INDEX_BASE
        if key in _INDUSTRIES:
            out[_nominal(var)] = nominal[key]
    secondary = np.zeros((params.n, N_YEARS))
    for key in _INDUSTRIES:
        secondary = secondary + nominal[key]
    primary, tertiary = nominal["primary"], nominal["cpi"]
    gdp = primary + secondary + tertiary
    out.update({
        "GDP|Nominal": gdp,
        "GDP|Primary|Nominal": primary,
        "GDP|Secondary|Nominal": secondary,
        "GDP|Tertiary|Nominal": tertiary,
        "Value Added|Industry|Nominal": secondary - nominal["construction"],
        "GDP|Nominal Growth": annual_growth_pct(gdp),
        "Price|GDP Deflator": INDEX_BASE * gdp / results["GDP"],
        "Share|Primary|Nominal": 100.0 * primary / gdp,
        "Share|Secondary|Nominal": 100.0 * secondary / gdp,
        "Share|Tertiary|Nominal": 100.0 * tertiary / gdp,
    })
    return out

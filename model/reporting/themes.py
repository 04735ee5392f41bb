"""What each theme chart shows: its panels, their series and the plan targets they mark.

One :class:`ThemeChart` per theme of :data:`model.core.parameter.THEMES` that has
results to draw (:data:`THEME_CHARTS`, in the themes' display order).  A
:class:`Panel` is one axes: a few series of one unit, and the scorecard targets
drawn on it, each on the series whose quantity it judges (:class:`Mark`: the
plan's value in its year, with the tolerance of an "about" target as a bar).
Targets judged on an average over years (GDP growth 2021-2025, labour productivity
growth) are not marked: a point in 2025 would read as that year's rate.

The explorer and the reports draw the same panels (:class:`model.reporting.charts.ThemeFigure`).
Titles carry their unit, in Chinese units in Chinese and in English units in English
(``亿元`` is "100 million yuan"), so an English chart is English throughout.
"""
from __future__ import annotations

from dataclasses import dataclass

from model.core.parameter import THEMES
from model.core.simulate import VARIABLES
from model.text import pick

__all__ = ["Series", "Mark", "Panel", "ThemeChart", "THEME_CHARTS", "PALETTE", "available_panels"]

#: Line colours (colour-blind-safe enough to tell four series apart in print).
PALETTE = ("#1f5fa8", "#c8412d", "#2e8b57", "#b8860b", "#6a3d9a", "#444444")


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class Series:
    """One variable drawn in a panel."""

    variable: str
    color: str
    label_zh: str = ""
    label_en: str = ""

    def label(self, lang: str) -> str:
        own = pick(lang, self.label_zh, self.label_en)
        return own or VARIABLES[self.variable].label(lang)


@dataclass(frozen=True)
class Mark:
    """A scorecard target drawn on the series of the quantity it judges."""

    target: str
    variable: str


@dataclass(frozen=True)
class Panel:
    """One axes: a few series of the same unit, and scorecard targets to mark."""

    id: str
    title_zh: str
    title_en: str
    series: tuple[Series, ...]
    marks: tuple[Mark, ...] = ()

    def title(self, lang: str) -> str:
        return pick(lang, self.title_zh, self.title_en)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(s.variable for s in self.series)

    @property
    def target_ids(self) -> tuple[str, ...]:
        """The ids of the targets marked on the panel."""
        return tuple(m.target for m in self.marks)

    def series_of(self, mark: Mark) -> Series:
        """The series a target is drawn on."""
        return next(s for s in self.series if s.variable == mark.variable)


@dataclass(frozen=True)
class ThemeChart:
    """The panels of one theme."""

    theme: str
    panels: tuple[Panel, ...]

    def title(self, lang: str) -> str:
        return pick(lang, *THEMES[self.theme])


def _s(variable: str, i: int, zh: str = "", en: str = "") -> Series:
    return Series(variable, PALETTE[i % len(PALETTE)], zh, en)


def _m(*pairs: tuple[str, str]) -> tuple[Mark, ...]:
    return tuple(Mark(target, variable) for target, variable in pairs)


_SHARES = ("Share|Primary", "Share|Secondary", "Share|Tertiary")
_SHARE_TARGETS = ("share_primary_2025", "share_secondary_2025", "share_tertiary_2025")
_SECTOR_NAMES = (("第一产业", "Primary"), ("第二产业", "Secondary"), ("第三产业", "Tertiary"))
_SECTOR_COLOURS = (2, 1, 3)


def _structure(suffix: str) -> tuple[tuple[Series, ...], tuple[Mark, ...]]:
    """The three sector shares (``suffix`` "" or "|Nominal") with the 6:70:24 marks."""
    series = tuple(_s(v + suffix, c, zh, en) for v, c, (zh, en) in zip(_SHARES, _SECTOR_COLOURS, _SECTOR_NAMES))
    return series, _m(*((t, v + suffix) for t, v in zip(_SHARE_TARGETS, _SHARES)))


# --------------------------------------------------------------------------- the themes

THEME_CHARTS: tuple[ThemeChart, ...] = (
    ThemeChart("economy", (
        Panel("gdp", "地区生产总值与三次产业（亿元，2020年价）", "GDP and sectors (100 million yuan, 2020 prices)",
              (_s("GDP", 0, "地区生产总值", "GDP"), _s("GDP|Primary", 2, "第一产业", "Primary"),
               _s("GDP|Secondary", 1, "第二产业", "Secondary"), _s("GDP|Tertiary", 3, "第三产业", "Tertiary"))),
        Panel("structure", "三次产业结构（%，2020年价）与6:70:24目标",
              "Three-sector structure (%, 2020 prices) against 6:70:24", *_structure("")),
        Panel("growth", "实际增长率（%，可比价）", "Real growth (%, comparable prices)",
              (_s("GDP|Growth", 0, "地区生产总值", "GDP"),
               _s("Value Added|Industry|Growth", 1, "工业增加值", "Industry value added"))),
    )),
    ThemeChart("prices", (
        Panel("nominal", "现价与不变价地区生产总值（亿元）", "GDP at current and 2020 prices (100 million yuan)",
              (_s("GDP|Nominal", 0, "现价", "Current prices"), _s("GDP", 5, "2020年价", "2020 prices"))),
        Panel("deflator", "价格指数（2020=100）", "Price indices (2020=100)",
              (_s("Price|GDP Deflator", 0, "地区生产总值平减指数", "GDP deflator"),
               _s("Price|CPI", 3, "居民消费价格指数", "Consumer prices"))),
        Panel("structure_nominal", "现价三次产业结构（%）与6:70:24目标",
              "Structure at current prices (%) against 6:70:24", *_structure("|Nominal")),
    )),
    ThemeChart("smelting", (
        Panel("metals", "有色金属产量（千吨）", "Metal output (kt)",
              (_s("Production|Copper", 1, "铜", "Copper"), _s("Production|Zinc", 0, "锌", "Zinc"),
               _s("Production|Lead", 5, "铅", "Lead")),
              _m(("copper_output", "Production|Copper"), ("zinc_output", "Production|Zinc"))),
        Panel("acid", "硫酸平衡（千吨）", "Sulfuric acid balance (kt)",
              (_s("Production|Sulfuric Acid", 0, "产量", "Produced"),
               _s("Sulfuric Acid|Local Use", 2, "本地消纳", "Used locally"),
               _s("Sulfuric Acid|Surplus", 1, "富余需外运", "Surplus to ship")),
              _m(("acid_local_use", "Sulfuric Acid|Local Use"))),
    )),
    ThemeChart("coal_chemicals", (
        Panel("coke", "焦炭产量（千吨）", "Coke output (kt)", (_s("Production|Coke", 5, "焦炭", "Coke"),),
              _m(("coke_output", "Production|Coke"))),
        Panel("chemicals", "化工产品产量（千吨）", "Chemicals output (kt)",
              (_s("Production|Methanol", 0, "甲醇", "Methanol"), _s("Production|Tar", 3, "焦油", "Tar"),
               _s("Production|Benzene", 4, "粗苯", "Benzene")),
              _m(("methanol_output", "Production|Methanol"), ("tar_output", "Production|Tar"),
                 ("benzene_output", "Production|Benzene"))),
    )),
    ThemeChart("power", (
        Panel("capacity", "风电与光伏装机（兆瓦）", "Wind and solar capacity (MW)",
              (_s("Capacity|Wind", 0, "风电", "Wind"), _s("Capacity|Solar", 3, "光伏", "Solar")),
              _m(("wind_capacity", "Capacity|Wind"), ("solar_capacity", "Capacity|Solar"))),
        Panel("electricity", "发电与外送（吉瓦时）", "Generation and export (GWh)",
              (_s("Electricity|Wind", 0, "风电", "Wind"), _s("Electricity|Solar", 3, "光伏", "Solar"),
               _s("Electricity|Export", 1, "外送", "Sent out")),
              _m(("power_export", "Electricity|Export"))),
    )),
    ThemeChart("energy", (
        Panel("energy", "能源消费与总量控制（万吨标准煤）", "Energy use against the cap (10 kt coal equivalent)",
              (_s("Energy|Total", 5, "全部能耗", "All energy"), _s("Energy|Assessed", 0, "考核能耗", "Assessed"),
               _s("Energy|Cap", 1, "总量上限", "Cap"))),
        Panel("intensity", "能耗与碳排放强度较2020年下降（%）", "Energy and CO2 intensity cut against 2020 (%)",
              (_s("Energy|Intensity Reduction", 0, "能耗强度下降", "Energy intensity cut"),
               _s("Emissions|CO2 Intensity Reduction", 5, "碳排放强度下降", "CO2 intensity cut")),
              _m(("energy_intensity_cut", "Energy|Intensity Reduction"),
                 ("co2_intensity_cut", "Emissions|CO2 Intensity Reduction"))),
        Panel("co2", "二氧化碳排放与2026年起的总量上限（万吨）", "CO2 emissions and the cap from 2026 (10 kt)",
              (_s("Emissions|CO2", 5, "CO2排放", "CO2"), _s("Emissions|CO2|Cap", 1, "总量上限", "Cap"))),
        Panel("carbon_2030", "2030年碳排放双控目标（%）", "Carbon targets for 2030 (%)",
              (_s("Emissions|CO2 Intensity Reduction|Since 2025", 5, "碳排放强度较2025年下降",
                  "CO2 intensity cut since 2025"),
               _s("Energy|Non-fossil Share", 2, "非化石能源消费比重", "Non-fossil share")),
              _m(("co2_intensity_cut_2030", "Emissions|CO2 Intensity Reduction|Since 2025"),
                 ("non_fossil_share_2030", "Energy|Non-fossil Share"))),
    )),
    ThemeChart("livestock", (
        Panel("herd", "牲畜与草原承载力（万羊单位）", "Herd against carrying capacity (10,000 sheep units)",
              (_s("Livestock|Herd", 1, "存栏", "Herd"),
               _s("Livestock|Grassland Capacity", 2, "草原承载力", "Grassland capacity"),
               _s("Livestock|Supplementary Capacity", 3, "补饲承载", "Supplementary feed"))),
        Panel("stocking", "草原载畜率（承载力的%）", "Stocking ratio (% of grassland capacity)",
              (_s("Livestock|Stocking Ratio", 1, "载畜率", "Stocking ratio"),),
              _m(("stocking_within_capacity", "Livestock|Stocking Ratio"))),
        Panel("farm_output", "牧业产值占农牧业产值比重（%）", "Livestock in farm output (%)",
              (_s("Share|Livestock in Farm Output", 1, "牧业比重", "Livestock share"),),
              _m(("livestock_output_share", "Share|Livestock in Farm Output"))),
    )),
    ThemeChart("people", (
        Panel("population", "常住人口（万人）", "Residents (10,000 people)",
              (_s("Population|Resident", 0, "常住人口", "Residents"), _s("Population|Urban", 1, "城镇", "Urban"),
               _s("Population|Rural", 2, "乡村", "Rural"))),
        Panel("urbanisation", "常住人口城镇化率（%）与67%、70%目标", "Urbanisation (%) against 67 % and 70 %",
              (_s("Urbanisation Rate", 1, "城镇化率", "Urbanisation"),),
              _m(("urbanisation", "Urbanisation Rate"), ("urbanisation_70", "Urbanisation Rate"))),
        Panel("jobs", "就业岗位与常住劳动力（万人）", "Jobs against resident workers (10,000 people)",
              (_s("Employment", 0, "就业岗位", "Jobs"), _s("Labour Force", 2, "常住劳动力", "Resident labour force"),
               _s("Labour|Shortage", 1, "岗位缺人", "Jobs short of workers"))),
        Panel("unemployment", "城镇调查失业率（%）", "Urban unemployment (%)",
              (_s("Unemployment Rate|Urban", 1, "失业率", "Unemployment"),),
              _m(("unemployment", "Unemployment Rate|Urban"))),
        Panel("incomes", "居民人均可支配收入（元，现价）", "Disposable income per resident (yuan, current prices)",
              (_s("Income|Disposable|Urban", 0, "城镇居民", "Urban"), _s("Income|Disposable|Rural", 2, "农牧民", "Rural"),
               _s("Income|Disposable", 5, "全体居民", "All residents"))),
        Panel("productivity", "全员劳动生产率（元/人，2020年价）", "Labour productivity (yuan per job, 2020 prices)",
              (_s("Labour Productivity", 4, "劳动生产率", "Productivity"),)),
    )),
)


def available_panels(chart: ThemeChart) -> tuple[Panel, ...]:
    """The panels of a chart whose variables the model produces."""
    return tuple(p for p in chart.panels if all(v in VARIABLES for v in p.variables))

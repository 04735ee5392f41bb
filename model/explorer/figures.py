"""The explorer's theme figures: axes that follow the data, limits in view, bands in the legend.

:class:`ExplorerFigure` is a :class:`model.reporting.charts.ThemeFigure` (the
same panels, lines and target marks as the reports) with what an interactive
chart needs on top:

* **axes that follow the data**: after every update each panel's y-range is
  the range of what it shows (both scenarios' lines, target marks with their
  tolerance, limit lines, uncertainty bands), padded by 5 % and widened to the
  next ticks of a ``MaxNLocator`` (about six ticks).  The limits depend only on
  the data, never on earlier states: after an extreme value, reset or loading a
  scenario brings the axes back to exactly where they were.  Because the ends
  sit on tick steps, a small change usually keeps the limits, so the chart is
  blitted rather than redrawn (:class:`model.reporting.charts.BlitRenderer`);
* **limit lines** from the scorecard, always inside the axes: the 100 %
  stocking ratio of the grassland (target ``stocking_within_capacity``) and the
  energy-intensity cut the plan asks for by 2025 (``energy_intensity_cut``);
  the energy cap and the 6:70:24 marks are series and target marks of the
  panels themselves, so they are in the range by construction;
* **a legend for the bands**: "5-95 %" and "25-75 %" entries while the
  uncertainty bands are shown;
* **English titles in English units** (:func:`model.text.english_units`: the
  shared chart titles write 亿元 and 万吨标准煤 in English mode too), broken into
  lines that fit their panel.
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from model.core.scorecard import TARGETS
from model.core.timeline import YEARS
from model.reporting.charts import ChartData, ThemeChart, ThemeFigure
from model.text import comparison_symbol, english_units, has_cjk, pick, text_width

__all__ = ["ExplorerFigure", "LIMIT_LINES", "fitted_limits"]

#: Panel id -> scorecard targets drawn across it as limit lines (their value, every year).
LIMIT_LINES: dict[str, tuple[str, ...]] = {
    "stocking": ("stocking_within_capacity",),
    "intensity": ("energy_intensity_cut",),
}
_TARGETS = {t.id: t for t in TARGETS}
#: Room left above and below the data, as a share of its range.
PAD = 0.05


def _wrapped(title: str, columns: int) -> str:
    """A panel title broken into lines that fit its column of the figure.

    About 96 characters of the 9.5 pt title font span the figure; a CJK character is as wide
    as two Latin ones.  Line breaks already in the title are kept.
    """
    room = max(16, 96 // max(1, columns))
    lines = []
    for line in title.split("\n"):
        if text_width(line) <= room or not has_cjk(line):
            lines += textwrap.wrap(line, room) or [""]
            continue
        current = ""  # Chinese: break between characters, never inside a number or a Latin word
        for token in re.findall(r"（[^（）]{0,12}）|[A-Za-z0-9.,:=%+-]+|.", line):
            if current and text_width(current + token) > room:
                lines.append(current)
                current = ""
            current += token
        lines.append(current)
    return "\n".join(lines)


def fitted_limits(values: np.ndarray, nbins: int = 6) -> tuple[float, float] | None:
    """Axis limits for ``values``: their range, padded by :data:`PAD`, out to the next ticks.

    Data that are never negative keep zero as the floor.  None when nothing is finite.  A flat series gets a range of its own size
    (or 1 around zero).
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo <= 1e-12 * max(1.0, abs(hi)):
        half = abs(hi) * 0.5 or 1.0
        lo, hi = lo - half, hi + half
    pad = PAD * (hi - lo)
    ticks = MaxNLocator(nbins=nbins).tick_values(lo - pad, hi + pad)
    low = float(ticks[0]) if lo < 0 else max(0.0, float(ticks[0]))  # no negative room under positive data
    return low, float(ticks[-1])


class ExplorerFigure(ThemeFigure):
    """A theme figure whose axes follow the data and keep the plan's limits in view."""

    def __init__(self, chart: ThemeChart, lang: str = "zh", width: float = 9.0, height: float = 3.2):
        super().__init__(chart, lang, width, height)
        self._limits: dict[tuple[str, str], Line2D] = {}
        self._band_extent: dict[str, tuple[float, float]] = {}
        self._bands_on = False
        self._legend_changed = False
        for ax, panel in zip(self.axes, self.panels):
            title = english_units(panel.title(lang)) if lang == "en" else panel.title(lang)
            ax.set_title(_wrapped(title, ax.get_subplotspec().get_geometry()[1]), fontsize=ax.title.get_fontsize())
            for tid in LIMIT_LINES.get(panel.id, ()):
                if tid in _TARGETS:
                    (line,) = ax.plot(YEARS, np.full(YEARS.size, np.nan), color="#555555", lw=1.0, ls=":",
                                      label=self._limit_label(tid, np.nan))
                    self._limits[(panel.id, tid)] = line
        self._set_legends()

    def _limit_label(self, tid: str, value: float) -> str:
        number = "" if not np.isfinite(value) else f" {comparison_symbol(_TARGETS[tid].comparison)}{value:g}"
        return pick(self.lang, f"规划目标{number}", f"plan target{number}")

    def _set_legends(self) -> None:
        for ax in self.axes[:len(self.panels)]:
            handles, labels = ax.get_legend_handles_labels()
            handles.append(Line2D([], [], color="grey", ls="--", lw=1.1))
            labels.append(pick(self.lang, "虚线：参照情景", "dashed: reference"))
            if self._bands_on:
                handles += [Patch(color="grey", alpha=0.15), Patch(color="grey", alpha=0.4)]
                labels += [pick(self.lang, "5–95% 区间", "5-95 % band"), pick(self.lang, "25–75% 区间",
                                                                             "25-75 % band")]
            ax.legend(handles, labels, fontsize=7, loc="best", frameon=False)
        self._legend_changed = True

    def set_fans(self, bands: dict[str, np.ndarray] | None) -> None:
        """Bands as in :meth:`ThemeFigure.set_fans`, with their legend entries and their range."""
        super().set_fans(bands)
        self._band_extent = {}
        for panel in self.panels:
            found = [np.asarray(bands[v], float) for v in panel.variables if bands and v in bands]
            values = np.concatenate([b.ravel() for b in found]) if found else np.array([])
            values = values[np.isfinite(values)]
            if values.size:
                self._band_extent[panel.id] = (float(values.min()), float(values.max()))
        on = bool(bands)
        if on != self._bands_on:
            self._bands_on = on
            self._set_legends()

    def update(self, current: ChartData, reference: ChartData | None = None,
               keep_limits: bool = False) -> bool:
        """Move every artist to the new data and fit each axis to it (:func:`fitted_limits`).

        Returns True when any axis' limits or legend changed (the renderer must then
        draw in full).
        """
        before = [ax.get_ylim() for ax in self.axes]
        super().update(current, reference, keep_limits=False)
        legend_stale, self._legend_changed = self._legend_changed, False
        for (panel_id, tid), line in self._limits.items():
            _, value, _, _ = current.marks.get(tid, (0, np.nan, np.nan, ""))
            line.set_ydata(np.full(YEARS.size, value))
            label = self._limit_label(tid, value)
            if line.get_label() != label:
                line.set_label(label)
                legend_stale = True
        if legend_stale:
            self._set_legends()
            self._legend_changed = False
        for ax, panel in zip(self.axes, self.panels):
            limits = fitted_limits(self._shown_values(ax, panel.id))
            if limits is not None:
                ax.set_ylim(*limits)
        return legend_stale or any(ax.get_ylim() != lim for ax, lim in zip(self.axes, before))

    def _shown_values(self, ax: Axes, panel_id: str) -> np.ndarray:
        parts = [np.asarray(line.get_ydata(), dtype=float).ravel() for line in ax.lines]
        if panel_id in self._band_extent:
            parts.append(np.asarray(self._band_extent[panel_id]))
        return np.concatenate(parts) if parts else np.array([])

    def data_artists(self) -> list[list[object]]:
        """The artists :meth:`update` moves, limit lines included."""
        out = super().data_artists()
        for k, panel in enumerate(self.panels):
            out[k] += [line for (pid, _), line in self._limits.items() if pid == panel.id]
        return out

    def describe(self) -> str:
        """Each panel's title and y-range in words, ``title: low … high; ...`` (what the image
        shows, for readers of the page who do not see it, and for the browser test)."""
        return "; ".join(f"{' '.join(ax.get_title().split())}: {ax.get_ylim()[0]:g} … {ax.get_ylim()[1]:g}"
                         for ax in self.axes[:len(self.panels)])

    def limit_values(self) -> Mapping[tuple[str, str], float]:
        """``(panel id, target id) -> the limit line's value`` (nan when the target has none)."""
        return {key: float(np.asarray(line.get_ydata(), float)[0]) for key, line in self._limits.items()}

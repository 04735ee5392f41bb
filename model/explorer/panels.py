"""The explorer's uncertainty panel (goal seeking is :mod:`model.explorer.goalseek_panel`).

Each analysis panel takes what it needs, never the explorer itself: the
current language, and functions giving the current settings as a scenario or
asking for a refresh.  So a panel can be built, driven and tested on its own,
and the explorer depends on the panels, never the other way.

* :class:`UncertaintyPanel`: a toggle that draws 5-95 % and 25-75 % bands
  around the current settings' lines from a small Latin-hypercube ensemble
  (:func:`model.analysis.ensemble.quick_bands`, the scenario's distributions,
  the fixed seed :data:`model.provenance.DEFAULT_SEED`) and adds each target's
  probability of being met (:func:`model.analysis.ensemble.target_probabilities`)
  to the scorecard.  A few hundred draws run through the vectorised model in
  milliseconds, so the explorer stays responsive with the bands on.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from model.provenance import DEFAULT_SEED
from model.reporting.charts import THEME_CHARTS, available_panels
from model.scenarios import Scenario
from model.text import pick

__all__ = ["UncertaintyPanel", "DRAW_CHOICES", "chart_variables"]

#: Ensemble sizes offered for the bands (draws).
DRAW_CHOICES: tuple[int, ...] = (100, 200, 500, 1000)


def chart_variables() -> list[str]:
    """Every variable drawn in a theme chart."""
    return list(dict.fromkeys(v for c in THEME_CHARTS for p in available_panels(c) for v in p.variables))


# --------------------------------------------------------------------------- uncertainty

class UncertaintyPanel:
    """The uncertainty toggle: bands from a small ensemble, probabilities in the scorecard.

    Parameters
    ----------
    lang
        ``"zh"`` or ``"en"``.
    on_change
        Called when the toggle or the number of draws changes (the explorer
        recomputes).
    """

    def __init__(self, lang: str, on_change: Callable[[], None]):
        self.toggle = widgets.Checkbox(value=False, indent=False)
        self.toggle.add_class("explorer-uncertainty")
        self.draws = widgets.Dropdown(options=list(DRAW_CHOICES), value=200,
                                      layout=widgets.Layout(width="150px"))
        self.message = widgets.HTML()
        self.widget = widgets.HBox([self.toggle, self.draws, self.message],
                                   layout=widgets.Layout(align_items="center"))
        self.toggle.observe(lambda _: on_change(), names="value")
        self.draws.observe(lambda _: on_change(), names="value")
        self.set_lang(lang)

    @property
    def enabled(self) -> bool:
        return bool(self.toggle.value)

    def set_lang(self, lang: str) -> None:
        self.toggle.description = pick(lang, "显示不确定性区间（5–95%、25–75%）",
                                       "Show uncertainty bands (5-95 %, 25-75 %)")
        self.toggle.style = {"description_width": "initial"}
        self.draws.description = pick(lang, "抽样数", "draws")
        self.draws.style = {"description_width": "50px"}
        self.toggle.tooltip = pick(lang, "按情景的参数分布做小样本集合（拉丁超立方抽样，固定种子）",
                                   "a small Latin-hypercube ensemble over the scenario's distributions "
                                   "(fixed seed)")

    def compute(self, scenario: Scenario) -> tuple[dict[str, np.ndarray] | None, dict[str, float] | None]:
        """Bands of every chart variable and target probabilities, or (None, None) when off."""
        if not self.enabled:
            return None, None
        from model.analysis.ensemble import quick_bands, target_probabilities

        draws = int(self.draws.value)
        bands = quick_bands(scenario, draws, DEFAULT_SEED, chart_variables())
        probabilities = target_probabilities(scenario, draws, DEFAULT_SEED)
        return bands, probabilities

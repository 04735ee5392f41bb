"""The interactive explorer: ipywidgets over the model, for JupyterLab and Voila.

One call builds it::

    from model.explorer import build_explorer
    build_explorer()                       # the baseline, in Chinese
    build_explorer("scenarios/services-led.yaml", reference="scenarios/baseline.yaml", lang="en")

Modules, each depending only on those listed before it:

* :mod:`~model.explorer.state` - values, diff, save and load (no widgets);
* :mod:`~model.explorer.controls` - widgets generated from the registry;
* :mod:`~model.explorer.tables` - scorecard, diagnostics and changes as HTML;
* :mod:`~model.explorer.preview` - the headline as plain HTML, shown while the widgets load;
* :mod:`~model.explorer.chart_tabs` - the theme charts, redrawn only when seen and changed;
* :mod:`~model.explorer.panels` - uncertainty bands and goal seeking, given the registry
  and functions to read and apply values (never the explorer);
* :mod:`~model.explorer.app` - the layout, refresh, scenario pickers, saving, language.

Importing this package loads no widget and no chart library: :func:`build_explorer`,
:class:`Explorer` and :class:`ExplorerState` load them when first used (PEP 562), so
``model.explorer.preview`` can show the headline of a page about a second after its
kernel starts, while ipywidgets and matplotlib are still to come.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.text import DEFAULT_LANG

if TYPE_CHECKING:
    from model.explorer.app import Explorer
    from model.explorer.state import ExplorerState

__all__ = ["build_explorer", "Explorer", "ExplorerState"]


def build_explorer(scenario: str | Path | None = None, reference: str | Path | None = None,
                   lang: str = DEFAULT_LANG, debounce_s: float | None = None, preview: bool = False) -> Explorer:
    """Build the explorer; displaying the returned object shows it.

    Parameters
    ----------
    scenario
        Scenario file to start from (relative paths are tried from the
        working folder, then from the project folder; the baseline when None,
        :data:`model.explorer.state.DEFAULT_SCENARIO`).
    reference
        Scenario file to compare with (the baseline when None).
    lang
        ``"zh"`` or ``"en"``.
    debounce_s
        Seconds within which changes are computed once (default
        :data:`~model.explorer.app.DEFAULT_DEBOUNCE_S`).
    preview
        First display the headline as plain HTML (:mod:`model.explorer.preview`), which
        a page shows while the widgets and charts load (the explorer's notebook does).
    """
    if preview:
        from IPython.display import HTML, display

        from model.explorer.preview import preview_html
        display(HTML(preview_html(scenario, reference, lang)))
    from model.explorer.app import DEFAULT_DEBOUNCE_S, Explorer  # the widgets, on first use

    return Explorer(scenario, reference, lang, DEFAULT_DEBOUNCE_S if debounce_s is None else debounce_s)


def __getattr__(name: str) -> Any:
    """``Explorer`` and ``ExplorerState`` imported when first asked for."""
    if name == "Explorer":
        from model.explorer.app import Explorer
        return Explorer
    if name == "ExplorerState":
        from model.explorer.state import ExplorerState
        return ExplorerState
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The explorer's first sight: the headline of the loaded scenario as plain HTML.

A page of the explorer is a few hundred widgets and eight matplotlib figures;
in Voila, the browser shows them only once its JupyterLab front end has loaded
and fetched every widget's state (about 2.5 s on a busy 2-core machine even
for a one-line notebook, see ``benchmarks/explorer_startup.py``).  The headline
(:func:`model.explorer.tables.headline_html`: GDP growth, 6:70:24, industrial
growth, energy against the cap, stocking and acid, each with its status) needs
only the core model, so it is sent first as a plain HTML output:

* under Voila with the project's template (``share/jupyter/voila/templates/explorer``,
  what ``make app`` serves) the page puts it above the spinner as soon as its
  HTML arrives, before any JavaScript runs;
* in JupyterLab it is the cell's first output, while the widgets load.

It carries the class ``startup-preview`` (:data:`~model.explorer.style.PREVIEW_CLASS`,
which the Voila template looks for); the explorer's style sheet
(:data:`model.explorer.style.HIDE_PREVIEW`) hides it once the explorer is
drawn, so the page never shows two headlines.  Neither this module nor the
package's ``__init__`` imports matplotlib or the explorer's widgets.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from model.explorer.state import scenario_path
from model.explorer.style import CSS, PREVIEW_CLASS
from model.explorer.tables import headline_html
from model.provenance import PROJECT_ROOT
from model.runs.runner import run_scenarios
from model.scenarios import load_scenario
from model.text import DEFAULT_LANG, pick

__all__ = ["preview_html", "JUPYTER_DATA", "VOILA_TEMPLATE", "voila_command", "voila_env"]

#: The project's Jupyter data folder (for ``JUPYTER_PATH``): it holds the Voila template.
JUPYTER_DATA = PROJECT_ROOT / "share" / "jupyter"
#: The Voila template that shows the preview first (``voila/templates/explorer`` in :data:`JUPYTER_DATA`).
VOILA_TEMPLATE = "explorer"


def preview_html(scenario: str | Path | None = None, reference: str | Path | None = None,
                 lang: str = DEFAULT_LANG) -> str:
    """The headline of ``scenario`` against ``reference`` (both the baseline when None), with a
    line saying the rest of the explorer is on its way, as one HTML fragment."""
    current = load_scenario(scenario_path(scenario))
    headline = headline_html(run_scenarios([current]), run_scenarios([load_scenario(scenario_path(reference))]),
                             lang)
    waiting = pick(lang, f"〈{current.title(lang)}〉的核心指标；正在载入参数、图表和记分卡……",
                   f"Headline of “{current.title(lang)}”; loading the controls, charts and scorecard …")
    return (f'<div class="{PREVIEW_CLASS}"><style>{CSS}</style>{headline}'
            f'<div style="color:#666;font-size:12px">{waiting}</div></div>')



def voila_env(env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """``env`` with :data:`JUPYTER_DATA` first in ``JUPYTER_PATH``, so Voila finds the template."""
    paths = [str(JUPYTER_DATA), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {**env, "JUPYTER_PATH": os.pathsep.join(paths)}


def voila_command(notebook: str | Path, port: int, preheat: bool = True) -> list[str]:
    """Voila serving ``notebook`` as ``make app`` does (run it with :func:`voila_env`): on
    127.0.0.1, the explorer's template, no code cells, one preheated kernel kept ready."""
    return [str(Path(sys.executable).parent / "voila"), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
            f"--template={VOILA_TEMPLATE}", "--theme=light", "--strip_sources=True",
            f"--preheat_kernel={preheat}", str(notebook)]

"""notebooks/explorer.ipynb: thin, committed without outputs, and runs in the project's kernel.

(The reports engineer executes notebooks/report.ipynb in their own tests.)
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPLORER = ROOT / "notebooks" / "explorer.ipynb"
KERNEL = "urad-rear"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _ensure_kernel() -> None:
    """The project's kernel inside the venv (what `make kernel` does), installed when missing."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL not in KernelSpecManager().find_kernel_specs():
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", sys.prefix,
                        "--name", KERNEL, "--display-name", "Python (Urad Rear workbook)"],
                       check=True, capture_output=True)


def test_explorer_notebook_is_thin_and_committed_without_outputs():
    nb = nbformat.read(EXPLORER, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 1
    assert all(not c.outputs and c.execution_count is None for c in code)
    source = code[0].source
    assert "from model.explorer import build_explorer" in source
    # one call; no logic (definitions, loops, conditions) in the notebook
    assert source.count("build_explorer(") == 1
    for word in ("def ", "class ", "for ", "if ", "while ", "lambda"):
        assert word not in source
    prose = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "使用方法" in prose and "How to use" in prose


@pytest.mark.slow
def test_explorer_notebook_runs_in_the_project_kernel(monkeypatch):
    from nbclient import NotebookClient

    _ensure_kernel()
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # as `make lab` and `make app` set it
    nb = nbformat.read(EXPLORER, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=120,
                            resources={"metadata": {"path": str(EXPLORER.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    views = [o for o in outputs if o.output_type == "execute_result" and WIDGET_VIEW in o.data]
    assert len(views) == 1 and views[0].data[WIDGET_VIEW]["model_id"]
    # the widget state the kernel sent holds the explorer's title and the baseline, in Chinese
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    texts = " ".join(str(m.get("state", {}).get("value", "")) for m in state.get("state", {}).values())
    assert "乌拉特后旗" in texts and "基准情景" in texts

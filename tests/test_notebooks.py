"""The notebooks: thin, committed without outputs, and run in the project's kernel.

* ``notebooks/explorer.ipynb`` - the interactive explorer, one call;
* ``notebooks/01-first-scenario.ipynb`` ... ``04-final-evaluation.ipynb`` - the worked
  notebooks an economist starts from: Chinese text under English headings, cells that call
  the public API (``import model``) and nothing else, executed headless under papermill from
  the ``notebooks/`` folder, as a reader would run them.

(The reports engineer executes notebooks/report.ipynb in their own tests.)
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPLORER = ROOT / "notebooks" / "explorer.ipynb"
WORKED = sorted((ROOT / "notebooks").glob("0*.ipynb"))
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
def test_explorer_notebook_runs_in_the_project_kernel():
    from nbclient import NotebookClient

    _ensure_kernel()  # the kernel imports the installed package, whatever its folder
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


# --------------------------------------------------------------------------- the worked notebooks

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_there_are_four_worked_notebooks_in_reading_order():
    assert [p.name for p in WORKED] == ["01-first-scenario.ipynb", "02-compare-scenarios.ipynb",
                                        "03-uncertainty.ipynb", "04-final-evaluation.ipynb"]


@pytest.mark.parametrize("path", WORKED, ids=lambda p: p.stem)
def test_a_worked_notebook_is_thin_chinese_under_english_headings_and_without_outputs(path):
    import model.api

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
    for cell in code:
        tree = ast.parse(cell.source)
        # no logic: definitions, loops, conditions and comprehensions belong in the package
        banned = (ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.For, ast.While, ast.If, ast.IfExp,
                  ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp)
        assert not [n for n in ast.walk(tree) if isinstance(n, banned)], cell.source
        # the public API only: `import model` and names of model.api
        imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert all(isinstance(n, ast.Import) and [a.name for a in n.names] == ["model"] for n in imports), cell.source
        used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
                and isinstance(n.value, ast.Name) and n.value.id == "model"}
        assert used <= set(model.api.__all__), used - set(model.api.__all__)
    prose = [c.source for c in nb.cells if c.cell_type == "markdown"]
    headings = [line for text in prose for line in text.splitlines() if line.startswith("#")]
    assert headings and not [h for h in headings if CJK.search(h)], "headings are in English"
    body = "".join(line for text in prose for line in text.splitlines() if not line.startswith("#"))
    assert len(CJK.findall(body)) > 200, "the text is in Chinese"


@pytest.mark.slow
@pytest.mark.parametrize("path", WORKED, ids=lambda p: p.stem)
def test_a_worked_notebook_runs_headless_under_papermill_from_the_notebooks_folder(path, tmp_path):
    import papermill

    _ensure_kernel()
    nb = nbformat.read(path, as_version=4)
    parameters = next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    given = {"out_dir": str(tmp_path)} if "out_dir" in parameters else {}
    done = papermill.execute_notebook(str(path), str(tmp_path / path.name), parameters=given,
                                      kernel_name=KERNEL, cwd=str(path.parent), progress_bar=False)
    outputs = [o for c in done.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert images and tables, "the charts and tables are shown"
    if path.name.startswith("01"):
        saved = tmp_path / "late-smelters.yaml"
        assert saved.is_file() and "inherits:" in saved.read_text(encoding="utf-8")
    if path.name.startswith("02"):
        assert (tmp_path / "comparison.pdf").stat().st_size > 10_000

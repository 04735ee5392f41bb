"""The folder tree shows the layers: imports go downward only, no import circles, small files.

docs/architecture.md lists the layers; this test reads every module's imports (including
the lazy ones inside functions) with :mod:`ast` and checks them against that list.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "model"

#: Layer of each top folder or leaf module (lower numbers are lower layers).
LAYERS = {
    "errors": 0, "text": 0, "provenance": 0,
    "core": 1, "scenarios": 2, "runs": 3, "analysis": 3, "execution": 4,
    "reporting": 5, "explorer": 5, "workbook": 6, "api": 6, "cli": 7, "__init__": 8, "__main__": 8,
}
#: Folders of the same layer that still must not import each other.
APART = {("runs", "analysis"), ("reporting", "explorer")}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["model", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__" and len(parts) > 2:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Modules of the package that ``path`` imports (absolute imports; the code uses no relative ones)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("model"):
            found.add(node.module)
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    found.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("model")}
    return {m for m in found if m in MODULES}


def _group(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for module, path in MODULES.items():
        if module == "model":
            continue
        mine = _group(module)
        for imported in _imports(path):
            theirs = _group(imported)
            if imported == "model" or theirs == mine:
                continue
            if LAYERS[theirs] > LAYERS[mine] or (mine, theirs) in APART:
                upward.append(f"{module} -> {imported}")
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_domains_never_import_each_other():
    domains = {m for m in MODULES if m.startswith("model.core.domains.")}
    crossing = [f"{m} -> {i}" for m in domains for i in _imports(MODULES[m]) if i in domains]
    assert not crossing, crossing


def test_no_import_circle_between_files():
    graph = {m: {i for i in _imports(p) if i != m and i != "model"} for m, p in MODULES.items() if m != "model"}
    # Tarjan's strongly connected components: a component of more than one file is a circle.
    index, low, stack, on, circles = {}, {}, [], set(), []

    def visit(v, counter=[0]):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert not circles, circles


def test_at_most_six_modules_lie_directly_in_model():
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= 6, flat


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith("model.core.domains.")))
def test_no_file_over_600_lines_outside_the_domain_modules(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 600, f"{module}: {lines} lines"

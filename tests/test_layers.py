"""The package's layers, read from the source: every import (function-local ones included) goes to the same
layer or one below it, and no modules import each other in a circle. A new upward import or cycle fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# import name -> folder, as pyproject's package-dir maps them
FOLDERS = {"iku": ROOT / "pipeline", "iku.schemas": ROOT / "schemas", "iku.analysis": ROOT / "analysis"}
# lowest first; a module may import its own layer and those before it
LAYERS = ["iku.schemas", "iku.core", "iku.resources", "iku.stages", "iku.export", "iku.analysis",
          "iku.runtime", "iku.review"]
RANK = {name: i for i, name in enumerate(LAYERS)}
RANK["iku.review"] = RANK["iku.runtime"]  # the review app and the runtime sit side by side


def _modules() -> dict[str, Path]:
    out = {}
    for package, folder in FOLDERS.items():
        for f in folder.rglob("*.py"):
            rel = f.relative_to(folder).with_suffix("").parts
            if package == "iku" and rel[0] in ("schemas", "analysis"):
                continue
            parts = rel[:-1] if rel[-1] == "__init__" else rel
            out[".".join((package, *parts))] = f
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Project modules imported anywhere in the file (`from iku.x import y` counts iku.x.y when it is a module)."""
    found = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            found.add(mod)
            found |= {f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in MODULES}
    return {m for m in found if m in MODULES}


GRAPH = {name: _imports(name, path) - {name} for name, path in MODULES.items()}


def _layer(module: str) -> str | None:
    return max((layer for layer in LAYERS if module == layer or module.startswith(layer + ".")), key=len,
               default=None)


def test_every_module_is_in_a_layer() -> None:
    assert [m for m in MODULES if m != "iku" and _layer(m) is None] == []


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [f"{m} -> {dep}" for m, deps in GRAPH.items() if m != "iku" for dep in deps
              if dep == "iku" or RANK[_layer(dep)] > RANK[_layer(m)]]
    assert upward == []


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for dep in sorted(GRAPH[m]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*stack[stack.index(dep):], dep]))
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [m])
    assert cycles == []


@pytest.mark.parametrize("bad", ["from iku.runtime.batch import run_batch", "import iku.export.parquet"])
def test_the_check_sees_an_upward_import(bad: str, tmp_path: Path) -> None:
    """The checker itself: a stage importing the runtime or the export layer is reported."""
    f = tmp_path / "probe.py"
    f.write_text(f"def f():\n    {bad}\n")
    deps = _imports("iku.stages.probe", f)
    assert deps and all(RANK[_layer(d)] > RANK["iku.stages"] for d in deps)

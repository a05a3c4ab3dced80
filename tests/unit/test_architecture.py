"""The layer contract covers every module; no import cycles; no imports hidden in functions.

import-linter (``lint-imports``, run by ``.ci/run``) checks the layers themselves; these tests
check what it cannot: that the layers in ``pyproject.toml`` leave no module out, that the module
graph (every import, including ``TYPE_CHECKING`` ones) has no cycle, and that no module imports
from mockserver inside a function, where an import would hide the real dependency order.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mockserver"
# The pytest plugin is loaded by every pytest run of a project that installs buffer-mock: it
# imports the server only when a test asks for it, so unrelated test runs stay fast.
# Deliberately lazy: the plugin's parts load only in test sessions that use them; the command line
# imports the contract kit (HTTP client, reports) only for `contract`, so `serve` starts without it.
LAZY_IMPORTS_ALLOWED = {"mockserver.plugin.options", "mockserver.plugin.server", "mockserver.cli"}


def declared_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    layers_contract = next(c for c in contracts if c["type"] == "layers")
    modules: list[str] = []
    for layer in layers_contract["layers"]:
        separator = "|" if "|" in layer else ":"
        modules.extend(part.strip() for part in layer.split(separator))
    return modules


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_covered(module: str, layers: list[str]) -> bool:
    return any(module == layer or module.startswith(layer + ".") for layer in layers)


def imports_mockserver(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return bool(node.level) or (node.module or "").startswith("mockserver")
    return isinstance(node, ast.Import) and any(alias.name.startswith("mockserver") for alias in node.names)


def imports_nothing_from_the_package(path: Path) -> bool:
    return not any(imports_mockserver(node) for node in ast.walk(ast.parse(path.read_text())))


def test_every_module_belongs_to_a_declared_layer() -> None:
    layers = declared_layers()
    uncovered = [
        name
        for name, path in package_modules().items()
        # a package split across layers (e.g. mockserver.store) is only its empty __init__
        if not is_covered(name, layers)
        and not (path.name == "__init__.py" and imports_nothing_from_the_package(path))
    ]
    assert uncovered == [], f"add these modules to a layer in pyproject.toml: {uncovered}"


def test_every_declared_layer_exists() -> None:
    modules = package_modules()
    missing = [layer for layer in declared_layers() if layer not in modules]
    assert missing == []


def strongly_connected_components(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the graph is small, but recursion depth is no concern then)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.find_modules_directly_imported_by(successor)))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(name)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    cycles = [c for c in strongly_connected_components(graph) if len(c) > 1]
    assert cycles == [{"a.x", "a.y"}]


def test_no_import_cycle_between_modules() -> None:
    graph = grimp.build_graph("mockserver", include_external_packages=False)
    cycles = sorted(sorted(c) for c in strongly_connected_components(graph) if len(c) > 1)
    assert cycles == []


def function_level_imports(source: str) -> list[int]:
    """The line of every import of mockserver inside a function body."""
    lines: set[int] = set()  # a set: an import in a nested function is inside both functions
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines.update(inner.lineno for inner in ast.walk(node) if imports_mockserver(inner))
    return sorted(lines)


def test_the_function_import_finder_finds_imports_in_methods_and_async_functions() -> None:
    source = (
        "import mockserver.clock\n"
        "class C:\n    def m(self):\n        from mockserver import clock\n"
        "async def f():\n    import mockserver.errors\n"
        "def g():\n    import json\n"
    )
    assert function_level_imports(source) == [4, 6]


def test_no_module_imports_from_the_package_inside_a_function() -> None:
    hidden = [
        f"{name}:{line}"
        for name, path in package_modules().items()
        if name not in LAZY_IMPORTS_ALLOWED
        for line in function_level_imports(path.read_text())
    ]
    assert hidden == []


MAX_MODULE_LINES = 400


def test_no_module_of_the_package_is_over_400_lines() -> None:
    too_long = {
        name: lines
        for name, path in package_modules().items()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}, f"split these modules (lines): {too_long}"

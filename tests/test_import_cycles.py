"""No two modules of bot/, actions/ or connectors/ import each other, directly or round a loop.

Every import counts, including one deferred into a function body: a deferred import only hides a
cycle (the modules still cannot be understood, or moved, apart). Imports under
`if TYPE_CHECKING:` are left out, since they never run. A shared definition that two modules
need belongs in a leaf module both import (bot/storage/base.py, bot/console/common.py).

Reads the source with ast only, so nothing is imported and no model is needed (the fast lane).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterable, List, Set

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "actions", "connectors")

# Cycles that exist today and are still to be broken, each as the set of its modules. A new
# cycle fails the test; so does an entry here that is no longer a cycle (then delete it).
KNOWN_CYCLES: Set[frozenset] = set()


def module_files() -> Dict[str, Path]:
    modules: Dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _runtime_imports(tree: ast.AST) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement except those inside `if TYPE_CHECKING:` blocks."""
    skipped: Set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for child in node.body for inner in ast.walk(child))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped:
            yield node


def imports_of(name: str, path: Path, modules: Dict[str, Path]) -> Set[str]:
    """The project modules `name` imports (`from a import b` is a.b when that is a module, else a)."""
    found: Set[str] = set()
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
            continue
        if node.level:
            base = package[: len(package) - (node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        for alias in node.names:
            if f"{source}.{alias.name}" in modules:
                found.add(f"{source}.{alias.name}")
            elif source in modules:
                found.add(source)
    found.discard(name)
    return found


def cycles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[List[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def import_graph() -> Dict[str, Set[str]]:
    modules = module_files()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def describe(component: List[str], graph: Dict[str, Set[str]]) -> str:
    members = set(component)
    edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a] & members)]
    return f"{{{', '.join(component)}}}: " + "; ".join(edges)


def test_no_new_import_cycles():
    graph = import_graph()
    new = [c for c in cycles(graph) if frozenset(c) not in KNOWN_CYCLES]
    assert not new, "import cycles (move what both need into a leaf module):\n" + "\n".join(
        describe(c, graph) for c in new
    )


def test_known_cycles_are_still_cycles():
    current = {frozenset(c) for c in cycles(import_graph())}
    stale = [sorted(c) for c in KNOWN_CYCLES if c not in current]
    assert not stale, f"these cycles are broken now; delete them from KNOWN_CYCLES: {stale}"


def test_the_check_sees_a_cycle_and_a_deferred_import(tmp_path):
    """The checker itself: a loop through a function-level import is found, a TYPE_CHECKING one is not."""
    (tmp_path / "a.py").write_text("from pkg import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from pkg.a import x\n")
    (tmp_path / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n")
    modules = {f"pkg.{n}": tmp_path / f"{n}.py" for n in "abc"}
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    graph["pkg.a"].add("pkg.c")  # a -> c, but c's import of a is TYPE_CHECKING only
    assert cycles(graph) == [["pkg.a", "pkg.b"]]
    assert describe(["pkg.a", "pkg.b"], graph) == "{pkg.a, pkg.b}: pkg.a -> pkg.b; pkg.b -> pkg.a"

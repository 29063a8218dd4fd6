"""The tree is the product's table of contents, and dependencies point one way.

knowledge <- safety <- planning <- guide; charts and diary beside them (charts draw the
knowledge base and a plan's steps; the diary stores what happened); trial and clinic are
services over the diary; cli and web on top. The core imports no face, terminal, web or
database library, and no module imports another that (directly or not) imports it back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "acupressure"

# Which rooms each room may import (besides itself and the top-level `errors`).
ALLOWED: dict[str, set[str]] = {
    "knowledge": set(),
    "safety": {"knowledge"},
    "planning": {"knowledge", "safety"},
    "guide": {"knowledge", "safety", "planning"},
    "charts": {"knowledge", "safety", "planning"},
    "diary": {"knowledge", "safety", "planning"},
    "trial": {"knowledge", "safety", "planning", "diary"},
    "clinic": {"knowledge", "safety", "planning", "diary"},
    "cli": {"knowledge", "safety", "planning", "guide", "charts", "diary", "trial", "clinic"},
    "web": {"knowledge", "safety", "planning", "guide", "charts", "diary", "trial", "clinic"},
}
TOP_LEVEL_MODULES = {"__init__", "errors"}
FACE_LIBRARIES = {"typer", "rich", "fastapi", "starlette", "jinja2", "uvicorn"}
DATABASE_LIBRARIES = {"sqlalchemy", "alembic", "psycopg"}
DATABASE_ROOMS = {"diary", "trial", "clinic"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


OUR_MODULES = {module_name(path) for path in all_modules()}


def imported_modules(path: Path) -> set[str]:
    """Every module this file imports, at the top or inside a function.

    `from a.b import c` counts as importing a.b.c when that is a module of ours (a
    submodule), else as importing a.b.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in OUR_MODULES else node.module)
    return found


def room_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def test_the_top_of_the_package_holds_only_rooms() -> None:
    loose = {p.stem for p in PACKAGE.glob("*.py")} - TOP_LEVEL_MODULES
    assert not loose, f"modules outside a room: {sorted(loose)}"
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert rooms <= set(ALLOWED), f"rooms not in the dependency table: {rooms - set(ALLOWED)}"


@pytest.mark.parametrize("path", all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_one_way(path: Path) -> None:
    room = room_of(path)
    if room in TOP_LEVEL_MODULES:
        allowed: set[str] = set()
    else:
        allowed = ALLOWED[room] | {room}
    for module in imported_modules(path):
        parts = module.split(".")
        top = parts[0]
        if room not in {"cli", "web"}:
            assert top not in FACE_LIBRARIES, f"{path.name} imports {module}"
        if room not in DATABASE_ROOMS | {"cli", "web"}:
            assert top not in DATABASE_LIBRARIES, f"{path.name} imports {module}"
        if top != "acupressure" or len(parts) == 1:
            continue
        target = parts[1]
        if target in TOP_LEVEL_MODULES or target == "__version__":
            continue
        if room == "cli" and target == "web":
            assert path.name == "serve.py", f"{path.name} imports {module}: only serve starts web"
            continue
        assert target in allowed, f"{path.relative_to(PACKAGE)} ({room}) imports {module}"


def dependency_graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in all_modules()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for module in imported_modules(path):
            while module and module not in modules:
                module = module.rpartition(".")[0]
            if module and module != name and module != "acupressure":
                targets.add(module)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = [0]

    def visit(node: str) -> Iterator[list[str]]:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                yield from visit(target)
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
                yield sorted(component)

    for node in sorted(graph):
        if node not in index:
            yield from visit(node)


def test_no_module_imports_itself_back() -> None:
    found = list(cycles(dependency_graph()))
    assert not found, f"import circles: {found}"


def test_the_cycle_finder_finds_a_circle() -> None:
    assert list(cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})) == [["a", "b", "c"]]

"""Dependencies point inward: the core imports no face, no terminal, web or database library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "acupressure"
FACES = {"cli", "web"}
SERVICES = {"diary"}
FACE_LIBRARIES = {"typer", "rich", "fastapi", "starlette", "jinja2", "uvicorn"}
DATABASE_LIBRARIES = {"sqlalchemy", "alembic"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def core_modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: p.name)
def test_core_modules_import_no_face_and_no_database(path: Path) -> None:
    for module in imported_modules(path):
        top = module.split(".")[0]
        assert top not in FACE_LIBRARIES | DATABASE_LIBRARIES, f"{path.name} imports {module}"
        parts = module.split(".")
        if top == "acupressure" and len(parts) > 1:
            assert parts[1] not in FACES | SERVICES, f"{path.name} imports {module}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "diary").rglob("*.py")), ids=str)
def test_the_diary_imports_no_face(path: Path) -> None:
    for module in imported_modules(path):
        assert module.split(".")[0] not in FACE_LIBRARIES, f"{path.name} imports {module}"
        assert not module.startswith(("acupressure.cli", "acupressure.web")), module


def test_the_cli_and_web_do_not_import_each_other() -> None:
    for path in (PACKAGE / "cli").rglob("*.py"):
        assert not any(m.startswith("acupressure.web") for m in imported_modules(path)) or (
            path.name == "serve.py"
        ), path
    for path in (PACKAGE / "web").rglob("*.py"):
        assert not any(m.startswith("acupressure.cli") for m in imported_modules(path)), path

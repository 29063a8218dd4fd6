"""Fixtures shared by every test module: one catalogue per run, a fresh cache per test run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from acupressure.catalogue import Catalogue, load_catalogue
from acupressure.knowledge_cache import default_directory

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep caches and diaries of the test run out of the developer's home directory."""
    home = tmp_path_factory.mktemp("home")
    saved = {key: os.environ.get(key) for key in ("XDG_CACHE_HOME", "XDG_DATA_HOME")}
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The shipped knowledge base, loaded once for the whole run."""
    return load_catalogue()


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the knowledge files that a test may break."""
    target = tmp_path / "knowledge"
    target.mkdir()
    for source in default_directory().glob("*.yaml"):
        (target / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return target

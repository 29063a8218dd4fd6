"""Fixtures shared by every test module: one catalogue per run, a fresh cache per test run,
an empty diary database per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from acupressure.knowledge.cache import default_directory
from acupressure.knowledge.catalogue import Catalogue, load_catalogue

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Tests never assert wall-clock times, Hypothesis's 200 ms deadline per example included:
# on a loaded two-core machine a correct example can take longer.
settings.register_profile(
    "acupressure", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("acupressure")


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


def _throwaway_pg_database(prefix: str, kind: str) -> Iterator[str]:
    """A new database on the test server (its superuser URL), dropped afterwards; skips
    when ACUPRESSURE_TEST_PG names no server."""
    server = os.environ.get("ACUPRESSURE_TEST_PG")
    if not server:
        pytest.skip(f"{kind}: set ACUPRESSURE_TEST_PG to a server URL (make test-pg)")
    url = make_url(server).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database that no other test sees."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'diary.sqlite3'}"
        return
    yield from _throwaway_pg_database("diary_test", "PostgreSQL variant")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def clinic_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty clinic database no other test sees; on PostgreSQL it belongs to a fresh
    plain role (no SUPERUSER, no BYPASSRLS) and the URL connects as that role, as a clinic
    deployment does, so row-level security binds every query of the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
        return
    server = os.environ.get("ACUPRESSURE_TEST_PG")
    if not server:
        pytest.skip("PostgreSQL variant: set ACUPRESSURE_TEST_PG to a server URL (make test-pg)")
    url = make_url(server).set(drivername="postgresql+psycopg")
    suffix = uuid.uuid4().hex[:12]
    role, name = f"clinic_app_{suffix}", f"clinic_test_{suffix}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(
            f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{suffix}' NOSUPERUSER NOBYPASSRLS"
        )
        connection.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER "{role}"')
    app_url = url.set(database=name, username=role, password=suffix)
    yield app_url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'DROP ROLE "{role}"')
    admin.dispose()


@pytest.fixture()
def pg_admin_url() -> Iterator[str]:
    """A fresh database on the test server, reached as the superuser (for tests that prove
    clinic mode refuses such a connection)."""
    yield from _throwaway_pg_database("clinic_admin", "PostgreSQL only")

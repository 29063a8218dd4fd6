"""The clinic tables' own migrations: empty database to head, no difference left for
autogenerate, a second start harmless, and on PostgreSQL a role that row-level security
does not bind is refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect

from acupressure.clinic import Accounts, UnsafeDatabaseRole, open_clinic
from acupressure.clinic.database import VERSION_TABLE, alembic_config, clinic_tables_only
from acupressure.clinic.tables import ClinicBase


@pytest.fixture
def engine(clinic_db_url: str) -> Iterator[Engine]:
    engine = open_clinic(clinic_db_url)
    yield engine
    engine.dispose()


def test_migrations_take_an_empty_database_to_head(engine: Engine) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert context.get_current_revision() == head == "0001_clinic_accounts"
        tables = set(inspect(connection).get_table_names())
    assert {"clinic_account", "clinic_token", "clinic_login_failure", "diary_session"} <= tables


def test_autogenerate_finds_no_difference_after_upgrade(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_name": clinic_tables_only},
        )
        assert compare_metadata(context, ClinicBase.metadata) == []


def test_starting_twice_is_harmless(clinic_db_url: str, engine: Engine) -> None:
    Accounts(engine).add(email="pat@clinic.example", role="practitioner", password="x" * 12)
    again = open_clinic(clinic_db_url)
    try:
        assert [a.email for a in Accounts(again).all()] == ["pat@clinic.example"]
    finally:
        again.dispose()


@pytest.mark.postgres
def test_a_superuser_connection_is_refused(pg_admin_url: str) -> None:
    with pytest.raises(UnsafeDatabaseRole, match="row-level security"):
        open_clinic(pg_admin_url)
    probe = create_engine(pg_admin_url)
    try:  # refused before anything was written
        assert inspect(probe).get_table_names() == []
    finally:
        probe.dispose()

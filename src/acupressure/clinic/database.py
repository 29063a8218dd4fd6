"""The clinic's database: the diary's engine, with the clinic tables migrated beside it.

On PostgreSQL clinic mode insists on connecting as a role that row-level security binds
(no SUPERUSER, no BYPASSRLS): with such a role a query that forgot its owner filter still
cannot read another person's diary. SQLite (for trying clinic mode out) has no such guard;
there the store's scoping is the only one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from acupressure.diary.store import DiaryError, make_engine, schema_is_current
from acupressure.diary.store import upgrade as upgrade_diary

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 0x61637563  # "acuc": one clinic upgrade at a time per server
VERSION_TABLE = "alembic_version_clinic"  # apart from the diary's alembic_version


def clinic_tables_only(name: str | None, kind: str, _parent: object) -> bool:
    """Autogenerate compares only the clinic's tables: the diary's have their own history."""
    return kind != "table" or (name or "").startswith("clinic_")


class UnsafeDatabaseRole(DiaryError):
    """Clinic mode on PostgreSQL connected as a role that row-level security does not bind."""


def alembic_config(connection: Connection | None = None) -> Any:
    """An in-memory Alembic configuration for the clinic tables' migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the clinic tables to head in one transaction that serialises concurrent starts."""
    from alembic import command

    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        command.upgrade(alembic_config(connection), "head")


def check_role(engine: Engine) -> None:
    """Refuse a PostgreSQL role that bypasses row-level security."""
    if engine.dialect.name != "postgresql":
        return
    query = text(
        "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    )
    with engine.connect() as connection:
        user, superuser, bypass = connection.execute(query).one()
    if superuser or bypass:
        raise UnsafeDatabaseRole(
            f"clinic mode connects to PostgreSQL as {user!r}, a role that row-level security "
            "does not bind (SUPERUSER or BYPASSRLS): create a plain role that owns the "
            "database and put it in ACUPRESSURE_DB (see the README, For a clinic)"
        )


def shared_secret(engine: Engine, name: str = "form_secret") -> str:
    """A random secret made once and kept in the database, the same for every worker
    (a per-process secret would make a form from one worker fail on another)."""
    import secrets

    from sqlalchemy.exc import IntegrityError

    from acupressure.clinic.tables import SettingRow

    query = select(SettingRow.value).where(SettingRow.name == name)
    with engine.begin() as connection:
        found = connection.execute(query).scalar()
    if found:
        return found
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(SettingRow).values(name=name, value=secrets.token_urlsafe(32))
            )
    except IntegrityError:
        pass  # another worker made it first: use theirs
    with engine.begin() as connection:
        return str(connection.execute(query).scalar_one())


def open_clinic(
    url: str | None = None, *, check: bool = True, busy_timeout_ms: int | None = None
) -> Engine:
    """An engine for a clinic database, diary and clinic tables both at head."""
    engine = make_engine(url, migrate=False, busy_timeout_ms=busy_timeout_ms)
    try:
        if check:  # before anything is written
            check_role(engine)
        if not schema_is_current(engine):
            upgrade_diary(engine)
        upgrade(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise DiaryError(f"cannot open the clinic database: {error}") from error
    except DiaryError:
        engine.dispose()
        raise
    return engine


__all__ = [
    "VERSION_TABLE",
    "UnsafeDatabaseRole",
    "alembic_config",
    "check_role",
    "open_clinic",
    "shared_secret",
    "upgrade",
]

"""Where diary entries live: engine set-up, migrations when behind, one repository.

Every write is one transaction. On SQLite the file runs in WAL mode with a busy timeout,
and write transactions start with BEGIN IMMEDIATE so two processes writing at once queue
up instead of failing; reads begin a plain (deferred) transaction and never take the write
lock. Start-up asks the schema version with one query and only imports Alembic when the
database is behind; the upgrade runs inside an IMMEDIATE transaction (or under an advisory
lock on PostgreSQL), so two first starts cannot race each other. SQLAlchemy Core, not the
ORM: the ORM's import alone cost more than a whole `diary add` should.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter
from sqlalchemy import Connection, Engine, create_engine, event, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from acupressure.diary.entries import CONTENT_UID_PREFIX, CheckIn, SessionEntry, utc
from acupressure.diary.tables import checkins as checkin_table
from acupressure.diary.tables import sessions as session_table
from acupressure.errors import AcupressureError, BadInput

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest Alembic revision in migrations/versions/. Adding a migration? Set this to its
# revision id: start-up compares the database's version with it and migrates when they
# differ (tests/test_diary_store.py checks it against Alembic's own head).
SCHEMA_HEAD = "0002_entry_history"
BUSY_TIMEOUT_MS = 30_000
_PG_MIGRATION_LOCK = 0x61637570  # "acup": one upgrade at a time per server
_READ_ONLY = "acupressure_read_only"  # execution option: begin without the write lock


class DiaryError(AcupressureError):
    """The database could not be opened or written (exit 1: not the user's input)."""


def default_url() -> str:
    """ACUPRESSURE_DB, else a SQLite file in the user's data directory (created here)."""
    configured = os.environ.get("ACUPRESSURE_DB")
    if configured:
        return configured
    from platformdirs import user_data_dir

    directory = Path(user_data_dir("acupressure"))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'diary.sqlite3'}"


def make_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine for the diary at `url`, with the schema upgraded to the newest revision."""
    raw = url or default_url()
    try:
        parsed = make_url(raw)
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed)
    except (ArgumentError, ImportError, ValueError) as error:
        raise BadInput(f"cannot use database URL {raw!r}: {error}") from error
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    if migrate and not schema_is_current(engine):
        try:
            upgrade(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            raise DiaryError(f"cannot open the diary at {raw!r}: {error}") from error
    return engine


def _tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, and write transactions that take the write lock up front."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection in a read-only transaction: on SQLite it never takes the write lock."""
    with engine.connect() as connection:
        connection.execution_options(**{_READ_ONLY: True})
        with connection.begin():
            yield connection


def schema_is_current(engine: Engine) -> bool:
    """Whether the database already stands at SCHEMA_HEAD: one query, no Alembic import.

    A database without the version table, one behind, or one the query cannot reach answers
    False; `upgrade` then does the real work (or reports why it cannot).
    """
    try:
        with reading(engine) as connection:
            found = set(
                connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
            )
    except SQLAlchemyError:
        return False
    return found == {SCHEMA_HEAD}


def alembic_config(connection: Connection | None = None) -> Any:
    """An in-memory Alembic configuration pointing at the migrations in this package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to head inside one transaction that serialises concurrent starts."""
    from alembic import command

    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        command.upgrade(alembic_config(connection), "head")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: how many entries were new, how many check-ins replaced the one
    already stored for their week, and how many were already there."""

    added_sessions: int
    added_checkins: int
    skipped_duplicates: int
    replaced_checkins: int = 0


def _naive_utc(value: datetime) -> datetime:
    return utc(value).replace(tzinfo=None)


def _aware(value: datetime) -> datetime:
    """A stored (naive UTC) time as an aware datetime."""
    return value.replace(tzinfo=UTC)


def _session_values(entry: SessionEntry) -> dict[str, Any]:
    """The row for one session (without its id, which the database assigns)."""
    return {
        "uid": entry.uid,
        "started_at": _naive_utc(entry.started_at),
        "ended_at": None if entry.ended_at is None else _naive_utc(entry.ended_at),
        "routine": entry.routine,
        "steps_planned": entry.steps_planned,
        "steps_completed": entry.steps_completed,
        "pain_before": entry.pain_before,
        "pain_after": entry.pain_after,
        "side_effects": " ".join(entry.side_effects),
        "note": entry.note,
        "origin": entry.origin,
    }


def _session_data(row: Any) -> dict[str, Any]:
    """A stored session row (a mapping of column to value) as SessionEntry input."""
    data = dict(row)
    data["started_at"] = _aware(data["started_at"])
    if data["ended_at"] is not None:
        data["ended_at"] = _aware(data["ended_at"])
    data["side_effects"] = data["side_effects"].split()
    return data


_SESSIONS = TypeAdapter(list[SessionEntry])


def _checkin_values(checkin: CheckIn) -> dict[str, Any]:
    return {
        "uid": checkin.uid,
        "week_of": checkin.week_of,
        "average_pain": checkin.average_pain,
        "interference": checkin.interference,
        "note": checkin.note,
    }


def _checkin(row: Any) -> CheckIn:
    return CheckIn(**row._mapping)


class DiaryStore:
    """The diary's repository: domain models in, domain models out."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction (SQLite: BEGIN IMMEDIATE)."""
        with self._errors(), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """One read-only transaction (SQLite: a plain BEGIN, no write lock)."""
        with self._errors(), reading(self.engine) as connection:
            yield connection

    @staticmethod
    @contextmanager
    def _errors() -> Iterator[None]:
        try:
            yield
        except IntegrityError as error:
            raise BadInput(f"the diary refused the entry: {error.orig}") from error
        except SQLAlchemyError as error:
            raise DiaryError(f"the diary could not be written: {error}") from error

    def add_session(self, *, entry: SessionEntry) -> SessionEntry:
        """Record one session; its uid must be new."""
        values = _session_values(entry)
        with self._transaction() as connection:
            if _existing(connection, session_table.c.uid, [entry.uid]):
                raise BadInput(f"a session with uid {entry.uid!r} is already in the diary")
            result = connection.execute(insert(session_table).values(values))
            (row_id,) = result.inserted_primary_key or (None,)
        return SessionEntry.model_validate(_session_data({"id": row_id, **values}))

    def add_checkin(self, *, checkin: CheckIn) -> CheckIn:
        """Record one weekly check-in; its uid must be new.

        One check-in per week: a second one for the same week_of replaces the first one's
        answers (keeping its id and uid), so a correction is simply another check-in.
        """
        with self._transaction() as connection:
            if _existing(connection, checkin_table.c.uid, [checkin.uid]):
                raise BadInput(f"a check-in with uid {checkin.uid!r} is already in the diary")
            row = _checkins_for(connection, [checkin.week_of]).get(checkin.week_of)
            if row is None:
                values = _checkin_values(checkin)
                result = connection.execute(insert(checkin_table).values(values))
                (row_id,) = result.inserted_primary_key or (None,)
                return CheckIn(id=row_id, **values)
            _answer(connection, row.id, checkin)
            return row.model_copy(update=_answer_values(checkin))

    def list_sessions(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> list[SessionEntry]:
        """Sessions in time order, optionally within [since, until)."""
        query = select(session_table).order_by(session_table.c.started_at, session_table.c.id)
        if since is not None:
            query = query.where(session_table.c.started_at >= _naive_utc(since))
        if until is not None:
            query = query.where(session_table.c.started_at < _naive_utc(until))
        with self._reading() as connection:
            rows = connection.execute(query).all()
        # one validation call for the whole list: ten years of entries in a blink
        return _SESSIONS.validate_python([_session_data(row._mapping) for row in rows])

    def list_checkins(self, *, since: date | None = None) -> list[CheckIn]:
        """Weekly check-ins in date order."""
        query = select(checkin_table).order_by(checkin_table.c.week_of, checkin_table.c.id)
        if since is not None:
            query = query.where(checkin_table.c.week_of >= since)
        with self._reading() as connection:
            return [_checkin(row) for row in connection.execute(query)]

    def import_entries(
        self, *, sessions: Sequence[SessionEntry], checkins: Sequence[CheckIn]
    ) -> ImportResult:
        """Add everything not yet present in one transaction: all or nothing.

        A session is present when its uid is stored; one that came without a uid (its uid
        made from its content) also when a stored session has the same start, pains and
        note, so a file stripped of its uids adds nothing to the diary it came from.
        """
        with self._transaction() as connection:
            known_sessions = _existing(connection, session_table.c.uid, (e.uid for e in sessions))
            unnamed = [e for e in sessions if e.uid.startswith(CONTENT_UID_PREFIX)]
            known_sessions |= _same_content(connection, unnamed)
            known_checkins = _existing(connection, checkin_table.c.uid, (c.uid for c in checkins))
            new_sessions = _first_of_each(sessions, known_sessions)
            new_checkins = _first_of_each(checkins, known_checkins)
            for start in range(0, len(new_sessions), 1000):
                batch = new_sessions[start : start + 1000]
                connection.execute(insert(session_table), [_session_values(e) for e in batch])
            weeks = _checkins_for(connection, {c.week_of for c in new_checkins})
            added = replaced = 0
            for checkin in new_checkins:  # one per week, as add_checkin: the later one wins
                row = weeks.get(checkin.week_of)
                if row is None:
                    values = _checkin_values(checkin)
                    result = connection.execute(insert(checkin_table).values(values))
                    (row_id,) = result.inserted_primary_key or (None,)
                    weeks[checkin.week_of] = CheckIn(id=row_id, **values)
                    added += 1
                elif _answers(row) != _answers(checkin):
                    _answer(connection, row.id, checkin)
                    weeks[checkin.week_of] = row.model_copy(update=_answer_values(checkin))
                    replaced += 1
            skipped = len(sessions) + len(checkins) - len(new_sessions) - added - replaced
            return ImportResult(len(new_sessions), added, skipped, replaced)


def _content(started: datetime, entry: Any) -> tuple[Any, ...]:
    return started, entry.pain_before, entry.pain_after, entry.note


def _same_content(connection: Connection, entries: Sequence[SessionEntry]) -> set[str]:
    """The uids of `entries` whose content (start, pains, note) a stored session already has."""
    wanted: dict[tuple[Any, ...], list[str]] = {}
    for entry in entries:
        wanted.setdefault(_content(_naive_utc(entry.started_at), entry), []).append(entry.uid)
    starts = sorted({key[0] for key in wanted})
    found: set[str] = set()
    table = session_table.c
    for start in range(0, len(starts), 500):
        chunk = starts[start : start + 500]
        query = select(table.started_at, table.pain_before, table.pain_after, table.note)
        for row in connection.execute(query.where(table.started_at.in_(chunk))):
            found.update(wanted.get(_content(row.started_at, row), ()))
    return found


def _checkins_for(connection: Connection, weeks: Iterable[date]) -> dict[date, CheckIn]:
    """The stored check-in of each of `weeks` that has one (the oldest, should a diary
    from before the one-per-week rule hold two)."""
    wanted = sorted(set(weeks))
    found: dict[date, CheckIn] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = (
            select(checkin_table)
            .where(checkin_table.c.week_of.in_(chunk))
            .order_by(checkin_table.c.id)
        )
        for row in connection.execute(query):
            checkin = _checkin(row)
            found.setdefault(checkin.week_of, checkin)
    return found


def _answers(checkin: CheckIn) -> tuple[int, int, str]:
    return checkin.average_pain, checkin.interference, checkin.note


def _answer_values(checkin: CheckIn) -> dict[str, Any]:
    return {
        "average_pain": checkin.average_pain,
        "interference": checkin.interference,
        "note": checkin.note,
    }


def _answer(connection: Connection, row_id: int | None, checkin: CheckIn) -> None:
    """Replace a stored check-in's answers with a newer one's for the same week."""
    connection.execute(
        update(checkin_table).where(checkin_table.c.id == row_id).values(_answer_values(checkin))
    )


def _existing(connection: Connection, column: Any, uids: Iterable[str]) -> set[str]:
    """The uids among `uids` already stored, asked in chunks to respect parameter limits."""
    wanted = sorted(set(uids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(connection.execute(select(column).where(column.in_(chunk))).scalars())
    return found


_Entry = TypeVar("_Entry", SessionEntry, CheckIn)


def _first_of_each(items: Sequence[_Entry], known: set[str]) -> list[_Entry]:
    seen = set(known)
    fresh = []
    for item in items:
        if item.uid not in seen:
            seen.add(item.uid)
            fresh.append(item)
    return fresh


__all__ = [
    "SCHEMA_HEAD",
    "DiaryError",
    "DiaryStore",
    "ImportResult",
    "default_url",
    "make_engine",
    "reading",
    "schema_is_current",
    "upgrade",
]

"""Where diary entries live: engine set-up, migrations on start, one repository.

Every write is one transaction. On SQLite the file runs in WAL mode with a busy timeout,
and transactions start with BEGIN IMMEDIATE so two processes writing at once queue up
instead of failing; the schema upgrade runs inside such a transaction (or under an
advisory lock on PostgreSQL), so two first starts cannot race each other.
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
from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from acupressure.diary.entries import CheckIn, SessionEntry, utc
from acupressure.diary.tables import CheckInRow, SessionRow
from acupressure.errors import AcupressureError, BadInput

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
_PG_MIGRATION_LOCK = 0x61637570  # "acup": one upgrade at a time per server


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
    if migrate:
        try:
            upgrade(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            raise DiaryError(f"cannot open the diary at {raw!r}: {error}") from error
    return engine


def _tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, and transactions that take the write lock up front."""

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
        connection.exec_driver_sql("BEGIN IMMEDIATE")


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


def _session_row(entry: SessionEntry) -> SessionRow:
    return SessionRow(
        uid=entry.uid,
        started_at=_naive_utc(entry.started_at),
        ended_at=None if entry.ended_at is None else _naive_utc(entry.ended_at),
        routine=entry.routine,
        steps_planned=entry.steps_planned,
        steps_completed=entry.steps_completed,
        pain_before=entry.pain_before,
        pain_after=entry.pain_after,
        side_effects=" ".join(entry.side_effects),
        note=entry.note,
        origin=entry.origin,
    )


_SESSION_COLUMNS = (
    "id", "uid", "started_at", "ended_at", "routine", "steps_planned", "steps_completed",
    "pain_before", "pain_after", "side_effects", "note", "origin",
)  # fmt: skip


def _session_data(row: Any) -> dict[str, Any]:
    data = dict(zip(_SESSION_COLUMNS, row, strict=True))
    data["started_at"] = _aware(data["started_at"])
    if data["ended_at"] is not None:
        data["ended_at"] = _aware(data["ended_at"])
    data["side_effects"] = data["side_effects"].split()
    return data


_SESSIONS = TypeAdapter(list[SessionEntry])


def _checkin_row(checkin: CheckIn) -> CheckInRow:
    return CheckInRow(
        uid=checkin.uid,
        week_of=checkin.week_of,
        average_pain=checkin.average_pain,
        interference=checkin.interference,
        note=checkin.note,
    )


def _checkin(row: CheckInRow) -> CheckIn:
    return CheckIn(
        id=row.id,
        uid=row.uid,
        week_of=row.week_of,
        average_pain=row.average_pain,
        interference=row.interference,
        note=row.note,
    )


class DiaryStore:
    """The diary's repository: domain models in, domain models out."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except IntegrityError as error:
            raise BadInput(f"the diary refused the entry: {error.orig}") from error
        except SQLAlchemyError as error:
            raise DiaryError(f"the diary could not be written: {error}") from error

    def add_session(self, *, entry: SessionEntry) -> SessionEntry:
        """Record one session; its uid must be new."""
        with self._transaction() as session:
            row = _session_row(entry)
            _insert_new(session, row, "a session")
            stored = [getattr(row, name) for name in _SESSION_COLUMNS]
            return SessionEntry.model_validate(_session_data(stored))

    def add_checkin(self, *, checkin: CheckIn) -> CheckIn:
        """Record one weekly check-in; its uid must be new.

        One check-in per week: a second one for the same week_of replaces the first one's
        answers (keeping its id and uid), so a correction is simply another check-in.
        """
        with self._transaction() as session:
            if _existing(session, CheckInRow.uid, [checkin.uid]):
                raise BadInput(f"a check-in with uid {checkin.uid!r} is already in the diary")
            row = _checkins_for(session, [checkin.week_of]).get(checkin.week_of)
            if row is None:
                row = _checkin_row(checkin)
                session.add(row)
            else:
                _answer(row, checkin)
            session.flush()
            return _checkin(row)

    def list_sessions(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> list[SessionEntry]:
        """Sessions in time order, optionally within [since, until)."""
        query = select(*SessionRow.__table__.columns).order_by(SessionRow.started_at, SessionRow.id)
        if since is not None:
            query = query.where(SessionRow.started_at >= _naive_utc(since))
        if until is not None:
            query = query.where(SessionRow.started_at < _naive_utc(until))
        with self._transaction() as session:
            # one validation call for the whole list: ten years of entries in a blink
            return _SESSIONS.validate_python([_session_data(row) for row in session.execute(query)])

    def list_checkins(self, *, since: date | None = None) -> list[CheckIn]:
        """Weekly check-ins in date order."""
        query = select(CheckInRow).order_by(CheckInRow.week_of, CheckInRow.id)
        if since is not None:
            query = query.where(CheckInRow.week_of >= since)
        with self._transaction() as session:
            return [_checkin(row) for row in session.scalars(query)]

    def import_entries(
        self, *, sessions: Sequence[SessionEntry], checkins: Sequence[CheckIn]
    ) -> ImportResult:
        """Add everything not yet present (by uid) in one transaction: all or nothing."""
        with self._transaction() as session:
            known_sessions = _existing(session, SessionRow.uid, (e.uid for e in sessions))
            known_checkins = _existing(session, CheckInRow.uid, (c.uid for c in checkins))
            new_sessions = _first_of_each(sessions, known_sessions)
            new_checkins = _first_of_each(checkins, known_checkins)
            session.add_all(_session_row(entry) for entry in new_sessions)
            weeks = _checkins_for(session, {c.week_of for c in new_checkins})
            added = replaced = 0
            for checkin in new_checkins:  # one per week, as add_checkin: the later one wins
                row = weeks.get(checkin.week_of)
                if row is None:
                    weeks[checkin.week_of] = row = _checkin_row(checkin)
                    session.add(row)
                    added += 1
                elif _answers(row) != _answers(checkin):
                    _answer(row, checkin)
                    replaced += 1
            skipped = len(sessions) + len(checkins) - len(new_sessions) - added - replaced
            return ImportResult(len(new_sessions), added, skipped, replaced)


def _insert_new(session: Session, row: SessionRow | CheckInRow, what: str) -> None:
    """Add one entry whose uid must be new; flushed, so the row has its id."""
    if _existing(session, type(row).uid, [row.uid]):
        raise BadInput(f"{what} with uid {row.uid!r} is already in the diary")
    session.add(row)
    session.flush()


def _checkins_for(session: Session, weeks: Iterable[date]) -> dict[date, CheckInRow]:
    """The stored check-in of each of `weeks` that has one (the oldest, should a diary
    from before the one-per-week rule hold two)."""
    wanted = sorted(set(weeks))
    found: dict[date, CheckInRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = select(CheckInRow).where(CheckInRow.week_of.in_(chunk)).order_by(CheckInRow.id)
        for row in session.scalars(query):
            found.setdefault(row.week_of, row)
    return found


def _answers(checkin: CheckIn | CheckInRow) -> tuple[int, int, str]:
    return checkin.average_pain, checkin.interference, checkin.note


def _answer(row: CheckInRow, checkin: CheckIn) -> None:
    """Replace a stored check-in's answers with a newer one's for the same week."""
    row.average_pain, row.interference, row.note = _answers(checkin)


def _existing(session: Session, column: Any, uids: Iterable[str]) -> set[str]:
    """The uids among `uids` already stored, asked in chunks to respect parameter limits."""
    wanted = sorted(set(uids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(session.scalars(select(column).where(column.in_(chunk))))
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


__all__ = ["DiaryError", "DiaryStore", "ImportResult", "default_url", "make_engine", "upgrade"]

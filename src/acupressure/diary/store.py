"""Where diary entries live: engine set-up, migrations when behind, one repository.

Every write is one transaction. On SQLite the file runs in WAL mode with a busy timeout,
and write transactions start with BEGIN IMMEDIATE so two processes writing at once queue
up instead of failing; reads begin a plain (deferred) transaction and never take the write
lock. Start-up asks the schema version with one query and only imports Alembic when the
database is behind; the upgrade runs inside an IMMEDIATE transaction (or under an advisory
lock on PostgreSQL), so two first starts cannot race each other. SQLAlchemy Core, not the
ORM: the ORM's import alone cost more than a whole `diary add` should.

A writer waits at most BUSY_TIMEOUT_MS for another one, then "the diary is busy". A diary
file is created 0600 (SQLite gives its -wal and -shm files the same mode) and the default
folder 0700: it is health data. A diary this user cannot write (a read-only folder) opens
read-only, so it can still be read. Database errors are logged in full; the message shown
says what happened in plain words, never the SQL, its parameters (the person's notes) or a
URL's password.

Whose diary: a store is opened for one owner (LOCAL_OWNER in the single-user app, an
account's owner id in clinic mode). `OwnerScope` is the one place that builds the store's
statements, and every one it builds is confined to that owner: selects, updates and
deletes filter by it, inserts write it. On PostgreSQL each transaction also sets
`app.owner`, which the tables' forced row-level security checks, so a statement built
anywhere else still sees and writes nothing of anyone else's.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter
from sqlalchemy import (
    ColumnElement,
    Connection,
    Delete,
    Engine,
    Insert,
    Select,
    Table,
    Update,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from acupressure.diary.entries import (
    CONTENT_UID_PREFIX,
    STORED,
    CheckIn,
    SessionEntry,
)
from acupressure.diary.errors import DiaryBusy, DiaryError, NewerDiary
from acupressure.diary.location import (
    BUSY_TIMEOUT_MS,
    LOCAL_OWNER,
    SCHEMA_HEAD,
    VERSION_QUERY,
    default_url,
)
from acupressure.diary.rows import checkin_values as _checkin_values
from acupressure.diary.rows import naive_utc as _naive_utc
from acupressure.diary.rows import session_data as _session_data
from acupressure.diary.rows import session_values as _session_values
from acupressure.diary.rows import stored_session
from acupressure.diary.tables import OWNED
from acupressure.diary.tables import checkins as checkin_table
from acupressure.diary.tables import revisions as revision_table
from acupressure.diary.tables import sessions as session_table
from acupressure.errors import AcupressureError, BadInput

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 0x61637570  # "acup": one upgrade at a time per server
_READ_ONLY = "acupressure_read_only"  # execution option: begin without the write lock
log = logging.getLogger(__name__)
# Details of failures (a database's SQL and parameters) are logged, never shown; nothing is
# printed unless a face sets up a handler (the server's console, ACUPRESSURE_DEBUG=1). Set
# here, where the logging is, so commands that never open the diary skip importing logging.
logging.getLogger("acupressure").addHandler(logging.NullHandler())


def shown(url: str | URL) -> str:
    """A database URL fit for a message: the password masked, or nothing if unparseable."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(the database URL given)"


def make_engine(
    url: str | None = None, *, migrate: bool = True, busy_timeout_ms: int | None = None
) -> Engine:
    """An engine for the diary at `url`, with the schema upgraded to the newest revision."""
    raw = url or default_url()
    try:
        parsed = make_url(raw)
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        read_only = parsed.get_backend_name() == "sqlite" and _prepare_sqlite_file(parsed)
        if read_only:
            parsed = _read_only(parsed)
        engine = create_engine(parsed)
    except (ArgumentError, ImportError, ValueError) as error:
        log.warning("cannot use database URL %s: %s", shown(raw), error)
        raise BadInput(
            f"cannot use database URL {shown(raw)}: expected something like "
            "sqlite:///path/to/diary.sqlite3 or postgresql://user@host/database"
        ) from error
    if engine.dialect.name == "sqlite":
        timeout = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        _tune_sqlite(engine, busy_timeout_ms=timeout, read_only=read_only)
    if migrate and not schema_is_current(engine):
        try:
            upgrade(engine)
        except (SQLAlchemyError, AcupressureError) as error:
            engine.dispose()
            if isinstance(error, AcupressureError):
                raise
            raise _plain(error, f"cannot open the diary at {shown(raw)}") from error
    return engine


def _prepare_sqlite_file(url: URL) -> bool:
    """Create a new diary file 0600 (SQLite gives its -wal and -shm files the same mode);
    True when the file exists but this user cannot write it or its folder (read-only)."""
    name = url.database or ""
    if not name or name == ":memory:" or name.startswith("file:") or url.query.get("mode"):
        return False
    path = Path(name)
    if path.exists():
        return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        raise DiaryError(f"cannot create the diary file {path}: {error.strerror}") from error
    return False


def _read_only(url: URL) -> URL:
    """Open a diary SQLite cannot write as an unchanging file: a WAL-mode database in a
    read-only folder cannot otherwise be read, as its shared-memory file cannot be made."""
    from urllib.parse import quote

    path = Path(url.database or "").resolve()
    query = {"mode": "ro", "immutable": "1", "uri": "true"}
    return url.set(database=f"file:{quote(str(path))}", query=query)


def _tune_sqlite(engine: Engine, *, busy_timeout_ms: int, read_only: bool) -> None:
    """WAL, a bounded busy timeout, and write transactions that take the write lock up
    front (reads begin deferred: see `reading`)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _plain(error: SQLAlchemyError, doing: str) -> DiaryError:
    """The database's own message (SQL, parameters) goes to the log, a plain one to people."""
    log.error("%s", doing, exc_info=error)
    if _busy(error):
        return DiaryBusy()
    if _read_only_file(error):
        return DiaryError(f"{doing}: the diary is read-only here, so nothing can be saved")
    return DiaryError(
        f"{doing}: the database reported an error (its details are logged; "
        "ACUPRESSURE_DEBUG=1 shows them)"
    )


def _busy(error: SQLAlchemyError) -> bool:
    orig = getattr(error, "orig", None)
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(orig)
    return type(orig).__name__ in ("LockNotAvailable", "QueryCanceled")


def _read_only_file(error: SQLAlchemyError) -> bool:
    orig = getattr(error, "orig", None)
    return isinstance(orig, sqlite3.OperationalError) and "readonly" in str(orig)


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
            found = set(connection.execute(text(VERSION_QUERY)).scalars())
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
    """Bring the schema to head inside one transaction that serialises concurrent starts;
    a database from a newer acupressure (a revision we do not know) is refused first."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config())
    known = {revision.revision for revision in script.walk_revisions()}
    with reading(engine) as connection:
        unknown = set(MigrationContext.configure(connection).get_current_heads()) - known
    if unknown:
        raise NewerDiary(
            f"the diary was made by a newer version of acupressure (schema "
            f"{', '.join(sorted(unknown))}); update acupressure to open it"
        )
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
            command.upgrade(alembic_config(connection), "head")
    except CommandError as error:
        log.error("schema upgrade failed", exc_info=error)
        raise NewerDiary(f"the diary's schema cannot be upgraded: {error}") from error


@dataclass(frozen=True)
class SessionCursor:
    """Where a page of sessions ends: the last session's start and id (see
    `DiaryStore.recent_sessions`); as text, `str()` and `parse` round-trip it."""

    started_at: datetime
    id: int

    def __str__(self) -> str:
        return f"{_naive_utc(self.started_at).isoformat()}~{self.id}"

    @classmethod
    def parse(cls, text: str) -> SessionCursor:
        """A cursor from its text; anything else is bad input naming the problem."""
        when, _, number = text.rpartition("~")
        try:
            started = datetime.fromisoformat(when)
            row_id = int(number)
        except ValueError:
            raise BadInput(f"{text!r} is not a diary page cursor (use a 'next' value)") from None
        if started.tzinfo is not None or row_id < 0:
            raise BadInput(f"{text!r} is not a diary page cursor (use a 'next' value)")
        return cls(started_at=started.replace(tzinfo=UTC), id=row_id)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: how many entries were new, how many check-ins replaced the one
    already stored for their week, and how many were already there."""

    added_sessions: int
    added_checkins: int
    skipped_duplicates: int
    replaced_checkins: int = 0
    skipped_deleted: int = 0  # entries the person deleted from this diary: left out


_SESSIONS = TypeAdapter(list[SessionEntry])


def _checkin(row: Any) -> CheckIn:
    return CheckIn.model_validate(dict(row._mapping), context=STORED)


@dataclass(frozen=True)
class OwnerScope:
    """Builds every statement of the store, each one confined to one owner's rows."""

    owner: str

    def __post_init__(self) -> None:
        if not self.owner:
            raise ValueError("a diary needs an owner")

    def select(self, table: Table) -> Select[Any]:
        """The owner's rows of `table`, every column but the owner itself."""
        columns = [column for column in table.c if column.name != "owner"]
        return select(*columns).where(table.c.owner == self.owner)

    def values(self, table: Table, *columns: ColumnElement[Any]) -> Select[Any]:
        """Some columns of the owner's rows."""
        return select(*columns).where(table.c.owner == self.owner)

    def count(self, table: Table) -> Select[Any]:
        return select(func.count()).select_from(table).where(table.c.owner == self.owner)

    def insert(self, connection: Connection, table: Table, rows: list[dict[str, Any]]) -> Any:
        """Insert rows as the owner's (one row: its id comes back)."""
        if len(rows) == 1:
            return connection.execute(self.insert_statement(table, rows[0]))
        return connection.execute(insert(table), [{**row, "owner": self.owner} for row in rows])

    def insert_statement(self, table: Table, row: dict[str, Any]) -> Insert:
        """The statement inserting one row as the owner's."""
        return insert(table).values({**row, "owner": self.owner})

    def update(self, table: Table) -> Update:
        return update(table).where(table.c.owner == self.owner)

    def delete(self, table: Table) -> Delete:
        return delete(table).where(table.c.owner == self.owner)

    def tell_database(self, connection: Connection) -> None:
        """PostgreSQL: name the owner for this transaction's row-level security."""
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT set_config('app.owner', :owner, true)"), {"owner": self.owner}
            )


class DiaryStore:
    """The diary's repository for one owner: domain models in, domain models out."""

    def __init__(self, engine: Engine, *, owner: str = LOCAL_OWNER) -> None:
        self.engine = engine
        self.scope = OwnerScope(owner)

    @property
    def owner(self) -> str:
        return self.scope.owner

    def for_owner(self, owner: str) -> DiaryStore:
        """The same database, another owner's diary (the clinic decides who may ask)."""
        return DiaryStore(self.engine, owner=owner)

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction (SQLite: BEGIN IMMEDIATE)."""
        with self._errors("the diary could not be written"), self.engine.begin() as connection:
            self.scope.tell_database(connection)
            yield connection

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """One read-only transaction (SQLite: a plain BEGIN, no write lock)."""
        with self._errors("the diary could not be read"), reading(self.engine) as connection:
            self.scope.tell_database(connection)
            yield connection

    @staticmethod
    @contextmanager
    def _errors(doing: str) -> Iterator[None]:
        try:
            yield
        except IntegrityError as error:
            log.warning("the diary refused an entry", exc_info=error)
            rule = (str(error.orig).splitlines() or ["a rule of the diary"])[0]
            raise BadInput(f"the diary refused the entry ({rule})") from error
        except SQLAlchemyError as error:
            raise _plain(error, doing) from error

    def add_session(self, *, entry: SessionEntry) -> SessionEntry:
        """Record one session; its uid must be new."""
        values = _session_values(entry)
        with self._transaction() as connection:
            if _existing(self.scope, connection, session_table, [entry.uid]):
                raise BadInput(f"a session with uid {entry.uid!r} is already in the diary")
            result = self.scope.insert(connection, session_table, [values])
            (row_id,) = result.inserted_primary_key or (None,)
        return stored_session(row_id, values)

    def add_checkin(self, *, checkin: CheckIn) -> CheckIn:
        """Record one weekly check-in; its uid must be new.

        One check-in per week: a second one for the same week_of replaces the first one's
        answers (keeping its id and uid), so a correction is simply another check-in.
        """
        with self._transaction() as connection:
            if _existing(self.scope, connection, checkin_table, [checkin.uid]):
                raise BadInput(f"a check-in with uid {checkin.uid!r} is already in the diary")
            row = _checkins_for(self.scope, connection, [checkin.week_of]).get(checkin.week_of)
            if row is None:
                values = _checkin_values(checkin)
                result = self.scope.insert(connection, checkin_table, [values])
                (row_id,) = result.inserted_primary_key or (None,)
                return CheckIn(id=row_id, **values)
            _answer(self.scope, connection, row.id, checkin)
            return row.model_copy(update=_answer_values(checkin))

    def list_sessions(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> list[SessionEntry]:
        """Sessions in time order, optionally within [since, until)."""
        query = self.scope.select(session_table).order_by(
            session_table.c.started_at, session_table.c.id
        )
        if since is not None:
            query = query.where(session_table.c.started_at >= _naive_utc(since))
        if until is not None:
            query = query.where(session_table.c.started_at < _naive_utc(until))
        with self._reading() as connection:
            rows = connection.execute(query).all()
        # one validation call for the whole list: ten years of entries in a blink
        data = [_session_data(row._mapping) for row in rows]
        return _SESSIONS.validate_python(data, context=STORED)  # stored dates read as they are

    def recent_sessions(
        self, *, before: SessionCursor | None = None, limit: int = 50
    ) -> tuple[list[SessionEntry], SessionCursor | None]:
        """One page of sessions, newest first, strictly older than `before`; and the cursor
        of the next (older) page, None when this page reaches the first session.

        Keyset paging on (started_at, id) with the started_at index: a page costs the same
        at the first session and at the 400,000th, and an entry added or deleted meanwhile
        never shifts a page.
        """
        column = session_table.c
        query = self.scope.select(session_table).order_by(
            column.started_at.desc(), column.id.desc()
        )
        if before is not None:
            started = _naive_utc(before.started_at)
            query = query.where(
                or_(
                    column.started_at < started,
                    and_(column.started_at == started, column.id < before.id),
                )
            )
        with self._reading() as connection:
            rows = connection.execute(query.limit(limit + 1)).all()
        data = [_session_data(row._mapping) for row in rows[:limit]]
        page = _SESSIONS.validate_python(data, context=STORED)  # stored dates read as they are
        if len(rows) <= limit or not page:
            return page, None
        last = page[-1]
        return page, SessionCursor(started_at=last.started_at, id=last.id or 0)

    def list_checkins(self, *, since: date | None = None) -> list[CheckIn]:
        """Weekly check-ins in date order."""
        query = self.scope.select(checkin_table).order_by(
            checkin_table.c.week_of, checkin_table.c.id
        )
        if since is not None:
            query = query.where(checkin_table.c.week_of >= since)
        with self._reading() as connection:
            return [_checkin(row) for row in connection.execute(query)]

    def count(self) -> int:
        """How many entries (sessions and check-ins) this owner's diary holds."""
        with self._reading() as connection:
            entries = (session_table, checkin_table)
            return sum(int(connection.execute(self.scope.count(t)).scalar() or 0) for t in entries)

    def erase(self) -> int:
        """Delete this owner's whole diary, its history of corrections too (when their
        account is removed on purpose)."""
        with self._transaction() as connection:
            return sum(connection.execute(self.scope.delete(t)).rowcount for t in OWNED)

    def iter_sessions(self, *, batch: int = 2000) -> Iterator[SessionEntry]:
        """Every session in time order, read `batch` at a time (keyset paging, one short
        read transaction per batch), so an export never holds the whole diary."""
        column = session_table.c
        query = self.scope.select(session_table).order_by(column.started_at, column.id).limit(batch)
        after: tuple[datetime, int] | None = None
        while True:
            page = query
            if after is not None:
                started, row_id = after
                page = query.where(
                    or_(
                        column.started_at > started,
                        and_(column.started_at == started, column.id > row_id),
                    )
                )
            with self._reading() as connection:
                rows = connection.execute(page).all()
            data = [_session_data(row._mapping) for row in rows]
            yield from _SESSIONS.validate_python(data, context=STORED)
            if len(rows) < batch:
                return
            after = (rows[-1].started_at, rows[-1].id)

    def import_entries(
        self, *, sessions: Sequence[SessionEntry], checkins: Sequence[CheckIn]
    ) -> ImportResult:
        """Add everything not yet present in one transaction: all or nothing."""
        return self.import_stream(chain(sessions, checkins))

    def import_stream(self, entries: Iterable[SessionEntry | CheckIn]) -> ImportResult:
        """Add every entry not yet present, in one transaction: all or nothing.

        Sessions are stored a batch at a time as they come, so a file of 200,000 sessions
        never sits in memory; should the stream raise (a bad row found at the end of the
        file), the transaction rolls back and nothing of the file is kept. A session is
        present when its uid is stored; one that came without a uid (its uid made from its
        content) also when a stored session has the same start, pains and note, so a file
        stripped of its uids adds nothing to the diary it came from. An entry whose uid the
        person deleted here (and did not undo) is left out too: an old backup must not bring
        back a mistaken entry, a red-flag side effect say, that was taken out on purpose.
        """
        with self._transaction() as connection:
            scope = self.scope
            seen: set[str] = set()  # uids of this import's sessions already handled
            checkins: list[CheckIn] = []
            batch: list[SessionEntry] = []
            counted = added_sessions = deleted = 0
            for entry in entries:
                if isinstance(entry, CheckIn):
                    checkins.append(entry)
                    continue
                counted += 1
                batch.append(entry)
                if len(batch) == _IMPORT_BATCH:
                    stored, left_out = _store_new_sessions(scope, connection, batch, seen)
                    added_sessions, deleted = added_sessions + stored, deleted + left_out
                    batch.clear()
            stored, left_out = _store_new_sessions(scope, connection, batch, seen)
            added_sessions, deleted = added_sessions + stored, deleted + left_out
            known_checkins = _existing(scope, connection, checkin_table, (c.uid for c in checkins))
            deleted_checkins = _deleted(scope, connection, "checkin", (c.uid for c in checkins))
            new_checkins = _first_of_each(checkins, known_checkins | deleted_checkins)
            weeks = _checkins_for(scope, connection, {c.week_of for c in new_checkins})
            added = replaced = 0
            for checkin in new_checkins:  # one per week, as add_checkin: the later one wins
                row = weeks.get(checkin.week_of)
                if row is None:
                    values = _checkin_values(checkin)
                    result = scope.insert(connection, checkin_table, [values])
                    (row_id,) = result.inserted_primary_key or (None,)
                    weeks[checkin.week_of] = CheckIn(id=row_id, **values)
                    added += 1
                elif _answers(row) != _answers(checkin):
                    _answer(scope, connection, row.id, checkin)
                    weeks[checkin.week_of] = row.model_copy(update=_answer_values(checkin))
                    replaced += 1
            deleted += sum(c.uid in deleted_checkins - known_checkins for c in checkins)
            skipped = counted + len(checkins) - added_sessions - added - replaced - deleted
            return ImportResult(added_sessions, added, skipped, replaced, deleted)


_IMPORT_BATCH = 2000


def _store_new_sessions(
    scope: OwnerScope, connection: Connection, batch: Sequence[SessionEntry], seen: set[str]
) -> tuple[int, int]:
    """Insert the sessions of `batch` that are neither stored, nor earlier in the import,
    nor deleted by the person: (how many were inserted, how many were left out as deleted)."""
    if not batch:
        return 0, 0
    known = _existing(scope, connection, session_table, (e.uid for e in batch))
    unnamed = [e for e in batch if e.uid.startswith(CONTENT_UID_PREFIX)]
    known |= _same_content(scope, connection, unnamed)
    deleted = _deleted(scope, connection, "session", (e.uid for e in batch)) - known
    fresh = []
    for entry in batch:
        if entry.uid not in seen and entry.uid not in known and entry.uid not in deleted:
            seen.add(entry.uid)
            fresh.append(entry)
    for start in range(0, len(fresh), 1000):
        chunk = fresh[start : start + 1000]
        scope.insert(connection, session_table, [_session_values(e) for e in chunk])
    return len(fresh), sum(entry.uid in deleted for entry in batch)


def _content(started: datetime, entry: Any) -> tuple[Any, ...]:
    return started, entry.pain_before, entry.pain_after, entry.note


def _same_content(
    scope: OwnerScope, connection: Connection, entries: Sequence[SessionEntry]
) -> set[str]:
    """The uids of `entries` whose content (start, pains, note) a stored session already has."""
    wanted: dict[tuple[Any, ...], list[str]] = {}
    for entry in entries:
        wanted.setdefault(_content(_naive_utc(entry.started_at), entry), []).append(entry.uid)
    starts = sorted({key[0] for key in wanted})
    found: set[str] = set()
    table = session_table.c
    for start in range(0, len(starts), 500):
        chunk = starts[start : start + 500]
        query = scope.select(session_table).where(table.started_at.in_(chunk))
        for row in connection.execute(query):
            found.update(wanted.get(_content(row.started_at, row), ()))
    return found


def _checkins_for(
    scope: OwnerScope, connection: Connection, weeks: Iterable[date]
) -> dict[date, CheckIn]:
    """The stored check-in of each of `weeks` that has one (the oldest, should a diary
    from before the one-per-week rule hold two)."""
    wanted = sorted(set(weeks))
    found: dict[date, CheckIn] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = (
            scope.select(checkin_table)
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


def _answer(
    scope: OwnerScope, connection: Connection, row_id: int | None, checkin: CheckIn
) -> None:
    """Replace a stored check-in's answers with a newer one's for the same week."""
    query = scope.update(checkin_table).where(checkin_table.c.id == row_id)
    connection.execute(query.values(_answer_values(checkin)))


def _existing(
    scope: OwnerScope, connection: Connection, table: Table, uids: Iterable[str]
) -> set[str]:
    """The uids among `uids` already in the owner's diary, asked in chunks to respect
    parameter limits."""
    wanted = sorted(set(uids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = scope.values(table, table.c.uid).where(table.c.uid.in_(chunk))
        found.update(connection.execute(query).scalars())
    return found


def _deleted(scope: OwnerScope, connection: Connection, kind: str, uids: Iterable[str]) -> set[str]:
    """The uids among `uids` whose entry the owner deleted (a delete not undone)."""
    wanted = sorted(set(uids))
    found: set[str] = set()
    column = revision_table.c
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = scope.values(revision_table, column.entry_uid).where(
            column.kind == kind,
            column.action == "delete",
            column.undone_at.is_(None),
            column.entry_uid.in_(chunk),
        )
        found.update(connection.execute(query).scalars())
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
    "DiaryBusy",
    "DiaryError",
    "OwnerScope",
    "DiaryStore",
    "ImportResult",
    "NewerDiary",
    "SessionCursor",
    "default_url",
    "make_engine",
    "reading",
    "schema_is_current",
    "shown",
    "upgrade",
]

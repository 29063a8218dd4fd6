"""`diary add` and `diary summary` on an everyday SQLite diary, without SQLAlchemy (the
summary's own part is `kept_totals`).

Importing SQLAlchemy costs several times what either command should take in all, so on
the usual case (a plain `sqlite:///` file that exists, can be written, and stands at
SCHEMA_HEAD) these two commands run on the standard library's sqlite3 instead. The SQL is
SQLAlchemy's own, compiled from the tables and the store's `OwnerScope` by `statements`
and kept in the cache, so the tables stay the one definition of the schema.

Each function answers None when the case is not the usual one: another database, a URL
with options, a missing or read-only file, a schema behind or ahead of this version, a
cache that cannot be built. The caller then runs the full store, which migrates, creates
and reports exactly as always. What happens here matches the store: the same pragmas
(WAL, busy timeout, foreign keys), a write inside one BEGIN IMMEDIATE transaction that
first checks the schema version, the uid rule and error messages, and reads inside one
plain BEGIN that never takes the write lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from acupressure.diary.errors import DiaryBusy, DiaryError
from acupressure.diary.location import (
    BUSY_TIMEOUT_MS,
    LOCAL_OWNER,
    SCHEMA_HEAD,
    default_url,
    plain_sqlite_file,
)
from acupressure.diary.rows import session_values, stored_session
from acupressure.errors import BadInput
from acupressure.knowledge.cache import write_atomically

if TYPE_CHECKING:  # the summary never builds the entry models
    from acupressure.diary.entries import SessionEntry

CACHE_VERSION = "2"
_DEFINING_MODULES = (
    "tables.py",
    "statements.py",
    "store.py",
    "location.py",
    "totals.py",
)


def add_session(url: str | None, entry: SessionEntry) -> SessionEntry | None:
    """Store one session as `DiaryStore.add_session` does; None: run the full store."""
    values = session_values(entry)
    row_id = add_row(url, values)
    return None if row_id is None else stored_session(row_id, values)


def add_row(url: str | None, values: dict[str, Any]) -> int | None:
    """Store one session's row (`rows.session_values`) as `DiaryStore.add_session` does:
    its id; None: run the full store."""
    with transaction(url, writing=True) as opened:
        if opened is None:
            return None
        database, sql = opened
        if run(database, sql["session_uid"], {"uid": values["uid"]}).fetchall():
            raise BadInput(f"a session with uid {values['uid']!r} is already in the diary")
        row = {**values, "owner": LOCAL_OWNER}
        row_id: int = run(database, sql["insert_session"], row).lastrowid
    return row_id


@contextmanager
def transaction(
    url: str | None, *, writing: bool
) -> Iterator[tuple[sqlite3.Connection, dict[str, Any]] | None]:
    """A transaction on the everyday SQLite diary with its compiled SQL, committed when the
    block ends without an error (rolled back otherwise); None when the full store must
    answer instead: not a local SQLite file, no compiled SQL, not openable, not current."""
    path = _everyday_file(url)
    sql = _statements() if path is not None else None
    if path is None or sql is None:
        yield None
        return
    with _Connection(path, writing=writing) as connection:
        database = connection.database
        if database is None:
            yield None
            return
        connection.begin("BEGIN IMMEDIATE" if writing else "BEGIN")
        if not _current(database, sql):
            yield None
            return
        yield database, sql
        connection.commit()


def _everyday_file(url: str | None) -> Path | None:
    """The diary file when it is the usual case: plain SQLite, present, writable."""
    path = plain_sqlite_file(url or default_url())
    if path is None or not path.is_file():
        return None
    if not (os.access(path, os.R_OK | os.W_OK) and os.access(path.parent, os.W_OK)):
        return None  # the store opens it read-only, or says why it cannot
    return path


def _current(database: sqlite3.Connection, sql: dict[str, Any]) -> bool:
    """Whether the diary stands at SCHEMA_HEAD (the store's own one-query check)."""
    try:
        found = {row[0] for row in run(database, sql["version"], {})}
    except sqlite3.OperationalError as error:
        if busy(error):
            raise
        return False  # no version table: a new or foreign file, the store's to judge
    return found == {SCHEMA_HEAD}


def run(database: sqlite3.Connection, statement: dict[str, Any], values: dict[str, Any]) -> Any:
    """Execute compiled SQL, each named parameter given by its role."""
    return database.execute(statement["sql"], parameters(statement, values))


def parameters(statement: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The named parameters of compiled SQL from the values of their roles."""
    return {
        name: _bound(LOCAL_OWNER if role == "owner" else values[role])
        for name, role in statement["params"].items()
    }


def _bound(value: Any) -> Any:
    """A value as SQLAlchemy's SQLite types store it (checked by `statements`)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(error)


class _Connection:
    """One sqlite3 connection as the store's engine makes them, its transaction rolled
    back unless committed, and errors turned into the store's errors.

    `database` is None when the file could not be opened here (the store then tries).
    """

    def __init__(self, path: Path, *, writing: bool) -> None:
        self.writing = writing
        self.database: sqlite3.Connection | None = None
        try:
            database = sqlite3.connect(
                f"file:{quote(str(path.resolve()))}?mode=rw",
                uri=True,
                isolation_level=None,  # we issue BEGIN ourselves, as the store does
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except sqlite3.Error:
            return
        try:
            database.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
            database.execute("PRAGMA journal_mode = WAL")
            database.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error:
            database.close()
            return
        self.database = database

    def begin(self, statement: str) -> None:
        assert self.database is not None
        self.database.execute(statement)

    def commit(self) -> None:
        assert self.database is not None
        if self.database.in_transaction:  # a reader may have ended it (`kept_totals`)
            self.database.execute("COMMIT")

    def __enter__(self) -> _Connection:
        return self

    def __exit__(self, kind: Any, error: Any, _trace: Any) -> None:
        database = self.database
        if database is None:
            return
        try:
            if database.in_transaction:
                database.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        finally:
            database.close()
        if isinstance(error, sqlite3.Error):
            raise _plain(error, writing=self.writing) from error


def _plain(error: sqlite3.Error, *, writing: bool) -> Exception:
    """The store's messages for the same failures: details logged, plain words shown."""
    import logging

    doing = "the diary could not be written" if writing else "the diary could not be read"
    ours = logging.getLogger("acupressure")
    if not ours.handlers:  # as the store sets up: logged only where a face asked for it
        ours.addHandler(logging.NullHandler())
    logging.getLogger("acupressure.diary.store").error("%s", doing, exc_info=error)
    if isinstance(error, sqlite3.IntegrityError):
        rule = (str(error).splitlines() or ["a rule of the diary"])[0]
        return BadInput(f"the diary refused the entry ({rule})")
    if busy(error):
        return DiaryBusy()
    if "readonly" in str(error):
        return DiaryError(f"{doing}: the diary is read-only here, so nothing can be saved")
    return DiaryError(
        f"{doing}: the database reported an error (its details are logged; "
        "ACUPRESSURE_DEBUG=1 shows them)"
    )


def _statements() -> dict[str, Any] | None:
    """The compiled SQL, from the cache while its key holds, else built (importing
    SQLAlchemy once) and cached; None when the plain conversions do not hold."""
    key = _cache_key()
    path = _cache_file(key)
    if path is not None:
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("key") == key:
                return cached["statements"] if cached["usable"] else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    from acupressure.diary.statements import build

    built = {"key": key, **build()}
    if path is not None:
        write_atomically(path, json.dumps(built, ensure_ascii=True).encode())
    return built["statements"] if built["usable"] else None


def _cache_key() -> str:
    """SCHEMA_HEAD, SQLAlchemy's version and the modules that define the SQL."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{SCHEMA_HEAD}\0{_sqlalchemy_version()}".encode())
    here = Path(__file__).parent
    for name in _DEFINING_MODULES:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.hexdigest()


def _sqlalchemy_version() -> str:
    """The installed SQLAlchemy's version, read from its package without importing it."""
    from importlib.util import find_spec

    spec = find_spec("sqlalchemy")
    origin = spec.origin if spec is not None else None
    if origin is None:
        return "absent"
    for line in Path(origin).read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.partition("=")[2].strip().strip("\"'")
    return hashlib.sha256(Path(origin).read_bytes()).hexdigest()


def _cache_file(key: str) -> Path | None:
    """Where the compiled SQL is kept, or None when caching is switched off."""
    if os.environ.get("ACUPRESSURE_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("acupressure")) / f"diary-sql-{key[:24]}.json"


__all__ = ["add_row", "add_session", "busy", "parameters", "run", "transaction"]

"""The SQL of the SQLite hot path (`quick`), written by SQLAlchemy from the tables.

`quick` runs `diary add` and `diary summary` on the standard library's sqlite3, so that
SQLAlchemy's import (several times a whole command) stays off the everyday path. Its SQL
is not written by hand: this module builds each statement with the store's own
`OwnerScope` and the tables of `tables`, and has SQLAlchemy compile it for SQLite. `quick`
keeps the result (plain JSON) in the cache and calls this module only when the schema
head, the SQLAlchemy version or the defining modules changed.

Values are marked with sentinels while compiling, so each named parameter of the SQL is
known as "the owner" or "this column's value". The column types' own bind and result
processors are checked against the plain conversions `quick` uses; a SQLAlchemy that
stores times differently makes the hot path stand aside (the full store then runs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ColumnElement
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql import ClauseElement

from acupressure.diary.location import VERSION_QUERY
from acupressure.diary.store import OwnerScope
from acupressure.diary.tables import checkins, sessions

OWNER = "owner"  # the role of the parameter that names whose diary it is
_MARK = "\x00acupressure:"  # no owner, uid or column value can contain a NUL
# What `diary summary` needs of each entry (analytics.SessionFacts / CheckInFacts).
SUMMARY_SESSION_COLUMNS = ("started_at", "steps_planned", "steps_completed", "pain_before",
                           "pain_after", "side_effects")  # fmt: skip
SUMMARY_CHECKIN_COLUMNS = ("week_of", "average_pain", "interference")
_PROBE_TIMES = (datetime(2026, 3, 2, 8, 30), datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59,
                999_999), datetime(2024, 2, 29, 0, 0, 0, 7))  # fmt: skip


def store_time(value: datetime) -> str:
    """A naive UTC time as the tables hold it in SQLite."""
    return value.isoformat(sep=" ", timespec="microseconds")


def stored_time(text: str) -> datetime:
    """A time as the tables hold it in SQLite, back as a naive datetime."""
    return datetime.fromisoformat(text)


def _mark(role: str) -> str:
    return f"{_MARK}{role}"


def _compiled(statement: ClauseElement) -> dict[str, Any]:
    """SQLite SQL with named parameters, and the role of each parameter."""
    compiled = statement.compile(
        dialect=sqlite.dialect(paramstyle="named"), compile_kwargs={"render_postcompile": True}
    )
    roles = {}
    for name, value in compiled.params.items():
        if not (isinstance(value, str) and value.startswith(_MARK)):
            raise ValueError(f"parameter {name} of the hot path's SQL has no role")
        roles[name] = value.removeprefix(_MARK)
    return {"sql": compiled.string, "params": roles}


def build() -> dict[str, Any]:
    """Every statement of the hot path, compiled; `usable` False when the column types
    would not store or read back what `quick`'s plain conversions do."""
    scope = OwnerScope(_mark(OWNER))
    s, c = sessions.c, checkins.c
    row = {column.name: _mark(column.name) for column in sessions.c if column.name not in
           ("id", "owner")}  # fmt: skip
    picked_sessions = [s[name] for name in SUMMARY_SESSION_COLUMNS]
    picked_checkins = [c[name] for name in SUMMARY_CHECKIN_COLUMNS]
    statements = {
        "version": {"sql": VERSION_QUERY, "params": {}},
        "session_uid": _compiled(scope.values(sessions, s.uid).where(s.uid.in_([_mark("uid")]))),
        "insert_session": _compiled(scope.insert_statement(sessions, row)),
        "summary_sessions": _compiled(
            scope.values(sessions, *picked_sessions).order_by(s.started_at, s.id)
        ),
        "summary_checkins": _compiled(
            scope.values(checkins, *picked_checkins).order_by(c.week_of, c.id)
        ),
    }
    return {"statements": statements, "usable": _plain_types_agree()}


def _plain_types_agree() -> bool:
    """Whether SQLAlchemy's SQLite types convert exactly as `quick` does: times and dates
    as ISO text, every other column as it is."""
    dialect = sqlite.dialect()
    days = [moment.date() for moment in _PROBE_TIMES]
    for column in [*sessions.c, *checkins.c]:
        bind, result = _processors(column, dialect)
        kind = column.type.python_type
        if kind is datetime:
            ok = _same(bind, store_time, _PROBE_TIMES) and _same(
                result, stored_time, [store_time(m) for m in _PROBE_TIMES]
            )
        elif kind is date:
            ok = _same(bind, date.isoformat, days) and _same(
                result, date.fromisoformat, [d.isoformat() for d in days]
            )
        else:
            ok = bind is None and result is None
        if not ok:
            return False
    return True


def _processors(column: Column[Any] | ColumnElement[Any], dialect: Any) -> tuple[Any, Any]:
    implementation = column.type.dialect_impl(dialect)
    return implementation.bind_processor(dialect), implementation.result_processor(dialect, None)


def _same(processor: Callable[[Any], Any] | None, ours: Callable[[Any], Any], probes: Any) -> bool:
    return processor is not None and all(processor(p) == ours(p) for p in probes)


__all__ = [
    "OWNER",
    "SUMMARY_CHECKIN_COLUMNS",
    "SUMMARY_SESSION_COLUMNS",
    "build",
    "store_time",
    "stored_time",
]

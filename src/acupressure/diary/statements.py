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

from sqlalchemy import (
    Column,
    ColumnElement,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    not_,
    select,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import insert as upsert
from sqlalchemy.sql import ClauseElement

from acupressure.diary.location import DAY_SUMS, TOTALS_TRIGGERS, VERSION_QUERY
from acupressure.diary.store import OwnerScope
from acupressure.diary.tables import checkins, day_totals, sessions, totals_marks
from acupressure.diary.totals import WORSE_WINDOW

OWNER = "owner"  # the role of the parameter that names whose diary it is
_MARK = "\x00acupressure:"  # no owner, uid or column value can contain a NUL
# What `diary summary` needs of each check-in (analytics.CheckInFacts).
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
    picked_checkins = [c[name] for name in SUMMARY_CHECKIN_COLUMNS]
    statements = {
        "version": {"sql": VERSION_QUERY, "params": {}},
        "session_uid": _compiled(scope.values(sessions, s.uid).where(s.uid.in_([_mark("uid")]))),
        "insert_session": _compiled(scope.insert_statement(sessions, row)),
        **_summary_totals(scope),
        **_kept_totals(scope),
        "summary_checkins": _compiled(
            scope.values(checkins, *picked_checkins).order_by(c.week_of, c.id)
        ),
    }
    return {"statements": statements, "usable": _plain_types_agree()}


def _summary_totals(scope: OwnerScope) -> dict[str, Any]:
    """The statements behind `totals.SessionTotals`, each over the sessions dated from
    `earliest` to before `latest`: their first time and their last; per local day of one
    span of constant UTC offset (`start` to before `end`, moved by `shift`, an SQLite
    modifier such as "+3600 seconds"), for the sessions after `after_id`, the DAY_SUMS;
    the ratings of the last sessions rated before and after, newest first; and the side
    effects reported from `after` on."""
    s = sessions.c
    zero: ColumnElement[Any] = literal_column("0")  # constants are written in, not bound
    one: ColumnElement[Any] = literal_column("1")
    nothing: ColumnElement[Any] = literal_column("''")
    placed = and_(s.started_at >= _mark("earliest"), s.started_at < _mark("latest"))
    done = not_(and_(s.steps_planned > zero, s.steps_completed == zero))
    both = and_(s.pain_before.is_not(None), s.pain_after.is_not(None))

    def counted(condition: ColumnElement[bool]) -> ColumnElement[Any]:
        return func.sum(case((condition, one), else_=zero))

    def summed(condition: ColumnElement[bool], value: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((condition, value))), zero)

    day = func.date(s.started_at, _mark("shift"))
    in_span = and_(
        s.started_at >= _mark("start"), s.started_at < _mark("end"), s.id > _mark("after_id")
    )
    per_day = scope.values(
        sessions,
        day,
        counted(done),
        counted(and_(done, s.side_effects != nothing)),
        counted(and_(done, s.pain_before.is_not(None))),
        summed(done, s.pain_before),
        counted(not_(done)),
        counted(and_(done, both)),
        summed(and_(done, both), s.pain_before - s.pain_after),
    )
    last_rated = scope.values(sessions, s.pain_before, s.pain_after).where(placed, both)
    recent = scope.values(sessions, s.started_at, s.side_effects).where(
        placed, s.started_at >= _mark("after"), s.side_effects != nothing
    )
    return {
        # one each: SQLite finds a lone min() or max() in the index without a scan
        "first_started": _compiled(scope.values(sessions, func.min(s.started_at)).where(placed)),
        "last_started": _compiled(scope.values(sessions, func.max(s.started_at)).where(placed)),
        "day_totals": _compiled(per_day.where(in_span).group_by(day)),
        "last_rated": _compiled(
            last_rated.order_by(s.started_at.desc(), s.id.desc())
            .limit(bindparam("last", WORSE_WINDOW, literal_execute=True))
            .offset(bindparam("skip", 0, literal_execute=True))  # constants, written in
        ),
        "recent_side_effects": _compiled(recent),
    }


def _kept_totals(scope: OwnerScope) -> dict[str, Any]:
    """The statements that keep the sums per day (tables.day_totals, totals_marks): whether
    the triggers are there, the mark, the highest session id, the kept days, and writing
    them: a day's new sums added to what is kept, a new mark, or forgetting them all."""
    d, m = day_totals.c, totals_marks.c
    triggers = ", ".join(f"'{name}'" for name in TOTALS_TRIGGERS)
    day = {"day": _mark("day"), **{name: _mark(name) for name in DAY_SUMS}}
    add_day = upsert(day_totals).values({**day, "owner": _mark(OWNER)})
    add_day = add_day.on_conflict_do_update(
        index_elements=[d.owner, d.day],
        set_={name: d[name] + add_day.excluded[name] for name in DAY_SUMS},
    )
    mark = {"through_id": _mark("through_id"), "offsets": _mark("offsets")}
    new_mark = upsert(totals_marks).values({**mark, "owner": _mark(OWNER)})
    new_mark = new_mark.on_conflict_do_update(
        index_elements=[m.owner], set_={name: new_mark.excluded[name] for name in mark}
    )
    return {
        "totals_triggers": {
            "sql": f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            f"AND tbl_name = 'diary_session' AND name IN ({triggers})",
            "params": {},
        },
        "totals_mark": _compiled(scope.values(totals_marks, m.through_id, m.offsets)),
        "last_id": _compiled(select(func.max(sessions.c.id))),
        "kept_days": _compiled(  # totals.DayTotal's columns, for the days with sessions done
            scope.values(day_totals, d.day, d.sessions, d.side_effects, d.rated, d.pain_sum)
            .where(d.sessions > literal_column("0"))
            .order_by(d.day)
        ),
        "kept_sums": _compiled(
            scope.values(
                day_totals,
                *(
                    func.coalesce(func.sum(d[name]), literal_column("0"))
                    for name in ("sessions", "abandoned", "drop_count", "drop_sum")
                ),
            )
        ),  # fmt: skip
        "keep_day": _compiled(add_day),
        "keep_mark": _compiled(new_mark),
        "forget_days": _compiled(scope.delete(day_totals)),
    }


def _plain_types_agree() -> bool:
    """Whether SQLAlchemy's SQLite types convert exactly as `quick` does: times and dates
    as ISO text, every other column as it is."""
    dialect = sqlite.dialect()
    days = [moment.date() for moment in _PROBE_TIMES]
    for column in [*sessions.c, *checkins.c, *day_totals.c, *totals_marks.c]:
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
    "DAY_SUMS",
    "OWNER",
    "TOTALS_TRIGGERS",
    "SUMMARY_CHECKIN_COLUMNS",
    "build",
    "store_time",
    "stored_time",
]

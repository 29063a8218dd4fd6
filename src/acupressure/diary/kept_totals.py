"""`diary summary`'s sums on the everyday SQLite diary: summed by SQLite, kept per day.

The summary needs only sums (`totals.SessionTotals`). Summing ten years of sessions, even
in SQL, is a row a session; so the sums per local day are kept in the diary itself
(tables.day_totals, with a mark of what they cover) and each summary reads a row a day,
sums only the sessions added since, and keeps those too. Triggers (migration 0004) delete
an owner's kept sums whenever a session is changed, deleted or slipped in below the mark,
so kept sums are right or absent; the mark also records the zone's offsets over the
sessions' time span, so a new zone (or a change of offset newly inside the span) sums
everything again. Keeping is best effort: a diary whose write lock is taken, or whose
triggers are missing, is summed in full and nothing is kept.

Local days are SQLite's `date(started_at, "+N seconds")`, a span of constant offset at a
time (`dates.offset_spans`), which is the day `astimezone()` gives each session.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from acupressure.diary.dates import EARLIEST, LATEST, offset_spans
from acupressure.diary.location import DAY_SUMS, TOTALS_TRIGGERS
from acupressure.diary.quick import busy, parameters, run, transaction
from acupressure.diary.rows import naive_utc
from acupressure.diary.totals import (
    DayTotal,
    SessionTotals,
    local_day,
    side_effects_since,
)

# The sessions a summary counts, as stored times: dated from 1900 to before 2100 (`dates`).
_EARLIEST = datetime.combine(EARLIEST, datetime.min.time())
_LATEST = datetime.combine(LATEST, datetime.min.time())
_TRIGGERS = len(TOTALS_TRIGGERS)
_DAY_SUMS = DAY_SUMS


class CheckInRow(NamedTuple):
    """What the summary needs of a stored check-in (analytics.CheckInFacts)."""

    week_of: date
    average_pain: int
    interference: int


def summary_totals(
    url: str | None, *, today: date
) -> tuple[SessionTotals, list[CheckInRow]] | None:
    """The sessions' sums in this computer's zone (what `totals.session_totals` gives from
    the entries) and every check-in in the store's order (`list_checkins`); None: run the
    full store."""
    placed = {"earliest": _EARLIEST, "latest": _LATEST}
    since = side_effects_since(today)
    with transaction(url, writing=False) as opened:
        if opened is None:
            return None
        database, sql = opened
        (first,) = run(database, sql["first_started"], placed).fetchone()
        (last,) = run(database, sql["last_started"], placed).fetchone()
        try:
            spans = [] if first is None else offset_spans(_instant(first), _instant(last))
        except (TypeError, ValueError):  # a value no version of ours writes: the store decides
            return None
        offsets = json.dumps([[_text(start) if n else None, o] for n, (start, o) in
                              enumerate(spans)])  # fmt: skip
        keeping = run(database, sql["totals_triggers"], {}).fetchone()[0] == _TRIGGERS
        mark = run(database, sql["totals_mark"], {}).fetchone() if keeping else None
        kept = mark is not None and mark[1] == offsets
        through = mark[0] if mark is not None and kept else 0
        (last_id,) = run(database, sql["last_id"], {}).fetchone()
        last_rated = run(database, sql["last_rated"], placed).fetchall()
        after = max(datetime.combine(since, datetime.min.time()) - timedelta(days=2), _EARLIEST)
        effects = run(database, sql["recent_side_effects"], {**placed, "after": after}).fetchall()
        checkin_rows = run(database, sql["summary_checkins"], {}).fetchall()
        fresh = _summed(database, sql, spans, through) if (last_id or 0) > through else {}
        if keeping and (fresh or not kept):
            kept = _keep(database, sql, fresh, replace=not kept, through=last_id or 0,
                         offsets=offsets)  # fmt: skip
        if kept:  # SQLite has added the fresh sums to the kept ones: a row a day to read
            days = run(database, sql["kept_days"], {}).fetchall()
            sums = run(database, sql["kept_sums"], {}).fetchone()
        else:  # nothing kept: every session summed just now
            fresh = fresh if through == 0 else _summed(database, sql, spans, 0)
            days, sums = _from_fresh(fresh)
    try:
        return _session_totals(days, sums, last_rated, effects, since), [
            CheckInRow(date.fromisoformat(week), average, interference)
            for week, average, interference in checkin_rows
        ]
    except (TypeError, ValueError):  # a value no version of ours writes: the store decides
        return None


def _summed(
    database: sqlite3.Connection, sql: dict[str, Any], spans: list[tuple[datetime, int]],
    after_id: int,
) -> dict[str, list[int]]:  # fmt: skip
    """The sums per local day (ISO text) of the sessions after `after_id`, one span of
    constant offset at a time: a day cut by a change of offset is summed from both."""
    bounds = [_EARLIEST, *(naive_utc(start) for start, _offset in spans[1:]), _LATEST]
    days: dict[str, list[int]] = {}
    for (_start, offset), start, end in zip(spans, bounds, bounds[1:], strict=False):
        values = {"shift": f"{offset:+d} seconds", "start": start, "end": end,
                  "after_id": after_id}  # fmt: skip
        for day, *sums in run(database, sql["day_totals"], values):
            _add(days, day, sums)
    return days


def _add(days: dict[str, list[int]], day: str, sums: list[int]) -> None:
    """Add one day's sums to what `days` holds for it."""
    had = days.get(day)
    days[day] = sums if had is None else [a + b for a, b in zip(had, sums, strict=True)]


def _keep(
    database: sqlite3.Connection, sql: dict[str, Any], fresh: dict[str, list[int]], *,
    replace: bool, through: int, offsets: str,
) -> bool:  # fmt: skip
    """Add the fresh sums to the kept ones (or replace them all) and move the mark, unless
    another connection holds or has taken the write lock: then nothing is kept (False)."""
    database.execute("PRAGMA busy_timeout = 0")  # a summary never waits to keep its sums
    database.execute("SAVEPOINT keep_sums")  # a refusal leaves the reading transaction as it was
    try:
        if replace:
            run(database, sql["forget_days"], {})
        rows = [{"day": day, **dict(zip(_DAY_SUMS, sums, strict=True))} for day, sums in
                fresh.items()]  # fmt: skip
        database.executemany(sql["keep_day"]["sql"], [parameters(sql["keep_day"], row)
                                                      for row in rows])  # fmt: skip
        run(database, sql["keep_mark"], {"through_id": through, "offsets": offsets})
    except sqlite3.OperationalError as error:
        if not busy(error):
            raise
        database.execute("ROLLBACK TO keep_sums")
        database.execute("RELEASE keep_sums")
        return False
    database.execute("RELEASE keep_sums")
    return True


def _from_fresh(fresh: dict[str, list[int]]) -> tuple[list[DayTotal], tuple[int, ...]]:
    """Sums just made (day: DAY_SUMS) as the kept tables would give them back."""
    days = [DayTotal(day, *sums[:4]) for day, sums in sorted(fresh.items()) if sums[0]]
    whole = [sum(sums[n] for sums in fresh.values()) for n in range(len(_DAY_SUMS))]
    return days, (whole[0], whole[4], whole[5], whole[6])


def _session_totals(
    days: list[Any], sums: tuple[int, ...], last_rated: list[Any], effects: list[Any],
    since: date,
) -> SessionTotals:  # fmt: skip
    """The days with sessions (day, sessions, side effects, rated, pain sum: SQLite's rows
    as they come) and the whole diary's sums (done, abandoned, drops counted and summed) as
    `SessionTotals`."""
    done, abandoned, drop_count, drop_sum = sums
    kinds = {
        kind
        for started, reported in effects
        if local_day(_instant(started)) >= since
        for kind in reported.split()
    }
    return SessionTotals(
        days=days,
        done=done,
        abandoned=abandoned,
        drop_sum=drop_sum,
        drop_count=drop_count,
        last_rated=tuple((before, after) for before, after in reversed(last_rated)),
        recent_side_effects=tuple(sorted(kinds)),
    )


def _instant(stored: str) -> datetime:
    """A stored (naive UTC) time as an aware instant."""
    return datetime.fromisoformat(f"{stored}+00:00")


def _text(moment: datetime) -> str:
    return naive_utc(moment).isoformat(sep=" ", timespec="microseconds")


__all__ = ["CheckInRow", "summary_totals"]

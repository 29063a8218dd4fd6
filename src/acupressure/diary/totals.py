"""What the summary reads of the sessions, as sums: per local day, over the whole diary,
and the few recent details its safety monitor needs.

The summary never needs a session on its own, only these sums, so they can be had two
ways with one result: from the entries (`session_totals`, what the web, the clinic and
the report do) or in SQL on the SQLite hot path (`quick.summary_totals`), which keeps
ten years of diary from ever becoming ten thousand Python objects. Free of pydantic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from acupressure.diary.dates import plausible
from acupressure.diary.facts import SessionFacts, is_abandoned

WORSE_WINDOW = 5  # the last rated sessions the safety monitor looks at
SIDE_EFFECT_DAYS = 28  # side effects reported this many days back stop self-care


class DayTotal(NamedTuple):
    """One local day (ISO text, so days sort and compare as text) and its sessions: how
    many, how many with side effects, how many rated before and the sum of those ratings.
    The SQLite hot path hands over its rows as they are: plain tuples of the same shape."""

    day: str
    sessions: int
    side_effects: int
    rated: int
    pain_sum: int


@dataclass(frozen=True)
class SessionTotals:
    """The sessions a summary counts (dated 1900-2100): per local day for the sessions
    done (`days`, in day order, only days with some), how many were done and abandoned,
    the drop in pain over the done sessions rated before and after, and, abandoned ones
    included, the ratings of the last WORSE_WINDOW sessions rated before and after (oldest
    first) and the kinds of side effect reported on local days from `since` on (sorted)."""

    days: Sequence[DayTotal]
    done: int
    abandoned: int
    drop_sum: int
    drop_count: int
    last_rated: tuple[tuple[int, int], ...]
    recent_side_effects: tuple[str, ...]


def side_effects_since(today: date) -> date:
    """The first local day whose side effects still count on `today`."""
    return today - timedelta(days=SIDE_EFFECT_DAYS - 1)


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of an instant, in `tz` (default: this machine's zone); at the
    calendar's very edge (a stored 0001-01-01 west of UTC) the day in its own zone."""
    try:
        return moment.astimezone(tz).date()
    except (OverflowError, ValueError):
        return moment.date()


def day_totals(sessions: Iterable[SessionFacts], tz: tzinfo | None = None) -> list[DayTotal]:
    """The sessions given, summed per local day, in day order."""
    counts: dict[date, list[int]] = {}
    for entry in sessions:  # ten years are 11,000 sessions: local_day's body, inlined
        try:
            day = entry.started_at.astimezone(tz).date()
        except (OverflowError, ValueError):
            day = entry.started_at.date()
        sums = counts.get(day)
        if sums is None:
            sums = counts[day] = [0, 0, 0, 0]
        sums[0] += 1
        if entry.side_effects:
            sums[1] += 1
        if entry.pain_before is not None:
            sums[2] += 1
            sums[3] += entry.pain_before
    return [DayTotal(day.isoformat(), *counts[day]) for day in sorted(counts)]


def session_totals(
    sessions: Sequence[SessionFacts], *, today: date, tz: tzinfo | None = None
) -> SessionTotals:
    """The sums of `SessionTotals` from the entries themselves."""
    placed = [entry for entry in sessions if plausible(entry.started_at)]
    done = [entry for entry in placed if not is_abandoned(entry)]
    drops = [
        e.pain_before - e.pain_after
        for e in done
        if e.pain_before is not None and e.pain_after is not None
    ]
    rated = sorted(
        (e for e in placed if e.pain_before is not None and e.pain_after is not None),
        key=lambda e: e.started_at,
    )[-WORSE_WINDOW:]
    since = side_effects_since(today)
    recent = {
        kind
        for e in placed
        if e.side_effects and local_day(e.started_at, tz) >= since
        for kind in e.side_effects
    }
    return SessionTotals(
        days=day_totals(done, tz),
        done=len(done),
        abandoned=len(placed) - len(done),
        drop_sum=sum(drops),
        drop_count=len(drops),
        last_rated=tuple((e.pain_before, e.pain_after) for e in rated),  # type: ignore[misc]
        recent_side_effects=tuple(sorted(recent)),
    )


__all__ = [
    "SIDE_EFFECT_DAYS",
    "WORSE_WINDOW",
    "DayTotal",
    "SessionTotals",
    "day_totals",
    "local_day",
    "session_totals",
    "side_effects_since",
]

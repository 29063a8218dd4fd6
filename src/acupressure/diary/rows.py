"""Entries as table rows and back, free of SQLAlchemy: the full store and the SQLite hot
path (`quick`) write and read exactly the same values.

Times are stored as naive UTC (the tables say why); side effects as space-separated kinds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from acupressure.diary.dates import utc

if TYPE_CHECKING:  # the models are built only where an entry is made (`stored_session`)
    from acupressure.diary.entries import CheckIn, SessionEntry


def naive_utc(value: datetime) -> datetime:
    """An instant as the naive UTC time the tables hold."""
    return utc(value).replace(tzinfo=None)


def aware(value: datetime) -> datetime:
    """A stored (naive UTC) time as an aware datetime."""
    return value.replace(tzinfo=UTC)


def session_values(entry: SessionEntry) -> dict[str, Any]:
    """The row for one session (without its id, which the database assigns)."""
    return {
        "uid": entry.uid,
        "started_at": naive_utc(entry.started_at),
        "ended_at": None if entry.ended_at is None else naive_utc(entry.ended_at),
        "routine": entry.routine,
        "steps_planned": entry.steps_planned,
        "steps_completed": entry.steps_completed,
        "pain_before": entry.pain_before,
        "pain_after": entry.pain_after,
        "side_effects": " ".join(entry.side_effects),
        "note": entry.note,
        "origin": entry.origin,
    }


def session_data(row: Any) -> dict[str, Any]:
    """A stored session row (a mapping of column to value) as SessionEntry input."""
    data = dict(row)
    data["started_at"] = aware(data["started_at"])
    if data["ended_at"] is not None:
        data["ended_at"] = aware(data["ended_at"])
    data["side_effects"] = data["side_effects"].split()
    return data


def stored_session(row_id: int | None, values: dict[str, Any]) -> SessionEntry:
    """The session just written as `values` under `row_id`, as a reader will see it."""
    from acupressure.diary.entries import STORED, SessionEntry

    return SessionEntry.model_validate(session_data({"id": row_id, **values}), context=STORED)


def checkin_values(checkin: CheckIn) -> dict[str, Any]:
    return {
        "uid": checkin.uid,
        "week_of": checkin.week_of,
        "average_pain": checkin.average_pain,
        "interference": checkin.interference,
        "note": checkin.note,
    }


__all__ = [
    "aware",
    "checkin_values",
    "naive_utc",
    "session_data",
    "session_values",
    "stored_session",
]

"""The dates a diary can hold and how it places them in time, free of pydantic: the
summary's analytics and the SQLite hot path need them without building the entry models
(`entries` uses them to validate input)."""

from __future__ import annotations

from datetime import UTC, date, datetime

# Dates a diary accepts: from 1900 (older is another app's "empty date", 0001-01-01) up to
# a bound far enough from the calendar's end that no time zone can overflow it; "not in the
# future" is `entries.ahead_of_now`'s rule. Stored values are read as they are.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 1, 1)


def plausible(moment: date) -> bool:
    """Whether a (stored) date lies where dates can be compared and drawn."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return EARLIEST <= day < LATEST


def local(moment: datetime) -> datetime:
    """The instant in this computer's zone; a stored value at the calendar's very edge
    (0001-01-01 west of UTC) stays in UTC rather than overflowing."""
    try:
        return moment.astimezone()
    except (OverflowError, ValueError):
        return moment


def assume_local(value: datetime) -> datetime:
    """Naive times are the person's local time; the diary keeps every instant unambiguous."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.astimezone()
    return value


def utc(value: datetime) -> datetime:
    """The instant in UTC, for storage and for exchange files."""
    return assume_local(value).astimezone(UTC)


__all__ = ["EARLIEST", "LATEST", "assume_local", "local", "plausible", "utc"]

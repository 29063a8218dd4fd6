"""The dates a diary can hold and how it places them in time, free of pydantic: the
summary's analytics and the SQLite hot path need them without building the entry models
(`entries` uses them to validate input)."""

from __future__ import annotations

import time
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


# How far apart `offset_spans` probes this computer's zone. No zone of the tz database changes
# its UTC offset twice within 3.9 days between 1900 and 2037 (Africa/Freetown, 1939, comes
# closest; since 1971, America/Recife's week in 2000), so probes two days apart miss no
# change (a test holds the spans to astimezone() near real changes in six zones).
PROBE_SECONDS = 2 * 86_400


def offset_spans(first: datetime, last: datetime) -> list[tuple[datetime, int]]:
    """This computer's UTC offset from `first` to `last` (aware instants): each span's
    first instant (the first is `first`) and its offset in seconds, the offset being the
    one `astimezone()` gives every instant of the span (that of its whole second)."""
    start, end = int(first.timestamp() // 1), int(last.timestamp() // 1)
    spans = [(start, _offset(start))]
    probe, offset = start, spans[0][1]
    while probe < end:
        step = min(probe + PROBE_SECONDS, end)
        if _offset(step) != offset:
            low, high = probe, step  # exactly one change lies in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if _offset(middle) == offset else (low, middle)
            offset = _offset(high)
            spans.append((high, offset))
        probe = step
    return [(first if n == 0 else datetime.fromtimestamp(second, UTC), offset)
            for n, (second, offset) in enumerate(spans)]  # fmt: skip


def _offset(second: int) -> int:
    """The UTC offset of this computer's zone at a whole second, as astimezone() reads it."""
    return time.localtime(second).tm_gmtoff


def assume_local(value: datetime) -> datetime:
    """Naive times are the person's local time; the diary keeps every instant unambiguous."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.astimezone()
    return value


def utc(value: datetime) -> datetime:
    """The instant in UTC, for storage and for exchange files."""
    return assume_local(value).astimezone(UTC)


__all__ = [
    "EARLIEST",
    "LATEST",
    "PROBE_SECONDS",
    "assume_local",
    "local",
    "offset_spans",
    "plausible",
    "utc",
]

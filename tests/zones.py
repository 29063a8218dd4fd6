"""This process in another time zone, for the tests of local days (C's localtime included)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

# Zones whose offsets test the edges: none, whole hours with DST in the small hours
# (Berlin), DST at midnight (Havana), a half-hour DST step (Lord Howe), a quarter-hour
# offset (Kathmandu), and a day skipped altogether (Apia, December 2011).
ZONES = ("UTC", "Europe/Berlin", "America/Havana", "Australia/Lord_Howe", "Asia/Kathmandu",
         "Pacific/Apia")  # fmt: skip
# Instants (UTC) where one of those zones changed its offset.
CHANGES = tuple(
    datetime(*moment, tzinfo=UTC)
    for moment in [
        (2021, 3, 28, 1),
        (2021, 10, 31, 1),
        (2021, 3, 14, 5),
        (2021, 11, 7, 5),
        (2021, 4, 3, 15),
        (2021, 10, 2, 15, 30),
        (2011, 12, 30, 10),
        (1986, 1, 1, 0, 0),
    ]  # fmt: skip
)


@contextmanager
def in_zone(name: str) -> Iterator[None]:
    """Run the block with TZ set to `name` (checked to take effect), then put it back."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        if name != "UTC":  # no zone data would silently mean UTC: a test then tests nothing
            summer, winter = (time.localtime(s).tm_gmtoff for s in (1_625_000_000, 1_610_000_000))
            assert (summer, winter) != (0, 0), f"no time zone data for {name} (install tzdata)"
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def near(change: datetime, seconds: int) -> datetime:
    return change + timedelta(seconds=seconds)


__all__ = ["CHANGES", "ZONES", "in_zone", "near"]

"""Where the diary lives, whose it is and which schema it must have, without SQLAlchemy.

The full store (`store`) and the SQLite hot path (`quick`) both start here, so they agree
on the default file, its folder's mode, the schema revision and the busy timeout.
"""

from __future__ import annotations

import os
from pathlib import Path

from acupressure.diary.errors import DiaryError

# The newest Alembic revision in migrations/versions/. Adding a migration? Set this to its
# revision id: start-up compares the database's version with it and migrates when they
# differ (tests/test_diary_store.py checks it against Alembic's own head).
SCHEMA_HEAD = "0004_day_totals"
VERSION_QUERY = "SELECT version_num FROM alembic_version"
BUSY_TIMEOUT_MS = 5_000
# The triggers that keep the summary's kept sums right or absent (migration 0004_day_totals),
# and a kept day's sums in the order the hot path's `day_totals` statement gives them.
TOTALS_TRIGGERS = ("diary_session_totals_insert", "diary_session_totals_update",
                   "diary_session_totals_delete")  # fmt: skip
DAY_SUMS = ("sessions", "side_effects", "rated", "pain_sum", "abandoned", "drop_count",
            "drop_sum")  # fmt: skip
# Whose diary: the single-user app's owner (also the owner column's default; clinic mode
# gives each account its own).
LOCAL_OWNER = "local"
_PLAIN_SQLITE = "sqlite:///"


def default_url() -> str:
    """ACUPRESSURE_DB, else a SQLite file in the user's data directory (created here)."""
    configured = os.environ.get("ACUPRESSURE_DB")
    if configured:
        return configured
    from platformdirs import user_data_dir

    directory = Path(user_data_dir("acupressure"))
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if directory.stat().st_mode & 0o077:  # made by an older version, or by hand
            directory.chmod(0o700)
    except OSError as error:
        raise DiaryError(f"cannot create the diary folder {directory}: {error.strerror}") from error
    return f"{_PLAIN_SQLITE}{directory / 'diary.sqlite3'}"


def plain_sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL, else None (another database, a driver
    named, query options, a URI or in-memory database, characters a URL may escape):
    anything unusual is left to SQLAlchemy's own parsing in the full store."""
    if not url.startswith(_PLAIN_SQLITE):
        return None
    name = url[len(_PLAIN_SQLITE) :]
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    if any(mark in name for mark in "?#%@") or not name.isprintable():
        return None
    return Path(name)


__all__ = [
    "DAY_SUMS",
    "TOTALS_TRIGGERS",
    "BUSY_TIMEOUT_MS",
    "LOCAL_OWNER",
    "SCHEMA_HEAD",
    "VERSION_QUERY",
    "default_url",
    "plain_sqlite_file",
]

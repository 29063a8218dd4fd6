"""Database tables for the diary (SQLAlchemy Core: no ORM on the start-up path).

Rows never leave `store.py`: the repository turns them into `entries` models. Times are
stored as naive UTC so SQLite and PostgreSQL hold exactly the same values. Names follow a
naming convention so Alembic batch migrations can find every constraint again.

Every row has an `owner`: whose diary it is. The single-user app writes everything as
LOCAL_OWNER (also the column's default, so a row written by hand is the local diary's); in
clinic mode each account has its own owner id, always written by the store. A uid is
unique within one owner's diary, so one person's entries never collide with (or reveal)
another's.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from acupressure.diary.location import LOCAL_OWNER

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# A session; `side_effects` holds kinds from a fixed set, space-separated.
sessions = Table(
    "diary_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", String(64), nullable=False, server_default=LOCAL_OWNER),
    Column("uid", String(64), nullable=False),
    Column("started_at", DateTime(), nullable=False),
    Column("ended_at", DateTime(), nullable=True),
    Column("routine", String(200), nullable=False),
    Column("steps_planned", Integer, nullable=False),
    Column("steps_completed", Integer, nullable=False),
    Column("pain_before", SmallInteger, nullable=True),
    Column("pain_after", SmallInteger, nullable=True),
    Column("side_effects", String(100), nullable=False),
    Column("note", Text, nullable=False),
    Column("origin", String(16), nullable=False),
    CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before_range"),
    CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after_range"),
    CheckConstraint("steps_planned >= 0 AND steps_completed >= 0", name="steps_positive"),
    Index("ix_diary_session_started_at", "started_at"),
    Index("ix_diary_session_owner_started_at", "owner", "started_at"),  # one diary in time
    UniqueConstraint("owner", "uid", name="uq_diary_session_owner_uid"),
)

# A weekly check-in.
checkins = Table(
    "diary_checkin",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", String(64), nullable=False, server_default=LOCAL_OWNER),
    Column("uid", String(64), nullable=False),
    Column("week_of", Date, nullable=False),
    Column("average_pain", SmallInteger, nullable=False),
    Column("interference", SmallInteger, nullable=False),
    Column("note", Text, nullable=False),
    CheckConstraint("average_pain BETWEEN 0 AND 10", name="average_pain_range"),
    CheckConstraint("interference BETWEEN 0 AND 10", name="interference_range"),
    Index("ix_diary_checkin_week_of", "week_of"),
    UniqueConstraint("owner", "uid", name="uq_diary_checkin_owner_uid"),
)

# One correction of an entry: its fields before (and after, for an edit) as JSON. Deleted
# entries live on here, so `undo` can put them back with their uid; `undone_at` marks a
# correction that was taken back (the history keeps it, undo skips it).
revisions = Table(
    "diary_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", String(64), nullable=False, server_default=LOCAL_OWNER),
    Column("at", DateTime(), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("action", String(16), nullable=False),
    Column("entry_id", Integer, nullable=False),
    Column("entry_uid", String(64), nullable=False),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=True),
    Column("undone_at", DateTime(), nullable=True),
    CheckConstraint("kind IN ('session', 'checkin')", name="kind_known"),
    CheckConstraint("action IN ('edit', 'delete')", name="action_known"),
    Index("ix_diary_revision_entry_uid", "entry_uid"),
)

# The summary's sums of one owner's sessions per local day (`totals.SessionTotals`), kept
# so that a summary reads a row a day, not a row a session: sessions done, with side
# effects, rated before (and the sum of those ratings), abandoned, rated before and after
# (and the sum of the drops). Kept on SQLite only, by the hot path (`quick`); triggers on
# diary_session take them away whenever a session is changed, deleted or slipped in below
# `through_id`, so they can only be right or absent.
day_totals = Table(
    "diary_day_total",
    metadata,
    Column("owner", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("sessions", Integer, nullable=False),
    Column("side_effects", Integer, nullable=False),
    Column("rated", Integer, nullable=False),
    Column("pain_sum", Integer, nullable=False),
    Column("abandoned", Integer, nullable=False),
    Column("drop_count", Integer, nullable=False),
    Column("drop_sum", Integer, nullable=False),
)

# What the kept sums cover: every session up to `through_id`, placed in local days by the
# zone's `offsets` (`dates.offset_spans`, as JSON) over the sessions' time span.
totals_marks = Table(
    "diary_total_mark",
    metadata,
    Column("owner", String(64), primary_key=True),
    Column("through_id", Integer, nullable=False),
    Column("offsets", Text, nullable=False),
)

# The tables whose rows belong to one owner (an erased diary leaves none of them behind).
OWNED = (sessions, checkins, revisions, day_totals, totals_marks)

__all__ = [
    "LOCAL_OWNER",
    "NAMING_CONVENTION",
    "OWNED",
    "checkins",
    "day_totals",
    "metadata",
    "revisions",
    "sessions",
    "totals_marks",
]

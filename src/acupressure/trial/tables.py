"""Database tables of the trial, beside the diary's in the same database (SQLAlchemy Core).

Their own metadata (with the diary's naming convention), so the diary's tables module does
not change when the trial's does; the migrations of both live in the diary's Alembic
history. Rows never leave `store.py`. The design is kept whole as JSON, exactly as it was
fixed at the start; the periods table repeats the allocation so it can be read by SQL.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from acupressure.diary.tables import NAMING_CONVENTION

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# One trial: its design (fixed at the start) and how it ended.
trials = Table(
    "trial_trial",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("design", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("stopped_at", DateTime(), nullable=True),
    Column("stop_reason", Text, nullable=False),
    Column("stop_advice", Text, nullable=False),
    CheckConstraint("status IN ('running', 'stopped')", name="status_known"),
)

# One period of the recorded allocation, written with the trial, before any rating.
periods = Table(
    "trial_period",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("trial_id", Integer, ForeignKey("trial_trial.id", ondelete="CASCADE"), nullable=False),
    Column("position", SmallInteger, nullable=False),
    Column("pair", SmallInteger, nullable=False),
    Column("arm", String(1), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    UniqueConstraint("trial_id", "position", name="uq_trial_period_position"),
    CheckConstraint("arm IN ('A', 'B')", name="arm_known"),
)

# One day's rating: pain 0-10 and, if given, how much pain got in the way (0-10).
ratings = Table(
    "trial_rating",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("trial_id", Integer, ForeignKey("trial_trial.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("pain", SmallInteger, nullable=False),
    Column("interference", SmallInteger, nullable=True),
    Column("recorded_at", DateTime(), nullable=False),
    UniqueConstraint("trial_id", "day", name="uq_trial_rating_day"),
    CheckConstraint("pain BETWEEN 0 AND 10", name="pain_range"),
    CheckConstraint("interference BETWEEN 0 AND 10", name="interference_range"),
)

__all__ = ["metadata", "periods", "ratings", "trials"]

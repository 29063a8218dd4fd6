"""Database tables for the diary (SQLAlchemy 2 typed mappings).

Rows never leave `store.py`: the repository turns them into `entries` models. Times are
stored as naive UTC so SQLite and PostgreSQL hold exactly the same values. Names follow a
naming convention so Alembic batch migrations can find every constraint again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SessionRow(Base):
    """A session; `side_effects` holds kinds from a fixed set, space-separated."""

    __tablename__ = "diary_session"
    __table_args__ = (
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before_range"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after_range"),
        CheckConstraint("steps_planned >= 0 AND steps_completed >= 0", name="steps_positive"),
        Index("ix_diary_session_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime())
    ended_at: Mapped[datetime | None] = mapped_column(DateTime())
    routine: Mapped[str] = mapped_column(String(200))
    steps_planned: Mapped[int] = mapped_column(Integer)
    steps_completed: Mapped[int] = mapped_column(Integer)
    pain_before: Mapped[int | None] = mapped_column(SmallInteger)
    pain_after: Mapped[int | None] = mapped_column(SmallInteger)
    side_effects: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))


class CheckInRow(Base):
    """A weekly check-in."""

    __tablename__ = "diary_checkin"
    __table_args__ = (
        CheckConstraint("average_pain BETWEEN 0 AND 10", name="average_pain_range"),
        CheckConstraint("interference BETWEEN 0 AND 10", name="interference_range"),
        Index("ix_diary_checkin_week_of", "week_of"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    week_of: Mapped[date] = mapped_column(Date)
    average_pain: Mapped[int] = mapped_column(SmallInteger)
    interference: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str] = mapped_column(Text)


__all__ = ["NAMING_CONVENTION", "Base", "CheckInRow", "SessionRow"]

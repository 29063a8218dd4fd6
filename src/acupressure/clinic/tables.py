"""Database tables of clinic mode: accounts, login sessions and tokens, login failures,
assigned routines and re-screens (SQLAlchemy 2 typed mappings).

They live beside the diary's tables in the same database, with their own Alembic history
(`clinic/migrations`, version table `alembic_version_clinic`), so the single-user app never
creates them. Secrets are stored only as hashes: Argon2 for passwords, SHA-256 for the
random session and API tokens (long random tokens need no slow hash).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from acupressure.diary.tables import NAMING_CONVENTION


class ClinicBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AccountRow(ClinicBase):
    """A person who logs in; `owner` names their diary in the diary tables."""

    __tablename__ = "clinic_account"
    __table_args__ = (
        CheckConstraint("role IN ('practitioner', 'client')", name="role_known"),
        CheckConstraint("practitioner_id IS NULL OR role = 'client'", name="only_clients_belong"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    practitioner_id: Mapped[int | None] = mapped_column(
        ForeignKey("clinic_account.id", ondelete="SET NULL"), index=True
    )
    owner: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime())


class TokenRow(ClinicBase):
    """A web login session (cookie) or an API bearer token, by the SHA-256 of its value."""

    __tablename__ = "clinic_token"
    __table_args__ = (CheckConstraint("kind IN ('web', 'api')", name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime())
    expires_at: Mapped[datetime] = mapped_column(DateTime())


class LoginFailureRow(ClinicBase):
    """One failed login, counted per e-mail address and per client address."""

    __tablename__ = "clinic_login_failure"
    __table_args__ = (Index("ix_clinic_login_failure_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime())


class AssignmentRow(ClinicBase):
    """The routine a practitioner assigned to a client: the answers it was planned from,
    the preset (or none for a personal plan) and the edits, as JSON."""

    __tablename__ = "clinic_assignment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_account.id", ondelete="CASCADE"), unique=True
    )
    practitioner_id: Mapped[int | None] = mapped_column(
        ForeignKey("clinic_account.id", ondelete="SET NULL"), index=True
    )
    profile: Mapped[str] = mapped_column(Text)
    preset: Mapped[str | None] = mapped_column(String(60))
    edits: Mapped[str] = mapped_column(Text)
    assigned_at: Mapped[datetime] = mapped_column(DateTime())


class ScreenRow(ClinicBase):
    """A client's answers to the safety questions (their own screen, or a re-screen before a
    session with the red flags ticked then)."""

    __tablename__ = "clinic_screen"
    __table_args__ = (CheckConstraint("kind IN ('screen', 'rescreen')", name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    answers: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime())


class SettingRow(ClinicBase):
    """A value every worker must share, such as the secret that signs form tokens."""

    __tablename__ = "clinic_setting"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [
    "AccountRow",
    "AssignmentRow",
    "ClinicBase",
    "LoginFailureRow",
    "ScreenRow",
    "SettingRow",
    "TokenRow",
]

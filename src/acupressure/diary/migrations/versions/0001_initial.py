"""Diary sessions and weekly check-ins.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "diary_checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("week_of", sa.Date(), nullable=False),
        sa.Column("average_pain", sa.SmallInteger(), nullable=False),
        sa.Column("interference", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "average_pain BETWEEN 0 AND 10", name=op.f("ck_diary_checkin_average_pain_range")
        ),
        sa.CheckConstraint(
            "interference BETWEEN 0 AND 10", name=op.f("ck_diary_checkin_interference_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diary_checkin")),
        sa.UniqueConstraint("uid", name=op.f("uq_diary_checkin_uid")),
    )
    with op.batch_alter_table("diary_checkin", schema=None) as batch_op:
        batch_op.create_index("ix_diary_checkin_week_of", ["week_of"], unique=False)

    op.create_table(
        "diary_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("routine", sa.String(length=200), nullable=False),
        sa.Column("steps_planned", sa.Integer(), nullable=False),
        sa.Column("steps_completed", sa.Integer(), nullable=False),
        sa.Column("pain_before", sa.SmallInteger(), nullable=True),
        sa.Column("pain_after", sa.SmallInteger(), nullable=True),
        sa.Column("side_effects", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "pain_after BETWEEN 0 AND 10", name=op.f("ck_diary_session_pain_after_range")
        ),
        sa.CheckConstraint(
            "pain_before BETWEEN 0 AND 10", name=op.f("ck_diary_session_pain_before_range")
        ),
        sa.CheckConstraint(
            "steps_planned >= 0 AND steps_completed >= 0",
            name=op.f("ck_diary_session_steps_positive"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diary_session")),
        sa.UniqueConstraint("uid", name=op.f("uq_diary_session_uid")),
    )
    with op.batch_alter_table("diary_session", schema=None) as batch_op:
        batch_op.create_index("ix_diary_session_started_at", ["started_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("diary_session", schema=None) as batch_op:
        batch_op.drop_index("ix_diary_session_started_at")

    op.drop_table("diary_session")
    with op.batch_alter_table("diary_checkin", schema=None) as batch_op:
        batch_op.drop_index("ix_diary_checkin_week_of")

    op.drop_table("diary_checkin")

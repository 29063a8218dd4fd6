"""Personal N-of-1 trials: the trial with its design, its periods (the allocation), ratings.

The tables belong to `acupressure.trial.tables`; their migration lives in the diary's one
Alembic history because they share the database.

Revision ID: 0002_trial
Revises: 0002_entry_history
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_trial"
down_revision: str | None = "0002_entry_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trial_trial",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("design", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stopped_at", sa.DateTime(), nullable=True),
        sa.Column("stop_reason", sa.Text(), nullable=False),
        sa.Column("stop_advice", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('running', 'stopped')", name=op.f("ck_trial_trial_status_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial_trial")),
        sa.UniqueConstraint("uid", name=op.f("uq_trial_trial_uid")),
    )
    op.create_table(
        "trial_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("pair", sa.SmallInteger(), nullable=False),
        sa.Column("arm", sa.String(length=1), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.CheckConstraint("arm IN ('A', 'B')", name=op.f("ck_trial_period_arm_known")),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["trial_trial.id"],
            name=op.f("fk_trial_period_trial_id_trial_trial"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial_period")),
        sa.UniqueConstraint("trial_id", "position", name="uq_trial_period_position"),
    )
    op.create_table(
        "trial_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pain", sa.SmallInteger(), nullable=False),
        sa.Column("interference", sa.SmallInteger(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name=op.f("ck_trial_rating_pain_range")),
        sa.CheckConstraint(
            "interference BETWEEN 0 AND 10", name=op.f("ck_trial_rating_interference_range")
        ),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["trial_trial.id"],
            name=op.f("fk_trial_rating_trial_id_trial_trial"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial_rating")),
        sa.UniqueConstraint("trial_id", "day", name="uq_trial_rating_day"),
    )


def downgrade() -> None:
    op.drop_table("trial_rating")
    op.drop_table("trial_period")
    op.drop_table("trial_trial")

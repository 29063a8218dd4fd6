"""The history of corrections: one row per edit or delete of a session or check-in.

Revision ID: 0002_entry_history
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_entry_history"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "diary_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entry_uid", sa.String(length=64), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('session', 'checkin')", name=op.f("ck_diary_revision_kind_known")
        ),
        sa.CheckConstraint(
            "action IN ('edit', 'delete')", name=op.f("ck_diary_revision_action_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diary_revision")),
    )
    with op.batch_alter_table("diary_revision", schema=None) as batch_op:
        batch_op.create_index("ix_diary_revision_entry_uid", ["entry_uid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("diary_revision", schema=None) as batch_op:
        batch_op.drop_index("ix_diary_revision_entry_uid")
    op.drop_table("diary_revision")

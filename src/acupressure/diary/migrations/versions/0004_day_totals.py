"""Kept per-day sums for the summary, and an index on each diary's sessions in time order.

`diary_day_total` and `diary_total_mark` let `diary summary` read a row a day instead of
a row a session (the SQLite hot path keeps them; see tables.py). They are only ever right
or absent: on SQLite, triggers delete an owner's sums whenever one of their sessions is
changed or deleted, or a session is inserted with an id the sums already cover. The hot
path checks that the triggers are there before it trusts the sums. (A later batch migration
of diary_session, which copies the table, must create them again: TRIGGERS below.)

On PostgreSQL the hot path never runs and the tables stay empty; they get the same
row-level security as the other diary tables all the same.

Revision ID: 0004_day_totals
Revises: 0003_diary_owner
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_day_totals"
down_revision: str | None = "0003_diary_owner"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "owner = current_setting('app.owner', true)"
TABLES = ("diary_day_total", "diary_total_mark")
_FORGET = """
    DELETE FROM diary_total_mark WHERE owner IN ({owners});
    DELETE FROM diary_day_total WHERE owner IN ({owners});
"""
TRIGGERS = {
    "diary_session_totals_insert": (
        "AFTER INSERT ON diary_session WHEN NEW.id <= "
        "(SELECT through_id FROM diary_total_mark WHERE owner = NEW.owner)",
        "NEW.owner",
    ),
    "diary_session_totals_update": ("AFTER UPDATE ON diary_session", "OLD.owner, NEW.owner"),
    "diary_session_totals_delete": ("AFTER DELETE ON diary_session", "OLD.owner"),
}


def upgrade() -> None:
    op.create_index("ix_diary_session_owner_started_at", "diary_session", ["owner", "started_at"])
    op.create_table(
        "diary_day_total",
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("side_effects", sa.Integer(), nullable=False),
        sa.Column("rated", sa.Integer(), nullable=False),
        sa.Column("pain_sum", sa.Integer(), nullable=False),
        sa.Column("abandoned", sa.Integer(), nullable=False),
        sa.Column("drop_count", sa.Integer(), nullable=False),
        sa.Column("drop_sum", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("owner", "day", name="pk_diary_day_total"),
    )
    op.create_table(
        "diary_total_mark",
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("through_id", sa.Integer(), nullable=False),
        sa.Column("offsets", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("owner", name="pk_diary_total_mark"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name, (when, owners) in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {_FORGET.format(owners=owners)} END")
    elif dialect == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {table}_owner ON {table} USING ({POLICY}) WITH CHECK ({POLICY})"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("diary_total_mark")
    op.drop_table("diary_day_total")
    op.drop_index("ix_diary_session_owner_started_at", table_name="diary_session")

"""Every diary row gets an owner: one database can hold many people's diaries (clinic mode).

Existing rows become the single-user diary (owner "local"), so an old diary file keeps
working unchanged and `users adopt-diary` can later hand it to one account. A uid is now
unique within one owner's diary. On PostgreSQL, row-level security (forced, so it binds the
tables' owner too) lets a connection see and write only the rows of the owner named by the
transaction's `app.owner` setting, which the store sets: a query that forgot its filter
still cannot reach another person's diary.

Revision ID: 0003_diary_owner
Revises: 0002_trial
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_diary_owner"
down_revision: str | None = "0002_trial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("diary_session", "diary_checkin", "diary_revision")
UNIQUE_UID = ("diary_session", "diary_checkin")  # a uid is unique within one owner's diary
POLICY = "owner = current_setting('app.owner', true)"


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("owner", sa.String(length=64), nullable=True, server_default="local")
            )
        op.execute(sa.text(f"UPDATE {table} SET owner = 'local'"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("owner", existing_type=sa.String(length=64), nullable=False)
            if table in UNIQUE_UID:
                batch_op.drop_constraint(f"uq_{table}_uid", type_="unique")
                batch_op.create_unique_constraint(f"uq_{table}_owner_uid", ["owner", "uid"])
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {table}_owner ON {table} USING ({POLICY}) WITH CHECK ({POLICY})"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP POLICY IF EXISTS {table}_owner ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table in TABLES:
        others = op.get_bind().execute(
            sa.text(f"SELECT count(*) FROM {table} WHERE owner <> 'local'")
        )
        if others.scalar_one():
            raise RuntimeError(f"{table} holds other people's diaries: refusing to merge them")
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in UNIQUE_UID:
                batch_op.drop_constraint(f"uq_{table}_owner_uid", type_="unique")
                batch_op.create_unique_constraint(f"uq_{table}_uid", ["uid"])
            batch_op.drop_column("owner")

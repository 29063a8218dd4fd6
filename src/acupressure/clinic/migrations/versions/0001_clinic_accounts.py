"""Clinic accounts, login sessions and API tokens, login failures, assignments, screens.

Revision ID: 0001_clinic_accounts
Revises: (none; the clinic tables keep their own history in alembic_version_clinic)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_clinic_accounts"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinic_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "practitioner_id IS NULL OR role = 'client'",
            name=op.f("ck_clinic_account_only_clients_belong"),
        ),
        sa.CheckConstraint(
            "role IN ('practitioner', 'client')", name=op.f("ck_clinic_account_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["clinic_account.id"],
            name=op.f("fk_clinic_account_practitioner_id_clinic_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_account")),
        sa.UniqueConstraint("email", name=op.f("uq_clinic_account_email")),
        sa.UniqueConstraint("owner", name=op.f("uq_clinic_account_owner")),
    )
    with op.batch_alter_table("clinic_account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_account_practitioner_id"), ["practitioner_id"], unique=False
        )

    op.create_table(
        "clinic_login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_login_failure")),
    )
    with op.batch_alter_table("clinic_login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_clinic_login_failure_key_at", ["key", "at"], unique=False)

    op.create_table(
        "clinic_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("preset", sa.String(length=60), nullable=True),
        sa.Column("edits", sa.Text(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clinic_account.id"],
            name=op.f("fk_clinic_assignment_client_id_clinic_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["clinic_account.id"],
            name=op.f("fk_clinic_assignment_practitioner_id_clinic_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_assignment")),
        sa.UniqueConstraint("client_id", name=op.f("uq_clinic_assignment_client_id")),
    )
    with op.batch_alter_table("clinic_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_assignment_practitioner_id"), ["practitioner_id"], unique=False
        )

    op.create_table(
        "clinic_screen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('screen', 'rescreen')", name=op.f("ck_clinic_screen_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["clinic_account.id"],
            name=op.f("fk_clinic_screen_account_id_clinic_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_screen")),
    )
    with op.batch_alter_table("clinic_screen", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_screen_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "clinic_setting",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_clinic_setting")),
    )
    op.create_table(
        "clinic_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('web', 'api')", name=op.f("ck_clinic_token_kind_known")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["clinic_account.id"],
            name=op.f("fk_clinic_token_account_id_clinic_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_token")),
        sa.UniqueConstraint("digest", name=op.f("uq_clinic_token_digest")),
    )
    with op.batch_alter_table("clinic_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_token_account_id"), ["account_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("clinic_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_token_account_id"))

    op.drop_table("clinic_token")
    op.drop_table("clinic_setting")
    with op.batch_alter_table("clinic_screen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_screen_account_id"))

    op.drop_table("clinic_screen")
    with op.batch_alter_table("clinic_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_assignment_practitioner_id"))

    op.drop_table("clinic_assignment")
    with op.batch_alter_table("clinic_login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_clinic_login_failure_key_at")

    op.drop_table("clinic_login_failure")
    with op.batch_alter_table("clinic_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_account_practitioner_id"))

    op.drop_table("clinic_account")

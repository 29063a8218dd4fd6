"""Alembic environment of the clinic tables, run from `clinic.database` (no alembic.ini).

Their own version table keeps this history apart from the diary's, which a single-user
database carries alone; the caller hands over an open connection inside its transaction.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from acupressure.clinic.database import VERSION_TABLE, clinic_tables_only
from acupressure.clinic.tables import ClinicBase

config = context.config
target_metadata = ClinicBase.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,
        compare_type=True,
        include_name=clinic_tables_only,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the clinic migrations run from acupressure.clinic.database.upgrade")
_configure(connection)

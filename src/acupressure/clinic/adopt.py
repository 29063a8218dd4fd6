"""Bring an existing single-user diary into a clinic database as one account's diary.

The old diary is migrated where it is (its rows become the local owner's, see the diary's
migration 0002) and read; its entries are then imported into the account's diary in one
transaction, skipping any already there, so adopting twice adds nothing. The old file is
never changed beyond its schema upgrade.
"""

from __future__ import annotations

from sqlalchemy import Engine

from acupressure.clinic.accounts import Accounts
from acupressure.diary.store import DiaryStore, ImportResult, make_engine


def adopt_diary(*, engine: Engine, email: str, source_url: str) -> ImportResult:
    """Import the single-user diary at `source_url` into the account's own diary."""
    account = Accounts(engine).get(email=email)
    source = make_engine(source_url)
    try:
        old = DiaryStore(source)
        sessions, checkins = old.list_sessions(), old.list_checkins()
    finally:
        source.dispose()
    target = DiaryStore(engine, owner=account.owner)
    return target.import_entries(sessions=sessions, checkins=checkins)


__all__ = ["adopt_diary"]

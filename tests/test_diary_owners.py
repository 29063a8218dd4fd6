"""One database, many diaries: the store scopes every read and write to its owner, an old
single-user diary becomes the local owner's, and on PostgreSQL row-level security refuses
what the scoping might miss (under a plain role, as clinic mode connects)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from acupressure.diary.entries import CheckIn, SessionEntry
from acupressure.diary.store import DiaryStore, alembic_config, make_engine
from acupressure.diary.tables import LOCAL_OWNER

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
PG_ONLY = [pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture
def engine(clinic_db_url: str) -> Iterator[Engine]:
    engine = make_engine(clinic_db_url)
    yield engine
    engine.dispose()


def _session(uid: str, pain: int, hours: int = 0) -> SessionEntry:
    return SessionEntry(
        uid=uid, started_at=START + timedelta(hours=hours), pain_before=pain, pain_after=pain
    )


def test_each_owner_sees_only_their_own_entries(engine: Engine) -> None:
    ann, bob = DiaryStore(engine, owner="ann"), DiaryStore(engine, owner="bob")
    ann.add_session(entry=_session("s1", 3))
    ann.add_checkin(checkin=CheckIn(uid="c1", week_of=date(2026, 3, 2), average_pain=3,
                                    interference=2))  # fmt: skip
    bob.add_session(entry=_session("s1", 7))  # the same uid in another diary is no clash
    bob.add_checkin(checkin=CheckIn(uid="c9", week_of=date(2026, 3, 2), average_pain=8,
                                    interference=8))  # fmt: skip
    assert [s.pain_before for s in ann.list_sessions()] == [3]
    assert [s.pain_before for s in bob.list_sessions()] == [7]
    assert [c.average_pain for c in ann.list_checkins()] == [3]  # one per week, per owner
    assert [c.average_pain for c in bob.list_checkins()] == [8]
    assert DiaryStore(engine).list_sessions() == []  # the local owner has nothing
    assert ann.count() == 2 and bob.count() == 2


def test_import_and_erase_touch_only_their_owner(engine: Engine) -> None:
    ann, bob = DiaryStore(engine, owner="ann"), DiaryStore(engine, owner="bob")
    bob.add_session(entry=_session("shared", 5))
    result = ann.import_entries(sessions=[_session("shared", 2), _session("x", 2, 1)],
                                checkins=[])  # fmt: skip
    assert result.added_sessions == 2 and result.skipped_duplicates == 0
    assert ann.erase() == 2
    assert ann.list_sessions() == []
    assert [s.pain_before for s in bob.list_sessions()] == [5]


def test_an_old_single_user_diary_becomes_the_local_owners(clinic_db_url: str) -> None:
    engine = make_engine(clinic_db_url, migrate=False)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
            connection.execute(
                text(
                    "INSERT INTO diary_session (uid, started_at, routine, steps_planned, "
                    "steps_completed, pain_before, pain_after, side_effects, note, origin) "
                    "VALUES ('old', :at, 'BL23', 1, 1, 6, 4, '', '', 'manual')"
                ),
                {"at": START.replace(tzinfo=None)},
            )
    finally:
        engine.dispose()
    upgraded = make_engine(clinic_db_url)
    try:
        assert [s.uid for s in DiaryStore(upgraded, owner=LOCAL_OWNER).list_sessions()] == ["old"]
        assert DiaryStore(upgraded, owner="someone").list_sessions() == []
    finally:
        upgraded.dispose()


@pytest.mark.parametrize("clinic_db_url", PG_ONLY, indirect=True)
def test_row_level_security_hides_rows_from_an_unscoped_query(engine: Engine) -> None:
    DiaryStore(engine, owner="ann").add_session(entry=_session("a", 3))
    DiaryStore(engine, owner="bob").add_session(entry=_session("b", 4))
    with engine.begin() as connection:  # no owner set: a forgotten filter sees nothing
        assert connection.execute(text("SELECT count(*) FROM diary_session")).scalar() == 0
    with engine.begin() as connection:
        connection.execute(text("SELECT set_config('app.owner', 'ann', true)"))
        rows = connection.execute(text("SELECT uid FROM diary_session")).scalars().all()
        assert rows == ["a"]
        assert connection.execute(text("UPDATE diary_session SET pain_before = 0")).rowcount == 1
    with engine.connect() as connection, connection.begin():
        connection.execute(text("SELECT set_config('app.owner', 'ann', true)"))
        with pytest.raises(DBAPIError, match="row-level security"):
            connection.execute(
                text(
                    "INSERT INTO diary_session (owner, uid, started_at, routine, steps_planned,"
                    " steps_completed, side_effects, note, origin) VALUES ('bob', 'sneaky', "
                    "now(), '', 0, 0, '', '', 'manual')"
                )
            )
    assert [s.pain_before for s in DiaryStore(engine, owner="bob").list_sessions()] == [4]


@pytest.mark.parametrize("clinic_db_url", PG_ONLY, indirect=True)
def test_the_plain_role_is_bound_by_row_level_security(clinic_db_url: str) -> None:
    probe = create_engine(clinic_db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with probe.connect() as connection:
            superuser, bypass = connection.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            ).one()
        assert (superuser, bypass) == (False, False)
    finally:
        probe.dispose()


def test_corrections_reach_only_their_owners_entries(engine: Engine) -> None:
    from acupressure.diary.corrections import DiaryCorrections, NothingToUndo
    from acupressure.errors import NotFound

    ann, bob = DiaryStore(engine, owner="ann"), DiaryStore(engine, owner="bob")
    theirs = bob.add_session(entry=_session("b", 4))
    assert theirs.id is not None
    mine = DiaryCorrections(ann)
    with pytest.raises(NotFound):
        mine.edit_session(id=theirs.id, changes={"note": "mine now"})
    with pytest.raises(NotFound):
        mine.delete(kind="session", id=theirs.id)
    DiaryCorrections(bob).delete(kind="session", id=theirs.id)
    assert mine.history() == []
    with pytest.raises(NothingToUndo):  # bob's delete is not ann's to undo
        mine.undo()
    restored = DiaryCorrections(bob).undo()
    assert restored.entry.id == theirs.id and bob.list_sessions()[0].note == ""
    assert ann.list_sessions() == []

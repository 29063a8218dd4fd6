"""The repository and its migrations against real databases (SQLite always, PostgreSQL
when ACUPRESSURE_TEST_PG names a server); a fresh database for every test."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from acupressure.diary import store as store_module
from acupressure.diary.entries import CheckIn, SessionEntry
from acupressure.diary.store import (
    SCHEMA_HEAD,
    DiaryError,
    DiaryStore,
    SessionCursor,
    alembic_config,
    default_url,
    make_engine,
    schema_is_current,
)
from acupressure.diary.tables import metadata
from acupressure.errors import BadInput
from acupressure.trial.tables import metadata as trial_metadata

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> DiaryStore:
    return DiaryStore(engine)


def test_migrations_take_an_empty_database_to_head(engine: Engine) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names())
    assert current == head
    assert {"diary_session", "diary_checkin", "alembic_version"} <= tables


def test_schema_head_names_the_newest_migration() -> None:
    """Start-up trusts SCHEMA_HEAD to skip Alembic: a new migration must move it too."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert SCHEMA_HEAD == head, f"set SCHEMA_HEAD in diary/location.py to {head!r}"


def test_a_database_behind_is_migrated_and_a_current_one_is_only_asked(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert schema_is_current(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'behind'"))
        assert not schema_is_current(engine)
    finally:
        engine.dispose()
    blank = make_engine(db_url, migrate=False)
    try:
        with blank.begin() as connection:
            connection.execute(text("DELETE FROM alembic_version"))
            made = [*trial_metadata.sorted_tables, *metadata.sorted_tables]
            for table in reversed(made):  # every table a migration made, the trial's too
                connection.execute(text(f"DROP TABLE {table.name}"))
    finally:
        blank.dispose()
    again = make_engine(db_url)
    try:
        assert schema_is_current(again)
        assert DiaryStore(again).list_sessions() == []
    finally:
        again.dispose()


def test_opening_a_current_diary_imports_neither_alembic_nor_the_orm(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    make_engine(url).dispose()
    probe = (
        "import sys\n"
        "from acupressure.diary.store import DiaryStore, make_engine\n"
        f"DiaryStore(make_engine({url!r})).list_sessions()\n"
        "print(sorted({m.split('.')[0] + ('.orm' if '.orm' in m else '') for m in sys.modules"
        " if m.startswith(('alembic', 'sqlalchemy.orm'))}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_reading_never_waits_for_the_sqlite_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the write lock must not block `diary list` or `summary`."""
    path = tmp_path / "locked.sqlite3"
    make_engine(f"sqlite:///{path}").dispose()
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    engine = make_engine(f"sqlite:///{path}")
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO diary_checkin (owner, uid, week_of, average_pain, interference, note)"
            " VALUES ('local', 'held', '2026-03-02', 4, 4, '')"
        )
        store = DiaryStore(engine)
        assert store.list_sessions() == [] and store.list_checkins() == []
        with pytest.raises(DiaryError, match="the diary is busy"):
            store.add_session(entry=SessionEntry(started_at=START))
    finally:
        writer.rollback()
        writer.close()
        engine.dispose()


def test_autogenerate_finds_no_difference_after_upgrade(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        # the trial's tables share the database and the migration history
        assert compare_metadata(context, [metadata, trial_metadata]) == []


def test_starting_twice_is_harmless(db_url: str, engine: Engine) -> None:
    DiaryStore(engine).add_session(entry=SessionEntry(started_at=START, pain_before=4))
    again = make_engine(db_url)
    try:
        assert len(DiaryStore(again).list_sessions()) == 1
    finally:
        again.dispose()


def test_session_round_trip_keeps_every_field(store: DiaryStore) -> None:
    entry = SessionEntry(
        uid="round-trip-1",
        started_at=datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2))),
        ended_at=datetime(2026, 3, 2, 9, 42, tzinfo=timezone(timedelta(hours=2))),
        routine="lower back, 10 minutes",
        steps_planned=8,
        steps_completed=7,
        pain_before=7,
        pain_after=5,
        side_effects=["dizziness", "bruising"],
        note='Évening — a bit stiff; "quotes", commas\nand a newline',
        origin="guided",
    )
    saved = store.add_session(entry=entry)
    assert saved.id is not None
    (loaded,) = store.list_sessions()
    assert loaded == saved
    assert loaded.model_dump(exclude={"id"}) == entry.model_dump(exclude={"id"})
    assert loaded.started_at.tzinfo is not None


def test_checkin_round_trip(store: DiaryStore) -> None:
    checkin = CheckIn(week_of=date(2026, 3, 2), average_pain=5, interference=6, note="busy week")
    saved = store.add_checkin(checkin=checkin)
    assert store.list_checkins() == [saved]
    assert saved.model_dump(exclude={"id"}) == checkin.model_dump(exclude={"id"})


def test_sessions_come_back_in_time_order_and_filter_by_time(store: DiaryStore) -> None:
    for offset in (3, 1, 2):
        store.add_session(entry=SessionEntry(started_at=START + timedelta(days=offset)))
    days = [e.started_at.day for e in store.list_sessions()]
    assert days == [3, 4, 5]
    since = store.list_sessions(since=START + timedelta(days=2))
    assert [e.started_at.day for e in since] == [4, 5]


def test_duplicate_uid_is_refused_and_changes_nothing(store: DiaryStore) -> None:
    store.add_session(entry=SessionEntry(uid="same", started_at=START, pain_before=3))
    with pytest.raises(BadInput, match="already"):
        store.add_session(entry=SessionEntry(uid="same", started_at=START, pain_before=9))
    assert [e.pain_before for e in store.list_sessions()] == [3]


def test_import_skips_known_and_repeated_uids_in_one_transaction(store: DiaryStore) -> None:
    store.add_session(entry=SessionEntry(uid="old", started_at=START))
    batch = [
        SessionEntry(uid="old", started_at=START),
        SessionEntry(uid="new", started_at=START),
        SessionEntry(uid="new", started_at=START),
    ]
    checkins = [CheckIn(uid="c1", week_of=date(2026, 3, 2), average_pain=4, interference=2)]
    result = store.import_entries(sessions=batch, checkins=checkins)
    assert (result.added_sessions, result.added_checkins, result.skipped_duplicates) == (1, 1, 2)
    again = store.import_entries(sessions=batch, checkins=checkins)
    assert (again.added_sessions, again.added_checkins, again.skipped_duplicates) == (0, 0, 4)
    assert sorted(e.uid for e in store.list_sessions()) == ["new", "old"]


def test_sqlite_runs_in_wal_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert (connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
    finally:
        engine.dispose()


def test_default_url_prefers_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ACUPRESSURE_DB", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert default_url() == f"sqlite:///{tmp_path / 'env.sqlite3'}"
    engine = make_engine()
    engine.dispose()
    assert (tmp_path / "env.sqlite3").exists()


def test_default_url_is_a_file_in_the_user_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ACUPRESSURE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = default_url()
    assert url == f"sqlite:///{tmp_path / 'data' / 'acupressure' / 'diary.sqlite3'}"
    assert (tmp_path / "data" / "acupressure").is_dir()


@pytest.mark.parametrize("url", ["nonsense://", "not a url at all"])
def test_bad_database_url_is_bad_input(url: str) -> None:
    with pytest.raises(BadInput, match="database URL"):
        make_engine(url)


def test_check_constraints_guard_the_table_too(engine: Engine) -> None:
    """Even SQL that bypasses the models cannot store a pain score of 11."""
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO diary_session (owner, uid, started_at, routine, steps_planned,"
                " steps_completed, pain_before, side_effects, note, origin)"
                " VALUES ('local', 'x', :t, '', 0, 0, 11, '', '', 'manual')"
            ),
            {"t": datetime(2026, 3, 2)},
        )


WEEK = date(2026, 3, 2)


def test_a_second_check_in_for_the_same_week_replaces_the_first(store: DiaryStore) -> None:
    first = store.add_checkin(checkin=CheckIn(uid="w1", week_of=WEEK, average_pain=6,
                                              interference=5, note="typo"))  # fmt: skip
    second = store.add_checkin(
        checkin=CheckIn(uid="w2", week_of=WEEK, average_pain=4, interference=3)
    )
    assert (second.id, second.uid) == (first.id, "w1")
    [stored] = store.list_checkins()
    assert (stored.uid, stored.average_pain, stored.interference, stored.note) == ("w1", 4, 3, "")
    other = store.add_checkin(
        checkin=CheckIn(uid="w3", week_of=WEEK + timedelta(days=7), average_pain=3, interference=2)
    )
    assert other.uid == "w3" and len(store.list_checkins()) == 2


def test_import_keeps_one_check_in_per_week_the_later_one_winning(store: DiaryStore) -> None:
    store.add_checkin(checkin=CheckIn(uid="old", week_of=WEEK, average_pain=6, interference=5))
    incoming = [
        CheckIn(uid="a", week_of=WEEK, average_pain=5, interference=4),
        CheckIn(uid="b", week_of=WEEK + timedelta(days=7), average_pain=4, interference=3),
        CheckIn(uid="c", week_of=WEEK + timedelta(days=7), average_pain=2, interference=1),
    ]
    result = store.import_entries(sessions=[], checkins=incoming)
    assert (result.added_checkins, result.replaced_checkins, result.skipped_duplicates) == (1, 2, 0)
    weeks = [(c.uid, c.week_of, c.average_pain) for c in store.list_checkins()]
    assert weeks == [("old", WEEK, 5), ("b", WEEK + timedelta(days=7), 2)]
    again = store.import_entries(sessions=[], checkins=incoming)
    assert (again.added_checkins, again.replaced_checkins) == (0, 0)
    assert again.skipped_duplicates == 3
    assert len(store.list_checkins()) == 2


def test_pages_of_sessions_meet_without_gaps_or_repeats(store: DiaryStore) -> None:
    entries = [
        SessionEntry(uid=f"p{n}", started_at=START + timedelta(hours=n // 2), pain_before=n % 11)
        for n in range(23)
    ]
    store.import_entries(sessions=entries, checkins=[])
    seen: list[SessionEntry] = []
    cursor = None
    while True:
        page, cursor = store.recent_sessions(before=cursor, limit=5)
        seen += page
        if cursor is None:
            break
        assert SessionCursor.parse(str(cursor)) == cursor
    assert [e.uid for e in seen] == [e.uid for e in reversed(store.list_sessions())]


@pytest.mark.parametrize(
    "text", ["", "2026-03-02", "2026-03-02T08:00~x", "2026-03-02T08:00+01:00~3"]
)
def test_a_malformed_page_cursor_is_bad_input(text: str) -> None:
    with pytest.raises(BadInput, match="cursor"):
        SessionCursor.parse(text)

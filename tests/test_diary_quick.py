"""The SQLite hot path (`diary.quick`) against the real SQLAlchemy store.

Whatever `quick` writes, the store reads back as the same entry, stored as the very same
row the store writes; the summary from `quick`'s rows is the summary from the store's
entries; and every unusual case (no file, a schema behind or ahead, another database, a
URL with options) is left to the store, which then does its usual work (a read-only
folder: test_diary_store_safety).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import make_url

from acupressure.diary import quick
from acupressure.diary.analytics import document, document_json, summarise, summarise_totals
from acupressure.diary.entries import SIDE_EFFECTS, CheckIn, SessionEntry
from acupressure.diary.kept_totals import summary_totals
from acupressure.diary.location import plain_sqlite_file
from acupressure.diary.statements import build
from acupressure.diary.store import (
    SCHEMA_HEAD,
    DiaryBusy,
    DiaryStore,
    alembic_config,
    make_engine,
)
from acupressure.diary.totals import SessionTotals
from acupressure.errors import BadInput

TODAY = date(2026, 3, 9)
NOTHING = (SessionTotals(days=[], done=0, abandoned=0, drop_sum=0, drop_count=0, last_rated=(),
                         recent_side_effects=()), [])  # fmt: skip
CLI = [sys.executable, "-c", "from acupressure.cli import main; main()"]
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
)
instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2026, 1, 1), timezones=zones
)
pain = st.none() | st.integers(0, 10)
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@st.composite
def sessions(draw: st.DrawFn) -> SessionEntry:
    started = draw(instants)
    planned = draw(st.integers(0, 30))
    return SessionEntry(
        uid=draw(st.uuids()).hex,
        started_at=started,
        ended_at=draw(st.none() | st.just(started + timedelta(minutes=draw(st.integers(0, 90))))),
        routine=draw(text),
        steps_planned=planned,
        steps_completed=draw(st.integers(0, planned)),
        pain_before=draw(pain),
        pain_after=draw(pain),
        side_effects=draw(st.lists(st.sampled_from(SIDE_EFFECTS), max_size=4)),
        note=draw(text),
        origin=draw(st.sampled_from(["guided", "manual", "import"])),
    )


checkins = st.builds(
    CheckIn,
    uid=st.uuids().map(lambda u: u.hex),
    week_of=st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 12, 31)),
    average_pain=st.integers(0, 10),
    interference=st.integers(0, 10),
    note=text,
)


def new_diary(path: Path) -> str:
    """A current, empty diary made by the store (migrations and all)."""
    url = f"sqlite:///{path}"
    make_engine(url).dispose()
    return url


def raw_rows(path: Path, table: str = "diary_session") -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def read_back(url: str) -> tuple[list[SessionEntry], list[CheckIn]]:
    engine = make_engine(url)
    try:
        store = DiaryStore(engine)
        return store.list_sessions(), store.list_checkins()
    finally:
        engine.dispose()


@SLOW
@given(entries=st.lists(sessions(), min_size=1, max_size=5, unique_by=lambda e: e.uid))
def test_what_quick_writes_the_store_reads_back_as_the_store_would_have_written_it(
    tmp_path_factory: pytest.TempPathFactory, entries: list[SessionEntry]
) -> None:
    folder = tmp_path_factory.mktemp("pair")
    fast, full = folder / "quick.sqlite3", folder / "store.sqlite3"
    fast_url, full_url = new_diary(fast), new_diary(full)
    engine = make_engine(full_url)
    try:
        by_store = [DiaryStore(engine).add_session(entry=entry) for entry in entries]
    finally:
        engine.dispose()
    by_quick = [quick.add_session(fast_url, entry) for entry in entries]
    assert by_quick == by_store  # the same answer, ids included
    assert raw_rows(fast) == raw_rows(full)  # the same bytes in the same columns
    assert read_back(fast_url)[0] == read_back(full_url)[0]


@SLOW
@given(
    entries=st.lists(sessions(), max_size=30, unique_by=lambda e: e.uid),
    weeks=st.lists(checkins, max_size=6, unique_by=lambda c: c.week_of),
    offset=st.integers(0, 60),
    per_day=st.integers(1, 5),
)
def test_the_summary_from_sqlites_sums_is_the_summary_from_the_store(
    tmp_path_factory: pytest.TempPathFactory,
    entries: list[SessionEntry],
    weeks: list[CheckIn],
    offset: int,
    per_day: int,
) -> None:
    url = new_diary(tmp_path_factory.mktemp("summary") / "diary.sqlite3")
    engine = make_engine(url)
    try:
        DiaryStore(engine).import_entries(sessions=entries, checkins=weeks)
    finally:
        engine.dispose()
    stored_sessions, stored_checkins = read_back(url)
    today = max([e.started_at.date() for e in entries] + [date(2025, 6, 1)]) + timedelta(offset)
    by_store = summarise(sessions=stored_sessions, checkins=stored_checkins, today=today,
                         planned_per_day=per_day)  # fmt: skip
    for _summed_then_kept in range(2):
        summed = summary_totals(url, today=today)
        assert summed is not None
        by_quick = summarise_totals(totals=summed[0], checkins=summed[1], today=today,
                                    planned_per_day=per_day)  # fmt: skip
        assert document(by_quick) == document(by_store)
    # `diary summary --json` lets pydantic write the text: the very text of emit_json
    written = json.dumps(document(by_store), ensure_ascii=False, indent=2)
    assert document_json(by_quick) == written


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True,
                          env={**os.environ, **env})  # fmt: skip


def test_the_cli_summary_is_the_stores_summary_and_imports_no_sqlalchemy(tmp_path: Path) -> None:
    url = new_diary(tmp_path / "diary.sqlite3")
    today = date.today()
    engine = make_engine(url)
    try:
        store = DiaryStore(engine)
        for day in range(20):
            moment = datetime.combine(today - timedelta(days=day), datetime.min.time(), UTC)
            entry = SessionEntry(started_at=moment + timedelta(hours=9), pain_before=6 - day % 3,
                                 pain_after=4)  # fmt: skip
            store.add_session(entry=entry)
        store.add_checkin(checkin=CheckIn(week_of=today - timedelta(days=14), average_pain=5,
                                          interference=4))  # fmt: skip
    finally:
        engine.dispose()
    probe = ("import sys, atexit\n"
             "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sys.modules)))\n"
             "from acupressure.cli import main\nmain()\n")  # fmt: skip
    for _ in range(2):  # the first run may compile the SQL into the cache
        command = [sys.executable, "-c", probe, "diary", "summary", "--json", "--per-day", "2",
                   "--db", url]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.rsplit("MODULES ", 1)[1].split())
    assert "acupressure.diary.quick" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("sqlalchemy", "alembic")}
    sessions_, checkins_ = read_back(url)
    expected = summarise(sessions=sessions_, checkins=checkins_, today=today, planned_per_day=2)
    assert json.loads(result.stdout) == document(expected)


def test_the_cli_adds_on_the_hot_path_with_the_stores_answer(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    url = new_diary(path)
    for n in range(2):
        added = cli("diary", "add", "--pain-before", "6", "--pain-after", "3", "--date",
                    "2026-03-02T08:30", "--side-effect", "bruising", "--note", f"n{n}",
                    "--json", "--db", url)  # fmt: skip
        assert added.returncode == 0, added.stderr
    session = json.loads(added.stdout)["session"]
    stored = read_back(url)[0]
    assert [s.note for s in stored] == ["n0", "n1"]
    assert session == stored[-1].model_dump(mode="json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        assert not side.exists() or stat.S_IMODE(side.stat().st_mode) == 0o600


def test_a_uid_already_there_is_refused_with_the_stores_words(tmp_path: Path) -> None:
    url = new_diary(tmp_path / "diary.sqlite3")
    entry = SessionEntry(uid="twice", started_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert quick.add_session(url, entry) is not None
    with pytest.raises(BadInput, match="a session with uid 'twice' is already in the diary"):
        quick.add_session(url, entry)
    assert len(raw_rows(tmp_path / "diary.sqlite3")) == 1


def test_a_busy_diary_makes_the_writer_wait_then_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "diary.sqlite3"
    url = new_diary(path)
    monkeypatch.setattr(quick, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        entry = SessionEntry(started_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
        with pytest.raises(DiaryBusy, match="the diary is busy"):
            quick.add_session(url, entry)
        assert summary_totals(url, today=TODAY) == NOTHING  # readers still read
    finally:
        other.rollback()
        other.close()
    assert raw_rows(path) == []


def test_a_missing_file_is_left_to_the_store_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    entry = SessionEntry(started_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert quick.add_session(f"sqlite:///{path}", entry) is None
    assert summary_totals(f"sqlite:///{path}", today=TODAY) is None
    assert not path.exists()
    added = cli(
        "diary", "add", "--pain-before", "4", "--pain-after", "2", "--db", f"sqlite:///{path}"
    )
    assert added.returncode == 0, added.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(raw_rows(path)) == 1


def diary_at(path: Path, revision: str | None) -> str:
    """A real diary at an older revision (Alembic's own upgrade), or an empty file."""
    url = f"sqlite:///{path}"
    if revision is None:
        path.touch(mode=0o600)
        return url
    engine = make_engine(url, migrate=False)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
    finally:
        engine.dispose()
    return url


@pytest.mark.parametrize("revision", ["0002_trial", "0001", None])
def test_a_diary_behind_is_left_to_the_store_which_migrates_it(
    tmp_path: Path, revision: str | None
) -> None:
    path = tmp_path / "diary.sqlite3"
    url = diary_at(path, revision)
    entry = SessionEntry(started_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert quick.add_session(url, entry) is None
    assert summary_totals(url, today=TODAY) is None
    added = cli("diary", "add", "--pain-before", "4", "--pain-after", "2", "--db", url)
    assert added.returncode == 0, added.stderr
    with sqlite3.connect(path) as connection:
        versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    assert versions == [(SCHEMA_HEAD,)]
    assert len(raw_rows(path)) == 1
    summed = summary_totals(url, today=TODAY)  # at head now: the hot path takes over
    assert summed is not None and summed[0].done == 1


def test_a_diary_from_a_newer_version_is_left_to_the_store_which_refuses_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "diary.sqlite3"
    url = new_diary(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    entry = SessionEntry(started_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert quick.add_session(url, entry) is None
    assert summary_totals(url, today=TODAY) is None
    for command_line in (["summary"], ["add", "--pain-before", "4", "--pain-after", "2"]):
        refused = cli("diary", *command_line, "--db", url)
        assert refused.returncode == 2
        assert "newer version of acupressure" in refused.stderr
    assert raw_rows(path) == []


@pytest.mark.parametrize(
    "url",
    ["postgresql://someone@localhost/diary", "sqlite://", "sqlite:///:memory:",
     "sqlite+pysqlite:///{path}", "sqlite:///{path}?mode=ro", "sqlite:///file:{path}?uri=true"],
)  # fmt: skip
def test_other_databases_and_url_options_are_left_to_the_store(tmp_path: Path, url: str) -> None:
    path = tmp_path / "diary.sqlite3"
    new_diary(path)
    url = url.format(path=path)
    entry = SessionEntry(started_at=datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert quick.add_session(url, entry) is None
    assert summary_totals(url, today=TODAY) is None
    assert raw_rows(path) == []


@given(name=st.text(min_size=1, max_size=30))
def test_a_plain_sqlite_url_names_the_file_sqlalchemy_would_open(name: str) -> None:
    url = f"sqlite:///{name}"
    path = plain_sqlite_file(url)
    if path is not None:
        assert str(path) == str(Path(make_url(url).database or ""))


def test_the_compiled_sql_is_owner_scoped_and_its_types_are_plain() -> None:
    built = build()
    assert built["usable"] is True
    for name, statement in built["statements"].items():
        if name not in ("version", "totals_triggers", "last_id"):  # the schema, the highest id
            assert "owner" in statement["params"].values(), name
            assert all(
                role == "owner" or role.isidentifier() for role in statement["params"].values()
            )


def test_the_cache_is_used_and_rebuilt_when_broken(tmp_path: Path) -> None:
    key = quick._cache_key()
    cached = quick._cache_file(key)
    assert cached is not None
    url = new_diary(tmp_path / "diary.sqlite3")
    assert summary_totals(url, today=TODAY) == NOTHING
    assert json.loads(cached.read_text())["key"] == key
    cached.write_text("{not json")
    assert summary_totals(url, today=TODAY) == NOTHING
    assert json.loads(cached.read_text())["key"] == key

"""The diary under pressure: readers during a write, a busy writer, file permissions,
read-only folders, a newer schema, and errors that never show SQL, notes or passwords.

Every test uses a real SQLite file; the "other writer" is a second real connection that
holds the write lock, as a large import in another process would.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from acupressure.diary.entries import SessionEntry
from acupressure.diary.store import (
    DiaryBusy,
    DiaryError,
    DiaryStore,
    NewerDiary,
    default_url,
    make_engine,
)
from acupressure.errors import BadInput

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CLI = [sys.executable, "-c", "from acupressure.cli import main; main()"]


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Another writer in the middle of a transaction (an uncommitted row), then rolled back."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "INSERT INTO diary_session (uid, started_at, routine, steps_planned, steps_completed,"
            " side_effects, note, origin) VALUES ('uncommitted', '2026-03-01 08:00:00', '', 0, 0,"
            " '', '', 'manual')"
        )
        yield
    finally:
        other.rollback()
        other.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A diary file with one committed session."""
    file = tmp_path / "diary.sqlite3"
    engine = make_engine(f"sqlite:///{file}")
    DiaryStore(engine).add_session(entry=SessionEntry(uid="kept", started_at=START))
    engine.dispose()
    return file


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def test_readers_read_while_another_process_writes(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=200)
    try:
        with write_lock(path):
            assert [e.uid for e in DiaryStore(engine).list_sessions()] == ["kept"]
            assert DiaryStore(engine).list_checkins() == []
    finally:
        engine.dispose()


def test_opening_an_up_to_date_diary_takes_no_write_lock(path: Path) -> None:
    with write_lock(path):
        engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=200)
        engine.dispose()


def test_a_writer_waits_a_bounded_time_then_says_the_diary_is_busy(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=200)
    store = DiaryStore(engine)
    try:
        with write_lock(path), pytest.raises(DiaryBusy, match="the diary is busy"):
            store.add_session(entry=SessionEntry(uid="late", started_at=START))
        store.add_session(entry=SessionEntry(uid="late", started_at=START))  # lock gone: fine
        assert [e.uid for e in store.list_sessions()] == ["kept", "late"]
    finally:
        engine.dispose()


def test_the_cli_lists_during_a_write_and_a_busy_add_exits_1_plainly(path: Path) -> None:
    db = f"sqlite:///{path}"
    with write_lock(path):
        listed = cli("diary", "list", "--json", "--db", db)
        added = cli("diary", "add", "--pain-before", "5", "--pain-after", "3", "--db", db)
    assert listed.returncode == 0, listed.stderr
    assert added.returncode == 1
    assert added.stderr.startswith("error: the diary is busy")
    assert added.stderr.count("\n") == 1 and "Traceback" not in added.stderr


def test_a_new_diary_file_and_its_wal_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ACUPRESSURE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        url = default_url()
        engine = make_engine(url)
        store = DiaryStore(engine)
        store.add_session(entry=SessionEntry(started_at=START))
        folder = tmp_path / "data" / "acupressure"
        files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
        engine.dispose()
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {"diary.sqlite3", "diary.sqlite3-wal", "diary.sqlite3-shm"} <= set(files)
    assert set(files.values()) == {0o600}, files


def test_an_old_default_folder_open_to_all_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "data" / "acupressure"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    default_url()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def _read_only_runner(folder: Path) -> list[str] | None:
    """A command prefix under which `folder` cannot be written, or None on this machine."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        for file in folder.iterdir():
            file.chmod(0o444)
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = subprocess.run(
        [unshare, "-m", "sh", "-c", f"mount --bind -o ro {folder} {folder} && true"],
        capture_output=True,
    )
    if probe.returncode != 0:
        return None
    return [unshare, "-m", "sh", "-c", f'mount --bind -o ro {folder} {folder} && exec "$@"', "-"]


def test_a_diary_in_a_read_only_folder_can_still_be_read(path: Path) -> None:
    prefix = _read_only_runner(path.parent)
    if prefix is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    db = f"sqlite:///{path}"
    try:
        listed = subprocess.run([*prefix, *CLI, "diary", "list", "--json", "--db", db],
                                capture_output=True, text=True)  # fmt: skip
        summary = subprocess.run([*prefix, *CLI, "diary", "summary", "--db", db],
                                 capture_output=True, text=True)  # fmt: skip
        added = subprocess.run([*prefix, *CLI, "diary", "add", "--pain-before", "4",
                                "--pain-after", "2", "--db", db],
                               capture_output=True, text=True)  # fmt: skip
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    assert listed.returncode == 0, listed.stderr
    assert '"uid": "kept"' in listed.stdout
    assert summary.returncode == 0, summary.stderr
    assert added.returncode == 1
    assert added.stderr.startswith("error:") and "read-only" in added.stderr
    assert "Traceback" not in added.stderr


def _break_the_table(path: Path) -> None:
    """A database error on insert: the table's columns are not what the code expects."""
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE diary_session RENAME COLUMN note TO remark")


def test_a_database_error_shows_no_sql_and_no_note(
    path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _break_the_table(path)
    engine = make_engine(f"sqlite:///{path}")
    entry = SessionEntry(started_at=START, note="my private worry")
    try:
        with caplog.at_level(logging.ERROR), pytest.raises(DiaryError) as raised:
            DiaryStore(engine).add_session(entry=entry)
    finally:
        engine.dispose()
    message = str(raised.value)
    assert "could not be written" in message
    for secret in ("my private worry", "INSERT", "diary_session", "sqlalche.me"):
        assert secret not in message
    assert "INSERT" in caplog.text  # the detail is in the log for whoever runs the program


def test_the_cli_shows_a_plain_line_for_a_database_error(path: Path) -> None:
    _break_the_table(path)
    added = cli("diary", "add", "--pain-before", "5", "--pain-after", "3",
                "--note", "my private worry", "--db", f"sqlite:///{path}")  # fmt: skip
    assert added.returncode == 1
    assert added.stderr.startswith("error: the diary could not be written")
    assert added.stderr.count("\n") == 1
    assert "my private worry" not in added.stderr and "INSERT" not in added.stderr


def test_a_postgresql_password_is_never_echoed() -> None:
    with pytest.raises(DiaryError) as unreachable:
        make_engine("postgresql://ann:hunter2@127.0.0.1:1/diary")
    with pytest.raises(BadInput) as malformed:
        make_engine("postgresql://ann:hunter2@127.0.0.1:port/diary")
    for error in (unreachable.value, malformed.value):
        assert "hunter2" not in str(error)
    assert "***" in str(unreachable.value)
    result = cli("diary", "list", "--db", "postgresql://ann:hunter2@127.0.0.1:1/diary")
    assert result.returncode == 1 and "hunter2" not in result.stderr


def _from_the_future(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")


def test_a_diary_from_a_newer_version_is_a_clear_error(path: Path) -> None:
    _from_the_future(path)
    with pytest.raises(NewerDiary, match="newer version of acupressure"):
        make_engine(f"sqlite:///{path}")
    db = f"sqlite:///{path}"
    for args in (["diary", "list", "--db", db], ["serve", "--port", "0", "--db", db]):
        result = cli(*args)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("error: the diary was made by a newer version")
        assert result.stderr.count("\n") == 1, result.stderr

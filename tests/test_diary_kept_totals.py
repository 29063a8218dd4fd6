"""The sums the summary keeps in an SQLite diary, against a summary of the whole diary.

Whatever happens to a diary (sessions added by either path, imported, edited, deleted,
brought back by undo, changed by hand in SQLite, the computer moved to another zone) the
summary from the kept sums is the summary `summarise` makes from every stored entry.
"""

from __future__ import annotations

import importlib
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from acupressure.diary import quick
from acupressure.diary.analytics import document, summarise, summarise_totals
from acupressure.diary.corrections import DiaryCorrections, NothingToUndo
from acupressure.diary.entries import SIDE_EFFECTS, SessionEntry
from acupressure.diary.kept_totals import _DAY_SUMS, _TRIGGERS, summary_totals
from acupressure.diary.statements import DAY_SUMS, TOTALS_TRIGGERS
from acupressure.diary.store import DiaryStore, make_engine
from zones import CHANGES, ZONES, in_zone, near

instants = st.builds(near, st.sampled_from(CHANGES), st.integers(-2 * 86_400, 2 * 86_400))
pain = st.none() | st.integers(0, 10)


@st.composite
def sessions(draw: st.DrawFn) -> SessionEntry:
    planned = draw(st.sampled_from([0, 0, 6]))
    return SessionEntry(
        started_at=draw(instants).replace(microsecond=draw(st.sampled_from([0, 500_000]))),
        steps_planned=planned,
        steps_completed=draw(st.integers(0, planned)),
        pain_before=draw(pain),
        pain_after=draw(pain),
        side_effects=draw(st.lists(st.sampled_from(SIDE_EFFECTS), max_size=2, unique=True)),
    )


def kept(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        marks = connection.execute("SELECT * FROM diary_total_mark").fetchall()
        days = connection.execute("SELECT * FROM diary_day_total ORDER BY day").fetchall()
    return marks, days


class KeptDiary(RuleBasedStateMachine):
    """A real diary file, changed every way there is, summarised after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.zone = "UTC"

    @initialize()
    def open(self) -> None:
        base = Path(FOLDER.mktemp("kept"))
        self.path = base / "diary.sqlite3"
        self.url = f"sqlite:///{self.path}"
        self.engine = make_engine(self.url)
        self.store = DiaryStore(self.engine)
        self.fix = DiaryCorrections(self.store)

    def teardown(self) -> None:
        if hasattr(self, "engine"):
            self.engine.dispose()

    def ids(self) -> list[int]:
        return [entry.id for entry in self.store.list_sessions() if entry.id is not None]

    @rule(entry=sessions())
    def add_on_the_hot_path(self, entry: SessionEntry) -> None:
        assert quick.add_session(self.url, entry) is not None

    @rule(entry=sessions())
    def add_through_the_store(self, entry: SessionEntry) -> None:
        self.store.add_session(entry=entry)

    @rule(entries=st.lists(sessions(), max_size=6))
    def import_some(self, entries: list[SessionEntry]) -> None:
        self.store.import_entries(sessions=entries, checkins=[])

    @rule(pick=st.integers(0, 100), entry=sessions())
    def edit(self, pick: int, entry: SessionEntry) -> None:
        ids = self.ids()
        if ids:
            changes = entry.model_dump(include={"started_at", "pain_before", "side_effects"})
            self.fix.edit_session(id=ids[pick % len(ids)], changes=changes)

    @rule(pick=st.integers(0, 100))
    def delete(self, pick: int) -> None:
        ids = self.ids()
        if ids:
            self.fix.delete(kind="session", id=ids[pick % len(ids)])

    @rule()
    def undo(self) -> None:
        try:
            self.fix.undo()
        except NothingToUndo:
            pass

    @rule(pick=st.integers(0, 100), pain_after=st.integers(0, 10))
    def change_by_hand(self, pick: int, pain_after: int) -> None:
        ids = self.ids()
        if ids:
            with sqlite3.connect(self.path) as connection:
                connection.execute("UPDATE diary_session SET pain_after = ? WHERE id = ?",
                                   (pain_after, ids[pick % len(ids)]))  # fmt: skip

    @rule(zone=st.sampled_from(ZONES))
    def move_to(self, zone: str) -> None:
        self.zone = zone

    @invariant()
    def the_summary_is_the_whole_diarys(self) -> None:
        if not hasattr(self, "store"):
            return
        today = date(2021, 10, 20)
        with in_zone(self.zone):
            expected = summarise(sessions=self.store.list_sessions(), checkins=[], today=today)
            for _then_kept in range(2):
                summed = summary_totals(self.url, today=today)
                assert summed is not None
                progress = summarise_totals(totals=summed[0], checkins=summed[1], today=today)
                assert document(progress) == document(expected)
        marks, days = kept(self.path)
        assert len(marks) == 1 and sum(row[2] for row in days) == expected.sessions


FOLDER: pytest.TempPathFactory


def test_the_kept_sums_are_always_the_whole_diarys(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    global FOLDER
    FOLDER = tmp_path_factory
    runner = KeptDiary.TestCase()
    runner.settings = settings(max_examples=25, stateful_step_count=12, deadline=None,
                               suppress_health_check=list(HealthCheck))  # fmt: skip
    runner.runTest()


def diary(path: Path, *entries: SessionEntry) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        DiaryStore(engine).import_entries(sessions=list(entries), checkins=[])
    finally:
        engine.dispose()
    return url


TEN_DAYS = [SessionEntry(started_at=datetime(2026, 3, 1, 8, tzinfo=UTC) + timedelta(days=n),
                         pain_before=6 - n % 3, pain_after=3) for n in range(10)]  # fmt: skip


def test_a_summary_keeps_a_row_a_day_and_then_adds_only_what_is_new(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    url = diary(path, *TEN_DAYS)
    assert kept(path) == ([], [])
    assert summary_totals(url, today=date(2026, 3, 12)) is not None
    marks, days = kept(path)
    assert [(owner, through) for owner, through, _offsets in marks] == [("local", 10)]
    assert [row[1] for row in days] == [f"2026-03-{n:02}" for n in range(1, 11)]
    later = SessionEntry(started_at=datetime(2026, 3, 10, 20, tzinfo=UTC), pain_before=2)
    assert quick.add_session(url, later) is not None
    summed = summary_totals(url, today=date(2026, 3, 12))
    assert summed is not None and {d[0]: d[1] for d in summed[0].days}["2026-03-10"] == 2
    marks, days = kept(path)
    assert marks[0][1] == 11 and days[-1][2:6] == (2, 0, 2, 8)  # the new session added in


def test_a_diary_whose_write_lock_is_taken_is_summed_without_waiting_or_keeping(
    tmp_path: Path,
) -> None:
    path = tmp_path / "diary.sqlite3"
    url = diary(path, *TEN_DAYS)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        summed = summary_totals(url, today=date(2026, 3, 12))
    finally:
        other.rollback()
        other.close()
    assert summed is not None and summed[0].done == 10
    assert kept(path) == ([], [])


def test_without_its_triggers_a_diary_keeps_nothing_and_is_still_summed_right(
    tmp_path: Path,
) -> None:
    path = tmp_path / "diary.sqlite3"
    url = diary(path, *TEN_DAYS)
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER diary_session_totals_update")
    summed = summary_totals(url, today=date(2026, 3, 12))
    assert summed is not None and summed[0].done == 10
    assert kept(path) == ([], [])


def test_an_erased_diary_leaves_no_sums_behind(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    url = diary(path, *TEN_DAYS)
    assert summary_totals(url, today=date(2026, 3, 12)) is not None
    engine = make_engine(url)
    try:
        DiaryStore(engine).erase()
    finally:
        engine.dispose()
    assert kept(path) == ([], [])


def test_the_hot_path_the_statements_and_the_migration_name_the_same_things() -> None:
    assert _DAY_SUMS == DAY_SUMS
    assert _TRIGGERS == len(TOTALS_TRIGGERS)
    migration = importlib.import_module("acupressure.diary.migrations.versions.0004_day_totals")
    assert set(TOTALS_TRIGGERS) == set(migration.TRIGGERS)

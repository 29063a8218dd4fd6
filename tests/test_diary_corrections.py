"""Edit, delete, undo and the history of corrections, against real databases (SQLite always,
PostgreSQL when ACUPRESSURE_TEST_PG names a server)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from acupressure.diary import exchange
from acupressure.diary.analytics import summarise
from acupressure.diary.corrections import DiaryCorrections, NothingToUndo
from acupressure.diary.entries import CheckIn, SessionEntry
from acupressure.diary.store import DiaryStore, make_engine
from acupressure.errors import BadInput, NotFound

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
WEEK = date(2026, 3, 2)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> DiaryStore:
    return DiaryStore(engine)


@pytest.fixture
def fix(store: DiaryStore) -> DiaryCorrections:
    return DiaryCorrections(store)


def session(**fields: object) -> SessionEntry:
    return SessionEntry.model_validate({"started_at": START, "pain_before": 6, **fields})


def test_an_edit_changes_only_what_it_names_and_keeps_the_entry_before(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    saved = store.add_session(entry=session(pain_after=4, note="morning"))
    assert saved.id is not None
    edited = fix.edit_session(id=saved.id, changes={"pain_after": 2})
    assert (edited.pain_before, edited.pain_after, edited.note) == (6, 2, "morning")
    assert (edited.id, edited.uid) == (saved.id, saved.uid)
    assert store.list_sessions() == [edited]
    [revision] = fix.history()
    assert (revision.action, revision.kind, revision.entry_id) == ("edit", "session", saved.id)
    assert revision.before["pain_after"] == 4
    assert revision.after is not None and revision.after["pain_after"] == 2
    assert revision.summary == f"Changed pain after of session {saved.id}."


def test_a_mistaken_side_effect_corrected_no_longer_stops_the_person(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    today = START.date()
    saved = store.add_session(entry=session(pain_after=4, side_effects=["bruising"]))
    assert saved.id is not None

    def alerts() -> list[str]:
        progress = summarise(sessions=store.list_sessions(), checkins=[], today=today, tz=UTC)
        return [alert.kind for alert in progress.alerts]

    assert alerts() == ["stop_and_get_assessed"]
    fix.edit_session(id=saved.id, changes={"side_effects": []})
    assert alerts() == []
    fix.undo()
    assert alerts() == ["stop_and_get_assessed"]
    fix.delete(kind="session", id=saved.id)
    assert alerts() == []
    assert store.list_sessions() == []


def test_delete_then_undo_puts_the_entry_back_with_its_id_and_uid(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    first = store.add_session(entry=session(note="first"))
    second = store.add_session(entry=session(note="second", started_at=START + timedelta(hours=5)))
    assert second.id is not None
    gone = fix.delete(kind="session", id=second.id)
    assert gone == second
    assert store.list_sessions() == [first]
    undone = fix.undo()
    assert undone.entry == second
    assert undone.revision.action == "delete"
    assert store.list_sessions() == [first, second]
    [revision] = fix.history()
    assert revision.undone_at is not None
    with pytest.raises(NothingToUndo):
        fix.undo()


def test_a_deleted_id_taken_meanwhile_comes_back_under_a_new_id(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    saved = store.add_session(entry=session(note="deleted"))
    assert saved.id is not None
    fix.delete(kind="session", id=saved.id)
    other = store.add_session(entry=session(note="typed in after", pain_before=3))
    undone = fix.undo()
    assert undone.entry.uid == saved.uid
    notes = sorted(e.note for e in store.list_sessions())
    assert notes == ["deleted", "typed in after"]
    if other.id == saved.id:  # SQLite may hand the freed id out again
        assert undone.entry.id != saved.id


def test_undo_goes_back_one_correction_at_a_time_newest_first(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    saved = store.add_session(entry=session(pain_after=5))
    assert saved.id is not None
    fix.edit_session(id=saved.id, changes={"pain_after": 4})
    fix.edit_session(id=saved.id, changes={"pain_after": 3, "note": "better"})
    fix.delete(kind="session", id=saved.id)
    assert store.list_sessions() == []
    fix.undo()
    assert [(e.pain_after, e.note) for e in store.list_sessions()] == [(3, "better")]
    fix.undo()
    assert [(e.pain_after, e.note) for e in store.list_sessions()] == [(4, "")]
    fix.undo()
    assert [(e.pain_after, e.note) for e in store.list_sessions()] == [(5, "")]
    history = fix.history(kind="session", id=saved.id)
    assert [r.action for r in history] == ["delete", "edit", "edit"]
    assert all(r.undone_at is not None for r in history)


def test_an_edit_that_changes_nothing_leaves_no_history(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    saved = store.add_session(entry=session(pain_after=5))
    assert saved.id is not None
    assert fix.edit_session(id=saved.id, changes={"pain_after": 5}) == saved
    assert fix.history() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pain_after": 11}, "pain_after"),
        ({"side_effects": ["itching"]}, "side_effects"),
        ({"uid": "other"}, "uid: cannot be changed"),
        ({"started_at": datetime.now(UTC) + timedelta(days=3)}, "in the future"),
        ({"ended_at": START - timedelta(hours=1)}, "ended_at is before started_at"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    store: DiaryStore, fix: DiaryCorrections, changes: dict[str, object], message: str
) -> None:
    saved = store.add_session(entry=session(pain_after=5))
    assert saved.id is not None
    with pytest.raises(BadInput, match=message):
        fix.edit_session(id=saved.id, changes=changes)
    assert store.list_sessions() == [saved]
    assert fix.history() == []


def test_unknown_ids_are_not_found(fix: DiaryCorrections) -> None:
    with pytest.raises(NotFound, match="no session 7"):
        fix.edit_session(id=7, changes={"pain_after": 1})
    with pytest.raises(NotFound, match="no check-in 7"):
        fix.delete(kind="checkin", id=7)


def test_check_ins_are_edited_deleted_and_restored_one_per_week(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    first = store.add_checkin(checkin=CheckIn(week_of=WEEK, average_pain=6, interference=5))
    later = store.add_checkin(
        checkin=CheckIn(week_of=WEEK + timedelta(days=7), average_pain=4, interference=3)
    )
    assert first.id is not None and later.id is not None
    edited = fix.edit_checkin(id=first.id, changes={"average_pain": 5, "note": "typo fixed"})
    assert (edited.average_pain, edited.note) == (5, "typo fixed")
    with pytest.raises(BadInput, match="already has check-in"):
        fix.edit_checkin(id=first.id, changes={"week_of": later.week_of})
    fix.delete(kind="checkin", id=later.id)
    assert store.list_checkins() == [edited]
    fix.undo()
    assert store.list_checkins() == [edited, later]
    fix.undo()
    assert store.list_checkins() == [first, later]


def test_undo_of_a_deleted_check_in_whose_week_was_filled_again_is_refused(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    saved = store.add_checkin(checkin=CheckIn(week_of=WEEK, average_pain=6, interference=5))
    assert saved.id is not None
    fix.delete(kind="checkin", id=saved.id)
    store.add_checkin(checkin=CheckIn(week_of=WEEK, average_pain=2, interference=1))
    with pytest.raises(BadInput, match="already has check-in"):
        fix.undo()
    assert [c.average_pain for c in store.list_checkins()] == [2]


def test_a_corrected_diary_exports_and_imports_cleanly(
    store: DiaryStore, fix: DiaryCorrections, tmp_path: object
) -> None:
    kept = store.add_session(entry=session(pain_after=4, side_effects=["bruising"]))
    dropped = store.add_session(entry=session(started_at=START + timedelta(hours=6)))
    assert kept.id is not None and dropped.id is not None
    fix.edit_session(id=kept.id, changes={"side_effects": []})
    fix.delete(kind="session", id=dropped.id)
    sessions, checkins = store.list_sessions(), store.list_checkins()
    for text, reader in (
        (exchange.to_json(sessions=sessions, checkins=checkins), exchange.parse_json),
        (exchange.to_csv(sessions=sessions, checkins=checkins), exchange.parse_csv),
    ):
        parsed = reader(text)
        assert [e.model_dump(exclude={"id"}) for e in parsed.sessions] == [
            e.model_dump(exclude={"id"}) for e in sessions
        ]
        result = store.import_entries(sessions=parsed.sessions, checkins=parsed.checkins)
        assert (result.added_sessions, result.skipped_duplicates) == (0, 1)


def test_moving_a_session_moves_its_end_with_it(store: DiaryStore, fix: DiaryCorrections) -> None:
    saved = store.add_session(entry=session(ended_at=START + timedelta(minutes=12)))
    assert saved.id is not None
    moved = fix.edit_session(id=saved.id, changes={"started_at": START - timedelta(days=1)})
    assert moved.ended_at == START - timedelta(days=1) + timedelta(minutes=12)


@pytest.mark.parametrize("start", ["yesterday", None, ["2026-03-01"], {"at": 1}])
def test_a_start_that_is_no_time_is_bad_input_not_a_crash(
    store: DiaryStore, fix: DiaryCorrections, start: object
) -> None:
    saved = store.add_session(entry=session(ended_at=START + timedelta(minutes=12)))
    assert saved.id is not None
    with pytest.raises(BadInput, match="started_at"):
        fix.edit_session(id=saved.id, changes={"started_at": start})


def test_an_old_backup_does_not_bring_back_what_the_person_deleted(
    store: DiaryStore, fix: DiaryCorrections
) -> None:
    mistaken = store.add_session(entry=session(pain_after=5, side_effects=["bruising"]))
    kept = store.add_session(entry=session(started_at=START + timedelta(hours=5), pain_after=3))
    weekly = store.add_checkin(checkin=CheckIn(week_of=WEEK, average_pain=5, interference=4))
    backup = exchange.parse_json(
        exchange.to_json(sessions=store.list_sessions(), checkins=store.list_checkins())
    )
    assert mistaken.id is not None and weekly.id is not None
    fix.delete(kind="session", id=mistaken.id)
    fix.delete(kind="checkin", id=weekly.id)
    result = store.import_entries(sessions=backup.sessions, checkins=backup.checkins)
    assert (result.added_sessions, result.added_checkins) == (0, 0)
    assert (result.skipped_deleted, result.skipped_duplicates) == (2, 1)
    assert [s.uid for s in store.list_sessions()] == [kept.uid]
    assert store.list_checkins() == []
    fix.undo()  # the check-in is back: the backup's copy is now a plain duplicate
    again = store.import_entries(sessions=backup.sessions, checkins=backup.checkins)
    assert (again.skipped_deleted, again.skipped_duplicates, again.added_sessions) == (1, 2, 0)

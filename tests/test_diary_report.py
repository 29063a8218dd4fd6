"""The report for the doctor, from the entries: days with several sessions, side effects,
routines, and the same numbers as the summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from acupressure.diary.entries import CheckIn, SessionEntry
from acupressure.diary.report import diary_report

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def entry(days: float, before: int, after: int, **fields: object) -> SessionEntry:
    return SessionEntry.model_validate(
        {"started_at": START + timedelta(days=days), "pain_before": before, "pain_after": after,
         "routine": "Lower back", **fields}
    )  # fmt: skip


def test_several_sessions_a_day_share_one_row_in_time_order() -> None:
    sessions = [entry(0.5, 5, 4), entry(0, 6, 4), entry(0.25, 6, 5, side_effects=["bruising"]),
                entry(1, 4, 3, routine="")]  # fmt: skip
    report = diary_report(sessions=sessions, checkins=[], today=date(2026, 3, 3), tz=UTC)
    first, second = report.days
    assert [s.time for s in first.sessions] == ["08:00", "14:00", "20:00"]
    assert first.sessions[1].side_effects == ["bruising"]
    assert len(second.sessions) == 1
    assert (report.first, report.last, report.sessions) == (date(2026, 3, 2), date(2026, 3, 3), 4)
    assert [(u.routine, u.sessions) for u in report.routines] == [
        ("Lower back", 3),
        ("typed in by hand", 1),
    ]
    [effect] = report.side_effects
    assert effect.kinds == ["bruising"] and report.alerts


def test_abandoned_sessions_are_shown_but_not_counted_and_check_ins_summed_up() -> None:
    abandoned = entry(0, 7, 7, steps_planned=6, steps_completed=0)
    weeks = [CheckIn(week_of=date(2026, 3, 2), average_pain=6, interference=5),
             CheckIn(week_of=date(2026, 3, 9), average_pain=4, interference=3)]  # fmt: skip
    report = diary_report(sessions=[abandoned, entry(1, 5, 3)], checkins=weeks,
                          today=date(2026, 3, 10), tz=UTC)  # fmt: skip
    assert (report.sessions, report.abandoned) == (1, 1)
    assert report.days[0].sessions[0].abandoned
    assert report.relief_after_session == 2.0
    assert report.checkins is not None and "6 in the first week, 4 in the latest" in report.checkins

"""The diary speaks up when background pain climbs (issue 9), even with short relief."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from acupressure.diary.analytics import Progress, summarise
from acupressure.diary.entries import CheckIn, SessionEntry

DAY0 = date(2026, 3, 2)


def session(n: int, before: int, after: int) -> SessionEntry:
    moment = datetime.combine(DAY0 + timedelta(days=n), datetime.min.time(), tzinfo=UTC)
    return SessionEntry.model_validate(
        {"started_at": moment + timedelta(hours=9), "pain_before": before, "pain_after": after}
    )


def summary(pains: list[int], today: int, checkins: list[CheckIn] | None = None) -> Progress:
    sessions = [session(n, pain, max(pain - 2, 0)) for n, pain in enumerate(pains)]
    return summarise(
        sessions=sessions,
        checkins=checkins or [],
        today=DAY0 + timedelta(days=today),
        tz=UTC,
    )


def kinds(progress: Progress) -> list[str]:
    return [alert.kind for alert in progress.alerts]


def test_rising_background_pain_alerts_even_with_relief_after_each_session() -> None:
    pains = [3] * 7 + [4, 5, 5, 6, 6, 6]  # +2.6 over 13 days; each session 2 points lower
    progress = summary(pains, today=12)
    assert progress.relief_after_session == 2.0
    [alert] = [a for a in progress.alerts if a.kind == "pain_rising"]
    assert "first week" in alert.reason and "doctor" in alert.advice


def test_weekly_check_ins_count_as_background_pain() -> None:
    checkins = [
        CheckIn(week_of=DAY0, average_pain=3, interference=3),
        CheckIn(week_of=DAY0 + timedelta(days=10), average_pain=7, interference=6),
    ]
    progress = summary([3] * 7 + [4, 5, 5, 5], today=10, checkins=checkins)
    assert "pain_rising" not in kinds(summary([3] * 7 + [4, 5, 5, 5], today=10))
    assert "pain_rising" in kinds(progress)


def test_flat_or_falling_diaries_have_no_such_alert() -> None:
    assert "pain_rising" not in kinds(summary([5] * 14, today=13))
    assert "pain_rising" not in kinds(summary([6] * 7 + [4] * 7, today=13))
    assert "pain_rising" not in kinds(summary([3] * 7 + [4] * 7, today=13))  # +1 only


def test_fewer_than_ten_days_are_not_enough() -> None:
    assert "pain_rising" not in kinds(summary([2] * 7 + [8, 8], today=8))

"""Progress is reported honestly: the Farrar threshold, adherence, and the safety monitor."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from acupressure.diary.analytics import (
    Progress,
    compare,
    daily_pain,
    document_json,
    sparkline,
    summarise,
)
from acupressure.diary.entries import CheckIn, SessionEntry

DAY0 = date(2026, 3, 2)


def day(n: int, *, before: int | None, after: int | None = None, hour: int = 9,
        effects: list[str] | None = None) -> SessionEntry:  # fmt: skip
    moment = datetime.combine(DAY0 + timedelta(days=n), datetime.min.time(), tzinfo=UTC)
    return SessionEntry.model_validate(
        {
            "started_at": moment + timedelta(hours=hour),
            "pain_before": before,
            "pain_after": before if after is None else after,
            "side_effects": effects or [],
        }
    )


def course(pains: list[int]) -> list[SessionEntry]:
    return [day(n, before=pain) for n, pain in enumerate(pains)]


def run(sessions: list[SessionEntry], today_index: int, **kwargs: Any) -> Progress:
    return summarise(
        sessions=sessions, checkins=[], today=DAY0 + timedelta(days=today_index), tz=UTC,
        **kwargs,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("baseline", "recent", "meets"),
    [
        (6.0, 4.0, True),  # exactly 2 points
        (6.0, 4.5, False),  # 1.5 points, 25%
        (3.0, 2.0, True),  # 1 point but 33%
        (10.0, 7.5, True),  # 2.5 points
        (5.0, 5.0, False),
        (4.0, 6.0, True),  # worse by 2 points: noticeable, in the wrong direction
    ],
)
def test_threshold_is_two_points_or_thirty_percent(
    baseline: float, recent: float, meets: bool
) -> None:
    change = compare(baseline=baseline, recent=recent)
    assert change.meets_threshold is meets
    assert "Farrar 2001" in change.statement or change.direction == "no_change"
    assert "cure" not in change.statement.lower()


def test_clear_improvement_is_stated_as_meeting_the_threshold_never_as_cured() -> None:
    progress = run(course([7] * 7 + [6] * 7 + [4] * 7), 20)
    assert progress.change is not None
    assert progress.change.direction == "less_pain"
    assert progress.change.meets_threshold
    assert "meets the threshold for a change patients usually notice" in progress.change.statement
    text = document_json(progress).lower()
    assert "cured" not in text and " cure" not in text
    assert progress.alerts == []
    assert progress.threshold_source == "farrar2001"


def test_no_comparison_during_the_first_week() -> None:
    progress = run(course([6, 6, 5]), 3)
    assert progress.change is None
    assert "baseline" in progress.change_note


def test_recent_window_never_overlaps_the_first_week() -> None:
    progress = run(course([8] * 7 + [5]), 7)
    assert progress.change is not None
    assert progress.change.baseline == 8 and progress.change.recent == 5


def test_no_meaningful_improvement_after_the_course_advises_a_professional() -> None:
    progress = run(course([6] * 7 + [5] * 7), 13)
    assert progress.change is not None and not progress.change.meets_threshold
    kinds = [alert.kind for alert in progress.alerts]
    assert kinds == ["see_a_professional"]
    assert "physiotherapist" in progress.alerts[0].advice


def test_no_professional_advice_before_the_course_is_over() -> None:
    progress = run(course([6] * 7 + [6] * 5), 11)
    assert progress.alerts == []


def test_pain_worse_after_three_of_the_last_five_sessions_says_stop() -> None:
    sessions = [day(n, before=5, after=after) for n, after in enumerate([4, 6, 4, 7, 6])]
    progress = run(sessions, 4)
    assert [a.kind for a in progress.alerts] == ["stop_and_get_assessed"]
    assert "3 of the last 5" in progress.alerts[0].reason


def test_two_worse_sessions_in_five_do_not_trigger_the_monitor() -> None:
    sessions = [day(n, before=5, after=after) for n, after in enumerate([6, 4, 6, 4, 4])]
    assert run(sessions, 4).alerts == []


def test_any_recent_side_effect_says_stop_and_get_assessed() -> None:
    sessions = course([5, 5, 5]) + [day(3, before=5, effects=["dizziness"])]
    progress = run(sessions, 4)
    assert [a.kind for a in progress.alerts] == ["stop_and_get_assessed"]
    assert "dizziness" in progress.alerts[0].reason
    assert "Stop acupressure" in progress.alerts[0].advice


def test_adherence_counts_planned_sessions_per_day_without_extra_credit() -> None:
    sessions = [day(0, before=5, hour=8), day(0, before=5, hour=12), day(0, before=5, hour=20),
                day(1, before=5)]  # fmt: skip
    progress = run(sessions, 3, planned_per_day=2)
    adherence = progress.adherence
    assert (adherence.days, adherence.planned, adherence.done) == (4, 8, 3)
    assert adherence.ratio == pytest.approx(3 / 8, abs=0.001)


def test_daily_pain_is_the_mean_rating_before_sessions() -> None:
    sessions = [day(0, before=6, after=2), day(0, before=4, after=1, hour=18), day(1, before=None)]
    days = daily_pain(sessions=sessions, tz=UTC)
    assert days[DAY0].pain == 5 and days[DAY0].sessions == 2
    assert days[DAY0 + timedelta(days=1)].pain is None


def test_relief_after_session_is_reported_separately() -> None:
    progress = run([day(0, before=6, after=3), day(1, before=6, after=5)], 1)
    assert progress.relief_after_session == 2


def test_sparkline_uses_the_fixed_zero_to_ten_scale() -> None:
    assert sparkline([0, 10, None, 5]) == "▁█ ▅"
    assert sparkline([3, 3, 3]) == "▃▃▃"


def test_summary_sparkline_covers_the_last_days_with_gaps() -> None:
    progress = run(course([10, 0]), 2)
    assert progress.sparkline.endswith("█▁ ")
    assert len(progress.sparkline) == 28


def test_checkin_trend_uses_the_same_threshold() -> None:
    checkins = [
        CheckIn(week_of=DAY0, average_pain=7, interference=6),
        CheckIn(week_of=DAY0 + timedelta(days=7), average_pain=4, interference=3),
    ]
    progress = summarise(sessions=[], checkins=checkins, today=DAY0 + timedelta(days=8))
    assert progress.checkins is not None
    assert progress.checkins.change is not None and progress.checkins.change.meets_threshold
    assert progress.change is None and progress.sessions == 0


def test_a_check_in_for_a_future_week_is_not_the_latest_week() -> None:
    checkins = [
        CheckIn(week_of=DAY0, average_pain=7, interference=6),
        CheckIn(week_of=DAY0 + timedelta(days=7), average_pain=5, interference=4),
        CheckIn(week_of=DAY0 + timedelta(days=70), average_pain=0, interference=0),
    ]
    progress = summarise(sessions=[], checkins=checkins, today=DAY0 + timedelta(days=8))
    assert progress.checkins is not None
    assert (progress.checkins.weeks, progress.checkins.latest_average_pain) == (2, 5)
    only_future = summarise(sessions=[], checkins=checkins[2:], today=DAY0)
    assert only_future.checkins is None


def abandoned(n: int, *, before: int, effects: list[str] | None = None) -> SessionEntry:
    """A guided session ended at step 1 with nothing pressed."""
    entry = day(n, before=before, after=before - 3, hour=18, effects=effects)
    return entry.model_copy(update={"origin": "guided", "steps_planned": 8, "steps_completed": 0})


def test_a_session_ended_before_any_step_is_kept_but_not_counted() -> None:
    done = [day(0, before=6, after=5), day(1, before=6, after=5)]
    progress = run([*done, abandoned(1, before=9)], 1, planned_per_day=1)
    assert (progress.sessions, progress.abandoned) == (2, 1)
    assert progress.relief_after_session == 1.0  # the abandoned 9 -> 6 is not relief
    assert [d.pain for d in progress.days] == [6.0, 6.0]  # nor background pain
    assert (progress.adherence.done, progress.adherence.planned) == (2, 2)
    only_abandoned = run([abandoned(0, before=7)], 0)
    assert (only_abandoned.sessions, only_abandoned.adherence.done) == (0, 0)
    assert only_abandoned.relief_after_session is None


def test_a_side_effect_after_an_abandoned_session_still_stops_the_person() -> None:
    progress = run([abandoned(0, before=5, effects=["dizziness"])], 0)
    assert [a.kind for a in progress.alerts] == ["stop_and_get_assessed"]
    assert "dizziness" in progress.alerts[0].reason

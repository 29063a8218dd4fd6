"""The pain trend model the web page draws: positions, means, check-ins, side effects."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from acupressure.diary.entries import CheckIn, SessionEntry
from acupressure.diary.trend import MAX_TICKS, PLOT_HEIGHT, pain_trend, y_of

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def entry(day: int, before: int, after: int, **fields: object) -> SessionEntry:
    return SessionEntry.model_validate(
        {"started_at": START + timedelta(days=day), "pain_before": before, "pain_after": after,
         **fields}
    )  # fmt: skip


def test_days_average_before_and_after_and_lie_inside_the_plot() -> None:
    sessions = [entry(0, 6, 4), entry(0, 8, 6), entry(3, 5, 3, side_effects=["bruising"])]
    trend = pain_trend(sessions=sessions, checkins=[], tz=UTC)
    first, second = trend.points
    assert (first.before, first.after, first.sessions) == (7.0, 5.0, 2)
    assert second.side_effects == ["bruising"]
    assert all(0 <= p.x <= 100 for p in trend.points)
    assert first.x < second.x
    assert y_of(10) < y_of(0) and y_of(0) - y_of(10) == PLOT_HEIGHT
    assert trend.effect_y < y_of(10)  # the marks sit in the band above 10, inside the chart
    assert "from 7 (2 Mar) to 5 (5 Mar)" in trend.description


def test_abandoned_sessions_are_not_averaged_but_their_side_effects_show() -> None:
    abandoned = entry(0, 9, 9, steps_planned=6, steps_completed=0, side_effects=["dizziness"])
    trend = pain_trend(sessions=[entry(0, 5, 4), abandoned], checkins=[], tz=UTC)
    [day] = trend.points
    assert (day.before, day.sessions, day.abandoned) == (5.0, 1, 1)
    assert day.side_effects == ["dizziness"]


def test_check_ins_span_their_week_and_long_diaries_go_weekly() -> None:
    weeks = [CheckIn(week_of=date(2026, 3, 2), average_pain=5, interference=4)]
    trend = pain_trend(sessions=[entry(0, 6, 4)], checkins=weeks, tz=UTC)
    [week] = trend.weeks
    assert week.x1 < trend.points[0].x < week.x2 and week.y == y_of(5)
    assert 2 <= len(trend.ticks) <= 4
    long = pain_trend(sessions=[entry(n, 5, 4) for n in range(0, 400, 3)], checkins=[], tz=UTC)
    assert long.weekly and len(long.points) < 70
    assert long.points[0].label.startswith("week of ")
    assert pain_trend(sessions=[], checkins=[]).points == []


def test_date_labels_never_crowd_together_however_short_or_long_the_diary() -> None:
    for days in [*range(0, 400), 3_000, 45_000]:  # up to a diary reaching back to 1900
        trend = pain_trend(sessions=[entry(-days, 6, 4), entry(0, 5, 3)], checkins=[], tz=UTC)
        xs = [tick.x for tick in trend.ticks]
        assert 1 <= len(xs) <= MAX_TICKS and all(0 <= x <= 100 for x in xs), days
        gaps = [right - left for left, right in zip(xs, xs[1:], strict=False)]
        assert all(gap >= 100 / MAX_TICKS - 0.05 for gap in gaps), (days, xs)
    four_days = pain_trend(sessions=[entry(0, 6, 4), entry(3, 5, 3)], checkins=[], tz=UTC)
    assert [tick.label for tick in four_days.ticks] == ["2 Mar", "5 Mar"]

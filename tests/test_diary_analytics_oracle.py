"""Today's summary (sums per day, windows read from either end) against the rules as they
were first written (tests/analytics_oracle.py: every session, every day, each time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

import analytics_oracle
from acupressure.diary.analytics import document, summarise
from acupressure.diary.entries import SIDE_EFFECTS, CheckIn, SessionEntry

START = datetime(2026, 1, 1, tzinfo=UTC)
pain = st.none() | st.integers(0, 10)


@st.composite
def sessions(draw: st.DrawFn) -> SessionEntry:
    planned = draw(st.sampled_from([0, 0, 0, 6]))
    return SessionEntry(
        started_at=START + timedelta(hours=draw(st.integers(0, 24 * 70))),
        steps_planned=planned,
        steps_completed=draw(st.integers(0, planned)),
        pain_before=draw(st.none() | st.integers(0, 10) | st.integers(0, 10)),
        pain_after=draw(pain),
        side_effects=draw(st.lists(st.sampled_from(SIDE_EFFECTS), max_size=2, unique=True)),
    )


checkins = st.builds(
    CheckIn,
    week_of=st.dates(min_value=date(2025, 12, 20), max_value=date(2026, 3, 20)),
    average_pain=st.integers(0, 10),
    interference=st.integers(0, 10),
)


@settings(max_examples=400, deadline=None)
@given(
    entries=st.lists(sessions(), max_size=60),
    weeks=st.lists(checkins, max_size=8, unique_by=lambda c: c.week_of),
    today=st.dates(min_value=date(2025, 12, 25), max_value=date(2026, 4, 1)),
    per_day=st.integers(1, 4),
    spark_days=st.sampled_from([7, 28]),
)
def test_the_summary_follows_the_rules_as_first_written(
    entries: list[SessionEntry], weeks: list[CheckIn], today: date, per_day: int, spark_days: int
) -> None:
    entries.sort(key=lambda e: e.started_at)
    now = summarise(sessions=entries, checkins=weeks, today=today, planned_per_day=per_day,
                    tz=UTC, spark_days=spark_days)  # fmt: skip
    then = analytics_oracle.summarise(sessions=entries, checkins=weeks, today=today,
                                      planned_per_day=per_day, tz=UTC,
                                      spark_days=spark_days)  # fmt: skip
    assert document(now) == then.model_dump(mode="json")

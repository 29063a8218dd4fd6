"""The summary's sums from the entries, and this computer's offsets as `offset_spans` finds them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from acupressure.diary.dates import offset_spans
from acupressure.diary.entries import SessionEntry
from acupressure.diary.totals import DayTotal, day_totals, local_day, session_totals
from zones import CHANGES, ZONES, in_zone, near

instants = st.builds(near, st.sampled_from(CHANGES), st.integers(-3 * 86_400, 3 * 86_400)) | (
    st.datetimes(
        min_value=datetime(1950, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    )
)


def offset_at(spans: list[tuple[datetime, int]], moment: datetime) -> int:
    return [offset for start, offset in spans if start <= moment][-1]


@settings(max_examples=60, deadline=None)
@given(zone=st.sampled_from(ZONES), moments=st.lists(instants, min_size=1, max_size=8),
       fraction=st.integers(0, 999_999))  # fmt: skip
def test_the_spans_give_every_instant_the_offset_astimezone_gives(
    zone: str, moments: list[datetime], fraction: int
) -> None:
    moments = sorted(m.replace(microsecond=fraction) for m in moments)
    with in_zone(zone):
        spans = offset_spans(moments[0], moments[-1])
        assert spans[0][0] == moments[0]
        assert [start for start, _ in spans] == sorted({start for start, _ in spans})
        for moment in moments:
            expected = moment.astimezone().utcoffset()
            assert expected is not None
            assert offset_at(spans, moment) == expected.total_seconds()
        for (start, offset), (_, before) in zip(spans[1:], spans, strict=False):
            assert offset != before  # a span starts where the offset changes, and only there
            assert start.astimezone().utcoffset() == timedelta(seconds=offset)
            assert (start - timedelta(seconds=1)).astimezone().utcoffset() == timedelta(
                seconds=before
            )


def test_a_year_in_berlin_has_two_changes_at_the_second() -> None:
    with in_zone("Europe/Berlin"):
        spans = offset_spans(datetime(2021, 1, 1, tzinfo=UTC), datetime(2021, 12, 31, tzinfo=UTC))
    assert [(start, offset) for start, offset in spans[1:]] == [
        (datetime(2021, 3, 28, 1, tzinfo=UTC), 7200),
        (datetime(2021, 10, 31, 1, tzinfo=UTC), 3600),
    ]


def session(when: datetime, **fields: object) -> SessionEntry:
    return SessionEntry(started_at=when, **fields)  # type: ignore[arg-type]


def test_days_are_local_days_and_sum_what_the_summary_needs() -> None:
    late = datetime(2021, 3, 13, 23, 30, tzinfo=UTC)  # the 13th in UTC, the 14th in Berlin
    entries = [session(late, pain_before=4), session(late + timedelta(hours=2), pain_before=6,
               side_effects=["bruising"]), session(late + timedelta(days=1))]  # fmt: skip
    with in_zone("Europe/Berlin"):
        days = day_totals(entries)
    assert days == [DayTotal("2021-03-14", 2, 1, 2, 10), DayTotal("2021-03-15", 1, 0, 0, 0)]
    assert day_totals(entries, UTC) == [
        DayTotal("2021-03-13", 1, 0, 1, 4),
        DayTotal("2021-03-14", 2, 1, 1, 6),
    ]


def test_the_whole_diary_sums_leave_out_what_cannot_be_placed_and_keep_the_abandoned_apart() -> (
    None
):
    day = datetime(2026, 3, 2, 8, tzinfo=UTC)
    entries = [
        session(day, pain_before=6, pain_after=3),
        session(
            day + timedelta(hours=1),
            steps_planned=4,
            steps_completed=0,
            pain_before=5,
            pain_after=7,
            side_effects=["dizziness"],
        ),  # fmt: skip
        session(day + timedelta(hours=2), pain_before=5, pain_after=5),
    ]
    old = SessionEntry.model_construct(
        **{**entries[0].model_dump(), "started_at": datetime(1, 1, 1, tzinfo=UTC)}
    )
    totals = session_totals([old, *entries], today=date(2026, 3, 20), tz=UTC)
    assert totals.days == [DayTotal("2026-03-02", 2, 0, 2, 11)]
    assert (totals.done, totals.abandoned) == (2, 1)
    assert (totals.drop_sum, totals.drop_count) == (
        3,
        2,
    )  # the abandoned session's rise is not relief
    assert totals.last_rated == ((6, 3), (5, 7), (5, 5))  # but it counts for "pain worse after"
    assert totals.recent_side_effects == ("dizziness",)
    assert session_totals(entries, today=date(2026, 3, 30), tz=UTC).recent_side_effects == ()
    assert local_day(datetime(1, 1, 1, tzinfo=UTC), UTC) == date(1, 1, 1)

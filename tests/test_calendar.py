"""The .ics reminders parse back with icalendar and carry the schedule and its alarms."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from acupressure.errors import BadInput
from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.calendar import routine_to_ics
from acupressure.planning.planner import plan
from acupressure.planning.routine import Routine
from acupressure.safety.profile import parse_profile
from answered import answered

START = date(2026, 11, 23)


def routine(catalogue: Catalogue, preset: str | None = None, **fields: object) -> Routine:
    return plan(profile=parse_profile(answered(fields)), catalogue=catalogue, preset=preset)


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_one_daily_reminder_per_moment_for_the_course(catalogue: Catalogue) -> None:
    planned = routine(catalogue, minutes=10)
    data = routine_to_ics(routine=planned, start=START)
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0"
    found = calendar.walk("VEVENT")
    reminders = [event for event in found if "RRULE" in event]
    assert len(reminders) == 3
    starts = sorted(event.decoded("DTSTART") for event in reminders)
    assert starts == [
        datetime(2026, 11, 23, 7, 30),
        datetime(2026, 11, 23, 13, 30),
        datetime(2026, 11, 23, 21, 30),
    ]
    for event in reminders:
        rule = event["RRULE"]
        assert rule["FREQ"] == ["DAILY"] and rule["COUNT"] == [14]
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["ACTION"] == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(0)
        assert event.decoded("DURATION") == timedelta(minutes=-(-planned.guided_seconds // 60))
        description = str(event["DESCRIPTION"])
        assert "BL23" in description and "Stop if:" in description
    assert len({str(event["UID"]) for event in found}) == len(found)


def test_a_review_reminder_at_the_end_of_the_course(catalogue: Catalogue) -> None:
    data = routine_to_ics(routine=routine(catalogue), start=START)
    review = [event for event in events(data) if "RRULE" not in event]
    assert len(review) == 1
    assert review[0].decoded("DTSTART") == START + timedelta(days=14)
    assert "see a doctor" in str(review[0]["SUMMARY"])


def test_a_preset_schedule(catalogue: Catalogue) -> None:
    data = routine_to_ics(routine=routine(catalogue, "article-002", minutes=30), start=START)
    reminders = [event for event in events(data) if "RRULE" in event]
    assert len(reminders) == 2  # article 002: twice a day


def test_the_file_is_deterministic(catalogue: Catalogue) -> None:
    planned = routine(catalogue)
    assert routine_to_ics(routine=planned, start=START) == routine_to_ics(
        routine=planned, start=START
    )


def test_no_reminders_without_a_routine(catalogue: Catalogue) -> None:
    with pytest.raises(BadInput, match="verdict: urgent"):
        routine_to_ics(routine=routine(catalogue, red_flags=["fever"]), start=START)

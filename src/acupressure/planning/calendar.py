"""Reminders for a routine's schedule as an iCalendar file that calendar apps import.

One daily repeating event per moment of the day (on waking, after lunch, before sleep...)
for the length of the course, each with an alarm, and the stop rules in the description.
Times are floating (the person's own local time) and the output is deterministic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from acupressure.errors import BadInput
from acupressure.planning.finding_time import describe_step
from acupressure.planning.routine import Routine

MOMENT_TIMES: dict[str, time] = {
    "on waking": time(7, 30),
    "morning": time(8, 0),
    "after lunch": time(13, 30),
    "afternoon": time(16, 0),
    "evening": time(19, 30),
    "before sleep": time(21, 30),
}
_FALLBACK = (time(8, 0), time(13, 0), time(18, 0), time(21, 0))
EARLIEST_START = date(1900, 1, 1)
YEARS_AHEAD = 5  # reminders may start up to this many years from today


def _times(moments: list[str], times_per_day: int) -> list[tuple[str, time]]:
    """A clock time for each moment; unknown or missing moments get spread over the day."""
    chosen = [(m, MOMENT_TIMES.get(m.lower(), _FALLBACK[i % 4])) for i, m in enumerate(moments)]
    while len(chosen) < times_per_day:
        chosen.append((f"session {len(chosen) + 1}", _FALLBACK[len(chosen) % 4]))
    return chosen[:times_per_day] if len(chosen) > times_per_day else chosen


def _description(routine: Routine) -> str:
    lines = [routine.title, ""]
    for number, step in enumerate(routine.steps, start=1):
        lines.append(f"{number}. {describe_step(step)}: {step.cue}")
    if routine.schedule is not None:
        lines += [course.text for course in routine.schedule.point_courses]
        lines += ["", "Stop if:"] + [f"- {rule}" for rule in routine.schedule.stop_if]
    return "\n".join(lines)


def routine_to_ics(*, routine: Routine, start: date) -> bytes:
    """The routine's reminders from `start` for the course; no steps means nothing to remind."""
    from icalendar import Alarm, Calendar, Event

    latest = date.today() + timedelta(days=366 * YEARS_AHEAD)
    if not EARLIEST_START <= start <= latest:
        raise BadInput(
            f"start: {start.isoformat()} is not a day to start reminders; "
            f"choose one from {EARLIEST_START.isoformat()} to {latest.isoformat()}"
        )
    if not routine.steps or routine.schedule is None:
        raise BadInput(f"no routine to remind you of (verdict: {routine.verdict})")
    schedule = routine.schedule
    minutes = max(1, -(-routine.guided_seconds // 60))
    calendar = Calendar()
    calendar.add("prodid", "-//acupressure//routine reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Acupressure routine")
    stamp = datetime.combine(start, time(0, 0), tzinfo=UTC)
    for moment, clock in _times(list(schedule.moments), schedule.times_per_day):
        event = Event()
        slug = moment.lower().replace(" ", "-")
        event.add("uid", f"{routine.preset or 'routine'}-{slug}-{start.isoformat()}@acupressure")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.combine(start, clock))
        event.add("duration", timedelta(minutes=minutes))
        event.add("rrule", {"freq": "daily", "count": schedule.course_days})
        event.add("summary", f"Acupressure ({moment}): {minutes} min")
        event.add("description", _description(routine))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Time for your acupressure routine ({moment})")
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    review = Event()
    review.add("uid", f"{routine.preset or 'routine'}-review-{start.isoformat()}@acupressure")
    review.add("dtstamp", stamp)
    review.add("dtstart", start + timedelta(days=schedule.review_after_days))
    review.add("summary", "Acupressure: is it helping? If not, see a doctor or physiotherapist")
    calendar.add_component(review)
    return bytes(calendar.to_ical())


__all__ = ["MOMENT_TIMES", "routine_to_ics"]

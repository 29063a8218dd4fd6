"""A trial's reminders as an iCalendar file: each period with its arm, and the daily rating.

One all-day event per period says which arm to follow (and that its first days are a
wash-out); one daily repeating event with an alarm asks for the day's pain rating at the
chosen time. Floating local times, deterministic output (uids from the trial's uid).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from acupressure.trial.records import Trial


def trial_to_ics(trial: Trial) -> bytes:
    """The reminders of `trial` for calendar apps."""
    from icalendar import Alarm, Calendar, Event

    design = trial.design
    calendar = Calendar()
    calendar.add("prodid", "-//acupressure//N-of-1 trial//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Acupressure trial")
    stamp = trial.created_at.astimezone(UTC).replace(microsecond=0)
    total = 2 * design.pairs
    for period in design.schedule():
        arm = design.arm(period.arm)
        event = Event()
        event.add("uid", f"{trial.uid}-period-{period.position}@acupressure")
        event.add("dtstamp", stamp)
        event.add("dtstart", period.start)
        event.add("dtend", period.end + timedelta(days=1))
        event.add("summary", f"Trial period {period.position} of {total}: arm {period.arm}")
        event.add(
            "description",
            f"Pair {period.pair}. This period: {arm.label}.\n"
            f"The first {design.washout_days} day(s) are a wash-out: keep rating, they are "
            "left out of the analysis.\nStop the trial and get advice at any warning sign "
            "or side effect.",
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    rating = Event()
    rating.add("uid", f"{trial.uid}-rating@acupressure")
    rating.add("dtstamp", stamp)
    rating.add("dtstart", datetime.combine(design.start, design.rating_time))
    rating.add("duration", timedelta(minutes=2))
    rating.add("rrule", {"freq": "daily", "count": 2 * design.pairs * design.period_days})
    rating.add("summary", "Trial: rate today's pain (0-10)")
    rating.add(
        "description",
        "How bad was your back pain today, from 0 (none) to 10 (worst imaginable)? "
        "Rate it in the app (acupressure trial rate PAIN). Then check the warning signs.",
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Rate today's pain for your trial")
    alarm.add("trigger", timedelta(0))
    rating.add_component(alarm)
    calendar.add_component(rating)
    return bytes(calendar.to_ical())


__all__ = ["trial_to_ics"]

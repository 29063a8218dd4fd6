"""The summary's rules as they were written before the summary read sums (commit 5bce445):
every session and every day looked at, the whole list each time. Kept unchanged as the
oracle `test_diary_analytics_oracle` holds today's summary to.

Progress, told honestly: what changed, how often sessions happened, when to stop.

Choices (documented here because the numbers depend on them):
- Daily pain is the mean of that day's ratings taken *before* a session: it tracks the
  background pain, while the rating after a session shows only short-term relief.
- The first week (7 days from the first rated day) is the baseline. "Recent" is the last
  7 days up to `today`, never overlapping the first week, so a change can be shown from
  day 8 on.
- A change of at least 2 points or at least 30% on the 0-10 scale is what patients usually
  notice (Farrar 2001, source id "farrar2001"). We say a change "meets the threshold"; we
  never call anyone cured, and we say that a diary cannot tell why pain changed.
- Adherence compares sessions done with sessions planned over the last 14 days (the
  course), `planned_per_day` defaulting to 3, the planner's schedule (on waking, after lunch, before
  sleep: article 000); extra sessions on one
  day do not make up for a missed day.
- A guided session ended before any step was done (nothing pressed) is "abandoned": kept
  and shown, but left out of daily pain, relief after a session and adherence. Its side
  effects still count for the safety monitor: stopping early is often the reason.
- Background pain rising (issue 9): pain before sessions and weekly check-in pain up by
  2 points or more (Farrar 2001) in the last 7 days against the first week, over at least
  10 days of readings, gives a "pain_rising" alert to see a doctor, even when every
  session brings short relief.
- Safety monitor: pain higher after than before in 3 of the last 5 rated sessions, or any
  side effect reported in the last 28 days, leads to advice to stop and get assessed; a
  whole course (14 days) without a change that meets the threshold leads to advice to see
  a professional.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean
from typing import Literal

from pydantic import BaseModel, ConfigDict

from acupressure.diary.dates import plausible
from acupressure.diary.facts import CheckInFacts, SessionFacts, is_abandoned

PLANNED_PER_DAY = 3  # the planner's default schedule: on waking, after lunch, before sleep
COURSE_DAYS = 14
WEEK_DAYS = 7
WORSE_WINDOW = 5
WORSE_LIMIT = 3
SIDE_EFFECT_DAYS = 28
THRESHOLD_POINTS = 2.0
THRESHOLD_FRACTION = 0.30
THRESHOLD_SOURCE = "farrar2001"
SPARK = "▁▂▃▄▅▆▇█"

CAVEAT = (
    "This diary shows how your ratings changed, not why: back pain often eases on its own, "
    "and acupressure is one of several things that may have helped or not."
)
STOP_ADVICE = (
    "Stop acupressure for now and have your back and the pressed areas assessed by a "
    "doctor or physiotherapist before you start again."
)
PROFESSIONAL_ADVICE = (
    "A full two-week course has not brought a change you would usually notice. See a "
    "doctor or physiotherapist about other options; exercise and staying active come first "
    "in back pain guidelines."
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class DayPain(_Frozen):
    day: date
    pain: float | None
    sessions: int
    side_effects: int


class Change(_Frozen):
    """Recent average against the first week; negative points mean less pain."""

    baseline: float
    recent: float
    points: float
    percent: float | None
    direction: Literal["less_pain", "more_pain", "no_change"]
    meets_threshold: bool
    statement: str


class Adherence(_Frozen):
    days: int
    planned_per_day: int
    planned: int
    done: int
    ratio: float


class Alert(_Frozen):
    kind: Literal["stop_and_get_assessed", "see_a_professional", "pain_rising"]
    reason: str
    advice: str


class CheckInTrend(_Frozen):
    weeks: int
    first_average_pain: int
    latest_average_pain: int
    first_interference: int
    latest_interference: int
    change: Change | None


class Progress(_Frozen):
    today: date
    first_day: date | None
    sessions: int
    abandoned: int
    days: list[DayPain]
    change: Change | None
    change_note: str
    relief_after_session: float | None
    adherence: Adherence
    checkins: CheckInTrend | None
    alerts: list[Alert]
    caveat: str = CAVEAT
    threshold_source: str = THRESHOLD_SOURCE
    sparkline: str = ""


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of an instant, in `tz` (default: this machine's zone); at the
    calendar's very edge (a stored 0001-01-01 west of UTC) the day in its own zone."""
    try:
        return moment.astimezone(tz).date()
    except (OverflowError, ValueError):
        return moment.date()


def compare(*, baseline: float, recent: float) -> Change:
    """Apply the 2-point-or-30% threshold (Farrar 2001) in either direction."""
    points = round(recent - baseline, 2)
    percent = round(100 * points / baseline, 1) if baseline else None
    big = abs(points) >= THRESHOLD_POINTS or (
        percent is not None and abs(percent) >= 100 * THRESHOLD_FRACTION
    )
    direction: Literal["less_pain", "more_pain", "no_change"]
    direction = "less_pain" if points < 0 else "more_pain" if points > 0 else "no_change"
    size = f"{abs(points):.1f} points" + (f" ({abs(percent):.0f}%)" if percent else "")
    if direction == "no_change":
        statement = "Average pain is the same as in the first week."
    else:
        verb = "fell" if direction == "less_pain" else "rose"
        statement = f"Average pain {verb} by {size} from {baseline:.1f} to {recent:.1f}: "
        statement += (
            "this meets the threshold for a change patients usually notice"
            if big
            else "this does not reach the threshold for a change patients usually notice"
        )
        statement += " (about 2 points or 30%, Farrar 2001)."
        if big and direction == "more_pain":
            statement += " The change is in the wrong direction."
    return Change(
        baseline=round(baseline, 2),
        recent=round(recent, 2),
        points=points,
        percent=percent,
        direction=direction,
        meets_threshold=big,
        statement=statement,
    )


def sparkline(values: Sequence[float | None]) -> str:
    """Bars on the fixed 0-10 scale (not stretched to the data); a gap where unrated."""
    return "".join(
        " " if value is None else SPARK[round(min(max(value, 0), 10) / 10 * (len(SPARK) - 1))]
        for value in values
    )


def daily_pain(
    *, sessions: Sequence[SessionFacts], tz: tzinfo | None = None
) -> dict[date, DayPain]:
    """One point per day that has sessions: mean pain before, session and side-effect counts."""
    ratings: dict[date, list[int]] = {}
    counts: dict[date, int] = {}
    effects: dict[date, int] = {}
    for entry in sessions:  # ten years are 11,000 sessions: local_day's body, inlined
        try:
            day = entry.started_at.astimezone(tz).date()
        except (OverflowError, ValueError):
            day = entry.started_at.date()
        counts[day] = counts.get(day, 0) + 1
        if entry.side_effects:
            effects[day] = effects.get(day, 0) + 1
        if entry.pain_before is not None:
            ratings.setdefault(day, []).append(entry.pain_before)
    return {
        day: DayPain(
            day=day,
            pain=round(fmean(ratings[day]), 2) if day in ratings else None,
            sessions=counts[day],
            side_effects=effects.get(day, 0),
        )
        for day in sorted(counts)
    }


def summarise(
    *,
    sessions: Sequence[SessionFacts],
    checkins: Sequence[CheckInFacts],
    today: date,
    planned_per_day: int = PLANNED_PER_DAY,
    tz: tzinfo | None = None,
    spark_days: int = 28,
) -> Progress:
    """Everything the summary shows, computed from the entries alone.

    Entries dated outside 1900-2100 (another app's "empty date", stored by an older
    version) cannot be placed in time: the list shows them, the summary leaves them out.
    """
    sessions = [entry for entry in sessions if plausible(entry.started_at)]
    checkins = [checkin for checkin in checkins if plausible(checkin.week_of)]
    done = [entry for entry in sessions if not is_abandoned(entry)]
    days = daily_pain(sessions=done, tz=tz)
    rated = [d for d in days.values() if d.pain is not None]
    first_day = rated[0].day if rated else (min(days) if days else None)
    change, note = _change(rated, today)
    window = [today - timedelta(days=n) for n in range(spark_days - 1, -1, -1)]
    return Progress(
        today=today,
        first_day=first_day,
        sessions=len(done),
        abandoned=len(sessions) - len(done),
        days=list(days.values()),
        change=change,
        change_note=note,
        relief_after_session=_relief(done),
        adherence=_adherence(days, today, planned_per_day),
        checkins=_checkin_trend(checkins, today),
        alerts=[
            *_alerts(sessions, change, first_day, today, tz),
            *_pain_rising(days, checkins, today),
        ],
        sparkline=sparkline([days[d].pain if d in days else None for d in window]),
    )


def _change(rated: list[DayPain], today: date) -> tuple[Change | None, str]:
    if not rated:
        return None, "No pain ratings yet."
    first = rated[0].day
    week_end = first + timedelta(days=WEEK_DAYS)
    if today < week_end:
        return None, "The first week is your baseline; a comparison starts on day 8."
    recent_start = max(today - timedelta(days=WEEK_DAYS - 1), week_end)
    baseline = [d.pain for d in rated if d.day < week_end and d.pain is not None]
    recent = [d.pain for d in rated if recent_start <= d.day <= today and d.pain is not None]
    if not recent:
        return None, "No pain ratings in the last 7 days to compare with the first week."
    change = compare(baseline=fmean(baseline), recent=fmean(recent))
    return change, change.statement


def _relief(sessions: Sequence[SessionFacts]) -> float | None:
    drops = [
        e.pain_before - e.pain_after
        for e in sessions
        if e.pain_before is not None and e.pain_after is not None
    ]
    return round(fmean(drops), 2) if drops else None


def _adherence(days: dict[date, DayPain], today: date, per_day: int) -> Adherence:
    per_day = max(per_day, 1)
    start = min(days) if days else today
    start = max(start, today - timedelta(days=COURSE_DAYS - 1))
    span = max((today - start).days + 1, 1)
    done = sum(min(days[d].sessions, per_day) for d in days if start <= d <= today)
    planned = span * per_day
    return Adherence(
        days=span,
        planned_per_day=per_day,
        planned=planned,
        done=done,
        ratio=round(done / planned, 3),
    )


def _checkin_trend(checkins: Sequence[CheckInFacts], today: date) -> CheckInTrend | None:
    """First and latest week; a check-in dated after today (an old diary, a wrong clock)
    is not the latest week."""
    ordered = sorted((c for c in checkins if c.week_of <= today), key=lambda c: c.week_of)
    if not ordered:
        return None
    first, latest = ordered[0], ordered[-1]
    change = (
        compare(baseline=first.average_pain, recent=latest.average_pain)
        if len(ordered) > 1
        else None
    )
    return CheckInTrend(
        weeks=len(ordered),
        first_average_pain=first.average_pain,
        latest_average_pain=latest.average_pain,
        first_interference=first.interference,
        latest_interference=latest.interference,
        change=change,
    )


def _alerts(
    sessions: Sequence[SessionFacts],
    change: Change | None,
    first_day: date | None,
    today: date,
    tz: tzinfo | None,
) -> list[Alert]:
    alerts: list[Alert] = []
    both = [e for e in sessions if e.pain_before is not None and e.pain_after is not None]
    last = sorted(both, key=lambda e: e.started_at)[-WORSE_WINDOW:]
    worse = sum(1 for e in last if (e.pain_after or 0) > (e.pain_before or 0))
    if worse >= WORSE_LIMIT:
        reason = (
            f"Pain was higher after the session than before in {worse} of the last "
            f"{len(last)} rated sessions."
        )
        alerts.append(Alert(kind="stop_and_get_assessed", reason=reason, advice=STOP_ADVICE))
    since = today - timedelta(days=SIDE_EFFECT_DAYS - 1)
    recent_effects = sorted(
        {
            kind
            for e in sessions
            if e.side_effects and local_day(e.started_at, tz) >= since
            for kind in e.side_effects
        }
    )
    if recent_effects:
        kinds = ", ".join(kind.replace("_", " ") for kind in recent_effects)
        reason = f"Side effects reported in the last {SIDE_EFFECT_DAYS} days: {kinds}."
        alerts.append(Alert(kind="stop_and_get_assessed", reason=reason, advice=STOP_ADVICE))
    course_done = first_day is not None and (today - first_day).days + 1 >= COURSE_DAYS
    improved = change is not None and change.direction == "less_pain" and change.meets_threshold
    if course_done and change is not None and not improved:
        reason = f"After {COURSE_DAYS} days: {change.statement}"
        alerts.append(Alert(kind="see_a_professional", reason=reason, advice=PROFESSIONAL_ADVICE))
    return alerts


RISING_POINTS = 2.0  # Farrar 2001: about 2 points is a change people notice
RISING_MIN_DAYS = 10
RISING_ADVICE = (
    "Your background pain is clearly higher than in your first week, even if each session "
    "brings some short relief. Do not press harder or longer: see a doctor or "
    "physiotherapist soon about the back pain, and the same day if you notice numbness, "
    "weakness, bladder or bowel changes, a fever or pain at night."
)


def _pain_rising(
    days: dict[date, DayPain], checkins: Sequence[CheckInFacts], today: date
) -> list[Alert]:
    """Background pain (before sessions, weekly check-ins) up 2 points on the first week."""
    readings = [(d.day, d.pain) for d in days.values() if d.pain is not None]
    readings += [(c.week_of, float(c.average_pain)) for c in checkins if c.week_of <= today]
    readings = [(day, pain) for day, pain in readings if day <= today]
    if not readings:
        return []
    first = min(day for day, _pain in readings)
    last = max(day for day, _pain in readings)
    if (last - first).days + 1 < RISING_MIN_DAYS:
        return []
    week_end = first + timedelta(days=WEEK_DAYS)
    recent_start = max(today - timedelta(days=WEEK_DAYS - 1), week_end)
    baseline = [pain for day, pain in readings if day < week_end]
    recent = [pain for day, pain in readings if recent_start <= day <= today]
    if not recent:
        return []
    rise = fmean(recent) - fmean(baseline)
    if rise < RISING_POINTS:
        return []
    reason = (
        f"Background pain (before sessions and in weekly check-ins) is {rise:.1f} points "
        f"higher in the last week than in your first week ({fmean(baseline):.1f} to "
        f"{fmean(recent):.1f} out of 10), over {(last - first).days + 1} days."
    )
    return [Alert(kind="pain_rising", reason=reason, advice=RISING_ADVICE)]


__all__ = [
    "COURSE_DAYS",
    "PLANNED_PER_DAY",
    "THRESHOLD_SOURCE",
    "Adherence",
    "Alert",
    "Change",
    "CheckInFacts",
    "CheckInTrend",
    "DayPain",
    "Progress",
    "SessionFacts",
    "compare",
    "daily_pain",
    "is_abandoned",
    "local_day",
    "sparkline",
    "summarise",
]

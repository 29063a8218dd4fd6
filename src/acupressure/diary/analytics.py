"""Progress, told honestly: what changed, how often sessions happened, when to stop.

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
from dataclasses import dataclass, fields
from datetime import date, timedelta, tzinfo
from statistics import fmean
from typing import Any, Literal

from acupressure.diary.dates import plausible
from acupressure.diary.facts import CheckInFacts, SessionFacts, is_abandoned
from acupressure.diary.totals import (
    SIDE_EFFECT_DAYS,
    DayTotal,
    SessionTotals,
    day_totals,
    local_day,
    session_totals,
)

PLANNED_PER_DAY = 3  # the planner's default schedule: on waking, after lunch, before sleep
COURSE_DAYS = 14
WEEK_DAYS = 7
WORSE_LIMIT = 3
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


# The summary's records are plain frozen dataclasses: a summary needs no pydantic.


@dataclass(frozen=True, slots=True)
class DayPain:
    day: date
    pain: float | None
    sessions: int
    side_effects: int


@dataclass(frozen=True, slots=True)
class Change:
    """Recent average against the first week; negative points mean less pain."""

    baseline: float
    recent: float
    points: float
    percent: float | None
    direction: Literal["less_pain", "more_pain", "no_change"]
    meets_threshold: bool
    statement: str


@dataclass(frozen=True, slots=True)
class Adherence:
    days: int
    planned_per_day: int
    planned: int
    done: int
    ratio: float


@dataclass(frozen=True, slots=True)
class Alert:
    kind: Literal["stop_and_get_assessed", "see_a_professional", "pain_rising"]
    reason: str
    advice: str


@dataclass(frozen=True, slots=True)
class CheckInTrend:
    weeks: int
    first_average_pain: int
    latest_average_pain: int
    first_interference: int
    latest_interference: int
    change: Change | None


@dataclass(frozen=True, slots=True)
class Progress:
    """The summary. `daily` are the days with sessions (`totals.DayTotal`); `days` shows
    them as `DayPain` (ten years of them are made only when asked for)."""

    today: date
    first_day: date | None
    sessions: int
    abandoned: int
    daily: Sequence[DayTotal]
    change: Change | None
    change_note: str
    relief_after_session: float | None
    adherence: Adherence
    checkins: CheckInTrend | None
    alerts: list[Alert]
    caveat: str = CAVEAT
    threshold_source: str = THRESHOLD_SOURCE
    sparkline: str = ""

    @property
    def days(self) -> list[DayPain]:
        return [_day_pain(total) for total in self.daily]


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
        baseline=float(round(baseline, 2)),
        recent=float(round(recent, 2)),
        points=float(points),
        percent=percent if percent is None else float(percent),
        direction=direction,
        meets_threshold=big,
        statement=statement,
    )


def document(progress: Progress) -> dict[str, Any]:
    """The summary as JSON-ready data (`diary summary --json`, the web, the clinic)."""
    result = {name: _ready(getattr(progress, name)) for name in _FIRST}
    result["days"] = [  # ten years are 3,650 days: written straight from their sums
        {"day": row[0], "pain": _mean_pain(row), "sessions": row[1], "side_effects": row[2]}
        for row in progress.daily
    ]
    result.update((name, _ready(getattr(progress, name))) for name in _AFTER)
    return result


_FIRST = ("today", "first_day", "sessions", "abandoned")  # the JSON's fields around "days"
_AFTER = ("change", "change_note", "relief_after_session", "adherence", "checkins", "alerts",
          "caveat", "threshold_source", "sparkline")  # fmt: skip


def document_json(progress: Progress) -> str:
    """`document` as indented JSON text, the very text `json.dumps(..., indent=2,
    ensure_ascii=False)` writes (a test holds that), by pydantic-core: ten years in a blink."""
    from pydantic_core import to_json

    return to_json(document(progress), indent=2).decode()


def _ready(value: Any) -> Any:
    """A record (or list of them) as JSON-ready data, dates as ISO text, fields in order."""
    if isinstance(value, list):
        return [_ready(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return {field.name: _ready(getattr(value, field.name)) for field in fields(value)}
    return value


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
    return {date.fromisoformat(t.day): _day_pain(t) for t in day_totals(sessions, tz)}


def _day_pain(total: DayTotal) -> DayPain:
    return DayPain(day=date.fromisoformat(total.day), pain=_mean_pain(total),
                   sessions=total.sessions, side_effects=total.side_effects)  # fmt: skip


def _mean_pain(total: DayTotal) -> float | None:
    """The day's mean rating before sessions (two decimals), None when none was rated."""
    return _rated_mean(total) if total[3] else None


def _rated_mean(total: DayTotal) -> float:
    """A rated day's mean rating before sessions, to two decimals."""
    return round(total[4] / total[3], 2)


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
    return summarise_totals(
        totals=session_totals(sessions, today=today, tz=tz),
        checkins=checkins,
        today=today,
        planned_per_day=planned_per_day,
        spark_days=spark_days,
    )


def summarise_totals(
    *,
    totals: SessionTotals,
    checkins: Sequence[CheckInFacts],
    today: date,
    planned_per_day: int = PLANNED_PER_DAY,
    spark_days: int = 28,
) -> Progress:
    """The summary from the sessions' sums (`totals.session_totals`, or the SQLite hot
    path's `kept_totals.summary_totals`) and the check-ins."""
    checkins = [checkin for checkin in checkins if plausible(checkin.week_of)]
    rows = totals.days
    first_rated = next((row for row in rows if row[3]), None)
    first_day = _day(first_rated or rows[0]) if rows else None
    change, note = _change(rows, first_rated, today)
    relief = round(totals.drop_sum / totals.drop_count, 2) if totals.drop_count else None
    shown = _back_to(rows, today - timedelta(days=spark_days - 1), today)
    recent = {row[0]: _mean_pain(row) for row in shown}
    window = [(today - timedelta(days=n)).isoformat() for n in range(spark_days - 1, -1, -1)]
    return Progress(
        today=today,
        first_day=first_day,
        sessions=totals.done,
        abandoned=totals.abandoned,
        daily=rows,
        change=change,
        change_note=note,
        relief_after_session=relief,
        adherence=_adherence(rows, today, planned_per_day),
        checkins=_checkin_trend(checkins, today),
        alerts=[
            *_alerts(totals, change, first_day, today),
            *_pain_rising(rows, checkins, today),
        ],
        sparkline=sparkline([recent.get(day) for day in window]),
    )


def _day(total: DayTotal) -> date:
    return date.fromisoformat(total[0])


def _rated_before(rows: Sequence[DayTotal], end: date) -> list[tuple[date, float]]:
    """The rated days (day, mean pain) before `end`, read from the first day on."""
    limit, found = end.isoformat(), []
    for row in rows:
        if row[0] >= limit:
            break
        if row[3]:
            found.append((_day(row), _rated_mean(row)))
    return found


def _back_to(rows: Sequence[DayTotal], start: date, end: date) -> list[DayTotal]:
    """The days from `start` to `end` (both included), read from the last day back."""
    first, last, found = start.isoformat(), end.isoformat(), []
    for row in reversed(rows):
        if row[0] > last:
            continue
        if row[0] < first:
            break
        found.append(row)
    found.reverse()
    return found


def _rated_between(rows: Sequence[DayTotal], start: date, end: date) -> list[tuple[date, float]]:
    return [(_day(row), _rated_mean(row)) for row in _back_to(rows, start, end) if row[3]]


def _change(
    rows: Sequence[DayTotal], first_rated: DayTotal | None, today: date
) -> tuple[Change | None, str]:
    """The recent week against the first rated one."""
    if first_rated is None:
        return None, "No pain ratings yet."
    week_end = _day(first_rated) + timedelta(days=WEEK_DAYS)
    if today < week_end:
        return None, "The first week is your baseline; a comparison starts on day 8."
    recent_start = max(today - timedelta(days=WEEK_DAYS - 1), week_end)
    baseline = [pain for _day_, pain in _rated_before(rows, week_end)]
    recent = [pain for _day_, pain in _rated_between(rows, recent_start, today)]
    if not recent:
        return None, "No pain ratings in the last 7 days to compare with the first week."
    change = compare(baseline=fmean(baseline), recent=fmean(recent))
    return change, change.statement


def _adherence(rows: Sequence[DayTotal], today: date, per_day: int) -> Adherence:
    per_day = max(per_day, 1)
    start = _day(rows[0]) if rows else today
    start = max(start, today - timedelta(days=COURSE_DAYS - 1))
    span = max((today - start).days + 1, 1)
    done = sum(min(row[1], per_day) for row in _back_to(rows, start, today))
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
    totals: SessionTotals, change: Change | None, first_day: date | None, today: date
) -> list[Alert]:
    alerts: list[Alert] = []
    last = totals.last_rated
    worse = sum(1 for before, after in last if after > before)
    if worse >= WORSE_LIMIT:
        reason = (
            f"Pain was higher after the session than before in {worse} of the last "
            f"{len(last)} rated sessions."
        )
        alerts.append(Alert(kind="stop_and_get_assessed", reason=reason, advice=STOP_ADVICE))
    if totals.recent_side_effects:
        kinds = ", ".join(kind.replace("_", " ") for kind in totals.recent_side_effects)
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
    rows: Sequence[DayTotal], checkins: Sequence[CheckInFacts], today: date
) -> list[Alert]:
    """Background pain (before sessions, weekly check-ins) up 2 points on the first week.
    Readings are the rated days and the check-ins, up to today."""
    weeks = [(c.week_of, float(c.average_pain)) for c in checkins if c.week_of <= today]
    ends = [day for day, _pain in weeks]
    ends += [_day(row) for row in (_first_rated(rows, today), _last_rated(rows, today)) if row]
    if not ends:
        return []
    first, last = min(ends), max(ends)
    if (last - first).days + 1 < RISING_MIN_DAYS:
        return []
    week_end = first + timedelta(days=WEEK_DAYS)
    recent_start = max(today - timedelta(days=WEEK_DAYS - 1), week_end)
    baseline = [pain for day, pain in _rated_before(rows, min(week_end, today + timedelta(1)))]
    baseline += [pain for day, pain in weeks if day < week_end]
    recent = [pain for _day_, pain in _rated_between(rows, recent_start, today)]
    recent += [pain for day, pain in weeks if recent_start <= day <= today]
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


def _first_rated(rows: Sequence[DayTotal], today: date) -> DayTotal | None:
    """The first rated day up to today."""
    limit = today.isoformat()
    return next((row for row in rows if row[3] and row[0] <= limit), None)


def _last_rated(rows: Sequence[DayTotal], today: date) -> DayTotal | None:
    """The last rated day up to today."""
    limit = today.isoformat()
    return next((row for row in reversed(rows) if row[3] and row[0] <= limit), None)


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
    "document",
    "document_json",
    "is_abandoned",
    "local_day",
    "sparkline",
    "summarise",
    "summarise_totals",
]

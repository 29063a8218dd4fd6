"""A report for the doctor: the diary told in a few sections a person chooses to show.

Everything comes from the entries alone (no new sums): the summary's numbers, each day's
sessions on one row (several a day stay readable), every side effect with its date, and
the routines followed. The faces add the plan and the screen's answers, which the diary
does not store.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import Literal

from pydantic import BaseModel, ConfigDict

from acupressure.diary.analytics import (
    CAVEAT,
    Adherence,
    is_abandoned,
    local_day,
    summarise,
)
from acupressure.diary.entries import CheckIn, SessionEntry, plausible

Section = Literal["trend", "sessions", "side_effects", "routine", "screen"]
SECTIONS: tuple[Section, ...] = ("trend", "sessions", "side_effects", "routine", "screen")
SECTION_TITLES: dict[str, str] = {
    "trend": "Pain over time",
    "sessions": "Sessions and how regularly they were done",
    "side_effects": "Side effects",
    "routine": "The routine followed",
    "screen": "Answers to the safety questions",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReportSession(_Frozen):
    time: str
    pain_before: int | None
    pain_after: int | None
    steps: str
    routine: str
    side_effects: list[str]
    abandoned: bool
    note: str


class ReportDay(_Frozen):
    day: date
    sessions: list[ReportSession]


class SideEffectNote(_Frozen):
    when: datetime
    kinds: list[str]
    note: str


class RoutineUse(_Frozen):
    routine: str
    sessions: int
    first: date
    last: date


class DiaryReport(_Frozen):
    made: date
    first: date | None
    last: date | None
    sessions: int
    abandoned: int
    change: str
    checkins: str | None
    relief_after_session: float | None
    adherence: Adherence
    days: list[ReportDay]
    side_effects: list[SideEffectNote]
    alerts: list[str]
    routines: list[RoutineUse]
    caveat: str = CAVEAT


def diary_report(
    *,
    sessions: Sequence[SessionEntry],
    checkins: Sequence[CheckIn],
    today: date,
    tz: tzinfo | None = None,
) -> DiaryReport:
    """The report's diary sections, from the same entries as the summary (dates no calendar
    can place, such as another app's 0001-01-01, are left out)."""
    sessions = [e for e in sessions if plausible(e.started_at)]
    checkins = [c for c in checkins if plausible(c.week_of)]
    progress = summarise(sessions=sessions, checkins=checkins, today=today, tz=tz)
    by_day: dict[date, list[ReportSession]] = {}
    routines: dict[str, list[date]] = {}
    for entry in sorted(sessions, key=lambda e: e.started_at):
        day = local_day(entry.started_at, tz)
        by_day.setdefault(day, []).append(_line(entry, tz))
        if not is_abandoned(entry):
            routines.setdefault(entry.routine or "typed in by hand", []).append(day)
    trend = progress.checkins
    checkin_text = None
    if trend is not None:
        checkin_text = (
            f"{trend.weeks} weekly check-in{'s' if trend.weeks != 1 else ''}: average pain "
            f"{trend.first_average_pain} in the first week, {trend.latest_average_pain} in the "
            f"latest; pain got in the way {trend.first_interference}/10, then "
            f"{trend.latest_interference}/10."
        )
    days = sorted(by_day)
    return DiaryReport(
        made=today,
        first=days[0] if days else None,
        last=days[-1] if days else None,
        sessions=progress.sessions,
        abandoned=progress.abandoned,
        change=progress.change_note,
        checkins=checkin_text,
        relief_after_session=progress.relief_after_session,
        adherence=progress.adherence,
        days=[ReportDay(day=day, sessions=by_day[day]) for day in days],
        side_effects=[
            SideEffectNote(
                when=e.started_at.astimezone(tz), kinds=list(e.side_effects), note=e.note
            )
            for e in sessions
            if e.side_effects
        ],  # fmt: skip
        alerts=[f"{alert.reason} {alert.advice}" for alert in progress.alerts],
        routines=[
            RoutineUse(routine=name, sessions=len(used), first=used[0], last=used[-1])
            for name, used in sorted(routines.items(), key=lambda item: -len(item[1]))
        ],
    )


def _line(entry: SessionEntry, tz: tzinfo | None) -> ReportSession:
    steps = f"{entry.steps_completed} of {entry.steps_planned}" if entry.steps_planned else ""
    return ReportSession(
        time=entry.started_at.astimezone(tz).strftime("%H:%M"),
        pain_before=entry.pain_before,
        pain_after=entry.pain_after,
        steps=steps,
        routine=entry.routine,
        side_effects=list(entry.side_effects),
        abandoned=is_abandoned(entry),
        note=entry.note,
    )


__all__ = [
    "SECTIONS",
    "SECTION_TITLES",
    "DiaryReport",
    "ReportDay",
    "ReportSession",
    "RoutineUse",
    "Section",
    "SideEffectNote",
    "diary_report",
]

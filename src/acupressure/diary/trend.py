"""The pain trend as something to draw: where each day's ratings, check-ins and side effects go.

The web page draws it as inline SVG and reads it out as a table, from this one model. The
horizontal position is a percentage of the plot's width and the vertical one is in pixels,
so the browser can stretch the chart to any screen while its text keeps its size (no
viewBox scaling: 12 px text stays 12 px on a 390 px phone). Abandoned sessions are left out
of the ratings, as in the summary, but their side effects are shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta, tzinfo
from statistics import fmean

from pydantic import BaseModel, ConfigDict

from acupressure.diary.analytics import is_abandoned, local_day
from acupressure.diary.entries import CheckIn, SessionEntry, plausible

PLOT_TOP = 30  # px above the "10" line: the band where side-effect marks sit
PLOT_HEIGHT = 200  # px from 10 down to 0
EFFECT_Y = 14  # px from the top: side-effect marks, inside the axes, above the 10 line
HEIGHT = PLOT_TOP + PLOT_HEIGHT + 40  # room for the date labels
MIN_SPAN_DAYS = 6
WEEKLY_AFTER_DAYS = 120  # longer than this, one point per week keeps the chart readable
MAX_TICKS = 4  # date labels that fit side by side on a 390 px phone


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class TrendPoint(_Frozen):
    """One day (or week, for long diaries) of counted sessions."""

    day: date
    label: str
    x: float
    before: float | None
    after: float | None
    y_before: float | None
    y_after: float | None
    sessions: int
    abandoned: int
    side_effects: list[str]


class TrendWeek(_Frozen):
    week_of: date
    average_pain: int
    interference: int
    x1: float
    x2: float
    y: float


class Tick(_Frozen):
    label: str
    x: float


class GridLine(_Frozen):
    value: int
    y: float


class PainTrend(_Frozen):
    points: list[TrendPoint]
    weeks: list[TrendWeek]
    ticks: list[Tick]
    grid: list[GridLine]
    weekly: bool
    height: int = HEIGHT
    effect_y: float = EFFECT_Y
    axis_y: float = PLOT_TOP + PLOT_HEIGHT
    description: str


def y_of(value: float) -> float:
    """Pixels from the chart's top for a rating on the 0-10 scale."""
    return round(PLOT_TOP + (10 - value) / 10 * PLOT_HEIGHT, 1)


def _label(day: date, with_year: bool) -> str:
    return f"{day.day} {day:%b}" + (f" {day.year}" if with_year else "")


def pain_trend(
    *, sessions: Sequence[SessionEntry], checkins: Sequence[CheckIn], tz: tzinfo | None = None
) -> PainTrend:
    """Daily means of pain before and after sessions, the weekly check-ins, side effects
    (dates no calendar can draw, such as another app's 0001-01-01, are left out)."""
    sessions = [e for e in sessions if plausible(e.started_at)]
    checkins = [c for c in checkins if plausible(c.week_of)]
    days = [local_day(e.started_at, tz) for e in sessions] + [c.week_of for c in checkins]
    days += [c.week_of + timedelta(days=6) for c in checkins]
    grid = [GridLine(value=v, y=y_of(v)) for v in range(0, 11, 2)]
    if not days:
        return PainTrend(points=[], weeks=[], ticks=[], grid=grid, weekly=False,
                         description="No entries yet.")  # fmt: skip
    first, last = min(days), max(days)
    weekly = (last - first).days > WEEKLY_AFTER_DAYS
    pad = max((MIN_SPAN_DAYS - (last - first).days) / 2, 0.5)
    start, span = first.toordinal() - pad, (last - first).days + 2 * pad

    def x_of(day: date, offset: float = 0.0) -> float:
        return round(100 * (day.toordinal() + offset - start) / span, 2)

    def bucket(day: date) -> date:
        return day - timedelta(days=day.weekday()) if weekly else day

    grouped: dict[date, list[SessionEntry]] = {}
    for entry in sessions:
        grouped.setdefault(bucket(local_day(entry.started_at, tz)), []).append(entry)
    with_year = first.year != last.year
    points = []
    for day in sorted(grouped):
        entries = grouped[day]
        counted = [e for e in entries if not is_abandoned(e)]
        before = _mean([e.pain_before for e in counted])
        after = _mean([e.pain_after for e in counted])
        effects = sorted({kind for e in entries for kind in e.side_effects})
        label = ("week of " if weekly else "") + _label(day, with_year)
        points.append(TrendPoint(
            day=day, label=label, x=x_of(day, 3.0 if weekly else 0.0), before=before,
            after=after, y_before=None if before is None else y_of(before),
            y_after=None if after is None else y_of(after), sessions=len(counted),
            abandoned=len(entries) - len(counted), side_effects=effects,
        ))  # fmt: skip
    weeks = [
        TrendWeek(week_of=c.week_of, average_pain=c.average_pain, interference=c.interference,
                  x1=x_of(c.week_of, -0.5), x2=x_of(c.week_of, 6.5), y=y_of(c.average_pain))
        for c in sorted(checkins, key=lambda c: c.week_of)
    ]  # fmt: skip
    return PainTrend(
        points=points,
        weeks=weeks,
        ticks=_ticks(first, last, x_of, with_year, days_across=span),
        grid=grid,
        weekly=weekly,
        description=_describe(points, weeks),
    )


def _mean(values: Sequence[int | None]) -> float | None:
    rated = [v for v in values if v is not None]
    return round(fmean(rated), 1) if rated else None


def _ticks(
    first: date,
    last: date,
    x_of: Callable[[date], float],
    with_year: bool,
    *,
    days_across: float,
) -> list[Tick]:
    """Up to MAX_TICKS dates, never closer than a MAX_TICKS-th of the chart's width
    (`days_across`, the diary's days with their padding: a few days of diary are padded to
    a week, so one label a day would overlap on a phone)."""
    total = (last - first).days
    closest = max(math.ceil(days_across / MAX_TICKS - 0.01), 1)  # whole days: rounding keeps it
    count = min(MAX_TICKS, total // closest + 1)
    if count <= 1:
        return [Tick(label=_label(first, with_year), x=x_of(first))]
    step = total / (count - 1)  # >= closest, so each gap (floor or ceil of it) is too
    chosen = sorted({first + timedelta(days=round(i * step)) for i in range(count)})
    return [Tick(label=_label(day, with_year), x=x_of(day)) for day in chosen]


def _describe(points: Sequence[TrendPoint], weeks: Sequence[TrendWeek]) -> str:
    """The chart in one or two sentences, for the image's accessible description."""
    parts = []
    rated = [p for p in points if p.before is not None]
    if rated:
        parts.append(
            f"Pain before sessions went from {rated[0].before:g} ({rated[0].label}) to "
            f"{rated[-1].before:g} ({rated[-1].label}) over {len(rated)} "
            f"{'weeks' if 'week' in rated[0].label else 'days'} with ratings."
        )
    relieved = [p for p in points if p.before is not None and p.after is not None]
    if relieved:
        drop = fmean(
            p.before - p.after for p in relieved if p.before is not None and p.after is not None
        )
        word = "lower" if drop >= 0 else "higher"
        parts.append(f"After sessions pain was {abs(drop):.1f} points {word} on average.")
    if weeks:
        parts.append(
            f"{len(weeks)} weekly check-in{'s' if len(weeks) != 1 else ''}, the latest "
            f"average pain {weeks[-1].average_pain}."
        )
    flagged = [p for p in points if p.side_effects]
    if flagged:
        parts.append(f"Side effects were reported on {len(flagged)} of the days shown.")
    return " ".join(parts) or "No pain ratings yet."


__all__ = ["GridLine", "PainTrend", "Tick", "TrendPoint", "TrendWeek", "pain_trend", "y_of"]

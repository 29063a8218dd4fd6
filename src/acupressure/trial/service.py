"""A trial's life, shared by the CLI and the web app: start, rate, status, analyse, stop.

The faces parse and render; this module decides. A rating first re-applies the stop rules
(red flags, side effects, and side effects logged in the session diary during the trial),
so a trial never carries on past a warning sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from acupressure.diary.store import DiaryStore
from acupressure.errors import BadInput
from acupressure.trial.analysis import Analysis, analyse
from acupressure.trial.design import SOURCES, PeriodPlan, TrialDesign
from acupressure.trial.records import Rating, Trial, TrialState
from acupressure.trial.stops import StopReason, red_flag_stop, side_effect_stop
from acupressure.trial.store import TrialStore


@dataclass(frozen=True)
class RatingOutcome:
    """What a daily rating did: stored, and perhaps ended the trial."""

    rating: Rating
    trial: Trial
    stop: StopReason | None


def current(store: TrialStore) -> Trial:
    """The running (or most recent) trial; none at all is bad input with a hint."""
    trial = store.current()
    if trial is None:
        raise BadInput("no trial yet: start one with `acupressure trial start --a ... --b ...`")
    return trial


def start(*, store: TrialStore, design: TrialDesign, now: datetime) -> Trial:
    """Record the design and its allocation; a start in the past is refused."""
    if design.start < now.date():
        raise BadInput(
            f"--start: {design.start} is in the past; the allocation must be fixed before "
            "the first day of the trial"
        )
    return store.start(design=design, now=now)


def diary_side_effects(trial: Trial, diary: DiaryStore) -> StopReason | None:
    """A side effect logged in a session during the running trial stops it."""
    since = datetime.combine(trial.design.start, datetime.min.time()).astimezone()
    for entry in diary.list_sessions(since=since):
        if entry.side_effects:
            return side_effect_stop(entry.side_effects, when=entry.started_at)
    return None


def rate(
    *,
    store: TrialStore,
    diary: DiaryStore,
    day: date,
    pain: int,
    interference: int | None = None,
    red_flags: Sequence[str] = (),
    side_effects: Sequence[str] = (),
    now: datetime,
) -> RatingOutcome:
    """Store a day's rating, then apply the stop rules; a warning sign ends the trial."""
    trial = current(store)
    if trial.state(day) == "not_started":
        raise BadInput(f"the trial starts on {trial.design.start}; rate from that day on")
    if trial.state(day) != "running":
        raise BadInput(f"the trial is {trial.state(day)}: no more ratings are needed")
    if day > now.date():
        raise BadInput(f"{day} is in the future: rate a day that has begun")
    stop = red_flag_stop(red_flags) or side_effect_stop(side_effects)  # checks the ids first
    rating = store.rate(day=day, pain=pain, interference=interference, now=now)
    stop = stop or diary_side_effects(trial, diary)
    if stop is not None:
        ended = store.stop(reason=stop.reason, advice=stop.advice, now=now)
        return RatingOutcome(rating, ended, stop)
    return RatingOutcome(rating, current(store), None)


def stop(*, store: TrialStore, reason: str, now: datetime) -> Trial:
    """The person ends the trial early; the ratings so far are kept."""
    return store.stop(
        reason=reason or "Stopped by you before the end.",
        advice=["Your ratings are kept; a trial stopped early cannot say much."],
        now=now,
    )


INTERIM = (
    "The trial is still running: this is an early look, and the decision rule is meant for "
    "the end, after the last pair. "
)


def analysis(trial: Trial, *, today: date | None = None) -> Analysis:
    """The fixed decision rule applied to the trial's ratings (an early look says so)."""
    result = analyse(trial.periods(), washout_days=trial.design.washout_days)
    if today is not None and trial.state(today) in ("running", "not_started"):
        return result.model_copy(update={"explanation": INTERIM + result.explanation})
    return result


def status(trial: Trial, *, today: date) -> dict[str, object]:
    """Where the trial stands today: the period and arm, what is rated, what comes next."""
    state: TrialState = trial.state(today)
    period = trial.design.period_on(today)
    rated = {rating.day for rating in trial.ratings}
    days = (min(today, trial.design.end) - trial.design.start).days + 1
    return {
        "state": state,
        "today": today.isoformat(),
        "period": None if period is None or state == "stopped" else _period(trial, period, today),
        "rated_today": today in rated,
        "days_rated": len(rated),
        "days_so_far": max(0, days),
        "start": trial.design.start.isoformat(),
        "end": trial.design.end.isoformat(),
        "stop_reason": trial.stop_reason,
        "stop_advice": trial.stop_advice,
    }


def _period(trial: Trial, period: PeriodPlan, today: date) -> dict[str, object]:
    return {
        "position": period.position,
        "of": 2 * trial.design.pairs,
        "pair": period.pair,
        "arm": period.arm,
        "routine": trial.design.arm(period.arm).label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "washout": today <= period.washout_until,
    }


def design_json(trial: Trial) -> dict[str, object]:
    """The design as shown and exported: arms, timing, allocation, rule, wash-out and why."""
    design = trial.design
    return {
        "uid": trial.uid,
        "arm_a": design.arm_a.model_dump(mode="json"),
        "arm_b": design.arm_b.model_dump(mode="json"),
        "question": design.question,
        "start": design.start.isoformat(),
        "end": design.end.isoformat(),
        "pairs": design.pairs,
        "period_days": design.period_days,
        "washout_days": design.washout_days,
        "washout_reason": design.washout_reason,
        "rating_time": design.rating_time.strftime("%H:%M"),
        "seed": design.seed,
        "allocation": design.allocation,
        "schedule": [p.model_dump(mode="json") for p in design.schedule()],
        "decision_rule": design.decision_rule,
        "sources": list(SOURCES),
        "created_at": trial.created_at.isoformat(),
        "status": trial.status,
    }


__all__ = [
    "RatingOutcome",
    "analysis",
    "current",
    "design_json",
    "diary_side_effects",
    "rate",
    "start",
    "status",
    "stop",
]

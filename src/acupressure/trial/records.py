"""What the diary keeps of a trial: the design fixed at the start, daily ratings, the end.

Validated domain models, so a rating of 11 or a rating outside the trial's days is refused
in one place, whoever sends it (CLI, web form, API).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from acupressure.trial.analysis import Period
from acupressure.trial.design import TrialDesign

TrialStatus = Literal["running", "stopped"]
TrialState = Literal["not_started", "running", "finished", "stopped"]


def _no_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("must be a whole number from 0 to 10, not true/false")
    return value


Score = Annotated[int, BeforeValidator(_no_bool), Field(ge=0, le=10)]


class Rating(BaseModel):
    """One day's rating, once a day (a second one the same day replaces the first)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: date
    pain: Score
    interference: Score | None = None
    recorded_at: datetime


class Trial(BaseModel):
    """A trial as stored: its design, its ratings and, if it was stopped, why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str = Field(default_factory=lambda: str(uuid.uuid4()))
    created_at: datetime
    design: TrialDesign
    status: TrialStatus = "running"
    stopped_at: datetime | None = None
    stop_reason: str = ""
    stop_advice: list[str] = Field(default_factory=list)
    ratings: list[Rating] = Field(default_factory=list)

    def state(self, today: date) -> TrialState:
        if self.status == "stopped":
            return "stopped"
        if today < self.design.start:
            return "not_started"
        return "finished" if today > self.design.end else "running"

    def periods(self) -> list[Period]:
        """The schedule's periods with the ratings that fall in each (for the analysis)."""
        by_day = {rating.day: rating.pain for rating in self.ratings}
        return [
            Period(
                pair=plan.pair,
                arm=plan.arm,
                start=plan.start,
                ratings=tuple(
                    (day, float(pain))
                    for day, pain in sorted(by_day.items())
                    if plan.start <= day <= plan.end
                ),
            )
            for plan in self.design.schedule()
        ]


__all__ = ["Rating", "Score", "Trial", "TrialState", "TrialStatus"]

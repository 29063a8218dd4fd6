"""The routine: what the planner hands to sessions, handouts, calendars and the web app.

Its JSON form is the `plan` contract in DESIGN.md; every step and exclusion says why.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from acupressure.models import Motion, Position, Pressure

Side = Literal["left", "right", "both", "midline"]
Verdict = Literal["emergency", "urgent", "caution", "ok"]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(Frozen):
    """Press one point (or region) on one side, or both sides at once."""

    point: str
    name: str
    side: Side
    position: Position
    pressure: Pressure
    motion: Motion
    seconds: int = Field(gt=0, description="per repetition, per side")
    repetitions: int = Field(gt=0)
    pause_seconds: int = Field(default=0, ge=0, description="between repetitions")
    rest_seconds: int = Field(default=0, ge=0, description="after the step, before the next")
    cue: str
    finding: str
    why: str
    sources: list[str]
    alternatives: list[str] = Field(default_factory=list)
    circle_change_every: int | None = Field(
        default=None, description="for circles: change direction after this many seconds"
    )

    @property
    def duration_seconds(self) -> int:
        """Time the step takes, pauses and the rest after it included."""
        return (
            self.seconds * self.repetitions
            + self.pause_seconds * (self.repetitions - 1)
            + self.rest_seconds
        )


class Exclusion(Frozen):
    """A point left out for safety, with the rule's plain reason."""

    point: str
    reason: str
    sources: list[str] = Field(default_factory=list)


class Schedule(Frozen):
    """How often and for how long, and when to stop and see someone."""

    times_per_day: int = Field(gt=0)
    moments: list[str]
    course_days: int = Field(gt=0)
    review_after_days: int = Field(gt=0)
    stop_if: list[str]
    sources: list[str]


class Routine(Frozen):
    """A plan: the verdict first; steps only when self-care is appropriate."""

    verdict: Verdict
    reasons: list[str] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    schedule: Schedule | None = None
    excluded: list[Exclusion] = Field(default_factory=list)
    cautions: list[str] = Field(default_factory=list)
    preset: str | None = None
    title: str = "Your routine"

    @property
    def total_seconds(self) -> int:
        return sum(step.duration_seconds for step in self.steps)

    @property
    def guided_seconds(self) -> int:
        """The whole guided session: `total_seconds` plus the time to find each point."""
        from acupressure.cues import guided_seconds  # cues builds on this module

        return guided_seconds(self.steps)

    def to_json(self) -> dict[str, object]:
        """The `plan` JSON contract of DESIGN.md (plus a few helpful extras)."""
        data = self.model_dump(mode="json")
        data["total_seconds"] = self.total_seconds
        data["guided_seconds"] = self.guided_seconds
        return data

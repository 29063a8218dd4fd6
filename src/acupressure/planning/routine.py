"""The routine: what the planner hands to sessions, handouts, calendars and the web app.

Its JSON form is the `plan` contract in DESIGN.md; every step and exclusion says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from acupressure.knowledge.records import constraints as at
from acupressure.knowledge.records import plain
from acupressure.planning.finding_time import guided_seconds
from acupressure.planning.step import Frozen, Side, Step
from acupressure.safety.verdict import Exclusion, Verdict


@dataclass(frozen=True, kw_only=True)
class PointCourse(Frozen):
    """A point whose source gives its own course (KI27 for a week, LR3 2-4 times a day)."""

    point: str
    label: str
    times_per_day: int | None = None
    course_days: int | None = None
    source: str
    text: str


@dataclass(frozen=True, kw_only=True)
class Schedule(Frozen):
    """How often and for how long, and when to stop and see someone."""

    times_per_day: Annotated[int, at.Interval(gt=0)]
    moments: list[str]
    course_days: Annotated[int, at.Interval(gt=0)]
    review_after_days: Annotated[int, at.Interval(gt=0)]
    stop_if: list[str]
    sources: list[str]
    point_courses: list[PointCourse] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Routine(Frozen):
    """A plan: the verdict first; steps only when self-care is appropriate."""

    verdict: Verdict
    reasons: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    schedule: Schedule | None = None
    excluded: list[Exclusion] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    # also_suitable: points that suit you, left out to keep it short
    also_suitable: list[str] = field(default_factory=list)
    preset: str | None = None
    title: str = "Your routine"

    @property
    def total_seconds(self) -> int:
        return sum(step.duration_seconds for step in self.steps)

    @property
    def guided_seconds(self) -> int:
        """The whole guided session: `total_seconds` plus the time to find each point."""
        return guided_seconds(self.steps)

    @property
    def short_guided_seconds(self) -> int:
        """The guided session with short cues, once the person knows where the points are."""
        return guided_seconds(self.steps, short=True)

    def to_json(self) -> dict[str, object]:
        """The `plan` JSON contract of DESIGN.md (plus a few helpful extras)."""
        data: dict[str, object] = plain(self)
        data["total_seconds"] = self.total_seconds
        data["guided_seconds"] = self.guided_seconds
        data["short_guided_seconds"] = self.short_guided_seconds
        return data


__all__ = ["Exclusion", "PointCourse", "Routine", "Schedule", "Side", "Step", "Verdict"]

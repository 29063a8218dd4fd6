"""One step of a routine: press one point (or region) on one side, or both at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

from acupressure.knowledge.models import Motion, Position, Pressure
from acupressure.knowledge.records import STRICT
from acupressure.knowledge.records import constraints as at

Side = Literal["left", "right", "both", "midline"]


class Frozen:
    """Base of the planner's records: unknown keys are errors when one is validated."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT


@dataclass(frozen=True, kw_only=True)
class Step(Frozen):
    """Press one point (or region) on one side, or both sides at once."""

    point: str
    name: str
    side: Side
    position: Position
    pressure: Pressure
    motion: Motion
    seconds: Annotated[int, at.Interval(gt=0)]  # per repetition, per side
    repetitions: Annotated[int, at.Interval(gt=0)]
    pause_seconds: Annotated[int, at.Interval(ge=0)] = 0  # between repetitions
    rest_seconds: Annotated[int, at.Interval(ge=0)] = 0  # after the step, before the next
    cue: str
    finding: str
    why: str
    sources: list[str]
    alternatives: list[str] = field(default_factory=list)
    # notes: cautions to read before pressing (also in finding)
    notes: list[str] = field(default_factory=list)
    circle_change_every: int | None = None  # for circles: change direction after this many seconds

    @property
    def duration_seconds(self) -> int:
        """Time the step takes, pauses and the rest after it included."""
        return (
            self.seconds * self.repetitions
            + self.pause_seconds * (self.repetitions - 1)
            + self.rest_seconds
        )

"""One step of a routine: press one point (or region) on one side, or both at once."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from acupressure.knowledge.models import Motion, Position, Pressure

Side = Literal["left", "right", "both", "midline"]


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
    notes: list[str] = Field(
        default_factory=list, description="cautions to read before pressing (also in finding)"
    )
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

"""The safety answers as they arrive from a form or a query string, and back again.

A plan is computed from the answers every time, so its address carries them: the plan,
its handout, its calendar file and its session are all links anyone can reopen.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from acupressure.knowledge.models import ComplaintId
from acupressure.safety.profile import (
    MAX_AGE,
    MAX_MINUTES,
    MIN_AGE,
    MIN_MINUTES,
    ConditionId,
    PositionChoice,
    Profile,
    RedFlagId,
    parse_profile,
)


def _blank_is_none(value: Any) -> Any:
    """An empty form field means "not answered"."""
    return None if value == "" else value


def _checkbox(value: Any) -> Any:
    """A ticked HTML checkbox sends "on"; a query string may say true/false/1/0."""
    return True if value == "on" else value


def _lower_back() -> list[ComplaintId]:
    return ["lower_back"]


class Answers(BaseModel):
    """The profile questions, as form fields or query parameters (lists repeat the key)."""

    model_config = ConfigDict(extra="forbid")

    complaints: list[ComplaintId] = Field(default_factory=_lower_back, max_length=7)
    age: Annotated[
        Annotated[int, Field(ge=MIN_AGE, le=MAX_AGE)] | None, BeforeValidator(_blank_is_none)
    ] = None
    pregnant: Annotated[bool, BeforeValidator(_checkbox)] = False
    red_flags: list[RedFlagId] = Field(default_factory=list, max_length=12)
    conditions: list[ConditionId] = Field(default_factory=list, max_length=11)
    minutes: Annotated[int, Field(ge=MIN_MINUTES, le=MAX_MINUTES)] = 10
    position: PositionChoice = "any"
    preset: Annotated[
        Annotated[str, Field(max_length=60)] | None, BeforeValidator(_blank_is_none)
    ] = None

    def profile(self) -> Profile:
        """The core's profile (the preset is a planner option, not part of it)."""
        return parse_profile(self.model_dump(include=set(Profile.model_fields)))

    def query(self) -> str:
        """The query string that reopens the same plan."""
        pairs: list[tuple[str, str]] = [("complaints", c) for c in self.complaints]
        if self.age is not None:
            pairs.append(("age", str(self.age)))
        if self.pregnant:
            pairs.append(("pregnant", "true"))
        pairs += [("red_flags", flag) for flag in self.red_flags]
        pairs += [("conditions", condition) for condition in self.conditions]
        pairs += [("minutes", str(self.minutes)), ("position", self.position)]
        if self.preset:
            pairs.append(("preset", self.preset))
        return urlencode(pairs)


class AnswersForm(Answers):
    """The questions form: the answers plus its CSRF token (checked by the route).

    Unlike a link, the form must name a complaint: unticking them all is not "lower back".
    """

    complaints: list[ComplaintId] = Field(min_length=1, max_length=7)
    csrf_token: str = Field(default="", max_length=200)

"""The safety answers as they arrive from a form or a query string, and back again.

A plan is computed from the answers every time, so its address carries them: the plan,
its handout, its calendar file and its session are all links anyone can reopen.
Not answering is not "no": the warning signs and the conditions each need a tick or an
explicit "none of these" (NONE), pregnancy a yes or a no, and the age a number.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from acupressure.errors import BadInput
from acupressure.knowledge.models import ComplaintId
from acupressure.knowledge.records import plain, strictly_validated
from acupressure.safety.profile import (
    CONDITION_IDS,
    MAX_AGE,
    MAX_MINUTES,
    MIN_AGE,
    MIN_MINUTES,
    RED_FLAG_IDS,
    ConditionId,
    PositionChoice,
    Profile,
    RedFlagId,
    parse_profile,
    with_whole_numbers,
)
from acupressure.safety.profile import (
    FIELDS as PROFILE_FIELDS,
)

NONE: Literal["none"] = (
    "none"  # the explicit "none of these" answer for the warning signs and the conditions
)
# What a person reads next to a question they left out, in the order of the form.
MISSING = {
    "complaints": "Choose at least one complaint",
    "age": f"Type your age in years ({MIN_AGE} to {MAX_AGE})",
    "pregnant": "Answer yes or no: are you pregnant, or could you be?",
    "red_flags": 'Tick each warning sign that is true for you, or tick "None of these"',
    "conditions": 'Tick each condition that applies to you, or tick "None of these"',
}

# Stands in for answers never asked once a stop sign is ticked; no step is ever planned.
STOP_FILLER: dict[str, object] = {
    "complaints": ["lower_back"],
    "age": 40,
    "pregnant": False,
    "conditions": [],
}


def _blank_is_none(value: Any) -> Any:
    """An empty form field means "not answered"."""
    return None if value == "" else value


def _yes_no(value: Any) -> Any:
    """A radio button sends "true"/"false"; an old checkbox sent "on"; blank is no answer."""
    if value == "on":
        return True
    return None if value == "" else value


def _checked_profile(value: Any) -> Any:
    """A profile sent as JSON, checked as strictly as a profile file ("40" is not 40);
    pydantic reports each field's problem under the profile's own location."""
    if not isinstance(value, dict):
        return value
    return strictly_validated(Profile, with_whole_numbers(value))


# A profile field of a JSON body: the profile's own schema, the profile file's strictness.
StrictProfile = Annotated[Profile, BeforeValidator(_checked_profile)]


class Answers(BaseModel):
    """The profile questions, as form fields or query parameters (lists repeat the key)."""

    model_config = ConfigDict(extra="forbid")

    complaints: list[ComplaintId] = Field(default_factory=list, max_length=7)
    age: Annotated[
        Annotated[int, Field(ge=MIN_AGE, le=MAX_AGE)] | None, BeforeValidator(_blank_is_none)
    ] = None
    pregnant: Annotated[bool | None, BeforeValidator(_yes_no)] = None
    red_flags: list[RedFlagId | Literal["none"]] = Field(
        default_factory=list, max_length=len(RED_FLAG_IDS) + 1
    )
    conditions: list[ConditionId | Literal["none"]] = Field(
        default_factory=list, max_length=len(CONDITION_IDS) + 1
    )
    minutes: Annotated[int, Field(ge=MIN_MINUTES, le=MAX_MINUTES)] = 10
    position: PositionChoice = "any"
    preset: Annotated[
        Annotated[str, Field(max_length=60)] | None, BeforeValidator(_blank_is_none)
    ] = None

    def stops(self) -> bool:
        """A ticked emergency or urgent sign settles the verdict: nothing else is needed."""
        from acupressure.safety.rules import load_rules

        serious = {f.id for f in load_rules().red_flags if f.verdict in ("emergency", "urgent")}
        return bool(serious.intersection(self.red_flags))

    def missing(self) -> dict[str, str]:
        """The questions left unanswered, each with the plain words to show beside it.

        None once a ticked warning sign stops self-care: that person goes straight to the
        advice instead of being kept answering questions (as in the CLI interview).
        """
        if self.stops():
            return {}
        unanswered = {
            "complaints": not self.complaints,
            "age": self.age is None,
            "pregnant": self.pregnant is None,
            "red_flags": not self.red_flags,
            "conditions": not self.conditions,
        }
        return {field: MISSING[field] for field, empty in unanswered.items() if empty}

    def profile(self) -> Profile:
        """The core's profile (the preset is a planner option, not part of it).

        A tick wins over "none of these": a warning sign once ticked is never dropped.
        """
        missing = self.missing()
        if missing:
            named = ", ".join(missing)
            raise BadInput(f"Some answers are missing ({named}): " + "; ".join(missing.values()))
        data = self.model_dump(include=set(PROFILE_FIELDS))
        if self.stops():  # the verdict is settled; unanswered fields cannot change it
            data = {**STOP_FILLER, **{k: v for k, v in data.items() if v not in (None, [])}}
        data["red_flags"] = [flag for flag in self.red_flags if flag != NONE]
        data["conditions"] = [item for item in self.conditions if item != NONE]
        return parse_profile(data)

    def query(self) -> str:
        """The query string that reopens the same plan (an empty list says "none")."""
        pairs: list[tuple[str, str]] = [("complaints", c) for c in self.complaints]
        if self.age is not None:
            pairs.append(("age", str(self.age)))
        if self.pregnant is not None:
            pairs.append(("pregnant", "true" if self.pregnant else "false"))
        flags: list[str] = [flag for flag in self.red_flags if flag != NONE]
        conditions: list[str] = [item for item in self.conditions if item != NONE]
        if self.red_flags:
            pairs += [("red_flags", flag) for flag in flags or [NONE]]
        if self.conditions:
            pairs += [("conditions", item) for item in conditions or [NONE]]
        pairs += [("minutes", str(self.minutes)), ("position", self.position)]
        if self.preset:
            pairs.append(("preset", self.preset))
        return urlencode(pairs)


def answers_for_profile(profile: Profile, preset: str | None) -> Answers:
    """The form's answers that stand for a complete profile (empty lists become "none")."""
    data: dict[str, object] = plain(profile)
    none: list[str] = [NONE]
    data["red_flags"] = [*profile.red_flags] or none
    data["conditions"] = [*profile.conditions] or none
    return Answers.model_validate({**data, "preset": preset})


class AnswersForm(Answers):
    """The questions form: the answers plus its CSRF token (checked by the route)."""

    csrf_token: str = Field(default="", max_length=200)

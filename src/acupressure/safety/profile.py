"""A person's answers: what hurts, red flags, conditions, time and position.

The field names and ids are the profile contract of DESIGN.md; anything else is bad input
(exit 2) and the message names the field, so a typo never silently drops a red flag.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from acupressure.errors import BadInput
from acupressure.knowledge.models import COMPLAINT_IDS, ComplaintId

RedFlagId = Literal[
    "saddle_numbness",
    "bladder_or_bowel_change",
    "leg_weakness_worsening",
    "chest_pain_or_breathlessness",
    "fever",
    "cancer_history",
    "unexplained_weight_loss",
    "major_trauma",
    "iv_drug_use",
    "immunosuppressed",
    "long_term_steroids",
    "night_pain",
    "known_aneurysm",
    "unexplained_abdominal_pain",
    "both_legs_pain",
    "sexual_dysfunction",
    "one_leg_weakness_worsening",
    "recent_back_surgery",
    "pregnancy_bleeding_or_fluid",
    "pregnancy_tightenings",
    "pregnancy_pain_passing_urine",
    "pregnancy_headache_or_upper_belly_pain",
]
RED_FLAG_IDS: tuple[str, ...] = get_args(RedFlagId)
ConditionId = Literal[
    "varicose_veins",
    "deep_vein_thrombosis",
    "anticoagulants",
    "bleeding_disorder",
    "osteoporosis",
    "skin_lesion_back",
    "skin_lesion_legs",
    "recent_surgery",
    "recent_injury",
    "weak_back",
    "abdominal_condition",
    "implanted_device",
    "hot_swollen_knee",
]
CONDITION_IDS: tuple[str, ...] = get_args(ConditionId)
PositionChoice = Literal["any", "sitting", "lying", "standing"]
POSITION_CHOICES: tuple[str, ...] = get_args(PositionChoice)
MIN_MINUTES = 1
MAX_MINUTES = 60
MIN_AGE = 1
MAX_AGE = 120


def _unique(values: list[Any]) -> list[Any]:
    """Drop repeats, keep first-seen order: the same answer twice is the same answer."""
    return list(dict.fromkeys(values))


# Not answering is not "no": these must be stated (an empty list is an answer).
REQUIRED_FIELDS: tuple[str, ...] = ("complaints", "age", "pregnant", "red_flags", "conditions")


def _whole_number(value: Any) -> Any:
    """JSON's 40.0 is the whole number 40 (as JSON Schema's "integer" says); 40.5, "40"
    and true stay wrong under the strict model."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class Profile(BaseModel):
    """Everything the screen and the planner need to know about one person."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    complaints: list[ComplaintId] = Field(min_length=1)
    age: Annotated[int, Field(ge=MIN_AGE, le=MAX_AGE), BeforeValidator(_whole_number)]
    pregnant: bool
    red_flags: list[RedFlagId]
    conditions: list[ConditionId]
    minutes: Annotated[
        int, Field(ge=MIN_MINUTES, le=MAX_MINUTES), BeforeValidator(_whole_number)
    ] = 10
    position: PositionChoice = "any"

    @field_validator("complaints", "red_flags", "conditions")
    @classmethod
    def _no_repeats(cls, values: list[Any]) -> list[Any]:
        return _unique(values)


_ALLOWED: dict[str, tuple[str, ...]] = {
    "complaints": COMPLAINT_IDS,
    "red_flags": RED_FLAG_IDS,
    "conditions": CONDITION_IDS,
    "position": POSITION_CHOICES,
}


def _describe(error: Any) -> str:
    """One validation problem in words, naming the field and what it accepts."""
    location = [str(part) for part in error["loc"]]
    field = location[0] if location else "profile"
    where = field + "".join(f"[{part}]" for part in location[1:])
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown field (fields are {', '.join(Profile.model_fields)})"
    if field in _ALLOWED and error["type"] in {"literal_error", "enum"}:
        return (
            f"{where}: unknown id {error.get('input')!r}; choose from {', '.join(_ALLOWED[field])}"
        )
    return f"{where}: {error['msg']} (got {error.get('input')!r})"


def parse_profile(data: Any) -> Profile:
    """Validate a profile from JSON-like data; BadInput names every bad field."""
    if not isinstance(data, dict):
        raise BadInput("profile: expected a JSON object with the profile fields")
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        items = error.errors()
        missing = [str(item["loc"][0]) for item in items if item["type"] == "missing"]
        problems = [_describe(item) for item in items if item["type"] != "missing"]
        if missing:
            problems.insert(
                0,
                f'missing {", ".join(missing)} (not answering is not "no": a profile must '
                f"state {', '.join(REQUIRED_FIELDS)}; an empty list is an answer)",
            )
        raise BadInput(f"invalid profile: {'; '.join(problems)}") from None


def load_profile(path: Path) -> Profile:
    """Read a profile JSON file; a missing file, text that is not UTF-8 (binary, UTF-16)
    or broken JSON (also JSON nested past Python's recursion limit) is bad input."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise BadInput(f"cannot read profile {str(path)!r}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise BadInput(
            f"profile {str(path)!r} is not UTF-8 text (byte {error.start}): save it as UTF-8 JSON"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(
            f"profile {str(path)!r} is not valid JSON (line {error.lineno}: {error.msg})"
        ) from None
    except RecursionError:
        raise BadInput(f"profile {str(path)!r} is nested too deeply to be a profile") from None
    return parse_profile(data)


__all__ = [
    "CONDITION_IDS",
    "MAX_AGE",
    "MAX_MINUTES",
    "MIN_AGE",
    "MIN_MINUTES",
    "POSITION_CHOICES",
    "RED_FLAG_IDS",
    "REQUIRED_FIELDS",
    "ConditionId",
    "PositionChoice",
    "Profile",
    "RedFlagId",
    "load_profile",
    "parse_profile",
]

"""A person's answers: what hurts, red flags, conditions, time and position.

The field names and ids are the profile contract of DESIGN.md; anything else is bad input
(exit 2) and the message names the field, so a typo never silently drops a red flag.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, get_args

from acupressure.errors import BadInput
from acupressure.knowledge.models import COMPLAINT_IDS, ComplaintId
from acupressure.knowledge.records import STRICT, InvalidRecord, field_names, validated
from acupressure.knowledge.records import constraints as at

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


# The numbers a person types, with their bounds; JSON's 40.0 is the whole number 40 (as
# JSON Schema's "integer" says).
NUMBER_RANGES = {"age": (MIN_AGE, MAX_AGE), "minutes": (MIN_MINUTES, MAX_MINUTES)}
WHOLE_NUMBER_FIELDS = tuple(NUMBER_RANGES)


def _whole_number(value: Any) -> Any:
    """40.0 is 40; 40.5, "40" and true stay wrong under the strict check."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass(frozen=True, kw_only=True)
class Profile:
    """Everything the screen and the planner need to know about one person."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    complaints: Annotated[list[ComplaintId], at.MinLen(1)]
    age: Annotated[int, at.Interval(ge=MIN_AGE, le=MAX_AGE)]
    pregnant: bool
    red_flags: list[RedFlagId]
    conditions: list[ConditionId]
    minutes: Annotated[int, at.Interval(ge=MIN_MINUTES, le=MAX_MINUTES)] = 10
    position: PositionChoice = "any"

    def __post_init__(self) -> None:
        for name in ("complaints", "red_flags", "conditions"):
            object.__setattr__(self, name, _unique(getattr(self, name)))


FIELDS: tuple[str, ...] = field_names(Profile)


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
        return f"{where}: unknown field (fields are {', '.join(FIELDS)})"
    if field in _ALLOWED and error["type"] in {"literal_error", "enum"}:
        return (
            f"{where}: unknown id {error.get('input')!r}; choose from {', '.join(_ALLOWED[field])}"
        )
    return f"{where}: {error['msg']} (got {error.get('input')!r})"


def with_whole_numbers(data: dict[str, Any]) -> dict[str, Any]:
    """The answers with an age or minutes of 40.0 read as 40 (before the strict check)."""
    return {k: _whole_number(v) if k in WHOLE_NUMBER_FIELDS else v for k, v in data.items()}


def parse_profile(data: Any) -> Profile:
    """Validate a profile from JSON-like data; BadInput names every bad field."""
    if not isinstance(data, dict):
        raise BadInput("profile: expected a JSON object with the profile fields")
    data = with_whole_numbers(data)
    well_formed = _well_formed(data)
    if well_formed is not None:
        return well_formed
    try:
        return validated(Profile, data, strict=True)
    except InvalidRecord as error:
        items = error.problems
        missing = [str(item["loc"][0]) for item in items if item["type"] == "missing"]
        problems = [_describe(item) for item in items if item["type"] != "missing"]
        if missing:
            problems.insert(
                0,
                f'missing {", ".join(missing)} (not answering is not "no": a profile must '
                f"state {', '.join(REQUIRED_FIELDS)}; an empty list is an answer)",
            )
        raise BadInput(f"invalid profile: {'; '.join(problems)}") from None


_LIST_CHOICES: dict[str, frozenset[str]] = {
    name: frozenset(ids) for name, ids in _ALLOWED.items() if name != "position"
}
_DEFAULTS = {
    field.name: field.default
    for field in dataclasses.fields(Profile)
    if field.default is not dataclasses.MISSING
}


def _well_formed(data: dict[str, Any]) -> Profile | None:
    """The profile when `data` is plainly a valid one, else None (pydantic then finds and
    words every problem). Checking the usual answer by hand spares the plan command the
    import of pydantic; tests/test_profile.py holds it to pydantic's verdict on any data."""
    if not set(REQUIRED_FIELDS) <= data.keys() <= set(FIELDS):
        return None
    answers = {**_DEFAULTS, **data}
    for name, allowed in _LIST_CHOICES.items():
        values = answers[name]
        if type(values) is not list or not all(type(v) is str and v in allowed for v in values):
            return None
    if not answers["complaints"] or type(answers["pregnant"]) is not bool:
        return None
    for name, (low, high) in NUMBER_RANGES.items():
        value = answers[name]
        if type(value) is not int or not low <= value <= high:
            return None
    position = answers["position"]
    if type(position) is not str or position not in POSITION_CHOICES:
        return None
    return Profile(**data)


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
    "FIELDS",
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
    "with_whole_numbers",
]

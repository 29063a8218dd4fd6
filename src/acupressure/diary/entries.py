"""What the diary records, as validated domain models (no database types here).

The store, the exchange formats and the faces all speak these models, so a pain score of
11 or an unknown side effect is refused in one place, whoever sends it.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from acupressure.diary.dates import EARLIEST, LATEST, local, plausible, utc
from acupressure.diary.dates import assume_local as _aware
from acupressure.diary.fields import (
    NOTE_LIMIT,
    SIDE_EFFECTS,
    canonical_side_effects,
    new_uid,
    storable_text,
)
from acupressure.errors import BadInput

SideEffect = Literal["bruising", "more_pain", "dizziness", "other"]
Origin = Literal["guided", "manual", "import"]

UID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
_UID = re.compile(UID_PATTERN)
# Dates a diary accepts: EARLIEST to LATEST (see `dates`); stored values are read as they
# are (STORED context).
STORED = {"stored": True}


def _no_bool(value: Any) -> Any:
    """A pain score is a number: `true` must not sneak in as 1."""
    if isinstance(value, bool):
        raise ValueError("must be a whole number from 0 to 10, not true/false")
    return value


# the bounds first, so the JSON Schema says minimum/maximum (not pydantic's own ge/le)
Pain = Annotated[int, Field(ge=0, le=10), BeforeValidator(_no_bool)]


def _storable_text(value: str) -> str:
    """Refuse text a database cannot store faithfully (NUL bytes, lone surrogates)."""
    if storable_text(value):
        return value
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    raise ValueError("must be valid Unicode text")


Text = Annotated[str, AfterValidator(_storable_text)]


def _in_range(value: date, info: ValidationInfo) -> date:
    """1900 to today is bad input only when it comes in: what is stored is read as it is."""
    if info.context and info.context.get("stored"):
        return value
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day < LATEST:
        raise ValueError(f"must be a date from {EARLIEST.year} to today, not {value.isoformat()}")
    return value


def _as_text(value: Any) -> Any:
    """A date comes as ISO text (or a date object); 0 is not 1970-01-01."""
    if isinstance(value, int | float):
        raise ValueError("must be an ISO-8601 date as text, like 2026-03-02")
    return value


# The schema says the years too (1900-2099), so API clients learn the range up front.
_DAY = r"(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-][01][0-9]:[0-5][0-9])"
Instant = Annotated[
    datetime,
    BeforeValidator(_as_text),
    AfterValidator(_in_range),
    AfterValidator(_aware),
    Field(json_schema_extra={"pattern": f"^{_DAY}{_TIME}$"}),
]
Day = Annotated[
    date,
    BeforeValidator(_as_text),
    AfterValidator(_in_range),
    Field(json_schema_extra={"pattern": f"^{_DAY}$"}),
]


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)

    id: Annotated[int, BeforeValidator(_no_bool)] | None = None
    uid: str = Field(default_factory=new_uid, json_schema_extra={"pattern": UID_PATTERN})

    @field_validator("uid")
    @classmethod
    def _uid_shape(cls, value: str) -> str:
        if not _UID.fullmatch(value):  # fullmatch: "$" would let a final newline through
            raise ValueError("must be 1-64 letters, digits, '.', '_', ':' or '-'")
        return value


class SessionEntry(_Entry):
    """One acupressure session: guided, typed in afterwards, or imported."""

    started_at: Instant
    ended_at: Instant | None = None
    routine: Annotated[Text, Field(max_length=200)] = ""
    steps_planned: Annotated[int, Field(ge=0, le=10_000), BeforeValidator(_no_bool)] = 0
    steps_completed: Annotated[int, Field(ge=0, le=10_000), BeforeValidator(_no_bool)] = 0
    pain_before: Pain | None = None
    pain_after: Pain | None = None
    side_effects: list[SideEffect] = Field(default_factory=list)
    note: Annotated[Text, Field(max_length=NOTE_LIMIT)] = ""
    origin: Origin = "manual"

    @field_validator("side_effects")
    @classmethod
    def _as_set(cls, value: list[str]) -> list[str]:
        """Order and repeats carry no meaning; a canonical form makes round trips exact."""
        return canonical_side_effects(value)

    @model_validator(mode="after")
    def _consistent(self) -> SessionEntry:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        if self.steps_completed > self.steps_planned and self.steps_planned:
            raise ValueError("steps_completed is larger than steps_planned")
        return self


class CheckIn(_Entry):
    """A weekly look back: average pain and how much it got in the way of daily life."""

    week_of: Day
    average_pain: Pain
    interference: Pain
    note: Annotated[Text, Field(max_length=NOTE_LIMIT)] = ""


Model = TypeVar("Model", SessionEntry, CheckIn)


def describe(error: ValidationError, *, where: str = "") -> str:
    """One readable line per problem, naming the field (the CLI shows it as-is)."""
    lines = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "entry"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{where}{field}: {message}")
    return "; ".join(lines)


def parse(kind: type[Model], data: dict[str, Any], *, where: str = "") -> Model:
    """Validate one entry from outside (a CLI option, a file row), as BadInput if wrong."""
    try:
        return kind.model_validate(data)
    except ValidationError as error:
        raise BadInput(describe(error, where=where)) from error


def ahead_of_now(entry: SessionEntry | CheckIn, *, now: datetime | None = None) -> str | None:
    """Why an entry lies in the future ("field: reason"), else None.

    A diary records what happened: a session starting more than a day after now (a day of
    slack for clocks and time zones), or a check-in for a week that has not begun.
    """
    moment = _aware(now or datetime.now(UTC))
    if isinstance(entry, SessionEntry):
        if entry.started_at > moment + timedelta(days=1):
            return f"started_at: {entry.started_at.isoformat()} is in the future"
        if entry.ended_at is not None and entry.ended_at > moment + timedelta(days=1):
            return f"ended_at: {entry.ended_at.isoformat()} is in the future"
    elif entry.week_of > moment.astimezone().date():
        return f"week_of: {entry.week_of} is in the future; a check-in looks back on a week"
    return None


CONTENT_UID_PREFIX = "content-"


def content_uid(entry: SessionEntry | CheckIn) -> str:
    """A uid for an entry a file gave none: the same time, pains and note, the same uid,
    so importing the file again adds nothing."""
    parts: tuple[Any, ...]
    if isinstance(entry, SessionEntry):
        parts = ("session", utc(entry.started_at).isoformat(), entry.pain_before,
                 entry.pain_after, entry.note)  # fmt: skip
    else:
        parts = ("checkin", entry.week_of.isoformat(), entry.average_pain, entry.interference,
                 entry.note)  # fmt: skip
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"{CONTENT_UID_PREFIX}{digest[:40]}"


__all__ = [
    "CONTENT_UID_PREFIX",
    "EARLIEST",
    "LATEST",
    "SIDE_EFFECTS",
    "STORED",
    "UID_PATTERN",
    "CheckIn",
    "Origin",
    "SessionEntry",
    "SideEffect",
    "ahead_of_now",
    "content_uid",
    "describe",
    "local",
    "new_uid",
    "parse",
    "plausible",
    "utc",
]

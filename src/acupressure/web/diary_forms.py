"""The diary's forms as the browser sends them, and their problems in plain words.

A form that cannot be saved is shown again with what the person typed and each problem next
to its field, worded for a person ("The session's date is in the future: a diary records
what has happened."), not for a developer ("started_at: ... is in the future").
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from starlette.datastructures import FormData

from acupressure.diary.entries import CheckIn, SessionEntry, ahead_of_now
from acupressure.errors import BadInput

LIST_FIELDS = frozenset({"side_effects"})


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


Blankable = BeforeValidator(_blank_is_none)
Pain = Annotated[int, Field(ge=0, le=10)]


class FormProblems(BadInput):
    """Answers a form cannot save: a plain message per field, and the answers as sent."""

    def __init__(
        self, problems: dict[str, str], *, status: int = 422, detail: str | None = None
    ) -> None:
        self.problems = problems
        self.status = status
        # the API's message names the fields, for programs; the forms show `problems`
        super().__init__(detail or " ".join(problems.values()))


class SessionForm(BaseModel):
    """A session as the browser's forms send it (blank fields mean "not given")."""

    model_config = ConfigDict(extra="ignore")

    started_at: Annotated[str | None, Blankable] = None
    ended_at: Annotated[str | None, Blankable] = None
    routine: str = Field(default="", max_length=200)
    steps_planned: Annotated[int, Field(ge=0, le=10_000)] = 0
    steps_completed: Annotated[int, Field(ge=0, le=10_000)] = 0
    pain_before: Annotated[Pain | None, Blankable] = None
    pain_after: Annotated[Pain | None, Blankable] = None
    side_effects: list[str] = Field(default_factory=list, max_length=4)
    note: str = Field(default="", max_length=4000)
    origin: Literal["guided", "manual"] = "manual"

    def entry(self) -> SessionEntry:
        """The diary's entry; a missing start time means "now", a future one is refused."""
        missing = {
            name: PLAIN[name]["missing"]
            for name in ("pain_before", "pain_after")
            if self.origin == "manual" and getattr(self, name) is None
        }
        if missing:
            raise FormProblems(missing, status=400)
        data = self.model_dump(exclude_none=True)
        data.setdefault("started_at", datetime.now().astimezone().isoformat())
        entry: SessionEntry = _validated(SessionEntry, data)
        return not_ahead(entry)


class EditSessionForm(SessionForm):
    """The edit form: the fields a person may correct (the guide's counts stay as they were)."""

    def changes(self) -> dict[str, Any]:
        if self.started_at is None:
            raise FormProblems({"started_at": PLAIN["started_at"]["missing"]})
        fields = ("started_at", "ended_at", "routine", "pain_before", "pain_after")
        data = {name: getattr(self, name) for name in fields}
        data.update(side_effects=self.side_effects, note=self.note)
        return data


class CheckInForm(BaseModel):
    """The weekly check-in as the diary page's form sends it."""

    model_config = ConfigDict(extra="ignore")

    week_of: str
    average_pain: Pain
    interference: Pain
    note: str = Field(default="", max_length=4000)

    def checkin(self) -> CheckIn:
        checkin: CheckIn = _validated(CheckIn, self.model_dump())
        return not_ahead(checkin)


Entry = TypeVar("Entry", SessionEntry, CheckIn)


def not_ahead(entry: Entry) -> Entry:
    """A diary records what happened: a session a day or more ahead of now, or a check-in for
    a week that has not begun, is bad input (as in `acupressure diary`)."""
    problem = ahead_of_now(entry)
    if problem:
        field = problem.split(":", 1)[0]
        raise FormProblems({field: plain(field, "future")}, status=400, detail=f"{problem}.")
    return entry


def _validated(model: type[Any], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise FormProblems(problems_of(error)) from error


def read_form(form: type[Any], data: dict[str, Any]) -> Any:
    """Validate a form's answers, problems in plain words (FormProblems)."""
    try:
        return form.model_validate(data)
    except ValidationError as error:
        raise FormProblems(problems_of(error)) from error


def answers(form: FormData) -> dict[str, Any]:
    """The posted answers as a dict (lists for the fields that repeat), token left out."""
    data: dict[str, Any] = {}
    for key in set(form.keys()) - {"csrf_token", "file"}:
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        data[key] = values if key in LIST_FIELDS else (values[-1] if values else "")
    return data


# What each field's problems mean to a person; "other" when no better words are known.
PLAIN: dict[str, dict[str, str]] = {
    "started_at": {
        "missing": "Give the date and time the session started.",
        "future": "The session's date is in the future: a diary records what has happened.",
        "other": "Give the date and time the session started, for example 2026-11-21 08:30.",
    },
    "ended_at": {
        "future": "The session's end is in the future: a diary records what has happened.",
        "other": "Give the time the session ended, for example 2026-11-21 08:45, or leave it "
        "empty.",
        "order": "The session cannot end before it started: check both times.",
    },
    "pain_before": {
        "missing": "Choose how bad the pain was before the session, from 0 to 10.",
        "other": "Pain before is rated from 0 (no pain) to 10 (the worst you can imagine).",
    },
    "pain_after": {
        "missing": "Choose how bad the pain was after the session, from 0 to 10.",
        "other": "Pain after is rated from 0 (no pain) to 10 (the worst you can imagine).",
    },
    "side_effects": {"other": "Choose side effects from the list only."},
    "note": {
        "too_long": "The note is too long: keep it under 4000 characters.",
        "other": "The note has characters that cannot be saved: type it again.",
    },
    "routine": {"other": "The routine's name is too long: keep it under 200 characters."},
    "steps_planned": {"other": "The number of steps must be a whole number, 0 or more."},
    "steps_completed": {
        "other": "The number of steps done must be a whole number, no more than planned."
    },
    "week_of": {
        "missing": "Choose the date the week started.",
        "future": "That week has not begun yet: a check-in looks back on a week that has.",
        "taken": "That week already has a check-in: edit or delete that one instead.",
        "other": "Choose the date the week started, for example 2026-11-16.",
    },
    "average_pain": {
        "missing": "Choose the week's average pain, from 0 to 10.",
        "other": "Average pain is rated from 0 (no pain) to 10 (the worst you can imagine).",
    },
    "interference": {
        "missing": "Choose how much pain got in the way of daily life, from 0 to 10.",
        "other": "How much pain got in the way is rated from 0 (not at all) to 10.",
    },
    "file": {"other": "Choose a CSV or JSON file exported from this diary."},
}


def plain(field: str, kind: str) -> str:
    if kind == "too_early":
        return "That date is before 1900: check the year."
    words = PLAIN.get(field, {})
    if kind in words:
        return words[kind]
    if kind.startswith("string_too_long") and "too_long" in words:
        return words["too_long"]
    return words.get("other", "This answer could not be used: check it and try again.")


def problems_of(error: ValidationError) -> dict[str, str]:
    """One plain message per field of a pydantic error (the first problem of each field)."""
    found: dict[str, str] = {}
    for problem in error.errors():
        location = [str(part) for part in problem["loc"]]
        field = location[0] if location else "entry"
        kind = str(problem["type"])
        message = str(problem.get("msg", ""))
        if "from 1900 to today" in message:  # the diary's date bounds
            later = str(problem.get("input", "")) > date.today().isoformat()
            kind = "future" if later else "too_early"
        if not location and "ended_at is before started_at" in message:
            field, kind = "ended_at", "order"
        elif not location and "steps_completed" in message:
            field = "steps_completed"
        found.setdefault(field, plain(field, kind))
    return found


_ROW = re.compile(r"(row \d+|sessions\[\d+\]|checkins\[\d+\])\.(\w+): ([^;]+)")
_FIELD_WORDS = {
    "started_at": "the start time",
    "ended_at": "the end time",
    "week_of": "the week",
    "uid": "the entry's id",
}
_PYDANTIC_WORDS = (
    ("less than or equal to 10", "must be from 0 to 10"),
    ("greater than or equal to 0", "must be from 0 to 10"),
    ("valid integer", "must be a whole number"),
    ("valid datetime", "must be a date and time like 2026-11-21T08:30"),
    ("valid date", "must be a date like 2026-11-16"),
    ("Field required", "is missing"),
    ("Input should be", "is not one of the choices:"),
)


def plain_import_problem(message: str) -> str:
    """An import's refusal in words a person reads: rows and fields named, nothing technical."""

    def row(match: re.Match[str]) -> str:
        where, field, what = match.groups()
        if where.startswith(("sessions", "checkins")):
            kind, number = where.rstrip("]").split("[")
            where = f"{'session' if kind == 'sessions' else 'check-in'} {int(number) + 1}"
        name = _FIELD_WORDS.get(field, field.replace("_", " "))
        for pattern, words in _PYDANTIC_WORDS:
            if pattern in what:
                what = words + (what.split(pattern, 1)[1] if words.endswith(":") else "")
                break
        return f"{where[0].upper()}{where[1:]}: {name} {what.strip()}"

    text = message.split("nothing imported: ", 1)[-1]
    return "Nothing was imported. " + _ROW.sub(row, text).rstrip(".") + "."


__all__ = [
    "PLAIN",
    "CheckInForm",
    "EditSessionForm",
    "FormProblems",
    "SessionForm",
    "answers",
    "not_ahead",
    "plain",
    "plain_import_problem",
    "problems_of",
    "read_form",
]

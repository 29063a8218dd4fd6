"""A session typed in by hand (`diary add`), checked and shown without pydantic when it is
plainly well formed.

`diary add` is an everyday command, and building the entry models costs most of it. So
when every value is plainly one `SessionEntry` accepts (whole-number pains on the 0-10
scale or none, known side effects, a storable note within its limit, an aware time from
1900 to before 2100), the row is made here, exactly as `rows.session_values` makes it from
the model, and the stored session is shown as `TypedSession`, the same fields and JSON as
the model's. Anything else goes to `SessionEntry`, which refuses it in its own words.
Property tests hold both halves to the model.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

from acupressure.diary.dates import EARLIEST, LATEST
from acupressure.diary.fields import (
    NOTE_LIMIT,
    PAIN_RANGE,
    SIDE_EFFECTS,
    canonical_side_effects,
    storable_text,
)
from acupressure.diary.rows import aware, naive_utc


class TypedSession(NamedTuple):
    """A stored session typed in by hand, with `SessionEntry`'s fields in its order."""

    id: int | None
    uid: str
    started_at: datetime
    ended_at: datetime | None
    routine: str
    steps_planned: int
    steps_completed: int
    pain_before: int | None
    pain_after: int | None
    side_effects: list[str]
    note: str
    origin: str

    def document(self) -> dict[str, Any]:
        """What `SessionEntry.model_dump(mode="json")` gives for the same session."""
        ended = None if self.ended_at is None else _json_time(self.ended_at)
        return {**self._asdict(), "started_at": _json_time(self.started_at), "ended_at": ended}


def plain_values(
    *,
    uid: str,
    started_at: datetime,
    pain_before: object,
    pain_after: object,
    side_effects: list[str],
    note: object,
) -> dict[str, Any] | None:
    """The row of a manual session whose values are all plainly valid, as
    `rows.session_values` makes it from the `SessionEntry`; None: let the model judge."""
    pains_plain = all(p is None or (type(p) is int and p in PAIN_RANGE)
                      for p in (pain_before, pain_after))  # fmt: skip
    if not (pains_plain and _plain_kinds(side_effects) and _plain_note(note)):
        return None
    if started_at.tzinfo is None or started_at.utcoffset() is None:
        return None
    if not EARLIEST <= started_at.date() < LATEST:
        return None
    return {
        "uid": uid,
        "started_at": naive_utc(started_at),
        "ended_at": None,
        "routine": "",
        "steps_planned": 0,
        "steps_completed": 0,
        "pain_before": pain_before,
        "pain_after": pain_after,
        "side_effects": " ".join(canonical_side_effects(side_effects)),
        "note": note,
        "origin": "manual",
    }


def typed_session(row_id: int | None, values: dict[str, Any]) -> TypedSession:
    """The session just written as `values` under `row_id`, as `rows.stored_session` gives it."""
    return TypedSession(
        id=row_id,
        uid=values["uid"],
        started_at=aware(values["started_at"]),
        ended_at=None if values["ended_at"] is None else aware(values["ended_at"]),
        routine=values["routine"],
        steps_planned=values["steps_planned"],
        steps_completed=values["steps_completed"],
        pain_before=values["pain_before"],
        pain_after=values["pain_after"],
        side_effects=values["side_effects"].split(),
        note=values["note"],
        origin=values["origin"],
    )


def _plain_kinds(kinds: object) -> bool:
    return isinstance(kinds, list) and all(type(k) is str and k in SIDE_EFFECTS for k in kinds)


def _plain_note(note: object) -> bool:
    return type(note) is str and len(note) <= NOTE_LIMIT and storable_text(note)


def _json_time(moment: datetime) -> str:
    """A UTC time as pydantic writes it in JSON: ISO 8601, "Z" for UTC."""
    text = moment.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


__all__ = ["TypedSession", "plain_values", "typed_session"]

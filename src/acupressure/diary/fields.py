"""The diary's fixed words and limits, free of pydantic: `entries` validates with them, and
`diary add` checks a plainly well-formed session with them without building the models."""

from __future__ import annotations

import uuid

SIDE_EFFECTS: tuple[str, ...] = ("bruising", "more_pain", "dizziness", "other")
NOTE_LIMIT = 4000  # characters of a note
PAIN_RANGE = range(0, 11)  # the 0-10 scale


def new_uid() -> str:
    """A stable identity for an entry, kept across export and import."""
    return str(uuid.uuid4())


def canonical_side_effects(kinds: list[str]) -> list[str]:
    """Order and repeats carry no meaning; a canonical form makes round trips exact."""
    return [kind for kind in SIDE_EFFECTS if kind in kinds] if kinds else kinds


def storable_text(value: str) -> bool:
    """Whether a database can store the text faithfully (no NUL bytes, no lone surrogates)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


__all__ = [
    "NOTE_LIMIT",
    "PAIN_RANGE",
    "SIDE_EFFECTS",
    "canonical_side_effects",
    "new_uid",
    "storable_text",
]

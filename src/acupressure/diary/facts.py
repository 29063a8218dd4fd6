"""What the diary's readers need of a stored session or check-in, and what a session says
of itself, free of pydantic: `diary add` prints a session without building the summary's
models, and the summary's sums are made from any rows with these columns (`totals`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol


class SessionFacts(Protocol):
    """What the analytics read of a session (`totals.session_totals`): a `SessionEntry`, or
    any row with these columns."""

    @property
    def started_at(self) -> datetime: ...
    @property
    def steps_planned(self) -> int: ...
    @property
    def steps_completed(self) -> int: ...
    @property
    def pain_before(self) -> int | None: ...
    @property
    def pain_after(self) -> int | None: ...
    @property
    def side_effects(self) -> Sequence[str]: ...


class CheckInFacts(Protocol):
    """What the analytics read of a weekly check-in (a `CheckIn`, or `kept_totals.CheckInRow`)."""

    @property
    def week_of(self) -> date: ...
    @property
    def average_pain(self) -> int: ...
    @property
    def interference(self) -> int: ...


def is_abandoned(entry: SessionFacts) -> bool:
    """A planned session with no step done: started, then ended before anything was pressed."""
    return entry.steps_planned > 0 and entry.steps_completed == 0


__all__ = ["CheckInFacts", "SessionFacts", "is_abandoned"]

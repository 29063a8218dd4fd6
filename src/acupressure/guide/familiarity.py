"""Short cues once the points are familiar: counted from sessions the person completed.

Hearing how to find every point, three times a day for two weeks, is mostly waiting. After
SHORT_CUES_AFTER completed sessions of the same routine (every step pressed) the person has
found each of its points several times, so the session names the point and side only and
shows the finding words on the screen, one tap away.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol

from acupressure.planning.routine import Routine

SHORT_CUES_AFTER = 3

CueChoice = Literal["auto", "full", "short"]


class PastSession(Protocol):
    """What a diary entry tells about a session (diary.entries.SessionEntry has these)."""

    @property
    def routine(self) -> str: ...

    @property
    def steps_planned(self) -> int: ...

    @property
    def steps_completed(self) -> int: ...


def completed_runs(routine: Routine, sessions: Iterable[PastSession]) -> int:
    """Sessions of this routine (by preset or title) in which every step was pressed."""
    names = {name for name in (routine.preset, routine.title) if name}
    return sum(
        1
        for past in sessions
        if past.routine in names
        and past.steps_planned > 0
        and past.steps_completed >= past.steps_planned
    )


def use_short_cues(choice: CueChoice, *, completed: int) -> bool:
    """The person's choice, or on "auto" short cues after SHORT_CUES_AFTER completed runs."""
    if choice == "auto":
        return completed >= SHORT_CUES_AFTER
    return choice == "short"


__all__ = ["SHORT_CUES_AFTER", "CueChoice", "PastSession", "completed_runs", "use_short_cues"]

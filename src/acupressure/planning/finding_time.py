"""How long a guided session takes: the time to hear where each point is and to find it.

Before pressing, each step gets time to hear how to find the point and to put the hands
there: the chime, the time it takes to say the announcement (`speech_seconds`, with room for
the "Release." of the step before) plus a few seconds, at least LEAD_SECONDS. A step whose
point the person has already found can be announced in short (`short=True`): its name and
side only, so the finding words and most of their time drop out.

The routine's own `total_seconds` (pressing, pauses, rests) does not count this finding
time; `guided_seconds` does, and the planner fits a routine's `guided_seconds` into the
person's minutes, so the session they hear fits the time they gave. The guide's timeline
(guide.cues) speaks exactly these openings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, Protocol

from acupressure.planning.step import Side, Step

LEAD_SECONDS = 5
WORDS_PER_SECOND = 2.5  # espeak-ng's default rate is about 175 words a minute
HANDS_SECONDS = 3  # after the words: time to put the hands on the point
# Measured with espeak-ng at its default rate on every cue of every preset: numbers and
# punctuation are slow, so characters predict the length better than words do. The
# estimate stays at or above the measured length (tests/test_speech.py checks it).
SPEECH_CHARS_PER_SECOND = 12.0
SPEECH_START_SECONDS = 0.5  # a voice takes a moment to start and to stop
CHIME_SECONDS = 0.7  # the tone that marks a change, played before the words
_BEFORE_OPENING = "Release. "  # the last cue of the step before may be said first

OpeningKind = Literal["announce", "switch_side"]

_SIDES = {
    "left": "left side",
    "right": "right side",
    "both": "both sides at once",
    "midline": "on the midline",
}


class Announced(Protocol):
    """What a step's opening is made of: a Step, or the planner's light sketch of one."""

    @property
    def point(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def side(self) -> Side: ...
    @property
    def finding(self) -> str: ...


def describe_step(step: Announced) -> str:
    """A short label for displays: name, code and side."""
    named = step.point.lower().replace("_", " ") in step.name.lower()
    region = step.point.islower()  # a region's id (sacral_dimples) is no name for people
    label = step.name if named or region else f"{step.name} ({step.point})"
    return f"{label}, {_SIDES[step.side]}"


def speech_seconds(text: str) -> float:
    """An estimate, never short, of how long a voice takes to say `text` (0 for nothing)."""
    if not text.strip():
        return 0.0
    return round(SPEECH_START_SECONDS + len(text.strip()) / SPEECH_CHARS_PER_SECOND, 1)


def lead_seconds(text: str) -> int:
    """Time to hear the chime and `text` and then put the hands in place (>= LEAD_SECONDS)."""
    spoken = CHIME_SECONDS + speech_seconds(_BEFORE_OPENING + text)
    return max(LEAD_SECONDS, math.ceil(spoken) + HANDS_SECONDS)


def _same_point_other_side(previous: Announced | None, step: Announced) -> bool:
    return (
        previous is not None
        and previous.point == step.point
        and {previous.side, step.side} == {"left", "right"}
    )


def opening(
    step: Announced,
    *,
    index: int,
    count: int,
    previous: Announced | None,
    short: bool = False,
) -> tuple[OpeningKind, str, str]:
    """The event that starts a step: its kind, the words spoken, the words only shown.

    In short (the point already found in earlier sessions) the finding is shown, not said.
    """
    number = f"Step {index + 1} of {count}"
    if _same_point_other_side(previous, step):
        return "switch_side", f"{number}: switch to the {step.side} side, same point.", step.finding
    if short:
        return "announce", f"{number}: {describe_step(step)}.", step.finding
    return "announce", f"{number}: {describe_step(step)}. Find it: {step.finding}", ""


def lead_times(steps: Sequence[Announced], *, short: bool = False) -> list[int]:
    """Seconds before each step's first press: hearing where the point is, finding it."""
    return [
        lead_seconds(
            opening(
                step,
                index=index,
                count=len(steps),
                previous=steps[index - 1] if index else None,
                short=short,
            )[1]
        )
        for index, step in enumerate(steps)
    ]


def guided_seconds(steps: Sequence[Step], *, short: bool = False) -> int:
    """The whole guided session of these steps: pressing, pauses, rests and finding time."""
    return sum(step.duration_seconds for step in steps) + sum(lead_times(steps, short=short))

"""How long a guided session takes: the time to hear where each point is and to find it.

Before pressing, each step gets time to hear how to find the point and to put the hands
there: the time it takes to say the announcement (at WORDS_PER_SECOND) plus a few seconds,
at least LEAD_SECONDS. The routine's own `total_seconds` (pressing, pauses, rests) does not
count this finding time; `guided_seconds` does, and the planner fits a routine's
`guided_seconds` into the person's minutes, so the session they hear fits the time they
gave. The guide's timeline (guide.cues) speaks exactly these openings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from acupressure.planning.step import Step

LEAD_SECONDS = 5
WORDS_PER_SECOND = 2.5  # espeak-ng's default rate is about 175 words a minute
HANDS_SECONDS = 3  # after the words: time to put the hands on the point

OpeningKind = Literal["announce", "switch_side"]

_SIDES = {
    "left": "left side",
    "right": "right side",
    "both": "both sides at once",
    "midline": "on the midline",
}


def describe_step(step: Step) -> str:
    """A short label for displays: name, code and side."""
    named = step.point.lower().replace("_", " ") in step.name.lower()
    region = step.point.islower()  # a region's id (sacral_dimples) is no name for people
    label = step.name if named or region else f"{step.name} ({step.point})"
    return f"{label}, {_SIDES[step.side]}"


def lead_seconds(text: str) -> int:
    """Time to say `text` and then put the hands in place; never under LEAD_SECONDS."""
    spoken = math.ceil(len(text.split()) / WORDS_PER_SECOND)
    return max(LEAD_SECONDS, spoken + HANDS_SECONDS)


def _same_point_other_side(previous: Step | None, step: Step) -> bool:
    return (
        previous is not None
        and previous.point == step.point
        and {previous.side, step.side} == {"left", "right"}
    )


def opening(
    step: Step, *, index: int, count: int, previous: Step | None
) -> tuple[OpeningKind, str, str]:
    """The event that starts a step: its kind, the words spoken, the words only shown."""
    number = f"Step {index + 1} of {count}"
    if _same_point_other_side(previous, step):
        return "switch_side", f"{number}: switch to the {step.side} side, same point.", step.finding
    return "announce", f"{number}: {describe_step(step)}. Find it: {step.finding}", ""


def lead_times(steps: Sequence[Step]) -> list[int]:
    """Seconds before each step's first press: hearing where the point is, finding it."""
    return [
        lead_seconds(
            opening(
                step,
                index=index,
                count=len(steps),
                previous=steps[index - 1] if index else None,
            )[1]
        )
        for index, step in enumerate(steps)
    ]


def guided_seconds(steps: Sequence[Step]) -> int:
    """The whole guided session of these steps: pressing, pauses, rests and finding time."""
    return sum(step.duration_seconds for step in steps) + sum(lead_times(steps))

"""The timeline of a guided session: what to say, and when, for every step of a routine.

Both hands are busy while pressing, so every change is an event with words that can be
shown and spoken. The timeline is pure data (offsets in whole seconds from the start),
deterministic for a given routine, so terminal, browser and tests all hear the same cues.

Before pressing, each step gets time to hear how to find the point and to put the hands
there: the time it takes to say the announcement (at WORDS_PER_SECOND) plus a few seconds,
at least LEAD_SECONDS. The routine's own `total_seconds` (pressing, pauses, rests) does not
count this finding time; `guided_seconds` does, and the planner fits a routine's
`guided_seconds` into the person's minutes, so the session they hear fits the time they
gave. `text` is spoken and shown; `detail` (the source's own cue, the finding again after a
side switch) is shown only, so speech keeps up with the clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from acupressure.routine import Routine, Step

LEAD_SECONDS = 5
WORDS_PER_SECOND = 2.5  # espeak-ng's default rate is about 175 words a minute
HANDS_SECONDS = 3  # after the words: time to put the hands on the point

EventKind = Literal[
    "announce", "press", "change_direction", "switch_side", "release", "rest", "next", "done"
]

_SIDES = {
    "left": "left side",
    "right": "right side",
    "both": "both sides at once",
    "midline": "on the midline",
}
_MOTIONS = {"hold": "hold still", "circles": "make small circles", "knead": "knead"}


@dataclass(frozen=True)
class Event:
    """One cue: when it happens, which step it belongs to, what to show and say.

    `until` is when the phase this event starts ends (the countdown target); for a
    direction change it is the end of the hold it falls in.
    """

    at: int
    kind: EventKind
    step: int
    text: str
    until: int
    detail: str = ""

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def describe_step(step: Step) -> str:
    """A short label for displays: name, code and side."""
    label = step.name if step.point.lower() in step.name.lower() else f"{step.name} ({step.point})"
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


def _opening(
    step: Step, *, index: int, count: int, previous: Step | None
) -> tuple[EventKind, str, str]:
    """The event that starts a step: its kind, the words spoken, the words only shown."""
    number = f"Step {index + 1} of {count}"
    if _same_point_other_side(previous, step):
        return "switch_side", f"{number}: switch to the {step.side} side, same point.", step.finding
    return "announce", f"{number}: {describe_step(step)}. Find it: {step.finding}", ""


def _step_events(
    step: Step, *, index: int, count: int, start: int, previous: Step | None
) -> list[Event]:
    number = f"Step {index + 1} of {count}"
    kind, text, detail = _opening(step, index=index, count=count, previous=previous)
    press_at = start + lead_seconds(text)
    events = [Event(start, kind, index, text, press_at, detail)]
    at = press_at
    for repetition in range(1, step.repetitions + 1):
        end = at + step.seconds
        how = f"{step.pressure} pressure, {_MOTIONS[step.motion]}, {step.seconds} seconds"
        if repetition == 1:
            events.append(Event(at, "press", index, f"Press now: {how}.", end, step.cue))
        else:
            text = f"Press again, {repetition} of {step.repetitions}: {how}."
            events.append(Event(at, "press", index, text, end))
        every = step.circle_change_every
        if step.motion == "circles" and every:
            for turn in range(at + every, end, every):
                events.append(Event(turn, "change_direction", index, "Change direction.", end))
        at = end
        if repetition < step.repetitions:
            pause = step.pause_seconds
            text = f"Release. Pause {pause} seconds." if pause else "Release."
            events.append(Event(at, "release", index, text, at + pause))
            at += pause
        else:
            events.append(Event(at, "release", index, "Release.", at))
    if step.rest_seconds:
        rest_end = at + step.rest_seconds
        text = f"Rest {step.rest_seconds} seconds."
        events.append(Event(at, "rest", index, text, rest_end))
        at = rest_end
    if index + 1 < count:
        events.append(Event(at, "next", index, f"{number} done.", at))
    else:
        text = f"All {count} steps done. Notice how your back feels now."
        events.append(Event(at, "done", index, text, at))
    return events


def build_timeline(routine: Routine) -> list[Event]:
    """Every cue of the routine in order; empty when the routine has no steps."""
    events: list[Event] = []
    start = 0
    previous: Step | None = None
    for index, step in enumerate(routine.steps):
        step_events = _step_events(
            step, index=index, count=len(routine.steps), start=start, previous=previous
        )
        events.extend(step_events)
        start = step_events[-1].at
        previous = step
    return events


def lead_times(steps: Sequence[Step]) -> list[int]:
    """Seconds before each step's first press: hearing where the point is, finding it."""
    return [
        lead_seconds(
            _opening(
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


def timeline_seconds(routine: Routine) -> int:
    """Length of the guided session: the routine plus the finding time of each step."""
    timeline = build_timeline(routine)
    return timeline[-1].at if timeline else 0


__all__ = [
    "HANDS_SECONDS",
    "LEAD_SECONDS",
    "WORDS_PER_SECOND",
    "Event",
    "EventKind",
    "build_timeline",
    "describe_step",
    "guided_seconds",
    "lead_seconds",
    "lead_times",
    "timeline_seconds",
]

"""The timeline of a guided session: what to say, and when, for every step of a routine.

Both hands are busy while pressing, so every change is an event with words that can be
shown and spoken. The timeline is pure data (offsets in whole seconds from the start),
deterministic for a given routine, so terminal, browser and tests all hear the same cues.

Before pressing, each step gets time to hear how to find the point and to put the hands
there (planning.finding_time, which the planner uses to fit the session into the person's
minutes). `text` is spoken and shown; `detail` (the source's own cue, the finding again after a
side switch) is shown only, so speech keeps up with the clock.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from acupressure.planning.finding_time import (
    HANDS_SECONDS,
    LEAD_SECONDS,
    WORDS_PER_SECOND,
    describe_step,
    guided_seconds,
    lead_seconds,
    lead_times,
    opening,
)
from acupressure.planning.routine import Routine, Step

EventKind = Literal[
    "announce", "press", "change_direction", "switch_side", "release", "rest", "next", "done"
]

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


def _step_events(
    step: Step, *, index: int, count: int, start: int, previous: Step | None
) -> list[Event]:
    number = f"Step {index + 1} of {count}"
    kind, text, detail = opening(step, index=index, count=count, previous=previous)
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

"""The timeline of a guided session: what to say, and when, for every step of a routine.

Both hands are busy while pressing, so every change is an event with words that can be
shown and spoken. The timeline is pure data (offsets in whole seconds from the start),
deterministic for a given routine, so terminal, browser and tests all hear the same cues.

Before pressing, each step gets time to hear how to find the point and to put the hands
there (planning.finding_time, which the planner uses to fit the session into the person's
minutes). `text` is spoken and shown; `detail` (the source's own cue, the finding again after a
side switch) is shown only, so speech keeps up with the clock.

No spoken cue overlaps another: every cue carries `say`, the words actually spoken, and
`say_seconds`, how long they take (planning.finding_time.speech_seconds, chime included when
`chime` is set). Cues due at the same second are said as one ("Release. Rest 10 seconds."),
the first of them chiming; a cue whose words do not fit before the next one is said in its
short form ("Press now."), and without its chime if even that does not fit. The full words
stay in `text`, on the screen. With `short=True` (the points already found in earlier
sessions) each step is announced by name and side only; its finding is shown as `detail`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from itertools import groupby
from typing import Literal

from acupressure.planning.finding_time import (
    CHIME_SECONDS,
    HANDS_SECONDS,
    LEAD_SECONDS,
    WORDS_PER_SECOND,
    describe_step,
    guided_seconds,
    lead_seconds,
    lead_times,
    opening,
    speech_seconds,
)
from acupressure.planning.routine import Routine, Step

EventKind = Literal[
    "announce", "press", "change_direction", "switch_side", "release", "rest", "next", "done"
]

_MOTIONS = {"hold": "hold still", "circles": "make small circles", "knead": "knead"}
_CHANGE = "Change direction."
# No direction change so near the end of a hold that its words would run into "Release."
_CHANGE_SECONDS = math.ceil(CHIME_SECONDS + speech_seconds(_CHANGE))


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
    say: str = ""  # the words spoken at `at` ("": said with the cue before, or silent)
    say_seconds: float = 0.0  # how long the chime and `say` take, estimated
    chime: bool = False
    short: str = ""  # the words said when the full ones do not fit ("Press now.")

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @property
    def sounds_until(self) -> float:
        """When this cue's chime and words have been heard (session seconds)."""
        return self.at + self.say_seconds


def _step_events(
    step: Step, *, index: int, count: int, start: int, previous: Step | None, short: bool
) -> list[Event]:
    number = f"Step {index + 1} of {count}"
    kind, text, detail = opening(step, index=index, count=count, previous=previous, short=short)
    press_at = start + lead_seconds(text)
    events = [Event(start, kind, index, text, press_at, detail)]
    at = press_at
    for repetition in range(1, step.repetitions + 1):
        end = at + step.seconds
        how = f"{step.pressure} pressure, {_MOTIONS[step.motion]}, {step.seconds} seconds"
        if repetition == 1:
            text = f"Press now: {how}."
            events.append(Event(at, "press", index, text, end, step.cue, short="Press now."))
        else:
            text = f"Press again, {repetition} of {step.repetitions}: {how}."
            events.append(Event(at, "press", index, text, end, short="Press again."))
        every = step.circle_change_every
        if step.motion == "circles" and every:
            for turn in range(at + every, end - _CHANGE_SECONDS + 1, every):
                events.append(Event(turn, "change_direction", index, _CHANGE, end))
        at = end
        if repetition < step.repetitions:
            pause = step.pause_seconds
            text = f"Release. Pause {pause} seconds." if pause else "Release."
            events.append(Event(at, "release", index, text, at + pause, short="Release."))
            at += pause
        else:
            events.append(Event(at, "release", index, "Release.", at))
    if step.rest_seconds:
        rest_end = at + step.rest_seconds
        text = f"Rest {step.rest_seconds} seconds."
        events.append(Event(at, "rest", index, text, rest_end, short="Rest."))
        at = rest_end
    if index + 1 < count:
        events.append(Event(at, "next", index, f"{number} done.", at))
    else:
        text = f"All {count} steps done. Notice how your back feels now."
        events.append(Event(at, "done", index, text, at))
    return events


def build_timeline(routine: Routine, *, short: bool = False) -> list[Event]:
    """Every cue of the routine in order, speech scheduled; empty when it has no steps."""
    events: list[Event] = []
    start = 0
    previous: Step | None = None
    for index, step in enumerate(routine.steps):
        step_events = _step_events(
            step,
            index=index,
            count=len(routine.steps),
            start=start,
            previous=previous,
            short=short,
        )
        events.extend(step_events)
        start = step_events[-1].at
        previous = step
    return schedule_speech(events)


def schedule_speech(events: list[Event]) -> list[Event]:
    """Give each cue the words it says and when they end, so no two cues overlap."""
    groups = [list(group) for _at, group in groupby(events, key=lambda event: event.at)]
    scheduled: list[Event] = []
    for number, group in enumerate(groups):
        room = groups[number + 1][0].at - group[0].at if number + 1 < len(groups) else None
        say, seconds, chime = _fit(group, room)
        # The step's opening speaks for the group, so a jump to that step says it too.
        speaker = next(
            (i for i, event in enumerate(group) if event.kind in ("announce", "switch_side")), 0
        )
        group[speaker] = replace(group[speaker], say=say, say_seconds=seconds, chime=chime)
        scheduled.extend(group)
    return scheduled


def _fit(group: list[Event], room: int | None) -> tuple[str, float, bool]:
    """The words a group of same-second cues says, their length, and whether it chimes.

    "Step 2 of 5 done." is left unsaid when the next step's announcement follows at once:
    that announcement names the step. The last choice is taken even when it does not fit
    (a press shorter than a word); plans from the planner never need it.
    """
    opens = any(event.kind in ("announce", "switch_side") for event in group)
    said = [event for event in group if not (opens and event.kind == "next")]
    full = " ".join(event.text for event in said)
    brief = " ".join(event.short or event.text for event in said)
    choices = [(full, True), (brief, True), (brief, False)]
    for text, chime in choices:
        seconds = round(speech_seconds(text) + (CHIME_SECONDS if chime else 0.0), 1)
        if room is None or seconds <= room:
            return text, seconds, chime
    return text, seconds, chime


def timeline_seconds(routine: Routine, *, short: bool = False) -> int:
    """Length of the guided session: the routine plus the finding time of each step."""
    timeline = build_timeline(routine, short=short)
    return timeline[-1].at if timeline else 0


__all__ = [
    "CHIME_SECONDS",
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
    "schedule_speech",
    "speech_seconds",
    "timeline_seconds",
]

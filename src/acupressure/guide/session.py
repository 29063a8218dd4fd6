"""A guided session: a state machine over the timeline of cues, driven by an injected clock.

The runner never sleeps or reads a wall clock itself: the face calls `tick()` as often as it
likes and gets the cues that have come due. A fake clock runs a ten-minute routine in a
test instantly; a monotonic clock with a speed factor runs it in the terminal for demos.

Before the first step the runner asks the emergency and urgent questions again, through a
callback so the terminal and the browser can each ask in their own way; any "yes" stops
the session with the advice that goes with that answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from acupressure.guide.cues import LEAD_SECONDS, Event, EventKind, build_timeline, describe_step
from acupressure.planning.routine import Routine, Step

State = Literal["idle", "running", "paused", "stopped", "finished"]


class Clock(Protocol):
    """Seconds since some fixed moment; only differences matter."""

    def now(self) -> float: ...


class FakeClock:
    """A clock that moves only when told to: tests and replays."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._now += seconds


class MonotonicClock:
    """Real elapsed time, multiplied by `speed` (100 runs a session a hundred times faster)."""

    def __init__(self, *, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._origin = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self._origin) * self.speed


@dataclass(frozen=True)
class Question:
    """A yes/no question asked again before the first step; "yes" stops the session."""

    id: str
    text: str
    verdict: str
    reason: str
    advice: tuple[str, ...]
    maternity: bool = False  # a pregnancy warning sign: the maternity unit, not a GP


@dataclass(frozen=True)
class Stop:
    """Why a session stopped before it began, and what to do instead."""

    verdict: str
    reasons: list[str]
    advice: list[str]


Ask = Callable[[Question], bool]
STOPPED_NOTE = "Stopped before the first step, nothing pressed: "


def stop_note(stop: Stop) -> str:
    """The diary's words for a session the re-screen stopped: why, in the rules' words."""
    return STOPPED_NOTE + " ".join(stop.reasons)


def rescreen_questions(*, pregnant: bool = False) -> list[Question]:
    """The emergency and urgent questions of the safety rules (emergency first), with the
    reason and advice `safety` gives for a "yes", so the session repeats it word for word.

    For someone who is or may be pregnant the pregnancy warning signs are among them, and a
    yes to one of those names the maternity unit or midwife (as the screen does).
    """
    from acupressure.safety.rules import RedFlag, load_rules
    from acupressure.safety.rules import rescreen_questions as safety_questions

    rules = load_rules()
    flags: dict[str, RedFlag] = {flag.id: flag for flag in rules.red_flags}
    questions = []
    for question in safety_questions(pregnant=pregnant):
        flag = flags[question.id]
        general = rules.advice.maternity if flag.maternity else getattr(rules.advice, flag.verdict)
        advice = (*general, flag.advice) if flag.maternity else tuple(general)
        questions.append(
            Question(
                id=question.id,
                text=question.text,
                verdict=question.group,
                reason=flag.reason,
                advice=advice,
                maternity=flag.maternity,
            )
        )
    return questions


class SessionRunner:
    """Plays a routine's timeline: start, pause, resume, skip, back, stop.

    Commands that do not apply in the current state (pausing a finished session) are
    ignored and return False, so a stray key press never breaks a session.
    """

    def __init__(
        self,
        *,
        routine: Routine,
        clock: Clock,
        questions: Sequence[Question] = (),
        short: bool = False,
    ) -> None:
        self.routine = routine
        self.clock = clock
        self.short = short
        self.questions = list(questions)
        self.timeline: list[Event] = build_timeline(routine, short=short)
        self.total = self.timeline[-1].at if self.timeline else 0
        self.state: State = "idle"
        self.stop_reason: Stop | None = None
        self.completed: set[int] = set()
        self._cursor = 0
        self._step = 0
        self._base = 0.0
        self._mark: float | None = None
        self._first_index: list[int] = []
        self._last_release: dict[int, int] = {}
        for index, event in enumerate(self.timeline):
            if event.step == len(self._first_index):
                self._first_index.append(index)
            if event.kind == "release":
                self._last_release[event.step] = index

    # -- starting -------------------------------------------------------------------------

    def start(self, *, ask: Ask) -> bool:
        """Re-screen, then start the clock. False (and `stop_reason`) when it must not run."""
        if self.state != "idle":
            return False
        if self.routine.verdict in ("emergency", "urgent") or not self.routine.steps:
            advice = self.routine.advice or ["This routine has no steps to guide."]
            self._stop_before(Stop(self.routine.verdict, list(self.routine.reasons), advice))
            return False
        for question in self.questions:
            if ask(question):
                stop = Stop(question.verdict, [question.reason], list(question.advice))
                self._stop_before(stop)
                return False
        self.state = "running"
        self._mark = self.clock.now()
        return True

    def _stop_before(self, stop: Stop) -> None:
        self.stop_reason = stop
        self.state = "stopped"

    # -- time -----------------------------------------------------------------------------

    @property
    def position(self) -> float:
        """Seconds into the session, pauses excluded."""
        if self._mark is None:
            return self._base
        return min(self._base + self.clock.now() - self._mark, float(self.total))

    def tick(self) -> list[Event]:
        """The cues that have come due since the last tick, in order."""
        if self.state != "running":
            return []
        position = self.position
        due: list[Event] = []
        while self._cursor < len(self.timeline) and self.timeline[self._cursor].at <= position:
            event = self.timeline[self._cursor]
            if self._last_release.get(event.step) == self._cursor:
                self.completed.add(event.step)
            due.append(event)
            self._step = event.step
            self._cursor += 1
            if event.kind == "done":
                self._freeze()
                self.state = "finished"
        return due

    def _freeze(self) -> None:
        self._base = self.position
        self._mark = None

    # -- commands -------------------------------------------------------------------------

    def pause(self) -> bool:
        if self.state != "running":
            return False
        self._freeze()
        self.state = "paused"
        return True

    def resume(self) -> bool:
        if self.state != "paused":
            return False
        self._mark = self.clock.now()
        self.state = "running"
        return True

    def opening_to_repeat(self) -> Event | None:
        """The step's opening ("Find it: ...") to say again when a pause cut into it.

        Only while the session is still before that step's first press: once pressing has
        begun the person has found the point.
        """
        phase = self.phase
        if self.state != "running" or phase is None:
            return None
        if phase.kind in ("announce", "switch_side") and self.position < phase.until:
            return phase
        return None

    def toggle(self) -> bool:
        """Space bar: pause when running, resume when paused."""
        return self.pause() if self.state == "running" else self.resume()

    def skip(self) -> bool:
        """Leave the current step and go to the start of the next (the end after the last)."""
        if self.state not in ("running", "paused"):
            return False
        target = self.current_step + 1
        if target < len(self._first_index):
            self._jump(self._first_index[target])
        else:
            self._jump(len(self.timeline) - 1)  # the closing "done" cue
        return True

    def back(self) -> bool:
        """Go to the start of the previous step (the first step starts again)."""
        if self.state not in ("running", "paused"):
            return False
        self._jump(self._first_index[max(self.current_step - 1, 0)])
        return True

    def stop(self) -> bool:
        """End the session early; what was completed stays completed."""
        if self.state not in ("running", "paused"):
            return False
        if self._mark is not None:
            self._freeze()
        self.state = "stopped"
        return True

    def _jump(self, index: int) -> None:
        self._cursor = index
        self._step = self.timeline[index].step
        self._base = float(self.timeline[index].at)
        if self._mark is not None:
            self._mark = self.clock.now()

    # -- what a display needs -------------------------------------------------------------

    @property
    def current_step(self) -> int:
        """Index of the step being guided: the last cue's step, or where a jump landed."""
        return self._step

    @property
    def phase(self) -> Event | None:
        """The last cue that started a phase (a direction change does not)."""
        for index in range(self._cursor - 1, -1, -1):
            if self.timeline[index].kind != "change_direction":
                return self.timeline[index]
        return None

    @property
    def phase_remaining(self) -> float:
        phase = self.phase
        return max(phase.until - self.position, 0.0) if phase else 0.0

    @property
    def phase_length(self) -> int:
        phase = self.phase
        return phase.until - phase.at if phase else 0

    @property
    def progress(self) -> float:
        """Fraction of the session's time already behind us, 0..1."""
        return self.position / self.total if self.total else 1.0

    def step(self, index: int) -> Step | None:
        steps = self.routine.steps
        return steps[index] if 0 <= index < len(steps) else None

    @property
    def upcoming(self) -> Step | None:
        return self.step(self.current_step + 1)

    @property
    def steps_planned(self) -> int:
        return len(self.routine.steps)

    @property
    def steps_completed(self) -> int:
        return len(self.completed)


__all__ = [
    "LEAD_SECONDS",
    "STOPPED_NOTE",
    "Ask",
    "Clock",
    "Event",
    "EventKind",
    "FakeClock",
    "MonotonicClock",
    "Question",
    "SessionRunner",
    "State",
    "Stop",
    "build_timeline",
    "describe_step",
    "rescreen_questions",
    "stop_note",
]

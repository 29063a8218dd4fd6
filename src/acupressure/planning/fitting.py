"""Planned points fitted into the time budget, ordered, and laid out as timed steps.

The most important points go in first at their shortest; then each grows back towards its
full technique while the routine still fits (holds and repetitions shrink before points are
dropped). `total` and `to_steps` count the same rests between points, so the seconds fitted
here are the seconds `Routine.total_seconds` reports. What must fit the person's minutes is
the whole guided session (`guided`): the pressing plus the time the session gives to hear
where each point is and to find it, measured by the session's own cues. `fit` asks that
question a few dozen times per plan, so `guided` answers it from light sketches of the
steps (no Step models, no cue text); a property test holds it equal to the session the
finished steps give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from acupressure.knowledge.models import BodyArea
from acupressure.planning.cue_text import step_cue
from acupressure.planning.finding_time import lead_times
from acupressure.planning.routine import Step
from acupressure.planning.step import Side
from acupressure.planning.techniques import POSITION_ORDER, SWITCH_SECONDS, PlannedPoint

REST_SECONDS = 5  # after a point, before the next
MOVE_SECONDS = 15  # when the next point needs another position
AREA_ORDER: tuple[BodyArea, ...] = (
    "head", "neck", "shoulder", "chest", "upper_back", "lower_back", "sacrum", "buttock",
    "abdomen", "arm", "hand", "thigh", "knee", "lower_leg", "foot",
)  # fmt: skip

Arrange = Callable[[list[PlannedPoint]], list[PlannedPoint]]


def _rest_after(item: PlannedPoint, following: PlannedPoint) -> int:
    return MOVE_SECONDS if following.position != item.position else REST_SECONDS


def to_steps(items: Sequence[PlannedPoint]) -> list[Step]:
    """One step per side of every item, with the rest before the next step."""
    steps: list[Step] = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        after = 0
        if following is not None:
            after = _rest_after(item, following)
        sides = item.sides()
        for number, side in enumerate(sides):
            rest = after if number == len(sides) - 1 else SWITCH_SECONDS
            steps.append(
                Step(
                    point=item.point.code,
                    name=item.point.english,
                    side=side,
                    position=item.position,
                    pressure=item.pressure,
                    motion=item.motion,
                    seconds=item.seconds,
                    repetitions=item.repetitions,
                    pause_seconds=item.pause_seconds if item.repetitions > 1 else 0,
                    rest_seconds=rest,
                    cue=step_cue(item, side),
                    finding=finding_words(item),
                    notes=list(item.notes),
                    why=item.why,
                    sources=list(item.sources),
                    alternatives=list(item.alternatives),
                    circle_change_every=item.circle_change_every
                    if item.motion == "circles"
                    else None,
                )
            )
    return steps


def finding_words(item: PlannedPoint) -> str:
    """How to find the point, then what to mind before pressing it (the step's `finding`)."""
    return " ".join([item.point.finding, *(f"Before you press: {n}" for n in item.notes)])


def total(items: Sequence[PlannedPoint]) -> int:
    """Seconds the arranged items take as steps (mirrors Step.duration_seconds)."""
    seconds = sum(item.duration() for item in items)
    for item, following in zip(items, items[1:], strict=False):
        seconds += _rest_after(item, following)
    return seconds


class _Opening(NamedTuple):
    """What a step's opening words are made of (finding_time.Announced), nothing more."""

    point: str
    name: str
    side: Side
    finding: str


def guided(items: Sequence[PlannedPoint]) -> int:
    """Seconds the guided session of the arranged items takes, finding each point included:
    `guided_seconds(to_steps(items))`, without building the steps."""
    openings = [
        _Opening(item.point.code, item.point.english, side, finding_words(item))
        for item in items
        for side in item.sides()
    ]
    return total(items) + sum(lead_times(openings))


def by_position(items: list[PlannedPoint]) -> list[PlannedPoint]:
    """One position for as many points as possible, then the rest; top of the body first."""
    counts = {p: sum(p in item.positions for item in items) for p in POSITION_ORDER}
    main = max(POSITION_ORDER, key=lambda p: (counts[p], -POSITION_ORDER.index(p)))
    placed = [
        replace(item, position=main if main in item.positions else item.positions[0])
        for item in items
    ]
    rank = {id(item): index for index, item in enumerate(placed)}
    return sorted(
        placed,
        key=lambda item: (
            item.position != main,
            POSITION_ORDER.index(item.position),
            AREA_ORDER.index(item.point.region),
            rank[id(item)],
        ),
    )


def keep_order(items: list[PlannedPoint]) -> list[PlannedPoint]:
    """The order as given (a preset keeps its article's order)."""
    return list(items)


def _growth(item: PlannedPoint, full: PlannedPoint) -> list[tuple[int, int]]:
    """(seconds, repetitions) from the full technique down to the shortest, in 5 s steps."""
    options = [(full.seconds, reps) for reps in range(full.repetitions, 0, -1)]
    seconds = full.seconds - 5
    while seconds > item.min_seconds:
        options.append((seconds, 1))
        seconds -= 5
    options.append((item.min_seconds, 1))
    return options


def fit(
    items: list[PlannedPoint], budget: int, arrange: Arrange
) -> tuple[list[PlannedPoint], list[PlannedPoint]]:
    """Fit the most important items' guided session into the budget: shorten, then drop."""
    kept: list[PlannedPoint] = []
    full: list[PlannedPoint] = []
    dropped: list[PlannedPoint] = []
    for item in items:
        if guided(arrange([*kept, item.shortest()])) <= budget:
            kept.append(item.shortest())
            full.append(item)
        else:
            dropped.append(item)
    for index, item in enumerate(full):
        for seconds, reps in _growth(item, item):
            trial = [*kept[:index], item.at(seconds, reps), *kept[index + 1 :]]
            if guided(arrange(trial)) <= budget:
                kept = trial
                break
    for index, (item, whole) in enumerate(zip(kept, full, strict=True)):
        if (item.seconds, item.repetitions) != (whole.seconds, whole.repetitions):
            was = f"{whole.seconds} s" + (f" x{whole.repetitions}" if whole.repetitions > 1 else "")
            kept[index] = replace(item, why=f"{item.why} Shortened from {was} to fit your time.")
    return arrange(kept), dropped

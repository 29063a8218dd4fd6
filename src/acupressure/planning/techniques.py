"""How the planner presses one point: the gentlest technique its sources give, within limits.

A `PlannedPoint` is a chosen point with its technique decided (side, position, pressure,
tool, time) and the reasons for it, before it becomes steps. Safety limits only ever make
a technique gentler or shorter, never stronger.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.models import Motion, Point, Position, Pressure, Technique, Tool
from acupressure.planning.routine import Side
from acupressure.safety.profile import Profile
from acupressure.safety.rules import PRESSURE_ORDER, PointLimit

DEFAULT_SECONDS = 30  # when no source gives a time
MAX_HOLD = 120  # longest single hold in a personal routine (article 003: 1-2 minutes)
MIN_HOLD = 10
PAUSE_SECONDS = 5  # between repetitions
SWITCH_SECONDS = 3  # between the left and the right side
POSITION_ORDER: tuple[Position, ...] = ("sitting", "lying", "standing")
# Both hands can press both sides at once here (both thumbs on BL23, both knee creases).
BOTH_AT_ONCE: frozenset[str] = frozenset({"lower_back", "sacrum", "buttock", "knee", "thigh"})
INFERRED_POSITIONS: dict[str, tuple[Position, ...]] = {
    "lower_back": ("sitting", "standing"),
    "upper_back": ("sitting", "standing"),
    "sacrum": ("sitting", "standing"),
    "buttock": ("standing",),
    "thigh": ("sitting", "lying"),
    "knee": ("sitting", "lying"),
    "lower_leg": ("sitting", "lying"),
    "foot": ("sitting", "lying"),
}
TOOL_ORDER: dict[str, int] = {
    "fingertip": 0, "thumb": 1, "thumbs": 1, "palm": 2, "massage_tool": 3, "knuckles": 4,
    "fist": 5,
}  # fmt: skip
SideMode = Literal["both", "alternate", "midline"]


@dataclass(frozen=True)
class PlannedPoint:
    """One chosen point, its technique decided, before it becomes steps."""

    point: Point
    side: SideMode
    positions: tuple[Position, ...]
    position: Position
    pressure: Pressure
    motion: Motion
    tool: Tool
    seconds: int
    repetitions: int
    min_seconds: int
    pause_seconds: int
    circle_change_every: int | None
    cue: str
    why: str
    sources: tuple[str, ...]
    alternatives: tuple[str, ...]

    def at(self, seconds: int, repetitions: int) -> PlannedPoint:
        every = self.circle_change_every
        if every is not None:
            every = max(1, min(every, seconds // 2 or 1))
        return replace(self, seconds=seconds, repetitions=repetitions, circle_change_every=every)

    def shortest(self) -> PlannedPoint:
        return self.at(self.min_seconds, 1)

    def sides(self) -> tuple[Side, ...]:
        if self.side == "alternate":
            return ("left", "right")
        return ("both",) if self.side == "both" else ("midline",)

    def duration(self) -> int:
        """Seconds on every side, pauses and the switch between sides included."""
        reps = self.repetitions
        one = self.seconds * reps + self.pause_seconds * (reps - 1)
        count = len(self.sides())
        return one * count + SWITCH_SECONDS * (count - 1)


def source_label(source: str) -> str:
    """How a source is named to the reader: "article 003" for an article, else its id."""
    return f"article {source[:3]}" if source[:3].isdigit() else source


def min_hold(seconds: int) -> int:
    """The shortest a hold may become when the routine has to fit the time."""
    return seconds if seconds <= MIN_HOLD else max(MIN_HOLD, seconds // 2)


def support(point: Point, catalogue: Catalogue, kind: str) -> list[str]:
    """Sources of one kind (article, trial) that recommend or used the point."""
    cited = [claim.source for claim in point.sources] + [t.source for t in point.techniques]
    known = catalogue.sources
    return list(dict.fromkeys(s for s in cited if s in known and known[s].kind == kind))


def _positions(point: Point) -> tuple[Position, ...]:
    stated = {p for t in point.techniques for p in t.positions}
    if stated:
        return tuple(p for p in POSITION_ORDER if p in stated)
    return INFERRED_POSITIONS.get(point.region, POSITION_ORDER)


def _side_mode(point: Point) -> SideMode:
    if not point.bilateral:
        return "midline"
    return "both" if point.region in BOTH_AT_ONCE else "alternate"


def _allowed_tool(tool: Tool, limit: PointLimit, side: SideMode) -> Tool:
    if tool not in limit.forbid_tools:
        return tool
    return "thumbs" if side == "both" else "fingertip"


def _describe_technique(tech: Technique, limit: PointLimit) -> str:
    parts = [tech.pressure or "", tech.motion or "", f"with {tech.tool}" if tech.tool else ""]
    if tech.seconds:
        span = f"-{tech.seconds_max}" if tech.seconds_max else ""
        parts.append(f"{tech.seconds}{span} s")
    if tech.repetitions:
        parts.append(f"x{tech.repetitions}")
    text = f"{source_label(tech.source)}: {' '.join(p for p in parts if p) or 'no details'}"
    if tech.note:
        text += f" ({tech.note})"
    if tech.tool and tech.tool in limit.forbid_tools:
        text += f" - not for you: no {tech.tool} here, because of your answers"
    return text


def gentlest(
    point: Point, profile: Profile, catalogue: Catalogue, limit: PointLimit
) -> PlannedPoint:
    """The point with the gentlest technique its sources give, and why it is here."""
    techs = list(point.techniques)
    side = _side_mode(point)
    order = sorted(
        range(len(techs)),
        key=lambda i: (
            PRESSURE_ORDER[techs[i].pressure or "moderate"],
            TOOL_ORDER.get(techs[i].tool or "fingertip", 0),
            i,
        ),
    )
    chosen = techs[order[0]] if techs else None
    timed = sorted((t for t in techs if t.seconds), key=lambda t: t.seconds or 0)
    default_tool: Tool = "thumbs" if side == "both" else "fingertip"
    tool = chosen.tool if chosen and chosen.tool else default_tool
    pressure: Pressure = (chosen.pressure or "moderate") if chosen else "light"
    seconds = min(timed[0].seconds or DEFAULT_SECONDS, MAX_HOLD) if timed else DEFAULT_SECONDS
    articles = support(point, catalogue, "article")
    trials = support(point, catalogue, "trial")
    wanted = [c for c in profile.complaints if c in point.indications]
    labels = [catalogue.complaints[c].label.lower() for c in wanted if c in catalogue.complaints]
    why = (
        f"Indicated for {', '.join(labels) or ', '.join(wanted)}; recommended by "
        f"{len(articles)} of the articles "
        f"({', '.join(source_label(s) for s in articles) or 'none'})."
    )
    if trials:
        why += f" Trials that used it: {', '.join(trials)}."
    if chosen is None:
        why += " No source gives a technique: a light hold."
    elif len(techs) > 1:
        why += (
            f" Technique: the gentlest of the {len(techs)} techniques the sources give "
            f"({source_label(chosen.source)})."
        )
    else:
        why += f" Technique as {source_label(chosen.source)} gives it."
    if not timed:
        why += f" No source gives a time, so we suggest {DEFAULT_SECONDS} seconds."
    used = [t.source for t in ([chosen] if chosen else []) + timed[:1]]
    return PlannedPoint(
        point=point,
        side=side,
        positions=_positions(point),
        position=_positions(point)[0],
        pressure=pressure,
        motion=chosen.motion if chosen and chosen.motion else "hold",
        tool=tool,
        seconds=seconds,
        repetitions=min((timed[0].repetitions or 1) if timed else 1, 3),
        min_seconds=min_hold(seconds),
        pause_seconds=PAUSE_SECONDS,
        circle_change_every=max(1, seconds // 2),
        cue="",
        why=why,
        sources=tuple(dict.fromkeys([*used, *articles, *trials])),
        alternatives=tuple(_describe_technique(t, limit) for t in techs if t is not chosen),
    )


def apply_limit(item: PlannedPoint, limit: PointLimit | None) -> PlannedPoint:
    """The item within the safety limits for its point: gentler, shorter, another tool."""
    if limit is None:
        return item
    pressure = item.pressure
    if limit.max_pressure and PRESSURE_ORDER[limit.max_pressure] < PRESSURE_ORDER[pressure]:
        pressure = limit.max_pressure
    seconds = min(item.seconds, limit.max_seconds or item.seconds)
    why = f"{item.why} Limits: {' '.join(limit.reasons)}"
    return replace(
        item,
        pressure=pressure,
        tool=_allowed_tool(item.tool, limit, item.side),
        seconds=seconds,
        min_seconds=min(item.min_seconds, seconds),
        why=why,
    )

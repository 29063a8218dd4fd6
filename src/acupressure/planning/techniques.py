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
from acupressure.planning.wording import one_sentence_each, recommended_by, source_label
from acupressure.safety.profile import Profile
from acupressure.safety.rules import PRESSURE_ORDER, PointLimit

# An option is (id, text, position it needs or None).
Option = tuple[str, str, Position | None]

DEFAULT_SECONDS = 30  # when no source gives a time
MAX_HOLD = 120  # longest single hold in a personal routine (article 003: 1-2 minutes)
MIN_HOLD = 10
PAUSE_SECONDS = 5  # between repetitions
SWITCH_SECONDS = 3  # between the left and the right side
POSITION_ORDER: tuple[Position, ...] = ("sitting", "lying", "lying_side", "standing")
FALLBACK_POSITION: Position = "sitting"  # every point here can be reached sitting
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
    until_relief: bool = False
    also_positions: tuple[Position, ...] = ()
    options: tuple[Option, ...] = ()
    notes: tuple[str, ...] = ()
    said_by: str = ""  # the source whose technique gave pressure and time
    named_as: str = ""  # how `why` names said_by once it has introduced it ("the article")

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


def sentence_start(text: str) -> str:
    """Capitalise the first letter only (str.capitalize would lower a quoted title)."""
    return text[:1].upper() + text[1:]


def min_hold(seconds: int) -> int:
    """The shortest a hold may become when the routine has to fit the time."""
    return seconds if seconds <= MIN_HOLD else max(MIN_HOLD, seconds // 2)


def support(point: Point, catalogue: Catalogue, kind: str) -> list[str]:
    """Sources of one kind (article, trial) that recommend or used the point."""
    named = [claim.source for claim in point.sources if claim.recommends]
    cited = named + [t.source for t in point.techniques if t.source in named]
    known = catalogue.sources
    return list(dict.fromkeys(s for s in cited if s in known and known[s].kind == kind))


def _positions(point: Point, chosen: Technique | None) -> tuple[Position, ...]:
    """Where the chosen technique can be done: its own positions, never another's.

    Article 000's lying variant for the back uses the fists under the back; it is no
    position for a thumbs technique (that would mean lying on your own thumbs).
    """
    if chosen is not None and chosen.positions:
        return tuple(p for p in POSITION_ORDER if p in chosen.positions)
    hands = [t for t in point.techniques if t.tool not in ("fist", "knuckles")]
    stated = {p for t in hands for p in t.positions}
    if stated:
        return tuple(p for p in POSITION_ORDER if p in stated)
    return INFERRED_POSITIONS.get(point.region, ("sitting", "lying", "standing"))


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
    if articles:
        why = f"Indicated for {', '.join(labels) or ', '.join(wanted)}; {recommended_by(articles)}."
    else:
        why = (
            f"Indicated for {', '.join(labels) or ', '.join(wanted)}; our addition: no article "
            "names this point (see its sources)."
        )
    if trials:
        why += f" Trials that used it: {', '.join(source_label(s) for s in trials)}."
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
    positions = _positions(point, chosen)
    return PlannedPoint(
        point=point,
        side=side,
        positions=positions,
        position=positions[0],
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
        said_by=(timed[0].source if timed else chosen.source if chosen else ""),
    )


def _span(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return "a minute" if minutes == 1 else f"{minutes} minutes"
    return f"{seconds} seconds"


_ADVERB = {"light": "lightly", "moderate": "steadily", "firm": "firmly"}
_PLACE = {
    "sitting": "sitting",
    "standing": "standing",
    "lying": "lying on the back",
    "lying_side": "lying on the side",
}


def _safe_position(item: PlannedPoint, forbidden: tuple[Position, ...]) -> Position:
    """The step's position, or where the move also works, or sitting."""
    for position in (item.position, *item.also_positions, *item.positions, FALLBACK_POSITION):
        if position not in forbidden:
            return position
    return FALLBACK_POSITION


def apply_limit(item: PlannedPoint, limit: PointLimit | None) -> PlannedPoint:
    """The item within the safety limits for its point: gentler, shorter, another tool.

    The step then says only what the person will do; what the source said, and why we
    do less, goes into `why` (the citation), e.g. "article 002 says a minute; we hold 30 s".
    """
    if limit is None:
        return item
    pressure = item.pressure
    if limit.max_pressure and PRESSURE_ORDER[limit.max_pressure] < PRESSURE_ORDER[pressure]:
        pressure = limit.max_pressure
    seconds = min(item.seconds, limit.max_seconds or item.seconds)
    repetitions = min(item.repetitions, limit.max_repetitions or item.repetitions)
    forbidden = limit.forbid_positions
    position = _safe_position(item, forbidden)
    positions = tuple(p for p in item.positions if p not in forbidden) or (position,)
    options = tuple(
        option
        for option in item.options
        if option[0] not in limit.forbid_options and option[2] not in forbidden
    )
    said, done = [], []
    if seconds < item.seconds:
        said.append(_span(item.seconds))
        done.append(f"hold {seconds} s")
    if repetitions < item.repetitions:
        said.append(f"{item.repetitions} rounds")
        done.append(f"do {repetitions}")
    if pressure != item.pressure:
        said.append(f"{item.pressure} pressure")
        done.append(f"press {_ADVERB[pressure]}")
    if position != item.position:
        said.append(_PLACE[item.position])
        done.append(f"do it {_PLACE[position]}")
    if len(options) < len(item.options):
        done.append(
            "leave out "
            + ", ".join(o[0].replace("_", " ") for o in item.options if o not in options)
        )
    why = item.why
    if said or done:
        who = item.named_as or source_label(
            item.said_by or (item.sources[0] if item.sources else "the source")
        )
        told = f"{sentence_start(who)} says {', '.join(said)}; we " if said else "We "
        why += f" {told}{' and '.join(done)}. Why: {' '.join(limit.reasons)}"
    elif limit.reasons:
        why += f" Limits: {' '.join(limit.reasons)}"
    return replace(
        item,
        pressure=pressure,
        tool=_allowed_tool(item.tool, limit, item.side),
        seconds=seconds,
        repetitions=repetitions,
        min_seconds=min(item.min_seconds, seconds),
        position=position,
        positions=positions,
        options=options,
        notes=tuple(dict.fromkeys([*item.notes, *limit.notes])),
        why=one_sentence_each(why),
    )

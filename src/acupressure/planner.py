"""Profile and constraints in, routine out: which points, how, in what order, how often.

The planner asks `safety.screen` first and only ever sees the points it allows. Points
come from the indications in the knowledge base, ranked by how many sources support them
and by trial evidence; each gets the most conservative technique its sources describe;
the routine is fitted to the time budget (holds and repetitions shrink before points are
dropped) and ordered so the person changes position as little as possible. Everything is
deterministic: the same profile always gives the same routine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from acupressure.catalogue import Catalogue
from acupressure.errors import KnowledgeError, UnknownName
from acupressure.models import BodyArea, Motion, Point, Position, Pressure, Technique, Tool
from acupressure.presets import Preset, get_preset
from acupressure.profile import Profile
from acupressure.routine import Routine, Schedule, Side, Step
from acupressure.safety import PRESSURE_ORDER, PointLimit, Screening, screen

DEFAULT_SECONDS = 30  # when no source gives a time
MAX_HOLD = 120  # longest single hold in a personal routine (article 003: 1-2 minutes)
MIN_HOLD = 10
MAX_POINTS = 8  # a personal routine stays as short as the articles' own (4 to 9 points)
PAUSE_SECONDS = 5  # between repetitions
SWITCH_SECONDS = 3  # between the left and the right side
REST_SECONDS = 5  # after a point, before the next
MOVE_SECONDS = 15  # when the next point needs another position
POSITION_ORDER: tuple[Position, ...] = ("sitting", "lying", "standing")
AREA_ORDER: tuple[BodyArea, ...] = (
    "head", "neck", "shoulder", "chest", "upper_back", "lower_back", "sacrum", "buttock",
    "abdomen", "arm", "hand", "thigh", "knee", "lower_leg", "foot",
)  # fmt: skip
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
EVIDENCE_SOURCES = ("hsieh2006", "li2021", "murphy2019", "nice_ng59")
EVIDENCE_NOTE = (
    "What the evidence says: a few small trials, mostly with trained practitioners, found "
    "less pain and disability with acupressure for low back pain (Hsieh 2006; Li 2021 "
    "review), and one small pilot trial of self-acupressure found less pain (Murphy 2019). "
    "Blinding is hard and the effects are modest. Guidelines put exercise and staying active "
    "first (NICE NG59): treat this as a complement, not a cure."
)
SCHEDULE_SOURCES = ("000_fe043fb46845d653.txt", "002_38170f6678176df8.txt", "nhs_back_pain")
STOP_IF = (
    "the pain gets worse during or after a session: stop and get advice",
    "a new symptom appears, especially numbness, weakness, bladder or bowel changes or "
    "a fever: stop and answer the screening questions again",
    "you get bruising, dizziness or another side effect: stop and ask a doctor, "
    "physiotherapist or qualified practitioner",
    "nothing has improved by the end of the course: see a doctor or physiotherapist "
    "rather than pressing harder or longer",
    "the back pain has not settled after about four weeks: see your doctor",
)
SideMode = Literal["both", "alternate", "midline"]

_PRESS = {
    "light": "press lightly",
    "moderate": "press steadily, to a dull ache but no further",
    "firm": "press firmly, never to sharp pain",
}
_TOOL = {
    "fingertip": "with your fingertips",
    "thumb": "with your thumb",
    "thumbs": "with both thumbs",
    "knuckles": "with your knuckles",
    "fist": "with your fists",
    "palm": "with your palm",
    "massage_tool": "with a massage tool",
}
_SIDE = {"left": "Your left side", "right": "Your right side", "both": "Both sides at once"}


@dataclass(frozen=True)
class _Item:
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

    def at(self, seconds: int, repetitions: int) -> _Item:
        every = self.circle_change_every
        if every is not None:
            every = max(1, min(every, seconds // 2 or 1))
        return replace(self, seconds=seconds, repetitions=repetitions, circle_change_every=every)

    def shortest(self) -> _Item:
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


def _minutes(count: int) -> str:
    return f"{count} minute{'s' if count != 1 else ''}"


def _label(source: str) -> str:
    return f"article {source[:3]}" if source[:3].isdigit() else source


def _min_hold(seconds: int) -> int:
    return seconds if seconds <= MIN_HOLD else max(MIN_HOLD, seconds // 2)


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
    text = f"{_label(tech.source)}: {' '.join(p for p in parts if p) or 'no details'}"
    if tech.note:
        text += f" ({tech.note})"
    if tech.tool and tech.tool in limit.forbid_tools:
        text += f" - not for you: no {tech.tool} here, because of your answers"
    return text


def _cue(item: _Item, side: Side) -> str:
    """What to do now, in one or two plain sentences, with a breathing cue."""
    tool = _TOOL[item.tool]
    if item.side == "alternate" and item.tool in ("thumb", "fingertip"):
        tool = f"with the {'thumb' if item.tool == 'thumb' else 'fingertips'} of your other hand"
    action = _PRESS[item.pressure]
    if item.motion == "circles":
        every = item.circle_change_every or item.seconds
        action += f" making small slow circles, changing direction every {every} seconds"
    elif item.motion == "knead":
        action += ", kneading gently"
    else:
        action += " and hold"
    reps = f", {item.repetitions} times with a short pause" if item.repetitions > 1 else ""
    opening = f"{_SIDE[side]}: " if side in _SIDE else ""
    text = f"{opening}{tool}, {action} for {item.seconds} seconds{reps}. "
    text += "Breathe slowly and evenly; ease off at once if it hurts sharply."
    text = f"{item.cue} {text}".strip()
    return text[0].upper() + text[1:]


def _steps(items: Sequence[_Item]) -> list[Step]:
    steps: list[Step] = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        after = 0
        if following is not None:
            after = MOVE_SECONDS if following.position != item.position else REST_SECONDS
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
                    cue=_cue(item, side),
                    finding=item.point.finding,
                    why=item.why,
                    sources=list(item.sources),
                    alternatives=list(item.alternatives),
                    circle_change_every=item.circle_change_every
                    if item.motion == "circles"
                    else None,
                )
            )
    return steps


def _total(items: Sequence[_Item]) -> int:
    """Seconds the arranged items take as steps (mirrors Step.duration_seconds)."""
    total = sum(item.duration() for item in items)
    for item, following in zip(items, items[1:], strict=False):
        total += MOVE_SECONDS if following.position != item.position else REST_SECONDS
    return total


Arrange = Callable[[list[_Item]], list[_Item]]


def _by_position(items: list[_Item]) -> list[_Item]:
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


def _keep_order(items: list[_Item]) -> list[_Item]:
    return list(items)


def _growth(item: _Item, full: _Item) -> list[tuple[int, int]]:
    """(seconds, repetitions) from the full technique down to the shortest, in 5 s steps."""
    options = [(full.seconds, reps) for reps in range(full.repetitions, 0, -1)]
    seconds = full.seconds - 5
    while seconds > item.min_seconds:
        options.append((seconds, 1))
        seconds -= 5
    options.append((item.min_seconds, 1))
    return options


def _fit(items: list[_Item], budget: int, arrange: Arrange) -> tuple[list[_Item], list[_Item]]:
    """Fit the most important items into the budget: shorten first, drop last."""
    kept: list[_Item] = []
    full: list[_Item] = []
    dropped: list[_Item] = []
    for item in items:
        if _total(arrange([*kept, item.shortest()])) <= budget:
            kept.append(item.shortest())
            full.append(item)
        else:
            dropped.append(item)
    for index, item in enumerate(full):
        for seconds, reps in _growth(item, item):
            trial = [*kept[:index], item.at(seconds, reps), *kept[index + 1 :]]
            if _total(arrange(trial)) <= budget:
                kept = trial
                break
    for index, (item, whole) in enumerate(zip(kept, full, strict=True)):
        if (item.seconds, item.repetitions) != (whole.seconds, whole.repetitions):
            was = f"{whole.seconds} s" + (f" x{whole.repetitions}" if whole.repetitions > 1 else "")
            kept[index] = replace(item, why=f"{item.why} Shortened from {was} to fit your time.")
    return arrange(kept), dropped


def _apply_limit(item: _Item, limit: PointLimit | None) -> _Item:
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


def _support(point: Point, catalogue: Catalogue, kind: str) -> list[str]:
    """Sources of one kind (article, trial) that recommend or used the point."""
    cited = [claim.source for claim in point.sources] + [t.source for t in point.techniques]
    known = catalogue.sources
    return list(dict.fromkeys(s for s in cited if s in known and known[s].kind == kind))


def _candidate(point: Point, profile: Profile, catalogue: Catalogue, limit: PointLimit) -> _Item:
    """The point with the gentlest technique its sources give, and why it is here."""
    techs = list(point.techniques)
    side = _side_mode(point)
    gentlest = sorted(
        range(len(techs)),
        key=lambda i: (
            PRESSURE_ORDER[techs[i].pressure or "moderate"],
            TOOL_ORDER.get(techs[i].tool or "fingertip", 0),
            i,
        ),
    )
    chosen = techs[gentlest[0]] if techs else None
    timed = sorted((t for t in techs if t.seconds), key=lambda t: t.seconds or 0)
    default_tool: Tool = "thumbs" if side == "both" else "fingertip"
    tool = chosen.tool if chosen and chosen.tool else default_tool
    pressure: Pressure = (chosen.pressure or "moderate") if chosen else "light"
    seconds = min(timed[0].seconds or DEFAULT_SECONDS, MAX_HOLD) if timed else DEFAULT_SECONDS
    support = _support(point, catalogue, "article")
    trials = _support(point, catalogue, "trial")
    wanted = [c for c in profile.complaints if c in point.indications]
    labels = [catalogue.complaints[c].label.lower() for c in wanted if c in catalogue.complaints]
    why = (
        f"Indicated for {', '.join(labels) or ', '.join(wanted)}; recommended by "
        f"{len(support)} of the articles ({', '.join(_label(s) for s in support) or 'none'})."
    )
    if trials:
        why += f" Trials that used it: {', '.join(trials)}."
    if chosen is None:
        why += " No source gives a technique: a light hold."
    elif len(techs) > 1:
        why += (
            f" Technique: the gentlest of the {len(techs)} techniques the sources give "
            f"({_label(chosen.source)})."
        )
    else:
        why += f" Technique as {_label(chosen.source)} gives it."
    if not timed:
        why += f" No source gives a time, so we suggest {DEFAULT_SECONDS} seconds."
    used = [t.source for t in ([chosen] if chosen else []) + timed[:1]]
    return _Item(
        point=point,
        side=side,
        positions=_positions(point),
        position=_positions(point)[0],
        pressure=pressure,
        motion=chosen.motion if chosen and chosen.motion else "hold",
        tool=tool,
        seconds=seconds,
        repetitions=min((timed[0].repetitions or 1) if timed else 1, 3),
        min_seconds=_min_hold(seconds),
        pause_seconds=PAUSE_SECONDS,
        circle_change_every=max(1, seconds // 2),
        cue="",
        why=why,
        sources=tuple(dict.fromkeys([*used, *support, *trials])),
        alternatives=tuple(_describe_technique(t, limit) for t in techs if t is not chosen),
    )


def _rank_key(point: Point, index: int, profile: Profile, catalogue: Catalogue) -> tuple[int, ...]:
    articles = len(_support(point, catalogue, "article"))
    trials = len(_support(point, catalogue, "trial"))
    matches = sum(1 for c in profile.complaints if c in point.indications)
    return (-articles, -trials, -matches, index)


def _refused(screening: Screening, preset: str | None, title: str) -> Routine:
    return Routine(
        verdict=screening.verdict,
        reasons=screening.reasons,
        advice=screening.advice,
        preset=preset,
        title=title,
    )


def _personal(profile: Profile, catalogue: Catalogue, screening: Screening) -> Routine:
    indicated = [
        (index, p)
        for index, p in enumerate(catalogue.points)
        if any(c in p.indications for c in profile.complaints)
    ]
    excluded = [e for e in screening.excluded if e.point in {p.code for _i, p in indicated}]
    allowed = [(i, p) for i, p in indicated if screening.allows(p.code)]
    allowed.sort(key=lambda pair: _rank_key(pair[1], pair[0], profile, catalogue))
    cautions = list(screening.cautions)
    items = []
    unplaceable = []
    for _index, point in allowed:
        limit = screening.point_limits.get(point.code)
        item = _candidate(point, profile, catalogue, limit or PointLimit())
        if profile.position != "any":
            if profile.position not in item.positions:
                unplaceable.append(point.code)
                continue
            item = replace(item, positions=(profile.position,), position=profile.position)
        items.append(_apply_limit(item, limit))
    if unplaceable:
        where = "lying down" if profile.position == "lying" else profile.position
        cautions.append(
            f"Left out because they are hard to reach {where}: {', '.join(unplaceable)}."
        )
    kept, dropped = _fit(items[:MAX_POINTS], profile.minutes * 60, _by_position)
    if items[MAX_POINTS:]:
        spare = ", ".join(item.point.code for item in items[MAX_POINTS:])
        cautions.append(f"Also suitable but left out to keep the routine short: {spare}.")
    if dropped:
        cautions.append(
            f"Left out to fit {_minutes(profile.minutes)}: "
            f"{', '.join(item.point.code for item in dropped)} (allow more minutes to add them)."
        )
    if not kept:
        cautions.append(
            "No point for these complaints is both safe for you and practical in the time "
            "and position you chose; a physiotherapist can suggest other options."
        )
    labels = [
        catalogue.complaints[c].label for c in profile.complaints if c in catalogue.complaints
    ]
    return Routine(
        verdict=screening.verdict,
        reasons=screening.reasons,
        advice=[*screening.advice, EVIDENCE_NOTE],
        steps=_steps(kept),
        schedule=_schedule(3, ["on waking", "after lunch", "before sleep"], 14),
        excluded=excluded,
        cautions=cautions,
        title=f"Your routine: {', '.join(labels).lower()}" if labels else "Your routine",
    )


def _schedule(times: int, moments: list[str], course: int, *extra: str) -> Schedule:
    return Schedule(
        times_per_day=times,
        moments=moments,
        course_days=course,
        review_after_days=course,
        stop_if=list(STOP_IF),
        sources=list(dict.fromkeys([*SCHEDULE_SOURCES, *extra])),
    )


def _preset_item(step_index: int, preset: Preset, catalogue: Catalogue) -> _Item:
    step = preset.steps[step_index]
    try:
        point = catalogue.get(step.point)
    except UnknownName:
        raise KnowledgeError(
            [f"presets.yaml: {preset.name}: unknown point {step.point!r}"]
        ) from None
    timing = (
        f"Time from {_label(preset.source)}."
        if step.timing == "stated"
        else f"{_label(preset.source).capitalize()} gives no time; "
        f"{step.seconds} seconds is our default."
    )
    return _Item(
        point=point,
        side=step.side,
        positions=(step.position,),
        position=step.position,
        pressure=step.pressure,
        motion=step.motion,
        tool=step.tool,
        seconds=step.seconds,
        repetitions=step.repetitions,
        min_seconds=_min_hold(step.seconds),
        pause_seconds=step.pause_seconds,
        circle_change_every=step.circle_change_every or max(1, step.seconds // 2),
        cue=step.cue,
        why=f"Step {step_index + 1} of {_label(preset.source)}. {step.note} {timing}",
        sources=(preset.source,),
        alternatives=(),
    )


def _from_preset(
    preset: Preset, profile: Profile, catalogue: Catalogue, screening: Screening
) -> Routine:
    codes = {step.point for step in preset.steps}
    excluded = [e for e in screening.excluded if e.point in codes]
    items = [
        _apply_limit(_preset_item(i, preset, catalogue), screening.point_limits.get(step.point))
        for i, step in enumerate(preset.steps)
        if screening.allows(step.point)
    ]
    cautions = list(screening.cautions)
    kept, dropped = _fit(items, profile.minutes * 60, _keep_order)
    full = sum(item.duration() for item in items)
    if kept and _total(kept) < _total(items):
        cautions.append(
            f"Shortened to fit {_minutes(profile.minutes)}; the full routine takes about "
            f"{-(-full // 60)} minutes of pressing."
        )
    if dropped:
        cautions.append(
            f"Left out to fit {_minutes(profile.minutes)}: "
            f"{', '.join(item.point.code for item in dropped)}."
        )
    if profile.position != "any":
        cautions.append("A preset keeps the positions its article gives.")
    schedule = preset.schedule
    return Routine(
        verdict=screening.verdict,
        reasons=screening.reasons,
        advice=[*screening.advice, EVIDENCE_NOTE],
        steps=_steps(kept),
        schedule=_schedule(
            schedule.times_per_day,
            list(schedule.moments),
            schedule.course_days,
            preset.source,
            schedule.course_source,
        ),
        excluded=excluded,
        cautions=cautions,
        preset=preset.name,
        title=preset.title,
    )


def plan(*, profile: Profile, catalogue: Catalogue, preset: str | None = None) -> Routine:
    """The routine for a profile: screened first; steps only when self-care is appropriate."""
    chosen = get_preset(preset) if preset is not None else None
    screening = screen(profile=profile, catalogue=catalogue)
    title = chosen.title if chosen else "Your routine"
    if not screening.self_care:
        return _refused(screening, chosen.name if chosen else None, title)
    if chosen is not None:
        return _from_preset(chosen, profile, catalogue, screening)
    return _personal(profile, catalogue, screening)


__all__ = ["plan"]

"""Profile and constraints in, routine out: which points, how, in what order, how often.

The planner asks `safety.screen` first and only ever sees the points it allows. Points
come from the indications in the knowledge base, ranked by how many sources support them
and by trial evidence; each gets the most conservative technique its sources describe;
the whole guided session, time to find each point included, is fitted to the person's
minutes (holds and repetitions shrink before points are dropped) and ordered so the person
changes position as little as possible. Everything is deterministic: the same profile
always gives the same routine.
"""

from __future__ import annotations

from dataclasses import replace

from acupressure.errors import KnowledgeError, UnknownName
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.models import Point
from acupressure.planning.fitting import by_position, fit, guided, keep_order, to_steps
from acupressure.planning.presets import Preset, get_preset
from acupressure.planning.routine import PointCourse, Routine, Schedule, Step
from acupressure.planning.techniques import (
    PlannedPoint,
    apply_limit,
    gentlest,
    min_hold,
    support,
)
from acupressure.planning.wording import source_label
from acupressure.safety.profile import Profile
from acupressure.safety.rules import PointLimit, Screening, screen, without_points

MAX_POINTS = 8  # a personal routine stays as short as the articles' own (4 to 9 points)
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


def label(point: Point) -> str:
    """How a point is named in lists: its code, or a region's name (never a raw id)."""
    return point.code if point.kind == "point" else point.english


def _labels(points: list[Point]) -> str:
    return ", ".join(label(point) for point in points)


def _minutes(count: int) -> str:
    return f"{count} minute{'s' if count != 1 else ''}"


def _rank_key(point: Point, index: int, profile: Profile, catalogue: Catalogue) -> tuple[int, ...]:
    articles = len(support(point, catalogue, "article"))
    trials = len(support(point, catalogue, "trial"))
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
    labels = [
        catalogue.complaints[c].label for c in profile.complaints if c in catalogue.complaints
    ]
    if not allowed:
        screening = without_points(screening=screening, what=f"for {', '.join(labels).lower()}")
    allowed.sort(key=lambda pair: _rank_key(pair[1], pair[0], profile, catalogue))
    cautions = list(screening.cautions)
    items = []
    unplaceable = []
    moved = False
    for point in _one_step_each([p for _i, p in allowed]):
        limit = screening.point_limits.get(point.code)
        item = apply_limit(gentlest(point, profile, catalogue, limit or PointLimit()), limit)
        if profile.position != "any":
            forbidden = limit.forbid_positions if limit else ()
            if profile.position in forbidden:
                moved = True  # kept in the safe position the limit chose
            elif profile.position not in item.positions:
                unplaceable.append(point)
                continue
            else:
                item = replace(item, positions=(profile.position,), position=profile.position)
        items.append(item)
    if moved:
        cautions.append(
            f"Not {profile.position.replace('_', ' ')} for some points, because of your "
            "answers: those steps say where to be instead."
        )
    if unplaceable:
        where = "lying down" if profile.position == "lying" else profile.position
        cautions.append(f"Left out because they are hard to reach {where}: {_labels(unplaceable)}.")
    kept, dropped = fit(items[:MAX_POINTS], profile.minutes * 60, by_position)
    spare = [item.point for item in items[MAX_POINTS:]]
    if dropped:
        cautions.append(
            f"Left out to fit {_minutes(profile.minutes)}: "
            f"{_labels([item.point for item in dropped])} (allow more minutes to add them)."
        )
    if not allowed:
        cautions.append(
            "No point for these complaints is safe for you with what you told us; a doctor "
            "or physiotherapist can suggest other options."
        )
    elif not kept:
        cautions.append(
            "No point for these complaints is both safe for you and practical in the time "
            "and position you chose; a physiotherapist can suggest other options."
        )
    steps = to_steps(kept)
    return Routine(
        verdict=screening.verdict,
        reasons=screening.reasons,
        advice=[*screening.advice, EVIDENCE_NOTE] if allowed else screening.advice,
        steps=steps,
        schedule=replace(
            _schedule(3, ["on waking", "after lunch", "before sleep"], 14),
            point_courses=_courses(steps, catalogue, None),
        )
        if steps
        else None,
        excluded=excluded,
        cautions=cautions,
        also_suitable=[label(point) for point in spare],
        title=f"Your routine: {', '.join(labels).lower()}" if labels else "Your routine",
    )


def _one_step_each(points: list[Point]) -> list[Point]:
    """One step per thing an article describes: a region and the standard points it maps
    onto (article 004's forearm arc and LI10/LI11), or two points one description fits
    (its Dan Tien: CV6 or CV4), give one step, the best-ranked."""
    kept: list[Point] = []
    for point in points:
        mapped = set(point.mapping.points) if point.mapping else set()
        if any(
            other.code in mapped or point.code in (other.mapping.points if other.mapping else [])
            for other in kept
        ):
            continue
        kept.append(point)
    return kept


def _courses(steps: list[Step], catalogue: Catalogue, source: str | None) -> list[PointCourse]:
    """Each pressed point's own course from its source (KI27 for a week...), once."""
    courses: list[PointCourse] = []
    for code in dict.fromkeys(step.point for step in steps):
        point = catalogue.get(code)
        for tech in point.techniques:
            if source is not None and tech.source != source:
                continue
            if tech.course_days is None and tech.per_day is None:
                continue
            parts = []
            if tech.per_day:
                parts.append(f"{tech.per_day} times a day")
            if tech.course_days:
                parts.append(f"for {tech.course_days} days")
            courses.append(
                PointCourse(
                    point=code,
                    label=label(point),
                    times_per_day=tech.per_day,
                    course_days=tech.course_days,
                    source=tech.source,
                    text=f"{label(point)}: {' '.join(parts)} ({source_label(tech.source)}).",
                )
            )
            break
    return courses


def _schedule(times: int, moments: list[str], course: int, *extra: str) -> Schedule:
    return Schedule(
        times_per_day=times,
        moments=moments,
        course_days=course,
        review_after_days=course,
        stop_if=list(STOP_IF),
        sources=list(dict.fromkeys([*SCHEDULE_SOURCES, *extra])),
    )


def _preset_item(step_index: int, preset: Preset, catalogue: Catalogue) -> PlannedPoint:
    step = preset.steps[step_index]
    try:
        point = catalogue.get(step.point)
    except UnknownName:
        raise KnowledgeError(
            [f"presets.yaml: {preset.name}: unknown point {step.point!r}"]
        ) from None
    timing = (
        "Time from the article."
        if step.timing == "stated"
        else f"The article gives no time; {step.seconds} seconds is our default."
    )
    return PlannedPoint(
        point=point,
        side=step.side,
        positions=(step.position,),
        position=step.position,
        pressure=step.pressure,
        motion=step.motion,
        tool=step.tool,
        seconds=step.seconds,
        repetitions=step.repetitions,
        min_seconds=min_hold(step.seconds),
        pause_seconds=step.pause_seconds,
        circle_change_every=step.circle_change_every or max(1, step.seconds // 2),
        cue=step.cue,
        why=f"Step {step_index + 1} of {source_label(preset.source)}. {step.note} {timing}",
        sources=(preset.source,),
        alternatives=(),
        until_relief=step.until_relief,
        also_positions=tuple(step.also_positions),
        options=tuple((o.id, o.text, o.position) for o in step.options),
        said_by=preset.source,
        named_as="the article",
    )


def _from_preset(
    preset: Preset, profile: Profile, catalogue: Catalogue, screening: Screening
) -> Routine:
    codes = {step.point for step in preset.steps}
    excluded = [e for e in screening.excluded if e.point in codes]
    items = [
        apply_limit(_preset_item(i, preset, catalogue), screening.point_limits.get(step.point))
        for i, step in enumerate(preset.steps)
        if screening.allows(step.point)
    ]
    if not items:
        screening = without_points(screening=screening, what="in this article's routine")
    cautions = list(screening.cautions)
    kept, dropped = fit(items, profile.minutes * 60, keep_order)
    full = guided(items)
    if kept and guided(kept) < full:
        cautions.append(
            f"Shortened to fit {_minutes(profile.minutes)}; the full routine takes about "
            f"{-(-full // 60)} minutes with time to find each point."
        )
    if dropped:
        cautions.append(
            f"Left out to fit {_minutes(profile.minutes)}: "
            f"{_labels([item.point for item in dropped])}."
        )
    if profile.position != "any":
        cautions.append("A preset keeps the positions its article gives.")
    schedule = preset.schedule
    steps = to_steps(kept)
    return Routine(
        verdict=screening.verdict,
        reasons=screening.reasons,
        advice=[*screening.advice, EVIDENCE_NOTE] if items else screening.advice,
        steps=steps,
        schedule=replace(
            _schedule(
                schedule.times_per_day,
                list(schedule.moments),
                schedule.course_days,
                preset.source,
                schedule.course_source,
            ),
            point_courses=_courses(steps, catalogue, preset.source),
        )
        if steps
        else None,
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

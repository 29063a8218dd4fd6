"""Each preset against its article (SEED-CLAIMS.md): points, order, timings, and safety."""

from __future__ import annotations

import pytest

from acupressure.errors import BadInput
from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.planner import plan
from acupressure.planning.presets import Preset, get_preset, list_presets
from acupressure.planning.routine import Routine
from acupressure.safety.profile import parse_profile
from answered import answered

ARTICLES = {
    "article-000": "000_fe043fb46845d653.txt",
    "article-001": "001_e8bd01af3b5418dd.txt",
    "article-002": "002_38170f6678176df8.txt",
    "article-003": "003_fa2bb5155661d23b.txt",
    "article-004": "004_82d96cd1af386d05.txt",
}
# The points each article names, in its order (SEED-CLAIMS.md, standard codes).
POINTS = {
    "article-000": ["paraspinal", "BL23", "BL52", "BL40"],
    "article-001": ["CV6", "BL23", "BL53", "BL40", "LR3", "KI1", "LI4"],
    "article-002": ["BL23", "LI4", "BL40", "CV6", "BL53", "GB30", "LR3", "GB21", "KI27"],
    "article-003": ["BL23", "BL40", "GB30", "GV20", "GV14", "LI4", "BL42", "paraspinal"],
    "article-004": [
        "LI4",
        "LR3",
        "forearm_arc",
        "sacral_dimples",
        "sacral_dimples",
        "BL40",
        "CV6",
    ],  # fmt: skip
}
# Timings the articles state: (preset, point) -> seconds pressed per side in one session.
STATED_SECONDS = {
    ("article-000", "BL40"): 60,  # 000: a minute on B54
    ("article-002", "BL23"): 120,  # 002: at least a minute, then repeat
    ("article-002", "LI4"): 5,  # 002: 5 to 10 seconds
    ("article-002", "BL40"): 300,  # 002: 10 to 20 minutes a day; 5 min x 2 sessions
    ("article-002", "CV6"): 60,  # 002: 1 to 3 minutes with small gaps
    ("article-002", "LR3"): 20,  # 002: 20 seconds then release
    ("article-002", "GB21"): 5,  # 002: 5 to 6 seconds
    ("article-002", "KI27"): 60,  # 002: a minute
    ("article-003", "BL23"): 60,  # 003: 1 to 2 minutes
    ("article-003", "BL40"): 60,  # 003: 1 to 2 minutes
    ("article-004", "LR3"): 20,  # 004: five or six turns each way
}
STATED_PRESSURE = {
    ("article-000", "paraspinal"): "light",  # 000: a light touch, the area is delicate
    ("article-001", "CV6"): "firm",  # 001: firm, even pressure (softened by safety)
    ("article-002", "LR3"): "light",  # 002: never strong pressure
    ("article-002", "GB21"): "light",  # 002: with great care
    ("article-002", "KI27"): "firm",  # 002: firm pressure
    ("article-003", "BL23"): "firm",  # 003: firm pressure
    ("article-003", "GV14"): "light",  # 003: gentle pressure
    ("article-004", "CV6"): "light",  # 004: light pressure only
}


def routine_for(catalogue: Catalogue, name: str, **fields: object) -> Routine:
    profile = parse_profile(answered({"minutes": 60, **fields}))
    return plan(profile=profile, catalogue=catalogue, preset=name)


def pressed(routine: Routine, code: str) -> int:
    """Seconds of pressing one side of a point (pauses excluded)."""
    steps = [s for s in routine.steps if s.point == code and s.side != "right"]
    return sum(step.seconds * step.repetitions for step in steps)


def test_one_preset_per_article_with_its_source() -> None:
    assert {p.name: p.source for p in list_presets()} == ARTICLES


@pytest.mark.parametrize("name", sorted(POINTS))
def test_preset_points_and_order_match_the_article(catalogue: Catalogue, name: str) -> None:
    preset = get_preset(name)
    assert [step.point for step in preset.steps] == POINTS[name]
    for step in preset.steps:
        point = catalogue.get(step.point)
        cited = {claim.source for claim in point.sources} | {t.source for t in point.techniques}
        assert preset.source in cited, (name, step.point)


@pytest.mark.parametrize("name", sorted(POINTS))
def test_the_routine_keeps_the_article_order(catalogue: Catalogue, name: str) -> None:
    routine = routine_for(catalogue, name)
    assert routine.preset == name and routine.verdict == "ok"
    order: list[str] = []
    for step in routine.steps:
        if step.side != "right":
            order.append(step.point)
    assert order == POINTS[name]
    assert routine.total_seconds <= 60 * 60


@pytest.mark.parametrize(("key", "seconds"), sorted(STATED_SECONDS.items()))
def test_stated_timings(catalogue: Catalogue, key: tuple[str, str], seconds: int) -> None:
    name, code = key
    assert pressed(routine_for(catalogue, name), code) == seconds
    step = next(step for step in get_preset(name).steps if step.point == code)
    assert step.timing == "stated"


def test_unstated_timings_are_marked_as_ours(catalogue: Catalogue) -> None:
    for preset in list_presets():
        for step in preset.steps:
            if (preset.name, step.point) not in STATED_SECONDS:
                assert step.timing == "default", (preset.name, step.point)
    routine = routine_for(catalogue, "article-001")
    assert all("is our default" in step.why for step in routine.steps)


@pytest.mark.parametrize(("key", "pressure"), sorted(STATED_PRESSURE.items()))
def test_stated_pressures(key: tuple[str, str], pressure: str) -> None:
    name, code = key
    step = next(step for step in get_preset(name).steps if step.point == code)
    assert step.pressure == pressure


def test_article_004_circles_and_sides() -> None:
    steps = {step.point: step for step in get_preset("article-004").steps}
    assert steps["LR3"].motion == "circles" and steps["LR3"].circle_change_every == 10
    assert "five slow turns each way" in steps["LR3"].cue
    assert [o.id for o in steps["LR3"].options] == ["foot_warm_up"]
    [painful_side] = steps["forearm_arc"].options
    assert "hurts more" in painful_side.text and steps["forearm_arc"].side == "alternate"


def test_schedules_follow_the_articles() -> None:
    assert get_preset("000").schedule.moments == ["on waking", "after lunch", "before sleep"]
    assert get_preset("000").schedule.times_per_day == 3
    two = get_preset("002").schedule
    assert (two.times_per_day, two.course_days) == (2, 14)  # 2-3 / 2-4 a day; 1-2 weeks


def test_presets_still_pass_through_safety(catalogue: Catalogue) -> None:
    routine = routine_for(catalogue, "article-002", pregnant=True)
    assert routine.verdict == "caution"
    left_out = {item.point for item in routine.excluded}
    assert {"LI4", "CV6", "BL53", "GB21"} <= left_out
    assert not left_out & {step.point for step in routine.steps}
    weak = routine_for(catalogue, "article-000", conditions=["weak_back"])
    assert [step.point for step in weak.steps] == ["BL40"]


def test_safety_softens_what_an_article_asks(catalogue: Catalogue) -> None:
    routine = routine_for(catalogue, "article-001")
    cv6 = next(step for step in routine.steps if step.point == "CV6")
    assert cv6.pressure == "light" and "says firm pressure; we press lightly" in cv6.why
    assert "firm" not in cv6.cue and "press lightly" in cv6.cue


def test_one_voice_the_citation_keeps_the_articles_time(catalogue: Catalogue) -> None:
    """The cue says what you do now; "article 002 says a minute; we hold 30 s" is the why."""
    routine = routine_for(catalogue, "article-002", conditions=["anticoagulants"])
    bl23 = next(step for step in routine.steps if step.point == "BL23")
    assert (bl23.seconds, bl23.pressure) == (30, "light")
    assert "a minute" not in bl23.cue and "30 seconds" in bl23.cue
    assert "says a minute, moderate pressure; we hold 30 s and press lightly" in bl23.why
    assert "blood thinners" in bl23.why


def test_an_emergency_overrides_a_preset(catalogue: Catalogue) -> None:
    routine = routine_for(catalogue, "article-003", red_flags=["major_trauma"])
    assert (routine.verdict, routine.steps, routine.preset) == ("emergency", [], "article-003")


def test_a_short_budget_shortens_the_preset_and_says_so(catalogue: Catalogue) -> None:
    routine = routine_for(catalogue, "article-002", minutes=5)
    assert routine.total_seconds <= 300
    assert any("Shortened to fit 5 minutes" in caution for caution in routine.cautions)


@pytest.mark.parametrize("alias", ["article-002", "002", "Article 002", " ARTICLE-002 "])
def test_preset_names(alias: str) -> None:
    assert get_preset(alias).name == "article-002"


def test_an_unknown_preset_is_bad_input() -> None:
    with pytest.raises(BadInput, match="preset: unknown preset 'gach'; choose from article-000"):
        get_preset("gach")


def test_preset_json_lists_its_points() -> None:
    preset: Preset = get_preset("004")
    document = preset.to_json()
    assert document["points"] == POINTS["article-004"]
    assert document["source"] == ARTICLES["article-004"]

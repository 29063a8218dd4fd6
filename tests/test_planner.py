"""The planner: invariants over random profiles, and the choices it makes and explains."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupressure.guide.cues import build_timeline
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.models import COMPLAINT_IDS
from acupressure.planning.planner import plan
from acupressure.planning.presets import list_presets
from acupressure.planning.routine import Routine
from acupressure.safety.profile import CONDITION_IDS, POSITION_CHOICES, RED_FLAG_IDS, parse_profile
from acupressure.safety.rules import screen
from answered import answered

PROFILES = st.fixed_dictionaries(
    {
        "complaints": st.lists(st.sampled_from(COMPLAINT_IDS), min_size=1, max_size=3),
        "age": st.integers(min_value=1, max_value=120),
        "pregnant": st.booleans(),
        "red_flags": st.lists(st.sampled_from(RED_FLAG_IDS), max_size=2),
        "conditions": st.lists(st.sampled_from(CONDITION_IDS), max_size=3),
        "minutes": st.integers(min_value=1, max_value=60),
        "position": st.sampled_from(POSITION_CHOICES),
    }
)
PRESET_NAMES = st.sampled_from([None, *(preset.name for preset in list_presets())])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def planned(catalogue: Catalogue, preset: str | None = None, **fields: Any) -> Routine:
    return plan(profile=parse_profile(answered(fields)), catalogue=catalogue, preset=preset)


@SETTINGS
@given(fields=PROFILES, preset=PRESET_NAMES)
def test_invariants_over_random_profiles(
    catalogue: Catalogue, fields: dict[str, Any], preset: str | None
) -> None:
    profile = parse_profile(answered(fields))
    routine = plan(profile=profile, catalogue=catalogue, preset=preset)
    screening = screen(profile=profile, catalogue=catalogue)
    banned = {item.point for item in screening.excluded}
    assert routine.verdict == screening.verdict
    assert not banned & {step.point for step in routine.steps}
    assert routine.total_seconds <= profile.minutes * 60
    if routine.verdict in ("emergency", "urgent"):
        assert routine.steps == [] and routine.schedule is None
    for step in routine.steps:
        assert step.point in catalogue
        assert step.why and step.cue and step.sources
        limit = screening.point_limits.get(step.point)
        if limit is not None and limit.max_seconds is not None:
            assert step.seconds <= limit.max_seconds
    for item in routine.excluded:
        assert item.reason
    again = plan(profile=profile, catalogue=catalogue, preset=preset)
    assert again == routine
    assert again.to_json() == routine.to_json()


@SETTINGS
@given(fields=PROFILES, preset=PRESET_NAMES)
def test_the_whole_guided_session_fits_the_minutes(
    catalogue: Catalogue, fields: dict[str, Any], preset: str | None
) -> None:
    """Someone with 5 minutes hears a whole session, finding each point included, in 5."""
    profile = parse_profile(answered(fields))
    routine = plan(profile=profile, catalogue=catalogue, preset=preset)
    timeline = build_timeline(routine)
    session = timeline[-1].at if timeline else 0
    assert session == routine.guided_seconds == routine.to_json()["guided_seconds"]
    assert routine.total_seconds <= session <= profile.minutes * 60


def test_finding_time_is_reserved_within_the_minutes(catalogue: Catalogue) -> None:
    routine = planned(catalogue, minutes=5)
    assert routine.steps
    assert routine.total_seconds < routine.guided_seconds <= 300
    assert routine.guided_seconds - routine.total_seconds >= 5 * len(routine.steps)


def test_the_json_contract(catalogue: Catalogue) -> None:
    document = planned(catalogue, conditions=["varicose_veins"]).to_json()
    assert {
        "verdict", "steps", "total_seconds", "guided_seconds", "schedule", "excluded", "cautions",
    } <= set(document)  # fmt: skip
    assert document["total_seconds"] < document["guided_seconds"]
    step = document["steps"][0]
    assert {
        "point", "side", "position", "pressure", "motion", "seconds", "repetitions", "cue",
        "sources",
    } <= set(step)  # fmt: skip
    assert [item["point"] for item in document["excluded"]] == ["BL40"]
    assert document["excluded"][0]["reason"].startswith("Left out because of varicose veins")


def test_emergency_gives_no_self_care_at_all(catalogue: Catalogue) -> None:
    routine = planned(catalogue, red_flags=["saddle_numbness"], conditions=["weak_back"])
    assert routine.verdict == "emergency"
    assert (routine.steps, routine.excluded, routine.cautions) == ([], [], [])
    assert routine.total_seconds == 0
    assert "999" in " ".join(routine.advice)


def test_bilateral_points_both_at_once_or_left_then_right(catalogue: Catalogue) -> None:
    routine = planned(catalogue, minutes=20)
    sides: dict[str, list[str]] = {}
    for step in routine.steps:
        sides.setdefault(step.point, []).append(step.side)
    assert sides["BL23"] == ["both"]  # both thumbs at once
    assert sides["BL40"] == ["both"]  # both knee creases at once
    assert sides["LI4"] == ["left", "right"]  # one hand presses the other
    assert sides["CV6"] == ["midline"]


def test_the_gentlest_technique_with_the_others_shown(catalogue: Catalogue) -> None:
    bl23 = next(step for step in planned(catalogue).steps if step.point == "BL23")
    assert bl23.pressure == "light"
    label = "“Acupressure techniques for lower back pain”: firm"
    assert any(alt.startswith(label) for alt in bl23.alternatives)
    assert "gentlest" in bl23.why


def test_ranked_by_articles_most_supported_first(catalogue: Catalogue) -> None:
    routine = planned(catalogue, minutes=1)
    # one minute: the best supported point (BL40, in all five articles) comes first
    assert "BL40" in {step.point for step in routine.steps}
    assert len({step.point for step in routine.steps}) <= 2
    assert "recommended by all 5 articles" in next(
        s.why for s in routine.steps if s.point == "BL40"
    )
    assert any("Left out to fit 1 minute:" in caution for caution in routine.cautions)


def test_holds_shrink_before_points_are_dropped(catalogue: Catalogue) -> None:
    roomy = planned(catalogue, minutes=30)
    tight = planned(catalogue, minutes=9)  # room to find all ten points, not for full holds
    assert {s.point for s in tight.steps} == {s.point for s in roomy.steps}
    assert tight.total_seconds < roomy.total_seconds <= 30 * 60
    assert sum(s.seconds for s in tight.steps) < sum(s.seconds for s in roomy.steps)
    assert any("Shortened from" in step.why for step in tight.steps)
    assert not any("Shortened from" in step.why for step in roomy.steps)


def test_few_position_changes(catalogue: Catalogue) -> None:
    for minutes in (5, 10, 30):
        steps = planned(catalogue, minutes=minutes, complaints=["lower_back", "sciatica"]).steps
        positions = [step.position for step in steps]
        changes = sum(1 for a, b in zip(positions, positions[1:], strict=False) if a != b)
        assert changes <= len(set(positions)) - 1


def test_a_chosen_position_is_kept(catalogue: Catalogue) -> None:
    routine = planned(catalogue, position="lying", minutes=10)
    assert routine.steps
    assert {step.position for step in routine.steps} == {"lying"}
    assert any("hard to reach lying down" in caution for caution in routine.cautions)


def test_exclusions_are_listed_with_reasons(catalogue: Catalogue) -> None:
    routine = planned(catalogue, pregnant=True, minutes=15)
    out = {item.point: item.reason for item in routine.excluded}
    assert {"LI4", "CV6", "BL53"} <= set(out)
    assert all("pregnancy" in reason for reason in out.values())
    assert not set(out) & {step.point for step in routine.steps}


def test_limits_reach_the_steps(catalogue: Catalogue) -> None:
    routine = planned(catalogue, conditions=["anticoagulants"], minutes=20)
    assert routine.steps
    for step in routine.steps:
        assert step.pressure == "light" and step.seconds <= 30
        assert "bruising" in step.why


def test_no_knuckles_on_the_spine_with_fragile_bones(catalogue: Catalogue) -> None:
    routine = planned(catalogue, conditions=["osteoporosis"], minutes=20)
    for step in routine.steps:
        assert "knuckle" not in step.cue and "fist" not in step.cue
        assert step.pressure != "firm"
    assert "paraspinal" in {item.point for item in routine.excluded}
    steroids = planned(
        catalogue, red_flags=["long_term_steroids"], complaints=["upper_back"], minutes=20
    )
    spine = next(step for step in steroids.steps if step.point == "paraspinal")
    assert "fist" not in spine.cue and spine.pressure == "light"
    fist = [alt for alt in spine.alternatives if "with fist" in alt]
    assert fist and all("not for you" in alt for alt in fist)


def test_the_schedule_follows_the_articles(catalogue: Catalogue) -> None:
    schedule = planned(catalogue).schedule
    assert schedule is not None
    assert schedule.times_per_day == 3
    assert schedule.moments == ["on waking", "after lunch", "before sleep"]  # article 000
    assert schedule.course_days == 14  # article 002: one to two weeks
    stop = " ".join(schedule.stop_if)
    assert "worse" in stop and "new symptom" in stop and "nothing has improved" in stop
    assert "000_fe043fb46845d653.txt" in schedule.sources


def test_steps_carry_breathing_cues_and_pauses(catalogue: Catalogue) -> None:
    steps = planned(catalogue, minutes=20).steps
    assert all("Breathe" in step.cue for step in steps)
    assert all(step.rest_seconds > 0 for step in steps[:-1])
    assert steps[-1].rest_seconds == 0
    repeated = [step for step in steps if step.repetitions > 1]
    assert repeated and all(step.pause_seconds > 0 for step in repeated)


def test_evidence_is_stated_with_its_limits(catalogue: Catalogue) -> None:
    advice = " ".join(planned(catalogue).advice)
    assert "modest" in advice and "Murphy 2019" in advice and "not a cure" in advice


def test_nothing_safe_left_says_so(catalogue: Catalogue) -> None:
    routine = planned(catalogue, complaints=["knee"], conditions=["varicose_veins"])
    assert routine.verdict == "caution" and routine.steps == []
    assert any("physiotherapist" in caution for caution in routine.cautions)


@pytest.mark.parametrize(
    ("fields", "preset"),
    [
        ({"complaints": ["knee"], "conditions": ["deep_vein_thrombosis"]}, None),
        ({"complaints": ["knee"], "conditions": ["skin_lesion_legs"]}, None),
        ({"complaints": ["knee"], "conditions": ["varicose_veins"]}, None),
    ],
)
def test_no_suitable_point_is_said_plainly_with_what_to_do(
    catalogue: Catalogue, fields: dict[str, Any], preset: str | None
) -> None:
    routine = planned(catalogue, preset, **fields)
    assert routine.verdict == "caution" and routine.steps == [] and routine.excluded
    advice = " ".join(routine.advice)
    assert "You can try self-acupressure" not in advice
    assert routine.advice[0].startswith("None of the acupressure points for knee pain")
    assert "nothing for you to press" in advice
    assert "doctor or a physiotherapist" in advice and "NICE NG59" in advice
    assert "evidence" not in advice


def test_a_safe_plan_still_invites_self_care_within_limits(catalogue: Catalogue) -> None:
    routine = planned(catalogue, complaints=["knee"], conditions=["anticoagulants"])
    assert routine.steps
    assert any("You can try self-acupressure" in line for line in routine.advice)
    assert not any("None of the acupressure points" in line for line in routine.advice)


def test_the_evidence_note_cites_only_known_sources(catalogue: Catalogue) -> None:
    """DESIGN.md: claims of benefit only where knowledge/data/sources.yaml backs them."""
    from acupressure.planning.planner import EVIDENCE_SOURCES

    assert set(EVIDENCE_SOURCES) <= set(catalogue.sources)

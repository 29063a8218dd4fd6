"""How the planner carries the safety limits into steps (issue 9): positions, moves,
notes, courses, one step per described thing, and no schedule without steps."""

from __future__ import annotations

from typing import Any

from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.calendar import routine_to_ics
from acupressure.planning.planner import plan
from acupressure.planning.routine import Routine
from acupressure.safety.profile import parse_profile
from answered import answered


def planned(catalogue: Catalogue, preset: str | None = None, **fields: Any) -> Routine:
    return plan(profile=parse_profile(answered(fields)), catalogue=catalogue, preset=preset)


def test_pregnancy_never_lies_flat_and_uses_the_side_where_the_move_allows(
    catalogue: Catalogue,
) -> None:
    one = planned(catalogue, "article-001", pregnant=True, minutes=30)
    lr3 = [step for step in one.steps if step.point == "LR3"]
    assert lr3 and all(step.position == "lying_side" for step in lr3)
    assert "Lying on your side" in lr3[0].cue
    assert "says lying on the back; we do it lying on the side" in lr3[0].why
    for preset in ("article-000", "article-004", None):
        routine = planned(catalogue, preset, pregnant=True, minutes=30, position="lying")
        assert all(step.position != "lying" for step in routine.steps), preset
        assert all("lying on your back" not in step.cue.lower() for step in routine.steps)


def test_osteoporosis_has_no_knees_to_chest_rocking_or_lying_on_fists(
    catalogue: Catalogue,
) -> None:
    plain = planned(catalogue, "article-000", minutes=30)
    bl40 = next(step for step in plain.steps if step.point == "BL40")
    assert "knees drawn toward your chest" in bl40.cue and "rock gently" in bl40.cue
    bl23 = next(step for step in plain.steps if step.point == "BL23")
    assert "fists under your back" in bl23.cue
    thin = planned(catalogue, "article-000", minutes=30, conditions=["osteoporosis"])
    for step in thin.steps:
        assert "chest" not in step.cue and "rock" not in step.cue and "fists" not in step.cue
    assert "leave out knees to chest" in next(s for s in thin.steps if s.point == "BL40").why


def test_osteoporosis_offers_no_lying_method_for_the_back(catalogue: Catalogue) -> None:
    routine = planned(catalogue, conditions=["osteoporosis"], position="lying", minutes=20)
    back = {"BL23", "BL52", "GV4", "paraspinal", "BL53", "BL32", "sacral_dimples"}
    for step in routine.steps:
        assert not (step.point in back and step.position.startswith("lying")), step.point
    assert any("sitting" in caution or "lying" in caution for caution in routine.cautions)


def test_thumbs_on_the_back_are_never_a_lying_step(catalogue: Catalogue) -> None:
    """Lying on your own thumbs beside the spine is no instruction to give anyone."""
    routine = planned(catalogue, position="lying", minutes=20)
    for step in routine.steps:
        if step.point in {"BL23", "paraspinal", "BL52"}:
            assert step.position != "lying" or "fist" in step.cue


def test_a_note_level_caution_reaches_the_step(catalogue: Catalogue) -> None:
    routine = planned(catalogue, "article-002", minutes=30)
    ki27 = next(step for step in routine.steps if step.point == "KI27")
    assert any("Pacemakers" in note for note in ki27.notes)
    assert "Before you press: Pacemakers" in ki27.finding  # spoken and shown in the session
    device = planned(catalogue, "article-002", minutes=30, conditions=["implanted_device"])
    assert "KI27" not in {step.point for step in device.steps}
    assert "KI27" in {item.point for item in device.excluded}


def test_a_hot_swollen_knee_leaves_the_knee_crease_out(catalogue: Catalogue) -> None:
    routine = planned(catalogue, complaints=["knee"], conditions=["hot_swollen_knee"])
    assert "BL40" not in {step.point for step in routine.steps}
    assert any("knee today" in line for line in routine.advice)


def test_the_knee_crease_is_capped_in_pregnancy_and_says_why(catalogue: Catalogue) -> None:
    plain = planned(catalogue, "article-002", minutes=40)
    bl40 = next(step for step in plain.steps if step.point == "BL40")
    assert (bl40.seconds, bl40.repetitions) == (60, 5)
    pregnant = planned(catalogue, "article-002", minutes=40, pregnant=True)
    capped = next(step for step in pregnant.steps if step.point == "BL40")
    assert capped.repetitions == 1 and capped.seconds <= 60
    assert "5 rounds" in capped.why and "10 to 20 minutes a day" in capped.why


def test_point_courses_reach_the_schedule_and_the_calendar(catalogue: Catalogue) -> None:
    from datetime import date

    routine = planned(catalogue, "article-002", minutes=40)
    assert routine.schedule is not None
    courses = {course.point: course for course in routine.schedule.point_courses}
    assert courses["KI27"].course_days == 7
    assert courses["LR3"].times_per_day == 2 and courses["LR3"].course_days == 14
    ics = routine_to_ics(routine=routine, start=date(2026, 1, 5)).decode()
    assert "KI27: 2 times a day for 7 days" in ics.replace("\r\n ", "")


def test_a_plan_with_nothing_to_press_has_no_schedule(catalogue: Catalogue) -> None:
    routine = planned(catalogue, complaints=["knee"], conditions=["deep_vein_thrombosis"])
    assert routine.steps == [] and routine.schedule is None


def test_one_step_per_described_thing(catalogue: Catalogue) -> None:
    """Article 004's forearm arc is one region step (not LI10 and LI11 as well), and its
    Dan Tien one step (CV6 or CV4, not both)."""
    for complaints in (["lower_back"], ["lower_back", "stress", "sciatica"]):
        routine = planned(catalogue, complaints=complaints, minutes=60)
        codes = {step.point for step in routine.steps}
        assert len(codes & {"forearm_arc", "LI10", "LI11"}) <= 1, codes
        assert len(codes & {"CV6", "CV4"}) <= 1, codes


def test_no_raw_region_ids_in_cautions_or_the_calendar(catalogue: Catalogue) -> None:
    from datetime import date

    routine = planned(catalogue, "article-004", minutes=3)
    text = " ".join(routine.cautions)
    assert "sacral_dimples" not in text and "forearm_arc" not in text
    ics = routine_to_ics(routine=routine, start=date(2026, 1, 5)).decode()
    assert "sacral_dimples (" not in ics and "forearm_arc (" not in ics


def test_also_suitable_is_not_a_caution(catalogue: Catalogue) -> None:
    routine = planned(catalogue, complaints=["lower_back", "sciatica", "hip"], minutes=60)
    assert not any("Also suitable" in caution for caution in routine.cautions)

"""Every safety rule, as a table: verdicts, exclusions, limits, reasons and sources."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import acupressure.safety.rules
from acupressure.errors import KnowledgeError
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.loader import load_knowledge
from acupressure.knowledge.models import Point
from acupressure.safety.profile import CONDITION_IDS, parse_profile
from acupressure.safety.rules import (
    PRESSURE_ORDER,
    RESCREEN_QUESTIONS,
    Screening,
    load_rules,
    rescreen_questions,
    screen,
    warning_signs,
    without_points,
)
from answered import answered

CATALOGUE = Catalogue(load_knowledge())

EMERGENCY = [
    "saddle_numbness",
    "bladder_or_bowel_change",
    "leg_weakness_worsening",
    "chest_pain_or_breathlessness",
    "major_trauma",
    "known_aneurysm",
    "both_legs_pain",
    "sexual_dysfunction",
]
URGENT = [
    "fever",
    "unexplained_weight_loss",
    "cancer_history",
    "night_pain",
    "iv_drug_use",
    "unexplained_abdominal_pain",
    "one_leg_weakness_worsening",
    "recent_back_surgery",
]
MATERNITY_EMERGENCY = [
    "pregnancy_bleeding_or_fluid",
    "pregnancy_tightenings",
    "pregnancy_headache_or_upper_belly_pain",
]
MATERNITY_URGENT = ["pregnancy_pain_passing_urine"]
CAUTION_FLAGS = ["immunosuppressed", "long_term_steroids"]
BACK = ["BL23", "BL52", "GV4", "BL42", "paraspinal", "sacral_dimples", "BL53", "BL32", "GB30"]


def screened(catalogue: Catalogue, **fields: object) -> Screening:
    return screen(profile=parse_profile(answered(fields)), catalogue=catalogue)


def excluded(screening: Screening) -> set[str]:
    return {item.point for item in screening.excluded}


def test_the_rules_file_is_valid_and_cites_known_sources(catalogue: Catalogue) -> None:
    rules = load_rules()
    assert rules.source_ids() <= set(catalogue.sources)
    for rule in rules.rules:
        assert rule.reason and rule.sources


@pytest.mark.parametrize("flag", EMERGENCY)
def test_emergency_flags(catalogue: Catalogue, flag: str) -> None:
    result = screened(catalogue, red_flags=[flag])
    assert result.verdict == "emergency"
    assert len(result.reasons) == 1
    advice = " ".join(result.advice)
    assert "999" in advice and "112" in advice and "911" in advice
    assert "emergency department" in advice and "now" in advice
    assert not result.cautions


@pytest.mark.parametrize("flag", URGENT)
def test_urgent_flags(catalogue: Catalogue, flag: str) -> None:
    result = screened(catalogue, red_flags=[flag])
    assert result.verdict == "urgent"
    advice = " ".join(result.advice)
    assert "doctor today" in advice
    assert "Do not start self-acupressure" in advice


@pytest.mark.parametrize("flag", CAUTION_FLAGS)
def test_caution_flags(catalogue: Catalogue, flag: str) -> None:
    result = screened(catalogue, red_flags=[flag])
    assert result.verdict == "caution"
    assert result.self_care
    assert any("doctor" in advice for advice in result.advice)


@pytest.mark.parametrize("condition", CONDITION_IDS)
def test_every_condition_is_a_caution_with_a_reason(catalogue: Catalogue, condition: str) -> None:
    result = screened(catalogue, conditions=[condition])
    assert result.verdict == "caution"
    assert result.reasons and (result.cautions or result.excluded)


def test_nothing_reported_is_ok(catalogue: Catalogue) -> None:
    result = screened(catalogue, age=35)
    assert (result.verdict, result.reasons, result.excluded) == ("ok", [], [])
    assert any("not a replacement" in advice for advice in result.advice)


def test_the_gravest_flag_wins(catalogue: Catalogue) -> None:
    result = screened(
        catalogue, red_flags=["fever", "saddle_numbness"], conditions=["osteoporosis"]
    )
    assert result.verdict == "emergency"
    assert result.reasons[0].startswith("Numbness in the saddle area")
    assert screened(catalogue, red_flags=["fever", "immunosuppressed"]).verdict == "urgent"


@pytest.mark.parametrize(
    ("age", "verdict"),
    [(16, "caution"), (19, "caution"), (20, "ok"), (50, "ok"), (51, "caution"), (90, "caution")],
)
def test_first_back_pain_age_prompt(catalogue: Catalogue, age: int, verdict: str) -> None:
    result = screened(catalogue, age=age)
    assert result.verdict == verdict
    if verdict == "caution":
        assert any("first time" in advice for advice in result.advice)


# (profile fields, points that must be excluded, points that must stay, words in the advice)
EXCLUSIONS: list[tuple[dict[str, object], set[str], set[str], str]] = [
    (
        {"pregnant": True},
        {"LI4", "GB21", "CV6", "CV4", "BL32", "BL53", "sacral_dimples"},
        {"BL23", "BL40", "LR3"},
        "midwife",
    ),
    ({"conditions": ["varicose_veins"]}, {"BL40"}, {"BL23", "LI4", "LR3"}, ""),
    ({"conditions": ["deep_vein_thrombosis"]}, {"BL40", "LR3", "KI1"}, {"BL23", "LI4"}, ""),
    ({"conditions": ["skin_lesion_back"]}, set(BACK), {"LI4", "BL40", "CV6"}, ""),
    ({"conditions": ["skin_lesion_legs"]}, {"BL40", "LR3", "KI1"}, {"BL23", "LI4"}, ""),
    ({"conditions": ["recent_injury"]}, set(BACK), {"LI4", "BL40"}, "assessed"),
    (
        {"conditions": ["weak_back"]},
        {"BL23", "BL52", "GV4", "BL32", "paraspinal", "sacral_dimples"},
        {"LI4", "BL40"},
        "physiotherapist before",
    ),
    ({"conditions": ["abdominal_condition"]}, {"CV6", "CV4"}, {"BL23", "LI4"}, ""),
    ({"conditions": ["recent_surgery"]}, {"CV6", "CV4", "GV4", "GV14"}, {"LI4"}, "surgical team"),
    ({"conditions": ["osteoporosis"]}, {"paraspinal", "GV4"}, {"BL23", "LI4"}, ""),
    ({"conditions": ["anticoagulants"]}, set(), {"BL23", "BL40", "LI4"}, ""),
    ({"conditions": ["bleeding_disorder"]}, set(), {"BL23", "BL40", "LI4"}, ""),
]


@pytest.mark.parametrize(("fields", "out", "kept", "advice"), EXCLUSIONS)
def test_exclusion_rules(
    catalogue: Catalogue, fields: dict[str, object], out: set[str], kept: set[str], advice: str
) -> None:
    result = screened(catalogue, **fields)
    assert out <= excluded(result)
    assert not kept & excluded(result)
    assert advice in " ".join(result.advice)
    for item in result.excluded:
        assert item.reason and item.sources


def test_without_points_says_so_and_what_to_do_instead(catalogue: Catalogue) -> None:
    result = screened(catalogue, conditions=["deep_vein_thrombosis"])
    assert any("You can try self-acupressure" in line for line in result.advice)
    none = without_points(screening=result, what="for knee pain")
    assert none.advice[0].startswith("None of the acupressure points for knee pain is suitable")
    advice = " ".join(none.advice)
    assert "You can try self-acupressure" not in advice
    assert "doctor or a physiotherapist" in advice and "staying active" in advice
    assert "NICE NG59" in advice and "nice_ng59" in none.sources
    assert "follow your doctor's treatment for the clot" in advice  # the condition's own advice
    assert result.advice[-1] == none.advice[-1]  # and the screen's limits stay said
    assert (none.verdict, none.excluded, none.reasons) == (
        result.verdict,
        result.excluded,
        result.reasons,
    )


def test_pregnancy_cites_carr_and_softens_the_lower_back(catalogue: Catalogue) -> None:
    result = screened(catalogue, pregnant=True)
    pregnancy = [e for e in result.excluded if e.point == "LI4"][0]
    assert "carr2015" in pregnancy.sources
    assert result.point_limits["BL23"].max_pressure == "light"


@pytest.mark.parametrize("condition", ["anticoagulants", "bleeding_disorder"])
def test_bleeding_risk_means_gentle_and_short_everywhere(
    catalogue: Catalogue, condition: str
) -> None:
    result = screened(catalogue, conditions=[condition])
    for point in catalogue.points:
        limit = result.point_limits[point.code]
        assert limit.max_pressure == "light"
        assert limit.max_seconds is not None and limit.max_seconds <= 30


@pytest.mark.parametrize(
    "fields", [{"conditions": ["osteoporosis"]}, {"red_flags": ["long_term_steroids"]}]
)
def test_fragile_bones_no_firm_pressure_no_knuckles_on_the_spine(
    catalogue: Catalogue, fields: dict[str, object]
) -> None:
    result = screened(catalogue, **fields)
    for point in catalogue.points:
        if point.code in excluded(result):
            continue
        limit = result.point_limits[point.code]
        assert limit.max_pressure is not None
        assert PRESSURE_ORDER[limit.max_pressure] <= PRESSURE_ORDER["moderate"]
        if point.region in ("lower_back", "upper_back", "sacrum"):
            assert {"knuckles", "fist"} <= set(limit.forbid_tools)
    assert any("our own inference" in caution for caution in result.cautions)


def test_limits_for_everyone_are_not_cautions(catalogue: Catalogue) -> None:
    result = screened(catalogue)
    assert result.point_limits["BL40"].max_pressure == "light"
    assert result.point_limits["CV6"].max_pressure == "light"
    assert result.cautions == []


def test_a_point_added_later_is_covered_by_the_existing_rules(catalogue: Catalogue) -> None:
    base = catalogue.get("LR3")
    sp6 = replace(
        base,
        **{
            "code": "SP6",
            "region": "lower_leg",
            "tags": ["leg", "lower_leg", "pregnancy_avoid"],
            "cautions": [],
            "aliases": [],
            "english_names": [],
            "old_codes": [],
            "pinyin": "Sānyīnjiāo",
            "pinyin_plain": "Sanyinjiao",
            "english": "Three Yin Intersection",
            "hanzi_traditional": "三陰交",
            "hanzi_simplified": "三阴交",
        },
    )
    assert isinstance(sp6, Point)
    extended = Catalogue(replace(load_knowledge(), points=(*catalogue.points, sp6)))
    for fields in (
        {"pregnant": True},
        {"conditions": ["varicose_veins"]},
        {"conditions": ["deep_vein_thrombosis"]},
        {"conditions": ["skin_lesion_legs"]},
    ):
        assert "SP6" in excluded(screened(extended, **fields)), fields
    assert "SP6" not in excluded(screened(extended, conditions=["skin_lesion_back"]))


def test_rescreen_questions_are_the_emergency_and_urgent_flags() -> None:
    questions = rescreen_questions()
    assert [q.id for q in questions] == EMERGENCY + URGENT
    assert len(RESCREEN_QUESTIONS) == len(EMERGENCY + URGENT)
    pregnant = [q.id for q in rescreen_questions(pregnant=True)]
    assert pregnant == EMERGENCY + MATERNITY_EMERGENCY + URGENT + MATERNITY_URGENT
    assert RESCREEN_QUESTIONS[0].id == "saddle_numbness"
    for question in questions:
        assert question.kind == "yes_no" and question.text.endswith("?")


def test_a_broken_rules_file_fails_loudly(tmp_path: Path) -> None:
    source = Path(acupressure.safety.rules.__file__).parents[1] / "knowledge" / "data"
    text = (source / "safety.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "safety.yaml"
    broken.write_text(text.replace("action: exclude", "action: forbid", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"safety.yaml: rules\.0\.action"):
        load_rules(broken)
    missing = tmp_path / "missing.yaml"
    missing.write_text(text.replace("id: night_pain", "id: night_sweats"), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="red_flags"):
        load_rules(missing)


@given(st.sets(st.sampled_from([*EMERGENCY, *URGENT, *MATERNITY_EMERGENCY, *MATERNITY_URGENT,
                                *CAUTION_FLAGS])))  # fmt: skip
def test_warning_signs_at_a_rescreen_say_what_the_screen_says(flags: set[str]) -> None:
    """A re-screen's "yes" gets the very verdict, reasons and advice the screen gives."""
    found = warning_signs(sorted(flags))
    stopping = flags - set(CAUTION_FLAGS)
    if not stopping:
        assert found is None
        return
    assert found is not None
    screening = screen(
        profile=parse_profile(answered({"red_flags": sorted(flags), "pregnant": True})),
        catalogue=CATALOGUE,
    )
    assert (found.verdict, found.reasons, found.advice) == (
        screening.verdict,
        screening.reasons,
        screening.advice,
    )
    maternity_only = stopping <= {*MATERNITY_EMERGENCY, *MATERNITY_URGENT}
    assert set(load_rules().advice.maternity) <= set(found.advice) or not maternity_only
    assert found.verdict == ("emergency" if stopping & {*EMERGENCY, *MATERNITY_EMERGENCY}
                             else "urgent")  # fmt: skip


def test_the_rescreen_marks_the_pregnancy_signs() -> None:
    marked = {q.id for q in rescreen_questions(pregnant=True) if q.asked_when == "pregnant"}
    assert marked == {*MATERNITY_EMERGENCY, *MATERNITY_URGENT}

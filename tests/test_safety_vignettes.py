"""Clinical vignettes with the verdict each gets, and properties over the whole profile space.

The table is what a GP or a physiotherapist would check in ten minutes (issue 9): each row
is a person, the verdict they must get, points that must be left out, and words their
advice must contain. The properties then hold for every profile hypothesis can build.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.models import COMPLAINT_IDS
from acupressure.planning.planner import plan
from acupressure.planning.presets import list_presets
from acupressure.safety.profile import CONDITION_IDS, POSITION_CHOICES, RED_FLAG_IDS, parse_profile
from acupressure.safety.questions import interview
from acupressure.safety.rules import PRESSURE_ORDER, load_rules, screen
from answered import answered

# (who, answers, verdict, points that must be left out, words the advice must contain)
VIGNETTES: list[tuple[str, dict[str, Any], str, set[str], list[str]]] = [
    ("40, nothing to report", {}, "ok", set(), ["complement"]),
    ("68, known aneurysm, new back pain", {"age": 68, "red_flags": ["known_aneurysm"]},
     "emergency", set(), ["999", "aneurysm"]),
    ("35, belly pain nobody explained", {"age": 35, "red_flags": ["unexplained_abdominal_pain"]},
     "urgent", set(), ["doctor today"]),
    ("45, new pain down both legs", {"red_flags": ["both_legs_pain"]}, "emergency", set(),
     ["both legs", "emergency department"]),
    ("50, new loss of sexual function", {"red_flags": ["sexual_dysfunction"]}, "emergency",
     set(), ["genitals"]),
    ("55, foot slapping, getting weaker", {"red_flags": ["one_leg_weakness_worsening"]},
     "urgent", set(), ["doctor today"]),
    ("60, back operation six weeks ago", {"red_flags": ["recent_back_surgery"]}, "urgent",
     set(), ["surgical team"]),
    ("31, pregnant, bleeding", {"age": 31, "pregnant": True,
     "red_flags": ["pregnancy_bleeding_or_fluid"]}, "emergency", set(), ["maternity unit"]),
    ("29, pregnant, regular tightenings", {"age": 29, "pregnant": True,
     "red_flags": ["pregnancy_tightenings"]}, "emergency", set(), ["maternity unit"]),
    ("33, pregnant, burning passing urine", {"age": 33, "pregnant": True,
     "red_flags": ["pregnancy_pain_passing_urine"]}, "urgent", set(), ["midwife"]),
    ("36, pregnant, headache and pain under the ribs", {"age": 36, "pregnant": True,
     "red_flags": ["pregnancy_headache_or_upper_belly_pain"]}, "emergency", set(),
     ["pre-eclampsia"]),
    ("a pregnancy sign counts whatever `pregnant` says", {"pregnant": False,
     "red_flags": ["pregnancy_bleeding_or_fluid"]}, "emergency", set(), ["maternity unit"]),
    ("12-year-old", {"age": 12}, "urgent", set(), ["parent", "GP"]),
    ("15-year-old", {"age": 15}, "urgent", set(), ["parent"]),
    ("17-year-old, first episode", {"age": 17}, "caution", set(), ["first time"]),
    ("72 with osteoporosis", {"age": 72, "conditions": ["osteoporosis"]}, "urgent", set(),
     ["fracture"]),
    ("50, osteoporosis and long-term steroids", {"age": 50, "conditions": ["osteoporosis"],
     "red_flags": ["long_term_steroids"]}, "urgent", set(), ["fracture"]),
    ("75, nothing else", {"age": 75}, "caution", set(), ["first time"]),
    ("60 with osteoporosis only", {"age": 60, "conditions": ["osteoporosis"]}, "caution",
     set(), ["minor strain"]),
    ("pacemaker", {"conditions": ["implanted_device"]}, "caution", {"KI27"}, ["device"]),
    ("hot swollen knee", {"complaints": ["knee"], "conditions": ["hot_swollen_knee"]},
     "caution", {"BL40"}, ["knee today"]),
    ("hernia", {"conditions": ["abdominal_condition"]}, "caution", {"CV6", "CV4"}, []),
    ("pregnant, nothing else", {"pregnant": True, "age": 30}, "caution",
     {"LI4", "GB21", "CV6", "BL53"}, ["midwife"]),
    ("fever", {"red_flags": ["fever"]}, "urgent", set(), ["doctor today"]),
    ("clot in a leg", {"complaints": ["lower_back", "knee"],
     "conditions": ["deep_vein_thrombosis"]}, "caution", {"BL40", "LR3", "KI1"}, ["legs"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("who", "fields", "verdict", "left_out", "words"), VIGNETTES, ids=[v[0] for v in VIGNETTES]
)
def test_vignette(
    catalogue: Catalogue,
    who: str,
    fields: dict[str, Any],
    verdict: str,
    left_out: set[str],
    words: list[str],
) -> None:
    profile = parse_profile(answered(fields))
    screening = screen(profile=profile, catalogue=catalogue)
    assert screening.verdict == verdict, who
    assert left_out <= {item.point for item in screening.excluded}, who
    advice = " ".join(screening.advice)
    for word in words:
        assert word in advice, (who, word)
    routine = plan(profile=profile, catalogue=catalogue)
    if verdict in ("emergency", "urgent"):
        assert routine.steps == [] and routine.schedule is None


def test_pregnancy_caution_does_not_contradict_itself(catalogue: Catalogue) -> None:
    """ "Ask your midwife before starting", not also "book a doctor within a week or two"."""
    screening = screen(profile=parse_profile(answered(pregnant=True)), catalogue=catalogue)
    advice = " ".join(screening.advice)
    assert "midwife" in advice and "week or two" not in advice


def test_belly_question_no_longer_mixes_the_aneurysm_in() -> None:
    rules = load_rules()
    [belly] = [item for item in rules.conditions if item.id == "abdominal_condition"]
    assert "aneurysm" not in belly.question and "unexplained" not in belly.question
    assert "hernia" in belly.question


def test_every_id_has_a_question_a_reason_advice_and_a_known_source(
    catalogue: Catalogue,
) -> None:
    rules = load_rules()
    asked = {q.id for q in interview(planning=False)}
    items = [*rules.red_flags, *rules.conditions]
    assert {item.id for item in items} == set(RED_FLAG_IDS) | set(CONDITION_IDS)
    for item in items:
        assert item.id in asked, item.id
        assert item.question.endswith("?") and item.reason and item.advice, item.id
        assert item.sources and set(item.sources) <= set(catalogue.sources), item.id


def test_pregnancy_signs_are_asked_only_when_pregnant_and_name_the_maternity_team() -> None:
    from acupressure.safety.questions import applies

    flags = [f for f in load_rules().red_flags if f.id.startswith("pregnancy_")]
    assert len(flags) == 4
    for flag in flags:
        assert flag.asked_when == "pregnant"
        assert "maternity unit" in flag.advice or "midwife" in flag.advice
    question = next(q for q in interview() if q.id == "pregnancy_tightenings")
    assert not applies(question, {"pregnant": False})
    assert applies(question, {"pregnant": True})


PROFILES = st.fixed_dictionaries(
    {
        "complaints": st.lists(st.sampled_from(COMPLAINT_IDS), min_size=1, max_size=3),
        "age": st.integers(min_value=1, max_value=120),
        "pregnant": st.booleans(),
        "red_flags": st.lists(st.sampled_from(RED_FLAG_IDS), max_size=3),
        "conditions": st.lists(st.sampled_from(CONDITION_IDS), max_size=4),
        "minutes": st.integers(min_value=1, max_value=60),
        "position": st.sampled_from(POSITION_CHOICES),
    }
)
PRESETS = st.sampled_from([None, *(preset.name for preset in list_presets())])
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Words that ask for more pressure: "press firmly", "deep pressure", "press steadily"...
_STRONG = r"(?:firm|deep|hard|strong)\w*"
PRESSURE_WORDS = {
    "firm": re.compile(rf"\bpress\w*(?:\s+\w+){{0,2}}?\s+{_STRONG}|\b{_STRONG}\s+pressure"),
    "moderate": re.compile(r"\bpress\w*\s+steadily|\bsteady pressure"),
}
DURATION = re.compile(r"\b(\d+) (second|minute)s?\b|\b(a|one) minute\b")


def _seconds_named(cue: str) -> list[int]:
    named = []
    for match in DURATION.finditer(cue):
        if match.group(1):
            named.append(int(match.group(1)) * (60 if match.group(2) == "minute" else 1))
        else:
            named.append(60)
    return named


@SETTINGS
@given(fields=PROFILES, preset=PRESETS)
def test_properties_over_the_whole_profile_space(
    catalogue: Catalogue, fields: dict[str, Any], preset: str | None
) -> None:
    profile = parse_profile(fields)
    screening = screen(profile=profile, catalogue=catalogue)
    routine = plan(profile=profile, catalogue=catalogue, preset=preset)
    if screening.verdict in ("emergency", "urgent"):
        assert routine.steps == [] and routine.schedule is None
    if not routine.steps:
        assert routine.schedule is None
    banned = {item.point for item in screening.excluded}
    for step in routine.steps:
        assert step.point not in banned
        limit = screening.point_limits.get(step.point)
        if limit is not None:
            assert step.position not in limit.forbid_positions
        if profile.pregnant:
            assert step.position != "lying"
        cue = step.cue.lower()
        for pressure, words in PRESSURE_WORDS.items():
            if PRESSURE_ORDER[step.pressure] < PRESSURE_ORDER[pressure]:
                assert not words.search(cue), (step.point, cue)
        assert all(seconds <= step.seconds for seconds in _seconds_named(cue)), (step.point, cue)

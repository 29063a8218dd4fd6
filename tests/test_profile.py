"""The profile contract: ids, ranges and messages that name the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acupressure.errors import BadInput
from acupressure.knowledge.models import COMPLAINT_IDS
from acupressure.knowledge.records import InvalidRecord, validated
from acupressure.safety.profile import (
    CONDITION_IDS,
    FIELDS,
    MAX_AGE,
    MAX_MINUTES,
    MIN_AGE,
    MIN_MINUTES,
    POSITION_CHOICES,
    RED_FLAG_IDS,
    Profile,
    _well_formed,
    load_profile,
    parse_profile,
    with_whole_numbers,
)
from answered import answered

DESIGN_EXAMPLE = {
    "complaints": ["lower_back"],
    "age": 45,
    "pregnant": False,
    "red_flags": ["fever"],
    "conditions": ["varicose_veins"],
    "minutes": 10,
    "position": "any",
}


def test_the_design_example_parses() -> None:
    profile = parse_profile(DESIGN_EXAMPLE)
    assert profile.red_flags == ["fever"]
    assert profile.conditions == ["varicose_veins"]
    assert profile.minutes == 10


def test_only_minutes_and_position_have_defaults() -> None:
    profile = parse_profile(answered())
    assert (profile.minutes, profile.position) == (10, "any")


def test_not_answering_is_not_no() -> None:
    """Every missing required field is named, in one message, exit 2."""
    with pytest.raises(BadInput) as caught:
        parse_profile({"complaints": ["hip"], "minutes": 5})
    message = str(caught.value)
    assert "missing age, pregnant, red_flags, conditions" in message
    assert caught.value.exit_code == 2
    with pytest.raises(BadInput, match="missing complaints, age, pregnant, red_flags, conditions"):
        parse_profile({})


def test_empty_lists_are_answers() -> None:
    profile = parse_profile(answered(red_flags=[], conditions=[]))
    assert profile.red_flags == [] and profile.conditions == []


def test_the_id_lists_are_the_design_contract() -> None:
    assert set(RED_FLAG_IDS) == {
        "saddle_numbness", "bladder_or_bowel_change", "leg_weakness_worsening",
        "chest_pain_or_breathlessness", "fever", "cancer_history", "unexplained_weight_loss",
        "major_trauma", "iv_drug_use", "immunosuppressed", "long_term_steroids", "night_pain",
        "known_aneurysm", "unexplained_abdominal_pain", "both_legs_pain", "sexual_dysfunction",
        "one_leg_weakness_worsening", "recent_back_surgery", "pregnancy_bleeding_or_fluid",
        "pregnancy_tightenings", "pregnancy_pain_passing_urine",
        "pregnancy_headache_or_upper_belly_pain",
    }  # fmt: skip
    assert set(CONDITION_IDS) == {
        "varicose_veins", "deep_vein_thrombosis", "anticoagulants", "bleeding_disorder",
        "osteoporosis", "skin_lesion_back", "skin_lesion_legs", "recent_surgery",
        "recent_injury", "weak_back", "abdominal_condition", "implanted_device",
        "hot_swollen_knee",
    }  # fmt: skip


def test_repeated_ids_count_once() -> None:
    profile = parse_profile(answered(red_flags=["fever", "fever"], complaints=["hip", "hip"]))
    assert profile.red_flags == ["fever"]
    assert profile.complaints == ["hip"]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"complaints": ["neck_ache"]}, "complaints[0]: unknown id 'neck_ache'"),
        ({"complaints": []}, "complaints"),
        ({"red_flags": ["headache"]}, "red_flags[0]: unknown id 'headache'"),
        ({"conditions": ["diabetes"]}, "conditions[0]: unknown id 'diabetes'"),
        ({"position": "kneeling"}, "position: unknown id 'kneeling'"),
        ({"age": 130}, "age"),
        ({"age": 0}, "age"),
        ({"age": "45"}, "age"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 61}, "minutes"),
        ({"pregnant": "yes"}, "pregnant"),
        ({"name": "Ann"}, "name: unknown field"),
    ],
)
def test_bad_input_names_the_field(data: dict[str, object], named: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_profile(answered(data))
    assert named in str(caught.value)
    assert caught.value.exit_code == 2


def test_unknown_id_message_lists_the_choices() -> None:
    with pytest.raises(BadInput, match="choose from saddle_numbness"):
        parse_profile(answered(red_flags=["x"]))


def test_a_profile_that_is_not_an_object() -> None:
    with pytest.raises(BadInput, match="JSON object"):
        parse_profile(["lower_back"])


def test_load_profile_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text(json.dumps(DESIGN_EXAMPLE), encoding="utf-8")
    assert load_profile(path) == parse_profile(DESIGN_EXAMPLE)


def test_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="cannot read profile"):
        load_profile(tmp_path / "nowhere.json")


def test_broken_json_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(BadInput, match="not valid JSON"):
        load_profile(path)


# The hand check that spares `plan` the import of pydantic must agree with pydantic on any
# data: it may only accept what pydantic accepts, build the very same profile, and accept
# every well-formed profile (else the fast path would never be taken).
_IDS = {"complaints": COMPLAINT_IDS, "red_flags": RED_FLAG_IDS, "conditions": CONDITION_IDS}
_ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=False, min_value=-5, max_value=200),
    st.text(max_size=12),
    st.sampled_from([*COMPLAINT_IDS, *RED_FLAG_IDS[:3], *POSITION_CHOICES, "40", "true"]),
    st.lists(st.sampled_from([*COMPLAINT_IDS, *RED_FLAG_IDS, *CONDITION_IDS, "", 1]), max_size=4),
    st.tuples(st.sampled_from(COMPLAINT_IDS)),
)
_FIELD = st.sampled_from([*FIELDS, "name", "Age"])


@st.composite
def _well_formed_profiles(draw: st.DrawFn) -> dict[str, object]:
    data: dict[str, object] = {
        name: draw(st.lists(st.sampled_from(ids), min_size=name == "complaints", max_size=5))
        for name, ids in _IDS.items()
    }
    data["age"] = draw(st.integers(MIN_AGE, MAX_AGE) | st.integers(MIN_AGE, MAX_AGE).map(float))
    data["pregnant"] = draw(st.booleans())
    if draw(st.booleans()):
        data["minutes"] = draw(st.integers(MIN_MINUTES, MAX_MINUTES))
    if draw(st.booleans()):
        data["position"] = draw(st.sampled_from(POSITION_CHOICES))
    return data


def _by_pydantic(data: dict[str, object]) -> Profile | None:
    prepared = with_whole_numbers(data)
    try:
        return validated(Profile, prepared, strict=True)
    except InvalidRecord:
        return None


@given(
    _well_formed_profiles().flatmap(
        lambda base: st.dictionaries(_FIELD, _ANY_VALUE, max_size=3).map(
            lambda changes: {**base, **changes}
        )
    )
    | st.dictionaries(_FIELD, _ANY_VALUE, max_size=8)
)
def test_the_hand_check_never_accepts_what_pydantic_refuses(data: dict[str, object]) -> None:
    prepared = with_whole_numbers(data)
    by_hand = _well_formed(prepared)
    if by_hand is not None:
        assert by_hand == _by_pydantic(data)


@given(_well_formed_profiles())
def test_the_hand_check_takes_every_well_formed_profile(data: dict[str, object]) -> None:
    prepared = with_whole_numbers(data)
    expected = _by_pydantic(data)
    assert expected is not None
    assert _well_formed(prepared) == expected == parse_profile(data)

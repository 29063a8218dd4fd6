"""Records: plain dataclasses inside, checked by pydantic from their annotations on the way in."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import FrozenInstanceError, replace

import pytest

from acupressure.knowledge.models import ChartMark, Complaint, Technique
from acupressure.knowledge.records import (
    InvalidRecord,
    field_names,
    lazy_module,
    plain,
    validated,
)
from acupressure.planning.step import Step
from acupressure.safety.profile import Profile


def _step(**changes: object) -> dict[str, object]:
    return {
        "point": "BL40", "name": "Weizhong", "side": "both", "position": "sitting",
        "pressure": "firm", "motion": "hold", "seconds": 20, "repetitions": 2, "cue": "Press.",
        "finding": "Behind the knee.", "why": "Named by article 002.", "sources": ["002"],
        **changes,
    }  # fmt: skip


def test_a_record_is_checked_from_its_annotations() -> None:
    step = validated(Step, _step())
    assert (step.seconds, step.notes, step.circle_change_every) == (20, [], None)
    with pytest.raises(InvalidRecord) as raised:
        validated(Step, _step(seconds=0, side="above", colour="red"))
    found = {(problem["loc"], problem["type"]) for problem in raised.value.problems}
    assert found == {
        (("seconds",), "greater_than"),
        (("side",), "literal_error"),
        (("colour",), "unexpected_keyword_argument"),
    }


def test_knowledge_text_is_trimmed_and_fractions_stay_in_the_box() -> None:
    assert validated(Complaint, {"id": "knee", "label": " Knee ", "description": "d"}).label == (
        "Knee"
    )
    with pytest.raises(InvalidRecord):
        validated(ChartMark, {"view": "back", "x": 1.5, "y": 0.5})
    with pytest.raises(InvalidRecord):
        validated(Technique, {"source": "002", "seconds": -3})


def test_strict_refuses_every_conversion_and_lax_does_not() -> None:
    answers = {"complaints": ["knee"], "age": "40", "pregnant": 1, "red_flags": [],
               "conditions": []}  # fmt: skip
    with pytest.raises(InvalidRecord) as raised:
        validated(Profile, answers, strict=True)
    assert {problem["loc"] for problem in raised.value.problems} == {("age",), ("pregnant",)}
    assert validated(Profile, answers).age == 40


def test_records_are_frozen_and_replace_makes_a_changed_copy() -> None:
    step = validated(Step, _step())
    with pytest.raises(FrozenInstanceError):
        step.seconds = 5  # type: ignore[misc]
    assert replace(step, seconds=5).seconds == 5 and step.seconds == 20


def test_plain_is_json_ready_in_declared_order() -> None:
    step = validated(Step, _step(notes=("a", "b")))
    data = plain(step)
    assert list(data) == list(field_names(Step))
    assert data["notes"] == ["a", "b"]
    assert json.loads(json.dumps(data)) == data
    assert plain({"x": (1, validated(ChartMark, {"view": "back", "x": 0, "y": 1}))}) == {
        "x": [1, {"view": "back", "x": 0, "y": 1}]
    }


def test_a_lazy_module_loads_on_first_use_only() -> None:
    probe = (
        "import sys, types\n"
        "from acupressure.knowledge.records import lazy_module\n"
        "m = lazy_module('colorsys')\n"
        "print('colorsys' in sys.modules, type(m) is types.ModuleType)\n"  # not loaded yet
        "m.hls_to_rgb\n"
        "print(type(m) is types.ModuleType, lazy_module('colorsys') is m)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.split() == ["True", "False", "True", "True"], result.stderr
    with pytest.raises(ModuleNotFoundError):
        lazy_module("no_such_module_here")

"""Complaints as people type them, read into the profile's ids."""

from __future__ import annotations

import pytest

from acupressure.errors import UnknownComplaint
from acupressure.knowledge.complaint_words import closest_complaint, read_complaints
from acupressure.knowledge.models import COMPLAINT_IDS


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        ("lower back", ["lower_back"]),
        ("Lower-back, sciatica", ["lower_back", "sciatica"]),
        ("lower_back sciatica", ["lower_back", "sciatica"]),
        ("upper back and lower back", ["upper_back", "lower_back"]),
        ("hip, hip", ["hip"]),
        ("", []),
    ],
)
def test_words_become_ids(typed: str, ids: list[str]) -> None:
    assert read_complaints(typed, COMPLAINT_IDS) == ids


def test_a_near_miss_is_refused_with_the_closest_id() -> None:
    with pytest.raises(UnknownComplaint, match="did you mean knee") as caught:
        read_complaints("knees", COMPLAINT_IDS)
    assert caught.value.closest == "knee"
    assert closest_complaint("sciatic", COMPLAINT_IDS) == "sciatica"
    assert closest_complaint("elbow", COMPLAINT_IDS) is None

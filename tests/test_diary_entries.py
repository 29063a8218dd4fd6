"""The diary's domain models refuse what cannot be true and keep a canonical form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from acupressure.diary.entries import CheckIn, SessionEntry, parse
from acupressure.errors import BadInput

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def session(**changes: object) -> dict[str, object]:
    return {"started_at": START, "pain_before": 6, "pain_after": 4, **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pain_before": 11}, "pain_before"),
        ({"pain_after": -1}, "pain_after"),
        ({"pain_before": 5.5}, "pain_before"),
        ({"pain_before": True}, "pain_before"),
        ({"pain_after": "lots"}, "pain_after"),
        ({"side_effects": ["itching"]}, "side_effects.0"),
        ({"started_at": "2026-02-30T08:00"}, "started_at"),
        ({"uid": ""}, "uid"),
        ({"uid": "has space"}, "uid"),
        ({"note": "nul\x00byte"}, "note"),
        ({"origin": "telepathy"}, "origin"),
        ({"ended_at": START - timedelta(minutes=1)}, "ended_at is before started_at"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_bad_session_is_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(BadInput, match=field.replace(".", r"\.")):
        parse(SessionEntry, session(**changes))


@pytest.mark.parametrize(
    "changes",
    [{"average_pain": 11}, {"interference": -2}, {"week_of": "2026-13-01"}, {"average_pain": None}],
)
def test_bad_checkin_is_refused(changes: dict[str, object]) -> None:
    data = {"week_of": date(2026, 3, 2), "average_pain": 5, "interference": 3, **changes}
    with pytest.raises(BadInput):
        parse(CheckIn, data)


def test_defaults_give_a_fresh_uid_and_an_aware_time() -> None:
    first = SessionEntry(started_at=datetime(2026, 3, 2, 8, 0), pain_before=3)
    second = SessionEntry(started_at=datetime(2026, 3, 2, 8, 0), pain_before=3)
    assert first.uid != second.uid
    assert first.started_at.tzinfo is not None
    assert first.origin == "manual"
    assert first.side_effects == []


def test_side_effects_are_a_set_in_a_fixed_order() -> None:
    entry = SessionEntry.model_validate(
        session(side_effects=["other", "bruising", "other", "dizziness"])
    )
    assert entry.side_effects == ["bruising", "dizziness", "other"]


def test_pain_bounds_are_inclusive() -> None:
    low = parse(SessionEntry, session(pain_before=0, pain_after=10))
    assert (low.pain_before, low.pain_after) == (0, 10)

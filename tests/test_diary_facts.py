"""What a stored session says of itself, read the same from an entry model or a plain row."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from typing import NamedTuple

import pytest

from acupressure.diary.entries import SessionEntry
from acupressure.diary.facts import is_abandoned


class SessionRow(NamedTuple):
    """A session as a plain row with the columns of `SessionFacts`."""

    started_at: datetime
    steps_planned: int
    steps_completed: int
    pain_before: int | None
    pain_after: int | None
    side_effects: list[str]


@pytest.mark.parametrize(
    ("planned", "completed", "abandoned"),
    [(0, 0, False), (6, 0, True), (6, 1, False), (6, 6, False)],
)
def test_a_session_is_abandoned_when_planned_steps_were_never_pressed(
    planned: int, completed: int, abandoned: bool
) -> None:
    when = datetime(2026, 11, 20, 8, tzinfo=UTC)
    entry = SessionEntry(started_at=when, steps_planned=planned, steps_completed=completed)
    row = SessionRow(when, planned, completed, None, None, [])
    assert is_abandoned(entry) is is_abandoned(row) is abandoned


def test_the_facts_need_no_pydantic() -> None:
    probe = "import sys, acupressure.diary.facts; print('pydantic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr

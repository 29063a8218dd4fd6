"""Short cues count completed runs of a routine by its title and by the old preset slug.

Diaries written before the CLI stored the routine's title hold the preset's slug
("article-000"); those sessions still count towards the short-cue switch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from acupressure.diary.entries import SessionEntry
from acupressure.guide.familiarity import SHORT_CUES_AFTER, completed_runs, use_short_cues
from acupressure.knowledge.catalogue import load_catalogue
from acupressure.planning.planner import plan
from acupressure.planning.presets import list_presets
from acupressure.safety.profile import parse_profile
from answered import answered


def _session(routine: str, day: int, *, completed: int = 4) -> SessionEntry:
    start = datetime(2026, 11, 1, 8, tzinfo=UTC) + timedelta(days=day)
    return SessionEntry.model_validate(
        {
            "started_at": start,
            "routine": routine,
            "steps_planned": 4,
            "steps_completed": completed,
            "origin": "guided",
        }  # fmt: skip
    )


def test_old_slug_entries_and_new_title_entries_count_together() -> None:
    preset = list_presets()[0]
    routine = plan(
        profile=parse_profile(answered()), catalogue=load_catalogue(), preset=preset.name
    )
    assert routine.title == preset.title != preset.name
    past = [_session(preset.name, 1), _session(preset.title, 2)]
    assert completed_runs(routine, past) == 2
    assert not use_short_cues("auto", completed=completed_runs(routine, past))
    past.append(_session(preset.title, 3))
    assert completed_runs(routine, past) == SHORT_CUES_AFTER
    assert use_short_cues("auto", completed=completed_runs(routine, past))


def test_unfinished_runs_and_other_routines_do_not_count() -> None:
    preset = list_presets()[0]
    routine = plan(
        profile=parse_profile(answered()), catalogue=load_catalogue(), preset=preset.name
    )
    past = [
        _session(preset.name, 1, completed=3),
        _session(preset.title, 2, completed=0),
        _session("Another routine", 3),
        _session(list_presets()[1].name, 4),
    ]
    assert completed_runs(routine, past) == 0

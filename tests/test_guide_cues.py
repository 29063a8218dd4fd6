"""The scheduled timeline: no spoken cue overlaps another, for every preset and many plans."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupressure.guide.cues import Event, build_timeline
from acupressure.guide.session import FakeClock, SessionRunner
from acupressure.knowledge.catalogue import Catalogue, load_catalogue
from acupressure.knowledge.models import COMPLAINT_IDS
from acupressure.planning.planner import plan
from acupressure.planning.presets import list_presets
from acupressure.planning.routine import Routine
from acupressure.safety.profile import CONDITION_IDS, parse_profile
from answered import answered

CATALOGUE = load_catalogue()


def spoken(timeline: list[Event]) -> list[Event]:
    return [event for event in timeline if event.say]


def assert_no_overlap(timeline: list[Event]) -> None:
    """Each cue's chime and words end before the next cue is due; nothing is lost."""
    voiced = spoken(timeline)
    for before, after in zip(voiced, voiced[1:], strict=False):
        assert before.at < after.at, f"two cues speak at second {after.at}"
        assert before.sounds_until <= after.at, (
            f"{before.say!r} ({before.say_seconds} s from {before.at}) runs into {after.say!r}"
        )
    by_second: dict[int, str] = {}
    for event in voiced:
        by_second[event.at] = event.say
    for event in timeline:
        if event.kind == "release":
            assert "Release." in by_second.get(event.at, ""), f"Release lost at {event.at}"
        if event.kind in ("announce", "switch_side", "press", "done"):
            assert by_second.get(event.at), f"{event.kind} at {event.at} is silent"


def check_routine(routine: Routine) -> None:
    for short in (False, True):
        timeline = build_timeline(routine, short=short)
        assert_no_overlap(timeline)
        seconds = routine.short_guided_seconds if short else routine.guided_seconds
        assert timeline[-1].at == seconds


def test_every_preset_s_timeline_has_no_overlapping_speech(catalogue: Catalogue) -> None:
    presets = list_presets()
    assert len(presets) >= 5
    for preset in presets:
        check_routine(
            plan(profile=parse_profile(answered()), catalogue=catalogue, preset=preset.name)
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    complaints=st.lists(st.sampled_from(COMPLAINT_IDS), min_size=1, max_size=3, unique=True),
    conditions=st.lists(st.sampled_from(CONDITION_IDS), max_size=2, unique=True),
    minutes=st.integers(min_value=1, max_value=60),
    position=st.sampled_from(["any", "sitting", "lying", "standing"]),
    preset=st.sampled_from([None, *(p.name for p in list_presets())]),
)
def test_no_plan_s_timeline_has_overlapping_speech(
    complaints: list[str],
    conditions: list[str],
    minutes: int,
    position: str,
    preset: str | None,
) -> None:
    profile = parse_profile(
        {
            "complaints": complaints,
            "age": 40,
            "pregnant": False,
            "red_flags": [],
            "conditions": conditions,
            "minutes": minutes,
            "position": position,
        }
    )
    routine = plan(profile=profile, catalogue=CATALOGUE, preset=preset)
    if routine.steps:
        check_routine(routine)


def lower_back() -> Routine:
    profile = parse_profile(
        {"complaints": ["lower_back"], "age": 40, "pregnant": False, "red_flags": [],
         "conditions": [], "minutes": 10}
    )  # fmt: skip
    return plan(profile=profile, catalogue=CATALOGUE)


def test_same_second_cues_are_said_as_one() -> None:
    timeline = build_timeline(lower_back())
    release = next(e for e in timeline if e.kind == "release" and e.say)
    together = [e for e in timeline if e.at == release.at]
    assert len(together) >= 2
    assert sum(1 for e in together if e.say) == 1 and sum(e.chime for e in together) == 1
    assert release.say.startswith("Release.") and together[1].text in release.say


def test_the_next_step_s_opening_speaks_so_a_jump_to_it_is_heard() -> None:
    runner = SessionRunner(routine=lower_back(), clock=FakeClock())
    assert runner.start(ask=lambda _q: False)
    runner.tick()
    assert runner.skip()
    (opening,) = [e for e in runner.tick() if e.say]
    assert opening.kind in ("announce", "switch_side") and "Step 2" in opening.say


def test_short_cues_name_the_point_and_show_the_finding() -> None:
    routine = lower_back()
    full = build_timeline(routine)
    short = build_timeline(routine, short=True)
    announce = next(e for e in short if e.kind == "announce")
    assert "Find it" not in announce.text and announce.detail == routine.steps[0].finding
    assert "Find it" in next(e for e in full if e.kind == "announce").text
    assert routine.short_guided_seconds < routine.guided_seconds
    pressing = [e for e in short if e.kind == "press"]
    assert [e.at - e.until for e in pressing] == [
        e.at - e.until for e in full if e.kind == "press"
    ], "short cues shorten finding only, never pressing"


def test_a_pause_during_find_it_repeats_the_instruction_on_resume() -> None:
    clock = FakeClock()
    runner = SessionRunner(routine=lower_back(), clock=clock)
    assert runner.start(ask=lambda _q: False)
    (opening,) = [e for e in runner.tick() if e.kind == "announce"]
    clock.advance(2)
    assert runner.pause()
    assert runner.opening_to_repeat() is None  # paused: nothing is said
    clock.advance(60)
    assert runner.resume()
    assert runner.opening_to_repeat() == opening
    clock.advance(opening.until - runner.position)
    runner.tick()
    assert runner.phase is not None and runner.phase.kind == "press"
    assert runner.opening_to_repeat() is None  # pressing: the point was found

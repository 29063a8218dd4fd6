"""The session engine: the timeline of cues (golden file) and the runner on a fake clock."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupressure.guide.cues import (
    CHIME_SECONDS,
    HANDS_SECONDS,
    lead_seconds,
    lead_times,
    speech_seconds,
)
from acupressure.guide.session import (
    LEAD_SECONDS,
    FakeClock,
    Question,
    SessionRunner,
    build_timeline,
    rescreen_questions,
)
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.records import validated
from acupressure.planning.routine import Routine, Step
from test_planner import PRESET_NAMES, PROFILES

GOLDEN = Path(__file__).parent / "golden"


def make_step(point: str, side: str, **changes: object) -> Step:
    data: dict[str, object] = {
        "point": point,
        "name": {"BL23": "Shenshu", "GV4": "Mingmen", "BL40": "Weizhong"}.get(point, point),
        "side": side,
        "position": "sitting",
        "pressure": "firm",
        "motion": "hold",
        "seconds": 20,
        "repetitions": 1,
        "cue": "Breathe out slowly while you press.",
        "finding": f"How to find {point}.",
        "why": "Named by the articles for low back pain.",
        "sources": ["000_fe043fb46845d653.txt"],
    }
    data.update(changes)
    return validated(Step, data)


def make_routine() -> Routine:
    """Circles with direction changes, a bilateral pair, repetitions with pauses, rests."""
    return Routine(
        verdict="ok",
        title="Test routine",
        steps=[
            make_step(
                "BL23", "left", motion="circles", seconds=30, circle_change_every=10, rest_seconds=5
            ),
            make_step(
                "BL23",
                "right",
                motion="circles",
                seconds=30,
                circle_change_every=10,
                rest_seconds=5,
            ),
            make_step(
                "GV4",
                "midline",
                pressure="moderate",
                seconds=15,
                repetitions=3,
                pause_seconds=5,
                rest_seconds=10,
            ),
            make_step("BL40", "both", pressure="light", motion="knead", seconds=20),
        ],
    )


QUESTIONS = [
    Question(
        id="saddle_numbness",
        text="Numbness around the bottom or genitals?",
        verdict="emergency",
        reason="Possible nerve compression.",
        advice=("Call emergency services now.",),
    ),
    Question(
        id="fever",
        text="A fever with your back pain?",
        verdict="urgent",
        reason="Possible infection.",
        advice=("See a doctor before self-care.",),
    ),
]


def no(_: Question) -> bool:
    return False


def started(routine: Routine | None = None) -> tuple[SessionRunner, FakeClock]:
    clock = FakeClock()
    runner = SessionRunner(routine=routine or make_routine(), clock=clock, questions=QUESTIONS)
    assert runner.start(ask=no)
    return runner, clock


def test_timeline_matches_golden_file() -> None:
    """Refresh with UPDATE_GOLDEN=1 after an intended change, then review the diff."""
    path = GOLDEN / "timeline_basic.json"
    actual = [event.to_json() for event in build_timeline(make_routine())]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(path.read_text(encoding="utf-8"))


def test_timeline_is_ordered_and_accounts_for_every_second() -> None:
    routine = make_routine()
    timeline = build_timeline(routine)
    offsets = [event.at for event in timeline]
    assert offsets == sorted(offsets)
    assert timeline[-1].kind == "done"
    leads = [e.until - e.at for e in timeline if e.kind in ("announce", "switch_side")]
    assert len(leads) == len(routine.steps)
    assert all(lead >= LEAD_SECONDS for lead in leads)
    assert timeline[-1].at == routine.total_seconds + sum(leads)
    assert (
        timeline[-1].at
        == routine.guided_seconds
        == routine.total_seconds + sum(lead_times(routine.steps))
    )
    kinds = [event.kind for event in timeline]
    assert kinds.count("switch_side") == 1  # BL23 right follows BL23 left
    assert kinds.count("announce") == 3
    assert kinds.count("change_direction") == 4  # two per 30 s circle set, every 10 s
    assert kinds.count("press") == 1 + 1 + 3 + 1
    assert all(event.text for event in timeline)


def test_empty_routine_has_no_timeline_and_does_not_start() -> None:
    routine = Routine(verdict="emergency", advice=["Call emergency services now."])
    runner = SessionRunner(routine=routine, clock=FakeClock())
    assert build_timeline(routine) == []
    assert not runner.start(ask=no)
    assert runner.state == "stopped"
    assert runner.stop_reason is not None
    assert runner.stop_reason.advice == ["Call emergency services now."]


def test_runs_to_the_end_emitting_each_cue_once() -> None:
    runner, clock = started()
    seen = runner.tick()
    assert [event.kind for event in seen] == ["announce"]
    while runner.state == "running":
        clock.advance(1)
        seen += runner.tick()
    assert seen == runner.timeline
    assert runner.state == "finished"
    assert runner.steps_completed == runner.steps_planned == 4
    assert runner.progress == 1.0


def test_finding_time_grows_with_the_words_to_say() -> None:
    assert LEAD_SECONDS <= lead_seconds("Press.") <= LEAD_SECONDS + 1
    long = " ".join(["word"] * 50)
    # the chime, the words (with a "Release." before them), then time for the hands
    assert lead_seconds(long) >= CHIME_SECONDS + speech_seconds(long) + HANDS_SECONDS
    assert lead_seconds(long) > lead_seconds(" ".join(["word"] * 25))


def test_speech_stays_short_and_the_source_cue_is_shown_only() -> None:
    timeline = build_timeline(make_routine())
    first_press = next(event for event in timeline if event.kind == "press")
    assert first_press.detail == "Breathe out slowly while you press."
    assert first_press.detail not in first_press.text
    switch = next(event for event in timeline if event.kind == "switch_side")
    assert switch.detail == "How to find BL23."


def test_cues_come_due_at_their_offsets() -> None:
    runner, clock = started()
    (announce,) = runner.tick()
    lead = announce.until
    clock.advance(lead - 1)
    assert runner.tick() == []
    clock.advance(1)
    (press,) = runner.tick()
    assert press.kind == "press"
    assert runner.phase_remaining == 30
    clock.advance(10)
    assert [event.kind for event in runner.tick()] == ["change_direction"]
    assert runner.phase is press  # a direction change does not start a new countdown
    assert runner.phase_remaining == 20


def test_pause_freezes_time_and_resume_continues() -> None:
    runner, clock = started()
    clock.advance(7)
    runner.tick()
    assert runner.pause()
    assert runner.state == "paused"
    clock.advance(1000)
    assert runner.tick() == []
    assert runner.position == 7
    assert not runner.pause()  # already paused: ignored
    assert runner.resume()
    clock.advance(3)
    runner.tick()
    assert runner.position == 10
    states = []
    for _ in range(2):
        assert runner.toggle()
        states.append(runner.state)
    assert states == ["paused", "running"]


def test_skip_goes_to_next_step_without_completing_this_one() -> None:
    runner, clock = started()
    clock.advance(LEAD_SECONDS + 3)
    runner.tick()
    assert runner.skip()
    events = runner.tick()
    assert [(e.kind, e.step) for e in events] == [("switch_side", 1)]
    assert runner.current_step == 1
    assert runner.completed == set()
    assert runner.upcoming is not None and runner.upcoming.point == "GV4"


def test_skip_on_last_step_finishes() -> None:
    runner, _ = started()
    for _ in range(4):
        assert runner.skip()
        runner.tick()
    assert runner.state == "finished"
    assert runner.steps_completed == 0


def test_back_returns_to_previous_step_start() -> None:
    runner, clock = started()
    runner.skip()
    runner.skip()
    runner.tick()
    assert runner.current_step == 2
    clock.advance(8)
    runner.tick()
    assert runner.back()
    (event,) = runner.tick()
    assert (event.kind, event.step) == ("switch_side", 1)
    assert runner.position == event.at == runner.timeline[0].until + 30 + 5  # press, rest
    runner.back()
    runner.back()  # already on the first step: start it again
    assert [(e.kind, e.step) for e in runner.tick()] == [("announce", 0)]
    assert runner.position == 0


def test_commands_while_paused_move_but_do_not_emit() -> None:
    runner, clock = started()
    runner.tick()
    runner.pause()
    runner.skip()
    clock.advance(100)
    assert runner.tick() == []
    runner.resume()
    assert [e.kind for e in runner.tick()] == ["switch_side"]


def test_stop_keeps_completed_steps() -> None:
    runner, clock = started()
    clock.advance(runner.timeline[0].until + 30)
    runner.tick()
    assert runner.completed == {0}
    assert runner.stop()
    assert runner.state == "stopped"
    clock.advance(100)
    assert runner.tick() == []
    assert not runner.resume()
    assert not runner.skip()
    assert runner.steps_completed == 1


def test_rescreen_yes_stops_before_the_first_step() -> None:
    asked: list[str] = []

    def answer(question: Question) -> bool:
        asked.append(question.id)
        return question.id == "saddle_numbness"

    runner = SessionRunner(routine=make_routine(), clock=FakeClock(), questions=QUESTIONS)
    assert not runner.start(ask=answer)
    assert asked == ["saddle_numbness"]  # stops at the first yes
    assert runner.state == "stopped"
    assert runner.stop_reason is not None
    assert runner.stop_reason.verdict == "emergency"
    assert runner.stop_reason.reasons == ["Possible nerve compression."]
    assert runner.stop_reason.advice == ["Call emergency services now."]
    assert runner.tick() == []


def test_rescreen_all_no_asks_every_question() -> None:
    asked: list[str] = []

    def answer(question: Question) -> bool:
        asked.append(question.id)
        return False

    runner = SessionRunner(routine=make_routine(), clock=FakeClock(), questions=QUESTIONS)
    assert runner.start(ask=answer)
    assert asked == ["saddle_numbness", "fever"]
    assert not runner.start(ask=answer)  # only once


def test_clock_cannot_go_backwards() -> None:
    with pytest.raises(ValueError):
        FakeClock().advance(-1)


def test_rescreen_uses_the_safety_rules_emergency_first() -> None:
    from acupressure.safety.rules import load_rules

    questions = rescreen_questions()
    verdicts = [question.verdict for question in questions]
    assert set(verdicts) == {"emergency", "urgent"}
    assert verdicts == sorted(verdicts, key=lambda v: v != "emergency")
    assert {"saddle_numbness", "fever"} <= {question.id for question in questions}
    fever = next(question for question in questions if question.id == "fever")
    runner = SessionRunner(routine=make_routine(), clock=FakeClock(), questions=questions)
    assert not runner.start(ask=lambda question: question.id == "fever")
    assert runner.stop_reason is not None
    assert runner.stop_reason.verdict == "urgent"
    assert runner.stop_reason.reasons == [fever.reason]
    assert runner.stop_reason.advice == load_rules().advice.urgent


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=PROFILES, preset=PRESET_NAMES, data=st.data())
def test_a_yes_at_the_rescreen_never_starts_a_session_for_anyone(
    catalogue: Catalogue, fields: dict[str, Any], preset: str | None, data: st.DataObject
) -> None:
    """Over the whole profile space: whichever warning sign is ticked, nothing is pressed;
    the pregnancy signs are asked exactly when the person is or may be pregnant."""
    from acupressure.planning.planner import plan
    from acupressure.safety.profile import parse_profile
    from acupressure.safety.rules import load_rules
    from answered import answered

    profile = parse_profile(answered(fields))
    routine = plan(profile=profile, catalogue=catalogue, preset=preset)
    questions = rescreen_questions(pregnant=profile.pregnant)
    maternity = {f.id for f in load_rules().red_flags if f.maternity and f.verdict != "caution"}
    assert ({q.id for q in questions} >= maternity) is profile.pregnant
    assert not {q.id for q in questions} & maternity or profile.pregnant
    yes = data.draw(st.sampled_from(questions))
    runner = SessionRunner(routine=routine, clock=FakeClock(), questions=questions)
    assert not runner.start(ask=lambda question: question.id == yes.id)
    assert runner.state == "stopped" and runner.steps_completed == 0 and runner.tick() == []
    assert runner.stop_reason is not None and runner.stop_reason.advice
    if routine.steps and routine.verdict not in ("emergency", "urgent"):
        assert runner.stop_reason.reasons == [yes.reason]
        if yes.maternity:
            assert any("maternity unit" in line for line in runner.stop_reason.advice)

"""`acupressure plan` and `presets`: JSON contract, presets, .ics, interactive use, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from acupressure.cli import app
from acupressure.safety.questions import interview
from answered import answered

runner = CliRunner()
STEP_FIELDS = {
    "point", "side", "position", "pressure", "motion", "seconds", "repetitions", "cue",
    "sources",
}  # fmt: skip


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "profile.json"
    if isinstance(data, dict) and not data.pop("_as_is", False):
        data = answered(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def typed_answers(**answers: str) -> str:
    lines = []
    defaults = {"complaints": "lower_back", "age": "40"}
    for question in interview(planning=True):
        if question.asked_when == "pregnant" and answers.get("pregnant") != "y":
            continue  # asked only of someone who is or may be pregnant
        default = "n" if question.kind == "yes_no" else defaults.get(question.id, "")
        lines.append(answers.get(question.id, default))
    return "\n".join(lines) + "\n"


def test_plan_json_contract(tmp_path: Path) -> None:
    profile = write(tmp_path, {"complaints": ["lower_back"], "minutes": 10, "age": 45})
    result = runner.invoke(app, ["plan", profile, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"verdict", "steps", "total_seconds", "schedule", "excluded", "cautions"} <= set(
        document
    )
    assert document["verdict"] == "ok"
    assert 0 < document["total_seconds"] < document["guided_seconds"] <= 600
    for step in document["steps"]:
        assert STEP_FIELDS <= set(step)
        assert step["side"] in {"left", "right", "both", "midline"}
        assert step["pressure"] in {"light", "moderate", "firm"}
        assert step["motion"] in {"hold", "circles", "knead"}
    assert document["schedule"]["times_per_day"] == 3


def test_urgent_plan_has_no_steps(tmp_path: Path) -> None:
    profile = write(tmp_path, {"red_flags": ["night_pain"]})
    result = runner.invoke(app, ["plan", profile, "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["verdict"], document["steps"], document["total_seconds"]) == (
        "urgent",
        [],
        0,
    )


def test_plan_lists_exclusions_with_reasons(tmp_path: Path) -> None:
    profile = write(tmp_path, {"conditions": ["deep_vein_thrombosis"], "minutes": 20})
    document = json.loads(runner.invoke(app, ["plan", profile, "--json"]).stdout)
    out = {item["point"]: item["reason"] for item in document["excluded"]}
    assert {"BL40", "LR3", "KI1"} <= set(out)
    assert all("clot" in reason for reason in out.values())


def test_plan_with_a_preset(tmp_path: Path) -> None:
    profile = write(tmp_path, {"minutes": 30})
    result = runner.invoke(app, ["plan", profile, "--preset", "002", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["preset"] == "article-002"
    assert document["steps"][0]["point"] == "BL23"


def test_an_unknown_preset_exits_2_before_any_question() -> None:
    result = runner.invoke(app, ["plan", "--preset", "gach", "--json"], input="")
    assert result.exit_code == 2
    assert "preset: unknown preset 'gach'" in result.stderr
    assert "saddle" not in result.stderr


def test_unknown_ids_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", write(tmp_path, {"position": "upside_down"})])
    assert result.exit_code == 2
    assert "position: unknown id 'upside_down'" in result.stderr


def test_plan_writes_reminders(tmp_path: Path) -> None:
    ics = tmp_path / "reminders.ics"
    profile = write(tmp_path, {"minutes": 5})
    result = runner.invoke(
        app, ["plan", profile, "--ics", str(ics), "--start", "2026-12-01", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ics"] == str(ics)
    calendar = Calendar.from_ical(ics.read_bytes())
    assert len([e for e in calendar.walk("VEVENT") if "RRULE" in e]) == 3
    assert all(e.walk("VALARM") for e in calendar.walk("VEVENT") if "RRULE" in e)


def test_no_reminders_for_an_emergency(tmp_path: Path) -> None:
    ics = tmp_path / "reminders.ics"
    profile = write(tmp_path, {"red_flags": ["major_trauma"]})
    result = runner.invoke(app, ["plan", profile, "--ics", str(ics)])
    assert result.exit_code == 0
    assert not ics.exists()
    assert "No reminders written" in result.stderr


def test_a_bad_start_date_exits_2(tmp_path: Path) -> None:
    profile = write(tmp_path, {})
    ics = str(tmp_path / "r.ics")
    result = runner.invoke(app, ["plan", profile, "--ics", ics, "--start", "tomorrow"])
    assert result.exit_code == 2
    assert "--start" in result.stderr


def test_readable_routine_in_the_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", write(tmp_path, {"conditions": ["varicose_veins"]})])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "BL23" in text and "Why:" in text and "Stop and get advice if" in text
    assert "Left out BL40" in text
    assert "min of pressing" in text
    assert re.search(r"about (\d+) min with time to find each point", text)


def test_a_new_user_answers_the_questions_and_gets_reminders(tmp_path: Path) -> None:
    ics = tmp_path / "mine.ics"
    answers = typed_answers(age="38", complaints="lower_back sciatica", minutes="8")
    result = runner.invoke(app, ["plan", "--ics", str(ics)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Your routine" in result.stdout
    assert f"Reminders written to {ics}" in result.stdout
    assert ics.exists()


def test_interactive_plan_json_with_a_position() -> None:
    answers = typed_answers(minutes="6", position="lying")
    result = runner.invoke(app, ["plan", "--json"], input=answers)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["total_seconds"] <= 360
    assert {step["position"] for step in document["steps"]} == {"lying"}


def test_interactive_urgent_answer_stops_and_gives_no_steps() -> None:
    # complaint, age, not pregnant, "no" to the eight emergency questions, then fever
    answers = "lower_back\n40\nn\n" + "n\n" * 8 + "y\n"
    result = runner.invoke(app, ["plan", "--json"], input=answers)
    document = json.loads(result.stdout)
    assert (document["verdict"], document["steps"]) == ("urgent", [])


def test_interactive_bad_answers_are_asked_again_not_fatal() -> None:
    """A typo costs one question, not the whole interview: each answer is checked at once."""
    answers = typed_answers(age="200\n45", complaints="elbow\nhip", minutes="99\nx\n7")
    result = runner.invoke(app, ["plan", "--json"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Unknown: elbow" in result.stderr
    assert "age as a whole number (1 to 120)" in result.stderr
    assert "minutes from 1 to 60" in result.stderr
    assert json.loads(result.stdout)["total_seconds"] <= 7 * 60


def test_interactive_input_that_ends_on_a_bad_answer_exits_2() -> None:
    result = runner.invoke(app, ["plan"], input=typed_answers(complaints="elbow", minutes="8")[:-3])
    assert result.exit_code == 2
    assert "no answer (input ended)" in result.stderr


def test_presets_command() -> None:
    result = runner.invoke(app, ["presets", "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert [preset["name"] for preset in document] == [f"article-00{i}" for i in range(5)]
    assert all(preset["source"].endswith(".txt") and preset["points"] for preset in document)
    text = runner.invoke(app, ["presets"]).stdout
    assert "article-003" in text and "GV20" in text


def test_every_command_has_help() -> None:
    for command in ("screen", "plan", "presets"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "--json" in result.stdout


def test_an_unwritable_reminder_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    profile = write(tmp_path, {})
    ics = str(tmp_path / "no" / "such" / "folder" / "r.ics")
    result = runner.invoke(app, ["plan", profile, "--ics", ics])
    assert result.exit_code == 1
    assert "--ics: cannot write" in result.stderr and "No such file" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_plan_with_no_safe_point_says_so(tmp_path: Path) -> None:
    profile = write(tmp_path, {"complaints": ["knee"], "conditions": ["deep_vein_thrombosis"]})
    ics = tmp_path / "r.ics"
    result = runner.invoke(app, ["plan", profile, "--ics", str(ics)])
    assert result.exit_code == 0
    assert "No points to press with these answers" in result.stdout
    assert "Left out BL40" in result.stdout
    assert "None of the acupressure points for knee pain" in result.stdout
    assert "You can try self-acupressure" not in result.stdout
    assert "No reminders written to" in result.stderr
    assert "there are no points to press" in result.stderr
    assert not ics.exists()


def test_the_complaint_question_takes_words_as_people_type_them() -> None:
    answers = typed_answers(complaints="lower back, Sciatica", minutes="8")
    result = runner.invoke(app, ["plan", "--json"], input=answers)
    assert result.exit_code == 0, result.output
    assert "lower back" in result.stderr  # the choices are shown as words
    answers = typed_answers(complaints="knees\nknee", minutes="8")
    result = runner.invoke(app, ["plan", "--json"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Unknown: knees. Did you mean knee?" in result.stderr


def test_interactive_answers_are_saved_as_a_profile_file(tmp_path: Path) -> None:
    saved = tmp_path / "me.json"
    answers = typed_answers(age="52", complaints="lower back", minutes="7", position="sitting")
    asked = runner.invoke(app, ["plan", "--json", "--save-profile", str(saved)], input=answers)
    assert asked.exit_code == 0, asked.output
    assert f"Answers saved to {saved}" in asked.stderr
    profile = json.loads(saved.read_text(encoding="utf-8"))
    assert profile["complaints"] == ["lower_back"] and profile["age"] == 52
    assert (profile["minutes"], profile["position"]) == (7, "sitting")
    again = runner.invoke(app, ["plan", str(saved), "--json"])
    assert json.loads(again.stdout) == json.loads(asked.stdout)
    typed = {"complaints": "lower back", "age": "40", "saddle_numbness": "y"}
    screen_answers = "".join(
        typed.get(q.id, "n" if q.kind == "yes_no" else "") + "\n"
        for q in interview(planning=False)
        if q.asked_when != "pregnant"
    )
    screened = runner.invoke(
        app, ["screen", "--save-profile", str(tmp_path / "s.json")], input=screen_answers
    )
    assert json.loads((tmp_path / "s.json").read_text())["red_flags"] == ["saddle_numbness"]
    assert screened.exit_code == 0
    unwritable = runner.invoke(
        app, ["plan", str(saved), "--save-profile", str(tmp_path / "no/x.json")]
    )
    assert unwritable.exit_code == 1 and "--save-profile: cannot write" in unwritable.stderr


def test_an_emergency_with_ics_gives_the_advice_first_then_why_no_reminders(
    tmp_path: Path,
) -> None:
    ics = tmp_path / "reminders.ics"
    profile = write(tmp_path, {"red_flags": ["saddle_numbness"]})
    result = runner.invoke(app, ["plan", profile, "--ics", str(ics)])
    assert result.exit_code == 0 and not ics.exists()
    output = result.output  # stdout and stderr in the order they were written
    assert output.index("ambulance") < output.index("No reminders written")
    assert "emergency care now, not a self-care routine" in result.stderr


def test_the_plan_says_how_much_of_the_session_is_pressing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", write(tmp_path, answered())])
    assert result.exit_code == 0, result.output
    assert re.search(r"Pressing is \d+% of it; after 3 completed sessions", result.stdout)


def test_a_plan_leaves_nothing_of_the_answers_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answers and the plan are never stored (README, Security): planning for two
    different people leaves the very same files (the knowledge caches) behind."""
    from acupressure.cli.fast import run_fast

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def files() -> set[Path]:
        return {path for path in tmp_path.rglob("*") if path.is_file() and path.parent != tmp_path}

    for number, answers in enumerate(
        [answered(age=33, minutes=7), answered(age=71, pregnant=False, conditions=["osteoporosis"])]
    ):
        profile = tmp_path / f"profile-{number}.json"
        profile.write_text(json.dumps(answers))
        assert run_fast(["plan", str(profile), "--json"])
        if number == 0:
            first = files()
    assert first and files() == first
    assert all(path.name.startswith("knowledge-") for path in first)

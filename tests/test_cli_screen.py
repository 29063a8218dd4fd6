"""`acupressure screen`: from a file or interactively, JSON contract, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from acupressure.cli import app
from acupressure.safety.questions import interview
from answered import answered

runner = CliRunner()


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "profile.json"
    if isinstance(data, dict) and not data.pop("_as_is", False):
        data = answered(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def typed_answers(planning: bool, **answers: str) -> str:
    """What a person types: 'n' to every yes/no unless given, Enter for the rest."""
    lines = []
    defaults = {"complaints": "lower_back", "age": "40"}
    for question in interview(planning=planning):
        if question.asked_when == "pregnant" and answers.get("pregnant") != "y":
            continue  # asked only of someone who is or may be pregnant
        default = "n" if question.kind == "yes_no" else defaults.get(question.id, "")
        lines.append(answers.get(question.id, default))
    return "\n".join(lines) + "\n"


def test_screen_json_contract(tmp_path: Path) -> None:
    profile = write(tmp_path, {"red_flags": ["fever"], "conditions": ["varicose_veins"]})
    result = runner.invoke(app, ["screen", profile, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"verdict", "reasons", "advice"} <= set(document)
    assert document["verdict"] == "urgent"
    assert any("doctor today" in line for line in document["advice"])


def test_screen_text_for_an_emergency(tmp_path: Path) -> None:
    profile = write(tmp_path, {"red_flags": ["bladder_or_bowel_change"]})
    result = runner.invoke(app, ["screen", profile])
    assert result.exit_code == 0
    assert "EMERGENCY" in result.stdout and "999" in result.stdout


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"red_flags": ["headache"]}, "red_flags[0]: unknown id 'headache'"),
        ({"conditions": ["gout"]}, "conditions[0]: unknown id 'gout'"),
        ({"age": 300}, "age"),
        ({"minutes": 500}, "minutes"),
        ({"extra": 1}, "extra: unknown field"),
    ],
)
def test_bad_profiles_exit_2_naming_the_field(
    tmp_path: Path, data: dict[str, object], message: str
) -> None:
    result = runner.invoke(app, ["screen", write(tmp_path, data), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_a_missing_profile_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "cannot read profile" in result.stderr


def test_interactive_stops_at_the_first_emergency_answer() -> None:
    result = runner.invoke(app, ["screen", "--json"], input="lower_back\n40\nn\nn\ny\n")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["verdict"] == "emergency"
    assert "bladder" in document["reasons"][0]
    assert "inject drugs" not in result.stderr  # stopped before the urgent questions


def test_interactive_all_clear() -> None:
    result = runner.invoke(app, ["screen", "--json"], input=typed_answers(False, age="40"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "ok"
    assert "saddle" in result.stderr  # the questions go to stderr, the JSON to stdout


def test_interactive_conditions_and_age() -> None:
    answers = typed_answers(False, age="67", osteoporosis="y", pregnant="n")
    result = runner.invoke(app, ["screen", "--json"], input=answers)
    document = json.loads(result.stdout)
    assert document["verdict"] == "caution"
    assert any("Thin bones" in reason for reason in document["reasons"])
    assert any("after the age of 50" in reason for reason in document["reasons"])


def test_interactive_input_that_ends_early_exits_2() -> None:
    result = runner.invoke(app, ["screen"], input="n\nn\n")
    assert result.exit_code == 2
    assert "no answer" in result.stderr


def test_screen_as_a_real_process_reads_stdin() -> None:
    script = Path(sys.executable).parent / "acupressure"
    completed = subprocess.run(
        [str(script), "screen", "--json"],
        input="lower_back\n40\nn\ny\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["verdict"] == "emergency"


def test_interactive_age_is_asked_again_until_it_is_a_number() -> None:
    answers = typed_answers(False, age="forty\n52")
    result = runner.invoke(app, ["screen", "--json"], input=answers)
    assert result.exit_code == 0, result.output
    assert "whole number" in result.stderr
    assert json.loads(result.stdout)["verdict"] == "caution"

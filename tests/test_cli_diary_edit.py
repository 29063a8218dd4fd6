"""`acupressure diary edit/delete/undo/history` through the real CLI and a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from acupressure.cli import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'diary.sqlite3'}"


def invoke(*args: str, db: str) -> Result:
    return runner.invoke(app, ["diary", *args], env={"ACUPRESSURE_DB": db})


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def summary(db: str) -> Any:
    return as_json(invoke("summary", "--json", db=db))


def add_bruising(db: str) -> int:
    document = as_json(invoke("add", "--pain-before", "6", "--pain-after", "4",
                              "--side-effect", "bruising", "--json", db=db))  # fmt: skip
    return int(document["session"]["id"])


def test_editing_away_a_mistaken_side_effect_clears_the_stop_alert_and_undo_brings_it_back(
    db: str,
) -> None:
    entry = add_bruising(db)
    assert [a["kind"] for a in summary(db)["alerts"]] == ["stop_and_get_assessed"]
    edited = as_json(invoke("edit", str(entry), "--no-side-effects", "--json", db=db))
    assert edited["session"]["side_effects"] == [] and edited["session"]["pain_after"] == 4
    assert summary(db)["alerts"] == []
    undone = as_json(invoke("undo", "--json", db=db))
    assert undone["kind"] == "session" and undone["entry"]["side_effects"] == ["bruising"]
    assert undone["undone"]["action"] == "edit"
    assert [a["kind"] for a in summary(db)["alerts"]] == ["stop_and_get_assessed"]


def test_delete_and_undo_in_words_and_in_the_list(db: str) -> None:
    entry = add_bruising(db)
    deleted = invoke("delete", str(entry), db=db)
    assert deleted.exit_code == 0, deleted.stderr
    assert f"Deleted session {entry}" in deleted.stdout and "diary undo" in deleted.stdout
    assert as_json(invoke("list", "--json", db=db))["sessions"] == []
    assert summary(db)["sessions"] == 0 and summary(db)["alerts"] == []
    undone = invoke("undo", db=db)
    assert undone.exit_code == 0 and "is back in the diary" in undone.stdout
    listed = invoke("list", db=db).stdout
    assert listed.startswith(f"{entry}  ")
    again = invoke("undo", db=db)
    assert again.exit_code == 2 and again.stderr.startswith("error: There is nothing to undo")


def test_history_shows_every_correction_newest_first(db: str) -> None:
    entry = add_bruising(db)
    invoke("edit", str(entry), "--pain-after", "3", "--note", "it eased", db=db)
    invoke("delete", str(entry), db=db)
    invoke("undo", db=db)
    document = as_json(invoke("history", str(entry), "--json", db=db))
    actions = [(r["action"], r["undone_at"] is not None) for r in document["history"]]
    assert actions == [("delete", True), ("edit", False)]
    assert document["history"][1]["before"]["pain_after"] == 4
    assert document["history"][1]["after"]["note"] == "it eased"
    text = invoke("history", db=db).stdout.splitlines()
    assert text[0].endswith(f"Deleted session {entry}.  (undone)")
    assert text[1].endswith(f"Changed pain after, note of session {entry}.")


def test_check_ins_are_corrected_with_the_checkin_flag(db: str) -> None:
    saved = as_json(invoke("checkin", "--average-pain", "5", "--interference", "4",
                           "--week-of", "2026-03-02", "--json", db=db))  # fmt: skip
    entry = str(saved["checkin"]["id"])
    edited = as_json(invoke("edit", entry, "--checkin", "--average-pain", "3", "--json", db=db))
    assert (edited["checkin"]["average_pain"], edited["checkin"]["interference"]) == (3, 4)
    as_json(invoke("delete", entry, "--checkin", "--json", db=db))
    assert as_json(invoke("list", "--json", db=db))["checkins"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["edit", "99", "--pain-after", "3"], "There is no session 99"),
        (["delete", "99", "--checkin"], "There is no check-in 99"),
        (["edit", "1"], "nothing to change"),
        (["edit", "1", "--pain-after", "11"], "pain_after"),
        (["edit", "1", "--side-effect", "itching"], "side_effects"),
        (["edit", "1", "--average-pain", "3"], "--average-pain: only for a check-in"),
        (["edit", "1", "--checkin", "--pain-after", "3"], "--pain-after: only for a session"),
        (["edit", "1", "--date", "2999-01-01"], "in the future"),
    ],
)
def test_bad_corrections_exit_2_with_one_error_line_and_change_nothing(
    db: str, args: list[str], message: str
) -> None:
    add_bruising(db)
    before = as_json(invoke("list", "--json", db=db))
    result = invoke(*args, db=db)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert as_json(invoke("list", "--json", db=db)) == before
    assert as_json(invoke("history", "--json", db=db)) == {"history": []}

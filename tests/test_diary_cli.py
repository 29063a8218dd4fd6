"""`acupressure diary ...` through the real CLI: exit codes, one JSON document, and bad
input that changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
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


def count(db: str) -> tuple[int, int]:
    document = as_json(invoke("list", "--json", db=db))
    return len(document["sessions"]), len(document["checkins"])


def add(db: str, before: int, after: int, when: str, *extra: str) -> Any:
    return as_json(
        invoke("add", "--pain-before", str(before), "--pain-after", str(after),
               "--date", when, "--json", *extra, db=db)
    )  # fmt: skip


def test_add_prints_the_saved_entry_as_one_json_document(db: str) -> None:
    document = add(db, 6, 4, "2026-03-02T08:30:00+01:00", "--side-effect", "bruising",
                   "--side-effect", "more-pain", "--note", "from the handout")  # fmt: skip
    entry = document["session"]
    assert (entry["pain_before"], entry["pain_after"]) == (6, 4)
    assert entry["side_effects"] == ["bruising", "more_pain"]
    assert entry["origin"] == "manual" and entry["note"] == "from the handout"
    assert entry["started_at"].startswith("2026-03-02T07:30:00")
    assert count(db) == (1, 0)


def test_a_date_alone_is_accepted(db: str) -> None:
    assert add(db, 5, 3, "2026-03-02")["session"]["id"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pain-before", "11", "--pain-after", "4"], "pain_before"),
        (["--pain-before", "5", "--pain-after", "-1"], "pain_after"),
        (["--pain-before", "5", "--pain-after", "4", "--date", "2026-02-30"], "--date"),
        (["--pain-before", "5", "--pain-after", "4", "--date", "yesterday"], "--date"),
        (["--pain-before", "5", "--pain-after", "4", "--date", "2999-01-01"], "future"),
        (["--pain-before", "5", "--pain-after", "4", "--side-effect", "itch"], "side_effects"),
    ],
)
def test_bad_session_input_exits_2_and_changes_nothing(
    db: str, args: list[str], message: str
) -> None:
    add(db, 4, 3, "2026-03-02")
    result = invoke("add", *args, "--json", db=db)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert count(db) == (1, 0)


def test_checkin_and_its_bad_input(db: str) -> None:
    saved = as_json(invoke("checkin", "--average-pain", "5", "--interference", "7",
                           "--week-of", "2026-03-02", "--json", db=db))  # fmt: skip
    assert saved["checkin"]["interference"] == 7
    bad_week = ["--average-pain", "3", "--interference", "1", "--week-of", "03/02/2026"]
    for args in (["--average-pain", "11", "--interference", "1"], bad_week):
        result = invoke("checkin", *args, db=db)
        assert result.exit_code == 2 and result.stderr.startswith("error:")
    assert count(db) == (0, 1)


def test_a_second_checkin_for_the_same_week_replaces_the_first(db: str) -> None:
    week = ["checkin", "--week-of", "2026-03-02", "--interference", "2"]
    first = as_json(invoke(*week, "--average-pain", "6", "--json", db=db))
    again = invoke(*week, "--average-pain", "4", db=db)
    assert again.exit_code == 0 and "replaces the earlier one" in again.stdout
    [stored] = as_json(invoke("list", "--json", db=db))["checkins"]
    assert (stored["uid"], stored["average_pain"]) == (first["checkin"]["uid"], 4)


def test_summary_reports_change_threshold_and_sparkline(db: str) -> None:
    for day in range(1, 15):
        add(db, 7 if day <= 7 else 4, 3, f"2026-03-{day:02d}")
    document = as_json(invoke("summary", "--json", db=db))
    assert set(document) >= {"change", "adherence", "alerts", "sparkline", "caveat", "days"}
    assert document["threshold_source"] == "farrar2001"
    assert len(document["sparkline"]) == 28
    text = invoke("summary", db=db)
    assert text.exit_code == 0
    assert "Adherence" in text.stdout and "not why" in text.stdout
    assert "cured" not in text.stdout.lower()


def test_chart_writes_svg_and_png_and_refuses_other_suffixes(db: str, tmp_path: Path) -> None:
    add(db, 6, 4, "2026-03-02")
    for name in ("pain.svg", "pain.png"):
        out = tmp_path / name
        document = as_json(invoke("chart", "--out", str(out), "--json", db=db))
        assert document["sessions"] == 1 and out.stat().st_size > 1000
    bad = invoke("chart", "--out", str(tmp_path / "pain.gif"), db=db)
    assert bad.exit_code == 2 and ".svg or .png" in bad.stderr
    assert not (tmp_path / "pain.gif").exists()


def test_export_formats_and_import_round_trip(db: str, tmp_path: Path) -> None:
    add(db, 6, 4, "2026-03-02", "--note", 'commas, "quotes"')
    invoke(
        "checkin", "--average-pain", "5", "--interference", "3", "--week-of", "2026-03-02", db=db
    )
    fhir = invoke("export", "--format", "fhir", db=db)
    assert Bundle.model_validate(json.loads(fhir.stdout)).type == "collection"
    for kind in ("csv", "json"):
        out = tmp_path / f"diary.{kind}"
        assert invoke("export", "--format", kind, "--out", str(out), db=db).exit_code == 0
        other = f"sqlite:///{tmp_path / f'other-{kind}.sqlite3'}"
        first = as_json(invoke("import", str(out), "--json", db=other))
        assert (first["added_sessions"], first["added_checkins"]) == (1, 1)
        second = as_json(invoke("import", str(out), "--json", db=other))
        assert second == {"added_sessions": 0, "added_checkins": 0, "replaced_checkins": 0,
                          "skipped_duplicates": 2,
                          "skipped_deleted": 0}  # fmt: skip
        exported = invoke("export", "--format", "json", db=other).stdout
        assert json.loads(exported) == json.loads(
            invoke("export", "--format", "json", db=db).stdout
        )


def test_corrupt_import_exits_2_and_changes_nothing(db: str, tmp_path: Path) -> None:
    add(db, 6, 4, "2026-03-02")
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,uid,started_at,pain_before\nsession,n1,2026-03-03T08:00:00Z,4\n"
                   "session,n2,2026-03-04T08:00:00Z,11\n")  # fmt: skip
    result = invoke("import", str(bad), "--json", db=db)
    assert result.exit_code == 2 and "row 3.pain_before" in result.stderr
    assert result.stdout == ""
    missing = invoke("import", str(tmp_path / "absent.json"), db=db)
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    assert count(db) == (1, 0)


def test_unknown_export_format_and_bad_database_url_exit_2(db: str) -> None:
    assert invoke("export", "--format", "xml", db=db).exit_code == 2
    result = runner.invoke(app, ["diary", "list", "--db", "nonsense://"])
    assert result.exit_code == 2 and "database URL" in result.stderr


def test_db_option_wins_over_the_environment(db: str, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'chosen.sqlite3'}"
    result = invoke("add", "--pain-before", "3", "--pain-after", "2", "--db", other, db=db)
    assert result.exit_code == 0
    assert (tmp_path / "chosen.sqlite3").exists()
    assert count(db) == (0, 0)


@pytest.mark.parametrize(
    "command", ["add", "list", "summary", "checkin", "chart", "export", "import"]
)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, ["diary", command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.stdout

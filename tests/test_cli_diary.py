"""`acupressure diary` bad input found in acceptance testing (the main suite is
test_diary_cli.py): a date in the future is refused and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from acupressure.cli import app

runner = CliRunner()


def test_a_checkin_for_a_future_week_exits_2_and_saves_nothing(tmp_path: Path) -> None:
    env = {"ACUPRESSURE_DB": f"sqlite:///{tmp_path / 'diary.sqlite3'}"}
    later = (date.today() + timedelta(days=8)).isoformat()
    args = ["diary", "checkin", "--average-pain", "3", "--interference", "2", "--week-of", later]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 2
    assert "--week-of" in result.stderr and "future" in result.stderr
    listed = runner.invoke(app, ["diary", "list", "--json"], env=env)
    assert '"checkins": []' in listed.stdout


def test_an_unwritable_out_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    env = {"ACUPRESSURE_DB": f"sqlite:///{tmp_path / 'diary.sqlite3'}"}
    missing = tmp_path / "no" / "such" / "folder"
    for args in (
        ["diary", "chart", "--out", str(missing / "pain.svg")],
        ["diary", "export", "--format", "csv", "--out", str(missing / "diary.csv")],
    ):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 1, args
        assert "--out: cannot write" in result.stderr and "No such file" in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_sessions_a_day_outside_1_to_12_is_refused_not_quietly_changed(tmp_path: Path) -> None:
    env = {"ACUPRESSURE_DB": f"sqlite:///{tmp_path / 'diary.sqlite3'}"}
    for value in ("0", "-1", "13"):
        result = runner.invoke(app, ["diary", "summary", "--per-day", value], env=env)
        assert result.exit_code == 2, value
        assert "--per-day" in result.stderr and "1<=x<=12" in result.stderr, result.stderr


def test_importing_a_backup_says_what_was_left_out_because_it_was_deleted(
    tmp_path: Path,
) -> None:
    env = {"ACUPRESSURE_DB": f"sqlite:///{tmp_path / 'diary.sqlite3'}"}
    add = ["diary", "add", "--pain-before", "6", "--pain-after", "5", "--side-effect", "bruising"]
    assert runner.invoke(app, add, env=env).exit_code == 0
    backup = tmp_path / "backup.json"
    exported = ["diary", "export", "--format", "json", "--out", str(backup)]
    assert runner.invoke(app, exported, env=env).exit_code == 0
    assert runner.invoke(app, ["diary", "delete", "1"], env=env).exit_code == 0
    text = runner.invoke(app, ["diary", "import", str(backup)], env=env)
    assert text.exit_code == 0, text.stderr
    assert "Added 0 sessions" in text.stdout and "Left out 1 you had deleted" in text.stdout
    document = runner.invoke(app, ["diary", "import", str(backup), "--json"], env=env)
    assert '"skipped_deleted": 1' in document.stdout
    assert '"sessions": []' in runner.invoke(app, ["diary", "list", "--json"], env=env).stdout

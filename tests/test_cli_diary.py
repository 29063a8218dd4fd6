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

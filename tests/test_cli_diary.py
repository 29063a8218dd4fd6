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

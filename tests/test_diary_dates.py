"""Dates at the calendar's edges: 0001-01-01 (another app's "empty date") and 9999-12-31
are bad input on the way in (API, imports, `diary add`, reminders), and a diary that
already holds them stays readable everywhere, also west and far east of UTC.

The readers run in subprocesses with TZ set, as the time zone is the process's own.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from acupressure.cli import app
from webapp import csrf_token, make_client, profile_query

EDGES = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1899-12-31T12:00:00Z"]
ZONES = ["America/Los_Angeles", "Pacific/Kiritimati"]  # UTC-8 and UTC+14
CLI = [sys.executable, "-c", "from acupressure.cli import main; main()"]


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


@pytest.mark.parametrize("moment", EDGES)
def test_the_api_refuses_edge_dates_as_bad_input(client: TestClient, moment: str) -> None:
    body = {"started_at": moment, "pain_before": 5, "pain_after": 3}
    response = client.post("/api/diary/sessions", json=body)
    assert response.status_code == 422, response.text
    assert "started_at" in response.json()["detail"] and "1900" in response.json()["detail"]
    checkin = {"week_of": moment[:10], "average_pain": 4, "interference": 3}
    assert client.post("/api/diary/checkins", json=checkin).status_code == 422
    assert client.get("/api/diary").json()["sessions"] == []


def test_a_future_end_is_refused(client: TestClient) -> None:
    body = {"started_at": "2026-03-02T08:00:00Z", "ended_at": "2099-03-02T08:10:00Z",
            "pain_before": 5, "pain_after": 3}  # fmt: skip
    response = client.post("/api/diary/sessions", json=body)
    assert response.status_code == 400
    assert "ended_at" in response.json()["detail"] and "future" in response.json()["detail"]


@pytest.mark.parametrize("moment", EDGES)
def test_imports_refuse_edge_dates_and_store_nothing(client: TestClient, moment: str) -> None:
    good = {"uid": "good", "started_at": "2026-03-02T08:00:00Z"}
    document = {"sessions": [good, {"uid": "edge", "started_at": moment}]}
    response = client.post("/api/diary/import", json=document)
    assert response.status_code == 400
    assert "sessions[1].started_at" in response.json()["detail"]
    token = csrf_token(client, "/diary")
    csv = f"kind,uid,started_at\r\nsession,good,2026-03-02T08:00:00Z\r\nsession,e,{moment}\r\n"
    upload = {"file": ("diary.csv", csv.encode(), "text/csv")}
    form = client.post("/diary/import", files=upload, data={"csrf_token": token})
    assert form.status_code == 400 and "Row 3: the start time must be a date" in form.text
    assert client.get("/api/diary").json()["sessions"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--pain-before", "5", "--pain-after", "3", "--date", "0001-01-01"],
        ["add", "--pain-before", "5", "--pain-after", "3", "--date", "9999-12-31"],
        ["add", "--pain-before", "5", "--pain-after", "3", "--date", "0001-01-01T00:00:00Z"],
        ["checkin", "--average-pain", "4", "--interference", "3", "--week-of", "0001-01-01"],
    ],
)
def test_diary_add_refuses_edge_dates_with_one_line(tmp_path: Path, args: list[str]) -> None:
    db = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    result = CliRunner().invoke(app, ["diary", *args, "--db", db])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "2999-01-01"])
def test_reminders_start_within_a_few_years(client: TestClient, start: str) -> None:
    response = client.get("/plan.ics?" + profile_query(minutes=5) + f"&start={start}")
    assert response.status_code == 400
    assert "start" in response.json()["detail"]


def test_the_cli_reminders_refuse_a_far_start(tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(
        '{"complaints": ["lower_back"], "age": 40, "pregnant": false, "red_flags": [], '
        '"conditions": []}',
        encoding="utf-8",
    )
    ics = tmp_path / "r.ics"
    result = CliRunner().invoke(app, ["plan", str(profile), "--ics", str(ics),
                                      "--start", "9999-12-31"])  # fmt: skip
    assert result.exit_code == 2 and result.stderr.startswith("error: start:")
    assert not ics.exists()


def _diary_with_edge_dates(path: Path) -> None:
    """A diary as an older version (or another program) could leave it."""
    subprocess.run([*CLI, "diary", "list", "--db", f"sqlite:///{path}"], check=True,
                   capture_output=True)  # fmt: skip
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO diary_session (uid, started_at, ended_at, routine, steps_planned,"
            " steps_completed, pain_before, pain_after, side_effects, note, origin)"
            " VALUES (?, ?, ?, '', 0, 0, 5, 3, 'bruising', '', 'manual')",
            [
                ("first", "0001-01-01 00:00:00.000000", "0001-01-01 00:10:00.000000"),
                ("last", "9999-12-31 23:59:59.000000", None),
                ("real", "2026-03-02 08:00:00.000000", None),
            ],
        )
        connection.executemany(
            "INSERT INTO diary_checkin (uid, week_of, average_pain, interference, note)"
            " VALUES (?, ?, 4, 3, '')",
            [("w-first", "0001-01-01"), ("w-last", "9999-12-27"), ("w-real", "2026-03-02")],
        )


WEB_READER = """
import sys
from fastapi.testclient import TestClient
from acupressure.web import Settings, create_app
app = create_app(Settings(db_url=sys.argv[1]))
client = TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False)
for path in ["/diary", "/api/diary", "/diary/chart.svg", "/diary/export.csv",
             "/diary/export.json", "/diary/export.fhir"]:
    response = client.get(path)
    print(path, response.status_code)
"""


@pytest.mark.parametrize("zone", ZONES)
def test_every_reader_survives_stored_edge_dates(tmp_path: Path, zone: str) -> None:
    path = tmp_path / "diary.sqlite3"
    _diary_with_edge_dates(path)
    db = f"sqlite:///{path}"
    env = {**os.environ, "TZ": zone}
    commands = [
        ["diary", "list"],
        ["diary", "list", "--json"],
        ["diary", "summary", "--json"],
        ["diary", "chart", "--out", str(tmp_path / "chart.svg")],
        ["diary", "export", "--format", "csv"],
        ["diary", "export", "--format", "json"],
        ["diary", "export", "--format", "fhir"],
    ]
    for command in commands:
        result = subprocess.run([*CLI, *command, "--db", db], capture_output=True, text=True,
                                env=env)  # fmt: skip
        assert result.returncode == 0, f"{command}: {result.stderr[-500:]}"
    listed = subprocess.run([*CLI, "diary", "list", "--json", "--db", db], capture_output=True,
                            text=True, env=env, check=True)  # fmt: skip
    assert {s["uid"] for s in json.loads(listed.stdout)["sessions"]} == {"first", "last", "real"}
    web = subprocess.run([sys.executable, "-c", WEB_READER, db], capture_output=True, text=True,
                         env=env)  # fmt: skip
    assert web.returncode == 0, web.stderr[-500:]
    assert [line.split()[1] for line in web.stdout.splitlines()] == ["200"] * 6, web.stdout

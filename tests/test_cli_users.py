"""`acupressure users ...` through the real CLI on a real clinic database: passwords from
stdin, bad input as one error line and exit 2, and a single-user diary adopted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from acupressure.cli import app
from acupressure.clinic import Accounts, Auth, open_clinic
from acupressure.diary.store import DiaryStore

runner = CliRunner()
PASSWORD = "correct horse battery"


def users(*args: str, db: str, password: str | None = PASSWORD) -> Result:
    stdin = None if password is None else password + "\n"
    return runner.invoke(app, ["users", *args], input=stdin, env={"ACUPRESSURE_DB": db})


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_add_list_and_remove_accounts(clinic_db_url: str) -> None:
    assert (
        users("add", "Pat@Clinic.example", "--role", "practitioner", db=clinic_db_url).exit_code
        == 0
    )
    added = as_json(
        users("add", "ann@home.example", "--role", "client", "--practitioner",
              "pat@clinic.example", "--json", db=clinic_db_url)
    )  # fmt: skip
    assert (
        added["email"] == "ann@home.example" and added["practitioner_email"] == "pat@clinic.example"
    )
    assert "password_hash" not in added and "owner" not in added
    as_json(users("add", "solo@home.example", "--role", "client", "--json", db=clinic_db_url))
    listed = as_json(users("list", "--json", db=clinic_db_url, password=None))
    assert [(a["email"], a["role"]) for a in listed] == [
        ("pat@clinic.example", "practitioner"),
        ("ann@home.example", "client"),
        ("solo@home.example", "client"),
    ]
    assert {a["id"] for a in listed} and all("owner" not in a for a in listed)
    removed = users("remove", "pat@clinic.example", db=clinic_db_url, password=None)
    assert removed.exit_code == 0, removed.stderr
    listed = as_json(users("list", "--json", db=clinic_db_url, password=None))
    assert {a["email"]: a["practitioner_id"] for a in listed} == {
        "ann@home.example": None,  # a client of a removed practitioner stays, on their own
        "solo@home.example": None,
    }


def test_the_password_is_checked_and_stored_hashed(clinic_db_url: str) -> None:
    short = users("add", "a@b.example", "--role", "client", db=clinic_db_url, password="short")
    assert short.exit_code == 2
    assert short.stderr.startswith("error: ") and "too short" in short.stderr
    assert "Traceback" not in short.output
    missing = users("add", "a@b.example", "--role", "client", db=clinic_db_url, password=None)
    assert missing.exit_code == 2 and "stdin" in missing.stderr
    assert users("add", "a@b.example", "--role", "client", db=clinic_db_url).exit_code == 0
    engine = open_clinic(clinic_db_url, check=False)
    try:
        from sqlalchemy import text

        with engine.connect() as connection:
            stored = connection.execute(text("SELECT password_hash FROM clinic_account")).scalar()
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        account = Auth(Accounts(engine)).login(email="A@b.example", password=PASSWORD)
        assert account.email == "a@b.example"
    finally:
        engine.dispose()


def test_bad_input_is_one_error_line_and_exit_2(clinic_db_url: str) -> None:
    users("add", "pat@clinic.example", "--role", "practitioner", db=clinic_db_url)
    for args, words in [
        (("add", "x@y.example", "--role", "admin"), "--role"),
        (("add", "not-an-address", "--role", "client"), "e-mail"),
        (("add", "pat@clinic.example", "--role", "client"), "already exists"),
        (("add", "c@y.example", "--role", "client", "--practitioner", "no@one.example"),
         "--practitioner"),
        (("add", "p2@y.example", "--role", "practitioner", "--practitioner",
          "pat@clinic.example"), "only a client"),
        (("remove", "nobody@y.example"), "no account"),
        (("password", "nobody@y.example"), "no account"),
    ]:  # fmt: skip
        result = users(*args, db=clinic_db_url)
        assert result.exit_code == 2, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], lines


def test_a_password_reset_ends_every_session(clinic_db_url: str) -> None:
    users("add", "ann@home.example", "--role", "client", db=clinic_db_url)
    engine = open_clinic(clinic_db_url, check=False)
    try:
        auth = Auth(Accounts(engine))
        account = auth.login(email="ann@home.example", password=PASSWORD)
        token = auth.issue(account=account, kind="api")
        reset = users(
            "password", "ann@home.example", db=clinic_db_url, password="a new long secret"
        )
        assert reset.exit_code == 0, reset.stderr
        assert auth.resolve(token=token, kind="api") is None
        assert auth.login(email="ann@home.example", password="a new long secret").id == account.id
    finally:
        engine.dispose()


def test_a_diary_with_entries_is_not_removed_by_accident(clinic_db_url: str) -> None:
    users("add", "ann@home.example", "--role", "client", db=clinic_db_url)
    engine = open_clinic(clinic_db_url, check=False)
    try:
        owner = Accounts(engine).get(email="ann@home.example").owner
        from datetime import UTC, datetime

        from acupressure.diary.entries import SessionEntry

        DiaryStore(engine, owner=owner).add_session(
            entry=SessionEntry(started_at=datetime(2026, 3, 2, tzinfo=UTC), pain_before=4)
        )
        kept = users("remove", "ann@home.example", db=clinic_db_url, password=None)
        assert kept.exit_code == 2 and "--delete-diary" in kept.stderr
        assert DiaryStore(engine, owner=owner).count() == 1
        gone = users("remove", "ann@home.example", "--delete-diary", db=clinic_db_url,
                     password=None)  # fmt: skip
        assert gone.exit_code == 0, gone.stderr
        assert DiaryStore(engine, owner=owner).count() == 0
    finally:
        engine.dispose()


def test_adopt_diary_brings_a_single_user_diary_in_once(clinic_db_url: str, tmp_path: Path) -> None:
    old = f"sqlite:///{tmp_path / 'mine.sqlite3'}"
    for day in ("2026-03-02T08:00", "2026-03-03T08:00"):
        added = runner.invoke(app, ["diary", "add", "--pain-before", "6", "--pain-after", "4",
                                    "--date", day, "--db", old])  # fmt: skip
        assert added.exit_code == 0, added.stderr
    users("add", "ann@home.example", "--role", "client", db=clinic_db_url)
    users("add", "bob@home.example", "--role", "client", db=clinic_db_url)
    first = as_json(users("adopt-diary", "ann@home.example", "--from", old, "--json",
                          db=clinic_db_url, password=None))  # fmt: skip
    assert first == {"sessions": 2, "checkins": 0, "replaced": 0, "skipped": 0}
    again = as_json(users("adopt-diary", "ann@home.example", "--from", old, "--json",
                          db=clinic_db_url, password=None))  # fmt: skip
    assert again["sessions"] == 0 and again["skipped"] == 2
    engine = open_clinic(clinic_db_url, check=False)
    try:
        accounts = Accounts(engine)
        ann = DiaryStore(engine, owner=accounts.get(email="ann@home.example").owner)
        bob = DiaryStore(engine, owner=accounts.get(email="bob@home.example").owner)
        assert [s.pain_before for s in ann.list_sessions()] == [6, 6]
        assert bob.list_sessions() == []
    finally:
        engine.dispose()
    unknown = users("adopt-diary", "nobody@x.example", "--from", old, db=clinic_db_url,
                    password=None)  # fmt: skip
    assert unknown.exit_code == 2 and unknown.stderr.startswith("error: ")

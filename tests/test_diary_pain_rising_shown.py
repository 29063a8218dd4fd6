"""The pain_rising alert reaches the person: `diary summary` as text through the real CLI,
and the web diary page through the app (issue 9: "shown on the web diary and in the CLI")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from acupressure.diary.analytics import RISING_ADVICE
from acupressure.diary.entries import SessionEntry
from acupressure.diary.store import DiaryStore, make_engine
from webapp import make_client

COMMAND = str(Path(sys.executable).with_name("acupressure"))
RISING = [3] * 7 + [4, 5, 5, 6, 6, 6, 6]  # +2.6 against the first week, over 14 days
FLAT = [5] * 14
FALLING = [7] * 7 + [5, 5, 4, 4, 4, 3, 3]
HEADING = "Your pain is rising: see a doctor"


def fill(db: str, pains: list[int]) -> None:
    """One session a day up to today, each with two points of relief right after it."""
    now = datetime.now().astimezone()
    engine = make_engine(db)
    try:
        store = DiaryStore(engine)
        for back, pain in zip(range(len(pains) - 1, -1, -1), pains, strict=True):
            started = now - timedelta(days=back, minutes=30)
            store.add_session(
                entry=SessionEntry.model_validate(
                    {"started_at": started, "pain_before": pain, "pain_after": max(pain - 2, 0)}
                )
            )
    finally:
        engine.dispose()


def summary(db: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COMMAND, "diary", "summary", "--db", db, *extra],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )


def rising_alert(db: str) -> dict[str, str] | None:
    document = json.loads(summary(db, "--json").stdout)
    found = [a for a in document["alerts"] if a["kind"] == "pain_rising"]
    return found[0] if found else None


def test_the_cli_text_shows_the_rising_pain_alert(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    fill(db, RISING)
    alert = rising_alert(db)
    assert alert is not None
    text = summary(db)
    assert text.returncode == 0, text.stderr
    assert f"! {alert['reason']} {alert['advice']}" in text.stdout
    assert "doctor" in alert["advice"]
    assert "points lower on average" in text.stdout  # short relief did not hide it


@pytest.mark.parametrize("pains", [FLAT, FALLING], ids=["flat", "falling"])
def test_the_cli_text_has_no_such_alert_when_pain_is_not_rising(
    tmp_path: Path, pains: list[int]
) -> None:
    db = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    fill(db, pains)
    assert rising_alert(db) is None
    text = summary(db)
    assert text.returncode == 0, text.stderr
    assert RISING_ADVICE not in text.stdout


@pytest.mark.parametrize(
    ("pains", "shown"), [(RISING, True), (FLAT, False), (FALLING, False)],
    ids=["rising", "flat", "falling"],
)  # fmt: skip
def test_the_web_diary_page_shows_it_only_when_pain_rises(
    tmp_path: Path, pains: list[int], shown: bool
) -> None:
    client = make_client(tmp_path)
    fill(f"sqlite:///{tmp_path / 'diary.sqlite'}", pains)  # the app's own diary file
    api = client.get("/api/diary").json()
    alerts = [a for a in api["progress"]["alerts"] if a["kind"] == "pain_rising"]
    html = client.get("/diary").text
    assert (HEADING in html) is shown and (RISING_ADVICE in html) is shown
    assert bool(alerts) is shown
    for alert in alerts:
        assert alert["reason"] in html and alert["advice"] in html

"""The trial pages and their JSON twins through the real app and a real SQLite diary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from tests.webapp import csrf_token, make_client, settings_for

from acupressure.diary.store import make_engine
from acupressure.trial.design import ArmSpec, make_design
from acupressure.trial.store import TrialStore

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


def start(client: TestClient, **extra: object) -> dict[str, object]:
    body = {"arm_a": "article-002", "arm_b": "none", "seed": 5, **extra}
    response = client.post("/api/trial", json=body)
    assert response.status_code == 201, response.text
    document: dict[str, object] = response.json()
    return document


def test_the_setup_page_explains_and_offers_every_preset_and_usual_care(client: TestClient) -> None:
    page = client.get("/trial")
    assert page.status_code == 200
    assert "decision rule" in page.text.lower() and "wash-out" in page.text
    twin = client.get("/api/trial").json()
    assert twin["trial"] is None
    assert {"article-002", "none"} <= {c["value"] for c in twin["choices"]}
    assert "p < 0.05" in twin["decision_rule"]


def test_the_form_starts_a_trial_and_the_page_shows_the_calendar(client: TestClient) -> None:
    token = csrf_token(client, "/trial")
    form = {"csrf_token": token, "arm_a": "article-000", "arm_b": "none", "weeks": "8",
            "start": date.today().isoformat()}  # fmt: skip
    response = client.post("/trial/start", data=form)
    assert response.status_code == 303 and response.headers["location"] == "/trial"
    twin = client.get("/api/trial").json()
    assert twin["trial"]["pairs"] == 4 and len(twin["calendar"]) == 8
    assert [row["arm"] for row in twin["calendar"]] == [
        arm for order in twin["trial"]["allocation"] for arm in order
    ]
    page = client.get("/trial").text
    assert page.count('<tr class="arm-') == 8 and "wash-out" in page


def test_a_bad_start_is_400_with_a_message(client: TestClient) -> None:
    response = client.post("/api/trial", json={"arm_a": "none", "arm_b": "none"})
    assert response.status_code == 400 and "both 'none'" in response.json()["detail"]
    response = client.post("/api/trial", json={"arm_a": "article-002", "arm_b": "x.json"})
    assert response.status_code == 400
    assert client.get("/api/trial").json()["trial"] is None


def test_one_tap_rating_saves_todays_pain(client: TestClient) -> None:
    start(client)
    token = csrf_token(client, "/trial/rate")
    page = client.get("/trial/rate").text
    assert page.count('name="pain"') == 11
    response = client.post(
        "/trial/rate", data={"csrf_token": token, "pain": "4", "interference": ""}
    )
    assert response.status_code == 303
    data = {"csrf_token": token, "pain": "3", "interference": "2"}
    assert client.post("/trial/rate", data=data).status_code == 303  # replaces today's rating
    (rating,) = client.get("/diary/export.json").json()["trials"][0]["ratings"]
    assert (rating["pain"], rating["interference"]) == (3, 2)
    status = client.get("/api/trial").json()["status"]
    assert status["rated_today"] and status["days_rated"] == 1
    assert client.post("/api/trial/rating", json={"pain": 12}).status_code == 422


def test_a_red_flag_at_the_rating_stops_the_trial_with_advice(client: TestClient) -> None:
    start(client)
    token = csrf_token(client, "/trial/rate")
    data = {"csrf_token": token, "pain": "6", "red_flags": "bladder_or_bowel_change"}
    page = client.post("/trial/rate", data=data)
    assert page.status_code == 200 and "Your trial has stopped" in page.text
    assert "ambulance" in page.text.lower()
    assert client.get("/api/trial").json()["status"]["state"] == "stopped"


def test_the_rating_asks_the_pregnancy_signs_in_their_own_group(client: TestClient) -> None:
    """A trial keeps no answers about the person: the pregnancy warning signs are always
    asked, apart, and a "yes" to one alone gets the maternity unit's advice."""
    start(client)
    page = client.get("/trial/rate").text
    general, _, pregnancy = page.partition("If you are pregnant or could be")
    assert 'value="bladder_or_bowel_change"' in general
    for flag in (
        "pregnancy_bleeding_or_fluid",
        "pregnancy_tightenings",
        "pregnancy_pain_passing_urine",
        "pregnancy_headache_or_upper_belly_pain",
    ):
        assert f'value="{flag}"' in pregnancy and f'value="{flag}"' not in general
    outcome = client.post(
        "/api/trial/rating", json={"pain": 5, "red_flags": ["pregnancy_tightenings"]}
    )
    assert outcome.status_code == 201, outcome.text
    result = outcome.json()
    assert result["stopped"] is True and "(emergency)" in result["stop_reason"]
    assert (
        "maternity unit" in result["advice"][0] and "Your trial has ended" in result["advice"][-1]
    )
    assert not any("GP" in line for line in result["advice"])


def test_a_side_effect_via_the_api_stops_the_trial(client: TestClient) -> None:
    start(client)
    outcome = client.post("/api/trial/rating", json={"pain": 5, "side_effects": ["bruising"]})
    assert outcome.status_code == 201 and outcome.json()["stopped"] is True


def test_stop_and_calendar(client: TestClient) -> None:
    design = start(client)
    ics = client.get("/trial/calendar.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert len(events) == 2 * int(str(design["pairs"])) + 1
    assert client.post("/api/trial/stop", json={"reason": "holiday"}).json()["state"] == "stopped"
    page = client.get("/trial").text  # the stopped trial, and the form for a new one
    assert "Your trial has stopped" in page and "Draw the order and start" in page


def finished_trial(tmp_path: Path) -> None:
    """A 12-week trial that ended yesterday, A clearly lower, through the real store."""
    engine = make_engine(settings_for(tmp_path).db_url)
    try:
        design = make_design(
            arm_a=ArmSpec(kind="preset", name="article-002", label="Article 002"),
            arm_b=ArmSpec(kind="none", name="none", label="usual care"),
            start=date.today() - timedelta(days=84),
            seed=3,
        )
        store = TrialStore(engine)
        store.start(design=design, now=datetime.now(UTC))
        for period in design.schedule():
            for offset in range(7):
                pain = (
                    (3 if period.arm == "A" else 6)
                    + (offset * period.pair + ord(period.arm)) % 3
                    - 1
                )
                day = period.start + timedelta(days=offset)
                store.rate(day=day, pain=pain, interference=None, now=datetime.now(UTC))
    finally:
        engine.dispose()


def test_the_result_page_shows_the_verdict_and_an_accessible_chart(tmp_path: Path) -> None:
    finished_trial(tmp_path)
    client = make_client(tmp_path)
    twin = client.get("/api/trial/result").json()
    assert twin["analysis"]["verdict"] == "a_better"
    svg = ET.fromstring(twin["chart"])
    assert svg.get("role") == "img" and svg.find(f"{SVG}title") is not None
    assert "Verdict: a better" in (svg.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]
    marks = [
        e
        for e in svg.iter()
        if e.tag in (f"{SVG}circle", f"{SVG}rect") and e.find(f"{SVG}title") is not None
    ]
    assert len(marks) == 84 + 6  # every day and every pair has its own label
    page = client.get("/trial/result").text
    assert "A looks better for you" in page and "placebo" in page and "<svg" in page
    assert page.count('<tr><th scope="row">') == 6


def test_result_without_a_trial_is_400(client: TestClient) -> None:
    assert client.get("/api/trial/result").status_code == 400

"""The diary pages: saving sessions, progress, export in three formats, import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from webapp import csrf_token, make_client


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


def test_a_guided_session_form_lands_in_the_diary(client: TestClient) -> None:
    token = csrf_token(client, "/diary")
    form = {
        "csrf_token": token,
        "origin": "guided",
        "routine": "Your routine",
        "steps_planned": "6",
        "steps_completed": "6",
        "pain_before": "6",
        "pain_after": "3",
        "started_at": "2026-11-20T08:00:00+00:00",
        "ended_at": "2026-11-20T08:10:00+00:00",
        "side_effects": ["bruising"],
        "note": "felt <b>warm</b>",
    }
    response = client.post("/diary/sessions", data=form)
    assert response.status_code == 303 and response.headers["location"] == "/diary?saved=1"
    data = client.get("/api/diary").json()
    [entry] = data["sessions"]
    assert (entry["pain_before"], entry["pain_after"], entry["origin"]) == (6, 3, "guided")
    assert data["progress"]["sessions"] == 1
    assert data["progress"]["alerts"], "a side effect must bring the safety monitor's advice"
    html = client.get("/diary").text
    assert "felt &lt;b&gt;warm&lt;/b&gt;" in html
    assert 'role="alert"' in html


def test_bad_diary_input_is_a_clear_4xx(client: TestClient) -> None:
    token = csrf_token(client, "/diary")
    response = client.post("/diary/sessions", data={"csrf_token": token, "pain_before": "11"})
    assert response.status_code == 422
    bad_json = client.post("/api/diary/sessions", json={"started_at": "yesterday"})
    assert bad_json.status_code == 422
    order = client.post(
        "/api/diary/sessions",
        json={"started_at": "2026-11-20T08:00:00Z", "ended_at": "2026-11-20T07:00:00Z"},
    )
    # every field has the right shape, their combination breaks a rule: bad input, 400
    assert order.status_code == 400
    assert "ended_at is before started_at" in order.json()["detail"]


def test_json_sessions_and_checkins(client: TestClient) -> None:
    created = client.post(
        "/api/diary/sessions",
        json={"started_at": "2026-11-20T08:00:00Z", "pain_before": 5, "pain_after": 4},
    )
    assert created.status_code == 201 and created.json()["id"]
    checkin = client.post(
        "/api/diary/checkins", json={"week_of": "2026-11-16", "average_pain": 5, "interference": 4}
    )
    assert checkin.status_code == 201
    again = client.post(
        "/api/diary/sessions",
        json={"uid": created.json()["uid"], "started_at": "2026-11-20T08:00:00Z"},
    )
    assert again.status_code == 400


def test_export_in_three_formats_and_import_back(client: TestClient, tmp_path: Path) -> None:
    client.post(
        "/api/diary/sessions",
        json={"started_at": "2026-11-20T08:00:00Z", "pain_before": 5, "pain_after": 4},
    )
    csv = client.get("/diary/export.csv")
    assert csv.headers["content-type"].startswith("text/csv") and "pain_before" in csv.text
    fhir = client.get("/diary/export.fhir").json()
    assert fhir["resourceType"] == "Bundle" and "72514-3" in json.dumps(fhir)
    exported = client.get("/diary/export.json").content

    (tmp_path / "other").mkdir()
    other = make_client(tmp_path / "other")
    token = csrf_token(other, "/diary")
    files = {"file": ("diary.json", exported, "application/json")}
    response = other.post("/diary/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 303
    assert len(other.get("/api/diary").json()["sessions"]) == 1
    again = other.post("/api/diary/import", json=json.loads(exported))
    assert again.json() == {"sessions": 0, "checkins": 0, "replaced": 0, "skipped": 1, "deleted": 0}

    csv_files = {"file": ("diary.csv", csv.content, "text/csv")}
    token = csrf_token(other, "/diary")
    assert (
        other.post("/diary/import", data={"csrf_token": token}, files=csv_files).status_code == 303
    )


def test_a_broken_import_changes_nothing(client: TestClient) -> None:
    token = csrf_token(client, "/diary")
    files = {"file": ("diary.json", b'{"sessions": [{"pain_before": 99}]}', "application/json")}
    response = client.post("/diary/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 400
    assert "pain_before" in response.text
    binary = {"file": ("diary.csv", b"\xff\xfe\x00", "text/csv")}
    token = csrf_token(client, "/diary")
    assert client.post("/diary/import", data={"csrf_token": token}, files=binary).status_code == 400
    assert client.get("/api/diary").json()["sessions"] == []


def test_the_pain_chart(client: TestClient) -> None:
    client.post(
        "/api/diary/sessions", json={"started_at": "2026-11-20T08:00:00Z", "pain_before": 5}
    )
    response = client.get("/diary/chart.svg")
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg")


def test_the_weekly_check_in_form(client: TestClient) -> None:
    token = csrf_token(client, "/diary")
    form = {
        "csrf_token": token,
        "week_of": "2026-11-16",
        "average_pain": "5",
        "interference": "4",
        "note": "",
    }
    assert client.post("/diary/checkins", data={**form, "csrf_token": ""}).status_code == 403
    assert client.post("/diary/checkins", data=form).status_code == 303
    [checkin] = client.get("/api/diary").json()["checkins"]
    assert (checkin["average_pain"], checkin["interference"]) == (5, 4)
    page = client.get("/diary").text
    assert "Week of 2026-11-16: average pain 5/10, got in the way 4/10" in page
    assert client.post("/diary/checkins", data={**form, "average_pain": "12"}).status_code == 422


def test_one_check_in_per_week_from_the_form_the_api_and_an_import(client: TestClient) -> None:
    """The diary keeps one check-in per week, whichever way it arrives: the later replaces."""
    token = csrf_token(client, "/diary")
    form = {"csrf_token": token, "week_of": "2026-11-16", "average_pain": "6", "interference": "5"}
    assert client.post("/diary/checkins", data=form).status_code == 303
    api = {"week_of": "2026-11-16", "average_pain": 4, "interference": 3}
    assert client.post("/api/diary/checkins", json=api).status_code == 201
    document = {"checkins": [{**api, "uid": "from-file", "average_pain": 2}]}
    imported = client.post("/api/diary/import", json=document).json()
    assert imported == {"sessions": 0, "checkins": 0, "replaced": 1, "skipped": 0, "deleted": 0}
    [checkin] = client.get("/api/diary").json()["checkins"]
    assert (checkin["average_pain"], checkin["interference"]) == (2, 3)
    assert "saving another for the same week replaces it" in client.get("/diary").text


def test_a_future_import_is_refused_naming_the_entry(client: TestClient) -> None:
    from datetime import date, timedelta

    later = (date.today() + timedelta(days=8)).isoformat()
    document = {"checkins": [{"week_of": later, "average_pain": 4, "interference": 2}]}
    refused = client.post("/api/diary/import", json=document)
    assert refused.status_code == 400 and "checkins[0].week_of" in refused.text
    assert client.get("/api/diary").json()["checkins"] == []


def test_each_scale_says_what_its_ends_mean(client: TestClient) -> None:
    """The interference scale is not a pain-intensity scale, so its ends say so."""
    html = client.get("/diary").text
    fieldsets = html.split("<fieldset")[1:]
    [interference] = [f for f in fieldsets if 'name="interference"' in f]
    [average] = [f for f in fieldsets if 'name="average_pain"' in f]
    assert "0 = not at all" in interference and "worst pain" not in interference
    assert "worst pain you can imagine" in average


def test_the_diary_forms_refuse_the_future_and_empty_ratings(client: TestClient) -> None:
    """As `acupressure diary add` does: a date ahead of now or a manual entry without
    ratings is bad input that changes nothing."""
    from datetime import date, timedelta

    token = csrf_token(client, "/diary")
    later = date.today() + timedelta(days=8)
    manual = {"csrf_token": token, "origin": "manual", "pain_before": "5", "pain_after": "3"}
    future = client.post("/diary/sessions", data={**manual, "started_at": f"{later}T08:30"})
    assert future.status_code == 400 and "in the future" in future.text
    empty = client.post("/diary/sessions", data={"csrf_token": token, "origin": "manual"})
    assert empty.status_code == 400 and "pain_before" in empty.text
    week = {"csrf_token": token, "average_pain": "4", "interference": "2"}
    ahead = client.post("/diary/checkins", data={**week, "week_of": later.isoformat()})
    assert ahead.status_code == 400 and "week_of" in ahead.text
    api_session = {"started_at": f"{later}T08:30:00Z", "pain_before": 5, "pain_after": 3}
    assert client.post("/api/diary/sessions", json=api_session).status_code == 400
    api_week = {"week_of": later.isoformat(), "average_pain": 4, "interference": 2}
    assert client.post("/api/diary/checkins", json=api_week).status_code == 400
    data = client.get("/api/diary").json()
    assert data["sessions"] == [] and data["checkins"] == []
    assert (
        client.post(
            "/diary/sessions", data={**manual, "started_at": "2026-01-05T08:30"}
        ).status_code
        == 303
    )


def test_importing_the_same_file_twice_says_nothing_was_new(client: TestClient) -> None:
    client.post(
        "/api/diary/sessions",
        json={"started_at": "2026-11-20T08:00:00Z", "pain_before": 5, "pain_after": 4},
    )
    exported = client.get("/diary/export.json").content
    files = {"file": ("diary.json", exported, "application/json")}
    token = csrf_token(client, "/diary")
    response = client.post("/diary/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 303
    assert response.headers["location"] == "/diary?saved=0&skipped=1"
    page = client.get(response.headers["location"]).text
    assert "Imported 0 new entries; 1 was already in your diary" in page


def test_session_times_show_in_this_computers_time_zone(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser sends UTC; a person reads the table in their own local time, as the CLI does."""
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        client.post(
            "/api/diary/sessions",
            json={"started_at": "2026-11-20T08:00:00Z", "pain_before": 5, "pain_after": 4},
        )
        html = client.get("/diary").text
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "<td>2026-11-20 17:00\n" in html  # then the row's Edit and Delete


def test_reads_answer_during_a_write_and_a_busy_write_is_a_plain_503(tmp_path: Path) -> None:
    import sqlite3

    client = make_client(tmp_path, busy_timeout_seconds=0.2)
    body = {"started_at": "2026-03-02T08:00:00Z", "pain_before": 5, "pain_after": 3,
            "note": "private words"}  # fmt: skip
    assert client.post("/api/diary/sessions", json=body).status_code == 201
    other = sqlite3.connect(tmp_path / "diary.sqlite", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # a large import in another process, say
        other.execute("DELETE FROM diary_session")
        read = client.get("/api/diary")
        busy = client.post("/api/diary/sessions", json=body)
        page = client.get("/diary")
    finally:
        other.rollback()
        other.close()
    assert read.status_code == 200 and len(read.json()["sessions"]) == 1
    assert page.status_code == 200
    assert busy.status_code == 503
    assert busy.json()["detail"].startswith("the diary is busy")
    assert "INSERT" not in busy.text and "private words" not in busy.text


def test_a_database_error_page_shows_no_sql_and_no_note(tmp_path: Path) -> None:
    import sqlite3

    client = make_client(tmp_path)
    with sqlite3.connect(tmp_path / "diary.sqlite") as connection:  # a table not as expected
        connection.execute("ALTER TABLE diary_session RENAME COLUMN note TO remark")
    body = {"started_at": "2026-03-02T08:00:00Z", "pain_before": 5, "pain_after": 3,
            "note": "private words"}  # fmt: skip
    api = client.post("/api/diary/sessions", json=body)
    token = csrf_token(client, "/start")
    form = {"csrf_token": token, "pain_before": "5", "pain_after": "3", "note": "private words"}
    page = client.post("/diary/sessions", data=form)
    for response in (api, page):
        assert response.status_code == 500
        assert "could not be written" in response.text
        for secret in ("private words", "INSERT", "diary_session", "sqlalche.me"):
            assert secret not in response.text


def _fill(client: TestClient, count: int) -> None:
    """`count` sessions, one an hour, some sharing a start time (ids then break the tie)."""
    sessions = [
        {"uid": f"page-{n}", "started_at": f"2026-10-{1 + n // 24:02d}T{n % 24:02d}:00:00+00:00",
         "pain_before": n % 11, "pain_after": n % 7, "origin": "manual"}
        for n in range(count)
    ]  # fmt: skip
    sessions += [dict(sessions[-1], uid=f"twin-{n}") for n in range(3)]
    response = client.post("/api/diary/import", json={"sessions": sessions, "checkins": []})
    assert response.status_code == 200, response.text


def test_the_api_pages_sessions_newest_first_with_a_cursor(client: TestClient) -> None:
    _fill(client, 117)
    seen: list[dict[str, object]] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 50}
        if cursor is not None:
            params["before"] = cursor
        data = client.get("/api/diary", params=params).json()
        assert len(data["sessions"]) <= 50
        assert data["progress"]["sessions"] == 120, "progress covers the whole diary"
        seen += data["sessions"]
        pages += 1
        cursor = data["next"]
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 120
    assert len({s["uid"] for s in seen}) == 120
    keys = [(s["started_at"], s["id"]) for s in seen]
    assert keys == sorted(keys, reverse=True)
    assert client.get("/api/diary").json()["next"] is not None  # 100 of 120 by default


def test_a_bad_cursor_is_a_clear_400(client: TestClient) -> None:
    response = client.get("/api/diary", params={"before": "yesterday"})
    assert response.status_code == 400
    assert "cursor" in response.text
    assert client.get("/api/diary", params={"limit": 0}).status_code == 422


def test_the_diary_page_shows_fifty_sessions_and_links_to_older_ones(
    client: TestClient,
) -> None:
    _fill(client, 77)
    html = client.get("/diary").text
    assert html.count('<tr class="entry') == 50
    older = html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    second = client.get(older).text
    assert second.count('<tr class="entry') == 30
    assert 'rel="next"' not in second and 'href="/diary">Newest sessions' in second


def test_the_cursor_is_in_the_openapi_document(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    names = {p["name"] for p in schema["paths"]["/api/diary"]["get"]["parameters"]}
    assert {"before", "limit"} <= names


def test_a_json_import_larger_than_the_spool_goes_in_whole(client: TestClient) -> None:
    """Past SPOOL_BYTES the body waits on disk, not in memory; every entry still goes in."""
    from acupressure.web.routes_diary import SPOOL_BYTES

    sessions = [
        {"uid": f"big-{n}", "started_at": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00Z",
         "pain_before": n % 11, "pain_after": n % 7, "note": "x" * 40}
        for n in range(12_000)
    ]  # fmt: skip
    body = json.dumps({"sessions": sessions, "checkins": []}).encode()
    assert len(body) > SPOOL_BYTES
    response = client.post(
        "/api/diary/import", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["sessions"] == 12_000
    assert client.get("/api/diary").json()["progress"]["sessions"] == 12_000


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b'{"sessions": [{"uid": "a", "started_at": "2026-03-02T08:00:00Z"}, {"uid"', 400, ""),
        (b'[{"uid": "a", "started_at": "2026-03-02T08:00:00Z"}]', 422, "JSON object"),
        (b"   ", 422, "JSON object"),
    ],
)
def test_a_json_import_that_is_no_export_stores_nothing(
    client: TestClient, body: bytes, status: int, words: str
) -> None:
    headers = {"content-type": "application/json"}
    response = client.post("/api/diary/import", content=body, headers=headers)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]
    assert client.get("/api/diary").json()["sessions"] == []

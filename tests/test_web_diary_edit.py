"""Correcting the diary on the web: edit and delete pages, undo, history, the JSON API, and
forms that come back with the answers kept and each problem in plain words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from webapp import csrf_token, make_client

PROBLEM = re.compile(r'class="field-error" id="([\w-]+)-error">([^<]*)<')


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


def add(client: TestClient, **fields: Any) -> int:
    body = {"started_at": "2026-11-20T08:00:00Z", "pain_before": 6, "pain_after": 4, **fields}
    response = client.post("/api/diary/sessions", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def problems(html: str) -> dict[str, str]:
    return {field: text.replace("&#39;", "'") for field, text in PROBLEM.findall(html)}


def alerts(client: TestClient) -> list[str]:
    return [a["kind"] for a in client.get("/api/diary").json()["progress"]["alerts"]]


def test_the_edit_form_corrects_a_mistaken_side_effect_and_undo_brings_it_back(
    client: TestClient,
) -> None:
    entry = add(client, side_effects=["bruising"])
    assert alerts(client) == ["stop_and_get_assessed"]
    page = client.get(f"/diary/sessions/{entry}/edit")
    assert page.status_code == 200
    assert 'value="bruising" checked' in page.text and 'value="2026-11-20T08:00"' in page.text
    token = csrf_token(client, f"/diary/sessions/{entry}/edit")
    form = {"csrf_token": token, "started_at": "2026-11-20T08:00", "pain_before": "6",
            "pain_after": "4", "note": "no bruise after all"}  # fmt: skip
    saved = client.post(f"/diary/sessions/{entry}", data=form)
    assert saved.status_code == 303
    assert saved.headers["location"].startswith(f"/diary?corrected=edit&kind=session&entry={entry}")
    assert alerts(client) == []
    [revision] = client.get("/api/diary/history").json()["history"]
    assert revision["summary"] == f"Changed side effects, note of session {entry}."
    notice = client.get(saved.headers["location"]).text
    assert f"Changed session {entry}." in notice and 'action="/diary/undo"' in notice
    undone = client.post("/diary/undo", data={"csrf_token": token})
    assert undone.status_code == 303 and "corrected=undo" in undone.headers["location"]
    assert alerts(client) == ["stop_and_get_assessed"]


def test_delete_from_the_page_and_the_api_with_undo(client: TestClient) -> None:
    first, second = add(client), add(client, started_at="2026-11-21T08:00:00Z")
    token = csrf_token(client, "/diary")
    assert (
        client.post(f"/diary/sessions/{first}/delete", data={"csrf_token": token}).status_code
        == 303
    )
    gone = client.delete(f"/api/diary/sessions/{second}")
    assert gone.status_code == 200 and gone.json()["deleted"]["entry"]["id"] == second
    assert client.get("/api/diary").json()["sessions"] == []
    assert client.post("/api/diary/undo").json()["entry"]["id"] == second
    assert client.post("/api/diary/undo").json()["entry"]["id"] == first
    assert len(client.get("/api/diary").json()["sessions"]) == 2
    nothing = client.post("/diary/undo", data={"csrf_token": token})
    assert nothing.headers["location"] == "/diary?corrected=nothing"
    assert client.post("/api/diary/undo").status_code == 400
    history = client.get("/diary").text
    assert "Corrections" in history and "(undone)" in history


def test_the_json_api_patches_and_refuses_plainly(client: TestClient) -> None:
    entry = add(client)
    patched = client.patch(f"/api/diary/sessions/{entry}", json={"pain_after": 2})
    assert patched.status_code == 200 and patched.json()["pain_after"] == 2
    assert client.get(f"/api/diary/sessions/{entry}").json()["pain_after"] == 2
    assert client.patch(f"/api/diary/sessions/{entry}", json={"pain_after": 11}).status_code == 400
    assert client.patch(f"/api/diary/sessions/{entry}", json={"uid": "x"}).status_code == 400
    assert client.get("/api/diary/sessions/99").status_code == 404
    assert client.delete("/api/diary/checkins/99").status_code == 404
    assert client.get("/diary/sessions/99/edit").status_code == 404
    body = {"week_of": "2026-11-16", "average_pain": 5, "interference": 4}
    week = client.post("/api/diary/checkins", json=body)
    checkin = week.json()["id"]
    changed = client.patch(f"/api/diary/checkins/{checkin}", json={"interference": 2})
    assert changed.status_code == 200 and changed.json()["interference"] == 2


def test_a_form_with_problems_comes_back_with_the_answers_and_plain_words(
    client: TestClient,
) -> None:
    token = csrf_token(client, "/diary")
    form = {"csrf_token": token, "origin": "manual", "started_at": "2999-01-01T08:30",
            "pain_before": "5", "pain_after": "3", "note": "after the walk",
            "side_effects": ["dizziness"]}  # fmt: skip
    future = client.post("/diary/sessions", data=form)
    assert future.status_code in (400, 422)  # the date bounds (1900..today) or the future rule
    assert problems(future.text) == {
        "session-started_at": "The session's date is in the future: a diary records what has "
        "happened."
    }
    assert "started_at:" not in future.text
    assert 'value="2999-01-01T08:30"' in future.text and ">after the walk</textarea>" in future.text
    assert 'value="dizziness" checked' in future.text and 'value="5" checked' in future.text
    empty = client.post("/diary/sessions", data={"csrf_token": token, "origin": "manual"})
    assert set(problems(empty.text)) == {"session-pain_before", "session-pain_after"}
    week = {"csrf_token": token, "week_of": "2999-01-05", "average_pain": "4", "interference": "2",
            "note": "busy"}  # fmt: skip
    ahead = client.post("/diary/checkins", data=week)
    assert problems(ahead.text) == {
        "checkin-week_of": "That week has not begun yet: a check-in looks back on a week that has."
    }
    assert 'value="2999-01-05"' in ahead.text and ">busy</textarea>" in ahead.text
    bad_file = {
        "file": ("diary.csv", b"started_at,pain_before\n2026-03-02T08:00:00Z,11\n", "text/csv")
    }
    refused = client.post("/diary/import", data={"csrf_token": token}, files=bad_file)
    assert problems(refused.text) == {
        "import-file": "Nothing was imported. Row 2: pain before must be from 0 to 10."
    }
    assert client.get("/api/diary").json()["sessions"] == []


def test_an_edit_with_problems_comes_back_with_what_was_typed(client: TestClient) -> None:
    entry = add(client)
    token = csrf_token(client, f"/diary/sessions/{entry}/edit")
    form = {"csrf_token": token, "started_at": "2999-11-20T08:00", "pain_before": "6",
            "pain_after": "1", "note": "typed"}  # fmt: skip
    refused = client.post(f"/diary/sessions/{entry}", data=form)
    assert refused.status_code in (400, 422)
    assert list(problems(refused.text)) == ["edit-started_at"]
    assert ">typed</textarea>" in refused.text and 'value="1" checked' in refused.text
    assert client.get(f"/api/diary/sessions/{entry}").json()["pain_after"] == 4
    first = client.post(
        "/api/diary/checkins", json={"week_of": "2026-11-16", "average_pain": 5, "interference": 4}
    )
    client.post("/api/diary/checkins",
                json={"week_of": "2026-11-23", "average_pain": 4, "interference": 3})  # fmt: skip
    week = {"csrf_token": token, "week_of": "2026-11-23", "average_pain": "5", "interference": "4"}
    taken = client.post(f"/diary/checkins/{first.json()['id']}", data=week)
    assert problems(taken.text) == {
        "edit-week_of": "That week already has a check-in: edit or delete that one instead."
    }


def test_an_abandoned_guided_session_is_listed_but_not_counted(client: TestClient) -> None:
    add(client, origin="guided", steps_planned=8, steps_completed=0, pain_before=8, pain_after=8)
    add(client, started_at="2026-11-21T08:00:00Z", steps_planned=8, steps_completed=8)
    data = client.get("/api/diary").json()
    assert (data["progress"]["sessions"], data["progress"]["abandoned"]) == (1, 1)
    assert [s["abandoned"] for s in data["sessions"]] == [False, True]
    assert data["progress"]["relief_after_session"] == 2.0
    assert "abandoned: ended before the first step" in client.get("/diary").text

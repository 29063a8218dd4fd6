"""The session page and its timeline, built by acupressure.guide.session on the server."""

from __future__ import annotations

from pathlib import Path

from acupressure.guide.session import build_timeline
from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.planner import plan
from acupressure.safety.profile import parse_profile
from answered import answered
from webapp import csrf_token, make_client, profile_query


def test_the_timeline_is_the_session_modules(tmp_path: Path, catalogue: Catalogue) -> None:
    client = make_client(tmp_path)
    data = client.get("/api/session?" + profile_query(minutes=4) + "&speed=50").json()
    routine = plan(profile=parse_profile(answered(minutes=4)), catalogue=catalogue)
    assert data["timeline"] == [event.to_json() for event in build_timeline(routine)]
    assert data["speed"] == 50
    assert data["total"] == data["timeline"][-1]["at"]
    assert data["questions"] and all(q["advice"] for q in data["questions"])


def test_the_session_page(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    html = client.get("/session?" + profile_query(minutes=4) + "&speed=20").text
    assert 'src="/static/js/session.js"' in html
    assert 'data-timeline-url="/api/session?' in html and "speed=20" in html
    assert 'id="countdown"' in html and 'aria-keyshortcuts="Space"' in html
    assert 'action="/diary/sessions"' in html and 'name="csrf_token"' in html
    assert "<svg" in html


def test_bad_speeds_are_refused(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    for speed in ("0", "-1", "fast", "100000"):
        assert client.get(f"/api/session?speed={speed}").status_code == 422


def test_the_player_uses_speech_chime_wake_lock_and_keys() -> None:
    from importlib.resources import files

    script = (files("acupressure.web") / "static" / "js" / "session.js").read_text()
    for needle in ("speechSynthesis", "AudioContext", "wakeLock", "ArrowRight", "ArrowLeft", '" "'):
        assert needle in script


def test_cues_are_spoken_by_the_server_and_cached_by_their_words(tmp_path: Path) -> None:
    client = make_client(tmp_path, speech_cache=tmp_path / "speech")
    first = client.get("/audio/cue.wav", params={"text": "Release. Rest 5 seconds."})
    assert first.status_code == 200 and first.headers["content-type"] == "audio/wav"
    assert first.content[:4] == b"RIFF" and first.content[8:12] == b"WAVE"
    cached = list((tmp_path / "speech").glob("*.wav"))
    assert len(cached) == 1
    again = client.get("/audio/cue.wav", params={"text": "Release.  Rest 5 seconds."})
    assert again.content == first.content and list((tmp_path / "speech").glob("*")) == cached
    assert client.get("/audio/cue.wav", params={"text": "x" * 601}).status_code == 422
    assert client.get("/audio/cue.wav").status_code == 422


def test_short_cues_after_three_completed_sessions_of_the_routine(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    query = "/api/session?" + profile_query(minutes=5)
    data = client.get(query).json()
    assert data["cues"] == "full" and data["completed_runs"] == 0
    assert "Find it" in data["timeline"][0]["say"]
    title, steps = data["routine"]["title"], len(data["routine"]["steps"])
    token = csrf_token(client, "/diary")
    for day in (1, 2, 3):
        form = {
            "csrf_token": token,
            "started_at": f"2026-11-0{day}T08:00",
            "routine": title,
            "steps_planned": str(steps),
            "steps_completed": str(steps),
            "origin": "guided",
        }
        assert client.post("/diary/sessions", data=form).status_code == 303
        data = client.get(query).json()
        assert data["completed_runs"] == day
    assert data["cues"] == "short" and "Find it" not in data["timeline"][0]["say"]
    assert data["timeline"][0]["detail"], "the finding is still shown"
    assert data["total"] == data["routine"]["short_guided_seconds"]
    assert client.get(query + "&cues=full").json()["cues"] == "full"
    assert client.get(query + "&cues=sometimes").status_code == 422


def test_pregnant_the_session_asks_the_pregnancy_warning_signs_again(tmp_path: Path) -> None:
    from acupressure.guide.session import rescreen_questions

    client = make_client(tmp_path)
    maternity = [q for q in rescreen_questions(pregnant=True) if q.maternity]
    assert {q.id for q in maternity} >= {"pregnancy_bleeding_or_fluid", "pregnancy_tightenings"}
    pregnant = client.get("/api/session?" + profile_query(pregnant=True, age=30)).json()
    ids = [q["id"] for q in pregnant["questions"]]
    assert ids == [q.id for q in rescreen_questions(pregnant=True)]
    for question in pregnant["questions"]:
        if question["maternity"]:
            assert any("maternity unit" in line for line in question["advice"])
    page = client.get("/session?" + profile_query(pregnant=True, age=30)).text
    for question in maternity:
        assert f'value="{question.id}"' in page and f'data-question="{question.id}"' in page
    assert "Phone your maternity unit or midwife now" in page
    not_pregnant = client.get("/api/session?" + profile_query()).json()
    assert not any(q["maternity"] for q in not_pregnant["questions"])
    assert not any(q.id in client.get("/session?" + profile_query()).text for q in maternity)

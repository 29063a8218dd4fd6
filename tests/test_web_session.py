"""The session page and its timeline, built by acupressure.guide.session on the server."""

from __future__ import annotations

from pathlib import Path

from acupressure.guide.session import build_timeline
from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.planner import plan
from acupressure.safety.profile import parse_profile
from answered import answered
from webapp import make_client, profile_query


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

"""A practitioner's work through the real clinic app: assigning a routine with safe edits,
the client running it, and what the practitioner then sees (adherence against the assigned
schedule, alerts, the client's own screen, the handout, FHIR). The isolation matrix covers
these routes too: another practice's client is 404, a client is 403."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from clinic_web import Clinic, clinic_app

PROFILE = {
    "complaints": ["lower_back"],
    "age": 45,
    "pregnant": False,
    "red_flags": [],
    "conditions": [],
    "minutes": 15,
}
PEOPLE = {
    "pa@clinic.example": ("practitioner", None),
    "pb@clinic.example": ("practitioner", None),
    "a1@home.example": ("client", "pa@clinic.example"),
    "b1@home.example": ("client", "pb@clinic.example"),
    "h@home.example": ("client", None),
}


@pytest.fixture
def clinic(clinic_db_url: str) -> Iterator[Clinic]:
    clinic = clinic_app(clinic_db_url)
    for email, (role, practitioner) in PEOPLE.items():
        clinic.add(email, role, practitioner)
    yield clinic
    clinic.client.app.state.engine.dispose()  # type: ignore[attr-defined]


def ids(clinic: Clinic) -> dict[str, int]:
    return {a.email: a.id for a in clinic.accounts.all()}


def assign(clinic: Clinic, headers: dict[str, str], client_id: int, **body: Any) -> Any:
    payload = {"profile": PROFILE, **body}
    return clinic.client.put(f"/api/clients/{client_id}/assignment", json=payload, headers=headers)


def test_a_preset_with_edits_reaches_the_client(clinic: Clinic) -> None:
    pa, a1 = clinic.token("pa@clinic.example"), clinic.token("a1@home.example")
    client_id = ids(clinic)["a1@home.example"]
    assert clinic.client.get("/api/routine", headers=a1).status_code == 404
    edits = {"drop": ["BL52"], "seconds": {"BL23": 45}}
    response = assign(clinic, pa, client_id, preset="article-000", edits=edits)
    assert response.status_code == 200, response.text
    steps = response.json()["routine"]["steps"]
    assert "BL52" not in {s["point"] for s in steps}
    assert {s["seconds"] for s in steps if s["point"] == "BL23"} == {45}
    mine = clinic.client.get("/api/routine", headers=a1).json()
    assert [s["point"] for s in mine["routine"]["steps"]] == [s["point"] for s in steps]
    assert any("left out: BL52" in c for c in mine["routine"]["cautions"])
    assert mine["links"]["session"] == "/routine/session"
    timeline = clinic.client.get("/api/routine/session", headers=a1).json()
    assert timeline["timeline"] and timeline["rescreen_url"] == "/api/routine/rescreen"
    page = clinic.client.get("/routine/session", headers=a1)
    assert page.status_code == 200 and 'data-rescreen-url="/api/routine/rescreen"' in page.text
    assert clinic.client.get("/routine", headers=a1).status_code == 200
    assert clinic.client.get("/routine/handout", headers=a1).status_code == 200


def test_edits_never_pass_the_safety_limits(clinic: Clinic) -> None:
    pa = clinic.token("pa@clinic.example")
    client_id = ids(clinic)["a1@home.example"]
    thinners = {**PROFILE, "conditions": ["anticoagulants"]}
    too_long = clinic.client.put(
        f"/api/clients/{client_id}/assignment",
        headers=pa,
        json={"profile": thinners, "preset": "article-000", "edits": {"seconds": {"BL23": 45}}},
    )
    assert too_long.status_code == 400
    assert "BL23" in too_long.json()["detail"] and "30" in too_long.json()["detail"]
    within = clinic.client.put(
        f"/api/clients/{client_id}/assignment",
        headers=pa,
        json={"profile": thinners, "preset": "article-000", "edits": {"seconds": {"BL23": 25}}},
    )
    assert within.status_code == 200, within.text
    assert all(s["pressure"] == "light" for s in within.json()["routine"]["steps"])
    for edits, words in [
        ({"seconds": {"BL23": 121}}, "BL23"),
        ({"seconds": {"BL23": 2}}, "BL23"),
        ({"drop": ["KI1"]}, "KI1"),
        ({"drop": ["paraspinal", "BL23", "BL52", "BL40"]}, "every point"),
    ]:
        refused = assign(clinic, pa, client_id, preset="article-000", edits=edits)
        assert refused.status_code == 400, (edits, refused.text)
        assert words in refused.json()["detail"]
    short = {**PROFILE, "minutes": 5}
    over = clinic.client.put(
        f"/api/clients/{client_id}/assignment",
        headers=pa,
        json={
            "profile": short,
            "preset": "article-000",
            "edits": {"seconds": {"BL23": 120, "BL40": 120, "BL52": 120}},
        },
    )
    assert over.status_code == 400 and "more than the client's 5" in over.json()["detail"]
    stop = {**PROFILE, "red_flags": ["saddle_numbness"]}
    urgent = clinic.client.put(
        f"/api/clients/{client_id}/assignment", headers=pa, json={"profile": stop}
    )
    assert urgent.status_code == 200 and urgent.json()["routine"]["steps"] == []
    a1 = clinic.token("a1@home.example")
    assert "emergency" in clinic.client.get("/routine", headers=a1).text.lower()


def test_the_practitioner_sees_adherence_alerts_and_the_clients_own_screen(clinic: Clinic) -> None:
    from webapp import csrf_token

    pa, a1 = clinic.token("pa@clinic.example"), clinic.token("a1@home.example")
    client_id = ids(clinic)["a1@home.example"]
    assign(clinic, pa, client_id, preset="article-002")  # twice a day
    start = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
    for effects in ([], ["bruising"]):
        added = clinic.client.post(
            "/api/diary/sessions",
            headers=a1,
            json={"started_at": start, "pain_before": 5, "pain_after": 4, "side_effects": effects},
        )
        assert added.status_code == 201, added.text
    flagged = clinic.client.post("/api/routine/rescreen", headers=a1, json={"red_flags": ["fever"]})
    assert flagged.status_code == 201 and flagged.json()["verdict"] == "urgent"
    # the client answers the safety questions themselves (logged in by cookie)
    clinic.client.cookies.clear()
    token = csrf_token(clinic.client, "/login")
    clinic.client.post(
        "/login",
        data={"email": "a1@home.example", "password": "correct horse battery", "csrf_token": token},
    )
    form = {
        "complaints": ["lower_back", "sciatica"],
        "age": "52",
        "pregnant": "false",
        "red_flags": "none",
        "conditions": "none",
        "minutes": "10",
        "position": "any",
        "csrf_token": csrf_token(clinic.client, "/start"),
    }
    assert clinic.client.post("/start", data=form).status_code == 303
    clinic.client.cookies.clear()
    seen = clinic.client.get(f"/api/clients/{client_id}/overview", headers=pa).json()
    assert seen["progress"]["adherence"]["planned_per_day"] == 2
    assert seen["progress"]["adherence"]["done"] == 2
    kinds = [a["kind"] for a in seen["alerts"]]
    assert kinds[0] == "red_flag" and "fever" in seen["alerts"][0]["reason"]
    assert any("bruising" in a["reason"] for a in seen["alerts"])
    assert seen["own_screen"]["answers"]["complaints"] == ["lower_back", "sciatica"]
    assert {row["point"] for row in seen["edit_rows"]} == {
        s["point"] for s in seen["routine"]["steps"]
    }
    page = clinic.client.get(f"/clients/{client_id}", headers=pa)
    assert page.status_code == 200 and 'data-alert="red_flag"' in page.text


def test_handout_and_fhir_of_an_assigned_routine(clinic: Clinic) -> None:
    pa, a1 = clinic.token("pa@clinic.example"), clinic.token("a1@home.example")
    client_id = ids(clinic)["a1@home.example"]
    assign(clinic, pa, client_id, preset="article-000")
    clinic.client.post(
        "/api/diary/sessions",
        headers=a1,
        json={
            "started_at": "2026-03-02T08:00:00+00:00",
            "ended_at": "2026-03-02T08:10:00+00:00",
            "pain_before": 6,
            "pain_after": 4,
            "steps_planned": 4,
            "steps_completed": 4,
        },
    )
    handout = clinic.client.get(f"/clients/{client_id}/handout", headers=pa)
    assert handout.status_code == 200 and "BL23" in handout.text
    exported = clinic.client.get(f"/api/clients/{client_id}/fhir", headers=pa)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate_json(exported.text)
    by_type: dict[str, list[Any]] = {}
    for entry in bundle.entry or []:
        by_type.setdefault(entry.resource.get_resource_type(), []).append(entry.resource)
    assert set(by_type) == {"Patient", "Practitioner", "CarePlan", "Procedure", "Observation"}
    plan = by_type["CarePlan"][0]
    repeat = plan.activity[0].detail.scheduledTiming.repeat
    assert (repeat.frequency, repeat.period, repeat.periodUnit) == (3, 1, "d")
    assert len(plan.activity) == len(
        assign(clinic, pa, client_id, preset="article-000").json()["routine"]["steps"]
    )
    assert len(by_type["Procedure"]) == 1
    assert {o.code.coding[0].code for o in by_type["Observation"]} == {"72514-3"}
    assert sorted(o.valueInteger for o in by_type["Observation"]) == [4, 6]
    patient = f"urn:uuid:{by_type['Patient'][0].id}"
    assert all(o.subject.reference == patient for o in by_type["Observation"])


def test_nobody_reaches_another_practices_client(clinic: Clinic) -> None:
    tokens = {email: clinic.token(email) for email in PEOPLE}
    known = ids(clinic)
    assert (
        assign(
            clinic, tokens["pa@clinic.example"], known["a1@home.example"], preset="article-000"
        ).status_code
        == 200
    )
    assert (
        assign(
            clinic, tokens["pb@clinic.example"], known["b1@home.example"], preset="article-001"
        ).status_code
        == 200
    )
    routes = [
        "/api/clients/{id}/overview",
        "/api/clients/{id}/assignment",
        "/api/clients/{id}/fhir",
        "/clients/{id}",
        "/clients/{id}/handout",
        "/clients/{id}/assign",
    ]
    for caller, target in itertools.product(
        PEOPLE, ("a1@home.example", "b1@home.example", "h@home.example")
    ):
        role = PEOPLE[caller][0]
        own = PEOPLE[target][1] == caller
        for route in routes:
            path = route.format(id=known[target])
            response = clinic.client.get(path, headers=tokens[caller])
            expected = 403 if role == "client" else 200 if own else 404
            assert response.status_code == expected, (caller, path, response.status_code)
            if expected != 200 and target != caller:
                assert target not in response.text
        write = assign(clinic, tokens[caller], known[target], preset="article-003")
        assert write.status_code == (403 if role == "client" else 200 if own else 404)
    # what B assigned stays B's: A's attempts changed nothing
    b1 = clinic.client.get("/api/routine", headers=tokens["b1@home.example"]).json()
    assert b1["assignment"]["preset"] == "article-003"
    assert clinic.client.get("/api/routine", headers=tokens["h@home.example"]).status_code == 404
    assert clinic.client.get("/clients", headers=tokens["a1@home.example"]).status_code == 403

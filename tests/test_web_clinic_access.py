"""Clinic mode through the real app: who may read and write what. Two practitioners with a
client each and a household client with no practitioner try every cross-access; no
route under /api/ but /api/ping and /api/token answers without a login."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest

from clinic_web import PASSWORD, Clinic, clinic_app

PEOPLE = {
    "pa@clinic.example": ("practitioner", None),
    "pb@clinic.example": ("practitioner", None),
    "a1@home.example": ("client", "pa@clinic.example"),
    "b1@home.example": ("client", "pb@clinic.example"),
    "h@home.example": ("client", None),
}
CLIENTS = ("a1@home.example", "b1@home.example", "h@home.example")


@pytest.fixture
def clinic(clinic_db_url: str) -> Iterator[Clinic]:
    clinic = clinic_app(clinic_db_url)
    for email, (role, practitioner) in PEOPLE.items():
        clinic.add(email, role, practitioner)
    yield clinic
    clinic.client.app.state.engine.dispose()  # type: ignore[attr-defined]


def session(note: str) -> dict[str, Any]:
    return {
        "started_at": "2026-03-02T08:00:00+00:00",
        "pain_before": 5,
        "pain_after": 3,
        "note": note,
    }


def test_every_api_route_but_ping_and_token_needs_a_login(clinic: Clinic) -> None:
    schema = clinic.client.app.openapi()  # type: ignore[attr-defined]
    checked = 0
    for template, operations in schema["paths"].items():
        if not template.startswith("/api/"):
            continue
        path = re.sub(r"\{[^}]+\}", "1", template)
        for method in operations:
            response = clinic.client.request(method.upper(), path, json={})
            if template in ("/api/ping", "/api/token") and method in ("get", "post"):
                assert response.status_code != 401, (method, path)
                continue
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.headers.get("www-authenticate") == "Bearer", (method, path)
            checked += 1
    assert checked >= 15
    bad = clinic.client.get("/api/diary", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401


def test_pages_send_the_browser_to_the_login_form(clinic: Clinic) -> None:
    for path in ("/", "/diary", "/start", "/points", "/diary/export.csv"):
        response = clinic.client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    assert clinic.client.get("/login").status_code == 200
    assert clinic.client.get("/api/ping").json() == {"ok": True}


def test_the_token_contract(clinic: Clinic) -> None:
    response = clinic.client.post(
        "/api/token", json={"email": "a1@home.example", "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and len(body["access_token"]) >= 32
    wrong = clinic.client.post(
        "/api/token", json={"email": "a1@home.example", "password": "wrong password"}
    )
    assert wrong.status_code == 401
    me = clinic.client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["email"] == "a1@home.example" and "owner" not in me.json()


def test_each_diary_is_its_owners_alone(clinic: Clinic) -> None:
    tokens = {email: clinic.token(email) for email in PEOPLE}
    for email, headers in tokens.items():
        added = clinic.client.post("/api/diary/sessions", json=session(email), headers=headers)
        assert added.status_code == 201, added.text
    for email, headers in tokens.items():
        diary = clinic.client.get("/api/diary", headers=headers).json()
        assert [s["note"] for s in diary["sessions"]] == [email]
        exported = clinic.client.get("/diary/export.json", headers=headers)
        assert exported.status_code == 200 and exported.text.count('"note"') == 1
        assert email in exported.text


def test_practitioners_see_their_own_clients_only(clinic: Clinic) -> None:
    tokens = {email: clinic.token(email) for email in PEOPLE}
    ids = {a.email: a.id for a in clinic.accounts.all()}
    for email in CLIENTS:
        clinic.client.post("/api/diary/sessions", json=session(email), headers=tokens[email])
    listed = {
        email: [c["email"] for c in clinic.client.get("/api/clients", headers=tokens[email]).json()]
        for email in ("pa@clinic.example", "pb@clinic.example")
    }
    assert listed == {
        "pa@clinic.example": ["a1@home.example"],
        "pb@clinic.example": ["b1@home.example"],
    }
    for caller, target in itertools.product(PEOPLE, CLIENTS):
        role, _ = PEOPLE[caller]
        own = PEOPLE[target][1] == caller
        for path in (f"/api/clients/{ids[target]}", f"/api/clients/{ids[target]}/diary"):
            response = clinic.client.get(path, headers=tokens[caller])
            expected = 403 if role == "client" else 200 if own else 404
            assert response.status_code == expected, (caller, path, response.text)
            if expected == 200 and path.endswith("/diary"):
                assert [s["note"] for s in response.json()["sessions"]] == [target]
        reset = clinic.client.post(
            f"/api/clients/{ids[target]}/password",
            json={"password": "another long one"},
            headers=tokens[caller],
        )
        assert reset.status_code == (403 if role == "client" else 204 if own else 404)
        if reset.status_code == 204:  # put it back for the next rounds
            clinic.accounts.set_password(email=target, password=PASSWORD)
            tokens[target] = clinic.token(target)
    for email in CLIENTS:
        assert clinic.client.get("/api/clients", headers=tokens[email]).status_code == 403
    missing = clinic.client.get("/api/clients/99999/diary", headers=tokens["pa@clinic.example"])
    assert missing.status_code == 404


def test_a_practitioner_adds_a_client_of_their_own(clinic: Clinic) -> None:
    headers = clinic.token("pa@clinic.example")
    added = clinic.client.post(
        "/api/clients", json={"email": "new@home.example", "password": PASSWORD}, headers=headers
    )
    assert added.status_code == 201, added.text
    assert added.json()["practitioner_email"] == "pa@clinic.example"
    short = clinic.client.post(
        "/api/clients", json={"email": "x@home.example", "password": "short"}, headers=headers
    )
    assert short.status_code == 400 and "too short" in short.json()["detail"]
    by_client = clinic.client.post(
        "/api/clients",
        json={"email": "y@home.example", "password": PASSWORD},
        headers=clinic.token("h@home.example"),
    )
    assert by_client.status_code == 403


def test_browser_login_sets_a_strict_cookie_and_logout_ends_it(clinic: Clinic) -> None:
    from webapp import csrf_token

    token = csrf_token(clinic.client, "/login")
    response = clinic.client.post(
        "/login",
        data={
            "email": "a1@home.example",
            "password": PASSWORD,
            "next": "/diary",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/diary"
    cookie = next(c for c in response.headers.get_list("set-cookie") if "acu_session" in c)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert clinic.client.get("/diary").status_code == 200
    clinic.client.post("/logout", data={"csrf_token": csrf_token(clinic.client, "/diary")})
    assert clinic.client.get("/diary").status_code == 303


def test_behind_https_the_cookie_is_secure_and_next_stays_on_site(clinic_db_url: str) -> None:
    from webapp import csrf_token

    clinic = clinic_app(clinic_db_url, allowed_hosts=("clinic.example",))
    clinic.add("h@home.example", "client")
    clinic.client.base_url = "https://clinic.example"  # type: ignore[assignment]
    token = csrf_token(clinic.client, "/login")
    response = clinic.client.post(
        "/login",
        data={
            "email": "h@home.example",
            "password": PASSWORD,
            "next": "//evil.example/",
            "csrf_token": token,
        },
    )
    assert response.headers["location"] == "/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if "acu_session" in c)
    assert "Secure" in cookie
    wrong = clinic.client.post(
        "/login", data={"email": "h@home.example", "password": "nope", "csrf_token": token}
    )
    assert wrong.status_code == 401 and "Wrong e-mail or password" in wrong.text
    clinic.client.app.state.engine.dispose()  # type: ignore[attr-defined]

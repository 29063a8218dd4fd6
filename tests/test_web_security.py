"""Safe by default: CSP and headers on every response, CSRF on every form, size limits."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from acupressure.web.security import CONTENT_SECURITY_POLICY, require_csrf
from webapp import BASE_URL, csrf_token, make_client

PAGES = ["/", "/start", "/points", "/points/BL40", "/diary", "/api/home", "/api/ping"]


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


def test_errors_carry_the_headers_too(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_every_form_route_requires_the_csrf_token() -> None:
    from acupressure.web import app as web_app

    routers = [module.router for module in web_app.ROUTE_MODULES]
    form_routes = [
        route
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute)
        and "POST" in route.methods
        and not route.path.startswith("/api/")
    ]
    expected = {"/start", "/diary/sessions", "/diary/checkins", "/diary/import"}
    assert {route.path for route in form_routes} >= expected
    for route in form_routes:
        calls = [dependency.call for dependency in route.dependant.dependencies]
        assert require_csrf in calls, route.path


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/start", {"complaints": "lower_back"}),
        ("/diary/sessions", {"pain_before": "5", "pain_after": "3"}),
    ],
)
def test_a_form_without_or_with_a_wrong_token_is_refused(
    client: TestClient, path: str, data: dict[str, str]
) -> None:
    client.get("/start")  # the browser has a nonce cookie, but the form lacks the token
    assert client.post(path, data=data).status_code == 403
    forged = client.post(path, data={**data, "csrf_token": "0" * 64})
    assert forged.status_code == 403
    assert "security token" in forged.text


def test_a_token_from_another_browser_is_refused(tmp_path: Path) -> None:
    first = make_client(tmp_path)
    token = csrf_token(first, "/start")
    other = TestClient(first.app, base_url=BASE_URL, follow_redirects=False)
    other.get("/start")  # its own nonce
    response = other.post("/start", data={"complaints": "lower_back", "csrf_token": token})
    assert response.status_code == 403


def test_a_form_with_its_token_goes_through(client: TestClient) -> None:
    token = csrf_token(client, "/start")
    form = {
        "complaints": "lower_back",
        "age": "40",
        "pregnant": "false",
        "red_flags": "none",
        "conditions": "none",
        "csrf_token": token,
    }
    response = client.post("/start", data=form)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/plan?")


def test_import_form_requires_the_token(client: TestClient) -> None:
    files_ = {"file": ("diary.json", b'{"sessions": [], "checkins": []}', "application/json")}
    assert client.post("/diary/import", files=files_).status_code == 403


def test_cross_site_posts_are_refused_even_to_the_json_api(client: TestClient) -> None:
    body = {"complaints": ["lower_back"], "age": 40, "pregnant": False}
    body |= {"red_flags": [], "conditions": []}
    evil = client.post("/api/plan", json=body, headers={"origin": "http://evil.example"})
    assert evil.status_code == 403
    fetched = client.post("/api/plan", json=body, headers={"sec-fetch-site": "cross-site"})
    assert fetched.status_code == 403
    same = client.post("/api/plan", json=body, headers={"origin": BASE_URL})
    assert same.status_code == 200


def test_requests_over_the_size_limit_get_413(tmp_path: Path) -> None:
    client = make_client(tmp_path, max_body_bytes=1000)
    response = client.post(
        "/api/plan", content=b"{" + b" " * 5000 + b"}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_streamed_bodies_over_the_limit_get_413(tmp_path: Path) -> None:
    client = make_client(tmp_path, max_body_bytes=1000)

    def chunks():  # no content-length: the middleware counts while reading
        for _ in range(10):
            yield b" " * 500

    response = client.post(
        "/api/plan", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_the_csrf_cookie_is_httponly_and_strict(client: TestClient) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


TEMPLATES = Path(str(files("acupressure.web") / "templates"))


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_have_no_inline_script_or_style(template: str) -> None:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", text), "inline <script>"
    assert "<style" not in text
    assert not re.search(r"\sstyle=", text)
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"
    assert "|safe" not in text, "mark trusted markup in Python, not in templates"


def test_no_cdn_assets_anywhere() -> None:
    web = Path(str(files("acupressure.web")))
    for path in [*web.rglob("*.html"), *web.rglob("*.js"), *web.rglob("*.css")]:
        assert not re.search(r"(src|href)=\"(https?:)?//", path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("path", ["/api/plan", "/api/diary/sessions", "/api/diary/import"])
def test_the_json_api_only_reads_json(client: TestClient, path: str) -> None:
    """A cross-site form can send text/plain without a preflight, never application/json."""
    body = b'{"complaints": ["lower_back"], "started_at": "2026-11-20T08:00:00Z"}'
    response = client.post(path, content=body, headers={"content-type": "text/plain"})
    assert response.status_code == 422
    assert client.get("/api/diary").json()["sessions"] == []


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_a_foreign_host_name_gets_nothing_dns_rebinding(client: TestClient, host: str) -> None:
    """A page on evil.example that rebinds its name to 127.0.0.1 reaches the server with its
    own Host (and Origin): it must neither read nor write the diary."""
    read = client.get("/api/diary", headers={"host": host})
    assert read.status_code == 400
    assert "sessions" not in read.text
    origin = f"http://{host}"
    body = {"started_at": "2026-03-02T08:00:00Z", "pain_before": 5, "pain_after": 3}
    write = client.post("/api/diary/sessions", json=body, headers={"host": host, "origin": origin})
    assert write.status_code == 400
    assert client.get("/api/diary").json()["sessions"] == []


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"])
def test_the_loopback_names_are_answered_with_their_port(client: TestClient, host: str) -> None:
    assert client.get("/api/ping", headers={"host": host}).status_code == 200


def test_the_allowed_host_names_are_a_setting(tmp_path: Path) -> None:
    clinic = make_client(tmp_path, allowed_hosts=("clinic.example",))
    assert clinic.get("/api/ping", headers={"host": "clinic.example:443"}).status_code == 200
    assert clinic.get("/api/ping", headers={"host": "evil.example"}).status_code == 400


def test_the_trailing_slash_redirect_does_not_copy_the_host(client: TestClient) -> None:
    response = client.get("/diary/", headers={"host": "localhost:8000"})
    assert response.status_code in (307, 308)
    assert response.headers["location"] == "/diary"


def test_a_non_ascii_csrf_token_is_refused_not_a_crash(client: TestClient) -> None:
    client.get("/start")
    response = client.post("/start", data={"complaints": "lower_back", "csrf_token": "é" * 64})
    assert response.status_code == 403

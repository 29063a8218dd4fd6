"""Home: what this is and an honest evidence summary backed by the knowledge base."""

from __future__ import annotations

from pathlib import Path

from acupressure.knowledge.catalogue import Catalogue
from webapp import make_client


def test_home_is_honest_and_cites_sources(tmp_path: Path, catalogue: Catalogue) -> None:
    client = make_client(tmp_path)
    data = client.get("/api/home").json()
    text = (data["what"] + " " + data["evidence"]).lower()
    assert "small" in text and "limited" in text and "complement" in text
    assert "not a cure" in text
    for phrase in ("no side effects", "will not come back", "energy"):
        assert phrase not in text
    assert data["sources"], "the evidence summary must point at cited trials or reviews"
    assert all(source["id"] in catalogue.sources for source in data["sources"])


def test_home_page_structure(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    html = client.get("/").text
    assert html.startswith("<!doctype html>")
    assert '<html lang="en">' in html
    assert html.count("<h1") == 1
    assert 'href="/start"' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html


def test_static_files_and_the_bare_endpoint(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    assert client.get("/api/ping").json() == {"ok": True}
    assert client.get("/static/js/session.js").status_code == 200
    assert client.get("/static/css/app.css").status_code == 200
    assert client.get("/charts/chart.css").headers["content-type"].startswith("text/css")


def test_the_api_reference_page_lists_the_json_twins(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    html = client.get("/docs").text
    for path in ("/api/plan", "/api/points/{name}", "/api/diary", "/api/session"):
        assert f"<code>{path}</code>" in html
    assert client.get("/openapi.json").json()["info"]["title"] == "acupressure"


def test_the_home_page_says_what_changed_and_what_of_the_safety_advice_was_checked(
    tmp_path: Path,
) -> None:
    from acupressure.safety.rules import load_rules

    client = make_client(tmp_path)
    html = client.get("/").text
    for line in load_rules().changes:
        assert line.replace("'", "&#39;").replace('"', "&#34;") in html
    data = client.get("/api/home").json()
    safety = {source["id"]: source for source in data["safety_sources"]}
    assert {"nhs_aaa", "nhs_knee_pain", "uhb_when_to_call_midwife"} <= set(safety)
    assert "NOT found" in safety["nhs_knee_pain"]["limits"]
    assert "The safety advice behind the screen, and what of it was checked" in html

"""Point pages and their JSON twins: names in all forms, sources, charts, unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from acupressure.knowledge.catalogue import Catalogue
from contract import POINT_FIELDS
from webapp import make_client


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


def test_the_list_has_every_entry(client: TestClient, catalogue: Catalogue) -> None:
    data = client.get("/api/points").json()
    assert [p["code"] for p in data["points"]] == [p.code for p in catalogue.points]
    assert all(POINT_FIELDS <= set(p) for p in data["points"])
    assert {chart["view"] for chart in data["charts"]} >= {"back", "front"}


def test_the_list_filters_by_complaint(client: TestClient, catalogue: Catalogue) -> None:
    data = client.get("/api/points", params={"complaint": "knee"}).json()
    assert [p["code"] for p in data["points"]] == [p.code for p in catalogue.for_complaint("knee")]
    assert client.get("/api/points", params={"complaint": "flu"}).status_code == 422


def test_a_point_by_any_name(client: TestClient) -> None:
    for name in ("BL40", "ub-40", "Bl 40", "weizhong"):
        response = client.get(f"/api/points/{name}")
        assert response.status_code == 200, name
        assert response.json()["point"]["code"] == "BL40"
    data = client.get("/api/points/BL40").json()
    assert POINT_FIELDS <= set(data["point"])
    assert data["charts"][0]["href"].startswith("/charts/")
    assert all("agrees" in claim for claim in data["point"]["sources"])


def test_old_numbering_is_stated(client: TestClient) -> None:
    data = client.get("/api/points/B47").json()
    assert data["point"]["code"] == "BL52"
    assert "old" in data["assumed"]


def test_unknown_names_get_404_with_the_closest(client: TestClient) -> None:
    response = client.get("/api/points/weizhongg")
    assert response.status_code == 404
    assert any("BL40" in s for s in response.json()["suggestions"])
    page = client.get("/points/weizhongg")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert 'href="/points/BL40"' in page.text


def test_the_point_page_shows_names_sources_and_the_chart(client: TestClient) -> None:
    page = client.get("/points/BL40")
    assert page.status_code == 200
    html = page.text
    assert "<h1>BL40" in html
    assert "What each source says" in html
    assert "<svg" in html and 'data-code="BL40"' in html
    assert "Weizhong" in html or "Wěizhōng" in html


def test_chart_images(client: TestClient) -> None:
    response = client.get("/charts/back.svg", params={"highlight": "BL23"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.lstrip().startswith("<svg")
    assert client.get("/charts/elbow.svg").status_code == 422


def test_the_point_page_gives_the_pinyin_with_and_without_tone_marks(client: TestClient) -> None:
    """People search for "Shenshu" as often as "Shènshū": the page shows both, as the CLI does."""
    data = client.get("/api/points/BL23").json()
    point = data.get("point", data)
    html = client.get("/points/BL23").text
    assert f"{point['pinyin']} ({point['pinyin_plain']})" in html


def test_the_form_s_all_complaints_option_is_no_filter(client: TestClient) -> None:
    """The search form sends `complaint=` for "All complaints": a search, not HTTP 422."""
    response = client.get("/points", params={"complaint": "", "q": "weizhong"})
    assert response.status_code == 200
    assert 'href="/points/BL40"' in response.text
    data = client.get("/api/points", params={"complaint": "", "q": "weizhong"}).json()
    assert [p["code"] for p in data["points"]] == ["BL40"]


def test_a_search_that_finds_nothing_suggests_close_names(client: TestClient) -> None:
    data = client.get("/api/points", params={"complaint": "", "q": "wiezhong"}).json()
    assert data["points"] == []
    assert data["suggestions"][0]["code"] == "BL40"
    page = client.get("/points", params={"q": "wiezhong"})
    assert "Did you mean" in page.text and 'href="/points/BL40"' in page.text
    assert client.get("/api/points", params={"q": "qqqq"}).json()["suggestions"] == []

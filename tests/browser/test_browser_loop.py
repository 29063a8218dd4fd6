"""The daily loop in Chromium at desktop and phone size: search, emergency, cues, handout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(SIZES))
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A fresh page at desktop (1280x900) and at phone size (390x844)."""
    context = browser.new_context(viewport=SIZES[request.param], accept_downloads=True)
    context.add_init_script(path=str(Path(__file__).with_name("record_cues.js")))
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_search_form_as_a_browser_submits_it(server: str, sized: Any) -> None:
    sized.goto(server + "/points")
    sized.get_by_label("Name or words").fill("weizhong")
    with sized.expect_response(lambda r: "/points?" in r.url) as answer:
        sized.get_by_role("button", name="Show").click()
    assert answer.value.status == 200
    assert "complaint=&" in answer.value.url  # "All complaints" is sent as an empty value
    assert sized.locator(".point-grid li").filter(has_text="BL40").count() == 1


def test_a_search_that_finds_nothing_suggests_the_closest_names(server: str, sized: Any) -> None:
    sized.goto(server + "/points")
    sized.get_by_label("Name or words").fill("wiezhong")
    sized.get_by_role("button", name="Show").click()
    sized.wait_for_url("**/points?*")
    suggestion = sized.get_by_role("link", name="BL40", exact=False).last
    assert "Did you mean" in sized.locator(".point-grid").inner_text()
    suggestion.click()
    sized.wait_for_url("**/points/BL40")


def test_the_emergency_page_has_tap_to_call_and_the_site_navigation(
    server: str, sized: Any
) -> None:
    from conftest import axe_violations

    sized.goto(server + "/plan?complaints=lower_back&red_flags=saddle_numbness")
    alert = sized.get_by_role("alert")
    calls = alert.locator("a[href^='tel:']")
    assert sorted(calls.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == [
        "tel:112",
        "tel:911",
        "tel:999",
    ]
    for link in calls.all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44  # easy to tap
    nav = sized.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Home").count() == 1
    assert axe_violations(sized) == []
    sized.goto(server + "/plan?complaints=lower_back&red_flags=fever")
    assert sized.get_by_role("alert").locator("a[href='tel:111']").count() == 1

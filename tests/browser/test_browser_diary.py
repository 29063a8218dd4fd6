"""The diary in Chromium at desktop and phone size: correcting entries (edit, delete, undo),
forms that keep the answers, and the pain chart as inline SVG legible on a phone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from conftest import axe_violations, csp_violations, shoot

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
STOP = "Time to stop and get checked"


@pytest.fixture(params=sorted(SIZES))
def sized(request: pytest.FixtureRequest, browser: Any) -> Any:
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.size_name = request.param  # type: ignore[attr-defined]
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


def seed_session(server: str, **fields: Any) -> int:
    body = {"started_at": "2026-11-20T08:00:00Z", "pain_before": 6, "pain_after": 4, **fields}
    response = httpx.post(server + "/api/diary/sessions", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def fits(page: Any) -> bool:
    width = page.viewport_size["width"]
    return bool(page.evaluate("document.documentElement.scrollWidth") <= width)


def test_a_mistaken_side_effect_is_corrected_undone_deleted_and_undone(
    server: str, sized: Any
) -> None:
    page, size = sized, sized.size_name
    entry = seed_session(server, side_effects=["bruising"], note="first try")
    page.goto(server + "/diary")
    assert page.get_by_role("heading", name=STOP).is_visible()
    edit = page.get_by_role("link", name="Edit the session of")
    edit.scroll_into_view_if_needed()
    assert edit.is_visible() and fits(page)
    edit.click()
    page.wait_for_url(f"**/diary/sessions/{entry}/edit")
    assert page.get_by_label("Bruising").is_checked()
    assert fits(page)
    shoot(page, f"diary-edit-{size}")
    assert axe_violations(page) == []
    page.get_by_label("Bruising").uncheck()
    page.get_by_label("Note").fill("no bruise: ticked by mistake")
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_url("**/diary?corrected=edit*")
    assert page.get_by_role("status").filter(has_text=f"Changed session {entry}.").is_visible()
    assert page.get_by_role("heading", name=STOP).count() == 0
    assert "no bruise: ticked by mistake" in page.locator(f"#session-{entry}").inner_text()
    shoot(page, f"diary-corrected-{size}", full_page=False)
    assert axe_violations(page) == []

    page.get_by_role("status").get_by_role("button", name="Undo").click()
    page.wait_for_url("**/diary?corrected=undo*")
    assert page.get_by_role("heading", name=STOP).is_visible()
    assert "first try" in page.locator(f"#session-{entry}").inner_text()

    page.get_by_role("button", name="Delete the session of").click()
    page.wait_for_url("**/diary?corrected=delete*")
    assert page.locator("tr.entry").count() == 0
    assert page.get_by_role("heading", name=STOP).count() == 0
    page.get_by_role("status").get_by_role("button", name="Undo").click()
    page.wait_for_url("**/diary?corrected=undo*")
    assert page.locator("tr.entry").count() == 1
    history = page.locator("ul.history li").all_inner_texts()
    assert len(history) == 2 and all("(undone)" in line for line in history)
    assert fits(page)
    assert csp_violations(page) == []


def test_a_form_with_a_problem_keeps_the_answers_and_says_what_to_fix(
    server: str, sized: Any
) -> None:
    page, size = sized, sized.size_name
    page.goto(server + "/diary")
    later = (date.today() + timedelta(days=30)).isoformat()
    page.locator("#session-started_at").fill(f"{later}T08:30")
    page.locator("#session-pain_before label").filter(has_text="7").click()
    page.locator("#session-pain_after label").filter(has_text="5").click()
    page.locator("#session-note").fill("after the walk")
    page.get_by_role("button", name="Add to diary").click()
    problem = page.locator("#session-started_at-error")
    assert problem.inner_text().endswith(
        "The session's date is in the future: a diary records what has happened."
    )
    field = page.locator("#session-started_at")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.input_value() == f"{later}T08:30"
    assert page.locator("#session-note").input_value() == "after the walk"
    assert page.locator('#session-pain_before input[value="7"]').is_checked()
    assert page.get_by_role("alert").filter(has_text="The session was not saved").is_visible()
    field_box, problem_box = field.bounding_box(), problem.bounding_box()
    assert 0 <= field_box["y"] - problem_box["y"] <= 120, "the problem sits just above its field"
    assert fits(page)
    shoot(page, f"diary-form-problem-{size}")
    assert axe_violations(page) == []


def test_the_pain_chart_is_inline_svg_legible_on_a_phone(server: str, browser: Any) -> None:
    start = datetime(2026, 10, 26, 8, 0)
    for day in range(21):
        moment = (start + timedelta(days=day)).isoformat() + "Z"
        effects = ["dizziness"] if day == 9 else []
        seed_session(server, started_at=moment, pain_before=7 - day // 4, pain_after=5 - day // 5,
                     side_effects=effects)  # fmt: skip
    for week, pain in (("2026-10-26", 6), ("2026-11-02", 5), ("2026-11-09", 4)):
        body = {"week_of": week, "average_pain": pain, "interference": pain - 1}
        assert httpx.post(server + "/api/diary/checkins", json=body).status_code == 201
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(server + "/diary")
        chart = page.locator("figure.pain-trend svg.trend")
        assert chart.count() == 1 and page.locator(".pain-trend img").count() == 0
        chart.scroll_into_view_if_needed()
        assert chart.get_attribute("role") == "img"
        assert "pain" in page.locator("#diary-trend-desc").text_content().lower()
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('svg.trend text')].map(t => {"
            " const r = t.getBoundingClientRect();"
            " return [parseFloat(getComputedStyle(t).fontSize), r.left, r.right]; })"
        )
        assert sizes and all(size >= 12 for size, _left, _right in sizes)
        assert all(left >= 0 and right <= 390 for _size, left, right in sizes)
        assert page.locator("svg.trend line.before").count() == 20
        assert page.locator("svg.trend line.after").count() == 20
        assert page.locator("svg.trend line.checkin").count() == 3
        effect = page.locator("svg.trend .mark.effect path")
        assert effect.count() == 1
        mark = effect.bounding_box()
        assert box["y"] <= mark["y"] and mark["y"] + mark["height"] <= box["y"] + box["height"]
        assert box["x"] <= mark["x"] and mark["x"] + mark["width"] <= box["x"] + box["width"]
        shoot(page, "diary-chart-phone", full_page=False)
        page.get_by_text("The numbers behind the chart").click()
        rows = page.locator(".trend-table table").first.locator("tbody tr")
        assert rows.count() == 21
        assert "dizziness" in rows.nth(9).inner_text()
        assert fits(page)
        assert axe_violations(page) == []
    finally:
        context.close()


def test_each_sessions_pain_ratings_are_in_view_at_both_sizes(server: str, sized: Any) -> None:
    page = sized
    entry = seed_session(server, pain_before=7, pain_after=3, note="after lunch")
    page.goto(server + "/diary")
    row = page.locator(f"#session-{entry}")
    row.scroll_into_view_if_needed()
    width = page.viewport_size["width"]
    for cell, label in (("td.pain-before", "Pain before"), ("td.pain-after", "Pain after")):
        box = row.locator(cell).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, cell
        if page.size_name == "phone":  # a card: each value says what it is
            assert (
                row.locator(cell).evaluate("e => getComputedStyle(e, '::before').content")
                == f'"{label}: "'
            )
    assert fits(page) and axe_violations(page) == []

"""The personal trial in a real Chromium, on a desktop and a phone: set-up, the one-tap
rating and the result, each checked with axe-core and for sideways scrolling."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from acupressure.diary.store import make_engine
from acupressure.trial.design import ArmSpec, make_design
from acupressure.trial.store import TrialStore
from conftest import axe_violations, csp_violations, shoot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def fits(page: Any) -> bool:
    """Nothing makes the page scroll sideways (tables scroll inside their own region)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_set_up_a_trial_and_see_its_calendar(server: str, page: Any, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{server}/trial")
    assert page.get_by_role("heading", name="What a personal trial can tell you").is_visible()
    assert page.get_by_text("The decision rule, fixed before you start").is_visible()
    assert axe_violations(page) == [] and fits(page)
    shoot(page, f"trial-setup-{viewport}")
    page.get_by_label("Arm A").select_option("article-002")
    page.get_by_label("Arm B").select_option("none")
    page.get_by_role("button", name="Draw the order and start").click()
    page.wait_for_url(f"{server}/trial")
    calendar = page.get_by_role("table")
    assert calendar.locator("tbody tr").count() == 12
    assert page.get_by_text("Today: period 1 of 12").is_visible()
    assert axe_violations(page) == [] and fits(page)
    assert csp_violations(page) == []
    shoot(page, f"trial-calendar-{viewport}")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_one_tap_rates_today(server: str, page: Any, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{server}/trial")
    page.get_by_role("button", name="Draw the order and start").click()
    page.get_by_role("link", name="Rate today").click()
    buttons = page.get_by_role("button", name="Pain 4 of 10")
    assert page.locator(".pain-buttons button").count() == 11
    assert axe_violations(page) == [] and fits(page)
    shoot(page, f"trial-rate-{viewport}")
    buttons.click()
    assert page.get_by_role("status").get_by_text("Saved").is_visible()
    page.goto(f"{server}/trial")
    assert page.get_by_text("1 of 1 days rated so far.").is_visible()
    assert page.get_by_role("link", name="Change today's rating").is_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_the_result_shows_the_chart_and_the_verdict(
    server: str, page: Any, viewport: str, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'diary.sqlite'}")  # the server's diary
    try:
        design = make_design(
            arm_a=ArmSpec(kind="preset", name="article-002", label="Article 002"),
            arm_b=ArmSpec(kind="none", name="none", label="usual care"),
            start=date.today() - timedelta(days=84),
            seed=9,
        )
        store = TrialStore(engine)
        store.start(design=design, now=datetime.now(UTC))
        for period in design.schedule():
            for offset in range(7):
                pain = (
                    (3 if period.arm == "A" else 6)
                    + (offset * period.pair + ord(period.arm)) % 3
                    - 1
                )
                day = period.start + timedelta(days=offset)
                store.rate(day=day, pain=pain, interference=None, now=datetime.now(UTC))
    finally:
        engine.dispose()
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    # the first analysis in a process imports scipy: allow for a slow, busy machine
    page.goto(f"{server}/trial/result", timeout=60_000)
    assert page.get_by_role("heading", name="A looks better for you").is_visible()
    chart = page.get_by_role("img", name="Your trial: daily pain by arm")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= width
    assert page.get_by_text("placebo", exact=False).first.is_visible()
    assert page.get_by_role("region", name="Pairs table").locator("tbody tr").count() == 6
    assert axe_violations(page) == [] and fits(page)
    assert csp_violations(page) == []
    shoot(page, f"trial-result-{viewport}")

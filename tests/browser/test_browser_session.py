"""The session page's keys in Chromium, on a fake clock so time moves only when told to."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from conftest import csp_violations

pytestmark = pytest.mark.browser
# Every required answer, stated (not answering is not "no").
ANSWERED = "complaints=lower_back&age=40&pregnant=false&red_flags=none&conditions=none"

MORNING = datetime(2026, 3, 2, 8, 0)
SPEED = 10


def test_back_restarts_a_step_only_after_three_real_seconds_at_any_speed(
    server: str, page: Any
) -> None:
    """The ← threshold is wall-clock time: at ten times speed, one real second into a step
    is still "go back", four real seconds is "restart this step"."""
    page.clock.install(time=MORNING)
    page.clock.pause_at(MORNING + timedelta(seconds=1))  # frozen: nothing moves on its own
    query = f"{ANSWERED}&minutes=10&speed={SPEED}&cues=full"
    page.goto(f"{server}/session?{query}")
    timeline = page.evaluate(f"fetch('/api/session?{query}').then(r => r.json())")["timeline"]
    step_two = next(event["at"] for event in timeline if event["step"] == 1)
    assert next(e["at"] for e in timeline if e["step"] == 2) - step_two > 4 * SPEED  # 4 s below
    page.get_by_role("button", name="Start the session").click()
    page.wait_for_selector("#running:not([hidden])")
    step_no = page.locator("#step-no")
    assert step_no.inner_text() == "1"

    page.keyboard.press("ArrowRight")
    assert step_no.inner_text() == "2"
    page.clock.run_for(1_000)  # 10 s of session time, 1 s of the person's
    page.keyboard.press("ArrowLeft")
    assert step_no.inner_text() == "1"

    page.keyboard.press("ArrowRight")
    page.clock.run_for(4_000)  # 40 s of session time, still inside step 2
    assert step_no.inner_text() == "2"
    page.keyboard.press("ArrowLeft")
    assert step_no.inner_text() == "2"
    assert page.evaluate("document.getElementById('progress').value") == step_two
    assert csp_violations(page) == []

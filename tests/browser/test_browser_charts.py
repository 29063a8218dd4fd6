"""Body charts as Chromium draws them in the pages, on a phone and a desktop, and in print.

What a reader needs: labels of 12 CSS px or more on screen (8 pt in print), no two labels
overlapping, a tap target of 24 x 24 CSS px or more per mark, every routine step's point
marked, and during a guided session on a phone the current point in sight and marked with
aria-current="step".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import csp_violations

pytestmark = pytest.mark.browser

ANSWERED = "age=40&pregnant=false&red_flags=none&conditions=none"
PLANS = (
    f"complaints=lower_back&minutes=10&{ANSWERED}",
    f"complaints=upper_back&complaints=knee&minutes=10&{ANSWERED}",
    f"complaints=hip&complaints=stress&minutes=15&{ANSWERED}",
)
PAGES = (
    "/points",
    "/points/LI4",
    "/points/BL32",
    *(f"/plan?{query}" for query in PLANS),
    *(f"/session?{query}" for query in PLANS),
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Per chart: every label's font size and box in CSS px, every tap target's box.
MEASURE = """() => [...document.querySelectorAll('svg.chart')].map((svg) => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return [r.left, r.top, r.width, r.height];
  };
  const labels = [...svg.querySelectorAll('.mark-label')].map((text) => ({
    text: text.textContent,
    px: text.getScreenCTM().a * parseFloat(text.getAttribute('font-size')),
    box: box(text),
  }));
  const targets = [...svg.querySelectorAll('.mark')].map((mark) => ({
    name: mark.getAttribute('aria-label'),
    box: box(mark.querySelector('.mark-hit')),
  }));
  return {view: svg.dataset.view, shown: svg.getBoundingClientRect().width > 0, labels, targets};
})"""


@contextmanager
def sized_page(browser: Any, size: dict[str, int]) -> Iterator[Any]:
    """Like the `page` fixture (CSP violations collected), at another window size."""
    context = browser.new_context(viewport=size)
    context.add_init_script(path=str(Path(__file__).with_name("record_cues.js")))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    try:
        yield page
    finally:
        context.close()


def overlap(a: list[float], b: list[float]) -> float:
    """The area two boxes (left, top, width, height) share."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def check_charts(
    charts: list[dict[str, Any]], *, min_px: float, where: str, taps: bool = True
) -> None:
    assert charts, f"no chart on {where}"
    for chart in charts:
        if not chart["shown"]:
            continue
        name = f"{where} {chart['view']}"
        for label in chart["labels"]:
            assert label["px"] >= min_px, (name, label["text"], round(label["px"], 1))
        labels = chart["labels"]
        for i, first in enumerate(labels):
            for second in labels[i + 1 :]:
                shared = overlap(first["box"], second["box"])
                assert shared < 1, (name, first["text"], second["text"])
        targets = chart["targets"] if taps else []  # paper has nothing to tap
        for target in targets:
            _left, _top, width, height = target["box"]
            assert width >= 24 and height >= 24, (name, target["name"], width, height)
        for i, first in enumerate(targets):
            for second in targets[i + 1 :]:
                assert overlap(first["box"], second["box"]) < 1, (name, first["name"])


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone-390", "desktop-1280"])
def test_every_chart_is_legible_and_tappable(server: str, browser: Any, size: dict) -> None:
    with sized_page(browser, size) as page:
        for path in PAGES:
            page.goto(server + path)
            check_charts(page.evaluate(MEASURE), min_px=12, where=f"{path} at {size['width']}")
            if size is PHONE:  # the charts stack in the page: no box scrolls on its own
                boxed = page.evaluate(
                    """() => [...document.querySelectorAll('.charts, .sticky')]
                    .filter((e) => e.scrollHeight > e.clientHeight + 1
                      && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)).length"""
                )
                assert boxed == 0, path
        assert csp_violations(page) == []


def test_the_printed_handout_has_labels_of_8_points(server: str, browser: Any) -> None:
    """A4 less 14 mm margins is 182 mm, 688 CSS px: the print layout at that width."""
    with sized_page(browser, {"width": 688, "height": 1000}) as page:
        page.emulate_media(media="print")
        for query in PLANS:
            page.goto(f"{server}/plan/handout?{query}")
            check_charts(
                page.evaluate(MEASURE), min_px=8 * 96 / 72, where=f"handout {query}", taps=False
            )


@pytest.mark.parametrize("query", PLANS)
def test_every_step_of_a_plan_is_marked_on_its_charts(server: str, page: Any, query: str) -> None:
    steps = page.request.get(f"{server}/api/plan?{query}").json()["routine"]["steps"]
    page.goto(f"{server}/plan?{query}")
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.chart .mark')]
        .map((m) => [m.dataset.code, m.dataset.side])"""
    )
    drawn_codes = {code for code, _side in drawn}
    for step in steps:
        sides = {side for code, side in drawn if code == step["point"]}
        assert sides, (query, step["point"])
        if step["side"] in ("left", "right"):
            assert step["side"] in sides or "midline" in sides, (query, step)
    assert drawn_codes == {step["point"] for step in steps}, query  # nothing else drawn


MORNING = datetime(2026, 3, 2, 8, 0)


def test_the_current_point_stays_in_sight_during_a_session_on_a_phone(
    server: str, browser: Any
) -> None:
    """At 390 x 844, while finding and while pressing each point, its mark is on screen,
    not under the controls, and carries aria-current="step"."""
    with sized_page(browser, PHONE) as page:
        page.clock.install(time=MORNING)
        page.clock.pause_at(MORNING + timedelta(seconds=1))
        query = PLANS[1]
        timeline = page.request.get(f"{server}/api/session?{query}&speed=10").json()["timeline"]
        steps = page.request.get(f"{server}/api/plan?{query}").json()["routine"]["steps"]
        page.goto(f"{server}/session?{query}&speed=10")
        page.get_by_role("button", name="Start the session").click()
        page.wait_for_selector("#running:not([hidden])")
        for number, step in enumerate(steps, start=1):
            events = [event for event in timeline if event["step"] == number - 1]
            announce = events[0]  # "find the point", or "other side" for a step's 2nd side
            press = next(e for e in events if e["kind"] == "press")
            finding = "Find the point" if announce["kind"] == "announce" else "Other side"
            for phase in (finding, "Press"):
                if phase == "Press":  # on to the pressing part of the step (10x speed)
                    page.clock.run_for(round((press["at"] - announce["at"]) * 100) + 50)
                else:
                    page.clock.run_for(50)
                assert page.locator("#phase").text_content() == phase, (number, phase)
                seen = page.evaluate(
                    """() => {
                      const marks = [...document.querySelectorAll('.chart .mark.current')];
                      return marks.map((mark) => {
                        const dot = mark.querySelector('.mark-dot, .mark-area');
                        const r = dot.getBoundingClientRect();
                        const x = r.left + r.width / 2, y = r.top + r.height / 2;
                        const hit = document.elementFromPoint(x, y);
                        return {
                          code: mark.dataset.code,
                          current: mark.getAttribute('aria-current'),
                          visible: (r.width > 0 || r.height > 0) && y >= 0 && y <= innerHeight,
                          uncovered: hit !== null && !hit.closest('.controls-panel'),
                        };
                      });
                    }"""
                )
                assert seen, (number, phase)
                assert all(m["code"] == step["point"] for m in seen), (number, seen)
                assert all(m["current"] == "step" for m in seen), (number, phase, seen)
                assert any(m["visible"] and m["uncovered"] for m in seen), (number, phase, seen)
                others = page.evaluate(
                    "document.querySelectorAll('[aria-current=\"step\"]:not(.current)').length"
                )
                assert others == 0
            page.keyboard.press("ArrowRight")
        assert csp_violations(page) == []

"""The daily loop in Chromium at desktop and phone size: search, emergency, cues, handout."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

# Every required answer, stated (not answering is not "no").
ANSWERED = "age=40&pregnant=false&red_flags=none&conditions=none"
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
    status = sized.get_by_role("status")
    assert "Did you mean" in status.inner_text() and status.is_visible()
    box = status.bounding_box()
    assert box is not None and box["y"] < sized.viewport_size["height"], "seen without scrolling"
    status.get_by_role("link", name="BL40", exact=False).click()
    sized.wait_for_url("**/points/BL40")


def test_the_emergency_page_has_tap_to_call_and_the_site_navigation(
    server: str, sized: Any
) -> None:
    from conftest import axe_violations

    answers = "complaints=lower_back&age=40&pregnant=false&conditions=none"
    sized.goto(server + f"/plan?{answers}&red_flags=saddle_numbness")
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
    sized.goto(server + f"/plan?{answers}&red_flags=fever")
    assert sized.get_by_role("alert").locator("a[href='tel:111']").count() == 1


PLAN = f"/session?complaints=lower_back&{ANSWERED}&minutes=5"


def wait_until(page: Any, script: str, *, arg: object = None, seconds: float = 15) -> None:
    """Poll a JavaScript function until it is true (wait_for_function needs eval, and the
    app's Content-Security-Policy forbids eval)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            pytest.fail(f"not true after {seconds} s: {script}")
        page.wait_for_timeout(100)


def overlaps(sounds: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of sounds where the second started before the first had ended."""
    played = sorted(sounds, key=lambda s: s["start"])
    found = []
    for before, after in zip(played, played[1:], strict=False):
        end = before["end"] if before["end"] is not None else float("inf")
        if after["start"] < end - 30:  # milliseconds of timer slack
            found.append((before["text"] or before["what"], after["text"] or after["what"]))
    return found


def test_no_two_spoken_cues_overlap_in_the_played_timeline(server: str, sized: Any) -> None:
    sized.goto(server + PLAN + "&cues=short")
    url = sized.locator("#session").get_attribute("data-timeline-url")
    timeline = sized.evaluate(f"fetch({url!r}).then(r => r.json())")["timeline"]
    voiced = [event for event in timeline if event["say"]]
    for before, after in zip(voiced, voiced[1:], strict=False):
        assert before["at"] + before["say_seconds"] <= after["at"], (before, after)
    releases = {event["at"] for event in timeline if event["kind"] == "release"}
    assert releases and all(
        any(e["at"] == at and "Release." in e["say"] for e in voiced) for at in releases
    )

    sized.get_by_role("button", name="Start the session").click()
    sized.wait_for_selector("#running:not([hidden])")
    first_press = next(event["at"] for event in timeline if event["kind"] == "press")
    wait_until(
        sized,
        "n => window.__cues.sounds.filter(s => s.what === 'audio' && s.end).length >= n",
        arg=2,
        seconds=first_press + 12,
    )
    cues = sized.evaluate("window.__cues")
    spoken = [s["text"] for s in cues["sounds"] if s["what"] == "audio"]
    assert spoken[:2] == [voiced[0]["say"], voiced[1]["say"]]  # in order, none skipped
    assert overlaps(cues["sounds"]) == []


def test_a_pause_in_find_it_says_it_again_and_the_label_tells_what_is_on(
    server: str, sized: Any
) -> None:
    sized.goto(server + PLAN + "&cues=short")
    sized.get_by_role("button", name="Start the session").click()
    sized.wait_for_selector("#running:not([hidden])")
    phase = sized.locator("#phase")
    assert phase.inner_text().lower() == "find the point"
    wait_until(sized, "() => window.__cues.sounds.some(s => s.what === 'audio')")
    sized.get_by_role("button", name="Pause").click()
    assert phase.inner_text().lower() == "paused: find the point"
    sized.get_by_role("button", name="Resume").click()
    assert phase.inner_text().lower() == "find the point"
    assert sized.locator("#finding summary").inner_text() == "How to find it"
    wait_until(
        sized, "() => window.__cues.spoken.filter(t => t.startsWith('Step 1 of')).length >= 2"
    )
    cues = sized.evaluate("window.__cues")
    assert overlaps(cues["sounds"]) == []


def test_sound_check_speed_wake_lock_and_the_screen_flash(server: str, sized: Any) -> None:
    sized.goto(server + PLAN)
    check = sized.get_by_role("button", name="Sound check")
    assert check.is_visible()
    check.click()
    status = sized.locator("#sound-status")
    assert "no voice of its own" in status.inner_text()  # headless: the app speaks
    wait_until(sized, "() => window.__cues.spoken.includes('This is how the cues will sound.')")
    pace = sized.get_by_label("Pace of the session").first
    assert pace.is_visible() and pace.input_value() == "1"
    pace.select_option("2")
    sized.get_by_label("Screen flash, no sound").check()
    heard = sized.evaluate("window.__cues.sounds.length")
    with sized.expect_request(lambda r: "/api/session?" in r.url) as asked:
        sized.get_by_role("button", name="Start the session").click()
    assert "speed=2" in asked.value.url
    wait_until(sized, "() => window.__cues.flashes >= 1")
    assert sized.evaluate("window.__cues.sounds.length") == heard  # no sound in flash mode
    assert sized.locator("#wake-status").inner_text().strip()  # says whether it stays on
    assert sized.locator("#speed-running").input_value() == "2"


TEN_STEPS = (
    f"/plan/handout?complaints=lower_back&complaints=sciatica&complaints=knee&{ANSWERED}&minutes=30"
)
# The longest handouts a sweep of complete profiles found (more safety lines, more limits
# per step, more points left out): each still prints on two A4 pages.
BLOOD_THINNERS_AND_VARICOSE_VEINS = (
    "/plan/handout?complaints=lower_back&complaints=sciatica&complaints=knee&age=40"
    "&pregnant=false&red_flags=none&conditions=anticoagulants&conditions=varicose_veins&minutes=30"
)
PREGNANT_WITH_THREE_CONDITIONS = (
    "/plan/handout?complaints=lower_back&complaints=sciatica&complaints=knee&complaints=hip"
    "&age=30&pregnant=true&red_flags=none&conditions=anticoagulants&conditions=varicose_veins"
    "&conditions=osteoporosis&minutes=30"
)
EVERY_CONDITION = (
    "/plan/handout?complaints=lower_back&complaints=upper_back&complaints=hip&age=40"
    "&pregnant=false&red_flags=none&minutes=30&"
    + "&".join(
        f"conditions={c}"
        for c in (
            "anticoagulants",
            "varicose_veins",
            "osteoporosis",
            "skin_lesion_back",
            "skin_lesion_legs",
            "recent_surgery",
            "recent_injury",
            "weak_back",
            "abdominal_condition",
            "implanted_device",
            "hot_swollen_knee",
        )
    )  # fmt: skip
)
HANDOUTS = {
    "plain": (TEN_STEPS, 10),
    "blood-thinners-and-varicose-veins": (BLOOD_THINNERS_AND_VARICOSE_VEINS, 10),
    "pregnant-with-three-conditions": (PREGNANT_WITH_THREE_CONDITIONS, 10),
    "every-condition": (EVERY_CONDITION, 7),
}
EIGHT_PT_PX = 8 * 96 / 72  # CSS pixels


def _squeezed(text: str) -> str:
    """Text without spaces or line breaks, ligatures (the PDF's "ﬀ") spelt out."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("case", sorted(HANDOUTS))
def test_the_handout_for_ten_steps_prints_on_two_a4_pages(
    server: str, sized: Any, case: str
) -> None:
    import io

    from pypdf import PdfReader

    from acupressure.planning.wording import sentences

    url, count = HANDOUTS[case]
    sized.goto(server + url)
    steps = sized.locator(".handout-step")
    assert steps.count() == count
    pdf = PdfReader(io.BytesIO(sized.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) <= 2
    first = pdf.pages[0].extract_text()
    assert "Safe use: limits and when to stop" in first and "Stop and get advice if" in first
    assert "What changed:" in first  # the safety review's one line, on page 1
    assert steps.first.locator("h3").inner_text().split(" (")[0][2:].strip() in first
    box = sized.locator(".handout-safety li").all_inner_texts()
    assert len(box) >= 6
    for line in box:  # every limit and stop rule, whole, on page 1
        assert _squeezed(line) in _squeezed(first), line

    def limits(selector: str, skip: int = 0) -> list[str]:
        return [
            sentence.removeprefix("Why: ").removeprefix("Limits: ")
            for text in sized.locator(selector).all_inner_texts()
            for sentence in sentences(text.split(": ", 1)[1])[skip:]
        ]

    # a step's first sentence is its own (what the point is for); the rest are its limits
    said = [
        *(sentence for line in box for sentence in sentences(line)),
        *limits(".why", skip=1),
        *limits(".handout-left-out li"),
    ]
    repeated = {s for s in said if said.count(s) > 1 and len(s) > 20}
    assert not repeated, "each limit is said once"

    sized.emulate_media(media="print")
    for step in steps.all():
        chart, text = step.locator("svg").bounding_box(), step.locator("h3").bounding_box()
        assert chart is not None and text is not None
        assert chart["x"] + chart["width"] <= text["x"], "the chart is beside its step"
        assert abs(chart["y"] - text["y"]) < 40, "at the same height"
        # the charts' 25-unit labels, in a 400-unit-wide window
        assert chart["width"] * 25 / 400 >= EIGHT_PT_PX
    sizes = sized.evaluate(
        "() => Array.from(document.querySelectorAll('main p, main li, main h3'))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= EIGHT_PT_PX - 0.01

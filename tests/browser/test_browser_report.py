"""The report for the doctor in Chromium: sections the person chooses, legible on a phone,
printed without the site's chrome, and its PDF read back with a real PDF parser."""

from __future__ import annotations

import io
import unicodedata
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from conftest import axe_violations, csp_violations, shoot

pytestmark = pytest.mark.browser

ANSWERS = "complaints=lower_back&age=52&pregnant=false&red_flags=none&conditions=osteoporosis"


def seed(server: str) -> None:
    start = datetime(2026, 10, 26, 7, 30)
    for day in range(21):
        for hour in (0, 6, 14):  # three sessions a day, as planned
            moment = (start + timedelta(days=day, hours=hour)).isoformat() + "Z"
            body = {"started_at": moment, "pain_before": 7 - day // 4, "pain_after": 5 - day // 5,
                    "routine": "Your routine: lower back pain", "steps_planned": 6,
                    "steps_completed": 6, "origin": "guided",
                    "side_effects": ["bruising"] if (day, hour) == (4, 6) else []}  # fmt: skip
            assert httpx.post(server + "/api/diary/sessions", json=body).status_code == 201
    for week, pain in (("2026-10-26", 6), ("2026-11-02", 5), ("2026-11-09", 4)):
        body = {"week_of": week, "average_pain": pain, "interference": pain - 1}
        assert httpx.post(server + "/api/diary/checkins", json=body).status_code == 201


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_report_shows_the_chosen_sections_and_prints_clean(
    server: str, browser: Any, size: tuple[int, int]
) -> None:
    seed(server)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    try:
        page.goto(server + "/plan?" + ANSWERS)
        page.get_by_role("link", name="Report for your doctor").click()
        page.wait_for_url("**/diary/report?*")
        headings = page.locator(".report-section h2").all_inner_texts()
        assert headings == ["Pain over time", "Sessions and how regularly they were done",
                            "Side effects", "The routine followed",
                            "Answers to the safety questions"]  # fmt: skip
        first_day = page.locator(".report-days tbody tr").first
        assert first_day.locator("li").count() == 3, "a day's three sessions, one line each"
        assert "bruising" in page.locator("#report-effects + ul").inner_text()
        answers = page.locator(".report-answers").inner_text()
        assert "Lower back" in answers and "52" in answers and "steroid" not in answers.lower()
        assert (
            "osteoporosis" in answers.lower()
            and "none" not in answers.split("Answered yes")[1][:30]
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        name = "report-" + ("desktop" if size[0] > 400 else "phone")
        shoot(page, name)
        assert axe_violations(page) == []

        page.get_by_role("checkbox", name="Answers to the safety questions").uncheck()
        page.get_by_role("checkbox", name="Side effects").uncheck()
        page.get_by_role("button", name="Show these sections").click()
        page.wait_for_url("**/diary/report?*sections=*")
        assert page.locator(".report-section h2").all_inner_texts() == [
            "Pain over time", "Sessions and how regularly they were done", "The routine followed"
        ]  # fmt: skip
        assert "age=52" in page.url, "the answers travel with the chosen sections"
        page.emulate_media(media="print")
        assert page.locator(".site-header").is_hidden()
        assert page.locator(".report-choices").is_hidden()
        shoot(page, name + "-print")
        assert csp_violations(page) == []
    finally:
        context.close()


def pdf_text(reader: PdfReader) -> str:
    """The PDF's text with ligatures undone ("ﬀ" as "ff"), as a person reads it."""
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


def test_the_report_pdf_is_a_real_pdf_with_the_chosen_sections(server: str) -> None:
    seed(server)
    everything = httpx.get(f"{server}/diary/report.pdf?{ANSWERS}", timeout=90)
    assert everything.status_code == 200
    assert everything.headers["content-type"] == "application/pdf"
    assert everything.headers["content-disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(everything.content))
    text = pdf_text(reader)
    assert 2 <= len(reader.pages) <= 5, len(reader.pages)
    for words in ("a report for your doctor", "Pain over time", "Side effects", "bruising",
                  "The routine followed", "BL23", "Answers to the safety questions"):  # fmt: skip
        assert words in text, words
    assert "Show these sections" not in text, "the choices are not printed"
    chosen = httpx.get(f"{server}/diary/report.pdf?sections=trend&sections=side_effects",
                       timeout=90)  # fmt: skip
    short = PdfReader(io.BytesIO(chosen.content))
    short_text = pdf_text(short)
    assert len(short.pages) < len(reader.pages)
    assert "Side effects" in short_text and "Sessions and how regularly" not in short_text

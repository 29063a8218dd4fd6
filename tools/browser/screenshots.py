"""Take the README's screenshots of the web app in Debian's Chromium, at two sizes.

    .venv/bin/python tools/browser/screenshots.py   # writes docs/screenshots/*.png
    .venv/bin/python tools/browser/screenshots.py charts   # only the body charts
    .venv/bin/python tools/browser/screenshots.py diary    # only the diary and the report

Each page is taken on a desktop (1280x900, NAME.png) and on a phone (390x844,
NAME-phone.png).

The diary gets three weeks of made-up demo entries first, written through the app's own
JSON API as a person's would be: two sessions most days, one left before the first step,
weekly check-ins, a side effect ticked by mistake and corrected, and an entry typed in
twice, whose copy is deleted in the page so that its Undo shows. Everything runs against
a throwaway database on a free localhost port.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from chromium import launch_chromium
from playwright.sync_api import Browser, sync_playwright

from acupressure.web import Settings, create_app

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
# Every required answer stated: not answering is not "no".
ANSWERS = "complaints=lower_back&age=45&pregnant=false&conditions=none"
PLAN = f"{ANSWERS}&red_flags=none&minutes=8&position=any"
SIZES = {"": {"width": 1280, "height": 900}, "-phone": {"width": 390, "height": 844}}


# (pain before, pain after) of the morning and the evening session of each of 21 days; None:
# no session that evening. Invented, easing slowly, with ordinary bad days.
DAYS = [
    ((7, 5), (6, 5)),
    ((6, 5), (7, 5)),
    ((7, 6), None),
    ((6, 4), (6, 5)),
    ((7, 5), (6, 4)),
    ((6, 5), None),
    ((6, 4), (5, 4)),
    ((6, 4), (5, 3)),
    ((5, 4), (6, 4)),
    ((5, 3), (6, 6)),
    ((5, 3), (4, 3)),
    ((6, 4), None),
    ((5, 3), (4, 3)),
    ((4, 3), (5, 3)),
    ((4, 2), (4, 3)),
    ((5, 3), (4, 2)),
    ((4, 3), None),
    ((4, 2), (3, 2)),
    ((3, 2), (4, 2)),
    ((4, 2), (3, 2)),
    ((3, 2), None),
]
NOTES = {(3, 0): "stiff after a long drive", (9, 1): "", (13, 0): "after the morning walk"}
# weekly check-ins: (average pain, how much it got in the way)
CHECKINS = [(6, 6), (5, 4), (4, 3)]


def fuller_diary(base: str) -> None:
    """Three weeks as a person would keep them, through the JSON API, with corrections."""
    local = datetime.now().astimezone()
    start = (local - timedelta(days=20)).replace(hour=0, minute=0, second=0, microsecond=0)
    with httpx.Client(base_url=base) as client:
        plan = client.get(f"/api/plan?{PLAN}").raise_for_status().json()["routine"]
        steps = len(plan["steps"])

        def add(entry: dict[str, Any]) -> int:
            answer = client.post("/api/diary/sessions", json=entry).raise_for_status()
            return int(answer.json()["id"])

        for day, pair in enumerate(DAYS):
            for slot, pains in enumerate(pair):
                if pains is None:
                    continue
                at = start + timedelta(days=day, hours=7 if slot == 0 else 19, minutes=30)
                entry = {
                    "started_at": at.isoformat(),
                    "ended_at": (at + timedelta(minutes=9)).isoformat(),
                    "routine": plan["title"],
                    "steps_planned": steps,
                    "steps_completed": steps,
                    "pain_before": pains[0],
                    "pain_after": pains[1],
                    "note": NOTES.get((day, slot), ""),
                    "origin": "guided",
                }
                if (day, slot) == (9, 1):  # the phone rang at the first step: abandoned
                    entry.update(steps_completed=0, pain_after=None, ended_at=None)
                    entry["note"] = "phone rang, stopped"
                if (day, slot) == (17, 0):  # "bruising" ticked by mistake, corrected below
                    entry["side_effects"] = ["bruising"]
                session = add(entry)
                if (day, slot) == (17, 0):
                    client.patch(
                        f"/api/diary/sessions/{session}", json={"side_effects": []}
                    ).raise_for_status()
        typed_twice = start + timedelta(days=19, hours=19, minutes=30)
        add(
            {
                "started_at": typed_twice.isoformat(),
                "routine": plan["title"],
                "pain_before": 3,
                "pain_after": 2,
                "note": "typed in by hand, already recorded",
                "origin": "manual",
            }
        )
        monday = start.date() - timedelta(days=start.weekday())
        for week, (average, interference) in enumerate(CHECKINS):
            checkin = {
                "week_of": (monday + timedelta(days=7 * week)).isoformat(),
                "average_pain": average,
                "interference": interference,
            }
            client.post("/api/diary/checkins", json=checkin).raise_for_status()


def diary_shots(browser: Browser, base: str) -> None:
    """The diary after a correction (Undo), its chart, sessions and corrections, the
    report for the doctor; each at both sizes."""
    for suffix, viewport in SIZES.items():
        page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
        page.goto(base + "/diary")
        page.screenshot(path=str(OUT / f"diary{suffix}.png"))
        page.locator("figure.pain-trend").first.screenshot(
            path=str(OUT / f"diary-chart{suffix}.png")
        )
        # the sessions list around the abandoned one, each row with Edit and Delete
        page.locator("tr.abandoned").evaluate("row => row.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(OUT / f"diary-sessions{suffix}.png"))
        # the copy typed in by hand is deleted in the page: the notice offers Undo
        page.get_by_role("row").filter(has_text="typed in by hand").get_by_role(
            "button", name="Delete"
        ).click()
        page.wait_for_url("**/diary?corrected=delete*")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(OUT / f"diary-undo{suffix}.png"))
        page.locator("section[aria-labelledby=history-title]").screenshot(
            path=str(OUT / f"diary-corrections{suffix}.png")
        )
        page.get_by_role("button", name="Undo", exact=True).click()  # as it was, for the next size
        page.wait_for_url("**/diary?corrected=undo*")
        page.goto(base + f"/diary/report?{PLAN}")
        page.screenshot(path=str(OUT / f"report{suffix}.png"))
        if not suffix:  # printed, as the doctor gets it: the sessions, a row a day
            page.emulate_media(media="print")
            page.locator("#report-sessions").evaluate("part => part.scrollIntoView()")
            page.screenshot(path=str(OUT / "report-printed.png"))
            page.emulate_media(media="screen")
        page.close()


def chart_shots(page: Any, base: str) -> None:
    """The body charts as the README shows them: the back view, and hands and feet."""
    from acupressure.charts.bodymap import CHART_CSS, render_chart
    from acupressure.knowledge.catalogue import load_catalogue

    page.goto(base + "/points?complaint=lower_back")
    page.locator('.chart-figure[data-view="back"]').screenshot(path=str(OUT / "chart-back.png"))
    catalogue = load_catalogue()
    svgs = [
        render_chart(catalogue=catalogue, view=view, stylesheet=False)
        for view in ("hand", "foot_top", "foot_sole")
    ]
    row = "".join(f"<div style='flex:0 0 420px'>{svg}</div>" for svg in svgs)
    page.goto("about:blank")  # not the app's origin: its CSP refuses inline styles
    page.set_content(
        f"<html><head><style>{CHART_CSS}</style></head>"
        f"<body style='margin:0;background:#fff'><div id='row' style='display:flex'>{row}</div>"
        "</body></html>"
    )
    page.locator("#row").screenshot(path=str(OUT / "chart-hands-feet.png"))


def shoot_pages(browser: Browser, base: str, suffix: str, viewport: dict[str, int]) -> None:
    """Every README picture at one size; NAME{suffix}.png."""
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    for name, path in [
        ("home", "/"),
        ("plan", f"/plan?{PLAN}"),
        ("point", "/points/BL40"),
        ("search", "/points?complaint=&q=wiezhong"),
        ("emergency", f"/plan?{ANSWERS}&red_flags=saddle_numbness"),
    ]:
        page.goto(base + path)
        page.screenshot(path=str(OUT / f"{name}{suffix}.png"))
    if not suffix:  # the printed handout is A4 whatever the screen
        page.goto(base + f"/plan/handout?{PLAN}")
        page.emulate_media(media="print")
        page.screenshot(path=str(OUT / "handout.png"))
        page.emulate_media(media="screen")
    page.goto(base + f"/session?{PLAN}&speed=3")
    page.screenshot(path=str(OUT / f"session-before{suffix}.png"))
    page.locator(".pain-scale label").filter(has_text="5").first.click()
    page.get_by_role("button", name="Start the session").click()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / f"session{suffix}.png"))
    page.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    only = sys.argv[1] if sys.argv[1:] in (["charts"], ["diary"]) else None
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(Settings(db_url=f"sqlite:///{Path(directory) / 'demo.sqlite'}"))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        fuller_diary(base)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            if only != "charts":  # first: the other pages' sessions would add to the diary
                diary_shots(browser, base)
            if only is None:
                for suffix, viewport in SIZES.items():
                    shoot_pages(browser, base, suffix, viewport)
            if only != "diary":
                chart_shots(browser.new_page(viewport=SIZES[""]), base)  # type: ignore[arg-type]
            browser.close()
        server.should_exit = True
        thread.join(10)
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))


if __name__ == "__main__":
    main()

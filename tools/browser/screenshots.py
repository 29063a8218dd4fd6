"""Take the README's screenshots of the web app in Debian's Chromium, at two sizes.

    .venv/bin/python tools/browser/screenshots.py   # writes docs/screenshots/*.png
    .venv/bin/python tools/browser/screenshots.py charts   # only the body charts

Each page is taken on a desktop (1280x900, NAME.png) and on a phone (390x844,
NAME-phone.png).

The diary gets three weeks of made-up demo entries first, so its chart has something to
show; everything runs against a throwaway database on a free localhost port.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
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


def demo_diary(base: str) -> None:
    """Three weeks of sessions with pain slowly easing (invented numbers for the picture)."""
    start = datetime.now(UTC) - timedelta(days=20)
    with httpx.Client(base_url=base) as client:
        for day in range(21):
            before = max(2, 7 - day // 4)
            entry = {
                "started_at": (start + timedelta(days=day, hours=8)).isoformat(),
                "routine": "Your routine: lower back pain",
                "steps_planned": 8,
                "steps_completed": 8,
                "pain_before": before,
                "pain_after": before - 1,
                "origin": "guided",
            }
            client.post("/api/diary/sessions", json=entry).raise_for_status()


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
        ("diary", "/diary"),
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
    only_charts = sys.argv[1:] == ["charts"]
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
        demo_diary(base)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            if only_charts:
                chart_shots(browser.new_page(viewport=SIZES[""]), base)  # type: ignore[arg-type]
                browser.close()
                server.should_exit = True
                thread.join(10)
                return
            for suffix, viewport in SIZES.items():
                shoot_pages(browser, base, suffix, viewport)
            chart_shots(browser.new_page(viewport=SIZES[""]), base)  # type: ignore[arg-type]
            browser.close()
        server.should_exit = True
        thread.join(10)
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(OUT.glob("*.png"))))


if __name__ == "__main__":
    main()

"""Debian's Chromium, started the same way by the browser tests and the README screenshots.

Headless and without a sandbox (containers, CI), and quiet: no background networking, no
component updates, no first-run pages. A Playwright launch gets a fresh, throwaway profile
every time, so no test sees another's cookies or storage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium through Playwright, with a fresh profile of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))

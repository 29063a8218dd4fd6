"""A page printed to PDF by the Chromium on this computer (headless), no PDF library.

Chromium lays the page out exactly as its own Print does, print stylesheet included, so the
PDF and the printed page are one design. The page is handed over as a file, its style
sheets beside it, in a private temporary folder, with networking off; without Chromium the
caller says how to print from the browser instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from acupressure.errors import AcupressureError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 60


class NoPdf(AcupressureError):
    """Chromium is missing or failed: the page can still be printed from the browser."""


def chromium() -> str | None:
    """$ACUPRESSURE_CHROMIUM, else the first Chromium on the PATH."""
    configured = os.environ.get("ACUPRESSURE_CHROMIUM")
    if configured:
        return configured
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def html_to_pdf(html: str, *, files: Mapping[str, str] | None = None) -> bytes:
    """Print an HTML page to PDF (A4 unless the page's @page says otherwise); `files` (name:
    text, such as its style sheets) are written beside it for the page to link to."""
    browser = chromium()
    if browser is None:
        raise NoPdf("No Chromium on this computer to make the PDF.")
    with tempfile.TemporaryDirectory(prefix="acupressure-pdf-") as folder:
        page, out = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        for name, text in (files or {}).items():
            (Path(folder) / Path(name).name).write_text(text, encoding="utf-8")
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            f"--user-data-dir={Path(folder) / 'profile'}", "--no-pdf-header-footer",
            f"--print-to-pdf={out}", page.as_uri(),
        ]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise NoPdf(f"Chromium could not make the PDF ({error}).") from error
        if not out.is_file() or out.stat().st_size == 0:
            raise NoPdf("Chromium could not make the PDF.")
        return out.read_bytes()


__all__ = ["NoPdf", "chromium", "html_to_pdf"]

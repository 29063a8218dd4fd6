"""The local web app: body charts, guided sessions and the diary; every page has a JSON twin."""

from __future__ import annotations

from acupressure.web.app import create_app
from acupressure.web.settings import Settings

__all__ = ["Settings", "create_app"]

"""Settings of the local web app, passed to `create_app` (never read at import time)."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    """True for an address only this computer can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Settings(BaseModel):
    """Where to listen, which diary to use, and the limits that keep the server safe."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    db_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the diary; None uses ACUPRESSURE_DB or the default file",
    )
    secret_key: str = Field(
        default_factory=lambda: secrets.token_urlsafe(32),
        description="signs CSRF tokens; a fresh one per process is fine for a local app",
    )
    max_body_bytes: int = Field(default=2_000_000, gt=0, description="larger requests get 413")
    secure_cookies: bool = Field(default=False, description="set when served over HTTPS")
    allowed_hosts: tuple[str, ...] = Field(
        default=LOOPBACK_HOSTS,
        description=(
            "host names the server answers to (any port); others get 400, which stops DNS "
            "rebinding. Widen only for clinic mode, where accounts guard the diary"
        ),
    )
    busy_timeout_seconds: float = Field(
        default=5.0, gt=0, le=60, description="how long a write waits for another writer"
    )
    speech_cache: Path | None = Field(
        default=None, description="where spoken cues are cached as WAV; None: the user cache"
    )
    clinic: bool = Field(
        default=False,
        description="clinic mode: accounts and logins, each account its own diary",
    )

    @property
    def address(self) -> str:
        """The URL people open; IPv6 hosts get brackets."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

"""Helpers for the web tests: a fresh app and diary per test, and the CSRF token of a page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from acupressure.web import Settings, create_app

BASE_URL = "http://127.0.0.1:8000"  # the server answers to loopback names only
TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


def settings_for(tmp_path: Path, **extra: object) -> Settings:
    """Settings with a private SQLite diary file in the test's directory."""
    return Settings(db_url=f"sqlite:///{tmp_path / 'diary.sqlite'}", **extra)  # type: ignore[arg-type]


def make_client(tmp_path: Path, **extra: object) -> TestClient:
    """A client of a freshly built app (no redirects followed, errors as responses)."""
    app = create_app(settings_for(tmp_path, **extra))
    return TestClient(app, base_url=BASE_URL, follow_redirects=False, raise_server_exceptions=True)


def csrf_token(client: TestClient, path: str) -> str:
    """Open a page that has a form and read its CSRF token (the cookie comes along)."""
    response = client.get(path)
    assert response.status_code == 200, response.text
    match = TOKEN.search(response.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def profile_query(**answers: object) -> str:
    """Answers as the plan's query string."""
    from acupressure.web.forms import Answers
    from answered import BASELINE

    complete = {**BASELINE, **answers}
    for field in ("red_flags", "conditions"):
        complete[field] = complete[field] or ["none"]
    return Answers.model_validate(complete).query()


@contextmanager
def served(db_path: Path) -> Iterator[str]:
    """A real `acupressure serve` in a subprocess on a free port; yields its base URL."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from acupressure.cli import main; main()", "serve",
               "--port", str(port), "--db", f"sqlite:///{db_path}"]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        assert server.stdout is not None
        assert b"is running" in server.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        for _ in range(400):
            try:
                httpx.get(f"{base}/api/ping", timeout=5).close()
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=10)

"""`acupressure serve --clinic`: a non-loopback host only in clinic mode, the host names it
answers to widened by --allowed-host, and bad combinations refused as bad input."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from clinic_worker import Worker
from typer.testing import CliRunner

from acupressure.cli import app


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--host", "0.0.0.0"], "clinic mode"),
        (["--allowed-host", "clinic.example"], "--clinic"),
        (["--forwarded"], "--clinic"),
        (["--clinic", "--host", "0.0.0.0"], "--allowed-host"),
    ],
)
def test_bad_combinations_are_bad_input(args: list[str], words: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    result = CliRunner().invoke(app, ["serve", "--port", "0", "--db", db, *args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and words in result.stderr


def test_clinic_mode_listens_beyond_loopback_for_its_named_hosts(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'clinic.sqlite3'}"
    server = Worker(db, "--host", "0.0.0.0", "--allowed-host", "clinic.example")
    try:
        assert "(clinic mode) is running at http://0.0.0.0:" in server.line, server.line
        port = int(server.line.split("0.0.0.0:", 1)[1].split("/", 1)[0])
        deadline = time.monotonic() + 20
        while True:
            try:
                named = httpx.get(
                    f"http://127.0.0.1:{port}/api/ping", headers={"Host": "clinic.example"}
                )
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail("the clinic server never answered")
                time.sleep(0.1)
        assert named.status_code == 200
        other = httpx.get(f"http://127.0.0.1:{port}/api/ping", headers={"Host": "evil.example"})
        assert other.status_code == 400
        login = httpx.get(f"http://127.0.0.1:{port}/diary", headers={"Host": "clinic.example"})
        assert login.status_code == 303 and login.headers["location"].startswith("/login")
    finally:
        server.stop()

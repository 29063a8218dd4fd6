"""A web import never stalls the server: while an upload waits for the diary (another
process holds the write lock, as a large import would), `/api/ping` still answers.

A real `acupressure serve` in a subprocess, a real SQLite lock from this process.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from webapp import served

TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')
DOCUMENT = b'{"sessions": [{"uid": "up", "started_at": "2026-03-02T08:00:00Z"}]}'


@pytest.fixture()
def served_diary(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    path = tmp_path / "diary.sqlite3"
    with served(path) as base:
        yield base, path


def test_ping_answers_while_an_upload_waits_for_the_diary(
    served_diary: tuple[str, Path],
) -> None:
    base, path = served_diary
    with httpx.Client(base_url=base, timeout=3) as client:  # a stalled loop fails a ping
        _import_while_locked(client, path)


def _import_while_locked(client: httpx.Client, path: Path) -> None:
    match = TOKEN.search(client.get("/diary").text)
    assert match
    outcome: list[httpx.Response] = []
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        upload = threading.Thread(
            target=lambda: outcome.append(
                client.post(
                    "/diary/import",
                    files={"file": ("diary.json", DOCUMENT, "application/json")},
                    data={"csrf_token": match.group(1)},
                    timeout=30,
                )
            )
        )
        upload.start()
        pings = []
        for _ in range(20):
            pings.append(client.get("/api/ping").status_code)
            time.sleep(0.05)
        waiting = upload.is_alive()  # the import is still waiting for the lock
    finally:
        other.rollback()
        other.close()
    upload.join(timeout=30)
    assert pings == [200] * 20
    assert waiting
    [response] = outcome
    assert response.status_code == 303, response.text[:300]
    assert [s["uid"] for s in client.get("/api/diary").json()["sessions"]] == ["up"]

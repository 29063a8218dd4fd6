"""Clinic-mode helpers shared by the clinic tests and bench/bench_clinic.py: a real
`acupressure serve --clinic` process on a free port, and a login through the real token
route. One copy, so the benchmark drives the server the way the tests prove it works."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx


class WorkerDidNotStart(RuntimeError):
    """The server process exited or printed something else instead of its address."""


class Worker:
    """`acupressure serve --clinic` in its own process on a free port (as one of N workers).

    `extra` are more options of `serve`; `line` is what it printed first (its address).
    `capture_stderr=False` leaves the server's stderr on the terminal: a load run would fill
    an unread pipe.
    """

    def __init__(self, db_url: str, *extra: str, capture_stderr: bool = True) -> None:
        command = [
            sys.executable,
            "-c",
            "from acupressure.cli import main; main()",
            "serve",
            "--clinic",
            "--port",
            "0",
            "--db",
            db_url,
            *extra,
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if capture_stderr else None,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        self.line = line = self.process.stdout.readline()
        if "running at" not in line:
            _out, err = self.process.communicate(timeout=10)
            raise WorkerDidNotStart(f"a clinic worker did not start: {line}{err or ''}")
        self.url = line.split("running at ", 1)[1].split(" ", 1)[0].rstrip("/")

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=15)


def login(http: httpx.Client, email: str, password: str, base: str = "") -> dict[str, str]:
    """The Authorization header of a fresh token for that account, from POST /api/token."""
    response = http.post(f"{base}/api/token", json={"email": email, "password": password})
    if response.status_code != 200:
        raise AssertionError(f"login as {email}: {response.status_code} {response.text}")
    return {"Authorization": f"Bearer {response.json()['access_token']}"}

"""Helpers for the clinic-mode web tests: an app on a clinic database, accounts made
through the real repository, and logins through the real token route."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from acupressure.clinic import Account, Accounts
from acupressure.web import Settings, create_app
from webapp import BASE_URL

PASSWORD = "correct horse battery"


@dataclass
class Clinic:
    """A clinic-mode app and a way to act as any of its accounts."""

    client: TestClient

    @property
    def accounts(self) -> Accounts:
        found: Accounts = self.client.app.state.accounts  # type: ignore[attr-defined]
        return found

    def add(self, email: str, role: str, practitioner: str | None = None) -> Account:
        return self.accounts.add(
            email=email, role=role, password=PASSWORD, practitioner_email=practitioner
        )

    def token(self, email: str) -> dict[str, str]:
        response = self.client.post("/api/token", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def clinic_app(db_url: str, **extra: object) -> Clinic:
    settings = Settings(db_url=db_url, clinic=True, **extra)  # type: ignore[arg-type]
    client = TestClient(create_app(settings), base_url=BASE_URL, follow_redirects=False)
    return Clinic(client)


class Worker:
    """`acupressure serve --clinic` in its own process on a free port (as one of N workers)."""

    def __init__(self, db_url: str) -> None:
        import os
        import subprocess
        import sys

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
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if "running at" not in line:
            _out, err = self.process.communicate(timeout=10)
            raise AssertionError(f"the clinic worker did not start: {line}{err}")
        self.url = line.split("running at ", 1)[1].split(" ", 1)[0].rstrip("/")

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=15)

"""Helpers for the clinic-mode web tests: an app on a clinic database, accounts made
through the real repository, and logins through the real token route (the login and the
server process, `Worker`, are tools/clinic/clinic_worker.py's, shared with the bench)."""

from __future__ import annotations

from dataclasses import dataclass

from clinic_worker import login
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
        return login(self.client, email, PASSWORD)


def clinic_app(db_url: str, **extra: object) -> Clinic:
    settings = Settings(db_url=db_url, clinic=True, **extra)  # type: ignore[arg-type]
    client = TestClient(create_app(settings), base_url=BASE_URL, follow_redirects=False)
    return Clinic(client)

"""Two `serve --clinic` processes on one database, as two workers behind a proxy: a login,
a form token, a logout and the login rate limit made on one are honoured on the other,
and sessions recorded through both at once all arrive, each in its owner's diary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from clinic_worker import Worker

from acupressure.clinic import Accounts, open_clinic
from acupressure.clinic.auth import MAX_FAILURES_PER_EMAIL
from clinic_web import PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


@pytest.fixture
def workers(clinic_db_url: str) -> Iterator[tuple[Worker, Worker]]:
    engine = open_clinic(clinic_db_url)
    accounts = Accounts(engine)
    accounts.add(email="pat@clinic.example", role="practitioner", password=PASSWORD)
    for name in ("ann", "bob"):
        accounts.add(
            email=f"{name}@home.example",
            role="client",
            password=PASSWORD,
            practitioner_email="pat@clinic.example",
        )
    engine.dispose()
    first = Worker(clinic_db_url)
    try:
        second = Worker(clinic_db_url)
    except BaseException:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()


def test_a_token_from_one_worker_works_on_the_other(workers: tuple[Worker, Worker]) -> None:
    one, two = workers
    token = httpx.post(
        f"{one.url}/api/token", json={"email": "ann@home.example", "password": PASSWORD}
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    entry = {"started_at": "2026-03-02T08:00:00+00:00", "pain_before": 4, "pain_after": 3}
    assert (
        httpx.post(f"{two.url}/api/diary/sessions", json=entry, headers=headers).status_code == 201
    )
    diary = httpx.get(f"{one.url}/api/diary", headers=headers).json()
    assert len(diary["sessions"]) == 1
    httpx.delete(f"{two.url}/api/token", headers=headers)
    assert httpx.get(f"{one.url}/api/diary", headers=headers).status_code == 401


def test_a_browser_login_spans_the_workers(workers: tuple[Worker, Worker]) -> None:
    one, two = workers
    with httpx.Client(follow_redirects=False) as browser:
        form = TOKEN.search(browser.get(f"{one.url}/login").text)
        assert form
        # the form came from worker one; worker two checks its token (a shared secret)
        done = browser.post(
            f"{two.url}/login",
            data={"email": "bob@home.example", "password": PASSWORD, "csrf_token": form.group(1)},
        )
        assert done.status_code == 303, done.text
        assert browser.get(f"{one.url}/diary").status_code == 200
        page = browser.get(f"{two.url}/diary").text
        logout = TOKEN.search(page)
        assert logout
        browser.post(f"{one.url}/logout", data={"csrf_token": logout.group(1)})
        assert browser.get(f"{two.url}/diary").status_code == 303


def test_the_login_limit_counts_across_workers(workers: tuple[Worker, Worker]) -> None:
    one, two = workers
    for attempt in range(MAX_FAILURES_PER_EMAIL):
        url = (one, two)[attempt % 2].url
        wrong = httpx.post(
            f"{url}/api/token", json={"email": "ann@home.example", "password": "guess"}
        )
        assert wrong.status_code == 401
    for worker in (one, two):
        refused = httpx.post(
            f"{worker.url}/api/token", json={"email": "ann@home.example", "password": PASSWORD}
        )
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0


def test_sessions_recorded_through_both_at_once_all_arrive(
    workers: tuple[Worker, Worker],
) -> None:
    one, two = workers
    headers = {}
    for name in ("ann", "bob"):
        token = httpx.post(
            f"{one.url}/api/token", json={"email": f"{name}@home.example", "password": PASSWORD}
        ).json()
        headers[name] = {"Authorization": f"Bearer {token['access_token']}"}

    def record(number: int) -> int:
        name = ("ann", "bob")[number % 2]
        url = (one, two)[(number // 2) % 2].url
        entry = {
            "started_at": f"2026-03-02T08:{number:02d}:00+00:00",
            "pain_before": 5,
            "pain_after": 4,
            "note": f"{name} {number}",
        }
        return httpx.post(
            f"{url}/api/diary/sessions", json=entry, headers=headers[name], timeout=60
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(record, range(24))) == {201}
    for name in ("ann", "bob"):
        notes = [
            s["note"]
            for s in httpx.get(f"{two.url}/api/diary", headers=headers[name]).json()["sessions"]
        ]
        assert len(notes) == 12 and all(note.startswith(name) for note in notes)
    pat = httpx.post(
        f"{two.url}/api/token", json={"email": "pat@clinic.example", "password": PASSWORD}
    ).json()
    seen = httpx.get(
        f"{one.url}/api/clients", headers={"Authorization": f"Bearer {pat['access_token']}"}
    ).json()
    assert sorted(c["email"] for c in seen) == ["ann@home.example", "bob@home.example"]

"""Logins against a real database: the rate limit counts in the database (a second engine,
as a second worker, sees the same count), tokens are stored only as hashes and end on
logout, expiry or a password reset."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text, update

from acupressure.clinic import Accounts, Auth, TooManyAttempts, WrongPassword, open_clinic
from acupressure.clinic.accounts import now
from acupressure.clinic.auth import MAX_FAILURES_PER_EMAIL, digest
from acupressure.clinic.tables import LoginFailureRow, TokenRow

PASSWORD = "correct horse battery"


@pytest.fixture
def engine(clinic_db_url: str) -> Iterator[Engine]:
    engine = open_clinic(clinic_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def auth(engine: Engine) -> Auth:
    accounts = Accounts(engine)
    accounts.add(email="ann@home.example", role="client", password=PASSWORD)
    return Auth(accounts)


def test_the_right_password_logs_in_and_a_wrong_one_does_not(auth: Auth) -> None:
    assert auth.login(email=" ANN@home.example ", password=PASSWORD).email == "ann@home.example"
    with pytest.raises(WrongPassword):
        auth.login(email="ann@home.example", password=PASSWORD + "x")
    with pytest.raises(WrongPassword):  # an unknown address reads the same
        auth.login(email="nobody@home.example", password=PASSWORD)


def test_failures_are_counted_in_the_database_for_every_worker(
    auth: Auth, clinic_db_url: str
) -> None:
    for _ in range(MAX_FAILURES_PER_EMAIL):
        with pytest.raises(WrongPassword):
            auth.login(email="ann@home.example", password="guess", address="10.0.0.9")
    other_worker = open_clinic(clinic_db_url)
    try:
        with pytest.raises(TooManyAttempts) as refused:
            Auth(Accounts(other_worker)).login(email="ann@home.example", password=PASSWORD)
        assert 0 < refused.value.retry_after <= 15 * 60
        with other_worker.begin() as connection:  # the window passes
            connection.execute(update(LoginFailureRow).values(at=now() - timedelta(minutes=16)))
        assert Auth(Accounts(other_worker)).login(email="ann@home.example", password=PASSWORD)
    finally:
        other_worker.dispose()


def test_tokens_are_stored_hashed_and_end_on_logout_and_expiry(auth: Auth, engine: Engine) -> None:
    account = auth.login(email="ann@home.example", password=PASSWORD)
    web, api = auth.issue(account=account, kind="web"), auth.issue(account=account, kind="api")
    with engine.connect() as connection:
        stored = set(connection.execute(text("SELECT digest FROM clinic_token")).scalars())
    assert stored == {digest(web), digest(api)} and web not in stored
    assert auth.resolve(token=api, kind="api") == account
    assert auth.resolve(token=api, kind="web") is None  # a bearer token is not a cookie
    assert auth.resolve(token="made-up", kind="api") is None
    auth.revoke(token=web)
    assert auth.resolve(token=web, kind="web") is None
    with engine.begin() as connection:
        connection.execute(update(TokenRow).values(expires_at=TokenRow.created_at))
    assert auth.resolve(token=api, kind="api") is None

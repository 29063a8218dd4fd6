"""Logging in: passwords checked, failures counted, sessions and tokens issued and resolved.

Nothing lives in the web process: a login session (the web cookie) and an API bearer
token are random values whose SHA-256 is stored with an expiry; the failed logins that the
rate limit counts are rows too. So any number of workers on any number of machines serve
the same people from one database, and a restart logs nobody out.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import delete, func, select

from acupressure.clinic.accounts import Account, Accounts, normal_email, now
from acupressure.clinic.passwords import needs_rehash, verify, verify_nothing
from acupressure.clinic.tables import AccountRow, LoginFailureRow, TokenRow
from acupressure.errors import AcupressureError, BadInput

TokenKind = Literal["web", "api"]
LIFETIME: dict[str, timedelta] = {"web": timedelta(days=7), "api": timedelta(days=30)}
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_ADDRESS = 30
LIMITS = (MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_ADDRESS)  # e-mail key first, address second


class WrongPassword(AcupressureError):
    """The e-mail and password do not match an account (which of the two is not said)."""


class TooManyAttempts(AcupressureError):
    """Too many failed logins lately for this e-mail or from this address."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = -(-retry_after // 60)
        super().__init__(f"Too many failed logins: try again in {minutes} minutes.")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Auth:
    """Login, logout and token lookup over the accounts' database."""

    accounts: Accounts

    def login(self, *, email: str, password: str, address: str = "") -> Account:
        """The account when the password matches; failures count against the e-mail and
        the client address, and past the limit even the right password waits."""
        try:
            wanted = normal_email(email)
        except BadInput:
            wanted = email.strip().lower()[:250]
        keys = [f"email:{wanted}"] + ([f"addr:{address[:250]}"] if address else [])
        with self.accounts.transaction() as session:
            since = now() - FAILURE_WINDOW
            for key, limit in zip(keys, LIMITS, strict=False):
                failures = session.execute(
                    select(func.count(LoginFailureRow.id), func.min(LoginFailureRow.at)).where(
                        LoginFailureRow.key == key, LoginFailureRow.at >= since
                    )
                ).one()
                if failures[0] >= limit:
                    wait = failures[1] + FAILURE_WINDOW - now()
                    raise TooManyAttempts(max(int(wait.total_seconds()), 1))
            row = session.scalar(select(AccountRow).where(AccountRow.email == wanted))
            if row is None:
                verify_nothing(password)
            if row is None or not verify(row.password_hash, password):
                session.add_all(LoginFailureRow(key=key, at=now()) for key in keys)
                failed = True
            else:
                failed = False
                if needs_rehash(row.password_hash):
                    from acupressure.clinic.passwords import hash_password

                    row.password_hash = hash_password(password)
                session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == keys[0]))
                account_id = row.id
        if failed:  # after the commit, so the failure is counted
            raise WrongPassword("Wrong e-mail or password.")
        account = self.accounts.by_id(account_id)
        assert account is not None
        return account

    def issue(self, *, account: Account, kind: TokenKind) -> str:
        """A new random session or API token for the account (only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        with self.accounts.transaction() as session:
            moment = now()
            session.execute(delete(TokenRow).where(TokenRow.expires_at < moment))
            session.add(
                TokenRow(
                    digest=digest(token),
                    kind=kind,
                    account_id=account.id,
                    created_at=moment,
                    expires_at=moment + LIFETIME[kind],
                )
            )
        return token

    def resolve(self, *, token: str, kind: TokenKind) -> Account | None:
        """The account a live token of this kind belongs to, else None."""
        if not token or len(token) > 200:
            return None
        with self.accounts.transaction() as session:
            account_id = session.scalar(
                select(TokenRow.account_id).where(
                    TokenRow.digest == digest(token),
                    TokenRow.kind == kind,
                    TokenRow.expires_at > now(),
                )
            )
        return None if account_id is None else self.accounts.by_id(account_id)

    def revoke(self, *, token: str) -> None:
        """Log out: the token stops working at once, on every worker."""
        with self.accounts.transaction() as session:
            session.execute(delete(TokenRow).where(TokenRow.digest == digest(token)))


__all__ = ["LIFETIME", "Auth", "TokenKind", "TooManyAttempts", "WrongPassword", "digest"]

"""Passwords: Argon2id through argon2-cffi (maintained; passlib is not), and the rules a
new password must meet.

The parameters are OWASP's recommended Argon2id setting (19 MiB, 2 passes, 1 lane;
Password Storage Cheat Sheet): strong against guessing on GPUs, yet a busy clinic server
on two small cores can still check a few logins a second. A stored hash made with other
parameters is re-hashed at the next successful login.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from acupressure.errors import BadInput

MIN_LENGTH = 10
MAX_LENGTH = 1000


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def check_new(password: str) -> str:
    """A password fit to be set, or BadInput saying what is wrong with it."""
    if len(password) < MIN_LENGTH:
        raise BadInput(f"the password is too short: use at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise BadInput(f"the password is too long: use at most {MAX_LENGTH} characters")
    if password != password.strip():
        raise BadInput("the password starts or ends with a space: leave them out")
    return password


def hash_password(password: str) -> str:
    return _hasher().hash(check_new(password))


def verify(password_hash: str, password: str) -> bool:
    """True when the password matches; a malformed stored hash never matches."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def _dummy() -> str:
    return _hasher().hash("no account has this password")


def verify_nothing(password: str) -> None:
    """Spend a verification's time when an unknown e-mail logs in: both answers take as long."""
    verify(_dummy(), password)


__all__ = ["MIN_LENGTH", "check_new", "hash_password", "needs_rehash", "verify", "verify_nothing"]

"""Clinic mode: one server for a practice. Accounts with two roles (practitioners and their
clients, or household clients with no practitioner), logins, assigned routines, and what a
practitioner sees of their own clients' diaries, over the diary's owner-scoped store.

A service package like `diary`: it may use SQLAlchemy; the faces see the models.
"""

from __future__ import annotations

from acupressure.clinic.accounts import ROLES, Account, Accounts, NotFound
from acupressure.clinic.auth import Auth, TooManyAttempts, WrongPassword
from acupressure.clinic.database import UnsafeDatabaseRole, open_clinic

__all__ = [
    "ROLES",
    "Account",
    "Accounts",
    "Auth",
    "NotFound",
    "TooManyAttempts",
    "UnsafeDatabaseRole",
    "WrongPassword",
    "open_clinic",
]

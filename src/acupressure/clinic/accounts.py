"""Accounts and who may see whom: practitioners, their clients, household clients.

A practitioner has clients; a client belongs to one practitioner or to none (a person
using a shared household server). Each account has its own diary, named by its `owner`.
Whether one account may see another's diary is decided here and only here
(`client_of`); the diary store then opens exactly that one owner's diary.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, Select, func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from acupressure.clinic.passwords import hash_password
from acupressure.clinic.tables import AccountRow
from acupressure.diary.store import DiaryError
from acupressure.errors import BadInput, NotFound

Role = Literal["practitioner", "client"]
ROLES: tuple[Role, ...] = ("practitioner", "client")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


class Account(BaseModel):
    """An account as the faces see it: never its password hash."""

    model_config = ConfigDict(frozen=True)

    id: int
    email: str
    role: Role
    practitioner_id: int | None
    practitioner_email: str | None
    owner: str
    created_at: datetime

    def to_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude={"owner"})


def normal_email(email: str) -> str:
    """The address as stored: trimmed, lower case, and shaped like an address."""
    cleaned = email.strip().lower()
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise BadInput(f"{email!r} is not an e-mail address")
    return cleaned


def now() -> datetime:
    """Naive UTC, as every table stores times."""
    return datetime.now(UTC).replace(tzinfo=None)


_PRACTITIONER = aliased(AccountRow)


def _accounts() -> Select[AccountRow, str]:
    return select(AccountRow, _PRACTITIONER.email).outerjoin(
        _PRACTITIONER, AccountRow.practitioner_id == _PRACTITIONER.id
    )


def _account(row: AccountRow, practitioner_email: str | None) -> Account:
    return Account(
        id=row.id,
        email=row.email,
        role=row.role,
        practitioner_id=row.practitioner_id,
        practitioner_email=practitioner_email,
        owner=row.owner,
        created_at=row.created_at.replace(tzinfo=UTC),
    )


class Accounts:
    """The accounts repository: every change is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except IntegrityError as error:
            raise BadInput(f"the clinic database refused the change: {error.orig}") from error
        except SQLAlchemyError as error:
            raise DiaryError(f"the clinic database could not be used: {error}") from error

    def _one(self, session: Session, *condition: ColumnElement[bool]) -> Account | None:
        query = _accounts().where(*condition)
        found = session.execute(query).first()
        return None if found is None else _account(found[0], found[1])

    def add(
        self, *, email: str, role: str, password: str, practitioner_email: str | None = None
    ) -> Account:
        """A new account; a client may name their practitioner, who must exist already."""
        if role not in ROLES:
            raise BadInput(f"--role must be practitioner or client, not {role!r}")
        address = normal_email(email)
        if role == "practitioner" and practitioner_email:
            raise BadInput("--practitioner: only a client belongs to a practitioner")
        password_hash = hash_password(password)
        with self.transaction() as session:
            if session.scalar(select(AccountRow.id).where(AccountRow.email == address)):
                raise BadInput(f"an account for {address} already exists")
            practitioner_id = None
            if practitioner_email:
                practitioner = self._one(
                    session, AccountRow.email == normal_email(practitioner_email)
                )
                if practitioner is None or practitioner.role != "practitioner":
                    raise BadInput(f"--practitioner: no practitioner {practitioner_email!r}")
                practitioner_id = practitioner.id
            row = AccountRow(
                email=address,
                role=role,
                practitioner_id=practitioner_id,
                owner=f"account-{secrets.token_hex(16)}",
                password_hash=password_hash,
                created_at=now(),
            )
            session.add(row)
            session.flush()
            found = self._one(session, AccountRow.id == row.id)
            assert found is not None
            return found

    def all(self) -> list[Account]:
        """Every account, practitioners first, then by e-mail."""
        with self.transaction() as session:
            query = _accounts().order_by(AccountRow.role.desc(), AccountRow.email)
            return [_account(row, email) for row, email in session.execute(query)]

    def get(self, *, email: str) -> Account:
        with self.transaction() as session:
            found = self._one(session, AccountRow.email == normal_email(email))
        if found is None:
            raise NotFound(f"no account for {email!r}")
        return found

    def by_id(self, account_id: int) -> Account | None:
        with self.transaction() as session:
            return self._one(session, AccountRow.id == account_id)

    def remove(self, *, email: str) -> Account:
        """Delete an account with its sessions and tokens (its clients become household
        clients); the caller has already dealt with the diary."""
        account = self.get(email=email)
        with self.transaction() as session:
            row = session.get(AccountRow, account.id)
            if row is not None:
                session.delete(row)
        return account

    def set_password(self, *, email: str, password: str) -> Account:
        """A new password (a reset): every session and token of the account ends."""
        from acupressure.clinic.tables import TokenRow

        password_hash = hash_password(password)
        account = self.get(email=email)
        with self.transaction() as session:
            row = session.get(AccountRow, account.id)
            assert row is not None
            row.password_hash = password_hash
            for token in session.scalars(select(TokenRow).where(TokenRow.account_id == row.id)):
                session.delete(token)
        return account

    def clients_of(self, practitioner: Account) -> list[Account]:
        """A practitioner's own clients; anyone else has none."""
        if practitioner.role != "practitioner":
            return []
        with self.transaction() as session:
            query = (
                _accounts()
                .where(AccountRow.practitioner_id == practitioner.id)
                .order_by(AccountRow.email)
            )
            return [_account(row, email) for row, email in session.execute(query)]

    def client_of(self, practitioner: Account, client_id: int) -> Account:
        """The practitioner's own client with this id, else NotFound (whether or not
        the id exists: nobody learns about other practices' clients)."""
        if practitioner.role == "practitioner":
            with self.transaction() as session:
                found = self._one(
                    session,
                    AccountRow.id == client_id,
                    AccountRow.practitioner_id == practitioner.id,
                )
            if found is not None:
                return found
        raise NotFound(f"no client {client_id} of yours")

    def count(self) -> int:
        with self.transaction() as session:
            return int(session.scalar(select(func.count(AccountRow.id))) or 0)


__all__ = ["ROLES", "Account", "Accounts", "NotFound", "Role", "normal_email", "now"]

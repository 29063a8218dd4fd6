"""CLI commands: `acupressure users ...`, the accounts of clinic mode (add, list, remove,
password, adopt-diary).

The database is `--db URL`, else ACUPRESSURE_DB. Passwords are read from stdin, one line,
so they never appear in the shell's history or the process list.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from acupressure.cli.output import emit_json, fail, reported_errors

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from acupressure.clinic.accounts import Account

users_app = typer.Typer(
    help="Accounts of clinic mode: practitioners and their clients (see `serve --clinic`).",
    no_args_is_help=True,
)

Db = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL of the clinic database (default: $ACUPRESSURE_DB)."),
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
Email = Annotated[str, typer.Argument(help="The account's e-mail address.")]


def register(app: typer.Typer) -> None:
    """Add the `users` command group to the application."""
    app.add_typer(users_app, name="users")


@contextmanager
def _clinic(db: str | None) -> Iterator[Engine]:
    """The clinic database, migrated, its engine disposed on the way out."""
    from acupressure.clinic.database import open_clinic

    with reported_errors():
        engine = open_clinic(db, check=False)
        try:
            yield engine
        finally:
            engine.dispose()


def _password() -> str:
    """One line from stdin, without its line ending."""
    line = sys.stdin.readline()
    if not line:
        fail("give the password on stdin, one line (e.g. from a password manager)")
    return line.rstrip("\r\n")


def _line(account: Account) -> str:
    belongs = f" (client of {account.practitioner_email})" if account.practitioner_email else ""
    return f"{account.email}  {account.role}{belongs}"


@users_app.command("add")
def add(
    email: Email,
    role: Annotated[str, typer.Option("--role", help="practitioner or client.")],
    practitioner: Annotated[
        str | None, typer.Option("--practitioner", help="A client's practitioner (e-mail).")
    ] = None,
    db: Db = None,
    as_json: Json = False,
) -> None:
    """Add an account; its password is read from stdin (one line, 10 characters or more)."""
    from acupressure.clinic.accounts import Accounts
    from acupressure.clinic.passwords import check_new

    password = _password()
    with reported_errors():
        check_new(password)
    with _clinic(db) as engine, reported_errors():
        account = Accounts(engine).add(
            email=email, role=role, password=password, practitioner_email=practitioner
        )
    if as_json:
        emit_json(account.to_json())
    else:
        typer.echo(f"added {_line(account)}")


@users_app.command("list")
def list_users(db: Db = None, as_json: Json = False) -> None:
    """List every account: practitioners first, and whose client each client is."""
    from acupressure.clinic.accounts import Accounts

    with _clinic(db) as engine, reported_errors():
        accounts = Accounts(engine).all()
    if as_json:
        emit_json([account.to_json() for account in accounts])
        return
    for account in accounts:
        typer.echo(_line(account))
    if not accounts:
        typer.echo("No accounts yet: add one with `acupressure users add EMAIL --role ...`.")


@users_app.command("remove")
def remove(
    email: Email,
    delete_diary: Annotated[
        bool, typer.Option("--delete-diary", help="Also delete the account's diary entries.")
    ] = False,
    db: Db = None,
) -> None:
    """Remove an account (its clients stay, without a practitioner). An account whose diary
    holds entries is kept unless --delete-diary says to delete them too."""
    from acupressure.clinic.accounts import Accounts
    from acupressure.diary.store import DiaryStore

    with _clinic(db) as engine, reported_errors():
        accounts = Accounts(engine)
        account = accounts.get(email=email)
        diary = DiaryStore(engine, owner=account.owner)
        entries = diary.count()
        if entries and not delete_diary:
            fail(
                f"{account.email}'s diary holds {entries} entries: pass --delete-diary to "
                "delete them with the account"
            )
        erased = diary.erase() if entries else 0
        accounts.remove(email=email)
    typer.echo(f"removed {account.email}" + (f" and {erased} diary entries" if erased else ""))


@users_app.command("password")
def password(email: Email, db: Db = None) -> None:
    """Reset an account's password (read from stdin); it is logged out everywhere."""
    from acupressure.clinic.accounts import Accounts
    from acupressure.clinic.passwords import check_new

    new = _password()
    with reported_errors():
        check_new(new)
    with _clinic(db) as engine, reported_errors():
        account = Accounts(engine).set_password(email=email, password=new)
    typer.echo(f"new password set for {account.email}")


@users_app.command("adopt-diary")
def adopt_diary(
    email: Email,
    source: Annotated[
        str, typer.Option("--from", help="SQLAlchemy URL of the single-user diary to bring in.")
    ],
    db: Db = None,
    as_json: Json = False,
) -> None:
    """Bring a single-user diary into the clinic database as this account's diary."""
    from acupressure.clinic.adopt import adopt_diary as adopt

    with _clinic(db) as engine, reported_errors():
        result = adopt(engine=engine, email=email, source_url=source)
    counts = {
        "sessions": result.added_sessions,
        "checkins": result.added_checkins,
        "replaced": result.replaced_checkins,
        "skipped": result.skipped_duplicates,
    }
    if as_json:
        emit_json(counts)
    else:
        typer.echo(
            f"adopted {counts['sessions']} sessions and {counts['checkins']} check-ins "
            f"({counts['skipped']} already there)"
        )

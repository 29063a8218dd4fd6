"""Correcting the diary: edit or delete an entry, undo the last correction, see the history.

A mistaken tick ("bruising") must not show a stop banner for four weeks, yet a diary that
forgets is not a diary: every edit and delete keeps the entry as it was in `diary_revision`
(in the same transaction as the change), so `undo` can put it back, uid and all. Deleting is
real (the row goes), so summaries, alerts, charts and exports never see a deleted entry.
Every statement is built by the store's OwnerScope: corrections reach only the store's
owner's entries and history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import Connection, Table

from acupressure.diary.entries import STORED, CheckIn, SessionEntry, ahead_of_now, parse, utc
from acupressure.diary.rows import checkin_values as _checkin_values
from acupressure.diary.rows import session_data as _session_data
from acupressure.diary.rows import session_values as _session_values
from acupressure.diary.store import DiaryStore, OwnerScope, _checkin
from acupressure.diary.tables import checkins, revisions, sessions
from acupressure.errors import BadInput, NotFound

Kind = Literal["session", "checkin"]
Action = Literal["edit", "delete"]
Entry = SessionEntry | CheckIn

SESSION_EDITABLE = frozenset(
    {"started_at", "ended_at", "routine", "pain_before", "pain_after", "side_effects", "note"}
)
CHECKIN_EDITABLE = frozenset({"week_of", "average_pain", "interference", "note"})
WHAT = {"session": "session", "checkin": "check-in"}


class NothingToUndo(BadInput):
    """Undo was asked for, but no correction is left to take back."""


class Revision(BaseModel):
    """One correction as the history shows it: the entry before, and after an edit."""

    model_config = ConfigDict(frozen=True)

    id: int
    at: datetime
    kind: Kind
    action: Action
    entry_id: int
    entry_uid: str
    before: dict[str, Any]
    after: dict[str, Any] | None
    undone_at: datetime | None

    @property
    def summary(self) -> str:
        """A line a person reads: what changed, in words."""
        what = WHAT[self.kind]
        if self.action == "delete":
            return f"Deleted {what} {self.entry_id}."
        changed = [
            name.replace("_", " ")
            for name in self.before
            if self.after is not None and self.before.get(name) != self.after.get(name)
        ]
        return f"Changed {', '.join(changed) or 'nothing'} of {what} {self.entry_id}."


class Undone(BaseModel):
    """What `undo` took back, and the entry as it is again."""

    model_config = ConfigDict(frozen=True)

    revision: Revision
    entry: SessionEntry | CheckIn

    @property
    def message(self) -> str:
        what = WHAT[self.revision.kind]
        if self.revision.action == "delete":
            return f"Undone: the deleted {what} {self.entry.id} is back in the diary."
        return f"Undone: {what} {self.entry.id} is as it was before the edit."


class DiaryCorrections:
    """Edits, deletes and undo over one diary, each change one transaction with its history."""

    def __init__(self, store: DiaryStore) -> None:
        self.store = store

    @property
    def scope(self) -> OwnerScope:
        return self.store.scope

    def get_session(self, *, id: int) -> SessionEntry:
        with self.store._reading() as connection:
            return _session(_row(self.scope, connection, "session", id))

    def get_checkin(self, *, id: int) -> CheckIn:
        with self.store._reading() as connection:
            return _checkin(_row(self.scope, connection, "checkin", id))

    def edit_session(
        self, *, id: int, changes: Mapping[str, Any], now: datetime | None = None
    ) -> SessionEntry:
        """Change some fields of a session; the whole entry is validated again."""
        with self.store._transaction() as connection:
            before = _session(_row(self.scope, connection, "session", id))
            changes = _with_end_moved(before, changes)
            after: SessionEntry = _edited(SessionEntry, before, changes, SESSION_EDITABLE, now)
            if after != before:
                _write(self.scope, connection, "session", id, after)
                _record(self.scope, connection, "edit", before, after)
            return after

    def edit_checkin(
        self, *, id: int, changes: Mapping[str, Any], now: datetime | None = None
    ) -> CheckIn:
        """Change a check-in; moving it to a week that has its own check-in is refused."""
        with self.store._transaction() as connection:
            before = _checkin(_row(self.scope, connection, "checkin", id))
            after: CheckIn = _edited(CheckIn, before, changes, CHECKIN_EDITABLE, now)
            if after.week_of != before.week_of:
                _week_is_free(self.scope, connection, after.week_of, but=id)
            if after != before:
                _write(self.scope, connection, "checkin", id, after)
                _record(self.scope, connection, "edit", before, after)
            return after

    def delete(self, *, kind: Kind, id: int) -> Entry:
        """Remove an entry from the diary; the history keeps it for `undo`."""
        with self.store._transaction() as connection:
            row = _row(self.scope, connection, kind, id)
            entry: Entry = _session(row) if kind == "session" else _checkin(row)
            table = _TABLE[kind]
            connection.execute(self.scope.delete(table).where(table.c.id == id))
            _record(self.scope, connection, "delete", entry, None)
            return entry

    def undo(self, *, now: datetime | None = None) -> Undone:
        """Take back the latest correction not yet undone (an edit or a delete)."""
        with self.store._transaction() as connection:
            query = (
                self.scope.select(revisions)
                .where(revisions.c.undone_at.is_(None))
                .order_by(revisions.c.id.desc())
                .limit(1)
            )
            row = connection.execute(query).first()
            if row is None:
                raise NothingToUndo("There is nothing to undo: no edit or delete is left.")
            revision = _revision_model(row)
            restored = _restore(self.scope, connection, revision)
            stamp = _stamp(now)
            connection.execute(
                self.scope.update(revisions)
                .where(revisions.c.id == revision.id)
                .values(undone_at=stamp)
            )
            done = revision.model_copy(update={"undone_at": stamp.replace(tzinfo=UTC)})
            return Undone(revision=done, entry=restored)

    def history(
        self, *, kind: Kind | None = None, id: int | None = None, limit: int = 200
    ) -> list[Revision]:
        """Corrections, newest first; for one entry when `kind` and `id` are given."""
        with self.store._reading() as connection:
            query = self.scope.select(revisions)
            if kind is not None:
                query = query.where(revisions.c.kind == kind)
            if kind is not None and id is not None:
                table = _TABLE[kind]
                uid_query = self.scope.values(table, table.c.uid).where(table.c.id == id)
                uid = connection.execute(uid_query).scalar()
                if uid is not None:  # the entry as it is: follow it by uid
                    query = query.where(revisions.c.entry_uid == uid)
                else:  # deleted: its id is only in the history
                    query = query.where(revisions.c.entry_id == id)
            query = query.order_by(revisions.c.id.desc()).limit(limit)
            return [_revision_model(row) for row in connection.execute(query)]


_TABLE: dict[str, Table] = {"session": sessions, "checkin": checkins}


def _row(scope: OwnerScope, connection: Connection, kind: Kind, id: int) -> Any:
    table = _TABLE[kind]
    row = connection.execute(scope.select(table).where(table.c.id == id)).first()
    if row is None:
        raise NotFound(f"There is no {WHAT[kind]} {id} in the diary.")
    return row


def _session(row: Any) -> SessionEntry:
    return SessionEntry.model_validate(_session_data(row._mapping), context=STORED)


def _values(entry: Entry) -> dict[str, Any]:
    if isinstance(entry, SessionEntry):
        return _session_values(entry)
    return _checkin_values(entry)


def _write(scope: OwnerScope, connection: Connection, kind: Kind, id: int, entry: Entry) -> None:
    table = _TABLE[kind]
    connection.execute(scope.update(table).where(table.c.id == id).values(_values(entry)))


def _with_end_moved(before: SessionEntry, changes: Mapping[str, Any]) -> Mapping[str, Any]:
    """A new start time moves the end with it (the session lasted as long as before),
    unless the change names the end too."""
    start = changes.get("started_at")
    if start is None or "ended_at" in changes or before.ended_at is None:
        return changes
    try:
        moved = SessionEntry.model_validate({"started_at": start}).started_at
    except ValidationError:
        return changes  # the whole entry's validation names the problem
    return {**changes, "ended_at": before.ended_at + (moved - before.started_at)}


def _edited(
    model: type[Any],
    current: Entry,
    changes: Mapping[str, Any],
    editable: frozenset[str],
    now: datetime | None,
) -> Any:
    fixed = sorted(set(changes) - editable)
    if fixed:
        raise BadInput(
            f"{', '.join(fixed)}: cannot be changed (only {', '.join(sorted(editable))})"
        )
    data = {**current.model_dump(), **changes}
    entry = parse(model, data)
    problem = ahead_of_now(entry, now=now)
    if problem:
        raise BadInput(f"{problem}.")
    return entry


def _week_is_free(
    scope: OwnerScope, connection: Connection, week: date, *, but: int | None
) -> None:
    query = scope.values(checkins, checkins.c.id).where(checkins.c.week_of == week)
    for other in connection.execute(query).scalars():
        if other != but:
            raise BadInput(
                f"week_of: the week of {week} already has check-in {other}; "
                "edit or delete that one instead."
            )


def _restore(scope: OwnerScope, connection: Connection, revision: Revision) -> Entry:
    """Put an entry back as the revision's `before` says: its fields after an edit, a new
    row (its old id if still free) after a delete."""
    kind = revision.kind
    entry: Entry = (
        SessionEntry.model_validate(revision.before, context=STORED)
        if kind == "session"
        else CheckIn.model_validate(revision.before, context=STORED)
    )
    table = _TABLE[kind]
    by_uid = scope.values(table, table.c.id).where(table.c.uid == entry.uid)
    found = connection.execute(by_uid).scalar()
    if isinstance(entry, CheckIn):
        _week_is_free(scope, connection, entry.week_of, but=found)
    if found is not None:
        if revision.action == "delete":
            raise BadInput(f"The {WHAT[kind]} {entry.uid} is already back in the diary.")
        _write(scope, connection, kind, found, entry)
        return entry.model_copy(update={"id": found})
    values = _values(entry)
    result = _insert_with_old_id(scope, connection, table, values, entry.id)
    (row_id,) = result.inserted_primary_key or (None,)
    return entry.model_copy(update={"id": row_id})


def _stamp(now: datetime | None) -> datetime:
    return utc(now or datetime.now(UTC)).replace(tzinfo=None)


def _insert_with_old_id(
    scope: OwnerScope, connection: Connection, table: Table, values: dict[str, Any], old: int | None
) -> Any:
    """Insert the entry again under its old id if that is free, else under a new one.

    Ids belong to the whole table, shared by every owner, and another owner's rows are
    invisible here: so the insert itself is the test, inside a savepoint.
    """
    from sqlalchemy.exc import IntegrityError

    if old is not None:
        try:
            with connection.begin_nested():
                return scope.insert(connection, table, [{**values, "id": old}])
        except IntegrityError:
            pass
    return scope.insert(connection, table, [values])


def _record(
    scope: OwnerScope, connection: Connection, action: Action, before: Entry, after: Entry | None
) -> None:
    assert before.id is not None
    values = {
        "at": _stamp(None),
        "kind": "session" if isinstance(before, SessionEntry) else "checkin",
        "action": action,
        "entry_id": before.id,
        "entry_uid": before.uid,
        "before": before.model_dump_json(),
        "after": None if after is None else after.model_dump_json(),
    }
    scope.insert(connection, revisions, [values])


def _revision_model(row: Any) -> Revision:
    return Revision(
        id=row.id,
        at=row.at.replace(tzinfo=UTC),
        kind=row.kind,
        action=row.action,
        entry_id=row.entry_id,
        entry_uid=row.entry_uid,
        before=json.loads(row.before),
        after=None if row.after is None else json.loads(row.after),
        undone_at=None if row.undone_at is None else row.undone_at.replace(tzinfo=UTC),
    )


__all__ = [
    "CHECKIN_EDITABLE",
    "SESSION_EDITABLE",
    "DiaryCorrections",
    "Kind",
    "NothingToUndo",
    "Revision",
    "Undone",
]

"""CLI commands that correct the diary: `diary edit`, `diary delete`, `diary undo`, `diary history`.

An ID is the number `diary list` shows; sessions and check-ins are numbered apart, so
`--checkin` says the ID is a check-in's. Every change keeps the entry as it was, so
`diary undo` takes back the last edit or delete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from acupressure.cli.diary import Db, Json, _day
from acupressure.cli.everyday import moment as _moment
from acupressure.cli.everyday import opened as _opened
from acupressure.cli.everyday import session_line as _session_line
from acupressure.cli.everyday import show as _show
from acupressure.cli.output import reported_errors

if TYPE_CHECKING:
    from acupressure.diary.corrections import Kind, Revision

EntryId = Annotated[int, typer.Argument(help="The entry's number, as `diary list` shows it.")]
IsCheckIn = Annotated[
    bool, typer.Option("--checkin", help="The ID is a weekly check-in's, not a session's.")
]


def register(app: typer.Typer) -> None:
    """Add the correction commands to the `diary` group."""
    app.command("edit")(edit)
    app.command("delete")(delete)
    app.command("undo")(undo)
    app.command("history")(history)


def edit(
    entry_id: EntryId,
    checkin: IsCheckIn = False,
    when: Annotated[str | None, typer.Option("--date", help="Session: when it started.")] = None,
    pain_before: Annotated[
        int | None, typer.Option("--pain-before", help="Session: pain 0-10 before.")
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option("--pain-after", help="Session: pain 0-10 after.")
    ] = None,
    side_effect: Annotated[
        list[str] | None,
        typer.Option(
            "--side-effect",
            help="Session: the side effects, replacing the old ones "
            "(bruising, more_pain, dizziness, other; repeat).",
        ),
    ] = None,  # fmt: skip
    no_side_effects: Annotated[
        bool, typer.Option("--no-side-effects", help="Session: there were no side effects.")
    ] = False,
    week_of: Annotated[
        str | None, typer.Option("--week-of", help="Check-in: Monday of the week.")
    ] = None,
    average_pain: Annotated[
        int | None, typer.Option("--average-pain", help="Check-in: average pain 0-10.")
    ] = None,
    interference: Annotated[
        int | None, typer.Option("--interference", help="Check-in: how much it got in the way.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Replace the note.")] = None,
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Correct a session or check-in; only the options given change. `diary undo` reverts it."""
    from acupressure.diary.corrections import DiaryCorrections
    from acupressure.errors import BadInput

    with reported_errors():
        session_changes: dict[str, Any] = {
            "started_at": None if when is None else _moment(when),
            "pain_before": pain_before,
            "pain_after": pain_after,
            "side_effects": [] if no_side_effects else _effects(side_effect),
        }
        checkin_changes: dict[str, Any] = {
            "week_of": None if week_of is None else _day(week_of, "--week-of"),
            "average_pain": average_pain,
            "interference": interference,
        }
        mine, other = (
            (checkin_changes, session_changes) if checkin else (session_changes, checkin_changes)
        )
        wrong = [name for name, value in other.items() if value is not None]
        if wrong:
            kind = "a check-in" if not checkin else "a session"
            options = ", ".join("--" + name.replace("_", "-") for name in wrong)
            raise BadInput(f"{options}: only for {kind}" + ("" if checkin else " (add --checkin)"))
        changes = {name: value for name, value in mine.items() if value is not None}
        if note is not None:
            changes["note"] = note
        if not changes:
            raise BadInput("nothing to change: give at least one option, such as --pain-after 3")
        with _opened(db) as store:
            corrections = DiaryCorrections(store)
            if checkin:
                saved: Any = corrections.edit_checkin(id=entry_id, changes=changes)
            else:
                saved = corrections.edit_session(id=entry_id, changes=changes)
    key = "checkin" if checkin else "session"
    text = f"Changed {_what(key)} {saved.id}: {_line(key, saved)}\n"
    text += "(`acupressure diary undo` reverts it.)"
    _show({key: saved.model_dump(mode="json")}, as_json, text)


def delete(
    entry_id: EntryId, checkin: IsCheckIn = False, as_json: Json = False, db: Db = None
) -> None:
    """Remove a session or check-in from the diary; `diary undo` puts it back."""
    from acupressure.diary.corrections import DiaryCorrections

    kind: Kind = "checkin" if checkin else "session"
    with reported_errors(), _opened(db) as store:
        gone = DiaryCorrections(store).delete(kind=kind, id=entry_id)
    text = f"Deleted {_what(kind)} {entry_id}: {_line(kind, gone)}\n"
    text += "(`acupressure diary undo` puts it back.)"
    _show({"deleted": {"kind": kind, "entry": gone.model_dump(mode="json")}}, as_json, text)


def undo(as_json: Json = False, db: Db = None) -> None:
    """Take back the last edit or delete (again and again, newest first)."""
    from acupressure.diary.corrections import DiaryCorrections

    with reported_errors(), _opened(db) as store:
        undone = DiaryCorrections(store).undo()
    document = {"undone": _revision_json(undone.revision), "kind": undone.revision.kind,
                "entry": undone.entry.model_dump(mode="json")}  # fmt: skip
    _show(document, as_json, undone.message)


def history(
    entry_id: Annotated[
        int | None, typer.Argument(help="Only this entry's changes (default: all).")
    ] = None,
    checkin: IsCheckIn = False,
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Every correction made to the diary, newest first, with the entry before and after."""
    from acupressure.diary.corrections import DiaryCorrections

    kind: Kind | None = "checkin" if checkin else ("session" if entry_id is not None else None)
    with reported_errors(), _opened(db) as store:
        revisions = DiaryCorrections(store).history(kind=kind, id=entry_id)
    lines = [
        f"{r.at.astimezone():%Y-%m-%d %H:%M}  {r.summary}" + ("  (undone)" if r.undone_at else "")
        for r in revisions
    ]
    document = {"history": [_revision_json(r) for r in revisions]}
    _show(document, as_json, "\n".join(lines) or "No corrections yet.")


def _effects(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [value.strip().replace("-", "_") for value in values]


def _what(kind: str) -> str:
    return "check-in" if kind == "checkin" else "session"


def _line(kind: str, entry: Any) -> str:
    if kind == "session":
        return str(_session_line(entry))
    return (
        f"week of {entry.week_of}: average pain {entry.average_pain}, "
        f"got in the way {entry.interference}/10"
    )


def _revision_json(revision: Revision) -> dict[str, Any]:
    return {**revision.model_dump(mode="json"), "summary": revision.summary}

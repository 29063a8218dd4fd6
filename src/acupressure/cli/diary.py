"""CLI commands: `acupressure diary ...` (add, list, summary, checkin, chart, export, import;
edit, delete, undo and history are in `diary_edit`).

The database is `--db URL`, else ACUPRESSURE_DB, else a SQLite file in the user's data
directory. Input is validated before the database is touched, so bad input changes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from acupressure.cli import everyday
from acupressure.cli.everyday import opened as _opened
from acupressure.cli.everyday import session_line as _session_line
from acupressure.cli.everyday import show as _show
from acupressure.cli.output import fail, reported_errors

diary_app = typer.Typer(
    help="Keep a pain diary and see honestly whether acupressure is helping.",
    no_args_is_help=True,
)

Db = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL of the diary (default: $ACUPRESSURE_DB, else a "
                 "SQLite file in your data directory)."),
]  # fmt: skip
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
Note = Annotated[str, typer.Option("--note", help="A few words for yourself.")]


def register(app: typer.Typer) -> None:
    """Add the `diary` command group to the application."""
    app.add_typer(diary_app, name="diary")


def _day(text: str | None, option: str) -> date:
    from acupressure.diary.entries import EARLIEST
    from acupressure.errors import BadInput

    if text is None:
        today = date.today()
        return today - timedelta(days=today.weekday())
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise BadInput(f"{option}: {text!r} is not an ISO-8601 date like 2026-11-16") from error
    if day < EARLIEST:
        raise BadInput(f"{option}: {text!r} is before {EARLIEST.year}")
    if day > date.today():
        raise BadInput(f"{option}: {text!r} is in the future; a check-in looks back on a week")
    return day


@diary_app.command("add")
def add(
    pain_before: Annotated[int, typer.Option("--pain-before", help="Pain 0-10 before.")],
    pain_after: Annotated[int, typer.Option("--pain-after", help="Pain 0-10 after.")],
    when: Annotated[str | None, typer.Option("--date", help="ISO-8601 date or time.")] = None,
    side_effect: Annotated[
        list[str] | None,
        typer.Option("--side-effect", help="bruising, more_pain, dizziness or other (repeat)."),
    ] = None,
    note: Note = "",
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Record a session done without the guide (for example from a printed handout)."""
    everyday.add_session(
        pain_before=pain_before,
        pain_after=pain_after,
        when=when,
        side_effects=side_effect or [],
        note=note,
        as_json=as_json,
        db=db,
    )


@diary_app.command("list")
def list_entries(as_json: Json = False, db: Db = None) -> None:
    """Show every session and weekly check-in, oldest first."""
    with reported_errors(), _opened(db) as store:
        sessions, checkins = store.list_sessions(), store.list_checkins()
    document = {"sessions": [s.model_dump(mode="json") for s in sessions],
                "checkins": [c.model_dump(mode="json") for c in checkins]}  # fmt: skip
    lines = [_session_line(s) for s in sessions] or ["No sessions recorded yet."]
    lines += [f"week of {c.week_of}: average pain {c.average_pain}, got in the way "
              f"{c.interference}/10 {c.note}".rstrip() for c in checkins]  # fmt: skip
    _show(document, as_json, "\n".join(lines))


@diary_app.command("summary")
def summary(
    per_day: Annotated[
        int, typer.Option("--per-day", min=1, max=12, help="Sessions planned per day (1 to 12).")
    ] = 3,
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Progress against your first week, adherence, and when to stop or get help."""
    everyday.summary(per_day=per_day, as_json=as_json, db=db)


@diary_app.command("checkin")
def checkin(
    average_pain: Annotated[int, typer.Option("--average-pain", help="Pain 0-10 this week.")],
    interference: Annotated[
        int,
        typer.Option("--interference", help="How much pain got in the way of daily life, 0-10."),
    ],
    week_of: Annotated[str | None, typer.Option("--week-of", help="Monday of the week.")] = None,
    note: Note = "",
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Record the weekly check-in: average pain and how much it got in the way.

    One check-in per week: another for the same --week-of replaces the earlier answers.
    """
    from acupressure.diary.entries import CheckIn, parse

    with reported_errors():
        data = {"week_of": _day(week_of, "--week-of"), "average_pain": average_pain,
                "interference": interference, "note": note}  # fmt: skip
        entry = parse(CheckIn, data)
        with _opened(db) as store:
            saved = store.add_checkin(checkin=entry)
    _show(
        {"checkin": saved.model_dump(mode="json")},
        as_json,
        f"Check-in saved for the week of {saved.week_of}"
        + ("." if saved.uid == entry.uid else "; it replaces the earlier one for that week."),
    )


@diary_app.command("chart")
def chart(
    out: Annotated[Path, typer.Option("--out", help="Image file: .svg or .png.")],
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Draw daily pain with the session days marked."""
    from acupressure.diary.chart import format_for, render

    with reported_errors():
        image = format_for(out.suffix)
        with _opened(db) as store:
            sessions = store.list_sessions()
        picture = render(sessions=sessions, image=image)
    _write(out, picture)
    _show({"out": str(out), "format": image, "sessions": len(sessions)}, as_json, f"Wrote {out}")


@diary_app.command("export")
def export(
    kind: Annotated[str, typer.Option("--format", help="csv, json or fhir (R4 Bundle).")] = "json",
    out: Annotated[Path | None, typer.Option("--out", help="File (default: stdout).")] = None,
    db: Db = None,
) -> None:
    """Write the whole diary as CSV, JSON or a FHIR R4 Bundle of pain Observations."""
    from acupressure.trial.exchange import diary_export_pieces
    from acupressure.trial.store import TrialStore

    with reported_errors():
        _exporter(kind)  # an unknown format is refused before the diary is opened
        with _opened(db) as store:  # streamed: the diary is read a batch at a time
            trials = TrialStore(store.engine).all()
            pieces = diary_export_pieces(
                kind, sessions=store.iter_sessions(), checkins=store.list_checkins(), trials=trials
            )
            if out is None:
                sys.stdout.writelines(pieces)
            else:
                _write_pieces(out, pieces)


def _write(path: Path, data: bytes) -> None:
    """Write a file; a folder that is missing or not writable is a message, not a traceback."""
    try:
        path.write_bytes(data)
    except OSError as error:
        fail(f"--out: cannot write {path}: {error.strerror}", code=1)


def _write_pieces(path: Path, pieces: Iterable[str]) -> None:
    """Write text as it comes into a temporary file beside `path`, then put it in place:
    a failure half-way leaves no half-written export behind."""
    import os

    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            handle.writelines(pieces)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        fail(f"--out: cannot write {path}: {error.strerror}", code=1)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@diary_app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="A CSV or JSON diary file (as exported).")],
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Add entries from a file: all or nothing; entries already present are skipped."""
    from acupressure.diary.exchange import stream_file

    with reported_errors(), _opened(db) as store:  # streamed, in one transaction
        result = store.import_stream(stream_file(file))
    document = {"added_sessions": result.added_sessions, "added_checkins": result.added_checkins,
                "replaced_checkins": result.replaced_checkins,
                "skipped_duplicates": result.skipped_duplicates,
                "skipped_deleted": result.skipped_deleted}  # fmt: skip
    replaced = (f"replaced {result.replaced_checkins} check-ins for weeks already in the diary; "
                if result.replaced_checkins else "")  # fmt: skip
    deleted = (f" Left out {result.skipped_deleted} you had deleted from this diary "
               "(`acupressure diary history` lists them; `diary undo` brings back the last)."
               if result.skipped_deleted else "")  # fmt: skip
    text = (f"Added {result.added_sessions} sessions and {result.added_checkins} check-ins; "
            f"{replaced}skipped {result.skipped_duplicates} already in the diary."
            f"{deleted}")  # fmt: skip
    _show(document, as_json, text)


def _exporter(kind: str) -> None:
    """Refuse an unknown --format before the diary is opened."""
    from acupressure.errors import BadInput

    if kind not in ("csv", "json", "fhir"):
        raise BadInput(f"--format: {kind!r} is not one of csv, json, fhir")

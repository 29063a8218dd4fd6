"""The bodies of the everyday commands: `points show`, `plan FILE`, `diary add`, `summary`.

Free of Typer and Rich (Rich only once a panel is drawn), so the Typer commands and the
fast path in `cli.fast` run exactly this code and print exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acupressure.cli.output import echo, emit_json, reported_errors

if TYPE_CHECKING:
    from acupressure.diary.analytics import Progress
    from acupressure.diary.facts import CheckInFacts
    from acupressure.diary.store import DiaryStore


def show_point(name: str, *, as_json: bool) -> None:
    """`points show NAME`: one entry as a panel, or its JSON document."""
    from acupressure.knowledge.catalogue import quick_lookup

    with reported_errors():
        hit = quick_lookup(name)
    if as_json:
        emit_json({**hit.document, "resolved_from": {"name": name, "assumed": hit.assumed}})
        return
    from acupressure.cli.kept_panels import show_panel

    show_panel(hit.document, hit.sources, assumed=hit.assumed)


def plan_json(profile_path: Path) -> None:
    """`plan FILE --json` (no preset, no reminders): the routine's JSON document."""
    from acupressure.knowledge.catalogue import load_catalogue
    from acupressure.planning.planner import plan
    from acupressure.safety.profile import load_profile

    with reported_errors():
        profile = load_profile(profile_path)
    with reported_errors():
        routine = plan(profile=profile, catalogue=load_catalogue(), preset=None)
    emit_json(routine.to_json())


@contextmanager
def opened(db: str | None) -> Iterator[DiaryStore]:
    """The diary, its engine disposed on the way out."""
    from acupressure.diary.store import DiaryStore, make_engine

    engine = make_engine(db)
    try:
        yield DiaryStore(engine)
    finally:
        engine.dispose()


def moment(text: str | None) -> datetime:
    """--date: an ISO-8601 date (taken as noon local time) or date and time; never the future."""
    from acupressure.diary.dates import EARLIEST, plausible
    from acupressure.errors import BadInput

    if text is None:
        return datetime.now().astimezone()
    try:
        when = (
            datetime.combine(date.fromisoformat(text), time(12))
            if len(text) == 10
            else datetime.fromisoformat(text)
        )
    except ValueError as error:
        raise BadInput(
            f"--date: {text!r} is not an ISO-8601 date like 2026-11-21 or 2026-11-21T08:30"
        ) from error
    if not plausible(when):  # checked first: the calendar's edges overflow a time zone
        which = "in the future" if when.date() > EARLIEST else f"before {EARLIEST.year}"
        raise BadInput(f"--date: {text!r} is {which}")
    when = when.astimezone() if when.tzinfo is None else when
    if when > datetime.now().astimezone() + timedelta(days=1):
        raise BadInput(f"--date: {text!r} is in the future")
    return when


def add_session(
    *,
    pain_before: int,
    pain_after: int,
    when: str | None,
    side_effects: list[str],
    note: str,
    as_json: bool,
    db: str | None,
) -> None:
    """`diary add`: record a session done without the guide."""
    from acupressure.diary import quick
    from acupressure.diary.fields import new_uid
    from acupressure.diary.manual import plain_values, typed_session

    with reported_errors():
        effects = [kind.strip().replace("-", "_") for kind in side_effects]
        uid, started_at = new_uid(), moment(when)
        values = plain_values(uid=uid, started_at=started_at, pain_before=pain_before,
                              pain_after=pain_after, side_effects=effects, note=note)  # fmt: skip
        row_id = None if values is None else quick.add_row(db, values)
        if values is not None and row_id is not None:
            typed = typed_session(row_id, values)
            show({"session": typed.document()}, as_json, session_line(typed))
            return
        from acupressure.diary.entries import SessionEntry, parse

        data = {"uid": uid, "started_at": started_at, "pain_before": pain_before,
                "pain_after": pain_after, "side_effects": effects, "note": note}  # fmt: skip
        entry = parse(SessionEntry, data)
        saved = quick.add_session(db, entry) if values is None else None
        if saved is None:
            with opened(db) as store:
                saved = store.add_session(entry=entry)
    show({"session": saved.model_dump(mode="json")}, as_json, session_line(saved))


def summary(*, per_day: int, as_json: bool, db: str | None) -> None:
    """`diary summary`: progress, adherence, and when to stop or get help."""
    import gc

    # Ten years are some 15,000 small records, none in a cycle, in a process about to end:
    # the cyclic collector would only walk them (a third of what ten years add to a summary).
    gc.disable()
    from acupressure.diary.analytics import document_json, summarise_totals
    from acupressure.diary.kept_totals import summary_totals
    from acupressure.diary.totals import session_totals

    today = date.today()
    checkins: Sequence[CheckInFacts]
    with reported_errors():
        summed = summary_totals(db, today=today)  # a current SQLite diary, summed in SQL
        if summed is None:
            with opened(db) as store:
                totals = session_totals(store.list_sessions(), today=today)
                checkins = store.list_checkins()
        else:
            totals, checkins = summed
    progress = summarise_totals(
        totals=totals, checkins=checkins, today=today, planned_per_day=per_day
    )
    if as_json:
        echo(document_json(progress))
    else:
        echo(summary_text(progress))


def show(document: Any, as_json: bool, text: str) -> None:
    """The JSON document with --json, else the text."""
    if as_json:
        emit_json(document)
    else:
        echo(text)


def session_line(entry: Any) -> str:
    """One session in one line: id, when, pain before and after, origin, routine, side
    effects, note."""
    from acupressure.diary.dates import local
    from acupressure.diary.facts import is_abandoned

    when = local(entry.started_at).strftime("%Y-%m-%d %H:%M")
    pain = f"pain {_n(entry.pain_before)} -> {_n(entry.pain_after)}"
    effects = f"  side effects: {', '.join(entry.side_effects)}" if entry.side_effects else ""
    note = f"  {entry.note}" if entry.note else ""
    abandoned = ", abandoned" if is_abandoned(entry) else ""
    routine = f"  {entry.routine}" if entry.routine else ""
    return f"{entry.id}  {when}  {pain}  ({entry.origin}{abandoned}){routine}{effects}{note}"


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def summary_text(progress: Progress) -> str:
    """The summary for a reader: sparkline, change, relief, adherence, alerts, caveat."""
    lines = [f"Last 28 days (pain before sessions, 0-10): |{progress.sparkline}|"]
    abandoned = progress.abandoned
    lines.append(
        f"Sessions recorded: {progress.sessions}"
        + (
            f" (and {abandoned} ended before the first step was done, not counted)"
            if abandoned
            else ""
        )
    )
    lines.append(progress.change_note)
    relief = progress.relief_after_session
    if relief is not None:
        word = "lower" if relief >= 0 else "higher"
        lines.append(f"Right after a session pain was {abs(relief):.1f} points {word} on average.")
    a = progress.adherence
    lines.append(f"Adherence, last {a.days} days: {a.done} of {a.planned} planned sessions "
                 f"({a.ratio:.0%}, {a.planned_per_day} a day).")  # fmt: skip
    for alert in progress.alerts:
        lines.append(f"! {alert.reason} {alert.advice}")
    lines.append(progress.caveat)
    return "\n".join(lines)

"""Diary files in and out: CSV and JSON both ways, FHIR R4 out.

Reading is all or nothing: every row is validated before anything is stored, and the
error names each bad row and field. Entries keep their uid, so importing a file twice (or
an export back into the same diary) adds nothing the second time; a row without a uid gets
one made from its content (time, pains, note), so the same row always has the same uid.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from acupressure.diary.entries import (
    CheckIn,
    Model,
    SessionEntry,
    ahead_of_now,
    content_uid,
    parse,
    utc,
)
from acupressure.errors import BadInput

FORMAT = "acupressure-diary"
VERSION = 1
SESSION_FIELDS = (
    "uid", "started_at", "ended_at", "routine", "steps_planned", "steps_completed",
    "pain_before", "pain_after", "side_effects", "note", "origin",
)  # fmt: skip
CHECKIN_FIELDS = ("uid", "week_of", "average_pain", "interference", "note")
CSV_COLUMNS = ("kind", *SESSION_FIELDS, "week_of", "average_pain", "interference")
MAX_PROBLEMS = 20
# What the personal trial (a service over the diary) adds to an export: a "trials" section
# in JSON, rows of these kinds with these columns in CSV. The diary writes them as given and
# an import reads past them, so a whole export can be imported back into a diary.
EXTRA_JSON_KEYS = ("trials",)
EXTRA_CSV_KINDS = ("trial", "trial_period", "trial_rating")
EXTRA_CSV_COLUMNS = ("trial", "day", "arm", "pair", "pain", "design")

LOINC_PAIN = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
FHIR_NAMESPACE = uuid.UUID("6f1c1d8e-5a53-4c3e-9a8e-2f0d8b7c4a10")
IDENTIFIER_SYSTEM = "urn:acupressure:diary"


@dataclass(frozen=True)
class Parsed:
    """Entries read from a file, all valid, not yet stored."""

    sessions: list[SessionEntry]
    checkins: list[CheckIn]


def _session_json(entry: SessionEntry) -> dict[str, Any]:
    data = entry.model_dump(mode="json", exclude={"id"})
    data["started_at"] = utc(entry.started_at).isoformat()
    data["ended_at"] = None if entry.ended_at is None else utc(entry.ended_at).isoformat()
    return data


def to_json(
    *,
    sessions: Sequence[SessionEntry],
    checkins: Sequence[CheckIn],
    extra: Mapping[str, Any] | None = None,
) -> str:
    """The whole diary as one JSON document (times in UTC); `extra`: EXTRA_JSON_KEYS."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "sessions": [_session_json(entry) for entry in sessions],
        "checkins": [c.model_dump(mode="json", exclude={"id"}) for c in checkins],
        **{key: value for key, value in (extra or {}).items() if key in EXTRA_JSON_KEYS},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(
    *,
    sessions: Sequence[SessionEntry],
    checkins: Sequence[CheckIn],
    extra_rows: Sequence[Mapping[str, Any]] = (),
) -> str:
    """One CSV for every kind of entry; a `kind` column says which columns apply.

    `extra_rows` (kinds EXTRA_CSV_KINDS) add the EXTRA_CSV_COLUMNS to the header.
    """
    buffer = io.StringIO()
    columns = (*CSV_COLUMNS, *EXTRA_CSV_COLUMNS) if extra_rows else CSV_COLUMNS
    writer = csv.DictWriter(buffer, fieldnames=columns)  # RFC 4180: CRLF, quotes CR too
    writer.writeheader()
    for entry in sessions:
        row = _session_json(entry)
        row["side_effects"] = ";".join(entry.side_effects)
        writer.writerow({"kind": "session", **{k: _cell(v) for k, v in row.items()}})
    for checkin in checkins:
        row = checkin.model_dump(mode="json", exclude={"id"})
        writer.writerow({"kind": "checkin", **{k: _cell(v) for k, v in row.items()}})
    for extra in extra_rows:
        writer.writerow({key: _cell(value) for key, value in extra.items()})
    return buffer.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(text: str) -> bool:
    """Text a spreadsheet would run as a formula (OWASP's CSV injection list), also when
    it is hidden behind the quote marks that neutralise it."""
    return text.lstrip("'").startswith(_FORMULA_STARTS)


def _cell(value: Any) -> str:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading quote mark,
    which `parse_csv` takes off again, so a round trip stays exact."""
    text = "" if value is None else str(value)
    return f"'{text}" if _formula_like(text) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and _formula_like(text[1:]) else text


def to_fhir(
    *,
    sessions: Sequence[SessionEntry],
    checkins: Sequence[CheckIn],
    now: datetime | None = None,
    extra_entries: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """A FHIR R4 Bundle (collection) of pain Observations, LOINC 72514-3, one per rating.

    Ratings before and after a session become separate Observations at the start and end
    of the session; a weekly check-in's average pain covers the week as a period. The
    interference item is our own wording with no standard code, so it is left out.
    """
    entries: list[dict[str, Any]] = []
    for entry in sessions:
        ratings = (
            (entry.started_at, entry.pain_before, "before"),
            (entry.ended_at or entry.started_at, entry.pain_after, "after"),
        )
        for moment, value, label in ratings:
            if value is not None:
                effective: dict[str, Any] = {"effectiveDateTime": utc(moment).isoformat()}
                note = f"Rated {label} an acupressure session."
                entries.append(_observation(f"{entry.uid}/{label}", value, effective, note))
    for checkin in checkins:
        end = min(checkin.week_of, date.max - timedelta(days=6)) + timedelta(days=6)
        effective = {
            "effectivePeriod": {"start": checkin.week_of.isoformat(), "end": end.isoformat()}
        }
        note = "Average pain over the week (weekly check-in)."
        entries.append(
            _observation(f"{checkin.uid}/average", checkin.average_pain, effective, note)
        )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": (now or datetime.now(UTC)).astimezone(UTC).isoformat(),
        "entry": [*entries, *extra_entries],
    }


def pain_observation(key: str, value: int, effective: dict[str, Any], note: str) -> dict[str, Any]:
    """A Bundle entry: one pain rating (LOINC 72514-3) with a stable id from `key`."""
    return _observation(key, value, effective, note)


def _observation(key: str, value: int, effective: dict[str, Any], note: str) -> dict[str, Any]:
    resource_id = str(uuid.uuid5(FHIR_NAMESPACE, key))
    return {
        "fullUrl": f"urn:uuid:{resource_id}",
        "resource": {
            "resourceType": "Observation",
            "id": resource_id,
            "identifier": [{"system": IDENTIFIER_SYSTEM, "value": key}],
            "status": "final",
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                            "code": "survey",
                            "display": "Survey",
                        }
                    ]
                }
            ],
            "code": {"coding": [LOINC_PAIN], "text": "Pain intensity 0-10"},
            **effective,
            "valueInteger": value,
            "note": [{"text": note}],
        },
    }


def read_file(path: Path) -> Parsed:
    """Read and validate a CSV or JSON diary file (by suffix, else by its first character)."""
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise BadInput(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    except OSError as error:
        raise BadInput(f"{path}: cannot read ({error.strerror})") from error
    suffix = path.suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and content.lstrip()[:1] in ("{", "[")):
        return parse_json(content, where=f"{path}: ")
    return parse_csv(content, where=f"{path}: ")


def parse_json(content: str, *, where: str = "") -> Parsed:
    """Validate a JSON export (or a hand-written file of the same shape)."""
    try:
        document = json.loads(content)
    except json.JSONDecodeError as error:
        raise BadInput(f"{where}not valid JSON: {error.msg} at line {error.lineno}") from error
    except RecursionError:
        raise BadInput(f"{where}nested too deeply to be a diary export") from None
    if not isinstance(document, dict):
        raise BadInput(f"{where}expected a JSON object with 'sessions' and 'checkins'")
    known = {"format", "version", "sessions", "checkins", *EXTRA_JSON_KEYS}
    unknown = sorted(set(document) - known)
    if unknown:
        raise BadInput(f"{where}unknown keys {', '.join(unknown)}")
    if document.get("format", FORMAT) != FORMAT or document.get("version", VERSION) != VERSION:
        raise BadInput(f"{where}not an {FORMAT} file of version {VERSION}")
    problems: list[str] = []
    sessions = _parse_all(SessionEntry, document.get("sessions", []), "sessions", problems)
    checkins = _parse_all(CheckIn, document.get("checkins", []), "checkins", problems)
    _raise_if(problems, where)
    return Parsed(sessions, checkins)


def _parse_all(kind: Any, items: Any, name: str, problems: list[str]) -> list[Any]:
    if not isinstance(items, list):
        problems.append(f"'{name}' must be a list")
        return []
    parsed = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"{name}[{index}]: must be an object")
            continue
        data = {k: v for k, v in item.items() if k != "id"}
        if kind is SessionEntry:
            data.setdefault("origin", "import")
        where = f"{name}[{index}]."
        try:
            parsed.append(_named(_past(parse(kind, data, where=where), where), data))
        except BadInput as error:
            problems.append(str(error))
    return parsed


def parse_csv(content: str, *, where: str = "") -> Parsed:
    """Validate a CSV export; empty cells mean "not given"; `kind` defaults to session."""
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = reader.fieldnames or []
    if not header:
        raise BadInput(f"{where}empty CSV file (no header row)")
    unknown = [c for c in header if c not in CSV_COLUMNS and c not in EXTRA_CSV_COLUMNS]
    if unknown:
        raise BadInput(f"{where}unknown CSV columns {', '.join(unknown)}")
    problems: list[str] = []
    sessions: list[SessionEntry] = []
    checkins: list[CheckIn] = []
    try:
        rows = list(reader)
    except csv.Error as error:
        raise BadInput(f"{where}malformed CSV: {error}") from error
    for number, row in enumerate(rows, start=2):
        try:
            _csv_row(row, number, sessions, checkins)
        except BadInput as error:
            problems.append(str(error))
    _raise_if(problems, where)
    return Parsed(sessions, checkins)


def _csv_row(
    row: dict[str | Any, Any], number: int, sessions: list[SessionEntry], checkins: list[CheckIn]
) -> None:
    if None in row or any(value is None for value in row.values()):
        raise BadInput(f"row {number}: wrong number of fields")
    kind = row.get("kind") or "session"
    if kind in EXTRA_CSV_KINDS:
        return  # the trial's rows: exported for reading, not diary entries
    fields = {"session": SESSION_FIELDS, "checkin": CHECKIN_FIELDS}.get(kind)
    if fields is None:
        raise BadInput(f"row {number}.kind: must be 'session' or 'checkin', not {kind!r}")
    stray = [k for k, v in row.items() if v and k != "kind" and k not in fields]
    if stray:
        raise BadInput(f"row {number}: {', '.join(stray)} do not apply to a {kind}")
    data: dict[str, Any] = {k: _uncell(v) for k, v in row.items() if k in fields and v != ""}
    where = f"row {number}."
    if kind == "checkin":
        checkins.append(_named(_past(parse(CheckIn, data, where=where), where), data))
        return
    data["side_effects"] = [s for s in data.get("side_effects", "").split(";") if s.strip()]
    data.setdefault("origin", "import")
    sessions.append(_named(_past(parse(SessionEntry, data, where=where), where), data))


def _named(entry: Model, data: dict[str, Any]) -> Model:
    """The entry with the uid its row gave, else one made from its content."""
    if data.get("uid"):
        return entry
    return entry.model_copy(update={"uid": content_uid(entry)})


def _past(entry: Model, where: str) -> Model:
    """Refuse a future entry, as the CLI and the web forms do, naming the row and field."""
    problem = ahead_of_now(entry)
    if problem:
        raise BadInput(f"{where}{problem}")
    return entry


def _raise_if(problems: list[str], where: str) -> None:
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"; and {more} more" if more else ""
        raise BadInput(f"{where}nothing imported: {'; '.join(shown)}{tail}")


__all__ = [
    "CSV_COLUMNS",
    "EXTRA_CSV_COLUMNS",
    "EXTRA_CSV_KINDS",
    "EXTRA_JSON_KEYS",
    "LOINC_PAIN",
    "Parsed",
    "pain_observation",
    "parse_csv",
    "parse_json",
    "read_file",
    "to_csv",
    "to_fhir",
    "to_json",
]

"""Diary files in and out: CSV and JSON both ways, FHIR R4 out.

Reading is all or nothing: the error names each bad row and field, and it comes once the
whole file is read, so a store that consumes the stream inside one transaction (see
`DiaryStore.import_stream`) keeps nothing of a bad file. Both directions stream: a file is
read entry by entry (CSV by the csv module, JSON by ijson) and written piece by piece, so
a diary of 400,000 sessions never sits in memory whole. Entries keep their uid, so
importing a file twice (or an export back into the same diary) adds nothing the second
time; a row without a uid gets one made from its content (time, pains, note), so the same
row always has the same uid.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from pathlib import Path
from typing import IO, Any

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
Entry = SessionEntry | CheckIn

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
    return "".join(iter_json(sessions=sessions, checkins=checkins, extra=extra))


def iter_json(
    *,
    sessions: Iterable[SessionEntry],
    checkins: Iterable[CheckIn],
    extra: Mapping[str, Any] | None = None,
) -> Iterator[str]:
    """`to_json`, piece by piece: the same text, never whole in memory."""
    tail = {key: value for key, value in (extra or {}).items() if key in EXTRA_JSON_KEYS}
    return _json_document(
        {"format": FORMAT, "version": VERSION},
        {
            "sessions": (_session_json(entry) for entry in sessions),
            "checkins": (c.model_dump(mode="json", exclude={"id"}) for c in checkins),
        },
        tail,
    )


def _json_document(
    head: Mapping[str, Any], lists: Mapping[str, Iterable[Any]], tail: Mapping[str, Any] = {}
) -> Iterator[str]:
    """`json.dumps(head | lists | tail, ensure_ascii=False, indent=2) + "\n"`, the lists
    written one item at a time (JSON strings hold no raw newline, so indenting is safe)."""
    yield "{"
    parts = [*head.items(), *lists.items(), *tail.items()]
    for number, (key, value) in enumerate(parts):
        yield ("," if number else "") + "\n  " + json.dumps(key) + ": "
        if key not in lists:
            yield _indent(json.dumps(value, ensure_ascii=False, indent=2), "  ")
            continue
        empty = True
        for item in value:
            yield ("[" if empty else ",") + "\n    "
            yield _indent(json.dumps(item, ensure_ascii=False, indent=2), "    ")
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


def _indent(text: str, margin: str) -> str:
    return text.replace("\n", "\n" + margin)


def to_csv(
    *,
    sessions: Sequence[SessionEntry],
    checkins: Sequence[CheckIn],
    extra_rows: Sequence[Mapping[str, Any]] = (),
) -> str:
    """One CSV for every kind of entry; a `kind` column says which columns apply.

    `extra_rows` (kinds EXTRA_CSV_KINDS) add the EXTRA_CSV_COLUMNS to the header.
    """
    return "".join(iter_csv(sessions=sessions, checkins=checkins, extra_rows=extra_rows))


def iter_csv(
    *,
    sessions: Iterable[SessionEntry],
    checkins: Iterable[CheckIn],
    extra_rows: Sequence[Mapping[str, Any]] = (),
) -> Iterator[str]:
    """`to_csv`, a few hundred rows at a time."""
    buffer = io.StringIO()
    columns = (*CSV_COLUMNS, *EXTRA_CSV_COLUMNS) if extra_rows else CSV_COLUMNS
    writer = csv.DictWriter(buffer, fieldnames=columns)  # RFC 4180: CRLF, quotes CR too
    writer.writeheader()
    for count, entry in enumerate(sessions, start=1):
        row = _session_json(entry)
        row["side_effects"] = ";".join(entry.side_effects)
        writer.writerow({"kind": "session", **{k: _cell(v) for k, v in row.items()}})
        if count % 500 == 0:
            yield _drain(buffer)
    for checkin in checkins:
        row = checkin.model_dump(mode="json", exclude={"id"})
        writer.writerow({"kind": "checkin", **{k: _cell(v) for k, v in row.items()}})
    for extra in extra_rows:
        writer.writerow({key: _cell(value) for key, value in extra.items()})
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


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
    entries = [*_observations(sessions, checkins), *extra_entries]
    return {**_bundle_head(now), "entry": entries}


def iter_fhir(
    *,
    sessions: Iterable[SessionEntry],
    checkins: Iterable[CheckIn],
    now: datetime | None = None,
    extra_entries: Sequence[dict[str, Any]] = (),
) -> Iterator[str]:
    """`to_fhir` as indented JSON text, one Observation at a time."""
    entries = chain(_observations(sessions, checkins), extra_entries)
    return _json_document(_bundle_head(now), {"entry": entries})


def pain_observation(key: str, value: int, effective: dict[str, Any], note: str) -> dict[str, Any]:
    """A Bundle entry: one pain rating (LOINC 72514-3) with a stable id from `key`."""
    return _observation(key, value, effective, note)


def _bundle_head(now: datetime | None) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": (now or datetime.now(UTC)).astimezone(UTC).isoformat(),
    }


def _observations(
    sessions: Iterable[SessionEntry], checkins: Iterable[CheckIn]
) -> Iterator[dict[str, Any]]:
    for entry in sessions:
        ratings = (
            (entry.started_at, entry.pain_before, "before"),
            (entry.ended_at or entry.started_at, entry.pain_after, "after"),
        )
        for moment, value, label in ratings:
            if value is not None:
                effective: dict[str, Any] = {"effectiveDateTime": utc(moment).isoformat()}
                note = f"Rated {label} an acupressure session."
                yield _observation(f"{entry.uid}/{label}", value, effective, note)
    for checkin in checkins:
        end = min(checkin.week_of, date.max - timedelta(days=6)) + timedelta(days=6)
        effective = {
            "effectivePeriod": {"start": checkin.week_of.isoformat(), "end": end.isoformat()}
        }
        note = "Average pain over the week (weekly check-in)."
        yield _observation(f"{checkin.uid}/average", checkin.average_pain, effective, note)


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
    return _collect(stream_file(path))


def stream_file(path: Path) -> Iterator[Entry]:
    """Every entry of a CSV or JSON diary file, one at a time; BadInput once the file is read
    when any row was bad (naming every one), or as soon as the file cannot be read at all."""
    try:
        handle = path.open("rb")
    except FileNotFoundError as error:
        raise BadInput(f"{path}: no such file") from error
    except OSError as error:
        raise BadInput(f"{path}: cannot read ({error.strerror})") from error
    with handle:
        try:
            yield from stream_upload(handle, name=path.name, where=f"{path}: ")
        except OSError as error:
            raise BadInput(f"{path}: cannot read ({error.strerror})") from error


class NotUTF8(BadInput):
    """The file is not UTF-8 text (a spreadsheet's own format, another encoding)."""


def stream_upload(handle: IO[bytes], *, name: str, where: str = "") -> Iterator[Entry]:
    """Every entry of a CSV or JSON diary read from `handle` (JSON by the name's suffix,
    else by its first character), one at a time: an upload of any size is never held
    whole. BadInput once it is read when any row was bad; NotUTF8 as soon as a byte is not
    UTF-8 text."""
    checked = _Utf8Checked(handle)
    start = checked.peek(4096)
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:]
        checked.read(3)
    suffix = Path(name).suffix.lower()
    first = start.decode("utf-8", errors="ignore").lstrip()[:1]
    try:
        if suffix == ".json" or (suffix != ".csv" and first in ("{", "[")):
            yield from _json_entries(checked, where)
        else:
            buffered = io.BufferedReader(checked)
            with io.TextIOWrapper(buffered, "utf-8", newline="") as text:
                yield from _csv_entries(text, where)
    except UnicodeDecodeError as error:
        raise NotUTF8(f"{where}not UTF-8 text ({error.reason})") from error


class _Utf8Checked(io.RawIOBase):
    """A binary stream passed through as it is read, raising UnicodeDecodeError at the
    first byte that is not UTF-8, so JSON (which ijson decodes itself) is held to it too."""

    def __init__(self, handle: IO[bytes]) -> None:
        import codecs

        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._ahead = b""

    def readable(self) -> bool:
        return True

    def peek(self, size: int) -> bytes:
        """The next `size` bytes, left to be read."""
        while len(self._ahead) < size:
            more = self._handle.read(size - len(self._ahead))
            if not more:
                break
            self._ahead += more
        return self._ahead[:size]

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            data = self._ahead + self._handle.read()
            self._ahead = b""
        elif self._ahead:
            data, self._ahead = self._ahead[:size], self._ahead[size:]
        else:
            data = self._handle.read(size)
        self._decoder.decode(data, final=not data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def parse_json(content: str, *, where: str = "") -> Parsed:
    """Validate a JSON export (or a hand-written file of the same shape)."""
    return _collect(_json_entries(io.BytesIO(content.encode("utf-8")), where))


def parse_csv(content: str, *, where: str = "") -> Parsed:
    """Validate a CSV export; empty cells mean "not given"; `kind` defaults to session."""
    return _collect(_csv_entries(io.StringIO(content, newline=""), where))


def _collect(entries: Iterable[Entry]) -> Parsed:
    sessions: list[SessionEntry] = []
    checkins: list[CheckIn] = []
    for entry in entries:
        (checkins if isinstance(entry, CheckIn) else sessions).append(entry)  # type: ignore[arg-type]
    return Parsed(sessions, checkins)


class _Problems:
    """The first MAX_PROBLEMS problems of a file, and how many more there were."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.more = 0

    def add(self, problem: str) -> None:
        if len(self.shown) < MAX_PROBLEMS:
            self.shown.append(problem)
        else:
            self.more += 1

    def raise_any(self, where: str) -> None:
        if self.shown:
            tail = f"; and {self.more} more" if self.more else ""
            raise BadInput(f"{where}nothing imported: {'; '.join(self.shown)}{tail}")


_LISTS: dict[str, type[SessionEntry] | type[CheckIn]] = {
    "sessions": SessionEntry,
    "checkins": CheckIn,
}


MAX_DEPTH = 32  # an export nests four deep; deeper is not a diary (and costs memory)
_OPENS = ("start_map", "start_array")
_CLOSES = ("end_map", "end_array")


def _json_entries(stream: IO[bytes] | io.RawIOBase, where: str) -> Iterator[Entry]:
    """The entries of a JSON diary, built one list item at a time from ijson's basic events
    (no prefixes: their length grows with the nesting), nesting bounded by MAX_DEPTH."""
    import ijson

    problems = _Problems()
    keys: list[str] = []
    header: dict[str, Any] = {}
    builder: Any = None
    depth = 0  # 1: inside the top object; 2: inside one of its values
    key = ""
    in_list = False
    counts = dict.fromkeys(_LISTS, 0)
    try:
        for event, value in ijson.basic_parse(stream, use_float=True):
            if event in _OPENS:
                depth += 1
                if depth > MAX_DEPTH:
                    raise BadInput(f"{where}nested too deeply to be a diary export")
            elif event in _CLOSES:
                depth -= 1
            if builder is not None:  # inside one list item
                builder.event(event, value)
                if depth == 2:
                    yield from _json_item(key, counts[key], builder.value, problems)
                    counts[key] += 1
                    builder = None
                continue
            if (depth == 0 and event not in _CLOSES) or (depth, event) == (1, "start_array"):
                raise BadInput(f"{where}expected a JSON object with 'sessions' and 'checkins'")
            if depth == 1 and event == "map_key":
                key, in_list = value, False
                keys.append(value)
            elif depth == 1 and event == "end_array":
                in_list = False
            elif in_list and depth == 3 and event in _OPENS:  # an item that is an object
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
            elif in_list and depth == 2 and event not in _CLOSES:  # a plain value as an item
                yield from _json_item(key, counts[key], value, problems)
                counts[key] += 1
            elif key in _LISTS and not in_list and (depth, event) == (2, "start_array"):
                in_list = True
            elif key in _LISTS and not in_list and depth <= 2 and event not in _CLOSES:
                problems.add(f"'{key}' must be a list")
                key = ""  # its contents are skipped
            elif key in ("format", "version") and depth <= 2 and event not in _CLOSES:
                header[key] = value if event not in _OPENS else object()
                key = ""  # a nested value is not a format: its contents are skipped
    except ijson.JSONError as error:
        raise BadInput(f"{where}not valid JSON: {error}") from error
    except RecursionError:
        raise BadInput(f"{where}nested too deeply to be a diary export") from None
    unknown = sorted(set(keys) - {"format", "version", "sessions", "checkins", *EXTRA_JSON_KEYS})
    if unknown:
        raise BadInput(f"{where}unknown keys {', '.join(unknown)}")
    if header.get("format", FORMAT) != FORMAT or header.get("version", VERSION) != VERSION:
        raise BadInput(f"{where}not an {FORMAT} file of version {VERSION}")
    problems.raise_any(where)


def _json_item(name: str, index: int, item: Any, problems: _Problems) -> Iterator[Entry]:
    if not isinstance(item, dict):
        problems.add(f"{name}[{index}]: must be an object")
        return
    data = {k: v for k, v in item.items() if k != "id"}
    where = f"{name}[{index}]."
    try:
        if name == "sessions":
            data.setdefault("origin", "import")
            yield _named(_past(parse(SessionEntry, data, where=where), where), data)
        else:
            yield _named(_past(parse(CheckIn, data, where=where), where), data)
    except BadInput as error:
        problems.add(str(error))


def _csv_entries(text: IO[str], where: str) -> Iterator[Entry]:
    """The entries of a CSV diary, row by row."""
    reader = csv.DictReader(text)
    try:
        header = reader.fieldnames or []
        if not header:
            raise BadInput(f"{where}empty CSV file (no header row)")
        unknown = [c for c in header if c not in CSV_COLUMNS and c not in EXTRA_CSV_COLUMNS]
        if unknown:
            raise BadInput(f"{where}unknown CSV columns {', '.join(unknown)}")
        problems = _Problems()
        for number, row in enumerate(reader, start=2):
            try:
                entry = _csv_row(row, number)
            except BadInput as error:
                problems.add(str(error))
                continue
            if entry is not None:
                yield entry
    except csv.Error as error:
        raise BadInput(f"{where}malformed CSV: {error}") from error
    problems.raise_any(where)


def _csv_row(row: dict[str | Any, Any], number: int) -> Entry | None:
    """The row's entry; None for the trial's rows (exported for reading, not diary entries)."""
    if None in row or any(value is None for value in row.values()):
        raise BadInput(f"row {number}: wrong number of fields")
    kind = row.get("kind") or "session"
    if kind in EXTRA_CSV_KINDS:
        return None
    fields = {"session": SESSION_FIELDS, "checkin": CHECKIN_FIELDS}.get(kind)
    if fields is None:
        raise BadInput(f"row {number}.kind: must be 'session' or 'checkin', not {kind!r}")
    stray = [k for k, v in row.items() if v and k != "kind" and k not in fields]
    if stray:
        raise BadInput(f"row {number}: {', '.join(stray)} do not apply to a {kind}")
    data: dict[str, Any] = {k: _uncell(v) for k, v in row.items() if k in fields and v != ""}
    where = f"row {number}."
    if kind == "checkin":
        return _named(_past(parse(CheckIn, data, where=where), where), data)
    data["side_effects"] = [s for s in data.get("side_effects", "").split(";") if s.strip()]
    data.setdefault("origin", "import")
    return _named(_past(parse(SessionEntry, data, where=where), where), data)


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


__all__ = [
    "CSV_COLUMNS",
    "LOINC_PAIN",
    "Entry",
    "Parsed",
    "iter_csv",
    "iter_fhir",
    "iter_json",
    "pain_observation",
    "parse_csv",
    "parse_json",
    "read_file",
    "stream_upload",
    "stream_file",
    "to_csv",
    "to_fhir",
    "to_json",
]

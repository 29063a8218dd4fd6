"""Export and import: round trips, FHIR validity, idempotent and all-or-nothing imports."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupressure.diary.entries import SIDE_EFFECTS, CheckIn, SessionEntry
from acupressure.diary.exchange import (
    CSV_COLUMNS,
    LOINC_PAIN,
    iter_csv,
    iter_fhir,
    iter_json,
    parse_csv,
    parse_json,
    read_file,
    stream_file,
    to_csv,
    to_fhir,
    to_json,
)
from acupressure.diary.store import DiaryStore, make_engine
from acupressure.errors import BadInput

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
instants = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2025, 12, 31),  # an import refuses the future
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
    ),
)
pain = st.none() | st.integers(0, 10)


@st.composite
def session_entries(draw: st.DrawFn) -> SessionEntry:
    started = draw(instants)
    planned = draw(st.integers(0, 30))
    return SessionEntry(
        uid=draw(st.uuids()).hex,
        started_at=started,
        ended_at=draw(st.none() | st.just(started + timedelta(minutes=draw(st.integers(0, 90))))),
        routine=draw(text),
        steps_planned=planned,
        steps_completed=draw(st.integers(0, planned)),
        pain_before=draw(pain),
        pain_after=draw(pain),
        side_effects=draw(st.lists(st.sampled_from(SIDE_EFFECTS), max_size=4)),
        note=draw(text),
        origin=draw(st.sampled_from(["guided", "manual", "import"])),
    )


checkins = st.builds(
    CheckIn,
    uid=st.uuids().map(lambda u: u.hex),
    week_of=st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 12, 31)),
    average_pain=st.integers(0, 10),
    interference=st.integers(0, 10),
    note=text,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DiaryStore]:
    engine = make_engine(f"sqlite:///{tmp_path / 'diary.sqlite3'}")
    yield DiaryStore(engine)
    engine.dispose()


def sample() -> tuple[list[SessionEntry], list[CheckIn]]:
    sessions = [
        SessionEntry(uid="s1", started_at=START, ended_at=START + timedelta(minutes=12),
                     pain_before=6, pain_after=4, side_effects=["bruising"], note="a, \"b\"\nc"),
        SessionEntry(uid="s2", started_at=START + timedelta(days=1), pain_before=5),
    ]  # fmt: skip
    return sessions, [CheckIn(uid="c1", week_of=date(2026, 3, 2), average_pain=5, interference=4)]


def without_ids(items: list[SessionEntry] | list[CheckIn]) -> list[dict[str, object]]:
    return [item.model_dump(exclude={"id"}) for item in items]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sessions=st.lists(session_entries(), max_size=6, unique_by=lambda e: e.uid),
    weekly=st.lists(checkins, max_size=3, unique_by=lambda c: c.uid),
    kind=st.sampled_from(["csv", "json"]),
)
def test_export_then_import_gives_back_the_same_diary(
    sessions: list[SessionEntry], weekly: list[CheckIn], kind: str
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        first = make_engine(f"sqlite:///{Path(directory) / 'a.sqlite3'}")
        second = make_engine(f"sqlite:///{Path(directory) / 'b.sqlite3'}")
        try:
            source, target = DiaryStore(first), DiaryStore(second)
            source.import_entries(sessions=sessions, checkins=weekly)
            writer = to_csv if kind == "csv" else to_json
            exported = writer(sessions=source.list_sessions(), checkins=source.list_checkins())
            path = Path(directory) / f"diary.{kind}"
            path.write_text(exported, encoding="utf-8")
            parsed = read_file(path)
            result = target.import_entries(sessions=parsed.sessions, checkins=parsed.checkins)
            assert result.skipped_duplicates == 0
            assert without_ids(target.list_sessions()) == without_ids(source.list_sessions())
            assert without_ids(target.list_checkins()) == without_ids(source.list_checkins())
            again = read_file(path)
            repeat = target.import_entries(sessions=again.sessions, checkins=again.checkins)
            assert (repeat.added_sessions, repeat.added_checkins) == (0, 0)
        finally:
            first.dispose()
            second.dispose()


def test_fhir_bundle_validates_as_r4_observations() -> None:
    sessions, weekly = sample()
    document = to_fhir(sessions=sessions, checkins=weekly)
    bundle = Bundle.model_validate(json.loads(json.dumps(document)))
    assert bundle.type == "collection"
    observations = [entry.resource for entry in bundle.entry or []]
    assert len(observations) == 4  # before+after, before only, weekly average
    for observation in observations:
        assert observation.__resource_type__ == "Observation"
        (coding,) = observation.code.coding
        assert (coding.system, coding.code) == ("http://loinc.org", "72514-3")
        assert coding.display == LOINC_PAIN["display"]
        assert 0 <= observation.valueInteger <= 10
    first = document["entry"][0]["resource"]
    assert first["valueInteger"] == 6
    assert first["effectiveDateTime"] == "2026-03-02T08:00:00+00:00"
    assert document["entry"][1]["resource"]["effectiveDateTime"] == "2026-03-02T08:12:00+00:00"
    full_urls = [entry["fullUrl"] for entry in document["entry"]]
    assert len(set(full_urls)) == len(full_urls)


def test_fhir_identifiers_are_stable_across_exports() -> None:
    sessions, weekly = sample()
    one = to_fhir(sessions=sessions, checkins=weekly, now=START)
    two = to_fhir(sessions=sessions, checkins=weekly, now=START)
    assert one == two


def test_importing_the_same_file_twice_adds_nothing(store: DiaryStore, tmp_path: Path) -> None:
    sessions, weekly = sample()
    path = tmp_path / "diary.json"
    path.write_text(to_json(sessions=sessions, checkins=weekly), encoding="utf-8")
    parsed = read_file(path)
    first = store.import_entries(sessions=parsed.sessions, checkins=parsed.checkins)
    second = store.import_entries(sessions=parsed.sessions, checkins=parsed.checkins)
    assert (first.added_sessions, first.added_checkins) == (2, 1)
    assert (second.added_sessions, second.added_checkins, second.skipped_duplicates) == (0, 0, 3)
    assert len(store.list_sessions()) == 2


def test_hand_written_csv_gets_defaults_and_import_origin() -> None:
    parsed = parse_csv(
        "started_at,pain_before,pain_after,side_effects\n2026-03-02T08:00:00+00:00,6,3,bruising;dizziness\n"
    )
    (entry,) = parsed.sessions
    assert (entry.pain_before, entry.pain_after, entry.origin) == (6, 3, "import")
    assert entry.side_effects == ["bruising", "dizziness"]


GOOD_CSV_HEADER = "kind,uid,started_at,pain_before,pain_after\n"
CORRUPT = {
    "pain of eleven on row 3": (
        "diary.csv",
        GOOD_CSV_HEADER
        + "session,a,2026-03-02T08:00:00+00:00,5,4\nsession,b,2026-03-03T08:00:00+00:00,11,4\n",
        r"row 3\.pain_before",
    ),
    "malformed date": (
        "diary.csv",
        GOOD_CSV_HEADER + "session,a,2026-02-30T08:00,5,4\n",
        r"row 2\.started_at",
    ),
    "unknown column": ("diary.csv", "kind,uid,mood\nsession,a,happy\n", "unknown CSV columns mood"),
    "short row": ("diary.csv", GOOD_CSV_HEADER + "session,a\n", "wrong number of fields"),
    "unknown kind": ("diary.csv", GOOD_CSV_HEADER + "dream,a,2026-03-02,5,4\n", "kind"),
    "truncated json": ("diary.json", '{"sessions": [{"uid": "a", "started_at": ', "not valid JSON"),
    "json list": ("diary.json", "[1, 2]", "JSON object"),
    "json wrong type": ("diary.json", '{"sessions": {"uid": "a"}}', "must be a list"),
    "json bad entry": (
        "diary.json",
        '{"sessions": [{"uid": "a", "started_at": "2026-03-02T08:00:00Z", "pain_before": 4},'
        ' {"uid": "b", "started_at": "2026-03-02T08:00:00Z", "pain_before": -3}]}',
        r"sessions\[1\]\.pain_before",
    ),
    "json wrong format": (
        "diary.json",
        '{"format": "other", "sessions": []}',
        "not an acupressure",
    ),
    "binary garbage": ("diary.csv", b"\xff\xfe\x00\x81garbage", "not UTF-8"),
    "empty file": ("diary.csv", "", "empty CSV"),
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_corrupt_import_is_refused_and_changes_nothing(
    case: str, store: DiaryStore, tmp_path: Path
) -> None:
    name, content, message = CORRUPT[case]
    store.add_session(entry=SessionEntry(uid="kept", started_at=START, pain_before=3))
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInput, match=message):
        parsed = read_file(path)
        store.import_entries(sessions=parsed.sessions, checkins=parsed.checkins)
    assert [e.uid for e in store.list_sessions()] == ["kept"]


def test_errors_name_every_bad_row() -> None:
    content = GOOD_CSV_HEADER + "".join(
        f"session,r{n},2026-03-02T08:00:00+00:00,{pain},1\n" for n, pain in enumerate([12, 3, 99])
    )
    with pytest.raises(BadInput) as caught:
        parse_csv(content)
    assert "row 2.pain_before" in str(caught.value) and "row 4.pain_before" in str(caught.value)
    assert "row 3" not in str(caught.value)


def test_json_without_format_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "diary.txt"
    path.write_text(
        '{"checkins": [{"week_of": "2026-03-02", "average_pain": 4, "interference": 2}]}'
    )
    assert len(read_file(path).checkins) == 1
    assert parse_json('{"sessions": []}').sessions == []


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no such file"):
        read_file(tmp_path / "absent.csv")


def test_future_entries_are_refused_by_row_and_field_and_nothing_is_imported(
    store: DiaryStore,
) -> None:
    later = date.today() + timedelta(days=9)
    content = (
        GOOD_CSV_HEADER
        + "session,past,2026-03-02T08:00:00+00:00,4,2\n"
        + f"session,ahead,{later}T08:00:00+00:00,4,2\n"
    )
    with pytest.raises(BadInput, match=r"nothing imported: row 3\.started_at: .* in the future"):
        parse_csv(content)
    document = {"checkins": [{"week_of": later.isoformat(), "average_pain": 4, "interference": 2}]}
    with pytest.raises(BadInput, match=r"checkins\[0\]\.week_of: .* in the future"):
        parse_json(json.dumps(document))
    assert store.list_sessions() == [] and store.list_checkins() == []


def test_a_session_later_today_is_not_the_future() -> None:
    """The same day of slack as the CLI and the web forms, for clocks and time zones."""
    soon = datetime.now(UTC) + timedelta(hours=3)
    assert len(parse_csv(GOOD_CSV_HEADER + f"session,soon,{soon.isoformat()},4,2\n").sessions) == 1


NO_UIDS_CSV = (
    "kind,started_at,pain_before,pain_after,note,week_of,average_pain,interference\n"
    "session,2026-03-02T08:00:00+00:00,6,3,morning,,,\n"
    "session,2026-03-02T19:00:00+00:00,5,4,,,,\n"
    "checkin,,,,first week,2026-03-02,5,4\n"
)


@pytest.mark.parametrize("name", ["diary.csv", "diary.json"])
def test_a_file_without_uids_imported_twice_adds_nothing_the_second_time(
    store: DiaryStore, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text(NO_UIDS_CSV, encoding="utf-8")
    else:
        document = {
            "sessions": [{"started_at": "2026-03-02T08:00:00Z", "pain_before": 6, "pain_after": 3}],
            "checkins": [{"week_of": "2026-03-02", "average_pain": 5, "interference": 4}],
        }
        path.write_text(json.dumps(document), encoding="utf-8")
    first = store.import_entries(**vars(read_file(path)))
    second = store.import_entries(**vars(read_file(path)))
    assert first.added_sessions + first.added_checkins > 0
    assert (second.added_sessions, second.added_checkins, second.replaced_checkins) == (0, 0, 0)
    assert second.skipped_duplicates == first.added_sessions + first.added_checkins
    assert len(store.list_sessions()) == first.added_sessions


def test_an_export_stripped_of_its_uids_matches_the_diary_by_content(store: DiaryStore) -> None:
    """A spreadsheet made from an export, uid column deleted: same time, pains, note."""
    sessions, weekly = sample()
    for entry in sessions:
        store.add_session(entry=entry)
    rows = list(csv.DictReader(io.StringIO(to_csv(sessions=store.list_sessions(), checkins=[]))))
    columns = [c for c in CSV_COLUMNS if c != "uid"]

    def written(rows: list[dict[str, str]]) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()

    parsed = parse_csv(written(rows))
    assert all(e.uid.startswith("content-") for e in parsed.sessions)
    result = store.import_entries(sessions=parsed.sessions, checkins=[])
    assert (result.added_sessions, result.skipped_duplicates) == (0, len(sessions))
    rows[0]["pain_after"] = "2"  # a different rating is a different session
    changed = parse_csv(written(rows))
    assert store.import_entries(sessions=changed.sessions, checkins=[]).added_sessions == 1


FORMULAS = ["=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
            "'=already quoted", "''+twice"]  # fmt: skip


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_read_back(text: str) -> None:
    entry = SessionEntry(uid="f", started_at=START, routine=text, note=text)
    exported = to_csv(sessions=[entry], checkins=[])
    [row] = list(csv.DictReader(io.StringIO(exported, newline="")))
    for column in ("routine", "note"):
        assert row[column].startswith("'"), row[column]
        assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r"))
    [back] = parse_csv(exported).sessions
    assert (back.routine, back.note) == (text, text)


def test_ordinary_text_and_apostrophes_are_left_as_they_are() -> None:
    entry = SessionEntry(uid="o", started_at=START, note="'tis fine - really", routine="a=b")
    [row] = list(csv.DictReader(io.StringIO(to_csv(sessions=[entry], checkins=[]), newline="")))
    assert (row["note"], row["routine"]) == ("'tis fine - really", "a=b")
    assert parse_csv(to_csv(sessions=[entry], checkins=[])).sessions[0].note == entry.note


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions=st.lists(session_entries(), max_size=6), weeks=st.integers(0, 3))
def test_streamed_exports_are_the_documents_json_would_write(
    sessions: list[SessionEntry], weeks: int
) -> None:
    monday = date(2026, 3, 2)
    checkins = [
        CheckIn(uid=f"w{n}", week_of=monday + timedelta(weeks=n), average_pain=n, interference=n)
        for n in range(weeks)
    ]
    document = {
        "format": "acupressure-diary",
        "version": 1,
        "sessions": [json.loads(to_json(sessions=[s], checkins=[]))["sessions"][0]
                     for s in sessions],
        "checkins": [c.model_dump(mode="json", exclude={"id"}) for c in checkins],
    }  # fmt: skip
    text = "".join(iter_json(sessions=iter(sessions), checkins=iter(checkins)))
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    bundle = to_fhir(sessions=sessions, checkins=checkins, now=START)
    streamed = "".join(iter_fhir(sessions=iter(sessions), checkins=iter(checkins), now=START))
    assert streamed == json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
    assert "".join(iter_csv(sessions=iter(sessions), checkins=iter(checkins))) == to_csv(
        sessions=sessions, checkins=checkins
    )


def _many_sessions_csv(count: int, last_row: str = "") -> str:
    rows = [f"session,s{n},2026-03-02T{n % 24:02d}:{n % 60:02d}:00+00:00,{n % 11},{n % 7}\r\n"
            for n in range(count)]  # fmt: skip
    return GOOD_CSV_HEADER + "".join(rows) + last_row


def test_a_bad_row_at_the_end_of_a_long_file_keeps_nothing(
    store: DiaryStore, tmp_path: Path
) -> None:
    """Batches were stored before the bad row was read: the one transaction drops them all."""
    store.add_session(entry=SessionEntry(uid="kept", started_at=START, pain_before=3))
    path = tmp_path / "long.csv"
    path.write_text(_many_sessions_csv(4500, "session,bad,2026-03-02T08:00:00Z,12,1\r\n"))
    with pytest.raises(BadInput, match=r"row 4502\.pain_before"):
        store.import_stream(stream_file(path))
    assert [e.uid for e in store.list_sessions()] == ["kept"]
    path.write_text(_many_sessions_csv(4500))
    result = store.import_stream(stream_file(path))
    assert (result.added_sessions, result.skipped_duplicates) == (4500, 0)
    again = store.import_stream(stream_file(path))
    assert (again.added_sessions, again.skipped_duplicates) == (0, 4500)
    assert [e.uid for e in store.iter_sessions(batch=7)] == [e.uid for e in store.list_sessions()]


def test_a_streamed_json_file_reports_what_json_loads_would(tmp_path: Path) -> None:
    path = tmp_path / "diary.json"
    path.write_text('{"sessions": [{"uid": "a", "started_at": "2026-03-02T08:00:00Z"}], "x": 1}')
    with pytest.raises(BadInput, match="unknown keys x"):
        read_file(path)
    path.write_text('{"sessions": [{"uid": "a", "started_at": "2026-03-02T08:00:00Z"}')
    with pytest.raises(BadInput, match="not valid JSON"):
        read_file(path)
    path.write_bytes(
        b'\xef\xbb\xbf{"checkins": [], "sessions": [[1], 2, {"uid": "b", '
        b'"started_at": "2026-03-02T08:00:00Z", "note": {"nested": [1]}}]}'
    )
    with pytest.raises(BadInput) as caught:
        read_file(path)
    message = str(caught.value)
    assert "sessions[0]: must be an object" in message
    assert "sessions[1]: must be an object" in message
    assert "sessions[2].note" in message

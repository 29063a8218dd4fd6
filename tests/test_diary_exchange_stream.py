"""Imports read as they go: `exchange.stream_upload` (the web form's upload, the JSON API's
body, the CLI's file) yields entries one at a time, holds a file to UTF-8 even where ijson
decodes it, and the web form stores a large upload in one transaction or not at all.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from acupressure.diary.entries import CheckIn, SessionEntry
from acupressure.diary.exchange import NotUTF8, parse_csv, parse_json, stream_upload
from acupressure.errors import BadInput
from webapp import csrf_token, make_client

JSON = {"sessions": [{"uid": "a", "started_at": "2026-03-02T08:00:00Z", "pain_before": 5}],
        "checkins": [{"uid": "w", "week_of": "2026-03-02", "average_pain": 4,
                      "interference": 3}]}  # fmt: skip
CSV = ("kind,uid,started_at,pain_before,pain_after,side_effects,note,week_of,average_pain,"
       "interference\r\nsession,a,2026-03-02T08:00:00Z,5,,,,,,\r\n"
       "checkin,w,,,,,,2026-03-02,4,3\r\n")  # fmt: skip


def entries(data: bytes, name: str) -> list[SessionEntry | CheckIn]:
    return list(stream_upload(io.BytesIO(data), name=name))


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize(
    ("name", "kind"),
    [("diary.json", "json"), ("diary.csv", "csv"), ("upload", "json"), ("upload", "csv")],
)
def test_a_stream_yields_what_parsing_the_whole_text_gives(
    bom: bytes, name: str, kind: str
) -> None:
    text = json.dumps(JSON) if kind == "json" else CSV
    whole = parse_json(text) if kind == "json" else parse_csv(text)
    streamed = entries(bom + text.encode("utf-8"), name)
    assert streamed == [*whole.sessions, *whole.checkins]


@pytest.mark.parametrize("name", ["diary.json", "diary.csv"])
def test_bytes_that_are_not_utf8_are_refused_as_such(name: str) -> None:
    good = json.dumps(JSON).encode() if name.endswith(".json") else CSV.encode()
    broken = good.replace(b"2026-03-02T08", b"2026-03-02\xff08", 1)
    with pytest.raises(NotUTF8, match="not UTF-8 text"):
        entries(broken, name)


def test_a_bad_row_is_named_once_the_stream_is_read() -> None:
    rows = CSV + "session,b,2026-03-03T08:00:00Z,99,,,,,,\r\n"
    with pytest.raises(BadInput, match="pain_before"):
        entries(rows.encode(), "diary.csv")


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return make_client(tmp_path)


def test_the_form_imports_a_large_upload_in_one_go(client: TestClient) -> None:
    lines = [CSV.splitlines()[0]]
    lines += [f"session,s{n},2026-01-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z,{n % 11},,,"
              f"note {n},,," for n in range(3000)]  # fmt: skip
    upload = ("\r\n".join(lines) + "\r\n").encode()
    files = {"file": ("diary.csv", upload, "text/csv")}
    token = csrf_token(client, "/diary")
    response = client.post("/diary/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 303, response.text
    assert "saved=3000" in response.headers["location"]
    broken = upload + b"session,late,2026-01-02T08:00:00Z,99,,,,,,\r\n"
    files = {"file": ("again.csv", broken.replace(b"session,s", b"session,t"), "text/csv")}
    token = csrf_token(client, "/diary")
    refused = client.post("/diary/import", data={"csrf_token": token}, files=files)
    assert refused.status_code == 400 and "Nothing was imported" in refused.text
    files = {"file": ("fixed.csv", upload.replace(b"session,s", b"session,t"), "text/csv")}
    token = csrf_token(client, "/diary")
    fixed = client.post("/diary/import", data={"csrf_token": token}, files=files)
    assert "saved=3000&skipped=0" in fixed.headers["location"]  # the refused file kept nothing


def test_the_form_says_a_json_upload_is_not_utf8(client: TestClient) -> None:
    broken = json.dumps(JSON).encode().replace(b"2026-03-02T08", b"2026-03-02\xff08", 1)
    token = csrf_token(client, "/diary")
    files = {"file": ("diary.json", broken, "application/json")}
    response = client.post("/diary/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 400
    assert "not UTF-8 text" in response.text


def test_the_form_leaves_out_an_entry_the_person_deleted_and_says_so(
    client: TestClient,
) -> None:
    client.post("/api/diary/import", json=JSON)
    backup = client.get("/diary/export.json").content
    [stored] = client.get("/api/diary").json()["sessions"]
    assert client.delete(f"/api/diary/sessions/{stored['id']}").status_code in (200, 204)
    files = {"file": ("backup.json", backup, "application/json")}
    token = csrf_token(client, "/diary")
    response = client.post("/diary/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 303 and "deleted=1" in response.headers["location"]
    page = client.get(response.headers["location"]).text
    assert "1 entry you had deleted from this diary was left out" in page
    assert client.get("/api/diary").json()["sessions"] == []

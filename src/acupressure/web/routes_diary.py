"""The diary: entries, the pain chart, progress against the first week, export and import."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, StreamingResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from starlette.responses import Response

from acupressure.diary.entries import CheckIn, SessionEntry, ahead_of_now, parse
from acupressure.diary.store import DiaryStore, SessionCursor
from acupressure.errors import BadInput
from acupressure.web.deps import DiaryDep
from acupressure.web.render import page
from acupressure.web.security import require_csrf

router = APIRouter()

Entry = TypeVar("Entry", SessionEntry, CheckIn)
ExportFormat = Literal["csv", "json", "fhir"]
MEDIA = {"csv": "text/csv", "json": "application/json", "fhir": "application/fhir+json"}
SUFFIX = {"csv": "csv", "json": "json", "fhir": "fhir.json"}


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


Blankable = BeforeValidator(_blank_is_none)
Pain = Annotated[int, Field(ge=0, le=10)]
Count = Annotated[int, Query(ge=0, le=1_000_000)]
PAGE_SIZE = 50  # sessions on one diary page
Before = Annotated[
    str | None,
    Query(
        max_length=64,
        description="Page cursor: the `next` value of the previous page. Without it, the "
        "newest sessions.",
    ),
]


class SessionForm(BaseModel):
    """A session as the browser's forms send it (blank fields mean "not given")."""

    model_config = ConfigDict(extra="ignore")

    started_at: Annotated[str | None, Blankable] = None
    ended_at: Annotated[str | None, Blankable] = None
    routine: str = Field(default="", max_length=200)
    steps_planned: Annotated[int, Field(ge=0, le=10_000)] = 0
    steps_completed: Annotated[int, Field(ge=0, le=10_000)] = 0
    pain_before: Annotated[Pain | None, Blankable] = None
    pain_after: Annotated[Pain | None, Blankable] = None
    side_effects: list[str] = Field(default_factory=list, max_length=4)
    note: str = Field(default="", max_length=4000)
    origin: Literal["guided", "manual"] = "manual"

    def entry(self) -> SessionEntry:
        """The diary's entry; a missing start time means "now", a future one is refused."""
        if self.origin == "manual" and (self.pain_before is None or self.pain_after is None):
            raise BadInput("pain_before and pain_after: choose how bad the pain was, 0 to 10.")
        data = self.model_dump(exclude_none=True)
        data.setdefault("started_at", _now())
        return not_ahead(parse(SessionEntry, data))


class CheckInForm(BaseModel):
    """The weekly check-in as the diary page's form sends it."""

    model_config = ConfigDict(extra="ignore")

    week_of: date
    average_pain: Pain
    interference: Pain
    note: str = Field(default="", max_length=4000)

    def checkin(self) -> CheckIn:
        return not_ahead(parse(CheckIn, self.model_dump()))


def not_ahead(entry: Entry) -> Entry:
    """A diary records what happened: a session a day or more ahead of now, or a check-in for
    a week that has not begun, is bad input (as in `acupressure diary`)."""
    problem = ahead_of_now(entry)
    if problem:
        raise BadInput(f"{problem}.")
    return entry


def _now() -> str:
    return datetime.now().astimezone().isoformat()


def diary_context(
    diary: DiaryStore, *, before: str | None = None, limit: int = PAGE_SIZE
) -> dict[str, Any]:
    """One page of sessions newest first (`next` is the cursor of the older page, or None),
    every check-in, progress against the first week, and the safety monitor."""
    from acupressure.diary.analytics import summarise

    cursor = None if before is None else SessionCursor.parse(before)
    page, following = diary.recent_sessions(before=cursor, limit=limit)
    checkins = diary.list_checkins()
    progress = summarise(sessions=diary.list_sessions(), checkins=checkins, today=date.today())
    return {
        "sessions": [s.model_dump(mode="json") for s in page],
        "before": before,
        "next": None if following is None else str(following),
        "checkins": [c.model_dump(mode="json") for c in reversed(checkins)],
        "progress": progress.model_dump(mode="json"),
        "exports": {fmt: f"/diary/export.{fmt}" for fmt in MEDIA},
        "chart": "/diary/chart.svg",
    }


@router.get("/diary", include_in_schema=False)
def diary_page(
    request: Request,
    diary: DiaryDep,
    saved: Count = 0,
    skipped: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    before: Before = None,
) -> Response:
    """`saved` confirms a form; `skipped` is set after an import, even when nothing was new;
    `before` shows an older page of sessions."""
    status = {"saved": saved, "skipped": skipped}
    today = date.today()
    monday = today - timedelta(days=today.weekday())  # the week a check-in is for, as the CLI
    context = {**diary_context(diary, before=before), **status, "today": today.isoformat(),
               "week_start": monday.isoformat()}  # fmt: skip
    return page(request, "diary.html", context, title="Diary")


@router.get(
    "/api/diary", tags=["diary"], summary="Entries, progress and the safety monitor's advice"
)
def diary_json(
    diary: DiaryDep,
    before: Before = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Sessions per page.")] = 100,
) -> dict[str, Any]:
    """Sessions come a page at a time, newest first: pass the page's `next` as `before` for
    the older ones (`next` is null on the last page). Check-ins, progress and the safety
    monitor's advice always cover the whole diary."""
    return diary_context(diary, before=before, limit=limit)


@router.post("/diary/sessions", include_in_schema=False, dependencies=[Depends(require_csrf)])
def add_session_form(form: Annotated[SessionForm, Form()], diary: DiaryDep) -> Response:
    diary.add_session(entry=form.entry())
    return RedirectResponse("/diary?saved=1", status_code=303)


@router.post("/diary/checkins", include_in_schema=False, dependencies=[Depends(require_csrf)])
def add_checkin_form(form: Annotated[CheckInForm, Form()], diary: DiaryDep) -> Response:
    diary.add_checkin(checkin=form.checkin())
    return RedirectResponse("/diary?saved=1", status_code=303)


@router.post("/api/diary/sessions", tags=["diary"], status_code=201, summary="Record a session")
def add_session_json(entry: SessionEntry, diary: DiaryDep) -> dict[str, Any]:
    return diary.add_session(entry=not_ahead(entry)).model_dump(mode="json")


@router.post(
    "/api/diary/checkins", tags=["diary"], status_code=201, summary="Record a weekly check-in"
)
def add_checkin_json(checkin: CheckIn, diary: DiaryDep) -> dict[str, Any]:
    return diary.add_checkin(checkin=not_ahead(checkin)).model_dump(mode="json")


@router.get(
    "/diary/export.{fmt}",
    tags=["diary"],
    summary="The whole diary as CSV, JSON or a FHIR R4 bundle",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}}},
)
def export(fmt: ExportFormat, diary: DiaryDep) -> Response:
    """Streamed: the diary is read a batch at a time and sent in pieces of about 64 kB."""
    from acupressure.trial.exchange import diary_export_pieces
    from acupressure.trial.store import TrialStore

    trials = TrialStore(diary.engine).all()
    pieces = diary_export_pieces(
        fmt, sessions=diary.iter_sessions(), checkins=diary.list_checkins(), trials=trials
    )
    disposition = f'attachment; filename="acupressure-diary.{SUFFIX[fmt]}"'
    return StreamingResponse(
        _in_chunks(pieces), media_type=MEDIA[fmt], headers={"content-disposition": disposition}
    )


def _in_chunks(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[bytes]:
    """Small text pieces gathered into chunks of about `size` bytes, one send each."""
    gathered: list[str] = []
    length = 0
    for piece in pieces:
        gathered.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(gathered).encode("utf-8")
            gathered, length = [], 0
    if gathered:
        yield "".join(gathered).encode("utf-8")


def import_text(diary: DiaryStore, content: str, *, filename: str) -> dict[str, int]:
    """Validate a whole CSV or JSON export, then add what is new (all or nothing)."""
    from acupressure.diary import exchange

    is_json = filename.lower().endswith(".json") or content.lstrip()[:1] in ("{", "[")
    parsed = exchange.parse_json(content) if is_json else exchange.parse_csv(content)
    result = diary.import_entries(sessions=parsed.sessions, checkins=parsed.checkins)
    return {
        "sessions": result.added_sessions,
        "checkins": result.added_checkins,
        "replaced": result.replaced_checkins,
        "skipped": result.skipped_duplicates,
    }


@router.post("/diary/import", include_in_schema=False, dependencies=[Depends(require_csrf)])
async def import_form(diary: DiaryDep, file: Annotated[UploadFile, File()]) -> Response:
    """Async only to read the upload; decoding, validating and storing run in a worker
    thread, so the server keeps answering while a large file goes in."""
    from starlette.concurrency import run_in_threadpool

    raw = await file.read()
    counts = await run_in_threadpool(_import_upload, diary, raw, file.filename or "")
    added = counts["sessions"] + counts["checkins"] + counts["replaced"]
    return RedirectResponse(f"/diary?saved={added}&skipped={counts['skipped']}", status_code=303)


def _import_upload(diary: DiaryStore, raw: bytes, filename: str) -> dict[str, int]:
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("The file is not UTF-8 text: export it again as CSV or JSON.") from None
    return import_text(diary, content, filename=filename)


@router.post("/api/diary/import", tags=["diary"], summary="Import a JSON export of a diary")
def import_json(document: dict[str, Any], diary: DiaryDep) -> dict[str, int]:
    return import_text(diary, json.dumps(document), filename="import.json")


@router.get(
    "/diary/chart.svg",
    tags=["diary"],
    summary="Daily pain before sessions, as an SVG chart",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def pain_chart(diary: DiaryDep) -> Response:
    from acupressure.diary.chart import render

    return Response(render(sessions=diary.list_sessions(), image="svg"), media_type="image/svg+xml")

"""The diary: entries, the pain chart, progress against the first week, export and import."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import IO, Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, StreamingResponse
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.responses import Response

from acupressure.diary.entries import CheckIn, SessionEntry
from acupressure.diary.store import DiaryStore, ImportResult, SessionCursor
from acupressure.errors import BadInput
from acupressure.web.deps import DiaryDep
from acupressure.web.diary_forms import (
    CheckInForm,
    FormProblems,
    SessionForm,
    answers,
    not_ahead,
    plain,
    plain_import_problem,
    read_form,
)
from acupressure.web.render import page
from acupressure.web.security import require_csrf

router = APIRouter()

ExportFormat = Literal["csv", "json", "fhir"]
MEDIA = {"csv": "text/csv", "json": "application/json", "fhir": "application/fhir+json"}
SUFFIX = {"csv": "csv", "json": "json", "fhir": "fhir.json"}


Count = Annotated[int, Query(ge=0, le=1_000_000)]
Corrected = Literal["edit", "delete", "undo", "nothing"]
Form = dict[str, Any]
PAGE_SIZE = 50  # sessions on one diary page
Before = Annotated[
    str | None,
    Query(
        max_length=64,
        description="Page cursor: the `next` value of the previous page. Without it, the "
        "newest sessions.",
    ),
]


def blank_forms() -> dict[str, Form]:
    """Each diary form's answers and problems: empty until a form comes back with problems."""
    return {name: {"values": {}, "errors": {}} for name in ("session", "checkin", "import")}


def diary_context(
    diary: DiaryStore, *, before: str | None = None, limit: int = PAGE_SIZE
) -> dict[str, Any]:
    """One page of sessions newest first (`next` is the cursor of the older page, or None),
    every check-in, progress against the first week, the safety monitor, the pain trend to
    draw, and the corrections made so far."""
    from acupressure.diary.analytics import document, is_abandoned, summarise
    from acupressure.diary.corrections import DiaryCorrections
    from acupressure.diary.trend import pain_trend

    cursor = None if before is None else SessionCursor.parse(before)
    page, following = diary.recent_sessions(before=cursor, limit=limit)
    checkins = diary.list_checkins()
    sessions = diary.list_sessions()
    progress = summarise(sessions=sessions, checkins=checkins, today=date.today())
    history = DiaryCorrections(diary).history(limit=20)
    return {
        "sessions": [{**s.model_dump(mode="json"), "abandoned": is_abandoned(s)} for s in page],
        "before": before,
        "next": None if following is None else str(following),
        "checkins": [c.model_dump(mode="json") for c in reversed(checkins)],
        "progress": document(progress),
        "trend": pain_trend(sessions=sessions, checkins=checkins),
        "history": [{**r.model_dump(mode="json"), "summary": r.summary} for r in history],
        "exports": {fmt: f"/diary/export.{fmt}" for fmt in MEDIA},
        "chart": "/diary/chart.svg",
    }


@router.get("/diary", include_in_schema=False)
def diary_page(
    request: Request,
    diary: DiaryDep,
    saved: Count = 0,
    skipped: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    deleted: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    corrected: Corrected | None = None,
    kind: Literal["session", "checkin"] | None = None,
    entry: Annotated[int | None, Query(ge=0)] = None,
    before: Before = None,
) -> Response:
    """`saved` confirms a form; `skipped` (and `deleted`, entries the person had deleted and
    the import left out) is set after an import, even when nothing was new; `corrected`
    (with `kind` and `entry`) confirms an edit, delete or undo; `before` shows an older
    page of sessions."""
    notice = {"corrected": corrected, "kind": kind, "entry": entry}
    return render_diary(
        request, diary, saved=saved, skipped=skipped, deleted=deleted, notice=notice, before=before
    )


def render_diary(
    request: Request,
    diary: DiaryStore,
    *,
    saved: int = 0,
    skipped: int | None = None,
    deleted: int = 0,
    notice: dict[str, Any] | None = None,
    failed: str | None = None,
    problems: FormProblems | None = None,
    values: Form | None = None,
    before: str | None = None,
) -> Response:
    """The diary page; after a form with problems, that form again with its answers kept."""
    today = date.today()
    monday = today - timedelta(days=today.weekday())  # the week a check-in is for, as the CLI
    forms = blank_forms()
    if failed is not None and problems is not None:
        forms[failed] = {"values": values or {}, "errors": problems.problems}
    context = {**diary_context(diary, before=before), "saved": saved, "skipped": skipped,
               "deleted": deleted, "notice": notice or {"corrected": None}, "forms": forms,
               "failed": failed,
               "today": today.isoformat(), "week_start": monday.isoformat()}  # fmt: skip
    status = problems.status if problems is not None else 200
    return page(request, "diary.html", context, title="Diary", status_code=status)


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
async def add_session_form(request: Request, diary: DiaryDep) -> Response:
    async with request.form() as form:  # closes any file a client sent along
        values = answers(form)
    try:
        diary.add_session(entry=read_form(SessionForm, values).entry())
    except FormProblems as problems:
        return render_diary(request, diary, failed="session", problems=problems, values=values)
    return RedirectResponse("/diary?saved=1", status_code=303)


@router.post("/diary/checkins", include_in_schema=False, dependencies=[Depends(require_csrf)])
async def add_checkin_form(request: Request, diary: DiaryDep) -> Response:
    async with request.form() as form:  # closes any file a client sent along
        values = answers(form)
    try:
        diary.add_checkin(checkin=read_form(CheckInForm, values).checkin())
    except FormProblems as problems:
        return render_diary(request, diary, failed="checkin", problems=problems, values=values)
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


def _counts(result: ImportResult) -> dict[str, int]:
    return {
        "sessions": result.added_sessions,
        "checkins": result.added_checkins,
        "replaced": result.replaced_checkins,
        "skipped": result.skipped_duplicates,
        "deleted": result.skipped_deleted,
    }


@router.post("/diary/import", include_in_schema=False, dependencies=[Depends(require_csrf)])
async def import_form(
    request: Request, diary: DiaryDep, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    """The file is a declared parameter so FastAPI closes it, whatever happens. Async only
    to read the upload; decoding, validating and storing run in a worker thread, so the
    server keeps answering while a large file goes in."""
    from starlette.concurrency import run_in_threadpool

    try:
        if not isinstance(file, StarletteUpload) or not file.filename:
            raise FormProblems({"file": plain("file", "missing")})
        counts = await run_in_threadpool(_import_upload, diary, file.file, file.filename)
    except FormProblems as problems:
        return render_diary(request, diary, failed="import", problems=problems)
    added = counts["sessions"] + counts["checkins"] + counts["replaced"]
    query = f"saved={added}&skipped={counts['skipped']}"
    query += f"&deleted={counts['deleted']}" if counts["deleted"] else ""
    return RedirectResponse(f"/diary?{query}", status_code=303)


def _import_upload(diary: DiaryStore, upload: IO[bytes], filename: str) -> dict[str, int]:
    """Import an upload as it is read (Starlette keeps a large one on disk, not in memory),
    in one transaction; every problem as words beside the file field."""
    from acupressure.diary.exchange import NotUTF8, stream_upload

    try:
        result = diary.import_stream(stream_upload(upload, name=filename))
    except NotUTF8:
        message = "The file is not UTF-8 text: export it again as CSV or JSON."
        raise FormProblems({"file": message}, status=400) from None
    except BadInput as error:
        raise FormProblems({"file": plain_import_problem(str(error))}, status=400) from error
    return _counts(result)


# The body is read as it arrives, so the schema FastAPI would infer is declared by hand.
_EXPORT_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {"type": "object", "additionalProperties": True, "title": "Document"}
        }
    },
}
SPOOL_BYTES = 1 << 20  # a body past this goes to a temporary file, not memory


@router.post(
    "/api/diary/import",
    tags=["diary"],
    summary="Import a JSON export of a diary",
    openapi_extra={"requestBody": _EXPORT_BODY},
)
async def import_json(request: Request, diary: DiaryDep) -> dict[str, int]:
    """The body goes to a temporary file as it arrives (on disk past SPOOL_BYTES), then its
    entries are validated and stored as they are read again, in a worker thread: no diary
    is ever held whole in memory, however large the export."""
    import tempfile

    from starlette.concurrency import run_in_threadpool

    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise _not_an_export("the body must be JSON (content-type application/json)")
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
        async for chunk in request.stream():
            body.write(chunk)
        body.seek(0)
        return await run_in_threadpool(_import_json_body, diary, body)


def _import_json_body(diary: DiaryStore, body: IO[bytes]) -> dict[str, int]:
    from acupressure.diary.exchange import stream_upload

    start = body.read(4096)
    body.seek(0)
    if not start.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        raise _not_an_export("a diary export is a JSON object")
    return _counts(diary.import_stream(stream_upload(body, name="import.json")))


def _not_an_export(message: str) -> RequestValidationError:
    """A body that is no JSON object: 422, as FastAPI answers a body of the wrong type."""
    return RequestValidationError([{"type": "dict_type", "loc": ("body",), "msg": message}])


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

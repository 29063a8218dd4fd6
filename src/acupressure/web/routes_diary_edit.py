"""Correcting the diary on the web: edit and delete pages, undo, history, and their JSON API.

Every change goes through `acupressure.diary.corrections`, which keeps the entry as it was,
so the page's Undo button (and POST /api/diary/undo) can always take the last one back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from acupressure.diary.corrections import DiaryCorrections, Kind, NothingToUndo, Revision
from acupressure.diary.entries import SIDE_EFFECTS, CheckIn, SessionEntry
from acupressure.errors import BadInput
from acupressure.web.deps import DiaryDep
from acupressure.web.diary_forms import (
    CheckInForm,
    EditSessionForm,
    FormProblems,
    answers,
    plain,
    read_form,
)
from acupressure.web.render import page
from acupressure.web.security import require_csrf

router = APIRouter()

EntryId = Annotated[int, Path(ge=1, le=2**31 - 1)]
KindPath = Annotated[Literal["sessions", "checkins"], Path()]
KIND: dict[str, Kind] = {"sessions": "session", "checkins": "checkin"}
CSRF = [Depends(require_csrf)]
_PROBLEM = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "There is no such entry in the diary.", "content": _PROBLEM}
}
WRITES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    503: {"description": "Another program is writing the diary; nothing was changed.",
          "content": _PROBLEM},
}  # fmt: skip


def _local_minute(moment: datetime | None) -> str:
    """A stored instant as the value of an <input type="datetime-local">."""
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%dT%H:%M")


def _form_values(entry: SessionEntry | CheckIn) -> dict[str, Any]:
    if isinstance(entry, CheckIn):
        return {"week_of": entry.week_of.isoformat(), "average_pain": str(entry.average_pain),
                "interference": str(entry.interference), "note": entry.note}  # fmt: skip
    return {
        "started_at": _local_minute(entry.started_at),
        "routine": entry.routine,
        "pain_before": "" if entry.pain_before is None else str(entry.pain_before),
        "pain_after": "" if entry.pain_after is None else str(entry.pain_after),
        "side_effects": list(entry.side_effects),
        "note": entry.note,
    }


def _edit_page(
    request: Request,
    entry: SessionEntry | CheckIn,
    *,
    values: dict[str, Any] | None = None,
    problems: FormProblems | None = None,
) -> Response:
    kind = "session" if isinstance(entry, SessionEntry) else "checkin"
    context = {
        "kind": kind,
        "entry": entry.model_dump(mode="json"),
        "form": {
            "values": values or _form_values(entry),
            "errors": {} if problems is None else problems.problems,
        },  # fmt: skip
        "side_effect_kinds": SIDE_EFFECTS,
        "today": datetime.now().astimezone().date().isoformat(),
    }
    title = f"Correct {'session' if kind == 'session' else 'check-in'} {entry.id}"
    status = 200 if problems is None else problems.status
    return page(request, "diary_edit.html", context, title=title, status_code=status)


def _entry(corrections: DiaryCorrections, kind: Kind, entry_id: int) -> SessionEntry | CheckIn:
    if kind == "session":
        return corrections.get_session(id=entry_id)
    return corrections.get_checkin(id=entry_id)


@router.get("/diary/{kinds}/{entry_id}/edit", include_in_schema=False)
def edit_page(request: Request, kinds: KindPath, entry_id: EntryId, diary: DiaryDep) -> Response:
    return _edit_page(request, _entry(DiaryCorrections(diary), KIND[kinds], entry_id))


def _session_changes(values: dict[str, Any], entry: SessionEntry) -> dict[str, Any]:
    changes: dict[str, Any] = read_form(
        EditSessionForm, {**values, "origin": entry.origin}
    ).changes()
    changes.pop("ended_at")  # moved with the start by the diary, never typed here
    if changes["started_at"] == _local_minute(entry.started_at):
        changes.pop("started_at")  # untouched: keep the seconds the guide recorded
    return changes


def _corrected(problem: BadInput) -> FormProblems:
    """The core's refusal ("week_of: ... already has check-in 3") as a field's plain words."""
    if isinstance(problem, FormProblems):
        return problem
    field, _, rest = str(problem).partition(":")
    kind = "future" if "in the future" in rest else "taken" if "already has" in rest else "other"
    return FormProblems({field.strip(): plain(field.strip(), kind)}, status=400)


@router.post("/diary/{kinds}/{entry_id}", include_in_schema=False, dependencies=CSRF)
async def save_edit(
    request: Request, kinds: KindPath, entry_id: EntryId, diary: DiaryDep
) -> Response:
    corrections = DiaryCorrections(diary)
    kind = KIND[kinds]
    entry = _entry(corrections, kind, entry_id)
    async with request.form() as form:  # closes any file a client sent along
        values = answers(form)
    try:
        if isinstance(entry, SessionEntry):
            changes = _session_changes(values, entry)
            corrections.edit_session(id=entry_id, changes=changes)
        else:
            changes = read_form(CheckInForm, values).model_dump()
            corrections.edit_checkin(id=entry_id, changes=changes)
    except BadInput as problem:
        return _edit_page(request, entry, values=values, problems=_corrected(problem))
    return _back("edit", kind, entry_id)


@router.post("/diary/{kinds}/{entry_id}/delete", include_in_schema=False, dependencies=CSRF)
def delete_form(kinds: KindPath, entry_id: EntryId, diary: DiaryDep) -> Response:
    DiaryCorrections(diary).delete(kind=KIND[kinds], id=entry_id)
    return _back("delete", KIND[kinds], entry_id)


@router.post("/diary/undo", include_in_schema=False, dependencies=CSRF)
def undo_form(diary: DiaryDep) -> Response:
    try:
        undone = DiaryCorrections(diary).undo()
    except NothingToUndo:
        return RedirectResponse("/diary?corrected=nothing", status_code=303)
    return _back("undo", undone.revision.kind, undone.entry.id or 0)


def _back(corrected: str, kind: Kind, entry_id: int) -> Response:
    where = f"/diary?corrected={corrected}&kind={kind}&entry={entry_id}#notice"
    return RedirectResponse(where, status_code=303)


def _revision_json(revision: Revision) -> dict[str, Any]:
    return {**revision.model_dump(mode="json"), "summary": revision.summary}


@router.get(
    "/api/diary/{kinds}/{entry_id}", tags=["diary"], summary="One diary entry", responses=NOT_FOUND
)
def entry_json(kinds: KindPath, entry_id: EntryId, diary: DiaryDep) -> dict[str, Any]:
    return _entry(DiaryCorrections(diary), KIND[kinds], entry_id).model_dump(mode="json")


@router.patch(
    "/api/diary/{kinds}/{entry_id}",
    tags=["diary"],
    summary="Correct some fields of an entry (the change is kept in the history)",
    responses=WRITES,
)
def edit_json(
    kinds: KindPath,
    entry_id: EntryId,
    changes: Annotated[dict[str, Any], Body(examples=[{"side_effects": [], "pain_after": 3}])],
    diary: DiaryDep,
) -> dict[str, Any]:
    corrections = DiaryCorrections(diary)
    if KIND[kinds] == "session":
        return corrections.edit_session(id=entry_id, changes=changes).model_dump(mode="json")
    return corrections.edit_checkin(id=entry_id, changes=changes).model_dump(mode="json")


@router.delete(
    "/api/diary/{kinds}/{entry_id}",
    tags=["diary"],
    summary="Delete an entry (POST /api/diary/undo puts it back)",
    responses=WRITES,
)
def delete_json(kinds: KindPath, entry_id: EntryId, diary: DiaryDep) -> dict[str, Any]:
    gone = DiaryCorrections(diary).delete(kind=KIND[kinds], id=entry_id)
    return {"deleted": {"kind": KIND[kinds], "entry": gone.model_dump(mode="json")}}


@router.post("/api/diary/undo", tags=["diary"], summary="Take back the last edit or delete")
def undo_json(diary: DiaryDep) -> dict[str, Any]:
    undone = DiaryCorrections(diary).undo()
    return {"undone": _revision_json(undone.revision), "kind": undone.revision.kind,
            "entry": undone.entry.model_dump(mode="json"), "message": undone.message}  # fmt: skip


@router.get("/api/diary/history", tags=["diary"], summary="Every correction, newest first")
def history_json(diary: DiaryDep) -> dict[str, Any]:
    return {"history": [_revision_json(r) for r in DiaryCorrections(diary).history()]}

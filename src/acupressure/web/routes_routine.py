"""A client's assigned routine (clinic mode): the plan their practitioner gave them, its
guided session with the safety questions again first, its handout, and the re-screen
record that tells the practitioner when a red flag stopped a session."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from acupressure.clinic.accounts import Account
from acupressure.clinic.monitor import Screens
from acupressure.clinic.routines import Assignment, Assignments, build
from acupressure.diary.store import DiaryStore
from acupressure.guide.familiarity import CueChoice
from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.routine import Routine
from acupressure.safety.profile import RedFlagId
from acupressure.web.clinic_auth import AccountDep
from acupressure.web.deps import CatalogueDep
from acupressure.web.forms import Answers, answers_for_profile
from acupressure.web.render import page
from acupressure.web.routes_plan import plan_context, with_figures
from acupressure.web.routes_session import SessionAnswers, session_context

router = APIRouter()


class Rescreen(BaseModel):
    """The red flags ticked before a session (an empty list: none)."""

    red_flags: list[RedFlagId] = Field(default_factory=list, max_length=30)


def assignments(request: Request) -> Assignments:
    return Assignments(request.app.state.accounts)


def screens(request: Request) -> Screens:
    return Screens(request.app.state.accounts)


def assigned(request: Request, client: Account) -> Assignment:
    """The client's assignment, or 404 saying what to do instead."""
    found = assignments(request).of(client) if client.role == "client" else None
    if found is None:
        raise HTTPException(
            status_code=404,
            detail="No routine has been assigned to you yet. Ask your practitioner, or answer "
            "the safety questions for a routine of your own.",
        )
    return found


def answers_of(assignment: Assignment) -> Answers:
    return answers_for_profile(assignment.profile, assignment.preset)


def routine_context(
    catalogue: Catalogue, assignment: Assignment, routine: Routine, *, base: str
) -> dict[str, Any]:
    """The plan page's data for an assigned routine; its links stay on `base`."""
    context = plan_context(catalogue, answers_of(assignment), routine)
    return {
        **context,
        "presets": [],
        "assignment": assignment.to_json(),
        "links": {
            **context["links"],
            "plan": base,
            "handout": f"{base}/handout",
            "session": f"{base}/session",
        },
    }


def _page(
    request: Request, catalogue: Catalogue, context: dict[str, Any], routine: Routine, template: str
) -> Response:
    if context["stop"]:
        return page(request, "stop.html", context, title="Please get help first")
    if not routine.steps:
        return page(request, "no_steps.html", context, title=routine.title)
    if template == "handout.html":  # each step beside its own small chart
        from acupressure.web.handout import step_charts
        from acupressure.web.handout_text import handout_words

        handout = handout_words(routine, context.get("labels", {}))
        context = {**context, "step_charts": step_charts(catalogue, routine), "handout": handout}
    else:
        context = with_figures(catalogue, context, routine, prefix=template.split(".")[0])
    return page(request, template, context, title=routine.title)


@router.get("/routine", include_in_schema=False)
def routine_page(request: Request, catalogue: CatalogueDep, account: AccountDep) -> Response:
    assignment = assigned(request, account)
    routine = build(assignment=assignment, catalogue=catalogue)
    context = routine_context(catalogue, assignment, routine, base="/routine")
    return _page(request, catalogue, context, routine, "plan.html")


@router.get("/api/routine", tags=["clinic"], summary="The routine assigned to the client")
def routine_json(request: Request, catalogue: CatalogueDep, account: AccountDep) -> dict[str, Any]:
    assignment = assigned(request, account)
    routine = build(assignment=assignment, catalogue=catalogue)
    return routine_context(catalogue, assignment, routine, base="/routine")


@router.get("/routine/handout", include_in_schema=False)
def routine_handout(request: Request, catalogue: CatalogueDep, account: AccountDep) -> Response:
    assignment = assigned(request, account)
    routine = build(assignment=assignment, catalogue=catalogue)
    context = routine_context(catalogue, assignment, routine, base="/routine")
    return _page(request, catalogue, context, routine, "handout.html")


Speed = Annotated[float, Query(gt=0, le=1000, description="times faster than real time")]
Cues = Annotated[CueChoice, Query(description="full, short, or auto (short once familiar)")]


def _session(
    request: Request, catalogue: Catalogue, account: Account, speed: float, cues: CueChoice
) -> tuple[Routine, dict[str, Any]]:
    assignment = assigned(request, account)
    routine = build(assignment=assignment, catalogue=catalogue)
    answers = SessionAnswers.model_validate(
        {**answers_of(assignment).model_dump(), "speed": speed, "cues": cues}
    )
    diary = DiaryStore(request.app.state.engine, owner=account.owner)
    context = session_context(catalogue, answers, routine, diary)
    context["timeline_url"] = "/api/routine/session" + (f"?speed={speed:g}" if speed != 1 else "")
    context["rescreen_url"] = "/api/routine/rescreen"
    return routine, context


@router.get("/routine/session", include_in_schema=False)
def routine_session(
    request: Request,
    catalogue: CatalogueDep,
    account: AccountDep,
    speed: Speed = 1.0,
    cues: Cues = "auto",
) -> Response:
    routine, context = _session(request, catalogue, account, speed, cues)
    if context["stop"]:
        return page(request, "stop.html", context, title="Please get help first")
    if not routine.steps:
        return page(request, "no_steps.html", context, title=routine.title)
    context = with_figures(catalogue, context, routine, prefix="session")
    return page(request, "session.html", context, title="Guided session")


@router.get("/api/routine/session", tags=["clinic"], summary="The assigned routine's timeline")
def routine_session_json(
    request: Request,
    catalogue: CatalogueDep,
    account: AccountDep,
    speed: Speed = 1.0,
    cues: Cues = "auto",
) -> dict[str, Any]:
    return _session(request, catalogue, account, speed, cues)[1]


@router.post(
    "/api/routine/rescreen",
    tags=["clinic"],
    status_code=201,
    summary="Record the red flags ticked before a session (the practitioner is alerted)",
)
def rescreen(request: Request, account: AccountDep, body: Rescreen) -> dict[str, Any]:
    from acupressure.safety.rules import rescreen_questions

    verdicts = {q.id: q.group for q in rescreen_questions(pregnant=True)}
    ticked = [verdicts.get(flag, "urgent") for flag in body.red_flags]
    verdict = "emergency" if "emergency" in ticked else "urgent" if ticked else "ok"
    answers = {"red_flags": list(body.red_flags)}
    recorded = screens(request).record(
        account=account, kind="rescreen", answers=answers, verdict=verdict
    )
    return recorded.model_dump(mode="json")

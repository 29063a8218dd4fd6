"""A practitioner's work with one client (clinic mode): the client list, screening them and
assigning a routine (a preset or a personal plan, with safe edits), the client's picture
(adherence against the assigned schedule, pain trend, alerts), their handout, and the FHIR
export. Every route goes through `own_client`: anyone else's client is 404."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from acupressure.clinic.accounts import Account
from acupressure.clinic.monitor import Screens, overview
from acupressure.clinic.routines import Assignment, Assignments, RoutineEdits, build, hold_limits
from acupressure.planning.routine import Routine
from acupressure.safety.profile import Profile
from acupressure.web.clinic_auth import PractitionerDep
from acupressure.web.deps import CatalogueDep
from acupressure.web.forms import Answers, StrictProfile, answers_for_profile
from acupressure.web.questions import form_values, questions_context
from acupressure.web.render import page
from acupressure.web.routes_clients import ClientDep, accounts, client_diary, own_client
from acupressure.web.routes_plan import _presets, read_answers
from acupressure.web.routes_routine import routine_context
from acupressure.web.security import require_csrf

router = APIRouter()


class AssignmentBody(BaseModel):
    """A routine to assign: the client's answers, a preset (none: a personal plan), edits."""

    model_config = ConfigDict(extra="forbid")

    profile: StrictProfile
    preset: str | None = Field(default=None, max_length=60)
    edits: RoutineEdits = Field(default_factory=RoutineEdits)


def _assignments(request: Request) -> Assignments:
    return Assignments(request.app.state.accounts)


def _screens(request: Request) -> Screens:
    return Screens(request.app.state.accounts)


def _assigned(
    request: Request, client: Account, catalogue: Any
) -> tuple[Assignment, Routine] | None:
    """The client's assignment and the routine built from it; None before one is assigned."""
    assignment = _assignments(request).of(client)
    if assignment is None:
        return None
    return assignment, build(assignment=assignment, catalogue=catalogue)


def _to_assign(client: Account) -> Response:
    """Nothing assigned yet: the practitioner is sent to screen and assign first."""
    return RedirectResponse(f"/clients/{client.id}/assign", status_code=303)


def _to_client_page(client: Account) -> Response:
    return RedirectResponse(f"/clients/{client.id}?assigned=1", status_code=303)


def picture(request: Request, client: Account, catalogue: Any) -> dict[str, Any]:
    """The client's overview plus their assigned routine, edits and the limits of edits."""
    assigned = _assigned(request, client, catalogue)
    assignment, routine = assigned if assigned else (None, None)
    times = routine.schedule.times_per_day if routine and routine.schedule else None
    data = overview(
        client=client,
        diary=client_diary(request, client),
        screens=_screens(request),
        times_per_day=times,
        today=date.today(),
    )
    data["assignment"] = assignment.to_json() if assignment else None
    data["routine"] = routine.to_json() if routine else None
    if assignment is not None and routine is not None:
        limits = hold_limits(profile=assignment.profile, catalogue=catalogue)
        data["edit_rows"] = [
            {
                "point": code,
                "name": name,
                "seconds": seconds,
                "min": limits[code][0],
                "max": limits[code][1],
                "why": limits[code][2],
            }
            for code, (name, seconds) in {
                s.point: (s.name, s.seconds) for s in routine.steps
            }.items()
            if code in limits
        ]
    base = f"/clients/{client.id}"
    data["links"] = {
        "page": base,
        "assign": f"{base}/assign",
        "handout": f"{base}/handout",
        "fhir": f"/api/clients/{client.id}/fhir",
    }
    return data


@router.get("/clients", include_in_schema=False)
def clients_page(request: Request, practitioner: PractitionerDep) -> Response:
    clients = [c.to_json() for c in accounts(request).clients_of(practitioner)]
    return page(request, "clients.html", {"clients": clients}, title="Clients")


@router.post("/clients", include_in_schema=False, dependencies=[Depends(require_csrf)])
def add_client_form(
    request: Request,
    practitioner: PractitionerDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    added = accounts(request).add(
        email=email, role="client", password=password, practitioner_email=practitioner.email
    )
    return RedirectResponse(f"/clients/{added.id}", status_code=303)


@router.get("/clients/{client_id}", include_in_schema=False)
def client_page(request: Request, catalogue: CatalogueDep, client: ClientDep) -> Response:
    context = picture(request, client, catalogue)
    return page(request, "client.html", context, title=client.email)


@router.get(
    "/api/clients/{client_id}/overview",
    tags=["clinic"],
    summary="A client's adherence, pain trend, alerts, screens and assigned routine",
)
def client_overview_json(
    request: Request, catalogue: CatalogueDep, client: ClientDep
) -> dict[str, Any]:
    return picture(request, client, catalogue)


def _answers_for(request: Request, client: Account) -> Answers:
    """The form's answers: the current assignment's, else the client's own screen's."""
    assignment = _assignments(request).of(client)
    if assignment is not None:
        return answers_for_profile(assignment.profile, assignment.preset)
    own = _screens(request).of(client, kind="screen", limit=1)
    if own:
        return Answers.model_validate(own[0].answers)
    return Answers()


@router.get("/clients/{client_id}/assign", include_in_schema=False)
def assign_page(request: Request, catalogue: CatalogueDep, client: ClientDep) -> Response:
    context = {
        **questions_context(catalogue, form_values(_answers_for(request, client)), {}),
        "presets": _presets(),
        "form_action": f"/clients/{client.id}/assign",
        "for_client": client.email,
    }
    return page(request, "start.html", context, title=f"Screen and assign: {client.email}")


def _assign(
    request: Request,
    catalogue: Any,
    practitioner: Account,
    client: Account,
    profile: Profile,
    preset: str | None,
    edits: RoutineEdits,
) -> Assignment:
    return _assignments(request).assign(
        practitioner=practitioner,
        client=client,
        profile=profile,
        preset=preset,
        edits=edits,
        catalogue=catalogue,
    )


@router.post(
    "/clients/{client_id}/assign", include_in_schema=False, dependencies=[Depends(require_csrf)]
)
async def assign_submit(
    request: Request, catalogue: CatalogueDep, practitioner: PractitionerDep, client: ClientDep
) -> Response:
    answers = await read_answers(request, catalogue, action=f"/clients/{client.id}/assign")
    if isinstance(answers, Response):
        return answers
    _assign(
        request, catalogue, practitioner, client, answers.profile(), answers.preset, RoutineEdits()
    )
    return _to_client_page(client)


@router.post(
    "/clients/{client_id}/edits", include_in_schema=False, dependencies=[Depends(require_csrf)]
)
async def edits_submit(
    request: Request, catalogue: CatalogueDep, practitioner: PractitionerDep, client: ClientDep
) -> Response:
    """The edit form: a `drop` box and a `seconds_<code>` field per step."""
    assigned = _assigned(request, client, catalogue)
    if assigned is None:
        return _to_assign(client)
    current, routine = assigned
    form = await request.form()
    drop = [str(code) for code in form.getlist("drop")]
    seconds: dict[str, int] = {}
    for key, value in form.multi_items():
        if key.startswith("seconds_") and str(value).strip():
            try:
                seconds[key.removeprefix("seconds_")] = int(str(value))
            except ValueError:
                seconds[key.removeprefix("seconds_")] = -1  # refused below, naming the point
    unchanged = {s.point: s.seconds for s in routine.steps}
    seconds = {code: s for code, s in seconds.items() if unchanged.get(code) != s}
    edits = RoutineEdits(drop=drop, seconds={**current.edits.seconds, **seconds})
    _assign(request, catalogue, practitioner, client, current.profile, current.preset, edits)
    return _to_client_page(client)


@router.get(
    "/api/clients/{client_id}/assignment",
    tags=["clinic"],
    summary="The routine assigned to a client",
)
def assignment_json(request: Request, catalogue: CatalogueDep, client: ClientDep) -> dict[str, Any]:
    assigned = _assigned(request, client, catalogue)
    if assigned is None:
        from acupressure.errors import NotFound

        raise NotFound(f"no routine assigned to client {client.id} yet")
    assignment, routine = assigned
    return {**assignment.to_json(), "routine": routine.to_json()}


@router.put(
    "/api/clients/{client_id}/assignment",
    tags=["clinic"],
    summary="Assign a routine (a preset or a personal plan, with safe edits)",
)
def assign_json(
    request: Request,
    catalogue: CatalogueDep,
    practitioner: PractitionerDep,
    client_id: int,
    body: AssignmentBody,
) -> dict[str, Any]:
    client = own_client(request, practitioner, client_id)
    assignment = _assign(
        request, catalogue, practitioner, client, body.profile, body.preset, body.edits
    )
    routine = build(assignment=assignment, catalogue=catalogue)
    return {**assignment.to_json(), "routine": routine.to_json()}


@router.get("/clients/{client_id}/handout", include_in_schema=False)
def handout_page(request: Request, catalogue: CatalogueDep, client: ClientDep) -> Response:
    assigned = _assigned(request, client, catalogue)
    if assigned is None:
        return _to_assign(client)
    assignment, routine = assigned
    context = routine_context(catalogue, assignment, routine, base=f"/clients/{client.id}")
    context["links"]["plan"] = f"/clients/{client.id}"
    if context["stop"] or not routine.steps:
        return page(
            request,
            "stop.html" if context["stop"] else "no_steps.html",
            context,
            title=routine.title,
        )
    from acupressure.web.handout import step_charts
    from acupressure.web.handout_text import handout_words

    handout = handout_words(routine, context.get("labels", {}))
    context = {**context, "step_charts": step_charts(catalogue, routine), "handout": handout}
    return page(request, "handout.html", context, title=routine.title)


@router.get(
    "/api/clients/{client_id}/fhir",
    tags=["clinic"],
    summary="A client's assigned routine (CarePlan), sessions and pain as FHIR R4",
)
def fhir_json(
    request: Request, catalogue: CatalogueDep, practitioner: PractitionerDep, client: ClientDep
) -> Response:
    from acupressure.clinic.fhir import care_bundle

    assigned = _assigned(request, client, catalogue)
    assignment, routine = assigned if assigned else (None, None)
    diary = client_diary(request, client)
    bundle = care_bundle(
        client=client,
        practitioner=practitioner,
        routine=routine,
        assignment=assignment,
        sessions=diary.list_sessions(),
        checkins=diary.list_checkins(),
    )
    return Response(json.dumps(bundle, indent=2), media_type="application/fhir+json")

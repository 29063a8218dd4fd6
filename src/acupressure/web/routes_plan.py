"""Safety questions, then the plan: steps on the chart, what was left out, schedule, handout."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.responses import Response

from acupressure.errors import BadInput
from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.routine import Routine
from acupressure.safety.profile import Profile
from acupressure.web.charts import charts, views_for
from acupressure.web.deps import CatalogueDep
from acupressure.web.forms import Answers, AnswersForm, StrictProfile, answers_for_profile
from acupressure.web.questions import (
    INVALID,
    LIST_FIELDS,
    form_values,
    invalid_messages,
    questions_context,
)
from acupressure.web.render import page
from acupressure.web.security import require_csrf

router = APIRouter()

AnswersQuery = Annotated[Answers, Query()]


class CalendarAnswers(Answers):
    """The plan's answers plus the first day of the course (default: today)."""

    start: date | None = None


CalendarQuery = Annotated[CalendarAnswers, Query()]
STOP_VERDICTS = ("emergency", "urgent")


def make_routine(catalogue: Catalogue, answers: Answers) -> Routine:
    """Screen and plan: the planner never sees a point the screen excluded (planned once
    per normalised profile and preset: the same answers always get the same routine)."""
    from acupressure.web.memo import routine_for

    return routine_for(catalogue, answers.profile(), answers.preset)


def step_numbers(routine: Routine) -> dict[str, int]:
    """Chart numbers: one per step, per side where a bilateral point is pressed side by side."""
    numbers: dict[str, int] = {}
    for index, step in enumerate(routine.steps, start=1):
        key = f"{step.point}:{step.side}" if step.side in ("left", "right") else step.point
        numbers.setdefault(key, index)
    return numbers


def plan_context(catalogue: Catalogue, answers: Answers, routine: Routine) -> dict[str, Any]:
    """The plan's data: the routine contract plus links and the points' details.

    A stop verdict carries no self-care content at all, so no presets either.
    """
    query = answers.query()
    codes = list(dict.fromkeys(step.point for step in routine.steps))
    stop = routine.verdict in STOP_VERDICTS
    from acupressure.guide.familiarity import SHORT_CUES_AFTER
    from acupressure.web.memo import query_with_preset

    return {
        "routine": routine.to_json(),
        "short_cues_after": SHORT_CUES_AFTER,
        "stop": stop,
        "query": query,
        "points": {code: _point_brief(catalogue, code) for code in codes},
        "left_out": left_out(routine),
        "labels": {e.point: _label(catalogue, e.point) for e in routine.excluded},
        "views": views_for(catalogue, codes),
        "links": {
            "plan": f"/plan?{query}",
            "handout": f"/plan/handout?{query}",
            "calendar": f"/plan.ics?{query}",
            "session": f"/session?{query}",
            "answers": f"/start?{query}",
        },
        "presets": [
            {**preset, "href": "/plan?" + query_with_preset(answers, preset["name"])}
            for preset in ([] if stop else _presets())
        ],
    }


def left_out(routine: Routine) -> list[dict[str, Any]]:
    """The safety exclusions grouped by reason, so one reason is read once, in plan order."""
    groups: dict[str, list[str]] = {}
    for exclusion in routine.excluded:
        groups.setdefault(exclusion.reason, []).append(exclusion.point)
    return [{"reason": reason, "points": points} for reason, points in groups.items()]


def _label(catalogue: Catalogue, code: str) -> str:
    """A point's code, or a region's name: never a raw id such as sacral_dimples."""
    point = catalogue.get(code)
    return point.code if point.kind == "point" else point.english


def _point_brief(catalogue: Catalogue, code: str) -> dict[str, Any]:
    point = catalogue.get(code)
    return {
        "code": code,
        "english": point.english,
        "pinyin": point.pinyin,
        "location": point.location,
        "kind": point.kind,
    }


def _presets() -> list[dict[str, Any]]:
    from acupressure.planning.presets import list_presets

    return [preset.to_json() for preset in list_presets()]


def with_figures(
    catalogue: Catalogue, context: dict[str, Any], routine: Routine, *, prefix: str
) -> dict[str, Any]:
    """Inline charts of the routine's points alone, numbered as the steps (HTML only)."""
    highlight = [step.point for step in routine.steps]
    figures = charts(
        catalogue,
        views=context["views"],
        highlight=highlight,
        numbered=step_numbers(routine),
        only=highlight,
        prefix=prefix,
    )
    return {**context, "figures": figures}


def plan_page_response(
    request: Request, catalogue: Catalogue, answers: Answers, template: str
) -> Response:
    """The plan or its handout; a stop verdict shows only the advice, whichever was asked."""
    missing = answers.missing()
    if missing:
        return questions_page(request, catalogue, form_values(answers), missing)
    routine = make_routine(catalogue, answers)
    context = plan_context(catalogue, answers, routine)
    if context["stop"]:
        return page(request, "stop.html", context, title="Please get help first")
    if not routine.steps:
        return page(request, "no_steps.html", context, title=routine.title)
    if template == "handout.html":  # each step beside its own small chart
        from acupressure.web import handout_text as text
        from acupressure.web.handout import step_charts

        handout = text.handout_words(routine, context["labels"])
        context = {**context, "step_charts": step_charts(catalogue, routine), "handout": handout}
    else:
        context = with_figures(catalogue, context, routine, prefix=template.split(".")[0])
    return page(request, template, context, title=routine.title)


def questions_page(
    request: Request,
    catalogue: Catalogue,
    values: dict[str, Any],
    problems: dict[str, str],
    action: str = "/start",
) -> Response:
    """The questions form, with the answers given so far and each problem by its field."""
    context = {**questions_context(catalogue, values, problems), "presets": _presets()}
    if action != "/start":  # a practitioner screening a client
        context["form_action"] = action
    status = 422 if problems else 200
    return page(request, "start.html", context, title="Safety questions", status_code=status)


@router.get("/start", include_in_schema=False)
def start_page(request: Request, catalogue: CatalogueDep, answers: AnswersQuery) -> Response:
    return questions_page(request, catalogue, form_values(answers), {})


@router.get("/api/questions", tags=["plan"], summary="The safety questions and the choices")
def questions_json(catalogue: CatalogueDep, answers: AnswersQuery) -> dict[str, Any]:
    return questions_context(catalogue, form_values(answers), answers.missing())


async def read_answers(
    request: Request, catalogue: Catalogue, *, action: str = "/start"
) -> AnswersForm | Response:
    """The questions form's answers, every one checked; else the form again, as typed,
    with each problem by its field (posted to `action`)."""
    from acupressure.planning.presets import get_preset

    form = await request.form()
    raw: dict[str, Any] = {
        key: [str(v) for v in form.getlist(key)] if key in LIST_FIELDS else str(form.get(key))
        for key in form
    }
    try:
        answers = AnswersForm.model_validate(raw)
    except ValidationError as error:
        return questions_page(request, catalogue, raw, invalid_messages(error, raw), action)
    problems = answers.missing()
    if answers.preset:
        try:
            get_preset(answers.preset)  # an unknown name is answered here, by its field
        except BadInput:
            problems["preset"] = INVALID["preset"]
    if problems:
        return questions_page(request, catalogue, raw, problems, action)
    return answers


@router.post("/start", include_in_schema=False, dependencies=[Depends(require_csrf)])
async def start_submit(request: Request, catalogue: CatalogueDep) -> Response:
    """Check every answer; show the form again, as typed, with each problem by its field."""
    answers = await read_answers(request, catalogue)
    if isinstance(answers, Response):
        return answers
    if request.app.state.settings.clinic:  # the practitioner sees the client's own screen
        _record_screen(request, catalogue, answers.profile(), answers)
    return RedirectResponse(f"/plan?{answers.query()}", status_code=303)


def _record_screen(
    request: Request, catalogue: Catalogue, profile: Profile, answers: Answers
) -> None:
    from acupressure.clinic.monitor import Screens
    from acupressure.safety.rules import screen
    from acupressure.web.clinic_auth import current_account

    verdict = screen(profile=profile, catalogue=catalogue).verdict
    data = answers.model_dump(include=set(Answers.model_fields))
    Screens(request.app.state.accounts).record(
        account=current_account(request), kind="screen", answers=data, verdict=verdict
    )


@router.get("/plan", include_in_schema=False)
def plan_page(request: Request, catalogue: CatalogueDep, answers: AnswersQuery) -> Response:
    return plan_page_response(request, catalogue, answers, "plan.html")


@router.get("/plan/handout", include_in_schema=False)
def handout_page(request: Request, catalogue: CatalogueDep, answers: AnswersQuery) -> Response:
    return plan_page_response(request, catalogue, answers, "handout.html")


@router.get("/api/plan", tags=["plan"], summary="The plan for answers given as query parameters")
def plan_json(catalogue: CatalogueDep, answers: AnswersQuery) -> dict[str, Any]:
    return plan_context(catalogue, answers, make_routine(catalogue, answers))


@router.post(
    "/api/plan", tags=["plan"], summary="Create a plan from a profile (the DESIGN.md contract)"
)
def plan_create(
    catalogue: CatalogueDep,
    profile: StrictProfile,
    preset: Annotated[str, Query(max_length=60)] = "",
) -> dict[str, Any]:
    answers = answers_for_profile(profile, preset or None)
    return plan_context(catalogue, answers, make_routine(catalogue, answers))


@router.get(
    "/plan.ics",
    tags=["plan"],
    summary="The plan's schedule as a calendar file",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}},
        409: {"description": "no routine: see the advice"},
    },
)
def plan_calendar(catalogue: CatalogueDep, answers: CalendarQuery) -> Response:
    from acupressure.planning.calendar import routine_to_ics

    routine = make_routine(catalogue, answers)
    if routine.verdict in STOP_VERDICTS:
        return Response(" ".join(routine.advice), status_code=409, media_type="text/plain")
    body = routine_to_ics(routine=routine, start=answers.start or date.today())
    headers = {"content-disposition": 'attachment; filename="acupressure-routine.ics"'}
    return Response(body, media_type="text/calendar", headers=headers)

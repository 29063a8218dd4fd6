"""The guided session: the page, and its timeline as JSON from acupressure.session."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from acupressure.catalogue import Catalogue
from acupressure.routine import Routine
from acupressure.web.deps import CatalogueDep
from acupressure.web.forms import Answers
from acupressure.web.render import page
from acupressure.web.routes_plan import make_routine, plan_context, with_figures

router = APIRouter()

AnswersQuery = Annotated[Answers, Query()]
Speed = Annotated[
    float,
    Query(gt=0, le=1000, description="how many times faster than real time (tests and demos)"),
]


def session_context(
    catalogue: Catalogue, answers: Answers, routine: Routine, speed: float
) -> dict[str, Any]:
    """The plan plus what the browser plays: timeline, re-screen questions, speed."""
    from acupressure.session import build_timeline, rescreen_questions

    context = plan_context(catalogue, answers, routine)
    timeline = [event.to_json() for event in build_timeline(routine)]
    return {
        **context,
        "speed": speed,
        "timeline": timeline,
        "total": timeline[-1]["at"] if timeline else 0,
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "verdict": q.verdict,
                "reason": q.reason,
                "advice": list(q.advice),
            }
            for q in rescreen_questions()
        ],
        "timeline_url": f"/api/session?{answers.query()}&speed={speed:g}",
    }


@router.get("/session", include_in_schema=False)
def session_page(
    request: Request, catalogue: CatalogueDep, answers: AnswersQuery, speed: Speed = 1.0
) -> Response:
    routine = make_routine(catalogue, answers)
    context = session_context(catalogue, answers, routine, speed)
    if context["stop"]:
        return page(request, "stop.html", context, title="Please get help first")
    context = with_figures(catalogue, context, routine, prefix="session")
    return page(request, "session.html", context, title="Guided session")


@router.get(
    "/api/session",
    tags=["session"],
    summary="The session's timeline of cues for the browser to play",
)
def session_json(
    catalogue: CatalogueDep, answers: AnswersQuery, speed: Speed = 1.0
) -> dict[str, Any]:
    return session_context(catalogue, answers, make_routine(catalogue, answers), speed)

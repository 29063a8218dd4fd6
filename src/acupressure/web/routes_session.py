"""The guided session: the page, and its timeline as JSON from acupressure.guide.session."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import Field
from starlette.responses import Response

from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.routine import Routine
from acupressure.web.deps import CatalogueDep
from acupressure.web.forms import Answers
from acupressure.web.render import page
from acupressure.web.routes_plan import make_routine, plan_context, with_figures

router = APIRouter()


class SessionAnswers(Answers):
    """The plan's answers plus the playback speed (tests run sessions many times faster)."""

    speed: float = Field(
        default=1.0, gt=0, le=1000, description="how many times faster than real time"
    )


SessionQuery = Annotated[SessionAnswers, Query()]


def session_context(
    catalogue: Catalogue, answers: SessionAnswers, routine: Routine
) -> dict[str, Any]:
    """The plan plus what the browser plays: timeline, re-screen questions, speed."""
    from acupressure.guide.session import build_timeline, rescreen_questions

    context = plan_context(catalogue, answers, routine)
    timeline = [event.to_json() for event in build_timeline(routine)]
    return {
        **context,
        "speed": answers.speed,
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
        "timeline_url": f"/api/session?{answers.query()}&speed={answers.speed:g}",
    }


@router.get("/session", include_in_schema=False)
def session_page(request: Request, catalogue: CatalogueDep, answers: SessionQuery) -> Response:
    routine = make_routine(catalogue, answers)
    context = session_context(catalogue, answers, routine)
    if context["stop"]:
        return page(request, "stop.html", context, title="Please get help first")
    if not routine.steps:
        return page(request, "no_steps.html", context, title=routine.title)
    context = with_figures(catalogue, context, routine, prefix="session")
    return page(request, "session.html", context, title="Guided session")


@router.get(
    "/api/session",
    tags=["session"],
    summary="The session's timeline of cues for the browser to play",
)
def session_json(catalogue: CatalogueDep, answers: SessionQuery) -> dict[str, Any]:
    return session_context(catalogue, answers, make_routine(catalogue, answers))

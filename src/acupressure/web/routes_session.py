"""The guided session: the page, and its timeline as JSON from acupressure.guide.session."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import Field
from starlette.responses import FileResponse, Response

from acupressure.diary.store import DiaryStore
from acupressure.guide.familiarity import CueChoice
from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.routine import Routine
from acupressure.web.deps import CatalogueDep, DiaryDep
from acupressure.web.forms import Answers
from acupressure.web.render import page
from acupressure.web.routes_plan import make_routine, plan_context, with_figures

router = APIRouter()


class SessionAnswers(Answers):
    """The plan's answers plus the playback speed (tests run sessions many times faster)."""

    speed: float = Field(
        default=1.0, gt=0, le=1000, description="how many times faster than real time"
    )
    cues: CueChoice = Field(
        default="auto",
        description="full: say how to find each point; short: name and side only (the finding "
        "is shown); auto: short after a few completed sessions of this routine",
    )


SessionQuery = Annotated[SessionAnswers, Query()]


def session_context(
    catalogue: Catalogue, answers: SessionAnswers, routine: Routine, diary: DiaryStore
) -> dict[str, Any]:
    """The plan plus what the browser plays: timeline, re-screen questions, speed, cues.

    Someone who is or may be pregnant is asked the pregnancy warning signs again too.
    """
    from acupressure.guide.familiarity import SHORT_CUES_AFTER, completed_runs, use_short_cues
    from acupressure.guide.session import STOPPED_NOTE, build_timeline, rescreen_questions

    context = plan_context(catalogue, answers, routine)
    completed = completed_runs(routine, diary.list_sessions()) if answers.cues == "auto" else 0
    short = use_short_cues(answers.cues, completed=completed)
    timeline = [event.to_json() for event in build_timeline(routine, short=short)]
    cues = "short" if short else "full"
    return {
        **context,
        "speed": answers.speed,
        "cues": cues,
        "cue_choice": answers.cues,
        "completed_runs": completed,
        "short_cues_after": SHORT_CUES_AFTER,
        "timeline": timeline,
        "total": timeline[-1]["at"] if timeline else 0,
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "verdict": q.verdict,
                "reason": q.reason,
                "advice": list(q.advice),
                "maternity": q.maternity,
            }
            for q in rescreen_questions(pregnant=answers.pregnant is True)
        ],
        "stop_note": STOPPED_NOTE,
        "timeline_url": f"/api/session?{answers.query()}&speed={answers.speed:g}&cues={cues}",
        "other_cues_url": (
            f"/session?{answers.query()}&speed={answers.speed:g}"
            f"&cues={'full' if short else 'short'}"
        ),
    }


@router.get("/session", include_in_schema=False)
def session_page(
    request: Request, catalogue: CatalogueDep, diary: DiaryDep, answers: SessionQuery
) -> Response:
    routine = make_routine(catalogue, answers)
    context = session_context(catalogue, answers, routine, diary)
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
def session_json(catalogue: CatalogueDep, diary: DiaryDep, answers: SessionQuery) -> dict[str, Any]:
    return session_context(catalogue, answers, make_routine(catalogue, answers), diary)


CueText = Annotated[str, Query(min_length=1, max_length=600, description="the words to say")]


@router.get(
    "/audio/cue.wav",
    tags=["session"],
    summary="A cue spoken by espeak-ng, for browsers without a voice (cached by its words)",
    response_class=FileResponse,
    responses={200: {"content": {"audio/wav": {}}}, 503: {"description": "no espeak-ng"}},
)
def cue_audio(request: Request, text: CueText) -> FileResponse:
    from acupressure.guide.spoken_audio import SpeechUnavailable

    try:
        path = request.app.state.spoken_audio.wav(text)
    except ValueError as error:
        raise HTTPException(422, str(error)) from None
    except SpeechUnavailable as error:
        raise HTTPException(503, str(error)) from None
    headers = {"Cache-Control": "private, max-age=86400"}
    return FileResponse(path, media_type="audio/wav", headers=headers)

"""The personal trial: set-up with the schedule as a calendar, a one-tap daily rating, and
the result with its chart and verdict in plain words; JSON twins under /api/trial."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from starlette.responses import Response

from acupressure.diary.store import DiaryStore
from acupressure.errors import BadInput
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.records import plain
from acupressure.trial.design import ArmSpec
from acupressure.trial.records import Trial
from acupressure.trial.store import TrialStore
from acupressure.web.deps import CatalogueDep, DiaryDep, TrialsDep
from acupressure.web.render import page
from acupressure.web.security import require_csrf

router = APIRouter()


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


Blankable = BeforeValidator(_blank_is_none)
Score = Annotated[int, Field(ge=0, le=10)]


class StartForm(BaseModel):
    """The set-up form (and the JSON body of POST /api/trial)."""

    model_config = ConfigDict(extra="ignore")

    arm_a: str = Field(max_length=100, description="a preset name or 'none'")
    arm_b: str = Field(max_length=100, description="a preset name or 'none'")
    weeks: Annotated[int, Field(ge=8, le=52)] = 12
    start: Annotated[date | None, Blankable] = None
    seed: Annotated[Annotated[int, Field(ge=0, le=2**31)] | None, Blankable] = None


class RatingForm(BaseModel):
    """The daily rating: one tap on the pain score, optionally a warning sign or side effect."""

    model_config = ConfigDict(extra="ignore")

    pain: Score
    interference: Annotated[Score | None, Blankable] = None
    red_flags: list[str] = Field(default_factory=list, max_length=30)
    side_effects: list[str] = Field(default_factory=list, max_length=4)


class StopForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reason: str = Field(default="", max_length=500)


def _now() -> datetime:
    return datetime.now().astimezone()


def _arm(text: str, catalogue: Catalogue, option: str) -> ArmSpec:
    from acupressure.trial.arms import resolve_arm

    if text.strip().lower().endswith(".json"):
        raise BadInput(f"{option}: choose a preset or usual care (a profile file is CLI-only)")
    return resolve_arm(text, catalogue=catalogue, option=option)


def _start(form: StartForm, trials: TrialStore, catalogue: Catalogue) -> Trial:
    from acupressure.trial import service
    from acupressure.trial.design import make_design

    design = make_design(
        arm_a=_arm(form.arm_a, catalogue, "arm_a"),
        arm_b=_arm(form.arm_b, catalogue, "arm_b"),
        start=form.start or _now().date(),
        weeks=form.weeks,
        seed=form.seed,
    )
    return service.start(store=trials, design=design, now=_now())


def calendar(trial: Trial) -> list[dict[str, Any]]:
    """The schedule as rows of days (one row a period), for the set-up page's calendar."""
    rated = {r.day: r.pain for r in trial.ratings}
    rows = []
    for period in trial.design.schedule():
        days = []
        for offset in range(trial.design.period_days):
            day = period.start + timedelta(days=offset)
            days.append({"date": day.isoformat(), "label": day.strftime("%a %d %b"),
                         "washout": day <= period.washout_until,
                         "pain": rated.get(day)})  # fmt: skip
        rows.append({**period.model_dump(mode="json"), "days": days,
                     "routine": trial.design.arm(period.arm).label})  # fmt: skip
    return rows


def trial_context(trials: TrialStore) -> dict[str, Any]:
    """What the trial page shows: the explanation and choices, or the running trial."""
    from acupressure.planning.presets import list_presets
    from acupressure.trial import service
    from acupressure.trial.analysis import DECISION_RULE, WASHOUT_REASON
    from acupressure.trial.design import DEFAULT_PAIRS, MIN_PAIRS

    trial = trials.current()
    choices = [{"value": p.name, "label": p.title} for p in list_presets()]
    choices.append({"value": "none", "label": "No acupressure: usual care"})
    context: dict[str, Any] = {
        "choices": choices,
        "decision_rule": DECISION_RULE,
        "washout_reason": WASHOUT_REASON.format(days=2),
        "min_weeks": 2 * MIN_PAIRS,
        "default_weeks": 2 * DEFAULT_PAIRS,
        "today": _now().date().isoformat(),
        "trial": None,
        "status": None,
        "calendar": [],
    }
    if trial is not None:
        context["trial"] = service.design_json(trial)
        context["status"] = service.status(trial, today=_now().date())
        context["calendar"] = calendar(trial)
    return context


@router.get("/trial", include_in_schema=False)
def trial_page(request: Request, trials: TrialsDep) -> Response:
    return page(request, "trial.html", trial_context(trials), title="Your trial")


@router.get("/api/trial", tags=["trial"], summary="The trial: explanation, design, calendar")
def trial_json(trials: TrialsDep) -> dict[str, Any]:
    return trial_context(trials)


@router.post("/trial/start", include_in_schema=False, dependencies=[Depends(require_csrf)])
def start_form(
    form: Annotated[StartForm, Form()], trials: TrialsDep, catalogue: CatalogueDep
) -> Response:
    _start(form, trials, catalogue)
    return RedirectResponse("/trial", status_code=303)


@router.post("/api/trial", tags=["trial"], status_code=201, summary="Start a trial")
def start_json(form: StartForm, trials: TrialsDep, catalogue: CatalogueDep) -> dict[str, Any]:
    from acupressure.trial import service

    return service.design_json(_start(form, trials, catalogue))


def rating_context(trials: TrialStore) -> dict[str, Any]:
    from acupressure.safety.rules import rescreen_questions
    from acupressure.trial import service

    trial = service.current(trials)
    return {
        "status": service.status(trial, today=_now().date()),
        # A trial keeps no answers about the person, so the pregnancy warning signs are
        # always on the page, in their own group.
        "questions": [plain(q) for q in rescreen_questions(pregnant=True)],
        "side_effects": ["bruising", "more_pain", "dizziness", "other"],
    }


@router.get("/trial/rate", include_in_schema=False)
def rate_page(request: Request, trials: TrialsDep, saved: int = 0) -> Response:
    context = {**rating_context(trials), "saved": saved, "stop": None}
    return page(request, "trial_rate.html", context, title="Today's rating")


def _rate(form: RatingForm, trials: TrialStore, diary: DiaryStore) -> dict[str, Any]:
    from acupressure.trial import service

    now = _now()
    outcome = service.rate(store=trials, diary=diary, day=now.date(), pain=form.pain,
                           interference=form.interference, red_flags=form.red_flags,
                           side_effects=form.side_effects, now=now)  # fmt: skip
    stop = outcome.stop
    return {
        "rating": outcome.rating.model_dump(mode="json"),
        "stopped": stop is not None,
        "stop_reason": stop.reason if stop else "",
        "advice": stop.advice if stop else [],
    }


@router.post("/trial/rate", include_in_schema=False, dependencies=[Depends(require_csrf)])
def rate_form(
    request: Request, form: Annotated[RatingForm, Form()], trials: TrialsDep, diary: DiaryDep
) -> Response:
    outcome = _rate(form, trials, diary)
    if not outcome["stopped"]:
        return RedirectResponse("/trial/rate?saved=1", status_code=303)
    context = {**rating_context(trials), "saved": 1, "stop": outcome}
    return page(request, "trial_rate.html", context, title="Your trial has stopped")


@router.post("/api/trial/rating", tags=["trial"], status_code=201, summary="Today's rating")
def rate_json(form: RatingForm, trials: TrialsDep, diary: DiaryDep) -> dict[str, Any]:
    return _rate(form, trials, diary)


def result_context(trials: TrialStore) -> dict[str, Any]:
    from acupressure.trial import service
    from acupressure.trial.chart import trial_svg

    trial = service.current(trials)
    analysis = service.analysis(trial, today=_now().date())
    return {
        "analysis": analysis.contract(),
        "design": service.design_json(trial),
        "status": service.status(trial, today=_now().date()),
        "chart": trial_svg(trial, analysis),
    }


@router.get("/trial/result", include_in_schema=False)
def result_page(request: Request, trials: TrialsDep) -> Response:
    context = result_context(trials)
    context["chart"] = Markup(context["chart"])  # our own SVG, built by ElementTree
    return page(request, "trial_result.html", context, title="Your trial's result")


@router.get("/api/trial/result", tags=["trial"], summary="The analysis, verdict and chart")
def result_json(trials: TrialsDep) -> dict[str, Any]:
    return result_context(trials)


@router.post("/trial/stop", include_in_schema=False, dependencies=[Depends(require_csrf)])
def stop_form(form: Annotated[StopForm, Form()], trials: TrialsDep) -> Response:
    from acupressure.trial import service

    service.stop(store=trials, reason=form.reason, now=_now())
    return RedirectResponse("/trial", status_code=303)


@router.post("/api/trial/stop", tags=["trial"], summary="End the trial early")
def stop_json(form: StopForm, trials: TrialsDep) -> dict[str, Any]:
    from acupressure.trial import service

    trial = service.stop(store=trials, reason=form.reason, now=_now())
    return service.status(trial, today=_now().date())


@router.get(
    "/trial/calendar.ics",
    tags=["trial"],
    summary="Reminders: each period with its arm, and the daily rating",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def calendar_file(trials: TrialsDep) -> Response:
    from acupressure.trial import service
    from acupressure.trial.reminders import trial_to_ics

    body = trial_to_ics(service.current(trials))
    disposition = 'attachment; filename="acupressure-trial.ics"'
    return Response(body, media_type="text/calendar", headers={"content-disposition": disposition})

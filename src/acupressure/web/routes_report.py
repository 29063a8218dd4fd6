"""The report for the doctor: a printable page, its PDF (Chromium) and its JSON twin.

The sections are the person's choice (`sections`, repeated). The diary does not store the
safety answers, so the plan page links here with them in the address, as it does for the
handout; without them the report says where to open it from.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request
from pydantic import Field
from starlette.responses import Response

from acupressure.diary.report import SECTION_TITLES, SECTIONS, Section, diary_report
from acupressure.diary.store import DiaryStore
from acupressure.errors import BadInput
from acupressure.knowledge.catalogue import Catalogue
from acupressure.web.deps import CatalogueDep, DiaryDep
from acupressure.web.forms import Answers
from acupressure.web.render import page

router = APIRouter()


def _all_sections() -> list[Section]:
    return list(SECTIONS)


class ReportAnswers(Answers):
    """The plan's answers (when opened from a plan) and the sections to show."""

    sections: list[Section] = Field(default_factory=_all_sections, max_length=len(SECTIONS))


ReportQuery = Annotated[ReportAnswers, Query()]


def report_context(
    request: Request, diary: DiaryStore, catalogue: Catalogue, answers: ReportAnswers
) -> dict[str, Any]:
    """The diary's sections, the chart, and the plan and answers when they were given."""
    from acupressure.diary.trend import pain_trend

    sessions, checkins = diary.list_sessions(), diary.list_checkins()
    report = diary_report(sessions=sessions, checkins=checkins, today=date.today())
    given = "complaints" in request.query_params
    query = request.url.query
    return {
        "report": report.model_dump(mode="json"),
        "trend": pain_trend(sessions=sessions, checkins=checkins),
        "sections": list(dict.fromkeys(answers.sections)),
        "section_titles": SECTION_TITLES,
        "plan": _plan_or_none(catalogue, answers) if given else None,
        "answers_pairs": parse_qsl(answers.query()) if given else [],
        "links": {
            "pdf": f"/diary/report.pdf?{query}" if query else "/diary/report.pdf",
            "page": f"/diary/report?{query}" if query else "/diary/report",
        },  # fmt: skip
    }


def _plan_or_none(catalogue: Catalogue, answers: Answers) -> dict[str, Any] | None:
    """The plan part, or None when the answers in the address are not complete (the report
    then says where to open it from, rather than refusing the diary's own sections)."""
    try:
        return _plan(catalogue, answers)
    except BadInput:
        return None


def _plan(catalogue: Catalogue, answers: Answers) -> dict[str, Any]:
    """The routine these answers give today, and the answers in the questions' own words."""
    from acupressure.safety.questions import interview
    from acupressure.web.routes_plan import make_routine

    routine: dict[str, Any] = make_routine(catalogue, answers).to_json()
    asked = {q.id: q.text for q in interview(planning=True)}
    complaints = [catalogue.complaints[c].label for c in answers.complaints]
    return {
        "title": routine["title"],
        "verdict": routine["verdict"],
        "reasons": routine["reasons"],
        "steps": [
            {key: step[key] for key in ("point", "name", "side", "seconds", "repetitions")}
            for step in routine["steps"]
        ],
        "guided_seconds": routine.get("guided_seconds"),
        "answers": {
            "complaints": complaints,
            "age": answers.age,
            "pregnant": answers.pregnant,
            "yes": [
                asked.get(flag, flag)
                for flag in [*answers.red_flags, *answers.conditions]
                if flag != "none"
            ],
            "minutes": answers.minutes,
            "position": answers.position,
        },
    }


@router.get("/diary/report", include_in_schema=False)
def report_page(
    request: Request, diary: DiaryDep, catalogue: CatalogueDep, answers: ReportQuery
) -> Response:
    context = {**report_context(request, diary, catalogue, answers), "layout": "base.html"}
    return page(request, "diary_report.html", context, title="Report for your doctor")


@router.get("/api/diary/report", tags=["diary"], summary="The report for the doctor, as data")
def report_json(
    request: Request, diary: DiaryDep, catalogue: CatalogueDep, answers: ReportQuery
) -> dict[str, Any]:
    context = report_context(request, diary, catalogue, answers)
    return {**context, "trend": context["trend"].model_dump(mode="json")}


@router.get("/diary/report.pdf", include_in_schema=False)  # a browser's file, not an API
def report_pdf(
    request: Request, diary: DiaryDep, catalogue: CatalogueDep, answers: ReportQuery
) -> Response:
    from acupressure.web.pdf import NoPdf, html_to_pdf

    static = files("acupressure.web") / "static" / "css"
    styles = {
        name: (static / name).read_text(encoding="utf-8") for name in ("app.css", "print.css")
    }
    context = {**report_context(request, diary, catalogue, answers), "layout": "_standalone.html"}
    html = page(request, "diary_report.html", context, title="Report for your doctor")
    try:
        pdf = html_to_pdf(bytes(html.body).decode("utf-8"), files=styles)
    except NoPdf as error:
        message = f"{error} Open the report page and use your browser's Print, then Save as PDF."
        return Response(message, status_code=503, media_type="text/plain")
    name = f"acupressure-report-{date.today().isoformat()}.pdf"
    disposition = f'attachment; filename="{name}"'
    return Response(pdf, media_type="application/pdf", headers={"content-disposition": disposition})

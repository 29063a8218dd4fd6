"""Point pages: every entry, names in all forms, where and how, and what each source says."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from pydantic import BeforeValidator
from starlette.responses import Response

from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.models import ComplaintId, View
from acupressure.knowledge.records import plain
from acupressure.web.charts import VIEW_LABELS, VIEW_ORDER, charts, views_for
from acupressure.web.deps import CatalogueDep
from acupressure.web.render import page

router = APIRouter()

Name = Annotated[
    str, Path(min_length=1, max_length=80, description="any name: code, alias, pinyin, English")
]


def _blank_is_none(value: object) -> object:
    """The form's "All complaints" option sends `complaint=`: no filter, not a bad complaint."""
    return None if isinstance(value, str) and not value.strip() else value


Complaint = Annotated[
    ComplaintId | None,
    BeforeValidator(_blank_is_none),
    Query(description="only points for this complaint (empty: all)"),
]
Search = Annotated[str, Query(max_length=80, description="words to look for")]
Codes = Annotated[list[str], Query(max_length=40, description="codes to highlight")]


def chart_links(
    views: list[str], *, highlight: list[str], complaint: str | None = None
) -> list[dict[str, str]]:
    """Where the JSON twin's reader finds each chart as an SVG image."""
    query = urlencode(
        [("highlight", code) for code in highlight]
        + ([("complaint", complaint)] if complaint else [])
    )
    return [
        {
            "view": v,
            "label": VIEW_LABELS[v],
            "href": f"/charts/{v}.svg" + (f"?{query}" if query else ""),
        }
        for v in views
    ]


def points_context(catalogue: Catalogue, *, complaint: str | None, q: str) -> dict[str, Any]:
    """The list of entries, filtered by complaint and search words."""
    entries = list(catalogue.search(q)) if q.strip() else list(catalogue.points)
    if complaint:
        entries = [point for point in entries if complaint in point.indications]
    views = views_for(catalogue, [p.code for p in entries]) or list(VIEW_ORDER[:2])
    return {
        "complaint": complaint,
        "q": q,
        "suggestions": suggestions(catalogue, q) if q.strip() and not entries else [],
        "complaints": [plain(c) for c in catalogue.complaints.values()],
        "points": [point.to_json() for point in entries],
        "charts": chart_links(
            views,
            highlight=[p.code for p in entries] if (complaint or q) else [],
            complaint=complaint,
        ),
    }


def suggestions(catalogue: Catalogue, q: str) -> list[dict[str, str]]:
    """The closest names to a search that found nothing (a misspelt "wiezhong" -> BL40)."""
    return [
        {"code": point.code, "pinyin": point.pinyin, "english": point.english}
        for point in catalogue.suggestions(q)
    ]


def point_context(catalogue: Catalogue, name: str) -> dict[str, Any]:
    """One entry resolved from any of its names (unknown names raise with the closest ones)."""
    resolution = catalogue.resolve(name)
    point = resolution.point
    sources = {claim.source for claim in point.sources} | {t.source for t in point.techniques}
    sources |= {caution.source for caution in point.cautions}
    return {
        "point": point.to_json(),
        "assumed": resolution.assumed,
        "views": point.views(),
        "charts": chart_links(views_for(catalogue, [point.code]), highlight=[point.code]),
        "source_titles": {
            s: catalogue.sources[s].title for s in sorted(sources) if s in catalogue.sources
        },
    }


def with_svg(
    catalogue: Catalogue,
    context: dict[str, Any],
    *,
    highlight: list[str],
    complaint: str | None = None,
    only: list[str] | None = None,
) -> dict[str, Any]:
    """Add the inline SVG of every chart the context links to (HTML pages only)."""
    views = [chart["view"] for chart in context["charts"]]
    figures = charts(
        catalogue,
        views=views,
        highlight=highlight,
        complaint=complaint,
        only=only,
        landmarks_of=only or (),
    )
    return {**context, "figures": figures}


@router.get("/points", include_in_schema=False)
def points_page(
    request: Request, catalogue: CatalogueDep, complaint: Complaint = None, q: Search = ""
) -> Response:
    context = points_context(catalogue, complaint=complaint, q=q)
    highlight = [p["code"] for p in context["points"]] if (complaint or q) else []
    context = with_svg(catalogue, context, highlight=highlight, complaint=complaint)
    return page(request, "points.html", context, title="Points")


@router.get("/api/points", tags=["points"], summary="All points and regions, optionally filtered")
def points_json(
    catalogue: CatalogueDep, complaint: Complaint = None, q: Search = ""
) -> dict[str, Any]:
    return points_context(catalogue, complaint=complaint, q=q)


@router.get("/points/{name}", include_in_schema=False)
def point_page(request: Request, catalogue: CatalogueDep, name: Name) -> Response:
    context = point_context(catalogue, name)
    code = context["point"]["code"]
    context = with_svg(catalogue, context, highlight=[code], only=[code])
    title = f"{context['point']['code']} {context['point']['english']}"
    return page(request, "point.html", context, title=title)


@router.get(
    "/api/points/{name}",
    tags=["points"],
    summary="One point or region by any of its names",
    responses={
        404: {"description": "unknown name, with the closest names"},
        300: {"description": "a name that means more than one point"},
    },
)
def point_json(catalogue: CatalogueDep, name: Name) -> dict[str, Any]:
    return point_context(catalogue, name)


@router.get(
    "/charts/{view}.svg",
    tags=["charts"],
    summary="A body chart as SVG, with points highlighted",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def chart_svg(
    catalogue: CatalogueDep,
    view: View,
    highlight: Codes = [],  # noqa: B006 (FastAPI copies the default)
    complaint: Complaint = None,
) -> Response:
    from acupressure.web.memo import chart_svg

    known = {code for code in highlight if code in catalogue}
    svg = chart_svg(catalogue, view=view, highlight=known, complaint=complaint)
    return Response(svg, media_type="image/svg+xml")


@router.get("/charts/chart.css", include_in_schema=False)
def chart_css() -> Response:
    """The charts' hover and focus styles, as a stylesheet (the CSP allows no inline style)."""
    from acupressure.charts.bodymap import CHART_CSS

    return Response(CHART_CSS, media_type="text/css")

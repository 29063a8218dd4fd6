"""Home: what this is, what the evidence honestly says, and where to start."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.records import plain
from acupressure.web.deps import CatalogueDep
from acupressure.web.render import page

router = APIRouter()

EVIDENCE_KINDS = ("trial", "review", "guideline")
SAFETY_KINDS = ("safety",)
WHAT = (
    "This app helps you try self-acupressure for back pain with care: a few questions first, "
    "then a short routine of points with pictures of where they are, a guided session that "
    "talks you through it, and a diary to see whether it helps."
)
EVIDENCE = (
    "A few small randomised trials found that people who used acupressure for low back pain "
    "reported somewhat less pain and disability than comparison groups. The evidence is "
    "limited: the trials were small, blinding is hard when the treatment is touch, and the "
    "effects were modest. Acupressure is a complement to staying active and to the usual "
    "advice for back pain, not a replacement for it, and it is not a cure."
)


def _safety_changes() -> list[str]:
    from acupressure.safety.rules import load_rules

    return list(load_rules().changes)


def home_context(catalogue: Catalogue) -> dict[str, Any]:
    """The home page's data, with the cited sources that back the evidence summary."""

    def brief(kinds: tuple[str, ...]) -> list[dict[str, str]]:
        return [
            {
                "id": s.id,
                "kind": s.kind,
                "title": s.title,
                "citation": s.citation,
                "summary": s.summary,
                "limits": s.limits,
            }
            for s in catalogue.sources.values()
            if s.kind in kinds
        ]

    return {
        "what": WHAT,
        "evidence": EVIDENCE,
        "safety_changes": _safety_changes(),
        "sources": brief(EVIDENCE_KINDS),
        "safety_sources": brief(SAFETY_KINDS),
        "complaints": [plain(c) for c in catalogue.complaints.values()],
        "points": len(catalogue),
        "start": "/start",
    }


@router.get("/", include_in_schema=False)
def home(request: Request, catalogue: CatalogueDep) -> Response:
    return page(request, "home.html", home_context(catalogue), title="Acupressure for back pain")


@router.get("/api/home", tags=["pages"], summary="What this is and what the evidence says")
def home_json(catalogue: CatalogueDep) -> dict[str, Any]:
    return home_context(catalogue)


@router.get("/api/ping", tags=["health"], summary="A bare endpoint (for benchmarks)")
def ping() -> dict[str, bool]:
    return {"ok": True}


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask for this path on their own; the icon is an SVG."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


def api_operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every documented operation: method, path, summary, parameters (from the OpenAPI)."""
    return [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "parameters": [p["name"] for p in operation.get("parameters", [])],
            "body": "requestBody" in operation,
        }
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> Response:
    """The API's own reference page (no CDN assets); the JSON twin is /openapi.json."""
    context = {"operations": api_operations(request.app.openapi())}
    return page(request, "api.html", context, title="API")

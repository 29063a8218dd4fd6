"""Bad input gets a clear message and a 4xx, as HTML for pages and JSON under /api."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from acupressure.errors import AcupressureError, AmbiguousName, BadInput, NotFound, UnknownName
from acupressure.web.render import page


def _wants_json(request: Request) -> bool:
    """JSON for the API and for files (.ics, .csv, .svg) asked for by programs; HTML for people."""
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return True
    is_file = "." in path.rsplit("/", 1)[-1]
    return is_file and "text/html" not in request.headers.get("accept", "")


def _respond(request: Request, status: int, message: str, extra: dict[str, Any]) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message, **extra}, status_code=status)
    context = {"status": status, "message": message, **extra}
    return page(request, "error.html", context, title="Something is not right", status_code=status)


# Validator wording ("complaints: Field required") reads as a fault in the program; these
# answers a person simply left out get a plain request instead, form and API alike.
_PLAIN = {
    ("complaints", "missing"): "Choose at least one complaint",
    ("complaints", "too_short"): "Choose at least one complaint",
}


def _field_message(error: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query"))
    plain = _PLAIN.get((where, str(error.get("type"))))
    text = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return plain or f"{where or 'input'}: {text}"


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [_field_message(error) for error in exc.errors()]
    message = "Some answers could not be used: " + "; ".join(problems)
    # Every field right but their combination not (an end before the start): a rule no
    # schema can say, so bad input (400) like a future date, not a mismatch (422).
    status = 400 if all(_whole_entry(error) for error in exc.errors()) else 422
    return _respond(request, status, message, {"problems": problems})


def _whole_entry(error: dict[str, Any]) -> bool:
    where = [part for part in error.get("loc", ()) if part != "body"]
    return not where and error.get("type") == "value_error"


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    response = _respond(request, exc.status_code, str(exc.detail), {})
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    if exc.status_code == 405:  # Starlette names only the first route's methods
        response.headers["allow"] = ", ".join(_methods_at(request))
    return response


def _methods_at(request: Request) -> list[str]:
    """Every method some route serves at this path (GET and POST /api/plan, say)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)  # PARTIAL: the path fits, the method not
        if match != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


async def domain_error(request: Request, exc: Exception) -> Response:
    """The core's own errors: unknown names and entries 404, ambiguous 300, other bad
    input 400."""
    assert isinstance(exc, AcupressureError)
    if isinstance(exc, UnknownName):
        return _respond(request, 404, str(exc), {"name": exc.name, "suggestions": exc.suggestions})
    if isinstance(exc, AmbiguousName):
        extra = {"name": exc.name, "candidates": exc.candidates, "note": exc.note}
        return _respond(request, 300, str(exc), extra)
    from acupressure.diary.store import DiaryBusy

    if isinstance(exc, DiaryBusy):
        response = _respond(request, 503, str(exc), {})
        response.headers["retry-after"] = "5"
        return response
    if isinstance(exc, NotFound):
        return _respond(request, 404, str(exc), {})
    status = 400 if isinstance(exc, BadInput) else 500
    return _respond(request, status, str(exc), {})  # plain words: the store logged the detail


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(AcupressureError, domain_error)

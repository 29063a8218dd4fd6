"""The OpenAPI document as the server really answers: one problem shape for every 4xx.

FastAPI documents its own 422 body (a list of validator errors); ours is a sentence plus
one line per problem (see errors.py). Every operation may also answer 400, bad input no
JSON Schema can say (a date in the future, a preset that does not exist, a safety answer
left out), and the diary's writes 503 while another program holds the diary.
`schemathesis run --checks all` holds the server to this document (tests/test_web_schema.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM = {
    "title": "Problem",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "what is wrong, in plain words"},
        "problems": {"type": "array", "items": {"type": "string"}, "description": "per field"},
    },
}
_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
ANSWERS = {
    "400": "Bad input the schema cannot express; `detail` says what and how to fix it.",
    "422": "The request does not match this document; `problems` names each field.",
}
BUSY = {"503": "Another program is writing the diary; nothing was changed, try again."}


def document(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document with our problem responses on every operation."""
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            extra = {**ANSWERS, **(BUSY if method == "post" and "/diary" in path else {})}
            for status, description in extra.items():
                responses[status] = {"description": description, "content": _REF}
    return schema


def install(app: FastAPI) -> None:
    """Serve `document(app)` at /openapi.json, built once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

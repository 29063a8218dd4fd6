"""schemathesis against the OpenAPI schema: whatever it sends, the server never answers 500.

The cases come from schemathesis' Hypothesis strategies and run under plain pytest (its
pytest plugin does not support this pytest yet).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupressure.web import Settings, create_app
from acupressure.web.settings import LOOPBACK_HOSTS


@pytest.fixture(scope="module")
def web_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app's own schema, served by the app, with a throwaway diary."""
    directory = tmp_path_factory.mktemp("schema")
    url = f"sqlite:///{Path(directory) / 'diary.sqlite'}"
    # schemathesis' in-process transport calls itself "testserver"
    app = create_app(Settings(db_url=url, allowed_hosts=(*LOOPBACK_HOSTS, "testserver")))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)


def operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_documents_every_json_twin(web_schema: Any) -> None:
    paths = set(web_schema.raw_schema["paths"])
    assert {
        "/api/home",
        "/api/questions",
        "/api/plan",
        "/api/points",
        "/api/points/{name}",
        "/api/session",
        "/api/diary",
        "/api/diary/sessions",
        "/diary/export.{fmt}",
        "/plan.ics",
    } <= paths


def test_no_input_makes_the_server_fail(web_schema: Any) -> None:
    ops = operations(web_schema)
    strategy = st.one_of([op.as_strategy() for op in ops])
    seen: set[str] = set()

    @given(case=strategy)
    @settings(
        max_examples=60 * len(ops),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case: Any) -> None:
        response = case.call()
        seen.add(f"{case.method} {case.operation.path}")
        where = f"{case.method} {case.formatted_path} {case.query or ''}"
        assert response.status_code < 500, (
            f"{where} answered {response.status_code}: {response.text[:300]}"
        )
        if response.status_code >= 400:
            kind = (response.headers.get("content-type") or [""])[0]
            assert kind.startswith(("application/json", "text/plain")), where

    check()
    assert len(seen) == len(ops), "every operation must have been exercised"

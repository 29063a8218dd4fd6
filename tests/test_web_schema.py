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
        response = case.call(timeout=120)  # a loaded machine renders a chart slowly
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


CONFIG = Path(__file__).resolve().parents[1] / "schemathesis.toml"


def test_schemathesis_run_with_all_checks_passes_against_a_live_server(tmp_path: Path) -> None:
    """`schemathesis run --checks all`: status codes, content types, response schemas, and
    that valid data is accepted and invalid data rejected, as the document says."""
    import subprocess
    import sys

    from webapp import served

    with served(tmp_path / "diary.sqlite3") as base:
        run = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "--no-color",
             "run", f"{base}/openapi.json", "--checks", "all", "--max-examples", "20",
             "--seed", "20261201", "--generation-database", "none"],
            cwd=tmp_path, capture_output=True, text=True, timeout=1200,
        )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]


def test_the_document_says_what_the_server_does(web_schema: Any) -> None:
    import json

    raw = web_schema.raw_schema
    text = json.dumps(raw)
    assert '"ge":' not in text and '"le":' not in text  # JSON Schema says minimum/maximum
    assert "HTTPValidationError" not in text
    for operations in raw["paths"].values():
        for operation in operations.values():
            for status in ("400", "422"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/Problem"}
    session = raw["components"]["schemas"]["SessionEntry"]["properties"]
    assert session["uid"]["pattern"].startswith("^[A-Za-z0-9]")
    assert session["pain_before"]["anyOf"][0]["maximum"] == 10

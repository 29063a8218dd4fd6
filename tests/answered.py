"""A complete profile for tests: every required answer stated, the test's own on top.

Not answering is not "no" (issue 9), so a test that means "an adult of 40 with nothing
to report" says so here, once, instead of leaning on defaults the profile no longer has.
"""

from __future__ import annotations

from typing import Any

BASELINE: dict[str, Any] = {
    "complaints": ["lower_back"],
    "age": 40,
    "pregnant": False,
    "red_flags": [],
    "conditions": [],
}


def answered(fields: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    """The baseline answers with the given ones on top."""
    return {**BASELINE, **(fields or {}), **more}

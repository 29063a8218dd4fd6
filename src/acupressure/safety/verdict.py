"""What the screen decides: a verdict, and the points it leaves out with their reasons.

Planning builds on these types; they live here so that safety never imports planning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from acupressure.knowledge.records import STRICT

Verdict = Literal["emergency", "urgent", "caution", "ok"]


@dataclass(frozen=True, kw_only=True)
class Exclusion:
    """A point left out for safety, with the rule's plain reason."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT

    point: str
    reason: str
    sources: list[str] = field(default_factory=list)

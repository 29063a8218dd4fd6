"""What the screen decides: a verdict, and the points it leaves out with their reasons.

Planning builds on these types; they live here so that safety never imports planning.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["emergency", "urgent", "caution", "ok"]


class Exclusion(BaseModel):
    """A point left out for safety, with the rule's plain reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    point: str
    reason: str
    sources: list[str] = Field(default_factory=list)

"""The layout of each knowledge file: what pydantic checks a whole YAML document against.

Only loading the YAML needs these (the kept catalogue holds the entries themselves), so
they live apart from the entries' records in models.py.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from acupressure.knowledge.models import Complaint, Point, SharedName, Source, Strict


@dataclass(frozen=True, kw_only=True)
class PointsFile(Strict):
    """Layout of knowledge/data/points.yaml."""

    points: list[Point]
    shared_names: list[SharedName] = dataclasses.field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class SourcesFile(Strict):
    """Layout of knowledge/data/sources.yaml."""

    sources: list[Source]


@dataclass(frozen=True, kw_only=True)
class ComplaintsFile(Strict):
    """Layout of knowledge/data/complaints.yaml."""

    complaints: list[Complaint]


__all__ = ["ComplaintsFile", "PointsFile", "SourcesFile"]

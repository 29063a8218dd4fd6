"""One check over the knowledge files, for `acupressure check` and CI.

This room checks its own files (points, sources, complaints). Safety rules and presets
are checked by their own rooms against the knowledge loaded here (`rule_problems` in
safety.rules, `preset_problems` in planning.presets), so dependencies keep pointing one way.
"""

from __future__ import annotations

from pathlib import Path

from acupressure.knowledge.cache import default_directory
from acupressure.knowledge.loader import Knowledge


def audit_knowledge(directory: Path | None = None) -> tuple[Path, Knowledge, dict[str, int]]:
    """Validate points, sources and complaints afresh; the directory, the data and its counts."""
    from acupressure.knowledge.loader import load_knowledge

    directory = directory or default_directory()
    knowledge = load_knowledge(directory)
    counts = {"entries": len(knowledge.points), "sources": len(knowledge.sources)}
    return directory, knowledge, counts

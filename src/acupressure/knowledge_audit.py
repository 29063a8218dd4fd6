"""One check over every knowledge file, for `acupressure check` and CI.

Each file has its own loader; this runs them all against one directory and adds the
checks that span files (a preset may only name points the catalogue has).
"""

from __future__ import annotations

from pathlib import Path

from acupressure.errors import KnowledgeError
from acupressure.knowledge_cache import default_directory


def audit_knowledge(directory: Path | None = None) -> dict[str, int]:
    """Validate points, sources, complaints, safety rules and presets; count what is there."""
    from acupressure.loader import load_knowledge
    from acupressure.presets import load_presets
    from acupressure.safety import load_rules

    directory = directory or default_directory()
    knowledge = load_knowledge(directory)
    # Read the files afresh: the loaders' caches may hold an earlier version of them.
    rules = load_rules.__wrapped__(directory / "safety.yaml")
    presets = load_presets(directory / "presets.yaml", fresh=True)
    codes = {point.code for point in knowledge.points}
    problems = [
        f"presets.yaml: preset {preset.name!r}, step {index}: unknown point {step.point!r}"
        for preset in presets
        for index, step in enumerate(preset.steps)
        if step.point not in codes
    ]
    problems += [
        f"presets.yaml: preset {preset.name!r}: unknown source {preset.source!r}"
        for preset in presets
        if preset.source not in knowledge.sources
    ]
    problems += [
        f"safety.yaml: rule {rule.id!r}, field sources: unknown source {source!r}"
        for rule in rules.rules
        for source in rule.sources
        if source not in knowledge.sources
    ]
    if problems:
        raise KnowledgeError(problems)
    return {
        "entries": len(knowledge.points),
        "sources": len(knowledge.sources),
        "safety_rules": len(rules.rules),
        "presets": len(presets),
    }

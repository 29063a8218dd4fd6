"""The safety questions for the form: the safety rules' own wording, grouped for people."""

from __future__ import annotations

from typing import Any

from acupressure.catalogue import Catalogue
from acupressure.profile import MAX_AGE, MAX_MINUTES, MIN_AGE, MIN_MINUTES, POSITION_CHOICES
from acupressure.web.forms import Answers

POSITION_LABELS = {
    "any": "Any position",
    "sitting": "Sitting",
    "lying": "Lying down",
    "standing": "Standing",
}


def questions_context(catalogue: Catalogue, answers: Answers) -> dict[str, Any]:
    """Every question with its choices and the current answers (for a form or a client)."""
    from acupressure.safety import load_rules

    rules = load_rules()
    emergency_first = sorted(
        rules.red_flags, key=lambda flag: ("emergency", "urgent", "caution").index(flag.verdict)
    )
    return {
        "complaints": [
            {"id": c.id, "label": c.label, "description": c.description}
            for c in catalogue.complaints.values()
        ],
        "red_flags": [
            {"id": flag.id, "text": flag.question, "verdict": flag.verdict}
            for flag in emergency_first
        ],
        "pregnancy": {"id": "pregnant", "text": rules.pregnancy.question},
        "conditions": [{"id": c.id, "text": c.question} for c in rules.conditions],
        "age": {"min": MIN_AGE, "max": MAX_AGE},
        "minutes": {"min": MIN_MINUTES, "max": MAX_MINUTES},
        "positions": [{"id": p, "label": POSITION_LABELS.get(p, p)} for p in POSITION_CHOICES],
        "answers": answers.model_dump(),
    }

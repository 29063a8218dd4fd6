"""The safety questions for the form: the CLI interview's own questions, grouped for people."""

from __future__ import annotations

from typing import Any

from acupressure.knowledge.catalogue import Catalogue
from acupressure.safety.profile import MAX_AGE, MAX_MINUTES, MIN_AGE, MIN_MINUTES, POSITION_CHOICES
from acupressure.web.forms import Answers

POSITION_LABELS = {
    "any": "Any position",
    "sitting": "Sitting",
    "lying": "Lying down",
    "standing": "Standing",
}
FLAG_GROUPS = ("emergency", "urgent", "caution")


def questions_context(catalogue: Catalogue, answers: Answers) -> dict[str, Any]:
    """Every question of acupressure.questions.interview, with choices and current answers."""
    from acupressure.safety.questions import interview

    asked = interview(planning=True)
    by_id = {q.id: q for q in asked}
    return {
        "complaints": [
            {"id": c.id, "label": c.label, "description": c.description}
            for c in catalogue.complaints.values()
        ],
        "complaints_text": by_id["complaints"].text,
        "red_flags": [
            {"id": q.id, "text": q.text, "verdict": q.group}
            for q in sorted(
                (q for q in asked if q.group in FLAG_GROUPS),
                key=lambda q: FLAG_GROUPS.index(q.group),
            )
        ],
        "pregnancy": {"id": "pregnant", "text": by_id["pregnant"].text},
        "conditions": [{"id": q.id, "text": q.text} for q in asked if q.group == "conditions"],
        "age": {"min": MIN_AGE, "max": MAX_AGE, "text": by_id["age"].text},
        "minutes": {"min": MIN_MINUTES, "max": MAX_MINUTES, "text": by_id["minutes"].text},
        "positions": [{"id": p, "label": POSITION_LABELS.get(p, p)} for p in POSITION_CHOICES],
        "position_text": by_id["position"].text,
        "answers": answers.model_dump(),
    }

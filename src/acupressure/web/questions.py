"""The safety questions for the form: the CLI interview's own questions, grouped for people.

The form shows what was typed, as typed, and puts each problem beside its own field in
plain words (a missing answer and an impossible one alike), so nothing has to be retyped.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from acupressure.knowledge.catalogue import Catalogue
from acupressure.safety.profile import MAX_AGE, MAX_MINUTES, MIN_AGE, MIN_MINUTES, POSITION_CHOICES
from acupressure.web.forms import MISSING, NONE, Answers

POSITION_LABELS = {
    "any": "Any position",
    "sitting": "Sitting",
    "lying": "Lying down",
    "standing": "Standing",
}
FLAG_GROUPS = ("emergency", "urgent", "caution")
LIST_FIELDS = ("complaints", "red_flags", "conditions")
# An answer that is there but cannot be used, in the words shown beside the field.
INVALID = {
    "complaints": "Choose complaints from the list",
    "age": f"Type your age as a whole number from {MIN_AGE} to {MAX_AGE}",
    "pregnant": "Answer yes or no: are you pregnant, or could you be?",
    "red_flags": "Choose warning signs from the list",
    "conditions": "Choose conditions from the list",
    "minutes": f"Type the minutes as a whole number from {MIN_MINUTES} to {MAX_MINUTES}",
    "position": "Choose a position from the list",
    "preset": "Choose a preset routine from the list",
}


def form_values(answers: Answers) -> dict[str, Any]:
    """The answers in the shape the form shows them (what a person would have typed)."""
    pregnant = "" if answers.pregnant is None else ("true" if answers.pregnant else "false")
    return {
        "complaints": list(answers.complaints),
        "age": "" if answers.age is None else str(answers.age),
        "pregnant": pregnant,
        "red_flags": list(answers.red_flags),
        "conditions": list(answers.conditions),
        "minutes": str(answers.minutes),
        "position": answers.position,
        "preset": answers.preset or "",
    }


def invalid_messages(error: ValidationError, raw: dict[str, Any]) -> dict[str, str]:
    """Each field with a problem, in plain words; missing answers are marked as well."""
    problems: dict[str, str] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        if field in INVALID:
            problems.setdefault(field, INVALID[field])
    for field, message in MISSING.items():
        if not raw.get(field) and field not in problems:
            problems[field] = message
    return problems


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    """Missing keys as empty answers, so the template never guesses a default."""
    defaults: dict[str, Any] = {key: [] for key in LIST_FIELDS}
    defaults |= {"age": "", "pregnant": "", "minutes": "10", "position": "any", "preset": ""}
    return {**defaults, **{k: v for k, v in values.items() if k in defaults}}


def questions_context(
    catalogue: Catalogue, values: dict[str, Any], problems: dict[str, str]
) -> dict[str, Any]:
    """Every question of the interview, with choices, the answers so far and the problems."""
    from acupressure.safety.questions import interview

    asked = interview(planning=True)
    by_id = {q.id: q for q in asked}
    flags = sorted(
        (q for q in asked if q.group in FLAG_GROUPS), key=lambda q: FLAG_GROUPS.index(q.group)
    )
    return {
        "complaints": [
            {"id": c.id, "label": c.label, "description": c.description}
            for c in catalogue.complaints.values()
        ],
        "complaints_text": by_id["complaints"].text,
        "red_flags": [
            {"id": q.id, "text": q.text, "verdict": q.group} for q in flags if q.asked_when is None
        ],
        "pregnancy_flags": [
            {"id": q.id, "text": q.text, "verdict": q.group}
            for q in flags
            if q.asked_when == "pregnant"
        ],
        "none_answer": NONE,
        "pregnancy": {"id": "pregnant", "text": by_id["pregnant"].text},
        "conditions": [{"id": q.id, "text": q.text} for q in asked if q.group == "conditions"],
        "age": {"min": MIN_AGE, "max": MAX_AGE, "text": by_id["age"].text},
        "minutes": {"min": MIN_MINUTES, "max": MAX_MINUTES, "text": by_id["minutes"].text},
        "positions": [{"id": p, "label": POSITION_LABELS.get(p, p)} for p in POSITION_CHOICES],
        "position_text": by_id["position"].text,
        "answers": _shown(values),
        "problems": problems,
    }

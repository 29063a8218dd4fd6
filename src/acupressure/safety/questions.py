"""The screening and planning interview as data, shared by the CLI and the web app.

Emergency questions come first, then the urgent ones, and the interview stops at the first
yes among them, so a person who needs care now is not kept answering questions.
Answers turn into a Profile through the same validation as a profile file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from acupressure.errors import BadInput
from acupressure.knowledge.models import COMPLAINT_IDS
from acupressure.safety.profile import (
    MAX_MINUTES,
    POSITION_CHOICES,
    Profile,
    parse_profile,
)
from acupressure.safety.rules import Question, load_rules

# After these groups, a "yes" ends the interview: no further question changes the verdict.
STOP_AFTER = ("emergency", "urgent")
_PlanKind = Literal["number", "choice", "multi_choice"]
# What the planner needs beyond the screening: (id, text, kind, choices).
_PLAN_QUESTIONS: tuple[tuple[str, str, _PlanKind, tuple[str, ...]], ...] = (
    ("complaints", "Where is the problem? Choose one or more.", "multi_choice", COMPLAINT_IDS),
    (
        "minutes",
        f"How many minutes do you have for one session (1 to {MAX_MINUTES})?",
        "number",
        (),
    ),
    ("position", "Where will you do it?", "choice", POSITION_CHOICES),
)


def _yes_no(qid: str, text: str, group: str) -> Question:
    return Question(id=qid, text=text, kind="yes_no", group=group)


def interview(*, planning: bool = True) -> list[Question]:
    """Every question in the order to ask it; `planning` adds complaint, time and position."""
    rules = load_rules()
    flags: dict[str, list[Question]] = {"emergency": [], "urgent": [], "caution": []}
    for flag in rules.red_flags:
        flags[flag.verdict].append(_yes_no(flag.id, flag.question, flag.verdict))
    about = [
        Question(id="age", text="How old are you (in years)?", kind="number", group="about"),
        _yes_no("pregnant", rules.pregnancy.question, "about"),
    ]
    conditions = [_yes_no(item.id, item.question, "conditions") for item in rules.conditions]
    questions = [*flags["emergency"], *flags["urgent"], *about, *flags["caution"]]
    questions += conditions
    if planning:
        questions += [
            Question(id=qid, text=text, kind=kind, group="plan", choices=list(choices))
            for qid, text, kind, choices in _PLAN_QUESTIONS
        ]
    return questions


def should_stop(*, group: str, answers: Mapping[str, object]) -> bool:
    """True once a question of a group that settles the verdict on its own has a yes."""
    if group not in STOP_AFTER:
        return False
    asked = [q.id for q in interview(planning=False) if q.group == group]
    return any(answers.get(qid) is True for qid in asked)


def answers_to_profile(answers: Mapping[str, object]) -> Profile:
    """Turn interview answers (question id -> value) into a validated profile."""
    rules = load_rules()
    known = {q.id for q in interview(planning=True)}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise BadInput(f"answers: unknown question {unknown[0]!r}")
    data: dict[str, object] = {
        "red_flags": [flag.id for flag in rules.red_flags if answers.get(flag.id) is True],
        "conditions": [item.id for item in rules.conditions if answers.get(item.id) is True],
        "pregnant": answers.get("pregnant") is True,
    }
    for field in ("age", "complaints", "minutes", "position"):
        if answers.get(field) is not None:
            data[field] = answers[field]
    return parse_profile(data)


__all__ = ["STOP_AFTER", "answers_to_profile", "interview", "should_stop"]

"""The screening and planning interview as data, shared by the CLI and the web app.

What hurts and who is asking come first (age and pregnancy change which questions follow
and what they mean), then the emergency and urgent warning signs, the pregnancy warning
signs for someone who is or may be pregnant, the remaining flags and the conditions. The
interview stops at the first yes that settles the verdict, so a person who needs care now
is not kept answering questions. Answers turn into a Profile through the same validation
as a profile file: a question that was asked and not answered is not a "no".
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
from acupressure.safety.rules import Question, RedFlag, load_rules

# After these groups, a "yes" ends the interview: no further question changes the verdict.
STOP_AFTER = ("emergency", "urgent")
_PlanKind = Literal["number", "choice", "multi_choice"]
_COMPLAINTS = ("complaints", "Where is the problem? Choose one or more.", COMPLAINT_IDS)
# What the planner needs beyond the screening: (id, text, kind, choices).
_PLAN_QUESTIONS: tuple[tuple[str, str, _PlanKind, tuple[str, ...]], ...] = (
    (
        "minutes",
        f"How many minutes do you have for one session (1 to {MAX_MINUTES})?",
        "number",
        (),
    ),
    ("position", "Where will you do it?", "choice", POSITION_CHOICES),
)


def _flag(flag: RedFlag) -> Question:
    return Question(
        id=flag.id,
        text=flag.question,
        kind="yes_no",
        group=flag.verdict,
        asked_when=flag.asked_when,
    )


def interview(*, planning: bool = True) -> list[Question]:
    """Every question in the order to ask it; `planning` adds time and position.

    Questions with `asked_when="pregnant"` are asked only after a yes to the pregnancy
    question (see `applies`).
    """
    rules = load_rules()
    flags = [flag for flag in rules.red_flags if not flag.maternity]
    maternity = [flag for flag in rules.red_flags if flag.maternity]
    questions = [
        Question(
            id=_COMPLAINTS[0],
            text=_COMPLAINTS[1],
            kind="multi_choice",
            group="about",
            choices=list(_COMPLAINTS[2]),
        ),
        Question(id="age", text="How old are you (in years)?", kind="number", group="about"),
        Question(id="pregnant", text=rules.pregnancy.question, kind="yes_no", group="about"),
    ]
    for level in ("emergency", "urgent"):
        questions += [_flag(flag) for flag in flags if flag.verdict == level]
    for level in ("emergency", "urgent", "caution"):
        questions += [_flag(flag) for flag in maternity if flag.verdict == level]
    questions += [_flag(flag) for flag in flags if flag.verdict == "caution"]
    questions += [
        Question(id=item.id, text=item.question, kind="yes_no", group="conditions")
        for item in rules.conditions
    ]
    if planning:
        questions += [
            Question(id=qid, text=text, kind=kind, group="plan", choices=list(choices))
            for qid, text, kind, choices in _PLAN_QUESTIONS
        ]
    return questions


def applies(question: Question, answers: Mapping[str, object]) -> bool:
    """Whether to ask this question, given the answers so far."""
    return question.asked_when is None or answers.get("pregnant") is True


def should_stop(*, group: str, answers: Mapping[str, object]) -> bool:
    """True once a question of a group that settles the verdict on its own has a yes."""
    if group not in STOP_AFTER:
        return False
    asked = [q.id for q in interview(planning=False) if q.group in STOP_AFTER]
    return any(answers.get(qid) is True for qid in asked)


def answers_to_profile(answers: Mapping[str, object]) -> Profile:
    """Turn interview answers (question id -> value) into a validated profile.

    Flags and conditions left unasked because a stop answer ended the interview count as
    not known; they cannot change a verdict that is already emergency or urgent.
    """
    rules = load_rules()
    known = {q.id for q in interview(planning=True)}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise BadInput(f"answers: unknown question {unknown[0]!r}")
    data: dict[str, object] = {
        "red_flags": [flag.id for flag in rules.red_flags if answers.get(flag.id) is True],
        "conditions": [item.id for item in rules.conditions if answers.get(item.id) is True],
    }
    for field in ("complaints", "age", "pregnant", "minutes", "position"):
        if answers.get(field) is not None:
            data[field] = answers[field]
    return parse_profile(data)


__all__ = ["STOP_AFTER", "answers_to_profile", "applies", "interview", "should_stop"]

"""The handout's words, each fact said once, so ten steps fit on two A4 pages.

The plan page repeats a limit where it applies (a reader scrolls to one step); on paper
the same sentence under three steps, or the same exclusion reason under nine points, is
what pushes the handout onto a third page. Here the safety box says each sentence once,
each step's reason leaves out what the box or an earlier step already said, and the points
left out are grouped under each reason (one sentence, every point it applies to).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acupressure.planning.planner import EVIDENCE_NOTE
from acupressure.planning.routine import Routine
from acupressure.planning.wording import one_sentence_each, sentences, unsaid

# The general advice's own stop sentence; the box's "Stop and get advice if" list says
# each of its stop rules in full, so on paper it is said there only.
_STOP_LEAD = "Stop and get advice if "


def handout_words(routine: Routine, labels: Mapping[str, str]) -> dict[str, Any]:
    """The handout template's words: the box, the evidence, each step's reason, left out."""
    return {
        "safety": safety_lines(routine),
        "evidence": evidence_note(routine),
        "reasons": step_reasons(routine),
        "left_out": left_out_by_reason(routine, labels),
    }


def safety_lines(routine: Routine) -> list[str]:
    """The advice and cautions for the safety box, each sentence once.

    The note on the evidence is no limit: the handout prints it after the steps.
    """
    said: list[str] = []
    lines = []
    stop_rules_listed = bool(routine.schedule and routine.schedule.stop_if)
    for line in [*routine.advice, *routine.cautions]:
        if line == EVIDENCE_NOTE:
            continue
        kept = [s for s in sentences(line) if not (stop_rules_listed and s.startswith(_STOP_LEAD))]
        text = unsaid(" ".join(kept), said)
        said.append(line)
        if text:
            lines.append(text)
    return lines


def evidence_note(routine: Routine) -> str:
    """What the evidence says, when the plan says it (printed after the steps)."""
    return EVIDENCE_NOTE if EVIDENCE_NOTE in routine.advice else ""


def step_reasons(routine: Routine) -> list[str]:
    """Each step's "why" without the limits the box or an earlier step said.

    The first sentence (what the point is for, who recommends it) is the step's own and
    always stays; a repeated limit is left to the step or box that said it first.
    """
    said = [*routine.advice, *routine.cautions]
    reasons = []
    for step in routine.steps:
        own, *rest = sentences(step.why) or [""]
        more = unsaid(" ".join(rest), said)
        reasons.append(f"{own} {more}".strip())
        said.append(step.why)
    return reasons


def left_out_by_reason(routine: Routine, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """The points left out, under each reason sentence (said once), in plan order.

    Neighbouring sentences that apply to the very same points stay together as one reason.
    """
    points_of: dict[str, list[str]] = {}
    for exclusion in routine.excluded:
        name = labels.get(exclusion.point, exclusion.point)
        for sentence in sentences(one_sentence_each(exclusion.reason)):
            names = points_of.setdefault(sentence, [])
            if name not in names:
                names.append(name)
    groups: list[dict[str, Any]] = []
    for sentence, names in points_of.items():
        if groups and groups[-1]["points"] == names:
            groups[-1]["reason"] += " " + sentence
        else:
            groups.append({"points": names, "reason": sentence})
    return groups


__all__ = ["evidence_note", "handout_words", "left_out_by_reason", "safety_lines", "step_reasons"]

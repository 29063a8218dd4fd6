"""The stop rules of a trial: a red flag at a re-screen, or a side effect, ends it.

A trial never outranks safety. The daily rating asks the re-screen questions again (the
emergency and urgent red flags of the safety rules, the pregnancy warning signs among
them); a "yes" stops the trial with the screen's own advice. A side effect (bruising,
more pain, dizziness, anything else) reported at a rating or in a diary session during
the trial stops it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from acupressure.errors import BadInput

SIDE_EFFECT_KINDS = ("bruising", "more_pain", "dizziness", "other")
TRIAL_OVER = (
    "Your trial has ended here. The ratings you gave are kept, and the analysis can still be "
    "read, but a trial stopped early for safety cannot say whether the routine helps."
)
SIDE_EFFECT_ADVICE = (
    "Stop pressing the points. Ask a doctor, pharmacist or physiotherapist about the side "
    "effect before you press again, and tell them which routine you were using.",
    "Keep moving as normally as you can; for back pain, staying active comes first.",
)


@dataclass(frozen=True)
class StopReason:
    """Why a trial ends early and what the person should do now."""

    reason: str
    advice: list[str]


def red_flag_stop(flags: Sequence[str]) -> StopReason | None:
    """The stop for any emergency or urgent red flag among `flags` (ids of the safety rules),
    with the screen's own advice for them (safety.rules.warning_signs)."""
    from acupressure.safety.rules import load_rules, warning_signs

    if not flags:
        return None
    known = {flag.id for flag in load_rules().red_flags}
    unknown = [flag for flag in flags if flag not in known]
    if unknown:
        raise BadInput(
            f"--red-flag: unknown red flag {unknown[0]!r}; choose from {', '.join(sorted(known))}"
        )
    found = warning_signs(flags)
    if found is None:
        return None
    return StopReason(
        reason=f"A warning sign at the daily re-screen ({found.verdict}): "
        + " ".join(found.reasons),
        advice=[*found.advice, TRIAL_OVER],
    )


def side_effect_stop(effects: Sequence[str], *, when: datetime | None = None) -> StopReason | None:
    """The stop for a side effect reported at a rating or in a session during the trial."""
    unknown = [kind for kind in effects if kind not in SIDE_EFFECT_KINDS]
    if unknown:
        raise BadInput(
            f"--side-effect: unknown side effect {unknown[0]!r}; choose from "
            f"{', '.join(SIDE_EFFECT_KINDS)}"
        )
    if not effects:
        return None
    words = ", ".join(kind.replace("_", " ") for kind in dict.fromkeys(effects))
    moment = f" on {when.date()}" if when is not None else ""
    return StopReason(
        reason=f"A side effect was reported{moment}: {words}.",
        advice=[*SIDE_EFFECT_ADVICE, TRIAL_OVER],
    )


__all__ = ["SIDE_EFFECT_KINDS", "StopReason", "red_flag_stop", "side_effect_stop"]

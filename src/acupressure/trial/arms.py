"""Turning what a person names as an arm into an `ArmSpec`: a preset, a profile, or none.

A personal plan goes through the safety screen and the planner first: a profile whose
screen says "see a doctor" (or that leaves no safe point) cannot be an arm of a trial, and
the message says why and what to do instead.
"""

from __future__ import annotations

from pathlib import Path

from acupressure.errors import BadInput
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.records import plain
from acupressure.trial.design import USUAL_CARE, ArmSpec

NONE_WORDS = {"none", "usual", "usual-care", "usual_care", "no"}


def resolve_arm(text: str, *, catalogue: Catalogue, option: str = "--a") -> ArmSpec:
    """`none`, a preset name (article-002, 002), or the path of a profile JSON file."""
    from acupressure.planning.presets import get_preset

    wanted = text.strip()
    if not wanted:
        raise BadInput(f"{option}: choose a preset, a profile file or 'none'")
    if wanted.lower() in NONE_WORDS:
        return ArmSpec(kind="none", name="none", label=USUAL_CARE)
    path = Path(wanted)
    if path.suffix.lower() == ".json" or path.exists():
        return _profile_arm(path, catalogue=catalogue, option=option)
    try:
        preset = get_preset(wanted)
    except BadInput as error:
        raise BadInput(f"{option}: {error} (or give a profile .json file, or 'none')") from None
    return ArmSpec(kind="preset", name=preset.name, label=preset.title)


def _profile_arm(path: Path, *, catalogue: Catalogue, option: str) -> ArmSpec:
    from acupressure.planning.planner import plan
    from acupressure.safety.profile import load_profile

    try:
        profile = load_profile(path)
    except BadInput as error:
        raise BadInput(f"{option}: {error}") from None
    routine = plan(profile=profile, catalogue=catalogue)
    if not routine.steps:
        advice = " ".join(routine.advice)
        raise BadInput(
            f"{option}: the safety screen of {path.name} gives no routine to try "
            f"(verdict {routine.verdict}), so it cannot be an arm of a trial. {advice}".strip()
        )
    data = plain(profile)
    return ArmSpec(
        kind="profile", name=path.name, label=f"your personal plan ({path.name})", profile=data
    )


__all__ = ["NONE_WORDS", "resolve_arm"]

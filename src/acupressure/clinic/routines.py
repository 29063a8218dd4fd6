"""Routines a practitioner assigns: a preset or a personal plan for the client's answers,
with edits (drop a point, change a hold's time), never past the safety limits.

The routine is planned again from the stored answers every time it is shown, so the safety
screen and the planner always have the last word: an edit can only leave a point out or
change its time between the shortest hold the planner uses and the longest that safety
allows this client for that point (and the routine must still fit the client's minutes).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from acupressure.clinic.accounts import Account, Accounts, now
from acupressure.clinic.tables import AssignmentRow
from acupressure.errors import BadInput
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.records import plain
from acupressure.planning.routine import Routine, Step
from acupressure.planning.techniques import MAX_HOLD
from acupressure.safety.profile import Profile, parse_profile

MIN_EDIT_SECONDS = 5  # the shortest hold the planner itself uses (LI4 in some routines)


class RoutineEdits(BaseModel):
    """What the practitioner changed in the planned routine."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    drop: list[str] = Field(default_factory=list, max_length=50)
    seconds: dict[str, int] = Field(default_factory=dict, max_length=50)


class Assignment(BaseModel):
    """A client's assigned routine: answers, preset, edits, who assigned it and when."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    practitioner_id: int | None
    profile: Profile
    preset: str | None
    edits: RoutineEdits
    assigned_at: datetime

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def hold_limits(*, profile: Profile, catalogue: Catalogue) -> dict[str, tuple[int, int, str]]:
    """For each point safety allows: the shortest and longest hold an edit may set, and why
    the longest is what it is."""
    from acupressure.safety.rules import screen

    screening = screen(profile=profile, catalogue=catalogue)
    limits: dict[str, tuple[int, int, str]] = {}
    for point in catalogue.points:
        code = point.code
        if not screening.allows(code):
            continue
        limit = screening.point_limits.get(code)
        if limit is not None and limit.max_seconds:
            most = min(MAX_HOLD, limit.max_seconds)
            limits[code] = (min(MIN_EDIT_SECONDS, most), most, " ".join(limit.reasons))
        else:
            limits[code] = (MIN_EDIT_SECONDS, MAX_HOLD, "the longest hold a routine uses")
    return limits


def build(*, assignment: Assignment, catalogue: Catalogue) -> Routine:
    """The assigned routine: planned from the answers, then the edits applied."""
    return edited(
        profile=assignment.profile,
        preset=assignment.preset,
        edits=assignment.edits,
        catalogue=catalogue,
    )


def edited(
    *, profile: Profile, preset: str | None, edits: RoutineEdits, catalogue: Catalogue
) -> Routine:
    """Plan, then apply the edits; an edit past a limit is BadInput naming the point."""
    from acupressure.planning.planner import plan

    routine = plan(profile=profile, catalogue=catalogue, preset=preset)
    if not routine.steps:
        return routine
    codes = {step.point for step in routine.steps}
    unknown = sorted((set(edits.drop) | set(edits.seconds)) - codes)
    if unknown:
        raise BadInput(f"{', '.join(unknown)}: not in this routine, so it cannot be edited")
    limits = hold_limits(profile=profile, catalogue=catalogue)
    for code, seconds in sorted(edits.seconds.items()):
        shortest, longest, why = limits[code]
        if not shortest <= seconds <= longest:
            raise BadInput(
                f"{code}: a hold of {seconds} s is outside the safe range for this client, "
                f"{shortest} to {longest} s ({why})"
            )
    steps = [
        _timed(step, edits.seconds.get(step.point))
        for step in routine.steps
        if step.point not in set(edits.drop)
    ]
    if not steps:
        raise BadInput("every point was left out: keep at least one, or assign nothing")
    changed = replace(routine, steps=steps)
    if changed.guided_seconds > profile.minutes * 60:
        raise BadInput(
            f"with these times the session takes about {-(-changed.guided_seconds // 60)} "
            f"minutes, more than the client's {profile.minutes}: shorten a hold or drop a point"
        )
    notes = _edit_notes(edits)
    return replace(changed, cautions=[*routine.cautions, *notes])


def _timed(step: Step, seconds: int | None) -> Step:
    if seconds is None:
        return step
    every = step.circle_change_every
    if every is not None:
        every = max(1, min(every, seconds // 2 or 1))
    return replace(step, seconds=seconds, circle_change_every=every)


def _edit_notes(edits: RoutineEdits) -> list[str]:
    notes = []
    if edits.drop:
        notes.append(f"Your practitioner left out: {', '.join(edits.drop)}.")
    if edits.seconds:
        times = ", ".join(f"{code} {s} s" for code, s in sorted(edits.seconds.items()))
        notes.append(f"Your practitioner set the holds: {times}.")
    return notes


def _assignment(row: AssignmentRow) -> Assignment:
    return Assignment(
        client_id=row.client_id,
        practitioner_id=row.practitioner_id,
        profile=parse_profile(json.loads(row.profile)),
        preset=row.preset,
        edits=RoutineEdits.model_validate_json(row.edits),
        assigned_at=row.assigned_at.replace(tzinfo=UTC),
    )


class Assignments:
    """Assigned routines, one per client (a new assignment replaces the old one)."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def assign(
        self,
        *,
        practitioner: Account,
        client: Account,
        profile: Profile,
        preset: str | None,
        edits: RoutineEdits,
        catalogue: Catalogue,
    ) -> Assignment:
        """Check the routine plans and the edits are safe, then store it for the client.
        The caller has made sure the client is the practitioner's own."""
        if client.practitioner_id != practitioner.id:
            raise BadInput("only the client's own practitioner assigns their routine")
        edited(profile=profile, preset=preset, edits=edits, catalogue=catalogue)
        with self.accounts.transaction() as session:
            row = session.scalar(select(AssignmentRow).where(AssignmentRow.client_id == client.id))
            if row is None:
                row = AssignmentRow(client_id=client.id)
                session.add(row)
            row.practitioner_id = practitioner.id
            row.profile = json.dumps(plain(profile))
            row.preset = preset
            row.edits = edits.model_dump_json()
            row.assigned_at = now()
            session.flush()
            return _assignment(row)

    def of(self, client: Account) -> Assignment | None:
        """The client's assigned routine, if they have one."""
        with self.accounts.transaction() as session:
            row = session.scalar(select(AssignmentRow).where(AssignmentRow.client_id == client.id))
            return None if row is None else _assignment(row)


__all__ = ["Assignment", "Assignments", "RoutineEdits", "build", "edited", "hold_limits"]

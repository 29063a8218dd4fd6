"""A client's care as a FHIR R4 Bundle: the assigned routine as a CarePlan whose activities
carry a Timing (times a day, for the course's days), the sessions as Procedures, and the
pain ratings as Observations (LOINC 72514-3, from the diary's own FHIR export), all about
one Patient, authored by the practitioner. Ids are stable (UUIDv5), so exporting twice gives
the same resources.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from acupressure.clinic.accounts import Account
from acupressure.clinic.routines import Assignment
from acupressure.diary.entries import CheckIn, SessionEntry, utc
from acupressure.diary.exchange import FHIR_NAMESPACE, to_fhir
from acupressure.planning.routine import Routine

UCUM = "http://unitsofmeasure.org"


def _id(*parts: object) -> str:
    return str(uuid.uuid5(FHIR_NAMESPACE, "/".join(str(p) for p in parts)))


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _care_plan(
    routine: Routine, assignment: Assignment, patient: str, author: str | None
) -> dict[str, Any]:
    schedule = routine.schedule
    timing: dict[str, Any] = {}
    if schedule is not None:
        timing = {
            "repeat": {
                "frequency": schedule.times_per_day,
                "period": 1,
                "periodUnit": "d",
                "boundsDuration": {
                    "value": schedule.course_days,
                    "unit": "days",
                    "system": UCUM,
                    "code": "d",
                },
            }
        }
    activities = []
    for number, step in enumerate(routine.steps, start=1):
        detail: dict[str, Any] = {
            "status": "scheduled",
            "code": {"text": f"Self-acupressure {step.point} ({step.name}), {step.side}"},
            "description": (
                f"Step {number}: {step.pressure} {step.motion} for {step.seconds} s, "
                f"{step.repetitions} time(s), {step.position}. {step.cue}"
            ),
        }
        if timing:
            detail["scheduledTiming"] = timing
        activities.append({"detail": detail})
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": _id("careplan", patient, assignment.assigned_at.isoformat()),
        "status": "active",
        "intent": "plan",
        "title": routine.title,
        "description": " ".join([*routine.cautions, *routine.advice])[:4000] or routine.title,
        "subject": {"reference": f"urn:uuid:{patient}"},
        "created": utc(assignment.assigned_at).isoformat(),
        "activity": activities,
    }
    if author is not None:
        plan["author"] = {"reference": f"urn:uuid:{author}"}
    return plan


def _procedure(entry: SessionEntry, patient: str) -> dict[str, Any]:
    performed: dict[str, Any] = {"start": utc(entry.started_at).isoformat()}
    if entry.ended_at is not None:
        performed["end"] = utc(entry.ended_at).isoformat()
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": _id("procedure", patient, entry.uid),
        "status": "completed",
        "code": {"text": f"Self-acupressure session: {entry.routine or 'routine'}"},
        "subject": {"reference": f"urn:uuid:{patient}"},
        "performedPeriod": performed,
    }
    notes = [entry.note] if entry.note else []
    notes += [f"Side effect reported: {kind.replace('_', ' ')}" for kind in entry.side_effects]
    notes.append(f"{entry.steps_completed} of {entry.steps_planned} steps done")
    resource["note"] = [{"text": text} for text in notes]
    return resource


def care_bundle(
    *,
    client: Account,
    practitioner: Account | None,
    routine: Routine | None,
    assignment: Assignment | None,
    sessions: Sequence[SessionEntry],
    checkins: Sequence[CheckIn],
    now: datetime | None = None,
) -> dict[str, Any]:
    """The Bundle (collection) for one client."""
    patient = _id("patient", client.owner)
    entries = [
        _entry(
            {
                "resourceType": "Patient",
                "id": patient,
                "telecom": [{"system": "email", "value": client.email}],
            }
        )
    ]
    author = None
    if practitioner is not None:
        author = _id("practitioner", practitioner.owner)
        entries.append(
            _entry(
                {
                    "resourceType": "Practitioner",
                    "id": author,
                    "telecom": [{"system": "email", "value": practitioner.email}],
                }
            )
        )
    if routine is not None and assignment is not None and routine.steps:
        entries.append(_entry(_care_plan(routine, assignment, patient, author)))
    entries += [_entry(_procedure(entry, patient)) for entry in sessions]
    pain = to_fhir(sessions=sessions, checkins=checkins, now=now)
    for item in pain["entry"]:
        item["resource"]["subject"] = {"reference": f"urn:uuid:{patient}"}
        entries.append(item)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": (now or datetime.now(UTC)).astimezone(UTC).isoformat(),
        "entry": entries,
    }


__all__ = ["care_bundle"]

"""The trials in the diary's exports: JSON section, CSV rows, FHIR resources.

Design, allocation and ratings travel with the diary: the JSON export gets a `trials`
section, the CSV rows of kind `trial` (the design as JSON), `trial_period` (the recorded
allocation) and `trial_rating`, and the FHIR bundle a ResearchStudy per trial (its two arms,
the schedule and the rule in words) and a pain Observation (LOINC 72514-3) per rating.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from acupressure.diary.entries import CheckIn, SessionEntry
from acupressure.diary.exchange import FHIR_NAMESPACE, IDENTIFIER_SYSTEM, pain_observation
from acupressure.errors import BadInput
from acupressure.trial.records import Trial
from acupressure.trial.service import design_json


def trials_json(trials: Sequence[Trial]) -> list[dict[str, Any]]:
    """Each trial whole: its design (with the allocation), how it ended, its ratings."""
    return [
        {
            "design": design_json(trial),
            "status": trial.status,
            "stopped_at": None if trial.stopped_at is None else trial.stopped_at.isoformat(),
            "stop_reason": trial.stop_reason,
            "stop_advice": trial.stop_advice,
            "ratings": [rating.model_dump(mode="json") for rating in trial.ratings],
        }
        for trial in trials
    ]


def csv_rows(trials: Sequence[Trial]) -> list[dict[str, Any]]:
    """Rows for the diary's CSV export (kinds and columns of diary.exchange's EXTRA_CSV_*)."""
    rows: list[dict[str, Any]] = []
    for trial in trials:
        rows.append(
            {
                "kind": "trial",
                "trial": trial.uid,
                "note": trial.stop_reason,
                "design": json.dumps(design_json(trial), ensure_ascii=False),
            }
        )
        for period in trial.design.schedule():
            rows.append({"kind": "trial_period", "trial": trial.uid, "day": period.start,
                         "arm": period.arm, "pair": period.pair})  # fmt: skip
        for rating in trial.ratings:
            plan = trial.design.period_on(rating.day)
            rows.append({"kind": "trial_rating", "trial": trial.uid, "day": rating.day,
                         "arm": plan.arm if plan else "", "pair": plan.pair if plan else "",
                         "pain": rating.pain, "interference": rating.interference})  # fmt: skip
    return rows


_STUDY_STATUS = {"running": "active", "stopped": "administratively-completed"}


def fhir_entries(trials: Sequence[Trial]) -> list[dict[str, Any]]:
    """A ResearchStudy per trial and an Observation per daily rating."""
    entries: list[dict[str, Any]] = []
    for trial in trials:
        design = trial.design
        study_id = str(uuid.uuid5(FHIR_NAMESPACE, f"trial/{trial.uid}"))
        schedule = "; ".join(
            f"period {p.position} ({p.start} to {p.end}, pair {p.pair}): arm {p.arm}"
            for p in design.schedule()
        )
        entries.append(
            {
                "fullUrl": f"urn:uuid:{study_id}",
                "resource": {
                    "resourceType": "ResearchStudy",
                    "id": study_id,
                    "identifier": [{"system": IDENTIFIER_SYSTEM, "value": f"trial/{trial.uid}"}],
                    "title": "Personal N-of-1 trial of a self-acupressure routine",
                    "status": _STUDY_STATUS[trial.status],
                    "description": (
                        f"{design.question} Allocation (seed {design.seed}): {schedule}. "
                        f"Wash-out: first {design.washout_days} day(s) of each period. "
                        f"Decision rule: {design.decision_rule}"
                    ),
                    "period": {"start": design.start.isoformat(), "end": design.end.isoformat()},
                    "arm": [
                        {"name": "A", "description": design.arm_a.label},
                        {"name": "B", "description": design.arm_b.label},
                    ],
                },
            }
        )
        for rating in trial.ratings:
            plan = design.period_on(rating.day)
            where = f", arm {plan.arm}, pair {plan.pair}" if plan else ""
            entries.append(
                pain_observation(
                    f"trial/{trial.uid}/{rating.day}",
                    rating.pain,
                    {"effectiveDateTime": rating.day.isoformat()},
                    f"Daily rating in a personal trial{where}.",
                )
            )
    return entries


def diary_export(
    fmt: str,
    *,
    sessions: Sequence[SessionEntry],
    checkins: Sequence[CheckIn],
    trials: Sequence[Trial],
) -> str:
    """The whole diary with its trials as CSV, JSON or a FHIR R4 Bundle (JSON text)."""
    return "".join(diary_export_pieces(fmt, sessions=sessions, checkins=checkins, trials=trials))


def diary_export_pieces(
    fmt: str,
    *,
    sessions: Iterable[SessionEntry],
    checkins: Iterable[CheckIn],
    trials: Sequence[Trial],
) -> Iterator[str]:
    """`diary_export` piece by piece, the sessions read as they are written (streamed)."""
    from acupressure.diary import exchange

    if fmt == "csv":
        return exchange.iter_csv(sessions=sessions, checkins=checkins, extra_rows=csv_rows(trials))
    if fmt == "json":
        extra = {"trials": trials_json(trials)} if trials else None
        return exchange.iter_json(sessions=sessions, checkins=checkins, extra=extra)
    if fmt == "fhir":
        entries = fhir_entries(trials)
        return exchange.iter_fhir(sessions=sessions, checkins=checkins, extra_entries=entries)
    raise BadInput(f"--format: {fmt!r} is not one of csv, json, fhir")


__all__ = ["csv_rows", "diary_export", "diary_export_pieces", "fhir_entries", "trials_json"]

"""What a practitioner sees of one client: the safety answers they gave, the re-screens
before sessions, and their diary summarised against the schedule they were assigned, with
alerts (a red flag at a re-screen, side effects, pain rising, no improvement).

The diary's own summary does the arithmetic; this module only adds what a practice needs
on top: the assigned schedule as the adherence target and the re-screen alerts.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from acupressure.clinic.accounts import Account, Accounts, now
from acupressure.clinic.tables import ScreenRow
from acupressure.diary.store import DiaryStore

ScreenKind = Literal["screen", "rescreen"]
RESCREEN_ALERT_DAYS = 28
RISE_POINTS = 2.0  # pain up by 2 points or more against the first week


class Screen(BaseModel):
    """Answers to the safety questions: a whole screen, or the red flags at a re-screen."""

    model_config = ConfigDict(frozen=True)

    kind: ScreenKind
    answers: dict[str, Any]
    verdict: str
    at: datetime


class Screens:
    """The clients' own screens and re-screens, newest first."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def record(
        self, *, account: Account, kind: ScreenKind, answers: dict[str, Any], verdict: str
    ) -> Screen:
        with self.accounts.transaction() as session:
            row = ScreenRow(
                account_id=account.id,
                kind=kind,
                answers=json.dumps(answers),
                verdict=verdict,
                at=now(),
            )
            session.add(row)
            session.flush()
            return _screen(row)

    def of(self, account: Account, *, kind: ScreenKind, limit: int = 20) -> list[Screen]:
        query = (
            select(ScreenRow)
            .where(ScreenRow.account_id == account.id, ScreenRow.kind == kind)
            .order_by(ScreenRow.at.desc(), ScreenRow.id.desc())
            .limit(limit)
        )
        with self.accounts.transaction() as session:
            return [_screen(row) for row in session.scalars(query)]


def _screen(row: ScreenRow) -> Screen:
    return Screen(
        kind=row.kind,
        answers=json.loads(row.answers),
        verdict=row.verdict,
        at=row.at.replace(tzinfo=UTC),
    )


def overview(
    *,
    client: Account,
    diary: DiaryStore,
    screens: Screens,
    times_per_day: int | None,
    today: date,
) -> dict[str, Any]:
    """The client's picture for their practitioner, as JSON-ready data."""
    from acupressure.diary.analytics import PLANNED_PER_DAY, document, summarise

    sessions, checkins = diary.list_sessions(), diary.list_checkins()
    progress = summarise(
        sessions=sessions,
        checkins=checkins,
        today=today,
        planned_per_day=times_per_day or PLANNED_PER_DAY,
    )
    rescreens = screens.of(client, kind="rescreen")
    summary = document(progress)
    alerts = list(summary["alerts"])
    change = progress.change
    if change is not None and change.points >= RISE_POINTS:
        alerts.insert(
            0,
            {
                "kind": "pain_rising",
                "reason": change.statement,
                "advice": "Ask the client how they are; stop the routine and assess "
                "them if the pain keeps rising.",
            },
        )
    since = datetime.now(UTC) - timedelta(days=RESCREEN_ALERT_DAYS)
    for screen in rescreens:
        flags = screen.answers.get("red_flags") or []
        if flags and screen.at >= since:
            alerts.insert(
                0,
                {
                    "kind": "red_flag",
                    "reason": f"At a re-screen on {screen.at:%Y-%m-%d} the client ticked: "
                    f"{', '.join(str(f).replace('_', ' ') for f in flags)}.",
                    "advice": "The session did not start. Contact the client: these signs need a "
                    "doctor (urgently or at once, as the screen said).",
                },
            )
    own = screens.of(client, kind="screen", limit=1)
    return {
        "client": client.to_json(),
        "progress": summary,
        "alerts": alerts,
        "own_screen": own[0].model_dump(mode="json") if own else None,
        "rescreens": [s.model_dump(mode="json") for s in rescreens],
        "sessions": [s.model_dump(mode="json") for s in reversed(sessions)][:50],
    }


__all__ = ["Screen", "ScreenKind", "Screens", "overview"]

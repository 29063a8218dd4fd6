"""Where trials live: three tables in the diary's database, one repository.

Every write is one transaction on the diary's engine (`diary.store.make_engine`, which
also runs the migrations); reads use the diary's read-only transactions. The allocation is
written with the trial, before any rating.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from acupressure.diary.store import DiaryStore, reading
from acupressure.errors import BadInput
from acupressure.trial.design import TrialDesign
from acupressure.trial.records import Rating, Trial
from acupressure.trial.tables import periods, ratings, trials


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(UTC).replace(tzinfo=None)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


class TrialStore:
    """The trials' repository: domain models in, domain models out."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        # the diary's own translation of database errors: plain words, busy, read-only
        with DiaryStore._errors("the trial could not be saved"), self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with DiaryStore._errors("the trial could not be read"), reading(self.engine) as connection:
            yield connection

    def start(self, *, design: TrialDesign, now: datetime) -> Trial:
        """Record a new trial with its allocation; only one trial runs at a time."""
        with self._writing() as connection:
            running = _running(connection, now.date())
            if running is not None:
                raise BadInput(
                    f"a trial is already running (from {running.start_date} to "
                    f"{running.end_date}); stop it first with `acupressure trial stop`"
                )
            trial = Trial(created_at=now, design=design)
            result = connection.execute(
                insert(trials).values(
                    uid=trial.uid,
                    created_at=_naive_utc(now),
                    start_date=design.start,
                    end_date=design.end,
                    seed=design.seed,
                    design=design.model_dump_json(),
                    status="running",
                    stopped_at=None,
                    stop_reason="",
                    stop_advice="[]",
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            trial_id = key[0]
            connection.execute(
                insert(periods),
                [
                    {
                        "trial_id": trial_id,
                        "position": period.position,
                        "pair": period.pair,
                        "arm": period.arm,
                        "start_date": period.start,
                        "end_date": period.end,
                    }
                    for period in design.schedule()
                ],
            )
            return trial

    def current(self) -> Trial | None:
        """The most recent trial (running, finished or stopped), else None."""
        with self._reading() as connection:
            row = connection.execute(select(trials).order_by(trials.c.id.desc()).limit(1)).first()
            return None if row is None else _trial(connection, row)

    def all(self) -> list[Trial]:
        """Every trial, oldest first (for the diary export)."""
        with self._reading() as connection:
            rows = connection.execute(select(trials).order_by(trials.c.id)).all()
            return [_trial(connection, row) for row in rows]

    def rate(self, *, day: date, pain: int, interference: int | None, now: datetime) -> Rating:
        """A day's rating for the running trial; a second one for the same day replaces it."""
        rating = Rating(day=day, pain=pain, interference=interference, recorded_at=now)
        with self._writing() as connection:
            row = _running(connection)
            if row is None:
                raise BadInput("no trial is running: start one with `acupressure trial start`")
            if not row.start_date <= day <= row.end_date:
                raise BadInput(
                    f"{day} is outside the trial ({row.start_date} to {row.end_date}); "
                    "a rating belongs to a day of the trial"
                )
            connection.execute(
                delete(ratings).where(ratings.c.trial_id == row.id, ratings.c.day == day)
            )
            connection.execute(
                insert(ratings).values(
                    trial_id=row.id,
                    day=day,
                    pain=rating.pain,
                    interference=rating.interference,
                    recorded_at=_naive_utc(now),
                )
            )
            return rating

    def stop(self, *, reason: str, advice: list[str], now: datetime) -> Trial:
        """End the running trial early, keeping every rating and saying why."""
        with self._writing() as connection:
            row = _running(connection, now.date())
            if row is None:
                raise BadInput("no trial is running")
            connection.execute(
                update(trials)
                .where(trials.c.id == row.id)
                .values(
                    status="stopped",
                    stopped_at=_naive_utc(now),
                    stop_reason=reason,
                    stop_advice=json.dumps(advice, ensure_ascii=False),
                )
            )
            stopped = connection.execute(select(trials).where(trials.c.id == row.id)).one()
            return _trial(connection, stopped)


def _running(connection: Connection, today: date | None = None) -> Any:
    """The trial not stopped; given `today`, only one whose last day has not passed."""
    query = select(trials).where(trials.c.status == "running")
    if today is not None:
        query = query.where(trials.c.end_date >= today)
    return connection.execute(query.order_by(trials.c.id.desc()).limit(1)).first()


def _trial(connection: Connection, row: Any) -> Trial:
    found = connection.execute(
        select(ratings).where(ratings.c.trial_id == row.id).order_by(ratings.c.day)
    )
    return Trial(
        uid=row.uid,
        created_at=_aware(row.created_at),
        design=TrialDesign.model_validate_json(row.design),
        status="stopped" if row.status == "stopped" else "running",
        stopped_at=None if row.stopped_at is None else _aware(row.stopped_at),
        stop_reason=row.stop_reason,
        stop_advice=json.loads(row.stop_advice),
        ratings=[
            Rating(
                day=r.day,
                pain=r.pain,
                interference=r.interference,
                recorded_at=_aware(r.recorded_at),
            )
            for r in found
        ],
    )


__all__ = ["TrialStore"]

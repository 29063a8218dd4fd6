"""The trial's repository on real databases (SQLite always, PostgreSQL with make test-pg)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, inspect

from acupressure.diary.store import make_engine
from acupressure.errors import BadInput
from acupressure.trial.design import ArmSpec, make_design
from acupressure.trial.store import TrialStore

NOW = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
A = ArmSpec(kind="preset", name="article-002", label="Article 002")
NONE = ArmSpec(kind="none", name="none", label="usual care")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_the_migration_makes_the_trial_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    assert {"trial_trial", "trial_period", "trial_rating"} <= tables


def test_a_trial_round_trips_with_its_allocation_and_ratings(engine: Engine) -> None:
    store = TrialStore(engine)
    design = make_design(arm_a=A, arm_b=NONE, start=date(2026, 3, 2), seed=2**31 - 1)
    started = store.start(design=design, now=NOW)
    store.rate(day=date(2026, 3, 2), pain=6, interference=4, now=NOW + timedelta(days=1))
    store.rate(day=date(2026, 3, 2), pain=5, interference=None, now=NOW + timedelta(days=1))
    store.rate(day=date(2026, 3, 3), pain=4, interference=None, now=NOW + timedelta(days=2))
    (kept,) = store.all()
    assert kept.uid == started.uid and kept.design == design
    assert [(r.day.day, r.pain, r.interference) for r in kept.ratings] == [
        (2, 5, None),
        (3, 4, None),
    ]
    with engine.connect() as connection:
        periods = (
            connection.exec_driver_sql("SELECT arm FROM trial_period ORDER BY position")
            .scalars()
            .all()
        )
    assert "".join(periods) == "".join(design.allocation)


def test_ratings_outside_the_trial_and_a_second_trial_are_refused(engine: Engine) -> None:
    store = TrialStore(engine)
    design = make_design(arm_a=A, arm_b=NONE, start=date(2026, 3, 2), seed=1)
    store.start(design=design, now=NOW)
    with pytest.raises(BadInput, match="outside the trial"):
        store.rate(day=date(2026, 3, 1), pain=5, interference=None, now=NOW)
    with pytest.raises(BadInput, match="already running"):
        store.start(design=design, now=NOW)
    stopped = store.stop(reason="a side effect", advice=["ask a doctor"], now=NOW)
    assert stopped.status == "stopped" and stopped.stop_advice == ["ask a doctor"]
    with pytest.raises(BadInput, match="no trial is running"):
        store.rate(day=date(2026, 3, 2), pain=5, interference=None, now=NOW)
    assert store.start(design=design, now=NOW).design == design  # a new trial may start
    assert len(store.all()) == 2

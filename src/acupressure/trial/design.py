"""The design of a personal N-of-1 trial: two arms, periods in pairs, a recorded allocation.

Following the published practice (CENT 2015; Kravitz & Duan's AHRQ guide, 2014): periods
come in pairs, the order inside each pair is drawn at random from a recorded seed before
the trial starts, the first days of each period are a wash-out, and the decision rule is
fixed and shown before the first rating. Everything here is plain data, stored as it is.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, time, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from acupressure.errors import BadInput
from acupressure.trial.analysis import (
    DECISION_RULE,
    WASHOUT_REASON,
    Arm,
    default_washout,
)

ArmKind = Literal["preset", "profile", "none"]
MIN_PAIRS = 4
DEFAULT_PAIRS = 6
DEFAULT_PERIOD_DAYS = 7
DEFAULT_RATING_TIME = time(20, 0)
# The published practice the design follows, and the ~2-point noticeable change (sources.yaml).
SOURCES = ("cent2015", "kravitz2014", "farrar2001")
USUAL_CARE = "No acupressure: your usual care (keep active, as you normally would)"


class ArmSpec(BaseModel):
    """What one arm is: a preset routine, a personal plan from a profile, or usual care."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ArmKind
    name: str = Field(description="preset name, profile file name, or 'none'", max_length=200)
    label: str = Field(max_length=200)
    profile: dict[str, object] | None = Field(
        default=None, description="a personal plan's profile, so the plan can be made again"
    )


class PeriodPlan(BaseModel):
    """One period of the schedule: which arm, from which day to which day (inclusive)."""

    model_config = ConfigDict(frozen=True)

    position: int  # 1, 2, ... in time order
    pair: int
    arm: Arm
    start: date
    end: date
    washout_until: date  # the last wash-out day (ratings up to it are left out)


class TrialDesign(BaseModel):
    """Everything fixed before the first rating: arms, timing, allocation, the rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    arm_a: ArmSpec
    arm_b: ArmSpec
    start: date
    pairs: int = Field(default=DEFAULT_PAIRS, ge=MIN_PAIRS, le=26)
    period_days: int = Field(default=DEFAULT_PERIOD_DAYS, ge=3, le=28)
    washout_days: int = Field(default=2, ge=0)
    rating_time: time = DEFAULT_RATING_TIME
    seed: int = Field(ge=0)
    allocation: list[Literal["AB", "BA"]]

    @model_validator(mode="after")
    def _consistent(self) -> TrialDesign:
        if len(self.allocation) != self.pairs:
            raise ValueError(f"the allocation needs an order for each of the {self.pairs} pairs")
        if self.washout_days > self.period_days - 3:
            raise ValueError("the wash-out must leave at least 3 rated days in every period")
        if self.arm_a.kind == self.arm_b.kind == "none":
            raise ValueError("A and B are both usual care: there is nothing to compare")
        if self.arm_a == self.arm_b:
            raise ValueError("A and B are the same routine: there is nothing to compare")
        return self

    @property
    def end(self) -> date:
        """The last day of the trial."""
        return self.start + timedelta(days=2 * self.pairs * self.period_days - 1)

    def schedule(self) -> list[PeriodPlan]:
        """Every period in time order with its arm (the recorded allocation)."""
        periods = []
        for pair, order in enumerate(self.allocation, start=1):
            for offset, arm in enumerate(order):
                position = 2 * (pair - 1) + offset + 1
                start = self.start + timedelta(days=(position - 1) * self.period_days)
                periods.append(
                    PeriodPlan(
                        position=position,
                        pair=pair,
                        arm="A" if arm == "A" else "B",
                        start=start,
                        end=start + timedelta(days=self.period_days - 1),
                        washout_until=start + timedelta(days=self.washout_days - 1),
                    )
                )
        return periods

    def period_on(self, day: date) -> PeriodPlan | None:
        """The period a day falls in (None before the start or after the end)."""
        if day < self.start or day > self.end:
            return None
        return self.schedule()[(day - self.start).days // self.period_days]

    def arm(self, arm: Arm) -> ArmSpec:
        return self.arm_a if arm == "A" else self.arm_b

    @property
    def decision_rule(self) -> str:
        return DECISION_RULE

    @property
    def washout_reason(self) -> str:
        return WASHOUT_REASON.format(days=self.washout_days)

    @property
    def question(self) -> str:
        return comparison_question(self.arm_a, self.arm_b)


def allocate(*, pairs: int, seed: int) -> list[Literal["AB", "BA"]]:
    """The order inside each pair, a fair coin per pair from `seed` (same seed, same order)."""
    rng = random.Random(seed)
    return ["AB" if rng.random() < 0.5 else "BA" for _ in range(pairs)]


def new_seed() -> int:
    return secrets.randbelow(2**31)


def make_design(
    *,
    arm_a: ArmSpec,
    arm_b: ArmSpec,
    start: date,
    weeks: int | None = None,
    pairs: int | None = None,
    period_days: int = DEFAULT_PERIOD_DAYS,
    seed: int | None = None,
    rating_time: time = DEFAULT_RATING_TIME,
) -> TrialDesign:
    """A design from the person's choices; `weeks` is the whole trial's length."""
    if period_days < 3 or period_days > 28:
        raise BadInput(f"--period-days: must be from 3 to 28 days, not {period_days}")
    if weeks is not None:
        total = weeks * 7
        if total % (2 * period_days):
            raise BadInput(
                f"--weeks: {weeks} weeks is not a whole number of pairs of {period_days}-day "
                "periods"
            )
        from_weeks = total // (2 * period_days)
        if pairs is not None and pairs != from_weeks:
            raise BadInput(f"--weeks {weeks} means {from_weeks} pairs, not {pairs}")
        pairs = from_weeks
    pairs = DEFAULT_PAIRS if pairs is None else pairs
    if pairs < MIN_PAIRS:
        raise BadInput(
            f"a trial needs at least {MIN_PAIRS} pairs of periods (that is "
            f"{MIN_PAIRS * 2 * period_days // 7} weeks with {period_days}-day periods), not {pairs}"
        )
    if pairs > 26:
        raise BadInput(f"at most 26 pairs (a year), not {pairs}")
    if seed is not None and seed < 0:
        raise BadInput(f"--seed: must be 0 or more, not {seed}")
    seed = new_seed() if seed is None else seed
    if arm_a.kind == arm_b.kind == "none":
        raise BadInput("--a and --b are both 'none': choose a routine for at least one arm")
    if arm_a == arm_b:
        raise BadInput("--a and --b are the same routine: choose two different ones")
    return TrialDesign(
        arm_a=arm_a,
        arm_b=arm_b,
        start=start,
        pairs=pairs,
        period_days=period_days,
        washout_days=default_washout(period_days),
        rating_time=rating_time,
        seed=seed,
        allocation=allocate(pairs=pairs, seed=seed),
    )


def comparison_question(a: ArmSpec, b: ArmSpec) -> str:
    """What this comparison can answer, and what it cannot."""
    if "none" in (a.kind, b.kind):
        routine = a if b.kind == "none" else b
        return (
            f"Is your pain lower in the weeks with {routine.label} than in the weeks of usual "
            "care without acupressure? A difference could come from the routine, from the time "
            "and attention you give it, or from expecting it to help: this trial cannot tell "
            "those apart."
        )
    return (
        f"Is your pain lower with {a.label} or with {b.label}? Both arms are acupressure, so "
        "expectation plays a part in both, but the trial cannot rule out that you expect more "
        "of one of them."
    )


__all__ = [
    "DEFAULT_PAIRS",
    "MIN_PAIRS",
    "SOURCES",
    "USUAL_CARE",
    "ArmSpec",
    "PeriodPlan",
    "TrialDesign",
    "allocate",
    "comparison_question",
    "make_design",
]

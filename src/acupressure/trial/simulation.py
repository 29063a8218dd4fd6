"""Simulated N-of-1 trials, to check the decision rule's error rates before anyone relies on it.

A simulated person rates pain once a day (whole numbers 0-10). Day-to-day pain wanders
with auto-correlated (AR(1)) noise; an arm's effect does not switch on and off at the
period boundary but builds up, and fades, over a few days (carry-over). The order within
each pair is randomised as in a real trial, and each simulated trial goes through the same
`analyse` as a person's own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from acupressure.trial.analysis import Arm, Period, VerdictKind, analyse, default_washout

START = date(2026, 1, 5)


@dataclass(frozen=True)
class Scenario:
    """One simulated person: how their pain behaves and what A truly does (A minus B)."""

    effect: float = 0.0  # true difference A minus B once fully built up (negative: A helps)
    pairs: int = 6
    period_days: int = 7
    baseline: float = 5.5
    noise_sd: float = 1.2  # day-to-day spread of pain around its level
    autocorrelation: float = 0.6  # AR(1): today's noise carries 60% of yesterday's
    build_rate: float = 0.5  # share of the gap to the new arm's effect closed each day
    trend_per_week: float = -0.05  # back pain often eases a little by itself


def simulate(scenario: Scenario, rng: object) -> list[Period]:
    """One simulated trial's periods (rng: a numpy Generator)."""
    import numpy as np

    generator: np.random.Generator = rng  # type: ignore[assignment]
    innovation = scenario.noise_sd * (1 - scenario.autocorrelation**2) ** 0.5
    noise = float(generator.normal(0.0, scenario.noise_sd))
    effect = 0.0
    periods: list[Period] = []
    day_index = 0
    for pair in range(1, scenario.pairs + 1):
        order: tuple[Arm, Arm] = ("A", "B") if generator.random() < 0.5 else ("B", "A")
        for arm in order:
            start = START + timedelta(days=day_index)
            target = scenario.effect if arm == "A" else 0.0
            ratings = []
            for offset in range(scenario.period_days):
                effect += (target - effect) * scenario.build_rate
                noise = scenario.autocorrelation * noise + float(generator.normal(0, innovation))
                level = scenario.baseline + scenario.trend_per_week * day_index / 7
                pain = min(10.0, max(0.0, round(level + effect + noise)))
                ratings.append((start + timedelta(days=offset), pain))
                day_index += 1
            periods.append(Period(pair=pair, arm=arm, start=start, ratings=tuple(ratings)))
    return periods


@dataclass(frozen=True)
class Rates:
    """How often each verdict came out over `trials` simulated trials."""

    trials: int
    counts: dict[VerdictKind, int]

    def share(self, verdict: VerdictKind) -> float:
        return self.counts.get(verdict, 0) / self.trials

    @property
    def winner_called(self) -> float:
        return self.share("a_better") + self.share("b_better")


def run(scenario: Scenario, *, trials: int, seed: int) -> Rates:
    """Simulate and analyse `trials` trials from one seed (reproducible)."""
    import numpy as np

    generator = np.random.default_rng(seed)
    washout = default_washout(scenario.period_days)
    counts: Counter[VerdictKind] = Counter()
    for _ in range(trials):
        counts[analyse(simulate(scenario, generator), washout_days=washout).verdict] += 1
    return Rates(trials=trials, counts=dict(counts))


__all__ = ["Rates", "Scenario", "run", "simulate"]

"""The analysis of a personal N-of-1 trial: period means, pairs, three views, one verdict.

Each period's first days are a wash-out and left out; each remaining period gives one mean
pain; each pair gives one difference, A minus B. Those differences are tested three ways:
a paired t-test, a randomisation test that re-runs the coin tosses of the recorded
allocation (every order within every pair), and a Bayesian estimate with a weakly
sceptical prior. The decision rule is fixed before the trial starts (`DECISION_RULE`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Arm = Literal["A", "B"]
VerdictKind = Literal["a_better", "b_better", "cant_tell", "not_enough_data"]

ALPHA = 0.05
MIN_PAIRS = 3
MIN_DAYS_PER_PERIOD = 3
MIN_DIFFERENCE = 1.0  # half the ~2 points a person notices (Farrar 2001)
NOTICEABLE = 2.0
# Weakly sceptical prior for the difference of period means: centred on no difference,
# mean | sigma^2 ~ N(0, sigma^2 / PRIOR_KAPPA), sigma^2 ~ Inverse-Gamma(PRIOR_A, PRIOR_B).
PRIOR_KAPPA = 0.25
PRIOR_A = 1.0
PRIOR_B = 1.0

DECISION_RULE = (
    "After the last pair, A is called better only if all three hold: the paired t-test on the "
    f"pairs' differences gives p < {ALPHA}, the Bayesian 95% interval for A minus B lies wholly "
    f"below zero, and A's pain is lower by at least {MIN_DIFFERENCE:g} point (half of the "
    f"{NOTICEABLE:g} points a person notices); B is called better in the mirror case. Anything "
    f"else is 'can't tell'. With fewer than {MIN_PAIRS} complete pairs (a pair is complete when "
    f"both of its periods have at least {MIN_DAYS_PER_PERIOD} ratings after the wash-out) "
    "there is not enough data for any verdict."
)


def default_washout(period_days: int) -> int:
    """Two days of a week (or longer) period; fewer for very short periods."""
    return min(2, period_days // 3)


WASHOUT_REASON = (
    "The effect of pressing (and of expecting it to help) may linger for a day or two after a "
    "switch and build up over the first days of a new period, so the first {days} day(s) of "
    "every period are a wash-out: rated, but left out of the analysis."
)


@dataclass(frozen=True)
class Period:
    """One period of the trial with its daily ratings (date, pain)."""

    pair: int
    arm: Arm
    start: date
    ratings: tuple[tuple[date, float], ...]

    def used(self, washout_days: int) -> list[float]:
        first = self.start + timedelta(days=washout_days)
        return [pain for day, pain in self.ratings if day >= first]


class PairDifference(BaseModel):
    """One pair's mean pain in A and in B after the wash-out."""

    model_config = ConfigDict(frozen=True)

    pair: int
    mean_a: float
    mean_b: float
    difference: float
    days_a: int
    days_b: int


class Analysis(BaseModel):
    """The verdict and its numbers; difference is A minus B (negative: A lower)."""

    model_config = ConfigDict(frozen=True)

    verdict: VerdictKind
    difference: float | None
    interval: tuple[float, float] | None
    probability_a_better: float | None
    p_value: float | None
    pairs: int
    days_used: int
    randomisation_p_value: float | None = None
    t_interval: tuple[float, float] | None = None
    pair_differences: list[PairDifference] = []
    washout_days: int = 0
    explanation: str = ""
    rule: str = DECISION_RULE

    def contract(self) -> dict[str, object]:
        """The `trial analyse --json` document (DESIGN.md), with the detail after it."""
        return self.model_dump(mode="json")


def _round(value: float) -> float:
    return round(float(value), 3)


def pair_differences(periods: Sequence[Period], *, washout_days: int) -> list[PairDifference]:
    """The complete pairs: one A and one B period, each with enough ratings after wash-out."""
    by_pair: dict[int, dict[str, list[float]]] = {}
    for period in periods:
        by_pair.setdefault(period.pair, {}).setdefault(period.arm, []).extend(
            period.used(washout_days)
        )
    found = []
    for pair in sorted(by_pair):
        arms = by_pair[pair]
        a, b = arms.get("A", []), arms.get("B", [])
        if len(a) < MIN_DAYS_PER_PERIOD or len(b) < MIN_DAYS_PER_PERIOD:
            continue
        mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
        found.append(
            PairDifference(
                pair=pair,
                mean_a=_round(mean_a),
                mean_b=_round(mean_b),
                difference=_round(mean_a - mean_b),
                days_a=len(a),
                days_b=len(b),
            )
        )
    return found


def analyse(periods: Sequence[Period], *, washout_days: int) -> Analysis:
    """Apply the fixed decision rule to the periods of one trial."""
    import numpy as np
    from scipy import stats

    pairs = pair_differences(periods, washout_days=washout_days)
    days_used = sum(p.days_a + p.days_b for p in pairs)
    if len(pairs) < MIN_PAIRS:
        return Analysis(
            verdict="not_enough_data",
            difference=None,
            interval=None,
            probability_a_better=None,
            p_value=None,
            pairs=len(pairs),
            days_used=days_used,
            pair_differences=pairs,
            washout_days=washout_days,
            explanation=_not_enough(len(pairs)),
        )
    # the differences from the unrounded means, so the tests see the data exactly
    d = np.array([p.mean_a - p.mean_b for p in pairs], dtype=float)
    randomisation = stats.permutation_test(
        (d,), np.mean, permutation_type="samples", n_resamples=np.inf, alternative="two-sided"
    ).pvalue
    if np.ptp(d) < 1e-9:  # every pair the same: the t-test is undefined, the exact test is not
        p_value = float(randomisation)
        t_interval = (float(d.mean()), float(d.mean()))
    else:
        test = stats.ttest_1samp(d, 0.0)
        p_value = float(test.pvalue)
        ci = test.confidence_interval(1 - ALPHA)
        t_interval = (float(ci.low), float(ci.high))
    posterior = _posterior(d)
    low, high = (float(x) for x in posterior.ppf([ALPHA / 2, 1 - ALPHA / 2]))
    estimate = float(posterior.mean())
    probability = float(posterior.cdf(0.0))
    verdict = _verdict(p_value, (low, high), float(d.mean()))
    return Analysis(
        verdict=verdict,
        difference=_round(estimate),
        interval=(_round(low), _round(high)),
        probability_a_better=_round(probability),
        p_value=round(p_value, 4),
        pairs=len(pairs),
        days_used=days_used,
        randomisation_p_value=round(float(randomisation), 4),
        t_interval=(_round(t_interval[0]), _round(t_interval[1])),
        pair_differences=pairs,
        washout_days=washout_days,
        explanation=explain(verdict, estimate, (low, high), probability, len(pairs)),
    )


def _posterior(d: Any) -> Any:
    """The marginal posterior of the mean difference under the conjugate normal model."""
    import numpy as np
    from scipy import stats

    values = np.asarray(d, dtype=float)
    n = len(values)
    mean = float(values.mean())
    kappa = PRIOR_KAPPA + n
    location = n * mean / kappa
    shape = PRIOR_A + n / 2
    rate = (
        PRIOR_B
        + 0.5 * float(((values - mean) ** 2).sum())
        + PRIOR_KAPPA * n * mean**2 / (2 * kappa)
    )
    return stats.t(df=2 * shape, loc=location, scale=(rate / (shape * kappa)) ** 0.5)


def _verdict(p_value: float, interval: tuple[float, float], mean: float) -> VerdictKind:
    clear = p_value < ALPHA and abs(mean) >= MIN_DIFFERENCE
    if clear and interval[1] < 0 and mean < 0:
        return "a_better"
    if clear and interval[0] > 0 and mean > 0:
        return "b_better"
    return "cant_tell"


LIMITS = (
    "This is about you alone, over these weeks; it cannot say whether the routine would help "
    "anyone else. It cannot separate the routine from the placebo effect and your own "
    "expectations, because you know which arm you are in. A difference of about 2 points is "
    "the smallest most people notice; less than that may not matter to you even if it is real."
)


def _not_enough(pairs: int) -> str:
    return (
        f"Not enough data for a verdict: {pairs} complete pair(s), and the rule needs at least "
        f"{MIN_PAIRS} (each period with {MIN_DAYS_PER_PERIOD} or more ratings after the "
        f"wash-out). {LIMITS}"
    )


def explain(
    verdict: VerdictKind,
    difference: float,
    interval: tuple[float, float],
    probability: float,
    pairs: int,
) -> str:
    """The verdict in plain words, with what it cannot tell."""
    size = abs(difference)
    low, high = interval
    span = f"A minus B likely between {low:+.1f} and {high:+.1f} points"
    chance = f"the chance that A is the better one is about {round(probability * 100)}%"
    if verdict in ("a_better", "b_better"):
        better = "A" if verdict == "a_better" else "B"
        head = (
            f"Over {pairs} pairs your pain was lower with {better}, by about {size:.1f} points "
            f"({span}); {chance}."
        )
    else:
        head = (
            f"Over {pairs} pairs the trial can't tell A and B apart: the difference is too small "
            f"or too uncertain to call ({span}); {chance}."
        )
    return f"{head} {LIMITS}"


__all__ = [
    "DECISION_RULE",
    "LIMITS",
    "MIN_PAIRS",
    "WASHOUT_REASON",
    "Analysis",
    "Arm",
    "PairDifference",
    "Period",
    "VerdictKind",
    "analyse",
    "default_washout",
    "explain",
    "pair_differences",
]

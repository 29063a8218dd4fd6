"""The analysis and its fixed decision rule, on hand-made periods and on simulated trials."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acupressure.knowledge.catalogue import Catalogue
from acupressure.trial.analysis import MIN_PAIRS, Period, analyse, pair_differences
from acupressure.trial.design import SOURCES
from acupressure.trial.simulation import Scenario, run

START = date(2026, 3, 2)


def periods_from(pairs: list[tuple[str, list[float], list[float]]]) -> list[Period]:
    """Periods of 7 days from explicit daily pains: (order, first period, second period)."""
    found = []
    day = START
    for number, (order, first, second) in enumerate(pairs, start=1):
        for arm, pains in zip(order, (first, second), strict=True):
            ratings = tuple((day + timedelta(days=i), p) for i, p in enumerate(pains))
            found.append(
                Period(pair=number, arm="A" if arm == "A" else "B", start=day, ratings=ratings)
            )
            day += timedelta(days=7)
    return found


def test_wash_out_days_are_left_out_of_each_period_mean() -> None:
    # the first two days carry the other arm's pain; they must not count
    a = [9, 9, 3, 3, 3, 3, 3]
    b = [1, 1, 6, 6, 6, 6, 6]
    pairs = pair_differences(periods_from([("AB", a, b)]), washout_days=2)
    assert [(p.mean_a, p.mean_b, p.difference, p.days_a) for p in pairs] == [(3.0, 6.0, -3.0, 5)]


LOW = [4, 4, 3, 2, 3, 2, 3]
HIGH = [5, 5, 6, 5, 6, 6, 5]
LOWER = [5, 5, 3, 3, 2, 3, 3]
ONE_SIDED = [("AB", LOW, HIGH), ("BA", HIGH, LOW), ("BA", HIGH, LOW), ("AB", LOW, HIGH),
             ("AB", LOWER, HIGH), ("BA", HIGH, LOWER)]  # fmt: skip


def test_a_clearly_lower_in_every_pair_is_a_better() -> None:
    result = analyse(periods_from(ONE_SIDED), washout_days=2)
    assert result.verdict == "a_better"
    assert result.difference is not None and result.difference < -2
    assert result.interval is not None and result.interval[1] < 0
    assert result.probability_a_better is not None and result.probability_a_better > 0.975
    assert result.p_value is not None and result.p_value < 0.05
    assert result.pairs == 6 and result.days_used == 60
    # six pairs all one way: the exact randomisation test over 2^6 orders gives 2/64
    assert result.randomisation_p_value == pytest.approx(2 / 64, abs=1e-4)
    assert "placebo" in result.explanation and "2 points" in result.explanation


def test_mirror_data_gives_b_better_with_the_opposite_sign() -> None:
    swapped = [
        ("BA" if order == "AB" else "AB", first, second) for order, first, second in ONE_SIDED
    ]
    result = analyse(periods_from(swapped), washout_days=2)
    assert result.verdict == "b_better"
    assert result.difference is not None and result.difference > 2
    assert result.probability_a_better is not None and result.probability_a_better < 0.025


def test_no_consistent_difference_cant_tell() -> None:
    a = [5, 5, 4, 6, 5, 5, 4]
    b = [5, 5, 5, 5, 6, 4, 5]
    data = [("AB", a, b), ("BA", a, b), ("AB", b, a), ("BA", b, a)]
    result = analyse(periods_from(data), washout_days=2)
    assert result.verdict == "cant_tell"
    assert result.interval is not None and result.interval[0] < 0 < result.interval[1]
    assert "can't tell" in result.explanation


def test_a_small_but_consistent_difference_is_not_called() -> None:
    """Half a point lower every time: real perhaps, but below the 1-point threshold."""
    a = [5, 5, 5, 5, 5, 4.5, 4.5]
    b = [5, 5, 5, 5, 5, 5, 5]
    data = [("AB", a, b), ("BA", b, a), ("AB", a, [5, 5, 5, 5, 5, 5, 4.5]), ("BA", b, a)] * 2
    result = analyse(periods_from(data), washout_days=2)
    assert result.p_value is not None and result.p_value < 0.05
    assert result.verdict == "cant_tell"


def test_identical_differences_use_the_exact_test_and_do_not_crash() -> None:
    a, b = [3] * 7, [6] * 7
    result = analyse(
        periods_from([("AB", a, b), ("BA", b, a), ("AB", a, b), ("BA", b, a)]), washout_days=2
    )
    assert result.verdict == "cant_tell"  # 2/16 = 0.125: four pairs cannot be sure
    assert result.p_value == pytest.approx(0.125)


def test_too_few_complete_pairs_is_not_enough_data() -> None:
    a, b = [3] * 7, [6] * 7
    short = [3, 3, 3, 3]  # only two days after the wash-out
    data = [("AB", a, b), ("BA", b, a), ("AB", a, short)]
    result = analyse(periods_from(data), washout_days=2)
    assert result.verdict == "not_enough_data"
    assert result.pairs == MIN_PAIRS - 1
    assert result.difference is None and result.p_value is None
    assert "Not enough data" in result.explanation


def test_the_contract_has_every_field_of_design_md() -> None:
    result = analyse([], washout_days=2).contract()
    assert {"verdict", "difference", "interval", "probability_a_better", "p_value", "pairs",
            "days_used"} <= set(result)  # fmt: skip
    assert result["verdict"] == "not_enough_data" and result["pairs"] == 0


# Simulated 12-week trials (issue 13): AR(1) noise of about 1.2 points, carry-over that
# builds over a few days, the order random within each pair. Fixed seed, 300 trials each.
TRIALS = 300


def test_no_true_difference_calls_a_winner_in_at_most_5_percent() -> None:
    rates = run(Scenario(effect=0.0, pairs=6), trials=TRIALS, seed=2026)
    assert rates.winner_called <= 0.05


def test_a_two_point_benefit_of_a_is_found_in_at_least_75_percent_and_b_never() -> None:
    rates = run(Scenario(effect=-2.0, pairs=6), trials=TRIALS, seed=2027)
    assert rates.share("a_better") >= 0.75
    assert rates.share("b_better") == 0


def test_a_two_point_harm_of_a_is_never_called_a_better() -> None:
    rates = run(Scenario(effect=2.0, pairs=6), trials=TRIALS // 3, seed=2028)
    assert rates.share("a_better") == 0
    assert rates.share("b_better") >= 0.75


def test_the_design_cites_sources_the_knowledge_base_has(catalogue: Catalogue) -> None:
    assert set(SOURCES) <= set(catalogue.sources)


def test_the_docs_show_the_rule_the_code_applies() -> None:
    """docs/trial.md comes from tools/trial_power.py; a changed rule needs a new run."""
    from pathlib import Path

    from acupressure.trial.analysis import DECISION_RULE

    docs = Path(__file__).resolve().parents[1] / "docs" / "trial.md"
    assert DECISION_RULE in docs.read_text(encoding="utf-8")


pains = st.lists(st.integers(0, 10), min_size=7, max_size=7)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["AB", "BA"]), pains, pains), min_size=0, max_size=7))
def test_swapping_the_arms_mirrors_the_verdict(
    pairs: list[tuple[str, list[int], list[int]]],
) -> None:
    """Whatever the data, calling A 'B' and B 'A' flips the verdict and the difference."""
    data = [
        (order, [float(p) for p in first], [float(p) for p in second])
        for order, first, second in pairs
    ]
    swapped = [("BA" if order == "AB" else "AB", first, second) for order, first, second in data]
    result = analyse(periods_from(data), washout_days=2)
    mirror = analyse(periods_from(swapped), washout_days=2)
    flip = {"a_better": "b_better", "b_better": "a_better"}
    assert mirror.verdict == flip.get(result.verdict, result.verdict)
    assert result.pairs == mirror.pairs and result.days_used == mirror.days_used
    if result.difference is not None and mirror.difference is not None:
        assert mirror.difference == pytest.approx(-result.difference, abs=1e-3)
        assert result.p_value == pytest.approx(mirror.p_value, abs=1e-4)

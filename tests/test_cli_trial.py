"""`acupressure trial ...` through the real CLI, on real CSV files and a real SQLite diary."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from icalendar import Calendar
from typer.testing import CliRunner, Result

from acupressure.cli import app
from acupressure.diary.entries import SessionEntry
from acupressure.diary.store import DiaryStore, make_engine
from acupressure.trial.design import ArmSpec, make_design
from acupressure.trial.simulation import Scenario, simulate
from acupressure.trial.store import TrialStore

runner = CliRunner()
CONTRACT = {"verdict", "difference", "interval", "probability_a_better", "p_value", "pairs",
            "days_used"}  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'diary.sqlite3'}"


def invoke(*args: str, db: str | None = None) -> Result:
    env = {"ACUPRESSURE_DB": db} if db else {}
    return runner.invoke(app, ["trial", *args], env=env)


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def write_csv(path: Path, effect: float, *, seed: int, with_pair: bool = False) -> Path:
    periods = simulate(Scenario(effect=effect), np.random.default_rng(seed))
    lines = ["date,arm,pain" + (",pair" if with_pair else "")]
    for period in periods:
        for day, pain in period.ratings:
            lines.append(
                f"{day},{period.arm},{int(pain)}" + (f",{period.pair}" if with_pair else "")
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_analyse_a_csv_prints_the_contract(tmp_path: Path) -> None:
    document = as_json(
        invoke("analyse", "--data", str(write_csv(tmp_path / "t.csv", -2.5, seed=3)), "--json")
    )
    assert CONTRACT <= set(document)
    assert document["verdict"] == "a_better"
    assert document["difference"] < 0
    low, high = document["interval"]
    assert low < document["difference"] < high < 0
    assert 0.975 < document["probability_a_better"] <= 1
    assert 0 <= document["p_value"] < 0.05
    assert document["pairs"] == 6 and document["days_used"] == 60


def test_a_pair_column_gives_the_same_answer_as_counting_periods(tmp_path: Path) -> None:
    by_date = as_json(
        invoke("analyse", "--data", str(write_csv(tmp_path / "a.csv", -2, seed=5)), "--json")
    )
    by_pair = write_csv(tmp_path / "b.csv", -2, seed=5, with_pair=True)
    assert as_json(invoke("analyse", "--data", str(by_pair), "--json")) == by_date


def test_period_days_splits_the_dates(tmp_path: Path) -> None:
    lines = ["date,arm,pain"]
    start = date(2026, 1, 5)
    for day in range(4 * 2 * 10):  # four pairs of 10-day periods, A always lower
        period = day // 10
        arm = "AB"[(period + period // 2) % 2]
        lines.append(f"{start + timedelta(days=day)},{arm},{3 if arm == 'A' else 6}")
    path = tmp_path / "ten.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    document = as_json(invoke("analyse", "--data", str(path), "--period-days", "10", "--json"))
    assert document["pairs"] == 4 and document["days_used"] == 4 * 2 * 8
    assert document["difference"] < 0
    # the same file read as 7-day periods mixes arms inside a period: refused, by row
    result = invoke("analyse", "--data", str(path), "--json")
    assert result.exit_code == 2 and "row" in result.stderr and ".arm" in result.stderr


def test_too_little_data_is_not_enough_data_with_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    path.write_text("date,arm,pain\n2026-01-05,A,4\n2026-01-06,A,5\n", encoding="utf-8")
    document = as_json(invoke("analyse", "--data", str(path), "--json"))
    assert document["verdict"] == "not_enough_data"
    assert document["difference"] is None and document["pairs"] == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("date,arm,pain\n2026-01-05,A,4\n2026-13-01,A,4\n", "row 3.date"),
        ("date,arm,pain\n2026-01-05,C,4\n", "row 2.arm"),
        ("date,arm,pain\n2026-01-05,A,11\n", "row 2.pain"),
        ("date,arm,pain\n2026-01-05,A,bad\n", "row 2.pain"),
        ("date,arm,pain,pair\n2026-01-05,A,4,0\n", "row 2.pair"),
        ("date,arm,pain,pair\n2026-01-05,A,4,1\n2026-01-06,A,4,\n", "row 3.pair"),
        ("date,arm,pain\n2026-01-05,A,4\n2026-01-05,A,5\n", "row 3.date"),
        ("date,arm\n2026-01-05,A\n", "missing column(s) pain"),
        ("date,arm,pain,mood\n2026-01-05,A,4,ok\n", "unknown column(s) mood"),
        ("date,arm,pain\n2026-01-05,A,4,9\n", "row 2"),
        ("", "empty file"),
    ],
)
def test_a_malformed_file_exits_2_naming_row_and_field(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = invoke("analyse", "--data", str(path), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_pair_with_the_same_arm_twice_is_refused(tmp_path: Path) -> None:
    start = date(2026, 1, 5)
    rows = [f"{start + timedelta(days=d)},A,4" for d in range(14)]
    path = tmp_path / "aa.csv"
    path.write_text("date,arm,pain\n" + "\n".join(rows), encoding="utf-8")
    result = invoke("analyse", "--data", str(path))
    assert result.exit_code == 2 and "row 9.arm" in result.stderr and "both" in result.stderr


def test_a_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = invoke("analyse", "--data", str(tmp_path / "none.csv"), "--json")
    assert result.exit_code == 2 and "no such file" in result.stderr


def start(db: str, *extra: str) -> Any:
    today = date.today().isoformat()
    return as_json(invoke("start", "--a", "article-002", "--b", "none", "--seed", "7",
                          "--start", today, "--json", *extra, db=db))  # fmt: skip


def test_start_records_the_design_and_a_seeded_allocation(db: str) -> None:
    design = start(db)
    assert design["pairs"] == 6 and design["period_days"] == 7 and design["washout_days"] == 2
    assert design["arm_a"]["kind"] == "preset" and design["arm_b"]["kind"] == "none"
    assert len(design["allocation"]) == 6 and set(design["allocation"]) <= {"AB", "BA"}
    assert len(design["schedule"]) == 12
    assert "usual care" in design["question"] and "cannot tell" in design["question"]
    assert "p < 0.05" in design["decision_rule"] and "wash-out" in design["washout_reason"]
    again = start(f"{db}-other".replace(".sqlite3-other", "-2.sqlite3"))
    assert again["allocation"] == design["allocation"]  # same seed, same order
    status = as_json(invoke("status", "--json", db=db))
    assert status["design"]["allocation"] == design["allocation"]
    assert status["status"]["state"] == "running"
    assert status["status"]["period"]["position"] == 1 and status["status"]["period"]["washout"]


def test_a_second_trial_while_one_runs_is_refused(db: str) -> None:
    start(db)
    result = invoke("start", "--a", "article-000", "--b", "none", db=db)
    assert result.exit_code == 2 and "already running" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--a", "none", "--b", "none"), "both 'none'"),
        (("--a", "article-002", "--b", "article-002"), "same routine"),
        (("--a", "article-999", "--b", "none"), "unknown preset"),
        (("--a", "article-002", "--b", "none", "--weeks", "6"), "at least 4 pairs"),
        (("--a", "article-002", "--b", "none", "--weeks", "9"), "--weeks"),
        (("--a", "article-002", "--b", "none", "--start", "2020-01-01"), "in the past"),
        (("--a", "missing.json", "--b", "none"), "cannot read profile"),
    ],
)
def test_bad_designs_exit_2_and_store_nothing(
    db: str, args: tuple[str, ...], expected: str
) -> None:
    result = invoke("start", *args, db=db)
    assert result.exit_code == 2 and expected in result.stderr, result.stderr
    assert invoke("status", db=db).exit_code == 2


def test_a_profile_with_a_red_flag_cannot_be_an_arm(db: str, tmp_path: Path) -> None:
    profile = {"complaints": ["lower_back"], "age": 40, "pregnant": False,
               "red_flags": ["fever"], "conditions": []}  # fmt: skip
    path = tmp_path / "me.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    result = invoke("start", "--a", str(path), "--b", "none", db=db)
    assert result.exit_code == 2 and "cannot be an arm" in result.stderr
    profile["red_flags"] = []
    path.write_text(json.dumps(profile), encoding="utf-8")
    document = as_json(invoke("start", "--a", str(path), "--b", "none", "--json", db=db))
    assert document["arm_a"]["kind"] == "profile" and document["arm_a"]["profile"]["age"] == 40


def test_rate_today_then_again_replaces_the_days_rating(db: str) -> None:
    start(db)
    assert as_json(invoke("rate", "6", "--json", db=db))["rating"]["pain"] == 6
    document = as_json(invoke("rate", "4", "--interference", "3", "--json", db=db))
    assert document["stopped"] is False
    status = as_json(invoke("status", "--json", db=db))["status"]
    assert status["days_rated"] == 1 and status["rated_today"]
    assert invoke("rate", "11", db=db).exit_code == 2


def test_a_red_flag_at_the_rating_ends_the_trial_with_advice(db: str) -> None:
    start(db)
    document = as_json(invoke("rate", "5", "--red-flag", "saddle_numbness", "--json", db=db))
    assert document["stopped"] is True
    assert any("ambulance" in line.lower() for line in document["advice"])
    status = as_json(invoke("status", "--json", db=db))["status"]
    assert status["state"] == "stopped" and status["stop_advice"] == document["advice"]
    assert invoke("rate", "5", db=db).exit_code == 2  # no running trial any more


def test_a_side_effect_in_a_diary_session_ends_the_trial(db: str) -> None:
    start(db)
    engine = make_engine(db)
    try:
        DiaryStore(engine).add_session(
            entry=SessionEntry(
                started_at=datetime.now(UTC),
                pain_before=5,
                pain_after=6,
                side_effects=["dizziness"],
            )  # fmt: skip
        )
    finally:
        engine.dispose()
    document = as_json(invoke("rate", "5", "--json", db=db))
    assert document["stopped"] is True and "dizziness" in document["stop_reason"]


def test_a_side_effect_at_the_rating_ends_the_trial(db: str) -> None:
    start(db)
    document = as_json(invoke("rate", "5", "--side-effect", "bruising", "--json", db=db))
    assert document["stopped"] is True and "bruising" in document["stop_reason"]
    assert invoke("rate", "5", "--side-effect", "itch", db=db).exit_code == 2


def test_stop_keeps_the_ratings(db: str) -> None:
    start(db)
    as_json(invoke("rate", "5", "--json", db=db))
    stopped = as_json(invoke("stop", "--reason", "moving house", "--json", db=db))
    assert stopped["state"] == "stopped" and stopped["days_rated"] == 1
    assert "moving house" in stopped["stop_reason"]
    assert invoke("stop", db=db).exit_code == 2


def test_the_calendar_carries_each_periods_arm_and_the_daily_rating(
    db: str, tmp_path: Path
) -> None:
    design = start(db)
    out = tmp_path / "trial.ics"
    result = invoke("calendar", "--out", str(out), db=db)
    assert result.exit_code == 0, result.stderr
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    periods = [e for e in events if "period" in str(e["summary"])]
    assert [str(e["summary"]).rsplit("arm ", 1)[1] for e in periods] == [
        p["arm"] for p in design["schedule"]
    ]
    rating = [e for e in events if "rate today's pain" in str(e["summary"])]
    assert len(rating) == 1 and rating[0]["rrule"]["COUNT"] == [84]


def test_analyse_the_trial_kept_in_the_diary(db: str) -> None:
    """A finished trial (started 12 weeks ago, written through the real store)."""
    first = date.today() - timedelta(days=84)
    arm = ArmSpec(kind="preset", name="article-002", label="Article 002")
    none = ArmSpec(kind="none", name="none", label="usual care")
    design = make_design(arm_a=arm, arm_b=none, start=first, seed=11)
    engine = make_engine(db)
    try:
        store = TrialStore(engine)
        store.start(design=design, now=datetime.now(UTC))
        rng = np.random.default_rng(4)
        for period in design.schedule():
            for offset in range(7):
                day = period.start + timedelta(days=offset)
                pain = (3 if period.arm == "A" else 6) + int(rng.integers(-1, 2))
                store.rate(day=day, pain=pain, interference=None, now=datetime.now(UTC))
    finally:
        engine.dispose()
    document = as_json(invoke("analyse", "--json", db=db))
    assert CONTRACT <= set(document)
    assert document["verdict"] == "a_better" and document["pairs"] == 6
    assert document["days_used"] == 60
    status = as_json(invoke("status", "--json", db=db))["status"]
    assert status["state"] == "finished" and status["days_rated"] == 84


def test_no_trial_and_no_data_is_exit_2(db: str) -> None:
    result = invoke("analyse", "--json", db=db)
    assert result.exit_code == 2 and "no trial" in result.stderr


def test_a_finished_trial_makes_way_for_a_new_one(db: str) -> None:
    engine = make_engine(db)
    try:
        old = make_design(
            arm_a=ArmSpec(kind="preset", name="article-002", label="Article 002"),
            arm_b=ArmSpec(kind="none", name="none", label="usual care"),
            start=date.today() - timedelta(days=100),
            seed=1,
        )
        TrialStore(engine).start(design=old, now=datetime.now(UTC))
    finally:
        engine.dispose()
    assert as_json(invoke("status", "--json", db=db))["status"]["state"] == "finished"
    assert invoke("stop", db=db).exit_code == 2  # nothing running to stop
    design = start(db)
    assert as_json(invoke("status", "--json", db=db))["design"]["uid"] == design["uid"]

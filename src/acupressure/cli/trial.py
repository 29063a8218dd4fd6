"""CLI commands: `acupressure trial ...` (start, status, rate, analyse, stop, calendar).

A personal N-of-1 trial of a routine, kept in the diary's database (`--db URL`, else
ACUPRESSURE_DB, else the default file). `trial analyse --data FILE.csv` analyses a file
instead, without touching any database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from acupressure.cli.output import emit_json, fail, reported_errors

if TYPE_CHECKING:
    from acupressure.diary.store import DiaryStore
    from acupressure.trial.analysis import Analysis
    from acupressure.trial.store import TrialStore

trial_app = typer.Typer(
    help="A personal N-of-1 trial: does a routine help you? Two arms, randomised periods.",
    no_args_is_help=True,
)
Db = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL of the diary (default: $ACUPRESSURE_DB, else a "
                 "SQLite file in your data directory)."),
]  # fmt: skip
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
ArmOption = "A preset (article-002), a profile .json file, or 'none' (usual care)."


def register(app: typer.Typer) -> None:
    """Add the `trial` command group to the application."""
    app.add_typer(trial_app, name="trial")


@contextmanager
def _opened(db: str | None) -> Iterator[tuple[TrialStore, DiaryStore]]:
    from acupressure.diary.store import DiaryStore, make_engine
    from acupressure.trial.store import TrialStore

    engine = make_engine(db)
    try:
        yield TrialStore(engine), DiaryStore(engine)
    finally:
        engine.dispose()


def _now() -> datetime:
    return datetime.now().astimezone()


def _date(text: str | None, option: str) -> date:
    from acupressure.errors import BadInput

    if text is None:
        return _now().date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{option}: {text!r} is not a date like 2026-03-02") from None


def _clock(text: str) -> time:
    from acupressure.errors import BadInput

    try:
        return time.fromisoformat(text)
    except ValueError:
        raise BadInput(f"--rating-time: {text!r} is not a time like 20:00") from None


@trial_app.command("start")
def start(
    arm_a: Annotated[str, typer.Option("--a", help=ArmOption)],
    arm_b: Annotated[str, typer.Option("--b", help=ArmOption)],
    weeks: Annotated[int | None, typer.Option("--weeks", help="Whole length (default 12).")] = None,
    period_days: Annotated[int, typer.Option("--period-days", help="Days a period.")] = 7,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the allocation.")] = None,
    starting: Annotated[str | None, typer.Option("--start", help="First day (today).")] = None,
    rating_time: Annotated[str, typer.Option("--rating-time", help="Daily rating.")] = "20:00",
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Fix the design and the random order of the periods, then start the trial."""
    from acupressure.knowledge.catalogue import load_catalogue
    from acupressure.trial import service
    from acupressure.trial.arms import resolve_arm
    from acupressure.trial.design import make_design

    with reported_errors():
        catalogue = load_catalogue()
        design = make_design(
            arm_a=resolve_arm(arm_a, catalogue=catalogue, option="--a"),
            arm_b=resolve_arm(arm_b, catalogue=catalogue, option="--b"),
            start=_date(starting, "--start"),
            weeks=weeks,
            period_days=period_days,
            seed=seed,
            rating_time=_clock(rating_time),
        )
        with _opened(db) as (store, _diary):
            trial = service.start(store=store, design=design, now=_now())
        document = service.design_json(trial)
    if as_json:
        emit_json(document)
        return
    typer.echo(_design_text(document))


def _design_text(design: dict[str, Any]) -> str:
    lines = [
        f"Trial from {design['start']} to {design['end']}: {design['pairs']} pairs of "
        f"{design['period_days']}-day periods.",
        f"A: {design['arm_a']['label']}",
        f"B: {design['arm_b']['label']}",
        "",
        design["question"],
        "",
        "Schedule (the order inside each pair was drawn at random, seed "
        f"{design['seed']}, and is fixed now):",
    ]
    for period in design["schedule"]:
        lines.append(
            f"  period {period['position']:>2} (pair {period['pair']}): {period['start']} to "
            f"{period['end']}  arm {period['arm']}"
        )
    lines += [
        "",
        f"Wash-out: {design['washout_reason']}",
        "",
        f"Decision rule: {design['decision_rule']}",
        "",
        f"Rate your pain once a day at about {design['rating_time']}: acupressure trial rate "
        "PAIN. Reminders: acupressure trial calendar --out trial.ics",
    ]
    return "\n".join(lines)


@trial_app.command("status")
def status(as_json: Json = False, db: Db = None) -> None:
    """Where the trial stands today: the period, its arm, and the ratings so far."""
    from acupressure.trial import service

    with reported_errors():
        with _opened(db) as (store, _diary):
            trial = service.current(store)
        document: dict[str, Any] = {
            "design": service.design_json(trial),
            "status": service.status(trial, today=_now().date()),
        }
    if as_json:
        emit_json(document)
        return
    now: dict[str, Any] = document["status"]
    lines = [f"Trial {now['start']} to {now['end']}: {now['state'].replace('_', ' ')}."]
    period = now["period"]
    if period is not None:
        washout = " (wash-out day: rate as usual)" if period["washout"] else ""
        lines.append(
            f"Today: period {period['position']} of {period['of']}, arm {period['arm']}: "
            f"{period['routine']}{washout}."
        )
        lines.append("Rated today." if now["rated_today"] else "Not rated yet today.")
    lines.append(f"{now['days_rated']} of {now['days_so_far']} days rated so far.")
    if now["stop_reason"]:
        lines += [f"Stopped: {now['stop_reason']}", *now["stop_advice"]]
    typer.echo("\n".join(lines))


@trial_app.command("rate")
def rate(
    pain: Annotated[int, typer.Argument(help="Today's back pain, 0 (none) to 10 (worst).")],
    interference: Annotated[
        int | None,
        typer.Option("--interference", help="How much pain got in the way today, 0-10."),
    ] = None,
    red_flag: Annotated[
        list[str] | None,
        typer.Option("--red-flag", help="A warning sign from the re-screen (repeat)."),
    ] = None,
    side_effect: Annotated[
        list[str] | None,
        typer.Option("--side-effect", help="bruising, more_pain, dizziness or other (repeat)."),
    ] = None,
    day: Annotated[str | None, typer.Option("--date", help="The day (default today).")] = None,
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Today's pain rating; a warning sign or a side effect ends the trial with advice."""
    from acupressure.errors import BadInput
    from acupressure.trial import service

    with reported_errors():
        for name, value in (("PAIN", pain), ("--interference", interference)):
            if value is not None and not 0 <= value <= 10:
                raise BadInput(f"{name}: must be from 0 to 10, not {value}")
        with _opened(db) as (store, diary):
            outcome = service.rate(
                store=store,
                diary=diary,
                day=_date(day, "--date"),
                pain=pain,
                interference=interference,
                red_flags=[flag.strip().replace("-", "_") for flag in red_flag or []],
                side_effects=[kind.strip().replace("-", "_") for kind in side_effect or []],
                now=_now(),
            )
        stop = outcome.stop
        document = {
            "rating": outcome.rating.model_dump(mode="json"),
            "stopped": stop is not None,
            "stop_reason": stop.reason if stop else "",
            "advice": stop.advice if stop else [],
        }
    if as_json:
        emit_json(document)
        return
    typer.echo(f"Rated {outcome.rating.day}: pain {outcome.rating.pain}.")
    if stop is not None:
        typer.echo("\n".join(["", f"The trial has stopped. {stop.reason}", *stop.advice]))


@trial_app.command("analyse")
def analyse(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="CSV with date, arm (A/B), pain (0-10), optional pair."),
    ] = None,
    period_days: Annotated[
        int, typer.Option("--period-days", help="Period length for a CSV without 'pair'.")
    ] = 7,
    as_json: Json = False,
    db: Db = None,
) -> None:
    """Apply the fixed decision rule: A better, B better, can't tell, or not enough data."""
    from acupressure.trial import service
    from acupressure.trial.analysis import analyse as run_analysis
    from acupressure.trial.analysis import default_washout
    from acupressure.trial.datafile import read_csv

    with reported_errors():
        if data is not None:
            periods = read_csv(data, period_days=period_days)
            result = run_analysis(periods, washout_days=default_washout(period_days))
        else:
            with _opened(db) as (store, _diary):
                result = service.analysis(service.current(store), today=_now().date())
    if as_json:
        emit_json(result.contract())
        return
    typer.echo(_analysis_text(result))


def _analysis_text(result: Analysis) -> str:
    lines = [f"Verdict: {result.verdict.replace('_', ' ')}", result.explanation]
    if result.difference is not None and result.interval is not None:
        lines += [
            "",
            f"Difference A minus B: {result.difference:+.2f} points "
            f"(95% interval {result.interval[0]:+.2f} to {result.interval[1]:+.2f})",
            f"Probability that A is better: {result.probability_a_better:.0%}",
            f"Paired t-test p = {result.p_value}; randomisation test p = "
            f"{result.randomisation_p_value}",
        ]
    lines.append(
        f"{result.pairs} complete pair(s), {result.days_used} days used "
        f"(the first {result.washout_days} day(s) of each period left out as a wash-out)."
    )
    for pair in result.pair_differences:
        lines.append(
            f"  pair {pair.pair}: A {pair.mean_a:.1f}, B {pair.mean_b:.1f}, "
            f"difference {pair.difference:+.1f}"
        )
    return "\n".join(lines)


@trial_app.command("stop")
def stop(
    reason: Annotated[str, typer.Option("--reason", help="Why, in a few words.")] = "",
    as_json: Json = False,
    db: Db = None,
) -> None:
    """End the trial early; every rating is kept."""
    from acupressure.trial import service

    with reported_errors():
        with _opened(db) as (store, _diary):
            trial = service.stop(store=store, reason=reason, now=_now())
        document = service.status(trial, today=_now().date())
    if as_json:
        emit_json(document)
        return
    typer.echo(f"The trial is stopped. {trial.stop_reason} Your ratings are kept.")


@trial_app.command("calendar")
def calendar(
    out: Annotated[Path, typer.Option("--out", help="The .ics file to write.")],
    db: Db = None,
) -> None:
    """Reminders for the trial: each period with its arm, and the daily rating."""
    from acupressure.trial import service
    from acupressure.trial.reminders import trial_to_ics

    with reported_errors():
        with _opened(db) as (store, _diary):
            trial = service.current(store)
        data = trial_to_ics(trial)
    try:
        out.write_bytes(data)
    except OSError as error:
        fail(f"--out: cannot write {out}: {error.strerror}", code=1)
    typer.echo(f"Wrote {out}: {2 * trial.design.pairs} periods and a daily rating reminder.")

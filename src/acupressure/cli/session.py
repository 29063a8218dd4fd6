"""CLI command: session, a hands-free guided routine that ends with a diary entry.

Pain before, the emergency and urgent questions again, the guided steps, pain after and
side effects, then one diary entry (origin "guided"). On a terminal bad answers are asked
again; from a script (stdin not a terminal) a bad answer exits 2 and nothing is recorded.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar, cast

import typer

from acupressure.cli.output import fail, reported_errors

if TYPE_CHECKING:
    from rich.console import Console

    from acupressure.cli.guide import LineInput
    from acupressure.diary.entries import SessionEntry
    from acupressure.diary.store import DiaryStore
    from acupressure.guide.familiarity import CueChoice
    from acupressure.guide.session import SessionRunner, Stop
    from acupressure.planning.routine import Routine

T = TypeVar("T")
SIDE_EFFECT_WORDS = "bruising, more pain, dizziness, other"


class Interrupted(Exception):
    """Ctrl-C at a question: the session ends and what was answered is kept."""


class StoppedBeforeStart(Exception):
    """A yes at the re-screen: nothing is pressed, and the stop is recorded as one."""


def parse_pain(raw: str) -> int | None:
    """0-10, or nothing (Enter) to leave it out."""
    text = raw.strip()
    if not text:
        return None
    if not text.isdigit() or not 0 <= int(text) <= 10:
        raise ValueError("pain must be a whole number from 0 to 10 (or nothing to skip)")
    return int(text)


def parse_yes_no(raw: str) -> bool:
    answer = raw.strip().lower()
    if answer in ("y", "yes"):
        return True
    if answer in ("n", "no"):
        return False
    raise ValueError("please answer yes or no")


def parse_side_effects(raw: str) -> list[str]:
    """Comma-separated kinds; nothing or "none" for none."""
    from acupressure.diary.entries import SIDE_EFFECTS

    text = raw.strip().lower()
    if text in ("", "none", "no", "n"):
        return []
    kinds = [item.strip().replace(" ", "_") for item in text.split(",") if item.strip()]
    unknown = [kind for kind in kinds if kind not in SIDE_EFFECTS]
    if unknown:
        raise ValueError(f"unknown side effect {unknown[0]!r}; choose from {SIDE_EFFECT_WORDS}")
    return kinds


@dataclass
class Prompter:
    """Asks on the terminal (again after a bad answer) or reads answers from a script."""

    console: Console
    lines: LineInput | None  # None: an interactive terminal

    def ask(self, question: str, parse: Callable[[str], T]) -> T:
        while True:
            raw = self._answer(question)
            try:
                return parse(raw)
            except ValueError as error:
                if self.lines is not None:
                    fail(f"{error} (got {raw!r} for {question.strip()!r})", code=2)
                self.console.print(f"{error} - please answer again.", style="red", markup=False)

    def _answer(self, question: str) -> str:
        from rich.markup import escape

        from acupressure.cli.guide import read_line

        if self.lines is None:
            try:
                self.console.print(escape(question), end="")
                return read_line(sys.stdin.fileno())  # input() can miss a quick Ctrl-C
            except EOFError:
                fail(f"no answer to {question.strip()!r}", code=2)
            except KeyboardInterrupt:
                self.console.print()
                raise Interrupted from None
        self.console.print(question, end="", markup=False)
        line = self.lines.readline()
        if line is None:
            fail(f"no answer to {question.strip()!r}: input ended", code=2)
        self.console.print(line, markup=False)
        return line


NO_PROFILE = (
    "session --preset without a profile: the safety questions were not answered, and not "
    'answering is not "no". Pass your profile file (acupressure session PROFILE.json '
    "--preset NAME; `acupressure plan --save-profile PROFILE.json` writes one), or run the "
    "command in a terminal to answer the questions"
)


@dataclass(frozen=True)
class Planned:
    """The routine to guide, and what the session must know about who is pressing."""

    routine: Routine
    pregnant: bool
    asked_now: bool  # the questions were answered a moment ago, in this command


def load_routine(*, profile_path: Path | None, preset: str | None, interactive: bool) -> Planned:
    """Plan from a profile file, or a preset adapted to the profile.

    With a preset and no file, the screen's questions are asked here when a person is at
    the terminal; from a script that is bad input: nobody answered, so nothing is assumed.
    """
    from acupressure.errors import BadInput

    if profile_path is None and preset is None:
        raise BadInput("give a profile file (PROFILE.json) or --preset NAME")
    from acupressure.knowledge.catalogue import load_catalogue
    from acupressure.planning.planner import plan
    from acupressure.planning.presets import get_preset
    from acupressure.safety.profile import load_profile

    if preset is not None:
        get_preset(preset)  # an unknown name is the first thing to say
    if profile_path is not None:
        profile, asked_now = load_profile(profile_path), False
    elif not interactive:
        raise BadInput(NO_PROFILE)
    else:
        from acupressure.cli.safety import ask_profile

        profile, asked_now = ask_profile(planning=True), True
    routine = plan(profile=profile, catalogue=load_catalogue(), preset=preset)
    return Planned(routine=routine, pregnant=profile.pregnant, asked_now=asked_now)


def _refuse(console: Console, stop: Stop | None, *, recorded: bool = False) -> NoReturn:
    """The session must not run: say why and what to do instead, exit 1."""
    assert stop is not None
    console.print(f"[bold red]Not starting the session ({stop.verdict}).[/bold red]")
    for line in [*stop.reasons, *stop.advice]:
        console.print(f"- {line}", markup=False)
    if recorded:
        console.print(
            "Nothing was pressed. The diary keeps this as a session stopped before the first "
            "step (not counted as a session done)."
        )
    raise typer.Exit(1)


def _record_the_stop(
    *, routine: Routine, runner: SessionRunner, store: DiaryStore, answers: Answers
) -> None:
    from acupressure.guide.session import stop_note

    assert runner.stop_reason is not None
    _record(  # asked before the first step: no pain after, no side effects yet
        routine=routine,
        runner=runner,
        store=store,
        answers=answers,
        note=stop_note(runner.stop_reason),
    )


def _guide(runner: SessionRunner, *, prompter: Prompter, speech: bool) -> None:
    from acupressure.cli.guide import run_from_lines, run_in_terminal
    from acupressure.guide.speech import Voice

    console = prompter.console
    voice = Voice(speech=speech)
    told = voice.notices
    for notice in told:
        console.print(notice)
    try:
        if prompter.lines is None:
            run_in_terminal(runner=runner, console=console, voice=voice)
        else:
            run_from_lines(runner=runner, lines=prompter.lines, console=console, voice=voice)
    finally:
        voice.close(finish_within=10.0 if runner.state == "finished" else 0.0)
    for notice in voice.notices:
        if notice not in told:
            console.print(notice)


@dataclass
class Answers:
    """What the person has told so far; Ctrl-C saves exactly this."""

    started_at: datetime | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    side_effects: list[str] | None = None
    rated: bool = False  # the pain-before question was answered (Enter counts)


def guided_session(
    *,
    routine: Routine,
    speed: float,
    speech: bool,
    store: DiaryStore,
    pregnant: bool = False,
    asked_now: bool = False,
    cues: CueChoice = "auto",
) -> None:
    """The whole session: ratings, re-screen, guide, ratings, diary entry.

    The re-screen asks the pregnancy warning signs too when the person is or may be
    pregnant; it is left out only when the whole screen was answered moments ago in this
    command. A yes stops it before the first step, and the diary keeps that stop as what it
    was (nothing pressed, not counted as a session). Ctrl-C at a question ends it there: the
    pain before and the steps done so far are saved (nothing when no question was answered
    yet) and the person is told what was kept.
    """
    from rich.console import Console
    from rich.markup import escape

    from acupressure.cli.guide import LineInput
    from acupressure.guide.familiarity import completed_runs, use_short_cues
    from acupressure.guide.session import MonotonicClock, SessionRunner, rescreen_questions

    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    lines = None if sys.stdin.isatty() else LineInput(sys.stdin.fileno())
    prompter = Prompter(console=console, lines=lines)
    completed = completed_runs(routine, store.list_sessions()) if cues == "auto" else 0
    runner = SessionRunner(
        routine=routine,
        clock=MonotonicClock(speed=speed),
        questions=[] if asked_now else rescreen_questions(pregnant=pregnant),
        short=use_short_cues(cues, completed=completed),
    )
    if not routine.steps and not runner.start(ask=lambda _: False):
        _refuse(console, runner.stop_reason)
    console.print(f"[bold]{escape(routine.title)}[/bold]: {len(routine.steps)} steps.")
    if runner.short and cues == "auto":
        console.print(
            f"Short cues: you have completed this routine {completed} times, so each step "
            "names the point and the side (how to find it is shown). `--cues full` says it all."
        )
    answers = Answers()
    try:
        _ask_and_guide(runner, prompter=prompter, speech=speech, answers=answers)
    except StoppedBeforeStart:
        _record_the_stop(routine=routine, runner=runner, store=store, answers=answers)
        _refuse(console, runner.stop_reason, recorded=True)
    except (Interrupted, KeyboardInterrupt):
        _keep_what_was_said(
            routine=routine, runner=runner, store=store, answers=answers, console=console
        )
        raise typer.Exit(1) from None
    saved = _record(routine=routine, runner=runner, store=store, answers=answers)
    console.print(f"Saved in the diary as entry {saved.id}.")
    effects, pain_before, pain_after = answers.side_effects, answers.pain_before, answers.pain_after
    if effects or (pain_before is not None and pain_after is not None and pain_after > pain_before):
        console.print(
            "Pain got worse or you noticed a side effect: if that happens again, stop the "
            "routine and have your back assessed. `acupressure diary` keeps track."
        )


def _ask_and_guide(
    runner: SessionRunner, *, prompter: Prompter, speech: bool, answers: Answers
) -> None:
    from acupressure.cli.prompts import YES_NO, prompt_text

    console = prompter.console
    pain_question = prompt_text(
        "How bad is your back pain right now, 0 (none) to 10 (worst)?", hint="Enter to skip"
    )
    answers.pain_before = prompter.ask(pain_question, parse_pain)
    answers.rated = True
    if runner.questions:
        console.print("Before the first step: has any of the following started or changed?")
    answers.started_at = datetime.now().astimezone()
    if not runner.start(
        ask=lambda q: prompter.ask(prompt_text(q.text, choices=YES_NO), parse_yes_no)
    ):
        raise StoppedBeforeStart
    _guide(runner, prompter=prompter, speech=speech)
    console.print(f"Completed {runner.steps_completed} of {runner.steps_planned} steps.")
    answers.pain_after = prompter.ask(
        prompt_text("How bad is it now, 0 (none) to 10 (worst)?", hint="Enter to skip"),
        parse_pain,
    )
    answers.side_effects = prompter.ask(
        prompt_text(
            "Any side effects?",
            choices=[word.strip() for word in SIDE_EFFECT_WORDS.split(",")],
            hint="commas between several, Enter for none",
        ),
        parse_side_effects,
    )


def _keep_what_was_said(
    *,
    routine: Routine,
    runner: SessionRunner,
    store: DiaryStore,
    answers: Answers,
    console: Console,
) -> None:
    """After Ctrl-C: save the answers given so far and say what was kept."""
    if not answers.rated:
        console.print("Interrupted before any answer: nothing was recorded.")
        return
    runner.stop()
    saved = _record(routine=routine, runner=runner, store=store, answers=answers)
    before = "skipped" if answers.pain_before is None else f"{answers.pain_before}/10"
    console.print(
        f"Interrupted: kept as diary entry {saved.id}: pain before {before}, "
        f"{runner.steps_completed} of {runner.steps_planned} steps done. "
        "Pain after and side effects were not asked; `acupressure diary` shows the entry."
    )


def _record(
    *,
    routine: Routine,
    runner: SessionRunner,
    store: DiaryStore,
    answers: Answers,
    note: str = "",
) -> SessionEntry:
    """Save the session as far as it went, with the answers given, ending now."""
    from acupressure.diary.entries import SessionEntry, parse

    now = datetime.now().astimezone()
    entry = parse(
        SessionEntry,
        {
            "started_at": answers.started_at or now,
            "ended_at": now,
            "routine": routine.title,  # what a person reads, as the web stores it
            "steps_planned": runner.steps_planned,
            "steps_completed": runner.steps_completed,
            "pain_before": answers.pain_before,
            "pain_after": answers.pain_after,
            "side_effects": answers.side_effects or [],
            "note": note,
            "origin": "guided",
        },
    )
    return store.add_session(entry=entry)


def run_session(
    *,
    profile: Path | None,
    preset: str | None,
    speed: float,
    speech: bool,
    db: str | None,
    cues: CueChoice = "auto",
) -> None:
    """Open the diary (a wrong URL fails before any question), plan, guide, record."""
    from acupressure.diary.store import DiaryStore, make_engine

    engine = make_engine(db)  # a wrong URL fails before any question
    try:
        store = DiaryStore(engine)
        planned = load_routine(profile_path=profile, preset=preset, interactive=sys.stdin.isatty())
        guided_session(
            routine=planned.routine,
            speed=speed,
            speech=speech,
            store=store,
            pregnant=planned.pregnant,
            asked_now=planned.asked_now,
            cues=cues,
        )
    finally:
        engine.dispose()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the application."""

    @app.command("session")
    def session_command(
        profile: Path | None = typer.Argument(None, help="Profile JSON (see `plan`)."),
        preset: str | None = typer.Option(None, "--preset", help="A ready-made routine."),
        speed: float = typer.Option(1.0, "--speed", min=0.01, help="Run N times faster."),
        no_speech: bool = typer.Option(False, "--no-speech", help="Show cues, do not speak."),
        db: str | None = typer.Option(None, "--db", help="Diary URL (else ACUPRESSURE_DB)."),
        cues: str = typer.Option(
            "auto",
            "--cues",
            help="full: say how to find each point; short: name and side only; auto: short "
            "after 3 completed sessions of the routine.",
        ),
    ) -> None:
        """Guide a routine hands-free (spoken cues, keys: space n b q), then log it."""
        if cues not in ("auto", "full", "short"):
            fail(f"--cues: choose auto, full or short (got {cues!r})")
        with reported_errors():
            run_session(
                profile=profile,
                preset=preset,
                speed=speed,
                speech=not no_speech,
                db=db,
                cues=cast("CueChoice", cues),
            )

"""CLI commands: `screen` for red flags, `plan` a routine (with .ics reminders), `presets`.

With no profile file both commands ask the questions interactively (prompts on stderr, so
`--json` still prints one document on stdout). Heavy imports stay inside the functions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from acupressure.cli.output import emit_json, fail, reported_errors
from acupressure.knowledge.records import plain

if TYPE_CHECKING:
    from rich.console import Console

    from acupressure.knowledge.catalogue import Catalogue
    from acupressure.planning.routine import Routine, Step
    from acupressure.safety.profile import Profile
    from acupressure.safety.rules import Question, Screening

JSON_OPTION = typer.Option(False, "--json", help="Print one JSON document instead of text.")
PROFILE_ARGUMENT = typer.Argument(
    None, help="Profile JSON file (see README); without it, the questions are asked here."
)
SAVE_PROFILE_OPTION = typer.Option(
    None,
    "--save-profile",
    help="Save the answers as a profile file, to use next time instead of the questions.",
)
VERDICT_STYLE = {"emergency": "bold white on red", "urgent": "bold red", "caution": "bold yellow"}
NO_STEPS = (
    "[bold]No points to press with these answers:[/bold] every point for what you chose was "
    "left out for your safety, or none fits your time and position. A doctor or "
    "physiotherapist can suggest other options."
)
VERDICT_TITLE = {
    "emergency": "EMERGENCY: get emergency care now",
    "urgent": "URGENT: contact a doctor today",
    "caution": "Self-care with limits, and see your doctor soon",
    "ok": "Self-care is reasonable",
}


def _catalogue() -> Catalogue:
    from acupressure.knowledge.catalogue import load_catalogue

    with reported_errors():
        return load_catalogue()


def _profile(path: Path | None, *, planning: bool, save_to: Path | None = None) -> Profile:
    from acupressure.safety.profile import load_profile

    with reported_errors():
        profile = load_profile(path) if path is not None else ask_profile(planning=planning)
    if save_to is not None:
        _save_profile(profile, save_to)
    return profile


def _save_profile(profile: Profile, path: Path) -> None:
    """Write the answers in the profile format (DESIGN.md), whole or not at all."""
    import json
    import os
    import tempfile

    text = json.dumps(plain(profile), indent=2) + "\n"
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError as error:
        fail(f"--save-profile: cannot write {path}: {error.strerror}", code=1)
    typer.echo(f"Answers saved to {path}: next time use `acupressure plan {path}`.", err=True)


def _ask(question: Question, console: Console) -> object:
    """One answer, re-asked until it is valid; end of input is bad input (exit 2).

    Each answer is checked as it is given, so a typo costs one question, not the interview.
    """
    from rich.prompt import Confirm, Prompt

    from acupressure.errors import BadInput

    try:
        if question.kind == "yes_no":
            return Confirm.ask(question.text, console=console)
        if question.kind == "choice":
            return Prompt.ask(
                question.text, console=console, choices=question.choices, default="any"
            )
        while True:
            answer, problem = _checked(question, _typed(question, console))
            if problem is None:
                return answer
            console.print(problem)
    except EOFError:
        raise BadInput(f"{question.id}: no answer (input ended)") from None


def _typed(question: Question, console: Console) -> str:
    from rich.markup import escape
    from rich.prompt import Prompt

    from acupressure.cli.prompts import prompt_text

    if question.id == "age":
        return Prompt.ask(escape(question.text), console=console, default="", show_default=False)
    if question.kind == "number":
        return Prompt.ask(question.text, console=console, default="10")
    words = [choice.replace("_", " ") for choice in question.choices]
    line = prompt_text(question.text, choices=words, hint="commas between several")
    return Prompt.ask(
        escape(line.removesuffix(": ")), console=console, default="", show_default=False
    )


def _checked(question: Question, text: str) -> tuple[object, str | None]:
    """The answer and None, or None and what to tell the person before asking again."""
    from acupressure.safety.profile import MAX_AGE, MAX_MINUTES, MIN_AGE, MIN_MINUTES

    text = text.strip()
    if question.id == "age":
        if text.isdigit() and MIN_AGE <= int(text) <= MAX_AGE:
            return int(text), None
        return None, f"Please type your age as a whole number ({MIN_AGE} to {MAX_AGE})."
    if question.kind == "number":
        if text.isdigit() and MIN_MINUTES <= int(text) <= MAX_MINUTES:
            return int(text), None
        return None, f"Please type a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}."
    from acupressure.errors import UnknownComplaint
    from acupressure.knowledge.complaint_words import read_complaints

    try:
        chosen = read_complaints(text, question.choices)
    except UnknownComplaint as error:
        hint = f" Did you mean {error.closest.replace('_', ' ')}?" if error.closest else ""
        named = f"Unknown: {error.name}.{hint} "
    else:
        if chosen:
            return chosen, None
        named = ""
    words = ", ".join(choice.replace("_", " ") for choice in question.choices)
    return None, f"{named}Choose one or more of: {words}."


def ask_profile(*, planning: bool) -> Profile:
    """Ask the questions; stop early once an emergency or urgent answer settles it."""
    from rich.console import Console

    from acupressure.safety.questions import answers_to_profile, applies, interview, should_stop

    console = Console(stderr=True)
    console.print("Answer a few questions first (y = yes, n = no).")
    answers: dict[str, object] = {}
    for question in interview(planning=planning):
        if not applies(question, answers):
            continue
        answers[question.id] = _ask(question, console)
        if should_stop(group=question.group, answers=answers):
            break
    return answers_to_profile(answers)


def _show_screening(screening: Screening | Routine, console: Console) -> None:
    from rich.panel import Panel

    lines = [f"- {reason}" for reason in screening.reasons]
    lines += ["", *(f"> {advice}" for advice in screening.advice)]
    style = VERDICT_STYLE.get(screening.verdict, "bold green")
    console.print(
        Panel("\n".join(lines).strip(), title=VERDICT_TITLE[screening.verdict], style=style)
    )


def _show_routine(routine: Routine, console: Console) -> None:
    from rich.markup import escape
    from rich.table import Table

    from acupressure.planning.wording import unsaid

    _show_screening(routine, console)
    if not routine.steps:
        if routine.verdict not in ("emergency", "urgent"):
            console.print(NO_STEPS)
            _show_left_out(routine, console)
        return
    pressing, guided = -(-routine.total_seconds // 60), -(-routine.guided_seconds // 60)
    table = Table(title=f"{routine.title} (about {pressing} min of pressing)")
    for column in ("#", "Point", "Side", "Position", "How", "Time"):
        table.add_column(column)
    for number, step in enumerate(routine.steps, start=1):
        time = f"{step.seconds} s" + (f" x{step.repetitions}" if step.repetitions > 1 else "")
        how = f"{step.pressure} {step.motion}"
        table.add_row(str(number), _step_label(step), step.side, step.position, how, time)
    console.print(table)
    console.print(f"The guided session takes about {guided} min with time to find each point.")
    console.print(_time_split(routine))
    for number, step in enumerate(routine.steps, start=1):
        console.print(f"[bold]{number}. {escape(_step_label(step))}[/bold] {escape(step.cue)}")
        for note in step.notes:
            console.print(f"   [yellow]Before you press:[/yellow] {escape(note)}")
        why = unsaid(step.why, routine.cautions)  # a caution below is said once, not per step
        console.print(f"   [dim]Why: {escape(why)}[/dim]")
    if routine.schedule is not None:
        schedule = routine.schedule
        console.print(
            f"\n[bold]When:[/bold] {schedule.times_per_day} times a day "
            f"({', '.join(schedule.moments)}) for {schedule.course_days} days."
        )
        for course in schedule.point_courses:
            console.print(f"  {escape(course.text)}")
        console.print("[bold]Stop and get advice if:[/bold]")
        for rule in schedule.stop_if:
            console.print(f"  - {rule}")
    _show_left_out(routine, console)


def _time_split(routine: Routine) -> str:
    """How much of the session is pressing, now and once short cues take over."""
    from acupressure.guide.familiarity import SHORT_CUES_AFTER

    share = round(100 * routine.total_seconds / routine.guided_seconds)
    short = routine.short_guided_seconds
    return (
        f"Pressing is {share}% of it; after {SHORT_CUES_AFTER} completed sessions the cues get "
        f"shorter: about {-(-short // 60)} min, {round(100 * routine.total_seconds / short)}% "
        "pressing."
    )


def _step_label(step: Step) -> str:
    """A point's code and name; a region by its name alone (its id is no word for people)."""
    return step.name if step.point.islower() else f"{step.point} {step.name}"


def _point_label(code: str) -> str:
    from acupressure.planning.planner import label

    return label(_catalogue().get(code))


def _show_left_out(routine: Routine, console: Console) -> None:
    """What was left out for safety, one reason once; then the notes on fitting and limits."""
    from rich.markup import escape

    groups: dict[str, list[str]] = {}
    for exclusion in routine.excluded:
        groups.setdefault(exclusion.reason, []).append(_point_label(exclusion.point))
    for reason, labels in groups.items():
        console.print(f"[yellow]Left out {escape(', '.join(labels))}:[/yellow] {escape(reason)}")
    for caution in routine.cautions:
        console.print(f"[yellow]Note:[/yellow] {escape(caution)}")


def screen_command(
    profile_path: Path | None = PROFILE_ARGUMENT,
    as_json: bool = JSON_OPTION,
    save_profile: Path | None = SAVE_PROFILE_OPTION,
) -> None:
    """Check for red flags: emergency, urgent (see a doctor first), caution or ok."""
    from acupressure.safety.rules import screen

    profile = _profile(profile_path, planning=False, save_to=save_profile)
    with reported_errors():
        screening = screen(profile=profile, catalogue=_catalogue())
    if as_json:
        emit_json(screening.to_json())
        return
    from rich.console import Console

    _show_screening(screening, Console())


def _start_date(start: str | None) -> date:
    try:
        return date.fromisoformat(start) if start else date.today()
    except ValueError:
        fail(f"--start: not a date (YYYY-MM-DD): {start!r}")


def _no_reminders(routine: Routine, path: Path) -> str:
    """Why no .ics file was written, said after the advice it follows from."""
    if routine.verdict == "emergency":
        why = "the answers call for emergency care now, not a self-care routine to repeat"
    elif routine.verdict == "urgent":
        why = "a doctor should see you before any self-care, so there is nothing to schedule yet"
    else:
        why = "there are no points to press with these answers"
    return f"No reminders written to {path}: {why}."


def _write_ics(routine: Routine, path: Path, first: date) -> None:
    from acupressure.planning.calendar import routine_to_ics

    with reported_errors():
        body = routine_to_ics(routine=routine, start=first)
    try:
        path.write_bytes(body)
    except OSError as error:
        fail(f"--ics: cannot write {path}: {error.strerror}", code=1)


def plan_command(
    profile_path: Path | None = PROFILE_ARGUMENT,
    as_json: bool = JSON_OPTION,
    preset: str | None = typer.Option(None, help="Follow one article's routine (see presets)."),
    ics: Path | None = typer.Option(None, help="Also write calendar reminders to this .ics file."),
    start: str | None = typer.Option(None, help="First day of the reminders (YYYY-MM-DD)."),
    save_profile: Path | None = SAVE_PROFILE_OPTION,
) -> None:
    """Plan a routine: screened first, fitted to your minutes, every step explained."""
    from acupressure.planning.planner import plan
    from acupressure.planning.presets import get_preset

    with reported_errors():
        chosen = get_preset(preset).name if preset else None
    first = _start_date(start) if ics is not None else None
    profile = _profile(profile_path, planning=True, save_to=save_profile)
    with reported_errors():
        routine = plan(profile=profile, catalogue=_catalogue(), preset=chosen)
    if ics is not None and first is not None and routine.steps:
        _write_ics(routine, ics, first)
    if as_json:
        emit_json(routine.to_json() | ({"ics": str(ics)} if ics and routine.steps else {}))
    else:
        from rich.console import Console

        _show_routine(routine, Console())
        if ics is not None and routine.steps:
            typer.echo(f"Reminders written to {ics} (import it into your calendar).")
    if ics is not None and not routine.steps:
        typer.echo(_no_reminders(routine, ics), err=True)  # after the advice, never before


def presets_command(as_json: bool = JSON_OPTION) -> None:
    """List the articles' own routines, usable with `plan --preset NAME`."""
    from acupressure.planning.presets import list_presets

    with reported_errors():
        presets = list_presets()
    if as_json:
        emit_json([preset.to_json() for preset in presets])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Presets: each article's own routine")
    for column in ("Name", "Title", "Points", "Source"):
        table.add_column(column, overflow="fold")
    from acupressure.planning.wording import article_title

    for preset in presets:
        points = ", ".join(dict.fromkeys(_point_label(step.point) for step in preset.steps))
        table.add_row(preset.name, preset.title, points, article_title(preset.source))
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the application."""
    app.command("screen")(screen_command)
    app.command("plan")(plan_command)
    app.command("presets")(presets_command)

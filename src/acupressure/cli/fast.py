"""The everyday commands without Typer: importing Typer costs several bare interpreters.

`points show NAME [--json]`, `plan FILE --json`, `diary add ...` and `diary summary ...`
run dozens of times a day, so their usual forms are parsed here with the standard
library's argparse and handed to the same bodies the Typer commands call
(`cli.everyday`). Anything this parser does not fully understand (help, other options,
a value of the wrong type, a missing option) is not answered here: `run_fast` returns
False and the Typer application handles it, with its own messages and exit codes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Action = Callable[[], None]


class _NotOurs(Exception):
    """The command line is not one of the forms answered here."""


class _Parser(argparse.ArgumentParser):
    """An argparse parser that never prints or exits: a mismatch is simply not ours."""

    def __init__(self) -> None:
        super().__init__(add_help=False, allow_abbrev=False, exit_on_error=False)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotOurs(message)


def run_fast(argv: Sequence[str]) -> bool:
    """Run `argv` if it is an everyday form and return True; False means "ask Typer"."""
    action = route(argv)
    if action is None:
        return False
    try:
        action()
    except KeyboardInterrupt:
        sys.stderr.write("Aborted!\n")  # what Typer says
        raise SystemExit(1) from None
    return True


def route(argv: Sequence[str]) -> Action | None:
    """The action for an everyday command line, or None when it is not one."""
    head, rest = tuple(argv[:2]), list(argv[2:])
    builders: dict[tuple[str, ...], Callable[[list[str]], Action | None]] = {
        ("points", "show"): _points_show,
        ("diary", "add"): _diary_add,
        ("diary", "summary"): _diary_summary,
    }
    builder = builders.get(head)
    if builder is None and argv[:1] == ["plan"]:
        builder, rest = _plan, list(argv[1:])
    if builder is None:
        return None
    try:
        return builder(rest)
    except (_NotOurs, argparse.ArgumentError, ValueError, TypeError):
        return None


def _points_show(args: list[str]) -> Action:
    from acupressure.cli.everyday import show_point

    parser = _Parser()
    parser.add_argument("name")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(args)
    return lambda: show_point(options.name, as_json=options.json)


def _plan(args: list[str]) -> Action | None:
    from acupressure.cli.everyday import plan_json

    parser = _Parser()
    parser.add_argument("profile")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(args)
    if not options.json:
        return None  # the text form draws with Rich and may write reminders: Typer's job
    return lambda: plan_json(Path(options.profile))


def _diary_add(args: list[str]) -> Action:
    from acupressure.cli.everyday import add_session

    parser = _Parser()
    parser.add_argument("--pain-before", type=int, required=True)
    parser.add_argument("--pain-after", type=int, required=True)
    parser.add_argument("--date")
    parser.add_argument("--side-effect", action="append", default=[])
    parser.add_argument("--note", default="")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--db")
    o = parser.parse_args(args)
    return lambda: add_session(
        pain_before=o.pain_before,
        pain_after=o.pain_after,
        when=o.date,
        side_effects=o.side_effect,
        note=o.note,
        as_json=o.json,
        db=o.db,
    )


def _diary_summary(args: list[str]) -> Action:
    from acupressure.cli.everyday import summary

    parser = _Parser()
    parser.add_argument("--per-day", type=_sessions_a_day, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--db")
    o = parser.parse_args(args)
    return lambda: summary(per_day=o.per_day, as_json=o.json, db=o.db)


def _sessions_a_day(text: str) -> int:
    """1 to 12, as the Typer command allows; anything else goes to Typer for its message."""
    value = int(text)
    if not 1 <= value <= 12:
        raise ValueError(text)
    return value


__all__ = ["route", "run_fast"]

"""The Typer application: every command, its options and its help.

Command modules import the core lazily inside their functions so `--help` stays fast;
the everyday commands usually never get here (see `cli.fast`).
"""

from __future__ import annotations

import typer

from acupressure.cli import chart, diary, diary_edit, points, safety, serve, session, trial, users

app = typer.Typer(
    name="acupressure",
    help=(
        "Self-acupressure for back pain from a cited knowledge base: look up points, "
        "screen for red flags, plan a routine, run a guided session, keep a pain diary."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
points.register(app)
safety.register(app)
session.register(app)
diary.register(app)
diary_edit.register(diary.diary_app)
chart.register(app)
trial.register(app)
serve.register(app)
users.register(app)


__all__ = ["app"]

"""The command-line face: thin Typer commands over the core.

Command modules import the core lazily inside their functions so `--help` stays fast.
"""

from __future__ import annotations

import typer

from acupressure.cli import (
    chart,
    diary,
    diary_edit,
    points,
    safety,
    serve,
    session,
    trial,
    users,
)

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


def main() -> None:
    """Console-script entry point; ACUPRESSURE_DEBUG=1 prints the logged details of failures
    (a database's own message) on stderr, which messages leave out on purpose."""
    import os

    if os.environ.get("ACUPRESSURE_DEBUG"):
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    app()


__all__ = ["app", "main"]

"""The command-line face: thin commands over the core.

`main` first offers the command line to `cli.fast`, which answers the everyday commands
without importing Typer or Rich; anything else (help, other commands, unusual options,
mistakes) goes to the Typer application in `cli.typer_app`, which owns the messages for them.
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    """Console-script entry point; ACUPRESSURE_DEBUG=1 prints the logged details of failures
    (a database's own message) on stderr, which messages leave out on purpose."""
    import os

    # Our models use no pydantic plugins: without this, building the first one scans every
    # installed package's entry points for them, a tenth of `diary add`. A value already set
    # (a developer who wants their plugins) is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ.get("ACUPRESSURE_DEBUG"):
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    from acupressure.cli.fast import run_fast

    if run_fast(sys.argv[1:]):
        return
    from acupressure.cli.typer_app import app

    app()


def __getattr__(name: str) -> Any:
    """`acupressure.cli.typer_app.app` as `app`, built only when someone asks for it."""
    if name == "app":
        from acupressure.cli.typer_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]

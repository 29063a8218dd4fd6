"""What every command shares: JSON on stdout, errors on stderr, the exit codes of DESIGN.md.

Free of Typer, so the fast path (`cli.fast`) can use it: SystemExit ends a command the
same way under Typer, its test runner and a bare interpreter.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn


def emit_json(document: Any) -> None:
    """Print exactly one JSON document on stdout (the `--json` contract)."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def fail(message: str, *, code: int = 2) -> NoReturn:
    """Print a clear message on stderr and exit (2 bad input, 1 runtime failure)."""
    sys.stderr.write(f"error: {message}\n")
    raise SystemExit(code)


def echo(text: str) -> None:
    """One line (or block) of text on stdout."""
    sys.stdout.write(text + "\n")


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the package's own errors into a message and its exit code."""
    from acupressure.errors import AcupressureError

    try:
        yield
    except AcupressureError as error:
        fail(str(error), code=error.exit_code)

"""Docs as tests: every command has help text and a README example; README shows set-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from acupressure.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths(command: Any, prefix: str = "acupressure") -> list[tuple[str, Any]]:
    """Every command and group, by the words a user types (Typer's own click copy)."""
    found = [(prefix, command)]
    if hasattr(command, "commands"):
        for name, sub in sorted(command.commands.items()):
            found += command_paths(sub, f"{prefix} {name}")
    return found


COMMANDS = command_paths(typer.main.get_command(app))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _c in COMMANDS])
def test_every_command_has_help_and_a_readme_example(path: str, command: Any) -> None:
    assert (command.help or "").strip(), f"{path} has no help text"
    assert path in README, f"README has no example of `{path}`"


def test_readme_starts_with_the_two_setup_commands() -> None:
    quickstart = README.index("## Quickstart")
    assert README.index("make run", quickstart) < README.index("make test", quickstart)
    assert README.index("make run") >= quickstart


def test_readme_pictures_exist() -> None:
    root = Path(__file__).resolve().parents[1]
    for line in README.splitlines():
        for part in line.split("](")[1:]:
            target = part.split(")")[0]
            if target.endswith(".png"):
                assert (root / target).is_file(), target

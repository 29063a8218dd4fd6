"""A fresh machine: `make run` and `make test` install the Debian packages they need."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def planned(target: str) -> str:
    """What `make TARGET` would run (make -n prints it, runs nothing)."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    result = subprocess.run(
        ["make", "-n", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def checked_packages(commands: str) -> set[str]:
    found: set[str] = set()
    for loop in re.findall(r"for package in ([^;]+); do", commands):
        found |= set(loop.split())
    return found


def test_make_run_installs_what_the_app_uses_and_not_the_browser() -> None:
    commands = planned("run")
    assert checked_packages(commands) == {"espeak-ng", "fonts-noto-cjk"}
    assert "apt-get install" in commands and "sudo apt-get" in commands
    assert "acupressure serve" in commands


def test_make_test_also_installs_chromium_and_the_time_zones() -> None:
    commands = planned("test")
    assert checked_packages(commands) == {"espeak-ng", "fonts-noto-cjk", "chromium", "tzdata"}
    assert "pytest" in commands


def test_the_install_step_does_nothing_when_everything_is_there() -> None:
    """Idempotent: the packages this machine has are not installed again."""
    result = subprocess.run(
        ["make", "--no-print-directory", "system-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "installing" not in result.stdout

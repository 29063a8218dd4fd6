"""The `points show` panel printed from the user cache is, character for character, what
Rich draws for that entry on that console; any other console or entry is drawn afresh."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from acupressure.cli import kept_panels
from acupressure.cli.kept_panels import panel_key, show_panel
from acupressure.cli.point_views import point_panel
from acupressure.knowledge.catalogue import Catalogue, quick_lookup

CONSOLES = [
    {"width": 100, "force_terminal": True, "color_system": "truecolor"},
    {"width": 80, "force_terminal": True, "color_system": "256"},
    {"width": 60, "force_terminal": True, "color_system": "standard"},
    {"width": 100, "force_terminal": True, "color_system": "truecolor", "no_color": True},
    {"width": 120, "force_terminal": False},
    {"width": 40, "force_terminal": True, "color_system": "256"},
]


def _console(settings: dict[str, object]) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, **settings), out  # type: ignore[arg-type]


def _kept_files(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.panel.txt"))


@pytest.fixture(autouse=True)
def _no_terminal_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich reads these too: under a CI's TERM=dumb two of CONSOLES drew alike (seen)."""
    for name in ("TERM", "NO_COLOR", "FORCE_COLOR", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_every_kept_panel_is_what_rich_draws(catalogue: Catalogue, cache: Path) -> None:
    names = [point.code for point in catalogue.points] + ["ub-40", "Weizhong", "B54"]
    drawn: set[tuple[str, str]] = set()
    for name in names:
        hit = quick_lookup(name)
        drawn.add((hit.document["code"], hit.assumed))
        for settings in CONSOLES:
            reference, expected = _console(settings)
            point_panel(hit.document, hit.sources, assumed=hit.assumed, console=reference)
            for _ in range(2):  # drawn and kept, then printed from the cache
                console, out = _console(settings)
                show_panel(hit.document, hit.sources, assumed=hit.assumed, console=console)
                assert out.getvalue() == expected.getvalue(), (name, settings)
    assert len(_kept_files(cache)) == len(drawn) * len(CONSOLES)


def test_the_key_is_the_entry_and_the_console(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hit = quick_lookup("BL40")
    keys = {
        panel_key(hit.document, hit.sources, hit.assumed, _console(settings)[0])
        for settings in CONSOLES
    }
    assert len(keys) == len(CONSOLES)
    console = _console(CONSOLES[0])[0]
    same = panel_key(hit.document, hit.sources, hit.assumed, console)
    assert same == panel_key(hit.document, hit.sources, hit.assumed, _console(CONSOLES[0])[0])
    other = {**hit.document, "location": hit.document["location"] + " (edited)"}
    assert panel_key(other, hit.sources, hit.assumed, console) != same
    assert panel_key(hit.document, hit.sources, "assumed", console) != same
    # this process's own terminal: any environment variable is part of it
    mine = panel_key(hit.document, hit.sources, hit.assumed)
    assert mine == panel_key(hit.document, hit.sources, hit.assumed)
    monkeypatch.setenv("ACUPRESSURE_SOME_SETTING", "1")
    assert panel_key(hit.document, hit.sources, hit.assumed) != mine


def test_a_recording_console_is_drawn_by_rich_itself(cache: Path) -> None:
    hit = quick_lookup("BL40")
    console = Console(file=io.StringIO(), record=True, width=100)
    show_panel(hit.document, hit.sources, assumed=hit.assumed, console=console)
    assert "Weizhong" in console.export_text()
    assert _kept_files(cache) == []


def _on_a_terminal(argv: list[str], env: dict[str, str]) -> bytes:
    """Everything a command writes to a 100-column pseudo-terminal."""
    parent, child = pty.openpty()
    process = subprocess.Popen(argv, stdout=child, stderr=child, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(parent)
    assert process.wait(timeout=60) == 0
    return b"".join(chunks)


def test_on_a_terminal_the_command_prints_what_rich_draws(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "100",
           "TERM": "xterm-256color"}  # fmt: skip
    env.pop("NO_COLOR", None)
    reference = (
        "from acupressure.cli.point_views import point_panel;"
        "from acupressure.knowledge.catalogue import quick_lookup;"
        "hit = quick_lookup('BL40');"
        "point_panel(hit.document, hit.sources, assumed=hit.assumed)"
    )
    command = [str(Path(sys.executable).with_name("acupressure")), "points", "show", "BL40"]
    for changed in ({}, {"COLUMNS": "72"}, {"TERM": "dumb"}, {"NO_COLOR": "1"},
                    {"COLORTERM": "truecolor"}, {"FORCE_COLOR": "1", "TERM": "xterm"}):  # fmt: skip
        here = {**env, **changed}
        expected = _on_a_terminal([sys.executable, "-c", reference], here)
        assert _on_a_terminal(command, here) == expected, changed  # drawn and kept
        assert _on_a_terminal(command, here) == expected, changed  # printed from the cache
    assert b"\x1b[" in _on_a_terminal(command, env)  # colours: Rich saw a terminal
    assert len(_kept_files(tmp_path / "cache")) == 6


def test_a_kept_panel_imports_no_rich(tmp_path: Path) -> None:
    """The point of keeping it: on the same terminal again, Rich is not even imported."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "100"}
    probe = (
        "import sys; sys.argv = ['acupressure', 'points', 'show', 'BL40'];"
        "from acupressure.cli import main; main();"
        "sys.stderr.write('rich imported' if 'rich' in sys.modules else 'no rich')"
    )
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True)
    again = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True)
    assert first.stderr.endswith(b"rich imported") and again.stderr.endswith(b"no rich")
    assert again.stdout == first.stdout and b"Weizhong" in again.stdout


def test_only_the_most_recent_panels_are_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_panels, "KEPT_PANELS", 3)
    hit = quick_lookup("BL40")
    for width in (40, 50, 60, 70, 80):
        console, _ = _console({"width": width, "force_terminal": True})
        show_panel(hit.document, hit.sources, assumed=hit.assumed, console=console)
        if width == 80:
            newest = panel_key(hit.document, hit.sources, hit.assumed, console)
    kept = _kept_files(cache)
    assert len(kept) == 3
    assert any(path.name.startswith(f"knowledge-{newest[:24]}") for path in kept)

"""The `points show` panel drawn once per entry and terminal, then printed from the user cache.

Drawing the panel (Rich measuring and wrapping its nested tables) costs as much as starting
the interpreter twice, and importing Rich more than that; yet what Rich prints is a function
of the entry's document, the code that lays it out and what Rich reads to decide how to
draw: the environment (TERM, COLORTERM, COLUMNS, NO_COLOR, FORCE_COLOR...), whether stdout
is a terminal, the terminal's size, the output encoding and the platform. So the drawn text
is kept under a hash of all of that (every environment variable, not only those Rich is
known to read) and printed as it is while every one of them is the same: the same entry on
the same terminal prints the very same characters, without importing Rich. Anything else
(another width, a pipe, another variable, changed data or code) is drawn by Rich afresh.
Windows and Jupyter are always drawn by Rich itself (they are not written as plain text).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acupressure.knowledge.cache import cache_file, source_digest, write_atomically

if TYPE_CHECKING:
    from rich.console import Console

# What lays the panel out: ours, and Rich's own drawing code.
PANEL_CODE = ("cli/point_views.py", "cli/kept_panels.py")
RICH_CODE = ("console.py", "table.py", "panel.py", "text.py", "segment.py", "style.py", "box.py")
# The key covers the whole environment, so each new shell or folder may add a file: keep
# the most recently drawn ones only (a few kilobytes each).
KEPT_PANELS = 256


def panel_key(
    point: dict[str, Any],
    sources: dict[str, dict[str, str]],
    assumed: str,
    console: Console | None = None,
) -> str:
    """A hash of the entry, the code that draws it and everything Rich draws it for: this
    process's terminal, or the options of `console` when one is given."""
    import os
    import sys
    from importlib.util import find_spec

    digest = hashlib.sha256(b"points show panel\0")
    digest.update(source_digest(PANEL_CODE).encode())
    rich = find_spec("rich")  # its source, without importing it
    if rich is None or rich.origin is None:
        raise OSError("rich is not installed")
    for name in RICH_CODE:
        digest.update((Path(rich.origin).parent / name).read_bytes())
    terminal = [
        sorted(os.environ.items()),
        sys.platform,
        [_tty(fd) for fd in (0, 1, 2)],
        getattr(sys.stdout, "encoding", None),
        type(sys.stdin).__module__,
    ]
    if console is not None:
        terminal.append([repr(console.options), console.color_system, console.no_color])
    document = [point, sources, assumed, terminal]
    digest.update(json.dumps(document, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _tty(fd: int) -> list[object]:
    """Whether a standard stream is a terminal, and its size if it has one."""
    import os

    try:
        size: object = list(os.get_terminal_size(fd))
    except (AttributeError, ValueError, OSError):
        size = None
    return [os.isatty(fd), size]


def show_panel(
    point: dict[str, Any],
    sources: dict[str, dict[str, str]],
    *,
    assumed: str = "",
    console: Console | None = None,
) -> None:
    """Print the entry's panel exactly as `point_views.point_panel` draws it."""
    import sys

    if sys.platform == "win32":
        _draw(point, sources, assumed, console)
        return
    try:
        path = cache_file(panel_key(point, sources, assumed, console), "panel.txt")
    except OSError:
        path = None
    kept = _read(path)
    if kept is None:
        from rich.console import Console

        console = console or Console()
        if console.is_jupyter or console.record or console.quiet:
            _draw(point, sources, assumed, console)
            return
        from acupressure.cli.point_views import point_renderable

        with console.capture() as capture:
            console.print(point_renderable(point, sources, assumed=assumed))
        kept = capture.get()
        write_atomically(path, kept.encode("utf-8"))
        if path is not None:
            _forget_old_panels(path.parent)
    _write(console, kept)


def _forget_old_panels(directory: Path) -> None:
    """Remove all but the KEPT_PANELS most recently written panels."""
    try:
        panels = [(entry.stat().st_mtime_ns, entry) for entry in directory.glob("*.panel.txt")]
    except OSError:
        return
    panels.sort(key=lambda pair: pair[0], reverse=True)
    for _, old in panels[KEPT_PANELS:]:
        old.unlink(missing_ok=True)


def _draw(
    point: dict[str, Any], sources: dict[str, dict[str, str]], assumed: str, console: Any
) -> None:
    from acupressure.cli.point_views import point_panel

    point_panel(point, sources, assumed=assumed, console=console)


def _read(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        text: str = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text


def _write(console: Console | None, text: str) -> None:
    """Write as Rich's Console writes its buffer (outside Windows and Jupyter): to stdout
    (or the console's file), flushed; a closed pipe ends the command as Rich ends it."""
    import sys

    file = sys.stdout if console is None else console.file
    try:
        try:
            file.write(text)
        except UnicodeEncodeError as error:  # what Rich adds then
            error.reason = f"{error.reason}\n*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"  # noqa: E501
            raise
        file.flush()
    except BrokenPipeError:
        if console is not None:
            console.on_broken_pipe()
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)  # Console.on_broken_pipe's own steps
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None


__all__ = ["KEPT_PANELS", "PANEL_CODE", "panel_key", "show_panel"]

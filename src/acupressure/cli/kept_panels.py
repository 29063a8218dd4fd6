"""The `points show` panel drawn once per entry and terminal, then printed from the user cache.

Drawing the panel (Rich measuring and wrapping its nested tables) costs as much as starting
the interpreter twice, and importing Rich's tables and panels more again; the drawing is a
function of the entry's document, the code that lays it out and the console it is drawn
for. So the drawn text is kept under a hash of all three: the console's own options (size,
encoding, terminal or not), its colour system and NO_COLOR, as Rich itself worked them out
for this process. The same entry on the same terminal prints the very same characters;
anything else (another width, a pipe, NO_COLOR, changed data or code) is drawn afresh.
Legacy Windows consoles and Jupyter are drawn by Rich directly (they are not written as text).
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


def panel_key(
    console: Console, point: dict[str, Any], sources: dict[str, dict[str, str]], assumed: str
) -> str:
    """A hash of the entry, the code that draws it and the console it is drawn for."""
    import rich

    digest = hashlib.sha256(b"points show panel\0")
    digest.update(source_digest(PANEL_CODE).encode())
    rich_folder = Path(rich.__file__).parent
    for name in RICH_CODE:
        digest.update((rich_folder / name).read_bytes())
    drawn_for = [repr(console.options), console.color_system, console.no_color]
    document = [point, sources, assumed, drawn_for]
    digest.update(json.dumps(document, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def show_panel(
    point: dict[str, Any],
    sources: dict[str, dict[str, str]],
    *,
    assumed: str = "",
    console: Console | None = None,
) -> None:
    """Print the entry's panel exactly as `point_views.point_panel` draws it."""
    from rich.console import WINDOWS, Console

    console = console or Console()
    if WINDOWS or console.is_jupyter or console.record or console.quiet:
        from acupressure.cli.point_views import point_panel

        point_panel(point, sources, assumed=assumed, console=console)
        return
    try:
        path = cache_file(panel_key(console, point, sources, assumed), "panel.txt")
    except OSError:
        path = None
    kept = _read(path)
    if kept is None:
        from acupressure.cli.point_views import point_renderable

        with console.capture() as capture:
            console.print(point_renderable(point, sources, assumed=assumed))
        kept = capture.get()
        write_atomically(path, kept.encode("utf-8"))
    _write(console, kept)


def _read(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        text: str = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text


def _write(console: Console, text: str) -> None:
    """Write as Rich's Console writes its buffer (outside Windows and Jupyter)."""
    file = console.file
    try:
        try:
            file.write(text)
        except UnicodeEncodeError as error:  # what Rich adds then
            error.reason = f"{error.reason}\n*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"  # noqa: E501
            raise
        file.flush()
    except BrokenPipeError:
        console.on_broken_pipe()


__all__ = ["PANEL_CODE", "panel_key", "show_panel"]

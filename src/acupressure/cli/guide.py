"""The terminal face of a guided session: a live display, keys, and cues as they come due.

Keys on a terminal: space pauses and resumes, n goes to the next step, b back to the
previous one, q quits. When stdin is not a terminal (a script, a test) it is read as lines
instead: `p`/`pause`/`resume`, `n`/`next`, `b`/`back`, `q`/`quit`, and `wait SECONDS`
(session seconds) to let the session run before the next command. Lines that are not
commands are left for the questions after the session.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import termios
import time
import tty
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from acupressure.guide.session import Event, SessionRunner
    from acupressure.guide.speech import Voice

_TICK = 0.05  # real seconds between looks at the clock and the keyboard
_LINE_TICK = 0.01  # scripts run at high speed: look more often
_KEYS = {" ": "toggle", "p": "toggle", "n": "next", "b": "back", "q": "quit"}
_WORDS = {
    "p": "toggle",
    "space": "toggle",
    "pause": "pause",
    "resume": "resume",
    "n": "next",
    "next": "next",
    "b": "back",
    "back": "back",
    "q": "quit",
    "quit": "quit",
}


class LineInput:
    """Lines from a file descriptor, read without blocking, shared by prompts and commands."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""
        self.closed = False

    def _fill(self, timeout: float | None) -> None:
        if self.closed:
            return
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            chunk = os.read(self.fd, 4096)
            if chunk:
                self._buffer += chunk
            else:
                self.closed = True

    def _pop(self) -> str | None:
        if b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            return line.decode(errors="replace").strip()
        if self.closed and self._buffer:
            line, self._buffer = self._buffer, b""
            return line.decode(errors="replace").strip()
        return None

    def readline(self) -> str | None:
        """The next line, waiting for it; None at end of input."""
        while (line := self._pop()) is None:
            if self.closed:
                return None
            self._fill(None)
        return line

    def command(self) -> str | None:
        """The next line if it is a session command, without waiting; else None."""
        self._fill(0)
        while b"\n" not in self._buffer and not self.closed and self._ready():
            self._fill(0)
        head = self._buffer.split(b"\n", 1)[0].decode(errors="replace").strip().lower()
        if (b"\n" in self._buffer or self.closed) and _parse_command(head):
            self._pop()
            return head
        return None

    def _ready(self) -> bool:
        return bool(select.select([self.fd], [], [], 0)[0])


def _parse_command(line: str) -> str | None:
    if line in _WORDS:
        return _WORDS[line]
    words = line.split()
    if len(words) == 2 and words[0] == "wait":
        try:
            return "wait" if float(words[1]) >= 0 else None
        except ValueError:
            return None
    return None


@contextmanager
def raw_keys(fd: int) -> Iterator[None]:
    """Single key presses without Enter for the length of the session (cbreak mode)."""
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def read_key(fd: int) -> str | None:
    """One key press if one is waiting, mapped to a command."""
    if select.select([fd], [], [], _TICK)[0]:
        return _KEYS.get(os.read(fd, 1).decode(errors="replace").lower())
    return None


def read_line(fd: int) -> str:
    """One answered line from the terminal, with a Ctrl-C at any moment raising at once.

    Python's input() loses a Ctrl-C that lands after the question is printed but before
    its blocking read begins: the read then waits for Enter (seen on a busy machine). Here
    the signal also writes to a wake-up pipe that select() watches beside the terminal,
    so it always interrupts the wait. Raises EOFError at the end of input.
    """
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    previous = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
    try:
        while True:
            ready = select.select([fd, wake_read], [], [])[0]
            if fd in ready:
                break
            os.read(wake_read, 512)  # a signal Python has already handled (not Ctrl-C)
        line = sys.stdin.readline()
    finally:
        signal.set_wakeup_fd(previous)
        os.close(wake_read)
        os.close(wake_write)
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def render(runner: SessionRunner) -> RenderableType:
    """Current point, how to find it, a countdown bar, overall progress, what comes next."""
    from rich.console import Group
    from rich.markup import escape
    from rich.panel import Panel
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    from acupressure.guide.session import describe_step

    step = runner.step(runner.current_step)
    phase = runner.phase
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    if step is not None:
        grid.add_row("Point", Text(describe_step(step)))
        grid.add_row("Find it", Text(step.finding))
        grid.add_row("How", f"{step.pressure} pressure, {step.motion}, {step.position}")
    grid.add_row("Now", Text(phase.text if phase else "Starting."))
    if phase is not None and phase.kind == "press" and phase.detail:
        grid.add_row("Tip", Text(phase.detail, style="italic"))
    length = max(runner.phase_length, 1)
    bar = ProgressBar(total=length, completed=length - runner.phase_remaining, width=40)
    grid.add_row(_clock(runner.phase_remaining), bar)
    whole = ProgressBar(total=max(runner.total, 1), completed=runner.position, width=40)
    number = f"{runner.current_step + 1}/{runner.steps_planned}"
    grid.add_row(f"Step {number}", whole)
    upcoming = runner.upcoming
    grid.add_row("Next", Text(describe_step(upcoming) if upcoming else "the end of the session"))
    state = "PAUSED - space to resume" if runner.state == "paused" else runner.state
    keys = Text("space pause/resume   n next   b back   q quit", style="dim")
    title = escape(f"{runner.routine.title} [{state}]")
    return Panel(Group(grid, keys), title=title, border_style="cyan")


def _apply(runner: SessionRunner, command: str, *, console: Console, voice: Voice) -> None:
    """Carry out a command; a resume inside "find the point" says the finding again."""
    paused = runner.state == "paused"
    actions = {
        "toggle": runner.toggle,
        "pause": runner.pause,
        "resume": runner.resume,
        "next": runner.skip,
        "back": runner.back,
        "quit": runner.stop,
    }
    actions[command]()
    if paused and runner.state == "running" and (opening := runner.opening_to_repeat()):
        _announce(opening, console=console, voice=voice, again=True)


def _announce(event: Event, *, console: Console, voice: Voice, again: bool = False) -> None:
    """Print the cue; chime and speak as the timeline scheduled (one cue at a time)."""
    from rich.text import Text

    when = "again" if again else _clock(event.at)
    console.print(Text.assemble((when, "dim"), " ", event.text))
    if event.detail and event.kind == "press":
        console.print(Text.assemble("      ", (event.detail, "italic")))
    if (event.chime or again) and not voice.chime() and voice.bell and console.is_terminal:
        console.bell()
    if again:
        voice.say(event.text)
    elif event.say:
        voice.say(event.say)


def run_in_terminal(*, runner: SessionRunner, console: Console, voice: Voice) -> None:
    """Keys from the terminal, a live panel; cues printed above it as they come due."""
    from rich.live import Live

    fd = sys.stdin.fileno()
    with raw_keys(fd), Live(render(runner), console=console, auto_refresh=False) as live:
        while runner.state in ("running", "paused"):
            try:
                for event in runner.tick():
                    _announce(event, console=live.console, voice=voice)
                command = read_key(fd)
                if command:
                    _apply(runner, command, console=live.console, voice=voice)
            except KeyboardInterrupt:
                runner.stop()
                live.console.print(
                    "Stopped. Two questions finish the diary entry; Ctrl-C again keeps it "
                    "as it is (your pain before and the steps done)."
                )
            live.update(render(runner), refresh=True)


def run_from_lines(
    *, runner: SessionRunner, lines: LineInput, console: Console, voice: Voice
) -> None:
    """Commands as lines (scripts and tests); the cues are printed as a transcript."""
    wait_until = 0.0
    while runner.state in ("running", "paused"):
        for event in runner.tick():
            _announce(event, console=console, voice=voice)
        command = lines.command() if runner.clock.now() >= wait_until else None
        if command is not None and command.startswith("wait"):
            wait_until = runner.clock.now() + float(command.split()[1])
        elif command is not None:
            _apply(runner, _WORDS[command], console=console, voice=voice)
        elif runner.state == "paused" and lines.closed:
            console.print("Input ended while paused: stopping the session.")
            runner.stop()
        else:
            time.sleep(_LINE_TICK)

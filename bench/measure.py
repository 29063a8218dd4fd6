"""What every benchmark here shares: timed child processes, medians, p99, goals.

Times are wall-clock and always compared with something measured in the same run (a bare
interpreter, a bare endpoint, an empty diary), with the runs interleaved so a machine that
gets busier half-way slows both sides alike. Each goal is printed with the number it was
judged on: "meets" or "FALLS SHORT", never a bare "under target".
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    """One goal of issue 8 and the number measured against it (lower is better)."""

    what: str
    measured: float
    limit: float
    unit: str

    @property
    def met(self) -> bool:
        return self.measured <= self.limit

    def line(self) -> str:
        verdict = "meets goal" if self.met else "FALLS SHORT of goal"
        return (
            f"{'ok ' if self.met else '!! '}{self.what}: {self.measured:.2f}{self.unit} "
            f"({verdict} <= {self.limit:g}{self.unit})"
        )


def child_environment(env: Mapping[str, str] | None) -> dict[str, str]:
    """The child's environment: as given (or ours), but always writing bytecode, so every
    command is timed with its bytecode cached as an installed package has it."""
    return {k: v for k, v in (env or os.environ).items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_timed(
    command: Sequence[str], env: Mapping[str, str] | None = None, *, terminal: bool = False
) -> tuple[float, float]:
    """Run a child process to its end: (wall seconds, peak RSS in MB of that child alone).

    With `terminal` its stdout is a pseudo-terminal (100 columns, read as it writes), so a
    command that draws for a terminal (Rich) takes the path a person at a terminal gets.
    """
    screen = _pseudo_terminal() if terminal else None
    began = time.perf_counter()
    child = subprocess.Popen(
        list(command),
        stdout=subprocess.DEVNULL if screen is None else screen.child,
        stderr=subprocess.PIPE,
        env=child_environment(env),
    )
    if screen is not None:
        os.close(screen.child)
        screen.drain.start()
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - began
    if screen is not None:
        screen.drain.join()
        os.close(screen.parent)
    errors = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}): {errors[-800:]}")
    return elapsed, usage.ru_maxrss / 1024


@dataclass
class _Screen:
    parent: int
    child: int
    drain: threading.Thread


def _pseudo_terminal() -> _Screen:
    """A pseudo-terminal of 100 x 40 and a thread that reads (and drops) what is written."""
    import fcntl
    import pty
    import struct
    import termios

    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))

    def drain() -> None:
        while True:
            try:
                if not os.read(parent, 65536):
                    return
            except OSError:  # EIO: the child closed the terminal
                return

    return _Screen(parent, child, threading.Thread(target=drain, daemon=True))


Command = Sequence[str] | Callable[[], Sequence[str]]  # a callable: a new command line each run


def interleaved(
    commands: Mapping[str, Command],
    rounds: int,
    env: Mapping[str, str] | None = None,
    *,
    terminal: Collection[str] = (),
) -> dict[str, list[float]]:
    """Wall seconds of every command, one run of each per round, the order turning each
    round; one warm-up run of each first (bytecode and page cache warm). The commands
    named in `terminal` write to a pseudo-terminal (see run_timed)."""
    names = list(commands)

    def run(name: str) -> float:
        command = commands[name]
        argv = command() if callable(command) else command
        return run_timed(argv, env, terminal=name in terminal)[0]

    for name in names:
        run(name)
    times: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(run(name))
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p99(values: Sequence[float]) -> float:
    """The 99th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return (
        f"load average {one:.1f} (5 min: {five:.1f}) on {os.cpu_count()} CPUs; "
        "ratios are steadier than times on a busy machine"
    )


def write_diary_csv(path: os.PathLike[str] | str, sessions: int, *, per_day: int = 3) -> None:
    """A diary export of `sessions` sessions, `per_day` a day ending today, and one
    check-in a week: the shape of a real diary, `sessions` rows long.

    A diary accepts no date before 1900, so a file too long for `per_day` sessions a day
    since then (200,000 sessions at 3 a day reach back to 1844) gets more a day, spread
    from 07:00 to 22:00, and still ends today."""
    import datetime as dt

    today = dt.date.today()
    per_day = max(per_day, -(-sessions // (today - dt.date(1901, 1, 1)).days))
    first = today - dt.timedelta(days=sessions // per_day)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("kind,uid,started_at,pain_before,pain_after,side_effects,note,week_of,"
                  "average_pain,interference\r\n")  # fmt: skip
        for n in range(sessions):
            day = first + dt.timedelta(days=n // per_day)
            minutes = 7 * 60 + (n % per_day) * (15 * 60 // per_day)
            hour, minute = divmod(minutes, 60)
            effects = "bruising" if n % 997 == 0 else ""
            out.write(f"session,bench-{n},{day.isoformat()}T{hour:02d}:{minute:02d}:00+00:00,"
                      f"{3 + n * 7 % 5},{2 + n * 5 % 4},{effects},bench entry,,,\r\n")  # fmt: skip
        monday = first - dt.timedelta(days=first.weekday())
        for week in range(sessions // per_day // 7):
            day = monday + dt.timedelta(weeks=week)
            out.write(f"checkin,week-{week},,,,,,{day.isoformat()},5,4\r\n")

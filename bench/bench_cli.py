"""The everyday commands, whole process, against a bare `python -c pass` in the same run.

Each command is the installed console script, run to its end with bytecode and the
knowledge snapshot already cached (one warm-up run each); medians of ROUNDS interleaved
rounds. The panel of `points show` is drawn on a pseudo-terminal, as a person at a terminal
sees it (colours and all); the other commands write to /dev/null. `diary add` writes to a
throwaway diary; `diary summary` reads an empty one (the diary bench measures full ones).

    python bench/bench_cli.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
from pathlib import Path

from measure import Command, Goal, interleaved, load_line, median

SCRIPT = str(Path(sys.executable).with_name("acupressure"))
GOALS = {  # issue 8: ratio to the bare interpreter
    "points show BL40": 8.0,
    "points show BL40 --json": 6.0,
    "plan profile.json --json": 12.0,
    "diary add": 15.0,
    "diary summary": 15.0,
}
# A drawn panel is kept for the next run on the same terminal; this row shows the panel
# when nothing kept applies (drawn afresh), so the kept answer never hides the cold cost.
FRESH_PANEL = "  panel, a new width each run"
ON_A_TERMINAL = ("points show BL40", FRESH_PANEL)  # what Rich draws differently there


def commands(directory: Path) -> dict[str, Command]:
    profile = directory / "profile.json"
    answers = {"complaints": ["lower_back"], "minutes": 10, "age": 45, "pregnant": False,
               "red_flags": [], "conditions": []}  # fmt: skip
    profile.write_text(json.dumps(answers))
    widths = itertools.count()

    def new_width() -> list[str]:
        """The panel on a terminal of another width each run: never drawn before."""
        return ["env", f"COLUMNS={101 + next(widths)}", SCRIPT, "points", "show", "BL40"]

    add_db = f"sqlite:///{directory / 'add.sqlite3'}"
    empty_db = f"sqlite:///{directory / 'empty.sqlite3'}"
    return {
        "bare python -c pass": [sys.executable, "-c", "pass"],
        "points show BL40": [SCRIPT, "points", "show", "BL40"],
        FRESH_PANEL: new_width,
        "points show BL40 --json": [SCRIPT, "points", "show", "BL40", "--json"],
        "plan profile.json --json": [SCRIPT, "plan", str(profile), "--json"],
        "diary add": [SCRIPT, "diary", "add", "--pain-before", "5", "--pain-after", "3",
                      "--db", add_db],
        "diary summary": [SCRIPT, "diary", "summary", "--db", empty_db],
        "acupressure --help (Typer)": [SCRIPT, "--help"],
    }  # fmt: skip


def run(rounds: int) -> list[Goal]:
    print(load_line())
    env = {**os.environ, "COLUMNS": "100"}
    with tempfile.TemporaryDirectory() as folder:
        times = interleaved(commands(Path(folder)), rounds, env, terminal=ON_A_TERMINAL)
    bare = median(times["bare python -c pass"])
    print(f"{'command':32} {'median ms':>10} {'x bare':>7} {'goal':>6}")
    goals = []
    for name, values in times.items():
        ratio = median(values) / bare
        goal = GOALS.get(name)
        print(f"{name:32} {1000 * median(values):10.1f} {ratio:7.1f} "
              f"{'' if goal is None else f'<= {goal:g}':>6}")  # fmt: skip
        if goal is not None:
            goals.append(Goal(f"{name}, x bare interpreter", ratio, goal, "x"))
    print(f"(median of {rounds} interleaved rounds)")
    return goals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    for goal in run(parser.parse_args().rounds):
        print(goal.line())


if __name__ == "__main__":
    main()

"""Start-up cost of the CLI next to a bare interpreter, and resolutions per second.

Prints medians over repeated whole-process runs; the target for `points show` is within
12x the bare interpreter start.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15
SCRIPT = str(Path(sys.executable).with_name("acupressure"))
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import acupressure'": [sys.executable, "-c", "import acupressure"],
    "acupressure --help": [SCRIPT, "--help"],
    "acupressure points show BL40": [SCRIPT, "points", "show", "BL40"],
    "acupressure points show BL40 --json": [SCRIPT, "points", "show", "BL40", "--json"],
}


def median_seconds(command: list[str]) -> float:
    subprocess.run(command, capture_output=True, check=True)  # warm the cache and the disk
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def resolutions_per_second() -> float:
    from acupressure.knowledge.catalogue import load_catalogue

    catalogue = load_catalogue()
    names = [
        "BL40",
        "ub-40",
        "Bladder 40",
        "Weizhong",
        "委中",
        "B54",
        "Commanding Middle",
        "LV3",
        "Hoku",
        "Sea of Energy",
    ]
    rounds = 20_000
    start = time.perf_counter()
    for _ in range(rounds):
        for name in names:
            catalogue.resolve(name)
    return rounds * len(names) / (time.perf_counter() - start)


def main() -> None:
    bare = median_seconds(COMMANDS["python -c pass"])
    print(f"{'command':40} {'median s':>9} {'x bare':>7}")
    for label, command in COMMANDS.items():
        seconds = median_seconds(command)
        print(f"{label:40} {seconds:9.3f} {seconds / bare:7.1f}")
    print(f"resolutions per second: {resolutions_per_second():,.0f}")


if __name__ == "__main__":
    main()

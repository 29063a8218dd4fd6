"""Diary summary and chart on a SQLite diary of up to ten years of daily sessions.

For each size (1k, 5k, 11k sessions; 11k is about ten years at three sessions a day) a
fresh child process builds the diary in a temp directory, then times what the CLI does:
`diary summary` (load every entry + analytics) and `diary chart` (load + draw SVG and PNG).
It prints the best of three runs, the Python heap peak (tracemalloc, measured in a separate
run because tracing slows the code down) and the child's peak resident memory
(getrusage; interpreter, SQLAlchemy and matplotlib included). Targets from issue 4: summary
under 0.5 s, peak memory under 150 MB, cost growing no faster than the entry count. This
script prints numbers; it never asserts them.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

SIZES = (1_000, 5_000, 11_000)
PER_DAY = 3
REPEAT = 3


def build(url: str, count: int) -> float:
    """Fill a fresh diary with `count` sessions, PER_DAY a day, ending today; seconds taken."""
    from acupressure.diary.entries import CheckIn, SessionEntry
    from acupressure.diary.store import DiaryStore, make_engine

    first_day = date.today() - timedelta(days=count // PER_DAY)
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=UTC)
    sessions = [
        SessionEntry(
            uid=f"bench-{n}",
            started_at=start + timedelta(days=n // PER_DAY, hours=8 + 5 * (n % PER_DAY)),
            ended_at=start + timedelta(days=n // PER_DAY, hours=8 + 5 * (n % PER_DAY), minutes=12),
            routine="lower back",
            steps_planned=8,
            steps_completed=8 - n % 3,
            pain_before=3 + (n * 7) % 5,
            pain_after=2 + (n * 5) % 4,
            side_effects=["bruising"] if n % 997 == 0 else [],
            note="bench entry",
            origin="manual",
        )
        for n in range(count)
    ]
    checkins = [
        CheckIn(uid=f"week-{w}", week_of=first_day + timedelta(weeks=w), average_pain=5,
                interference=4)
        for w in range(count // PER_DAY // 7)
    ]  # fmt: skip
    engine = make_engine(url)
    began = time.perf_counter()
    DiaryStore(engine).import_entries(sessions=sessions, checkins=checkins)
    elapsed = time.perf_counter() - began
    engine.dispose()
    return elapsed


def job(url: str, task: str) -> Callable[[], Any]:
    """What one CLI command does after start-up: `diary summary` or `diary chart`."""
    from acupressure.diary.store import DiaryStore, make_engine

    store = DiaryStore(make_engine(url))
    if task == "summary":
        from acupressure.diary.analytics import summarise

        return lambda: summarise(
            sessions=store.list_sessions(), checkins=store.list_checkins(), today=date.today()
        ).model_dump_json()
    from acupressure.diary.chart import render

    return lambda: render(sessions=store.list_sessions(), image=task.removeprefix("chart_"))


def measure(url: str, task: str) -> dict[str, Any]:
    """In a fresh process: best of REPEAT runs, then one traced run for the heap peak."""
    run = job(url, task)
    times = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    tracemalloc.start()
    run()
    heap = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": min(times), "heap_mb": heap, "rss_mb": rss}


def child(*args: str) -> Any:
    output = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


TASKS = ("summary", "chart_svg", "chart_png")


def main() -> None:
    if sys.argv[1:2] == ["--build"]:
        print(json.dumps(build(sys.argv[2], int(sys.argv[3]))))
        return
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
        return
    rows: dict[int, dict[str, Any]] = {}
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs (times scale with a busy machine)")
    for count in SIZES:
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
            rows[count] = {"build": child("--build", url, str(count))}
            for task in TASKS:
                rows[count][task] = child("--measure", url, task)
    print(f"{'entries':>8} {'build s':>8}" + "".join(
        f" {t + ' s':>12} {'heap MB':>8} {'RSS MB':>7}" for t in TASKS))  # fmt: skip
    for count, row in rows.items():
        cells = "".join(
            f" {row[t]['seconds']:>12.3f} {row[t]['heap_mb']:>8.1f} {row[t]['rss_mb']:>7.0f}"
            for t in TASKS
        )
        print(f"{count:>8} {row['build']:>8.2f}{cells}")
    large = rows[SIZES[-1]]
    print(
        "\ncost per entry (linear growth keeps these flat; start-up costs make small sizes high):"
    )
    for task in TASKS:
        per_entry = "  ".join(
            f"{count}: {1e6 * rows[count][task]['seconds'] / count:6.1f} us"
            f" {1024 * rows[count][task]['heap_mb'] / count:5.2f} KiB"
            for count in SIZES
        )
        print(f"  {task:>10}  {per_entry}")
    summary = large["summary"]
    print(
        f"targets at {SIZES[-1]} entries: summary {summary['seconds']:.3f} s (target < 0.5 s), "
        f"peak RSS of the summary process {summary['rss_mb']:.0f} MB (target < 150 MB)"
    )


if __name__ == "__main__":
    main()

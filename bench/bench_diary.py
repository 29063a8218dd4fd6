"""The diary at 1, 3 and 10 years, and the memory of importing and exporting big diaries.

Years: SQLite diaries of three sessions a day and a check-in a week, built by importing a
generated CSV; then whole-process `diary summary --json` and `diary add` on each, next
to an empty diary and a bare interpreter, medians of ROUNDS interleaved rounds (one
warm-up run each first, so the hot path's compiled SQL is in the cache, as on any day
after the first).
Memory: the peak resident memory of the `diary import` process (CSV of 200,000 sessions by
default, more than 3 a day so they all fall after 1900) and of `diary export` (JSON of
400,000), each the CLI's own whole process. Issue 8 sets a goal for the import only; the
export's peak is printed beside it.

    python bench/bench_diary.py [--rounds 7] [--import-sessions N] [--export-sessions N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from measure import Goal, interleaved, load_line, median, run_timed, write_diary_csv

SCRIPT = str(Path(sys.executable).with_name("acupressure"))
YEARS = (1, 3, 10)
PER_DAY = 3
GOAL_TEN_YEARS = 1.3  # x an empty diary's whole-process summary
GOAL_IMPORT_MB = 300.0


def _diary(folder: Path, name: str, sessions: int) -> str:
    url = f"sqlite:///{folder / f'{name}.sqlite3'}"
    if sessions:
        source = folder / f"{name}.csv"
        write_diary_csv(source, sessions, per_day=PER_DAY)
        run_timed([SCRIPT, "diary", "import", str(source), "--db", url])
        source.unlink()
    else:
        run_timed([SCRIPT, "diary", "summary", "--db", url])  # creates the empty diary
    return url


def years(rounds: int) -> list[Goal]:
    print(load_line())
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        diaries = {"empty": _diary(folder, "empty", 0)}
        for count in YEARS:
            diaries[f"{count} y"] = _diary(folder, f"y{count}", 365 * PER_DAY * count)
        commands: dict[str, list[str]] = {"bare": [sys.executable, "-c", "pass"]}
        for label, url in diaries.items():
            commands[f"summary {label}"] = [SCRIPT, "diary", "summary", "--json", "--db", url]
            commands[f"add {label}"] = [SCRIPT, "diary", "add", "--pain-before", "4",
                                        "--pain-after", "2", "--db", url]  # fmt: skip
        times = interleaved(commands, rounds)
    bare = median(times["bare"])
    print(f"{'diary':8} {'sessions':>9} {'summary ms':>11} {'x empty':>8} {'x bare':>7}"
          f" {'add ms':>8} {'x empty':>8} {'x bare':>7}")  # fmt: skip
    for label in diaries:
        count = 0 if label == "empty" else 365 * PER_DAY * int(label.split()[0])
        cells = []
        for task in ("summary", "add"):
            value = median(times[f"{task} {label}"])
            empty = median(times[f"{task} empty"])
            cells.append(f"{1000 * value:>11.1f} {value / empty:>8.2f} {value / bare:>7.1f}")
        print(f"{label:8} {count:>9} {cells[0]} {cells[1][3:]:>24}")
    print(f"(median of {rounds} interleaved rounds; add appends to the diary it measures)")
    ten = median(times["summary 10 y"]) / median(times["summary empty"])
    return [Goal("diary summary at 10 years, x an empty diary (whole process)", ten,
                 GOAL_TEN_YEARS, "x")]  # fmt: skip


def memory(import_sessions: int, export_sessions: int, *, json_import: bool) -> list[Goal]:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        source = folder / "import.csv"
        write_diary_csv(source, import_sessions, per_day=PER_DAY)
        url = f"sqlite:///{folder / 'big.sqlite3'}"
        seconds, rss = run_timed([SCRIPT, "diary", "import", str(source), "--db", url])
        print(f"import of {import_sessions:,} sessions ({source.stat().st_size / 2**20:.0f} MB "
              f"of CSV): peak RSS {rss:.0f} MB, {seconds:.1f} s")  # fmt: skip
        source.unlink()
        goals = [Goal(f"diary import of {import_sessions:,} sessions (CSV), peak RSS", rss,
                      GOAL_IMPORT_MB, " MB")]  # fmt: skip
        _grow(folder / "big.sqlite3", export_sessions)
        out = folder / "export.json"
        seconds, export_rss = run_timed([SCRIPT, "diary", "export", "--format", "json",
                                         "--out", str(out), "--db", url])  # fmt: skip
        print(f"export of {export_sessions:,} sessions as JSON "
              f"({out.stat().st_size / 2**20:.0f} MB): peak RSS {export_rss:.0f} MB, "
              f"{seconds:.1f} s")  # fmt: skip
        if json_import:
            fresh = f"sqlite:///{folder / 'from-json.sqlite3'}"
            seconds, json_rss = run_timed([SCRIPT, "diary", "import", str(out), "--db", fresh])
            print(f"import of that JSON export ({export_sessions:,} sessions): "
                  f"peak RSS {json_rss:.0f} MB, {seconds:.1f} s")  # fmt: skip
            goals.append(Goal(f"diary import of {export_sessions:,} sessions (JSON), peak RSS",
                              json_rss, GOAL_IMPORT_MB, " MB"))  # fmt: skip
    return goals


def _grow(path: Path, sessions: int) -> None:
    """Copy the diary's sessions (new uids) in SQLite itself until it holds `sessions`:
    building 400,000 entries through the CLI would take most of the bench's time."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(diary_session)")]
        copied = [c for c in columns if c != "id"]
        picked = ", ".join(f"'copy{{n}}-' || {c}" if c == "uid" else c for c in copied)
        for n in range(1, 64):
            (have,) = connection.execute("SELECT count(*) FROM diary_session").fetchone()
            if have >= sessions:
                break
            connection.execute(
                f"INSERT INTO diary_session ({', '.join(copied)}) "
                f"SELECT {picked.format(n=n)} FROM diary_session ORDER BY id LIMIT ?",
                (sessions - have,),
            )
            connection.commit()
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--import-sessions", type=int, default=200_000)
    parser.add_argument("--export-sessions", type=int, default=400_000)
    parser.add_argument("--json-import", action="store_true", help="also import the export")
    options = parser.parse_args()
    goals = years(options.rounds)
    goals += memory(options.import_sessions, options.export_sessions,
                    json_import=options.json_import)  # fmt: skip
    for goal in goals:
        print(goal.line())


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()

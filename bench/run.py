"""`make bench`: every benchmark of issue 8 in one run, then each goal met or not.

Sections run one after another; inside each, what is compared runs interleaved (the
commands and the bare interpreter, the app and the bare endpoint, full and empty
diaries). Bounded: about five minutes on an idle two-core machine. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import time

import bench_cli
import bench_diary
import bench_web
from measure import Goal


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, smaller diaries")
    quick = parser.parse_args().quick
    began = time.perf_counter()
    goals: list[Goal] = []
    print("== commands, whole process, against a bare interpreter", flush=True)
    goals += bench_cli.run(rounds=7 if quick else 9)
    print("\n== web, kept-alive connections, against a bare Starlette endpoint", flush=True)
    goals += bench_web.run(requests=64 if quick else 240)
    print("\n== diary at 1, 3 and 10 years", flush=True)
    goals += bench_diary.years(rounds=7)
    print("\n== memory of import and export", flush=True)
    sizes = (20_000, 40_000) if quick else (200_000, 400_000)
    goals += bench_diary.memory(*sizes, json_import=False)
    print(f"\n== goals of issue 8 ({time.perf_counter() - began:.0f} s in all)")
    for goal in goals:
        print(goal.line())
    short = [goal for goal in goals if not goal.met]
    print(f"{len(goals) - len(short)} of {len(goals)} goals met"
          + (f"; {len(short)} FALL SHORT (marked !!)" if short else ""))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Clinic mode under load: 50 clients recording sessions at once through two workers.

Two `acupressure serve --clinic` processes share one database: a throwaway PostgreSQL
(Debian's initdb/pg_ctl, in a temp directory, connected as a plain role so row-level
security is on, as in a clinic), or SQLite when PostgreSQL is not installed (said so). Each
of 50 clients logs in, then all of them at once record sessions, alternating between the
workers. The baseline is /api/ping (no database, no login) at the same concurrency on the
same workers, interleaved with the real rounds. Prints p50/p99 and the ratio to the
baseline, the error count (the goal: zero) and that every session arrived.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

CLIENTS = 50
SESSIONS_EACH = 6
ROUNDS = 3
PASSWORD = "bench password 123"


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def database() -> Iterator[tuple[str, str]]:
    """A URL of an empty clinic database and what it is."""
    with tempfile.TemporaryDirectory() as tmp:
        pg = _pg_bin()
        if pg is None:
            yield f"sqlite:///{tmp}/clinic.sqlite3", "SQLite (PostgreSQL not installed)"
            return
        data, run = Path(tmp) / "data", []
        if os.geteuid() == 0:
            shutil.chown(tmp, "postgres")
            run = ["runuser", "-u", "postgres", "--"]
        port = _free_port()
        quiet = {"stdout": subprocess.DEVNULL, "check": True}
        initdb = [str(pg / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        # UTF8 whatever the locale: with no LANG initdb picks SQL_ASCII (psycopg: bytes)
        subprocess.run([*run, *initdb, "-E", "UTF8", "--locale=C.UTF-8"], **quiet)  # type: ignore[call-overload]
        options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c max_connections=200"
        subprocess.run(
            [
                *run,
                str(pg / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                f"{tmp}/log",
                "-w",
                "-o",
                options,
                "start",
            ],
            **quiet,
        )  # type: ignore[call-overload]
        try:
            from sqlalchemy import create_engine

            admin = create_engine(
                f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
                isolation_level="AUTOCOMMIT",
            )
            with admin.connect() as connection:
                connection.exec_driver_sql("CREATE ROLE clinic LOGIN NOSUPERUSER NOBYPASSRLS")
                connection.exec_driver_sql("CREATE DATABASE clinic OWNER clinic")
            admin.dispose()
            yield (
                f"postgresql://clinic@127.0.0.1:{port}/clinic",
                "PostgreSQL (row-level security on)",
            )
        finally:
            subprocess.run(
                [*run, str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                stdout=subprocess.DEVNULL,
                check=False,
            )


def at_once(count: int, job: Callable[[int], list[tuple[float, bool]]]) -> list[tuple[float, bool]]:
    """Run `job(i)` for i in range(count) in threads released together."""
    barrier = threading.Barrier(count)
    results: list[list[tuple[float, bool]]] = [[] for _ in range(count)]

    def run(index: int) -> None:
        barrier.wait()
        results[index] = job(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [item for result in results for item in result]


PROBLEMS: list[str] = []  # what each failed request answered, to print


def timed(call: Callable[[], httpx.Response], expected: int) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        response = call()
        ok = response.status_code == expected
        if not ok:
            PROBLEMS.append(f"{response.status_code} {response.text[:200]}")
    except httpx.HTTPError as error:
        ok = False
        PROBLEMS.append(f"{type(error).__name__}: {error}")
    return time.perf_counter() - start, ok


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "clinic"))
    from clinic_worker import Worker, WorkerDidNotStart, login

    from acupressure.clinic import Accounts, open_clinic

    with database() as (url, kind):
        engine = open_clinic(url)
        accounts = Accounts(engine)
        accounts.add(email="pat@clinic.example", role="practitioner", password=PASSWORD)
        emails = [f"client{n:02d}@home.example" for n in range(CLIENTS)]
        for email in emails:
            accounts.add(
                email=email,
                role="client",
                password=PASSWORD,
                practitioner_email="pat@clinic.example",
            )
        engine.dispose()
        try:
            workers = [Worker(url, capture_stderr=False), Worker(url, capture_stderr=False)]
        except WorkerDidNotStart as error:
            raise SystemExit(str(error)) from None
        try:
            http = httpx.Client(timeout=120, limits=httpx.Limits(max_connections=2 * CLIENTS))
            tokens = [
                login(http, email, PASSWORD, base=workers[n % 2].url)
                for n, email in enumerate(emails)
            ]

            def record(round_no: int) -> Callable[[int], list[tuple[float, bool]]]:
                def job(index: int) -> list[tuple[float, bool]]:
                    out = []
                    for k in range(SESSIONS_EACH):
                        minute = round_no * SESSIONS_EACH + k
                        entry = {
                            "started_at": f"2026-03-02T{8 + minute // 60:02d}:"
                            f"{minute % 60:02d}:00+00:00",
                            "pain_before": 5,
                            "pain_after": 4,
                        }
                        worker = workers[(index + k) % 2].url
                        out.append(
                            timed(
                                lambda w=worker, e=entry: http.post(
                                    f"{w}/api/diary/sessions", json=e, headers=tokens[index]
                                ),
                                201,
                            )
                        )
                    return out

                return job

            def ping(index: int) -> list[tuple[float, bool]]:
                return [
                    timed(lambda w=workers[(index + k) % 2].url: http.get(f"{w}/api/ping"), 200)
                    for k in range(SESSIONS_EACH)
                ]

            records: list[tuple[float, bool]] = []
            pings: list[tuple[float, bool]] = []
            p50s, base50s = [], []
            for round_no in range(ROUNDS):  # interleaved: baseline, then the real thing
                base = at_once(CLIENTS, ping)
                real = at_once(CLIENTS, record(round_no))
                pings += base
                records += real
                base50s.append(statistics.median(t for t, _ in base))
                p50s.append(statistics.median(t for t, _ in real))
            stored = sum(
                len(http.get(f"{workers[0].url}/api/diary", headers=t).json()["sessions"])
                for t in tokens
            )
        finally:
            for worker in workers:
                worker.stop()
    times = [t for t, _ in records]
    errors = sum(1 for _, ok in records if not ok) + sum(1 for _, ok in pings if not ok)
    expected = CLIENTS * SESSIONS_EACH * ROUNDS
    p50, p99 = statistics.median(p50s), percentile(times, 0.99)
    base50, base99 = statistics.median(base50s), percentile([t for t, _ in pings], 0.99)
    print(
        f"clinic: {CLIENTS} clients recording {SESSIONS_EACH} sessions each at once, "
        f"{ROUNDS} rounds, through 2 workers on {kind}"
    )
    print(
        f"  record a session: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
        f"(baseline /api/ping at the same load: p50 {base50 * 1000:.0f} ms, "
        f"p99 {base99 * 1000:.0f} ms; ratio p50 {p50 / base50:.1f}x)"
    )
    print(
        f"  errors: {errors} of {len(records) + len(pings)} requests; "
        f"sessions stored {stored} of {expected}"
    )
    if errors or stored != expected:
        print("  FALLS SHORT: the goal is zero errors and every session stored")
        for problem in sorted(set(PROBLEMS))[:5]:
            print(f"  answered: {problem}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

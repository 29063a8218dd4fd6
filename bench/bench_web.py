"""Load on the real web server: latency (median, p99) and throughput of the home page, a
point page and plan creation, next to a bare endpoint of the same server in the same run,
and the server's peak memory. Localhost only, bounded in requests and time. Prints numbers.

    python bench/bench_web.py [--clients 50] [--requests 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PLAN_BODY = {
    "complaints": ["lower_back"],
    "age": 45,
    "pregnant": False,
    "red_flags": [],
    "conditions": ["varicose_veins"],
    "minutes": 10,
    "position": "any",
}
TARGETS = [
    ("bare", "GET", "/api/ping"),
    ("home", "GET", "/"),
    ("point", "GET", "/points/BL40"),
    ("plan", "POST", "/api/plan"),
]
TIME_LIMIT = 120.0  # seconds per target, whatever the request count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, db: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-c",
        "from acupressure.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--db",
        f"sqlite:///{db}",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )


def wait_ready(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited")
        try:
            if httpx.get(base + "/api/ping", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def peak_memory_mb(pid: int) -> float:
    """VmHWM: the resident set's high-water mark of the server process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def load(
    base: str, method: str, path: str, *, clients: int, requests: int
) -> dict[str, float]:
    """`requests` requests from `clients` concurrent clients; latency in ms."""
    latencies: list[float] = []
    errors = 0
    remaining = requests
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stop_at = time.monotonic() + TIME_LIMIT

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0 and time.monotonic() < stop_at:
                remaining -= 1
                began = time.perf_counter()
                try:
                    if method == "POST":
                        response = await client.post(path, json=PLAN_BODY)
                    else:
                        response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - began) * 1000)
                errors += 0 if ok else 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors,
        "median_ms": statistics.median(ordered),
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
        "rps": len(ordered) / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as directory:
        server = start_server(port, Path(directory) / "diary.sqlite")
        try:
            wait_ready(base, server)
            for _name, method, path in TARGETS:  # warm caches and imports
                asyncio.run(load(base, method, path, clients=2, requests=20))
            results = {
                name: asyncio.run(
                    load(base, method, path, clients=args.clients, requests=args.requests)
                )
                for name, method, path in TARGETS
            }
            peak = peak_memory_mb(server.pid)
        finally:
            server.terminate()
            server.communicate(timeout=10)
    widths = (
        ("endpoint", "<8"),
        ("requests", ">8"),
        ("errors", ">6"),
        ("median_ms", ">10"),
        ("p99_ms", ">9"),
        ("req_per_s", ">10"),
    )
    print(" ".join(f"{label:{width}}" for label, width in widths))
    for name, row in results.items():
        print(
            f"{name:<8} {row['requests']:>8.0f} {row['errors']:>6.0f} {row['median_ms']:>10.2f} "
            f"{row['p99_ms']:>9.2f} {row['rps']:>10.1f}"
        )
    bare = results["bare"]["median_ms"]
    for name in ("home", "point", "plan"):
        print(f"{name}_median_over_bare {results[name]['median_ms'] / bare:.2f}")
    print(f"clients {args.clients}")
    print(f"server_peak_mb {peak:.1f}")


if __name__ == "__main__":
    main()

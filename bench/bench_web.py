"""The web app on kept-alive connections, against a bare Starlette endpoint on the same server.

One uvicorn process serves both: a bare Starlette route (`/bare`, nothing of ours on its
path) and the whole app mounted beside it, on a socket made the way `acupressure serve`
makes it (TCP_NODELAY). Clients keep one HTTP/1.1 connection each; at concurrency 1 and 16
every target gets REQUESTS requests, the targets taking turns in small rounds so a busier
moment hits them all alike. The diary holds one year of sessions.

    python bench/bench_web.py [--requests 240]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from measure import Goal, load_line, median, p99, write_diary_csv

TARGETS = {
    "bare Starlette": "/bare",
    "app /api/ping": "/api/ping",
    "GET /points/BL40": "/points/BL40",
    "GET /api/plan": "/api/plan?complaints=lower_back&age=45&pregnant=false&red_flags=none"
    "&conditions=none&minutes=10&position=any",
    "GET /api/diary": "/api/diary",
    "GET /diary (page)": "/diary",
}
GOAL_VS_PING = {"GET /api/plan": 4.0, "GET /points/BL40": 4.0}  # issue 8, medians
LEVELS = (1, 16)
ROUND = 16  # requests per target per turn


def serve(port: int, db: str) -> None:
    """The server process: bare route + the app, one uvicorn, serve's own socket."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Mount, Route

    from acupressure.cli.serve import _listen
    from acupressure.web import Settings, create_app

    async def bare(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app = create_app(Settings(db_url=db))
    both = Starlette(routes=[Route("/bare", bare), Mount("/", app=app)])
    sock = _listen("127.0.0.1", port)
    config = uvicorn.Config(both, log_level="warning", server_header=False)
    uvicorn.Server(config).run(sockets=[sock])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the bench server stopped before answering")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/bare")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the bench server never answered")


def _hammer(port: int, path: str, count: int, clients: int, connections: list[Any]) -> list[float]:
    """`count` GETs of `path` spread over `clients` kept-alive connections at once."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(number: int) -> None:
        connection = connections[number]
        mine = []
        start.wait()
        for _ in range(count // clients):
            began = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - began)
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def run(requests: int) -> list[Goal]:
    print(load_line())
    goals: list[Goal] = []
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'web.sqlite3'}"
        year = Path(folder) / "year.csv"
        write_diary_csv(year, 3 * 365)
        script = str(Path(sys.executable).with_name("acupressure"))
        subprocess.run([script, "diary", "import", str(year), "--db", db], check=True,
                       capture_output=True)  # fmt: skip
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), db],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_until_up(port, server)
            for clients in LEVELS:
                goals += _level(port, clients, requests)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return goals


def _level(port: int, clients: int, requests: int) -> list[Goal]:
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                   for _ in range(clients)]  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in TARGETS}
    names = list(TARGETS)
    for name in names:  # warm-up: caches, templates, the connections themselves
        _hammer(port, TARGETS[name], clients, clients, connections)
    per_turn = max(clients, ROUND - ROUND % clients)
    for turn in range(max(1, requests // per_turn)):
        shift = turn % len(names)
        for name in names[shift:] + names[:shift]:
            times[name] += _hammer(port, TARGETS[name], per_turn, clients, connections)
    for connection in connections:
        connection.close()
    bare = median(times["bare Starlette"])
    ping = median(times["app /api/ping"])
    print(f"\nconcurrency {clients} ({clients} kept-alive connections), "
          f"{len(times['bare Starlette'])} requests per target")  # fmt: skip
    print(f"{'target':22} {'median ms':>10} {'p99 ms':>8} {'x bare':>7} {'x ping':>7}")
    for name, values in times.items():
        print(f"{name:22} {1000 * median(values):10.2f} {1000 * p99(values):8.2f} "
              f"{median(values) / bare:7.1f} {median(values) / ping:7.1f}")  # fmt: skip
    return [
        Goal(f"{name} at concurrency {clients}, x the app's /api/ping (medians)",
             median(times[name]) / ping, limit, "x")
        for name, limit in GOAL_VS_PING.items()
    ]  # fmt: skip


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=240)
    for goal in run(parser.parse_args().requests):
        print(goal.line())


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()

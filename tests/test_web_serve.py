"""`acupressure serve`: prints its address and answers there; settings are validated."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from acupressure.cli import app
from acupressure.web import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_prints_its_address_and_serves(tmp_path: Path) -> None:
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "from acupressure.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--db",
        f"sqlite:///{tmp_path / 'diary.sqlite'}",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/ping", timeout=5) as r:
                    assert r.read() == b'{"ok":true}'
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the server never answered")
                time.sleep(0.1)
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_serve_help_and_bad_options() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--open", "--db"):
        assert option in result.output
    assert runner.invoke(app, ["serve", "--port", "70000"]).exit_code == 2


def test_a_bad_database_url_is_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", "nonsense://x", "--port", "0"])
    assert result.exit_code == 2


def test_settings() -> None:
    assert Settings().address == "http://127.0.0.1:8000/"
    assert Settings(host="::1", port=9000).address == "http://[::1]:9000/"
    assert Settings().secret_key != Settings().secret_key
    with pytest.raises(ValidationError):
        Settings(port=-1)
    with pytest.raises(ValidationError):
        Settings(unknown=1)  # type: ignore[call-arg]


def test_a_busy_port_is_a_message_not_a_running_claim(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'diary.sqlite'}"
        result = CliRunner().invoke(app, ["serve", "--port", str(port), "--db", db])
    assert result.exit_code == 1
    assert f"--port: cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "is running" not in result.stdout


def test_served_connections_send_small_responses_at_once() -> None:
    """The listening socket of `serve` says TCP, so the event loop (as uvicorn runs it) sets
    TCP_NODELAY on every accepted connection: no delayed-ACK stall on kept-alive responses."""
    import asyncio

    from acupressure.cli.serve import _listen

    listener = _listen("127.0.0.1", 0)
    assert listener.proto == socket.IPPROTO_TCP
    flags: list[int] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            accepted = transport.get_extra_info("socket")
            flags.append(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def accept_one() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(Probe, sock=listener)
        async with server:
            port = listener.getsockname()[1]
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            while not flags:
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(asyncio.wait_for(accept_one(), timeout=20))
    assert flags and flags[0] != 0


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org"])
def test_a_host_beyond_this_computer_is_refused_and_says_why(tmp_path: Path, host: str) -> None:
    db = f"sqlite:///{tmp_path / 'diary.sqlite'}"
    result = CliRunner().invoke(app, ["serve", "--host", host, "--port", "0", "--db", db])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: --host {host}:")
    assert "network" in result.stderr and "accounts" in result.stderr
    assert "clinic mode" in result.stderr
    assert "is running" not in result.stdout

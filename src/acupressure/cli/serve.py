"""CLI command: serve, the local web app (the main face of the project)."""

from __future__ import annotations

import socket

import typer


def serve(
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on: this computer only (127.0.0.1, localhost, ::1)."
    ),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    open_browser: bool = typer.Option(False, "--open", help="Open the app in a web browser."),
    db: str | None = typer.Option(
        None,
        "--db",
        help="SQLAlchemy URL of the diary (default: ACUPRESSURE_DB or the user data file).",
    ),
    clinic: bool = typer.Option(
        False,
        "--clinic",
        help="Clinic mode: accounts and logins on ACUPRESSURE_DB (PostgreSQL), migrated first.",
    ),
    allowed_hosts: list[str] = typer.Option(
        [],
        "--allowed-host",
        envvar="ACUPRESSURE_ALLOWED_HOSTS",
        help="Clinic mode: a host name people use to reach it (repeat; the proxy's name).",
    ),
    forwarded: bool = typer.Option(
        False,
        "--forwarded",
        help="Clinic mode behind a TLS proxy: trust its X-Forwarded-Proto and -For headers.",
    ),
) -> None:
    """Start the local web app (or with --clinic the multi-user app) and print its address."""
    import logging

    import uvicorn

    from acupressure.cli.output import fail, reported_errors
    from acupressure.web import Settings, create_app
    from acupressure.web.settings import is_loopback

    if (allowed_hosts or forwarded) and not clinic:
        fail("--allowed-host and --forwarded are for clinic mode: add --clinic")
    if not is_loopback(host) and not clinic:
        fail(
            f"--host {host}: the local app has no accounts, so listening beyond this "
            "computer would hand the pain diary to anyone on the network; use 127.0.0.1, "
            "localhost or ::1 (serving a network needs clinic mode, with accounts)"
        )
    # the server's console is its log: database details go there, never into a page
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("acupressure").addHandler(handler)
    hosts = _hosts(host, allowed_hosts) if clinic else None
    with reported_errors():
        extra = {"clinic": True, "allowed_hosts": hosts} if hosts else {}
        settings = Settings(host=host, port=port, db_url=db, **extra)
        app = create_app(settings)
    sock = _listen(host, port)
    settings = settings.model_copy(update={"port": sock.getsockname()[1]})
    mode = " (clinic mode)" if clinic else ""
    typer.echo(f"acupressure{mode} is running at {settings.address} (press Ctrl+C to stop)")
    if open_browser:
        _open_later(settings.address)
    proxy = {"proxy_headers": True, "forwarded_allow_ips": "*"} if forwarded else {}
    config = uvicorn.Config(app, log_level="warning", server_header=False, **proxy)  # type: ignore[arg-type]
    uvicorn.Server(config).run(sockets=[sock])


def _hosts(host: str, allowed: list[str]) -> tuple[str, ...]:
    """The host names clinic mode answers to: loopback, the address it listens on (unless a
    wildcard), and every --allowed-host (also comma-separated, as from the environment)."""
    from acupressure.cli.output import fail
    from acupressure.web.settings import LOOPBACK_HOSTS

    named = [name.strip() for item in allowed for name in item.split(",") if name.strip()]
    bound = [] if host in ("0.0.0.0", "::", "") else [f"[{host}]" if ":" in host else host]
    if host in ("0.0.0.0", "::") and not named:
        fail(f"--host {host}: name the host names people use with --allowed-host")
    return tuple(dict.fromkeys([*LOOPBACK_HOSTS, *bound, *named]))


def _listen(host: str, port: int) -> socket.socket:
    """Bind before saying "running": a busy port is a clear message (exit 1), and port 0
    prints the port the system chose.

    The socket names its protocol (IPPROTO_TCP): asyncio only sets TCP_NODELAY on accepted
    connections whose socket says TCP, and without it every small kept-alive response waits
    about 40 ms for the client's delayed ACK. Connections accepted on Linux also inherit the
    listening socket's TCP_NODELAY.
    """
    from acupressure.cli.output import fail

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        fail(f"--port: cannot listen on {host}:{port}: {error.strerror or error}", code=1)
    return sock


def _open_later(address: str) -> None:
    """Open a browser once the server listens, if this machine has one."""
    import threading
    import webbrowser

    def _open() -> None:
        try:
            webbrowser.get()
        except webbrowser.Error:
            typer.echo("No web browser found here: open the address above yourself.")
            return
        webbrowser.open(address)

    threading.Timer(1.0, _open).start()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the application."""
    app.command("serve")(serve)

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
) -> None:
    """Start the local web app and print its address."""
    import logging

    import uvicorn

    from acupressure.cli.output import fail, reported_errors
    from acupressure.web import Settings, create_app
    from acupressure.web.settings import is_loopback

    if not is_loopback(host):
        fail(
            f"--host {host}: the local app has no accounts, so listening beyond this "
            "computer would hand the pain diary to anyone on the network; use 127.0.0.1, "
            "localhost or ::1 (serving a network needs clinic mode, with accounts)"
        )
    # the server's console is its log: database details go there, never into a page
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("acupressure").addHandler(handler)
    with reported_errors():
        settings = Settings(host=host, port=port, db_url=db)
        app = create_app(settings)
    sock = _listen(host, port)
    settings = settings.model_copy(update={"port": sock.getsockname()[1]})
    typer.echo(f"acupressure is running at {settings.address} (press Ctrl+C to stop)")
    if open_browser:
        _open_later(settings.address)
    config = uvicorn.Config(app, log_level="warning", server_header=False)
    uvicorn.Server(config).run(sockets=[sock])


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

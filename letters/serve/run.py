"""Starting the web app: a loopback socket on a free port, the one-time link, uvicorn until Ctrl-C."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import sys
from pathlib import Path

import click

from letters.errors import visible
from letters.locale import _
from letters.serve.security import Keys

__all__ = ["LOOPBACK", "bind", "is_loopback", "serve"]

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one the system picks)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        from letters.errors import UsageError

        raise UsageError(
            _("cannot listen on {host} port {port}: {reason}").format(host=host, port=port, reason=exc.strerror or exc)
        ) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(folder: str | Path, *, port: int = 0, open_browser: bool = True, host: str | None = None, on: dt.date | None = None) -> None:
    """Serve ``folder`` until Ctrl-C; prints the link (with its one-time key) and opens it.

    ``on`` stands in for today on every page (``--on``), as in the other commands.
    """
    import uvicorn

    from letters.serve.app import create_app

    address = host or LOOPBACK
    sock = bind(address, port)
    port = sock.getsockname()[1]
    shown = f"[{address}]" if ":" in address else address
    keys = Keys(hosts={f"{shown}:{port}"} | ({f"localhost:{port}"} if is_loopback(address) else set()))
    link = keys.link(f"http://{shown}:{port}")
    app = create_app(folder, keys=keys, today=(lambda: on) if on else None)
    click.echo(_("letters is serving the cases in {folder}").format(folder=visible(str(Path(folder).resolve()))))
    click.echo(_("Open this link in your browser (it works once, in one browser): {link}").format(link=link))
    click.echo(_("Press Ctrl-C to stop."))
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        try:
            webbrowser.open(link)
        except webbrowser.Error:
            pass
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    click.echo(_("Stopped."))

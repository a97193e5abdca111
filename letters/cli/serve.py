"""``serve``: the local web app over a folder of case files."""

from __future__ import annotations

import datetime as dt

import click

from letters.cli.options import on_option
from letters.locale import N_, _


@click.command(
    "serve",
    help=N_("""Open the cases in FOLDER in your web browser, on this computer only.

    A page per case shows what is due, a preview of the letter and its downloads, and
    lets you record a letter as sent, log a reply, mark a promise kept and add evidence
    files; a new case is one question per page, saved as you go. The case files stay the
    only store: every change goes through the same checks as the command line.

    The server listens on 127.0.0.1 (this computer) at a free port; the link it prints
    and opens holds a one-time key, and only the browser that opened it is let in.
    Ctrl-C stops it.

    \b
    Example:
        letters serve examples/
        letters serve my-cases --port 8765 --no-browser
    """),
)
@click.argument("folder", default=".", type=click.Path(exists=True, file_okay=False, dir_okay=True))
@click.option("--port", default=0, type=click.IntRange(0, 65535), help=N_("Port to listen on (default: a free one)."))
@click.option("--no-browser", is_flag=True, help=N_("Print the link but do not open a browser."))
@click.option(
    "--host",
    default=None,
    help=N_(
        "Listen on this address instead of 127.0.0.1. Anyone who can reach it and has the link can read your cases: a warning is printed."
    ),
)
@on_option
def serve_cmd(folder: str, port: int, no_browser: bool, host: str | None, on: dt.date | None) -> None:
    from letters.cli.messages import warning
    from letters.serve.run import is_loopback, serve

    if host is not None and not is_loopback(host):
        warning(
            _(
                "listening on {host}, not only on this computer: anyone who can reach it and gets the link can read and change your cases"
            ).format(host=host)
        )
    serve(folder, port=port, open_browser=not no_browser, host=host, on=on)

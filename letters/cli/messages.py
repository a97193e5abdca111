"""How the command line tells the user about problems: ``Error: …`` and ``Warning: …`` lines on stderr."""

from __future__ import annotations

from collections.abc import Iterable

import click

from letters.locale import _

__all__ = ["error", "warning"]


def error(lines: str | Iterable[str]) -> None:
    """One ``Error:`` line per line of ``lines`` (a library error's text has one per problem)."""
    for line in lines.splitlines() if isinstance(lines, str) else lines:
        if line.strip():
            click.echo(_("Error: {line}").format(line=line), err=True)


def warning(lines: str | Iterable[str]) -> None:
    """One ``Warning:`` line each: something to think twice about; the command still succeeds."""
    for line in lines.splitlines() if isinstance(lines, str) else lines:
        if line.strip():
            click.echo(_("Warning: {line}").format(line=line), err=True)

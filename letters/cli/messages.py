"""How the command line tells the user about problems: ``Error: …`` and ``Warning: …`` lines on stderr."""

from __future__ import annotations

from collections.abc import Iterable

import click

__all__ = ["error", "warning"]


def error(lines: str | Iterable[str]) -> None:
    """One ``Error:`` line per line of ``lines`` (a library error's text has one per problem)."""
    for line in lines.splitlines() if isinstance(lines, str) else lines:
        if line.strip():
            click.echo(f"Error: {line}", err=True)


def warning(lines: str | Iterable[str]) -> None:
    """One ``Warning:`` line each: something to think twice about; the command still succeeds."""
    for line in lines.splitlines() if isinstance(lines, str) else lines:
        if line.strip():
            click.echo(f"Warning: {line}", err=True)

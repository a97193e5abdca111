"""How the command line tells the user about problems: ``Error: …`` and ``Warning: …`` lines on stderr."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

import click

from letters.errors import visible
from letters.locale import _

__all__ = ["error", "say", "warning"]


def error(lines: str | Iterable[str], *, file: IO[Any] | None = None) -> None:
    """One ``Error:`` line per line of ``lines`` (a library error's text has one per problem,
    separated by ``\\n``) on stderr, or on ``file``; anything else a terminal would act on is
    shown escaped."""
    for line in _lines(lines):
        click.echo(_("Error: {line}").format(line=line), file=file, err=file is None)


def warning(lines: str | Iterable[str]) -> None:
    """One ``Warning:`` line each: something to think twice about; the command still succeeds."""
    for line in _lines(lines):
        click.echo(_("Warning: {line}").format(line=line), err=True)


def say(text: str) -> None:
    """A command's own output on stdout, line by line, with anything a terminal would act
    on (an escape sequence in a file name, a case's text) shown escaped."""
    click.echo("\n".join(visible(line) for line in text.split("\n")))


def _lines(lines: str | Iterable[str]) -> list[str]:
    """The non-blank lines, split at ``\\n`` only, each made :func:`visible`."""
    found = []
    for text in [lines] if isinstance(lines, str) else lines:
        found += [visible(line) for line in text.split("\n") if line.strip()]
    return found

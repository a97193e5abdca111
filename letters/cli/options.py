"""Option types shared by several commands."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from letters.casefile.terms import STAGES, ImplausibleDateError, check_date_range
from letters.locale import N_, _
from letters.phrasebook import LANGUAGES
from letters.render import ENGINES

if TYPE_CHECKING:
    from collections.abc import Callable

    from click.decorators import FC

__all__ = [
    "DATE",
    "DateType",
    "FilledHelpOption",
    "complete_case_files",
    "complete_formats",
    "engine_option",
    "force_option",
    "format_option",
    "lang_option",
    "on_option",
    "out_option",
    "stage_option",
    "strict_option",
    "templates_option",
]


class FilledHelpOption(click.Option):
    """An option whose help has ``{placeholders}``, filled from ``help_fields`` once translated
    (:func:`letters.cli.localise`), so that the msgid stays one sentence."""

    def __init__(self, *args: Any, help_fields: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.help_fields = help_fields
        if self.help:  # the msgid is kept for translation; English is shown until then
            self.__dict__["_letters_help"] = self.help
            self.help = self.help.format(**help_fields)


def complete_case_files(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion for case files: the ``*.yaml``/``*.yml`` files and the folders that start with ``incomplete``."""
    import os

    from click.shell_completion import CompletionItem

    folder, _, start = incomplete.rpartition(os.sep)
    try:
        entries = sorted(os.scandir(folder or "."), key=lambda e: e.name)
    except OSError:
        return []
    items = []
    for entry in entries:
        if not entry.name.startswith(start) or (entry.name.startswith(".") and not start.startswith(".")):
            continue
        shown = f"{folder}{os.sep}{entry.name}" if folder else entry.name
        if entry.is_dir():
            items.append(CompletionItem(shown + os.sep))
        elif entry.name.lower().endswith((".yaml", ".yml")):
            items.append(CompletionItem(shown))
    return items


def complete_formats(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion for ``--format docx,txt``: the formats not yet in the list, after its last comma."""
    from click.shell_completion import CompletionItem

    from letters.pipeline import KNOWN_FORMATS

    done, _, start = incomplete.rpartition(",")
    taken = set(done.split(",")) if done else set()
    prefix = f"{done}," if done else ""
    return [CompletionItem(prefix + f) for f in KNOWN_FORMATS if f.startswith(start) and f not in taken]


class DateType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click than 8.1
    """An ISO date (``2026-11-25``); a wrong one is a usage error (exit 2)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return check_date_range(dt.date.fromisoformat(str(value).strip()))
        except ImplausibleDateError as exc:
            self.fail(str(exc), param, ctx)
        except ValueError:
            self.fail(_("{value!r} is not a date; use YYYY-MM-DD").format(value=value), param, ctx)


DATE = DateType()

stage_option = click.option(
    "--stage",
    "-s",
    type=click.Choice(STAGES),
    cls=FilledHelpOption,
    help=N_("Which letter: {stages}."),
    help_fields={"stages": ", ".join(STAGES)},
)
on_option = click.option("--on", "on", type=DATE, default=None, help=N_("Stand-in for today (letter date, deadlines). Default: today."))
out_option = click.option(
    "--out", "-o", type=click.Path(), default=".", show_default=True, help=N_("Output folder; letters go to OUT/<case_id>/.")
)
templates_option = click.option(
    "--templates",
    "-t",
    "template_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help=N_("A folder of your own templates, searched before the built-ins (repeatable)."),
)
strict_option = click.option(
    "--strict", is_flag=True, help=N_("Treat warnings as errors: exit 1 and write nothing (see docs/warnings.md).")
)
force_option = click.option("--force", is_flag=True, help=N_("Replace letters that already exist (they are kept otherwise)."))
format_option = click.option(
    "--format",
    "-f",
    "formats",
    default="docx,txt",
    show_default=True,
    help=N_(
        "Comma-separated: docx, txt, pdf (needs LibreOffice), eml (an e-mail draft to send yourself), "
        "form (the consumer body's online form, for the consumer-association stage)."
    ),
    shell_complete=complete_formats,
)


def lang_option(help: str) -> Callable[[FC], FC]:
    """``--lang`` of ``init`` and ``new``: one of the letter languages, default the locale's."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None, help=help)


engine_option = click.option(
    "--engine", type=click.Choice(ENGINES), default="auto", show_default=True, help=N_("docxtpl: the plain reference engine.")
)

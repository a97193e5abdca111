"""The ``letters`` command: parsing only. Each command calls one library function.

Commands live in small modules loaded on first use, so ``letters --help`` and a single
``letters generate`` import only what they need.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from typing import IO, Any

import click

from letters.errors import LettersError
from letters.locale import N_, _, translate_click

translate_click()  # click's own words (Usage:, Options…) in the user's language too

__all__ = ["LettersClickError", "cli", "localise", "main"]

#: command name → "module:function" inside ``letters.cli``.
COMMANDS: dict[str, str] = {
    "init": "core:init_cmd",
    "validate": "core:validate_cmd",
    "generate": "core:generate_cmd",
    "schema": "core:schema_cmd",
    "upgrade": "core:upgrade_cmd",
    "status": "track:status_cmd",
    "log": "track:log_cmd",
    "batch": "batch:batch_cmd",
    "manifest": "batch:manifest_group",
    "templates": "templates:templates_group",
    "new": "new:new_cmd",
    "serve": "serve:serve_cmd",
}


class LettersClickError(click.ClickException):
    """A library error shown as ``Error: …`` lines, exit status 1."""

    exit_code = 1

    def __init__(self, error: LettersError):
        super().__init__(str(error))
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        from letters.cli.messages import error

        error(self.message or type(self.error).__name__, file=file)


def localise(command: click.Command, *, deep: bool = True) -> click.Command:
    """``command``'s help texts, its options' and (``deep``) its subcommands', in the user's language now.

    They are written as ``N_()`` msgids, fixed when their module is imported; the msgid is
    kept and translated again each time the command is looked up. An option's
    ``help_fields`` fill the ``{placeholders}`` of its translated help.
    """
    for item in (command, *command.params):
        english = item.__dict__.setdefault("_letters_help", getattr(item, "help", None))
        if english:
            fields = getattr(item, "help_fields", None)
            item.help = _(english).format(**fields) if fields else _(english)  # type: ignore[attr-defined]
    if deep and isinstance(command, click.Group):
        for sub in command.commands.values():
            localise(sub)
    return command


class LettersGroup(click.Group):
    """Loads commands lazily and turns any :class:`LettersError` into a one-line-per-problem exit 1."""

    def list_commands(self, _ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, _ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(f"{__name__}.{module_name}"), attr)
        return localise(command)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        localise(self, deep=False)
        super().format_help(ctx, formatter)

    def invoke(self, ctx: click.Context) -> Any:
        from letters.errors import command_line

        try:
            with command_line():  # the library's messages name --force, not force=True
                return super().invoke(ctx)
        except LettersError as exc:
            raise LettersClickError(exc) from None


@click.group(
    cls=LettersGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help=N_("""Draft the letters that pursue a complaint about a company's customer service.

    Keep one YAML case file per complaint; letters turns it into the first complaint,
    the follow-up, the escalation and the consumer-association filing, in Word and
    plain text, Chinese or English, and tells you what is due next.

    \b
    Example:
        letters init my-case.yaml --lang zh
        letters generate my-case.yaml --stage first-complaint --out letters-out
    """),
)
@click.version_option(package_name="letters", prog_name="letters")
def cli() -> None:
    """The letters command group; its help is the text above."""


def main(argv: list[str] | None = None) -> None:
    # The command line has no pydantic plugins to run; looking for them slows start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    translate_click()  # again: completion and prompts import more of click
    _settle_streams()
    try:
        cli.main(args=argv, prog_name="letters")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo(_("Interrupted; nothing half-written was left behind."), err=True)
        sys.exit(130)
    except SystemExit as exc:
        if argv is not None:  # called from Python: leave the interpreter to the caller
            raise
        _exit(exc.code)


class _Nowhere(io.TextIOBase):
    """Standard output or error that was closed when ``letters`` started: what is written
    is lost, and the exit status says so (as ``echo hi >&-`` fails)."""

    lost = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.lost = self.lost or bool(text)
        return len(text)


def _settle_streams() -> None:
    """Make the three standard streams safe to use, whatever the caller left them as.

    A closed descriptor 0, 1 or 2 gets ``/dev/null``, so no file ``letters`` opens (a
    letter's temporary file) can take its number and receive what is printed; closed
    ``sys`` streams become harmless ones (input at its end, output that notes its loss);
    and every line printed escapes a name that is not UTF-8 the one agreed way
    (:data:`letters.paths.ESCAPE`) instead of failing on it.
    """
    from letters.paths import ESCAPE

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            spare = os.open(os.devnull, os.O_RDWR)
            if spare != fd:  # another number was free first: put it where it belongs
                os.dup2(spare, fd)
                os.close(spare)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = _Nowhere()
    if sys.stderr is None:
        sys.stderr = _Nowhere()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=ESCAPE)
            except (ValueError, OSError):
                pass


def _exit(code: object) -> None:
    """End the process once everything is written, without tearing the interpreter down.

    Every letter, manifest and case file is complete, renamed into place and closed by
    now (nothing of ours waits for ``atexit`` or a finaliser), and freeing every module
    and object one by one would add a tenth to a single ``letters generate``.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): Python prints it and exits 1
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach the reader
            status = status or 1
    if isinstance(sys.stdout, _Nowhere) and sys.stdout.lost:
        try:
            print(_("Error: standard output is closed; what letters had to print was lost"), file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
        status = status or 1
    os._exit(status)

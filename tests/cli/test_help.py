"""Each command's help says what it does to that command's own files; --force says what it replaces."""

from __future__ import annotations

import pytest


def help_text(cli, *command: str) -> str:
    result = cli(*command, "--help")
    assert result.exit_code == 0
    return " ".join(result.output.split())  # click wraps lines; compare the words


@pytest.mark.parametrize(
    "command, says",
    [
        (("init",), "Writes PATH (never over an existing file without --force) and, beside it, the case.schema.json"),
        (("new",), "Writes only the case file, once the whole case validates"),
        (("validate",), "Only reads the case files and their evidence files; changes no file."),
        (("generate",), "It never replaces a letter without --force, and changes the case file only with --record"),
        (("status",), "Only reads the case files; changes no file."),
        (("log",), "This command changes only the case file's contacts list."),
        (("batch",), "case files are only read."),
        (("schema",), "no file is written"),
        (("templates", "list"), "Only reads the template folders; changes no file."),
        (("templates", "export"), "Writes only into DEST; existing files there are never replaced without --force."),
        (("templates", "check"), "Only reads the templates; changes no file."),
        (("templates", "context"), "Only reads CASE (and its evidence files); changes no file."),
    ],
)
def test_help_says_what_the_command_does_to_its_files(cli, command: tuple[str, ...], says: str) -> None:
    assert says in help_text(cli, *command)


@pytest.mark.parametrize(
    "command, force",
    [
        (("init",), "--force Replace the case file at PATH if it already exists."),
        (("new",), "--force Replace the case file at PATH if it already exists."),
        (("templates", "export"), "--force Replace template files that already exist in DEST."),
        (("generate",), "--force Replace letters that already exist (they are kept otherwise)."),
        (("batch",), "--force Replace letters that already exist (they are kept otherwise)."),
    ],
)
def test_force_says_what_it_replaces(cli, command: tuple[str, ...], force: str) -> None:
    assert force in help_text(cli, *command)

"""The one exception family of ``letters``.

The command line catches :class:`LettersError` once and prints ``Error: <line>`` for
every line of ``str(exc)``; everything a user can cause must end up here, never as a
traceback.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from letters.locale import _

# Every user-facing error class and the Problem a CaseFileError carries: the one list of them.
# ``letters`` exports exactly these (``from letters.errors import *``), so a new error class
# is public once it is named here, and a test fails while one is not.
__all__ = [
    "CaseFileError",
    "EmlError",
    "FileBusyError",
    "FormError",
    "InterviewStopped",
    "LettersError",
    "LibreOfficeMissingError",
    "LogError",
    "NothingDueError",
    "OutputError",
    "OutputExistsError",
    "OutputsExistError",
    "PdfError",
    "Problem",
    "ProfileError",
    "StageError",
    "StrictWarningsError",
    "TemplateCheckError",
    "TemplateError",
    "TemplateNotFoundError",
    "UsageError",
]


def field_path(loc: tuple[str | int, ...]) -> str:
    """``("evidence", 0, "file")`` → ``evidence[0].file``: how every error names a field.

    A key that could be read as part of a path (one holding ``[``, ``]``, ``.``, a quote or
    a space) or that is not printable is written quoted, ``staff['name[']``, so an unknown
    key never reads as another key and never reaches a terminal as control codes.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _plain_key(part):
            out += f"[{visible(repr(part))}]"
        else:
            out += f".{part}" if out else part
    return out


def _plain_key(key: str) -> bool:
    return bool(key) and key.isprintable() and not any(c in key for c in "[].'\" \\") and not key.isdigit()


#: What a terminal would act on rather than show: C0 (but tab) and C1 controls (ESC starts the
#: sequences that retitle windows, write the clipboard, move the cursor), DEL, and the
#: line and paragraph separators; Unicode's bidirectional overrides reorder what is shown.
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # a tab only moves the cursor on


def visible(text: str) -> str:
    """``text`` safe to print on one terminal line: every control character written as an
    escape (``\\x1b``, ``\\u2028``), so a key, a value or a file name shows, never acts."""
    return _CONTROLS.sub(_escape_control, text)


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, located as precisely as we can."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the file's name, key or value holds (see :func:`visible`)."""
        where = f"{visible(self.path)}:{self.line}" if self.line else visible(self.path)
        message = visible(self.message)
        return f"{where}: {visible(self.field)}: {message}" if self.field else f"{where}: {message}"


class LettersError(Exception):
    """Base class: an error the user can fix, printed as one line per problem."""


class CaseFileError(LettersError):
    """A case file cannot be read or does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str | Path, message: str, *, line: int | None = None, field: str = "") -> CaseFileError:
        return cls([Problem(str(path), line, field, message)])


def stage_message(path: str | Path, stage: str, message: str) -> str:
    """``path: stage S: message``: how an error or warning about one stage of a case is printed."""
    return _("{path}: stage {stage}: {message}").format(path=path, stage=stage, message=message)


class StageError(LettersError):
    """A stage's prerequisites are not met (says what is missing and how to record it)."""

    def __init__(self, path: str | Path, stage: str, message: str):
        self.path = str(path)
        self.stage = stage
        self.reason = message
        super().__init__(stage_message(path, stage, message))


class TemplateError(LettersError):
    """A template is broken, unsafe or uses something the view model lacks."""

    def __init__(self, template: str, message: str, *, line: int | None = None):
        self.template = template
        self.line = line
        self.reason = message
        where = f"{template}:{line}" if line else template
        super().__init__(f"{where}: {message}")


class TemplateNotFoundError(TemplateError):
    """No folder on the search path has the template; the message lists every folder tried."""

    def __init__(self, name: str, searched: list[str]):
        self.searched = list(searched)
        super().__init__(name, _("template not found; searched: {folders}").format(folders=", ".join(searched or [_("(nothing)")])))


class OutputError(LettersError):
    """An output file cannot be written where it should go."""

    def __init__(self, path: str | Path, message: str):
        self.path = str(path)
        self.reason = message
        super().__init__(f"{path}: {message}")


#: Set while the command line runs a command: messages then name its options (``--force``)
#: rather than the library's keywords (``force=True``).
_COMMAND_LINE: contextvars.ContextVar[bool] = contextvars.ContextVar("letters_command_line", default=False)


@contextlib.contextmanager
def command_line() -> Iterator[None]:
    """Errors raised inside this block speak to a command-line user (``--force``)."""
    token = _COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _COMMAND_LINE.reset(token)


class OutputExistsError(OutputError):
    """The letter already exists; we never overwrite without ``--force`` (``force=True``)."""

    def __init__(self, path: str | Path):
        if _COMMAND_LINE.get():
            super().__init__(path, _("already exists; not overwritten (use --force to replace it)"))
        else:
            super().__init__(path, _("already exists; not overwritten (pass force=True to replace it)"))


class OutputsExistError(OutputExistsError):
    """Several letters already exist; nothing was written. One line per file.

    An :class:`OutputExistsError` (and so an :class:`OutputError`) itself, naming the first
    file, so ``except letters.OutputExistsError`` catches a second ``generate`` into the same
    folder whichever number of formats exist; ``errors`` holds one per file.
    """

    def __init__(self, errors: Sequence[OutputExistsError]):
        self.errors = list(errors)
        self.paths = [e.path for e in self.errors]
        self.path = self.paths[0] if self.paths else ""
        self.reason = self.errors[0].reason if self.errors else ""
        LettersError.__init__(self, "\n".join(str(e) for e in self.errors))


class UsageError(LettersError):
    """A library call asked for something that does not exist (an unknown stage or format)."""


class LogError(LettersError):
    """``letters log`` cannot add or change an entry safely; the case file is left as it was."""


class FileBusyError(LettersError):
    """Another ``letters`` command holds the lock on this file."""


class PdfError(LettersError):
    """No PDF could be made. Raised after the other formats were written; it names them."""

    def __init__(self, reason: str, written: Sequence[Path] = ()):
        self.reason = reason
        self.written = list(written)
        message = f"pdf: {reason}"
        if self.written:
            message += "\n" + _("the other formats were written: {files}").format(files=", ".join(str(p) for p in self.written))
        super().__init__(message)

    def after_writing(self, written: Sequence[Path]) -> PdfError:
        """The same error, now also saying which files were written despite it."""
        return type(self)(self.reason, written)


class LibreOfficeMissingError(PdfError):
    """``--format pdf`` needs LibreOffice, and it is not installed (or not found)."""


class EmlError(LettersError):
    """The e-mail draft cannot be made as asked (attachments too large)."""


class ProfileError(LettersError):
    """A user's jurisdiction profile (``LETTERS_JURISDICTIONS``) does not validate; one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FormError(LettersError):
    """``--format form`` asked for a letter that has no consumer body's online form."""


class TemplateCheckError(TemplateError):
    """A template failed the check; carries every problem, one line each."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else Problem("", None, "", "")
        super().__init__(first.path, first.message, line=first.line)
        self.args = ("\n".join(str(p) for p in self.problems),)

    def __str__(self) -> str:
        return str(self.args[0])


class InterviewStopped(LettersError):
    """The interview ended before the case was complete; nothing half-done was written."""

    def __init__(self, message: str, *, interrupted: bool):
        super().__init__(message)
        self.interrupted = interrupted


class NothingDueError(LettersError):
    """``generate`` without ``--stage``: no letter is due yet; says what is next and when."""

    def __init__(self, path: str | Path, on: object, detail: str):
        self.path = str(path)
        self.detail = detail
        super().__init__(_("{path}: no letter is due on {on}: {detail}").format(path=path, on=on, detail=detail))


class StrictWarningsError(LettersError):
    """``--strict``: the warnings a letter drew, as errors (nothing was written)."""

    def __init__(self, warnings: list[str]):
        self.warnings = list(warnings)
        super().__init__("\n".join(_("{warning} (a warning; --strict makes it an error)").format(warning=w) for w in self.warnings))

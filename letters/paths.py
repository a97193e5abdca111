"""Paths that come from users' files: they must stay inside the folder they belong to,
name regular files, and print the same way everywhere."""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from letters.locale import _

__all__ = [
    "CASE_ID_PATTERN",
    "ESCAPE",
    "WINDOWS_RESERVED",
    "NotRegularFileError",
    "SymlinkLoopError",
    "UnsafePathError",
    "check_regular",
    "escaped",
    "file_kind",
    "resolve_inside",
    "resolved",
    "shipped_dir",
]

#: A case id names the output folder, so it must be a safe file name everywhere.
CASE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
#: Names Windows will not create as files, whatever the extension.
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)})


class UnsafePathError(ValueError):
    """A relative path from a user's file points outside its folder (or is not relative)."""


class NotRegularFileError(UnsafePathError):
    """A path names a folder, FIFO, socket or device: reading it could block for ever or never end."""

    def __init__(self, message: str, *, folder: bool = False):
        super().__init__(message)
        self.folder = folder


class SymlinkLoopError(OSError):
    """A path whose symbolic links lead back to themselves (ELOOP)."""


def resolved(path: str | Path) -> Path:
    """``Path(path).resolve()``, a symbolic link loop raised as :class:`SymlinkLoopError`
    (``resolve`` raises ``RuntimeError`` for it before Python 3.13, ``OSError`` after)."""
    try:
        return Path(path).resolve()
    except RuntimeError:
        raise SymlinkLoopError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SymlinkLoopError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None
        raise


def resolve_inside(base: str | Path, relative: str) -> Path:
    """Join ``relative`` onto ``base`` and refuse anything that ends up outside ``base``.

    Absolute paths, drive letters, ``..`` that climbs out and symlinks that lead out are
    all refused; the check is made on the fully resolved path so no trick survives it.
    A folder, FIFO, socket or device is refused too, by its status (it is never opened);
    a path that does not exist is returned for the caller to report.
    """
    if not relative or "\x00" in relative:
        raise UnsafePathError(_("is empty or contains a NUL character"))
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() or PureWindowsPath(relative).drive:
        raise UnsafePathError(_("must be a path relative to the case file's folder, not an absolute path"))
    try:
        root = resolved(base)
        target = resolved(root / relative.replace("\\", "/"))
    except SymlinkLoopError:
        raise UnsafePathError(_("is a symbolic link that loops back on itself")) from None
    if target != root and root not in target.parents:
        raise UnsafePathError(_("points outside the case file's folder"))
    try:
        info = os.stat(target)
    except OSError:
        return target
    check_regular(info)
    return target


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a FIFO (named pipe)")."""
    for test, words in (
        (stat.S_ISDIR, _("a folder")),
        (stat.S_ISFIFO, _("a FIFO (named pipe)")),
        (stat.S_ISSOCK, _("a socket")),
        (stat.S_ISCHR, _("a character device")),
        (stat.S_ISBLK, _("a block device")),
    ):
        if test(mode):
            return words
    return _("not a regular file")


def check_regular(info: os.stat_result) -> None:
    """Refuse anything but a regular file (from its status: a FIFO is never opened, so
    reading it cannot block; a device is never opened, so it cannot stream for ever)."""
    if stat.S_ISREG(info.st_mode):
        return
    if stat.S_ISDIR(info.st_mode):
        raise NotRegularFileError(_("is a folder, not a file"), folder=True)
    raise NotRegularFileError(_("is {kind}, not a regular file").format(kind=file_kind(info.st_mode)))


# --- one way to write a name that is not UTF-8 --------------------------------------------------

#: The error handler every text ``letters`` writes goes through (standard output and error,
#: manifests, attachment names). A file name that is not UTF-8 (GBK from a Chinese Windows
#: archive) reaches Python as lone surrogates U+DC80-U+DCFF, one per undecodable byte;
#: each is written as ``\udcXX`` (XX the byte), as Python itself writes them on stderr. A
#: character the output's encoding lacks is written as ``\uXXXX`` too (a pair beyond the
#: BMP), so every line stays valid text in its encoding, and inside a JSON string the same
#: six characters are a valid escape that reads back as the name (``os.fsencode`` then
#: gives back its bytes).
ESCAPE = "letters-escape"


def _escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    pieces = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:  # as JSON writes it: a surrogate pair
            code -= 0x10000
            pieces.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            pieces.append(f"\\u{code:04x}")
    return "".join(pieces), error.end


codecs.register_error(ESCAPE, _escape)


def escaped(text: str, encoding: str = "utf-8") -> str:
    """``text`` as ``letters`` writes it: a name that is not UTF-8 escaped the one agreed way."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, ESCAPE).decode(encoding)
    return text


def shipped_dir(package: str, folder: str) -> Path:
    """A data folder shipped as ``letters.<package>``; in a source checkout, the repository's ``<folder>``."""
    from importlib.util import find_spec

    spec = find_spec(f"letters.{package}")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parent.parent / folder

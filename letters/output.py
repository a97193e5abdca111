"""Writing letters: inside the output folder, atomically, never over a file without ``--force``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError, OutputExistsError
from .models import _WINDOWS_RESERVED, CASE_ID_PATTERN

__all__ = ["letter_path", "write_atomic", "check_writable"]

import re

_CASE_ID = re.compile(CASE_ID_PATTERN)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_EXT = re.compile(r"^[a-z0-9]{1,8}$")


def letter_path(out_dir: str | Path, case_id: str, name: str, ext: str) -> Path:
    """``OUT/<case_id>/<name>.<ext>``, checked so that no part can climb out of ``OUT``."""
    if not _CASE_ID.match(case_id) or ".." in case_id:
        raise OutputError(out_dir, f"case_id {case_id!r} cannot name an output folder")
    if not _NAME.match(name) or not _EXT.match(ext) or name.upper() in _WINDOWS_RESERVED:
        raise OutputError(out_dir, f"{name}.{ext} is not a safe output file name")
    root = Path(out_dir).resolve()
    if root.exists() and not root.is_dir():
        raise OutputError(out_dir, "the output folder is a file; choose another --out")
    target = root / case_id / f"{name}.{ext}"
    if root not in target.resolve().parents:
        raise OutputError(target, "would be written outside the output folder; refused")
    return target


def check_writable(path: Path, *, force: bool) -> None:
    if path.exists() or path.is_symlink():
        if not force:
            raise OutputExistsError(path)
        if path.is_dir():
            raise OutputError(path, "is a folder; not replaced")


def write_atomic(path: Path, data: bytes, *, force: bool, durable: bool = True) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place.

    Without ``force`` the final step is a hard link, which fails if the name appeared in
    the meantime, so even a concurrent writer cannot be overwritten. ``durable=False``
    skips the per-file fsync (the rename still means no half-written file); a batch
    syncs once at its end instead.
    """
    check_writable(path, force=force)
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(parent, "exists and is not a folder") from None
    except OSError as exc:
        raise OutputError(parent, f"cannot create the folder ({exc.strerror or exc})") from None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)
        if force:
            os.replace(tmp_name, path)
        else:
            try:
                os.link(tmp_name, path)
            except FileExistsError:
                raise OutputExistsError(path) from None
            except OSError:  # file systems without hard links
                if path.exists():
                    raise OutputExistsError(path) from None
                os.replace(tmp_name, path)
        if durable:
            _fsync_dir(parent)
    except OSError as exc:
        raise OutputError(path, f"cannot be written ({exc.strerror or exc})") from None
    finally:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

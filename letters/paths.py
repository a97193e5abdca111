"""Paths that come from users' files: they must stay inside the folder they belong to."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from letters.locale import _

__all__ = ["resolve_inside", "UnsafePathError", "CASE_ID_PATTERN", "WINDOWS_RESERVED", "shipped_dir"]

#: A case id names the output folder, so it must be a safe file name everywhere.
CASE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
#: Names Windows will not create as files, whatever the extension.
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)})


class UnsafePathError(ValueError):
    """A relative path from a user's file points outside its folder (or is not relative)."""


def resolve_inside(base: str | Path, relative: str) -> Path:
    """Join ``relative`` onto ``base`` and refuse anything that ends up outside ``base``.

    Absolute paths, drive letters, ``..`` that climbs out and symlinks that lead out are
    all refused; the check is made on the fully resolved path so no trick survives it.
    """
    if not relative or "\x00" in relative:
        raise UnsafePathError(_("is empty or contains a NUL character"))
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() or PureWindowsPath(relative).drive:
        raise UnsafePathError(_("must be a path relative to the case file's folder, not an absolute path"))
    root = Path(base).resolve()
    target = (root / relative.replace("\\", "/")).resolve()
    if target != root and root not in target.parents:
        raise UnsafePathError(_("points outside the case file's folder"))
    if target == root or os.path.isdir(target):
        raise UnsafePathError(_("is a folder, not a file"))
    return target


def shipped_dir(package: str, folder: str) -> Path:
    """A data folder shipped as ``letters.<package>``; in a source checkout, the repository's ``<folder>``."""
    from importlib.util import find_spec

    spec = find_spec(f"letters.{package}")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parent.parent / folder

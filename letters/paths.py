"""Paths that come from users' files: they must stay inside the folder they belong to."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

__all__ = ["resolve_inside", "UnsafePathError"]


class UnsafePathError(ValueError):
    """A relative path from a user's file points outside its folder (or is not relative)."""


def resolve_inside(base: str | Path, relative: str) -> Path:
    """Join ``relative`` onto ``base`` and refuse anything that ends up outside ``base``.

    Absolute paths, drive letters, ``..`` that climbs out and symlinks that lead out are
    all refused; the check is made on the fully resolved path so no trick survives it.
    """
    if not relative or "\x00" in relative:
        raise UnsafePathError("is empty or contains a NUL character")
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() or PureWindowsPath(relative).drive:
        raise UnsafePathError("must be a path relative to the case file's folder, not an absolute path")
    root = Path(base).resolve()
    target = (root / relative.replace("\\", "/")).resolve()
    if target != root and root not in target.parents:
        raise UnsafePathError("points outside the case file's folder")
    if target == root or os.path.isdir(target):
        raise UnsafePathError("is a folder, not a file")
    return target

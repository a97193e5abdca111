"""Which files a batch reads: the case files under the paths given, each once, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

CASE_SUFFIXES = (".yaml", ".yml")


def iter_case_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each PATH in the order given; a folder yields its ``*.yaml``/``*.yml`` files, sorted.

    A path that is neither (missing, or another kind of file named explicitly) is still
    yielded, so that it shows up as a failed row instead of vanishing.
    """
    seen: set[str] = set()
    cwd = os.getcwd()
    for raw in paths:
        path = Path(raw)
        candidates = _cases_in(path) if path.is_dir() else [path]
        for candidate in candidates:
            key = os.path.normpath(os.path.join(cwd, candidate))  # abspath asks the system for the cwd each time
            if key not in seen:
                seen.add(key)
                yield candidate


def _cases_in(folder: Path) -> list[Path]:
    """Case files under ``folder``, ordered by their path inside it (one ``os.walk``: benchmarks/README.md)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, _subdirs, filenames in os.walk(folder):
        inside = Path(dirpath).relative_to(folder).parts
        found += [(inside + (name,), Path(dirpath, name)) for name in filenames if name.lower().endswith(CASE_SUFFIXES)]
    found.sort(key=lambda item: item[0])
    return [path for _, path in found]

"""Finding templates: an ordered list of folders, the user's first, the built-ins last.

A template is ``<name>.<lang>.<ext>``; the first folder that has it wins. When none
has it, the error lists every folder that was searched.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import TemplateError, TemplateNotFoundError

__all__ = ["TemplateSearchPath", "builtin_dir", "user_config_dir", "NAME_PATTERN", "ENV_VAR"]

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ENV_VAR = "LETTERS_TEMPLATES"


def builtin_dir() -> Path:
    """The templates shipped inside the package (``templates/`` in the repository)."""
    return _shipped("templates")


def _shipped(folder: str) -> Path:
    """A data folder shipped as ``letters.<folder>``; in a source checkout, the repository's own."""
    from importlib.util import find_spec

    spec = find_spec(f"letters.{folder}")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parent.parent / folder


def user_config_dir() -> Path:
    from platformdirs import user_config_dir as _dir

    return Path(_dir("letters")) / "templates"


@dataclass(frozen=True)
class TemplateSearchPath:
    """Folders searched in order; ``builtin`` is always last."""

    folders: tuple[Path, ...]

    @classmethod
    def build(cls, cli_dirs: Iterable[str | Path] = (), *, use_env: bool = True, use_config: bool = True) -> "TemplateSearchPath":
        folders: list[Path] = [Path(d) for d in cli_dirs]
        if use_env:
            folders += [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
        if use_config:
            folders.append(user_config_dir())
        folders.append(builtin_dir())
        return cls(tuple(folders))

    def is_builtin(self, folder: Path) -> bool:
        return folder == self.folders[-1]

    def find(self, name: str, lang: str, ext: str) -> Path:
        """The first ``<name>.<lang>.<ext>``; refuses names and files that leave their folder."""
        if not NAME_PATTERN.match(name):
            raise TemplateError(name, "is not a valid template name (lower-case letters, digits, - and _)")
        filename = f"{name}.{lang}.{ext}"
        for folder in self.folders:
            candidate = folder / filename
            if candidate.is_file():
                return _inside(folder, candidate)
        raise TemplateNotFoundError(filename, [str(f) for f in self.folders])


def _inside(folder: Path, candidate: Path) -> Path:
    """A symlinked template that leads out of its folder is refused."""
    root = folder.resolve()
    real = candidate.resolve()
    if root not in real.parents:
        raise TemplateError(str(candidate), "is a link to a file outside its template folder; refused")
    return real

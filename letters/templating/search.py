"""Finding templates: an ordered list of folders, the user's first, the built-ins last.

A template is ``<name>.<lang>.<ext>``; the first folder that has it wins. When none
has it, the error lists every folder that was searched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from letters import rx
from letters.errors import TemplateError, TemplateNotFoundError
from letters.locale import _
from letters.paths import SymlinkLoopError, resolved, shipped_dir

__all__ = [
    "ENV_VAR",
    "FILE_PATTERN",
    "NAME_PATTERN",
    "TemplateEntry",
    "TemplateSearchPath",
    "builtin_dir",
    "export_builtins",
    "inside_folder",
    "template_files",
    "user_config_dir",
]

_NAME = r"[a-z0-9][a-z0-9_-]{0,63}"
NAME_PATTERN = rx.compile(f"^{_NAME}$")
#: ``<name>.<lang>.<docx|txt>``: the only files the search path looks at.
FILE_PATTERN = rx.compile(rf"^(?P<name>{_NAME})\.(?P<lang>[a-z]{{2}}(?:-[A-Z][a-z]{{3}})?)\.(?P<ext>docx|txt)$")
ENV_VAR = "LETTERS_TEMPLATES"


def builtin_dir() -> Path:
    """The templates shipped inside the package (``templates/`` in the repository)."""
    return shipped_dir("builtin_templates", "templates")


def user_config_dir() -> Path:
    from platformdirs import user_config_dir as _dir

    return Path(_dir("letters")) / "templates"


@dataclass(frozen=True)
class TemplateSearchPath:
    """Folders searched in order; ``builtin`` is always last."""

    folders: tuple[Path, ...]

    @classmethod
    def build(cls, cli_dirs: Iterable[str | Path] = (), *, use_env: bool = True, use_config: bool = True) -> TemplateSearchPath:
        folders: list[Path] = [Path(d) for d in cli_dirs]
        if use_env:
            folders += [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
        if use_config:
            folders.append(user_config_dir())
        folders.append(builtin_dir())
        return cls(tuple(folders))

    def is_builtin(self, folder: Path) -> bool:
        return folder == self.folders[-1]

    def origin(self, folder: Path) -> str:
        """How a folder is shown to users: ``built-in`` (in their language) or its path."""
        return _("built-in") if self.is_builtin(folder) else str(folder)

    def entries(self) -> list[TemplateEntry]:
        """Every template file on the path, in search order, with what it overrides or what hides it."""
        found: list[tuple[Path, Path]] = [(folder, f) for folder in self.folders for f in template_files(folder)]
        entries = []
        for folder, path in found:
            same = [other for other, p in found if p.name == path.name]
            index = same.index(folder)
            problem = None
            try:
                inside_folder(folder, path)
            except TemplateError as exc:
                problem = exc.reason
            entries.append(
                TemplateEntry(
                    path=path,
                    origin=self.origin(folder),
                    overrides=tuple(self.origin(f) for f in same[index + 1 :]),
                    hidden_by=self.origin(same[0]) if index else None,
                    problem=problem,
                    builtin=self.is_builtin(folder),
                )
            )
        return entries

    def find(self, name: str, lang: str, ext: str) -> Path:
        """The first ``<name>.<lang>.<ext>``; refuses names and files that leave their folder."""
        if not NAME_PATTERN.match(name):
            raise TemplateError(name, _("is not a valid template name (lower-case letters, digits, - and _)"))
        filename = f"{name}.{lang}.{ext}"
        for folder in self.folders:
            candidate = folder / filename
            if candidate.exists() and not candidate.is_dir():  # a FIFO too: the check refuses it by name
                return inside_folder(folder, candidate)
        raise TemplateNotFoundError(filename, [str(f) for f in self.folders])

    def find_formats(self, name: str, lang: str, formats: Iterable[str], *, every: bool = True) -> dict[str, Path]:
        """The template for each format; with ``every=False`` missing formats are skipped unless all are."""
        found: dict[str, Path] = {}
        missing: list[TemplateNotFoundError] = []
        for fmt in formats:
            try:
                found[fmt] = self.find(name, lang, fmt)
            except TemplateNotFoundError as exc:
                if every:
                    raise
                missing.append(exc)
        if missing and not found:
            raise missing[0]
        return found


def inside_folder(folder: Path, candidate: Path) -> Path:
    """A symlinked template that leads out of its folder is refused."""
    try:
        root = resolved(folder)
        real = resolved(candidate)
    except SymlinkLoopError:
        raise TemplateError(str(candidate), _("is a symbolic link that loops back on itself")) from None
    if root not in real.parents:
        raise TemplateError(str(candidate), _("is a link to a file outside its template folder; refused"))
    return real


@dataclass(frozen=True)
class TemplateEntry:
    """One template file found on the search path (for ``letters templates list``)."""

    path: Path
    origin: str
    overrides: tuple[str, ...] = ()
    hidden_by: str | None = None
    problem: str | None = None
    builtin: bool = False

    @property
    def filename(self) -> str:
        return self.path.name

    def note(self) -> str:
        """``overrides built-in``, ``hidden by …``, ``new``: what this file does on the path."""
        if self.problem:
            return _("refused: {reason}").format(reason=self.problem)
        if self.hidden_by:
            return _("hidden by {origin}").format(origin=self.hidden_by)
        if self.overrides:
            return _("overrides {origins}").format(origins=", ".join(self.overrides))
        return "" if self.builtin else _("new")


def template_files(folder: Path) -> list[Path]:
    """The template files directly inside ``folder`` (named ``<name>.<lang>.<docx|txt>``)."""
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    return [p for p in children if FILE_PATTERN.match(p.name) and (p.is_symlink() or (p.exists() and not p.is_dir()))]


def export_builtins(dest: str | Path, names: Iterable[str] = (), *, force: bool = False) -> list[Path]:
    """Copy built-in templates into ``dest`` to edit; nothing is written if any target exists without ``force``.

    ``names`` are template names (``first-complaint``: every language and format) or
    file names (``first-complaint.en.docx``); none means every built-in.
    """
    from letters.fsio import write_atomic
    from letters.output import check_all_writable

    available = template_files(builtin_dir())
    wanted = list(names)
    chosen = [p for p in available if not wanted or p.name in wanted or p.name.split(".")[0] in wanted]
    unknown = [n for n in wanted if not any(p.name == n or p.name.split(".")[0] == n for p in available)]
    if unknown:
        known = sorted({p.name.split(".")[0] for p in available})
        raise TemplateError(
            ", ".join(unknown), _("no such built-in template; choose from {names}").format(names=", ".join(known) or _("(none installed)"))
        )
    targets = [(src, Path(dest) / src.name) for src in chosen]
    check_all_writable((target for _src, target in targets), force=force)
    for src, target in targets:
        write_atomic(target, src.read_bytes(), force=force)
    return [target for _src, target in targets]

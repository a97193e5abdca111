"""Writing letters: inside the output folder, atomically, never over a file without ``--force``.

The pipeline's last step only; the file-system primitives it writes with (atomic files,
temporary names, locks) are :mod:`letters.fsio`'s.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from letters.errors import OutputError, OutputExistsError, OutputsExistError
from letters.fsio import Folder, check_writable, ensure_folder, remove_stale_parts, unwritable, write_atomic
from letters.locale import _
from letters.paths import CASE_ID_PATTERN, WINDOWS_RESERVED, SymlinkLoopError, resolved

__all__ = [
    "check_all_writable",
    "content_problem",
    "letter_path",
    "letter_targets",
    "new_case_folder",
    "open_output",
    "refuse_inputs",
    "write_files",
    "write_letter",
]

import re

_CASE_ID = re.compile(CASE_ID_PATTERN)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_EXT = re.compile(r"^[a-z0-9]{1,8}$")
#: Formats whose file name ends otherwise than ``.<format>``: the online-form text is ``<stage>.form.txt``.
_SUFFIX = {"form": "form.txt"}


def letter_path(out_dir: str | Path, case_id: str, name: str, ext: str) -> Path:
    """``OUT/<case_id>/<name>.<ext>``, checked so that no part can climb out of ``OUT``.

    The three names are checked by pattern (no separator, no ``..``), so the only way
    out would be a symbolic link at ``OUT/<case_id>`` or at the letter's own name; those
    are resolved and checked. The output folder itself is resolved once per process.
    """
    _check_case_id(out_dir, case_id)
    file_name = check_file_name(out_dir, name, ext)
    root = _output_root(str(out_dir))
    if os.path.isfile(root):
        raise OutputError(out_dir, _("the output folder is a file; choose another --out"))
    target = root / case_id / file_name
    for link in (target.parent, target):
        if os.path.islink(link) and root not in _real(link).parents:
            raise OutputError(target, _("would be written outside the output folder; refused"))
    return target


def _real(link: Path) -> Path:
    """Where a link in ``OUT`` leads; a loop leads nowhere a letter can go."""
    try:
        return resolved(link)
    except SymlinkLoopError:
        raise OutputError(link, _("is a symbolic link that loops back on itself; not written")) from None


def _check_case_id(out_dir: str | Path, case_id: str) -> None:
    if not _CASE_ID.match(case_id) or ".." in case_id:
        raise OutputError(out_dir, _("case_id {case_id!r} cannot name an output folder").format(case_id=case_id))


def check_file_name(out_dir: str | Path, name: str, ext: str) -> str:
    """``<name>.<ext>``, refused unless both are plain names (no separator, no ``..``)."""
    if not _NAME.match(name) or not _EXT.match(ext) or name.upper() in WINDOWS_RESERVED:
        raise OutputError(out_dir, _("{name}.{ext} is not a safe output file name").format(name=name, ext=ext))
    return f"{name}.{_SUFFIX.get(ext, ext)}"


def letter_targets(out_dir: str | Path, case_id: str, name: str, exts: Iterable[str]) -> tuple[dict[str, Path], bool]:
    """Where each format of a letter goes, and whether its case folder was made just now.

    A new folder (see :func:`new_case_folder`) needs no further checks: pass the flag on
    to :func:`letters.fsio.write_atomic` as ``new_folder``. An existing one gets every check of
    :func:`letter_path` and loses the temporary files a killed run left there.
    """
    names = {ext: check_file_name(out_dir, name, ext) for ext in exts}
    folder = new_case_folder(out_dir, case_id) if names else None
    if folder is not None:
        return {ext: folder / file_name for ext, file_name in names.items()}, True
    targets = {ext: letter_path(out_dir, case_id, name, ext) for ext in names}
    if targets:
        remove_stale_parts(next(iter(targets.values())).parent, name)
    return targets, False


def new_case_folder(out_dir: str | Path, case_id: str) -> Path | None:
    """Create ``OUT/<case_id>`` and return it, or ``None`` when it cannot simply be made
    (it exists already, or ``OUT`` is missing or not a folder): the caller then takes the
    checked way, :func:`letter_path` and :func:`letters.fsio.write_atomic`, which explains any problem.

    A folder this call made is empty and a real folder inside ``OUT`` (``mkdir`` never
    follows a link), so the letters written into it need none of the checks an
    existing folder needs.
    """
    _check_case_id(out_dir, case_id)
    folder = _output_root(str(out_dir)) / case_id
    try:
        os.mkdir(folder)
    except OSError:
        return None
    return folder


def _output_root(out_dir: str) -> Path:
    try:
        return _resolved_root(out_dir)
    except SymlinkLoopError:
        raise OutputError(out_dir, _("is a symbolic link that loops back on itself; choose another --out")) from None


@lru_cache(maxsize=16)
def _resolved_root(out_dir: str) -> Path:
    return resolved(out_dir)


def check_all_writable(paths: Iterable[Path], *, force: bool) -> None:
    """Refuse before anything is written when any of ``paths`` exists (each one named)."""
    existing = []
    for path in paths:
        try:
            check_writable(path, force=force)
        except OutputExistsError as exc:
            existing.append(exc)
    if existing:
        raise OutputsExistError(existing)


# --- outputs never over inputs -----------------------------------------------------------------


def refuse_inputs(targets: Iterable[Path], inputs: Iterable[tuple[str, Path]], *, role: str = "") -> None:
    """Refuse to write over a file this run reads (a case file, evidence, a template),
    whatever ``--force`` says. ``inputs`` are ``(what, path)`` pairs, ``what`` one of
    ``case file``, ``evidence file``, ``template``; ``role`` names the
    output in the message (``--manifest``).

    A target is an input when it is the same file, by device and inode (so a second name
    for the case file, through a link, is caught too); a target that does not exist yet
    cannot be one, and costs one ``lstat``.
    """
    existing = []
    for target in targets:
        try:
            info = os.stat(target)
        except OSError:
            continue
        existing.append((target, (info.st_dev, info.st_ino)))
    if not existing:
        return
    for what, source in inputs:
        try:
            info = os.stat(source)
        except OSError:
            continue
        for target, key in existing:
            if key == (info.st_dev, info.st_ino):
                kind = _input_kind(what)
                if role:
                    message = _("{role} is the {kind} {path}; an output is never written over an input (choose another name or folder)")
                else:
                    message = _("is the {kind} {path}; an output is never written over an input (choose another name or folder)")
                raise OutputError(target, message.format(role=role, kind=kind, path=source))


#: What an input of :func:`refuse_inputs` can be.


def _input_kind(what: str) -> str:
    """An input's kind in the user's language."""
    words = {"case file": _("case file"), "evidence file": _("evidence file"), "template": _("template")}
    return words.get(what, what)


# --- writing several formats: each one that can be written is -----------------------------------


def write_files(
    targets: dict[str, Path],
    files: dict[str, bytes],
    *,
    force: bool,
    durable: bool = True,
    new_folder: bool = False,
    root: Folder | None = None,
) -> tuple[list[Path], list[Path], list[OutputError]]:
    """Write each format to its target; returns (written, kept because they existed, failures).

    One format that cannot be written (a full disk, a folder in its way) does not stop the
    others: each failure is one :class:`OutputError` naming its file, with no temporary file
    left. A case folder made for this letter is removed again if nothing got into it.
    ``root``: the output folder held open (:func:`open_output`) since the targets were
    checked; the letters are written through it, into its case folder opened without
    following links, so a folder swapped for a link meanwhile cannot send them elsewhere.
    """
    written: list[Path] = []
    kept: list[Path] = []
    failed: list[OutputError] = []
    folder = next(iter(targets.values())).parent if targets else None
    made_here = new_folder or (folder is not None and not os.path.isdir(folder))
    with contextlib.ExitStack() as stack:
        case_folder = None
        if root is not None and folder is not None:
            try:
                case_folder = stack.enter_context(_case_folder(root, folder))
            except OutputError as exc:
                return [], [], [exc]
        elif new_folder and folder is not None:
            case_folder = _held_open(stack, folder)  # opened once for all its letters, not once a file
        for fmt, target in targets.items():
            try:
                if case_folder is None:
                    write_atomic(target, files[fmt], force=force, durable=durable, new_folder=new_folder)
                else:
                    _write_through(case_folder, target, files[fmt], force=force, durable=durable, new_folder=new_folder)
            except OutputExistsError:
                kept.append(target)
            except OutputError as exc:
                if all(str(exc) != str(seen) for seen in failed):  # their one folder: said once
                    failed.append(exc)
            else:
                written.append(target)
    if failed and made_here and not written and not kept and folder is not None:
        with contextlib.suppress(OSError):
            os.rmdir(folder)
    return written, kept, failed


def open_output(out_dir: str | Path) -> Folder:
    """The output folder held open (made first if missing), for :func:`write_files`'s ``root``:
    opened once when the targets are checked, before a slow step (a PDF conversion)."""
    root = _output_root(str(out_dir))
    ensure_folder(root)
    try:
        return Folder.open(root)
    except OSError as exc:
        raise OutputError(root, _("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None


def write_letter(out_dir: str | Path, target: Path, data: bytes, *, force: bool, durable: bool = True) -> None:
    """Write one letter (from :func:`letter_path`) as :func:`letters.fsio.write_atomic` does, but
    into its case folder opened without following links: a folder swapped for a link after
    the checks (a batch's PDFs convert for minutes) cannot take it elsewhere."""
    with open_output(out_dir) as root, _case_folder(root, target.parent) as folder:
        _write_through(folder, target, data, force=force, durable=durable)


def _case_folder(root: Folder, folder: Path) -> Folder:
    """``root``'s case folder, made if missing, refused if a link (or anything but a folder) is in its place."""
    try:
        return root.sub(folder.name, create=True)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            if os.path.islink(folder):
                raise OutputError(folder, _("would be written outside the output folder; refused")) from None
            raise OutputError(folder, _("exists and is not a folder")) from None
        raise OutputError(folder, _("cannot create the folder ({reason})").format(reason=exc.strerror or exc)) from None


def _held_open(stack: contextlib.ExitStack, folder: Path) -> Folder | None:
    """``folder`` held open until ``stack`` closes; ``None`` when it cannot be opened (each
    file then takes :func:`letters.fsio.write_atomic`'s way, which says what is wrong)."""
    try:
        return stack.enter_context(Folder.open(folder))
    except OSError:
        return None


def _write_through(folder: Folder, target: Path, data: bytes, *, force: bool, durable: bool, new_folder: bool = False) -> None:
    if not new_folder:  # a folder made just now for this letter holds nothing to keep
        check_writable(target, force=force)
    try:
        folder.write(target.name, data, force=force, durable=durable)
    except OSError as exc:
        raise unwritable(target, exc) from None


# --- what a format's bytes must look like ------------------------------------------------------


def content_problem(ext: str, data: bytes) -> str | None:
    """Why ``data`` is not a file of type ``ext`` (``None`` when it looks right), to check
    before writing: a converter that wrote an error page must not become ``letter.pdf``."""
    if ext == "pdf":
        if not data.startswith(b"%PDF-"):
            start = data[:16].decode("ascii", "replace").strip() or _("nothing")
            return _("is not a PDF (it starts with {start!r}, not %PDF-)").format(start=start)
        if b"%%EOF" not in data[-1024:]:
            return _("is not a complete PDF (it has no %%EOF trailer)")
    elif ext == "docx" and not data.startswith(b"PK\x03\x04"):
        return _("is not a Word .docx package (not a zip file)")
    return None

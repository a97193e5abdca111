"""Writing letters: inside the output folder, atomically, never over a file without ``--force``."""

from __future__ import annotations

import itertools
import os
import stat
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from letters.errors import OutputError, OutputExistsError, OutputsExistError
from letters.locale import _
from letters.paths import CASE_ID_PATTERN, WINDOWS_RESERVED

__all__ = [
    "AtomicFile",
    "letter_path",
    "letter_targets",
    "new_case_folder",
    "write_atomic",
    "check_writable",
    "check_all_writable",
    "remove_stale_parts",
    "refuse_inputs",
    "write_files",
    "content_problem",
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
        if os.path.islink(link) and root not in link.resolve().parents:
            raise OutputError(target, _("would be written outside the output folder; refused"))
    return target


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
    to :func:`write_atomic` as ``new_folder``. An existing one gets every check of
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
    checked way, :func:`letter_path` and :func:`write_atomic`, which explains any problem.

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


@lru_cache(maxsize=16)
def _output_root(out_dir: str) -> Path:
    return Path(out_dir).resolve()


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


def check_writable(path: Path, *, force: bool) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        return  # a parent is a file: creating the folder reports it
    if not force:
        raise OutputExistsError(path)
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(path, _("is a folder; not replaced"))


_TEMP_COUNTER = itertools.count()
#: A temporary file older than this belongs to no live writer (a letter takes milliseconds).
STALE_AFTER_SECONDS = 24 * 3600


@lru_cache(maxsize=1)
def _host() -> str:
    """Six hex digits naming this machine, so that a pid is only compared with pids of
    processes on the same machine (an output folder can be shared over the network)."""
    import hashlib
    import socket

    return hashlib.sha1(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:6]


class AtomicFile:
    """A file written bit by bit (a batch manifest) that appears whole or not at all.

    The text goes to a temporary name beside ``path`` (created as :func:`write_atomic`
    creates its own: 0644 less the umask); :meth:`commit` renames it over ``path``,
    :meth:`abandon` removes it.
    """

    def __init__(self, path: Path, *, errors: str = "strict"):
        self.path = path
        try:
            _ensure_folder(path.parent)
            remove_stale_parts(path.parent, path.name)
            for name in _temp_names(path.parent, path.name):
                fd = _open_temp(name)
                if fd is not None:
                    break
        except OSError as exc:
            raise _unwritable(path, exc) from None
        assert fd is not None  # _temp_names never runs dry
        self.tmp_name: str | None = name
        self.file = os.fdopen(fd, "w", encoding="utf-8", errors=errors, newline="")

    def commit(self) -> None:
        try:
            self.file.close()
            assert self.tmp_name is not None
            os.replace(self.tmp_name, self.path)
            self.tmp_name = None
        except OSError as exc:
            self.abandon()
            raise _unwritable(self.path, exc) from None

    def write(self, text: str) -> None:
        """Write ``text``; a failure (a full disk) removes the temporary file and is one line."""
        try:
            self.file.write(text)
        except OSError as exc:
            self.abandon()
            raise _unwritable(self.path, exc) from None

    def abandon(self) -> None:
        try:
            self.file.close()
        except OSError:  # the unwritten rest of a full disk: the file goes anyway
            pass
        if self.tmp_name is not None:
            try:
                os.unlink(self.tmp_name)
            except OSError:
                pass
            self.tmp_name = None


def _temp_names(parent: Path, name: str) -> Iterator[str]:
    """``.<name>.<host>-<pid>-<n>.part`` beside the output, a new ``n`` each time (host and
    pid keep other live processes' names apart and tell a clean-up whose file it is)."""
    prefix = os.path.join(parent, f".{name}.{_host()}-{os.getpid()}-")
    while True:
        yield f"{prefix}{next(_TEMP_COUNTER)}.part"


def _open_temp(tmp: str) -> int | None:
    """Create ``tmp`` exclusively, mode 0644 less umask; ``None`` when the name is taken."""
    try:
        return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    except FileExistsError:
        return None


def remove_stale_parts(folder: Path, name: str) -> None:
    """Remove the temporary files (``.<name>.*.part``, see :func:`_temp_names`) that a
    killed run left; a rerun calls it before writing again.

    Only files no live process can still be writing are removed: this process's own, those
    of a process of this machine that has ended, and any older than a day. Another run
    writing into the same folder at the same time keeps its files, and so its letters.
    """
    try:
        entries = os.scandir(folder)
    except OSError:  # a new case folder: nothing to clean
        return
    with entries:
        for entry in entries:
            if entry.name.startswith(f".{name}.") and entry.name.endswith(".part") and entry.is_file(follow_symlinks=False):
                if _writer_alive(entry):
                    continue
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def _writer_alive(entry: os.DirEntry[str]) -> bool:
    """Whether the process that named this temporary file may still be writing it."""
    try:
        if entry.stat(follow_symlinks=False).st_mtime < time.time() - STALE_AFTER_SECONDS:
            return False
    except OSError:
        return False
    host, _, rest = entry.name[: -len(".part")].rpartition(".")[2].partition("-")
    pid_text = rest.partition("-")[0]
    if not pid_text.isdigit():
        return False  # not a name this version makes: an older run's, long gone
    if host != _host():
        return True  # another machine's: its pid means nothing here; only age tells
    pid = int(pid_text)
    return pid != os.getpid() and pid_alive(pid)  # ours are from before: we write one at a time


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` may still be running (``True`` when it cannot be told)."""
    if os.name == "nt":  # os.kill would end the process there; only age tells
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # EPERM: alive, another user's; a pid too large to be one: leave it
        return True
    return True


def write_atomic(path: Path, data: bytes, *, force: bool, durable: bool = True, new_folder: bool = False, mode: int | None = None) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place.

    Without ``force`` the final step is a hard link, which fails if the name appeared in
    the meantime, so even a concurrent writer cannot be overwritten. ``durable=False``
    skips the per-file fsync (the rename still means no half-written file); a batch
    syncs once at its end instead. ``new_folder``: ``path``'s folder was just made by
    :func:`new_case_folder`, so it exists and holds nothing to check. ``mode``: the
    permission bits to give the file (replacing a user's file keeps its mode); otherwise
    0644 less the umask.
    """
    parent = path.parent
    if not new_folder:
        check_writable(path, force=force)
        _ensure_folder(parent)
    tmp_name = None
    try:
        # The name is held before the file exists, so a stop (SIGTERM in a batch worker)
        # right after it is created still reaches the clean-up below.
        for tmp_name in _temp_names(parent, path.name):
            fd = _open_temp(tmp_name)
            if fd is not None:
                break
        assert fd is not None and tmp_name is not None  # _temp_names never runs dry
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if mode is not None:
                os.fchmod(fd, mode)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            os.replace(tmp_name, path)
            tmp_name = None
        else:
            try:
                os.link(tmp_name, path)
            except FileExistsError:
                raise OutputExistsError(path) from None
            except OSError:  # file systems without hard links
                if os.path.lexists(path):
                    raise OutputExistsError(path) from None
                os.replace(tmp_name, path)
                tmp_name = None
        if durable:
            _fsync_dir(parent)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _unwritable(path: Path, exc: OSError) -> OutputError:
    """``path: cannot be written (No space left on device)``."""
    return OutputError(path, _("cannot be written ({reason})").format(reason=exc.strerror or exc))


def _ensure_folder(parent: Path) -> None:
    try:
        os.mkdir(parent)
    except FileExistsError:
        if not os.path.isdir(parent):
            raise OutputError(parent, _("exists and is not a folder")) from None
    except FileNotFoundError:
        _make_folders(parent)
    except NotADirectoryError:
        raise OutputError(parent, _("exists and is not a folder")) from None
    except OSError as exc:
        raise OutputError(parent, _("cannot create the folder ({reason})").format(reason=exc.strerror or exc)) from None


def _make_folders(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(folder, _("exists and is not a folder")) from None
    except OSError as exc:
        raise OutputError(folder, _("cannot create the folder ({reason})").format(reason=exc.strerror or exc)) from None


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
    targets: dict[str, Path], files: dict[str, bytes], *, force: bool, durable: bool = True, new_folder: bool = False
) -> tuple[list[Path], list[Path], list[OutputError]]:
    """Write each format to its target; returns (written, kept because they existed, failures).

    One format that cannot be written (a full disk, a folder in its way) does not stop the
    others: each failure is one :class:`OutputError` naming its file, with no temporary file
    left. A case folder made for this letter is removed again if nothing got into it.
    """
    written: list[Path] = []
    kept: list[Path] = []
    failed: list[OutputError] = []
    folder = next(iter(targets.values())).parent if targets else None
    made_here = new_folder or (folder is not None and not os.path.isdir(folder))
    for fmt, target in targets.items():
        try:
            write_atomic(target, files[fmt], force=force, durable=durable, new_folder=new_folder)
        except OutputExistsError:
            kept.append(target)
        except OutputError as exc:
            if all(str(exc) != str(seen) for seen in failed):  # their one folder: said once
                failed.append(exc)
        else:
            written.append(target)
    if failed and made_here and not written and not kept and folder is not None:
        try:
            os.rmdir(folder)
        except OSError:
            pass
    return written, kept, failed


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

"""File-system primitives, below everything: atomic files, temporary names, live writers, one lock.

Every module that writes a file the user keeps (a letter, a case file, a manifest, a cache
entry) writes it through here: to a temporary name beside it, renamed into place, so an
interrupted run leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from letters.errors import OutputError, OutputExistsError
from letters.locale import _

__all__ = [
    "STALE_AFTER_SECONDS",
    "AtomicFile",
    "Folder",
    "check_writable",
    "create_temp",
    "ensure_folder",
    "fsync_dir",
    "host_tag",
    "locked",
    "pid_alive",
    "remove_stale_parts",
    "sync_filesystem",
    "unwritable",
    "write_atomic",
]

_TEMP_COUNTER = itertools.count()
#: Whether files can be made relative to an open folder here (not on Windows).
_DIR_FD = all(f in os.supports_dir_fd for f in (os.open, os.link, os.rename, os.unlink, os.mkdir))  # os.replace is os.rename's twin
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
#: A temporary file older than this belongs to no live writer (a letter takes milliseconds).
STALE_AFTER_SECONDS = 24 * 3600


@lru_cache(maxsize=1)
def host_tag() -> str:
    """Six hex digits naming this machine, so that a pid is only compared with pids of
    processes on the same machine (an output folder can be shared over the network)."""
    import hashlib
    import socket

    return hashlib.sha1(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:6]


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


# --- temporary files -----------------------------------------------------------------------------


def create_temp(parent: Path, name: str, *, dir_fd: int | None = None) -> tuple[int, str]:
    """Create ``.<name>.<host>-<pid>-<n>.part`` in ``parent`` exclusively (0644 less the umask);
    returns its descriptor and path (its bare name when ``dir_fd``, ``parent`` held open, is
    given). A new ``n`` each try: host and pid keep other live processes' names apart and
    tell a clean-up (:func:`remove_stale_parts`) whose file it is.
    """
    prefix = f".{name}.{host_tag()}-{os.getpid()}-"
    if dir_fd is None:
        prefix = os.path.join(parent, prefix)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = f"{prefix}{next(_TEMP_COUNTER)}.part"
        try:
            return os.open(tmp, flags, 0o644, dir_fd=dir_fd), tmp
        except FileExistsError:
            continue


def remove_stale_parts(folder: Path, name: str) -> None:
    """Remove the temporary files (``.<name>.*.part``, see :func:`create_temp`) that a
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
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _writer_alive(entry: os.DirEntry[str]) -> bool:
    """Whether the process that named this temporary file may still be writing it."""
    try:
        if entry.stat(follow_symlinks=False).st_mtime < time.time() - STALE_AFTER_SECONDS:
            return False
    except OSError:
        return False
    host, _sep, rest = entry.name[: -len(".part")].rpartition(".")[2].partition("-")
    pid_text = rest.partition("-")[0]
    if not pid_text.isdigit():
        return False  # not a name this version makes: an older run's, long gone
    if host != host_tag():
        return True  # another machine's: its pid means nothing here; only age tells
    pid = int(pid_text)
    return pid != os.getpid() and pid_alive(pid)  # ours are from before: we write one at a time


class AtomicFile:
    """A file written bit by bit (a batch manifest) that appears whole or not at all.

    The text goes to a temporary name beside ``path`` (see :func:`create_temp`);
    :meth:`commit` renames it over ``path``, :meth:`abandon` removes it.
    """

    def __init__(self, path: Path, *, errors: str = "strict"):
        self.path = path
        try:
            ensure_folder(path.parent)
            remove_stale_parts(path.parent, path.name)
            fd, name = create_temp(path.parent, path.name)
        except OSError as exc:
            raise unwritable(path, exc) from None
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
            raise unwritable(self.path, exc) from None

    def write(self, text: str) -> None:
        """Write ``text``; a failure (a full disk) removes the temporary file and is one line."""
        try:
            self.file.write(text)
        except OSError as exc:
            self.abandon()
            raise unwritable(self.path, exc) from None

    def abandon(self) -> None:
        with contextlib.suppress(OSError):  # the unwritten rest of a full disk: the file goes anyway
            self.file.close()
        if self.tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp_name)
            self.tmp_name = None


# --- writing a whole file at once ----------------------------------------------------------------


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse ``path`` when it exists (without ``force``) or is a folder."""
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


def write_atomic(path: Path, data: bytes, *, force: bool, durable: bool = True, new_folder: bool = False, mode: int | None = None) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place.

    Without ``force`` the final step is a hard link, which fails if the name appeared in
    the meantime, so even a concurrent writer cannot be overwritten. ``durable=False``
    skips the per-file fsync (the rename still means no half-written file); a batch
    syncs once at its end instead. ``new_folder``: ``path``'s folder was just made by
    the caller, so it exists and holds nothing to check. ``mode``: the permission bits to
    give the file (replacing a user's file keeps its mode); otherwise 0644 less the umask.
    """
    if not new_folder:
        check_writable(path, force=force)
        ensure_folder(path.parent)
    try:
        with Folder.open(path.parent) as folder:
            folder.write(path.name, data, force=force, durable=durable, mode=mode)
    except OSError as exc:
        raise unwritable(path, exc) from None


class Folder:
    """A folder held open: every file made through it lands in that folder, whatever happens
    to its path meanwhile (renamed, swapped for a symbolic link). Where the system cannot
    make files relative to an open folder (Windows), its path stands in.
    """

    def __init__(self, path: Path, fd: int | None):
        self.path, self.fd = path, fd

    @classmethod
    def open(cls, path: Path) -> Folder:
        if not _DIR_FD:
            return cls(path, None)
        return cls(path, os.open(path, os.O_RDONLY | _DIRECTORY | getattr(os, "O_CLOEXEC", 0)))

    def sub(self, name: str, *, create: bool = False) -> Folder:
        """The folder ``name`` inside this one, never through a symbolic link (``OSError``
        ``ELOOP`` or ``ENOTDIR`` if one is there); made first when ``create`` and missing."""
        if self.fd is None:
            path = self.path / name
            if os.path.islink(path):
                raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(path)
            return Folder(path, None)
        flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(name, flags, dir_fd=self.fd)
        except FileNotFoundError:
            if not create:
                raise
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, dir_fd=self.fd)
            fd = os.open(name, flags, dir_fd=self.fd)
        return Folder(self.path / name, fd)

    def write(self, name: str, data: bytes, *, force: bool, durable: bool = True, mode: int | None = None) -> None:
        """:func:`write_atomic` of ``name`` in this folder; ``OSError`` as it comes."""
        tmp_name = None
        try:
            fd, tmp_name = self._create_temp(name)
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
                self._replace(tmp_name, name)
                tmp_name = None
            else:
                self._link(tmp_name, name)
            if durable:
                self.sync()
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    self._unlink(tmp_name)

    def _create_temp(self, name: str) -> tuple[int, str]:
        if self.fd is None:
            fd, tmp = create_temp(self.path, name)
            return fd, os.path.basename(tmp)
        return create_temp(self.path, name, dir_fd=self.fd)

    def _link(self, tmp_name: str, name: str) -> None:
        """Hard-link ``tmp_name`` to ``name``: fails if ``name`` exists, even as a link."""
        try:
            if self.fd is None:
                os.link(self.path / tmp_name, self.path / name)
            else:
                os.link(tmp_name, name, src_dir_fd=self.fd, dst_dir_fd=self.fd, follow_symlinks=False)
        except FileExistsError:
            raise OutputExistsError(self.path / name) from None
        except OSError:  # file systems without hard links
            try:
                os.lstat(name, dir_fd=self.fd) if self.fd is not None else os.lstat(self.path / name)
            except FileNotFoundError:
                self._replace(tmp_name, name)
                return
            raise OutputExistsError(self.path / name) from None

    def _replace(self, source: str, target: str) -> None:
        if self.fd is None:
            os.replace(self.path / source, self.path / target)
        else:
            os.replace(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def _unlink(self, name: str) -> None:
        if self.fd is None:
            os.unlink(self.path / name)
        else:
            os.unlink(name, dir_fd=self.fd)

    def sync(self) -> None:
        """Flush the folder's entries (a rename) to disk; best effort."""
        if self.fd is None:
            fsync_dir(self.path)
            return
        with contextlib.suppress(OSError):
            os.fsync(self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def unwritable(path: Path, exc: OSError) -> OutputError:
    """``path: cannot be written (No space left on device)``."""
    return OutputError(path, _("cannot be written ({reason})").format(reason=exc.strerror or exc))


def ensure_folder(parent: Path) -> None:
    """Make ``parent`` (and its parents) unless it is a folder already; one error line otherwise."""
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


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk; best effort."""
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


def sync_filesystem(folder: str | Path) -> None:
    """Flush to disk everything written on the file system that holds ``folder``: a batch's
    letters, once at its end, instead of an fsync per file.

    ``syncfs`` where the C library has it (Linux): only that file system, so a batch never
    waits for what other programs wrote elsewhere; else ``sync`` (every file system), and
    where neither exists, nothing (the renames still mean no half-written file).
    """
    syncfs = _syncfs()
    if syncfs is not None:
        try:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            fd = -1
        if fd >= 0:
            try:
                if syncfs(fd) == 0:
                    return
            finally:
                os.close(fd)
    if hasattr(os, "sync"):
        os.sync()


@lru_cache(maxsize=1)
def _syncfs() -> Callable[[int], int] | None:
    """The C library's ``syncfs(fd)`` (Linux), or ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return cast("Callable[[int], int]", function)


# --- the one lock ----------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(path: Path, *, timeout: float) -> Iterator[None]:
    """Hold an exclusive inter-process lock on ``path`` (a folder, or a file created if
    missing) for the ``with`` block; :class:`TimeoutError` after ``timeout`` seconds.

    The lock is the operating system's (``flock``): it goes when its holder ends, however
    it ends, and every process that names the same file or folder takes the same lock,
    whatever its user, home or cache folder. Where there is no ``flock`` (Windows), or the
    file system refuses it on a folder, a ``.letters.lock`` file in the folder stands in.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield from _locked_by_file(path, timeout)
        return
    fd = _lock_target(path)
    try:
        try:
            _flock(fcntl, fd, timeout, path)
        except OSError as exc:
            if isinstance(exc, TimeoutError) or not os.path.isdir(path):
                raise
            os.close(fd)  # NFS and others lock files only
            fd = _lock_target(path / ".letters.lock")
            _flock(fcntl, fd, timeout, path)
        yield
    finally:
        os.close(fd)  # releases the lock


def _lock_target(path: Path) -> int:
    flags = getattr(os, "O_CLOEXEC", 0)
    if os.path.isdir(path):
        return os.open(path, os.O_RDONLY | flags)
    return os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o644)


def _flock(fcntl: Any, fd: int, timeout: float, path: Path) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.002
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise TimeoutError(str(path)) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.05)


def _locked_by_file(path: Path, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(str(path / ".letters.lock" if os.path.isdir(path) else path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise TimeoutError(str(path)) from None
    try:
        yield
    finally:
        lock.release()

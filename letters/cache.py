"""A small on-disk cache for work that depends only on a file's contents and on our code.

Preparing a .docx template and checking a template each cost more than a whole letter;
a single ``letters generate`` would pay for them every time. Entries are keyed by the
SHA-256 of the input plus a fingerprint of the code that produced them (every module of
``letters``, Jinja's and docxtpl's versions, the Python version), so any change to either
simply misses. A cache that cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["ENV_VAR", "bytecode_cache", "entry", "file_version", "load", "module_version", "one_look", "per_file_version", "root", "save"]

ENV_VAR = "LETTERS_CACHE_DIR"


#: Inside :func:`one_look`: each file's version as first read there.
_LOOKED: ContextVar[dict[str, tuple[int, int]] | None] = ContextVar("letters_looked", default=None)


@contextmanager
def one_look() -> Iterator[None]:
    """Inside the ``with`` block each file's version is read once (the first
    :func:`file_version` of it), and every :func:`per_file_version` cache sees that version.

    A letter looks its templates up several times (their names, their check, their render):
    one ``stat`` each instead of three, and a letter made from one version of each template
    even if one is saved meanwhile (the next letter sees the new version).
    """
    token = _LOOKED.set({})
    try:
        yield
    finally:
        _LOOKED.reset(token)


def file_version(path: str) -> tuple[int, int]:
    """``path``'s modification time and size, read once per :func:`one_look` block.

    ``os.stat`` errors propagate (a missing file), and are not remembered.
    """
    looked = _LOOKED.get()
    if looked is not None:
        version = looked.get(path)
        if version is not None:
            return version
    info = os.stat(path)
    version = (info.st_mtime_ns, info.st_size)
    if looked is not None:
        looked[path] = version
    return version


def per_file_version(maxsize: int) -> Callable[[Callable[[str], T]], Callable[[str | Path], T]]:
    """Cache ``function(path)`` in memory per version of the file: its path, modification time
    and size (size too, so an edit within one clock tick is still seen); the version is read
    once per :func:`one_look` block.

    ``os.stat`` errors (a missing file) propagate, for the caller to word.
    """

    def decorate(function: Callable[[str], T]) -> Callable[[str | Path], T]:
        @lru_cache(maxsize=maxsize)
        def cached(path: str, _mtime_ns: int, _size: int) -> T:  # the version is the key
            return function(path)

        def lookup(path: str | Path) -> T:
            name = path if type(path) is str else str(path)
            mtime_ns, size = file_version(name)
            return cached(name, mtime_ns, size)

        lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return lookup

    return decorate


@lru_cache(maxsize=1)
def _fingerprint() -> bytes:
    import importlib.util

    import jinja2

    package = Path(__file__).parent
    files = sorted(package.rglob("*.py"))
    spec = importlib.util.find_spec("docxtpl")
    if spec and spec.origin:
        files.append(Path(spec.origin).with_name("template.py"))
    stats = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        stats.append((str(f), st.st_mtime_ns, st.st_size))
    return repr((sys.version, jinja2.__version__, stats)).encode()


def module_version(name: str) -> str:
    """The installed files of module ``name`` as a cache key: where its first file lies, its
    modification time and size (an upgrade or a reinstall changes them), found without
    importing it; ``""`` when it is not installed."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec else None
        info = os.stat(origin) if origin else None
    except (ImportError, OSError, ValueError):
        return ""
    return repr((origin, info.st_mtime_ns, info.st_size)) if info else ""


def root() -> Path:
    """The cache folder: ``$LETTERS_CACHE_DIR``, else the user's cache folder for ``letters``."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("letters"))


def entry(kind: str, content: bytes, *extra: str) -> Path | None:
    """Where the result of ``kind`` work on ``content`` lives (``None``: no cache)."""
    try:
        digest = hashlib.sha256(content)
        digest.update(_fingerprint())
        for item in extra:
            digest.update(b"\0" + item.encode("utf-8", "surrogatepass"))
        return root() / kind / f"{digest.hexdigest()}.pickle"
    except (OSError, ValueError):
        return None


def load(path: Path | None) -> Any | None:
    """The stored value, or ``None`` when absent or unreadable."""
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:
        return None


def save(path: Path | None, value: Any) -> None:
    """Store ``value`` atomically (a concurrent reader never sees half an entry)."""
    if path is None:
        return
    from letters.errors import LettersError
    from letters.fsio import write_atomic

    try:  # not durable: a lost entry is only rebuilt
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), force=True, durable=False)
    except (LettersError, OSError, pickle.PicklingError):
        return


def bytecode_cache(kind: str) -> Any:
    """Jinja's own on-disk bytecode cache (``jinja2.FileSystemBytecodeCache``) for templates
    loaded by path; ``kind`` names the environment.

    Its folder is named after the code fingerprint, so compiled code made by another version
    of our code generator or sandbox is never run, and is read from ``LETTERS_CACHE_DIR`` on
    every use like the rest of this cache. A folder that cannot be read or written is no
    cache, never an error.
    """
    import jinja2

    class _BytecodeCache(jinja2.FileSystemBytecodeCache):
        def __init__(self) -> None:  # the folder is computed on each use, not fixed here
            self.pattern = "__jinja2_%s.cache"

        @property
        def directory(self) -> str:  # type: ignore[override]
            return str(root() / kind / hashlib.sha256(_fingerprint()).hexdigest()[:32])

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # a damaged entry (truncated, another pickle): compiled again
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:  # Jinja writes a temporary file and renames it: a reader never sees half of one
                os.makedirs(self.directory, mode=0o700, exist_ok=True)
                super().dump_bytecode(bucket)
            except (OSError, ValueError):
                return

    return _BytecodeCache()

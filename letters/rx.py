"""Our regular expressions, compiled once per Python build instead of once per process.

Python compiles a pattern in Python code, and a class of 20,000 Chinese characters or an
alternation of a hundred phrases takes milliseconds: our own patterns cost about 40 ms of
every ``letters`` process's start-up (170 million instructions, an eighth of it). What the
compiler makes is a list of numbers that only the pattern, its flags and the Python build
decide, so it is kept in the on-disk cache (:mod:`letters.cache`), keyed by
``sys.version`` and the regular-expression engine's own version, and handed to the engine
as it is. The engine checks the numbers before it runs them, and a table that cannot be
read, or an entry the engine refuses, is compiled again: never an error, never another
pattern than ``re.compile`` makes (a test compares the two).

Only patterns written in our code go through here: the table keeps every pattern it is
given, so text that varies from case to case must use :func:`re.compile`.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["compile"]

#: Entries beyond this are compiled but not kept: a guard, in case varying text ever comes here.
MAX_KEPT = 1000

try:  # the engine's private entry point, as ``re`` itself calls it (Python 3.11 and later)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _ENGINE = repr((sys.version, _sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS))
except (ImportError, AttributeError):  # Python 3.10, or another implementation: no table
    _ENGINE = ""

#: (pattern, flags) → what the engine takes besides the pattern; ``None`` until first read.
_table: dict[tuple[str, int], tuple[Any, ...]] | None = None


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the table when this Python build compiled it before."""
    flags = int(flags)
    if not _ENGINE:
        return re.compile(pattern, flags)
    table = _load()
    parts = table.get((pattern, flags))
    if parts is not None:
        try:
            found: re.Pattern[str] = _sre.compile(pattern, *parts)
            return found
        except Exception:  # an entry the engine refuses: compiled again below
            pass
    try:
        parts = _parts(pattern, flags)
        made: re.Pattern[str] = _sre.compile(pattern, *parts)
    except re.error:
        raise
    except Exception:  # the compiler's insides are not what this module knows
        return re.compile(pattern, flags)
    if len(table) < MAX_KEPT:
        table[(pattern, flags)] = parts
        _save(table)
    return made


def _parts(pattern: str, flags: int) -> tuple[Any, ...]:
    """What ``re._compiler.compile`` hands the engine after the pattern (Python 3.11-3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # its opcodes are named ints: kept as plain ones
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))


def _where() -> Path | None:
    from letters import cache

    try:
        return cache.root() / "patterns" / f"{hashlib.sha256(_ENGINE.encode()).hexdigest()[:32]}.pickle"
    except (OSError, ValueError):
        return None


def _load() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _table
    if _table is None:
        from letters import cache

        kept = cache.load(_where())
        _table = kept if isinstance(kept, dict) else {}
    return _table


def _save(table: dict[tuple[str, int], tuple[Any, ...]]) -> None:
    from letters import cache

    cache.save(_where(), table)

"""Reading a case file: bytes → safe YAML → validated :class:`~letters.casefile.model.Case`.

Every failure becomes a :class:`~letters.errors.CaseFileError` whose lines read
``path:line: field.path: message``. A file in the plain layout ``letters init`` writes is
read by :mod:`letters.casefile.plainyaml`, without YAML nodes; anything else by PyYAML's
loader (:mod:`letters.casefile.fullyaml`), which keeps every key's line, catches duplicate
keys and stops alias bombs. A plain file's lines are worked out by that loader when first
asked for.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from letters.casefile.model import Case, link_problems
from letters.casefile.plainyaml import RULED_FIRST, plain_tag, read_plain
from letters.casefile.pydantic_text import error_message
from letters.casefile.record import record_problems
from letters.casefile.widecolon import WIDE_KEY, wide_colon
from letters.errors import CaseFileError, Problem, field_path
from letters.locale import _
from letters.paths import NotRegularFileError, UnsafePathError, check_regular, resolve_inside

__all__ = ["MAX_CASE_BYTES", "CaseFile", "check_record", "load_case", "parse_case_text", "read_case_bytes"]

#: A case file is a few kilobytes; anything above this is not a case file.
MAX_CASE_BYTES = 2 * 1024 * 1024
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class CaseFile:
    """A loaded case and where each of its fields sits in the file."""

    path: Path
    case: Case
    #: Where each key and item sits (for a file the plain reader read: worked out when first asked for).
    lines: Mapping[Path_, int] = field(default_factory=dict, repr=False)
    #: The day the record was checked against: nothing in it is dated later.
    checked_on: dt.date | None = field(default=None, compare=False)
    #: The text the case was read from (warnings about the file's layout read it, not the disk again).
    text: str = field(default="", repr=False, compare=False)

    def line_of(self, loc: Path_) -> int | None:
        return _line_for(self.lines, loc)

    def problem(self, loc: Path_, message: str) -> CaseFileError:
        """``message`` about the field at ``loc``, located at its line in this file."""
        return CaseFileError([Problem(str(self.path), self.line_of(loc), field_path(loc), message)])

    def evidence_path(self, index: int) -> Path:
        """The file of ``evidence[index]``: inside the case file's folder, and present."""
        relative = self.case.evidence[index].file or ""
        loc = ("evidence", index, "file")
        try:
            target = resolve_inside(self.path.parent, relative)
        except UnsafePathError as exc:
            raise self.problem(loc, f"{relative!r} {exc}") from None
        if not target.exists():
            raise self.problem(loc, _("{file!r} does not exist (paths are relative to the case file's folder)").format(file=relative))
        return target


def load_case(path: str | Path, *, on: dt.date | None = None) -> CaseFile:
    """Read, parse and validate one case file, its record checked against ``on`` (default: today)."""
    path = path if isinstance(path, Path) else Path(path)  # a batch passes Paths: no re-parse
    return parse_case_text(read_case_bytes(path), path, on=on)


def read_case_bytes(path: Path) -> bytes:
    """A case file's bytes (one more than the size limit at most), or a one-line error.

    Only a regular file is read: a FIFO, socket or device is refused from its status,
    before anything opens it (a FIFO would block the read for ever, a device never end).
    """
    try:
        check_regular(os.stat(path))
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except NotRegularFileError as exc:
        message = _("is a folder, not a case file") if exc.folder else str(exc)
        raise CaseFileError.single(path, message) from None
    except OSError as exc:
        if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
            raise CaseFileError.single(path, _("no such file")) from None
        if isinstance(exc, PermissionError):
            raise CaseFileError.single(path, _("cannot be read (permission denied)")) from None
        raise CaseFileError.single(path, _("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None
    try:
        info = os.fstat(fd)
        check_regular(info)  # replaced by something else since the check: still refused
        return _read_at_most(fd, info, MAX_CASE_BYTES + 1)
    except NotRegularFileError as exc:
        raise CaseFileError.single(path, str(exc)) from None
    except OSError as exc:
        raise CaseFileError.single(path, _("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None
    finally:
        os.close(fd)


#: Never wait on the file being opened (a FIFO swapped in after the check) nor let a
#: terminal become the process's controlling terminal.
_OPEN_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _read_at_most(fd: int, info: Any, limit: int) -> bytes:
    """The file's first ``limit`` bytes, read in reads sized by the file (a buffered
    ``read(limit)`` allocates the whole limit, 2 MiB, for every few-kilobyte case file).

    A regular file's read that comes back short has reached its end: most case files take
    one read. Anything else (a pipe, ``/dev/stdin``) is read until it says it is done.
    """
    size = info.st_size
    regular = stat.S_ISREG(info.st_mode)
    step = min(size + 1, limit) if size else 65536
    parts: list[bytes] = []
    left = limit
    while left > 0:
        wanted = min(step, left)
        chunk = os.read(fd, wanted)
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
        if regular and len(chunk) < wanted:
            break
    return parts[0] if len(parts) == 1 else b"".join(parts)


def parse_case_text(raw: bytes | str, path: str | Path = "<case>", *, on: dt.date | None = None) -> CaseFile:
    """Validate case text already in memory (used by ``load_case``, ``log`` and ``new``).

    ``on`` stands in for today (``--on``): the record must be consistent and dated no later
    (:mod:`letters.casefile.record`).
    """
    path = path if isinstance(path, Path) else Path(path)
    text = _decode(raw, path) if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    data, lines = _parse_yaml(text, path)
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        problems = [_problem_from_pydantic(err, path, lines) for err in exc.errors()]
        if isinstance(data, dict) and data.get("version") == 1 and "staff" not in data:  # required in version 1 only
            problems.append(Problem(str(path), _line_for(lines, ("staff",)), "staff", _("is required but missing")))
        raise CaseFileError(sorted(problems, key=lambda p: _FIELD_ORDER.get(p.field.split(".")[0].split("[")[0], 99))) from exc
    links = link_problems(case)
    if links:
        raise CaseFileError(
            [Problem(str(path), _line_for(lines, loc), field_path(_as_written(loc, lines)), message) for loc, message in links]
        )
    today = on or dt.date.today()
    case_file = CaseFile(path=path, case=case, lines=lines, checked_on=today, text=text)
    _refuse_record(case_file, today, "the letter date" if on else "today")
    return case_file


def check_record(case_file: CaseFile, on: dt.date, *, today_is: str = "the letter date") -> None:
    """Refuse a record that cannot have happened by ``on``: one problem per line, at its line.

    A case already checked against ``on`` or a later day is not checked again.
    """
    if case_file.checked_on is not None and on >= case_file.checked_on:
        return
    _refuse_record(case_file, on, today_is)


def _refuse_record(case_file: CaseFile, on: dt.date, today_is: str) -> None:
    found = record_problems(case_file.case, on, today_is=today_is)
    if found:
        path = str(case_file.path)
        raise CaseFileError([Problem(path, case_file.line_of(p.loc), field_path(p.loc), p.message) for p in found])


def _decode(raw: bytes, path: Path) -> str:
    if len(raw) > MAX_CASE_BYTES:
        raise CaseFileError.single(
            path, _("is larger than {size} MiB; a case file is a small text file").format(size=MAX_CASE_BYTES // (1024 * 1024))
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CaseFileError.single(path, _("is UTF-16 text; save it as UTF-8"))
    if b"\x00" in raw:
        raise CaseFileError.single(path, _("contains NUL bytes; it is not a text file"), line=raw[: raw.index(b"\x00")].count(b"\n") + 1)
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw  # the "utf-8-sig" codec is Python code: slower
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            # Chinese in GBK comes in byte pairs; a lone high byte (Latin-1 "é") is something else.
            if all(len(run) % 2 == 0 for run in re.findall(rb"[\x80-\xff]+", raw)):
                hint = _(" (it looks like GBK/GB18030-encoded Chinese)")
        except UnicodeDecodeError:
            pass
        raise CaseFileError.single(path, _("is not UTF-8 text{hint}; save it as UTF-8").format(hint=hint), line=line) from None


def _parse_yaml(text: str, path: Path) -> tuple[Any, Mapping[Path_, int]]:
    if not text.strip():
        raise CaseFileError.single(path, _("is empty; run `letters init` for an example case file"))
    plain = read_plain(text, plain_tag, RULED_FIRST)  # the layout most case files have, read without building YAML nodes
    return (plain, _Lines(text, path)) if plain is not None else _load_yaml(text, path)


def _load_yaml(text: str, path: Path) -> tuple[Any, dict[Path_, int]]:
    """What ``text`` holds and the line of each key and item, read by PyYAML's loader
    (imported only now: most case files never need it)."""
    from letters.casefile.fullyaml import load_yaml

    return load_yaml(text, path)


class _Lines(Mapping[Path_, int]):
    """The line of each key and item, worked out by the loader when one is first asked for
    (a valid case rarely needs them: its errors and warnings do)."""

    def __init__(self, text: str, path: Path):
        self._text = text
        self._path = path
        self._found: dict[Path_, int] | None = None

    def _all(self) -> dict[Path_, int]:
        if self._found is None:
            self._found = _load_yaml(self._text, self._path)[1]
        return self._found

    def __getitem__(self, loc: Path_) -> int:
        return self._all()[loc]

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _line_for(lines: Mapping[Path_, int], loc: Path_) -> int | None:
    loc = tuple(loc)
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc)


def _problem_from_pydantic(err: Any, path: Path, lines: Mapping[Path_, int]) -> Problem:
    loc = _data_loc(err["loc"], lines)
    kind = err["type"]
    message = error_message(err)
    value = err.get("input")
    wide = None
    if kind in _WANTS_MAPPING and isinstance(value, str):  # "type：explanation" read as text
        wide = WIDE_KEY.match(value)
    elif kind == "extra_forbidden" and loc and isinstance(loc[-1], str):  # "name：Tom: x" read as a key
        wide = WIDE_KEY.match(loc[-1])
    if wide is not None:
        message = wide_colon(wide.group(1))
    elif kind == "extra_forbidden":
        message = _("unknown key") + _suggest(loc)
    elif kind == "missing":
        message = _("is required but missing")
    elif kind == "value_error":
        pass  # our own validators' messages, as they are
    elif kind.startswith("decimal") or kind == "string_pattern_mismatch" or (kind.startswith("int_") and _is_days(loc)):
        message = _what_to_write(kind, loc, err.get("input"))
    elif kind == "literal_error" and loc == ("version",):
        message = _("must be 1 or 2 (the case-file formats this version of letters reads)")
    else:
        value = err.get("input")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) <= 60:
            message = _("{message} (got {value!r})").format(message=message, value=value)
    loc = _as_written(loc, lines)
    return Problem(str(path), _line_for(lines, loc), field_path(loc), message)


#: Errors of a text where a mapping (or a list of them) belongs.
_WANTS_MAPPING = frozenset({"dict_type", "model_type", "model_attributes_type", "list_type"})


def _is_days(loc: Path_) -> bool:
    return bool(loc) and isinstance(loc[-1], str) and loc[-1].endswith("_days")


def _what_to_write(kind: str, loc: Path_, value: Any) -> str:
    """What to write instead, where pydantic's words (``Input should be a valid decimal``,
    ``String should match pattern '^[A-Za-z0-9]…'``) would only say what is wrong."""
    key = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if kind.startswith("decimal"):
        message = _(
            'write the amount as a plain number, e.g. 39.00 or "35.50": no currency sign, code or thousands separator (the currency goes in currency:)'
        )
    elif kind.startswith("int_"):
        message = _("write a whole number of days, e.g. 14")
    elif key == "case_id":
        message = _(
            "use only letters, digits, dots, dashes and underscores, starting with a letter or digit, at most 64, e.g. BP-2026-0042"
        )
    elif key == "jurisdiction":
        message = _("write the two-letter country code, e.g. CN, HK, GB or US")
    elif key in ("id", "key"):
        message = _("use only letters, digits, dots, dashes and underscores, starting with a letter or digit, at most 16, e.g. E1 or S2")
    else:
        return _("has characters this field does not take (got {value!r})").format(value=value)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) <= 60:
        message = _("{message} (got {value!r})").format(message=message, value=value)
    return message


def _data_loc(loc: Path_, lines: Mapping[Path_, int]) -> Path_:
    """Pydantic's error location as a path through the case file: the keys and indexes the
    file holds (``lines`` has every one) and the fields of the model there (a missing
    one), without the names pydantic gives the branches of a union (``list[Staff]``,
    ``function-after[…]``), which a user's key can look like (``staff[0]``)."""
    found: tuple[str | int, ...] = ()
    for part in loc:
        here = (*found, part)
        if here in lines or _as_written(here, lines) in lines or isinstance(part, int) or part in _fields_at(found):
            found = here
    return found


#: Problems of one file in the order of the model's fields (as pydantic reports them).
_FIELD_ORDER = {name: n for n, name in enumerate(Case.model_fields)}


def _as_written(loc: Path_, lines: Mapping[Path_, int]) -> Path_:
    """``staff[0].name`` is ``staff.name`` where the file gives one staff member as a mapping (version 1)."""
    if loc[:2] == ("staff", 0) and ("staff", 0) not in lines:
        return ("staff", *loc[2:])
    return loc


def _suggest(loc: Path_) -> str:
    """' (did you mean "name"?)' when the unknown key is close to an allowed one."""
    if not loc:  # a key pydantic's path could not carry (one holding "["): nothing to suggest
        return ""
    allowed = _fields_at(loc[:-1])
    if not allowed or not isinstance(loc[-1], str):
        return ""
    import difflib  # only for a misspelt key

    close = difflib.get_close_matches(loc[-1], allowed, n=1, cutoff=0.6)
    return _(' (did you mean "{key}"?)').format(key=close[0]) if close else _(" (allowed: {keys})").format(keys=", ".join(allowed))


def _fields_at(loc: Path_) -> list[str]:
    model: Any = Case
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return []
        model = _model_in(info.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _model_in(annotation: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None

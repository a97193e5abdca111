"""Reading a case file: bytes → safe YAML → validated :class:`~letters.casefile.model.Case`.

Every failure becomes a :class:`~letters.errors.CaseFileError` whose lines read
``path:line: field.path: message``. The YAML is composed first (PyYAML's C parser when
present) so that every key and list item keeps its line number, duplicate keys are
caught, and alias bombs are stopped before anything is built from them. A file in the
plain layout ``letters init`` writes is read by :mod:`letters.casefile.plainyaml` instead,
to the same data without YAML nodes; its lines are worked out by the loader when first asked for.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import re
import stat
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from letters import rx
from letters.casefile.model import Case, link_problems
from letters.casefile.plainyaml import read_plain
from letters.casefile.pydantic_text import error_message
from letters.casefile.record import record_problems
from letters.errors import CaseFileError, Problem, field_path
from letters.locale import _
from letters.paths import NotRegularFileError, UnsafePathError, check_regular, resolve_inside

__all__ = ["MAX_CASE_BYTES", "MAX_NODES", "CaseFile", "check_record", "load_case", "parse_case_text", "read_case_bytes"]

#: A case file is a few kilobytes; anything above this is not a case file.
MAX_CASE_BYTES = 2 * 1024 * 1024
#: Nodes after alias expansion: stops "billion laughs" documents cheaply.
MAX_NODES = 100_000
#: Characters of text a case file may hold once its aliases are expanded: five times what a
#: file of the largest size can hold written out, so only aliases repeating a long text reach it.
MAX_EXPANDED_CHARS = 10_000_000

Path_ = tuple[str | int, ...]

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # libyaml's loader where PyYAML was built with it
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Kept as the text the user wrote (pydantic parses them, or they stay text).
_AS_WRITTEN = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float", "tag:yaml.org,2002:int")


class _Loader(_BaseLoader):
    """Safe loader that leaves dates and decimals as the text the user wrote.

    pydantic then parses them with precise messages (``2026-02-30`` is reported with its
    field and line; ``35.50`` stays an exact ``Decimal``, never a float).
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _AS_WRITTEN]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Only plain decimal numbers are integers: YAML 1.1 would read the reference 0xdeadbeef
# as 3735928559, the account 007 as 7 and the phone +8613800000000 without its "+".
for _digit in "0123456789":
    _Loader.add_implicit_resolver("tag:yaml.org,2002:int", rx.compile(r"^(?:0|[1-9][0-9]*)$"), [_digit])


class _Tags(yaml.resolver.BaseResolver):
    """The loader's tag rules on their own, so that their answers can be remembered."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


# Even under the C parser, PyYAML asks Python for every node: the tag of each scalar (a
# regular-expression search) and, around each node, two hooks for "path resolvers".
# A tag depends only on the scalar's text and style, and keys and many values repeat
# from case to case, so answers come from a C-level cache; a case file has no path
# resolvers, so the two hooks are C callables that do nothing (``operator.is_`` takes
# the same two arguments as ``descend_resolver``; ``tuple`` takes none, as ``ascend``).
assert not _Loader.yaml_path_resolvers
_Loader.resolve = staticmethod(lru_cache(maxsize=4096)(_Tags().resolve))  # type: ignore[method-assign]
_Loader.descend_resolver = staticmethod(operator.is_)  # type: ignore[method-assign, assignment]
_Loader.ascend_resolver = staticmethod(tuple)  # type: ignore[method-assign, assignment]


#: The first characters some tag rule looks at (``yes``, ``1``, ``~``…): a plain value starting otherwise is text.
_RULED_FIRST = frozenset(_Loader.yaml_implicit_resolvers)
assert None not in _RULED_FIRST  # no rule that looks at every value


@lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """The tag the loader gives a plain (unquoted) value."""
    tag: str = _Tags().resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag


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


def yaml_tree(text: str) -> yaml.Node | None:
    """The node tree of ``text``, read as case files are read (for edits that keep the layout)."""
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _parse_yaml(text: str, path: Path) -> tuple[Any, Mapping[Path_, int]]:
    if not text.strip():
        raise CaseFileError.single(path, _("is empty; run `letters init` for an example case file"))
    plain = read_plain(text, _plain_tag, _RULED_FIRST)  # the layout most case files have, read without building YAML nodes
    return (plain, _Lines(text, path)) if plain is not None else _load_yaml(text, path)


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


def _load_yaml(text: str, path: Path) -> tuple[Any, dict[Path_, int]]:
    """What ``text`` holds, read by PyYAML's loader: every YAML construct, every message."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise CaseFileError.single(path, _("holds no YAML document"), line=1)
        lines: dict[Path_, int] = {(): node.start_mark.line + 1}
        pending: list[tuple[Any, Any, yaml.Node]] = []
        data = _walk(node, (), lines, path, [0, 0], pending)
        if not isinstance(node, yaml.MappingNode):
            raise CaseFileError.single(
                path, _("the top level must be a mapping of keys (version, case_id, …)"), line=node.start_mark.line + 1
            )
        try:
            if data is _SLOW:
                data = _construct(loader, node)
            else:
                for container, slot, value_node in pending:
                    container[slot] = _construct_value(loader, value_node)
        except _Unreadable as exc:
            line = exc.node.start_mark.line + 1
            field = max((loc for loc, at in lines.items() if at == line), key=len, default=())
            raise CaseFileError.single(
                path, _("is a number too long to be read (more than 4,300 digits)"), line=line, field=field_path(field)
            ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        wide = _full_width_colon(text, (mark.line if mark else len(text.splitlines())) + 1)
        if wide is not None:  # the line the user must change, not the one where YAML gave up
            line_no, key = wide
            raise CaseFileError.single(path, _wide_colon(key), line=line_no) from None
        if "mapping values are not allowed" in message and mark and ": " in _line_at(text, mark.line)[: mark.column].lstrip(" -"):
            message = _('a value holding a colon and a space (": ") must be in quotes, e.g. summary: "Note: they closed the ticket"')
        elif "tab" in message.lower() or (mark and _char_at(text, mark.line, mark.column) == "\t"):
            message = _("tab characters cannot indent YAML; use spaces")
        elif "nesting depth" in message:  # PyYAML ≥ 6.0.4 stops deep nesting itself
            raise CaseFileError.single(path, _("is nested too deeply to be a case file"), line=mark.line + 1 if mark else None) from None
        elif "constructor for the tag" in message:
            message = _("the tag {tag} is not allowed in a case file (tags cannot build objects)").format(tag=message.rsplit(" ", 1)[-1])
        else:
            message = _("YAML syntax error: {message}").format(message=message)
        raise CaseFileError.single(path, message, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise CaseFileError.single(path, _("YAML error: {error}").format(error=exc)) from None
    except RecursionError:
        raise CaseFileError.single(path, _("is nested too deeply to be a case file")) from None
    finally:
        loader.dispose()
    return data, lines


#: A line that starts like ``key：`` (a full-width colon, as Chinese input methods type it).
_WIDE_KEY = rx.compile(r"^[ \t]*(?:-[ \t]+)?([^\s#:'\"：-][^:#：]*?)[ \t]*：")


def _wide_colon(key: str) -> str:
    return _('"{key}：" has a full-width colon; after a key write the ASCII colon and a space ("{key}: …")').format(key=key)


def _full_width_colon(text: str, up_to: int) -> tuple[int, str] | None:
    """The first line up to ``up_to`` whose key is followed by ``：`` instead of ``:``, and the key."""
    for number, line in enumerate(text.splitlines()[:up_to], start=1):
        found = _WIDE_KEY.match(line)
        if found:
            return number, found.group(1)
    return None


def _line_at(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line] if line < len(lines) else ""


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


#: What ``_walk`` returns when a key is not a plain string: ``_construct`` builds the data.
_SLOW: Any = object()
_SCALAR = yaml.ScalarNode
_STR = "tag:yaml.org,2002:str"


def _too_many(path: Path) -> CaseFileError:
    return CaseFileError.single(
        path, _("expands to more than {count:,} values (are anchors/aliases repeating data?)").format(count=MAX_NODES)
    )


def _walk(node: yaml.Node, loc: Path_, lines: dict[Path_, int], path: Path, count: list[int], pending: list[Any] | None = None) -> Any:
    """Record the line of every key and item, refuse duplicate keys and oversized expansions.

    With ``pending`` it also builds the data in the same pass, as ``_construct`` would: a
    value with any other tag (``1``, ``true``…) is left as ``None`` and listed in ``pending``
    to be built by the loader once the whole document has been checked; a key that is not
    a plain string makes it return ``_SLOW`` (then ``_construct`` builds everything).
    """
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _too_many(path)
    if pending is not None and node.tag not in _PLAIN:
        _walk(node, loc, lines, path, count)
        return _SLOW
    if isinstance(node, yaml.MappingNode):
        return _walk_mapping(node, loc, lines, path, count, pending)
    if isinstance(node, yaml.SequenceNode):
        return _walk_sequence(node, loc, lines, path, count, pending)
    count[1] += len(node.value)
    if count[1] > MAX_EXPANDED_CHARS:
        raise _too_much_text(path, loc, lines.get(loc))
    return node.value if pending is not None else None


def _walk_mapping(
    node: yaml.MappingNode, loc: Path_, lines: dict[Path_, int], path: Path, count: list[int], pending: list[Any] | None
) -> Any:
    """:func:`_walk` of a mapping: each key plain text, given once, its line recorded."""
    out: Any = {}
    slow = pending is None
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise CaseFileError.single(path, _("a key must be plain text"), line=line, field=field_path(loc))
        key = key_node.value
        if key == "<<":
            raise CaseFileError.single(path, _("merge keys (<<) are not supported in case files"), line=line, field=field_path(loc))
        if key in seen:
            raise CaseFileError.single(
                path, _("duplicate key (first given on line {line})").format(line=seen[key]), line=line, field=field_path(loc + (key,))
            )
        seen[key] = line
        here = loc + (key,)
        lines[here] = line
        if not slow and key_node.tag != _STR:
            slow = True
        if slow:
            _walk(value_node, here, lines, path, count)
            continue
        if type(value_node) is _SCALAR and value_node.tag == _STR:  # most values: no call
            out[key] = _plain_text(value_node, here, line, path, count)
            continue
        value = _child(value_node, here, lines, path, count, pending, out, key)  # type: ignore[arg-type]
        if value is _SLOW:
            slow = True
            continue
        out[key] = value
    return _SLOW if slow else out


def _walk_sequence(
    node: yaml.SequenceNode, loc: Path_, lines: dict[Path_, int], path: Path, count: list[int], pending: list[Any] | None
) -> Any:
    """:func:`_walk` of a list: each item's line recorded."""
    items: list[Any] = []
    slow = pending is None
    for index, item in enumerate(node.value):
        here = loc + (index,)
        lines[here] = item.start_mark.line + 1
        if slow:
            _walk(item, here, lines, path, count)
            continue
        if type(item) is _SCALAR and item.tag == _STR:
            items.append(_plain_text(item, here, lines[here], path, count))
            continue
        value = _child(item, here, lines, path, count, pending, items, index)  # type: ignore[arg-type]
        if value is _SLOW:
            slow = True
            continue
        items.append(value)
    return _SLOW if slow else items


def _plain_text(node: yaml.ScalarNode, here: Path_, line: int, path: Path, count: list[int]) -> str:
    """A plain string value, counted against the limits without a call to :func:`_walk`."""
    count[0] += 1
    count[1] += len(node.value)
    if count[0] > MAX_NODES or count[1] > MAX_EXPANDED_CHARS:
        raise _too_many(path) if count[0] > MAX_NODES else _too_much_text(path, here, line)
    value: str = node.value
    return value


def _too_much_text(path: Path, loc: Path_, line: int | None) -> CaseFileError:
    """Aliases that repeat a long text: refused at the key where the text passes the limit."""
    return CaseFileError.single(
        path,
        _("the case file expands to more than {count:,} characters of text here (are anchors/aliases repeating a long text?)").format(
            count=MAX_EXPANDED_CHARS
        ),
        line=line,
        field=field_path(loc),
    )


def _child(
    node: yaml.Node, loc: Path_, lines: dict[Path_, int], path: Path, count: list[int], pending: list[Any], container: Any, slot: Any
) -> Any:
    """Build one value of a plain mapping or list; a value with another tag is queued in
    ``pending`` (built later, as ``None`` for now). ``_SLOW`` means a plain container below
    holds a non-string key, so the whole document goes to ``_construct``."""
    value = _walk(node, loc, lines, path, count, pending)
    if value is _SLOW and node.tag not in _PLAIN:
        pending.append((container, slot, node))
        return None
    return value


_PLAIN = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Unreadable(Exception):
    """A value YAML cannot build: an integer longer than Python converts (``int`` refuses
    more than 4,300 digits, so a 5,000-digit ``response_days`` is not a traceback)."""

    def __init__(self, node: yaml.Node):
        self.node = node


def _construct_value(loader: Any, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        raise _Unreadable(node) from None


def _construct(loader: Any, node: yaml.Node) -> Any:
    """What ``construct_document`` builds, for the plain strings, mappings and lists a case
    file is made of (faster: benchmarks/README.md); any other node goes to the loader itself."""
    if node.tag not in _PLAIN:
        return _construct_value(loader, node)
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item) for item in node.value]
    return {_construct(loader, key): _construct(loader, value) for key, value in node.value}


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
        wide = _WIDE_KEY.match(value)
    elif kind == "extra_forbidden" and loc and isinstance(loc[-1], str):  # "name：Tom: x" read as a key
        wide = _WIDE_KEY.match(loc[-1])
    if wide is not None:
        message = _wide_colon(wide.group(1))
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

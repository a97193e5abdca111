"""Case files read by PyYAML: every YAML construct, every message, and the line of each key.

Most case files are in the plain layout :mod:`letters.casefile.plainyaml` reads without
YAML nodes; a process that meets only those never imports PyYAML (:mod:`letters.casefile.load`
comes here for anything else, and for the lines of a file the plain reader read). The YAML
is composed first (PyYAML's C parser when present) so that every key and list item keeps
its line number, duplicate keys are caught, and alias bombs are stopped before anything is
built from them.
"""

from __future__ import annotations

import operator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from letters import rx
from letters.casefile.widecolon import full_width_colon, wide_colon
from letters.errors import CaseFileError, field_path
from letters.locale import _

__all__ = ["MAX_EXPANDED_CHARS", "MAX_NODES", "load_yaml", "yaml_tree"]

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


def yaml_tree(text: str) -> yaml.Node | None:
    """The node tree of ``text``, read as case files are read (for edits that keep the layout)."""
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def load_yaml(text: str, path: Path) -> tuple[Any, dict[Path_, int]]:
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
        wide = full_width_colon(text, (mark.line if mark else len(text.splitlines())) + 1)
        if wide is not None:  # the line the user must change, not the one where YAML gave up
            line_no, key = wide
            raise CaseFileError.single(path, wide_colon(key), line=line_no) from None
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

"""The plain YAML most case files are written in, read without composing YAML nodes.

PyYAML builds a Python object, with two marks, for every node, and the loader then walks
them again for lines and limits: most of what reading a case file costs. This reader takes
the layout ``letters init`` writes: block mappings of plain keys, block lists, plain,
quoted and folded values, flow lists of handles (``[S1, L2]``), comments. At anything else
(an anchor, a tag, an escape, a tab, a value running onto a second line, a duplicate key,
a file too large for the loader's limits to matter…) it answers ``None`` and the loader
reads the file, so every message stays the loader's. What it answers is what the loader
builds. Lines are not worked out here: a valid case rarely needs them, and the loader
gives them when asked (:class:`letters.casefile.load.CaseFile`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from letters import rx

__all__ = ["RULED_FIRST", "plain_tag", "read_plain"]

#: Below this size no file reaches the loader's limits on values and text (each value takes two characters or more).
_MAX_CHARS = 90_000
#: Characters YAML refuses or reads as line breaks, tabs, carriage returns and byte-order marks: the loader's to judge.
#: Listed as they are, not as the complement of the rest: the same set, compiled in a tenth of the time (7 -> 0.8 ms).
_ODD = rx.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: A line that is not blank nor a comment (those before it kept as its gap): its indent, its text (a list
#: dash, a plain key, what follows them), its line break. The ``*+`` (possessive: never given back) match
#: what ``*`` would, since what follows each can never start with what it took; they spare the engine its
#: retries (a row of indented text tried every shorter indent first), half the reader's pattern time.
#: Python 3.10 has no possessive quantifiers, and before 3.11.5 they could match what ``*`` does not
#: (CPython gh-106052 and gh-100061, fixed in 3.11.5): there the same pattern reads with plain ``*``.
_ROW_PATTERN = r"((?:[ ]*+(?:#[^\n]*+)?\n)*+)( *+)((- +)?(?:([A-Za-z_][A-Za-z0-9_-]*+):(?: +|(?=\n)|\Z))?([^\n]*+))(\n?)"
_POSSESSIVE_OK = sys.version_info >= (3, 11, 5)
_ROW = rx.compile(_ROW_PATTERN if _POSSESSIVE_OK else _ROW_PATTERN.replace("*+", "*"))
_HANDLE = rx.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: A plain value cannot start with these (or they start something this reader leaves alone).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_STR = "tag:yaml.org,2002:str"
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}


#: The tag rules of the loader (:mod:`letters.casefile.fullyaml`), by a plain value's first
#: character, in the loader's order: PyYAML's YAML 1.1 rules less its timestamps, floats and
#: integers (they stay the text the user wrote), and integers written in decimal. Written out
#: here so that reading a plain file needs no PyYAML; a test holds them to the loader's.
_BOOL = ("tag:yaml.org,2002:bool", rx.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"))
_NULL = ("tag:yaml.org,2002:null", rx.compile(r"^(?:~|null|Null|NULL|)$"))
_TAG_RULES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    **dict.fromkeys("yYtTfFoO", (_BOOL,)),
    **dict.fromkeys("nN", (_BOOL, _NULL)),
    **dict.fromkeys(["~", ""], (_NULL,)),
    **dict.fromkeys("0123456789", (("tag:yaml.org,2002:int", rx.compile(r"^(?:0|[1-9][0-9]*)$")),)),
    **dict.fromkeys("-+.", ()),  # (floats and signed integers: text)
    "<": (("tag:yaml.org,2002:merge", rx.compile(r"^(?:<<)$")),),
    "=": (("tag:yaml.org,2002:value", rx.compile(r"^(?:=)$")),),
    **dict.fromkeys("!&*", (("tag:yaml.org,2002:yaml", rx.compile(r"^(?:!|&|\*)$")),)),
}
#: The first characters some tag rule looks at (``yes``, ``1``, ``~``…): a plain value starting otherwise is text.
RULED_FIRST = frozenset(_TAG_RULES)


@lru_cache(maxsize=4096)
def plain_tag(value: str) -> str:
    """The tag the loader gives a plain (unquoted) value (remembered: keys and many values repeat)."""
    for tag, rule in _TAG_RULES.get(value[:1], ()):
        if rule.match(value):
            return tag
    return _STR


class _Other(Exception):
    """The text holds something this reader leaves to the loader."""


def read_plain(text: str, tag_of: Callable[[str], str], ruled_first: frozenset[str]) -> dict[str, Any] | None:
    """The mapping ``text`` holds, or ``None`` (then the loader reads it).

    ``tag_of`` gives a plain value's YAML tag as the loader resolves it; a value whose first
    character is not in ``ruled_first`` is text (no rule looks at it).
    """
    if len(text) > _MAX_CHARS or (not text.replace("\n", " ").isprintable() and _ODD.search(text)):
        return None  # (most text is printable: one quick look)
    reader = _Reader(text, tag_of, ruled_first)
    if not reader.rows or reader.rows[0][1] or reader.rows[0][3]:
        return None  # indented, a list or nothing: the loader's message
    _gap, _spaces, _text, _dash, key, rest, _break = reader.rows[0]
    try:
        return reader.mapping(0, 0, key, rest)
    except (_Other, RecursionError):  # nested deeper than the stack allows: the loader has its own message
        return None


class _Reader:
    def __init__(self, text: str, tag_of: Callable[[str], str], ruled_first: frozenset[str]):
        self.rows: list[tuple[str, str, str, str, str, str, str]] = _ROW.findall(text)
        tail: list[str] = []  # the blank lines and comments after the last row
        while self.rows and (not self.rows[-1][2] or self.rows[-1][2][0] == "#"):
            gap, spaces, line, *_parts, end = self.rows.pop()
            tail.insert(0, gap + spaces + line + end)
        self.tail = "".join(tail)
        self.tag_of = tag_of
        self.ruled = ruled_first
        self.at = 0  # the next row to read

    def mapping(self, indent: int, at: int, key: str, rest: str) -> dict[str, Any]:
        """The block mapping whose keys sit at ``indent``, its first ``key`` on row ``at`` (``rest`` after it)."""
        out: dict[str, Any] = {}
        rows, tag_of, ruled = self.rows, self.tag_of, self.ruled
        while True:
            if not key or key in out or (key[0] in ruled and tag_of(key) != _STR):
                raise _Other
            self.at = at + 1
            if not rest or rest[0] == "#":
                out[key] = self.below(indent)
            elif rest[0] in ">|":
                out[key] = self.block(rest, indent)
            else:
                out[key] = self.inline(rest)
            at = self.at
            if at == len(rows):
                return out
            _gap, spaces, _text, dash, key, rest, _break = rows[at]
            if len(spaces) != indent or dash:
                if len(spaces) < indent:
                    return out
                raise _Other

    def below(self, indent: int) -> Any:
        """A key's mapping or list on the lines below it, or ``None`` when there is none."""
        at = self.at
        if at == len(self.rows):
            return None
        _gap, spaces, _text, dash, key, rest, _break = self.rows[at]
        if len(spaces) > indent:
            if dash:
                return self.sequence(len(spaces), indentless=False)
            return self.mapping(len(spaces), at, key, rest)
        if len(spaces) == indent and dash:  # a list may sit at its key's indent
            return self.sequence(indent, indentless=True)
        return None

    def sequence(self, indent: int, *, indentless: bool) -> list[Any]:
        out: list[Any] = []
        rows = self.rows
        while True:
            at = self.at
            if at == len(rows):
                return out
            _gap, spaces, _text, dash, key, rest, _break = rows[at]
            if len(spaces) != indent or not dash:
                if len(spaces) < indent or (indentless and len(spaces) == indent):
                    return out  # below the list, or the next key of the mapping it sits in
                raise _Other
            if key:
                out.append(self.mapping(indent + len(dash), at, key, rest))
                continue
            if not rest or rest[0] in "#->|":
                raise _Other
            self.at = at + 1
            out.append(self.inline(rest))

    def inline(self, text: str) -> Any:
        """A value written on its key's (or dash's) line: plain, quoted, or a flow list of handles."""
        first = text[0]
        if first not in _INDICATORS:
            cut = text.find(" #")
            plain = (text if cut < 0 else text[:cut]).rstrip(" ")
            if ": " in plain or plain[-1] == ":":
                raise _Other
            if plain[0] not in self.ruled:
                return plain
            tag = self.tag_of(plain)
            return plain if tag == _STR else _built(tag, plain)
        if first in "\"'":
            end = text.find(first, 1)
            if end < 0 or (first == '"' and "\\" in text[:end]) or text[end + 1 : end + 2] == "'":
                raise _Other
            _line_ends(text[end + 1 :])
            return text[1:end]
        if first == "[":
            return self.handles(text)
        raise _Other

    def handles(self, text: str) -> list[str]:
        """``[S1, L2]``, ``[]``: a flow list of plain handles on one line."""
        end = text.find("]")
        if end < 0:
            raise _Other
        _line_ends(text[end + 1 :])
        inner = text[1:end].strip(" ")
        if not inner:
            return []
        items = [part.strip(" ") for part in inner.split(",")]
        if not all(_HANDLE.fullmatch(item) and (item[0] not in self.ruled or self.tag_of(item) == _STR) for item in items):
            raise _Other
        return items

    def block(self, header: str, indent: int) -> str:
        """A folded (``>``) or literal (``|``) value, clipped or stripped (``-``), of lines all at one indent."""
        strip = header[1:2] == "-"
        _line_ends(header[1 + strip :])
        rows, first = self.rows, self.at
        if first == len(rows) or rows[first][0] or len(rows[first][1]) <= indent:
            raise _Other  # blank lines or a comment first, or nothing: the loader's to read
        width = len(rows[first][1])
        last = first + 1
        while last < len(rows) and not rows[last][0] and len(rows[last][1]) == width:
            last += 1
        if last < len(rows) and len(rows[last][1]) > indent:
            raise _Other  # a more indented line, or one after a blank line (a paragraph break): the loader folds those
        _blank_or_notes(rows[last][0] if last < len(rows) else self.tail, indent)
        parts = [row[2] for row in rows[first:last]]
        if any(part[-1] == " " for part in parts):
            raise _Other
        self.at = last
        text = (" " if header[0] == ">" else "\n").join(parts)
        return text if strip or not rows[last - 1][6] else text + "\n"


def _built(tag: str, plain: str) -> Any:
    """A plain value the loader builds as something other than text: a decimal whole number, true/false/yes/no…, or null."""
    if tag == "tag:yaml.org,2002:int" and len(plain) < 4000:  # longer: the loader's own message
        return int(plain)
    if tag == "tag:yaml.org,2002:bool":
        return _BOOLS[plain.lower()]
    if tag == "tag:yaml.org,2002:null":
        return None
    raise _Other


def _blank_or_notes(gap: str, indent: int) -> None:
    """After a folded value: empty lines, and comments no deeper than its key (a deeper one may be its text)."""
    for line in gap.split("\n"):
        note = line.lstrip(" ")
        if line and (not note or len(line) - len(note) > indent):
            raise _Other


def _line_ends(tail: str) -> None:
    """After a value: nothing, or spaces and a comment."""
    rest = tail.lstrip(" ")
    if rest and (rest[0] != "#" or rest == tail):
        raise _Other

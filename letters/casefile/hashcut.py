"""Values cut short at ``#``: in YAML, `` #`` starts a comment, even inside what looks like a value.

``reference: Ticket #88211`` is read as ``Ticket``; ``reference: #88211`` as nothing at all.
A comment written as a note almost always has a space after its ``#``; one that runs
straight into text (``#88211``, ``#3``) after a value on the same line is far more often a
value the user meant to keep, so ``validate`` warns and says to quote it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from letters import rx
from letters.casefile.load import CaseFile
from letters.errors import Problem, field_path
from letters.locale import _

__all__ = ["hash_cut_warnings"]

_CUT = rx.compile(r"[ \t]+#(\S[^\r\n]*)")
#: A " #" that runs into text: where a cut can be. A file with none outside its comment
#: lines (most: comments have a space after "#") needs no second parse.
_HASH_TEXT = rx.compile(r"#\S")  # a lookbehind for the blank would cost ten times as much


def _may_be_cut(text: str) -> bool:
    for match in _HASH_TEXT.finditer(text):
        at = match.start()
        if at and text[at - 1] in " \t":
            before = text[text.rfind("\n", 0, at) + 1 : at].lstrip()
            if before and not before.startswith("#"):
                return True
    return False


def hash_cut_warnings(case_file: CaseFile) -> list[Problem]:
    """One warning per plain value followed on its line by ``#`` and text with no space between."""
    text = case_file.text
    if not _may_be_cut(text):
        return []
    import yaml  # (only here: most case files have no value to look at again)

    from letters.casefile.fullyaml import yaml_tree

    try:
        root = yaml_tree(text)
    except yaml.YAMLError:
        return []
    warnings = []
    for loc, node in _plain_values(root, ()):
        match = _CUT.match(text, node.end_mark.index)
        if match is None:
            continue
        comment = "#" + match[1].rstrip()
        meant = f"{node.value} {comment}".strip() if node.value else comment
        got = _('the value is "{value}"').format(value=node.value) if node.value else _("the value is empty")
        message = _('value cut at "#": YAML reads "{comment}" as a comment, so {got}; quote it to keep it all: "{meant}"').format(
            comment=comment, got=got, meant=meant
        )
        warnings.append(Problem(str(case_file.path), node.start_mark.line + 1, field_path(loc), message))
    return warnings


def _plain_values(node: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every plain scalar node (a ``yaml.ScalarNode``) under ``node`` with where it is. PyYAML
    names each node's kind (``id``), so this needs no import of it."""
    kind = node.id if node is not None else None
    if kind == "mapping":
        for key, value in node.value:
            yield from _plain_values(value, (*loc, str(key.value)))
    elif kind == "sequence":
        for index, item in enumerate(node.value):
            yield from _plain_values(item, (*loc, index))
    elif kind == "scalar" and not node.style:  # plain (the C loader says "")
        yield loc, node

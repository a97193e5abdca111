"""Deciding once per template whether a rendered body can skip docxtpl's re-parse.

docxtpl parses every rendered body again (recovering from broken XML) and runs
``fix_tables``. Both only change something when the rendered XML is malformed or a
table's grid no longer matches its rows. For most templates neither can happen whatever
the context is, and this module proves it from the template alone:

* every ``{{ … }}`` sits in text or an attribute value (its value is escaped there), and
  no filter that returns markup (``safe``…) can be folded into the template at compile time;
* every ``{% … %}`` is ``for``/``if``/``elif``/``else``/``end…`` or a one-line ``set``, sits
  between elements or in text, and each block's branches are runs of whole sibling nodes,
  so repeating or dropping them leaves well-formed XML;
* no block sits directly in a table row or inside a grid or cell property (no ``{%tc %}``
  loops, no computed spans), a block directly in a table holds only whole rows, every
  row of a table fills its grid, and at least one full row is always there.

What the context can still do is checked per letter by the engine (cheaply): a value
carrying its own markup (RichText, ``Markup``), characters XML cannot hold, or tabs and
newlines that docxtpl's ``resolve_listing`` turns into elements.
"""

from __future__ import annotations

from typing import Any

from letters import rx

__all__ = ["body_is_stable"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Stands for a ``{{ … }}``: text in content and attribute values, never a name (not an XML name character).
_VALUE = "\ue000"
_MARK = "letters-jinja"
_OPEN = ("for", "if")
_MIDDLE = ("elif", "else")
_CLOSE = ("endfor", "endif")
#: Tags that make a table's rows, cells and grid.
_TABLE_TAGS = rx.compile(r"</?w:(?:tbl|tr|tc|tblGrid|gridCol|gridSpan|tcPr)[ >/]")
#: Filters whose result is markup: folded at compile time it would bypass the per-letter check.
_MARKUP_FILTERS = frozenset({"safe", "tojson", "xmlattr", "urlize"})


def body_is_stable(source: str, env: Any) -> bool:
    """True when no context made of escaped text can change the body's XML shape or table grids."""
    try:
        skeleton = _skeleton(source, env)
    except _Unstable:
        return False
    from lxml import etree

    parser = etree.XMLParser(recover=True)  # the parser docxtpl re-parses with: not even a warning
    try:
        root = etree.fromstring(skeleton, parser)
    except etree.XMLSyntaxError:
        return False
    if root is None or len(parser.error_log):
        return False
    try:
        return _blocks_balanced(root, skeleton) and _tables_fixed(root)
    except (TypeError, ValueError):  # a span that is not a number: leave it to docxtpl
        return False


class _Unstable(Exception):
    pass


def _skeleton(source: str, env: Any) -> str:
    """The body with each ``{{ }}`` as a placeholder character and each block tag as an empty
    element carrying its kind and where it sits."""
    from jinja2 import nodes

    if any(s in source for s in ("<!--", "<![CDATA[", "<?", "<!DOCTYPE")):
        raise _Unstable
    ast = env.parse(source)
    if any(f.name in _MARKUP_FILTERS for f in ast.find_all(nodes.Filter)):
        raise _Unstable
    out: list[str] = []
    size = 0  # characters in ``out`` so far: where each block tag sits in the skeleton
    tag: list[tuple[str, str]] | None = None
    for _, kind, value in env.lex(source):
        if kind == "data":
            out.append(value)
            size += len(value)
        elif kind == "variable_begin":
            out.append(_VALUE)
            size += 1
        elif kind == "block_begin":
            tag = []
        elif kind == "block_end" and tag is not None:
            out.append(f'<{_MARK} kind="{_block_kind(tag)}" at="{size}"/>')
            size += len(out[-1])
            tag = None
        elif tag is not None and kind != "whitespace":
            tag.append((kind, value))
        elif kind in ("raw_begin", "linestatement_begin"):
            raise _Unstable
    return "".join(out)


def _block_kind(tag: list[tuple[str, str]]) -> str:
    name = tag[0][1] if tag and tag[0][0] == "name" else ""
    if name in _OPEN + _MIDDLE + _CLOSE and not (name == "for" and ("name", "recursive") in tag):
        return name
    if name == "set" and ("operator", "=") in tag:  # one line: assigns, writes nothing
        return "set"
    raise _Unstable


def _blocks_balanced(root: Any, skeleton: str) -> bool:
    """Each branch of each block leaves the same elements open as it found (so any repetition
    or choice of branches nests correctly), and only whole rows or whole tables come and go."""
    from lxml import etree

    for element in root.iter():
        parent = element.getparent()
        if parent is not None and element.nsmap != parent.nsmap:  # a prefix bound only in one branch
            return False
    open_blocks: list[list[Any]] = []
    for marker in root.iter(_MARK):
        kind = marker.get("kind")
        if _in_grid_or_cell_properties(marker) or marker.getparent().tag == f"{_W}tr":
            return False
        if kind in _OPEN:
            open_blocks.append([marker])
        elif kind in _MIDDLE + _CLOSE:
            if not open_blocks:
                return False
            previous = open_blocks[-1][-1]
            if not _neutral(previous, marker, skeleton):
                return False
            open_blocks[-1].append(marker)
            if kind in _CLOSE:
                open_blocks.pop()
    if open_blocks:
        return False
    for properties in list(root.iter(f"{_W}tblGrid")) + list(root.iter(f"{_W}tcPr")):
        if _VALUE in etree.tostring(properties, encoding="unicode", with_tail=False):
            return False
    return True


def _open_names(marker: Any) -> list[tuple[str | None, str]]:
    return [(a.prefix, a.tag) for a in marker.iterancestors()]


def _neutral(first: Any, second: Any, skeleton: str) -> bool:
    """The skeleton between two tags of one block: same elements open at both ends; table
    structure only as whole rows (in a table) or whole tables."""
    if _open_names(first) != _open_names(second):
        return False
    between = skeleton[int(first.get("at")) : int(second.get("at"))]
    if not _TABLE_TAGS.search(between):
        return True
    parent = first.getparent()
    if second.getparent() is not parent:
        return False
    return _whole_nodes(first, second, f"{_W}tr" if parent.tag == f"{_W}tbl" else None)


def _whole_nodes(first: Any, second: Any, only: str | None) -> bool:
    for sibling in first.itersiblings():
        if sibling is second:
            return True
        if only is not None and sibling.tag not in (only, _MARK):
            return False
    return False


def _in_grid_or_cell_properties(element: Any) -> bool:
    return any(a.tag in (f"{_W}tblGrid", f"{_W}tcPr") for a in element.iterancestors())


def _conditional(table: Any) -> set[Any]:
    """Children of elements inside ``table`` that sit between a block's opening and closing tags."""
    inside: set[Any] = set()
    for parent in [table, *table.iter()]:
        depth = 0
        for child in parent:
            if child.tag == _MARK:
                kind = child.get("kind")
                depth += {"for": 1, "if": 1, "endfor": -1, "endif": -1}.get(kind or "", 0)
            elif depth > 0:
                inside.add(child)
    return inside


def _tables_fixed(root: Any) -> bool:
    """``fix_tables`` changes nothing for any repetition of the blocks: every row (with its
    spans) fills the grid exactly and some full row is rendered whenever the table is."""
    for table in root.iter(f"{_W}tbl"):
        grid = table.find(f"{_W}tblGrid")
        if grid is None:
            return False
        columns = len(grid.findall(f"{_W}gridCol"))
        conditional = _conditional(table)
        always = False
        for row in table.iter(f"{_W}tr"):
            cells = row.findall(f"{_W}tc")
            span = 0
            for cell in cells:
                value = cell.find(f"{_W}tcPr/{_W}gridSpan")
                span += int(value.get(f"{_W}val")) if value is not None else 1
            if len(cells) > columns or span != columns:
                return False
            if not any(a in conditional for a in _up_to(row, table)):
                always = True
        if not always:
            return False
    return True


def _up_to(element: Any, top: Any) -> list[Any]:
    """``element`` and its ancestors below ``top``."""
    chain = [element]
    for ancestor in element.iterancestors():
        if ancestor is top:
            break
        chain.append(ancestor)
    return chain

"""Checking a template before it renders a letter: syntax, safety, and every name it uses.

A typo in a template (``{{ complainant.nmae }}``) would otherwise only surface as a
failed render for some case, or not at all in a branch the test case never takes. So we
read the template's Jinja syntax tree and follow every name and attribute path through
``{% for %}`` loops and ``{% set %}`` against the shape of the real view model
(:mod:`letters.viewmodel.shape`), reporting ``file:line: path: message`` with a "did you
mean" suggestion. A .docx is checked part by part (body, headers, footers, footnotes,
document properties) on the Jinja source docxtpl itself renders, where every paragraph
starts a new line; its problems quote the paragraph.
"""

from __future__ import annotations

import difflib
import html
import re
import zipfile
from collections import ChainMap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from letters.errors import Problem, TemplateError
from letters.locale import _
from letters.render.engine import CORE_FIELDS, one_paragraph_a_line, package_problems
from letters.viewmodel.shape import Shape, view_model_shape

__all__ = ["Source", "problems_of", "template_sources"]

#: docxtpl renders these core properties as templates too.
DOCX_PROPERTIES = tuple(name for name, _ in CORE_FIELDS)
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass(frozen=True)
class Source:
    """One piece of Jinja source: a whole .txt file, or one part of a .docx (``part`` names it)."""

    text: str
    part: str | None = None
    for_text: bool = True
    is_property: bool = False  # a document property: one value, no paragraphs to quote


# ---------------------------------------------------------------- reading sources


def template_sources(path: Path) -> list[Source]:
    """The Jinja source(s) of a template file, exactly as the renderers will compile them."""
    if path.suffix == ".docx":
        return _docx_sources(path)
    try:
        return [Source(path.read_text(encoding="utf-8-sig"))]
    except UnicodeDecodeError:
        raise TemplateError(str(path), _("is not UTF-8 text")) from None
    except OSError as exc:
        raise TemplateError(str(path), _("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None


def _docx_sources(path: Path) -> list[Source]:
    if not zipfile.is_zipfile(path):
        raise TemplateError(str(path), _("is not a Word .docx file (it is not a zip package); save it from Word as .docx"))
    with zipfile.ZipFile(path) as package:
        if "word/document.xml" not in package.namelist():
            raise TemplateError(str(path), _("is a zip file but not a Word document (it has no word/document.xml)"))
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
        sources = [Source(one_paragraph_a_line(tpl.patch_xml(tpl.get_xml())), "body", False)]
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _rel, part in tpl.get_headers_footers(uri):
                name = Path(str(part.partname)).stem  # header1, footer2…
                sources.append(Source(one_paragraph_a_line(tpl.patch_xml(tpl.get_part_xml(part))), name, False))
        for part in tpl.docx.part.package.parts:
            if part.content_type == _FOOTNOTES:
                blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                sources.append(Source(one_paragraph_a_line(tpl.patch_xml(blob)), "footnotes", False))
        for prop in DOCX_PROPERTIES:
            value = getattr(tpl.docx.core_properties, prop) or ""
            if "{" in value:
                sources.append(Source(value, _("document property '{name}'").format(name=prop), False, is_property=True))
    except TemplateError:
        raise
    except Exception as exc:  # python-docx raises assorted errors on foreign packages
        raise TemplateError(
            str(path), _("cannot be opened as a Word document ({kind}: {error})").format(kind=type(exc).__name__, error=exc)
        ) from None
    return sources


def _paragraph_text(source: Source, line: int | None) -> str:
    lines = source.text.splitlines()
    if not line or line > len(lines):
        return ""
    text = html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).strip()
    return text if len(text) <= 70 else text[:67] + "…"


# ---------------------------------------------------------------- the check


def problems_of(path: str) -> tuple[Problem, ...]:
    """Every problem of one template file, checked now (:mod:`letters.templating.gate` caches)."""
    if path.endswith(".docx") and zipfile.is_zipfile(path):
        unsafe = package_problems(Path(path))  # before python-docx inflates anything
        if unsafe:
            return tuple(Problem(path, None, "", problem) for problem in unsafe)
    try:
        sources = template_sources(Path(path))
    except TemplateError as exc:
        return (Problem(path, exc.line, "", exc.reason),)
    problems: list[Problem] = []
    for source in sources:
        for line, field, message in _check_source(source):
            if source.part:
                quoted = "" if source.is_property else _paragraph_text(source, line)
                if quoted:
                    message = _('{message} ({part}, paragraph "{paragraph}")').format(message=message, part=source.part, paragraph=quoted)
                else:
                    message = _("{message} ({part})").format(message=message, part=source.part)
            problems.append(Problem(path, line, field, message))
    return tuple(problems)


def _check_source(source: Source) -> list[tuple[int | None, str, str]]:
    from letters.render.env import docx_env, text_env

    env = text_env() if source.for_text else docx_env()
    try:
        tree = env.parse(source.text)
        env.compile(tree)  # unknown filters and tests are only found when compiling
    except jinja2.TemplateSyntaxError as exc:
        return [(exc.lineno, "", _("syntax error: {error}").format(error=exc.message))]
    walker = _Walker(view_model_shape(), set(env.globals))
    walker.block(tree.body, ChainMap())
    seen: set[tuple[int | None, str, str]] = set()
    return [p for p in walker.problems if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


# ---------------------------------------------------------------- following names through the tree


@dataclass(frozen=True)
class Binding:
    """What a name or expression refers to: its shape (None: anything) and its path for messages."""

    shape: Shape | None
    path: str | None = None


ANY = Binding(None)
#: What an unsafe attribute gives: reported once, silent further along the chain.
REFUSED = Binding(None, "(refused)")
_DICT_METHODS = frozenset(dir(dict))
_SCALAR_TYPES = {"str": str, "int": int, "bool": bool}
#: Filters that return the same list (so items keep their shape) or one item of it.
_SAME_LIST = frozenset({"sort", "reverse", "list", "unique", "selectattr", "rejectattr", "select", "reject"})
_ONE_ITEM = frozenset({"first", "last", "random", "min", "max"})
#: Filters whose ``attribute=`` (or first argument) names an attribute of the items.
_ATTRIBUTE_KW = frozenset({"map", "sort", "groupby", "sum", "unique", "min", "max"})
_ATTRIBUTE_ARG = frozenset({"selectattr", "rejectattr", "groupby"})
_NOT_SUPPORTED: dict[type[nodes.Node], str] = {
    nodes.Include: "include",
    nodes.Extends: "extends",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
}

Scope = ChainMap[str, Binding]  # name → Binding


def _defined_tests(test: nodes.Node) -> list[str]:
    """Names an ``{% if x is defined %}`` guards: its body may use them."""
    tests = [test, *test.find_all(nodes.Test)]
    return [t.node.name for t in tests if isinstance(t, nodes.Test) and t.name == "defined" and isinstance(t.node, nodes.Name)]


class _Walker:
    """Walks statements and expressions, binding loop and ``set`` names, and records problems."""

    def __init__(self, root: Shape, globals_: set[str]):
        self.root = root
        self.globals = globals_
        self.problems: list[tuple[int | None, str, str]] = []

    def report(self, line: int | None, field: str, message: str) -> None:
        self.problems.append((line, field, message))

    # statements
    def block(self, body: Sequence[nodes.Node], scope: Scope) -> None:
        for node in body:
            self.stmt(node, scope)

    def stmt(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.For):
            self.loop(node, scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            guarded = dict.fromkeys(_defined_tests(node.test), ANY)
            self.block(node.body, scope.new_child(guarded) if guarded else scope)
            for branch in node.elif_:
                self.stmt(branch, scope)
            self.block(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body, scope)
            self.bind(node.target, Binding(Shape("scalar", frozenset({"str"}))), scope)
        elif isinstance(node, nodes.With):
            inner = scope.new_child()
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.expr(value, scope), inner)
            self.block(node.body, inner)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            self.callable_block(node, scope)
        elif type(node) in _NOT_SUPPORTED:
            self.report(
                node.lineno,
                "",
                _("{{% {tag} %}} is not supported: each template is one self-contained file").format(tag=_NOT_SUPPORTED[type(node)]),
            )
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                else:
                    self.stmt(child, scope)

    def loop(self, node: nodes.For, scope: Scope) -> None:
        items = self.expr(node.iter, scope)
        inner = scope.new_child({"loop": ANY})
        self.bind(node.target, self.item_of(items), inner)
        if node.test is not None:
            self.expr(node.test, inner)
        self.block(node.body, inner)
        self.block(node.else_, scope)

    def callable_block(self, node: nodes.Macro | nodes.CallBlock, scope: Scope) -> None:
        if isinstance(node, nodes.Macro):
            scope[node.name] = ANY
        else:
            self.expr(node.call, scope)
        for default in node.defaults:
            self.expr(default, scope)
        inner = scope.new_child({"varargs": ANY, "kwargs": ANY, "caller": ANY})
        for arg in node.args:
            inner[arg.name] = ANY
        self.block(node.body, inner)

    def bind(self, target: nodes.Node, value: Binding, scope: Scope) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)

    # expressions
    def expr(self, node: nodes.Node | None, scope: Scope) -> Binding:
        if node is None:
            return ANY
        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.attr(self.expr(node.node, scope), node.attr, node.lineno)
        if isinstance(node, nodes.Getitem):
            return self.getitem(node, scope)
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Const):
            return Binding(None, repr(node.value))
        if isinstance(node, nodes.Test) and node.name in ("defined", "undefined"):
            return ANY  # ``x is defined`` is how a template asks about a name safely
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        return ANY

    def name(self, node: nodes.Name, scope: Scope) -> Binding:
        if node.ctx != "load":
            return ANY
        if node.name in self.globals:
            return Binding(None, node.name)
        if node.name in scope:
            return scope[node.name]
        if node.name in self.root.fields:
            return Binding(self.root.fields[node.name], node.name)
        self.missing(node.lineno, node.name, self.root.fields, "")
        return ANY

    def getitem(self, node: nodes.Getitem, scope: Scope) -> Binding:
        base = self.expr(node.node, scope)
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            return self.attr(base, arg.value, node.lineno)
        self.expr(arg, scope)
        if base.shape is not None and base.shape.kind == "list":
            return base if isinstance(arg, nodes.Slice) else self.item_of(base)
        return ANY

    def attr(self, base: Binding, attr: str, line: int | None) -> Binding:
        if base is REFUSED:
            return REFUSED
        where = base.path or "(value)"
        path = f"{where}.{attr}"
        if attr.startswith("_"):
            self.report(line, path, _("refused: templates may not reach Python internals (names starting with _)"))
            return REFUSED
        shape = base.shape
        if shape is None:
            return ANY
        if shape.kind == "object":
            if attr in shape.fields:
                return Binding(shape.fields[attr], path)
            if attr not in _DICT_METHODS:
                self.missing(line, attr, shape.fields, where)
            return ANY
        if shape.kind == "list":
            if not hasattr(list, attr):
                item = shape.item
                if item is not None and item.kind == "object" and attr in item.fields:
                    self.report(
                        line,
                        path,
                        _("{where} is a list; loop over it: {{% for item in {where} %}}{{{{ item.{attr} }}}}{{% endfor %}}").format(
                            where=where, attr=attr
                        ),
                    )
                else:
                    self.report(line, path, _("not in the view model ({where} is a list)").format(where=where))
            return ANY
        python_types = [_SCALAR_TYPES[t] for t in shape.types if t in _SCALAR_TYPES]
        if not any(hasattr(t, attr) for t in python_types):
            self.report(
                line, path, _("not in the view model ({where} is {type}, not an object)").format(where=where, type=shape.type_text())
            )
        return ANY

    def missing(self, line: int | None, attr: str, fields: Iterable[str], where: str) -> None:
        names = list(fields)
        prefix = f"{where}." if where else ""
        guess = difflib.get_close_matches(attr, names, n=1, cutoff=0.6)
        if guess:
            message = _("not in the view model; did you mean {name}?").format(name=f"{prefix}{guess[0]}")
        else:
            message = _("not in the view model")
        self.report(line, f"{prefix}{attr}", message)

    def item_of(self, items: Binding) -> Binding:
        shape = items.shape
        if shape is None or shape.kind != "list":
            return ANY
        return Binding(shape.item, f"{items.path}[]" if items.path else None)

    def filter(self, node: nodes.Filter, scope: Scope) -> Binding:
        base = self.expr(node.node, scope)
        for arg in node.args:
            self.expr(arg, scope)
        for kw in node.kwargs:
            self.expr(kw.value, scope)
        if node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const):
            return self.attr(base, str(node.args[0].value), node.lineno)
        attribute = self.attribute_argument(node)
        result = ANY
        if attribute is not None:
            result = self.attribute_path(self.item_of(base), attribute, node.lineno)
        if node.name == "map" and attribute is not None:
            return Binding(Shape("list", frozenset({"list"}), item=result.shape), None) if result.shape else ANY
        if node.name in _SAME_LIST:
            return base
        if node.name in _ONE_ITEM:
            return self.item_of(base)
        return ANY

    @staticmethod
    def attribute_argument(node: nodes.Filter) -> str | None:
        for kw in node.kwargs:
            if kw.key == "attribute" and node.name in _ATTRIBUTE_KW and isinstance(kw.value, nodes.Const):
                return str(kw.value.value)
        if node.name in _ATTRIBUTE_ARG and node.args and isinstance(node.args[0], nodes.Const):
            return str(node.args[0].value)
        return None

    def attribute_path(self, item: Binding, dotted: str, line: int | None) -> Binding:
        for part in dotted.split("."):
            if part.isdigit():
                item = self.item_of(item)
            else:
                item = self.attr(item, part, line)
        return item

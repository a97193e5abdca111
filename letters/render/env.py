"""The one factory for Jinja environments: sandboxed, strict, the same for every format.

Case text only ever reaches a template as data in the context, never as template
source, so ``{{ x }}`` typed into a case file comes out literally.

Every operation a template can make big or long is bounded where it happens, before
the memory is taken: each loop iteration, call and filter spends a step of one budget;
a number passed to a call or filter (a width, a count) has a ceiling, and so have the
widths inside ``%`` and ``str.format`` specs; strings and lists built by ``*``, ``+``
and ``~`` have a size limit; big-integer ``*`` and ``**`` a digit limit; and a template
nested too deeply is a syntax error at its line, found while it is read.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, update_wrapper, wraps
from itertools import islice
from typing import Any

import markupsafe
from jinja2 import StrictUndefined, Template, nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.lexer import TokenStream
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace
from markupsafe import Markup, escape

from letters import rx
from letters.locale import _

try:  # not on Windows: no address-space limit there
    import resource

    _PAGE_SIZE = resource.getpagesize()
except ImportError:  # pragma: no cover - POSIX has it
    resource = None  # type: ignore[assignment]
    _PAGE_SIZE = 0

__all__ = [
    "MAX_CALL_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_ITEMS",
    "MAX_NESTING",
    "MAX_NUMBER",
    "MAX_OUTPUT_CHARS",
    "MAX_STEPS",
    "LettersSandbox",
    "RunawayTemplate",
    "docx_env",
    "make_env",
    "text_env",
]

#: A letter is a few thousand characters (its .docx XML a few hundred thousand); a
#: template writing more than this is running away and is stopped, not left to fill the disk.
#: It is also the most characters any one string a template builds may hold.
MAX_OUTPUT_CHARS = 50_000_000
#: Loop iterations, calls, filters and ``range()`` items one render may use.
MAX_STEPS = 1_000_000
#: The largest number a template may pass to a call or filter, or write as a width or
#: precision in a format: letters pad to a few dozen columns, never to a billion.
MAX_NUMBER = 100_000
#: The most items a list or tuple built by ``*`` or ``+`` may hold (8 bytes each at least).
MAX_ITEMS = 1_000_000
#: Python itself refuses to print an int of more than 4,300 digits; arithmetic stops before.
MAX_INT_DIGITS = 4_300
_MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219)  # log2(10) bits per digit
#: Blocks (``for``, ``if``, ``macro``…) inside each other, and brackets and operators inside
#: each other in one expression. Python compiles a template to code and cannot nest its
#: loops more than 20 deep nor its brackets more than 200.
MAX_NESTING = 15
MAX_EXPRESSION_DEPTH = 40
#: Macro calls inside macro calls (recursion).
MAX_CALL_DEPTH = 100
#: Characters of text one render may build in all (every string a filter, ``~``, ``*`` or ``+``
#: makes, counted when made): a letter builds a few hundred thousand; this bounds the live
#: strings a template can keep (sixty 40-million-character texts in a list) well below the memory.
MAX_BUILT_CHARS = 100_000_000
#: Address space a render may take beyond what the process has when it starts: the last line
#: of defence (RLIMIT_AS, where the system has one and no other thread could be hurt by it).
MAX_RENDER_BYTES = 2 << 30


class RunawayTemplate(SecurityError):
    """A template that writes too much or works too long; stopped with a clear message."""


#: Steps left in the render running in this context (``None``: not inside a render).
_steps_left: ContextVar[list[int] | None] = ContextVar("letters_steps_left", default=None)
_call_depth: ContextVar[list[int] | None] = ContextVar("letters_call_depth", default=None)
_chars_left: ContextVar[list[int] | None] = ContextVar("letters_chars_left", default=None)


def _charge(chars: int) -> None:
    """Count ``chars`` characters of new text against the render's :data:`MAX_BUILT_CHARS`."""
    left = _chars_left.get()
    if left is not None:
        left[0] -= chars
        if left[0] < 0:
            raise RunawayTemplate(
                _("runs away: it builds more than {limit:,} characters of text in all; stopped").format(limit=MAX_BUILT_CHARS)
            )


def _spend(steps: int = 1) -> None:
    left = _steps_left.get()
    if left is not None:
        left[0] -= steps
        if left[0] < 0:
            raise RunawayTemplate(_("runs away: more than {limit:,} loop steps and calls; stopped").format(limit=MAX_STEPS))


def _counted(items: Iterable[Any]) -> Iterator[Any]:
    """``items``, one step spent for each: every loop over anything is on the budget."""
    for item in items:
        _spend()
        yield item


def _check_number(value: Any) -> None:
    if type(value) is int and not -MAX_NUMBER <= value <= MAX_NUMBER:
        raise RunawayTemplate(
            _("runs away: {number} is too large a width or count (the limit is {limit:,}); stopped").format(
                number=_short(value), limit=MAX_NUMBER
            )
        )


def _check_numbers(args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    for value in args:
        if type(value) is int and not -MAX_NUMBER <= value <= MAX_NUMBER:
            _check_number(value)
    if kwargs:
        for value in kwargs.values():
            _check_number(value)


def _short(number: int) -> str:
    """A number for a message: a huge one by its size, not its 4,000 digits."""
    if number.bit_length() <= 64:
        return f"{number:,}"
    return _("a number of about {digits:,} digits").format(digits=int(number.bit_length() / 3.3219))


def _check_size(value: Any) -> Any:
    """``value`` unless it is a string or list over the limits (what ``~`` and filters make)."""
    if isinstance(value, str):
        if len(value) > MAX_OUTPUT_CHARS:
            raise RunawayTemplate(_("runs away: a text of more than {limit:,} characters; stopped").format(limit=MAX_OUTPUT_CHARS))
        _charge(len(value))
    elif isinstance(value, (list, tuple)) and len(value) > MAX_ITEMS:
        raise RunawayTemplate(_("runs away: a list of more than {limit:,} items; stopped").format(limit=MAX_ITEMS))
    return value


#: ``%`` conversion specs: the width and precision are numbers or ``*`` (taken from the values).
_PERCENT = rx.compile(r"%(?:\([^)]*\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<conv>.?)", re.S)


def _check_percent(fmt: Any, values: Any) -> None:
    """Refuse ``"%*d" % (10**9, 1)`` and ``"%2000000000d"|format(1)`` before formatting."""
    if not isinstance(fmt, str):
        return
    items = list(values) if isinstance(values, tuple) else [values]
    taken = 0
    for spec in _PERCENT.finditer(fmt):
        if spec["conv"] == "%":
            continue
        for part in (spec["width"], spec["precision"]):
            if part == "*":
                _check_number(items[taken] if taken < len(items) else 0)
                taken += 1
            elif part:
                _check_number(int(part))
        taken += 1


def _check_spec(spec: str) -> None:
    """Every number in a ``str.format`` spec (its width, precision) is within the limit."""
    for digits in re.findall(r"\d+", spec):
        _check_number(int(digits))


class _BoundedFormatter(SandboxedFormatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_spec(format_spec)
        return super().format_field(value, format_spec)


class _BoundedEscapeFormatter(SandboxedEscapeFormatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_spec(format_spec)
        return super().format_field(value, format_spec)


#: Output pieces taken between two size checks (each piece is one text run or value).
_CHUNKS_A_ROUND = 256


class BoundedTemplate(Template):
    """``render`` streams the output, counting characters and steps, so a runaway stops early."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        ctx = self._fresh_context(dict(*args, **kwargs))
        token = _steps_left.set([MAX_STEPS])
        depth = _call_depth.set([0])
        chars = _chars_left.set([MAX_BUILT_CHARS])
        cap = _nothing if _HELD_CAP[0] else _cap_address_space()
        try:
            parts: list[str] = []
            size = 0
            chunks = self.root_render_func(ctx)
            while True:  # counted a few hundred pieces at a time: a letter is one or two rounds
                some = list(islice(chunks, _CHUNKS_A_ROUND))
                if not some:
                    return "".join(parts)
                size += sum(map(len, some))
                if size > MAX_OUTPUT_CHARS:
                    raise RunawayTemplate(_("runs away: it writes more than {limit:,} characters; stopped").format(limit=MAX_OUTPUT_CHARS))
                parts += some
        except MemoryError:
            raise RunawayTemplate(_("runs away: it needs more memory than a letter may take; stopped")) from None
        except Exception:
            self.environment.handle_exception()
        finally:
            cap()
            _chars_left.reset(chars)
            _call_depth.reset(depth)
            _steps_left.reset(token)

    def _fresh_context(self, values: dict[str, Any]) -> Any:
        """``self.new_context(values)`` without its two walks through the template's globals, a
        ``ChainMap`` (Python code, not a dict copy: 18 of a render's first microseconds). The
        globals are flattened once per template: Jinja's rule is that they are not changed
        after a template is loaded. The values win over the globals, as in Jinja."""
        flat: dict[str, Any] | None = self.__dict__.get("_flat_globals")
        if flat is None:
            flat = self.__dict__["_flat_globals"] = dict(self.globals)
        for key, value in flat.items():
            values.setdefault(key, value)
        return self.environment.context_class(self.environment, values, self.name, self.blocks, globals=flat)


def _cap_address_space() -> Callable[[], None]:
    """Limit the process's address space to what it uses now plus :data:`MAX_RENDER_BYTES`
    for the render (a ``MemoryError`` then, not the machine's memory); returns the undo.

    Only where the system has ``RLIMIT_AS`` and ``/proc/self/statm``, and only while this is
    the process's one thread: a limit is per process, and a LibreOffice a converter thread
    started meanwhile would inherit it. A limit already tighter is left as it is. Every
    render of every letter passes here, so ``statm`` is read with three plain system calls
    (a Python file object costs four times the whole check).
    """
    if threading.active_count() > 1 or resource is None:
        return _nothing
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY | os.O_CLOEXEC)
        try:
            used = int(os.read(fd, 64).split(None, 1)[0]) * _PAGE_SIZE
        finally:
            os.close(fd)
    except (OSError, ValueError, IndexError):
        return _nothing
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + MAX_RENDER_BYTES
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        return _nothing
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        return _nothing
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


#: ``[True]`` while :func:`render_cap_held` keeps the cap on for a whole block of renders.
_HELD_CAP = [False]


@contextmanager
def render_cap_held() -> Iterator[None]:
    """The cap of :func:`_cap_address_space` set once for a block of renders (a batch's
    letters, three renders each) instead of once a render.

    Only for code that starts no thread inside the block (a thread's LibreOffice would
    inherit the cap): a batch without PDFs. Where the cap cannot be set now, each render
    still tries its own.
    """
    undo = _cap_address_space()
    if undo is _nothing:
        yield
        return
    _HELD_CAP[0] = True
    try:
        yield
    finally:
        _HELD_CAP[0] = False
        undo()


def hold_render_cap_for_life() -> None:
    """The cap set once for the rest of this process: a batch's forked worker, which only
    renders letters and starts no thread."""
    if _cap_address_space() is not _nothing:
        _HELD_CAP[0] = True


def _nothing() -> None:
    return None


def _bounded_range(*args: int) -> Iterator[int]:
    """``range`` capped at ``MAX_RANGE`` items, each item counted as a step."""
    numbers = range(*args)
    if len(numbers) > LettersSandbox.MAX_RANGE:
        raise RunawayTemplate(
            _("range() of {count:,} items; the limit is {limit:,}").format(count=len(numbers), limit=LettersSandbox.MAX_RANGE)
        )
    for number in numbers:
        _spend()
        yield number


# docxtpl turns these in the rendered XML into Jinja delimiters ("{_{" → "{{"): a "_"
# touching a delimiter character in case text is written as a character reference,
# which every XML reader shows as the same "_".
_DOCXTPL_MARKERS = rx.compile(r"_(?=[{}%])|(?<=[{}%])_|^_|_$")


#: How many values that carry their own markup (``Markup``, RichText, anything with
#: ``__html__``) .docx templates have written; the engine re-parses a body that got one.
MARKUP_OUTPUTS = [0]


def _docx_finalize(value: Any) -> Any:
    """Escape a value for XML ourselves so docxtpl's post-processing cannot change its text; an
    English date in it is kept on one line (no-break spaces: "9 September 2026", "September 21, 2026")."""
    if type(value) is not str and hasattr(value, "__html__"):
        MARKUP_OUTPUTS[0] += 1
    if isinstance(value, str) and not isinstance(value, Markup):
        if " " in value:
            value = _dates_kept(value)
        if "_" in value:
            return Markup(_DOCXTPL_MARKERS.sub("&#95;", str(escape(value))))
    return value


def _docx_value(value: Any) -> str:
    """``escape(_docx_finalize(value))``: a plain text (nearly every value) escaped once, without
    the ``Markup`` objects in between (the rendered pieces are joined as text)."""
    if type(value) is not str:
        return escape(_docx_finalize(value))
    text = _escape_text(_dates_kept(value) if " " in value else value)
    return _DOCXTPL_MARKERS.sub("&#95;", text) if "_" in text else text


#: markupsafe's escaping of a plain text without wrapping it in ``Markup`` (``escape`` itself
#: where a markupsafe release no longer has that function).
_escape_text: Callable[[str], str] = getattr(markupsafe, "_escape_inner", escape)

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: "9 September 2026", "9 September", "September 21, 2026", "September 21": a Word line never breaks inside one.
#: (Every date starts with a digit, of any script, or a month's capital: the look ahead at them lets
#: a search skip to those, where the two word boundaries were tried at every position first; 1.5-1.75
#: times faster on a sentence.)
_ENGLISH_DATE = rx.compile(rf"(?=[\dADFJMNOS])(?:\b\d{{1,2}} (?:{_MONTHS})\b(?: \d{{4}}\b)?|\b(?:{_MONTHS}) \d{{1,2}}\b(?:, \d{{4}}\b)?)")
#: Every English date holds a month's name: a text without one (most values) skips the date pattern,
#: whose every position tries both its forms (a search for the names alone skips to their first letters).
_A_MONTH = rx.compile(_MONTHS)


def _dates_kept(value: str) -> str:
    """``value`` (a text with a space) with the spaces inside each English date made no-break spaces."""
    return _ENGLISH_DATE.sub(_keep_together, value) if _A_MONTH.search(value) is not None else value


def _keep_together(found: re.Match[str]) -> str:
    return found.group().replace(" ", "\u00a0")


#: Jinja's own loop and namespace objects: neither is a function, type, mutable container
#: nor anything else the sandbox guards beyond underscored names.
_JINJA_OBJECTS = (LoopContext, Namespace)
#: Every name ``hasattr(dict, name)`` is true for (the type and its metaclass, both
#: built in and closed), as a set: the dict fast path tests it for every lookup.
_DICT_ATTRIBUTES = frozenset(n for c in (*dict.__mro__, type, object) for n in vars(c) if hasattr(dict, n))


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with every ``for`` loop's items and every ``~`` result
    passed through the environment (:meth:`LettersSandbox.letters_loop`, ``letters_sized``)."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        original = node.iter
        node.iter = nodes.Call(nodes.EnvironmentAttribute("letters_loop"), [original], [], None, None, lineno=original.lineno)
        try:
            super().visit_For(node, frame)
        finally:
            node.iter = original

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        """``letters_loop`` (our own method, nothing to vet) called directly, not through the
        sandbox's ``call``; no template's text can name it (its parser makes no such node)."""
        if isinstance(node.node, nodes.EnvironmentAttribute) and node.node.name == "letters_loop":
            self.write("environment.letters_loop(")
            self.visit(node.args[0], frame)
            self.write(")")
            return
        super().visit_Call(node, frame, forward_caller=forward_caller)

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        """``complainant.name`` on a view-model dict read in place, where Jinja calls
        ``environment.getattr`` for every dot (two hundred a letter): the item when the value is
        a plain dict holding that key, as :meth:`LettersSandbox.getattr` returns then; anything
        else (another type, a missing key, a name dicts have as an attribute, one starting with
        ``_``) goes to that method as before. ``letters_t`` holds the value between the test and
        the lookup; no template name can be it (Jinja prefixes every template name)."""
        attr = node.attr
        if self.environment.is_async or attr in _DICT_ATTRIBUTES or attr[:1] == "_":
            CodeGenerator.visit_Getattr(self, node, frame)
            return
        self.write(f"(letters_t[{attr!r}] if type(letters_t := ")
        self.visit(node.node, frame)
        self.write(f") is dict and {attr!r} in letters_t else environment.getattr(letters_t, {attr!r}))")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.letters_sized(")
        super().visit_Concat(node, frame)
        self.write(")")

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        """A .docx template's ``{{ value }}`` calls one function, :func:`_docx_value`, where Jinja
        would call ``escape(environment.finalize(value))``: the same text, fewer calls and objects."""
        if self._one_call(frame):
            self.write("environment.letters_xml(")
            return
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._one_call(frame):
            self.write(")")
            return
        super()._output_child_post(node, frame, finalize)

    def _one_call(self, frame: Frame) -> bool:
        """A .docx template's output, escaped (not inside ``{% autoescape false %}``) and known to be at compile time."""
        return self.environment.finalize is _docx_finalize and bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile


#: Block tags that open a level of nesting (``set`` blocks are counted on the parsed tree).
_OPENING_TAGS = frozenset({"for", "if", "macro", "call", "filter", "with", "autoescape", "block", "trans"})
_BRACKETS = {"lparen": 1, "lbracket": 1, "lbrace": 1, "rparen": -1, "rbracket": -1, "rbrace": -1}
#: Statements whose bodies nest (what ``MAX_NESTING`` counts on the tree).
_BLOCK_NODES = (
    nodes.For,
    nodes.If,
    nodes.Macro,
    nodes.CallBlock,
    nodes.FilterBlock,
    nodes.With,
    nodes.Scope,
    nodes.AssignBlock,
    nodes.Block,
    nodes.ScopedEvalContextModifier,
)


def _too_deep(what: str, lineno: int, name: str | None, filename: str | None) -> TemplateSyntaxError:
    return TemplateSyntaxError(_("{what}; a template is nested too deeply to be a letter").format(what=what), lineno, name, filename)


class _DepthCheck:
    """The token stream the parser reads, refused as soon as blocks or brackets nest too
    deeply (before the parser's own recursion could fail)."""

    def __init__(self, stream: TokenStream, name: str | None, filename: str | None):
        self.stream, self.name, self.filename = stream, name, filename
        self.lineno = 1

    def __iter__(self) -> Iterator[Any]:
        blocks = brackets = 0
        after_begin = False
        for token in self.stream:
            self.lineno = token.lineno
            kind = token.type
            if kind in _BRACKETS:
                brackets = max(0, brackets + _BRACKETS[kind])
                if brackets > MAX_EXPRESSION_DEPTH:
                    raise _too_deep(
                        _("brackets nested more than {limit} deep").format(limit=MAX_EXPRESSION_DEPTH),
                        token.lineno,
                        self.name,
                        self.filename,
                    )
            elif after_begin and kind == "name":
                if token.value in _OPENING_TAGS:
                    blocks += 1
                    if blocks > MAX_NESTING:
                        raise _too_deep(
                            _("blocks nested more than {limit} deep").format(limit=MAX_NESTING), token.lineno, self.name, self.filename
                        )
                elif token.value.startswith("end") and token.value[3:] in _OPENING_TAGS:
                    blocks = max(0, blocks - 1)
            after_begin = kind == "block_begin"
            yield token


def _check_tree(tree: nodes.Node, name: str | None, filename: str | None) -> None:
    """Refuse a parsed template whose blocks or expressions nest too deeply (the code
    generator and Python's compiler would fail with a RecursionError or SyntaxError)."""
    stack: list[tuple[nodes.Node, int, int]] = [(tree, 0, 0)]
    while stack:
        node, depth, blocks = stack.pop()
        if isinstance(node, _BLOCK_NODES):
            blocks += 1
            if blocks > MAX_NESTING:
                raise _too_deep(_("blocks nested more than {limit} deep").format(limit=MAX_NESTING), node.lineno, name, filename)
        elif isinstance(node, nodes.Expr):
            depth += 1
            if depth > MAX_EXPRESSION_DEPTH:
                raise _too_deep(
                    _("an expression nested more than {limit} deep").format(limit=MAX_EXPRESSION_DEPTH), node.lineno, name, filename
                )
        else:
            depth = 0
        stack.extend((child, depth, blocks) for child in node.iter_child_nodes())


#: Filters that go through every item of their input (their input's size is spent as steps).
_ITERATING_FILTERS = frozenset(
    {
        "batch",
        "slice",
        "list",
        "join",
        "map",
        "select",
        "reject",
        "selectattr",
        "rejectattr",
        "sort",
        "unique",
        "groupby",
        "sum",
        "min",
        "max",
        "dictsort",
        "items",
        "reverse",
        "first",
        "last",
        "random",
        "wordcount",
    }
)


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with the limits applied: a step, the size of what it goes through, numbers
    among its arguments (the widths inside a format), the size of what it returns."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # the context/environment comes first
    iterates = name in _ITERATING_FILTERS
    formats = name == "format"

    if not iterates and not formats and name not in _GROWTH:

        @wraps(func)
        def plain(*args: Any, **kwargs: Any) -> Any:  # most filters: a step, their numbers, their result's size
            _spend()
            if len(args) > skip + 1 or kwargs:
                _check_numbers(args[skip + 1 :], kwargs)
            return _check_size(func(*args, **kwargs))

        return plain

    estimate = _GROWTH.get(name)
    if estimate is not None:
        grows = func

        @wraps(func)
        def estimated(*args: Any, **kwargs: Any) -> Any:
            if len(args) > skip and estimate(args[skip:], kwargs) > MAX_OUTPUT_CHARS:
                raise _would_run_away(name)
            return grows(*args, **kwargs)

        func = estimated

    @wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _spend()
        if len(args) > skip:
            value = args[skip]
            if formats:
                _check_percent(value, kwargs or tuple(args[skip + 1 :]))
            else:
                _check_numbers(args[skip + 1 :], kwargs)
            if iterates:
                if isinstance(value, (str, list, tuple, dict, set, frozenset)):
                    _spend(len(value))
                elif not isinstance(value, (int, float)):
                    args = (*args[:skip], _counted(value), *args[skip + 1 :])
        return _check_size(func(*args, **kwargs))

    if name == "replace" and skip == 1:
        return _fast_replace(bounded)
    return bounded


def _would_run_away(name: str) -> RunawayTemplate:
    return RunawayTemplate(
        _("runs away: {name} would make a text of more than {limit:,} characters; stopped").format(name=name, limit=MAX_OUTPUT_CHARS)
    )


def _fast_replace(bounded: Callable[..., Any]) -> Callable[..., Any]:
    """``replace`` of plain texts by plain texts (``value|replace("-", "-\u2060")``, fifteen times in a
    letter): what Jinja's filter then returns, ``value.replace(old, new)`` whether autoescaping or not,
    under the same limits (a step, the size it would make, the size it made), without the general
    wrapper's argument checks (a third of the cost). Anything else goes through ``bounded``."""

    @wraps(bounded)
    def replace(*args: Any, **kwargs: Any) -> Any:
        if len(args) == 4 and not kwargs:
            _eval_ctx, value, old, new = args
            if type(value) is str and type(old) is str and type(new) is str and old:
                _spend()
                if len(value) + value.count(old) * max(0, len(new) - len(old)) > MAX_OUTPUT_CHARS:
                    raise _would_run_away("replace")
                return _check_size(value.replace(old, new))
        return bounded(*args, **kwargs)

    return replace


_FORMATS = ("format", "format_map")


def _arg(args: tuple[Any, ...], kwargs: Mapping[str, Any], index: int, name: str, default: Any) -> Any:
    """A filter's argument after its value: positional ``index`` (0 = the value) or ``name``."""
    return args[index] if len(args) > index else kwargs.get(name, default)


def _width(value: Any) -> int:
    return value if type(value) is int else len(str(value))


def _indent_size(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    text = str(args[0])
    return len(text) + max(0, _width(_arg(args, kwargs, 1, "width", 4))) * (text.count("\n") + 1)


def _center_size(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    return max(len(str(args[0])), _width(_arg(args, kwargs, 1, "width", 80)))


def _replace_size(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    text, old, new = str(args[0]), str(_arg(args, kwargs, 1, "old", "")), str(_arg(args, kwargs, 2, "new", ""))
    times = text.count(old) if old else len(text) + 1
    count = _arg(args, kwargs, 3, "count", None)
    if type(count) is int and count >= 0:
        times = min(times, count)
    return len(text) + times * max(0, len(new) - len(old))


def _join_size(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    items = args[0]
    if not isinstance(items, (list, tuple)):
        return 0  # a generator: counted item by item as it is joined
    separator = str(_arg(args, kwargs, 1, "d", ""))
    return sum(len(item) if isinstance(item, str) else 0 for item in items) + max(0, len(items) - 1) * len(separator)


def _wordwrap_size(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    text = str(args[0])
    width = _arg(args, kwargs, 1, "width", 79)
    wrap = _arg(args, kwargs, 3, "wrapstring", None)
    breaks = len(text) // max(1, width if type(width) is int else 1) + 1
    return len(text) + breaks * len(str(wrap) if wrap is not None else "\n")


def _tojson_size(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> int:
    """What ``tojson`` writes, bounded from below by its indentation: every item of a nested
    list or mapping gets ``depth × indent`` spaces (``tojson(indent=100000)`` on a deep list)."""
    indent = _arg(args, kwargs, 1, "indent", None)
    if not indent:
        return 0
    per_level = _width(indent)
    total = 0
    stack: list[tuple[Any, int]] = [(args[0], 0)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > MAX_ITEMS:
            return MAX_OUTPUT_CHARS + 1
        total += depth * per_level + 1
        if total > MAX_OUTPUT_CHARS:
            return total
        if isinstance(value, Mapping):
            stack += [(item, depth + 1) for item in value.values()]
        elif isinstance(value, (list, tuple)):
            stack += [(item, depth + 1) for item in value]
    return total


#: Filters whose output can be far larger than their input, and what it will be (a lower
#: bound), so they are refused before they take the memory: ``indent(100000)`` on a long text.
_GROWTH: dict[str, Callable[[tuple[Any, ...], Mapping[str, Any]], int]] = {
    "indent": _indent_size,
    "center": _center_size,
    "replace": _replace_size,
    "join": _join_size,
    "wordwrap": _wordwrap_size,
    "tojson": _tojson_size,
}


#: The type of ``"text".isupper``: a method of a built-in type, bound to its value.
_BUILTIN_METHOD = type("".isupper)


class LettersSandbox(ImmutableSandboxedEnvironment):
    """Refuses attribute access to Python internals and any mutation of the view model,
    and bounds what every operation may cost (see the module's docstring)."""

    #: ``range()`` in a template cannot run away with memory.
    MAX_RANGE = 10_000
    template_class = BoundedTemplate
    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _spend()
        kind = type(__obj)
        if kind is LoopContext and args:  # loop(children) in a recursive loop
            args = (_counted(args[0]), *args[1:])
        elif (args or kwargs) and __obj is not _bounded_range and getattr(__obj, "__name__", None) not in _FORMATS:
            _check_numbers(args, kwargs)  # format() and range() check their own numbers
        if kind is _BUILTIN_METHOD:  # value.isupper(): what Jinja's call comes to for a method of a built-in type
            # (it cannot carry pass_context nor an unsafe flag, and the sandbox vetted it as it was read)
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __context.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        if kind is not Macro:
            return super().call(__context, __obj, *args, **kwargs)
        depth = _call_depth.get()
        if depth is None:  # a call outside a render (a macro called from Python)
            return super().call(__context, __obj, *args, **kwargs)
        depth[0] += 1
        try:
            if depth[0] > MAX_CALL_DEPTH:
                raise RunawayTemplate(_("runs away: macros call each other more than {limit} deep; stopped").format(limit=MAX_CALL_DEPTH))
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            depth[0] -= 1

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``"x" * 10**9``, ``9 ** 9 ** 9`` and ``"%*d" % (10**9, 1)`` are refused before they take the memory."""
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and type(times) is int:
                    limit = MAX_OUTPUT_CHARS if isinstance(seq, str) else MAX_ITEMS
                    if len(seq) * times > limit:
                        raise RunawayTemplate(_("runs away: a repetition of more than {limit:,} items; stopped").format(limit=limit))
            if type(left) is int and type(right) is int and left.bit_length() + right.bit_length() > _MAX_INT_BITS:
                raise RunawayTemplate(_("runs away: a product of more than {limit:,} digits; stopped").format(limit=MAX_INT_DIGITS))
        elif operator == "**":
            if (
                type(left) is int
                and type(right) is int
                and abs(left) > 1
                and right > 0
                and right * math.log2(abs(left)) > _MAX_INT_BITS  # 7 ** 5089: 4,301 digits
            ):
                raise RunawayTemplate(
                    _("runs away: {left} ** {right} is too large a number; stopped").format(left=_short(left), right=_short(right))
                )
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, type(left)):
                limit = MAX_OUTPUT_CHARS if isinstance(left, str) else MAX_ITEMS
                if len(left) + len(right) > limit:
                    if isinstance(left, str):
                        raise RunawayTemplate(_("runs away: a text of more than {limit:,} items; stopped").format(limit=limit))
                    raise RunawayTemplate(_("runs away: a list of more than {limit:,} items; stopped").format(limit=limit))
        elif operator == "%":
            _check_percent(left, right)
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, str):
            _charge(len(result))
        return result

    def letters_loop(self, items: Iterable[Any]) -> Iterable[Any]:
        """What every ``{% for %}`` goes through (see :class:`_BoundedCodeGenerator`): one step for
        the loop, one for each item (a list's or tuple's all at once, as its length is known)."""
        _spend()
        if type(items) is list or type(items) is tuple:
            _spend(len(items))
            return items
        return _counted(items)

    #: What every ``{{ value }}`` of a .docx template goes through (see :class:`_BoundedCodeGenerator`).
    letters_xml = staticmethod(_docx_value)

    def letters_sized(self, value: Any) -> Any:
        """What every ``~`` goes through (see :class:`_BoundedCodeGenerator`)."""
        return _check_size(value)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format``/``format_map``, sandboxed as Jinja does, with widths bounded."""
        if not callable(value) or getattr(value, "__name__", None) not in ("format", "format_map"):
            return None
        f_self = getattr(value, "__self__", None)
        if not isinstance(f_self, str):
            return None
        str_type = type(f_self)
        is_format_map = value.__name__ == "format_map"
        formatter: SandboxedFormatter
        if isinstance(f_self, Markup):
            formatter = _BoundedEscapeFormatter(self, escape=f_self.escape)
        else:
            formatter = _BoundedFormatter(self)
        vformat = formatter.vformat

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                kwargs, args = args[0], ()
            return str_type(_check_size(vformat(f_self, args, kwargs)))

        return update_wrapper(wrapper, value)

    # --- reading a template: nesting refused at its line, never a RecursionError ----------

    def _tokenize(self, source: str, name: str | None, filename: str | None = None, state: str | None = None) -> TokenStream:
        stream = super()._tokenize(source, name, filename, state)
        self._depth_check = _DepthCheck(stream, name, filename)
        return TokenStream(iter(self._depth_check), name, filename)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            return super()._parse(source, name, filename)
        except RecursionError:
            check = getattr(self, "_depth_check", None)
            raise _too_deep(_("operators nested too deeply"), check.lineno if check else 1, name, filename) from None

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False) -> str:
        _check_tree(source, name, filename)
        try:
            return super()._generate(source, name, filename, defer_init=defer_init)
        except RecursionError:
            raise _too_deep(_("too deeply nested to compile"), 1, name, filename) from None

    def _compile(self, source: str, filename: str) -> Any:
        try:
            return super()._compile(source, filename)
        except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
            raise _too_deep(_("too deeply nested to compile ({kind})").format(kind=type(exc).__name__), 1, None, None) from None

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``complainant.name`` on a view-model dict, without first failing an attribute lookup.

        Same result as Jinja's order (attribute, then item): a plain dict has no attribute
        of that name, so Jinja would return the item too; only faster.
        """
        kind = type(obj)
        if kind is dict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
            return obj[attribute]
        if kind in _JINJA_OBJECTS and attribute[:1] != "_":
            # ``loop.index``, ``ns.total``: for these two types the sandbox's only test is
            # the leading underscore, so the lookup it would make is made directly.
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                wrapped = self.wrap_str_format(value)
                return value if wrapped is None else wrapped
        return super().getattr(obj, attribute)


def make_env(*, for_text: bool) -> LettersSandbox:
    """A fresh environment; .txt templates trim block lines, .docx ones autoescape XML."""
    env = LettersSandbox(
        undefined=StrictUndefined,
        autoescape=not for_text,
        trim_blocks=for_text,
        lstrip_blocks=for_text,
        keep_trailing_newline=True,
        finalize=None if for_text else _docx_finalize,
    )
    env.globals["range"] = _bounded_range
    env.globals.pop("lipsum", None)  # writes any amount of filler text: no use in a letter
    env.filters = {name: _bounded_filter(name, func) for name, func in env.filters.items()}
    return env


@lru_cache(maxsize=1)
def text_env() -> LettersSandbox:
    return make_env(for_text=True)


@lru_cache(maxsize=1)
def docx_env() -> LettersSandbox:
    return make_env(for_text=False)

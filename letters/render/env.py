"""The one factory for Jinja environments: sandboxed, strict, the same for every format.

Case text only ever reaches a template as data in the context, never as template
source, so ``{{ x }}`` typed into a case file comes out literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from itertools import islice
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from markupsafe import Markup, escape

__all__ = ["LettersSandbox", "RunawayTemplate", "make_env", "text_env", "docx_env", "MAX_OUTPUT_CHARS", "MAX_STEPS"]

#: A letter is a few thousand characters (its .docx XML a few hundred thousand); a
#: template writing more than this is running away and is stopped, not left to fill the disk.
MAX_OUTPUT_CHARS = 50_000_000
#: Calls and ``range()`` items one render may use: nested loops cannot run for ever.
MAX_STEPS = 1_000_000


class RunawayTemplate(SecurityError):
    """A template that writes too much or works too long; stopped with a clear message."""


#: Steps left in the render running in this context (``None``: not inside a render).
_steps_left: ContextVar[list[int] | None] = ContextVar("letters_steps_left", default=None)


def _spend(steps: int = 1) -> None:
    left = _steps_left.get()
    if left is not None:
        left[0] -= steps
        if left[0] < 0:
            raise RunawayTemplate(f"runs away: more than {MAX_STEPS:,} loop steps and calls; stopped")


#: Output pieces taken between two size checks (each piece is one text run or value).
_CHUNKS_A_ROUND = 256


class BoundedTemplate(Template):
    """``render`` streams the output, counting characters and steps, so a runaway stops early."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        ctx = self.new_context(dict(*args, **kwargs))
        token = _steps_left.set([MAX_STEPS])
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
                    raise RunawayTemplate(f"runs away: it writes more than {MAX_OUTPUT_CHARS:,} characters; stopped")
                parts += some
        except Exception:
            self.environment.handle_exception()
        finally:
            _steps_left.reset(token)


def _bounded_range(*args: int) -> Iterator[int]:
    """``range`` capped at ``MAX_RANGE`` items, each item counted as a step."""
    numbers = range(*args)
    if len(numbers) > LettersSandbox.MAX_RANGE:
        raise RunawayTemplate(f"range() of {len(numbers):,} items; the limit is {LettersSandbox.MAX_RANGE:,}")
    for number in numbers:
        _spend()
        yield number


# docxtpl turns these in the rendered XML into Jinja delimiters ("{_{" → "{{"): a "_"
# touching a delimiter character in case text is written as a character reference,
# which every XML reader shows as the same "_".
_DOCXTPL_MARKERS = re.compile(r"_(?=[{}%])|(?<=[{}%])_|^_|_$")


#: How many values that carry their own markup (``Markup``, RichText, anything with
#: ``__html__``) .docx templates have written; the engine re-parses a body that got one.
MARKUP_OUTPUTS = [0]


def _docx_finalize(value: Any) -> Any:
    """Escape a value for XML ourselves so docxtpl's post-processing cannot change its text."""
    if type(value) is not str and hasattr(value, "__html__"):
        MARKUP_OUTPUTS[0] += 1
    if isinstance(value, str) and not isinstance(value, Markup) and "_" in value:
        return Markup(_DOCXTPL_MARKERS.sub("&#95;", str(escape(value))))
    return value


#: Jinja's own loop and namespace objects: neither is a function, type, mutable container
#: nor anything else the sandbox guards beyond underscored names.
_JINJA_OBJECTS = (LoopContext, Namespace)
#: Every name ``hasattr(dict, name)`` is true for (the type and its metaclass, both
#: built in and closed), as a set: the dict fast path tests it for every lookup.
_DICT_ATTRIBUTES = frozenset(n for c in (*dict.__mro__, type, object) for n in vars(c) if hasattr(dict, n))


class LettersSandbox(ImmutableSandboxedEnvironment):
    """Refuses attribute access to Python internals and any mutation of the view model."""

    #: ``range()`` in a template cannot run away with memory.
    MAX_RANGE = 10_000
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**"})

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _spend()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``"x" * 10**9`` and ``9 ** 9 ** 9`` are refused before they take the memory."""
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_OUTPUT_CHARS:
                    raise RunawayTemplate(f"runs away: a repetition of more than {MAX_OUTPUT_CHARS:,} items; stopped")
        elif isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 4096:
            raise RunawayTemplate(f"runs away: {left} ** {right} is too large a number; stopped")
        return super().call_binop(context, operator, left, right)

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
    return env


@lru_cache(maxsize=1)
def text_env() -> LettersSandbox:
    return make_env(for_text=True)


@lru_cache(maxsize=1)
def docx_env() -> LettersSandbox:
    return make_env(for_text=False)

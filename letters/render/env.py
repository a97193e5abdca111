"""The one factory for Jinja environments: sandboxed, strict, the same for every format.

Case text only ever reaches a template as data in the context, never as template
source, so ``{{ x }}`` typed into a case file comes out literally.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

__all__ = ["LettersSandbox", "make_env", "text_env", "docx_env"]


class LettersSandbox(ImmutableSandboxedEnvironment):
    """Refuses attribute access to Python internals and any mutation of the view model."""

    #: ``range()`` in a template cannot run away with memory.
    MAX_RANGE = 10_000

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``complainant.name`` on a view-model dict, without first failing an attribute lookup.

        Same result as Jinja's order (attribute, then item): a plain dict has no attribute
        of that name, so Jinja would return the item too; only faster.
        """
        if type(obj) is dict and attribute in obj and not hasattr(dict, attribute):
            return obj[attribute]
        return super().getattr(obj, attribute)


def make_env(*, for_text: bool) -> LettersSandbox:
    """A fresh environment; .txt templates trim block lines, .docx ones autoescape XML."""
    return LettersSandbox(
        undefined=StrictUndefined,
        autoescape=not for_text,
        trim_blocks=for_text,
        lstrip_blocks=for_text,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def text_env() -> LettersSandbox:
    return make_env(for_text=True)


@lru_cache(maxsize=1)
def docx_env() -> LettersSandbox:
    return make_env(for_text=False)

"""The view-model names a template reads, so that a batch builds only those sections.

A name is read when the template's compiled code looks it up in the context: Jinja's own
``meta.find_undeclared_variables`` (globals such as ``range`` are in it too, and harmless). A
template that brings in another one (``include``, ``import``, ``extends``) can read anything,
so its names are not known (``None``), nor are those of a .docx template docxtpl itself renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes

from letters import cache as diskcache
from letters.cache import per_file_version

__all__ = ["names_in", "text_names"]

#: Statements that let a template read names another template's text decides.
_ELSEWHERE = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def names_in(env: Any, sources: Iterable[str]) -> frozenset[str] | None:
    """Every name the sources read from the context; ``None`` when that cannot be known."""
    found: set[str] = set()
    for source in sources:
        try:
            tree = env.parse(source)
        except TemplateSyntaxError:
            return None  # the render reports it, as before
        if any(True for _ in tree.find_all(_ELSEWHERE)):
            return None
        found |= meta.find_undeclared_variables(tree)
    return frozenset(found)


@per_file_version(maxsize=64)
def text_names(path: str) -> frozenset[str] | None:
    """What a .txt template reads (see :func:`letters.render.template_names`)."""
    from letters.render.env import text_env

    raw = Path(path).read_bytes()
    where = diskcache.entry("template-names", raw)  # parsing costs as much as a few letters: once per version
    kept = diskcache.load(where)
    if isinstance(kept, tuple) and len(kept) == 1 and (kept[0] is None or isinstance(kept[0], frozenset)):
        found: frozenset[str] | None = kept[0]
        return found
    names = names_in(text_env(), [raw.decode("utf-8-sig")])
    diskcache.save(where, (names,))
    return names

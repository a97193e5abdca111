"""Rendering a view model through a template into the bytes of one letter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["ENGINES", "Renderer", "renderer_for", "template_names"]

Renderer = Callable[[Path, dict[str, Any]], bytes]

#: ``auto``: the compiled engine, falling back to docxtpl for what it does not model;
#: ``docxtpl``: one ``DocxTemplate`` per letter, kept as the reference.
ENGINES = ("auto", "docxtpl")


def renderer_for(fmt: str, engine: str = "auto") -> Renderer:
    """The function that renders ``fmt``; imports only what that format and engine need."""
    if fmt == "txt":
        from letters.render.text import render_text

        return render_text
    from letters.render.docx import render_docx

    if engine == "docxtpl":
        return render_docx
    from letters.render.engine import render_with_fallback

    return lambda path, context: render_with_fallback(path, context, render_docx)


def template_names(fmt: str, path: Path) -> frozenset[str] | None:
    """The view-model names the ``fmt`` template at ``path`` reads (:mod:`letters.render.names`),
    or ``None`` when they are not known: it is rendered with the whole view model then. Errors
    reading or compiling it are left to its render to report."""
    try:
        if fmt == "txt":
            from letters.render.names import text_names

            return text_names(path)
        if fmt == "docx":
            from letters.render.engine import compile_docx

            compiled = compile_docx(path)
            return compiled.names if compiled is not None else None
    except Exception:
        return None
    return None

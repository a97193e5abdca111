"""Plain-text letters through jinja2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from letters.cache import jinja_template, per_file_version
from letters.errors import TemplateError
from letters.locale import _
from letters.render.env import text_env
from letters.render.errors import run_template

__all__ = ["render_text", "compile_text"]


@per_file_version(maxsize=64)
def _compile(path: str) -> jinja2.Template:
    source = Path(path).read_text(encoding="utf-8-sig")
    return jinja_template(text_env(), source, "jinja-text")


def compile_text(path: Path) -> jinja2.Template:
    """Parse a .txt template once per version of the file."""
    try:
        return _compile(path)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(str(path), _("syntax error: {error}").format(error=exc.message), line=exc.lineno) from None
    except UnicodeDecodeError:
        raise TemplateError(str(path), _("is not UTF-8 text")) from None
    except OSError as exc:
        raise TemplateError(str(path), _("cannot be read ({reason})").format(reason=exc.strerror or exc)) from None


def render_text(path: Path, context: dict[str, Any]) -> bytes:
    template = compile_text(path)
    text = run_template(str(path), lambda: template.render(context))
    return text.encode("utf-8")

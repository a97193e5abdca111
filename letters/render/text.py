"""Plain-text letters through jinja2."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from letters.cache import bytecode_cache, per_file_version
from letters.errors import TemplateError
from letters.locale import _
from letters.render.env import text_env
from letters.render.guard import run_template

__all__ = ["compile_text", "render_text"]


class _TemplateFile(jinja2.BaseLoader):
    """A .txt template by its path. Loaded through Jinja's loader protocol, so Jinja's bytecode
    cache keeps the compiled code for the next process (compiling costs more than many letters)."""

    def get_source(self, _environment: jinja2.Environment, template: str) -> tuple[str, str, None]:
        return Path(template).read_text(encoding="utf-8-sig"), template, None


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return text_env().overlay(bytecode_cache=bytecode_cache("jinja-text"))


@per_file_version(maxsize=64)
def _compile(path: str) -> jinja2.Template:
    # the loader directly, not env.get_template: per_file_version is the in-memory cache, and
    # it sees an edited file (Jinja's own would keep the first version of a path)
    env = _env()
    return _TemplateFile().load(env, path, env.make_globals(None))


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

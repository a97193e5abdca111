"""Turning what goes wrong inside a template into one clear :class:`TemplateError`."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TypeVar

import jinja2
from jinja2.exceptions import SecurityError

from letters.errors import TemplateError
from letters.locale import _

__all__ = ["run_template"]

T = TypeVar("T")


def _template_line(exc: BaseException) -> int | None:
    """The template line Jinja was executing (its frames are named after the template)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename in ("<template>",) or frame.filename.endswith((".txt", ".docx", ".xml")):
            return frame.lineno
    return None


def run_template(name: str, render: Callable[[], T]) -> T:
    from letters.render.env import RunawayTemplate

    try:
        return render()
    except RunawayTemplate as exc:
        raise TemplateError(name, str(exc), line=_template_line(exc)) from None
    except SecurityError as exc:
        raise TemplateError(name, _("refused by the sandbox: {error}").format(error=exc), line=_template_line(exc)) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            name, _("uses something the view model does not have: {error}").format(error=exc.message), line=_template_line(exc)
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(name, _("syntax error: {error}").format(error=exc.message), line=exc.lineno) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(name, _("template error: {error}").format(error=exc), line=_template_line(exc)) from None
    except (TypeError, ValueError, AttributeError, ZeroDivisionError, OverflowError) as exc:
        raise TemplateError(name, _("failed while rendering: {error}").format(error=exc), line=_template_line(exc)) from None
    except (RecursionError, MemoryError):
        raise TemplateError(name, _("runs away (too deep or too large) and was stopped")) from None

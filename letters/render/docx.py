"""Word letters through docxtpl (the reference engine)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from letters.errors import TemplateError
from letters.locale import _
from letters.render.env import docx_env
from letters.render.guard import run_template

__all__ = ["render_docx"]


def render_docx(path: Path, context: dict[str, Any]) -> bytes:
    """One ``DocxTemplate`` per letter, escaping on: docxtpl's own behaviour, unchanged."""
    from docxtpl import DocxTemplate

    if not zipfile.is_zipfile(path):
        raise TemplateError(str(path), _("is not a Word .docx file (not a zip package)"))
    try:
        template = DocxTemplate(str(path))
        template.init_docx()
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(str(path), _("is not a valid Word .docx file ({error})").format(error=exc)) from None
    except Exception as exc:  # python-docx raises assorted errors on foreign packages
        raise TemplateError(
            str(path), _("cannot be opened as a Word document ({kind}: {error})").format(kind=type(exc).__name__, error=exc)
        ) from None
    run_template(str(path), lambda: template.render(context, jinja_env=docx_env(), autoescape=True))
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()

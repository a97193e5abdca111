"""The template check every render passes, cheap when the template is known to be clean.

Kept apart from :mod:`letters.template_check` (which reads Jinja syntax trees against the
view-model shape) so that a batch whose templates an earlier process found clean does
not import, or even compile, the checker.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import Problem

__all__ = ["check_template", "ensure_template_ok"]


def check_template(path: str | Path) -> list[Problem]:
    """Every problem of one template file (empty when it is fine); cached per file version."""
    path = path if isinstance(path, Path) else Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        return [Problem(str(path), None, "", f"cannot be read ({exc.strerror or exc})")]
    return list(_check_cached(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=256)
def _check_cached(path: str, mtime_ns: int, size: int) -> tuple[Problem, ...]:
    from . import diskcache

    try:  # a template an earlier process found clean is not checked again (start-up cost)
        clean = diskcache.entry("template-ok", Path(path).read_bytes(), path)
    except OSError:
        clean = None
    if diskcache.load(clean) is True:
        return ()
    from .template_check import problems_of

    problems = problems_of(path)
    if not problems:
        diskcache.save(clean, True)
    return problems


def ensure_template_ok(path: str | Path) -> None:
    """Refuse a template with any problem: ``generate`` calls this before rendering."""
    problems = check_template(path)
    if problems:
        from .template_check import TemplateCheckError

        raise TemplateCheckError(problems)

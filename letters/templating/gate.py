"""The template check every render passes, cheap when the template is known to be clean.

Kept apart from :mod:`letters.templating.check` (which reads Jinja syntax trees against the
view-model shape) so that a batch whose templates an earlier process found clean does
not import, or even compile, the checker.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from letters import cache as diskcache
from letters.cache import per_file_version
from letters.errors import Problem, TemplateCheckError, TemplateError
from letters.locale import _, language
from letters.paths import NotRegularFileError, check_regular
from letters.templating.search import FILE_PATTERN, inside_folder, template_files

__all__ = ["CheckResult", "check_paths", "check_template", "ensure_template_ok"]


def check_template(path: str | Path) -> list[Problem]:
    """Every problem of one template file (empty when it is fine); cached per file version."""
    path = path if isinstance(path, Path) else Path(path)
    try:
        if _clean(path):  # most templates: no problem to word, so no need to know the user's language
            return []
        return list(_checks_in(language())(path))
    except OSError as exc:
        return [Problem(str(path), None, "", _("cannot be read ({reason})").format(reason=exc.strerror or exc))]


@cache
def _checks_in(lang: str) -> Callable[[str | Path], tuple[Problem, ...]]:  # noqa: ARG001 - the language is only the key of @cache
    """The checks of each file version, for problems worded in ``lang`` (at most two caches)."""
    return per_file_version(maxsize=256)(_check)


@per_file_version(maxsize=256)
def _clean(path: str) -> bool:
    """The version of the file has no problem (in any language: the user's is read once a version)."""
    return not _checks_in(language())(path)


def _check(path: str) -> tuple[Problem, ...]:
    try:
        check_regular(os.stat(path))  # a FIFO or device is never read (it would block or never end)
    except NotRegularFileError as exc:
        return (Problem(path, None, "", str(exc)),)
    except OSError:
        pass  # reported below, as reading it fails
    try:  # a template an earlier process found clean is not checked again (start-up cost)
        clean = diskcache.entry("template-ok", Path(path).read_bytes(), path)
    except OSError:
        clean = None
    if diskcache.load(clean) is True:
        return ()
    from letters.templating.check import problems_of

    problems = problems_of(path)
    if not problems:
        diskcache.save(clean, True)
    return problems


def ensure_template_ok(path: str | Path) -> None:
    """Refuse a template with any problem: ``generate`` calls this before rendering."""
    problems = check_template(path)
    if problems:
        raise TemplateCheckError(problems)


@dataclass(frozen=True)
class CheckResult:
    path: Path
    problems: tuple[Problem, ...]


def check_paths(paths: Iterable[str | Path]) -> list[CheckResult]:
    """Check template folders (every ``<name>.<lang>.<ext>`` in them) or single template files."""
    results = []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            results += [_check_in_folder(given, f) for f in template_files(given)]
            results += [
                CheckResult(
                    f,
                    (
                        Problem(
                            str(f), None, "", _("is not named <name>.<lang>.<docx|txt> (e.g. refund-demand.en.txt), so it is never used")
                        ),
                    ),
                )
                for f in sorted(given.iterdir())
                if f.suffix in (".docx", ".txt") and not FILE_PATTERN.match(f.name)
            ]
        elif given.is_file():
            results.append(CheckResult(given, tuple(check_template(given))))
        else:
            results.append(CheckResult(given, (Problem(str(given), None, "", _("no such file or folder")),)))
    return results


def _check_in_folder(folder: Path, path: Path) -> CheckResult:
    try:
        inside_folder(folder, path)
    except TemplateError as exc:
        return CheckResult(path, (Problem(str(path), None, "", exc.reason),))
    return CheckResult(path, tuple(check_template(path)))

"""The library entry point: one case file → the letters of one stage, written safely."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .caseio import CaseFile, load_case
from .context import build_context
from .errors import LettersError, OutputExistsError
from .output import check_writable, letter_path, write_atomic
from .render import renderer_for
from .stages import STAGES, check_stage
from .templates import TemplateSearchPath
from .template_gate import ensure_template_ok

__all__ = ["generate", "render_letters", "Letter", "BASE_FORMATS", "parse_formats", "today"]

#: Formats rendered straight from a template.
BASE_FORMATS = ("docx", "txt")
#: Formats made from those (letters/derived.py): PDF via LibreOffice, the e-mail draft.
KNOWN_FORMATS = BASE_FORMATS + ("pdf", "eml")


def today() -> dt.date:
    return dt.date.today()


def parse_formats(value: str | Sequence[str]) -> tuple[str, ...]:
    """``"docx,txt"`` → ``("docx", "txt")``, in a stable order, unknown names refused."""
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = [f.strip().lower() for f in items if f.strip()]
    unknown = [f for f in wanted if f not in KNOWN_FORMATS]
    if unknown or not wanted:
        raise LettersError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(KNOWN_FORMATS)}")
    return tuple(f for f in KNOWN_FORMATS if f in wanted)


@dataclass
class Letter:
    """One rendered letter in one or more formats, not yet written."""

    case_id: str
    name: str
    files: dict[str, bytes] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict, repr=False)


def render_letters(
    case_file: CaseFile,
    *,
    stage: str | None = None,
    template: str | None = None,
    formats: Iterable[str] = BASE_FORMATS,
    search: TemplateSearchPath | None = None,
    on: dt.date | None = None,
    engine: str = "auto",
) -> Letter:
    """Render (in memory) the letter for ``stage``, or a user template named ``template``."""
    on = on or today()
    search = search or TemplateSearchPath.build()
    case = case_file.case
    if template is None:
        if stage not in STAGES:
            raise LettersError(f"unknown stage {stage!r}; choose one of {', '.join(STAGES)}")
        check_stage(case, stage, str(case_file.path))
        name = stage
    else:
        name = template
    context = build_context(case_file, name, on)
    letter = Letter(case_id=case.case_id, name=name, context=context)
    # A stage needs every format asked for; a user's own template renders the formats it has.
    found = search.find_formats(name, case.language, [f for f in formats if f in BASE_FORMATS], every=template is None)
    for fmt, path in found.items():
        ensure_template_ok(path)  # same check as `letters templates check`, cached per file version
        letter.files[fmt] = renderer_for(fmt, engine)(path, context)
    return letter


def generate(
    case_path: str | Path,
    *,
    stage: str | None = None,
    template: str | None = None,
    formats: Iterable[str] = BASE_FORMATS,
    out: str | Path = ".",
    template_dirs: Iterable[str | Path] = (),
    on: dt.date | None = None,
    force: bool = False,
    record: bool = False,
    engine: str = "auto",
) -> list[Path]:
    """Load, check, render and write one case's letter; returns the files written.

    Every format is rendered before anything is written, and every target is checked
    first, so a refusal (an existing file, a template error) leaves nothing half-done.
    """
    on = on or today()
    formats = tuple(formats)
    case_file = load_case(case_path)
    search = TemplateSearchPath.build(template_dirs)
    from .derived import add_derived, formats_to_render

    letter = render_letters(case_file, stage=stage, template=template, formats=formats_to_render(formats), search=search, on=on, engine=engine)
    targets = {fmt: letter_path(out, letter.case_id, letter.name, fmt) for fmt in formats}
    existing = []
    for target in targets.values():
        try:
            check_writable(target, force=force)
        except OutputExistsError as exc:
            existing.append(exc)
    if existing:
        raise LettersError("\n".join(str(e) for e in existing))
    pdf_problem = add_derived([(letter, case_file)], formats)
    written = []
    for fmt, target in targets.items():
        if fmt in letter.files:
            write_atomic(target, letter.files[fmt], force=force)
            written.append(target)
    if pdf_problem:
        raise pdf_problem.after_writing(written)
    if record and template is None and stage is not None:
        from .logbook import record_stage_sent

        record_stage_sent(case_file.path, stage, on)
    return written

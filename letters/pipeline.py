"""One case end to end: load → plan → view model → render → write.

``generate`` and ``batch`` share :func:`render_letters` and the derived formats (PDF from
the .docx, the e-mail draft from all of them); ``validate`` runs the same checks without
rendering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letters.cache import one_look
from letters.casefile.hashcut import hash_cut_warnings
from letters.casefile.load import CaseFile, load_case
from letters.casefile.record import claim_warnings
from letters.casefile.terms import Stage
from letters.casefile.tone import tone_warnings
from letters.errors import LettersError, NothingDueError, PdfError, StrictWarningsError, UsageError, stage_message
from letters.locale import _
from letters.output import check_all_writable, letter_path, open_output, refuse_inputs, write_files
from letters.plan.jurisdiction import check_jurisdiction, filing_warnings, jurisdiction_note
from letters.plan.stages import STAGES, case_status, check_stage, stage_sent_on, stage_warnings
from letters.render import renderer_for
from letters.templating.gate import ensure_template_ok
from letters.templating.search import TemplateSearchPath
from letters.viewmodel.build import build_context

__all__ = [
    "BASE_FORMATS",
    "KNOWN_FORMATS",
    "Letter",
    "Validation",
    "Written",
    "add_derived",
    "add_eml",
    "add_form",
    "add_pdfs",
    "case_warnings",
    "due_stage",
    "formats_to_render",
    "generate",
    "letter_warnings",
    "parse_formats",
    "render_letters",
    "today",
    "validate_case",
]

#: The stage whose letter goes to a consumer body (its warnings: letters/plan/jurisdiction.py).
FILING_STAGE = Stage.CONSUMER_ASSOCIATION.value

#: Formats rendered straight from a template.
BASE_FORMATS = ("docx", "txt")
#: Formats made from those: PDF via LibreOffice, the e-mail draft; and the consumer body's
#: online-form fields (``<stage>.form.txt``, from the view model: letters/render/form.py).
KNOWN_FORMATS = BASE_FORMATS + ("pdf", "eml", "form")


def today() -> dt.date:
    return dt.date.today()


def parse_formats(value: str | Sequence[str]) -> tuple[str, ...]:
    """``"docx,txt"`` → ``("docx", "txt")``, in a stable order, unknown names refused."""
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = [f.strip().lower() for f in items if f.strip()]
    unknown = [f for f in wanted if f not in KNOWN_FORMATS]
    if unknown or not wanted:
        raise UsageError(
            _("unknown format {formats}; choose from {known}").format(
                formats=", ".join(unknown) or _("(none)"), known=", ".join(KNOWN_FORMATS)
            )
        )
    return tuple(f for f in KNOWN_FORMATS if f in wanted)


@dataclass
class Letter:
    """One rendered letter in one or more formats, not yet written."""

    case_id: str
    name: str
    files: dict[str, bytes] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict, repr=False)
    #: ``Warning:`` lines about this stage's letter, each ``path: stage S: …`` (docs/warnings.md).
    warnings: list[str] = field(default_factory=list)


def letter_warnings(case_file: CaseFile, stage: str, on: dt.date) -> list[str]:
    """Every warning about writing ``stage`` of the case dated ``on``, as printed: ``path: stage S: …``."""
    return [stage_message(case_file.path, stage, w) for w in stage_warnings(case_file.case, stage, on)]


def case_warnings(case_file: CaseFile) -> list[str]:
    """Warnings about the case itself, whatever the stage: angry wording, a value YAML cut at " #", sums no demand asks for."""
    return [str(w) for w in (*tone_warnings(case_file), *hash_cut_warnings(case_file), *claim_warnings(case_file))]


def render_letters(
    case_file: CaseFile,
    *,
    stage: str | None = None,
    template: str | None = None,
    formats: Iterable[str] = BASE_FORMATS,
    search: TemplateSearchPath | None = None,
    on: dt.date | None = None,
    engine: str = "auto",
    strict: bool = False,
    more_warnings: Sequence[str] = (),
    lean: bool = False,
) -> Letter:
    """Render (in memory) the letter for ``stage``, or a user template named ``template``.

    ``lean``: ``Letter.context`` holds only what the templates read, and the view model
    works out only that (a batch that makes no email draft nor form text uses nothing else).

    The stage's warnings are in ``Letter.warnings``; with ``strict`` they (and
    ``more_warnings``) are raised as one :class:`~letters.errors.StrictWarningsError`
    before anything is rendered.
    """
    on = on or today()
    search = search or TemplateSearchPath.build()
    case = case_file.case
    if template is None:
        if stage not in STAGES:
            raise UsageError(_("unknown stage {stage!r}; choose one of {stages}").format(stage=stage, stages=", ".join(STAGES)))
        check_stage(case, stage, str(case_file.path), on)
        name, warnings = stage, letter_warnings(case_file, stage, on)
    else:
        name, warnings = template, []
    if strict and (more_warnings or warnings):
        raise StrictWarningsError([*more_warnings, *warnings])
    check_jurisdiction(case_file)
    # A stage needs every format asked for; a user's own template renders the formats it has.
    found = search.find_formats(name, case.language, [f for f in formats if f in BASE_FORMATS], every=template is None)
    with one_look():  # each template's version read once: its names, its check and its render see the same
        only = _names_read(found, engine) if lean else None
        view = build_context(case_file, name, on, only=only)
        # the renderers take any mapping of names; a lean one only the names its templates read
        context: dict[str, Any] = dict(view) if only is None else {key: value for key, value in view.items() if key in only}
        letter = Letter(case_id=case.case_id, name=name, context=context, warnings=warnings)
        for fmt, path in found.items():
            ensure_template_ok(path)  # same check as `letters templates check`, cached per file version
            letter.files[fmt] = renderer_for(fmt, engine)(path, context)
    return letter


def _names_read(found: Mapping[str, Path], engine: str) -> frozenset[str] | None:
    """Every name the templates of ``found`` read, or ``None`` when one of them could read any."""
    from letters.render import template_names

    if engine == "docxtpl" and "docx" in found:
        return None  # docxtpl renders it: its names are not worked out
    names: set[str] = set()
    for fmt, path in found.items():
        read = template_names(fmt, path)
        if read is None:
            return None
        names |= read
    return frozenset(names)


class Written(list[Path]):
    """The files ``generate`` wrote, with the stage it made, the warnings, and what it recorded.

    ``recorded``: the letter was logged as sent; ``already_recorded``: the day that stage had
    already been logged on, so it was not logged again.
    """

    def __init__(self, paths: Iterable[Path] = (), *, stage: str | None = None, due_reason: str = "", warnings: Sequence[str] = ()):
        super().__init__(paths)
        self.stage = stage
        self.due_reason = due_reason  # why the stage is due, when generate chose it
        self.warnings = list(warnings)
        self.recorded = False
        self.already_recorded: dt.date | None = None


def due_stage(case_file: CaseFile, on: dt.date) -> tuple[str, str]:
    """The stage due on ``on`` and why; :class:`NothingDueError` says what is next and when otherwise."""
    status = case_status(case_file.case, on)
    if status.is_due and status.next_stage:
        return status.next_stage, status.reason
    if status.next_stage and status.due:
        detail = _("next is the {stage} on {due} ({reason})").format(
            stage=status.next_stage, due=status.due.isoformat(), reason=status.reason
        )
    else:
        detail = status.reason
    raise NothingDueError(case_file.path, on.isoformat(), detail)


def generate(
    case_path: str | Path,
    *,
    stage: str | None = None,
    template: str | None = None,
    formats: str | Sequence[str] = BASE_FORMATS,
    out: str | Path = ".",
    template_dirs: Iterable[str | Path] = (),
    on: dt.date | None = None,
    force: bool = False,
    record: bool = False,
    engine: str = "auto",
    channel: str | None = None,
    reference: str | None = None,
    strict: bool = False,
) -> Written:
    """Load, check, render and write one case's letter; returns the files written.

    Without ``stage`` or ``template`` the stage due on ``on`` is made (none due:
    :class:`NothingDueError`). Every format is rendered before anything is written, and
    every target is checked first, so a refusal (an existing file, a template error)
    leaves nothing half-done. With ``record`` the letter is logged as sent on ``on``,
    with ``channel`` and ``reference`` if given, unless that stage is already logged (a
    reprint is never logged twice). ``strict``: any warning is an error, before anything
    is written.
    """
    on = on or today()
    formats = parse_formats(formats)  # "txt" or ["pdfx"] is refused, not silently nothing
    if record and on > today():  # refused before anything is written
        raise UsageError(
            _(
                "--record would log the letter as sent on {on}, after today ({today}); every later command "
                "without --on would then refuse the case file: generate it now, and log it when it is sent (letters log)"
            ).format(on=on.isoformat(), today=today().isoformat())
        )
    case_file = load_case(case_path, on=on)
    due_reason = ""
    if stage is None and template is None:
        stage, due_reason = due_stage(case_file, on)
    search = TemplateSearchPath.build(template_dirs)
    about_case = case_warnings(case_file)
    letter = render_letters(
        case_file,
        stage=stage,
        template=template,
        formats=formats_to_render(formats),
        search=search,
        on=on,
        engine=engine,
        strict=strict,
        more_warnings=about_case,
    )
    targets = {fmt: letter_path(out, letter.case_id, letter.name, fmt) for fmt in formats}
    check_all_writable(targets.values(), force=force)
    refuse_inputs(targets.values(), inputs_of(case_file))
    with open_output(out) as root:  # held from the checks to the writes: a PDF takes seconds
        pdf_problem = add_derived([(letter, case_file)], formats)
        written = Written(stage=stage, due_reason=due_reason, warnings=[*about_case, *letter.warnings])
        done, _kept, failed = write_files({f: t for f, t in targets.items() if f in letter.files}, letter.files, force=force, root=root)
    written += done
    if failed:  # a full disk: every format that could be written is, and said
        lines = [str(exc) for exc in failed]
        if done:
            lines.append(_("the other formats were written: {files}").format(files=", ".join(map(str, done))))
        raise LettersError("\n".join(lines))
    if pdf_problem:
        raise pdf_problem.after_writing(written)
    if record and template is None and stage is not None:
        written.already_recorded = stage_sent_on(case_file.case, stage)
        if written.already_recorded is None:
            from letters.casefile.logbook import record_stage_sent

            written.recorded = record_stage_sent(case_file.path, stage, on, channel=channel, reference=reference)
    return written


def inputs_of(case_file: CaseFile) -> list[tuple[str, Path]]:
    """The files a case's letters are made from, which no output may replace."""
    folder = case_file.path.parent
    return [("case file", case_file.path)] + [("evidence file", folder / e.file) for e in case_file.case.evidence if e.file]


# --- derived formats ---------------------------------------------------------------------------

_NEEDS = {"pdf": ("docx",), "eml": ("docx", "txt")}


def formats_to_render(formats: Iterable[str]) -> tuple[str, ...]:
    """The template formats to render for ``formats``, requested or needed by a derived one."""
    wanted = set(formats)
    for fmt in list(wanted):
        wanted.update(_NEEDS.get(fmt, ()))
    return tuple(f for f in BASE_FORMATS if f in wanted)


def add_derived(letters: Sequence[tuple[Letter, CaseFile]], formats: Iterable[str]) -> PdfError | None:
    """Add ``pdf`` and ``eml`` to each letter's files, as requested.

    A PDF failure (LibreOffice missing, a conversion that failed) does not stop the other
    formats: it is returned, for the caller to raise once the rest is written; the drafts
    are then made without the PDF. Any other problem (an e-mail too large) is raised.
    """
    formats = tuple(formats)
    if "form" in formats:
        for letter, case_file in letters:
            add_form(letter, case_file)
    problem = add_pdfs([letter for letter, _ in letters]) if "pdf" in formats else None
    if "eml" in formats:
        for letter, case_file in letters:
            add_eml(letter, case_file)
    return problem


def add_pdfs(letters: Sequence[Letter]) -> PdfError | None:
    """Convert every letter's .docx (:func:`letters.render.pdf.docx_to_pdf`); the failure, if any, is returned."""
    if not letters:
        return None
    from letters.render.pdf import docx_to_pdf

    try:
        pdfs = docx_to_pdf([letter.files["docx"] for letter in letters])
    except PdfError as exc:
        return exc
    for letter, pdf in zip(letters, pdfs):
        letter.files["pdf"] = pdf
    return None


def add_form(letter: Letter, case_file: CaseFile) -> None:
    """The consumer body's online-form fields, ready to paste (``--format form``); a body with no
    known form: a ``Warning:`` instead, and the other formats are written."""
    from letters.render.form import no_form_reason, render_form

    reason = no_form_reason(letter.context)
    if reason:
        letter.warnings.append(stage_message(case_file.path, str(letter.context["stage"]), reason))
        return
    letter.files["form"] = render_form(letter.context)


def add_eml(letter: Letter, case_file: CaseFile) -> None:
    """The e-mail draft of one letter (with its PDF attached when one was made)."""
    from letters.render.eml import build_eml

    letter.files["eml"] = build_eml(case_file, letter.context, letter.files)


@dataclass
class Validation:
    """What ``letters validate`` found in one case file."""

    path: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_case(path: str | Path, *, stage: str | None = None, on: dt.date | None = None, strict: bool = False) -> Validation:
    """Load and check one case file (and ``stage``'s prerequisites); problems come back as data.

    Warnings: the case text's (:func:`case_warnings`), ``stage``'s (:func:`letter_warnings`),
    and the filing's when it is the stage due next; ``strict`` makes them errors.
    """
    report = Validation(str(path))
    try:
        case_file = load_case(path, on=on)
        on = on or today()
        if stage:
            check_stage(case_file.case, stage, str(path), on)
        check_jurisdiction(case_file)
        build_context(case_file, stage or "first-complaint", on)  # evidence files, formatting
    except LettersError as exc:
        report.errors = [line for line in str(exc).splitlines() if line]
        return report
    report.warnings = case_warnings(case_file)
    if stage:
        report.warnings += letter_warnings(case_file, stage, on)
    status = case_status(case_file.case, on)
    if status.next_stage == FILING_STAGE and stage != FILING_STAGE:
        report.warnings += [stage_message(path, FILING_STAGE, w) for w in filing_warnings(case_file.case, on=on)]
    if strict and report.warnings:
        report.errors, report.warnings = str(StrictWarningsError(report.warnings)).splitlines(), []
        return report
    if status.next_stage:
        nxt = _("next: {stage} due {due}").format(stage=status.next_stage, due=status.due.isoformat() if status.due else _("now"))
    else:
        nxt = status.reason
    report.summary = _("ok ({case_id}, {language}; {jurisdiction}; {next})").format(
        case_id=case_file.case.case_id, language=case_file.case.language, jurisdiction=jurisdiction_note(case_file.case), next=nxt
    )
    return report

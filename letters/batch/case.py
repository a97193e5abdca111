"""One case of a batch, start to end (it runs in a worker): load, choose the stage, render,
write, and claim the ``case_id`` so that two files with the same id cannot share a folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letters.errors import LettersError, OutputError
from letters.locale import _
from letters.manifest import MANIFEST_COLUMNS, shard_of, written_case_id
from letters.templating.search import TemplateSearchPath

if TYPE_CHECKING:
    from letters.casefile.load import CaseFile
    from letters.pipeline import Letter


@dataclass(frozen=True)
class BatchOptions:
    """Everything a worker needs to produce one case's letter (picklable)."""

    stage: str | None = None
    due: bool = False
    on: dt.date = field(default_factory=dt.date.today)
    out: str = "."
    formats: tuple[str, ...] = ("docx", "txt")
    force: bool = False
    template_dirs: tuple[str, ...] = ()
    engine: str = "auto"
    strict: bool = False  # a case with warnings fails (nothing written for it)
    #: ``(I, N)``: only the cases whose ``case_id`` falls in shard I of N (from 0; :func:`letters.manifest.shard_of`).
    shard: tuple[int, int] | None = None
    #: The folder where each case_id is claimed by the first case file that has it (set by
    #: :func:`run_batch`; empty: not checked).
    claims: str = ""

    def __post_init__(self) -> None:
        from letters.pipeline import parse_formats

        object.__setattr__(self, "formats", parse_formats(self.formats))  # "txt" or ("pdfx",) is refused, not silently nothing


@dataclass
class CaseResult:
    """One manifest row: what happened to one case file."""

    file: str
    case_id: str = ""
    stage: str = ""
    status: str = "failed"  # ok | skipped | failed | elsewhere (another shard's: not in the manifest)
    outputs: list[str] = field(default_factory=list)
    error: str = ""
    note: str = ""
    warnings: list[str] = field(default_factory=list)  # one a line in the CSV manifest, a list in JSON
    pdf_source: bytes | None = field(default=None, repr=False)  # the .docx to convert (see batch_pdfs)
    evidence: list[str] = field(default_factory=list, repr=False)  # the case's evidence files, never overwritten
    #: With both pdf and eml: what the parent needs to make the draft once the PDF exists.
    eml_source: tuple[Any, dict[str, Any], dict[str, bytes]] | None = field(default=None, repr=False)
    #: The failure's problems, one a line as the terminal shows them (``error`` joins them for the manifest).
    problems: list[str] = field(default_factory=list, repr=False)

    def fail(self, exc: BaseException) -> None:
        """Record ``exc`` as this case's failure, on one manifest line."""
        lines = [line for line in str(exc).split("\n") if line.strip()] or [type(exc).__name__]
        if not isinstance(exc, LettersError):
            lines = [_("unexpected {kind}: {message}").format(kind=type(exc).__name__, message="; ".join(lines))]
        self.status, self.error, self.problems = "failed", "; ".join(lines), lines

    def row(self) -> dict[str, Any]:
        """The manifest's columns (outputs and warnings as lists: a CSV cell joins them)."""
        return {column: getattr(self, column) for column in MANIFEST_COLUMNS}


@dataclass(frozen=True)
class RememberedSearch(TemplateSearchPath):
    """A template search path that looks each template up once per batch run.

    Every case of a batch asks for the same few templates. One is built per
    :func:`run_batch` (and copied into each worker), so a later batch in the same
    process sees templates, ``$LETTERS_TEMPLATES`` and the config as they are then.
    """

    _found: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def for_options(cls, options: BatchOptions) -> RememberedSearch:
        return cls(TemplateSearchPath.build(options.template_dirs).folders)

    def find_formats(self, name: str, lang: str, formats: Iterable[str], *, every: bool = True) -> dict[str, Path]:
        key = (name, lang, tuple(formats), every)
        if key not in self._found:
            self._found[key] = super().find_formats(name, lang, key[2], every=every)
        return dict(self._found[key])


#: The status of a case that belongs to another shard (``--shard``): no manifest row, no letter.
ELSEWHERE = "elsewhere"


def process_case(path: Path, options: BatchOptions, search: TemplateSearchPath | None = None) -> CaseResult:
    """Load → choose the stage → render → write; every failure becomes a ``failed`` row.

    A case that fails to load still names its ``case_id`` when its ``case_id:`` line says it.
    """
    from letters.casefile.load import read_case_bytes

    result = CaseResult(file=str(path))
    raw: bytes | None = None
    try:
        raw = read_case_bytes(path)
    except LettersError as exc:
        result.fail(exc)
    parsed: CaseFile | None = None
    if options.shard:
        key, parsed = _shard_key(path, raw, options.on)
        if shard_of(key, options.shard[1]) != options.shard[0]:
            result.status = ELSEWHERE
            return result
    if raw is None:
        return result
    try:
        _produce(path, raw, options, search or TemplateSearchPath.build(options.template_dirs), result, parsed)
    except Exception as exc:
        result.fail(exc)
        result.case_id = result.case_id or written_case_id(raw) or ""
    return result


def _shard_key(path: Path, raw: bytes | None, on: dt.date) -> tuple[str, CaseFile | None]:
    """What decides a case's shard: its ``case_id`` as its ``case_id:`` line writes it (read
    without parsing), else as parsed, else (a file that cannot be read) its path as given.
    Every shard computes the same key for the same file, so the shards partition any folder.
    The case, when it had to be parsed for its key, comes back too (its shard uses it as it is)."""
    from letters.casefile.load import parse_case_text

    if raw is None:
        return str(path), None
    written = written_case_id(raw)
    if written is not None:
        return written, None
    try:
        case_file = parse_case_text(raw, path, on=on)
    except LettersError:
        return str(path), None
    return case_file.case.case_id, case_file


def _produce(
    path: Path, raw: bytes, options: BatchOptions, search: TemplateSearchPath, result: CaseResult, parsed: CaseFile | None = None
) -> None:
    from letters.casefile.load import parse_case_text
    from letters.errors import StageError
    from letters.pipeline import render_letters
    from letters.plan.stages import case_status, check_stage

    case_file = parsed or parse_case_text(raw, path, on=options.on)
    case = case_file.case
    result.case_id = case.case_id
    _claim(case_file, options.claims)
    result.evidence = [os.path.join(path.parent, item.file) for item in case.evidence if item.file]
    if options.due:
        status = case_status(case, options.on)
        result.stage = status.next_stage or ""
        if not status.is_due:
            result.status = "skipped"
            if status.next_stage and status.due:
                result.note = _("{stage} due on {due} ({reason})").format(
                    stage=status.next_stage, due=status.due.isoformat(), reason=status.reason
                )
            else:
                result.note = status.reason
            return
        stage = status.next_stage
    else:
        stage = options.stage
        result.stage = stage or ""
        try:
            check_stage(case, stage or "", str(path), options.on)
        except StageError as exc:
            result.status, result.note = "skipped", exc.reason
            return
    from letters.pipeline import add_eml, add_form, case_warnings, formats_to_render, inputs_of

    about_case = case_warnings(case_file)  # as generate: shown, and under --strict they fail the case
    letter = render_letters(
        case_file,
        stage=stage,
        formats=formats_to_render(options.formats),
        search=search,
        on=options.on,
        engine=options.engine,
        strict=options.strict,
        more_warnings=about_case,
        lean="eml" not in options.formats and "form" not in options.formats,  # they read the whole view model
    )
    result.warnings = [*about_case, *letter.warnings]
    if "form" in options.formats:
        add_form(letter, case_file)
    if "pdf" in options.formats:  # converted in the parent, by its LibreOffice converters
        result.pdf_source = letter.files["docx"]
        if "eml" in options.formats:  # the draft attaches the PDF, so the parent makes it too
            result.eml_source = (case_file, letter.context, {fmt: letter.files[fmt] for fmt in ("docx", "txt")})
    elif "eml" in options.formats:
        add_eml(letter, case_file)
    letter.files = {fmt: data for fmt, data in letter.files.items() if fmt in options.formats}
    written, kept, failed = _write_letter(letter, options.out, options.force, inputs_of(case_file))
    result.outputs = [str(p) for p in written]
    if failed:  # the formats that could be written are, and listed; the case still fails
        raise LettersError("\n".join(str(exc) for exc in failed))
    if written:
        result.status = "ok"
        if kept:
            result.note = "kept existing: " + ", ".join(p.name for p in kept)
    elif kept or result.pdf_source is None:
        result.status, result.note = "skipped", "exists"
    else:  # nothing of its own to write: the PDF (and its draft) come from the parent
        result.status = "skipped"


def _write_letter(
    letter: Letter, out: str | Path, force: bool, inputs: Sequence[tuple[str, Path]] = ()
) -> tuple[list[Path], list[Path], list[OutputError]]:
    """Write each rendered format; returns (written, kept because they already existed, failed).

    Files already there are kept (unless ``force``), so a rerun of an interrupted batch
    writes only what is missing; a format that cannot be written does not stop the others.
    None is ever written over one of ``inputs`` (the case file, its evidence). Each file is
    renamed into place complete, but not fsync'ed one by one: :func:`run_batch` syncs once
    at the end. PDFs are written later, in the parent (:func:`batch_pdfs`).
    """
    from letters.output import letter_targets, refuse_inputs, write_files

    targets, new_folder = letter_targets(out, letter.case_id, letter.name, letter.files)
    if not new_folder:  # a folder made just now holds no input
        refuse_inputs(targets.values(), inputs)
    return write_files(targets, letter.files, force=force, durable=False, new_folder=new_folder)


def _claim(case_file: CaseFile, claims: str) -> None:
    """Claim the case's ``case_id`` for its file; a second file with the same id fails.

    A claim is a symbolic link named after the id pointing at the file, made atomically by
    whichever worker gets there first (one system call; the pool's workers share the folder).
    """
    if not claims:
        return
    case_id, mine = case_file.case.case_id, str(case_file.path)
    if claims == IN_MEMORY:  # one process: a dict, no system call
        first = MEMORY_CLAIMS.setdefault(case_id, mine)
        if first != mine:
            _duplicate(case_file, first)
        return
    spot = os.path.join(claims, case_id)
    try:
        os.symlink(mine, spot)
        return
    except FileExistsError:
        first = os.readlink(spot)
    except OSError:  # no claims where symbolic links cannot be made: not checked
        return
    if first != mine:
        _duplicate(case_file, first)


#: ``claims`` for a batch without workers: the claims live in :data:`MEMORY_CLAIMS`.
IN_MEMORY = ":memory:"
MEMORY_CLAIMS: dict[str, str] = {}


def _duplicate(case_file: CaseFile, first: str) -> None:
    from letters.errors import CaseFileError

    case_id = case_file.case.case_id
    raise CaseFileError.single(
        case_file.path,
        _(
            "{case_id} is also the case_id of {first}; every case file needs its own (its letters go to OUT/{case_id}/), so this one was not made"
        ).format(case_id=case_id, first=first),
        line=case_file.line_of(("case_id",)),
        field="case_id",
    )

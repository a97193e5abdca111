"""Formats made from other formats: PDF (from the .docx) and the e-mail draft (from all of them).

``generate`` and ``batch`` call the same two functions: :func:`formats_to_render` says
which template formats a request needs (a PDF needs the .docx, a draft needs the .txt
body and the .docx attachment), and :func:`add_derived` fills in ``pdf`` and ``eml`` for
many letters at once, so that LibreOffice starts once per run, not once per letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from .errors import LettersError, OutputExistsError

if TYPE_CHECKING:  # .pdf (subprocess and friends) is imported only when a PDF is asked for
    from .batch import CaseResult
    from .caseio import CaseFile
    from .generate import Letter
    from .pdf import PdfError

__all__ = ["formats_to_render", "add_derived", "add_pdfs", "add_eml", "batch_pdfs", "PDF_GROUP"]

_NEEDS = {"pdf": ("docx",), "eml": ("docx", "txt")}


def formats_to_render(formats: Iterable[str]) -> tuple[str, ...]:
    """The template formats to render for ``formats``, requested or needed by a derived one."""
    from .generate import BASE_FORMATS

    wanted = set(formats)
    for fmt in list(wanted):
        wanted.update(_NEEDS.get(fmt, ()))
    return tuple(f for f in BASE_FORMATS if f in wanted)


def add_derived(letters: Sequence[tuple["Letter", "CaseFile"]], formats: Iterable[str]) -> PdfError | None:
    """Add ``pdf`` and ``eml`` to each letter's files, as requested.

    A PDF failure (LibreOffice missing, a conversion that failed) does not stop the other
    formats: it is returned, for the caller to raise once the rest is written; the drafts
    are then made without the PDF. Any other problem (an e-mail too large) is raised.
    """
    formats = tuple(formats)
    problem = add_pdfs([letter for letter, _ in letters]) if "pdf" in formats else None
    if "eml" in formats:
        for letter, case_file in letters:
            add_eml(letter, case_file)
    return problem


def add_pdfs(letters: Sequence["Letter"]) -> PdfError | None:
    """Convert every letter's .docx in one LibreOffice run; the failure, if any, is returned."""
    if not letters:
        return None
    from .pdf import PdfError, docx_to_pdf

    try:
        pdfs = docx_to_pdf([letter.files["docx"] for letter in letters])
    except PdfError as exc:
        return exc
    for letter, pdf in zip(letters, pdfs):
        letter.files["pdf"] = pdf
    return None


def add_eml(letter: "Letter", case_file: "CaseFile") -> None:
    """The e-mail draft of one letter (with its PDF attached when one was made)."""
    from .eml import build_eml

    letter.files["eml"] = build_eml(case_file, letter.context, letter.files)


#: Letters per LibreOffice run in a batch: start-up is paid once per group, memory stays bounded.
PDF_GROUP = 50


def batch_pdfs(results: Iterable["CaseResult"], out: str, force: bool, group: int = PDF_GROUP) -> Iterator["CaseResult"]:
    """Batch results in the same order, each with its PDF made, one LibreOffice run per ``group`` letters.

    Workers hand back the .docx bytes in ``result.pdf_source``; the PDFs are converted
    here, in the parent, while the workers go on rendering the next cases.
    """
    pending: list[CaseResult] = []
    sources = 0
    for result in results:
        pending.append(result)
        sources += result.pdf_source is not None
        if sources >= group:
            _write_batch_pdfs(pending, out, force)
            yield from pending
            pending, sources = [], 0
    _write_batch_pdfs(pending, out, force)
    yield from pending


def _write_batch_pdfs(results: list["CaseResult"], out: str, force: bool) -> None:
    """Convert the group's letters in one run and write each PDF; a PDF that fails fails its case."""
    from .output import check_writable, letter_path, write_atomic

    todo = []
    for result in results:
        if result.pdf_source is None or result.status == "failed":
            result.pdf_source = None
            continue
        target = letter_path(out, result.case_id, result.stage, "pdf")
        try:
            check_writable(target, force=force)
        except OutputExistsError:
            result.pdf_source = None
            if result.note != "exists":
                result.note = (result.note + ", " if result.note else "kept existing: ") + target.name
            continue
        todo.append((result, target))
    from .pdf import PdfError, docx_to_pdf

    try:
        pdfs: list[bytes] = docx_to_pdf([result.pdf_source for result, _ in todo])  # type: ignore[misc]
        problem: PdfError | None = None
    except PdfError as exc:
        pdfs, problem = [], exc
    for index, (result, target) in enumerate(todo):
        result.pdf_source = None
        try:
            if problem:
                raise problem
            write_atomic(target, pdfs[index], force=force, durable=False)  # run_batch syncs once at the end
        except LettersError as exc:
            result.fail(exc)
            continue
        result.outputs.append(str(target))
        result.status = "ok"
        if result.note == "exists":
            result.note = "kept the other formats, which existed"

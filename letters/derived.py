"""Formats made from other formats: PDF (from the .docx) and the e-mail draft (from all of them).

``generate`` and ``batch`` call the same two functions: :func:`formats_to_render` says
which template formats a request needs (a PDF needs the .docx, a draft needs the .txt
body and the .docx attachment), and :func:`add_derived` fills in ``pdf`` and ``eml`` for
many letters at once, so that LibreOffice starts once per run, not once per letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from .pdf import PdfError, docx_to_pdf

if TYPE_CHECKING:
    from .caseio import CaseFile
    from .generate import Letter

__all__ = ["DERIVED_FORMATS", "formats_to_render", "add_derived", "add_pdfs", "add_eml"]

DERIVED_FORMATS = ("pdf", "eml")
_NEEDS = {"pdf": ("docx",), "eml": ("docx", "txt")}


def formats_to_render(formats: Iterable[str]) -> tuple[str, ...]:
    """The template formats to render for ``formats``, requested or needed by a derived one."""
    wanted = set(formats)
    for fmt in list(wanted):
        wanted.update(_NEEDS.get(fmt, ()))
    return tuple(f for f in ("docx", "txt") if f in wanted)


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

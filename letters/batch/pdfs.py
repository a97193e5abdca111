"""PDFs, made in the parent: the workers hand back each .docx, a pool of LibreOffice
converters turns them into PDFs while the workers go on, and each case waits for its own
PDF only when it is next in line for the manifest."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letters.batch.case import BatchOptions, CaseResult
from letters.batch.pool import Gate, case_results
from letters.errors import LettersError, OutputError, OutputExistsError, PdfError
from letters.locale import _

#: Cases the workers may render ahead of the manifest, per converter, when PDFs are made:
#: enough to keep every converter fed, few enough that memory and the run's folder stay small.
PDF_AHEAD = 160


@dataclass
class _PdfTask:
    target: Path
    job: Any  # letters.render.pdf.PdfJob
    draft: tuple[Any, dict[str, Any], dict[str, bytes]] | None


def batch_pdfs(files: Sequence[Path], options: BatchOptions, jobs: int) -> Iterator[CaseResult]:
    """Every case's result, in input order, with its PDF (and the draft attaching it) written.

    The workers render each letter and hand its .docx back in ``result.pdf_source``; here,
    in the parent, it goes straight to a pool of ``jobs`` LibreOffice converters, so PDFs
    are made while the workers go on rendering. A result waits for its own PDF only when
    it is next in line for the manifest.
    """
    import contextlib
    from collections import deque

    from letters.render.pdf import ConverterPool

    jobs = max(1, min(jobs, len(files)))
    try:
        pool: ConverterPool | PdfError = ConverterPool(jobs, expected=len(files))
    except PdfError as exc:  # LibreOffice is missing: each case's PDF fails, its other formats are kept
        pool = exc
    gate = Gate(jobs * PDF_AHEAD + 64) if jobs > 1 else None  # --jobs 1 renders only when asked for the next result
    results = case_results(files, options, jobs, gate)
    pending: deque[tuple[CaseResult, _PdfTask | None]] = deque()
    try:
        with pool if isinstance(pool, ConverterPool) else contextlib.nullcontext():
            for result in results:
                pending.append((result, _start_pdf(pool, result, options)))
                while pending and (len(pending) > jobs * PDF_AHEAD or _ready(pending[0][1])):
                    yield _finish_pdf(*pending.popleft(), options)
                    if gate:
                        gate.release()
            if isinstance(pool, ConverterPool):
                pool.close()
            while pending:
                yield _finish_pdf(*pending.popleft(), options)
    finally:
        if gate:
            gate.close()  # first: stopping the worker pool waits for its feeder, which may be waiting at the gate
        results.close()


def _ready(task: _PdfTask | None) -> bool:
    return task is None or task.job.done()


def _start_pdf(pool: Any, result: CaseResult, options: BatchOptions) -> _PdfTask | None:
    """Queue the case's PDF, unless there is none to make (failed, skipped, or the PDF exists)."""
    from letters.fsio import check_writable
    from letters.output import letter_path, refuse_inputs

    source, draft = result.pdf_source, result.eml_source
    result.pdf_source = result.eml_source = None
    if source is None or result.status == "failed":
        return None
    try:
        target = letter_path(options.out, result.case_id, result.stage, "pdf")
        refuse_inputs([target], _case_inputs(result))
        check_writable(target, force=options.force)
    except OutputExistsError:
        _kept(result, target)
        if draft:  # a rerun: the PDF was made before, the draft may not have been
            try:
                _write_draft(result, draft, target.read_bytes(), options)
            except OSError as exc:
                result.fail(
                    OutputError(target, _("cannot be read to attach to the e-mail draft ({reason})").format(reason=exc.strerror or exc))
                )
        return None
    except LettersError as exc:
        result.fail(exc)
        return None
    if isinstance(pool, PdfError):
        result.fail(pool)
        return None
    return _PdfTask(target, pool.submit(source), draft)


def _finish_pdf(result: CaseResult, task: _PdfTask | None, options: BatchOptions) -> CaseResult:
    """Write the case's PDF once converted (a letter that could not be converted fails its case), then its draft."""
    from letters.output import write_letter

    if task is None:
        return _tidy(result)
    try:
        pdf = task.job.result()
        write_letter(options.out, task.target, pdf, force=options.force, durable=False)  # run_batch syncs once at the end
    except LettersError as exc:  # the draft is not made either: without its PDF it would be incomplete
        result.fail(exc)
        return result
    result.outputs.append(str(task.target))
    result.status = "ok"
    if result.note == "exists":
        result.note = "kept the other formats, which existed"
    if task.draft:
        _write_draft(result, task.draft, pdf, options)
    return _tidy(result)


def _case_inputs(result: CaseResult) -> list[tuple[str, Path]]:
    """The files a case's letters must never be written over: the case file and its evidence."""
    return [("case file", Path(result.file))] + [("evidence file", Path(f)) for f in result.evidence]


def _tidy(result: CaseResult) -> CaseResult:
    """A case whose every file existed already says so in one word, as when the workers kept them all."""
    if result.status == "skipped" and not result.outputs and result.note.startswith("kept existing: "):
        result.note = "exists"
    return result


def _write_draft(result: CaseResult, draft: tuple[Any, dict[str, Any], dict[str, bytes]], pdf: bytes, options: BatchOptions) -> None:
    """The e-mail draft with the PDF attached (kept if it exists)."""
    from letters.fsio import check_writable
    from letters.output import letter_path, refuse_inputs, write_letter
    from letters.render.eml import build_eml

    case_file, context, files = draft
    try:
        target = letter_path(options.out, result.case_id, result.stage, "eml")
        refuse_inputs([target], _case_inputs(result))
        check_writable(target, force=options.force)
        write_letter(options.out, target, build_eml(case_file, context, {**files, "pdf": pdf}), force=options.force, durable=False)
    except OutputExistsError:
        _kept(result, target)
        return
    except LettersError as exc:
        result.fail(exc)
        return
    result.outputs.append(str(target))
    result.status = "ok"
    if result.note == "exists":
        result.note = "kept the other formats, which existed"


def _kept(result: CaseResult, target: Path) -> None:
    """Note a file kept because it existed (``exists`` already says every file was)."""
    if result.note != "exists":
        result.note = (result.note + ", " if result.note else "kept existing: ") + target.name

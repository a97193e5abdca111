"""Batch production: many case files → every letter that is due, with a manifest.

Case files stream through a process pool one small chunk at a time and only one
:class:`CaseResult` (a few strings) comes back per case, so memory stays flat however
many cases there are. Results arrive in input order (``imap``), so the manifest and the
files written are the same whatever ``--jobs`` is. A case that fails is recorded and
the others carry on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from letters.errors import LettersError, OutputError, OutputExistsError, PdfError
from letters.templates.search import TemplateSearchPath

if TYPE_CHECKING:
    from letters.pipeline import Letter

__all__ = [
    "BatchOptions",
    "CaseResult",
    "BatchSummary",
    "run_batch",
    "iter_case_files",
    "process_case",
    "MANIFEST_COLUMNS",
    "batch_pdfs",
    "PDF_GROUP",
]

MANIFEST_COLUMNS = ("file", "case_id", "stage", "status", "outputs", "error", "note", "warnings")
CASE_SUFFIXES = (".yaml", ".yml")


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


@dataclass
class CaseResult:
    """One manifest row: what happened to one case file."""

    file: str
    case_id: str = ""
    stage: str = ""
    status: str = "failed"  # ok | skipped | failed
    outputs: list[str] = field(default_factory=list)
    error: str = ""
    note: str = ""
    warnings: list[str] = field(default_factory=list)  # one line each in the CSV manifest, a list in JSON
    pdf_source: bytes | None = field(default=None, repr=False)  # the .docx to convert (see batch_pdfs)

    def fail(self, exc: BaseException) -> None:
        """Record ``exc`` as this case's failure, on one manifest line."""
        message = "; ".join(line for line in str(exc).splitlines() if line) or type(exc).__name__
        self.status, self.error = "failed", message if isinstance(exc, LettersError) else f"unexpected {type(exc).__name__}: {message}"

    def row(self) -> dict[str, str]:
        data = asdict(self)
        data.pop("pdf_source")
        data["outputs"] = ";".join(self.outputs)
        data["warnings"] = "\n".join(self.warnings)
        return data


@dataclass
class BatchSummary:
    made: int = 0  # cases with at least one letter written
    skipped: int = 0
    failed: int = 0
    letters: int = 0  # files written
    seconds: float = 0.0

    def line(self) -> str:
        return f"Made {self.letters} file(s) for {self.made} case(s), skipped {self.skipped}, failed {self.failed} in {self.seconds:.1f} s"


def iter_case_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each PATH in the order given; a folder yields its ``*.yaml``/``*.yml`` files, sorted.

    A path that is neither (missing, or another kind of file named explicitly) is still
    yielded, so that it shows up as a failed row instead of vanishing.
    """
    seen: set[str] = set()
    cwd = os.getcwd()
    for raw in paths:
        path = Path(raw)
        candidates = _cases_in(path) if path.is_dir() else [path]
        for candidate in candidates:
            key = os.path.normpath(os.path.join(cwd, candidate))  # abspath asks the system for the cwd each time
            if key not in seen:
                seen.add(key)
                yield candidate


def _cases_in(folder: Path) -> list[Path]:
    """Case files under ``folder``, ordered by their path inside it (``os.walk`` reads each
    folder once; asking about every file separately costs more than writing a letter)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, _, filenames in os.walk(folder):
        inside = Path(dirpath).relative_to(folder).parts
        for name in filenames:
            if name.lower().endswith(CASE_SUFFIXES):
                found.append((inside + (name,), Path(dirpath, name)))
    found.sort(key=lambda item: item[0])
    return [path for _, path in found]


# --- the per-case pipeline (runs in a worker) -------------------------------------------------


@dataclass(frozen=True)
class _RememberedSearch(TemplateSearchPath):
    """A template search path that looks each template up once per batch run.

    Every case of a batch asks for the same few templates; resolving them again for
    each case costs dozens of file-system calls per letter. One is built per
    :func:`run_batch` (and copied into each worker), so a later batch in the same
    process sees templates, ``$LETTERS_TEMPLATES`` and the config as they are then.
    """

    _found: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def for_options(cls, options: BatchOptions) -> _RememberedSearch:
        return cls(TemplateSearchPath.build(options.template_dirs).folders)

    def find_formats(self, name: str, lang: str, formats: Iterable[str], *, every: bool = True) -> dict[str, Path]:
        key = (name, lang, tuple(formats), every)
        if key not in self._found:
            self._found[key] = super().find_formats(name, lang, key[2], every=every)
        return dict(self._found[key])


def process_case(path: Path, options: BatchOptions, search: TemplateSearchPath | None = None) -> CaseResult:
    """Load → choose the stage → render → write; every failure becomes a ``failed`` row."""
    result = CaseResult(file=str(path))
    try:
        _produce(path, options, search or TemplateSearchPath.build(options.template_dirs), result)
    except Exception as exc:
        result.fail(exc)
    return result


def _produce(path: Path, options: BatchOptions, search: TemplateSearchPath, result: CaseResult) -> None:
    from letters.casefile.load import load_case
    from letters.errors import StageError
    from letters.pipeline import render_letters
    from letters.plan.stages import case_status, check_stage

    case_file = load_case(path, on=options.on)
    case = case_file.case
    result.case_id = case.case_id
    if options.due:
        status = case_status(case, options.on)
        result.stage = status.next_stage or ""
        if not status.is_due:
            result.status = "skipped"
            if status.next_stage and status.due:
                result.note = f"{status.next_stage} due on {status.due.isoformat()} ({status.reason})"
            else:
                result.note = status.reason
            return
        stage = status.next_stage
    else:
        stage = options.stage
        result.stage = stage or ""
        try:
            check_stage(case, stage or "", str(path))
        except StageError as exc:
            result.status, result.note = "skipped", exc.reason
            return
    from letters.pipeline import add_eml, formats_to_render

    letter = render_letters(
        case_file,
        stage=stage,
        formats=formats_to_render(options.formats),
        search=search,
        on=options.on,
        engine=options.engine,
        strict=options.strict,
    )
    result.warnings = letter.warnings
    if "eml" in options.formats:
        add_eml(letter, case_file)
    if "pdf" in options.formats:  # converted in the parent, many letters per LibreOffice run
        result.pdf_source = letter.files["docx"]
    letter.files = {fmt: data for fmt, data in letter.files.items() if fmt in options.formats}
    written, kept = _write_letter(letter, options.out, options.force)
    result.outputs = [str(p) for p in written]
    if written:
        result.status = "ok"
        if kept:
            result.note = "kept existing: " + ", ".join(p.name for p in kept)
    else:
        result.status, result.note = "skipped", "exists"


def _write_letter(letter: Letter, out: str | Path, force: bool) -> tuple[list[Path], list[Path]]:
    """Write each rendered format; returns (written, kept because they already existed).

    Files already there are kept (unless ``force``), so a rerun of an interrupted batch
    writes only what is missing. Each file is renamed into place complete, but not
    fsync'ed one by one: :func:`run_batch` syncs once at the end. PDFs are written later,
    in the parent (:func:`batch_pdfs`).
    """
    from letters.output import letter_targets, write_atomic

    targets, new_folder = letter_targets(out, letter.case_id, letter.name, letter.files)
    written: list[Path] = []
    kept: list[Path] = []
    for fmt, target in targets.items():
        try:
            write_atomic(target, letter.files[fmt], force=force, durable=False, new_folder=new_folder)
        except OutputExistsError:
            kept.append(target)
            continue
        written.append(target)
    return written, kept


# --- running many cases ------------------------------------------------------------------------

_WORKER_OPTIONS: BatchOptions | None = None
_WORKER_SEARCH: TemplateSearchPath | None = None


def _init_worker(options: BatchOptions, search: TemplateSearchPath) -> None:
    import signal

    global _WORKER_OPTIONS, _WORKER_SEARCH
    _WORKER_OPTIONS, _WORKER_SEARCH = options, search
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, _stop)  # ...with SIGTERM: unwind, so no temporary file is left


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _work(path: Path) -> CaseResult:
    assert _WORKER_OPTIONS is not None
    return process_case(path, _WORKER_OPTIONS, _WORKER_SEARCH)


def _warm_up(options: BatchOptions) -> None:
    """Import the pipeline once in the parent, so forked workers start with it loaded."""
    from letters import pipeline as generate  # noqa: F401
    from letters.casefile import load as caseio  # noqa: F401
    from letters.render import renderer_for
    from letters.viewmodel import build as context  # noqa: F401

    for fmt in options.formats:
        if fmt in ("docx", "txt"):
            renderer_for(fmt, options.engine)


def _results(paths: Sequence[Path], options: BatchOptions, jobs: int) -> Iterator[CaseResult]:
    """Results in input order; a pool only when it can help."""
    jobs = max(1, min(jobs, len(paths)))
    search = _RememberedSearch.for_options(options)
    if jobs == 1:
        for path in paths:
            yield process_case(path, options, search)
        return
    import multiprocessing  # only a pool needs it (start-up of --jobs 1)

    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods and sys.platform != "darwin"
    if fork:
        _warm_up(options)
    context = multiprocessing.get_context("fork" if fork else None)
    chunk = max(1, min(32, len(paths) // (jobs * 8)))
    pool = context.Pool(jobs, initializer=_init_worker, initargs=(options, search))
    try:
        yield from pool.imap(_work, paths, chunksize=chunk)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


class _Manifest:
    """Rows stream to a temporary file beside FILE, renamed into place when the batch ends."""

    def __init__(self, path: Path):
        self.path = path
        self.json = path.suffix.lower() == ".json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        except OSError as exc:
            raise OutputError(path, f"cannot be written ({exc.strerror or exc})") from None
        self.fh: io.TextIOWrapper = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.count = 0
        if self.json:
            self.fh.write("[")
        else:
            self.writer = csv.DictWriter(self.fh, fieldnames=MANIFEST_COLUMNS)
            self.writer.writeheader()

    def add(self, result: CaseResult) -> None:
        row = result.row()
        if self.json:
            row["outputs"] = list(result.outputs)  # type: ignore[assignment]
            row["warnings"] = list(result.warnings)  # type: ignore[assignment]
            self.fh.write(("," if self.count else "") + "\n  " + json.dumps(row, ensure_ascii=False))
        else:
            self.writer.writerow(row)
        self.count += 1

    def finish(self) -> None:
        if self.json:
            self.fh.write("\n]\n")
        self.fh.close()
        os.chmod(self.tmp, 0o644)
        os.replace(self.tmp, self.path)

    def abandon(self) -> None:
        self.fh.close()
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


def run_batch(
    paths: Iterable[str | Path],
    options: BatchOptions,
    *,
    jobs: int | None = None,
    manifest: str | Path | None = None,
    progress: bool | None = None,
    on_result: Callable[[CaseResult], None] | None = None,
) -> BatchSummary:
    """Produce the letters of every case under ``paths``; never stops at a failing case.

    ``progress=None`` shows a bar only when stderr is a terminal.
    """
    start = time.perf_counter()
    files = list(iter_case_files(paths))
    jobs = jobs or os.cpu_count() or 1
    if progress is None:
        progress = sys.stderr.isatty()
    sink = _Manifest(Path(manifest)) if manifest else None
    summary = BatchSummary()
    bar = None
    try:
        results: Iterable[CaseResult] = _results(files, options, jobs)
        if "pdf" in options.formats:
            results = batch_pdfs(results, options.out, options.force)
        if progress:
            import click

            bar = click.progressbar(results, length=len(files), label="Letters", file=sys.stderr)
            results = bar.__enter__()
        for result in results:
            if result.status == "ok":
                summary.made += 1
                summary.letters += len(result.outputs)
            elif result.status == "skipped":
                summary.skipped += 1
            else:
                summary.failed += 1
            if sink:
                sink.add(result)
            if on_result:
                on_result(result)
    except BaseException:
        if sink:
            sink.abandon()
        raise
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if sink:
        sink.finish()
    if summary.letters and hasattr(os, "sync"):
        os.sync()  # one flush for every letter written, instead of an fsync per file
    summary.seconds = time.perf_counter() - start
    return summary


# --- PDFs, made in the parent -------------------------------------------------------------------

#: Letters per LibreOffice run in a batch: start-up is paid once per group, memory stays bounded.
PDF_GROUP = 50


def batch_pdfs(results: Iterable[CaseResult], out: str, force: bool, group: int = PDF_GROUP) -> Iterator[CaseResult]:
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


def _write_batch_pdfs(results: list[CaseResult], out: str, force: bool) -> None:
    """Convert the group's letters in one run and write each PDF; a PDF that fails fails its case."""
    from letters.output import check_writable, letter_path, write_atomic

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
    from letters.render.pdf import docx_to_pdf

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

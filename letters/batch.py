"""Batch production: many case files → every letter that is due, with a manifest.

Case files stream through a process pool one small chunk at a time and only one
:class:`CaseResult` (a few strings) comes back per case, so memory stays flat however
many cases there are. Results arrive in input order (``imap``), so the manifest and the
files written are the same whatever ``--jobs`` is. A case that fails is recorded and
the others carry on.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from letters.errors import LettersError, OutputError, OutputExistsError, PdfError
from letters.locale import _
from letters.manifest import MANIFEST_COLUMNS, ManifestWriter, check_manifest_target, manifest_kind, shard_of, written_case_id
from letters.templates.search import TemplateSearchPath

if TYPE_CHECKING:
    from letters.casefile.load import CaseFile
    from letters.pipeline import Letter

__all__ = [
    "ELSEWHERE",
    "MANIFEST_COLUMNS",
    "BatchOptions",
    "BatchSummary",
    "CaseResult",
    "batch_pdfs",
    "iter_case_files",
    "process_case",
    "run_batch",
]

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


@dataclass
class BatchSummary:
    made: int = 0  # cases with at least one letter written
    skipped: int = 0
    failed: int = 0
    letters: int = 0  # files written
    seconds: float = 0.0

    def line(self) -> str:
        return _("Made {letters} file(s) for {made} case(s), skipped {skipped}, failed {failed} in {seconds:.1f} s").format(
            letters=self.letters, made=self.made, skipped=self.skipped, failed=self.failed, seconds=self.seconds
        )


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
    """Case files under ``folder``, ordered by their path inside it (one ``os.walk``: benchmarks/README.md)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, _subdirs, filenames in os.walk(folder):
        inside = Path(dirpath).relative_to(folder).parts
        found += [(inside + (name,), Path(dirpath, name)) for name in filenames if name.lower().endswith(CASE_SUFFIXES)]
    found.sort(key=lambda item: item[0])
    return [path for _, path in found]


# --- the per-case pipeline (runs in a worker) -------------------------------------------------


@dataclass(frozen=True)
class _RememberedSearch(TemplateSearchPath):
    """A template search path that looks each template up once per batch run.

    Every case of a batch asks for the same few templates. One is built per
    :func:`run_batch` (and copied into each worker), so a later batch in the same
    process sees templates, ``$LETTERS_TEMPLATES`` and the config as they are then.
    """

    _found: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def for_options(cls, options: BatchOptions) -> _RememberedSearch:
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
    if options.shard and shard_of(_shard_key(path, raw, options.on), options.shard[1]) != options.shard[0]:
        result.status = ELSEWHERE
        return result
    if raw is None:
        return result
    try:
        _produce(path, raw, options, search or TemplateSearchPath.build(options.template_dirs), result)
    except Exception as exc:
        result.fail(exc)
        result.case_id = result.case_id or written_case_id(raw) or ""
    return result


def _shard_key(path: Path, raw: bytes | None, on: dt.date) -> str:
    """What decides a case's shard: its ``case_id`` as its ``case_id:`` line writes it (read
    without parsing), else as parsed, else (a file that cannot be read) its path as given.
    Every shard computes the same key for the same file, so the shards partition any folder."""
    from letters.casefile.load import parse_case_text

    if raw is None:
        return str(path)
    written = written_case_id(raw)
    if written is not None:
        return written
    try:
        return parse_case_text(raw, path, on=on).case.case_id
    except LettersError:
        return str(path)


def _produce(path: Path, raw: bytes, options: BatchOptions, search: TemplateSearchPath, result: CaseResult) -> None:
    from letters.casefile.load import parse_case_text
    from letters.errors import StageError
    from letters.pipeline import render_letters
    from letters.plan.stages import case_status, check_stage

    case_file = parse_case_text(raw, path, on=options.on)
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
    if claims == _IN_MEMORY:  # one process: a dict, no system call
        first = _MEMORY_CLAIMS.setdefault(case_id, mine)
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


#: ``claims`` for a batch without workers: the claims live in :data:`_MEMORY_CLAIMS`.
_IN_MEMORY = ":memory:"
_MEMORY_CLAIMS: dict[str, str] = {}


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


# --- running many cases ------------------------------------------------------------------------

_WORKER_OPTIONS: BatchOptions | None = None
_WORKER_SEARCH: TemplateSearchPath | None = None


def _init_worker(options: BatchOptions, search: TemplateSearchPath) -> None:
    import signal

    global _WORKER_OPTIONS, _WORKER_SEARCH
    _WORKER_OPTIONS, _WORKER_SEARCH = options, search
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, _stop)  # ...with SIGTERM: unwind, so no temporary file is left


def _stop(signum: int, _frame: object) -> None:
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


def _results(paths: Sequence[Path], options: BatchOptions, jobs: int, gate: _Gate | None = None) -> Generator[CaseResult, None, None]:
    """Results in input order; a pool only when it can help. ``gate`` limits how far the pool runs ahead."""
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
    try:
        pool = context.Pool(jobs, initializer=_init_worker, initargs=(options, search))
    except OSError as exc:  # too few file descriptors or processes (ulimit -n, -u): said, not a traceback
        raise LettersError(
            _("cannot start {jobs} worker processes ({reason}); raise the limit (ulimit -n, ulimit -u) or use --jobs 1").format(
                jobs=jobs, reason=exc.strerror or exc
            )
        ) from None
    try:
        yield from pool.imap(_work, gate.feed(paths) if gate else paths, chunksize=chunk)
    except BaseException:
        _stop_pool(pool)
        raise
    pool.close()
    pool.join()


#: Seconds the workers have to unwind (and remove their temporary files) after SIGTERM.
STOP_GRACE = 5.0


def _stop_pool(pool: Any) -> None:
    """Stop the workers without ever waiting for ever.

    ``Pool.terminate`` alone can hang: a worker that exits is replaced by a new one forked
    from a helper thread, which can deadlock before it runs any of our code, and terminate
    then joins it for ever. So: no replacements first, then SIGTERM (each worker unwinds
    and removes its temporary file), SIGKILL for any still alive after the grace period,
    and the pool's own clean-up with a time limit. A killed worker may leave a ``.part``
    file, which the next run removes (``remove_stale_parts``).
    """
    import multiprocessing.pool
    import threading

    handler = getattr(pool, "_worker_handler", None)
    if handler is not None:
        handler._state = multiprocessing.pool.TERMINATE  # no replacement workers from here on
    workers = [w for w in getattr(pool, "_pool", ()) if w.is_alive()]
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + STOP_GRACE
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()
            worker.join(1.0)
    stopper = threading.Thread(target=pool.terminate, name="letters-stop-pool", daemon=True)
    stopper.start()
    stopper.join(STOP_GRACE)


class _Manifest:
    """Rows stream to a temporary file beside FILE, renamed into place when the batch ends,
    or (``--manifest -``) straight to a stream as JSON lines.

    The manifest is never written over an input of the batch (a case file, a template,
    an evidence file) nor over a letter it wrote (nor, :func:`run_batch` checks first, over
    anything that is not a manifest); names that are not UTF-8 are escaped the one agreed
    way (:data:`letters.paths.ESCAPE`), so the file stays valid UTF-8.
    """

    def __init__(self, path: Path | None, stream: IO[str] | None = None):
        from letters.fsio import AtomicFile
        from letters.paths import ESCAPE

        self.path = path
        self.file: AtomicFile | None = None
        if path is not None:
            self.file = AtomicFile(path, errors=ESCAPE)
        self.stream: Any = self.file or stream
        self.writer = ManifestWriter(manifest_kind(path) if path is not None else "jsonl")
        self.evidence: list[tuple[str, Path]] = []
        self.outputs: list[str] = []
        self._write(self.writer.head())

    def _write(self, text: str) -> None:
        if text:
            self.stream.write(text)

    def add(self, result: CaseResult) -> None:
        self.evidence += [("evidence file", Path(f)) for f in result.evidence]
        self.outputs += result.outputs
        self._write(self.writer.row(result.row()))
        if self.file is None:
            self.stream.flush()  # a reader of the stream sees each case as it is done

    def finish(self) -> None:
        from letters.output import refuse_inputs

        if self.file is None or self.path is None:
            return
        try:
            refuse_inputs([self.path], self.evidence, role="--manifest")
            self._refuse_letters()
        except OutputError:
            self.file.abandon()
            raise
        self._write(self.writer.tail())
        self.file.commit()

    def _refuse_letters(self) -> None:
        assert self.path is not None
        try:
            info = os.stat(self.path)
        except OSError:
            return
        for output in self.outputs:
            try:
                other = os.stat(output)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                raise OutputError(self.path, _("--manifest is a letter this batch wrote; not replaced (choose another name or folder)"))

    def abandon(self) -> None:
        if self.file is not None:
            self.file.abandon()


def _batch_inputs(files: Sequence[Path], options: BatchOptions) -> Iterator[tuple[str, Path]]:
    """What a manifest must not replace, known before the batch runs: its case files and templates."""
    from letters.templates.search import template_files

    for file in files:
        yield "case file", file
    for folder in TemplateSearchPath.build(options.template_dirs).folders:
        for template in template_files(Path(folder)):
            yield "template", template


def run_batch(
    paths: Iterable[str | Path],
    options: BatchOptions,
    *,
    jobs: int | None = None,
    manifest: str | Path | IO[str] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[CaseResult], None] | None = None,
) -> BatchSummary:
    """Produce the letters of every case under ``paths``; never stops at a failing case.

    ``on_start(n)`` is told how many case files there are, ``on_result`` gets each case's
    row as it is done (the command line draws its progress bar with them; a case of another
    shard comes with status :data:`ELSEWHERE` and is in no count nor the manifest); nothing
    here prints. ``manifest``: a file name (CSV; JSON for ``*.json``; JSON lines for
    ``*.jsonl``), or a text stream that gets JSON lines as the cases are done.
    """
    start = time.perf_counter()
    files = list(iter_case_files(paths))
    jobs = jobs or os.cpu_count() or 1
    sink: _Manifest | None = None
    manifest_error: OutputError | None = None
    if manifest is not None and not isinstance(manifest, (str, Path)):
        sink = _Manifest(None, manifest)
    elif manifest:
        from letters.output import refuse_inputs

        target = Path(manifest)
        refuse_inputs([target], _batch_inputs(files, options), role="--manifest")  # refused: nothing is made
        check_manifest_target(target)
        try:
            sink = _Manifest(target)
        except OutputError as exc:  # a full disk: the letters are still made, the manifest is reported
            manifest_error = exc
    summary = BatchSummary()
    jobs = max(1, min(jobs, len(files)))
    if on_start:
        on_start(len(files))
    _MEMORY_CLAIMS.clear()
    claims = _claims_folder() if jobs > 1 else ""
    options = replace(options, claims=claims or _IN_MEMORY)
    try:
        if "pdf" in options.formats:
            results: Iterable[CaseResult] = batch_pdfs(files, options, jobs)
        else:
            results = _results(files, options, jobs)
        for result in results:
            if result.status == ELSEWHERE:
                if on_result:
                    on_result(result)
                continue
            if result.status == "ok":
                summary.made += 1
                summary.letters += len(result.outputs)
            elif result.status == "skipped":
                summary.skipped += 1
            else:
                summary.failed += 1
            if sink:
                try:
                    sink.add(result)
                except OutputError as exc:  # a full disk: the letters go on, the manifest is reported
                    sink, manifest_error = None, exc
            if on_result:
                on_result(result)
    except BaseException:
        if sink:
            sink.abandon()
        raise
    finally:
        if claims:
            shutil.rmtree(claims, ignore_errors=True)
    if summary.letters and hasattr(os, "sync"):
        os.sync()  # one flush for every letter written, instead of an fsync per file
    if sink:
        sink.finish()
    if manifest_error:
        raise manifest_error
    summary.seconds = time.perf_counter() - start
    return summary


def _claims_folder() -> str:
    """A private folder for one run's case_id claims (see :func:`_claim`); empty if none can be made.

    In memory (``/dev/shm``) where there is one: a claim per case on a disk costs a batch
    about 15% (benchmarks/README.md).
    """
    for where in (_SHARED_MEMORY, None):
        if where is not None and not os.path.isdir(where):
            continue
        try:
            return tempfile.mkdtemp(prefix="letters-claims-", dir=where)
        except OSError:
            continue
    return ""


_SHARED_MEMORY = "/dev/shm"


# --- PDFs, made in the parent -------------------------------------------------------------------

#: Cases the workers may render ahead of the manifest, per converter, when PDFs are made:
#: enough to keep every converter fed, few enough that memory and the run's folder stay small.
PDF_AHEAD = 160


class _Gate:
    """Lets the worker pool take at most ``limit`` cases more than the manifest has received.

    ``Pool.imap`` reads its input as fast as it can; converting is a hundred times slower
    than rendering, so without this every result would pile up in the parent's memory.
    """

    def __init__(self, limit: int):
        import threading

        self._free = threading.Semaphore(limit)
        self._open = True

    def feed(self, items: Iterable[Path]) -> Iterator[Path]:
        for item in items:
            while not self._free.acquire(timeout=0.1):
                if not self._open:  # the batch is stopping: let the pool's feeder thread end
                    return
            yield item

    def release(self) -> None:
        self._free.release()

    def close(self) -> None:
        self._open = False


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
    gate = _Gate(jobs * PDF_AHEAD + 64) if jobs > 1 else None  # --jobs 1 renders only when asked for the next result
    results = _results(files, options, jobs, gate)
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

"""``run_batch``: every case under the paths given, the counts, and the manifest written as the
cases are done (renamed into place at the end, or streamed as JSON lines)."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import wraps
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar

from letters.batch.case import ELSEWHERE, IN_MEMORY, MEMORY_CLAIMS, BatchOptions, CaseResult
from letters.batch.discover import iter_case_files
from letters.batch.pdfs import batch_pdfs
from letters.batch.pool import case_results
from letters.errors import OutputError
from letters.fsio import sync_filesystem
from letters.locale import _
from letters.manifest import ManifestWriter, check_manifest_target, manifest_kind
from letters.templating.search import TemplateSearchPath


@dataclass
class BatchSummary:
    made: int = 0  # cases with at least one letter written
    skipped: int = 0
    failed: int = 0
    letters: int = 0  # files written
    seconds: float = 0.0

    def count(self, result: CaseResult) -> None:
        """Add one case's row (not one of another shard's)."""
        if result.status == "ok":
            self.made += 1
            self.letters += len(result.outputs)
        elif result.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1

    def line(self) -> str:
        return _("Made {letters} file(s) for {made} case(s), skipped {skipped}, failed {failed} in {seconds:.1f} s").format(
            letters=self.letters, made=self.made, skipped=self.skipped, failed=self.failed, seconds=self.seconds
        )


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
    from letters.templating.search import template_files

    for file in files:
        yield "case file", file
    for folder in TemplateSearchPath.build(options.template_dirs).folders:
        for template in template_files(Path(folder)):
            yield "template", template


def _open_manifest(
    manifest: str | Path | IO[str] | None, files: Sequence[Path], options: BatchOptions
) -> tuple[_Manifest | None, OutputError | None]:
    """The manifest's sink, or the error that keeps it from being written (the letters are made anyway).

    A target that would replace one of the batch's inputs, or a file that is not a manifest,
    is refused before anything is made.
    """
    if manifest is None or manifest == "":
        return None, None
    if not isinstance(manifest, (str, Path)):
        return _Manifest(None, manifest), None
    from letters.output import refuse_inputs

    target = Path(manifest)
    refuse_inputs([target], _batch_inputs(files, options), role="--manifest")  # refused: nothing is made
    check_manifest_target(target)
    try:
        return _Manifest(target), None
    except OutputError as exc:  # a full disk: the letters are still made, the manifest is reported
        return None, exc


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _start_up_set_apart(run: Callable[_P, _R]) -> Callable[_P, _R]:
    """``run`` with what the process holds when it starts (modules, templates, locale data) set
    apart from the garbage collector (``gc.freeze``) until it ends: that lives as long as the
    batch, so the collector's full collections (one a thousand cases, from listing the folder)
    go through the batch's own objects only (24 ms -> under 1), and forked workers do not touch
    those pages. Given back at the end (a long-running caller's garbage is still its own)."""

    @wraps(run)
    def apart(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        gc.freeze()
        try:
            return run(*args, **kwargs)
        finally:
            gc.unfreeze()

    return apart


@_start_up_set_apart
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
    sink, manifest_error = _open_manifest(manifest, files, options)
    summary = BatchSummary()
    jobs = max(1, min(jobs, len(files)))
    if on_start:
        on_start(len(files))
    MEMORY_CLAIMS.clear()
    claims = _claims_folder() if jobs > 1 else ""
    options = replace(options, claims=claims or IN_MEMORY)
    try:
        if "pdf" in options.formats:
            results: Iterable[CaseResult] = batch_pdfs(files, options, jobs)
        else:
            results = case_results(files, options, jobs)
        for result in results:
            if result.status == ELSEWHERE:
                if on_result:
                    on_result(result)
                continue
            summary.count(result)
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
    if summary.letters:
        sync_filesystem(options.out)  # one flush for every letter written, instead of an fsync per file
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

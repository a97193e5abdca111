"""Running the cases: in this process for ``--jobs 1``, else a pool of forked workers that
hand back one small :class:`~letters.batch.case.CaseResult` per case, in input order, and
that are stopped without ever waiting for ever."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from letters.batch.case import BatchOptions, CaseResult, RememberedSearch, process_case
from letters.errors import LettersError
from letters.locale import _
from letters.templating.search import TemplateSearchPath

_WORKER_OPTIONS: BatchOptions | None = None
_WORKER_SEARCH: TemplateSearchPath | None = None


def _init_worker(options: BatchOptions, search: TemplateSearchPath) -> None:
    import signal

    from letters.render.env import hold_render_cap_for_life

    global _WORKER_OPTIONS, _WORKER_SEARCH
    _WORKER_OPTIONS, _WORKER_SEARCH = options, search
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    signal.signal(signal.SIGTERM, _stop)  # ...with SIGTERM: unwind, so no temporary file is left
    hold_render_cap_for_life()  # a worker only renders: one address-space cap, not one a render


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


def case_results(paths: Sequence[Path], options: BatchOptions, jobs: int, gate: Gate | None = None) -> Generator[CaseResult, None, None]:
    """Results in input order; a pool only when it can help. ``gate`` limits how far the pool runs ahead."""
    jobs = max(1, min(jobs, len(paths)))
    search = RememberedSearch.for_options(options)
    if jobs == 1:
        from letters.render.env import render_cap_held

        # PDFs start converter threads in this process, whose LibreOffice must not inherit the cap
        with render_cap_held() if "pdf" not in options.formats else contextlib.nullcontext():
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


class Gate:
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

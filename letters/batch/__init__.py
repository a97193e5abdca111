"""Batch production: many case files → every letter that is due, with a manifest.

Case files stream through a process pool one small chunk at a time and only one
:class:`CaseResult` (a few strings) comes back per case, so memory stays flat however
many cases there are. Results arrive in input order (``imap``), so the manifest and the
files written are the same whatever ``--jobs`` is. A case that fails is recorded and
the others carry on.

The package is the batch's rooms: :mod:`~letters.batch.discover` (which files),
:mod:`~letters.batch.case` (one case, in a worker), :mod:`~letters.batch.pool` (the workers),
:mod:`~letters.batch.pdfs` (PDFs, in the parent) and :mod:`~letters.batch.run` (the whole
batch and its manifest).
"""

from letters.batch.case import ELSEWHERE, BatchOptions, CaseResult, process_case
from letters.batch.discover import CASE_SUFFIXES, iter_case_files
from letters.batch.pdfs import batch_pdfs
from letters.batch.run import BatchSummary, run_batch
from letters.manifest import MANIFEST_COLUMNS

__all__ = [
    "CASE_SUFFIXES",
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

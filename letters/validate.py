"""``letters validate``: check many case files, report every problem, stop at none."""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable

from .caseio import load_case
from .context import build_context
from .errors import LettersError
from .stages import case_status, check_stage
from .tone import tone_warnings

__all__ = ["validate_files"]


def validate_files(
    paths: Iterable[str],
    *,
    stage: str | None = None,
    on: dt.date | None = None,
    echo: Callable[..., None] = print,
) -> bool:
    """Print ``ok`` or the errors for each file; ``True`` when every file passed."""
    on = on or dt.date.today()
    all_ok = True
    for path in paths:
        try:
            case_file = load_case(path)
            if stage:
                check_stage(case_file.case, stage, path)
            build_context(case_file, stage or "first-complaint", on)  # evidence files, formatting
        except LettersError as exc:
            all_ok = False
            for line in str(exc).splitlines():
                echo(f"Error: {line}", err=True)
            continue
        for warning in tone_warnings(case_file):  # non-fatal: angry wording in the case's own text
            echo(f"Warning: {warning}", err=True)
        status = case_status(case_file.case, on)
        if status.next_stage:
            nxt = f"next: {status.next_stage} due {status.due.isoformat() if status.due else 'now'}"
        else:
            nxt = status.reason
        echo(f"{path}: ok ({case_file.case.case_id}, {case_file.case.language}; {nxt})")
    return all_ok

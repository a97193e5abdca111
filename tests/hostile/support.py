"""Shared by the hostile-input tests: run the CLI without letting a traceback pass, and
prove that nothing of the user's changed.

Each hostile test module lists its inputs as ``ROWS`` (id, input, what the user gets);
docs/hostile-inputs.md is that list, checked by test_hostile_table_matches_the_tests.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import NamedTuple

from click.testing import Result

from tests.builders import run_cli

ON = "2026-11-01"


class Row(NamedTuple):
    """One hostile input: its test id, what it is, and what the user gets."""

    id: str
    input: str
    outcome: str


def run(*args: object, input: str | None = None) -> Result:
    """``letters …`` in-process; an exception other than SystemExit is a test failure."""
    result = run_cli(*args, input=input, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("traceback instead of an error line:\n" + "".join(traceback.format_exception(result.exception)))
    return result


def error_lines(result: Result) -> list[str]:
    """The ``Error:`` lines of a failed run, after checking it failed the way users are promised."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("Error: ") for line in lines), result.stderr
    assert "Traceback" not in result.output
    return lines


def one_error(result: Result) -> str:
    (line,) = error_lines(result)
    return line


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def generate(case: Path, out: Path, *extra: object, stage: str = "first-complaint") -> Result:
    return run("generate", case, "--stage", stage, "--out", out, "--on", ON, *extra)

"""`letters batch` at a terminal: its progress bar and its Error:/Warning: lines share stderr without garbling."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.builders import ROOT, case_dict, write_case

pexpect = pytest.importorskip("pexpect")


def test_an_error_line_starts_on_a_line_of_its_own_under_the_progress_bar(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    write_case(folder, case_dict("en"), "a.yaml")
    (folder / "bad.yaml").write_text("version: 1\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LETTERS_LANG": "en", "COLUMNS": "100"}
    args = ["-m", "letters", "batch", str(folder), "--stage", "first-complaint", "--format", "txt"]
    args += ["--out", str(tmp_path / "out"), "--jobs", "1", "--on", "2026-10-08"]
    child = pexpect.spawn(sys.executable, args, env=env, encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    seen = child.before

    assert "Letters  [" in seen  # the bar was drawn: this is a terminal
    head = seen.split("Error: ", 1)[0]
    assert head.endswith(("\x1b[K", "\n")), repr(head[-60:])  # the bar's line was cleared first
    assert "case_id: is required but missing" in seen

"""A library error raised through click is shown where click asks for it."""

from __future__ import annotations

import io

import pytest

from letters.cli import LettersClickError
from letters.errors import CaseFileError


def test_show_writes_the_error_lines_to_the_file_it_is_given(capsys: pytest.CaptureFixture[str]) -> None:
    """click calls ``show(file)``; the file was ignored and the lines went to stderr."""
    buffer = io.StringIO()
    error = CaseFileError.single("case.yaml", "Field required", line=3, field="company.name")
    LettersClickError(error).show(buffer)
    assert buffer.getvalue() == "Error: case.yaml:3: company.name: Field required\n"
    assert capsys.readouterr().err == ""


def test_show_without_a_file_writes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    LettersClickError(CaseFileError.single("case.yaml", "bad")).show()
    assert capsys.readouterr().err == "Error: case.yaml: bad\n"

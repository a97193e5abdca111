"""The library API: each public name behaves the same on every use, and returns data without printing."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest

import letters
from tests.builders import EXAMPLES, case_dict, write_case

ON = dt.date(2026, 11, 25)


def test_all_lists_the_pipeline_and_the_errors() -> None:
    expected = {"load_case", "case_status", "build_context", "render_letters", "generate", "run_batch", "append_contact"}
    assert expected | {"validate_case", "case_schema", "LettersError"} <= set(letters.__all__)
    assert all(issubclass(getattr(letters, n), letters.LettersError) for n in letters.__all__ if n.endswith("Error"))


@pytest.mark.parametrize("name", [n for n in letters.__all__ if n != "__version__"])
def test_a_public_name_is_the_same_from_import_and_attribute(name: str) -> None:
    module = importlib.import_module("letters")
    assert getattr(module, name) is getattr(letters, name)


def test_generate_can_be_called_twice(tmp_path: Path) -> None:
    """It was the function on first use and a submodule after it (TypeError: 'module' object is not callable)."""
    first = letters.generate(EXAMPLES / "wallet-en.yaml", stage="first-complaint", out=tmp_path / "a", on=ON)
    second = letters.generate(EXAMPLES / "wallet-en.yaml", stage="first-complaint", out=tmp_path / "b", on=ON)
    assert [p.name for p in first] == [p.name for p in second] == ["first-complaint.docx", "first-complaint.txt"]
    assert all(p.is_file() for p in first + second)


def test_library_calls_return_data_and_print_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_case(tmp_path, case_dict("en"))
    case_file = letters.load_case(path)
    status = letters.case_status(case_file.case, ON)
    context = letters.build_context(case_file, "first-complaint", ON)
    letter = letters.render_letters(case_file, stage="first-complaint", on=ON)
    report = letters.validate_case(path, on=ON)
    bad = letters.validate_case(write_case(tmp_path, "version: 1\n", name="bad.yaml"), on=ON)
    summary = letters.run_batch([path], letters.BatchOptions(stage="first-complaint", on=ON, out=str(tmp_path / "out")), jobs=1)
    schema = letters.case_schema()
    captured = capsys.readouterr()

    assert status.next_stage == "first-complaint"
    assert context["complainant"]["name"] == "Tom Reader"
    assert set(letter.files) == {"docx", "txt"} and b"Tom Reader" in letter.files["txt"]
    assert report.ok and report.summary.startswith("ok (T-EN-1, en;")
    assert not bad.ok and any("case_id" in line for line in bad.errors)
    assert summary.made == 1 and summary.failed == 0
    assert (
        schema["title"] == "letters case file, format version 2 (version 1 files are read too)" and "transactions" in schema["properties"]
    )
    assert captured.out == "" and captured.err == ""

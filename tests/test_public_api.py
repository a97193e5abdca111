"""The library API: each public name behaves the same on every use, and returns data without printing."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import letters
import letters.errors
from tests.builders import EXAMPLES, ROOT, case_dict, write_case

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


def test_every_error_class_is_exported_from_the_one_list() -> None:
    """letters.errors.__all__ is the list; an error class left out of it is not public."""
    classes = {n for n, v in vars(letters.errors).items() if inspect.isclass(v) and issubclass(v, letters.errors.LettersError)}
    assert classes <= set(letters.errors.__all__)
    assert set(letters.errors.__all__) <= set(letters.__all__)
    assert letters.OutputsExistError is letters.errors.OutputsExistError  # issue 28 §12: it was not reachable from letters


# What a user's editor and type checker see. Each line is revealed by mypy; the type it must be.
USER_SCRIPT = """\
import datetime as dt

import letters
from letters import CaseFileError, load_case

ON = dt.date(2026, 11, 25)
case_file = load_case("case.yaml")
reveal_type(letters.load_case)
reveal_type(case_file)
reveal_type(case_file.case)
reveal_type(letters.case_status(case_file.case, ON))
reveal_type(letters.render_letters(case_file, stage="first-complaint", on=ON))
reveal_type(letters.generate("case.yaml", stage="first-complaint", on=ON))
reveal_type(letters.validate_case("case.yaml"))
reveal_type(letters.run_batch(["case.yaml"], letters.BatchOptions(stage="first-complaint")))
reveal_type(letters.append_contact("case.yaml", kind="note", date=ON))
reveal_type(letters.case_schema())
reveal_type(letters.STAGES)
try:
    letters.generate("case.yaml")
except CaseFileError as exc:
    reveal_type(exc.problems)
except letters.OutputsExistError as exc:
    reveal_type(exc.errors)
"""

REVEALED = [
    "def (path: str | pathlib.Path, *, on: datetime.date | None =) -> letters.casefile.load.CaseFile",
    "letters.casefile.load.CaseFile",
    "letters.casefile.model.Case",
    "letters.plan.stages.CaseStatus",
    "letters.pipeline.Letter",
    "letters.pipeline.Written",
    "letters.pipeline.Validation",
    "letters.batch.run.BatchSummary",
    "letters.casefile.load.CaseFile",
    "dict[str, Any]",  # a JSON Schema
    "tuple[str, ...]",
    "list[letters.errors.Problem]",
    "list[letters.errors.OutputExistsError]",
]


@pytest.mark.slow  # mypy reads letters and its dependencies
def test_a_type_checker_sees_the_public_api_typed(tmp_path: Path) -> None:
    (tmp_path / "user.py").write_text(USER_SCRIPT, encoding="utf-8")
    # the user's settings, not ours; as with any installed package, letters' own code is not theirs to check
    (tmp_path / "mypy.ini").write_text("[mypy]\n[mypy-letters.*]\nignore_errors = True\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", "mypy.ini", "--cache-dir", str(tmp_path / "cache"), "user.py"],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(ROOT)},  # this checkout's letters, however it is installed
        capture_output=True,
        text=True,
        timeout=600,
    )
    revealed = re.findall(r'Revealed type is "(.*)"', done.stdout)
    assert revealed == REVEALED, done.stdout
    assert done.returncode == 0, done.stdout  # no other complaint under --strict: nothing is Any

"""What used to end in a traceback: numbers too long for Python to read, symbolic link loops,
too few file descriptors for the workers, a full temporary folder. Each is one `Error:` line."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.builders import ROOT, case_dict, write_case
from tests.hostile.support import ON, Row, error_lines, generate, one_error, run

ROWS = [
    Row(
        "int-5000-version",
        "`version: 999…9` (5,000 digits, past Python's 4,300-digit limit)",
        "`version: is a number too long to be read (more than 4,300 digits)` at its line",
    ),
    Row(
        "int-5000-response-days",
        "`response_days:` with 5,000 digits, bare or quoted",
        "the same at its line; quoted, `response_days: write a whole number of days, e.g. 14`",
    ),
    Row(
        "evidence-symlink-loop",
        "`file: loop.png`, a symbolic link to itself",
        "`evidence[0].file: 'loop.png' is a symbolic link that loops back on itself`",
    ),
    Row(
        "out-symlink-loop",
        "`--out loop`, a symbolic link to itself",
        "`loop: is a symbolic link that loops back on itself; choose another --out`",
    ),
    Row(
        "batch-few-fds",
        "`batch --jobs 2` under `ulimit -n 12`",
        "`cannot start 2 worker processes (Too many open files); raise the limit (ulimit -n, ulimit -u) or use --jobs 1`; no manifest left half-written",
    ),
    Row(
        "pdf-temp-full",
        "`generate --format docx,pdf` with the temporary folder full (ENOSPC)",
        "`pdf: cannot write the letter for LibreOffice in the temporary folder … (No space left on device); …`; the .docx is written",
    ),
]

LONG = "9" * 5000


@pytest.mark.parametrize(
    ("row_id", "key", "value", "expected"),
    [
        ("int-5000-version", "version", LONG, "version: is a number too long to be read (more than 4,300 digits)"),
        ("int-5000-response-days", "response_days", LONG, "response_days: is a number too long to be read (more than 4,300 digits)"),
        ("int-5000-response-days", "response_days", f'"{LONG}"', "response_days: write a whole number of days, e.g. 14"),
    ],
    ids=["int-5000-version", "int-5000-response-days", "int-5000-response-days-quoted"],
)
def test_a_number_too_long_for_python_is_one_error(tmp_path: Path, row_id: str, key: str, value: str, expected: str) -> None:
    case = write_case(tmp_path, case_dict("en"))
    text = case.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
    case.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n", encoding="utf-8")
    line = one_error(run("validate", case, "--on", ON))
    assert f":{len(lines) + 1}: {expected}" in line, line


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_an_evidence_link_that_loops_is_one_error(tmp_path: Path) -> None:
    os.symlink("loop.png", tmp_path / "loop.png")
    data = case_dict("en")
    data["evidence"][0]["file"] = "loop.png"
    line = one_error(run("validate", write_case(tmp_path, data), "--on", ON))
    assert line.endswith("evidence[0].file: 'loop.png' is a symbolic link that loops back on itself"), line


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_an_output_folder_that_loops_is_one_error(tmp_path: Path) -> None:
    os.symlink("loop", tmp_path / "loop")
    line = one_error(generate(write_case(tmp_path / "c", case_dict("en")), tmp_path / "loop"))
    assert line == f"Error: {tmp_path / 'loop'}: is a symbolic link that loops back on itself; choose another --out"


@pytest.mark.skipif(sys.platform == "win32", reason="ulimit")
def test_a_batch_with_too_few_file_descriptors_is_one_error(tmp_path: Path) -> None:
    for n in range(2):
        write_case(tmp_path / "cases", case_dict("en", case_id=f"C-{n}"), name=f"c{n}.yaml")

    def few_files() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (12, 12))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "LETTERS_LANG": "en"}
    args = ["batch", str(tmp_path / "cases"), "--stage", "first-complaint", "--on", ON, "--out", str(tmp_path / "out"), "--jobs", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "letters", *args, "--manifest", str(tmp_path / "m.csv")],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=few_files,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "Error: cannot start 2 worker processes (Too many open files); raise the limit (ulimit -n, ulimit -u) or use --jobs 1"
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".m.csv")]


def test_a_full_temporary_folder_is_a_pdf_error_and_the_docx_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import letters.render.pdf as pdf

    real = tempfile.mkdtemp

    def full(*args: object, **kwargs: object) -> str:
        if str(kwargs.get("prefix", "")).startswith("letters-pdf"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "require_soffice", lambda: "/bin/true")
    monkeypatch.setattr(tempfile, "mkdtemp", full)
    result = generate(write_case(tmp_path / "c", case_dict("en")), tmp_path / "out", "--format", "docx,pdf")
    lines = error_lines(result)
    assert lines[0].startswith("Error: pdf: cannot write the letter for LibreOffice in the temporary folder ")
    assert "(No space left on device); free some space there or set TMPDIR to another folder" in lines[0]
    assert (tmp_path / "out" / "T-EN-1" / "first-complaint.docx").exists()


@given(key=st.sampled_from(["version", "response_days", "chase_days"]), digits=st.integers(1, 6000), quoted=st.booleans())
@example(key="version", digits=5000, quoted=False)
@example(key="response_days", digits=4301, quoted=False)
def test_fuzz_any_length_of_number_is_data_or_one_error(key: str, digits: int, quoted: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        case = write_case(Path(folder), case_dict("en"))
        text = "\n".join(line for line in case.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}:"))
        value = "1" * digits
        case.write_text(f"{text}\n{key}: {chr(34) + value + chr(34) if quoted else value}\n", encoding="utf-8")
        result = run("validate", case, "--on", ON)
        if result.exit_code != 0:
            assert len(error_lines(result)) >= 1

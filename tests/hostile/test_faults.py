"""Faults around a run: a batch killed half-way, two `letters log` at once, a full or
read-only disk. Nothing half-written is ever visible as a letter, nothing of the user's
is overwritten, and running again finishes the job."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from letters.casefile.load import load_case
from tests.builders import ROOT, case_dict, docx_text, write_case
from tests.hostile.support import ON, Row, error_lines, generate, one_error, run, snapshot

ROWS = [
    Row(
        "batch-killed",
        "`letters batch` on 40 cases killed with SIGKILL part-way",
        "every visible letter opens; a rerun writes the rest (existing ones kept)",
    ),
    Row(
        "batch-stale-part",
        "hidden `.first-complaint.docx.*.part` files left by the kill",
        "hidden, never taken for a letter; a rerun removes them",
    ),
    Row("two-log-processes", "two `letters log` processes on one case file at once", "both contacts recorded; the file still validates"),
    Row(
        "disk-full-generate",
        "the disk fills while writing a letter (ENOSPC)",
        "`… cannot be written (No space left on device)`; no temporary file; the old letter kept",
    ),
    Row("read-only-generate", "the output folder is on a read-only disk (EROFS)", "`… cannot be written (Read-only file system)`"),
    Row(
        "disk-full-log",
        "the disk fills while `letters log` rewrites the case (ENOSPC)",
        "`… cannot be written (No space left on device); the file was not changed`",
    ),
    Row(
        "read-only-log",
        "`letters log` on a case file on a read-only disk (EROFS)",
        "`… cannot be written (Read-only file system); the file was not changed`",
    ),
]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _visible_letters(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.slow
def test_killed_batch_leaves_no_partial_letter_and_a_rerun_completes(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    for n in range(40):
        write_case(cases, case_dict("en", case_id=f"K-{n:02d}"), name=f"k{n:02d}.yaml")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "letters",
        "batch",
        str(cases),
        "--stage",
        "first-complaint",
        "--on",
        ON,
        "--out",
        str(out),
        "--jobs",
        "1",
    ]
    process = subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(600):  # wait for the first few letters, not for the end
            if len(_visible_letters(out)) >= 6 if out.exists() else False:
                break
            if process.poll() is not None:
                break
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    for letter in _visible_letters(out):  # whatever is visible is a whole letter
        if letter.suffix == ".docx":
            assert "Tom Reader" in docx_text(letter)
        else:
            assert letter.read_text(encoding="utf-8").rstrip().endswith("Chat transcript (ref. T-9)")  # the last enclosure
    rerun = subprocess.run(command, env=_env(), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    expected = {f"K-{n:02d}/first-complaint.{ext}" for n in range(40) for ext in ("docx", "txt")}
    assert {str(p.relative_to(out)) for p in _visible_letters(out)} == expected


def test_rerun_after_a_kill_removes_stale_temporary_files(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    write_case(cases, case_dict("en"), name="a.yaml")
    stale = tmp_path / "out" / "T-EN-1" / ".first-complaint.docx.abc123.part"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"PK\x03\x04 half a letter")
    result = run("batch", cases, "--stage", "first-complaint", "--on", ON, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert not stale.exists()


@pytest.mark.slow
def test_two_log_processes_at_once_lose_nothing(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    commands = [
        [sys.executable, "-m", "letters", "log", str(case), "--kind", "note", "--date", "2026-10-0" + str(n), "--reference", f"P{n}"]
        for n in (3, 4)
    ]
    processes = [subprocess.Popen(c, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    for process in processes:
        _, err = process.communicate()
        assert process.returncode == 0, err
    assert sorted(c.reference for c in load_case(case).case.contacts) == ["P3", "P4"]


class _FailingFile:
    """A file whose writes fail as a full or read-only disk would make them fail."""

    def __init__(self, fh: object, code: int):
        self.fh, self.code = fh, code

    def write(self, data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))

    def __getattr__(self, name: str) -> object:
        return getattr(self.fh, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()  # type: ignore[attr-defined]


def _break_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FailingFile(real(fd, *a, **k), code))
    real_write = os.write

    def failing_write(fd: int, data: bytes) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if target.endswith(".part"):  # the temporary file a letter is written to
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", failing_write)


@pytest.mark.parametrize(
    ("row_id", "code", "text"),
    [("disk-full-generate", errno.ENOSPC, "No space left on device"), ("read-only-generate", errno.EROFS, "Read-only file system")],
    ids=["disk-full-generate", "read-only-generate"],
)
def test_a_failing_disk_leaves_the_old_letter_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row_id: str, code: int, text: str
) -> None:
    case = write_case(tmp_path, case_dict("en"))
    assert generate(case, tmp_path / "out").exit_code == 0
    before = snapshot(tmp_path)
    _break_writes(monkeypatch, code)
    docx, txt = error_lines(generate(case, tmp_path / "out", "--force"))  # each format tried, each named
    assert docx.endswith(f"first-complaint.docx: cannot be written ({text})")
    assert txt.endswith(f"first-complaint.txt: cannot be written ({text})")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("row_id", "code", "text"),
    [("disk-full-log", errno.ENOSPC, "No space left on device"), ("read-only-log", errno.EROFS, "Read-only file system")],
    ids=["disk-full-log", "read-only-log"],
)
def test_a_failing_disk_leaves_the_case_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row_id: str, code: int, text: str
) -> None:
    case = write_case(tmp_path, case_dict("en"))
    before = snapshot(tmp_path)
    _break_writes(monkeypatch, code)
    line = one_error(run("log", case, "--kind", "note", "--date", "2026-10-05"))
    assert line == f"Error: {case}: cannot be written ({text}); the file was not changed"
    assert snapshot(tmp_path) == before


def test_every_row_has_a_test() -> None:
    assert {row.id for row in ROWS} == {
        "batch-killed",
        "batch-stale-part",
        "two-log-processes",
        "disk-full-generate",
        "read-only-generate",
        "disk-full-log",
        "read-only-log",
    }

"""Full disks and missing space anywhere (a letter, one format of several, the manifest, a
new case folder): one line naming the file, no temporary file left, and every other format
and case still written where it can be."""

from __future__ import annotations

import csv
import errno
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import case_dict, write_case
from tests.hostile.support import ON, Row, error_lines, generate, run

NOSPACE = os.strerror(errno.ENOSPC)

ROWS = [
    Row(
        "full-one-format-generate",
        "the disk fills while `generate` writes the .docx; the .txt fits",
        "`…first-complaint.docx: cannot be written (No space left on device)` and `the other formats were written: …first-complaint.txt`; no temporary file",
    ),
    Row(
        "full-one-format-batch",
        "the same in a batch",
        "that row fails with the .docx line, its outputs list the .txt; the other cases are written",
    ),
    Row(
        "full-first-case-batch",
        "the disk is full for the first case of a batch only",
        "that case fails; the rest are written; an empty case folder is removed",
    ),
    Row(
        "full-manifest-rows",
        "the disk fills while the manifest's rows are written",
        "`Error: m.csv: cannot be written (No space left on device)` after every letter is written; no `.m.csv.*.part` left",
    ),
    Row("full-manifest-close", "the disk fills when the manifest is closed (the last buffered rows)", "the same line; no temporary file"),
    Row("full-manifest-json", "the same for `--manifest m.json`", "the same line"),
]


class _Full:
    """Writes to files whose path ``matches`` fail with ENOSPC, as a full disk makes them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, matches) -> None:
        self.matches = matches
        real_write = os.write

        def write(fd: int, data: bytes) -> int:
            if self._full(fd):
                raise OSError(errno.ENOSPC, NOSPACE)
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", write)
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: object, **kwargs: object):
            handle = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
            return _FailingText(handle) if self._full(fd) else handle

        monkeypatch.setattr(os, "fdopen", fdopen)

    def _full(self, fd: int) -> bool:
        try:
            return bool(self.matches(os.readlink(f"/proc/self/fd/{fd}")))
        except OSError:
            return False


class _FailingText:
    """A text file whose writes (or only its close, ``at_close``) fail with ENOSPC."""

    at_close = False

    def __init__(self, handle: object) -> None:
        self.handle = handle

    def write(self, text: str) -> int:
        if not self.at_close:
            raise OSError(errno.ENOSPC, NOSPACE)
        return len(text)

    def close(self) -> None:
        self.handle.close()  # type: ignore[attr-defined]
        if self.at_close:
            raise OSError(errno.ENOSPC, NOSPACE)

    def __getattr__(self, name: str) -> object:
        return getattr(self.handle, name)


pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/fd"), reason="finds files by /proc/self/fd")


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


def test_one_full_format_does_not_stop_the_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = write_case(tmp_path, case_dict("en"))
    _Full(monkeypatch, lambda path: ".first-complaint.docx." in path)
    lines = error_lines(generate(case, tmp_path / "out"))
    txt = (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").resolve()
    assert lines == [
        f"Error: {txt.with_suffix('.docx')}: cannot be written ({NOSPACE})",
        f"Error: the other formats were written: {txt}",
    ]
    assert txt.exists() and not _leftovers(tmp_path)


def test_a_full_format_in_a_batch_fails_its_row_and_lists_what_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = tmp_path / "cases"
    write_case(cases, case_dict("en"), name="a.yaml")
    write_case(cases, case_dict("en", case_id="T-EN-2"), name="b.yaml")
    _Full(monkeypatch, lambda path: "/T-EN-1/.first-complaint.docx." in path)
    result = run(
        "batch", cases, "--stage", "first-complaint", "--on", ON, "--out", tmp_path / "out", "--jobs", "1", "--manifest", tmp_path / "m.csv"
    )
    out = (tmp_path / "out").resolve()
    assert error_lines(result) == [f"Error: {cases / 'a.yaml'}: {out / 'T-EN-1' / 'first-complaint.docx'}: cannot be written ({NOSPACE})"]
    rows = list(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")))
    assert (rows[0]["status"], rows[0]["outputs"]) == ("failed", str(out / "T-EN-1" / "first-complaint.txt"))
    assert rows[1]["status"] == "ok" and not _leftovers(tmp_path)


def test_a_case_that_cannot_be_written_leaves_no_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = tmp_path / "cases"
    write_case(cases, case_dict("en"), name="a.yaml")
    write_case(cases, case_dict("en", case_id="T-EN-2"), name="b.yaml")
    _Full(monkeypatch, lambda path: "/T-EN-1/" in path)
    result = run("batch", cases, "--stage", "first-complaint", "--on", ON, "--out", tmp_path / "out", "--jobs", "1")
    lines = error_lines(result)  # one line a format that could not be written, each naming the case file
    assert [line.rpartition(": cannot be written")[0].rpartition("/")[2] for line in lines] == [
        "first-complaint.docx",
        "first-complaint.txt",
    ]
    assert all(line.startswith(f"Error: {cases / 'a.yaml'}: ") for line in lines)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["T-EN-2"]


@pytest.mark.parametrize(
    ("row_id", "name", "at_close"),
    [("full-manifest-rows", "m.csv", False), ("full-manifest-close", "m.csv", True), ("full-manifest-json", "m.json", False)],
    ids=["full-manifest-rows", "full-manifest-close", "full-manifest-json"],
)
def test_a_full_manifest_is_one_line_after_the_letters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row_id: str, name: str, at_close: bool
) -> None:
    cases = tmp_path / "cases"
    for n in range(3):
        write_case(cases, case_dict("en", case_id=f"M-{n}"), name=f"c{n}.yaml")
    monkeypatch.setattr(_FailingText, "at_close", at_close)
    _Full(monkeypatch, lambda path: f"/.{name}." in path)
    result = run(
        "batch", cases, "--stage", "first-complaint", "--on", ON, "--out", tmp_path / "out", "--jobs", "1", "--manifest", tmp_path / name
    )
    assert error_lines(result) == [f"Error: {tmp_path / name}: cannot be written ({NOSPACE})"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["M-0", "M-1", "M-2"]
    assert not (tmp_path / name).exists() and not _leftovers(tmp_path)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    full=st.sets(
        st.sampled_from(["T-0/.first-complaint.docx.", "T-0/.first-complaint.txt.", "T-1/", "T-2/.first-complaint.txt.", "/.m.csv."]),
        max_size=4,
    )
)
def test_fuzz_whatever_fills_up_the_rest_is_written(tmp_path_factory: pytest.TempPathFactory, full: set[str]) -> None:
    """Any set of files that hit a full disk: each gets its line, everything else is written, nothing half-written is left."""
    folder = tmp_path_factory.mktemp("full")
    for n in range(3):
        write_case(folder / "cases", case_dict("en", case_id=f"T-{n}"), name=f"c{n}.yaml")
    with pytest.MonkeyPatch.context() as patch:
        _Full(patch, lambda path: any(piece in path for piece in full))
        result = run(
            "batch",
            folder / "cases",
            "--stage",
            "first-complaint",
            "--on",
            ON,
            "--out",
            folder / "out",
            "--jobs",
            "1",
            "--manifest",
            folder / "m.csv",
        )
    assert result.exit_code == (1 if full else 0)
    assert not _leftovers(folder)
    for n in range(3):
        for ext in ("docx", "txt"):
            blocked = any(piece in f"/out/T-{n}/.first-complaint.{ext}." or piece == f"T-{n}/" for piece in full)
            assert (folder / "out" / f"T-{n}" / f"first-complaint.{ext}").exists() == (not blocked)
    assert (folder / "m.csv").exists() == ("/.m.csv." not in full)

"""Special files anywhere a path is read: a FIFO, socket or device is "not a regular file",
found from its status without opening it (so nothing blocks), and a batch reports it as
that case's failure and finishes the rest."""

from __future__ import annotations

import csv
import os
import socket
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import case_dict, write_case, write_templates
from tests.hostile.support import ON, Row, error_lines, generate, one_error, run

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")

ROWS = [
    Row(
        "case-fifo",
        "`letters validate case.yaml` where case.yaml is a FIFO nobody writes to",
        "`is a FIFO (named pipe), not a regular file`; returns at once",
    ),
    Row("case-socket", "a case file that is a UNIX socket", "`is a socket, not a regular file`"),
    Row("case-char-device", "`letters generate /dev/null` (a character device)", "`is a character device, not a regular file`"),
    Row("case-dev-zero", "`letters validate /dev/zero` (endless)", "`is a character device, not a regular file`"),
    Row("case-symlink-to-fifo", "a case file that is a symbolic link to a FIFO", "`is a FIFO (named pipe), not a regular file`"),
    Row(
        "evidence-fifo",
        "`file: ev.fifo`, a FIFO, in `validate` and `generate`",
        "`evidence[0].file: 'ev.fifo' is a FIFO (named pipe), not a regular file`; nothing hangs",
    ),
    Row("evidence-fifo-eml", "the same evidence with `--format eml`", "the same line; no draft"),
    Row(
        "evidence-dev-zero",
        "`file: zero`, a symbolic link to /dev/zero inside the case folder",
        "`… points outside the case file's folder`",
    ),
    Row("evidence-socket", "`file: ev.sock`, a UNIX socket", "`… is a socket, not a regular file`"),
    Row(
        "batch-fifo-yaml",
        "a FIFO named `z.yaml` in a batch folder",
        "that row fails `is a FIFO (named pipe), not a regular file`; the other cases are written, the manifest too",
    ),
    Row("log-fifo", "`letters log` on a FIFO", "`is a FIFO (named pipe), not a regular file`; nothing written"),
    Row("status-fifo", "`letters status` on a FIFO", "`is a FIFO (named pipe), not a regular file`"),
    Row(
        "template-fifo",
        "`templates check DIR` where DIR/first-complaint.en.txt is a FIFO",
        "that file: `is a FIFO (named pipe), not a regular file`",
    ),
]


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


def _within(seconds: float, action):
    """``action()``, failing the test if it has not returned within ``seconds`` (a hang)."""
    box: list = []
    thread = threading.Thread(target=lambda: box.append(action()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, "the command hung on a special file"
    return box[0]


@pytest.mark.parametrize(
    ("row_id", "make", "expected"),
    [
        ("case-fifo", lambda p: _fifo(p), "is a FIFO (named pipe), not a regular file"),
        ("case-socket", lambda p: _socket(p), "is a socket, not a regular file"),
        (
            "case-symlink-to-fifo",
            lambda p: (p.symlink_to(_fifo(p.with_name("real.fifo"))), p)[1],
            "is a FIFO (named pipe), not a regular file",
        ),
    ],
    ids=["case-fifo", "case-socket", "case-symlink-to-fifo"],
)
def test_a_special_case_file_is_refused_without_waiting(tmp_path: Path, row_id: str, make, expected: str) -> None:
    case = tmp_path / "case.yaml"
    make(case)
    for command in (("validate", case, "--on", ON), ("status", case, "--on", ON), ("log", case, "--kind", "note", "--date", "2026-10-05")):
        line = one_error(_within(10, lambda command=command: run(*command)))
        assert line == f"Error: {case}: {expected}"
    assert one_error(_within(10, lambda: generate(case, tmp_path / "out"))) == f"Error: {case}: {expected}"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"], ids=["case-char-device", "case-dev-zero"])
def test_a_device_is_not_a_case_file(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert one_error(_within(10, lambda: run("validate", device))) == f"Error: {device}: is a character device, not a regular file"


def _file_line(case: Path) -> int:
    return next(n for n, line in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if line.strip().startswith("file:"))


def _evidence_case(folder: Path, name: str) -> Path:
    data = case_dict("en")
    data["evidence"][0]["file"] = name
    return write_case(folder, data)


@pytest.mark.parametrize(
    ("row_id", "name", "make", "words"),
    [
        ("evidence-fifo", "ev.fifo", _fifo, "is a FIFO (named pipe), not a regular file"),
        ("evidence-socket", "ev.sock", _socket, "is a socket, not a regular file"),
    ],
    ids=["evidence-fifo", "evidence-socket"],
)
def test_special_evidence_is_refused_without_waiting(tmp_path: Path, row_id: str, name: str, make, words: str) -> None:
    make(tmp_path / name)
    case = _evidence_case(tmp_path, name)
    expected = f"Error: {case}:{_file_line(case)}: evidence[0].file: '{name}' {words}"
    assert one_error(_within(10, lambda: run("validate", case, "--on", ON))) == expected
    assert one_error(_within(10, lambda: generate(case, tmp_path / "out"))) == expected
    assert one_error(_within(10, lambda: generate(case, tmp_path / "out", "--format", "eml"))) == expected
    assert not (tmp_path / "out").exists()


def test_evidence_linked_to_a_device_is_outside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "zero").symlink_to("/dev/zero")
    case = _evidence_case(tmp_path, "zero")
    line = one_error(_within(10, lambda: run("validate", case, "--on", ON)))
    assert line == f"Error: {case}:{_file_line(case)}: evidence[0].file: 'zero' points outside the case file's folder"


def test_a_fifo_in_a_batch_folder_fails_its_row_and_the_rest_are_made(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    write_case(cases, case_dict("en"), name="a.yaml")
    fifo = _fifo(cases / "z.yaml")
    write_case(cases, case_dict("en", case_id="T-EN-2"), name="b.yaml")
    result = _within(
        20,
        lambda: run(
            "batch",
            cases,
            "--stage",
            "first-complaint",
            "--on",
            ON,
            "--out",
            tmp_path / "out",
            "--manifest",
            tmp_path / "m.csv",
            "--jobs",
            "1",
        ),
    )
    assert error_lines(result) == [f"Error: {fifo}: is a FIFO (named pipe), not a regular file"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["T-EN-1", "T-EN-2"]
    rows = list(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")))
    assert [(r["file"], r["status"], r["error"]) for r in rows] == [
        (str(cases / "a.yaml"), "ok", ""),
        (str(cases / "b.yaml"), "ok", ""),
        (str(fifo), "failed", f"{fifo}: is a FIFO (named pipe), not a regular file"),
    ]


def test_a_fifo_template_is_reported_by_templates_check(tmp_path: Path) -> None:
    folder = write_templates(tmp_path / "tpl")
    (folder / "first-complaint.en.txt").unlink()
    fifo = _fifo(folder / "first-complaint.en.txt")
    result = _within(10, lambda: run("templates", "check", folder))
    assert f"Error: {fifo}: is a FIFO (named pipe), not a regular file" in result.stderr
    assert result.exit_code == 1


KINDS = st.sampled_from(["fifo", "socket", "regular", "missing", "folder"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(KINDS, min_size=1, max_size=5))
def test_fuzz_batch_of_special_files_finishes(tmp_path_factory: pytest.TempPathFactory, kinds: list[str]) -> None:
    """Any mix of special files named as case files: the batch returns, one row each, regular cases made."""
    folder = tmp_path_factory.mktemp("special")
    paths = []
    for n, kind in enumerate(kinds):
        path = folder / f"c{n}.yaml"
        if kind == "fifo":
            _fifo(path)
        elif kind == "socket":
            _socket(path)
        elif kind == "regular":
            write_case(folder, case_dict("en", case_id=f"R-{n}"), name=path.name)
        elif kind == "folder":
            path.mkdir()
        paths.append(path)
    result = _within(30, lambda: run("batch", *paths, "--stage", "first-complaint", "--on", ON, "--out", folder / "out", "--jobs", "1"))
    regular = [n for n, kind in enumerate(kinds) if kind == "regular"]
    special = [n for n, kind in enumerate(kinds) if kind in ("fifo", "socket", "missing")]  # a folder is searched
    assert result.exit_code == (1 if special else 0), result.output
    assert result.stderr.count("Error: ") == len(special)
    made = sorted(p.name for p in (folder / "out").iterdir()) if regular else []
    assert made == sorted(f"R-{n}" for n in regular)
    assert all(line.startswith("Error: ") for line in result.stderr.splitlines() if line)

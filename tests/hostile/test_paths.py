"""Hostile paths: nothing a case file or an option names can make letters read or write
outside the folders it belongs to; a folder that cannot take a letter is one clear line."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.builders import case_dict, write_case
from tests.hostile.support import Row, error_lines, generate, one_error, run, snapshot

ROWS = [
    Row(
        "case-id-dotdot",
        "`case_id: ../evil`",
        "`case_id: use only letters, digits, dots, dashes and underscores, … (got '../evil')`; nothing written",
    ),
    Row("case-id-absolute", "`case_id: /etc/x`", "`case_id: use only letters, digits, dots, dashes and underscores, … (got '/etc/x')`"),
    Row("case-id-reserved", "`case_id: CON.backup`", "`case_id: 'CON.backup' cannot name an output folder on every system …`"),
    Row("template-dotdot", "`--template ../../etc/passwd`", "`is not a valid template name …`"),
    Row("template-absolute", "`--template /tmp/x`", "`is not a valid template name …`"),
    Row("template-reserved", "`--template con` (a user template con.en.txt exists)", "`con.txt is not a safe output file name`"),
    Row("evidence-dotdot", "`file: ../secret.txt`", "`evidence[0].file: '../secret.txt' points outside the case file's folder`"),
    Row("evidence-absolute", "`file: /etc/passwd`", "`… must be a path relative to the case file's folder, not an absolute path`"),
    Row("evidence-windows-drive", "`file: C:\\\\x.png`", "`… must be a path relative to the case file's folder …`"),
    Row("evidence-missing", "`file: missing.png`", "`… does not exist (paths are relative to the case file's folder)`"),
    Row("evidence-symlink-out", "`file: link.png`, a symlink to a file outside", "`… points outside the case file's folder`"),
    Row("evidence-folder", "`file: evidence` (a folder)", "`… is a folder, not a file`"),
    Row("out-is-a-file", "`--out` naming a file", "`the output folder is a file; choose another --out`"),
    Row("out-case-folder-is-a-file", "`OUT/<case_id>` exists as a file", "`… exists and is not a folder`"),
    Row("out-in-proc", "`--out /proc/letters-out` (cannot create)", "`… cannot create the folder (…)`"),
    Row(
        "out-not-writable",
        "the output folder refuses new files (EACCES)",
        "`… cannot be written (Permission denied)`; no temporary file left",
    ),
    Row("letter-is-a-folder", "`OUT/<case_id>/first-complaint.txt` is a folder, with --force", "`… is a folder; not replaced`"),
    Row(
        "letter-is-a-symlink",
        "the letter's name is a symlink to a user file",
        "`… would be written outside the output folder; refused`; the linked file is untouched",
    ),
    Row(
        "case-folder-swapped-while-converting",
        "`OUT/<case_id>` checked, then swapped for a symlink to another folder while the PDF converts (existing or new)",
        "`… would be written outside the output folder; refused`; nothing lands outside `--out`",
    ),
    Row("case-is-a-folder", "`letters generate FOLDER`", "`is a folder, not a case file`"),
    Row("case-missing", "`letters generate missing.yaml`", "`no such file`"),
]


@pytest.mark.parametrize(
    ("row_id", "case_id", "expected"),
    [
        ("case-id-dotdot", "../evil", "case_id: use only letters, digits, dots, dashes and underscores"),
        ("case-id-absolute", "/etc/x", "case_id: use only letters, digits, dots, dashes and underscores"),
        ("case-id-reserved", "CON.backup", "case_id: 'CON.backup' cannot name an output folder on every system; choose another id"),
    ],
    ids=["case-id-dotdot", "case-id-absolute", "case-id-reserved"],
)
def test_case_id_cannot_leave_the_output_folder(tmp_path: Path, row_id: str, case_id: str, expected: str) -> None:
    case = write_case(tmp_path / "c", case_dict("en", case_id=case_id))
    line = one_error(generate(case, tmp_path / "out"))
    assert expected in line
    assert not (tmp_path / "out").exists() and not (tmp_path / "evil").exists()


@pytest.mark.parametrize(
    ("row_id", "name", "expected"),
    [
        (
            "template-dotdot",
            "../../etc/passwd",
            "Error: ../../etc/passwd: is not a valid template name (lower-case letters, digits, - and _)",
        ),
        ("template-absolute", "/tmp/x", "Error: /tmp/x: is not a valid template name (lower-case letters, digits, - and _)"),
    ],
    ids=["template-dotdot", "template-absolute"],
)
def test_template_name_cannot_name_a_path(tmp_path: Path, row_id: str, name: str, expected: str) -> None:
    case = write_case(tmp_path, case_dict("en"))
    result = run("generate", case, "--template", name, "--out", tmp_path / "out", "--on", "2026-11-01")
    assert one_error(result) == expected
    assert not (tmp_path / "out").exists()


def test_reserved_device_name_is_not_an_output_file(tmp_path: Path) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "con.en.txt").write_text("Hello {{ complainant.name }}\n", encoding="utf-8")
    case = write_case(tmp_path, case_dict("en"))
    result = run(
        "generate", case, "--template", "con", "--format", "txt", "--templates", templates, "--out", tmp_path / "out", "--on", "2026-11-01"
    )
    assert "con.txt is not a safe output file name" in one_error(result)
    assert not (tmp_path / "out").exists()


EVIDENCE = [
    ("evidence-dotdot", "../secret.txt", "'../secret.txt' points outside the case file's folder"),
    ("evidence-absolute", "/etc/passwd", "'/etc/passwd' must be a path relative to the case file's folder, not an absolute path"),
    ("evidence-windows-drive", "C:\\x.png", "must be a path relative to the case file's folder, not an absolute path"),
    ("evidence-missing", "missing.png", "'missing.png' does not exist (paths are relative to the case file's folder)"),
    ("evidence-symlink-out", "link.png", "'link.png' points outside the case file's folder"),
    ("evidence-folder", "evidence", "'evidence' is a folder, not a file"),
]


@pytest.mark.parametrize(("row_id", "file", "expected"), EVIDENCE, ids=[r for r, _, _ in EVIDENCE])
def test_evidence_file_must_be_inside_the_case_folder(tmp_path: Path, row_id: str, file: str, expected: str) -> None:
    (tmp_path / "secret.txt").write_text("not yours", encoding="utf-8")
    folder = tmp_path / "case"
    (folder / "evidence").mkdir(parents=True)
    (folder / "link.png").symlink_to(tmp_path / "secret.txt")
    data = case_dict("en")
    data["evidence"][0]["file"] = file
    case = write_case(folder, data)
    line = one_error(generate(case, tmp_path / "out"))
    assert line.startswith(f"Error: {case}:") and "evidence[0].file: '" in line and expected in line
    assert not (tmp_path / "out").exists()


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    (tmp_path / "out").write_text("my notes", encoding="utf-8")
    assert one_error(generate(case, tmp_path / "out")) == f"Error: {tmp_path / 'out'}: the output folder is a file; choose another --out"
    assert (tmp_path / "out").read_text(encoding="utf-8") == "my notes"


def test_case_folder_inside_output_that_is_a_file(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "T-EN-1").write_text("mine", encoding="utf-8")
    line = one_error(generate(case, tmp_path / "out"))
    assert line.endswith("exists and is not a folder") or "cannot be written" in line
    assert (tmp_path / "out" / "T-EN-1").read_text(encoding="utf-8") == "mine"


def test_output_folder_that_cannot_be_created(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    line = one_error(generate(case, "/proc/letters-out"))
    assert line.startswith("Error: /proc/letters-out: cannot create the folder (")  # the folder that could not be made


def test_output_folder_that_refuses_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real_open = os.open

    def refuse(path: str, flags: int, *args: object, **kwargs: object) -> int:
        inside = str(path).startswith(str(tmp_path / "out")) or kwargs.get("dir_fd") is not None  # letters go through the folder held open
        if flags & os.O_CREAT and inside:  # as root, chmod cannot refuse
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    case = write_case(tmp_path, case_dict("en"))
    monkeypatch.setattr(os, "open", refuse)
    docx, txt = error_lines(generate(case, tmp_path / "out"))  # each format tried, each named
    assert docx.endswith("first-complaint.docx: cannot be written (Permission denied)")
    assert txt.endswith("first-complaint.txt: cannot be written (Permission denied)")
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()]


def test_letter_name_taken_by_a_folder_is_not_replaced(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").mkdir(parents=True)
    line = one_error(generate(case, tmp_path / "out", "--force"))
    assert line.endswith("first-complaint.txt: is a folder; not replaced")
    assert (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").is_dir()


def test_letter_name_that_is_a_symlink_to_a_user_file_is_not_followed(tmp_path: Path) -> None:
    case = write_case(tmp_path, case_dict("en"))
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    (tmp_path / "out" / "T-EN-1").mkdir(parents=True)
    os.symlink(precious, tmp_path / "out" / "T-EN-1" / "first-complaint.txt")
    line = one_error(generate(case, tmp_path / "out"))
    assert line.endswith("first-complaint.txt: would be written outside the output folder; refused")
    assert precious.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("row_id", "message"),
    [("case-is-a-folder", "is a folder, not a case file"), ("case-missing", "no such file")],
    ids=["case-is-a-folder", "case-missing"],
)
def test_case_path_that_is_not_a_file(tmp_path: Path, row_id: str, message: str) -> None:
    target = tmp_path if row_id == "case-is-a-folder" else tmp_path / "missing.yaml"
    before = snapshot(tmp_path)
    assert one_error(generate(target, tmp_path / "out")) == f"Error: {target}: {message}"
    assert snapshot(tmp_path) == before and not (tmp_path / "out").exists()


def test_every_row_has_a_test() -> None:
    tested = {
        "case-id-dotdot",
        "case-id-absolute",
        "case-id-reserved",
        "template-dotdot",
        "template-absolute",
        "template-reserved",
        "out-is-a-file",
        "out-case-folder-is-a-file",
        "out-in-proc",
        "out-not-writable",
        "letter-is-a-folder",
        "letter-is-a-symlink",
        "case-is-a-folder",
        "case-missing",
        "case-folder-swapped-while-converting",
    } | {r for r, _, _ in EVIDENCE}
    assert tested == {row.id for row in ROWS}


@pytest.mark.parametrize("existed", [True, False], ids=["existing-folder", "new-folder"])
def test_case_folder_swapped_for_a_link_during_the_conversion_takes_no_letter_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    """The slow step between the checks and the writes is where a folder can be swapped."""
    import letters.pipeline

    case = write_case(tmp_path / "c", case_dict("en"))
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    if existed:
        (out / "T-EN-1").mkdir(parents=True)
    real = letters.pipeline.add_derived

    def convert_slowly(*args: object, **kwargs: object) -> object:
        if (out / "T-EN-1").exists():
            (out / "T-EN-1").rename(out / "moved-away")
        out.mkdir(exist_ok=True)
        (out / "T-EN-1").symlink_to(elsewhere, target_is_directory=True)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(letters.pipeline, "add_derived", convert_slowly)
    lines = error_lines(generate(case, out))
    assert lines == [f"Error: {out.resolve() / 'T-EN-1'}: would be written outside the output folder; refused"]
    assert list(elsewhere.iterdir()) == []

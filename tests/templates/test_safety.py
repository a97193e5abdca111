"""Templates are code from users: sandboxed, confined to their folder, and never fed case text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.builders import case_dict, docx_text, write_case


def generate_with(cli, tmp_path: Path, folder: Path, *extra: str, data: dict | None = None):
    case = write_case(tmp_path, data or case_dict("en"))
    return cli("generate", case, "--templates", folder, "--out", tmp_path / "out", "--on", "2026-11-01", *extra)


@pytest.mark.parametrize(
    "expression, path",
    [
        ("''.__class__.__mro__", "''.__class__"),
        ("cycler.__init__.__globals__", "cycler.__init__"),
        ("complainant|attr('__class__')", "complainant.__class__"),
    ],
)
def test_reaching_python_internals_is_refused_and_writes_nothing(cli, tmp_path: Path, builtins: Path, expression: str, path: str) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "first-complaint.en.txt").write_text(f"Hello {{{{ {expression} }}}}\n", encoding="utf-8")
    result = generate_with(cli, tmp_path, folder, "--stage", "first-complaint", "--format", "txt")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder / 'first-complaint.en.txt'}:1: {path}: refused: templates may not reach Python internals (names starting with _)\n"
    )
    assert not (tmp_path / "out").exists()


def test_sandbox_stops_an_escape_the_static_check_cannot_see(cli, tmp_path: Path, builtins: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "first-complaint.en.txt").write_text("{{ '{0.__class__.__mro__}'.format(complainant.name) }}\n", encoding="utf-8")
    result = generate_with(cli, tmp_path, folder, "--stage", "first-complaint", "--format", "txt")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {folder / 'first-complaint.en.txt'}:1: refused by the sandbox: ")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_template_symlink_leading_outside_its_folder_is_refused(cli, tmp_path: Path, builtins: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("{{ complainant.name }} secret\n", encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    os.symlink(secret, folder / "first-complaint.en.txt")
    result = generate_with(cli, tmp_path, folder, "--stage", "first-complaint", "--format", "txt")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {folder / 'first-complaint.en.txt'}: is a link to a file outside its template folder; refused\n"
    checked = cli("templates", "check", folder)
    assert checked.exit_code == 1
    assert "is a link to a file outside its template folder; refused" in checked.stderr
    listed = cli("templates", "list", "--templates", folder)
    assert "refused: is a link to a file outside its template folder" in listed.output


def test_template_name_that_climbs_out_of_the_folder_is_refused(cli, tmp_path: Path, builtins: Path) -> None:
    result = generate_with(cli, tmp_path, tmp_path, "--template", "../evil", "--format", "txt")
    assert result.exit_code == 1
    assert result.stderr == "Error: ../evil: is not a valid template name (lower-case letters, digits, - and _)\n"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"this is not a zip", "is not a Word .docx file (it is not a zip package); save it from Word as .docx"),
        (None, "is a zip file but not a Word document (it has no word/document.xml)"),
    ],
)
def test_docx_that_is_not_a_word_file_gets_a_clear_error(cli, tmp_path: Path, builtins: Path, content: bytes | None, message: str) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    target = folder / "first-complaint.en.docx"
    if content is None:
        import zipfile

        with zipfile.ZipFile(target, "w") as package:
            package.writestr("hello.txt", "not word")
    else:
        target.write_bytes(content)
    result = generate_with(cli, tmp_path, folder, "--stage", "first-complaint", "--format", "docx")
    assert (result.exit_code, result.stderr) == (1, f"Error: {target}: {message}\n")
    assert not (tmp_path / "out").exists()


def test_case_text_that_looks_like_jinja_is_printed_not_run(cli, tmp_path: Path, builtins: Path) -> None:
    sneaky = "{{ cycler.__init__.__globals__ }} {% for x in range(9) %}x{% endfor %}"
    data = case_dict("en", evidence=[{"kind": "document", "description": sneaky}])
    result = generate_with(cli, tmp_path, builtins, "--stage", "first-complaint", data=data)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "T-EN-1"
    assert f"E1: {sneaky}" in (out / "first-complaint.txt").read_text(encoding="utf-8")
    assert f"E1: {sneaky}" in docx_text(out / "first-complaint.docx")

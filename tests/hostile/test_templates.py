"""Hostile templates: a user's own template folder cannot escape the sandbox, hang letters,
or fill the disk; every failure is one `Error: template:line: …` line and no letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import case_dict, docx_bytes, write_case
from tests.hostile.support import ON, Row, one_error, run

ROWS = [
    Row(
        "sandbox-mro",
        "`{{ ''.__class__.__mro__ }}`",
        "`''.__class__: refused: templates may not reach Python internals (names starting with _)`",
    ),
    Row("sandbox-globals", "`{{ cycler.__init__.__globals__ }}`", "`cycler.__init__: refused: templates may not reach Python internals …`"),
    Row("sandbox-mutate", "`{{ complainant.update({'name': 'x'}) }}`", "refused by the sandbox (the view model is immutable)"),
    Row("undefined-variable", "`{{ no_such_thing }}`", "`no_such_thing: not in the view model` at its line"),
    Row("syntax-error", "`{% if %}`", "`syntax error: …` with the line"),
    Row("not-utf8-template", "a .txt template in Latin-1", "`is not UTF-8 text`"),
    Row("docx-not-a-zip", "a text file named first-complaint.en.docx", "`is not a Word .docx file …`"),
    Row(
        "docx-zip-not-word",
        "a zip without word/document.xml named .docx",
        "`… not a valid Word .docx file …` / `cannot be opened as a Word document`",
    ),
    Row("range-too-long", "`range(50000)`", "`range() of 50,000 items; the limit is 10,000`"),
    Row(
        "nested-loops-txt",
        "two nested `range(10000)` loops (10⁸ steps) in .txt",
        "`runs away: more than 1,000,000 loop steps and calls; stopped`",
    ),
    Row("nested-loops-docx", "the same loops in a .docx template", "`runs away: more than 1,000,000 loop steps and calls; stopped`"),
    Row("exponential-macro", "a macro calling itself twice, 60 deep (2⁶⁰ calls)", "`runs away: …; stopped`"),
    Row("string-repeat", "`{{ 'x' * 10**9 }}`", "`runs away: a repetition of more than 50,000,000 items; stopped`"),
    Row("output-cap-txt", "a .txt template writing more than the output cap", "`runs away: it writes more than N characters; stopped`"),
    Row("output-cap-docx", "a .docx template writing more than the output cap", "`runs away: it writes more than N characters; stopped`"),
    Row("lipsum", "`{{ lipsum(1000) }}` (unbounded filler text)", "`lipsum: not in the view model` (removed from the sandbox)"),
]


def _render(tmp_path: Path, source: str | bytes, fmt: str = "txt"):
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    target = folder / f"mine.en.{fmt}"
    target.write_bytes(source.encode("utf-8") if isinstance(source, str) else source)
    case = write_case(tmp_path, case_dict("en"))
    result = run("generate", case, "--template", "mine", "--format", fmt, "--templates", folder, "--out", tmp_path / "out", "--on", ON)
    return result, target


TXT = [
    ("sandbox-mro", "{{ ''.__class__.__mro__ }}\n", ("refused: templates may not reach Python internals (names starting with _)",)),
    (
        "sandbox-globals",
        "{{ cycler.__init__.__globals__ }}\n",
        ("refused: templates may not reach Python internals (names starting with _)",),
    ),
    ("sandbox-mutate", "{{ complainant.update({'name': 'x'}) }}\n", ("refused by the sandbox",)),
    ("undefined-variable", "Hi\n{{ no_such_thing }}\n", (":2: no_such_thing: not in the view model",)),
    ("syntax-error", "Hi\n{% if %}\n", ("syntax error",)),
    ("range-too-long", "{% for i in range(50000) %}x{% endfor %}", ("range() of 50,000 items; the limit is 10,000",)),
    (
        "nested-loops-txt",
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
        ("runs away: more than 1,000,000 loop steps and calls; stopped",),
    ),
    (
        "exponential-macro",
        "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}",
        ("runs away: more than 1,000,000 loop steps and calls; stopped",),
    ),
    ("string-repeat", "{{ 'x' * 10**9 }}", ("runs away: a repetition of more than 50,000,000 items; stopped",)),
    ("lipsum", "{{ lipsum(1000) }}", ("lipsum: not in the view model",)),
]


@pytest.mark.parametrize(("row_id", "source", "expected"), TXT, ids=[r for r, _, _ in TXT])
def test_hostile_text_template_is_one_error_and_no_letter(tmp_path: Path, row_id: str, source: str, expected: tuple[str, ...]) -> None:
    result, target = _render(tmp_path, source)
    line = one_error(result)
    assert line.startswith(f"Error: {target}"), line
    assert any(e in line for e in expected), line
    assert not (tmp_path / "out").exists()


def test_template_not_in_utf8(tmp_path: Path) -> None:
    result, target = _render(tmp_path, "Caf\u00e9 {{ complainant.name }}\n".encode("latin-1"))
    assert "is not UTF-8 text" in one_error(result)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("row_id", "payload"), [("docx-not-a-zip", b"just text"), ("docx-zip-not-word", None)], ids=["docx-not-a-zip", "docx-zip-not-word"]
)
def test_docx_template_that_is_not_word(tmp_path: Path, row_id: str, payload: bytes | None) -> None:
    if payload is None:
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "not a document")
        payload = buffer.getvalue()
    result, target = _render(tmp_path, payload, "docx")
    line = one_error(result)
    assert line.startswith(f"Error: {target}") and ("Word" in line or "docx" in line), line
    assert not (tmp_path / "out").exists()


def test_docx_template_with_endless_loops_is_stopped(tmp_path: Path) -> None:
    loops = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    result, target = _render(tmp_path, docx_bytes([loops]), "docx")
    assert "runs away: more than 1,000,000 loop steps and calls; stopped" in one_error(result)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["txt", "docx"], ids=["output-cap-txt", "output-cap-docx"])
def test_output_beyond_the_cap_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    from letters.render import env

    monkeypatch.setattr(env, "MAX_OUTPUT_CHARS", 200_000)
    source = "{% for i in range(10000) %}{{ complainant.name }} wrote this line again. {% endfor %}"
    result, target = _render(tmp_path, source if fmt == "txt" else docx_bytes([source]), fmt)
    assert "runs away: it writes more than 200,000 characters; stopped" in one_error(result)
    assert not (tmp_path / "out").exists()


def test_every_row_has_a_test() -> None:
    tested = {r for r, _, _ in TXT} | {
        "not-utf8-template",
        "docx-not-a-zip",
        "docx-zip-not-word",
        "nested-loops-docx",
        "output-cap-txt",
        "output-cap-docx",
    }
    assert tested == {row.id for row in ROWS}

"""Small template trees for the templates tests: our own stand-in built-ins, isolated search path."""

from __future__ import annotations

from pathlib import Path

import pytest

FIRST_TXT = """{{ complainant.name }}
{{ letter_date }}

Dear {{ company.recipient }},
{% for e in evidence %}
{{ e.id }}: {{ e.description }}
{% endfor %}
Yours faithfully,
{{ complainant.name }}
"""


def make_docx(path: Path, paragraphs: list[str], *, header: str | None = None, title: str | None = None) -> Path:
    """A Word template with these paragraphs (and header text / title property)."""
    import docx

    document = docx.Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if title is not None:
        document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_builtins(folder: Path) -> Path:
    """Stand-in built-ins: the first complaint in English, as .txt and .docx."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "first-complaint.en.txt").write_text(FIRST_TXT, encoding="utf-8")
    make_docx(
        folder / "first-complaint.en.docx",
        ["{{ complainant.name }}", "Dear {{ company.recipient }},", "{%p for e in evidence %}", "{{ e.id }}: {{ e.description }}", "{%p endfor %}"],
        header="{{ case_id }}",
    )
    return folder


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The search path without the user's real config or environment, with stand-in built-ins."""
    import letters.templates.search

    folder = make_builtins(tmp_path / "builtin")
    monkeypatch.setattr(letters.templates.search, "builtin_dir", lambda: folder)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("LETTERS_TEMPLATES", raising=False)
    return folder

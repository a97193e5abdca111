"""Small templates and cases for the PDF and e-mail tests (they do not need the built-in templates)."""

from __future__ import annotations

import io
from pathlib import Path

from helpers import case_dict, write_case

LINES = ("{{ stage_title }}", "{{ company.name }} {{ company.recipient }}", "{{ complainant.name }}", "{{ incidents[0].summary }}")


def docx_bytes(lines: tuple[str, ...]) -> bytes:
    """A one-page Word document with these paragraphs."""
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_templates(folder: Path, name: str = "first-complaint") -> Path:
    """``<name>.<zh|en>.<docx|txt>`` printing the stage title, the parties and the first incident."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        (folder / f"{name}.{lang}.docx").write_bytes(docx_bytes(LINES))
        (folder / f"{name}.{lang}.txt").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return folder


def case_with_files(folder: Path, lang: str = "zh", files: dict[str, bytes] | None = None, **changes) -> Path:
    """A case file in ``folder`` whose evidence points at ``files`` (written beside it)."""
    files = files or {}
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    evidence = [{"kind": "screenshot", "description": f"file {i}", "file": rel} for i, rel in enumerate(files, 1)]
    if evidence:
        changes.setdefault("evidence", evidence)
    return write_case(folder, case_dict(lang, **changes))

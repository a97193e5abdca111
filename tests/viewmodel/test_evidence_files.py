"""Evidence files: SHA-256 and size in the schedule, and clear errors when a file is missing or outside."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from letters.casefile.load import load_case
from letters.errors import CaseFileError
from letters.pipeline import generate
from letters.viewmodel.build import build_context
from tests.builders import case_dict, docx_text, write_case

ON = dt.date(2026, 10, 8)


def with_file(tmp_path: Path, file: str, lang: str = "en") -> Path:
    data = case_dict(lang)
    data["evidence"] = [{"kind": "screenshot", "description": "Chat screenshot", "file": file}]
    return write_case(tmp_path / "case", data)


def evidence_error(path: Path) -> str:
    with pytest.raises(CaseFileError) as info:
        build_context(load_case(path), "first-complaint", ON)
    return str(info.value)


def test_schedule_shows_sha256_and_size(tmp_path: Path) -> None:
    path = with_file(tmp_path, "evidence/chat.png")
    payload = b"\x89PNG" + bytes(range(256)) * 8
    (path.parent / "evidence").mkdir()
    (path.parent / "evidence" / "chat.png").write_bytes(payload)
    item = build_context(load_case(path), "first-complaint", ON)["evidence"][0]
    assert (item["sha256"], item["size_text"], item["file"]) == (hashlib.sha256(payload).hexdigest(), "2 KB", "evidence/chat.png")


def test_an_evidence_file_changed_since_the_last_letter_gets_its_new_hash(tmp_path: Path) -> None:
    """The hash is remembered per version of the file (path, modification time, size), never past a change."""
    path = with_file(tmp_path, "chat.txt")
    evidence = path.parent / "chat.txt"
    seen = []
    for payload in (b"first version", b"second, longer version", b"same size here!!!!!!!!"):
        evidence.write_bytes(payload)
        os.utime(evidence, ns=(len(seen) * 10**9, len(seen) * 10**9))  # each version its own modification time
        seen.append(build_context(load_case(path), "first-complaint", ON)["evidence"][0]["sha256"])
    assert seen == [hashlib.sha256(p).hexdigest() for p in (b"first version", b"second, longer version", b"same size here!!!!!!!!")]


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_the_letter_shows_the_hash_to_the_reader(tmp_path: Path, lang: str) -> None:
    path = with_file(tmp_path, "chat.txt", lang)
    (path.parent / "chat.txt").write_bytes(b"hello")
    written = generate(path, stage="first-complaint", out=tmp_path / "out", on=ON)
    digest = hashlib.sha256(b"hello").hexdigest()
    for letter in written:
        text = docx_text(letter) if letter.suffix == ".docx" else letter.read_text(encoding="utf-8")
        assert digest in text and {"zh": "5字节", "zh-Hant": "5位元組"}.get(lang, "5 bytes") in text, letter.name


def test_a_missing_file_is_an_error_naming_it_and_its_line(tmp_path: Path) -> None:
    path = with_file(tmp_path, "evidence/gone.png")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "gone.png" in text)
    assert evidence_error(path) == (
        f"{path}:{line}: evidence[0].file: 'evidence/gone.png' does not exist (paths are relative to the case file's folder)"
    )


@pytest.mark.parametrize("file", ["../secret.txt", "/etc/hostname", "sub/../../secret.txt"])
def test_a_file_outside_the_case_folder_is_refused(tmp_path: Path, file: str) -> None:
    (tmp_path / "secret.txt").write_text("x")
    message = evidence_error(with_file(tmp_path, file))
    assert f"evidence[0].file: '{file}' " in message
    assert "outside the case file's folder" in message or "not an absolute path" in message


def test_a_symlink_leading_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("x")
    path = with_file(tmp_path, "link.txt")
    os.symlink(tmp_path / "secret.txt", path.parent / "link.txt")
    assert "points outside the case file's folder" in evidence_error(path)


def test_a_folder_is_not_an_evidence_file(tmp_path: Path) -> None:
    path = with_file(tmp_path, "evidence")
    (path.parent / "evidence").mkdir()
    assert "is a folder, not a file" in evidence_error(path)


def test_validate_reports_a_missing_evidence_file_with_exit_1(cli: Any, tmp_path: Path) -> None:
    path = with_file(tmp_path, "gone.png")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:") and "'gone.png' does not exist" in result.stderr

"""Without LibreOffice, ``--format pdf`` says how to install it and still writes the other formats."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from letters.render.pdf import SOFFICE_ENV
from tests.builders import case_with_files, write_templates


@pytest.fixture
def no_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH that holds everything but LibreOffice."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setattr("letters.render.pdf._WELL_KNOWN", ())


def test_missing_libreoffice_is_a_clear_error_and_docx_txt_are_still_written(cli, tmp_path: Path, no_soffice: None) -> None:
    case = case_with_files(tmp_path / "case")
    out = tmp_path / "out"

    result = cli(
        "generate",
        case,
        "--stage",
        "first-complaint",
        "--format",
        "docx,txt,pdf,eml",
        "--out",
        out,
        "--templates",
        write_templates(tmp_path / "tpl"),
    )

    folder = out / "T-ZH-1"
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: pdf: LibreOffice (soffice) was not found on PATH; install LibreOffice Writer and a CJK font "
        "(Debian/Ubuntu: sudo apt-get install libreoffice-writer fonts-noto-cjk; macOS: brew install --cask libreoffice; "
        "others: https://www.libreoffice.org/download/), or set LETTERS_SOFFICE to the soffice program",
        f"Error: the other formats were written: {folder / 'first-complaint.docx'}, {folder / 'first-complaint.txt'}, "
        f"{folder / 'first-complaint.eml'}",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["first-complaint.docx", "first-complaint.eml", "first-complaint.txt"]
    draft = BytesParser(policy=policy.default).parsebytes((folder / "first-complaint.eml").read_bytes())
    assert [part.get_filename() for part in draft.iter_attachments()] == ["T-ZH-1-first-complaint.docx"]


def test_letters_soffice_pointing_nowhere_is_named_in_the_error(
    cli, tmp_path: Path, no_soffice: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "nowhere" / "soffice"))
    case = case_with_files(tmp_path / "case")

    result = cli(
        "generate",
        case,
        "--stage",
        "first-complaint",
        "--format",
        "pdf",
        "--out",
        tmp_path / "out",
        "--templates",
        write_templates(tmp_path / "tpl"),
    )

    assert result.exit_code == 1
    assert result.output.startswith(f"Error: pdf: {SOFFICE_ENV}='{tmp_path / 'nowhere' / 'soffice'}' is not an executable program; install")
    assert not (tmp_path / "out" / "T-ZH-1").exists()


def test_batch_without_libreoffice_fails_each_case_but_keeps_the_other_formats(tmp_path: Path, no_soffice: None) -> None:
    import datetime as dt

    from letters.batch import BatchOptions, run_batch
    from tests.builders import case_dict, write_case

    write_case(tmp_path / "cases", case_dict("en", case_id="C-1"), "c1.yaml")
    options = BatchOptions(
        stage="first-complaint",
        on=dt.date(2026, 10, 8),
        out=str(tmp_path / "out"),
        formats=("docx", "pdf"),
        template_dirs=(str(write_templates(tmp_path / "tpl")),),
    )
    rows = []

    summary = run_batch([tmp_path / "cases"], options, jobs=1, on_result=rows.append)

    assert summary.failed == 1
    assert rows[0].error.startswith("pdf: LibreOffice (soffice) was not found on PATH; install LibreOffice Writer")
    assert rows[0].outputs == [str(tmp_path / "out" / "C-1" / "first-complaint.docx")]
    assert (tmp_path / "out" / "C-1" / "first-complaint.docx").is_file()

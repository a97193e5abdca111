"""Library calls: the documented errors are the ones raised, their words name the keywords a
Python caller uses, and an argument that asks for nothing (a format that does not exist, a
string where a list belongs) is refused rather than doing nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import letters
from letters.errors import UsageError
from tests.builders import case_dict, write_case
from tests.hostile.support import Row

ON = dt.date(2026, 11, 1)

ROWS = [
    Row(
        "second-generate",
        "`letters.generate(case, out=OUT)` twice into the same folder",
        "`letters.OutputExistsError` (an `OutputError`), one per file in `.errors`; the message says `pass force=True`, not `--force`",
    ),
    Row(
        "formats-unknown",
        '`letters.generate(case, formats=["pdfx"])`',
        "`letters.errors.UsageError` (a `LettersError`): `unknown format pdfx; choose from …`; nothing written",
    ),
    Row(
        "formats-string", '`letters.generate(case, formats="txt")` (a string, not a list)', "the .txt letter only, as `--format txt` makes"
    ),
    Row(
        "batch-formats-unknown",
        '`letters.BatchOptions(formats=("docx", "pdfx"))`',
        "`letters.errors.UsageError` (a `LettersError`) before any case is read",
    ),
]


def _case(tmp_path: Path) -> Path:
    return write_case(tmp_path, case_dict("en"))


def test_a_second_generate_raises_the_documented_error(tmp_path: Path) -> None:
    case = _case(tmp_path)
    letters.generate(case, stage="first-complaint", out=tmp_path / "out", on=ON)
    with pytest.raises(letters.OutputExistsError) as caught:
        letters.generate(case, stage="first-complaint", out=tmp_path / "out", on=ON)
    error = caught.value
    assert isinstance(error, letters.OutputError)
    assert [Path(e.path).name for e in error.errors] == ["first-complaint.docx", "first-complaint.txt"]  # type: ignore[attr-defined]
    assert "force=True" in str(error) and "--force" not in str(error)


def test_the_command_line_still_says_force_option(tmp_path: Path) -> None:
    from tests.builders import run_cli

    case = _case(tmp_path)
    for _ in range(2):
        result = run_cli(
            "generate", case, "--stage", "first-complaint", "--out", tmp_path / "out", "--on", ON.isoformat(), "--format", "txt"
        )
    assert result.exit_code == 1
    assert result.stderr.endswith("already exists; not overwritten (use --force to replace it)\n")


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        letters.generate(_case(tmp_path), stage="first-complaint", out=tmp_path / "out", on=ON, formats=["pdfx"])
    assert str(caught.value).startswith("unknown format pdfx; choose from docx, txt")
    assert not (tmp_path / "out").exists()


def test_a_string_of_formats_means_what_the_option_means(tmp_path: Path) -> None:
    written = letters.generate(_case(tmp_path), stage="first-complaint", out=tmp_path / "out", on=ON, formats="txt")
    assert [p.name for p in written] == ["first-complaint.txt"]


def test_batch_options_refuse_an_unknown_format() -> None:
    with pytest.raises(UsageError):
        letters.BatchOptions(stage="first-complaint", formats=("docx", "pdfx"))


FORMAT_NAMES = st.sampled_from(["docx", "txt", "pdf", "eml", "form", "pdfx", "TXT", "", " docx", "doc", "t"])


@given(formats=st.one_of(st.lists(FORMAT_NAMES, max_size=4), st.lists(FORMAT_NAMES, max_size=4).map(",".join)))
@example(formats="txt")
@example(formats=["pdfx"])
def test_fuzz_formats_are_parsed_or_refused_never_ignored(formats: list[str] | str) -> None:
    """Whatever is passed, the formats made are exactly the known names asked for, or UsageError."""
    from letters.pipeline import KNOWN_FORMATS, parse_formats

    asked = [f.strip().lower() for f in (formats.split(",") if isinstance(formats, str) else formats) if f.strip()]
    try:
        made = parse_formats(formats)
    except UsageError:
        assert not asked or any(f not in KNOWN_FORMATS for f in asked)
        return
    assert asked and sorted(made) == sorted(set(asked))

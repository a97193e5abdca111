"""A value cut at ``#`` (``Ticket #88211`` unquoted) is warned about by validate and generate, with the fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.builders import case_dict


def write(tmp_path: Path, reference_line: str) -> Path:
    text = yaml.safe_dump(case_dict("en"), allow_unicode=True, sort_keys=False)
    text = text.replace("  reference: T-9\n", f"  {reference_line}\n")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text)


def test_validate_warns_when_a_value_is_cut_at_a_hash_and_says_to_quote_it(cli, tmp_path: Path) -> None:
    case = write(tmp_path, "reference: Ticket #88211")

    result = cli("validate", case)

    assert result.exit_code == 0
    assert result.stderr == (
        f'Warning: {case}:{line_of(case, "#88211")}: evidence[0].reference: value cut at "#": YAML reads "#88211" as a comment, '
        'so the value is "Ticket"; quote it to keep it all: "Ticket #88211"\n'
    )


def test_a_value_that_is_only_a_hash_number_is_empty_and_warned_about(cli, tmp_path: Path) -> None:
    case = write(tmp_path, "reference: #88211")

    result = cli("validate", case)

    assert result.exit_code == 0
    assert 'evidence[0].reference: value cut at "#": YAML reads "#88211" as a comment, so the value is empty' in result.stderr


def test_ordinary_comments_and_quoted_hashes_are_left_alone(cli, tmp_path: Path) -> None:
    case = write(tmp_path, 'reference: "Ticket #88211"   # from the confirmation email')

    result = cli("validate", case)

    assert (result.exit_code, result.stderr) == (0, "")


def test_generate_warns_too(cli, tmp_path: Path) -> None:
    case = write(tmp_path, "reference: Ticket #88211")

    result = cli("generate", case, "--stage", "first-complaint", "--out", tmp_path / "out", "--on", "2026-10-20", "--format", "txt")

    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Warning: {case}:")
    assert 'quote it to keep it all: "Ticket #88211"' in result.stderr


def test_batch_strict_refuses_it_as_generate_strict_does(cli, tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    case = write(folder, "reference: Ticket #88211")
    base = ("--stage", "first-complaint", "--on", "2026-10-20", "--format", "txt", "--strict")

    single = cli("generate", case, *base, "--out", tmp_path / "one")
    batch = cli("batch", folder, *base, "--out", tmp_path / "all", "--jobs", "1")

    assert single.exit_code == 1 and batch.exit_code == 1, batch.output
    assert 'quote it to keep it all: "Ticket #88211"' in batch.stderr
    assert not (tmp_path / "all" / "T-EN-1").exists()

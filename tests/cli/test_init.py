"""`letters init`: the header names the file written; the first line points editors at the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from letters.casefile.schema import case_schema_json


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_header_names_the_file_written_and_points_at_the_schema(cli, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "my case.yaml"

    result = cli("init", target, "--lang", lang)

    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=case.schema.json"
    quoted = f"'{target}'"
    assert f"letters validate {quoted}" in lines[2]
    assert f"letters generate {quoted} --stage first-complaint" in lines[3]
    assert all(name not in "\n".join(lines) for name in ("wallet-en.yaml", "本文件名", "本檔案名"))
    schema = tmp_path / "case.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(case_schema_json())
    assert result.stdout.startswith(f"Wrote {target} and {schema}")
    assert cli("validate", target).exit_code == 0


def test_an_existing_schema_file_is_kept(cli, tmp_path: Path) -> None:
    schema = tmp_path / "case.schema.json"
    schema.write_text("{}", encoding="utf-8")

    result = cli("init", tmp_path / "a.yaml", "--lang", "en")

    assert result.exit_code == 0, result.output
    assert schema.read_text(encoding="utf-8") == "{}"
    assert f"kept the existing {schema} (refresh it with: letters schema > {schema})" in result.stdout


def test_force_replaces_only_the_case_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("mine\n", encoding="utf-8")

    refused = cli("init", target, "--lang", "en")
    forced = cli("init", target, "--lang", "en", "--force")

    assert refused.exit_code == 1
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_the_traditional_example_is_a_hong_kong_case_with_traditional_notes(cli, tmp_path: Path) -> None:
    from letters.casefile.load import load_case

    target = tmp_path / "hk.yaml"
    assert cli("init", target, "--lang", "zh-Hant").exit_code == 0
    text = target.read_text(encoding="utf-8")
    case = load_case(target).case
    assert (case.language, case.jurisdiction, case.losses[0].currency) == ("zh-Hant", "HK", "HKD")
    assert "個案檔案" in text and "个案" not in text and "案件文件" not in text  # its notes are Traditional too
    result = cli("generate", target, "--stage", "first-complaint", "--format", "txt", "--out", tmp_path / "out", "--on", "2026-11-02")
    assert result.exit_code == 0, result.output
    letter = (tmp_path / "out" / case.case_id / "first-complaint.txt").read_text(encoding="utf-8")
    assert (
        "敬啟者：" in letter and "致：快付錢包客戶服務部" in letter and "港幣500.00元" in letter and "HK$" not in letter
    )  # one currency style, the user's own: 港幣…元 (LETTER-CRAFT §7)

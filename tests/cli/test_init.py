"""`letters init`: the header names the file written; the first line points editors at the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from letters.casefile.schema import case_schema_json


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_header_names_the_file_written_and_points_at_the_schema(cli, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "my case.yaml"

    result = cli("init", target, "--lang", lang)

    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=case.schema.json"
    quoted = f"'{target}'"
    assert f"letters validate {quoted}" in lines[2]
    assert f"letters generate {quoted} --stage first-complaint" in lines[3]
    assert "wallet-en.yaml" not in "\n".join(lines) and "本文件名" not in "\n".join(lines)
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

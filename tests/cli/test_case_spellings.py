"""Spellings people write in case files: dates with slashes or 年月日, currencies as 人民币/RMB/元/￥."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import case_dict, write_case


@pytest.mark.parametrize("written", ["2026/10/2", "2026年10月2日", "2026-10-2", "2026.10.02"])
def test_dates_typed_as_people_type_them_validate_and_reach_the_letter(cli, tmp_path: Path, written: str) -> None:
    data = case_dict("zh")
    data["incidents"][0]["date"] = written
    case = write_case(tmp_path, data)
    before = case.read_bytes()

    checked = cli("validate", case, "--on", "2026-10-20")
    made = cli("generate", case, "--stage", "first-complaint", "--on", "2026-10-20", "--out", tmp_path / "out", "--format", "txt")

    assert checked.exit_code == 0, checked.output
    assert made.exit_code == 0, made.output
    assert "2026年10月2日" in (tmp_path / "out" / "T-ZH-1" / "first-complaint.txt").read_text(encoding="utf-8")
    assert case.read_bytes() == before


@pytest.mark.parametrize("written", ["人民币", "RMB", "rmb", "元", "￥"])
def test_chinese_currency_spellings_are_cny_in_what_letters_prints(cli, tmp_path: Path, written: str) -> None:
    data = case_dict("en")
    data["losses"] = [{"description": "Fee", "amount": "12.00", "currency": written}]
    case = write_case(tmp_path, data)
    before = case.read_bytes()

    made = cli("generate", case, "--stage", "first-complaint", "--on", "2026-10-20", "--out", tmp_path / "out", "--format", "txt")
    context = cli("templates", "context", case, "--stage", "first-complaint", "--on", "2026-10-20")

    assert made.exit_code == 0, made.output
    assert "CN¥12.00" in (tmp_path / "out" / "T-EN-1" / "first-complaint.txt").read_text(encoding="utf-8")
    assert "losses[0].currency = CNY" in context.output.splitlines()
    assert case.read_bytes() == before  # the file keeps the user's spelling


def test_an_asset_joined_to_its_network_gets_a_hint_where_to_put_the_network(cli, tmp_path: Path) -> None:
    data = case_dict("en")
    data["losses"] = [{"description": "Lost funds", "amount": "200", "currency": "USDT-TRC20"}]
    case = write_case(tmp_path, data)

    result = cli("validate", case)

    assert result.exit_code == 1
    line = next(n for n, text in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if "USDT-TRC20" in text)
    assert result.stderr == (
        f"Error: {case}:{line}: losses[0].currency: 'USDT-TRC20' joins an asset and its network: "
        "write USDT here and the network (TRC-20) in transactions[].network\n"
    )

"""Reading case files: every problem is one line `path:line: field: message`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from letters.casefile.load import load_case
from letters.errors import CaseFileError
from tests.builders import ROOT, case_dict, write_case

EXAMPLES = ROOT / "examples"


def errors_of(path: Path) -> list[str]:
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    return str(info.value).splitlines()


@pytest.mark.parametrize("name", ["bitpie-zh.yaml", "wallet-en.yaml"])
def test_examples_validate(name: str) -> None:
    loaded = load_case(EXAMPLES / name)
    assert loaded.case.incidents and loaded.case.demands


def test_amounts_stay_exact_decimals_even_when_unquoted(tmp_path: Path) -> None:
    text = write_case(tmp_path, case_dict()).read_text(encoding="utf-8").replace("amount: '12.00'", "amount: 0.10")
    path = write_case(tmp_path, text)
    assert load_case(path).case.losses[0].amount == Decimal("0.10")


def test_typo_key_names_line_field_and_suggestion(tmp_path: Path) -> None:
    data = case_dict()
    data["complainant"]["nmae"] = data["complainant"].pop("name")
    path = write_case(tmp_path, data)
    lines = errors_of(path)
    line_no = path.read_text(encoding="utf-8").splitlines().index("  nmae: 李雷") + 1
    assert f'{path}:{line_no}: complainant.nmae: unknown key (did you mean "name"?)' in lines
    assert any(l.startswith(f"{path}:") and "complainant.name: is required but missing" in l for l in lines)


def test_impossible_date_is_reported_at_its_line(tmp_path: Path) -> None:
    data = case_dict()
    data["incidents"][0]["date"] = "2026-02-30"
    path = write_case(tmp_path, data)
    (line,) = errors_of(path)
    number = next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "2026-02-30" in l)
    assert line.startswith(f"{path}:{number}: incidents[0].date: ")
    assert "2026-02-30" in line


def test_duplicate_key_is_an_error_not_an_overwrite(tmp_path: Path) -> None:
    path = write_case(tmp_path, write_case(tmp_path, case_dict()).read_text(encoding="utf-8") + "response_days: 7\nresponse_days: 9\n")
    (line,) = errors_of(path)
    assert line.endswith(f"response_days: duplicate key (first given on line {len(path.read_text().splitlines()) - 1})")


def test_missing_required_sections_are_each_reported(tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict(incidents=None, demands=[]))
    lines = errors_of(path)
    assert any(l.endswith("incidents: is required but missing") for l in lines)
    assert any("demands: List should have at least 1 item" in l for l in lines)


def test_staff_needs_a_name_or_an_id(tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict(staff={"role": "客服"}))
    (line,) = errors_of(path)
    assert line.endswith("staff: give the staff member's name or id (at least one)")


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        ("-3", "CNY", "losses[0].amount: must be greater than 0"),
        ("0", "CNY", "losses[0].amount: must be greater than 0"),
        ("NaN", "CNY", "losses[0].amount: Input should be a finite number"),
        ("1e30", "CNY", "losses[0].amount: is implausibly large"),
        ("5", "XYZ", "losses[0].currency: unknown currency 'XYZ'"),
    ],
)
def test_bad_amounts_and_currencies(tmp_path: Path, amount: str, currency: str, message: str) -> None:
    path = write_case(tmp_path, case_dict(losses=[{"description": "x", "amount": amount, "currency": currency}]))
    assert any(message in line for line in errors_of(path))


def test_asset_symbols_are_currencies(tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict(losses=[{"description": "gas", "amount": "0.00042", "currency": "eth"}]))
    assert load_case(path).case.losses[0].currency == "ETH"


def test_unknown_language_and_enum_values(tmp_path: Path) -> None:
    data = case_dict(language="fr")
    data["incidents"][0]["problems"] = ["angry"]
    lines = errors_of(write_case(tmp_path, data))
    assert any("language: Input should be 'zh', 'zh-Hant' or 'en' (got 'fr')" in l for l in lines)
    assert any("incidents[0].problems[0]:" in l and "'rude'" in l for l in lines)


@pytest.mark.parametrize("case_id", ["../evil", "a/b", "CON", "x..y", "-lead", ""])
def test_unsafe_case_ids_are_refused(tmp_path: Path, case_id: str) -> None:
    lines = errors_of(write_case(tmp_path, case_dict(case_id=case_id)))
    assert any(": case_id: " in l for l in lines)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write_case(tmp_path, case_dict())
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_case(path).case.case_id == "T-ZH-1"


def test_gbk_file_is_told_to_save_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(write_case(tmp_path, case_dict()).read_text(encoding="utf-8").encode("gbk"))
    (line,) = errors_of(path)
    assert "is not UTF-8 text (it looks like GBK/GB18030-encoded Chinese); save it as UTF-8" in line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty; run `letters init` for an example case file"),
        ("- just\n- a list\n", "the top level must be a mapping"),
        ("version: 1\n\tcase_id: x\n", "tab characters cannot indent YAML; use spaces"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", "is not allowed in a case file"),
        ("a: [1, 2\n", "YAML syntax error"),
    ],
)
def test_broken_yaml_gives_one_line(tmp_path: Path, text: str, message: str) -> None:
    (line,) = errors_of(write_case(tmp_path, text))
    assert message in line


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [
        f"a{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1}]"
        for i in range(1, 9)
    ]
    (line,) = errors_of(write_case(tmp_path, "\n".join(lines) + "\n"))
    assert "expands to more than 100,000 values" in line


def test_folder_and_missing_paths(tmp_path: Path) -> None:
    assert errors_of(tmp_path) == [f"{tmp_path}: is a folder, not a case file"]
    assert errors_of(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: no such file"]

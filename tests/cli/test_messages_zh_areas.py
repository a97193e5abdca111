"""Under a Chinese locale every command speaks Chinese: one representative message of each area,
through the real command line, with field names, stages and options kept as they are written."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.builders import ROOT, case_dict, write_case

ESCALATED = [
    {"date": "2026-09-01", "kind": "complaint", "channel": "email"},
    {"date": "2026-09-05", "kind": "follow-up"},
    {"date": "2026-09-10", "kind": "escalation"},
]


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LETTERS_LANG", "zh")


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``letters ARGS`` in a fresh process with exactly the locale ``env`` gives."""
    clean = {k: v for k, v in os.environ.items() if k not in ("LETTERS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "letters", *args],
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- hostile input ------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_for_a_case_file_is_refused_in_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)

    result = cli("validate", fifo)

    assert result.exit_code == 1
    assert result.stderr == f"错误：{fifo}: 是命名管道（FIFO），不是普通文件\n"


def test_an_output_over_the_case_file_is_refused_in_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    out = tmp_path / "out"
    case = write_case(out / "T-ZH-1", case_dict("zh"), name="first-complaint.txt")  # where the letter would go

    result = cli("generate", case, "--stage", "first-complaint", "--format", "txt", "--out", out, "--force", "--on", "2026-10-08")

    assert result.exit_code == 1
    assert f": 就是案件文件 {case}；输出绝不会覆盖输入（请换一个文件名或文件夹）" in result.stderr


# --- templates ----------------------------------------------------------------------------------


def test_a_template_check_failure_is_chinese_with_the_names_kept(cli: Any, tmp_path: Path, zh: None) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "first-complaint.zh.txt").write_text("{{ complainant.nmae }}\n{% include 'x.txt' %}\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a template name", encoding="utf-8")

    result = cli("templates", "check", folder)

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"错误：{folder / 'first-complaint.zh.txt'}:1: complainant.nmae: 不在视图模型中；是不是想写 complainant.name？" in lines
    assert f"错误：{folder / 'first-complaint.zh.txt'}:2: 不支持 {{% include %}}：每个模板都是一个独立的文件" in lines
    assert any("没有按 <name>.<lang>.<docx|txt> 命名" in line for line in lines)


def test_a_runaway_template_is_stopped_in_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "big.zh.txt").write_text('{% set n = 100000000 %}{{ "x" * n }}\n', encoding="utf-8")
    case = write_case(tmp_path, case_dict("zh"))

    result = cli("generate", case, "--template", "big", "--format", "txt", "--templates", folder, "--out", tmp_path / "out")

    assert result.exit_code == 1
    assert result.stderr == f"错误：{folder / 'big.zh.txt'}:1: 失控：重复超过 50,000,000 项；已停止\n"


# --- the case file: pydantic's own messages --------------------------------------------------------


def test_pydantic_errors_are_chinese_with_the_field_names_kept(cli: Any, tmp_path: Path, zh: None) -> None:
    data = case_dict("zh", language="fr", response_days="ten", staff=None)
    data["complainant"]["name"] = "   "
    data["company"]["name"] = ["示例钱包公司"]
    case = write_case(tmp_path, data)

    result = cli("validate", case)

    assert result.exit_code == 1
    problems = {line.split(": ", 2)[1]: line.split(": ", 2)[2] for line in result.stderr.splitlines()}
    assert problems == {
        "language": "应为以下之一：'zh'、'zh-Hant'、'en'（实际为 'fr'）",
        "complainant.name": "不能为空（实际为 '   '）",
        "company.name": "应为文本",
        "staff": "必须填写，但缺少",
        "response_days": "请填写整数天数，例如 14（实际为 'ten'）",
    }


def test_an_impossible_date_is_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    data = case_dict("zh")
    data["incidents"][0]["date"] = "2026-02-30"
    data["evidence"][0]["date"] = "0001-01-01"
    case = write_case(tmp_path, data)

    result = cli("validate", case)

    assert ": incidents[0].date: 应为 YYYY-MM-DD 格式的有效日期：这个月没有这一天（实际为 '2026-02-30'）" in result.stderr
    assert ": evidence[0].date: 0001-01-01 不是合理的日期（请使用 1900-01-01 到 2999-12-31 之间的日期）" in result.stderr


# --- jurisdictions, filings and clocks --------------------------------------------------------


def test_an_unknown_jurisdiction_is_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    case = write_case(tmp_path, case_dict("zh", jurisdiction="UK"))

    result = cli("validate", case)

    assert result.exit_code == 1
    assert ": jurisdiction: 未知的代码 'UK'（是不是想写 GB？已知的有：" in result.stderr


def test_a_filing_warning_follows_the_locale_not_the_letter(cli: Any, tmp_path: Path, zh: None) -> None:
    hong_kong = {**case_dict("en")["company"], "address": "1 Nathan Road, Kowloon, Hong Kong"}
    case = write_case(tmp_path, case_dict("en", company=hong_kong, jurisdiction="CN", contacts=ESCALATED))

    result = cli("validate", case, "--on", "2026-10-20")

    assert result.exit_code == 0
    assert f"警告：{case}: 阶段 consumer-association: 被投诉公司的地址在香港，不在" in result.stderr
    assert "的管辖范围内：请向公司所在地的机构投诉，或核对案件文件的 jurisdiction" in result.stderr


def test_status_prints_its_clocks_in_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    filed = [*ESCALATED, {"date": "2026-12-28", "kind": "filing", "channel": "全国12315平台"}]
    case = write_case(tmp_path, case_dict("en", contacts=filed, jurisdiction="CN"))

    result = cli("status", case, "--on", "2027-01-05")

    assert result.exit_code == 0
    clocks = result.stdout.split("  时限：\n", 1)[1]
    assert re.fullmatch(
        r"    2027-01-07  .+（自 2026-12-28 的 filing 起；还剩 2 天；估算：2027年的放假安排尚未公布，按常规节假日估算）\n", clocks
    )
    assert "\x1b" not in clocks and "the usual holidays" not in clocks


# --- stages, formats and --strict --------------------------------------------------------------


def test_a_chase_before_the_deadline_warns_in_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    case = write_case(tmp_path, case_dict("zh", contacts=[{"date": "2026-10-05", "kind": "complaint"}]))

    result = cli("generate", case, "--stage", "follow-up", "--on", "2026-10-10", "--out", tmp_path / "out")

    assert result.exit_code == 0
    assert result.stderr == (
        f"警告：{case}: 阶段 follow-up: 2026-10-05 的 complaint 设定的答复期限 2026-10-19 还没到：信件日期 2026-10-10 比期限早 9 天；"
        "请等到 2026-10-19（或使用 --on），或在明知公司仍有时间答复的情况下寄出\n"
    )


def test_strict_and_a_closed_case_are_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    settled = [{"date": "2026-10-05", "kind": "complaint"}, {"date": "2026-10-07", "kind": "reply", "satisfactory": True}]
    case = write_case(tmp_path, case_dict("zh", contacts=settled))

    closed = cli("generate", case, "--stage", "follow-up", "--on", "2026-10-20", "--out", tmp_path / "out")
    strict = cli("generate", case, "--stage", "first-complaint", "--strict", "--on", "2026-10-20", "--out", tmp_path / "out")

    assert closed.exit_code == 1
    assert closed.stderr.startswith(f"错误：{case}: 阶段 follow-up: 案件已结案：2026-10-07 的答复已记录为满意")
    assert strict.exit_code == 1
    assert strict.stderr.startswith(f"错误：{case}: 阶段 first-complaint: 已于 2026-10-05 寄出（contacts 中有记录）")
    assert strict.stderr.endswith("（这是警告；--strict 把它当作错误）\n")


def test_a_reprint_is_not_recorded_again_in_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    case = write_case(tmp_path, case_dict("zh", contacts=[{"date": "2026-10-05", "kind": "complaint"}]))

    result = cli("generate", case, "--stage", "first-complaint", "--record", "--on", "2026-10-08", "--out", tmp_path / "out")

    assert result.exit_code == 0
    assert result.stdout.endswith(f"没有再次记录：{case} 中已记录 first-complaint 于 2026-10-05 寄出\n")


def test_format_form_refusals_are_chinese(cli: Any, tmp_path: Path, zh: None) -> None:
    case = write_case(tmp_path, case_dict("zh"))

    result = cli("generate", case, "--stage", "first-complaint", "--format", "form", "--out", tmp_path / "out", "--on", "2026-10-08")

    assert result.exit_code == 1
    assert result.stderr == "错误：T-ZH-1: --format form 只用于 consumer-association 阶段（受理机构的在线投诉表单）\n"


def test_an_e_mail_draft_too_large_is_refused_in_chinese(tmp_path: Path, zh: None) -> None:
    from letters.casefile.load import load_case
    from letters.errors import EmlError
    from letters.render.eml import build_eml
    from letters.viewmodel.build import build_context
    from tests.builders import case_with_files

    case = case_with_files(tmp_path / "case", files={"big.bin": b"\0" * 3000})
    case_file = load_case(case)
    context = build_context(case_file, "first-complaint", dt.date(2026, 10, 8))

    with pytest.raises(EmlError) as caught:
        build_eml(case_file, context, {"txt": "信".encode(), "docx": b"PK" + b"x" * 100}, max_bytes=2048)

    assert str(caught.value).startswith(f"{case}: evidence: 信件及其证据文件共 3 KB，超过了一封邮件能稳妥携带的 2 KB；")


# --- help and the --lang defaults --------------------------------------------------------------


@pytest.mark.parametrize(
    "command, says",
    [
        (("status", "--help"), "显示每个案件的沟通经过"),
        (("templates", "check", "--help"), "检查模板：语法、安全性，以及每个名称是否在视图模型中。"),
    ],
)
def test_help_of_a_command_is_chinese(command: tuple[str, ...], says: str) -> None:
    result = run(*command, env={"LANG": "zh_CN.UTF-8"})

    assert result.returncode == 0
    assert result.stdout.startswith("用法: letters ")
    assert says in result.stdout


def test_help_follows_the_language_of_now_in_one_process(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Help texts are fixed when their module is imported; they are translated when shown."""
    english = cli("generate", "--help").output
    monkeypatch.setenv("LETTERS_LANG", "zh")
    chinese = " ".join(cli("generate", "--help").output.split())
    monkeypatch.setenv("LETTERS_LANG", "en")
    again = cli("generate", "--help").output

    assert "Write the letter for one stage of a case" in english and again == english
    assert "为案件的某一阶段写信" in chinese
    assert "哪一封信：first-complaint, follow-up, escalation, consumer-association。" in chinese
    assert "把警告当作错误" in chinese


@pytest.mark.parametrize("env, lang", [({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LETTERS_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"), ({}, "en")])
def test_init_writes_the_example_in_the_language_of_the_locale(tmp_path: Path, env: dict[str, str], lang: str) -> None:
    target = tmp_path / "case.yaml"

    result = subprocess.run(
        [sys.executable, "-m", "letters", "init", str(target)],
        env={
            **{k: v for k, v in os.environ.items() if k not in ("LETTERS_LANG", "LANG", "LC_ALL", "LANGUAGE")},
            "PYTHONPATH": str(ROOT),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert re.search(rf"^language: {lang}\b", target.read_text(encoding="utf-8"), re.M)


def test_new_and_init_say_their_default_language_follows_the_locale(cli: Any) -> None:
    for command in ("new", "init"):
        text = " ".join(cli(command, "--help").output.split())
        assert (
            "Default: the locale's (zh-Hant under a Hong Kong, Taiwan or Macao locale, zh under another Chinese one), en otherwise." in text
        )


def test_new_asks_in_the_language_of_the_locale(cli: Any, tmp_path: Path, zh: None) -> None:
    from tests.interview.test_new import ZH, script

    result = cli("new", tmp_path / "case.yaml", input=script(ZH))

    assert result.exit_code == 0, result.output
    assert "你的姓名" in result.output

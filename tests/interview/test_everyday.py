"""`letters new` day to day: piped input that never answers, the review, going back, long answers, tone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from letters.casefile.load import load_case
from tests.builders import ROOT
from tests.interview.test_new import EN, ZH, script

pexpect = pytest.importorskip("pexpect")

ENV = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)}


def piped(folder: Path, producer: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``PRODUCER | letters new ARGS`` through a real pipe; the timeout only stops a hung test."""
    command = f"{producer} | {sys.executable} -m letters new {' '.join(args)}"
    return subprocess.run(["sh", "-c", command], cwd=folder, env=ENV, capture_output=True, text=True, timeout=120)


def test_endless_empty_input_ends_with_one_clear_error(tmp_path: Path) -> None:
    result = piped(tmp_path, "yes ''", "x.yaml", "--lang", "en")

    assert result.returncode == 1
    assert result.stderr == "Error: “Your full name” needs an answer and the input gave none in 5 tries; nothing was saved\n"
    assert len(result.stdout.splitlines()) < 20
    assert list(tmp_path.iterdir()) == []


def test_endless_wrong_answers_end_with_the_reason(tmp_path: Path) -> None:
    result = piped(tmp_path, "yes 'not-an-email'", "x.yaml", "--lang", "en")

    assert result.returncode == 1
    assert result.stderr.startswith("Error: “Your email address” got no usable answer in 5 tries (“not-an-email” does not look like")
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_endless_empty_input_in_chinese(tmp_path: Path) -> None:
    result = piped(tmp_path, "yes ''", "x.yaml", "--lang", "zh")

    assert result.returncode == 1
    assert result.stderr == "Error: “你的姓名”必须回答，但输入连续 5 次为空，没有保存任何内容\n"


def test_review_lists_the_answers_and_changes_one_by_number(cli, tmp_path: Path) -> None:
    finish = ["", "", "3", "+44 20 0000 1111", ""]  # at the review: answer 3 (the phone) changed, then Enter

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, finish=finish))

    assert result.exit_code == 0, result.output
    review = result.output.split("── Check your answers ──", 1)[1]
    assert (
        "About you\n   1. Your full name: Jane Doe\n   2. Your email address: jane.doe@example.com\n   3. Your phone number: +44 20 7946 0000"
        in review
    )
    assert "The manager for an escalation\n" in review
    assert "What happened 1\n" in review and "What happened 2\n" in review
    assert "Type a number (1 to " in review
    assert load_case(tmp_path / "case.yaml").case.complainant.phone == "+44 20 0000 1111"


def test_review_refuses_a_change_the_case_cannot_take_and_clears_with_a_dash(cli, tmp_path: Path) -> None:
    # staff: name 14, id 15, role 16 (complainant 5, company 5, management 3, then staff)
    finish = ["", "", "14", "-", "15", "-", "16", "-", "2", "-", ""]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, finish=finish))

    assert result.exit_code == 0, result.output
    assert "Describe the staff member: a name, an id or a role (at least one). The answer was not changed." in result.output
    case = load_case(tmp_path / "case.yaml").case
    assert (case.staff[0].name, case.staff[0].id, case.staff[0].role) == (None, None, "live-chat agent")
    assert case.complainant.email is None


def test_going_back_asks_the_previous_question_again(cli, tmp_path: Path) -> None:
    complainant = ["<", "Jane Do", "<", "Jane Doe"] + EN["complainant"][1:]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, complainant=complainant))

    assert result.exit_code == 0, result.output
    assert "This is the first question; there is none before it." in result.output
    assert load_case(tmp_path / "case.yaml").case.complainant.name == "Jane Doe"


def test_going_back_from_a_later_section_keeps_the_answers_before_it(cli, tmp_path: Path) -> None:
    staff = ["y", "Mark", "AG-3310", "<", "AG-3311", "live-chat agent", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, staff=staff))

    assert result.exit_code == 0, result.output
    case = load_case(tmp_path / "case.yaml").case
    assert (case.staff[0].id, case.staff[0].role, case.company.management.name) == ("AG-3311", "live-chat agent", "Sam Patel")
    assert result.output.splitlines().count("Your full name: Jane Doe") == 1  # the replayed questions are not shown again


def test_long_answers_run_over_lines_until_an_empty_one(cli, tmp_path: Path) -> None:
    incidents = ["2026-09-14", "live chat", "First line.", "Second line.", "", "1", "", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, incidents=incidents))

    assert result.exit_code == 0, result.output
    assert "What happened (several lines are fine; end with an empty line): " in result.output
    assert load_case(tmp_path / "case.yaml").case.incidents[0].summary == "First line.\nSecond line."


def test_angry_words_are_warned_about_at_the_answer(cli, tmp_path: Path) -> None:
    incidents = ["2026-09-14", "live chat", "The agent was an idiot. REFUND MY MONEY NOW!!!", "", "1", "", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, incidents=incidents))

    assert result.exit_code == 0, result.output
    assert '  ! abusive wording "idiot": letters that stay calm and factual get answered' in result.output
    assert '  ! shouting, "REFUND MY MONEY NOW"' in result.output
    assert '  ! shouting, "!!!"' in result.output


def test_angry_words_are_warned_about_in_chinese(cli, tmp_path: Path) -> None:
    incidents = ["2026/10/3", "App 内在线客服", "客服就是个白痴，我要发到网上。", "", "1", "", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "zh", input=script(ZH, incidents=incidents))

    assert result.exit_code == 0, result.output
    assert "  ! 辱骂性措辞“白痴”" in result.output
    assert "  ! 以起诉或曝光相威胁“发到网上”" in result.output
    assert "date: 2026-10-03" in (tmp_path / "case.yaml").read_text(encoding="utf-8")


def test_chinese_currency_words_are_accepted_as_cny(cli, tmp_path: Path) -> None:
    losses = ["y", "手续费", "35.50", "人民币", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "zh", input=script(ZH, losses=losses))

    assert result.exit_code == 0, result.output
    assert load_case(tmp_path / "case.yaml").case.losses[0].currency == "CNY"


# --- the same at a real terminal ------------------------------------------------------


def spawn(folder: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable, ["-m", "letters", "new", *args], cwd=str(folder), env=ENV, encoding="utf-8", timeout=60, dimensions=(40, 200)
    )
    child.delaybeforesend = None
    return child


def answer_all(child: pexpect.spawn, lines: list[str]) -> None:
    """Each answer typed once its question (any prompt ending in ': ') is shown."""
    for line in lines:
        child.expect(r": $|: \x1b\[0m$|  $")
        child.sendline(line)


def test_at_a_terminal_go_back_and_change_an_answer_in_the_review(tmp_path: Path) -> None:
    child = spawn(tmp_path, "case.yaml", "--lang", "en")
    child.expect_exact("Your full name")
    child.sendline("Jane Doe")
    child.expect_exact("Your email address")
    child.sendline("<")  # back to the name
    child.expect_exact("Your full name")
    child.sendline("Janet Doe")
    child.expect_exact("Your email address")
    child.sendline("jane.doe@example.com")
    rest = script(EN).splitlines()[2:-1]  # everything after the email, up to the review
    for line in rest:
        child.sendline(line)
    child.expect_exact("Type a number (1 to")
    child.sendline("5")  # the account id
    child.expect_exact("Your account or wallet ID with the company [CW-7781-22]")
    child.sendline("CW-0000-01")
    child.expect_exact("Type a number (1 to")
    child.sendline("")
    child.expect_exact("letters generate case.yaml --stage first-complaint --out letters-out")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    case = load_case(tmp_path / "case.yaml").case
    assert (case.complainant.name, case.complainant.account_id) == ("Janet Doe", "CW-0000-01")


def test_an_asset_joined_to_its_network_is_asked_again_with_where_the_network_goes(cli, tmp_path: Path) -> None:
    losses = ["y", "转错链的 USDT", "200", "USDT-TRC20", "USDT", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "zh", input=script(ZH, losses=losses))

    assert result.exit_code == 0, result.output
    assert "“USDT-TRC20”把资产和网络写在了一起：这里只写 USDT；网络（TRC-20）请写在案件文件的 transactions[].network 中。" in result.output
    assert load_case(tmp_path / "case.yaml").case.losses[0].currency == "USDT"


def test_review_changes_the_deadline_and_the_case_id_and_cannot_clear_them(cli, tmp_path: Path) -> None:
    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, finish=["", "", "49", "-", "49", "21", "51", "CW-1", ""]))

    assert result.exit_code == 0, result.output
    case = load_case(tmp_path / "case.yaml").case
    assert (case.response_days, case.case_id) == (21, "CW-1")

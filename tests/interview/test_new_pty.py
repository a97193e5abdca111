"""`letters new` as a person uses it: `python -m letters new` in a real pseudo-terminal."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from letters.casefile.load import load_case
from tests.builders import ROOT, docx_text

pytestmark = pytest.mark.slow  # a real terminal per test

pexpect = pytest.importorskip("pexpect")

#: (what the terminal shows, what the person types), through the first complaint's facts.
#: ``None``: nothing is typed, the terminal just shows the reason and asks again.
CONVERSATION: list[tuple[str, str | None]] = [
    ("Your full name", "Jane Doe"),
    ("Your email address", "jane.doe@example.com"),
    ("Your phone number", "+44 20 7946 0000"),
    ("Your postal address", "12 Acacia Avenue, London"),
    ("Your account or wallet ID", "CW-7781-22"),
    ("The company's name", "CoinVault Ltd"),
    ("The department that handles complaints", "Customer Support"),
    ("The company's postal address", ""),
    ("The company's email address", "support@coinvault.example"),
    ("What kind of business is it?", "5"),
    ("Do you know which manager", "n"),
    ("Is the complaint about something you bought", "n"),
    ("Was a particular member of staff involved", "y"),
    ("Their name, as shown", "Mark"),
    ("Their staff ID", "AG-3310"),
    ("Their role", "live-chat agent"),
    ("Another member of staff?", "n"),
    ("Date it happened (YYYY-MM-DD)", "2026-02-30"),  # a wrong date…
    ("2026-02-30 is not a real date (day value is outside expected range).", None),  # …is refused with the reason…
    ("Date it happened (YYYY-MM-DD)", "2026-09-14"),  # …and asked again
    ("Where it happened", "live chat"),
    ("What happened", "The agent told me to stop wasting his time and closed the chat.\nThen he closed my ticket.\n"),  # pasted
    ("Type the numbers", "1 6"),
    ("Who was involved on that occasion?", ""),  # the one staff member, offered
    ("Did something else happen", "n"),
    ("Do you hold evidence", "y"),
    ("Type its number", "1"),
    ("Its date", "2026-09-14"),
    ("Describe it in one line", "Transcript of the live chat"),
    ("Its file", ""),
    ("A reference on it", "Chat 88-1902"),
    ("Another piece of evidence?", "n"),
    ("Did the staff member break a rule", "n"),
    ("Did this cost you money", "y"),
    ("What the loss was", "Priority fee charged without basis"),
    ("Amount (the number only", "25,00 EUR"),
    ("is not a number", None),
    ("Amount (the number only", "25.00"),
    ("Currency", "EUR"),
    ("Another loss?", "n"),
    ("Type the numbers", "5 1"),
    ("Anything specific about “a refund", "refund the 25.00 EUR fee\n"),
    ("Anything specific about “a formal apology", ""),
]
FINISH: list[tuple[str, str]] = [
    ("Days the company has to reply [14]", ""),
    ("Have you already been in touch", "n"),
    ("Type its number [3]", ""),  # the letters in English (zh, zh-Hant, en)
    ("A short ID for this case", ""),
    ("Type a number (1 to", ""),
]


def spawn(folder: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)}
    # the timeout only stops a hung test; nothing here measures time
    child = pexpect.spawn(
        sys.executable,
        ["-m", "letters", "new", *args],
        cwd=str(folder),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
        # a person's terminal: Ctrl-C interrupts, even when the test run itself was started in the
        # background by a non-interactive shell, which ignores SIGINT for its children
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    child.delaybeforesend = None  # we always wait for the question before typing
    return child


def converse(child: pexpect.spawn, conversation: list[tuple[str, str | None]]) -> None:
    for shown, typed in conversation:
        child.expect_exact(shown)
        for line in [] if typed is None else typed.split("\n"):  # a long answer ends with an empty line
            child.sendline(line)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_person_at_a_terminal_corrects_a_wrong_date_and_gets_a_first_complaint(tmp_path):
    child = spawn(tmp_path, "case.yaml", "--lang", "en")

    converse(child, CONVERSATION + FINISH)
    child.expect_exact("letters generate case.yaml --stage first-complaint --out letters-out")

    assert finish(child) == 0
    case = load_case(tmp_path / "case.yaml").case
    assert case.incidents[0].date.isoformat() == "2026-09-14"
    assert case.incidents[0].summary == "The agent told me to stop wasting his time and closed the chat.\nThen he closed my ticket."
    assert str(case.losses[0].amount) == "25.00"
    from letters.templating.search import builtin_dir

    if not (builtin_dir() / "first-complaint.en.docx").is_file():
        pytest.skip("built-in templates not committed yet")
    from click.testing import CliRunner

    from letters.cli import cli

    result = CliRunner().invoke(
        cli, ["generate", str(tmp_path / "case.yaml"), "--stage", "first-complaint", "--out", str(tmp_path / "out"), "--on", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "out" / "CL-20260914" / "first-complaint.docx")
    facts = [
        line
        for shown, typed in CONVERSATION
        for line in (typed or "").splitlines()[:1]
        if line and len(line) > 2 and not line[:4].isdigit() and not shown.startswith("Type") and line != "25,00 EUR"
    ]
    facts += [
        "14 September 2026",
        "€25.00",
        "a written apology",  # the menu's pick, as the letter words it (its problems are told by the summary, not tags)
    ]
    # every word typed appears exactly as typed (an incident's first word may have been typed in capitals)
    assert [fact for fact in facts if fact not in text] == []


def test_ctrl_c_at_a_terminal_leaves_nothing_behind(tmp_path):
    child = spawn(tmp_path, "case.yaml", "--lang", "en")
    converse(child, CONVERSATION[:3])

    child.expect_exact("Your postal address")
    child.sendintr()
    child.expect_exact("Stopped. Nothing was saved.")

    assert finish(child) == 130
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_once_the_case_is_complete_offers_a_draft(tmp_path):
    child = spawn(tmp_path, "case.yaml", "--lang", "en")
    converse(child, CONVERSATION)

    child.expect_exact("Days the company has to reply")
    child.sendintr()
    child.expect_exact("as a draft to finish in an editor?")
    child.sendline("y")
    child.expect_exact("Saved a draft to case.yaml.")

    assert finish(child) == 0
    assert load_case(tmp_path / "case.yaml").case.demands[0].detail == "refund the 25.00 EUR fee"


def test_chinese_questions_and_answers_at_a_terminal(tmp_path):
    child = spawn(tmp_path, "案件.yaml", "--lang", "zh")
    answers = [
        ("你的姓名", "王小明"),
        ("你的电子邮箱", ""),
        ("你的电话", ""),
        ("你的通信地址", ""),
        ("账户或钱包编号", ""),
        ("公司名称", "比特派"),
        ("受理投诉的部门", ""),
        ("公司地址", ""),
        ("公司受理投诉的邮箱", ""),
        ("哪一类企业", ""),
        ("管理人员", "否"),
        ("你购买的东西", "n"),
        ("具体工作人员", "y"),
        ("客服的姓名", "小张"),
        ("客服工号", ""),
        ("客服岗位", ""),
        ("还有其他工作人员吗", "n"),
        ("发生日期", "2026年2月30日"),
        ("不是真实存在的日期（这个月没有这一天）", None),
        ("发生日期", "2026年10月3日"),
        ("发生在哪个渠道", ""),
        ("经过", "客服关闭了工单。\n"),
        ("请输入编号", "6"),
        ("涉及哪些工作人员", ""),
        ("别的事", "n"),
        ("证据吗", "n"),
        ("服务协议", "n"),
        ("金钱损失", "n"),
        ("请输入编号", "1"),
        ("具体要求", ""),
        ("几天内答复", ""),
        ("联系过吗", "n"),
        ("请输入编号 [1]", ""),
        ("案件编号", ""),
        ("直接回车写入文件", ""),
    ]

    converse(child, answers)

    assert finish(child) == 0
    case = load_case(tmp_path / "案件.yaml").case
    assert (case.case_id, case.language, case.incidents[0].summary) == ("CASE-20261003", "zh", "客服关闭了工单。")

"""`letters new`: the guided interview, scripted through standard input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from letters.casefile.load import load_case
from letters.casefile.writer import _quote
from letters.interview.ask import (
    TEXT,
    InterviewStopped,
    Prompter,
    case_yaml,
    run_interview,
    suggest_case_id,
)
from tests.builders import docx_text

#: One English interview, section by section, in the order the questions come.
EN: dict[str, list[str]] = {
    "complainant": ["Jane Doe", "jane.doe@example.com", "+44 20 7946 0000", "12 Acacia Avenue, London N1 7AA", "CW-7781-22"],
    "company": [
        "CoinVault Ltd",
        "Customer Support",
        "1 Harbour Street, Dublin",
        "support@coinvault.example",
        "5",  # the sector: crypto-assets
        "y",
        "Sam Patel",
        "Head of Customer Experience",
        "sam.patel@coinvault.example",
    ],
    "purchase": ["n"],
    "staff": ["y", "Mark", "AG-3310", "live-chat agent", "n"],
    "incidents": [
        "2026-09-14",
        "live chat",
        'He told me to "stop wasting his time": then closed the chat.',
        "",  # a long answer ends with an empty line
        "1,6",
        "",  # who was involved: the one staff member, offered
        "y",
        "2026-09-16",
        "email",
        "He asked for a priority fee of 25 EUR that is in no fee schedule.",
        "",
        "3 5",
        "",
        "n",
    ],
    "evidence": [
        "y",
        "1",
        "2026-09-14",
        "Transcript of the live chat",
        "",
        "Chat 88-1902",
        "y",
        "6",
        "",
        "Card payment of the fee",
        "",
        "PAY-55102",
        "n",
    ],
    "policies": ["y", "CoinVault Fee Schedule", "section 3", "lists every withdrawal fee", "", "n"],
    "losses": ["y", "Priority fee charged without basis", "25.00", "eur", "n"],
    "demands": ["5 1 6", "refund the 25.00 EUR priority fee", "", "", ""],
    "deadline": ["10"],
    "contacts": ["n"],
    "finish": ["", "", ""],  # language, case id, and Enter at the review
}

ZH: dict[str, list[str]] = {
    "complainant": ["王小明", "xiaoming@example.com", "+86 138 0000 0000", "北京市朝阳区建国路 1 号", "BP-UID-889120"],
    "company": ["比特派 (Bitpie)", "客户服务部", "", "support@bitpie.example", "", "n"],
    "purchase": ["n"],
    "staff": ["y", "", "CS-1024", "在线客服", "n"],
    "incidents": ["2026年10月3日", "App 内在线客服", "客服四十分钟只回复两次，随后关闭了工单。", "", "1、2", "", "n"],
    "evidence": ["n"],
    "policies": ["n"],
    "losses": ["y", "重复转账产生的手续费", "35.50", "", "n"],
    "demands": ["1 5", "", "退还手续费 35.50 元", ""],
    "deadline": [""],
    "contacts": ["n"],
    "finish": ["", "BP-2026-0042", ""],
}


def script(sections: dict[str, list[str]], **replace: list[str]) -> str:
    return "\n".join(line for name, lines in sections.items() for line in replace.get(name, lines)) + "\n"


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_scripted_interview_writes_a_case_file_that_validates(cli, tmp_path):
    target = tmp_path / "case.yaml"

    result = cli("new", target, "--lang", "en", input=script(EN))

    assert result.exit_code == 0, result.output
    case = load_case(target).case
    assert case.case_id == "CL-20260914"  # suggested from the company's initials and the first incident, accepted
    assert case.language == "en"
    assert case.complainant.model_dump(exclude_none=True) == {
        "name": "Jane Doe",
        "email": "jane.doe@example.com",
        "phone": "+44 20 7946 0000",
        "address": "12 Acacia Avenue, London N1 7AA",
        "account_id": "CW-7781-22",
    }
    assert case.company.management.title == "Head of Customer Experience"
    assert case.incidents[0].summary == 'He told me to "stop wasting his time": then closed the chat.'
    assert [p.value for p in case.incidents[1].problems] == ["wrong-advice", "unjustified-fee"]
    assert [e.reference for e in case.evidence] == ["Chat 88-1902", "PAY-55102"]
    assert case.evidence[1].date is None
    assert case.policies[0].clause == "section 3"
    assert (case.losses[0].amount, case.losses[0].currency) == (Decimal("25.00"), "EUR")
    assert [(d.type.value, d.detail) for d in case.demands] == [
        ("refund", "refund the 25.00 EUR priority fee"),
        ("apology", None),
        ("staff-action", None),
    ]
    assert case.response_days == 10
    assert case.contacts == []
    assert f"letters generate {target} --stage first-complaint --out letters-out" in result.output


def test_case_file_is_commented_in_the_interview_language_with_amounts_quoted(cli, tmp_path):
    target = tmp_path / "case.yaml"

    cli("new", target, "--lang", "zh", input=script(ZH))

    text = target.read_text(encoding="utf-8")
    assert "complainant:                   # 投诉人（你自己）" in text
    assert 'amount: "35.50"' in text
    assert "date: 2026-10-03" in text  # 2026年10月3日 written the way case files write dates
    assert list(yaml.safe_load(text)) == [
        "version",
        "case_id",
        "language",
        "complainant",
        "company",
        "staff",
        "incidents",
        "evidence",
        "policies",
        "losses",
        "demands",
        "response_days",
        "contacts",
    ]


def test_chinese_interview_asks_in_chinese_and_the_letters_default_to_chinese(cli, tmp_path):
    target = tmp_path / "case.yaml"

    result = cli("new", target, "--lang", "zh", input=script(ZH))

    assert result.exit_code == 0, result.output
    assert "你的姓名：" in result.output and "这一次出了哪些问题？" in result.output
    case = load_case(target).case
    assert (case.language, case.case_id, case.staff[0].id, case.staff[0].name) == ("zh", "BP-2026-0042", "CS-1024", None)
    assert [p.value for p in case.incidents[0].problems] == ["rude", "slow"]
    assert case.losses[0].currency == "CNY"  # offered as the default in Chinese
    assert case.response_days == 14
    assert "letters generate" in result.output and "--stage first-complaint" in result.output


def test_wrong_date_is_asked_again_with_the_reason(cli, tmp_path):
    target = tmp_path / "case.yaml"
    incidents = ["2026-02-30", "14/09/2026", "2999-01-01", "2026/9/4"] + EN["incidents"][1:6] + ["n"]

    result = cli("new", target, "--lang", "en", input=script(EN, incidents=incidents))

    assert result.exit_code == 0, result.output
    assert "2026-02-30 is not a real date (day value is outside expected range)." in result.output
    assert "“14/09/2026” is not a date; write it as YYYY-MM-DD, e.g. 2026-10-03." in result.output
    assert "2999-01-01 is after today" in result.output
    assert load_case(target).case.incidents[0].date == dt.date(2026, 9, 4)


def test_wrong_date_reason_is_given_in_chinese(cli, tmp_path):
    incidents = ["2026-02-30"] + ZH["incidents"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "zh", input=script(ZH, incidents=incidents))

    assert "2026-02-30 不是真实存在的日期（这个月没有这一天）。" in result.output


def test_wrong_amount_and_currency_are_asked_again_with_the_reason(cli, tmp_path):
    target = tmp_path / "case.yaml"
    losses = ["y", "Fee", "abc", "-5", "1,250.75", "XYZ", "usdt", "n"]

    result = cli("new", target, "--lang", "en", input=script(EN, losses=losses))

    assert "“abc” is not a number; write only the amount, e.g. 35.50 (the currency is asked next)." in result.output
    assert "Must be greater than 0." in result.output
    assert "Unknown currency 'XYZ'" in result.output
    loss = load_case(target).case.losses[0]
    assert (str(loss.amount), loss.currency) == ("1250.75", "USDT")
    assert 'amount: "1250.75"' in target.read_text(encoding="utf-8")


def test_bad_email_and_days_are_asked_again(cli, tmp_path):
    complainant = ["Jane Doe", "jane at example", "jane@example.com", "", "", ""]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, complainant=complainant, deadline=["0", "ten", "21"]))

    assert "“jane at example” does not look like an email address" in result.output
    assert result.output.count("Give a whole number of days from 1 to 365.") == 2
    assert load_case(tmp_path / "case.yaml").case.response_days == 21


def test_a_staff_member_needs_a_name_an_id_or_a_role(cli, tmp_path):
    staff = ["y", "", "", "", "", "AG-3310", "agent", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, staff=staff))

    assert result.exit_code == 0, result.output
    assert "Describe the staff member: a name, an id or a role (at least one). Let's go through that part again." in result.output
    case = load_case(tmp_path / "case.yaml").case
    assert [(m.key, m.name, m.id, m.role) for m in case.staff] == [("S1", None, "AG-3310", "agent")]


def test_no_staff_member_means_no_incident_names_anyone(cli, tmp_path):
    incidents = EN["incidents"][:5] + EN["incidents"][6:12] + ["n"]  # no "who was involved" menu

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, staff=["n"], incidents=incidents))

    assert result.exit_code == 0, result.output
    assert "Who was involved on that occasion?" not in result.output
    case = load_case(tmp_path / "case.yaml").case
    assert case.version == 2 and case.staff == []
    assert [i.staff for i in case.incidents] == [None, None]
    assert "staff: []                      # the staff involved" in (tmp_path / "case.yaml").read_text()


def test_two_staff_members_and_each_incident_names_its_own(cli, tmp_path):
    staff = ["y", "Mark", "AG-3310", "live-chat agent", "y", "", "", "hotline agent", "n"]
    incidents = list(EN["incidents"])
    incidents[5], incidents[12] = "1", "2"  # who was involved, by the menu's numbers

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, staff=staff, incidents=incidents))

    assert result.exit_code == 0, result.output
    assert "  1. Mark (AG-3310, live-chat agent) (S1)" in result.output
    assert "  2. hotline agent (S2)" in result.output
    case = load_case(tmp_path / "case.yaml").case
    assert [(m.key, m.role) for m in case.staff] == [("S1", "live-chat agent"), ("S2", "hotline agent")]
    assert [i.staff for i in case.incidents] == [["S1"], ["S2"]]


def test_the_sector_and_the_purchase_are_asked(cli, tmp_path):
    purchase = ["y", "Priority withdrawal", "ORD-5521", "2026-09-16", "25.00", "EUR"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, purchase=purchase))

    assert result.exit_code == 0, result.output
    case = load_case(tmp_path / "case.yaml").case
    assert case.company.sector == "crypto"
    assert case.purchase is not None
    assert (
        case.purchase.product,
        case.purchase.order,
        case.purchase.date.isoformat(),
        str(case.purchase.amount),
        case.purchase.currency,
    ) == (
        "Priority withdrawal",
        "ORD-5521",
        "2026-09-16",
        "25.00",
        "EUR",
    )


def test_menu_answer_out_of_range_is_asked_again(cli, tmp_path):
    demands = ["9", "apology"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, demands=demands + [""]))

    assert "Choose by number, from 1 to 7." in result.output
    assert [d.type.value for d in load_case(tmp_path / "case.yaml").case.demands] == ["apology"]


def test_other_demand_needs_a_description(cli, tmp_path):
    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, demands=["7", "", "Close my account", ""]))

    assert "This one is needed; please answer it." in result.output
    assert load_case(tmp_path / "case.yaml").case.demands[0].detail == "Close my account"


def test_end_of_input_saves_nothing(cli, tmp_path):
    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script({k: EN[k] for k in ("complainant", "company")}))

    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: the answers ended before the interview was finished; nothing was saved"
    assert files_in(tmp_path) == []


def test_existing_file_is_refused_before_any_question(cli, tmp_path):
    target = tmp_path / "case.yaml"
    target.write_text("mine\n", encoding="utf-8")

    result = cli("new", target, "--lang", "zh", input=script(ZH))

    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: already exists; not overwritten (use --force to replace it)\n"
    assert "你的姓名" not in result.output
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_force_replaces_an_existing_file(cli, tmp_path):
    target = tmp_path / "case.yaml"
    target.write_text("mine\n", encoding="utf-8")

    result = cli("new", target, "--force", "--lang", "zh", input=script(ZH))

    assert result.exit_code == 0, result.output
    assert load_case(target).case.case_id == "BP-2026-0042"


def test_without_a_path_the_file_is_named_after_the_case_id(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "CL-20260914.yaml").write_text("mine\n", encoding="utf-8")
    finish = ["", "", "", "CL-20260914", "my-complaint"]  # a name that exists is refused, so another is asked for

    result = cli("new", "--lang", "en", input=script(EN, finish=finish))

    assert result.exit_code == 0, result.output
    assert "CL-20260914.yaml already exists; letters never overwrites it." in result.output
    assert str(tmp_path) not in result.output.split("already exists")[0]  # the name, not the folder it is in
    assert (tmp_path / "CL-20260914.yaml").read_text(encoding="utf-8") == "mine\n"
    assert load_case(tmp_path / "my-complaint.yaml").case.case_id == "CL-20260914-2"
    assert "letters generate my-complaint.yaml --stage first-complaint --out letters-out" in result.output


def test_the_suggested_case_id_and_file_name_are_free_in_the_folder(cli, tmp_path, monkeypatch):
    """A second case against the same company from the same day is not offered the first one's id:
    the two would share a letters folder, and its file name would be refused."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "CL-20260914.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "other.yml").write_text("version: 2\ncase_id: 'cl-20260914-2'\n", encoding="utf-8")

    result = cli("new", "--lang", "en", input=script(EN, finish=["", "", "", ""]))

    assert result.exit_code == 0, result.output
    assert "already exists" not in result.output
    assert load_case(tmp_path / "CL-20260914-3.yaml").case.case_id == "CL-20260914-3"
    assert (tmp_path / "CL-20260914.yaml").read_text(encoding="utf-8") == "mine\n"


def test_evidence_file_must_exist_beside_the_case_file(cli, tmp_path):
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "chat.png").write_bytes(b"png")
    evidence = ["y", "4", "", "Screenshot of the chat", "../outside.png", "evidence/missing.png", "evidence/chat.png", "", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, evidence=evidence))

    assert "“../outside.png” points outside the case file's folder." in result.output
    assert f"“evidence/missing.png” does not exist in {tmp_path.resolve()}." in result.output
    assert load_case(tmp_path / "case.yaml").case.evidence[0].file == "evidence/chat.png"


def test_next_command_names_the_follow_up_when_a_complaint_was_already_sent(cli, tmp_path):
    # the reply: not satisfactory, no promise, not a final response
    contacts = ["y", "2026-09-20", "1", "email", "TICKET-1", "", "y", "2026-09-22", "5", "email", "", "They refused", "", "n", "", "", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, contacts=contacts))

    assert result.exit_code == 0, result.output
    contacts_read = load_case(tmp_path / "case.yaml").case.contacts
    assert [(c.kind.value, c.satisfactory) for c in contacts_read] == [("complaint", None), ("reply", False)]
    assert "--stage escalation" in result.output


def test_a_reply_that_promised_something_by_a_date_and_a_final_response(cli, tmp_path):
    contacts = [
        "y",
        "2026-09-20",
        "1",
        "email",
        "",
        "",
        "y",
        "2026-09-22",
        "5",
        "email",
        "",
        "",
        "y",
        "Refund of the 25 EUR fee",
        "2026-10-06",
        "",
    ]
    contacts += ["y", "2026-10-10", "5", "email", "", "", "n", "", "y", "n"]  # a later reply: their final response

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, contacts=contacts))

    assert result.exit_code == 0, result.output
    assert "Did they promise something? In their words (optional): " in result.output
    replies = [c for c in load_case(tmp_path / "case.yaml").case.contacts if c.kind.value == "reply"]
    assert [(r.satisfactory, r.promise, r.promise_by, r.final) for r in replies] == [
        (True, "Refund of the 25 EUR fee", dt.date(2026, 10, 6), False),
        (False, None, None, True),
    ]


def test_a_promise_may_be_due_after_today(cli, tmp_path):
    contacts = ["y", "2026-09-20", "1", "email", "", "", "y", "2026-09-22", "5", "email", "", "", "y", "Refund", "2999-01-01", "", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, contacts=contacts))

    assert result.exit_code == 0, result.output
    assert load_case(tmp_path / "case.yaml").case.contacts[1].promise_by == dt.date(2999, 1, 1)


def _reader(answers: list[str], then: type[BaseException] = KeyboardInterrupt):
    queue = list(answers)

    def read(prompt: str) -> str:
        if not queue:
            raise then
        return queue.pop(0)

    return read


def test_ctrl_c_before_the_case_is_complete_saves_nothing(tmp_path):
    answers = script({k: EN[k] for k in ("complainant", "company", "staff")}).splitlines()
    prompter = Prompter("en", read=_reader(answers), interactive=True)

    with pytest.raises(InterviewStopped) as stopped:
        run_interview(tmp_path / "case.yaml", "en", prompter=prompter)

    assert stopped.value.interrupted
    assert str(stopped.value) == "Stopped. Nothing was saved."
    assert files_in(tmp_path) == []


def test_ctrl_c_after_the_demands_offers_a_draft_that_validates(tmp_path):
    before_deadline = [k for k in EN if k not in ("deadline", "contacts", "finish")]
    answers = script({k: EN[k] for k in before_deadline}).splitlines()
    offered = []

    def read(prompt: str) -> str:
        if answers:
            return answers.pop(0)
        if "draft" in prompt:
            offered.append(prompt)
            return "y"
        raise KeyboardInterrupt

    written = run_interview(tmp_path / "case.yaml", "en", prompter=Prompter("en", read=read, interactive=True))

    assert offered and str(tmp_path / "case.yaml") in offered[0]
    assert written == tmp_path / "case.yaml"
    case = load_case(written).case
    assert (case.response_days, len(case.demands)) == (14, 3)
    assert files_in(tmp_path) == ["case.yaml"]


def test_end_of_input_never_offers_a_draft(tmp_path):
    before_deadline = [k for k in EN if k not in ("deadline", "contacts", "finish")]
    answers = script({k: EN[k] for k in before_deadline}).splitlines()
    from letters.interview.ask import EndOfInput

    with pytest.raises(InterviewStopped) as stopped:
        run_interview(tmp_path / "case.yaml", "en", prompter=Prompter("en", read=_reader(answers, EndOfInput), interactive=False))

    assert not stopped.value.interrupted
    assert files_in(tmp_path) == []


@given(st.text(min_size=1, max_size=40))
def test_any_answer_reads_back_unchanged_from_the_file(text):
    from letters.casefile.fullyaml import _Loader

    loaded = yaml.load(f"key: {_quote(text)}\n", Loader=_Loader)

    assert loaded == {"key": text}


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "null",
        "~",
        "- a",
        "a: b",
        "#x",
        "x #y",
        " lead",
        "trail ",
        "0x1F",
        "1e3",
        "2026-10-03",
        '"q"',
        "'q'",
        "a\nb",
        "\u2028",
        "\x85",
        "@me",
        "%x",
        "!tag",
        "*alias",
        "&anchor",
        "[1]",
        "{a}",
        "14",
    ],
)
def test_text_yaml_would_misread_is_quoted(text):
    from letters.casefile.fullyaml import _Loader

    quoted = _quote(text)

    assert quoted.startswith('"')
    assert yaml.load(f"key: {quoted}\n", Loader=_Loader) == {"key": text}


def test_case_id_is_suggested_from_company_initials_and_first_date():
    assert suggest_case_id("CoinVault Ltd", dt.date(2026, 9, 14)) == "CL-20260914"
    assert suggest_case_id("比特派 (Bitpie)", dt.date(2026, 10, 3)) == "B-20261003"
    assert suggest_case_id("示例钱包公司", dt.date(2026, 10, 3)) == "CASE-20261003"
    assert suggest_case_id("CoinVault Ltd", dt.date(2026, 9, 14), taken={"cl-20260914", "cl-20260914-2"}) == "CL-20260914-3"


def test_both_languages_ask_every_question():
    assert set(TEXT["zh"]) == set(TEXT["en"])


def test_a_file_name_with_a_newline_cannot_break_the_comments():
    text = case_yaml({"version": 1, "contacts": []}, "en", "a\nb.yaml")

    assert yaml.safe_load(text) == {"version": 1, "contacts": []}


def test_help_ends_with_an_example(cli):
    result = cli("new", "--help")

    assert result.output.split("Example:")[1].split()[:4] == ["letters", "new", "my-case.yaml", "--lang"]


def _builtin_template(name: str) -> bool:
    try:
        from letters.templating.search import builtin_dir

        return (builtin_dir() / name).is_file()
    except Exception:  # the built-in templates are still being written
        return False


@pytest.mark.skipif(not _builtin_template("first-complaint.en.docx"), reason="built-in templates not committed yet")
def test_first_complaint_from_the_interview_holds_every_fact_given(cli, tmp_path):
    target = tmp_path / "case.yaml"
    cli("new", target, "--lang", "en", input=script(EN))

    result = cli("generate", target, "--stage", "first-complaint", "--out", tmp_path / "out", "--on", "2026-11-25")

    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "out" / "CL-20260914" / "first-complaint.docx")
    escalation_only = {"Sam Patel", "Head of Customer Experience", "sam.patel@coinvault.example"}
    answered = [
        a
        for name in ("complainant", "company", "staff", "evidence", "policies")
        for a in EN[name]
        if len(a) > 2 and not a[:4].isdigit() and a not in escalation_only
    ]
    facts = answered + [
        EN["incidents"][2],
        EN["incidents"][8],
        "14 September 2026",
        "16 September 2026",
        "live chat",
        "email",
        "Priority fee charged without basis",
        "€25.00",
        "refund the 25.00 EUR priority fee",  # the demand's detail, exactly as typed
        "10 days",
    ]
    missing = [fact for fact in facts if fact not in text]
    assert missing == []


#: One Hong Kong interview in Traditional Chinese, answered the way Hong Kong answers (係 / 冇).
ZH_HANT: dict[str, list[str]] = {
    "complainant": ["陳大文", "taiman@example.hk", "+852 9123 4567", "香港九龍旺角彌敦道 688 號", ""],
    "company": ["快付錢包", "客戶服務部", "香港九龍觀塘海濱道 135 號", "support@quickpay.example.hk", "2", "冇"],
    "purchase": ["冇"],
    "staff": ["係", "何先生", "", "電話客服", "冇"],
    "incidents": ["2026年10月6日", "客戶服務熱線", "客服未有核對紀錄便掛線。", "", "1", "", "冇"],
    "evidence": ["冇"],
    "policies": ["冇"],
    "losses": ["係", "被重複扣除的增值金額", "500", "", "冇"],
    "demands": ["5", "", ""],
    "deadline": [""],
    "contacts": ["冇"],
    "finish": ["", "QP-1", ""],
}


def test_a_hong_kong_locale_is_asked_in_traditional_and_gets_traditional_letters(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LETTERS_LANG", "zh-Hant")  # what a zh_HK or zh_TW locale gives
    target = tmp_path / "case.yaml"
    result = cli("new", target, input=script(ZH_HANT))

    assert result.exit_code == 0, result.output
    assert "你的姓名：" in result.output and "這一次出了哪些問題？" in result.output
    assert not set("这题时写员务") & set(result.output), "a Simplified character in the questions"
    case = load_case(target).case
    assert (case.language, case.case_id, case.staff[0].name) == ("zh-Hant", "QP-1", "何先生")
    assert (case.losses[0].currency, str(case.losses[0].amount)) == ("HKD", "500")  # HKD is offered in Hong Kong
    assert case.incidents[0].date == dt.date(2026, 10, 6)
    text = target.read_text(encoding="utf-8")
    assert "個案檔案" in text and "投訴人（你自己）" in text  # the file's notes are Traditional too


def test_the_interview_gives_its_reasons_in_its_own_language_whatever_the_locale(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LETTERS_LANG", "zh")  # a Chinese locale, an English interview
    losses = ["y", "Priority fee", "-5", "25.00", "eur", "n"]

    result = cli("new", tmp_path / "case.yaml", "--lang", "en", input=script(EN, losses=losses))

    assert result.exit_code == 0, result.output
    assert "Must be greater than 0." in result.output and "大于" not in result.output


def test_the_review_writes_choices_and_staff_in_the_interfaces_language() -> None:
    from letters.interview.ask import _shown, _staff_labels

    staff = [{"key": "S1", "name": "小林", "role": "网上客服"}, {"key": "S2", "role": "热线客服"}, {"key": "S3", "role": "热线客服"}]
    assert _staff_labels(staff, "zh") == {"S1": "小林（网上客服）", "S2": "S2: 热线客服", "S3": "S3: 热线客服"}
    assert _staff_labels(staff[:1], "en") == {"S1": "小林 (网上客服)"}
    labels = {"rude": "态度生硬", "delay": "处理拖延"}
    assert _shown(["rude", "delay"], labels, "zh") == "态度生硬、处理拖延"
    assert _shown(["rude", "delay"], labels, "en") == "态度生硬, 处理拖延"


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("zh", "请说明这名职员：姓名、工号或岗位（至少一项）。"),
        ("zh-Hant", "請說明這名職員：姓名、員工編號或職位（至少一項）。"),
        ("en", "Describe the staff member: a name, an id or a role (at least one)."),
    ],
)
def test_a_refused_staff_member_is_worded_in_the_interfaces_language(lang: str, expected: str) -> None:
    """A reason of the models' own that no table of the interview words (an empty staff member,
    as the web app's interview met it) comes from the message catalog, not in English."""
    from pydantic import ValidationError

    from letters.casefile.model import Staff
    from letters.interview.ask import _reason, _validate

    with pytest.raises(ValidationError) as refused:
        _validate(Staff, {})
    assert _reason(refused.value.errors()[0], "", lang) == expected


def test_the_suggestion_reads_no_pipe_or_folder_named_like_a_case(tmp_path):
    """A FIFO named like a case file would never end a read: its name is taken, it is not opened."""
    import os

    from letters.interview.ask import ids_in

    os.mkfifo(tmp_path / "waiting.yaml")
    (tmp_path / "folder.yml").mkdir()
    (tmp_path / "mine.yaml").write_text("version: 2\ncase_id: MINE-1\n", encoding="utf-8")
    assert ids_in(tmp_path) == {"waiting", "folder", "mine", "mine-1"}

"""The follow-up, escalation and filing letters carry what came before, in .txt and .docx."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

import pytest

from letters.casefile.load import load_case
from letters.phrasebook import format_date
from letters.pipeline import generate
from letters.viewmodel.words import zh_prose
from tests.builders import case_dict, docx_text, reader_text, write_case

ON = "2026-11-30"

CONTACTS = [
    {"date": "2026-10-05", "kind": "complaint", "channel": "email", "reference": "TK-5521"},
    {"date": "2026-10-20", "kind": "follow-up", "channel": "post", "reference": "RR-2207"},
    {"date": "2026-10-25", "kind": "reply", "summary": "Refused any refund", "satisfactory": False},
    {"date": "2026-11-05", "kind": "escalation", "channel": "registered mail", "reference": "ESC-3310"},
]


def letters_for(tmp_path: Path, lang: str, stage: str, contacts: list[dict[str, Any]] = CONTACTS, **changes: Any) -> dict[str, str]:
    """Generate both formats of one stage and return what a reader sees in each."""
    path = write_case(tmp_path / lang, case_dict(lang, contacts=contacts, **changes))
    written = generate(path, stage=stage, out=tmp_path / "out", on=dt.date.fromisoformat(ON), force=True)
    by_ext = {p.suffix: p for p in written}
    return {"txt": by_ext[".txt"].read_text(encoding="utf-8"), "docx": docx_text(by_ext[".docx"])}


# --- follow-up ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, date, expired",
    [
        ("zh", "2026年10月5日", "请贵公司于2026年10月19日前答复。该期限已过，本人至今未收到任何答复。"),
        ("en", "5 October 2026", "I asked for your final response by 19 October 2026; that date has passed and I have had no reply."),
    ],
)
def test_follow_up_restates_the_complaint_and_the_deadline_that_passed(tmp_path: Path, lang: str, date: str, expired: str) -> None:
    for fmt, text in letters_for(tmp_path, lang, "follow-up", CONTACTS[:1]).items():
        assert date in text, fmt
        assert "TK-5521" in text and "email" in text, fmt
        assert expired in text, fmt


# a follow-up sets a shorter deadline: 7 days (chase_days unset) from 30 November
@pytest.mark.parametrize("lang, new_date", [("zh", "2026年12月7日"), ("en", "7 December 2026")])
def test_follow_up_asks_again_by_a_new_date_and_claims_no_contact_the_case_does_not_log(tmp_path: Path, lang: str, new_date: str) -> None:
    text = letters_for(tmp_path, lang, "follow-up", CONTACTS[:1])["txt"]
    assert new_date in text
    for claim in ("客服热线或在线客服", "telephone line or online chat", "also contacting", "同时通过"):
        assert claim not in text


@pytest.mark.parametrize(
    "lang, chased",
    [
        ("zh", "此后，本人已于2026年10月12日通过hotline致电查询（编号：CALL-1）"),
        ("en", "I have since chased it on 12 October 2026 by hotline (ref CALL-1)."),
    ],
)
def test_follow_up_lists_the_chases_the_case_logs(tmp_path: Path, lang: str, chased: str) -> None:
    call = {"date": "2026-10-12", "kind": "call", "channel": "hotline", "reference": "CALL-1"}
    for fmt, text in letters_for(tmp_path, lang, "follow-up", [CONTACTS[0], call]).items():
        assert chased in text, fmt


def test_follow_up_restates_the_demands(tmp_path: Path) -> None:
    text = letters_for(tmp_path, "zh", "follow-up", CONTACTS[:1])["docx"]
    assert "就上述问题向本人作出书面道歉。" in text and "退还手续费 12 元。" in text


# --- escalation ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_escalation_lists_every_earlier_contact_in_the_docx_table_and_the_txt(tmp_path: Path, lang: str) -> None:
    letters = letters_for(tmp_path, lang, "escalation", CONTACTS[:3])
    for contact in CONTACTS[:3]:
        date = format_date(dt.date.fromisoformat(contact["date"]), lang)
        for fmt, text in letters.items():
            assert date in text, (fmt, date)
            if contact.get("reference"):
                assert contact["reference"] in text, (fmt, contact["reference"])


@pytest.mark.parametrize(
    "stage, lang, rows",
    [
        (
            "escalation",
            "en",
            [
                ["5 October 2026", "I sent my complaint by email (your ref TK-5521)."],
                ["20 October 2026", "No reply by 19 October 2026, the deadline in my complaint of 5 October 2026."],
                ["20 October 2026", "I chased my complaint by post (ref RR-2207)."],
                ["25 October 2026", "You replied: Refused any refund. I do not consider that this resolves my complaint."],
            ],
        ),
        (
            "consumer-association",
            "en",
            [
                ["5 October 2026", "I sent my complaint by email (ref TK-5521)."],
                ["25 October 2026", "The company replied: Refused any refund. I do not consider that this resolves my complaint."],
                ["5 November 2026", "I asked the company's management to review my complaint by registered mail (ref ESC-3310)."],
            ],
        ),
        (
            "escalation",
            "zh",
            [
                ["2026年10月5日", "本人通过email向贵公司提交投诉（贵方编号：TK-5521）。"],
                ["2026年10月20日", "本人通过post催促贵公司处理（编号：RR-2207）。"],
                ["2026年10月25日", "贵公司答复，Refused any refund。本人认为该答复未能解决问题。"],
            ],
        ),
        (
            "consumer-association",
            "zh",
            [
                ["2026年10月5日", "本人通过email向该公司提交投诉（编号：TK-5521）。"],
                ["2026年11月5日", "本人通过registered mail致函该公司管理层（编号：ESC-3310）。"],
            ],
        ),
    ],
)
def test_chronology_is_a_docx_table_row_per_dated_event(tmp_path: Path, stage: str, lang: str, rows: list[list[str]]) -> None:
    import docx

    contacts = CONTACTS if stage == "consumer-association" else CONTACTS[:3]
    path = write_case(tmp_path, case_dict(lang, contacts=contacts))
    written = generate(path, stage=stage, formats=("docx",), out=tmp_path / "out", on=dt.date.fromisoformat(ON))
    tables = docx.Document(str(written[0])).tables
    found = [[reader_text(cell.text) for cell in row.cells] for table in tables for row in table.rows]
    for row in rows:
        assert row in found


@pytest.mark.parametrize(
    "lang, management, expected",
    [
        ("zh", None, "尊敬的客户服务负责人："),
        ("en", None, "Dear Sir or Madam,"),
        ("zh", {"name": "张伟", "title": "客户服务总监"}, "尊敬的张总监："),  # the surname and the rank
        ("en", {"name": "Ms Jane Hall", "title": "Director of Operations"}, "Dear Ms Hall,"),
    ],
)
def test_escalation_is_addressed_to_management(tmp_path: Path, lang: str, management: Any, expected: str) -> None:
    company = dict(case_dict(lang)["company"])
    if management:
        company["management"] = management
    for text in letters_for(tmp_path, lang, "escalation", CONTACTS[:2], company=company).values():
        assert expected in text
        if management:
            assert management["title"] in text
        if lang == "en":  # a named person is signed off "sincerely", a title or department "faithfully"
            assert ("Yours sincerely," if management else "Yours faithfully,") in text


@pytest.mark.parametrize("lang, totals", [("zh", ["人民币12.00元", "1.5 USDT"]), ("en", ["£10.00", "1.5 USDT"])])
def test_escalation_totals_losses_per_currency_and_names_the_next_step(tmp_path: Path, lang: str, totals: list[str]) -> None:
    losses = case_dict(lang)["losses"] + [
        {"description": "x", "amount": "1", "currency": "USDT"},
        {"description": "y", "amount": "0.5", "currency": "USDT"},
    ]
    for text in letters_for(tmp_path, lang, "escalation", CONTACTS[:2], losses=losses).values():
        for total in totals:
            assert total in text
        assert (
            ("市场监督管理部门" in text and "本人将向" in text)
            if lang == "zh"
            else ("I reserve my rights. If it is not resolved by then, I will refer my complaint to" in text)
        )
        assert ("2026年12月14日" if lang == "zh" else "in writing by email to tom@example.com by 14 December 2026.") in text


# --- consumer-association filing ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filing_carries_the_fields_a_consumer_body_requires(tmp_path: Path, lang: str) -> None:
    base = case_dict(lang)
    prose = zh_prose if lang == "zh" else str
    for fmt, text in letters_for(tmp_path, lang, "consumer-association").items():
        person, company = base["complainant"], base["company"]
        for value in (person["name"], person["phone"], prose(person["address"]), company["name"], prose(company["address"])):
            assert value in text, (fmt, value)
        assert base["incidents"][0]["summary"] in text, fmt
        assert base["staff"]["id"] in text, fmt
        assert base["evidence"][0]["description"] in text, fmt
        for contact in CONTACTS:
            assert format_date(dt.date.fromisoformat(contact["date"]), lang) in text, (fmt, contact["date"])
            if contact.get("reference"):
                assert contact["reference"] in text, (fmt, contact["reference"])


@pytest.mark.parametrize("lang, recipient", [("zh", "市场监督管理部门"), ("en", "Financial Ombudsman Service")])
def test_filing_goes_to_the_body_where_the_company_is(tmp_path: Path, lang: str, recipient: str) -> None:
    # The base cases' companies are in Shenzhen and in Leeds (letters/plan/jurisdictions/).
    for text in letters_for(tmp_path, lang, "consumer-association").values():
        assert recipient in text


def test_filing_uses_the_authority_named_in_the_case(tmp_path: Path) -> None:
    authority = {"name": "北京市消费者协会", "address": "北京市西城区"}
    for text in letters_for(tmp_path, "zh", "consumer-association", authority=authority).values():
        assert "北京市消费者协会" in text and "北京市西城区" in text and "12315" not in text


# --- cases not seen before ----------------------------------------------------------------


def random_path_case(seed: int, lang: str) -> list[dict[str, Any]]:
    """A complaint, a follow-up, an unsatisfactory reply or not, and an escalation, with random facts."""
    rng = random.Random(seed)
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600))
    contacts = []
    for kind in ("complaint", "follow-up", "reply", "escalation"):
        day += dt.timedelta(days=rng.randrange(1, 30))
        entry: dict[str, Any] = {"date": day.isoformat(), "kind": kind}
        if kind == "reply":
            entry["satisfactory"] = False
        else:
            entry["reference"] = f"{rng.choice(['WO', '工单', 'CASE'])}-{rng.randrange(10**6):06d}"
            entry["channel"] = rng.choice(["email", "电话", "in-app chat", "信函"])
        contacts.append(entry)
    return contacts


@pytest.mark.parametrize("seed", range(4))
def test_each_stage_carries_the_earlier_contacts_of_unseen_cases(tmp_path: Path, seed: int) -> None:
    lang = "zh" if seed % 2 else "en"
    contacts = random_path_case(seed, lang)
    for stage, earlier in (("follow-up", 1), ("escalation", 3), ("consumer-association", 4)):
        for fmt, text in letters_for(tmp_path / stage, lang, stage, contacts[:earlier]).items():
            for contact in contacts[:earlier]:
                assert format_date(dt.date.fromisoformat(contact["date"]), lang) in text, (stage, fmt, contact)
                if "reference" in contact:
                    assert contact["reference"] in text and contact["channel"] in text, (stage, fmt, contact)


# --- prerequisites and --record through the command line -----------------------------------


@pytest.mark.parametrize(
    "stage, contacts, kind",
    [("follow-up", [], "complaint"), ("escalation", CONTACTS[:1], "follow-up"), ("consumer-association", CONTACTS[:2], "escalation")],
)
def test_generate_refuses_a_stage_whose_contact_is_missing(cli: Any, tmp_path: Path, stage: str, contacts: list, kind: str) -> None:
    path = write_case(tmp_path, case_dict("en", contacts=contacts))
    result = cli("generate", path, "--stage", stage, "--out", tmp_path / "out", "--on", ON)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: stage {stage}: needs ")
    assert f"record it with: letters log {path} --kind {kind} --date YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "out").exists()


def test_generate_record_logs_the_letter_as_sent_on_the_letter_date(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, "# my case\n" + _yaml(case_dict("zh", contacts=CONTACTS[:1])))
    result = cli("generate", path, "--stage", "follow-up", "--out", tmp_path / "out", "--on", ON, "--record")
    assert result.exit_code == 0, result.output
    contacts = load_case(path).case.contacts
    assert [(c.kind.value, c.date.isoformat(), c.summary) for c in contacts[1:]] == [("follow-up", ON, "投诉催办函")]
    assert path.read_text(encoding="utf-8").startswith("# my case\n")
    again = cli("generate", path, "--stage", "follow-up", "--out", tmp_path / "out", "--on", ON, "--record", "--force")
    assert again.exit_code == 0 and len(load_case(path).case.contacts) == 2  # not logged twice


def _yaml(data: dict[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize(
    ("lang", "summary", "told"),
    [
        # the summary tells who answered: it is the sentence, the channel and reference follow it
        (
            "zh",
            "客服中心邮件回复称退票服务费按规则不予退还",
            "2026年10月25日　客服中心邮件回复称退票服务费按规则不予退还（email，贵方编号：CR-77）。本人认为该答复未能解决问题。",
        ),
        ("zh-Hant", "會員服務部電郵回覆，拒絕退款", "2026年10月25日　會員服務部電郵回覆，拒絕退款（email，貴公司編號：CR-77）。"),
        # someone else answering is not made the company's (a marketplace's merchant)
        ("zh", "商家回复称商品已拆封", "2026年10月25日　商家回复称商品已拆封（email，贵方编号：CR-77）。"),
        # an answer with no subject of its own takes the company's
        ("zh", "仅回复“按流程处理”", "2026年10月25日　贵公司仅回复“按流程处理”（email，贵方编号：CR-77）。"),
        ("zh", "书面最终答复：不予退款", "2026年10月25日　贵公司书面最终答复：不予退款（email，贵方编号：CR-77）。"),
        # the user telling it is the sentence too, with no second subject before it
        ("zh", "我收到客服中心邮件，称商品已拆封", "2026年10月25日　我收到客服中心邮件，称商品已拆封（email，贵方编号：CR-77）。"),
        # a summary that does not tell the answering keeps the company's answer before it
        ("zh", "拒绝退款", "2026年10月25日　贵公司通过email答复（贵方编号：CR-77），拒绝退款。"),
    ],
)
def test_a_reply_whose_summary_tells_the_answering_is_told_once(tmp_path: Path, lang: str, summary: str, told: str) -> None:
    """ "贵公司通过电子邮件答复，客服中心邮件回复称…" said the reply twice (native read): the
    user's summary, printed as written, is the sentence when it says who answered and how."""
    reply = {"date": "2026-10-25", "kind": "reply", "channel": "email", "reference": "CR-77", "summary": summary, "satisfactory": False}
    txt = letters_for(tmp_path, lang, "escalation", contacts=[*CONTACTS[:2], reply])["txt"]
    assert told in txt
    assert txt.count(summary) == 1


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "On 10 October 2026 you promised “十个工作日内退款” by 20 October 2026; that promise has not been kept."),
        ("zh", "贵公司于2026年10月10日承诺“十个工作日内退款”，期限为2026年10月20日，但至今未兑现"),
    ],
)
def test_an_escalation_after_a_chase_still_says_the_promise_was_broken(tmp_path: Path, lang: str, said: str) -> None:
    """Native read 5: once a follow-up had chased a broken promise, the escalation's opening said
    only that the company had replied (貴公司於…回覆，但此事至今仍未解決) or nothing at all."""
    promised = {"date": "2026-10-10", "kind": "reply", "satisfactory": True, "promise": "十个工作日内退款", "promise_by": "2026-10-20"}
    chased = {"date": "2026-10-25", "kind": "follow-up", "channel": "email"}
    txt = letters_for(tmp_path, lang, "escalation", contacts=[CONTACTS[0], promised, chased])["txt"]
    assert said in txt


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "On 10 October 2026 the company promised “十个工作日内退款” by 20 October 2026, and it has not kept that promise."),
        ("zh", "；该公司曾于2026年10月10日承诺“十个工作日内退款”，期限为2026年10月20日，但至今未兑现。"),
    ],
)
def test_a_filing_opens_with_the_promise_the_company_broke(tmp_path: Path, lang: str, said: str) -> None:
    """Native read 6: the filing told the broken promise only in its chronology."""
    promised = {"date": "2026-10-10", "kind": "reply", "satisfactory": True, "promise": "十个工作日内退款", "promise_by": "2026-10-20"}
    later = [
        {"date": "2026-10-25", "kind": "follow-up", "channel": "email"},
        {"date": "2026-11-05", "kind": "escalation", "channel": "email"},
    ]
    txt = letters_for(tmp_path, lang, "consumer-association", contacts=[CONTACTS[0], promised, *later])["txt"]
    opening = next(line for line in txt.split("\n") if line.lstrip("　").startswith(("I wish to complain", "本人")))
    assert said in opening


@pytest.mark.parametrize(
    ("summary", "tagged"),
    [
        ("电话客服小张（工号 KF-007）挂断了我的电话", False),  # name, id and role are all the user's own words already
        ("小张挂断了我的电话", True),  # the tag still says their role and staff id
    ],
)
def test_the_staff_tag_is_left_out_only_when_the_summary_already_names_them_in_full(tmp_path: Path, summary: str, tagged: bool) -> None:
    """Native reads 3–5: "理赔专员刘婷（工号 LP-20817）来电称…经办职员：理赔专员刘婷（工号：LP-20817）。" said it twice."""
    incidents = [{"date": "2026-10-02", "channel": "客服热线", "summary": summary, "problems": ["rude"]}]
    txt = letters_for(tmp_path, "zh", "first-complaint", contacts=[], incidents=incidents)["txt"]
    line = next(line for line in txt.split("\n") if summary in line)
    assert ("经办职员：电话客服小张（工号：KF-007）。" in line) is tagged


@pytest.mark.parametrize("stage", ["follow-up", "escalation", "consumer-association"])
def test_an_english_word_letter_never_breaks_a_line_inside_a_date(tmp_path: Path, stage: str) -> None:
    """Native reads 3 and 5: "on 2 | September 2026", "4 and 19 August and 1 | September". In Word the
    spaces inside an English date are no-break spaces; the .txt keeps plain ones."""
    import docx

    path = write_case(tmp_path / "en", case_dict("en", contacts=CONTACTS))
    written = generate(path, stage=stage, out=tmp_path / "out", on=dt.date.fromisoformat(ON))
    by_ext = {p.suffix: p for p in written}
    document = docx.Document(str(by_ext[".docx"]))
    raw = "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells])
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert re.search(rf"\d\u00a0(?:{months})\u00a0\d{{4}}", raw)
    assert not re.search(rf"\b\d{{1,2}} (?:{months})\b|\b(?:{months}) \d{{4}}\b", raw)
    assert "\u00a0" not in by_ext[".txt"].read_text(encoding="utf-8")

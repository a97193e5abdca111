"""What version 2 records reach the letters (issue #29 item 4, LETTER-CRAFT §7): evidence the
company holds is asked to be preserved and never enclosed; a broken promise is quoted with its
date and deadline; the filing encloses a final response; an unnamed agent is said plainly; a
letter to a US company is written with US conventions."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from letters.casefile.load import load_case
from letters.pipeline import generate
from letters.viewmodel.build import build_context
from tests.builders import docx_text, write_case

ON = dt.date(2026, 11, 25)

CASE: dict[str, Any] = {
    "version": 2,
    "case_id": "V2-LETTER",
    "language": "en",
    "jurisdiction": "GB",
    "complainant": {"name": "Pat Doe", "email": "pat@example.com"},
    "company": {"name": "Acme Energy", "sector": "energy", "email": "help@acme.example"},
    "staff": [{"key": "S1", "name": "Robin", "role": "billing agent"}, {"key": "S2", "role": "hotline agent"}],
    "incidents": [
        {"date": "2026-09-01", "channel": "web chat", "staff": ["S1"], "summary": "Robin said my refund was approved."},
        {"date": "2026-09-03", "channel": "telephone", "staff": ["S2"], "summary": "The hotline said no refund was on file."},
    ],
    "evidence": [
        {"kind": "screenshot", "date": "2026-09-01", "description": "Screenshot of the chat with Robin"},
        {"kind": "call-recording", "date": "2026-09-03", "description": "the recording of my hotline call", "held_by": "company"},
    ],
    "losses": [{"id": "L1", "description": "overcharge on my August bill", "amount": "120.00", "currency": "GBP"}],
    "demands": [{"type": "refund", "detail": "refund the overcharge", "losses": ["L1"]}, {"type": "apology"}],
    "contacts": [
        {"date": "2026-09-05", "kind": "complaint", "channel": "email", "reference": "AC-1001"},
        {
            "date": "2026-09-10",
            "kind": "reply",
            "channel": "email",
            "summary": "they agreed to refund",
            "satisfactory": True,
            "promise": "we will refund £120.00 within 10 days",
            "promise_by": "2026-09-20",
        },
    ],
}


def letter(tmp_path: Path, data: dict[str, Any], stage: str) -> dict[str, str]:
    path = write_case(tmp_path / data["language"] / stage, data)
    written = generate(path, stage=stage, out=tmp_path / "out" / stage, on=ON, force=True)
    by_ext = {p.suffix: p for p in written}
    return {"txt": by_ext[".txt"].read_text(encoding="utf-8"), "docx": docx_text(by_ext[".docx"])}


def case(lang: str = "en", **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(CASE)
    data["language"] = lang
    data.update(changes)
    return data


@pytest.mark.parametrize("lang, label", [("en", "Enclosures"), ("zh", "附件"), ("zh-Hant", "附件")])
def test_evidence_the_company_holds_is_asked_to_be_preserved_never_enclosed(tmp_path: Path, lang: str, label: str) -> None:
    for fmt, text in letter(tmp_path, case(lang), "first-complaint").items():
        body, _, enclosures = text.rpartition(label)
        assert "Screenshot of the chat with Robin" in enclosures, fmt
        assert "the recording of my hotline call" not in enclosures and "E2" not in enclosures, fmt
        assert "the recording of my hotline call" in body, fmt  # in the request to preserve the records


def test_the_follow_up_quotes_the_broken_promise_with_its_date_and_deadline(tmp_path: Path) -> None:
    for fmt, text in letter(tmp_path, case(), "follow-up").items():
        # the reply named by its channel and date, the promise quoted exactly as recorded
        assert "In your email of 10 September 2026 you promised “we will refund £120.00 within 10 days” by 20 September 2026." in text, fmt
        assert "That date has passed and the promise has not been kept." in text, fmt
        # the subject: the wrong (no issue given: the promise not kept) and the company's reference
        assert "Follow-up to my complaint: your promise of 10 September 2026 not kept – your ref AC-1001" in text, fmt
        assert "I will ask your management to review my complaint" in text, fmt  # the next step
        assert "2 December 2026 (7 days from the date of this letter)" in text, fmt  # a shorter deadline


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_a_chinese_follow_up_quotes_the_promise_as_written(tmp_path: Path, lang: str) -> None:
    for fmt, text in letter(tmp_path, case(lang), "follow-up").items():
        assert "we will refund £120.00 within 10 days" in text, fmt
        assert "2026年9月20日" in text, fmt


@pytest.mark.parametrize(
    "lang, promise, twice",
    [
        ("zh", "9月20日前将120元原路退回", "期限为2026年9月20日"),
        ("zh-Hant", "9月20日前將120元退回信用卡", "期限為2026年9月20日"),
        ("en", "we will refund £120.00 by 20 September", "by 20 September 2026"),
    ],
)
def test_a_promise_that_names_its_own_day_is_not_given_it_again(tmp_path: Path, lang: str, promise: str, twice: str) -> None:
    data = case(lang)
    data["contacts"][1]["promise"] = promise
    for fmt, text in letter(tmp_path, data, "follow-up").items():
        assert promise in text, fmt
        assert twice not in text, fmt


def test_the_filing_encloses_the_final_response_and_asks_in_noun_phrases(tmp_path: Path) -> None:
    data = case()
    data["contacts"] = [
        CASE["contacts"][0],
        {"date": "2026-10-30", "kind": "reply", "channel": "letter", "summary": "final answer: no refund", "final": True},
    ]
    for fmt, text in letter(tmp_path, data, "consumer-association").items():
        assert "final response of 30 October 2026 is enclosed." in text, fmt  # why the body may act now
        assert "The company sent its final response by letter: final answer: no refund." in text, fmt
        assert "Copy of the company's final response of 30 October 2026" in text.rpartition("Enclosures")[2], fmt
        assert "1. “refund the overcharge” (£120.00)" in text, fmt  # their words, the sum once
        assert "2. a written apology" in text and "pologise" not in text, fmt


@pytest.mark.parametrize(
    "lang, replied, asked, not_asked",
    [
        (
            "en",
            "Your final response of 30 October 2026 did not resolve it.",
            "send me the outcome of your review by",
            "send me your final response",
        ),
        ("zh", "贵公司于2026年10月30日作出最终答复，但未能解决问题", "就复核结果作出书面答复", "最终书面答复"),
        ("zh-Hant", "貴公司於2026年10月30日發出最終回覆，但未能解決問題", "就覆核結果作出書面回覆", "作出最終書面回覆"),
    ],
)
def test_an_escalation_after_a_final_response_asks_for_the_review_not_a_final_response_again(
    tmp_path: Path, lang: str, replied: str, asked: str, not_asked: str
) -> None:
    """Native read: a Hong Kong escalation told the bank it had replied, then asked it for its 最終書面回覆."""
    data = case(lang)
    data["contacts"] = [
        CASE["contacts"][0],
        {"date": "2026-10-30", "kind": "reply", "channel": "letter", "summary": "no refund", "satisfactory": False, "final": True},
    ]
    for fmt, text in letter(tmp_path, data, "escalation").items():
        assert replied in text and asked in text, (fmt, text)
        assert not_asked not in text, fmt


@pytest.mark.parametrize("stage", ["first-complaint", "escalation"])
def test_the_law_the_facts_fit_is_cited_to_the_company_from_the_first_letter(tmp_path: Path, stage: str) -> None:
    """Native read: the Fair Credit Billing Act and 消保法第二十五条 came only in the filing, where the
    company never reads them."""
    contacts = [CASE["contacts"][0], {"date": "2026-09-20", "kind": "reply", "summary": "no", "satisfactory": False}]
    card = case(
        jurisdiction="US", issue="my billing-error dispute of a $389.00 charge for a sofa that was never delivered", contacts=contacts
    )
    card["company"] = {**CASE["company"], "sector": "financial", "address": "1 Main Street, Wilmington, DE 19801, USA"}
    card["purchase"] = {"product": "sofa", "order": "card ending 4417", "amount": "389.00", "currency": "USD"}
    for fmt, text in letter(tmp_path / "us", card, stage).items():
        said = text.replace("\n\n", "\n")
        assert "The law\nUnder the Fair Credit Billing Act (15 U.S.C. 1666), goods or services not delivered" in said, fmt
    shop = case("zh", jurisdiction="CN", issue="拒绝七天无理由退货", contacts=contacts)
    shop["company"] = {**CASE["company"], "sector": "e-commerce", "address": "浙江省杭州市余杭区文一西路1号"}
    for fmt, text in letter(tmp_path / "cn", shop, stage).items():
        assert "法律依据\n" in text and "根据《中华人民共和国消费者权益保护法》第二十五条，经营者采用网络" in text, fmt
    plain = letter(tmp_path / "none", case(contacts=contacts), stage)["txt"]  # no fact a provision fits: no section
    assert "The law" not in plain


@pytest.mark.parametrize(
    "lang, summary, lead",
    [
        (
            "en",
            "Your agent Robin said my refund was approved.",
            "In my own words, as I put them to the company (“you” there means the company):",
        ),
        ("zh", "贵公司客服说退款已批准。", "以下经过摘自本人致该公司的陈述，文中的“贵公司”均指该公司："),
        ("zh-Hant", "你們的客服說退款已批准。", "以下經過摘自本人致該公司的陳述，文中的「你們」均指該公司："),
    ],
)
def test_a_filing_says_whose_you_the_users_own_words_mean(tmp_path: Path, lang: str, summary: str, lead: str) -> None:
    """Native read: "Your letter dated August 3, 2026 denied my dispute", sent to the CFPB, reads as if the CFPB had."""
    data = case(lang)
    data["incidents"] = [{**CASE["incidents"][0], "summary": summary}, CASE["incidents"][1]]
    data["contacts"] = [CASE["contacts"][0], {"date": "2026-10-30", "kind": "reply", "summary": "no", "final": True}]
    for fmt, text in letter(tmp_path / "you", data, "consumer-association").items():
        assert lead in text, fmt
    data["incidents"] = CASE["incidents"]  # no "you" in them: nothing to explain
    assert lead not in letter(tmp_path / "plain", data, "consumer-association")["txt"]


@pytest.mark.parametrize(
    "lang, first, second",
    [
        ("en", "I do not consider that this resolves my complaint.", "It did not resolve my complaint either."),
        ("zh", "本人认为该答复未能解决问题。", "该答复仍未能解决问题。"),
        ("zh-Hant", "本人認為有關回覆未能解決問題。", "有關回覆仍未能解決問題。"),
    ],
)
def test_a_second_reply_not_accepted_is_said_in_words_of_its_own(tmp_path: Path, lang: str, first: str, second: str) -> None:
    """Native read's case (a broadband provider's reply, then its deadlock letter): the chronology said
    "I do not consider that this resolves my complaint." of both."""
    data = case(lang)
    data["contacts"] = [
        CASE["contacts"][0],
        {"date": "2026-09-12", "kind": "reply", "summary": "a credit offered", "satisfactory": False},
        {"date": "2026-09-20", "kind": "follow-up", "channel": "email"},
        {"date": "2026-10-30", "kind": "reply", "summary": "no refund", "satisfactory": False, "final": True},
    ]
    for fmt, text in letter(tmp_path, data, "consumer-association").items():
        assert text.count(first) == 1 and text.count(second) == 1, fmt


def test_each_incident_names_only_its_own_staff_and_an_unknown_name_plainly(tmp_path: Path) -> None:
    text = letter(tmp_path, case(), "first-complaint")["txt"]
    first = next(line for line in text.splitlines() if "Robin said my refund" in line)
    second = next(line for line in text.splitlines() if "The hotline said" in line)
    assert "with Robin (billing agent)" in first and "hotline agent" not in first
    assert "with the hotline agent (whose name I do not know)" in second and "Robin (" not in second


def test_a_letter_to_a_us_company_uses_us_conventions(tmp_path: Path) -> None:
    data = case(jurisdiction="US")
    data["losses"][0]["currency"] = "USD"
    data["contacts"] = CASE["contacts"][:1]
    text = letter(tmp_path, data, "first-complaint")["txt"]
    assert "September 5, 2026" in text and "5 September 2026" not in text
    assert "apologize to me in writing." in text and "pologise" not in text
    assert "Dear Sir or Madam:" in text and "Sincerely," in text and "Yours faithfully" not in text
    assert "$120.00" in text and "US$" not in text
    assert "September 1 and 3, 2026" in text  # a list of dates, US style


def test_staff_labels_are_each_letters_own(tmp_path: Path) -> None:
    """A letter names each member once and reuses it; the next letter, from another case, names its own."""
    renamed = case()
    renamed["staff"][0]["name"] = "Sasha"
    first, second = (
        build_context(load_case(write_case(tmp_path / n, data)), "first-complaint", ON) for n, data in (("a", case()), ("b", renamed))
    )
    assert [i["staff"] for i in first["incidents"]] == [["Robin (billing agent)"], ["the hotline agent (whose name I do not know)"]]
    assert [i["staff"] for i in second["incidents"]] == [["Sasha (billing agent)"], ["the hotline agent (whose name I do not know)"]]
    assert (first["staff"]["label"], second["staff"]["label"]) == ("Robin (billing agent)", "Sasha (billing agent)")
    assert [p["label"] for p in second["people"]] == ["Sasha (billing agent)", "the hotline agent (whose name I do not know)"]


def test_what_was_bought_in_brackets_of_its_own_is_not_bracketed_again(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["company"]["sector"] = "aviation"
    data["purchase"] = {"order": "K7PQ2M", "product": "round-trip flight CMH–DEN (cancelled by the airline)"}
    opening = letter(tmp_path, data, "first-complaint")["txt"]
    assert "concerning booking K7PQ2M for round-trip flight CMH–DEN (cancelled by the airline)." in opening
    data["purchase"]["product"] = "round-trip flight CMH–DEN"
    assert "concerning booking K7PQ2M (round-trip flight CMH–DEN)." in letter(tmp_path / "plain", data, "first-complaint")["txt"]


def test_an_english_demand_written_as_a_noun_phrase_gets_a_verb_after_please(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["demands"] = [
        {"type": "compensation", "detail": "a goodwill payment for the time I have spent", "amount": "50.00", "currency": "GBP"},
        {"type": "refund", "detail": "refund the overcharge", "losses": ["L1"]},
        {"type": "other", "detail": "A copy of the call recording"},
        {"type": "compensation", "detail": "£150 for the distress of chasing this"},
    ]
    txt = letter(tmp_path, data, "first-complaint")["txt"]
    assert "1. pay me a goodwill payment for the time I have spent (£50.00)." in txt
    assert "2. refund the overcharge (£120.00)." in txt
    assert "3. A copy of the call recording." in txt  # a capital: the user's own sentence, left as written
    assert "4. pay me £150 for the distress of chasing this." in txt


@pytest.mark.parametrize("stage", ["first-complaint", "consumer-association"])
def test_an_issue_written_as_a_sentence_stands_as_one_and_a_phrase_is_led_in(tmp_path: Path, stage: str) -> None:
    data = copy.deepcopy(CASE)
    data["contacts"] = [
        CASE["contacts"][0],
        {"date": "2026-10-30", "kind": "reply", "channel": "letter", "summary": "no refund", "final": True},
    ]
    data["issue"] = "Acme ignored my meter reading and overcharged me."
    txt = letter(tmp_path, data, stage)["txt"]
    assert "Acme ignored my meter reading and overcharged me." in txt
    assert "The problem is this" not in txt
    data["issue"] = "estimated bills after my meter reading was ignored"
    txt = letter(tmp_path / "phrase", data, stage)["txt"]
    assert "The problem is this: estimated bills after my meter reading was ignored." in txt


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_a_policy_title_the_user_marked_with_book_marks_is_not_marked_twice(tmp_path: Path, lang: str) -> None:
    from tests.builders import case_dict

    for title, shown in (
        ("途程旅行《机票退改签须知》", "途程旅行《机票退改签须知》第三条"),
        ("机票退改签须知", "《机票退改签须知》第三条"),
    ):
        data = case_dict(lang, policies=[{"title": title, "clause": "第三条"}])
        txt = letter(tmp_path / title, data, "first-complaint")["txt"]
        assert shown in txt and "》》" not in txt


def test_a_follow_up_to_an_fca_firm_inside_its_eight_weeks_asks_for_a_reply_and_names_when_the_final_response_is_due(
    tmp_path: Path,
) -> None:
    data = copy.deepcopy(CASE)
    data["company"]["sector"] = "insurance"
    data["contacts"] = [{"date": "2026-09-07", "kind": "complaint", "channel": "email"}]
    path = write_case(tmp_path / "fca", data)
    written = generate(path, stage="follow-up", out=tmp_path / "out", on=dt.date(2026, 9, 22), force=True)
    txt = next(p for p in written if p.suffix == ".txt").read_text(encoding="utf-8")
    assert "I asked for a reply by 21 September 2026; that date has passed" in txt
    assert (
        "Your final response is due by 2 November 2026, eight weeks after my complaint; please reply to this letter"
        " by 29 September 2026 (7 days from the date of this letter), by email to pat@example.com." in txt
    )
    assert "Please send me your final response" not in txt
    # an energy or telecoms firm has its ombudsman scheme's wait (native read: a final response asked
    # for in 14 days, then 7, from a firm with 8 weeks), in the scheme's own unit
    for sector, due in (("energy", "2 November 2026, 8 weeks"), ("telecoms", "19 October 2026, 6 weeks")):
        data["company"]["sector"] = sector
        path = write_case(tmp_path / sector, data)
        written = generate(path, stage="follow-up", out=tmp_path / sector / "out", on=dt.date(2026, 9, 22), force=True)
        txt = next(p for p in written if p.suffix == ".txt").read_text(encoding="utf-8")
        assert f"Your final response is due by {due} after my complaint; please reply to this letter by 29 September 2026" in txt
    data["company"]["sector"] = "retail"  # no scheme's wait to allow: the final response is asked for
    path = write_case(tmp_path / "retail", data)
    written = generate(path, stage="follow-up", out=tmp_path / "out2", on=dt.date(2026, 9, 22), force=True)
    txt = next(p for p in written if p.suffix == ".txt").read_text(encoding="utf-8")
    assert "Please send me your final response in writing by 29 September 2026" in txt


@pytest.mark.parametrize(
    "lang, sector, product, said",
    [
        ("zh", "telecoms", "1000M光纤宽带两年合约", "于2026年8月15日在贵公司办理1000M光纤宽带两年合约（编号：GZ-1）"),
        ("zh-Hant", "other", "24個月會籍", "於2026年8月15日在貴公司辦理24個月會籍（編號：GZ-1）"),
        ("zh", "e-commerce", "空气炸锅", "于2026年8月15日向贵公司购买空气炸锅（订单号：GZ-1）"),
    ],
)
def test_a_service_taken_out_is_办理_and_goods_are_购买(tmp_path: Path, lang: str, sector: str, product: str, said: str) -> None:
    from tests.builders import case_dict

    data = case_dict(lang, purchase={"product": product, "order": "GZ-1", "date": "2026-08-15"})
    data["company"]["sector"] = sector
    assert said in letter(tmp_path, data, "first-complaint")["txt"]


def test_an_incident_cites_the_evidence_it_lists_whatever_its_date(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["evidence"] = [
        {"kind": "screenshot", "date": "2026-09-01", "description": "Screenshot of the chat with Robin"},
        {"id": "INV", "kind": "document", "date": "2026-09-20", "description": "the hotel invoice"},
        {"kind": "call-recording", "date": "2026-09-03", "description": "the recording of my hotline call", "held_by": "company"},
    ]
    txt = letter(tmp_path / "dated", data, "first-complaint")["txt"]
    assert "Robin said my refund was approved. (enclosure E1)" in txt  # dated its day: cited without a link
    assert "(enclosure INV)" not in txt  # an invoice dated later proves nothing of its own accord
    data["incidents"][1]["evidence"] = ["INV", "E2"]  # E2, the company's recording: never an enclosure
    txt = letter(tmp_path / "linked", data, "first-complaint")["txt"]
    assert "The hotline said no refund was on file. (enclosure INV)" in txt
    data["incidents"][0]["evidence"] = []  # nothing proves it, not even what is dated its day
    assert "(enclosure E1)" not in letter(tmp_path / "none", data, "first-complaint")["txt"]


def test_a_day_no_staff_member_is_recorded_for_is_not_called_the_service_of_your_staff(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["incidents"][1]["staff"] = []  # the second day: nobody recorded (a text message, a form)
    txt = letter(tmp_path / "mixed", data, "first-complaint")["txt"]
    assert (
        "I am writing to make a formal complaint about how you dealt with me on 1 and 3 September 2026,"
        " including my dealings with Robin (billing agent) on 1 September 2026." in txt
    )
    assert "the service I received from your staff" not in txt
    data["incidents"][1]["staff"] = ["S2"]  # everyone recorded: the service of the company's staff
    txt = letter(tmp_path / "all", data, "first-complaint")["txt"]
    assert "the service I received from your staff on 1 and 3 September 2026" in txt


def test_an_order_number_after_a_product_ending_in_brackets_is_not_bracketed_beside_them(tmp_path: Path) -> None:
    from tests.builders import case_dict

    data = case_dict("zh", purchase={"product": "机票两张（2026年10月2日）", "order": "TC1", "date": "2026-09-28"})
    txt = letter(tmp_path, data, "first-complaint")["txt"]
    assert "向贵公司购买机票两张（2026年10月2日），订单号：TC1" in txt and "）（订单号" not in txt


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_an_evidence_reference_the_user_named_is_not_labelled_again(tmp_path: Path, lang: str) -> None:
    from tests.builders import case_dict

    evidence = [
        {"kind": "screenshot", "date": "2026-10-02", "description": "派单短信", "reference": "工单 BX-1"},
        {"kind": "screenshot", "date": "2026-10-02", "description": "截图", "reference": "REC-8"},
    ]
    txt = letter(tmp_path, case_dict(lang, evidence=evidence), "first-complaint")["txt"]
    assert "派单短信（工单 BX-1）" in txt
    assert "截图（编号：REC-8）" in txt or "截图（編號：REC-8）" in txt


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "I do not accept the rest of that reply either (they refused the late fee)."),
        ("zh", "对于该答复的其他内容（they refused the late fee），本人亦不能接受。"),
        ("zh-Hant", "對於該回覆的其他內容（they refused the late fee），本人亦不能接受。"),
    ],
)
def test_a_follow_up_on_a_broken_promise_keeps_what_else_the_unaccepted_reply_said(tmp_path: Path, lang: str, said: str) -> None:
    data = case(lang)
    data["contacts"][1].update(satisfactory=False, summary="they refused the late fee")
    for fmt, text in letter(tmp_path, data, "follow-up").items():
        assert said in text, fmt
    data["contacts"][1]["satisfactory"] = True  # a reply accepted for its promise: nothing else to dispute
    assert "they refused the late fee" not in letter(tmp_path / "accepted", data, "follow-up")["txt"]


@pytest.mark.parametrize(
    "lang, stage, said",
    [
        ("en", "first-complaint", "The hotline said no refund was on file. (held by you: the recording of my hotline call)"),
        ("en", "consumer-association", "(held by the company: the recording of my hotline call)"),
        ("zh", "first-complaint", "（the recording of my hotline call由贵公司保存）"),
    ],
)
def test_evidence_the_company_holds_that_an_incident_lists_is_named_beside_it(tmp_path: Path, lang: str, stage: str, said: str) -> None:
    data = case(lang) if lang != "en" else copy.deepcopy(CASE)
    data["contacts"] = [CASE["contacts"][0], {"date": "2026-10-30", "kind": "reply", "channel": "letter", "summary": "no", "final": True}]
    data["incidents"][1]["evidence"] = ["E2"]  # E2: the recording the company holds
    assert said in letter(tmp_path, data, stage)["txt"]


def test_an_english_filing_states_the_purchase_as_the_bodys_form_asks(tmp_path: Path) -> None:
    data = copy.deepcopy(CASE)
    data["contacts"] = [CASE["contacts"][0], {"date": "2026-10-30", "kind": "reply", "channel": "letter", "summary": "no", "final": True}]
    data["purchase"] = {"product": "dual fuel supply", "order": "BH-00734511", "date": "2026-02-01", "amount": "96.00", "currency": "GBP"}
    txt = letter(tmp_path, data, "consumer-association")["txt"]
    assert (
        "The purchase\nProduct or service: dual fuel supply\nOrder or reference: BH-00734511\nDate: 1 February 2026\nAmount: £96.00\n"
        in txt
    )

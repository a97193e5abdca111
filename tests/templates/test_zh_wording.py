"""The Chinese letters read as a native adviser writes them (LETTER-CRAFT §4 and §7).

Every stage of the version-2 cases in tests/templates/zh_cases (a bank card dispute, a 7-day
return, two agents on an app, a telecom bill with a final response; in Hong Kong a broken
refund promise, an unnamed cashier, an airline refund) and of the golden Chinese cases, in
the text and in the Word letter: no stock phrase, no sentence said twice, 本人 in the
template's words, the register of the reader, Hong Kong words in Hong Kong letters.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from letters.casefile.load import load_case
from letters.casefile.model import STAGES
from letters.errors import LettersError
from letters.pipeline import render_letters
from letters.templating.search import TemplateSearchPath
from letters.viewmodel.build import hkd_in_words
from tests.builders import ROOT, docx_text

ON = dt.date(2026, 11, 25)
CASES = ROOT / "tests" / "templates" / "zh_cases"
CHINESE = sorted(CASES.glob("*.yaml")) + [
    ROOT / "tests" / "golden" / "cases" / "bitpie-zh-chased.yaml",
    ROOT / "tests" / "golden" / "cases" / "quickpay-zh-hant-chased.yaml",
]

#: What native readers struck out (issue #23): never in a built-in Chinese letter.
STOCK = (
    "本人认为，此次服务存在以下问题",
    "本人認為，此次服務存在以下問題",
    "其他服务问题",
    "其他服務問題",
    "客服服务问题的投诉",
    "客戶服務問題的投訴",
    "具体问题为",
    "具體問題為",
    "：投诉函。",  # a log note recited as what a letter said ("提交投诉（贵方编号：…）：投诉函。")
    "：投訴信。",
)
#: Mainland words a Hong Kong reader finds foreign in a letter.
MAINLAND_IN_HK = ("確認收悉", "處理時限", "材料", "複核", "您", "依法受理", "港元", "事由", "敬禮", "尊敬的", "答覆", "通過", "貴單位")


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[str, str, object]]:
    """(case id, stage) → (text letter, Word letter's text, case) for every stage each case allows."""
    folder = tmp_path_factory.mktemp("zh")
    search = TemplateSearchPath.build(use_env=False, use_config=False)
    out: dict[tuple[str, str], tuple[str, str, object]] = {}
    for path in CHINESE:
        case_file = load_case(path)
        for stage in STAGES:
            try:
                letter = render_letters(case_file, stage=stage, formats=("txt", "docx"), search=search, on=ON)
            except LettersError:
                continue
            target = folder / f"{case_file.case.case_id}-{stage}.docx"
            target.write_bytes(letter.files["docx"])
            out[(case_file.case.case_id, stage)] = (letter.files["txt"].decode("utf-8"), docx_text(target), case_file.case)
    return out


def _case_words(data: object) -> set[str]:
    if isinstance(data, dict):
        return set().union(*(_case_words(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_case_words(v) for v in data)) if data else set()
    return {str(data)} if isinstance(data, str) else set()


def _wording(text: str, case: object) -> str:
    """The letter without the case's own words: what the template wrote."""
    from letters.viewmodel.words import prose_for

    words = _case_words(case.model_dump(mode="json", by_alias=True))  # type: ignore[attr-defined]
    words |= {prose_for(case.language)(w) for w in words}  # type: ignore[attr-defined]
    for w in sorted(words, key=len, reverse=True):
        if len(w) > 1:
            text = text.replace(w, "")
    return text


def test_every_case_gives_every_stage(letters: dict) -> None:
    made = {case_id for case_id, _ in letters}
    assert len(made) == len(CHINESE)
    for case_id in made:
        assert {stage for c, stage in letters if c == case_id} == set(STAGES), case_id


def test_no_stock_phrase_and_no_sentence_said_twice(letters: dict) -> None:
    for (case_id, stage), (txt, seen, _) in letters.items():
        for phrase in STOCK:
            assert phrase not in txt and phrase not in seen, (case_id, stage, phrase)
        body = txt.split("\n附件：")[0]
        sentences = [s.strip() for s in re.split(r"(?<=[。！？])", body) if len(s.strip()) > 12]
        repeated = {s for s in sentences if sentences.count(s) > 1}
        assert not repeated, (case_id, stage, repeated)


def test_the_template_says_ben_ren_never_wo(letters: dict) -> None:
    for (case_id, stage), (txt, _, case) in letters.items():
        assert "我" not in _wording(txt, case), (case_id, stage)


def test_the_subject_names_the_thing_and_the_company_reference(letters: dict) -> None:
    shop = letters[("ZH-SHOP-02", "follow-up")][0]
    # the issue as the user wrote it, and the company's reference
    assert "事由：关于拒绝受理订单 YP20261016883421 的七天无理由退货申请的投诉（贵方编号：SH-90021）" in shop
    bank = letters[("ZH-BANK-01", "escalation")][0]
    assert "事由：关于拒绝受理本人信用卡一笔重复扣款的争议交易申请的投诉（贵方编号：XYK20260925-0173）——请管理层复核" in bank
    hk = letters[("HK-PROMISE-05", "follow-up")][0]
    assert "主旨：有關訂單 HM-20260811-0042 梳化破損退款的投訴（貴公司編號：RF-88213）——承諾逾期未履行" in hk


def test_the_register_follows_the_reader(letters: dict) -> None:
    bank = letters[("ZH-BANK-01", "first-complaint")][0]
    assert "本人刘思远是贵行持卡人（浦江银行白金信用卡，卡号尾号6621）。" in bank
    assert "贵公司" not in bank and "用户" not in bank
    assert "尊敬的周总经理：" in letters[("ZH-BANK-01", "escalation")][0]
    shop = letters[("ZH-SHOP-02", "first-complaint")][0]
    # the purchase's price: that it was paid is not what `purchase` records
    assert "本人赵敏于2026年10月16日向贵公司购买空气炸锅（订单号：YP20261016883421），金额人民币899.00元。" in shop
    assert "用户" not in shop
    app = letters[("ZH-APP-03", "first-complaint")][0]
    assert "本人孙立是贵公司用户（账户号：LB-UID-550123）。" in app
    cashier = letters[("HK-CASHIER-06", "first-complaint")][0]
    assert "於2026年10月3日向貴公司購買日用品" in cashier and "用戶" not in cashier


def test_a_demand_states_its_sum_once_in_the_users_words(letters: dict) -> None:
    shop = letters[("ZH-SHOP-02", "first-complaint")][0]
    assert "1. 受理七天无理由退货，退还货款 899 元。\n" in shop  # exactly as written
    assert shop.count("人民币899.00元") == 2  # what was paid, and the loss: never bolted on the demand
    assert "本人请求贵公司受理七天无理由退货，退还货款 899 元；作出书面道歉。请于2026年10月28日前书面答复。" in shop
    telecom = letters[("ZH-TEL-04", "consumer-association")][0]
    assert "1. 退还多收的视频会员包费用，金额为人民币30.00元。\n" in telecom  # the sum inside the sentence, once


def test_what_the_company_holds_is_asked_to_be_preserved_never_enclosed(letters: dict) -> None:
    txt = letters[("ZH-SHOP-02", "first-complaint")][0]
    enclosures = txt.split("\n附件：")[1]
    assert "对话记录" not in enclosures
    assert "请贵公司妥善保全" in txt and "，并向本人提供副本。" in txt


def test_the_follow_up_sets_a_shorter_deadline_and_names_the_next_step(letters: dict) -> None:
    txt = letters[("ZH-BANK-01", "follow-up")][0]
    assert "即本函发出之日起7日内" in txt
    # the bank replied (and did not settle it): the question is whether it is put right, not whether it answers
    assert "请贵行于2026年10月22日前（即本函发出之日起7日内）书面答复。如届时仍未妥善解决，本人将向管理层反映此事。" in txt


def test_the_escalation_tells_the_story_once(letters: dict) -> None:
    for (case_id, stage), (txt, _, case) in letters.items():
        if stage == "escalation":
            for incident in case.incidents:  # type: ignore[attr-defined]
                assert txt.count(incident.summary.rstrip("。")) == 1, (case_id, incident.summary)


def test_a_broken_promise_is_quoted_with_its_date_and_deadline(letters: dict) -> None:
    txt = letters[("HK-PROMISE-05", "follow-up")][0]
    assert "承諾「14 個工作天內退還港幣 2,380 元至原信用卡」，期限為2026年9月22日。該期限已過" in txt


def test_hong_kong_letters_are_hong_kong_writing(letters: dict) -> None:
    for (case_id, stage), (txt, seen, case) in letters.items():
        if case.language != "zh-Hant":  # type: ignore[attr-defined]
            continue
        for wording in (_wording(txt, case), _wording(seen, case)):
            for mainland in MAINLAND_IN_HK:
                assert mainland not in wording, (case_id, stage, mainland)
            # one currency style: the user's (港幣…元 where their words write it so, else HK$)
            assert ("HK$" if hkd_in_words(case) else "港幣") not in wording, (case_id, stage)
        assert "主旨：" in txt and ("謹啟" in txt or stage == "consumer-association"), (case_id, stage)
    filing = letters[("HK-CASHIER-06", "consumer-association")][0]
    assert "懇請貴會協助調解。" in filing and "香港北角渣華道191號嘉華國際中心22樓" in filing
    assert "HK$368.00" in letters[("HK-CASHIER-06", "first-complaint")][0]
    assert "懇請閣下親自覆核此事" in letters[("HK-CASHIER-06", "escalation")][0]
    assert "確認收到本函" in letters[("HK-CASHIER-06", "first-complaint")][0]


def test_the_filing_asks_for_things_not_orders(letters: dict) -> None:
    txt = letters[("HK-CASHIER-06", "consumer-association")][0]
    asks = txt.split("本人的要求如下：")[1].split("\n\n")[1]
    assert asks.splitlines()[0].startswith("1. 退還HK$368.00")
    assert "向本人作出書面道歉。" not in asks


def test_a_long_txid_is_not_justified_across_its_line(tmp_path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    case_file = load_case(CASES / "two-agents-zh.yaml")
    search = TemplateSearchPath.build(use_env=False, use_config=False)
    letter = render_letters(case_file, stage="first-complaint", formats=("docx",), search=search, on=ON)
    (tmp_path / "l.docx").write_bytes(letter.files["docx"])
    document = docx.Document(str(tmp_path / "l.docx"))
    found = [p for p in document.paragraphs if "交易编号" in p.text]
    assert found
    for paragraph in found:
        assert paragraph.paragraph_format.alignment != WD_ALIGN_PARAGRAPH.JUSTIFY
        assert paragraph.style.paragraph_format.alignment != WD_ALIGN_PARAGRAPH.JUSTIFY


def test_hong_kong_wording_has_no_simplified_character(letters: dict) -> None:
    opencc = pytest.importorskip("opencc")
    to_traditional = opencc.OpenCC("s2t")
    for (case_id, stage), (txt, seen, case) in letters.items():
        if case.language != "zh-Hant":  # type: ignore[attr-defined]
            continue
        for wording in (_wording(txt, case), _wording(seen, case)):
            simplified = sorted({ch for ch in wording if "\u4e00" <= ch <= "\u9fff" and to_traditional.convert(ch) not in (ch, "爲", "覈")})
            assert simplified == [], (case_id, stage, simplified)


def test_a_bank_customer_who_speaks_of_a_card_is_its_holder() -> None:
    from letters.viewmodel.words import reader

    case = load_case(CASES / "bank-card-zh.yaml").case
    assert reader(case) == "card"  # the card named in the purchase
    company = case.company.model_copy(update={"name": "浦江银行", "department": "客户服务部"})
    unsaid = case.model_copy(update={"purchase": None, "company": company})
    no_card = unsaid.model_copy(update={"complainant": unsaid.complainant.model_copy(update={"account_id": "6217-0001"})})
    assert reader(no_card) == "bank"  # nothing says card: a bank's 客户
    by_account = unsaid.model_copy(update={"complainant": unsaid.complainant.model_copy(update={"account_id": "卡号尾号 6612"})})
    assert reader(by_account) == "card"  # the account is a card
    by_centre = no_card.model_copy(update={"company": company.model_copy(update={"department": "信用卡中心"})})
    assert reader(by_centre) == "card"  # the card centre is written to


@pytest.mark.parametrize(
    ("lang", "opening"),
    [
        (
            "zh",
            "本人刘思远是贵行持卡人（账户号：6217-0001）。本次投诉涉及的交易：2026年9月12日，丽景酒店三晚住宿预订（订单号：HT-7788），金额人民币1,280.00元。",
        ),
        (
            "zh-Hant",
            "本人劉思遠為貴行持卡人（帳戶號碼：6217-0001）。是次投訴涉及的交易：2026年9月12日，麗景酒店三晚住宿預訂（訂單編號：HT-7788），金額",
        ),
    ],
)
def test_a_card_holders_purchase_is_the_transaction_not_who_they_are(tmp_path: Path, lang: str, opening: str) -> None:
    from letters.casefile.load import parse_case_text

    text = (CASES / "bank-card-zh.yaml").read_text(encoding="utf-8")
    text = text.replace("product: 浦江银行白金信用卡", "product: 丽景酒店三晚住宿预订").replace("order: 卡号尾号6621", "order: HT-7788")
    text = text.replace("  name: 刘思远\n", "  name: 刘思远\n  account_id: 6217-0001\n", 1)
    if lang == "zh-Hant":
        text = (
            text.replace("language: zh", "language: zh-Hant")
            .replace("name: 刘思远", "name: 劉思遠")
            .replace("丽景酒店三晚住宿预订", "麗景酒店三晚住宿預訂")
        )
    case_file = parse_case_text(text.encode("utf-8"), tmp_path / "case.yaml", on=ON)
    letter = render_letters(
        case_file, stage="first-complaint", formats=("txt",), search=TemplateSearchPath.build(use_env=False, use_config=False), on=ON
    )
    said = letter.files["txt"].decode("utf-8")
    assert opening in said, said[:600]

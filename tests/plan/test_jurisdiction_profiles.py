"""For each profile, a filing case of that jurisdiction: the addressee, the form fields, the grounds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from letters.casefile.load import load_case
from letters.phrasebook import PHRASES
from letters.plan.jurisdiction import profile
from letters.viewmodel.build import build_context
from tests.builders import case_dict, write_case

ON = dt.date(2026, 11, 30)
CONTACTS = [
    {"date": "2026-10-05", "kind": "complaint", "channel": "email", "reference": "TK-1"},
    {"date": "2026-10-20", "kind": "follow-up", "channel": "email"},
    {"date": "2026-11-05", "kind": "escalation", "channel": "email"},
    {"date": "2026-11-06", "kind": "note", "summary": "private: do not print"},
]
RUDE = PHRASES["zh"]["problem"]["rude"]  # the problem's label in the letters' own words
TRANSACTION = {"date": "2026-09-30", "amount": "200.00", "currency": "USD", "network": "card", "txid": "ORD-7781"}


def filing(tmp_path: Path, lang: str, address: str, **changes: Any) -> dict[str, Any]:
    data = case_dict(lang, contacts=CONTACTS, **changes)
    data["company"] = {**data["company"], "address": address, "legal_name": "Example Wallet Holdings Ltd", "registration_id": "REG-12345"}
    return build_context(load_case(write_case(tmp_path, data)), "consumer-association", ON)["authority"]


def fields(authority: dict[str, Any]) -> dict[str, str]:
    return {f["label"]: f["value"] for f in authority["form_fields"]}


def test_mainland_company_goes_to_market_regulation_through_12315_citing_the_articles_its_problems_fit(tmp_path: Path) -> None:
    authority = filing(tmp_path, "zh", "深圳市南山区科技园 1 号", transactions=[{**TRANSACTION, "currency": "CNY"}])

    assert (authority["name"], authority["channel"], authority["website"], authority["phone"]) == (
        "市场监督管理部门",
        "全国12315平台",
        "https://www.12315.cn",
        "12315",
    )
    assert (authority["known"], authority["kind"]) == (True, "regulate")
    # rude and slow (the base case's problems): Article 14 fits rude; no article is cited for slow.
    assert authority["grounds"] == [
        f"本人认为，该公司职员{RUDE}，不符合《中华人民共和国消费者权益保护法》第十四条关于消费者在接受服务时享有人格尊严受到尊重的权利的规定。",
        "根据《中华人民共和国消费者权益保护法》第三十九条、第四十六条，消费者可以向有关行政部门投诉，"
        "有关行政部门应当自收到投诉之日起七个工作日内予以处理并告知消费者。",
    ]
    form = fields(authority)
    assert list(form) == [
        "投诉人姓名",
        "联系电话",
        "通讯地址",
        "被投诉人（企业全称或统一社会信用代码）",
        "被投诉人所在地（省/市/区）",
        "被投诉人详细地址",
        "商品或服务名称",
        "消费时间",
        "订单号",
        "涉及金额",
        "问题类别",
        "诉求类型",
        "事情经过",
        "投诉请求",
        "证据材料（上传）",
    ]
    assert form["投诉人姓名"] == "李雷" and form["联系电话"] == "+86 139 1111 2222"
    assert (
        form["被投诉人（企业全称或统一社会信用代码）"]
        == "Example Wallet Holdings Ltd（示例钱包公司）（统一社会信用代码或注册号：REG-12345）"
    )
    assert form["消费时间"] == "2026年9月30日" and form["订单号"] == "ORD-7781"
    assert form["事情经过"].splitlines() == [
        "2026年10月2日，客服热线：客服挂断了我的电话",
        "2026年10月5日，提交投诉（email，编号 TK-1）",
        "2026年10月20日，催办（email）",
        "2026年11月5日，向管理层反映（email）",
    ]
    assert "private" not in form["事情经过"]
    assert form["投诉请求"].splitlines() == ["向本人作出书面道歉", "退还手续费 12 元"]  # 本人 in the wording; the user's words as written


def test_other_problems_cite_the_articles_that_fit_them(tmp_path: Path) -> None:
    incidents = [
        {
            "date": "2026-10-02",
            "summary": "客服给出错误建议并拒绝转接",
            "problems": ["wrong-advice", "refused-supervisor", "unjustified-fee", "other"],
        }
    ]
    grounds = filing(tmp_path, "zh", "北京市朝阳区", incidents=incidents)["grounds"]
    cited = [g.split("不符合")[1].split("关于")[0] for g in grounds if "不符合" in g]
    assert cited == [
        "《中华人民共和国消费者权益保护法》第二十条第二款",
        "《中华人民共和国消费者权益保护法》第十七条",
        "《中华人民共和国消费者权益保护法》第十条",
    ]


def test_hong_kong_company_goes_to_the_consumer_council_and_a_mainland_consumer_hears_of_the_referral(tmp_path: Path) -> None:
    authority = filing(tmp_path, "zh", "香港九龙弥敦道 1 号")

    assert authority["name"] == "香港消费者委员会"
    assert authority["address"] == "香港北角渣华道191号嘉华国际中心22楼"  # its Chinese address in a Chinese letter
    assert (authority["website"], authority["phone"], authority["kind"]) == ("https://www.consumer.org.hk", "2929 2222", "conciliate")
    assert authority["grounds"] == []  # no Hong Kong statute among the verified facts
    council = profile("HK").body("consumer-council")
    assert council is not None
    assert list(fields(authority)) == [f.label.of("zh") for f in council.form]
    assert fields(authority)["通讯地址或电邮"] == "上海市徐汇区漕溪北路 88 号；lilei@example.com"
    assert any("向所在地的消费者协会投诉" in note for note in authority["notes"])  # the complainant lives in Shanghai


def test_uk_company_goes_to_the_ombudsman_citing_section_49_for_a_service_without_care(tmp_path: Path) -> None:
    authority = filing(tmp_path, "en", "9 Quay Road, Leeds")

    assert (authority["name"], authority["address"], authority["email"], authority["kind"]) == (
        "Financial Ombudsman Service",
        "Exchange Tower, London E14 9SR",
        "complaint.info@financial-ombudsman.org.uk",
        "ombudsman",
    )
    assert authority["grounds"] == [
        "In my view, the service I describe above did not meet section 49 of the Consumer Rights Act 2015, "
        "under which a trader must perform a service with reasonable care and skill."
    ]
    assert [f["label"] for f in authority["form_fields"]][:3] == ["Your name", "Address for writing to you", "Phone number"]


def test_us_company_goes_to_the_cfpb_with_its_form_in_order(tmp_path: Path) -> None:
    authority = filing(tmp_path, "en", "1 Main St, Austin, TX 78701, USA", transactions=[TRANSACTION])

    assert (authority["name"], authority["website"], authority["phone"], authority["kind"]) == (
        "Consumer Financial Protection Bureau",
        "https://www.consumerfinance.gov/complaint",
        "(855) 411-2372",
        "regulate",
    )
    assert authority["grounds"] == []
    form = fields(authority)
    assert list(form) == [
        "What happened",
        "Amount involved",
        "What would be a fair resolution",
        "Your information",
        "Product or service",
        "Account number",
        "Company",
        "Company address",
        "When you complained to the company",
        "Documents",
    ]
    assert form["What would be a fair resolution"].splitlines() == [
        "a written explanation of what happened and why",
        "refund the 10 GBP fee",
    ]
    assert form["Your information"].splitlines() == ["Tom Reader", "3 Mill Lane, York", "tom@example.com", "+44 1632 960000"]
    assert form["Company"] == "Example Wallet Holdings Ltd (Example Wallet plc) (registration number REG-12345)"


def test_singapore_company_goes_to_case(tmp_path: Path) -> None:
    authority = filing(tmp_path, "en", "8 Temasek Boulevard, Singapore 038988")

    assert (authority["name"], authority["website"], authority["kind"], authority["known"]) == (
        "Consumers Association of Singapore (CASE)",
        "https://www.case.org.sg",
        "conciliate",
        True,
    )
    assert authority["form_fields"] == [] and authority["notes"]


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_no_body_known_leaves_a_blank_never_a_placeholder_name(tmp_path: Path, lang: str) -> None:
    authority = filing(tmp_path, lang, "12 Rue de Rivoli, Paris, France")

    assert authority["known"] is False
    assert {k: authority[k] for k in ("name", "address", "website", "email", "phone", "kind")} == dict.fromkeys(
        ("name", "address", "website", "email", "phone", "kind"), ""
    )


def test_the_case_own_authority_wins_and_a_known_one_keeps_its_form(tmp_path: Path) -> None:
    own = filing(tmp_path / "a", "zh", "深圳市南山区", authority={"name": "深圳市消费者委员会", "address": "深圳市福田区"})
    assert (own["name"], own["address"], own["website"], own["kind"], own["form_fields"]) == (
        "深圳市消费者委员会",
        "深圳市福田区",
        "",
        "conciliate",  # known as a mainland consumers' association, though its own words win
        [],
    )
    assert own["grounds"][0].startswith(f"本人认为，该公司职员{RUDE}")  # the law is still the company's

    named_12315 = filing(tmp_path / "b", "zh", "深圳市南山区", authority={"name": "全国12315平台"})
    assert named_12315["name"] == "全国12315平台" and named_12315["kind"] == "regulate" and named_12315["form_fields"]


@pytest.mark.parametrize(
    ("paid_on", "did"),
    [
        ("2026-10-02", "收取了依据不明的费用"),  # money changed hands that day: the fee was charged
        ("2026-09-30", "要求本人支付依据不明的费用"),  # paid on another day: the fee was only asked for
    ],
)
def test_a_filings_grounds_name_the_company_and_what_it_did_about_a_fee(tmp_path: Path, paid_on: str, did: str) -> None:
    """Native read: "上述要求本人支付依据不明的费用的情况" read like a tag, and said "asked" of a fee
    the platform had deducted. The grounds now say what the company did, as the case records it."""
    incidents = [{"date": "2026-10-02", "channel": "客服热线", "summary": "客服扣了手续费", "problems": ["unjustified-fee"]}]
    authority = filing(tmp_path, "zh", "深圳市南山区科技园 1 号", incidents=incidents, transactions=[{**TRANSACTION, "date": paid_on}])
    assert authority["grounds"][0] == (
        f"本人认为，该公司{did}，不符合《中华人民共和国消费者权益保护法》第十条关于消费者享有公平交易的权利的规定。"
    )


@pytest.mark.parametrize(("sector", "cited"), [("insurance", True), ("retail", False)])
def test_an_insurers_refused_claim_cites_the_insurance_laws_notice_with_reasons_first(tmp_path: Path, sector: str, cited: bool) -> None:
    """Native read 5: an insurer's partial refusal was held only to the consumer law's duty to answer
    questions. An insurer's refusal now cites 《保险法》第二十四条 (a written notice with reasons within
    three days), before the articles on conduct; "拒赔" from any other company does not."""
    incidents = [{"date": "2026-10-02", "channel": "电话", "summary": "理赔专员称既往症免责，拒赔手术费用", "problems": ["wrong-advice"]}]
    data = case_dict("zh", contacts=CONTACTS, incidents=incidents)
    data["company"] = {**data["company"], "address": "深圳市福田区 1 号", "sector": sector}
    grounds = build_context(load_case(write_case(tmp_path, data)), "consumer-association", ON)["authority"]["grounds"]
    insurance = [g for g in grounds if "保险法" in g]
    assert bool(insurance) is cited
    if cited:
        assert (
            grounds[0]
            == insurance[0]
            == (
                "根据《中华人民共和国保险法》第二十四条，保险人作出核定后，对不属于保险责任的，应当自作出核定之日起三日内"
                "向被保险人或者受益人发出拒绝赔偿或者拒绝给付保险金通知书，并说明理由。"
            )
        )


@pytest.mark.parametrize(("sector", "label"), [("insurance", "保单号：P-123"), ("retail", "订单号：P-123")])
def test_an_insurers_purchase_number_is_the_policy_number(tmp_path: Path, sector: str, label: str) -> None:
    """Native read 5: an insurance policy's number was called 订单号."""
    data = case_dict("zh", purchase={"product": "境外旅行保险", "order": "P-123", "date": "2026-08-02"})
    data["company"] = {**data["company"], "sector": sector}
    assert build_context(load_case(write_case(tmp_path, data)), "first-complaint", ON)["matter"]["order_text"] == label

"""Filings routed by (jurisdiction, sector): each profile row reaches its body, with its gate,
clocks and form, and the gate is the same date in status, validate, generate and batch --due."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from letters.casefile.model import SECTORS, Case
from letters.plan.jurisdiction import (
    FINANCIAL_SECTORS,
    PROFILES_ENV,
    filing_gate,
    filing_route,
    infer_jurisdiction,
    profile,
    shipped_profiles,
)
from letters.viewmodel.authority import authority_view, facts_of
from tests.builders import case_dict, write_case

D = dt.date.fromisoformat
COMPLAINED = "2026-10-05"
#: The complaint path: the filing is due 14 days after the escalation (2026-11-02) unless a gate says later.
PATH = [
    {"date": COMPLAINED, "kind": "complaint", "channel": "email", "reference": "TK-1"},
    {"date": "2026-10-12", "kind": "follow-up", "channel": "email"},
    {"date": "2026-10-19", "kind": "escalation", "channel": "email"},
]
PATH_DUE = "2026-11-02"

PLACES = {
    "GB": "9 Quay Road, Leeds",
    "US": "1 Main St, Austin, TX 78701, USA",
    "CN": "深圳市南山区科技园 1 号",
    "HK": "香港九龍觀塘海濱道 135 號",
    "SG": "8 Temasek Boulevard, Singapore 038988",
    "IE": "1 Harbour Street, Dublin D02, Ireland",
    "AU": "1 George Street, Sydney NSW 2000, Australia",
    "CA": "1 King Street W, Toronto, Canada",
}

#: (jurisdiction, sector, body id, the day its gate opens after the complaint of 2026-10-05 or None).
ROWS = [
    ("GB", "financial", "financial-ombudsman", "2026-11-30"),  # 8 weeks (DISP 1.6.2)
    ("GB", "payments", "financial-ombudsman", "2026-10-26"),  # 15 business days (DISP 1.6.2A)
    ("GB", "insurance", "financial-ombudsman", "2026-11-30"),
    ("GB", "investment", "financial-ombudsman", "2026-11-30"),
    ("GB", "telecoms", "communications-ombudsman", "2026-11-16"),  # 6 weeks from April 2026 (Ofcom)
    ("GB", "energy", "energy-ombudsman", "2026-11-30"),
    ("GB", "aviation", "aviation-adr", "2026-11-30"),  # 8 weeks (CEDR's scheme rules)
    ("GB", "crypto", "citizens-advice", None),  # no ombudsman for MLR-only crypto firms today
    ("GB", "other", "citizens-advice", None),
    ("US", "financial", "cfpb", None),
    ("US", "payments", "cfpb", None),
    ("US", "crypto", "cfpb", None),
    ("US", "telecoms", "fcc", None),
    ("US", "retail", "state-attorney-general", None),
    ("CN", "e-commerce", "market-regulation", None),
    ("CN", "financial", "nfra", None),
    ("CN", "insurance", "nfra", None),
    ("CN", "aviation", "caac", None),
    ("CN", "telecoms", "miit", "2026-10-20"),  # 15 days after the complaint (电信用户申诉处理办法 第十条)
    ("HK", "retail", "consumer-council", None),
    ("HK", "telecoms", "ofca-ccss", "2026-11-16"),  # 6 weeks (CCSS)
    ("HK", "financial", "fdrc", "2026-12-04"),  # 60 days (FDRC)
    ("SG", "retail", "case", None),
    ("SG", "financial", "fidrec", None),
    ("IE", "retail", "ccpc", None),
    ("IE", "financial", "fspo", "2026-12-01"),  # 40 Irish working days (26 October is a bank holiday)
    ("AU", "financial", "afca", "2026-11-04"),  # 30 days
    ("CA", "financial", "obsi", "2026-11-30"),  # 56 days
    ("CA", "investment", "obsi", "2027-01-03"),  # 90 days
]


def row_case(code: str, sector: str | None, contacts: list[dict[str, Any]] | None = None, **changes: Any) -> dict[str, Any]:
    lang = {"CN": "zh", "HK": "zh-Hant"}.get(code, "en")
    data = case_dict(lang, contacts=PATH if contacts is None else contacts, jurisdiction=code, **changes)
    data["company"] = {**data["company"], "address": PLACES[code]}
    if sector:
        data["company"]["sector"] = sector
    if (code, sector) == ("HK", "telecoms"):  # the scheme takes HK$300 or more in dispute
        data["losses"] = [{**data["losses"][0], "amount": "320.00"}]
    return data


def status_of(cli: Any, path: Path, on: str) -> dict[str, Any]:
    result = cli("status", path, "--on", on, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]


def headings(text: str) -> list[str]:
    return [line[1:-1] if line.startswith("【") else line[3:-3] for line in text.splitlines() if line.startswith(("【", "== "))]


@pytest.mark.parametrize("code, sector, body_id, opens", ROWS, ids=[f"{r[0]}-{r[1]}" for r in ROWS])
def test_each_profile_row_reaches_its_body_with_its_gate_clocks_and_form(
    cli: Any, tmp_path: Path, code: str, sector: str, body_id: str, opens: str | None
) -> None:
    data = row_case(code, sector)
    body = profile(code).body(body_id)
    assert body is not None
    assert filing_route(Case.model_validate(data)).body == body

    path = write_case(tmp_path, data)
    due = max(PATH_DUE, opens or PATH_DUE)
    report = status_of(cli, path, "2026-10-25")
    assert (report["next_stage"], report["due"], report["overdue_days"]) == ("consumer-association", due, 0)
    assert report["gate"]["body"] == body.name.en and report["gate"]["opens"] == opens

    day_before = (D(due) - dt.timedelta(days=1)).isoformat()
    early = cli("validate", path, "--stage", "consumer-association", "--on", day_before)
    assert early.exit_code == 0, early.output
    gated = opens is not None and opens > PATH_DUE
    assert (f"file on or after {opens}" in early.stderr) is gated, early.stderr
    assert "file on or after" not in cli("validate", path, "--stage", "consumer-association", "--on", due).stderr

    out = tmp_path / "out"
    made = cli("generate", path, "--stage", "consumer-association", "--format", "txt,form", "--out", out, "--on", due)
    assert made.exit_code == 0, made.output
    letter_dir = out / data["case_id"]
    assert (letter_dir / "consumer-association.txt").is_file()
    form = letter_dir / "consumer-association.form.txt"
    if body.form:
        assert headings(form.read_text(encoding="utf-8")) == [f.label.of(data["language"]) for f in body.form]
    else:
        assert not form.exists() and "no online form is known for" in made.stderr

    filed = write_case(tmp_path, row_case(code, sector, [*PATH, {"date": due, "kind": "filing", "channel": "online"}]), "filed.yaml")
    clocks = status_of(cli, filed, due)["clocks"]
    assert [c["what"] for c in clocks] == [c.what.en for c in body.clocks]


def test_a_case_walks_past_its_gate_and_every_command_names_the_same_day(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, row_case("GB", "financial"))
    gate = "2026-11-30"  # 8 weeks after the complaint of 2026-10-05; the path alone would say 2026-11-02
    for on, opened in (("2026-11-29", False), (gate, True), ("2026-12-01", True)):
        report = status_of(cli, path, on)
        assert (report["due"], report["is_due"], report["overdue_days"]) == (gate, opened, max(0, (D(on) - D(gate)).days))
        assert report["gate"]["opens"] == gate

        told = cli("validate", path, "--stage", "consumer-association", "--on", on).stderr
        assert (f"file on or after {gate}" in told) is not opened, told

        out = tmp_path / f"gen-{on}"
        made = cli("generate", path, "--out", out, "--on", on)  # no --stage: the stage due on that day
        if opened:
            assert made.exit_code == 0, made.output
            assert (out / "T-EN-1" / "consumer-association.txt").is_file()
        else:
            assert made.exit_code == 1 and f"next is the consumer-association on {gate}" in made.stderr

        batch_out = tmp_path / f"batch-{on}"
        cli("batch", path, "--due", "--on", on, "--out", batch_out, "--format", "txt")
        assert (batch_out / "T-EN-1" / "consumer-association.txt").is_file() is opened

    text = cli("status", path, "--on", "2026-11-29").stdout
    assert f"Financial Ombudsman Service can take the filing from {gate}: 8 weeks after the complaint of 2026-10-05" in text
    assert "overdue" not in text


def test_a_final_response_opens_the_gate_at_once_and_its_time_bar_is_named_after_it(cli: Any, tmp_path: Path) -> None:
    final = {"date": "2026-10-12", "kind": "reply", "satisfactory": False, "final": True, "summary": "We will not refund."}
    path = write_case(tmp_path, row_case("GB", "financial", [PATH[0], final]))
    report = status_of(cli, path, "2026-10-12")
    assert (report["next_stage"], report["due"], report["is_due"]) == ("consumer-association", "2026-10-12", True)
    assert report["gate"]["by"] == "final"
    assert {"what": "6 months of the final response", "from": "2026-10-12", "last": "2027-04-12"} in report["gate"]["bars"]

    assert "2027-04-12" not in cli("validate", path, "--stage", "consumer-association", "--on", "2027-04-12").stderr
    late = cli("validate", path, "--stage", "consumer-association", "--on", "2027-04-13")
    assert late.exit_code == 0
    assert (
        "Financial Ombudsman Service takes a complaint only within 6 months of the final response (from 2026-10-12): "
        "the last day was 2027-04-12; it may still take it if the final response did not tell you of this limit"
    ) in late.stderr


def test_a_cn_complaint_after_three_years_is_warned_of(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, row_case("CN", "e-commerce"))
    told = cli("validate", path, "--stage", "consumer-association", "--on", "2029-10-03").stderr
    assert "the last day was 2029-10-02" in told  # 3 years from the incident of 2026-10-02


# --- why the body may act now, in the letter's language --------------------------------------------


@pytest.mark.parametrize(
    "lang, waited, final, replied",
    [
        (
            "en",
            "Since my complaint of 5 October 2026, 8 weeks have passed without a final response.",
            "The firm's final response of 12 October 2026 is enclosed; I am within 6 months of it.",
            "Since my complaint of 5 October 2026, 8 weeks have passed; the firm's reply of 12 October 2026 did not resolve it,"
            " and it has sent no final response.",
        ),
        (
            "zh",
            "自本人于2026年10月5日投诉至今已满8周，仍未收到该行的最终答复。",  # a bank: 该行, as the rest of the letter
            "该行已于2026年10月12日作出最终答复（见附件），本人在该答复后6个月内提出本投诉。",
            "自本人于2026年10月5日投诉至今已满8周，该行于2026年10月12日的答复未能解决问题，至今仍未作出最终答复。",
        ),
        (
            "zh-Hant",
            "自本人於2026年10月5日投訴至今已滿8個星期，仍未收到該行的最終回覆。",  # Hong Kong: 回覆
            "該行已於2026年10月12日作出最終回覆（見附件），本人在該回覆後6個月內提出本投訴。",
            "自本人於2026年10月5日投訴至今已滿8個星期，該行於2026年10月12日的回覆未能解決問題，至今仍未作出最終回覆。",
        ),
    ],
)
def test_why_now_says_why_the_body_may_act_in_the_letter_language(lang: str, waited: str, final: str, replied: str) -> None:
    data = case_dict(lang, contacts=PATH, jurisdiction="GB")
    data["company"] = {**data["company"], "address": PLACES["GB"], "sector": "financial"}
    case = Case.model_validate(data)
    assert authority_view(case, D("2026-11-29"))["why_now"] == ""  # before the gate: nothing true to say
    assert authority_view(case, D("2026-11-30"))["why_now"] == waited
    data["contacts"] = [PATH[0], {"date": "2026-10-12", "kind": "reply", "satisfactory": False, "final": True}]
    with_final = Case.model_validate(data)
    assert authority_view(with_final, D("2026-10-20"))["why_now"] == final
    # a reply that did not settle it, not a final one: said, not passed over as "no final response" (native read)
    data["contacts"] = [PATH[0], {"date": "2026-10-12", "kind": "reply", "satisfactory": False}]
    assert authority_view(Case.model_validate(data), D("2026-11-30"))["why_now"] == replied
    assert authority_view(Case.model_validate(case_dict(lang)), D("2026-11-30"))["why_now"] == ""  # no waiting period


# --- grounds that fit the facts --------------------------------------------------------------------


def test_a_refused_seven_day_return_cites_article_25_and_only_then() -> None:
    data = case_dict("zh", jurisdiction="CN", issue="拒绝受理订单 YP2026 的七天无理由退货申请")
    data["company"]["sector"] = "e-commerce"
    cited = authority_view(Case.model_validate(data))["grounds"]
    assert any("第二十五条" in g and "七日内退货" in g for g in cited)
    assert not any("第二十五条" in g for g in authority_view(Case.model_validate(case_dict("zh")))["grounds"])


def test_a_duplicate_card_charge_cites_the_fcba_and_an_unauthorised_transfer_the_efta() -> None:
    charge = {"date": "2026-09-01", "amount": "40.00", "currency": "USD", "network": "credit card", "txid": "A1"}
    data = row_case("US", "financial", transactions=[charge, {**charge, "txid": "A2"}])
    cited = authority_view(Case.model_validate(data))["grounds"]
    assert cited == [
        "Under the Fair Credit Billing Act (15 U.S.C. 1666), goods or services not delivered as agreed are a billing error; a card "
        "issuer that receives a written billing-error notice within 60 days of the statement must acknowledge it within 30 days and, "
        "within two billing cycles (at most 90 days), either correct the error or, after a reasonable investigation, explain in "
        "writing why the bill is right and send the documentary evidence on request; while the dispute is open it may not report "
        "the amount as delinquent."
    ]
    # said to the card issuer only: not to a shop paid by card, nor for a debit card (native read)
    assert authority_view(Case.model_validate(row_case("US", "retail", transactions=[charge, {**charge, "txid": "A2"}])))["grounds"] == []
    debit = [{**charge, "network": "debit card"}, {**charge, "network": "debit card", "txid": "A2"}]
    assert authority_view(Case.model_validate(row_case("US", "financial", transactions=debit)))["grounds"] == []
    data = row_case(
        "US", "financial", transactions=[{**charge, "network": "bank transfer"}], issue="An unauthorized transfer from my account"
    )
    assert [g.split(",")[0] for g in authority_view(Case.model_validate(data))["grounds"]] == [
        "Under the Electronic Fund Transfer Act and Regulation E (12 C.F.R. Part 1005)"
    ]
    assert authority_view(Case.model_validate(row_case("US", "financial")))["grounds"] == []  # no fact fits: nothing cited


def test_a_uk_airlines_cancelled_flight_cites_uk261_and_an_insurer_icobs_and_neither_elsewhere() -> None:
    data = case_dict("en", jurisdiction="GB", issue="my flight was cancelled and the airline refuses to refund the hotel")
    data["company"]["sector"] = "aviation"
    grounds = authority_view(Case.model_validate(data))["grounds"]
    assert any(g.startswith("Under Article 5 of Regulation (EC) No 261/2004 as it forms part of UK law (UK261)") for g in grounds)
    assert not any("ICOBS" in g for g in grounds)
    data = case_dict("en", jurisdiction="GB")
    data["incidents"][0]["problems"] = ["slow"]
    for sector, cited in (("insurance", True), ("energy", False)):
        data["company"]["sector"] = sector
        grounds = authority_view(Case.model_validate(data))["grounds"]
        assert (
            any("the FCA's rule ICOBS 8.1.1R, under which an insurer must handle claims promptly and fairly" in g for g in grounds) == cited
        )
        assert not any("261/2004" in g for g in grounds)


@pytest.mark.parametrize(("sector", "cited"), [("energy", True), ("telecoms", False)])
def test_a_uk_energy_back_bill_cites_ofgems_back_billing_rule_first(sector: str, cited: bool) -> None:
    """Native read 5: a catch-up bill for more than 12 months was held only to s.49 of the Consumer
    Rights Act; an energy supplier's back-bill now cites SLC 21BA, first."""
    data = case_dict("en", jurisdiction="GB", issue="a catch-up bill covering more than 12 months of unbilled use")
    data["company"]["sector"] = sector
    grounds = authority_view(Case.model_validate(data))["grounds"]
    rule = "Under Standard Licence Condition 21BA of the gas and electricity supply licences (Ofgem's back-billing rule), a supplier"
    assert (bool(grounds) and grounds[0].startswith(rule)) == cited
    assert not cited or grounds.count(grounds[0]) == 1


def test_a_body_named_with_its_article_is_not_given_another() -> None:
    data = case_dict("en", jurisdiction="GB")
    data["company"]["sector"] = "telecoms"
    view = authority_view(Case.model_validate(data))
    assert view["name_in_sentence"] == "the Communications Ombudsman or CISAS (whichever scheme the provider belongs to)"
    data["company"]["sector"] = "aviation"
    view = authority_view(Case.model_validate(data))
    assert view["name"].startswith("The airline's approved dispute resolution body")  # it heads the address block
    assert view["name_in_sentence"].startswith("the airline's approved dispute resolution body")


def test_a_cancelled_flight_refund_cites_the_passenger_service_rules() -> None:
    data = case_dict("zh", jurisdiction="CN", issue="航班被取消后航空公司拒绝全额退款")
    data["company"]["sector"] = "aviation"
    assert "cancelled_flight" in facts_of(Case.model_validate(data))
    assert any(g.startswith("根据《公共航空运输旅客服务管理规定》") for g in authority_view(Case.model_validate(data))["grounds"])


# --- no sector, and never a financial ombudsman for a non-financial firm ---------------------------


def test_no_sector_warns_with_the_candidate_bodies(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, row_case("GB", None))
    told = cli("validate", path, "--stage", "consumer-association", "--on", "2026-12-01").stderr
    assert (
        "no `company.sector`: the body that can act depends on what the company does; in the United Kingdom it is one of: "
        "Financial Ombudsman Service (financial, payments, insurance, investment); "
        "the Communications Ombudsman or CISAS (whichever scheme the provider belongs to) (telecoms); Energy Ombudsman (energy); "
        "the airline's approved dispute resolution body (AviationADR or CEDR; if neither, the CAA's PACT) (aviation); "
        "Citizens Advice consumer service (crypto, any other sector)"
    ) in told


@pytest.mark.parametrize("code", sorted(c for c in shipped_profiles() if c != "generic"))
def test_no_non_financial_sector_is_ever_routed_to_a_financial_body(code: str) -> None:
    prof = shipped_profiles()[code]
    for sector in SECTORS:
        body = prof.body_for(sector)
        if sector not in FINANCIAL_SECTORS and sector != "crypto":
            assert body is None or not body.financial, (code, sector, body.id if body else None)


def test_an_irish_address_gives_ireland(cli: Any, tmp_path: Path) -> None:
    assert infer_jurisdiction("1 Harbour Street, Dublin D02, Ireland") == "IE"
    data = row_case("IE", "financial")
    del data["jurisdiction"]
    path = write_case(tmp_path, data)
    assert "jurisdiction IE, inferred from company.address" in cli("validate", path).stdout
    assert filing_gate(Case.model_validate(data)).body == profile("IE").body("fspo")


# --- forms: filled from the case, or the key to add --------------------------------------------------


def test_the_12315_form_fills_purchase_amount_category_request_type_and_location(cli: Any, tmp_path: Path) -> None:
    purchase = {"product": "空气炸锅", "order": "YP20261016883421", "date": "2026-10-16", "amount": "899.00", "currency": "CNY"}
    data = row_case("CN", "e-commerce", purchase=purchase, version=2)
    path = write_case(tmp_path, data)
    made = cli("generate", path, "--stage", "consumer-association", "--format", "form", "--out", tmp_path, "--on", "2026-11-02")
    assert made.exit_code == 0, made.output
    text = (tmp_path / data["case_id"] / "consumer-association.form.txt").read_text(encoding="utf-8")
    for heading, value in [
        ("被投诉人所在地（省/市/区）", "深圳市 南山区"),
        ("商品或服务名称", "空气炸锅"),
        ("消费时间", "2026年10月16日"),
        ("订单号", "YP20261016883421"),
        ("涉及金额", "人民币12.00元"),  # what the losses claim, not the price paid
        ("诉求类型", "赔礼道歉；退款"),
    ]:
        assert f"【{heading}】\n{value}\n" in text, heading
    assert "【问题类别】\n网络购物（" in text and "客户服务" not in text.split("【商品或服务名称】")[1].split("【")[0]


def test_a_forms_amount_is_the_sum_claimed_else_the_price_and_its_uploads_leave_out_what_the_company_holds(
    cli: Any, tmp_path: Path
) -> None:
    purchase = {"product": "健身会籍", "order": "PF-1", "amount": "688.00", "currency": "CNY"}
    evidence = [
        {"kind": "screenshot", "date": "2026-10-02", "description": "退款承诺截图"},
        {"kind": "call-recording", "date": "2026-10-03", "description": "客服热线通话录音", "held_by": "company"},
    ]
    losses = [
        {"description": "多扣的月费", "amount": "1376.00", "currency": "CNY"},
        {"description": "手续费", "amount": "12.00", "currency": "CNY"},
    ]
    for claimed, amount in ((losses, "人民币1,388.00元"), ([], "人民币688.00元")):
        data = row_case("CN", "e-commerce", purchase=purchase, evidence=evidence, losses=claimed, version=2)
        path = write_case(tmp_path / amount, data)
        out = tmp_path / amount / "out"
        made = cli("generate", path, "--stage", "consumer-association", "--format", "form", "--out", out, "--on", "2026-11-02")
        assert made.exit_code == 0, made.output
        text = (out / data["case_id"] / "consumer-association.form.txt").read_text(encoding="utf-8")
        assert f"【涉及金额】\n{amount}\n" in text
        assert "退款承诺截图" in text and "通话录音" not in text


def test_a_form_field_the_case_cannot_fill_names_the_key_to_add(cli: Any, tmp_path: Path) -> None:
    path = write_case(tmp_path, row_case("US", "financial"))
    cli("generate", path, "--stage", "consumer-association", "--format", "form", "--out", tmp_path, "--on", "2026-11-02")
    text = (tmp_path / "T-EN-1" / "consumer-association.form.txt").read_text(encoding="utf-8")
    assert "== Product or service ==\n(not in the case file: add purchase.product)\n" in text
    assert "customer service" not in text


# --- the user's own profiles ----------------------------------------------------------------------


NZ = """code: NZ
name: {zh: 新西兰, zh-Hant: 紐西蘭, en: New Zealand}
address_markers: [New Zealand, Auckland]
routes: {default: cg}
bodies:
  - id: cg
    kind: conciliate
    name: {zh: 消费者协会, zh-Hant: 消費者協會, en: Consumer Guardians}
    sources: [my own notes]
law: []
warnings: {}
"""


def test_a_user_profile_adds_a_jurisdiction_and_a_broken_one_is_one_line_with_its_place(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "profiles"
    mine.mkdir()
    (mine / "NZ.yaml").write_text(NZ, encoding="utf-8")
    monkeypatch.setenv(PROFILES_ENV, str(mine))
    data = case_dict("en", contacts=PATH, jurisdiction="NZ")
    data["company"] = {**data["company"], "address": "1 Queen Street, Auckland, New Zealand", "sector": "retail"}
    path = write_case(tmp_path, data)
    assert status_of(cli, path, "2026-11-02")["gate"]["body"] == "Consumer Guardians"

    (mine / "NZ.yaml").write_text(NZ.replace("kind: conciliate", "kind: decide"), encoding="utf-8")
    broken = cli("status", path, "--on", "2026-11-02")
    assert broken.exit_code == 1 and "Traceback" not in broken.output
    assert f"{mine / 'NZ.yaml'}:7: bodies[0].kind: " in broken.stderr

    law = "law:\n  - cite: {zh: 甲, zh-Hant: 甲, en: A}\n    says: {zh: 乙, zh-Hant: 乙, en: B}\n    sectors: [aviaton]\n"
    (mine / "NZ.yaml").write_text(NZ.replace("law: []\n", law), encoding="utf-8")
    broken = cli("status", path, "--on", "2026-11-02")
    assert broken.exit_code == 1 and "Traceback" not in broken.output
    assert f"{mine / 'NZ.yaml'}:13: law[0].sectors: unknown sector 'aviaton'; choose from " in broken.stderr
    monkeypatch.delenv(PROFILES_ENV)
    assert os.environ.get(PROFILES_ENV) is None


# --- the generated page ----------------------------------------------------------------------------


def test_docs_jurisdictions_is_generated_from_the_profiles_and_current() -> None:
    from letters.plan.jurisdiction_doc import reference_markdown

    page = Path(__file__).resolve().parents[2] / "docs" / "jurisdictions.md"
    assert page.read_text(encoding="utf-8") == reference_markdown(), (
        "regenerate: python -m letters.plan.jurisdiction_doc > docs/jurisdictions.md"
    )
    for code, prof in shipped_profiles().items():
        for body in prof.bodies:
            assert body.sources, (code, body.id)  # every body names where its facts are published


@pytest.mark.parametrize(
    "complained, opens",
    [
        ("2026-02-01", "2026-03-29"),  # 8 weeks ended before the change of 2026-04-08
        ("2026-02-20", "2026-04-08"),  # still waiting on 2026-04-08, already past 6 weeks: the change opens it
        ("2026-03-01", "2026-04-12"),  # 6 weeks end after the change
        ("2026-10-05", "2026-11-16"),
    ],
)
def test_uk_telecoms_waits_8_weeks_before_8_april_2026_and_6_after(complained: str, opens: str) -> None:
    contacts = [{**PATH[0], "date": complained}]
    gate = filing_gate(Case.model_validate(row_case("GB", "telecoms", contacts)))
    assert (gate.by, gate.opens) == ("wait", D(opens))


def test_a_card_named_in_the_purchase_and_charged_twice_in_the_users_words_cites_the_fcba() -> None:
    """The golden US case: no card transaction listed, but the purchase is the card and the user wrote "charged my card twice"."""
    from letters.casefile.load import load_case
    from letters.viewmodel.authority import facts_of

    case = load_case(Path(__file__).resolve().parents[1] / "golden" / "cases" / "us-card-en.yaml").case
    assert "card_billing_error" in facts_of(case)


@pytest.mark.parametrize(
    ("lang", "ground"),
    [
        (
            "zh",
            # after Article 14's sentence (the base case's rudeness), which says 本人认为 once for both
            "该公司承诺逾期未兑现，不符合《中华人民共和国消费者权益保护法》第十六条第二款关于经营者和消费者有约定的，应当按照约定履行义务的规定。",
        ),
        ("zh-Hant", "該公司承諾逾期未履行，不符合《中華人民共和國消費者權益保護法》第十六條第二款"),
    ],
)
def test_a_promise_broken_by_the_letters_date_cites_article_16_and_only_then(lang: str, ground: str) -> None:
    promised = {"date": "2026-10-10", "kind": "reply", "satisfactory": True, "promise": "7个工作日内退款", "promise_by": "2026-10-21"}
    data = case_dict(lang, jurisdiction="CN", contacts=[PATH[0], promised])
    data["company"] = {**data["company"], "address": PLACES["CN"], "sector": "retail"}
    case = Case.model_validate(data)

    def cites(on: str) -> list[str]:
        return [g for g in authority_view(case, D(on))["grounds"] if "第十六" in g]

    assert cites("2026-10-21") == []  # its last day: not yet broken
    assert len(cites("2026-10-22")) == 1 and cites("2026-10-22")[0].startswith(ground)
    kept = Case.model_validate({**data, "contacts": [PATH[0], {**promised, "kept": True}]})
    assert not [g for g in authority_view(kept, D("2026-11-30"))["grounds"] if "第十六" in g]  # kept: nothing to cite


def filed(cli: Any, folder: Path, data: dict[str, Any], on: str) -> tuple[str, str]:
    """The warnings and the .txt filing ``generate`` writes for ``data`` dated ``on``."""
    path = write_case(folder, data)
    made = cli("generate", path, "--stage", "consumer-association", "--format", "txt", "--out", folder / "out", "--on", on)
    assert made.exit_code == 0, made.output
    return made.stderr, (folder / "out" / data["case_id"] / "consumer-association.txt").read_text(encoding="utf-8")


def test_a_mainland_telecoms_appeal_goes_to_the_operators_provincial_centre_named_by_the_user(cli: Any, tmp_path: Path) -> None:
    data = row_case("CN", "telecoms")
    told, _ = filed(cli, tmp_path / "unnamed", data, "2026-11-02")
    assert "a telecoms appeal goes to the complaint centre of the province where the operator is: name it under authority.name" in told
    data["authority"] = {"name": "广东省电信用户申诉受理中心"}
    told, letter = filed(cli, tmp_path / "named", data, "2026-11-02")
    assert "authority.name" not in told
    assert "致：广东省电信用户申诉受理中心\n" in letter
    # the appeal centres' own words (电信用户申诉处理办法): an appeal, by the appellant; the complaint to the operator stays one
    assert letter.startswith("电信用户申诉书\n") and "一、申诉人信息" in letter and "申诉人（签名）" in letter
    assert "被投诉方" not in letter and "投诉人" not in letter and "恳请贵中心受理本申诉" in letter
    assert "《电信用户申诉处理办法》第十条" in letter  # why the centre may take it
    assert "第四十六条" not in letter  # an administrative department's 7 working days: not this centre's clock
    path = write_case(tmp_path / "status", data)
    assert status_of(cli, path, "2026-11-02")["gate"]["body"] == "广东省电信用户申诉受理中心"  # the name the user gave


@pytest.mark.parametrize(("amount", "body"), [("294.00", "消費者委員會"), ("300.00", "通訊事務管理局辦公室（電訊業客戶投訴解決計劃）")])
def test_a_hong_kong_telecoms_dispute_under_the_schemes_minimum_goes_to_the_consumer_council(
    cli: Any, tmp_path: Path, amount: str, body: str
) -> None:
    """Native read: a HK$294 dispute (and an apology) was filed with OFCA's scheme, which takes HK$300 or more."""
    data = row_case("HK", "telecoms")
    data["losses"] = [{**data["losses"][0], "amount": amount}]
    told, letter = filed(cli, tmp_path, data, "2026-12-01")
    assert f"致：{body}\n" in letter
    under = "takes disputes of at least HKD 300 only and the losses in this case come to HKD 294.00: the filing goes to Consumer Council"
    assert (under in told) is (amount == "294.00"), told
    data["authority"] = {"name": "電訊業客戶投訴解決計劃"}  # the user may still choose the scheme
    told, letter = filed(cli, tmp_path / "named", data, "2026-12-01")
    assert "takes disputes of at least" not in told


def test_a_uk_telecoms_filing_asks_which_of_the_two_schemes_and_is_addressed_to_it_once_named(cli: Any, tmp_path: Path) -> None:
    """Native read: a filing addressed to "The Communications Ombudsman or CISAS" (no letter goes to
    both), with no word to the user, and an Ofcom review page as the body's website."""
    data = row_case("GB", "telecoms")
    told, letter = filed(cli, tmp_path / "unnamed", data, "2026-12-01")
    assert "your provider belongs to one of two schemes, the Communications Ombudsman or CISAS" in told
    assert "Website: https://www.ofcom.org.uk/phones-and-broadband/service-quality/adr-schemes\n" in letter
    data["authority"] = {"name": "CISAS", "website": "https://www.cedr.com/consumer/cisas/"}
    told, letter = filed(cli, tmp_path / "named", data, "2026-12-01")
    assert "authority.name" not in told
    assert "\nCISAS\nWebsite: https://www.cedr.com/consumer/cisas/\n" in letter
    assert "8 weeks have passed" in letter or "6 weeks have passed" in letter  # the scheme's gate still applies


def test_a_hong_kong_bank_dispute_is_an_application_for_mediation(cli: Any, tmp_path: Path) -> None:
    """Native read: the dispute centre's filing was a 消費投訴書 with the bank under 被投訴商戶資料."""
    data = row_case("HK", "financial")
    _, letter = filed(cli, tmp_path, data, "2026-12-04")
    assert letter.startswith("調解申請書\n") and "致：金融糾紛調解中心（FDRC）" in letter
    assert "二、被申請方資料" in letter and "商戶" not in letter
    # an application, by an applicant, against a respondent, all through (second native read)
    assert "一、調解申請人資料" in letter and "調解申請人簽署" in letter and "投訴人" not in letter and "投訴書" not in letter
    assert "懇請貴中心協助調解" in letter  # 金融糾紛調解中心（FDRC） is a 中心, its aside aside


def test_a_body_is_addressed_by_the_last_word_of_its_name_not_of_its_aside() -> None:
    from letters.viewmodel.matter import body_you

    assert body_you("金融糾紛調解中心（FDRC）", "zh-Hant") == "貴中心"
    assert body_you("香港消費者委員會", "zh-Hant") == "貴會"
    assert body_you("英国能源申诉专员（Energy Ombudsman）", "zh") == "贵单位"


def test_a_uk_airline_filing_asks_for_the_airlines_own_scheme_and_is_addressed_to_it_once_named(cli: Any, tmp_path: Path) -> None:
    data = row_case("GB", "aviation")
    told, _ = filed(cli, tmp_path / "unnamed", data, "2026-12-01")
    assert "names the dispute resolution body it belongs to (AviationADR or CEDR; if neither" in told
    data["authority"] = {"name": "AviationADR", "address": "12-14 Walker Avenue, Wolverton Mill, Milton Keynes MK12 5TW"}
    told, letter = filed(cli, tmp_path / "named", data, "2026-12-01")
    assert "authority.name" not in told
    assert "\nAviationADR\n12-14 Walker Avenue" in letter
    assert "Since my complaint of 5 October 2026, 8 weeks have passed without a final response." in letter  # its gate still applies

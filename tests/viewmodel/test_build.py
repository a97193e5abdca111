"""The view model: values already written the way each letter language writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letters.casefile.load import load_case
from letters.viewmodel.build import build_context
from tests.builders import case_dict, write_case

ON = dt.date(2026, 10, 8)


def context_for(tmp_path: Path, data: dict, stage: str = "first-complaint") -> dict:
    return build_context(load_case(write_case(tmp_path, data)), stage, ON)


def test_dates_in_each_language(tmp_path: Path) -> None:
    zh = context_for(tmp_path, case_dict("zh"))
    en = context_for(tmp_path, case_dict("en"))
    assert (zh["letter_date"], zh["incidents"][0]["date"]) == ("2026年10月8日", "2026年10月2日")
    assert (en["letter_date"], en["incidents"][0]["date"]) == ("8 October 2026", "2 October 2026")


def test_deadline_is_letter_date_plus_response_days(tmp_path: Path) -> None:
    ctx = context_for(tmp_path, case_dict("en", response_days=10))
    assert (ctx["deadline"], ctx["deadline_iso"], ctx["response_days"]) == ("18 October 2026", "2026-10-18", 10)


def test_money_with_currency_and_totals_per_currency(tmp_path: Path) -> None:
    losses = [
        {"description": "a", "amount": "35.50", "currency": "CNY"},
        {"description": "b", "amount": "1.2", "currency": "USDT"},
        {"description": "c", "amount": "4.50", "currency": "CNY"},
        {"description": "d", "amount": "0.00012345", "currency": "BTC"},
        {"description": "e", "amount": "1234.5", "currency": "USD"},
    ]
    zh = context_for(tmp_path, case_dict("zh", losses=losses))
    # never ¥ in a Chinese letter (it is also the yen sign)
    assert [l["amount_text"] for l in zh["losses"]] == ["人民币35.50元", "1.2 USDT", "人民币4.50元", "0.00012345 BTC", "1,234.50美元"]
    assert zh["loss_totals"] == [
        {"currency": "CNY", "amount_text": "人民币40.00元"},
        {"currency": "USDT", "amount_text": "1.2 USDT"},
        {"currency": "BTC", "amount_text": "0.00012345 BTC"},
        {"currency": "USD", "amount_text": "1,234.50美元"},
    ]
    assert zh["loss_total_text"] == "人民币40.00元、1.2 USDT、0.00012345 BTC及1,234.50美元"
    en = context_for(tmp_path, case_dict("en", losses=losses[:1] + losses[4:]))
    assert [l["amount_text"] for l in en["losses"]] == ["CN¥35.50", "US$1,234.50"]


def test_evidence_numbered_in_order_skipping_ids_taken(tmp_path: Path) -> None:
    evidence = [
        {"kind": "email", "description": "one"},
        {"id": "E1", "kind": "screenshot", "description": "two"},
        {"kind": "other", "description": "three"},
    ]
    ctx = context_for(tmp_path, case_dict("en", evidence=evidence))
    assert [e["id"] for e in ctx["evidence"]] == ["E2", "E1", "E3"]
    assert [e["kind_text"] for e in ctx["evidence"]] == ["email", "screenshot", "other material"]


def test_problems_and_demands_are_phrased_in_the_letter_language(tmp_path: Path) -> None:
    zh = context_for(tmp_path, case_dict("zh"))
    # mild labels: the user's own summary carries the facts
    assert zh["incidents"][0]["problems_text"] == "态度生硬和处理拖延"
    refund = zh["demands"][1]
    # the user's words exactly as written (no spacing changed)
    assert (refund["type"], refund["text"], refund["detail"]) == ("refund", "退还相关款项", "退还手续费 12 元")
    # the detail is the sentence; it already says the sum, so the sum is not said twice
    assert refund["sentence"] == "退还手续费 12 元。"
    assert refund["amount_text"] == "人民币12.00元" and refund["noun"] == "退还人民币12.00元"
    assert refund["short"] == "退还手续费 12 元"
    en = context_for(tmp_path, case_dict("en"))
    assert en["demands"][0]["text"] == "a written explanation of what happened and why"
    assert en["demands"][0]["sentence"] == "explain in writing what happened and why."  # continues "To put this right, please:"


def test_staff_label_with_name_id_or_both(tmp_path: Path) -> None:
    assert context_for(tmp_path, case_dict("zh"))["staff"]["label"] == "电话客服小张（工号：KF-007）"
    assert (
        context_for(tmp_path, case_dict("zh", staff={"id": "KF-9"}))["staff"]["label"] == "职员（工号：KF-9）"
    )  # a shop's cashier is not a 客服: the plain word
    assert context_for(tmp_path, case_dict("en"))["staff"]["label"] == "Kim (staff ID S-42, chat agent)"
    assert context_for(tmp_path, case_dict("en", staff={"name": "Kim"}))["staff"]["label"] == "Kim"


def test_absent_optional_values_are_empty_strings_and_defaults_apply(tmp_path: Path) -> None:
    data = case_dict("zh", evidence=None, losses=None, policies=None)
    data["company"] = {"name": "某公司"}
    data["complainant"] = {"name": "甲"}
    ctx = context_for(tmp_path, data)
    assert ctx["complainant"]["phone"] == "" and ctx["company"]["recipient"] == "客户服务部"
    assert ctx["management"]["salutation"] == "尊敬的客户服务负责人："
    assert ctx["authority"]["name"] == "" and ctx["authority"]["known"] is False  # no address: no body known
    assert ctx["evidence"] == [] and ctx["losses"] == [] and ctx["first_complaint"] is None


def test_text_that_xml_cannot_hold_is_dropped_but_everything_else_kept(tmp_path: Path) -> None:
    data = case_dict("en")
    data["incidents"][0]["summary"] = "bell\x07 {{ x }} <b>&amp; emoji 😀 مرحبا é"
    ctx = context_for(tmp_path, data)
    assert ctx["incidents"][0]["summary"] == "bell {{ x }} <b>&amp; emoji 😀 مرحبا é"


def test_chronology_sorted_with_outcomes(tmp_path: Path) -> None:
    contacts = [
        {"date": "2026-10-20", "kind": "follow-up", "channel": "email"},
        {"date": "2026-10-03", "kind": "complaint", "channel": "chat", "reference": "T-1"},
        {"date": "2026-10-25", "kind": "reply", "satisfactory": False},
    ]
    ctx = build_context(load_case(write_case(tmp_path, case_dict("en", contacts=contacts))), "escalation", dt.date(2026, 10, 30))
    assert [(c["date_iso"], c["outcome_text"]) for c in ctx["contacts"]] == [
        ("2026-10-03", "no reply"),
        ("2026-10-20", "answered"),
        ("2026-10-25", "unsatisfactory reply"),
    ]
    assert ctx["first_complaint"]["reference"] == "T-1" and ctx["first_complaint"]["days_since"] == 27

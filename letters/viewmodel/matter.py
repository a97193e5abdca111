"""What the complaint is about, and how a Chinese letter addresses the company: the matter.

Two wording decisions made from the case's facts, not from tags (LETTER-CRAFT §7):

- the subject (事由) names the thing — the case's ``issue`` in the user's words, else what was
  bought and its order, bill or card number, else the money lost;
- the register follows the reader (``company.sector``): a bank is 贵行 and the writer its
  持卡人 or 客户, a shop's buyer is its 顾客, 用户 only for an app, a telecom or a utility.
"""

from __future__ import annotations

from collections.abc import Callable

from letters import rx
from letters.casefile.model import Case
from letters.phrasebook import PHRASES, chinese, format_date, format_list, format_money
from letters.viewmodel.types import Matter
from letters.viewmodel.values import text as _t
from letters.viewmodel.words import fee_charged, problem_label, reader

__all__ = ["body_you", "matter_view"]

#: How a Chinese letter names the body it files with, by the last word of its name (消費者委員會 → 貴會).
_BODY_ENDINGS = (("会", "council"), ("會", "council"), ("中心", "centre"), ("局", "bureau"))


def body_you(name: str, lang: str) -> str:
    """贵会 / 貴會 for an association or council, 贵中心, 贵局; else 贵单位 / 貴機構. A name's closing
    aside is not its last word: 金融糾紛調解中心（FDRC） is a 中心."""
    if name.endswith(("）", ")")) and ("（" in name or "(" in name):
        name = name[: max(name.rfind("（"), name.rfind("("))].rstrip()
    kind = next((kind for ending, kind in _BODY_ENDINGS if name.endswith(ending)), "other")
    return PHRASES[lang]["register"]["body_" + kind]


def matter_view(case: Case, lang: str, prose: Callable[[str], str], body_name: str) -> Matter:
    """The matter of the complaint as a Chinese letter states it (English letters get the facts only).

    ``subject``: what 事由 names after 关于 (without the company's reference); ``you`` / ``it``:
    the company in the second and third person (贵行 / 该行 for a bank); ``customer``: the
    writer's standing (持卡人, 顾客, 用户…); ``body_you``: the body a filing goes to (贵会…).
    """
    purchase = case.purchase
    words = PHRASES[lang].get("register") if chinese(lang) else None
    who = reader(case)
    order = prose(_t(purchase.order)) if purchase else ""
    service = _service(case)
    return {
        "issue": _t(case.issue),  # the user's words exactly as written
        "product": prose(_t(purchase.product)) if purchase else "",
        "order": order,
        "order_text": _order_text(order, lang, service, case.company.sector),
        "service": service,
        "purchase_date": format_date(purchase.date, lang) if purchase and purchase.date else "",
        "purchase_amount": format_money(purchase.amount, purchase.currency, lang)
        if purchase and purchase.amount is not None and purchase.currency
        else "",
        "reader": who,
        "subject": _subject(case, lang, prose) if words else "",
        "you": words[f"you_{who}"] if words else "",
        "it": words[f"it_{who}"] if words else "",
        "customer": words[f"customer_{who}"] if words else "",
        "body_you": body_you(body_name, lang) if words else "",
    }


def _order_text(order: str, lang: str, service: bool = False, sector: str | None = None) -> str:
    """A bare number as a Chinese letter names it (订单号：YP2026…, a service's 编号：…, an insurer's
    保单号：…); a number the user already named (卡号尾号6621) as written."""
    return labelled(order, lang, "policy_no" if sector == "insurance" else "service_no" if service else "order_no")


def labelled(number: str, lang: str, frame: str) -> str:
    """A Chinese letter's number with its label (``frame``: 订单号：…, 编号：…), unless the user's own
    words already name it (卡号尾号6621, 工单 BX-1: they hold Chinese) or the letter is English."""
    if not number or not chinese(lang) or _HAN.search(number):
        return number
    return PHRASES[lang]["text"][frame].format(order=number)


#: Sectors whose customers take out a service (办理宽带, a supply), and words that name one in what was bought.
_SERVICE_SECTORS = frozenset({"telecoms", "energy", "water"})
_SERVICE_WORDS = rx.compile("合约|合約|套餐|会籍|會籍|会员|會員|宽带|寬頻|寬帶|计划|計劃")


def _service(case: Case) -> bool:
    """What was bought is a service taken out (a contract, plan or membership), not goods: 办理, not 购买."""
    purchase = case.purchase
    if purchase is None or not purchase.product:
        return False
    return case.company.sector in _SERVICE_SECTORS or bool(_SERVICE_WORDS.search(_t(purchase.product)))


_HAN = rx.compile("[\u3400-\u9fff]")


def _subject(case: Case, lang: str, prose: Callable[[str], str]) -> str:
    """What 事由 names: the issue, else the thing bought, the transaction, the first incident's wrong, the loss."""
    frames = PHRASES[lang]["text"]
    purchase = case.purchase
    product = prose(_t(purchase.product)) if purchase else ""
    order = prose(_t(purchase.order)) if purchase else ""
    if case.issue:
        return _t(case.issue)
    first = min(case.incidents, key=lambda i: i.date)
    labels = [problem_label(x.value, lang, fee_charged(first, case)) for x in first.problems if x.value != "other"]
    if product and order:
        return frames["subject_order"].format(product=product, order=order)
    if product or order:
        return product or order
    if case.transactions:
        tx = case.transactions[0]
        network = frames["paren"].format(text=_t(tx.network)) if tx.network else ""
        return frames["subject_transaction"].format(
            date=format_date(tx.date, lang), amount=format_money(tx.amount, tx.currency, lang), network=network
        )
    if labels:
        return frames["subject_incident"].format(
            date=format_date(first.date, lang), channel=prose(_t(first.channel)), what=format_list(labels, lang)
        )
    if case.losses:
        loss = case.losses[0]
        return frames["subject_loss"].format(what=prose(_t(loss.description)), amount=format_money(loss.amount, loss.currency, lang))
    return frames["subject_service"].format(date=format_date(first.date, lang), channel=prose(_t(first.channel)))

"""What the complaint is about, and how a Chinese letter addresses the company: the matter.

Two wording decisions made from the case's facts, not from tags (LETTER-CRAFT §7):

- the subject (事由) names the thing — the case's ``issue`` in the user's words, else what was
  bought and its order, bill or card number, else the money lost;
- the register follows the reader (``company.sector``): a bank is 贵行 and the writer its
  持卡人 or 客户, a shop's buyer is its 顾客, 用户 only for an app, a telecom or a utility.
"""

from __future__ import annotations

from typing import Any

from letters.casefile.model import Case
from letters.i18n import PHRASES, chinese, format_date, format_list, format_money
from letters.viewmodel.authority import authority_view
from letters.viewmodel.values import text as _t
from letters.viewmodel.words import fee_charged, problem_label, reader

__all__ = ["matter_view", "body_you"]

#: How a Chinese letter names the body it files with, by the last word of its name (消費者委員會 → 貴會).
_BODY_ENDINGS = (("会", "council"), ("會", "council"), ("中心", "centre"), ("局", "bureau"))


def body_you(name: str, lang: str) -> str:
    """贵会 / 貴會 for an association or council, 贵中心, 贵局; else 贵单位 / 貴機構."""
    kind = next((kind for ending, kind in _BODY_ENDINGS if name.endswith(ending)), "other")
    return PHRASES[lang]["register"]["body_" + kind]


def matter_view(case: Case, lang: str, prose: Any) -> dict[str, str]:
    """The matter of the complaint as a Chinese letter states it (English letters get the facts only).

    ``subject``: what 事由 names after 关于 (without the company's reference); ``you`` / ``it``:
    the company in the second and third person (贵行 / 该行 for a bank); ``customer``: the
    writer's standing (持卡人, 顾客, 用户…); ``intro``: who the writer is, as one clause.
    """
    purchase = case.purchase
    product = prose(_t(purchase.product)) if purchase else ""
    order = prose(_t(purchase.order)) if purchase else ""
    bought_on = format_date(purchase.date, lang) if purchase and purchase.date else ""
    paid = format_money(purchase.amount, purchase.currency, lang) if purchase and purchase.amount is not None and purchase.currency else ""
    issue = _t(case.issue)  # the user's words exactly as written
    view = {
        "issue": issue,
        "product": product,
        "order": order,
        "purchase_date": bought_on,
        "purchase_amount": paid,
        "reader": reader(case),
        "subject": "",
        "you": "",
        "it": "",
        "customer": "",
        "body_you": "",
    }
    words = PHRASES[lang].get("register")
    if not chinese(lang) or not words:
        return view
    who = reader(case)
    frames = PHRASES[lang]["text"]
    view["you"] = words[f"you_{who}"]
    view["it"] = words[f"it_{who}"]
    view["customer"] = words[f"customer_{who}"]
    view["body_you"] = body_you(authority_view(case)["name"], lang)
    if issue:
        view["subject"] = issue
    elif product and order:
        view["subject"] = frames["subject_order"].format(product=product, order=order)
    elif product or order:
        view["subject"] = product or order
    elif case.transactions:
        tx = case.transactions[0]
        network = frames["paren"].format(text=_t(tx.network)) if tx.network else ""
        view["subject"] = frames["subject_transaction"].format(
            date=format_date(tx.date, lang), amount=format_money(tx.amount, tx.currency, lang), network=network
        )
    elif (first := min(case.incidents, key=lambda i: i.date)).problems:
        labels = [problem_label(x.value, lang, fee_charged(first, case)) for x in first.problems]
        channel = prose(_t(first.channel))
        view["subject"] = frames["subject_incident"].format(
            date=format_date(first.date, lang), channel=channel, what=format_list(labels, lang)
        )
    elif case.losses:
        loss = case.losses[0]
        view["subject"] = frames["subject_loss"].format(
            what=prose(_t(loss.description)), amount=format_money(loss.amount, loss.currency, lang)
        )
    else:
        first = min(case.incidents, key=lambda i: i.date)
        view["subject"] = frames["subject_service"].format(date=format_date(first.date, lang), channel=prose(_t(first.channel)))
    return view

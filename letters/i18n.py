"""Words and formats in each letter language.

Dates and money go through Babel so each language writes them its own way; the phrases
for problems, demands and contact kinds live here, in one table per language, so the
templates never translate anything themselves.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

#: Crypto assets accepted as a currency besides ISO 4217 codes.
ASSET_SYMBOLS = frozenset({"USDT", "USDC", "BTC", "ETH", "BNB", "TRX", "SOL", "DAI", "LTC", "XRP", "DOGE", "TON"})

#: Other spellings of a currency people write in case files; letters reads them as the code.
CURRENCY_ALIASES = {"人民币": "CNY", "人民币元": "CNY", "元": "CNY", "RMB": "CNY", "￥": "CNY"}

__all__ = [
    "ASSET_SYMBOLS",
    "CURRENCY_ALIASES",
    "normalise_currency",
    "LOCALES",
    "PHRASES",
    "format_date",
    "format_money",
    "join_list",
    "format_size",
]

LOCALES = {"zh": "zh_CN", "en": "en_GB"}


def normalise_currency(value: str) -> str:
    """``人民币``, ``RMB``, ``元``, ``￥`` → ``CNY``; anything else as it is (upper-cased)."""
    value = value.strip().upper()
    return CURRENCY_ALIASES.get(value, value)


PHRASES: dict[str, dict[str, dict[str, str]]] = {
    "zh": {
        "stage": {
            "first-complaint": "投诉函",
            "follow-up": "投诉催办函",
            "escalation": "投诉升级函",
            "consumer-association": "消费投诉书",
        },
        "problem": {
            "rude": "服务态度恶劣",
            "slow": "处理拖延、响应缓慢",
            "wrong-advice": "提供了错误的处理建议",
            "refused-supervisor": "拒绝为我转接上级主管",
            "unjustified-fee": "收取了无依据的费用",
            "no-response": "对我提出的问题不予回应",
            "other": "其他服务问题",
        },
        "demand": {
            "apology": "就上述服务问题向我作出正式道歉",
            "explanation": "就上述问题的原因和处理经过作出书面说明",
            "correction": "纠正错误的处理结果，恢复应有的状态",
            "compensation": "赔偿由此给我造成的损失",
            "refund": "退还不应收取的费用",
            "staff-action": "对涉事客服人员的服务情况进行核查，并告知处理结果",
            "other": "其他请求",
        },
        "evidence": {
            "chat-log": "聊天记录",
            "email": "电子邮件",
            "call-recording": "通话录音",
            "screenshot": "截图",
            "document": "文件",
            "transaction": "交易记录",
            "other": "其他材料",
        },
        "contact": {
            "complaint": "提交投诉",
            "follow-up": "催办",
            "escalation": "向管理层反映",
            "filing": "向消费者组织投诉",
            "reply": "公司答复",
            "call": "电话沟通",
            "chat": "在线沟通",
            "note": "备注",
        },
        "outcome": {
            "unanswered": "未获答复",
            "answered": "已获答复",
            "satisfactory": "答复满意",
            "unsatisfactory": "答复不满意",
            "reply": "收到答复",
        },
        "misc": {
            "recipient": "客户服务部",
            "management_title": "客户服务负责人",
            "authority": "12315 全国消费者投诉举报平台",
            "authority_website": "https://www.12315.cn",
            "staff_id": "工号",
            "list_sep": "、",
            "email_channel": "电子邮件",
            "other_channel": "客服热线或在线客服",
        },
    },
    "en": {
        "stage": {
            "first-complaint": "Formal complaint",
            "follow-up": "Follow-up to my complaint",
            "escalation": "Escalation of my complaint",
            "consumer-association": "Consumer complaint filing",
        },
        "problem": {
            "rude": "rude and disrespectful treatment",
            "slow": "unreasonable delay in handling my request",
            "wrong-advice": "incorrect advice",
            "refused-supervisor": "a refusal to refer me to a supervisor",
            "unjustified-fee": "a fee charged without justification",
            "no-response": "no response to my questions",
            "other": "other service failings",
        },
        "demand": {
            "apology": "a formal apology for the way I was treated",
            "explanation": "a written explanation of what happened and why",
            "correction": "correction of the wrong outcome and restoration of my account to where it should be",
            "compensation": "compensation for the losses this caused me",
            "refund": "a refund of the amount charged without justification",
            "staff-action": "a review of the staff member's conduct and the outcome of that review",
            "other": "the following",
        },
        "evidence": {
            "chat-log": "chat log",
            "email": "email",
            "call-recording": "call recording",
            "screenshot": "screenshot",
            "document": "document",
            "transaction": "transaction record",
            "other": "other material",
        },
        "contact": {
            "complaint": "complaint sent",
            "follow-up": "follow-up sent",
            "escalation": "escalated to management",
            "filing": "filed with a consumer body",
            "reply": "reply from the company",
            "call": "phone call",
            "chat": "online chat",
            "note": "note",
        },
        "outcome": {
            "unanswered": "no reply",
            "answered": "answered",
            "satisfactory": "satisfactory reply",
            "unsatisfactory": "unsatisfactory reply",
            "reply": "reply received",
        },
        "misc": {
            "recipient": "Customer Service Department",
            "management_title": "Head of Customer Service",
            "authority": "Consumer protection authority",
            "authority_website": "",
            "staff_id": "staff ID",
            "list_sep": ", ",
            "email_channel": "email",
            "other_channel": "your customer-service telephone line or online chat",
        },
    },
}


def join_list(lang: str, items: list[str]) -> str:
    return PHRASES[lang]["misc"]["list_sep"].join(items)


@lru_cache(maxsize=4096)
def format_date(value: dt.date, lang: str) -> str:
    """``2026年10月8日`` / ``8 October 2026``."""
    from babel.dates import format_date as babel_format_date

    pattern = "long" if lang == "zh" else "d MMMM y"
    return babel_format_date(value, format=pattern, locale=LOCALES[lang])


@cache
def _locale(lang: str) -> Any:
    """Parsed once: Babel re-parses a locale name on every call, which costs more than formatting."""
    from babel import Locale

    return Locale.parse(LOCALES[lang])


def format_money(amount: Decimal, currency: str, lang: str) -> str:
    """Babel's currency format for ISO codes; ``120.5 USDT`` for assets, keeping every digit given."""
    return _format_money(str(amount), currency, lang)  # str keeps 35.50 and 35.5 apart


@lru_cache(maxsize=4096)
def _format_money(amount_text: str, currency: str, lang: str) -> str:
    """Cached: a batch for a group of customers repeats the same amounts, and Babel is slow."""
    from babel.numbers import format_currency, format_decimal

    amount = Decimal(amount_text)
    locale = _locale(lang)
    places = max(0, -amount.as_tuple().exponent)  # type: ignore[operator]
    if currency in ASSET_SYMBOLS:
        digits = format_decimal(amount, format="#,##0." + "0" * places if places else "#,##0", locale=locale)
        return f"{digits} {currency}"
    # keep the user's precision when it is finer than the currency's usual digits
    from babel.numbers import get_currency_precision

    if places > get_currency_precision(currency):
        return format_currency(amount, currency, format="¤#,##0." + "0" * places, locale=locale, currency_digits=False)
    return format_currency(amount, currency, locale=locale)


def format_size(size: int, lang: str) -> str:
    """``1.5 MB`` style, with the language's decimal mark."""
    from babel.numbers import format_decimal

    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{format_decimal(round(value, 1), locale=_locale(lang))} {unit}"

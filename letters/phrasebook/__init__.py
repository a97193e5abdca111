"""Words and formats in each letter language.

Dates and money go through Babel so each language writes them its own way; the phrases
for problems, demands and contact kinds live here, in one table per language, so the
templates never translate anything themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from decimal import Context, Decimal, localcontext
from functools import cache, lru_cache, reduce
from typing import Any

#: Crypto assets accepted as a currency besides ISO 4217 codes.
ASSET_SYMBOLS = frozenset({"USDT", "USDC", "BTC", "ETH", "BNB", "TRX", "SOL", "DAI", "LTC", "XRP", "DOGE", "TON"})

#: Other spellings of a currency people write in case files; letters reads them as the code.
CURRENCY_ALIASES = {"人民币": "CNY", "人民币元": "CNY", "元": "CNY", "RMB": "CNY", "￥": "CNY"}

__all__ = [
    "ASSET_SYMBOLS",
    "CURRENCY_ALIASES",
    "LANGUAGES",
    "LOCALES",
    "PHRASES",
    "US_ENGLISH",
    "chinese",
    "format_date",
    "format_list",
    "format_money",
    "format_size",
    "join_list",
    "normalise_currency",
]

#: The letter languages: Simplified Chinese (mainland usage), Traditional Chinese with Hong
#: Kong usage, and English.
LANGUAGES = ("zh", "zh-Hant", "en")
LOCALES = {"zh": "zh_CN", "zh-Hant": "zh_Hant_HK", "en": "en_GB", "en-US": "en_US"}
#: "en-US" is not a letter language: an English letter to a company in the United States is
#: written with US conventions (September 20, 2026; $324.00; "Sincerely,"; US spelling). The
#: view model picks it from the case's jurisdiction (see letters.viewmodel.build), so case files
#: keep ``language: en``.
US_ENGLISH = "en-US"


def chinese(lang: str) -> bool:
    """``zh`` and ``zh-Hant``: the letters that share the Chinese sentence frames and layout."""
    return lang.startswith("zh")


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
        # mild and factual: the user's own summary carries the facts
        "problem": {
            "rude": "态度生硬",
            "slow": "处理拖延",
            "wrong-advice": "给出错误的处理建议",
            "refused-supervisor": "拒绝为本人转接主管",
            "unjustified-fee": "要求本人支付依据不明的费用",
            "no-response": "未回应本人的问题",
            "other": "其他问题",
        },
        "demand": {
            "apology": "向本人作出书面道歉",
            "explanation": "书面说明上述问题的原因和处理经过",
            "correction": "纠正错误的处理结果",
            "compensation": "赔偿由此给本人造成的损失",
            "refund": "退还相关款项",
            "staff-action": "核查涉事职员的处理情况并告知结果",
            "other": "处理本函所述的其他问题",
        },
        # the demand as a sentence, when the user gave no detail
        "demand_sentence": {
            "apology": "就上述问题向本人作出书面道歉。",
            "explanation": "书面说明上述问题的原因和处理经过。",
            "correction": "纠正错误的处理结果。",
            "compensation": "赔偿由此给本人造成的损失。",
            "refund": "退还相关款项。",
            "staff-action": "核查涉事职员的处理情况，并将核查结果告知本人。",
            "other": "处理本函所述的其他问题。",
        },
        # the demand in the summary sentence ("本人请求贵公司……")
        "demand_short": {
            "apology": "作出书面道歉",
            "explanation": "书面说明原因",
            "correction": "纠正错误的处理结果",
            "compensation": "赔偿损失",
            "refund": "退还相关款项",
            "staff-action": "核查涉事职员的处理情况",
            "other": "处理本函所述的其他问题",
        },
        "demand_short_sum": {"compensation": "赔偿{sum}", "refund": "退还{sum}"},
        # the demand as a noun phrase: what a filing asks the body to help obtain
        "demand_noun": {
            "apology": "书面道歉",
            "explanation": "对事情原因和处理经过的书面说明",
            "correction": "纠正错误的处理结果",
            "compensation": "赔偿损失",
            "refund": "退还相关款项",
            "staff-action": "核查涉事职员的处理情况并告知结果",
            "other": "处理本人所述的其他问题",
        },
        "demand_noun_sum": {"compensation": "赔偿{sum}", "refund": "退还{sum}"},
        # the demand as a sentence when the user gave no detail but the case gives its sum
        "demand_sentence_sum": {"compensation": "赔偿本人{sum}。", "refund": "退还本人{sum}。"},
        "evidence": {
            "chat-log": "聊天记录",
            "email": "电子邮件",
            "call-recording": "通话录音",
            "screenshot": "截图",
            "document": "文件",
            "transaction": "交易记录",
            "other": "其他资料",
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
            "staff_id": "工号",
            "staff": "职员",
            "list_sep": "、",
            "email_channel": "电子邮件",
            "other_channel": "客服热线或在线客服",
            "fee_charged": "收取了依据不明的费用",
            # a filing's grounds name the company as the subject: its staff were rude, not it
            "rude_staff": "职员态度生硬",
            "record_chat": "{dates}的在线客服对话记录",
            "record_call": "{dates}的通话录音",
            "letter_complaint": "投诉函",
            "letter_follow-up": "投诉催办函",
            "letter_escalation": "投诉升级函",
            "letter_filing": "消费投诉书",
            "attempt_complaint": "投诉",
            "attempt_follow-up": "催办",
            "attempt_escalation": "向管理层反映",
            "bytes": "{n}字节",
            "cny": "人民币{amount}元",
            "hkd": "港币{amount}元",
            "hkd_words": "港币{amount}元",
        },
        # who the writer is to the reader (letters.viewmodel.matter.reader): a bank's 持卡人, a shop's 顾客…
        "register": {
            "you_card": "贵行",
            "it_card": "该行",
            "customer_card": "持卡人",
            "you_bank": "贵行",
            "it_bank": "该行",
            "customer_bank": "客户",
            "you_shop": "贵公司",
            "it_shop": "该公司",
            "customer_shop": "顾客",
            "you_passenger": "贵公司",
            "it_passenger": "该公司",
            "customer_passenger": "旅客",
            "you_user": "贵公司",
            "it_user": "该公司",
            "customer_user": "用户",
            "you_customer": "贵公司",
            "it_customer": "该公司",
            "customer_customer": "客户",
            "body_council": "贵会",
            "body_centre": "贵中心",
            "body_bureau": "贵局",
            "body_other": "贵单位",
        },
        # Sentence frames of the Chinese letters (English builds its sentences in code): the
        # case's words go in the {fields}, so the Traditional table (zh_hant.py, made from this
        # one) never changes what the case says.
        "text": {
            "you": "贵公司",
            "it": "该公司",
            "paren": "（{text}）",
            "service_staff": "{company}{label}于{when}为本人提供的服务",
            "service_some": "{company}职员于{when}为本人提供的服务（其中{days}为{label}）",
            "service": "{company}职员于{when}为本人提供的服务",
            "staff_id": "{who}（工号：{id}）",
            "staff_id_inline": "{who}，工号：{id}",
            "dear_company": "尊敬的{name}{title}：",
            "dear_person": "尊敬的{title}{name}：",
            "dear_rank": "尊敬的{surname}{rank}：",
            "dear_title": "尊敬的{title}：",
            "dear_body": "尊敬的{name}工作人员：",
            "dear_staff": "尊敬的工作人员：",
            "and_sums": "及",
            "and_records": "以及",
            "and_then": "，并",
            "sum_is": "，金额为{amount}",
            "sum_of": "金额为{total}（{what}）。",
            "sum_made_up": "金额合计{total}，其中：{items}。",
            "loss_item": "{what}（{amount}）",
            "item_sep": "；",
            "pay_to": "请将款项支付至：{to}。",
            "ref_yours_bare": "贵方编号：{ref}",
            "ref_bare": "编号：{ref}",
            # a reply whose summary names who answered and how: the channel and reference after it
            "reply_voiced": "{said}（{how}）。",
            "reply_voiced_plain": "{said}。",
            "final_voiced": "此为{firm}的最终答复。",
            "by": "通过{channel}",
            "reply_rejected": "本人认为该答复未能解决问题。",
            "reply_rejected_again": "该答复仍未能解决问题。",
            "reply_rejected_still": "本人对该答复同样不能接受。",
            "reply_accepted": "本人接受该答复。",
            "contact_complaint": "本人{by}向{firm}提交投诉{ref}",
            "contact_follow-up": "本人{by}催促{firm}处理{ref}",
            "contact_escalation": "本人{by}致函{firm}管理层{ref}",
            "contact_filing": "本人{by}向消费者组织投诉{ref}",
            "contact_reply": "{firm}{by}答复{ref}",
            "contact_call": "本人{by}致电{firm}{ref}",
            "contact_chat": "本人{by}与{firm}在线沟通{ref}",
            "contact_said": "{head}，{said}。{verdict}",
            "contact_plain": "{head}。{verdict}",
            "channel_head": "{channel}：",
            "staff_involved": "经办职员：{label}。",
            "deadline_passed": "本人{date}发出的{letter}所定答复期限（{deadline}）已过，仍未获答复。",
            "chase": "于{date}{by}{verb}{ref}",
            "chase_follow-up": "发函催办",
            "chase_call": "致电查询",
            "chase_chat": "在线查询",
            "attempt": "于{date}{what}",
            "attempt_then": "，并",
            "channel_email": "{channel}（{email}）",
            "law_always": "根据{cite}，{says}。",
            "law_fits": "本人认为，{firm}{listed}，不符合{cite}关于{says}的规定。",
            "law_fits_more": "{firm}{listed}，不符合{cite}关于{says}的规定。",
            "form_consent": "（请在表格上自行勾选）",
            "form_missing": "（案件文件中没有，请自行填写）",
            "form_title": "{title}：在线投诉表格各栏，按表格顺序排列，可逐栏复制粘贴。",
            "respondent_brand": "{legal}（{brand}）",
            "respondent_reg": "（统一社会信用代码或注册号：{reg}）",
            "product": "{company}客户服务",
            "tx_network": "网络",
            "tx_txid": "交易编号",
            "tx_from": "付款地址",
            "tx_to": "收款地址",
            "tx_explorer": "区块浏览器",
            "label": "{label}：{value}",
            "sep": "，",
            "facts_head": "{date}，{channel}：",
            "facts_head_date": "{date}：",
            "facts_contact": "{date}，{what}",
            "ref_plain": "编号 {ref}",
            "demand_pay_to": "，支付至：{to}",
            "evidence_line": "{id} {kind}：{description}",
            "eml_subject": "{title}：{company}（本人编号：{case_id}）",
            # 事由 when the case gives no `issue`: the thing bought, else the first incident, else the loss
            "order_no": "订单号：{order}",
            "service_no": "编号：{order}",
            "policy_no": "保单号：{order}",  # an insurer's: the policy is what the purchase's number names
            "ref_no": "编号：{order}",
            "subject_order": "{product}（{order}）",
            "subject_incident": "{date}{channel}{what}",
            "subject_loss": "{what}（{amount}）",
            "subject_transaction": "{date}{amount}{network}交易及相关客服处理",
            "subject_service": "{date}{channel}的服务",
            "staff_unnamed": "{who}（未能得知其姓名）",
            "staff_unnamed_after": "{who}；未能得知其姓名{close}",
            "staff_on": "{days}为{label}",
            "service_many": "{company}职员于{when}为本人提供的服务（其中{parts}）",
            "promised": "{firm}承诺：“{promise}”。",
            "promised_by": "{firm}承诺：“{promise}”，期限为{by}。",
            "contact_final": "{firm}{by}作出最终答复{ref}",
            "promise_broken": "{firm}{date}答复中承诺的期限（{by}）已过，该承诺仍未兑现。",
            "see_enclosure": "（见附件{ids}）",
            "held_by": "（{what}由{firm}保存）",
            "about_order": "订单{ref}",
            "about_booking": "订单{ref}",
            "about_policy": "保单{ref}",
            "about_account": "账户{ref}",
            "about_product": "（{product}）",
            "next_management": "向管理层反映此事",
            "next_body": "向{body}投诉",
            "next_body_unknown": "消费者组织或有关监管部门",
            "noun_pay_to": "（支付至：{to}）",
            "grievance_sum": "涉及金额{sum}",
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
            "rude": "discourteous treatment",
            "slow": "delay in dealing with my request",
            "wrong-advice": "incorrect advice",
            "refused-supervisor": "a refusal to pass me to a supervisor",
            "unjustified-fee": "being asked for a fee without a stated basis",
            "no-response": "no answer to my questions",
            "other": "other service problems",
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
        # English: each continues "To put this right, please:" (lower case), as the user's own details do
        "demand_sentence": {
            "apology": "apologise to me in writing.",
            "explanation": "explain in writing what happened and why.",
            "correction": "correct the outcome of my request and put my account back where it should be.",
            "compensation": "compensate me for the losses this caused me.",
            "refund": "refund the money concerned.",
            "staff-action": "review how your staff dealt with me and tell me the outcome of that review.",
            "other": "deal with the other points I raise in this letter.",
        },
        "demand_short": {
            "apology": "a written apology",
            "explanation": "a written explanation",
            "correction": "correction of the outcome of my request",
            "compensation": "compensation",
            "refund": "a refund",
            "staff-action": "a review of how your staff dealt with me",
            "other": "the other steps set out below",
        },
        "demand_short_sum": {"compensation": "compensation of {sum}", "refund": "a refund of {sum}"},
        "demand_noun": {
            "apology": "a written apology",
            "explanation": "a written explanation of what happened and why",
            "correction": "correction of the outcome of my request",
            "compensation": "compensation for my losses",
            "refund": "a refund of the money concerned",
            "staff-action": "a review of how the staff dealt with me, and its outcome",
            "other": "the other steps set out in this complaint",
        },
        "demand_noun_sum": {"compensation": "compensation of {sum}", "refund": "a refund of {sum}"},
        "demand_sentence_sum": {"compensation": "pay me {sum} in compensation.", "refund": "refund me {sum}."},
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
            "staff_id": "staff ID",
            "staff": "staff",
            "list_sep": ", ",
            "email_channel": "email",
            "other_channel": "your customer-service telephone line or online chat",
            "fee_charged": "being charged a fee without a stated basis",
            "rude_staff": "discourteous treatment by the staff",
            "record_chat": "the chat transcripts of {dates}",
            "record_call": "the call recordings of {dates}",
            "record_chat_one": "the chat transcript of {dates}",  # one chat or call: English says it in the singular
            "record_call_one": "the call recording of {dates}",
            "letter_complaint": "complaint",
            "letter_follow-up": "follow-up letter",
            "letter_escalation": "escalation letter",
            "letter_filing": "consumer complaint",
            "attempt_complaint": "complaint",
            "attempt_follow-up": "follow-up",
            "attempt_escalation": "escalation",
            "bytes": "{n} bytes",
            "pay_to": "Please pay it to {to}.",
            "noun_pay_to": ", paid to {to}",
        },
    },
}

#: US English (see US_ENGLISH): the English phrases with US spelling where it differs.
PHRASES[US_ENGLISH] = {group: dict(words) for group, words in PHRASES["en"].items()}
PHRASES[US_ENGLISH]["demand_sentence"]["apology"] = "apologize to me in writing."


def join_list(lang: str, items: list[str]) -> str:
    return PHRASES[lang]["misc"]["list_sep"].join(items)


def format_list(items: list[str], lang: str) -> str:
    """A parallel list as the language writes it: ``a, b and c`` / ``a、b和c``."""
    if len(items) < 2:
        return items[0] if items else ""
    return _format_list(tuple(items), lang)


@lru_cache(maxsize=4096)
def _format_list(items: tuple[str, ...], lang: str) -> str:
    from babel.lists import format_list as babel_format_list

    return babel_format_list(list(items), locale=LOCALES[lang])


@lru_cache(maxsize=4096)
def format_date(value: dt.date, lang: str) -> str:
    """``2026年10月8日`` / ``8 October 2026``."""
    from babel.dates import format_date as babel_format_date

    pattern = "long" if chinese(lang) else ("MMMM d, y" if lang == US_ENGLISH else "d MMMM y")
    return babel_format_date(value, format=pattern, locale=LOCALES[lang])


@cache
def _locale(lang: str) -> Any:
    """Parsed once: Babel re-parses a locale name on every call, which costs more than formatting."""
    from babel import Locale

    return Locale.parse(LOCALES[lang])


#: Amounts go up to 12 integer digits with 18 decimals (the case-file model's limits): 30
#: significant digits, more than Python's default 28, and a sum of many needs a few more.
#: Every sum and format of money runs in this context, so none is rounded or refused.
MONEY_CONTEXT = Context(prec=60)


def add_amounts(amounts: Any) -> Decimal:
    """The exact sum of ``amounts`` (never rounded to the default 28 digits)."""
    # the context's own add: entering a local context copies it, which costs more than the sum
    # (the flags it sets, such as Inexact, are never read; its traps raise as in a copy)
    return reduce(MONEY_CONTEXT.add, amounts, _ZERO)


_ZERO = Decimal(0)


#: Set while one letter is built (``viewmodel.build``): the case's own words write Hong Kong dollars
#: as 港幣…元 and never HK$, so its Traditional letter does too (LETTER-CRAFT §7: one currency style).
HKD_IN_WORDS: ContextVar[bool] = ContextVar("hkd_in_words", default=False)


def format_money(amount: Decimal, currency: str, lang: str) -> str:
    """Babel's currency format for ISO codes; ``120.5 USDT`` for assets, keeping every digit given."""
    words = currency == "HKD" and HKD_IN_WORDS.get()
    return _format_money(str(amount), currency, lang, words)  # str keeps 35.50 and 35.5 apart


@lru_cache(maxsize=4096)
def _format_money(amount_text: str, currency: str, lang: str, hkd_words: bool = False) -> str:
    """Cached: a batch for a group of customers repeats the same amounts, and Babel is slow."""
    with localcontext(MONEY_CONTEXT):  # Babel quantizes in the current context (entered only when formatting)
        return _babel_money(amount_text, currency, lang, hkd_words)


#: English symbols Babel's English locale lacks, as the currency's own country writes them in English.
_EN_SYMBOLS = {"SGD": "S$"}


def _babel_money(amount_text: str, currency: str, lang: str, hkd_words: bool = False) -> str:
    from babel.numbers import format_currency, format_decimal

    amount = Decimal(amount_text)
    locale = _locale(lang)
    places = max(0, -amount.as_tuple().exponent)  # type: ignore[operator]
    if currency in ASSET_SYMBOLS:
        digits = format_decimal(amount, format="#,##0." + "0" * places if places else "#,##0", locale=locale)
        return f"{digits} {currency}"
    # keep the user's precision when it is finer than the currency's usual digits
    from babel.numbers import get_currency_name, get_currency_precision

    def usual_digits() -> str:  # the currency's usual places, or the user's when finer
        shown = max(places, get_currency_precision(currency))
        return format_decimal(amount, format="#,##0." + "0" * shown if shown else "#,##0", locale=locale, decimal_quantization=False)

    if chinese(lang):  # 人民币120.00元, 25.00欧元, HK$1,200.00 (港币1,200.00元 in Simplified): ¥ would also read as yen
        if currency in ("CNY", "HKD"):  # one style in each: 人民币120.00元; 港币368.00元 / HK$368.00 in Hong Kong
            key = "hkd_words" if hkd_words else currency.lower()  # 港幣368.00元 where the user writes it so
            return PHRASES[lang]["misc"][key].format(amount=usual_digits())
        return f"{usual_digits()}{get_currency_name(currency, locale=locale)}"

    if currency in _EN_SYMBOLS:  # S$288.90, as Singapore writes it (Babel's English has SGD288.90)
        return _EN_SYMBOLS[currency] + usual_digits()
    if places > get_currency_precision(currency):
        shown = format_currency(amount, currency, format="¤#,##0." + "0" * places, locale=locale, currency_digits=False)
    else:
        shown = format_currency(amount, currency, locale=locale)
    # CLDR's currency spacing, which Babel leaves out: a code written as letters is set apart from
    # the digits (SGD 288.90, CHF 40.00), a symbol is not (£40.00, US$40.00)
    return _CODE_THEN_DIGIT.sub(r"\1 ", shown, count=1)


#: A currency written as its ISO code, right before the amount's first digit.
_CODE_THEN_DIGIT = re.compile(r"^([A-Za-z]+)(?=\d)")


def format_size(size: int, lang: str) -> str:
    """``17 bytes`` / ``17字节``, then ``1.5 MB`` style, with the language's decimal mark."""
    from babel.numbers import format_decimal

    if size < 1024:
        return "1 byte" if size == 1 and not chinese(lang) else PHRASES[lang]["misc"]["bytes"].format(n=size)
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{format_decimal(round(value, 1), locale=_locale(lang))} {unit}"


# Traditional Chinese, Hong Kong usage: made from PHRASES["zh"] by tools/hant.py (OpenCC and a
# hand-kept Hong Kong glossary), never edited by hand.
from letters.phrasebook.zh_hant import PHRASES_ZH_HANT  # noqa: E402

PHRASES["zh-Hant"] = PHRASES_ZH_HANT

"""The sentences a letter builds from the case, in each language.

Each function here turns facts the case records into a phrase the templates print as
is, so a template never guesses: if the case has no such fact, the phrase is empty and the
template leaves the sentence out. Fixed words come from :data:`letters.phrasebook.PHRASES`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache

from letters import rx
from letters.casefile.model import Case, Contact, ContactKind, Demand, DemandType, Incident, Staff
from letters.phrasebook import PHRASES, US_ENGLISH, add_amounts, chinese, format_date, format_list, format_money
from letters.plan.stages import OUTGOING_KINDS, answered_by, reply_deadline
from letters.viewmodel import types as vm
from letters.viewmodel.values import text as _clean

__all__ = [
    "attempts_text",
    "chases_text",
    "chronology_entries",
    "dates_text",
    "demand_view",
    "demands_text",
    "fee_charged",
    "hk_prose",
    "is_letter_channel",
    "names_day",
    "problem_label",
    "prose_for",
    "records_text",
    "salutation",
    "sentence",
    "service_phrases",
    "sum_by_currency",
    "totals_text",
    "zh_prose",
]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_SPACE_DIGIT = rx.compile(rf"(?<=[{_HAN}])[ \t]+(?=[0-9])|(?<=[0-9])[ \t]+(?=[{_HAN}])")
_ASCII_QUOTED = rx.compile(r'"([^"\n]*)"')
_OPEN = rx.compile(r"[ \t]*\((?=[^()\n]*\))")
_CLOSE_AFTER = rx.compile(r"（([^()（）\n]*)\)")
_HAN_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
#: (the mark first, then a look back at the Han before it: a search skips to the marks, where a
#: look back first would be tried at every position)
_HAN_THEN_PUNCT = rx.compile(rf"([,;:?!])(?<=[{_HAN}][,;:?!])(?!//)")
_ASCII_PUNCT = rx.compile("[,;:?!]")
#: What every match of :data:`_HAN_SPACE_DIGIT` holds: a space or tab beside a digit.
_SPACE_BY_DIGIT = rx.compile(r"[ \t][0-9]|[0-9][ \t]")
#: A character one of the patterns above needs (the common text has none: it is returned as is).
_TRIGGERS = rx.compile(r'[",;:?!() \t]')


def zh_prose(text: str) -> str:
    """Case prose as a Chinese letter writes it: “” and （）, no space between Han and a number.

    Only for prose (summaries, names, addresses, descriptions), never for references,
    emails, hashes or links. The case file itself is never changed.
    """
    # each pattern needs a character most prose lacks: one search for them all, then only the
    # patterns whose character is there run
    if not _TRIGGERS.search(text):
        return text
    if '"' in text:
        text = _ASCII_QUOTED.sub(r"“\1”", text)
    if "(" in text:
        text = _OPEN.sub("（", text)
    if ")" in text and "（" in text:
        text = _CLOSE_AFTER.sub(r"（\1）", text)
    if _ASCII_PUNCT.search(text):
        text = _HAN_THEN_PUNCT.sub(lambda m: _HAN_PUNCT[m.group(1)], text)
    if _SPACE_BY_DIGIT.search(text):
        text = _HAN_SPACE_DIGIT.sub(_space_by_number, text)
    return text


#: The word a digit beside Han sits in: digits, Latin letters, and the dots and commas inside a number.
_WORD_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,")


def _space_by_number(found: re.Match[str]) -> str:
    """The spaces between Han and a number go (港币 238 元 → 港币238元); beside a word with Latin
    letters in it, a name such as 声悦 S3 or 5G, they stay as the user wrote them."""
    text, start, end = found.string, found.start(), found.end()
    if end < len(text) and text[end] in "0123456789":  # Han, then the word after the spaces
        last = end
        while last < len(text) and text[last] in _WORD_CHARS:
            last += 1
        word = text[end:last]
    else:  # the word before the spaces, then Han
        first = start
        while first > 0 and text[first - 1] in _WORD_CHARS:
            first -= 1
        word = text[first:start]
    return found.group() if any(c.isascii() and c.isalpha() for c in word) else ""


def hk_prose(text: str) -> str:
    """As :func:`zh_prose`, with the quotation marks of Hong Kong: 「」."""
    if '"' in text:
        text = _ASCII_QUOTED.sub(r"「\1」", text)
    return zh_prose(text)


def _same(text: str) -> str:
    return text


def prose_for(lang: str) -> Callable[[str], str]:
    """How case prose is written in ``lang``'s letters (the case file itself never changes)."""
    return {"zh": zh_prose, "zh-Hant": hk_prose}.get(lang, _same)


def _frames(lang: str) -> dict[str, str]:
    """The Chinese sentence frames of ``lang`` (zh or zh-Hant)."""
    return PHRASES[lang]["text"]


#: Who the writer is to the company, from its sector: a bank's card holder or customer, a shop's
#: buyer, an airline's passenger, an app's or a utility's user (keys of PHRASES' ``register`` group).
_READER = {"financial": "bank", "retail": "shop", "e-commerce": "shop", "aviation": "passenger"}
_USERS = ("crypto", "payments", "telecoms", "energy", "water")


def reader(case: Case) -> str:
    """card, bank, shop, passenger, user or customer: how a Chinese letter names the writer and the company."""
    sector = case.company.sector or ""
    who = _READER.get(sector) or ("user" if sector in _USERS or case.company.app else "customer")
    if who == "bank":  # a card's holder when the case speaks of a card: the account, the card centre, the purchase
        said = [case.complainant.account_id, case.company.name, case.company.department]
        if case.purchase:
            said += [case.purchase.product, case.purchase.order]
        if any("卡" in _clean(v) or "card" in _clean(v).lower() for v in said):
            return "card"
    return who


def firm_word(lang: str, you: bool, case: Case | None = None) -> str:
    """The company in a Chinese sentence: 贵公司 / 该公司, or 贵行 / 该行 to a bank (see :func:`reader`)."""
    register = PHRASES[lang].get("register")
    if case is not None and register:
        return register[f"{'you' if you else 'it'}_{reader(case)}"]
    return _frames(lang)["you" if you else "it"]


def member_label(staff: Staff, lang: str, prose: Callable[[str], str] = _same, inline: bool = False) -> str:
    """One staff member as the letter names them: ``热线客服张三（工号：A-1）`` / ``Jane (staff ID A-1, live-chat agent)``.

    A member recorded without name or id is said plainly to be unnamed (``the hotline agent
    (whose name I do not know)`` / ``热线客服（未能得知其姓名）``), never dressed up as a named one,
    and never said to have refused a name the case does not say they refused.
    ``inline`` is the Chinese form inside brackets already: ``张三，工号：A-1``.
    """
    name, sid, role = prose(_clean(staff.name)), _clean(staff.id), prose(_clean(staff.role))
    if chinese(lang):
        frames = _frames(lang)
        who = f"{role}{name}" if name else (role or PHRASES[lang]["misc"]["staff"])
        if sid:
            return frames["staff_id_inline" if inline else "staff_id"].format(who=who, id=sid)
        if name:
            return who
        if who.endswith(("）", ")")):  # the user's own aside takes ours: （夜班；未能得知其姓名）, not （夜班）（…）
            return frames["staff_unnamed_after"].format(who=who[:-1], close=who[-1])
        return frames["staff_unnamed"].format(who=who)
    if name:
        extras = [part for part in (f"staff ID {sid}" if sid else "", role) if part]
        return f"{name} ({', '.join(extras)})" if extras else name
    if sid:
        return f"the {role} with staff ID {sid}" if role else f"the member of staff with staff ID {sid}"
    if role.endswith(")"):  # the user's own aside takes ours: (phone; I do not know their name), not (phone) (…)
        return f"the {role[:-1]}; I do not know their name)"
    return f"the {role} (whose name I do not know)" if role else "a member of staff (whose name I do not know)"


#: No staff member recorded (version 2 allows none): the generic words stand in.
NOBODY = Staff(role="-").model_copy(update={"role": None})

_EN_END = tuple(".!?")
_ZH_END = tuple("。！？…")
#: Closing quotes and brackets: a sentence ends inside them ("… closed the chat.") or not ("said "no"").
_CLOSERS = "\"'”’)）」』"


def ends_sentence(text: str) -> bool:
    """``text`` already ends a sentence: a full stop, ! or ?, also before a closing quote or bracket."""
    return text.rstrip(_CLOSERS).endswith(_EN_END + _ZH_END + ("．",)) if text else False


def sentence(text: str, lang: str) -> str:
    """The user's words ending as a sentence: a full stop in English, 。 in Chinese, added only when
    the words do not end one already (the user's own characters are never changed)."""
    text = text.strip()
    if not text:
        return text
    if chinese(lang):
        return text if ends_sentence(text) else text + "。"
    return text if ends_sentence(text) else text + "."


def dates_text(dates: Iterable[dt.date], lang: str) -> str:
    """``14 and 16 September 2026`` / ``4 and 19 August and 1 September 2026`` /
    ``September 2 and 9, 2026`` / ``2026年10月3日和5日``: distinct dates, oldest first, each
    month's days together, the year once after its last month."""
    days = sorted(set(dates))
    if not days:
        return ""
    if chinese(lang):
        parts: list[str] = []
        for prev, day in zip([None, *days], days):
            if prev is None or prev.year != day.year:
                parts.append(format_date(day, lang))
            elif prev.month != day.month:
                parts.append(f"{day.month}月{day.day}日")
            else:
                parts.append(f"{day.day}日")
        return format_list(parts, lang)
    months: list[list[dt.date]] = []
    for day in days:
        if months and (months[-1][0].year, months[-1][0].month) == (day.year, day.month):
            months[-1].append(day)
        else:
            months.append([day])
    us = lang == US_ENGLISH  # "September 20, 2026"; elsewhere "20 September 2026"
    groups = []
    for index, month in enumerate(months):
        last_of_year = index + 1 == len(months) or months[index + 1][0].year != month[0].year
        name = format_date(month[0], lang).split(" ")[0 if us else 1]
        numbers = format_list([str(day.day) for day in month], lang)
        year = (f", {month[0].year}" if us else f" {month[0].year}") if last_of_year else ""
        groups.append((f"{name} {numbers}" if us else f"{numbers} {name}") + year)
    return format_list(groups, lang)


def fee_charged(incident: Incident, case: Case) -> bool:
    """Money changed hands for this incident: a transaction that day, or losses in a case that lists no transactions."""
    if case.transactions:
        return any(x.date == incident.date for x in case.transactions)
    return bool(case.losses)


def problem_label(problem: str, lang: str, charged: bool) -> str:
    """The mild label; a fee is "charged" only when the case records money paid (a loss or transaction)."""
    words = PHRASES[lang]
    if problem == "unjustified-fee" and charged:
        return words["misc"]["fee_charged"]
    return words["problem"][problem]


def service_phrases(
    case: Case, incidents: list[Incident], staff: list[list[Staff]], lang: str, prose: Callable[[str], str] = _same
) -> tuple[str, str]:
    """Who gave the service complained of and when, said to the company and about it (``you``
    and ``it``): each staff member named only with the dates of the incidents that list them
    (``staff``: each incident's; several, one, or nobody named). Both come from one reading."""
    when = dates_text((i.date for i in incidents), lang)
    people: dict[int, tuple[Staff, list[dt.date]]] = {}
    for incident, members in zip(incidents, staff):
        for member in members:
            people.setdefault(id(member), (member, []))[1].append(incident.date)
    every = len(people) == 1 and len(next(iter(people.values()))[1]) == len(incidents)
    name = prose(_clean(case.company.name))
    if chinese(lang):
        frames = _frames(lang)
        words = {"when": when}
        if every:
            frame = frames["service_staff"]
            words["label"] = member_label(next(iter(people.values()))[0], lang, prose)
        elif people:
            frame = frames["service_many"]
            parts = [
                frames["staff_on"].format(days=dates_text(days, lang), label=member_label(m, lang, prose, inline=True))
                for m, days in people.values()
            ]
            words["parts"] = frames["sep"].join(parts)
        else:
            frame = frames["service"]
        return frame.format(company=frames["you"], **words), frame.format(company=name, **words)
    if every:
        label = member_label(next(iter(people.values()))[0], lang, prose)
        you, it = (f"the service I received from {label} of {firm} staff on {when}" for firm in _firms(name))
        return you, it
    # one person among others' service: who, and when (several are for "What happened")
    one = ""
    if len(people) == 1:
        member, days = next(iter(people.values()))
        one = f"{member_label(member, lang, prose)} on {dates_text(days, lang)}"
    covered = {day for _, days in people.values() for day in days}
    if any(i.date not in covered for i in incidents):
        # a day no staff member is recorded for (a cancellation by text, an unanswered form) was not
        # "the service I received from your staff": the complaint is about how the company dealt with it
        tail = f", including my dealings with {one}" if one else ""
        return f"how you dealt with me on {when}{tail}", f"how {name} dealt with me on {when}{tail}"
    tail = f", including {one}" if one else ""
    you, it = (f"the service I received from {firm} staff on {when}{tail}" for firm in _firms(name))
    return you, it


def _firms(name: str) -> tuple[str, str]:
    """The company's staff, said to it and about it: ``your`` / ``Acme's``."""
    return "your", (f"{name}'" if name.endswith("s") else f"{name}'s")


#: The ranks a Chinese salutation names after the surname (尊敬的周总经理：), longest first.
_RANKS = (
    "副总经理",
    "总经理",
    "副总裁",
    "总裁",
    "副行长",
    "行长",
    "总监",
    "经理",
    "主任",
    "主管",
    "部长",
    "處長",
    "处长",
    "總經理",
    "總監",
    "經理",
    "店长",  # a shop's manager: 尊敬的周店长：
    "店長",
)
_RANKS_LONGEST_FIRST = tuple(sorted(_RANKS, key=len, reverse=True))
_COMPOUND_SURNAMES = (
    "欧阳",
    "歐陽",
    "司马",
    "司馬",
    "上官",
    "诸葛",
    "諸葛",
    "东方",
    "東方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "司徒",
    "夏侯",
)
_HAN_NAME = rx.compile(rf"^[{_HAN}]{{2,4}}$")


def _surname_rank(name: str, title: str) -> tuple[str, str] | None:
    """(周, 总经理) for 周敏 and 信用卡中心客服部总经理: a Chinese salutation names the surname and the rank, not the whole title."""
    rank = next((r for r in _RANKS_LONGEST_FIRST if title.endswith(r)), "")
    if not rank or not _HAN_NAME.match(name):
        return None
    surname = name[:2] if name.startswith(_COMPOUND_SURNAMES) and len(name) > 2 else name[0]
    return surname, rank


_HONORIFIC = rx.compile(r"^(Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(.+)$")


def salutation(lang: str, kind: str, name: str = "", title: str = "") -> tuple[str, str]:
    """(salutation, valediction) for a recipient: ``kind`` is company, person or authority.

    English: a named person gets "Dear Mr Reyes," (or the full name) and "Yours sincerely,";
    a department or body "Dear Sir or Madam," and "Yours faithfully,".
    """
    if chinese(lang):
        frames = _frames(lang)
        if kind == "person":
            if name and (short := _surname_rank(name, title)):
                return frames["dear_rank"].format(surname=short[0], rank=short[1]), ""
            return (frames["dear_person"] if name else frames["dear_title"]).format(name=name, title=title), ""
        if kind == "authority":
            return (frames["dear_body"] if name else frames["dear_staff"]).format(name=name), ""
        return frames["dear_company"].format(name=name, title=title), ""
    us = lang == US_ENGLISH  # US letters: "Dear Ms. Reyes:" … "Sincerely,"
    if kind == "person" and name:
        match = _HONORIFIC.match(name)
        who = f"{match.group(1)}{'.' * us} {match.group(2).split()[-1]}" if match else name
        return (f"Dear {who}:", "Sincerely,") if us else (f"Dear {who},", "Yours sincerely,")
    return ("Dear Sir or Madam:", "Sincerely,") if us else ("Dear Sir or Madam,", "Yours faithfully,")


def totals_text(sums: list[tuple[Decimal, str]], lang: str) -> str:
    """``人民币35.50元及1.2 USDT`` / ``CN¥35.50 and 1.2 USDT``: one total per currency, in order of appearance."""
    parts = [format_money(amount, currency, lang) for currency, amount in sum_by_currency(sums).items()]
    if chinese(lang):
        sep = PHRASES[lang]["misc"]["list_sep"]
        return sep.join(parts[:-1]) + (_frames(lang)["and_sums"] if len(parts) > 1 else "") + parts[-1] if parts else ""
    return format_list(parts, lang)


def sum_by_currency(sums: Iterable[tuple[Decimal, str]]) -> dict[str, Decimal]:
    """The exact total of each currency (in order of appearance), one sum per currency."""
    by_currency: dict[str, list[Decimal]] = {}
    for amount, currency in sums:
        by_currency.setdefault(currency, []).append(amount)
    return {currency: add_amounts(amounts) for currency, amounts in by_currency.items()}  # exact at 30 digits


def demand_view(demand: Demand, lang: str, losses: list[tuple[str, Decimal, str]], every_loss: bool) -> dict[str, str]:
    """A demand as a sentence, a short phrase and a noun phrase (for a filing's asks).

    The user's detail is the sentence, exactly as written (a full stop added only when it has
    none). A refund or compensation carries its sum once: the demand's own amount, else
    ``losses`` (the ones :meth:`Case.demand_losses` gives it); the sum is added only when the
    detail does not already say it, with its make-up only when the losses section alone would
    not tell it (``every_loss``: it claims every loss). A non-money demand has no sum.
    """
    words = PHRASES[lang]
    frames = words["text"] if chinese(lang) else words["misc"]
    kind = demand.type.value
    money = demand.type in (DemandType.REFUND, DemandType.COMPENSATION)
    amount_text = ""
    amounts: list[Decimal] = []
    if money and demand.amount is not None and demand.currency is not None:
        amount_text = format_money(demand.amount, demand.currency, lang)
        amounts = [demand.amount]
    elif money and losses:
        amount_text = totals_text([(a, c) for _, a, c in losses], lang)
        amounts = [a for _, a, _ in losses]
    detail = _clean(demand.detail)
    if detail:
        text = sentence(detail, lang)
        if not chinese(lang):
            # "please: a goodwill payment …" is no sentence: "please: pay me a goodwill payment …"
            if detail[:1] in _EN_MONEY_START:  # "£150 for the distress …"
                text = f"pay me {text}"
            elif detail.split(maxsplit=1)[0] in _EN_NOUN_START:
                text = f"{_EN_DEMAND_VERB[kind]} {text}"
        if amount_text and not _mentions(detail, amounts):
            made_of = _make_up(losses, every_loss, lang)
            # one sentence, the sum before the user's full stop: 退还多收的费用，金额为人民币30.00元。/ refund the fee (£35.00).
            if chinese(lang):
                text = _before_stop(text, frames["sum_is"].format(amount=amount_text + made_of), "。")  # a user's "." stays
            else:  # in brackets, as the filing's list writes it: "(£50.00: the fee, £20.00; the charge, £30.00)"
                said = f" ({amount_text}{': ' + made_of[2:-1] if made_of else ''})"
                if detail.endswith(".") or not text.endswith("."):  # the user's own full stop (or ? !) stays theirs
                    text += said
                else:  # before the full stop the letter added
                    text = _before_stop(text, said, ".")
    elif amount_text:
        text = words["demand_sentence_sum"][kind].format(sum=amount_text + _make_up(losses, every_loss, lang))
    else:
        text = words["demand_sentence"][kind]
    noun = words["demand_noun_sum"][kind].format(sum=amount_text) if amount_text else words["demand_noun"][kind]
    if money and demand.pay_to:
        text += (" " * (not chinese(lang))) + frames["pay_to"].format(to=demand.pay_to)
        noun += frames["noun_pay_to"].format(to=demand.pay_to)
    short = (
        detail.rstrip(".。")
        if detail
        else words["demand_short_sum"][kind].format(sum=amount_text)
        if amount_text
        else words["demand_short"][kind]
    )
    return {"sentence": text, "short": short, "noun": noun, "amount_text": amount_text, "pay_to": _clean(demand.pay_to)}


#: A detail that starts with one of these is a noun phrase ("a goodwill payment", "the call
#: recording"): it needs a verb to follow "To put this right, please:" (the user's words unchanged after it).
_EN_NOUN_START = frozenset({"a", "an", "the", "my", "our", "some", "any", "full", "written", "compensation", "reimbursement"})
_EN_MONEY_START = frozenset("£$€¥0123456789")
_EN_DEMAND_VERB = {
    "apology": "give me",
    "explanation": "give me",
    "correction": "give me",
    "compensation": "pay me",
    "refund": "give me",
    "staff-action": "carry out",
    "other": "give me",
}


def _before_stop(text: str, clause: str, stop: str) -> str:
    """``clause`` inside the sentence, before its final ``stop`` (or at its end when it has none)."""
    return text[:-1] + clause + text[-1] if text.endswith(stop) else text + clause


_NUMBER = rx.compile(r"\d[\d,]*(?:\.\d+)?")


def _mentions(detail: str, amounts: list[Decimal]) -> bool:
    """The user's detail already states the sum (``25.00 EUR``, ``899元``, ``2,380``): it is not said twice."""
    said = set()
    for number in _NUMBER.findall(detail):
        try:
            said.add(Decimal(number.replace(",", "")))
        except ArithmeticError:
            continue
    total = add_amounts(amounts)
    return total in said or all(a in said for a in amounts)


def _make_up(losses: list[tuple[str, Decimal, str]], every_loss: bool, lang: str) -> str:
    """What a sum from several losses is made of, when the losses section does not already say it."""
    if every_loss or not losses:
        return ""
    if len(losses) == 1:  # one loss: the losses section names it beside its sum
        return ""
    if chinese(lang):
        frames = _frames(lang)
        items = frames["item_sep"].join(frames["loss_item"].format(what=d, amount=format_money(a, c, lang)) for d, a, c in losses)
        return frames["paren"].format(text=items)
    return " (" + "; ".join(f"{d}, {format_money(a, c, lang)}" for d, a, c in losses) + ")"


def demands_text(shorts: list[str], lang: str) -> str:
    """The demands in one phrase, the user's own words where they gave them: ``refund the fee; an apology`` / ``A；B``.

    Joined with semicolons: the user's words may hold commas and "and" of their own.
    """
    if chinese(lang):  # 、 between short phrases (退还HK$368.00、作出书面道歉); ； once the user's words hold their own commas
        plain = not any(mark in s for s in shorts for mark in "，、；,;")
        return (PHRASES[lang]["misc"]["list_sep"] if plain else _frames(lang)["item_sep"]).join(shorts)
    return "; ".join(shorts)


_PHONE = rx.compile(r"phone|call|hotline|电话|热线|来电|致电|電話|熱線|來電|致電", re.I)
_CHAT = rx.compile(r"chat|聊天|在线|客服对话|在線|網上客服|網上對話|客服對話|im\b|whatsapp|telegram|微信", re.I)


@lru_cache(maxsize=1024)  # a batch's cases name the same few channels; each search scans the whole name
def _medium(channel: str, kind: ContactKind | None = None) -> str:
    """``call`` or ``chat`` when the company holds a recording or transcript of it, else ""."""
    if kind is ContactKind.CALL or _PHONE.search(channel):
        return "call"
    if kind is ContactKind.CHAT or _CHAT.search(channel):
        return "chat"
    return ""


def is_letter_channel(channel: str) -> bool:
    """A letter went this way (email, post, a web form…), not a call or a chat."""
    return not _medium(channel)


#: Contacts the company keeps a recording or transcript of, when made by phone or chat.
_HELD_KINDS = (ContactKind.CALL, ContactKind.CHAT, ContactKind.FOLLOW_UP, ContactKind.COMPLAINT)


def records_text(
    incidents: list[Incident], contacts: list[Contact], lang: str, held: Iterable[str] = (), held_kinds: Iterable[str] = ()
) -> str:
    """The records the company holds, to be preserved: call recordings and chat transcripts from
    the case's channels, and the evidence the case marks ``held_by: company`` (``held``: their
    descriptions; ``held_kinds``: ``call`` / ``chat`` when that evidence already names those records)."""
    held_kinds = set(held_kinds)
    found: dict[str, list[dt.date]] = {"chat": [], "call": []}
    for i in incidents:
        if medium := _medium(i.channel or ""):
            found[medium].append(i.date)
    for c in contacts:
        medium = _medium(c.channel or "", c.kind) if c.kind in _HELD_KINDS else ""
        if medium:
            found[medium].append(c.date)
    misc = PHRASES[lang]["misc"]
    held = list(held)
    parts = [
        misc.get(f"record_{m}_one" if len(days) == 1 else "", misc[f"record_{m}"]).format(dates=dates_text(days, lang))
        for m, days in sorted(found.items(), key=lambda item: min(item[1], default=dt.date.max))  # in date order
        if days and m not in held_kinds
    ]
    parts += held
    if chinese(lang) and len(parts) > 1:  # their dates already say 和: 在线客服对话记录以及10月12日和31日的通话录音
        return PHRASES[lang]["misc"]["list_sep"].join(parts[:-1]) + _frames(lang)["and_records"] + parts[-1]
    return format_list(parts, lang) if parts else ""


_ANSWER = r"(?:回复|答复|回覆|答覆|回应|回應|表示|告知|声称|聲稱)"
#: A Chinese reply summary whose first clause tells the answering (客服中心邮件回复称…, 會員服務部電郵
#: 回覆，…, 书面最终答复：…, 仅回复…), or that the user tells (我收到客服中心邮件，称…).
_VOICED = rx.compile(rf"(?:我|本人)|[^，,。；;：:“”\"「」]{{0,20}}?{_ANSWER}")
#: …and one whose answering has no subject of its own (仅回复…, 回复称…): the company is its subject.
#: A subject it names is kept as the user wrote it, the company's or not (客服中心…, 商家…).
_NO_SUBJECT = rx.compile(
    rf"(?:仅|僅|只|未|没|沒|不|又|再|也|亦|都|均|已|曾|则|則|却|卻|还|還|一直|始终|始終|并|並|随后|隨後|书面|書面|电话|電話|邮件|郵件|电邮|電郵|短信|来电|來電|来函|來函)*"
    rf"(?:最终|最終)?{_ANSWER}"
)


def _ref_bare(reference: str, lang: str, you: bool, case: Case | None = None) -> str:
    """A Chinese letter's reference with its label, unbracketed: 贵方编号：… (the company's, to it;
    貴行編號 to a Hong Kong bank, 貴公司編號 to another firm) / 编号：…"""
    if not reference:
        return ""
    return _frames(lang)["ref_yours_bare" if you else "ref_bare"].format(ref=reference, you=firm_word(lang, True, case) if you else "")


def _ref(reference: str, lang: str, you: bool, case: Case | None = None) -> str:
    if not reference:
        return ""
    if chinese(lang):
        return _frames(lang)["paren"].format(text=_ref_bare(reference, lang, you, case))
    return f" ({'your ' if you else ''}ref {reference})"


def _by(channel: str, lang: str) -> str:
    if not channel:
        return ""
    return _frames(lang)["by"].format(channel=channel) if chinese(lang) else f" by {channel}"


def _verdict(lang: str, satisfactory: bool, rejected_before: int = 0) -> str:
    """What the writer made of a reply; a second (third…) reply not accepted is said otherwise than the
    first, so a chronology does not repeat one sentence (native read: the same sentence twice)."""
    if chinese(lang):
        key = (
            "reply_accepted"
            if satisfactory
            else ("reply_rejected", "reply_rejected_again", "reply_rejected_still")[min(rejected_before, 2)]
        )
        return _frames(lang)[key]
    if satisfactory:
        return " I accepted this reply."
    return (
        " I do not consider that this resolves my complaint.",
        " It did not resolve my complaint either.",
        " This reply did not resolve it either.",
    )[min(rejected_before, 2)]


def names_day(text: str, day: dt.date | None) -> bool:
    """The user's words already name ``day`` (``11月10日前``, ``10 November``, ``November 10``, ``2026-11-10``)."""
    if day is None or not text:
        return False
    month = format_date(day, "en").split(" ")[1]  # "10 November 2026": Babel's English month name
    return bool(
        re.search(rf"(?<!\d){day.month}\s*月\s*{day.day}\s*[日号號](?!\d)", text)
        or re.search(rf"(?<!\d){day.day}(?:st|nd|rd|th)?\s+{month}|{month}\s+{day.day}(?!\d)", text, re.IGNORECASE)
        or day.isoformat() in text
    )


def promised_by(contact: Contact, lang: str) -> str:
    """The day a promise is due, as a letter adds it after the quote; empty when none is recorded
    or the promise's own words already name it (“11月10日前退回”)."""
    due = contact.promise_by
    return format_date(due, lang) if due and not names_day(_clean(contact.promise), due) else ""


def promise_text(contact: Contact, lang: str, you: bool, case: Case | None = None) -> str:
    """What a reply promised, quoted as the case records it, with its deadline (unless the promise's
    own words name it): `` You promised …, by …``."""
    if not contact.promise:
        return ""
    promise = _clean(contact.promise)
    by = promised_by(contact, lang)
    if chinese(lang):
        frames = _frames(lang)
        firm = firm_word(lang, you, case)
        return frames["promised_by" if by else "promised"].format(firm=firm, promise=promise, by=by)
    firm = "You" if you else "The company"
    return f" {firm} promised “{promise}”" + (f" by {by}." if by else ".")


_MAIL = rx.compile(r"e-?mail", re.I)
_POST = rx.compile(r"\bpost\b", re.I)
_NOUN_CHANNEL = rx.compile(r"\b(?:message|letter|e-?mail)\s*$", re.I)


def promised_in(contact: Contact, lang: str, you: bool, case: Case | None = None) -> str:
    """English: a promise as one sentence that names the reply it was made in, by its channel and date:
    ``In your email of 2 September 2026 you promised “…” by 22 September 2026.`` (the promise quoted as
    recorded). Chinese letters keep :func:`contact_text`."""
    if chinese(lang) or not contact.promise:
        return contact_text(contact, lang, you, _same, case)
    channel = contact.channel or ""
    date = format_date(contact.date, lang)
    firms, firm = ("your", "you") if you else ("the company's", "the company")
    medium = _medium(channel)
    if medium == "call":
        where = f"On a telephone call on {date}"
    elif medium == "chat":
        where = f"In an online chat on {date}"
    elif _MAIL.fullmatch(channel.strip()):
        where = f"In {firms} email of {date}"
    elif _NOUN_CHANNEL.search(channel):  # "secure message", "letter": the reply is named by what it was
        where = f"In {firms} {channel.strip()[:1].lower()}{channel.strip()[1:]} of {date}"
    elif _POST.search(channel):
        where = f"In {firms} letter of {date}"
    else:
        where = f"In {firms} reply of {date}" + (f" by {channel}" if channel else "")
    ref = f" (ref {contact.reference})" if contact.reference and not you else ""
    comma = "," if lang == US_ENGLISH and not ref else ""  # US: "of August 27, 2026, you promised"
    by = promised_by(contact, lang)
    return f"{where}{ref}{comma} {firm} promised “{_clean(contact.promise)}”{' by ' + by if by else ''}."


def contact_text(
    contact: Contact, lang: str, you: bool, prose: Callable[[str], str], case: Case | None = None, rejected_before: int = 0
) -> str:
    """One contact as a full sentence of the chronology: who did what, how, its reference, what it said.

    The user's own letters are told by what they were (their log summary is the user's note,
    not something the letter says); a reply, call or chat with what the case says of it, a
    promise quoted with its deadline, a final response named as one.
    """
    channel = prose(contact.channel or "")
    # the company's own reference on a complaint or a reply (the letters' company_ref); on a chase, an
    # escalation, a call or a chat it may be the post's (registered mail RR-2207) or the user's note
    ref = _ref(contact.reference or "", lang, you and contact.kind in (ContactKind.REPLY, ContactKind.COMPLAINT), case)
    kind = contact.kind
    said = "" if kind in OUTGOING_KINDS else _clean(contact.summary)
    verdict = (
        _verdict(lang, contact.satisfactory, rejected_before) if kind is ContactKind.REPLY and contact.satisfactory is not None else ""
    )
    if contact.promise and contact.satisfactory:  # a reply accepted for its promise: the promise is what counts
        verdict = ""
    promised = promise_text(contact, lang, you, case) if kind is ContactKind.REPLY else ""
    final = kind is ContactKind.REPLY and contact.final
    if chinese(lang):
        frames = _frames(lang)
        firm = firm_word(lang, you, case)
        if kind is ContactKind.REPLY and _VOICED.match(said):
            # The user's summary already tells the answering (客服中心邮件回复称…): it is the sentence,
            # with the channel and reference after it, so the reply is not told twice (贵公司通过电子
            # 邮件答复，客服中心邮件回复称…); the company is its subject only when it names none.
            how = frames["sep"].join(part for part in (channel, _ref_bare(contact.reference or "", lang, you, case)) if part)
            told = frames["reply_voiced" if how else "reply_voiced_plain"].format(
                said=(firm if _NO_SUBJECT.match(said) else "") + said.rstrip("。."), how=how
            )
            if final and "最终" not in said and "最終" not in said:
                told += frames["final_voiced"].format(firm=firm)
            return told + promised + verdict
        aside = frames["paren"].format(text=channel) if channel else ""
        key = "contact_final" if final else f"contact_{kind.value}"
        head = frames[key].format(by=_by(channel, lang), firm=firm, ref=ref, aside=aside)
        said_text = frames["contact_said" if said else "contact_plain"].format(head=head, said=said.rstrip("。."), verdict="")
        return said_text + promised + verdict
    firm = "You" if you else "The company"
    firms = "your" if you else "the company's"
    by = _by(channel, lang)
    head = {
        ContactKind.COMPLAINT: f"I sent my complaint{by}{ref}",
        ContactKind.FOLLOW_UP: f"I chased my complaint{by}{ref}",
        ContactKind.ESCALATION: f"I asked {firms} management to review my complaint{by}{ref}",
        ContactKind.FILING: f"I filed a complaint with a consumer body{by}{ref}",
        ContactKind.REPLY: f"{firm} sent {'your' if you else 'its'} final response{by}{ref}" if final else f"{firm} replied{by}{ref}",
        ContactKind.CALL: f"I spoke to {firms} staff by {channel or 'telephone'}{ref}",
        ContactKind.CHAT: f"I spoke to {firms} staff by {channel or 'online chat'}{ref}",
    }[kind]
    return (f"{head}: {said}" if said else head) + ("" if ends_sentence(said) else ".") + promised + verdict


def incident_text(incident: Incident, lang: str, staff: str, prose: Callable[[str], str], evidence: str = "") -> str:
    """An incident as the chronology tells it: where, who (only the staff it lists), what the user wrote."""
    channel = prose(incident.channel or "")
    summary = sentence(_clean(incident.summary), lang)
    if chinese(lang):
        frames = _frames(lang)
        head = frames["channel_head"].format(channel=channel) if channel else ""
        who = frames["staff_involved"].format(label=staff) if staff else ""
        return f"{head}{summary}{who}{evidence}"
    where = f"{channel[:1].upper()}{channel[1:]}" if channel else ""
    with_ = f"with {staff}" if staff else ""
    head = ", ".join(part for part in (where, with_ if where else with_[:1].upper() + with_[1:]) if part)
    return (f"{head}: {summary}" if head else summary) + (f" {evidence}" if evidence else "")


def deadline_text(contact: Contact, lang: str, deadline: dt.date) -> str:
    """A letter's reply deadline passed unanswered, told the day after it with the deadline named
    (a line dated 8 November saying only "the deadline passed" reads as if it were the 8th)."""
    stage = PHRASES[lang]["misc"][f"letter_{contact.kind.value}" if chinese(lang) else f"attempt_{contact.kind.value}"]
    date, by = format_date(contact.date, lang), format_date(deadline, lang)
    if chinese(lang):
        return _frames(lang)["deadline_passed"].format(date=date, letter=stage, deadline=by)
    return f"No reply by {by}, the deadline in my {stage} of {date}."


def broken_text(contact: Contact, lang: str, you: bool, case: Case | None = None) -> str:
    """The day after a promise fell due unkept, with the day it was due."""
    date = format_date(contact.date, lang)
    by = format_date(contact.promise_by, lang) if contact.promise_by else ""
    if chinese(lang):
        frames = _frames(lang)
        return frames["promise_broken"].format(firm=firm_word(lang, you, case), date=date, by=by)
    whose = "Your" if you else "The company's"
    return f"{whose} promise of {date} fell due on {by} and was not kept."


_DAY = dt.timedelta(days=1)


def chronology_entries(
    case: Case,
    incidents: list[Incident],
    contacts: list[Contact],
    on: dt.date,
    lang: str,
    you: bool,
    incident_lines: list[str],
    prose: Callable[[str], str],
) -> tuple[list[vm.Dated], list[vm.Dated]]:
    """One merged, dated list of full sentences: incidents, letters, the deadlines they set that
    passed unanswered, promises that fell due unkept, replies; and the same list without the
    incidents (the attempts to settle), made once. A deadline or a promised date is said to
    have passed on the day after it (a reply "by 4 October" may still come on the 4th); on one
    day, a missed deadline comes before the chase it caused."""
    rows: list[tuple[dt.date, int, int, str]] = []
    for n, incident in enumerate(incidents):
        rows.append((incident.date, 0, n, incident_lines[n]))
    rejected = 0  # replies not accepted so far: each says so in words of its own
    for n, contact in enumerate(contacts):
        rows.append((contact.date, 2, n, contact_text(contact, lang, you, prose, case, rejected)))
        rejected += contact.kind is ContactKind.REPLY and contact.satisfactory is False
        if contact.kind in (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP, ContactKind.ESCALATION):
            deadline = reply_deadline(case, contact)
            if deadline < on and not answered_by(contacts, n, deadline) and is_letter_channel(contact.channel or ""):
                rows.append((deadline + _DAY, 1, n, deadline_text(contact, lang, deadline)))
        if contact.kind is ContactKind.REPLY and contact.promise_by is not None and contact.promise_broken(on):
            rows.append((contact.promise_by + _DAY, 1, n, broken_text(contact, lang, you, case)))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    entries: list[tuple[vm.Dated, int]] = [
        ({"date": format_date(d, lang), "date_iso": d.isoformat(), "text": text}, kind) for d, kind, _, text in rows
    ]
    return [e for e, _ in entries], [e for e, kind in entries if kind != 0]


def chases_text(contacts: list[Contact], lang: str, prose: Callable[[str], str]) -> str:
    """Every chase after the first complaint: ``on 20 October 2026 by telephone (ref CALL-2207)``."""
    parts = []
    for c in contacts:
        channel = prose(c.channel or "")
        ref = _ref(c.reference or "", lang, you=False)
        date = format_date(c.date, lang)
        if chinese(lang):
            frames = _frames(lang)
            verb = frames[f"chase_{c.kind.value}"]
            parts.append(frames["chase"].format(date=date, by=_by(channel, lang), verb=verb, ref=ref))
        else:
            how = channel or {ContactKind.FOLLOW_UP: "", ContactKind.CALL: "telephone", ContactKind.CHAT: "online chat"}[c.kind]
            parts.append(f"on {date}{_by(how, lang)}{ref}")
    if chinese(lang):
        return _frames(lang)["and_then"].join(parts)
    return format_list(parts, lang)


def attempts_text(contacts: list[Contact], lang: str) -> str:
    """The letters already sent to the company: ``my complaint of 5 October 2026 and …``."""
    misc = PHRASES[lang]["misc"]
    parts = []
    year = None
    for c in contacts:
        if c.kind in (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP, ContactKind.ESCALATION):
            date = format_date(c.date, lang)
            what = misc["attempt_" + c.kind.value]
            if chinese(lang):  # the year once: 于2026年10月12日投诉，并于10月28日催办、于11月3日向管理层反映
                date = date if c.date.year != year else f"{c.date.month}月{c.date.day}日"
                year = c.date.year
            parts.append(_frames(lang)["attempt"].format(date=date, what=what) if chinese(lang) else f"my {what} of {date}")
    if chinese(lang) and len(parts) > 1:  # "A、B和C" ran three 于-clauses together; the first, then 并 the rest
        return parts[0] + _frames(lang)["attempt_then"] + misc["list_sep"].join(parts[1:])
    return format_list(parts, lang) if parts else ""

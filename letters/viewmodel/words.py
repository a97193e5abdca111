"""The sentences a letter builds from the case, in each language.

Each function here turns facts the case records into a phrase the templates print as
is, so a template never guesses: if the case has no such fact, the phrase is empty and the
template leaves the sentence out. Fixed words come from :data:`letters.i18n.PHRASES`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from letters.casefile.model import Case, Contact, ContactKind, Demand, DemandType, Incident, Staff
from letters.i18n import PHRASES, add_amounts, chinese, format_date, format_list, format_money
from letters.plan.stages import answered_by, reply_deadline
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
    "problem_label",
    "prose_for",
    "records_text",
    "salutation",
    "sentence",
    "service_phrase",
    "staff_label",
    "totals_text",
    "zh_prose",
]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_SPACE_DIGIT = re.compile(rf"(?<=[{_HAN}])[ \t]+(?=[0-9])|(?<=[0-9])[ \t]+(?=[{_HAN}])")
_ASCII_QUOTED = re.compile(r'"([^"\n]*)"')
_OPEN = re.compile(r"[ \t]*\((?=[^()\n]*\))")
_CLOSE_AFTER = re.compile(r"（([^()（）\n]*)\)")
_HAN_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HAN_THEN_PUNCT = re.compile(rf"(?<=[{_HAN}])([,;:?!])(?!//)")


def zh_prose(text: str) -> str:
    """Case prose as a Chinese letter writes it: “” and （）, no space between Han and digits.

    Only for prose (summaries, names, addresses, descriptions), never for references,
    emails, hashes or links. The case file itself is never changed.
    """
    if not text:
        return text
    text = _ASCII_QUOTED.sub(r"“\1”", text)
    text = _OPEN.sub("（", text)
    text = _CLOSE_AFTER.sub(r"（\1）", text)
    text = _HAN_THEN_PUNCT.sub(lambda m: _HAN_PUNCT[m.group(1)], text)
    return _HAN_SPACE_DIGIT.sub("", text)


def hk_prose(text: str) -> str:
    """As :func:`zh_prose`, with the quotation marks of Hong Kong: 「」."""
    if not text:
        return text
    return zh_prose(_ASCII_QUOTED.sub(r"「\1」", text))


def _same(text: str) -> str:
    return text


def prose_for(lang: str) -> Callable[[str], str]:
    """How case prose is written in ``lang``'s letters (the case file itself never changes)."""
    return {"zh": zh_prose, "zh-Hant": hk_prose}.get(lang, _same)


def _frames(lang: str) -> dict[str, str]:
    """The Chinese sentence frames of ``lang`` (zh or zh-Hant)."""
    return PHRASES[lang]["text"]


def staff_label(case: Case, lang: str, prose: Callable[[str], str] = _same, inline: bool = False) -> str:
    """The staff member as the letter names them: ``客服人员张三（工号：A-1）`` / ``Jane (staff ID A-1)``.

    ``inline`` is the Chinese form inside brackets already: ``张三，工号：A-1``.
    """
    staff = case.staff[0] if case.staff else NOBODY
    name, sid, role = prose(_clean(staff.name)), _clean(staff.id), prose(_clean(staff.role))
    if chinese(lang):
        who = f"{role}{name}" if name else (role or PHRASES[lang]["misc"]["staff"])
        return _frames(lang)["staff_id_inline" if inline else "staff_id"].format(who=who, id=sid) if sid else who
    extras = [part for part in (f"staff ID {sid}" if sid else "", role) if part]
    who = name or "the staff member"
    return f"{who} ({', '.join(extras)})" if extras else who


#: No staff member recorded (version 2 allows none): the generic words stand in.
NOBODY = Staff(role="-").model_copy(update={"role": None})

_EN_END = tuple(".!?\"'”’)")
_ZH_END = tuple("。！？”’）…」』")


def sentence(text: str, lang: str) -> str:
    """The user's words ending as a sentence: a full stop in English, 。 in Chinese (nothing else changes)."""
    text = text.strip()
    if not text:
        return text
    if chinese(lang):
        if text.endswith((".", "．")):
            text = text[:-1] + "。"
        return text if text.endswith(_ZH_END) else text + "。"
    return text if text.endswith(_EN_END) else text + "."


def _capital(text: str) -> str:
    """A sentence starts with a capital (a list item "refund the fee." reads as a fragment)."""
    return text[:1].upper() + text[1:]


def dates_text(dates: Iterable[dt.date], lang: str) -> str:
    """``14 and 16 September 2026`` / ``2026年10月3日和5日``: distinct dates, oldest first."""
    days = sorted(set(dates))
    if not days:
        return ""
    parts: list[str] = []
    for index, day in enumerate(days):
        nxt = days[index + 1] if index + 1 < len(days) else None
        prev = days[index - 1] if index else None
        if chinese(lang):
            if prev is None or prev.year != day.year:
                parts.append(format_date(day, lang))
            elif prev.month != day.month:
                parts.append(f"{day.month}月{day.day}日")
            else:
                parts.append(f"{day.day}日")
        else:
            text = str(day.day)
            if nxt is None or (nxt.month, nxt.year) != (day.month, day.year):
                text = format_date(day, lang).rsplit(" ", 1)[0] if nxt is not None and nxt.year == day.year else format_date(day, lang)
            parts.append(text)
    return format_list(parts, lang)


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


def service_phrase(case: Case, incidents: list[Incident], lang: str, label: str, you: bool) -> str:
    """Who gave the service complained of and when; the staff member only where the case ties them in."""
    when = dates_text((i.date for i in incidents), lang)
    staff_days = [i.date for i in incidents if case.staff_for(i)]
    if chinese(lang):
        frames, prose = _frames(lang), prose_for(lang)
        company = frames["you"] if you else prose(_clean(case.company.name))
        if len(staff_days) == len(incidents):
            return frames["service_staff"].format(company=company, label=label, when=when)
        if staff_days:
            inline = staff_label(case, lang, prose, inline=True)
            return frames["service_some"].format(company=company, when=when, days=dates_text(staff_days, lang), label=inline)
        return frames["service"].format(company=company, when=when)
    company = "your" if you else f"{case.company.name}'s"
    if len(staff_days) == len(incidents):
        return f"the service I received from {label}, a member of {company} staff, on {when}"
    if staff_days:
        return f"the service I received from {company} staff on {when}, including {label} on {dates_text(staff_days, lang)}"
    return f"the service I received from {company} staff on {when}"


_HONORIFIC = re.compile(r"^(Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(.+)$")


def salutation(lang: str, kind: str, name: str = "", title: str = "") -> tuple[str, str]:
    """(salutation, valediction) for a recipient: ``kind`` is company, person or authority.

    English: a named person gets "Dear Mr Reyes," (or the full name) and "Yours sincerely,";
    a department or body "Dear Sir or Madam," and "Yours faithfully,".
    """
    if chinese(lang):
        frames = _frames(lang)
        if kind == "person":
            return (frames["dear_person"] if name else frames["dear_title"]).format(name=name, title=title), ""
        if kind == "authority":
            return (frames["dear_body"] if name else frames["dear_staff"]).format(name=name), ""
        return frames["dear_company"].format(name=name, title=title), ""
    if kind == "person" and name:
        match = _HONORIFIC.match(name)
        who = f"{match.group(1)} {match.group(2).split()[-1]}" if match else name
        return f"Dear {who},", "Yours sincerely,"
    return "Dear Sir or Madam,", "Yours faithfully,"


def totals_text(sums: list[tuple[Decimal, str]], lang: str) -> str:
    """``人民币35.50元及1.2 USDT`` / ``CN¥35.50 and 1.2 USDT``: one total per currency, in order of appearance."""
    totals: dict[str, Decimal] = {}
    for amount, currency in sums:
        totals[currency] = add_amounts((totals.get(currency, Decimal(0)), amount))  # exact at 30 digits
    parts = [format_money(amount, currency, lang) for currency, amount in totals.items()]
    if chinese(lang):
        sep = PHRASES[lang]["misc"]["list_sep"]
        return sep.join(parts[:-1]) + (_frames(lang)["and_sums"] if len(parts) > 1 else "") + parts[-1] if parts else ""
    return format_list(parts, lang)


def demand_view(demand: Demand, lang: str, losses: list[tuple[str, Decimal, str]] | None, prose) -> dict[str, str]:
    """A demand as a sentence (the user's detail, else a plain request) and as a short phrase.

    A refund or compensation carries its sum: the demand's own amount, else ``losses`` (the
    case's losses, given to the first such demand only), and where to pay when the case says.
    """
    words = PHRASES[lang]
    kind = demand.type.value
    text = _capital(sentence(prose(demand.detail), lang)) if demand.detail else words["demand_sentence"][kind]
    short = words["demand_short"][kind]
    amount_text = ""
    if demand.type in (DemandType.REFUND, DemandType.COMPENSATION):
        if demand.amount is not None and demand.currency is not None:
            amount_text = format_money(demand.amount, demand.currency, lang)
            text += _frames(lang)["sum_is"].format(amount=amount_text) if chinese(lang) else f" The sum is {amount_text}."
        elif losses:
            amount_text = totals_text([(a, c) for _, a, c in losses], lang)
            text += " " * (not chinese(lang)) + _made_up(losses, amount_text, lang)
        if amount_text:
            short = words["demand_short_sum"][kind].format(sum=amount_text)
        if demand.pay_to:
            text += _frames(lang)["pay_to"].format(to=demand.pay_to) if chinese(lang) else f" Please pay it to {demand.pay_to}."
    return {"sentence": text, "short": short, "amount_text": amount_text, "pay_to": demand.pay_to or ""}


def _made_up(losses: list[tuple[str, Decimal, str]], total: str, lang: str) -> str:
    if chinese(lang):
        frames = _frames(lang)
        if len(losses) == 1:
            return frames["sum_of"].format(total=total, what=losses[0][0])
        items = frames["item_sep"].join(frames["loss_item"].format(what=d, amount=format_money(a, c, lang)) for d, a, c in losses)
        return frames["sum_made_up"].format(total=total, items=items)
    if len(losses) == 1:
        return f"The sum is {total} ({losses[0][0]})."
    items = "; ".join(f"{d}, {format_money(a, c, lang)}" for d, a, c in losses)
    return f"The sum is {total}: {items}."


def demands_text(shorts: list[str], lang: str) -> str:
    """The demands in one phrase: ``a refund of €25.00, an apology and …`` / ``A、B，并C``."""
    if chinese(lang):
        sep = PHRASES[lang]["misc"]["list_sep"]
        return shorts[0] if len(shorts) == 1 else sep.join(shorts[:-1]) + _frames(lang)["and_then"] + shorts[-1]
    return format_list(shorts, lang)


_PHONE = re.compile(r"phone|call|hotline|电话|热线|来电|致电|電話|熱線|來電|致電", re.I)
_CHAT = re.compile(r"chat|聊天|在线|客服对话|在線|網上客服|網上對話|客服對話|im\b|whatsapp|telegram|微信", re.I)


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


def records_text(incidents: list[Incident], contacts: list[Contact], lang: str) -> str:
    """The call recordings and chat transcripts the company holds, from the case's channels."""
    found: dict[str, list[dt.date]] = {"chat": [], "call": []}
    for i in incidents:
        if medium := _medium(i.channel or ""):
            found[medium].append(i.date)
    for c in contacts:
        medium = _medium(c.channel or "", c.kind) if c.kind in _HELD_KINDS else ""
        if medium:
            found[medium].append(c.date)
    misc = PHRASES[lang]["misc"]
    parts = [misc[f"record_{m}"].format(dates=dates_text(days, lang)) for m, days in found.items() if days]
    return format_list(parts, lang) if parts else ""


def _ref(reference: str, lang: str, you: bool) -> str:
    if not reference:
        return ""
    if chinese(lang):
        return _frames(lang)["ref_yours" if you else "ref"].format(ref=reference)
    return f" ({'your ' if you else ''}ref {reference})"


def _by(channel: str, lang: str) -> str:
    if not channel:
        return ""
    return _frames(lang)["by"].format(channel=channel) if chinese(lang) else f" by {channel}"


def _verdict(lang: str, satisfactory: bool) -> str:
    if chinese(lang):
        return _frames(lang)["reply_accepted" if satisfactory else "reply_rejected"]
    return " I accepted this reply." if satisfactory else " I do not consider that this resolves my complaint."


def contact_text(contact: Contact, lang: str, you: bool, prose: Callable[[str], str]) -> str:
    """One contact as a sentence of the chronology: who did what, how, its reference, what it said."""
    channel = prose(contact.channel or "")
    ref = _ref(contact.reference or "", lang, you and contact.kind in (ContactKind.REPLY, ContactKind.COMPLAINT))
    said = prose(contact.summary or "").rstrip("。.")
    kind = contact.kind
    verdict = _verdict(lang, contact.satisfactory) if kind is ContactKind.REPLY and contact.satisfactory is not None else ""
    if chinese(lang):
        frames = _frames(lang)
        firm = frames["you" if you else "it"]
        aside = frames["paren"].format(text=channel) if channel else ""
        head = frames[f"contact_{kind.value}"].format(by=_by(channel, lang), firm=firm, ref=ref, aside=aside)
        return frames["contact_said" if said else "contact_plain"].format(head=head, said=said, verdict=verdict)
    firm = "You" if you else "The company"
    firms = "your" if you else "the company's"
    by = _by(channel, lang)
    aside = f" ({channel})" if channel else ""
    head = {
        ContactKind.COMPLAINT: f"I sent my complaint{by}{ref}",
        ContactKind.FOLLOW_UP: f"I chased my complaint{by}{ref}",
        ContactKind.ESCALATION: f"I escalated my complaint to {firms} management{by}{ref}",
        ContactKind.FILING: f"I filed a complaint with a consumer body{by}{ref}",
        ContactKind.REPLY: f"{firm} replied{by}{ref}",
        ContactKind.CALL: f"Telephone call{aside}{ref}",
        ContactKind.CHAT: f"Online chat{aside}{ref}",
    }[kind]
    return (f"{head}: {said}." if said else f"{head}.") + verdict


def incident_text(incident: Incident, lang: str, label: str, problems_text: str, prose, involved: bool = True) -> str:
    channel = prose(incident.channel or "")
    what = problems_text or prose(incident.summary)
    if chinese(lang):
        frames = _frames(lang)
        head = frames["channel_head"].format(channel=channel) if channel else ""
        who = frames["staff_involved"].format(label=label) if involved else ""
        return sentence(f"{head}{what}", lang) + who
    head = (channel[0].upper() + channel[1:]) if channel else "Incident"
    who = f" with {label}" if involved else ""
    return sentence(f"{head}{who}: {what}", lang)


def deadline_text(contact: Contact, lang: str) -> str:
    stage = PHRASES[lang]["misc"][f"letter_{contact.kind.value}" if chinese(lang) else f"attempt_{contact.kind.value}"]
    date = format_date(contact.date, lang)
    if chinese(lang):
        return _frames(lang)["deadline_passed"].format(date=date, letter=stage)
    return f"The reply deadline set in my {stage} of {date} passed without a reply."


def chronology_entries(
    case: Case,
    incidents: list[Incident],
    contacts: list[Contact],
    on: dt.date,
    lang: str,
    you: bool,
    label: str,
    problems: dict[int, str],
    prose,
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """One merged, dated list: incidents, letters, the deadlines they set that passed unanswered,
    replies; and the same list without the incidents (the attempts to settle), made once."""
    rows: list[tuple[dt.date, int, int, str]] = []
    for n, incident in enumerate(incidents):
        rows.append((incident.date, 0, n, incident_text(incident, lang, label, problems[n], prose, bool(case.staff_for(incident)))))
    for n, contact in enumerate(contacts):
        rows.append((contact.date, 1, n, contact_text(contact, lang, you, prose)))
        if contact.kind in (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP, ContactKind.ESCALATION):
            deadline = reply_deadline(case, contact)
            if deadline < on and not answered_by(contacts, n, deadline) and is_letter_channel(contact.channel or ""):
                rows.append((deadline, 2, n, deadline_text(contact, lang)))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    entries = [({"date": format_date(d, lang), "date_iso": d.isoformat(), "text": text}, kind) for d, kind, _, text in rows]
    return [e for e, _ in entries], [e for e, kind in entries if kind != 0]


def chases_text(contacts: list[Contact], lang: str, prose) -> str:
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
    for c in contacts:
        if c.kind in (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP, ContactKind.ESCALATION):
            date = format_date(c.date, lang)
            what = misc["attempt_" + c.kind.value]
            parts.append(_frames(lang)["attempt"].format(date=date, what=what) if chinese(lang) else f"my {what} of {date}")
    return format_list(parts, lang) if parts else ""

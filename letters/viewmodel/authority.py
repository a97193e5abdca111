"""The body a filing goes to (consumer association, regulator or ombudsman), as the view model's ``authority``.

The body is the case's own ``authority`` when it names one, else the filing body of the
company's jurisdiction (letters/plan/jurisdiction.py); when neither is known the name is
empty and ``known`` is false, so the letter leaves a visible blank, never a made-up name.
``grounds`` cite only the law the case's problems fit; ``form_fields`` are the body's online
form, in its order, filled in from the case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from letters import rx
from letters.casefile.model import Case, ContactKind, Demand, Transaction
from letters.phrasebook import ASSET_SYMBOLS, PHRASES, US_ENGLISH, chinese, format_date, format_list, format_money, join_list
from letters.plan.contacts import final_response
from letters.plan.jurisdiction import Body, Law, Profile, Route, filing_gate, filing_route, infer_jurisdiction, resolve
from letters.viewmodel import types as vm
from letters.viewmodel.values import text
from letters.viewmodel.words import fee_charged, firm_word, problem_label

__all__ = ["FACT_NEEDS", "FACT_WORDS", "authority_name", "authority_view", "facts_of", "grounds", "says", "why_now"]

_OWN_KEYS = ("name", "address", "website", "email", "phone")


def authority_view(case: Case, on: dt.date | None = None, route: Route | None = None, facts: set[str] | None = None) -> vm.Authority:
    """``authority`` for the templates.

    ``name``/``address``/``website``/``email``/``phone`` in the letter's language; ``channel``
    how a complaint reaches the body when that is not the body itself (全国12315平台);
    ``known`` whether a body was found; ``kind`` what it does (conciliate, regulate,
    ombudsman, advise, or "" when not known); ``grounds`` calm sentences citing the law the
    facts fit; ``why_now`` why the body may act on the letter date ``on``; ``form_fields`` its
    online form as ``{label, value, missing}``; ``notes`` what the user should know about the
    route (information only). ``route`` is the case's :func:`filing_route`, when the caller has it.
    """
    lang = case.language
    route = route or filing_route(case)
    found, body = route.resolved, route.body
    view, fields = _contact_facts(case, route)
    name = view["name"]
    from_profile = fields is not None and name == fields["name"]
    return {
        "name": name,
        "address": view["address"],
        "website": view["website"],
        "email": view["email"],
        "phone": view["phone"],
        "channel": view["channel"],
        "known": bool(name),
        "name_in_sentence": _in_sentence(name, lang) if from_profile else name,
        "kind": body.kind if body is not None else "",
        "title": body.title.of(lang) if body is not None and body.title is not None else "",
        "word": (word := body.word.of(lang) if body is not None and body.word is not None else _COMPLAINT[lang]),
        "respondent": (
            body.respondent.of(lang) if body is not None and body.respondent is not None else f"被{word}方" if chinese(lang) else ""
        ),
        "grounds": grounds(case, found.profile, body.kind if body is not None else "", on, facts),
        "why_now": _why_now(case, on, found.code) if body is not None and on is not None else "",
        "form_fields": _form_fields(case, body, lang) if body is not None else [],
        "notes": _notes(case, found.profile, body, lang),
    }


#: What a complaint to a body is called, unless its profile says otherwise.
_COMPLAINT = {"zh": "投诉", "zh-Hant": "投訴", "en": "complaint"}


def authority_name(case: Case, route: Route | None = None) -> str:
    """``authority.name`` alone, without the rest of :func:`authority_view` (its grounds, form and notes)."""
    return _contact_facts(case, route or filing_route(case))[0]["name"]


def _contact_facts(case: Case, route: Route) -> tuple[dict[str, str], dict[str, str] | None]:
    """Name, address, website, email, phone and channel: a known body's, with the case's own words
    first; and the known body's own (``None`` when no body is known)."""
    own, body = case.authority, route.body
    fields = _body_fields(body, case.language) if body is not None else None
    view: dict[str, str] = dict.fromkeys((*_OWN_KEYS, "channel"), "")
    if fields is not None:
        view.update(fields)
    if own is not None and route.named:
        for key in _OWN_KEYS:  # the case's own words win; a known body's other facts fill the gaps
            value = text(getattr(own, key))
            if value or body is None:
                view[key] = value
        if body is None:
            view["channel"] = ""
    return view, fields


def _form_fields(case: Case, body: Body, lang: str) -> list[vm.FormField]:
    """The body's online form, filled in from the case: ``{label, value, missing}`` in its order."""
    values = field_values(case, [f.field for f in body.form])
    return [
        {"label": f.label.of(lang), "value": value, "missing": "" if value else MISSING_KEY.get(f.field, "")}
        for f, value in zip(body.form, values)
    ]


def _frame(lang: str, key: str, **values: str) -> str:
    """A Chinese sentence frame of ``lang`` with the case's words in it."""
    return PHRASES[lang]["text"][key].format(**values)


def _in_sentence(name: str, lang: str) -> str:
    """A profile's English name inside a sentence: "the Financial Ombudsman Service", "the
    market regulation department (…)"; a name the user wrote is used as written."""
    if lang != "en" or not name:
        return name
    if name[:4].lower() == "the ":  # "The Communications Ombudsman or CISAS …" already has its article
        return "the " + name[4:]
    words = name.split()
    descriptive = len(words) > 1 and words[1][:1].islower()
    return "the " + (name[0].lower() + name[1:] if descriptive else name)


def _body_fields(body: Body, lang: str) -> dict[str, str]:
    name = body.name.of(lang)
    return {
        "name": name[:1].upper() + name[1:],  # it heads the address block: "The airline's approved …"
        "address": body.address.of(lang) if body.address else "",
        "website": body.website,
        "email": body.email,
        "phone": body.phone,
        "channel": body.channel.of(lang) if body.channel else "",
    }


def _notes(case: Case, prof: Profile, body: Body | None, lang: str) -> list[str]:
    """What the user should know about the route (never a threat, never a promise)."""
    notes = [body.note.of(lang)] if body is not None and body.note is not None else []
    referral = prof.referral
    if referral and infer_jurisdiction(case.complainant.address) in referral.from_:
        notes.append(referral.note.of(lang))
    return notes


# --- grounds -------------------------------------------------------------------------------------


def grounds(case: Case, prof: Profile, kind: str, on: dt.date | None = None, facts: set[str] | None = None) -> list[str]:
    """One sentence per provision the case's problems fit (the company's own terms are ``policies``).

    The law is the company's jurisdiction's; a provision about the filing itself (China's
    Articles 39 and 46) is cited only to a body of the kind it is about.
    """
    lang = case.language
    zh = chinese(lang)
    problems = list(dict.fromkeys(p.value for i in case.incidents for p in i.problems))
    # a fee the case records as paid is one the company charged, not only asked for
    charged = any(fee_charged(i, case) for i in case.incidents if any(p.value == "unjustified-fee" for p in i.problems))
    labels = {p: problem_label(p, lang, charged) for p in problems}
    if "rude" in labels:  # after the company as subject (该公司职员态度生硬), not 该公司态度生硬
        labels["rude"] = PHRASES[lang]["misc"]["rude_staff"]
    firm = firm_word(lang, False, case) if zh else ""  # a filing tells the body what the company did
    found = facts_of(case, on) if facts is None else facts
    # the law on what happened (a 7-day return, a refused claim): first, the heart of the case
    on_facts = _fact_law(case, prof, found)
    sentences: list[str] = []  # what the company did against the law: "In my view" / 本人认为 once, before the first
    procedure = []  # why the body may take the filing: after what the company did wrong
    for law in prof.law:
        if law.sectors and case.company.sector not in law.sectors:
            continue
        cite, says = law.cite.of(lang), law.says.of(lang)
        if law.always:
            if kind in law.kinds:
                procedure.append(_frame(lang, "law_always", cite=cite, says=says) if zh else f"Under {cite}, {says}.")
            continue
        if law.fits:  # the law on the facts is _fact_law's; a fact a Chinese letter names is told here
            hits = [f for f in law.fits if f in found]
            label = _FACT_LABELS.get(hits[0], {}).get(lang) if hits and zh else None
            if label:  # a fact the chronology tells: named as what happened, as a problem is
                sentences.append(_frame(lang, "law_fits_more" if sentences else "law_fits", firm=firm, listed=label, cite=cite, says=says))
            continue
        fits = [labels[p] for p in problems if p in law.problems]
        if fits and zh:
            key = "law_fits_more" if sentences else "law_fits"
            sentences.append(_frame(lang, key, firm=firm, listed=join_list(lang, fits), cite=cite, says=says))
        elif fits:  # the facts are told above in the user's words: the problems' labels would only recite them
            lead = "It also fell short of" if sentences else "In my view, the service I describe above did not meet"
            sentences.append(f"{lead} {cite}, under which {says}.")
    return on_facts + sentences + procedure


def _law_sentence(lang: str, cite: str, says: str) -> str:
    return _frame(lang, "law_always", cite=cite, says=says) if chinese(lang) else f"Under {cite}, {says}."


def law_on_the_facts(
    case: Case, on: dt.date | None = None, prof: Profile | None = None, facts: Callable[[], set[str]] | None = None
) -> list[str]:
    """The law on what happened, for the letters to the company: one calm sentence per provision the
    case's own facts fit (a 7-day return refused, a card billing error, a back-bill, a cancelled
    flight…), from the company's jurisdiction (``prof``, when the caller has the profile). A filing
    has them at the head of its grounds; the company should read them in the first letter (native
    read: the Fair Credit Billing Act and 消保法第二十五条 first came in the filing). ``facts``: gives
    the case's facts (:func:`facts_of`) when the caller keeps them (a letter works them out once)."""
    prof = prof or resolve(case).profile
    if not _fitting(case, prof):  # the case's words are read only when some provision may fit
        return []
    return _fact_law(case, prof, facts() if facts is not None else facts_of(case, on))


def _fitting(case: Case, prof: Profile) -> list[Law]:
    """The provisions a fact of the case may fit: not the ones about the filing itself, and only a sector's own."""
    sector = case.company.sector
    return [law for law in prof.law if law.fits and not law.always and (not law.sectors or sector in law.sectors)]


def _fact_law(case: Case, prof: Profile, facts: set[str]) -> list[str]:
    """A sentence for each provision ``facts`` fit; not a fact a Chinese letter names as what the company
    did (its grounds say it so: "该公司承诺逾期未兑现，不符合…"), nor the provisions a problem label fits."""
    if not facts:
        return []
    lang = case.language
    sentences = []
    for law in _fitting(case, prof):
        hits = [f for f in law.fits if f in facts]
        if hits and not (chinese(lang) and _FACT_LABELS.get(hits[0], {}).get(lang)):
            sentences.append(_law_sentence(lang, law.cite.of(lang), law.says.of(lang)))
    return sentences


#: Facts a Chinese letter names in its grounds ("该公司承诺逾期未兑现，不符合…"), as it names a problem.
_FACT_LABELS = {"promise_broken": {"zh": "承诺逾期未兑现", "zh-Hant": "承諾逾期未履行"}}

#: Words in the user's own text that tell a fact a provision fits (Chinese and English).
FACT_WORDS = {
    "seven_day_return": rx.compile(
        r"(七|7)\s*(天|日)\s*无理由|無理由退|无理由退|7-day return|seven-day return|no-reason return", re.IGNORECASE
    ),
    "billing_error": rx.compile(
        r"billing[- ]error|charged (?:\S+ ){0,3}twice|double[- ]charged|duplicate (card )?charge|double charge|wrong amount|never received|not received"
        r"|(?:never|not) (?:been )?delivered|重复扣款|重複扣款",
        re.IGNORECASE,
    ),
    "unauthorised": rx.compile(
        r"unauthori[sz]ed|did not authori[sz]e|didn't authori[sz]e|not authori[sz]ed by me|未经授权|未經授權|盗刷|盜刷", re.IGNORECASE
    ),
    "cancelled_flight": rx.compile(r"航班(被)?取消|取消(了)?航班|flight (was )?cancel+ed|cancel+ed (my |the )?flight", re.IGNORECASE),
    "back_billing": rx.compile(
        r"back-?bill|catch-up bill|(?:more than|over|older than) (?:12|twelve) months|(?:12|twelve)-month (?:rule|limit|back)",
        re.IGNORECASE,
    ),
    "claim_refused": rx.compile(
        r"拒赔|拒賠|不予赔付|不予賠付|拒绝赔付|拒絕賠付|拒绝理赔|拒絕理賠|不予理赔|不予理賠|拒付保险金|拒付保險金"
        r"|claim (?:was |has been )?(?:refused|declined|rejected)|(?:refused|declined|rejected) (?:my |the |part of my )?claim",
        re.IGNORECASE,
    ),
}


#: Words (lower case) one of which every match of a :data:`FACT_WORDS` pattern holds: a text with none
#: of them cannot match, so the pattern (slow on a long text: IGNORECASE, no fixed start) is not
#: run. None holds i or s, which IGNORECASE also matches as ı and ſ (tests/viewmodel/test_facts.py).
FACT_NEEDS = {
    "seven_day_return": ("无理由", "無理由", "return"),
    "billing_error": ("error", "charge", "wrong amount", "never", "not rec", "not d", "not b", "重复扣款", "重複扣款"),
    "unauthorised": ("author", "未经授权", "未經授權", "盗刷", "盜刷"),
    "cancelled_flight": ("航班", "cancel"),
    "back_billing": ("back", "catch", "12 month", "twelve month", "12-month", "twelve-month"),
    "claim_refused": ("赔", "賠", "cla", "保险金", "保險金"),  # "cla": no i or s (ı and ſ fold to them)
}


def says(fact: str, words: str, lowered: str) -> bool:
    """The user's ``words`` (``lowered``: the same, lower-cased) tell ``fact`` (a key of :data:`FACT_WORDS`)."""
    return any(need in lowered for need in FACT_NEEDS[fact]) and FACT_WORDS[fact].search(words) is not None


#: A card that is not a credit card.
_DEBIT = rx.compile(r"\bdebit\b|借记卡|借記卡|扣账卡|扣賬卡", re.IGNORECASE)
#: A purchase made on a card: its order or product names the card (``card ending 4821``, 信用卡).
_CARD = rx.compile(r"\bcard\b|信用卡|卡号|卡號", re.IGNORECASE)


def facts_of(case: Case, on: dt.date | None = None) -> set[str]:
    """The facts (``Fact`` in letters/plan/jurisdiction.py) the case's own words and records show.

    Only what the case says: its issue, incidents, demands, transactions and contacts; never a
    guess. A promise is broken only as of a letter's date ``on`` (its day passed, not kept).
    """
    words = " ".join(
        [text(case.issue)]
        + [text(i.summary) for i in case.incidents]
        + [text(d.detail) for d in case.demands]
        + [text(c.summary) for c in case.contacts]
    )
    money_back = any(d.type.value in ("refund", "compensation", "correction") for d in case.demands)
    cards = [t for t in case.transactions if "card" in f"{t.network or ''} {t.txid or ''}".casefold() or "卡" in (t.network or "")]
    duplicate = len({(t.date, t.amount, t.currency) for t in cards}) < len(cards)
    bought = case.purchase
    bought_words = f"{text(bought.order)} {text(bought.product)}" if bought else ""
    on_card = bool(cards) or bool(_CARD.search(bought_words))
    # a debit card's charge is not credit: the Fair Credit Billing Act is not about it
    on_card = on_card and not _DEBIT.search(" ".join([bought_words, *(t.network or "" for t in cards)]))
    fiat = [t for t in case.transactions if t.currency not in ASSET_SYMBOLS]
    lowered = words.lower()
    found = set()
    if says("seven_day_return", words, lowered):
        found.add("seven_day_return")
    if on_card and money_back and (duplicate or says("billing_error", words, lowered)):
        found.add("card_billing_error")
    if fiat and says("unauthorised", words, lowered):
        found.add("unauthorised_transfer")
    if case.company.sector in (None, "aviation", "travel") and says("cancelled_flight", words, lowered) and money_back:
        found.add("cancelled_flight")
    # the provisions these fit are limited to their sector by the profile (`sectors:`), not here
    found.update(fact for fact in ("back_billing", "claim_refused") if says(fact, words, lowered))
    if on is not None and any(c.kind is ContactKind.REPLY and c.promise_broken(on) for c in case.contacts):
        found.add("promise_broken")
    return found


# --- why the body may act now --------------------------------------------------------------------


def why_now(case: Case, on: dt.date) -> str:
    """One sentence in the letter's language saying why the body may act on ``on``: the final
    response (enclosed), within its time bar; or its waiting period passed with none. Empty when
    neither holds (a body with no waiting period, or a letter dated before the gate opens)."""
    return _why_now(case, on, resolve(case).code)


def _why_now(case: Case, on: dt.date, code: str | None) -> str:
    """:func:`why_now` for a company in jurisdiction ``code``."""
    lang = case.language
    gate = filing_gate(case, lang)
    # the dates as the letter writes them: "October 2, 2026" to a body in the United States
    dates = US_ENGLISH if lang == "en" and code == "US" else lang
    it = firm_word(lang, False, case) if chinese(lang) else ""  # 该行 for a bank, as the rest of the letter says
    if gate.final is not None and gate.final <= on:
        final = format_date(gate.final, dates)
        bar = next((b for b in gate.bars if b.after == "final" and on <= b.last), None)
        within = bar.span.words(lang) if bar else ""
        return _WHY["final_within" if within else "final"][lang].format(date=final, within=within, it=it)
    if gate.by == "wait" and gate.opens is not None and on >= gate.opens and gate.span is not None and gate.start is not None:
        span = gate.span.words(lang)
        have = "has" if span.split(" ", 1)[0] == "1" else "have"
        # a reply that did not settle it is said, not passed over: "no final response" alone reads as no answer at all
        replied = [c for c in case.contacts if c.kind is ContactKind.REPLY and gate.start <= c.date <= on and c.satisfactory is not True]
        why = "waited_replied" if replied else "waited"
        reply = format_date(replied[-1].date, dates) if replied else ""
        return _WHY[why][lang].format(span=span, have=have, date=format_date(gate.start, dates), it=it, reply=reply)
    return ""


_WHY = {
    "final": {
        "zh": "{it}已于{date}作出最终答复（见附件）。",
        "zh-Hant": "{it}已於{date}作出最終回覆（見附件）。",
        "en": "The firm's final response of {date} is enclosed.",
    },
    "final_within": {
        "zh": "{it}已于{date}作出最终答复（见附件），本人在该答复后{within}内提出本投诉。",
        "zh-Hant": "{it}已於{date}作出最終回覆（見附件），本人在該回覆後{within}內提出本投訴。",
        "en": "The firm's final response of {date} is enclosed; I am within {within} of it.",
    },
    "waited": {
        # the gate opens on the day the span ends: "more than 8 weeks" would be false on that very day
        "zh": "自本人于{date}投诉至今已满{span}，仍未收到{it}的最终答复。",
        "zh-Hant": "自本人於{date}投訴至今已滿{span}，仍未收到{it}的最終回覆。",
        "en": "Since my complaint of {date}, {span} {have} passed without a final response.",
    },
    "waited_replied": {
        "zh": "自本人于{date}投诉至今已满{span}，{it}于{reply}的答复未能解决问题，至今仍未作出最终答复。",
        "zh-Hant": "自本人於{date}投訴至今已滿{span}，{it}於{reply}的回覆未能解決問題，至今仍未作出最終回覆。",
        "en": "Since my complaint of {date}, {span} {have} passed; the firm's reply of {reply} did not resolve it, and it has sent no final response.",
    },
}


# --- the body's online form ----------------------------------------------------------------------

#: The case key to add when a form field has nothing to fill it with.
MISSING_KEY = {
    "complainant_name": "complainant.name",
    "complainant_phone": "complainant.phone",
    "complainant_address": "complainant.address",
    "complainant_email": "complainant.email",
    "complainant_contact": "complainant.address",
    "complainant": "complainant.name",
    "respondent": "company.legal_name",
    "respondent_address": "company.address",
    "respondent_location": "company.address",
    "trader": "company.address",
    "product": "purchase.product",
    "product_company": "purchase.product",
    "purchase_time": "purchase.date",
    "order_number": "purchase.order",
    "amount": "purchase.amount",
    "problem_category": "company.sector",
    "request_type": "demands",
    "transaction": "purchase",
    "complaint_date": "contacts (kind: complaint)",
    "final_response": "contacts (kind: reply, final: true)",
    "facts": "incidents",
    "request": "demands",
    "evidence": "evidence",
}


def field_value(case: Case, name: str) -> str:
    """The text for one field of a body's online form, in the letter's language ("" when the case has none)."""
    return field_values(case, (name,))[0]


def field_values(case: Case, names: Sequence[str]) -> list[str]:
    """:func:`field_value` of each of ``names``, the parts fields share (the respondent) worked out once."""
    lang = case.language
    zh = chinese(lang)
    person, company = case.complainant, case.company
    sep = _frame(lang, "item_sep") if zh else "; "
    respondent = _respondent(case)
    bought = case.purchase
    values = {
        "complainant_name": lambda: text(person.name),
        "complainant_phone": lambda: text(person.phone),
        "complainant_address": lambda: text(person.address),
        "complainant_email": lambda: text(person.email),
        "complainant_contact": lambda: sep.join(_present(person.address, person.email)),
        "complainant": lambda: "\n".join(_present(person.name, person.address, person.email, person.phone)),
        "respondent": lambda: respondent,
        "respondent_address": lambda: text(company.address),
        "respondent_location": lambda: _location(text(company.address)),
        "trader": lambda: "\n".join([respondent, *_present(company.address, company.phone, company.email, company.website, company.app)]),
        "product": lambda: text(bought.product) if bought else "",
        "product_company": lambda: "\n".join(
            _present(bought.product if bought else None) + [respondent, *_present(company.address, company.website)]
        ),
        "purchase_time": lambda: (
            format_date(bought.date, lang)
            if bought and bought.date
            else sep.join(dict.fromkeys(format_date(t.date, lang) for t in case.transactions))
        ),
        "order_number": lambda: (
            text(bought.order) if bought and bought.order else sep.join(dict.fromkeys(text(t.txid) for t in case.transactions if t.txid))
        ),
        "amount": lambda: _amount(case),
        "problem_category": lambda: _category(case),
        "request_type": lambda: sep.join(dict.fromkeys(_REQUEST_TYPE[d.type.value][_lang3(lang)] for d in case.demands)),
        "transaction": lambda: "\n".join(
            ([_purchase(case)] if _purchase(case) else []) + [_transaction(t, lang) for t in case.transactions]
        ),
        "complaint_date": lambda: next(
            (format_date(c.date, lang) for c in sorted(case.contacts, key=lambda c: c.date) if c.kind is ContactKind.COMPLAINT), ""
        ),
        "final_response": lambda: _final_date(case),
        "facts": lambda: _facts(case),
        "request": lambda: "\n".join(_demand(d, lang) for d in case.demands),
        # what the user can upload: what the company holds is theirs to produce, not the user's
        "evidence": lambda: "\n".join(
            _evidence(case, index, ident) for index, ident in enumerate(case.evidence_ids()) if case.evidence[index].held_by != "company"
        ),
        "consent": lambda: _frame(lang, "form_consent") if zh else "(tick this on the form yourself)",
    }
    return [values[name]() for name in names]


def _present(*values: str | None) -> list[str]:
    return [text(v) for v in values if v]


def _respondent(case: Case) -> str:
    """The company's legal name (with its brand), then its registration number."""
    company, lang = case.company, case.language
    zh = chinese(lang)
    legal, brand, reg = text(company.legal_name), text(company.name), text(company.registration_id)
    who = brand
    if legal and legal != brand:
        who = _frame(lang, "respondent_brand", legal=legal, brand=brand) if zh else f"{legal} ({brand})"
    if reg:
        who += _frame(lang, "respondent_reg", reg=reg) if zh else f" (registration number {reg})"
    return who


def _lang3(lang: str) -> str:
    return lang if lang in ("zh", "zh-Hant") else "en"


_SECTOR = {
    "financial": ("金融服务", "金融服務", "financial services"),
    "payments": ("支付服务", "支付服務", "payments"),
    "insurance": ("保险", "保險", "insurance"),
    "investment": ("投资", "投資", "investment"),
    "crypto": ("虚拟货币服务", "虛擬貨幣服務", "crypto-assets"),
    "telecoms": ("电信服务", "電訊服務", "telecoms"),
    "energy": ("能源", "能源", "energy"),
    "water": ("供水", "供水", "water"),
    "aviation": ("航空客运", "航空客運", "air travel"),
    "travel": ("旅游", "旅遊", "travel"),
    "e-commerce": ("网络购物", "網上購物", "online shopping"),
    "retail": ("零售", "零售", "retail"),
    "other": ("其他", "其他", "other"),
}
_REQUEST_TYPE = {
    "apology": {"zh": "赔礼道歉", "zh-Hant": "賠禮道歉", "en": "apology"},
    "explanation": {"zh": "解释说明", "zh-Hant": "解釋說明", "en": "explanation"},
    "correction": {"zh": "更正", "zh-Hant": "更正", "en": "correction"},
    "compensation": {"zh": "赔偿", "zh-Hant": "賠償", "en": "compensation"},
    "refund": {"zh": "退款", "zh-Hant": "退款", "en": "refund"},
    "staff-action": {"zh": "处理涉事人员", "zh-Hant": "處理涉事人員", "en": "action on the staff member"},
    "other": {"zh": "其他", "zh-Hant": "其他", "en": "other"},
}


def _category(case: Case) -> str:
    """The sector, then the problems the case names: what the body's category list is chosen from."""
    lang = case.language
    sector = case.company.sector
    head = _SECTOR[sector][("zh", "zh-Hant", "en").index(_lang3(lang))] if sector else ""
    labels = PHRASES[lang]["problem"]
    problems = list(dict.fromkeys(labels[p.value] for i in case.incidents for p in i.problems if p.value != "other"))
    listed = join_list(lang, problems) if chinese(lang) else format_list(problems, lang)
    if not head or not problems:
        return head or listed
    return head + (_frame(lang, "paren", text=listed) if chinese(lang) else f" ({listed})")


_PLACE = rx.compile(r"^(?P<p>[^\s，,]+?(?:省|自治区|自治區))?(?P<c>[^\s，,]+?市)?(?P<d>[^\s，,]+?(?:区|區|县|縣|旗))?")


def _location(address: str) -> str:
    """省/市/区 of a Chinese address ("北京市 朝阳区"); the last parts of another ("Leeds LS1 4AB")."""
    if not address:
        return ""
    m = _PLACE.match(address.replace(" ", ""))
    if m and any(m.groups()):
        return " ".join(g for g in m.groups() if g)
    parts = [p.strip() for p in address.split(",") if p.strip()]
    return ", ".join(parts[-2:]) if len(parts) > 1 else ""


def _amount(case: Case) -> str:
    """The sum in dispute: what the losses claim, per currency; without losses, the purchase's
    amount, else the transactions'. (A month's fee or a premium is not what a claim is worth.)"""
    lang = case.language
    rows = [(loss.amount, loss.currency) for loss in case.losses]
    if not rows and case.purchase and case.purchase.amount is not None and case.purchase.currency:
        return format_money(case.purchase.amount, case.purchase.currency, lang)
    rows = rows or [(t.amount, t.currency) for t in case.transactions]
    totals: dict[str, Decimal] = {}
    for amount, currency in rows:
        totals[currency] = totals.get(currency, Decimal(0)) + amount
    sep = _frame(lang, "item_sep") if chinese(lang) else "; "
    return sep.join(format_money(total, currency, lang) for currency, total in totals.items())


def _purchase(case: Case) -> str:
    """What was bought, on one line: product, order, date, amount."""
    bought, lang = case.purchase, case.language
    if bought is None:
        return ""
    parts = _present(bought.product, bought.order)
    if bought.date:
        parts.append(format_date(bought.date, lang))
    if bought.amount is not None and bought.currency:
        parts.append(format_money(bought.amount, bought.currency, lang))
    return (_frame(lang, "sep") if chinese(lang) else ", ").join(parts)


def _final_date(case: Case) -> str:
    final = final_response(sorted(case.contacts, key=lambda c: c.date))
    if final is None:
        return {"zh": "（尚未收到最终答复）", "zh-Hant": "（尚未收到最終答覆）", "en": "(no final response received)"}[
            _lang3(case.language)
        ]
    return format_date(final.date, case.language)


def _transaction(t: Transaction, lang: str) -> str:
    zh = chinese(lang)
    parts = [format_date(t.date, lang), format_money(t.amount, t.currency, lang)]
    labelled = (
        ("tx_network", "network", t.network),
        ("tx_txid", "transaction ID", t.txid),
        ("tx_from", "from", t.from_),
        ("tx_to", "to", t.to),
        ("tx_explorer", "explorer", t.explorer),
    )
    parts += [
        _frame(lang, "label", label=_frame(lang, key), value=text(v)) if zh else f"{en_label}: {text(v)}"
        for key, en_label, v in labelled
        if v
    ]
    return (_frame(lang, "sep") if zh else ", ").join(parts)


def _facts(case: Case) -> str:
    """The incidents, one paragraph each, then the attempts already made (private notes left out)."""
    lang = case.language
    zh = chinese(lang)
    words = PHRASES[lang]
    paragraphs = []
    for incident in sorted(case.incidents, key=lambda i: i.date):
        when, channel = format_date(incident.date, lang), text(incident.channel)
        if zh:
            head = _frame(lang, "facts_head", date=when, channel=channel) if channel else _frame(lang, "facts_head_date", date=when)
        else:
            head = f"{when}, {channel}: " if channel else f"{when}: "
        paragraphs.append(head + text(incident.summary))
    tried = (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP, ContactKind.ESCALATION, ContactKind.REPLY)
    for contact in sorted(case.contacts, key=lambda c: c.date):
        if contact.kind not in tried:
            continue
        ref = text(contact.reference)
        extra = [text(contact.channel), (_frame(lang, "ref_plain", ref=ref) if zh else f"ref {ref}") if ref else ""]
        extra_text = (_frame(lang, "sep") if zh else ", ").join(e for e in extra if e)
        what = words["contact"][contact.kind.value]
        when = format_date(contact.date, lang)
        if zh:
            aside = _frame(lang, "paren", text=extra_text) if extra_text else ""
            paragraphs.append(_frame(lang, "facts_contact", date=when, what=what) + aside)
        else:
            paragraphs.append(f"{when}: {what}" + (f" ({extra_text})" if extra_text else ""))
    return "\n".join(paragraphs)


def _demand(demand: Demand, lang: str) -> str:
    zh = chinese(lang)
    sentence = text(demand.detail) or PHRASES[lang]["demand"][demand.type.value]
    if demand.amount is not None and demand.currency:
        money = format_money(demand.amount, demand.currency, lang)
        sentence += _frame(lang, "paren", text=money) if zh else f" ({money})"
    if demand.pay_to:
        sentence += _frame(lang, "demand_pay_to", to=text(demand.pay_to)) if zh else f", paid to {text(demand.pay_to)}"
    return sentence


def _evidence(case: Case, index: int, ident: str) -> str:
    lang = case.language
    zh = chinese(lang)
    item = case.evidence[index]
    kind = PHRASES[lang]["evidence"][item.kind.value]
    description = text(item.description)
    line = _frame(lang, "evidence_line", id=ident, kind=kind, description=description) if zh else f"{ident} {kind}: {description}"
    if item.file:
        name = text(item.file).replace("\\", "/").rsplit("/", 1)[-1]  # the file's name, never its local path
        line += _frame(lang, "paren", text=name) if zh else f" ({name})"
    return line

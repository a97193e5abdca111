"""The body a filing goes to (consumer association, regulator or ombudsman), as the view model's ``authority``.

The body is the case's own ``authority`` when it names one, else the filing body of the
company's jurisdiction (letters/plan/jurisdiction.py); when neither is known the name is
empty and ``known`` is false, so the letter leaves a visible blank, never a made-up name.
``grounds`` cite only the law the case's problems fit; ``form_fields`` are the body's online
form, in its order, filled in from the case.
"""

from __future__ import annotations

from typing import Any

from letters.casefile.model import Case, ContactKind, Demand, Transaction
from letters.i18n import PHRASES, chinese, format_date, format_list, format_money, join_list
from letters.plan.jurisdiction import Body, Profile, filing_route, infer_jurisdiction, profile
from letters.viewmodel.values import text

__all__ = ["authority_view", "grounds"]

_OWN_KEYS = ("name", "address", "website", "email", "phone")


def authority_view(case: Case) -> dict[str, Any]:
    """``authority`` for the templates.

    ``name``/``address``/``website``/``email``/``phone`` in the letter's language; ``channel``
    how a complaint reaches the body when that is not the body itself (全国12315平台);
    ``known`` whether a body was found; ``kind`` what it does (conciliate, regulate,
    ombudsman, advise, or "" when not known); ``grounds`` calm sentences citing the law the
    facts fit; ``form_fields`` its online form as ``{label, value}``; ``notes`` what the user
    should know about the route (information only).
    """
    lang = case.language
    route = filing_route(case)
    found, own, body = route.resolved, case.authority, route.body
    view: dict[str, Any] = dict.fromkeys((*_OWN_KEYS, "channel"), "")
    if body is not None:
        view.update(_body_fields(body, lang))
    if own is not None and route.named:
        for key in _OWN_KEYS:  # the case's own words win; a known body's other facts fill the gaps
            value = text(getattr(own, key))
            if value or body is None:
                view[key] = value
        if body is None:
            view["channel"] = ""
    form_profile = route.profile
    from_profile = body is not None and view["name"] == _body_fields(body, lang)["name"]
    view.update(
        known=bool(view["name"]),
        name_in_sentence=_in_sentence(view["name"], lang) if from_profile else view["name"],
        kind=body.kind if body is not None else "",
        grounds=grounds(case, profile(found.code), body.kind if body is not None else ""),
        why_now="",
        form_fields=[{"label": f.label.of(lang), "value": field_value(case, f.field)} for f in form_profile.form]
        if body is not None and body.form
        else [],
        notes=_notes(case, found.profile, body, lang),
    )
    return view


def _frame(lang: str, key: str, **values: str) -> str:
    """A Chinese sentence frame of ``lang`` with the case's words in it."""
    return PHRASES[lang]["text"][key].format(**values)


def _in_sentence(name: str, lang: str) -> str:
    """A profile's English name inside a sentence: "the Financial Ombudsman Service", "the
    market regulation department (…)"; a name the user wrote is used as written."""
    if lang != "en" or not name:
        return name
    words = name.split()
    descriptive = len(words) > 1 and words[1][:1].islower()
    return "the " + (name[0].lower() + name[1:] if descriptive else name)


def _body_fields(body: Body, lang: str) -> dict[str, str]:
    return {
        "name": body.name.of(lang),
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


def grounds(case: Case, prof: Profile, kind: str) -> list[str]:
    """One sentence per provision the case's problems fit (the company's own terms are ``policies``).

    The law is the company's jurisdiction's; a provision about the filing itself (China's
    Articles 39 and 46) is cited only to a body of the kind it is about.
    """
    lang = case.language
    zh = chinese(lang)
    labels = PHRASES[lang]["problem"]
    problems = list(dict.fromkeys(p.value for i in case.incidents for p in i.problems))
    sentences = []
    for law in prof.law:
        cite, says = law.cite.of(lang), law.says.of(lang)
        if law.always:
            if kind in law.kinds:
                sentences.append(_frame(lang, "law_always", cite=cite, says=says) if zh else f"Under {cite}, {says}.")
            continue
        fits = [labels[p] for p in problems if p in law.problems]
        if fits:
            listed = join_list(lang, fits) if zh else format_list(fits, lang)
            sentences.append(
                _frame(lang, "law_fits", listed=listed, cite=cite, says=says)
                if zh
                else f"In my view, what I describe above ({listed}) did not meet {cite}, under which {says}."
            )
    return sentences


# --- the body's online form ----------------------------------------------------------------------


def field_value(case: Case, name: str) -> str:
    """The text for one field of a body's online form, in the letter's language ("" when the case has none)."""
    lang = case.language
    zh = chinese(lang)
    person, company = case.complainant, case.company
    sep = _frame(lang, "item_sep") if zh else "; "
    respondent = _respondent(case)
    values = {
        "complainant_name": lambda: text(person.name),
        "complainant_phone": lambda: text(person.phone),
        "complainant_address": lambda: text(person.address),
        "complainant_contact": lambda: sep.join(_present(person.address, person.email)),
        "complainant": lambda: "\n".join(_present(person.name, person.address, person.email, person.phone)),
        "respondent": lambda: respondent,
        "respondent_address": lambda: text(company.address),
        "trader": lambda: "\n".join([respondent, *_present(company.address, company.phone, company.email, company.website, company.app)]),
        "product": lambda: _product(case),
        "product_company": lambda: "\n".join([_product(case), respondent, *_present(company.address, company.website)]),
        "purchase_time": lambda: sep.join(dict.fromkeys(format_date(t.date, lang) for t in case.transactions)),
        "order_number": lambda: sep.join(dict.fromkeys(text(t.txid) for t in case.transactions if t.txid)),
        "transaction": lambda: "\n".join(_transaction(t, lang) for t in case.transactions),
        "facts": lambda: _facts(case),
        "request": lambda: "\n".join(_demand(d, lang) for d in case.demands),
        "evidence": lambda: "\n".join(_evidence(case, index) for index in range(len(case.evidence))),
        "consent": lambda: _frame(lang, "form_consent") if zh else "(tick this on the form yourself)",
    }
    return values[name]()


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


def _product(case: Case) -> str:
    company, lang = case.company, case.language
    zh = chinese(lang)
    service = text(company.app) or text(company.website)
    base = _frame(lang, "product", company=text(company.name)) if zh else f"{text(company.name)} customer service"
    if not service:
        return base
    return base + _frame(lang, "paren", text=service) if zh else f"{base} ({service})"


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


def _evidence(case: Case, index: int) -> str:
    lang = case.language
    zh = chinese(lang)
    item = case.evidence[index]
    ident = case.evidence_ids()[index]
    kind = PHRASES[lang]["evidence"][item.kind.value]
    description = text(item.description)
    line = _frame(lang, "evidence_line", id=ident, kind=kind, description=description) if zh else f"{ident} {kind}: {description}"
    if item.file:
        name = text(item.file).replace("\\", "/").rsplit("/", 1)[-1]  # the file's name, never its local path
        line += _frame(lang, "paren", text=name) if zh else f" ({name})"
    return line

"""The view model: everything a template may use, already written in the letter's language.

Templates stay dumb; every decision (which date format, what a demand is called, when
the deadline falls, what the chronology says) is made here, where it is tested. It is built
section by section, each by one function returning its declared type
(:mod:`letters.viewmodel.types`), so the type checker proves every template variable exists
(each section is a dict display its declared type checks key by key: calling the TypedDict
would build every section twice, once as keywords).
The result is plain dicts, lists, strings and ints, so it prints as JSON for template authors
(``letters templates context``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from letters.cache import per_file_version
from letters.casefile.load import CaseFile, check_record
from letters.casefile.model import STAGE_CONTACT_KIND, Case, Contact, ContactKind, Incident, Staff, Stage, Transaction
from letters.locale import _
from letters.phrasebook import (
    ASSET_SYMBOLS,
    HKD_IN_WORDS,
    PHRASES,
    US_ENGLISH,
    chinese,
    format_date,
    format_list,
    format_money,
    format_size,
)
from letters.plan.jurisdiction import Route, Wait, filing_gate, filing_route, resolve
from letters.plan.stages import (
    OUTGOING_KINDS,
    TO_THE_COMPANY,
    answered_by,
    chronology,
    contact_outcome,
    final_response,
    first_of,
    follow_up_days,
    last_of,
    open_promise,
    reply_deadline,
    stage_sent_on,  # the record rules' own answer to "when was this stage sent"
)
from letters.viewmodel import types as vm
from letters.viewmodel.authority import authority_name, authority_view, facts_of, law_on_the_facts
from letters.viewmodel.matter import labelled, matter_view
from letters.viewmodel.values import text as _t
from letters.viewmodel.words import (
    NOBODY,
    attempts_text,
    chases_text,
    chronology_entries,
    contact_text,
    dates_text,
    demand_view,
    demands_text,
    fee_charged,
    firm_word,
    incident_text,
    is_letter_channel,
    member_label,
    names_day,
    problem_label,
    promised_in,
    prose_for,
    records_text,
    salutation,
    sentence,
    service_phrases,
    sum_by_currency,
    totals_text,
)

__all__ = ["OUTGOING_KINDS", "build_context", "letter_lang"]


def build_context(case_file: CaseFile, stage: str, on: dt.date, *, only: Container[str] | None = None) -> vm.ViewModel:
    """The view model for ``stage`` of the case, with ``on`` as the letter date.

    ``only``: the names the letter's templates read (:func:`letters.render.template_names`),
    for a caller that keeps only those: a section no template reads is then left empty
    (the caller drops it), not worked out.

    A stage already sent is the letter as it was: dated the day it was sent, telling only
    of the contacts before it. Private notes are never part of it. Hong Kong dollars are
    written as the user's own words write them (港幣…元, else HK$…).
    """
    token = HKD_IN_WORDS.set(hkd_in_words(case_file.case))
    try:
        return _build_context(case_file, stage, on, only)
    finally:
        HKD_IN_WORDS.reset(token)


def hkd_in_words(case: Case) -> bool:
    """The user writes Hong Kong dollars as 港幣 / 港元 and never as HK$ (or HKD). Only a Traditional
    letter has the choice (a Simplified one writes 港币…元, an English one HK$), so only its case is read."""
    if case.language != "zh-Hant":
        return False
    said = " ".join(
        _t(t)
        for t in (
            case.issue,
            *(i.summary for i in case.incidents),
            *(d.detail for d in case.demands),
            *(loss.description for loss in case.losses),
            *(c.summary for c in case.contacts),
            *(c.promise for c in case.contacts),
        )
    )
    return any(w in said for w in ("港幣", "港元", "港币")) and "HK$" not in said and "HKD" not in said


def _told_to_the_company(x: _Letter) -> list[str]:
    """The words by which the incidents speak to the company (贵公司, 你们; you), each once, in order."""
    found = (m.group() for i in x.incidents for m in TO_THE_COMPANY.finditer(_t(i.summary)))
    return list(dict.fromkeys(w if chinese(x.lang) else w.lower() for w in found))


def _build_context(case_file: CaseFile, stage: str, on: dt.date, only: Container[str] | None = None) -> vm.ViewModel:
    check_record(case_file, on, today_is="the letter date")  # a letter cannot tell of anything dated later
    x = _Letter(case_file, stage, on)
    read = _EVERY_NAME if only is None else only  # a section no template reads is left empty
    greeting, valediction = _salutation(x)
    chronology_rows, attempts = x.chronology if "chronology" in read or "attempts" in read else ([], [])
    service = (
        service_phrases(x.case, x.incidents, x.members, x.lang, x.prose) if "service_you" in read or "service_it" in read else ("", "")
    )
    return {
        "lang": x.case.language,
        "stage": stage,
        "stage_title": PHRASES[x.lang]["stage"].get(stage, stage),
        "case_id": x.case.case_id,
        "letter_date": x.date(x.letter_on),
        "letter_date_iso": x.letter_on.isoformat(),
        "sent_on": x.date(x.sent),
        "salutation": greeting,
        "valediction": valediction,
        "issue": _t(x.case.issue),
        "grievance": _grievance(x) if "grievance" in read else "",
        "about": _about(x) if "about" in read else "",
        "thing": _about(x, product=False) if "thing" in read else "",
        "next_step": _next_step(x) if "next_step" in read else "",
        "final_response_note": _final_response_note(x) if "final_response_note" in read else "",
        "final_response_due": _final_response_due(x) if "final_response_due" in read else "",
        "company_ref": x.company_ref,
        "matter": matter_view(x.case, x.lang, x.t, authority_name(x.case, x.route)) if "matter" in read else cast(vm.Matter, {}),
        "ask_reference": not x.company_ref,
        "service_you": service[0],
        "service_it": service[1],
        "incident_dates_text": dates_text((i.date for i in x.incidents), x.lang) if "incident_dates_text" in read else "",
        "problems_text": (format_list(x.all_problems, x.lang) if x.all_problems else "") if "problems_text" in read else "",
        "fee_charged": bool(x.case.losses or x.case.transactions),
        "complainant": _complainant(x),
        "company": _company(x),
        "management": _management(x) if "management" in read else cast(vm.Management, {}),
        "staff": _staff(x) if "staff" in read else cast(vm.Staff, {}),
        "people": _people(x) if "people" in read else [],
        "incidents": _incidents(x),
        "evidence": [item for item, held in x.evidence if not held],
        "company_evidence": [item for item, held in x.evidence if held],
        "policies": [{"title": x.t(p.title), "clause": x.t(p.clause), "summary": x.t(p.summary)} for p in x.case.policies],
        "law": law_on_the_facts(x.case, x.letter_on, x.route.resolved.profile, lambda: x.facts) if "law" in read else [],
        "told_to_the_company": _told_to_the_company(x) if "told_to_the_company" in read else [],
        "losses": [
            {
                "description": x.t(loss.description),
                "amount_text": format_money(loss.amount, loss.currency, x.lang),
                "currency": loss.currency,
            }
            for loss in x.case.losses
        ],
        "loss_totals": _totals(x) if "loss_totals" in read else [],
        "loss_total_text": totals_text([(loss.amount, loss.currency) for loss in x.case.losses], x.lang),
        "transactions": [_transaction(t, x.lang) for t in x.case.transactions],
        "demands": x.demands,
        "demands_text": demands_text([d["short"] for d in x.demands], x.lang) if "demands_text" in read else "",
        "response_days": x.case.response_days,
        "deadline_days": x.days,
        "deadline": x.date(x.deadline),
        "deadline_iso": x.deadline.isoformat(),
        "contacts": [_contact(c, x) for c in x.contacts] if "contacts" in read else [],
        "chronology": chronology_rows,
        "attempts": attempts,
        "attempts_text": attempts_text(x.contacts, x.lang) if "attempts_text" in read else "",
        "chases": ([s for c in x.chases if (s := _summary(c, x)) is not None]) if "chases" in read else [],
        "chases_text": chases_text(x.chases, x.lang, x.prose) if "chases_text" in read else "",
        "earlier_letters": _earlier_letters(x),
        "company_records": records_text(
            x.incidents,
            x.contacts,
            x.lang,
            [item["description"] for item, held in x.evidence if held],
            {_HELD_MEDIUM.get(item["kind"], "") for item, held in x.evidence if held},
        ),
        "first_complaint": _summary(x.first, x) if "first_complaint" in read else None,
        "last_follow_up": _summary(last_of(x.contacts, ContactKind.FOLLOW_UP), x) if "last_follow_up" in read else None,
        "last_escalation": _summary(last_of(x.contacts, ContactKind.ESCALATION), x) if "last_escalation" in read else None,
        "last_reply": _summary(last_of(x.contacts, ContactKind.REPLY), x) if "last_reply" in read else None,
        "promise": _promise(x) if "promise" in read else None,
        "final_response": _summary(final_response(x.contacts), x) if "final_response" in read else None,
        "other_channel": _other_channel(x) if "other_channel" in read else "",
        "authority": x.authority if "authority" in read else cast(vm.Authority, {}),
    }


#: Every name of the view model: what a full build works out.
_EVERY_NAME: frozenset[str] = vm.ViewModel.__required_keys__ | vm.ViewModel.__optional_keys__


def letter_lang(case: Case) -> str:
    """The conventions the letter is written in: its language, and for an English letter to a
    company in the United States (the case's jurisdiction, or its address) US English."""
    return _lang_in(case, resolve(case).code)


def _lang_in(case: Case, code: str | None) -> str:
    """:func:`letter_lang` for a company in jurisdiction ``code``."""
    return US_ENGLISH if case.language == "en" and code == "US" else case.language


#: The records a company-held piece of evidence already names (so they are not asked for twice).
_HELD_MEDIUM = {"call-recording": "call", "chat-log": "chat"}
#: Contacts that chase a complaint: letters, calls and chats after it.
_CHASE_KINDS = (ContactKind.FOLLOW_UP, ContactKind.CALL, ContactKind.CHAT)
#: The user's own letters, enclosed in copy with the later ones.
_LETTER_KINDS = (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP, ContactKind.ESCALATION)


_T = TypeVar("_T")


class _once(Generic[_T]):  # lower case: a decorator, like functools.cached_property
    """functools.cached_property without its lock (Python 3.11 takes an RLock on every first read;
    a letter is built on one thread): worked out on first read, then an instance attribute."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, letter: Any, owner: Any = None) -> _T:
        value: _T = self.compute(letter)
        letter.__dict__[self.name] = value
        return value


@dataclass
class _Letter:
    """The facts every section reads: the case, the letter's language and date, the contacts it tells."""

    case_file: CaseFile
    stage: str
    on: dt.date

    def __post_init__(self) -> None:
        self.case: Case = self.case_file.case
        self.route: Route = filing_route(self.case)  # where the company is, read once for every section
        self.lang: str = _lang_in(self.case, self.route.resolved.code)
        self.prose: Callable[[str], str] = prose_for(self.case.language)
        self.sent: dt.date | None = stage_sent_on(self.case, self.stage) if self.stage in STAGE_CONTACT_KIND else None
        self.letter_on: dt.date = self.sent or self.on
        self.contacts: list[Contact] = _letter_contacts(self.case, self.stage, self.sent)
        self.incidents: list[Incident] = sorted(self.case.incidents, key=lambda i: i.date)
        follow_up = self.stage == Stage.FOLLOW_UP.value
        self.days: int = follow_up_days(self.case) if follow_up else self.case.response_days
        self.deadline: dt.date = self.letter_on + dt.timedelta(days=self.days)
        self.you: bool = self.stage != Stage.CONSUMER_ASSOCIATION.value
        self.first: Contact | None = first_of(self.contacts, ContactKind.COMPLAINT)
        self._labels: dict[int, str] = {}
        self._prose: dict[str, str] = {}

    def date(self, value: dt.date | None) -> str:
        return format_date(value, self.lang) if value else ""

    def label(self, member: Staff) -> str:
        """A staff member as the letter names them, worked out once per letter (the case holds each member for its life)."""
        found = self._labels.get(id(member))
        if found is None:
            found = self._labels[id(member)] = member_label(member, self.lang, self.prose)
        return found

    def t(self, value: Any) -> str:
        """Case text laid out as the letter's language writes it (names, places, descriptions),
        each text once per letter (the company's name alone is laid out in five sections)."""
        if type(value) is not str:
            return self.prose(_t(value))
        found = self._prose.get(value)
        if found is None:
            found = self._prose[value] = self.prose(_t(value))
        return found

    @_once
    def authority(self) -> vm.Authority:
        """The body a filing goes to, and why it may act on the letter date (``why_now``)."""
        return authority_view(self.case, self.letter_on, self.route, self.facts)

    @_once
    def facts(self) -> set[str]:
        """What the case's words and records show (a card billing error, a 7-day return…), for the
        grounds and the law on the facts alike: read once."""
        return facts_of(self.case, self.letter_on)

    @_once
    def problems(self) -> list[list[str]]:
        """Each incident's problems as mild labels ("other" is no label: the summary says it)."""
        return [self._problems_of(i, fee_charged(i, self.case)) for i in self.incidents]

    def _problems_of(self, incident: Incident, charged: bool) -> list[str]:
        return [problem_label(value, self.lang, charged) for p in incident.problems if (value := p.value) != "other"]

    @_once
    def all_problems(self) -> list[str]:
        return list(dict.fromkeys(p for found in self.problems for p in found))

    @_once
    def company_ref(self) -> str:
        if self.first is not None and self.first.reference:
            return _t(self.first.reference)
        return _t(next((c.reference for c in self.contacts if c.kind is ContactKind.REPLY and c.reference), ""))

    @_once
    def chases(self) -> list[Contact]:
        if self.first is None:
            return []
        return [c for c in self.contacts[self.contacts.index(self.first) + 1 :] if c.kind in _CHASE_KINDS]

    @_once
    def evidence(self) -> list[tuple[vm.EvidenceItem, bool]]:
        """Every evidence item, with whether the company holds it."""
        ids = self.case.evidence_ids()
        return [(_evidence_item(self, n, ids[n]), e.held_by == "company") for n, e in enumerate(self.case.evidence)]

    @_once
    def demands(self) -> list[vm.Demand]:
        return _demands(self)

    @_once
    def members(self) -> list[list[Staff]]:
        """The staff each incident involves (in incident order), looked up once per letter."""
        return [self.case.staff_for(i) for i in self.incidents]

    @_once
    def staff_texts(self) -> list[str]:
        """Who took part in each incident, as the letter names them; in a Chinese letter nothing when
        the user's own words already name each of them in full (理赔专员刘婷（工号 LP-20817）来电称…),
        which 经办职员：理赔专员刘婷（工号：LP-20817）。 would only repeat."""
        zh = chinese(self.lang)
        return [
            ""
            if zh and members and all(_named_in(m, i.summary) for m in members)
            else format_list([self.label(m) for m in members], self.lang)
            for i, members in zip(self.incidents, self.members)
        ]

    @_once
    def cited_ids(self) -> list[list[str]]:
        """For each incident, the enclosed evidence that proves it, cited where it proves the point:
        what its ``evidence`` lists, else what is dated its day (an invoice dated later proves a
        day's costs only when the user says so)."""
        by_day: dict[dt.date, list[str]] = {}
        enclosed = [item["id"] for item, held in self.evidence if not held]
        for (item, held), e in zip(self.evidence, self.case.evidence):
            if not held and e.date is not None:
                by_day.setdefault(e.date, []).append(item["id"])
        return [
            [ident for ident in enclosed if ident in i.evidence] if i.evidence is not None else by_day.get(i.date, [])
            for i in self.incidents
        ]

    @_once
    def cited(self) -> list[str]:
        join = "" if chinese(self.lang) else " "
        return [join.join(p for p in (_cited(ids, self.lang), self._held_cited(i)) if p) for ids, i in zip(self.cited_ids, self.incidents)]

    def _held_cited(self, incident: Incident) -> str:
        """Evidence the incident lists that the company holds: named beside it as the company's to keep
        (it is never enclosed, so it has no enclosure number to cite)."""
        listed = incident.evidence or ()
        held = [item["description"] for item, by_company in self.evidence if by_company and item["id"] in listed]
        if not held:
            return ""
        words = PHRASES[self.lang]["text"] if chinese(self.lang) else None
        if words is not None:
            return words["held_by"].format(what=words["item_sep"].join(held), firm=firm_word(self.lang, self.you, self.case))
        return f"(held by {'you' if self.you else 'the company'}: {'; '.join(held)})"

    @_once
    def incident_lines(self) -> list[str]:
        return [incident_text(i, self.lang, self.staff_texts[n], self.prose, self.cited[n]) for n, i in enumerate(self.incidents)]

    @_once
    def chronology(self) -> tuple[list[vm.Dated], list[vm.Dated]]:
        rows, attempts = chronology_entries(
            self.case, self.incidents, self.contacts, self.letter_on, self.lang, self.you, self.incident_lines, self.prose
        )
        return rows, attempts


def _letter_contacts(case: Case, stage: str, sent: dt.date | None) -> list[Contact]:
    """The chronology the letter tells: no notes, and for a letter already sent only what came before it."""
    contacts = [c for c in chronology(case) if c.kind is not ContactKind.NOTE]
    if sent is None:
        return contacts
    kind = STAGE_CONTACT_KIND[stage]
    same = [n for n, c in enumerate(contacts) if c.kind is kind and c.date == sent]
    return contacts[: same[-1]] if same else [c for c in contacts if c.date < sent]


# --- who writes, to whom ---------------------------------------------------------------------------


def _salutation(x: _Letter) -> tuple[str, str]:
    management = x.case.company.management
    if x.stage == Stage.ESCALATION.value:
        return salutation(x.lang, "person", x.t(management.name if management else None), _management_title(x))
    if x.stage == Stage.CONSUMER_ASSOCIATION.value:
        return salutation(x.lang, "authority", x.authority["name"] if x.authority["known"] else "", "")
    return salutation(x.lang, "company", x.t(x.case.company.name), _recipient(x))


def _recipient(x: _Letter) -> str:
    return x.t(x.case.company.department) or PHRASES[x.lang]["misc"]["recipient"]


def _management_title(x: _Letter) -> str:
    management = x.case.company.management
    return x.t(management.title if management else None) or PHRASES[x.lang]["misc"]["management_title"]


def _complainant(x: _Letter) -> vm.Complainant:
    c = x.case.complainant
    return {"name": x.t(c.name), "email": _t(c.email), "phone": _t(c.phone), "address": x.t(c.address), "account_id": _t(c.account_id)}


def _company(x: _Letter) -> vm.Company:
    c = x.case.company
    return {
        "name": x.t(c.name),
        "legal_name": x.t(c.legal_name),
        "department": x.t(c.department),
        "address": x.t(c.address),
        "app": x.t(c.app),
        "registration_id": _t(c.registration_id),
        "email": _t(c.email),
        "phone": _t(c.phone),
        "website": _t(c.website),
        "recipient": _recipient(x),
    }


def _management(x: _Letter) -> vm.Management:
    management = x.case.company.management
    name = x.t(management.name if management else None)
    title = _management_title(x)
    if chinese(x.lang):
        frames = PHRASES[x.lang]["text"]
        greeting = (frames["dear_company"] if name else frames["dear_title"]).format(name=name, title=title)
    else:
        greeting = f"Dear {name}" if name else f"Dear {title}"
    return {"name": name, "title": title, "email": _t(management.email if management else None), "salutation": greeting}


def _staff(x: _Letter) -> vm.Staff:
    lead = x.case.staff[0] if x.case.staff else NOBODY
    involved = [bool(members) for members in x.members]
    return {
        "name": x.t(lead.name),
        "id": _t(lead.id),
        "role": x.t(lead.role),
        "label": x.label(x.case.staff[0]) if x.case.staff else "",
        "involved_any": any(involved),
        "involved_all": all(involved),
    }


def _people(x: _Letter) -> list[vm.Person]:
    people: list[vm.Person] = []
    for key, member in zip(x.case.staff_keys(), x.case.staff):
        days = [i.date for i, members in zip(x.incidents, x.members) if any(m is member for m in members)]
        people.append(
            {
                "key": key,
                "name": x.t(member.name),
                "id": _t(member.id),
                "role": x.t(member.role),
                "label": x.label(member),
                "dates_text": dates_text(days, x.lang),
            }
        )
    return people


# --- what happened -----------------------------------------------------------------------------------


def _cited(ids: list[str], lang: str) -> str:
    if not ids:
        return ""
    listed = format_list(ids, lang)
    if chinese(lang):
        return PHRASES[lang]["text"]["see_enclosure"].format(ids=listed)
    return f"(enclosure{'s' * (len(ids) > 1)} {listed})"


def _named_in(member: Staff, summary: str | None) -> bool:
    """The summary, as written, holds the member's name or staff id and every other detail the case gives
    of them (name, id, role): the tag naming them after it would add nothing."""
    words = _t(summary)
    name, ident, role = _t(member.name), _t(member.id), _t(member.role)
    return bool(name or ident) and all(part in words for part in (name, ident, role) if part)


def _incidents(x: _Letter) -> list[vm.Incident]:
    out: list[vm.Incident] = []
    for n, (i, members) in enumerate(zip(x.incidents, x.members)):
        out.append(
            {
                "date": x.date(i.date),
                "date_iso": i.date.isoformat(),
                "channel": x.t(i.channel),
                "summary": _t(i.summary),
                "sentence": sentence(_t(i.summary), x.lang),
                "problems": x.problems[n],
                "problems_text": format_list(x.problems[n], x.lang) if x.problems[n] else "",
                "staff_involved": bool(members),
                "staff": [x.label(m) for m in members],
                "staff_text": x.staff_texts[n],
                "evidence_ids": x.cited_ids[n],
                "evidence_text": x.cited[n],
                "text": x.incident_lines[n],
            }
        )
    return out


def _about(x: _Letter, product: bool = True) -> str:
    """The order, booking, account or policy the complaint is about: the purchase's, else the account's;
    with what was bought beside its number unless ``product`` is false (a subject names the number only)."""
    purchase = x.case.purchase
    sector = x.case.company.sector
    noun = _SECTOR_NOUN.get(sector or "", "order")
    words = PHRASES[x.lang]["text"] if chinese(x.lang) else _EN_ABOUT
    bought = x.t(purchase.product) if purchase else ""
    order = _t(purchase.order) if purchase else ""
    if order:
        # "card ending 4821" names itself; a bare number gets its noun ("order YP2026…")
        named = order if " " in order.strip() else words[f"about_{noun}"].format(ref=order)
        if not (bought and product):
            return named
        # "booking K7PQ2M (flight CMH–DEN (cancelled))" nests brackets: "booking K7PQ2M for flight …"
        beside = "about_product_for" if not chinese(x.lang) and "(" in bought else "about_product"
        return named + words[beside].format(product=bought)
    if bought:
        return bought
    account = _t(x.case.complainant.account_id)
    if not account:
        return ""
    return account if " " in account.strip() else words["about_account"].format(ref=account)


_SECTOR_NOUN = {
    "aviation": "booking",
    "travel": "booking",
    "insurance": "policy",
    "financial": "account",
    "payments": "account",
    "investment": "account",
    "crypto": "account",
    "telecoms": "account",
    "energy": "account",
    "water": "account",
}
_EN_ABOUT = {
    "about_order": "order {ref}",
    "about_booking": "booking {ref}",
    "about_policy": "policy {ref}",
    "about_account": "account {ref}",
    "about_product": " ({product})",
    "about_product_for": " for {product}",
}


def _grievance(x: _Letter) -> str:
    """What went wrong in one phrase: the user's ``issue`` as written, else from the facts (the sum
    in dispute); empty when the case gives neither (a subject never recites problem tags)."""
    if x.case.issue:
        return _t(x.case.issue)
    sums = [d["amount_text"] for d in x.demands if d["amount_text"]]
    if not sums:
        return ""
    total = sums[0] if len(sums) == 1 else format_list(sums, x.lang)
    return PHRASES[x.lang]["text"]["grievance_sum"].format(sum=total) if chinese(x.lang) else f"{total} in dispute"


#: Sectors whose UK firms answer to the FCA's complaint rules. DISP 1.6.2R: "The respondent must,
#: by the end of eight weeks after its receipt of the complaint, send the complainant a final
#: response" (FCA Handbook, DISP 1.6). Payment and e-money firms answer in 15 business days
#: (DISP 1.6.2AR), crypto firms registered only for money laundering are not covered: neither here.
_FCA_SECTORS = ("financial", "insurance", "investment")


def _final_response_note(x: _Letter) -> str:
    """To a UK firm the FCA regulates: the eight weeks it has for its final response (LETTER-CRAFT §7);
    to a UK firm in an ombudsman scheme that waits for its final response (energy: 8 weeks, telecoms:
    6 weeks from 8 April 2026), the scheme's own wait, counted from the letter's date: asking for a
    final response in 14 days asks for what the firm need not give (native read)."""
    if x.lang != "en" or x.route.resolved.code != "GB":
        return ""
    if x.case.company.sector in _FCA_SECTORS:
        return "I understand that you have up to eight weeks from receiving my complaint to send me your final response"
    wait = _scheme_wait(x)
    if wait is None:
        return ""
    span = wait.opens(x.letter_on, x.case.company.sector)[0].words("en")
    return f"I understand that you have up to {span} from receiving my complaint to send me your final response"


def _scheme_wait(x: _Letter) -> Wait | None:
    """The wait of a UK ombudsman scheme outside finance (energy, telecoms, airlines' ADR), ``None`` otherwise."""
    body = x.route.body
    return body.gate.wait if body is not None and body.kind == "ombudsman" and not body.financial else None


def _final_response_due(x: _Letter) -> str:
    """A follow-up to a firm with eight weeks for its final response, sent before they are up:
    the day they end, so the letter asks for a reply by its deadline, not the final response."""
    if x.stage != Stage.FOLLOW_UP.value or not _final_response_note(x):
        return ""
    gate = filing_gate(x.case, x.lang)
    if gate.by != "wait" or gate.opens is None or gate.opens <= x.deadline or gate.span is None:
        return ""
    span = "eight weeks" if x.case.company.sector in _FCA_SECTORS else gate.span.words("en")  # DISP 1.6's words
    return f"{x.date(gate.opens)}, {span} after my complaint"


def _next_step(x: _Letter) -> str:
    """What follows if this letter goes unanswered, said as information (never a threat)."""
    if x.stage == Stage.FOLLOW_UP.value:
        key = "next_management"
    elif x.stage == Stage.ESCALATION.value:
        key = "next_body"
    else:
        return ""
    authority = x.authority
    if chinese(x.lang):
        body = authority["name"] if authority["known"] else PHRASES[x.lang]["text"]["next_body_unknown"]
        return PHRASES[x.lang]["text"][key].format(body=body)
    if key == "next_management":
        return "ask your management to review my complaint"
    body = authority["name_in_sentence"] if authority["known"] else "the consumer body that deals with your company"
    gate = filing_gate(x.case, x.lang)
    if gate.by == "wait" and gate.opens is not None and gate.opens > x.deadline and gate.span is not None:
        # the body takes the complaint only after the firm's final response or its waiting period,
        # which ends after this letter's deadline: "by then" alone would promise a referral too soon
        when = f"{x.date(gate.opens)} ({gate.span.words(x.lang)} after my complaint)"
        return f"refer my complaint to {body} once you have sent your final response or, failing that, from {when}"
    return f"refer my complaint to {body}"


# --- evidence ----------------------------------------------------------------------------------------


def _evidence_item(x: _Letter, index: int, ident: str) -> vm.EvidenceItem:
    item = x.case.evidence[index]
    sha256 = size_text = ""
    if item.file and item.held_by != "company":
        sha256, size = _hash_evidence(x.case_file, index, item.file)
        size_text = format_size(size, x.lang)
    kind = item.kind.value
    return {
        "id": ident,
        "kind": kind,
        "kind_text": PHRASES[x.lang]["evidence"][kind],
        "date": x.date(item.date),
        "description": x.t(item.description),
        "file": _t(item.file),
        "file_name": _t(item.file).replace("\\", "/").rsplit("/", 1)[-1],
        "reference": _t(item.reference),
        "reference_text": labelled(_t(item.reference), x.lang, "ref_no"),
        "sha256": sha256,
        "size_text": size_text,
    }


def _hash_evidence(case_file: CaseFile, index: int, relative: str) -> tuple[str, int]:
    """SHA-256 and size of an evidence file, which must lie inside the case file's folder."""
    target = case_file.evidence_path(index)
    try:
        return _file_digest(target)
    except FileNotFoundError:
        raise case_file.problem(
            ("evidence", index, "file"), _("{file!r} does not exist (paths are relative to the case file's folder)").format(file=relative)
        ) from None
    except OSError as exc:
        raise case_file.problem(
            ("evidence", index, "file"), _("{file!r} cannot be read ({reason})").format(file=relative, reason=exc.strerror or exc)
        ) from None


@per_file_version(maxsize=256)
def _file_digest(path: str) -> tuple[str, int]:
    """SHA-256 and size of a file, read once per version of it: a recording of many megabytes
    is not read again for every letter and every preview of the web app that lists it."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _earlier_letters(x: _Letter) -> list[vm.EarlierLetter]:
    misc = PHRASES[x.lang]["misc"]
    return [
        {"date": x.date(c.date), "date_iso": c.date.isoformat(), "title": misc["letter_" + c.kind.value]}
        for c in x.contacts
        if c.kind in _LETTER_KINDS and is_letter_channel(c.channel or "")
    ]


# --- money ---------------------------------------------------------------------------------------------


def _demands(x: _Letter) -> list[vm.Demand]:
    """Each demand with its sentence; its sum is its own amount, else the losses it claims (never a loss twice)."""
    words = PHRASES[x.lang]
    losses = [(x.t(loss.description), loss.amount, loss.currency) for loss in x.case.losses]
    ids = x.case.loss_ids()
    out: list[vm.Demand] = []
    for d, claimed in zip(x.case.demands, x.case.demand_losses()):
        mine = [losses[i] for i in claimed]
        kind = d.type.value
        view = demand_view(d, x.lang, mine, every_loss=len(claimed) == len(losses))
        out.append(
            {
                "type": kind,
                "text": words["demand"][kind],
                "detail": _t(d.detail),
                "sentence": view["sentence"],
                "short": view["short"],
                "noun": view["noun"],
                "amount_text": view["amount_text"],
                "loss_ids": [ids[i] for i in claimed] if view["amount_text"] and d.amount is None else [],
                "pay_to": view["pay_to"],
            }
        )
    return out


def _transaction(x: Transaction, lang: str) -> vm.Transaction:
    return {
        "date": format_date(x.date, lang),
        "date_iso": x.date.isoformat(),
        "amount_text": format_money(x.amount, x.currency, lang),
        "currency": x.currency,
        "on_chain": x.currency in ASSET_SYMBOLS,
        "network": _t(x.network),
        "txid": _t(x.txid),
        "from": _t(x.from_),
        "to": _t(x.to),
        "explorer": _t(x.explorer),
    }


def _totals(x: _Letter) -> list[vm.Total]:
    totals = sum_by_currency((loss.amount, loss.currency) for loss in x.case.losses)
    return [{"currency": cur, "amount_text": format_money(amount, cur, x.lang)} for cur, amount in totals.items()]


# --- the record --------------------------------------------------------------------------------------


def _contact(contact: Contact, x: _Letter) -> vm.Contact:
    words = PHRASES[x.lang]
    kind = contact.kind.value
    return {
        "date": x.date(contact.date),
        "date_iso": contact.date.isoformat(),
        "kind": kind,
        "kind_text": words["contact"][kind],
        "channel": x.t(contact.channel),
        "reference": _t(contact.reference),
        "summary": _t(contact.summary),
        "satisfactory": contact.satisfactory,
        "outcome_text": words["outcome"].get(contact_outcome(contact, x.contacts), ""),
    }


def _summary(contact: Contact | None, x: _Letter) -> vm.ContactSummary | None:
    """A contact with the reply deadline it set (a follow-up's own, when the case sets one)."""
    if contact is None:
        return None
    deadline = reply_deadline(x.case, contact)
    on = x.letter_on
    contacts = x.contacts
    return {
        "date": x.date(contact.date),
        "date_iso": contact.date.isoformat(),
        "channel": x.t(contact.channel),
        "reference": _t(contact.reference),
        "summary": _t(contact.summary),
        "satisfactory": contact.satisfactory,
        "days_since": (on - contact.date).days,
        "deadline": x.date(deadline),
        "deadline_iso": deadline.isoformat(),
        "deadline_passed": deadline < on,
        "deadline_missed": deadline < on and not (contact in contacts and answered_by(contacts, contacts.index(contact), deadline)),
    }


def _promise(x: _Letter) -> vm.Promise | None:
    """The promise the company made and has not (yet) kept, quoted as recorded, with its date and deadline.

    Before its day it is the one no letter has followed yet (what a follow-up waits for); once
    broken it stays the company's last word until a later reply, so the escalation and the filing
    after a chase still say it was not kept."""
    reply = open_promise(x.contacts) or _broken_promise(x.contacts, x.letter_on)
    if reply is None or reply.promise is None:
        return None
    by = reply.promise_by
    return {
        "date": x.date(reply.date),
        "date_iso": reply.date.isoformat(),
        "channel": x.t(reply.channel),
        "reference": _t(reply.reference),
        "promise": _t(reply.promise),
        "by": x.date(by),
        "by_iso": by.isoformat() if by else "",
        "by_said": names_day(_t(reply.promise), by),
        "broken": reply.promise_broken(x.letter_on),
        "summary": _t(reply.summary),
        "satisfactory": reply.satisfactory,
        "text": promised_in(reply, x.lang, x.you, x.case) if not chinese(x.lang) else contact_text(reply, x.lang, x.you, x.prose, x.case),
    }


def _broken_promise(contacts: list[Contact], on: dt.date) -> Contact | None:
    """The latest reply, when its dated promise passed unkept before ``on`` (letters after it do not change that)."""
    last = last_of(contacts, ContactKind.REPLY)
    return last if last is not None and last.promise_broken(on) else None


def _other_channel(x: _Letter) -> str:
    """Another way to reach the company than the one the complaint went unanswered on."""
    misc = PHRASES[x.lang]["misc"]
    used = (x.first.channel or "").lower() if x.first else ""
    email = _t(x.case.company.email)
    if email and "mail" not in used and "邮" not in used and "郵" not in used:
        if chinese(x.lang):
            return PHRASES[x.lang]["text"]["channel_email"].format(channel=misc["email_channel"], email=email)
        return f"{misc['email_channel']} ({email})"
    return misc["other_channel"]

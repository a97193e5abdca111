"""The view model: everything a template may use, already written in the letter's language.

Templates stay dumb; every decision (which date format, what a demand is called, when
the deadline falls, what the chronology says) is made here, where it is tested. The
result is plain dicts, lists, strings and ints, so it prints as JSON for template authors
(``letters templates context``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from letters.casefile.load import CaseFile, check_record
from letters.casefile.model import STAGE_CONTACT_KIND, Case, Contact, ContactKind, Stage, Transaction
from letters.i18n import PHRASES, add_amounts, chinese, format_date, format_list, format_money, format_size
from letters.locale import _
from letters.plan.stages import (
    OUTGOING_KINDS,
    answered_by,
    chronology,
    contact_outcome,
    first_of,
    last_of,
    reply_deadline,
    stage_sent_on,  # the record rules' own answer to "when was this stage sent"
)
from letters.viewmodel.authority import authority_view
from letters.viewmodel.values import text as _t
from letters.viewmodel.words import (
    NOBODY,
    attempts_text,
    chases_text,
    chronology_entries,
    dates_text,
    demand_view,
    demands_text,
    fee_charged,
    is_letter_channel,
    problem_label,
    prose_for,
    records_text,
    salutation,
    sentence,
    service_phrase,
    staff_label,
    totals_text,
)

__all__ = ["OUTGOING_KINDS", "build_context"]


def build_context(case_file: CaseFile, stage: str, on: dt.date) -> dict[str, Any]:
    """The view model for ``stage`` of the case, with ``on`` as the letter date.

    A stage already sent is the letter as it was: dated the day it was sent, telling only
    of the contacts before it. Private notes are never part of it.
    """
    _check_not_after(case_file, on)
    case = case_file.case
    lang = case.language
    words = PHRASES[lang]
    misc = words["misc"]
    prose = prose_for(lang)

    def date(value: dt.date | None) -> str:
        return format_date(value, lang) if value else ""

    def t(value: Any) -> str:
        return prose(_t(value))

    sent = _sent_on(case, stage)
    letter_on = sent or on
    contacts = _letter_contacts(case, stage, sent)
    days = case.chase_days if stage == Stage.FOLLOW_UP.value and case.chase_days else case.response_days
    deadline = letter_on + dt.timedelta(days=days)
    management = case.company.management
    mgmt_name = t(management.name if management else None)
    mgmt_title = t(management.title if management else None) or misc["management_title"]
    company_name = t(case.company.name)
    recipient = t(case.company.department) or misc["recipient"]
    label = staff_label(case, lang, prose)
    lead = case.staff[0] if case.staff else NOBODY
    charged = bool(case.losses or case.transactions)
    incidents = sorted(case.incidents, key=lambda i: i.date)
    involved = [bool(case.staff_for(i)) for i in incidents]
    problems = {n: [problem_label(p.value, lang, fee_charged(i, case)) for p in i.problems] for n, i in enumerate(incidents)}
    problems_text = {n: format_list(p, lang) if p else "" for n, p in problems.items()}
    all_problems = list(dict.fromkeys(p for n in problems for p in problems[n]))
    authority = authority_view(case, letter_on)
    you = stage != Stage.CONSUMER_ASSOCIATION.value
    first = first_of(contacts, ContactKind.COMPLAINT)
    reply = last_of(contacts, ContactKind.REPLY)
    company_ref = _t(
        first.reference
        if first and first.reference
        else next((c.reference for c in contacts if c.kind is ContactKind.REPLY and c.reference), "")
    )
    chases = [c for c in contacts[contacts.index(first) + 1 :] if c.kind in _CHASE_KINDS] if first is not None else []
    demands = _demands(case, lang, prose)
    kind, who, title = {
        Stage.ESCALATION.value: ("person", mgmt_name, mgmt_title),
        Stage.CONSUMER_ASSOCIATION.value: ("authority", authority["name"] if authority["known"] else "", ""),
    }.get(stage, ("company", company_name, recipient))
    greeting, valediction = salutation(lang, kind, who, title)
    chronology, attempts = chronology_entries(case, incidents, contacts, letter_on, lang, you, label, problems_text, prose)

    return {
        "lang": lang,
        "stage": stage,
        "stage_title": words["stage"].get(stage, stage),
        "case_id": case.case_id,
        "letter_date": date(letter_on),
        "letter_date_iso": letter_on.isoformat(),
        "sent_on": date(sent),
        "salutation": greeting,
        "valediction": valediction,
        "complainant": {
            **_fields(case.complainant, ("email", "phone", "account_id"), _t),
            **_fields(case.complainant, ("name", "address"), t),
        },
        "company": {
            **_fields(case.company, ("name", "legal_name", "department", "address", "app"), t),
            **_fields(case.company, ("registration_id", "email", "phone", "website"), _t),
            "recipient": recipient,
        },
        "company_ref": company_ref,
        "ask_reference": not company_ref,
        "management": {
            "name": mgmt_name,
            "title": mgmt_title,
            "email": _t(management.email if management else None),
            "salutation": _old_salutation(lang, mgmt_name, mgmt_title),
        },
        "staff": {
            **_fields(lead, ("name", "role"), t),
            "id": _t(lead.id),
            "label": label,
            "involved_any": any(involved),
            "involved_all": all(involved),
        },
        "service_you": service_phrase(case, incidents, lang, label, you=True),
        "service_it": service_phrase(case, incidents, lang, label, you=False),
        "incident_dates_text": dates_text((i.date for i in incidents), lang),
        "problems_text": format_list(all_problems, lang) if all_problems else "",
        "fee_charged": charged,
        "incidents": [
            {
                "date": date(i.date),
                "date_iso": i.date.isoformat(),
                "channel": t(i.channel),
                "summary": t(i.summary),
                "sentence": sentence(t(i.summary), lang),
                "problems": problems[n],
                "problems_text": problems_text[n],
                "staff_involved": involved[n],
            }
            for n, i in enumerate(incidents)
        ],
        "evidence": _evidence(case_file, lang, prose),
        "policies": [_fields(p, ("title", "clause", "summary"), t) for p in case.policies],
        "losses": [
            {"description": t(loss.description), "amount_text": format_money(loss.amount, loss.currency, lang), "currency": loss.currency}
            for loss in case.losses
        ],
        "loss_totals": _totals(case, lang),
        "loss_total_text": totals_text([(loss.amount, loss.currency) for loss in case.losses], lang),
        "transactions": [_transaction(x, lang) for x in case.transactions],
        "demands": demands,
        "demands_text": demands_text([d["short"] for d in demands], lang),
        "response_days": case.response_days,
        "deadline_days": days,
        "deadline": date(deadline),
        "deadline_iso": deadline.isoformat(),
        "contacts": [_contact(c, contacts, lang, prose) for c in contacts],
        "chronology": chronology,
        "attempts": attempts,
        "attempts_text": attempts_text(contacts, lang),
        "chases": [_summary(c, letter_on, lang, case, contacts, prose) for c in chases],
        "chases_text": chases_text(chases, lang, prose),
        "earlier_letters": [
            {"date": date(c.date), "date_iso": c.date.isoformat(), "title": misc["letter_" + c.kind.value]}
            for c in contacts
            if c.kind in _LETTER_KINDS and is_letter_channel(c.channel or "")
        ],
        "company_records": records_text(incidents, contacts, lang),
        "first_complaint": _summary(first, letter_on, lang, case, contacts, prose),
        "last_follow_up": _summary(last_of(contacts, ContactKind.FOLLOW_UP), letter_on, lang, case, contacts, prose),
        "last_escalation": _summary(last_of(contacts, ContactKind.ESCALATION), letter_on, lang, case, contacts, prose),
        "last_reply": _summary(reply, letter_on, lang, case, contacts, prose),
        "other_channel": _other_channel(case, contacts, lang),
        "authority": authority,
    }


def _check_not_after(case_file: CaseFile, on: dt.date) -> None:
    """A letter dated ``on`` cannot tell of anything dated later (the one record check)."""
    check_record(case_file, on, today_is="the letter date")


#: Contacts that chase a complaint: letters, calls and chats after it.
_CHASE_KINDS = (ContactKind.FOLLOW_UP, ContactKind.CALL, ContactKind.CHAT)
#: The user's own letters, enclosed in copy with the later ones.
_LETTER_KINDS = (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP, ContactKind.ESCALATION)


def _sent_on(case: Case, stage: str) -> dt.date | None:
    return stage_sent_on(case, stage) if stage in STAGE_CONTACT_KIND else None


def _letter_contacts(case: Case, stage: str, sent: dt.date | None) -> list[Contact]:
    """The chronology the letter tells: no notes, and for a letter already sent only what came before it."""
    contacts = [c for c in chronology(case) if c.kind is not ContactKind.NOTE]
    if sent is None:
        return contacts
    kind = STAGE_CONTACT_KIND[stage]
    same = [n for n, c in enumerate(contacts) if c.kind is kind and c.date == sent]
    return contacts[: same[-1]] if same else [c for c in contacts if c.date < sent]


def _fields(model: Any, names: tuple[str, ...], fn: Any = _t) -> dict[str, str]:
    return {name: fn(_t(getattr(model, name))) for name in names}


def _old_salutation(lang: str, name: str, title: str) -> str:
    if chinese(lang):
        frames = PHRASES[lang]["text"]
        return (frames["dear_company"] if name else frames["dear_title"]).format(name=name, title=title)
    return f"Dear {name}" if name else f"Dear {title}"


def _demands(case: Case, lang: str, prose: Any) -> list[dict[str, Any]]:
    """Each demand with its sentence; its sum is its own amount, else the losses it claims (never a loss twice)."""
    words = PHRASES[lang]
    losses = [(prose(_t(loss.description)), loss.amount, loss.currency) for loss in case.losses]
    out = []
    for d, claimed in zip(case.demands, case.demand_losses()):
        view = demand_view(d, lang, [losses[i] for i in claimed] or None, lambda v: prose(_t(v)))
        out.append({"type": d.type.value, "text": words["demand"][d.type.value], "detail": prose(_t(d.detail)), **view})
    return out


def _transaction(x: Transaction, lang: str) -> dict[str, str]:
    return {
        "date": format_date(x.date, lang),
        "date_iso": x.date.isoformat(),
        "amount_text": format_money(x.amount, x.currency, lang),
        "currency": x.currency,
        "network": _t(x.network),
        "txid": _t(x.txid),
        "from": _t(x.from_),
        "to": _t(x.to),
        "explorer": _t(x.explorer),
    }


def _evidence(case_file: CaseFile, lang: str, prose: Any) -> list[dict[str, str]]:
    case = case_file.case
    words = PHRASES[lang]
    items = []
    for index, (item, ident) in enumerate(zip(case.evidence, case.evidence_ids())):
        sha256 = size_text = ""
        if item.file:
            sha256, size = _hash_evidence(case_file, index, item.file)
            size_text = format_size(size, lang)
        items.append(
            {
                "id": ident,
                "kind": item.kind.value,
                "kind_text": words["evidence"][item.kind.value],
                "date": format_date(item.date, lang) if item.date else "",
                "description": prose(_t(item.description)),
                "file": _t(item.file),
                "file_name": _t(item.file).replace("\\", "/").rsplit("/", 1)[-1],
                "reference": _t(item.reference),
                "sha256": sha256,
                "size_text": size_text,
            }
        )
    return items


def _hash_evidence(case_file: CaseFile, index: int, relative: str) -> tuple[str, int]:
    """SHA-256 and size of an evidence file, which must lie inside the case file's folder."""
    target = case_file.evidence_path(index)
    digest = hashlib.sha256()
    size = 0
    try:
        with open(target, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise case_file.problem(
            ("evidence", index, "file"), _("{file!r} does not exist (paths are relative to the case file's folder)").format(file=relative)
        ) from None
    except OSError as exc:
        raise case_file.problem(
            ("evidence", index, "file"), _("{file!r} cannot be read ({reason})").format(file=relative, reason=exc.strerror or exc)
        ) from None
    return digest.hexdigest(), size


def _totals(case: Case, lang: str) -> list[dict[str, str]]:
    totals: dict[str, Decimal] = {}
    for loss in case.losses:
        totals[loss.currency] = add_amounts((totals.get(loss.currency, Decimal(0)), loss.amount))  # exact at 30 digits
    return [{"currency": cur, "amount_text": format_money(amount, cur, lang)} for cur, amount in totals.items()]


def _contact(contact: Contact, contacts: list[Contact], lang: str, prose: Any) -> dict[str, Any]:
    words = PHRASES[lang]
    return {
        "date": format_date(contact.date, lang),
        "date_iso": contact.date.isoformat(),
        "kind": contact.kind.value,
        "kind_text": words["contact"][contact.kind.value],
        "channel": prose(_t(contact.channel)),
        "reference": _t(contact.reference),
        "summary": prose(_t(contact.summary)),
        "satisfactory": contact.satisfactory,
        "outcome_text": words["outcome"].get(contact_outcome(contact, contacts), ""),
    }


def _summary(contact: Contact | None, on: dt.date, lang: str, case: Case, contacts: list[Contact], prose: Any) -> dict[str, Any] | None:
    """A contact with the reply deadline it set (a follow-up's own, when the case sets one)."""
    if contact is None:
        return None
    deadline = reply_deadline(case, contact)
    return {
        "date": format_date(contact.date, lang),
        "date_iso": contact.date.isoformat(),
        "channel": prose(_t(contact.channel)),
        "reference": _t(contact.reference),
        "summary": prose(_t(contact.summary)),
        "satisfactory": contact.satisfactory,
        "days_since": (on - contact.date).days,
        "deadline": format_date(deadline, lang),
        "deadline_iso": deadline.isoformat(),
        "deadline_passed": deadline < on,
        "deadline_missed": deadline < on and not (contact in contacts and answered_by(contacts, contacts.index(contact), deadline)),
    }


def _other_channel(case: Case, contacts: list[Contact], lang: str) -> str:
    """Another way to reach the company than the one the complaint went unanswered on."""
    misc = PHRASES[lang]["misc"]
    complaint = first_of(contacts, ContactKind.COMPLAINT)
    used = (complaint.channel or "").lower() if complaint else ""
    email = _t(case.company.email)
    if email and "mail" not in used and "邮" not in used and "郵" not in used:
        if chinese(lang):
            return PHRASES[lang]["text"]["channel_email"].format(channel=misc["email_channel"], email=email)
        return f"{misc['email_channel']} ({email})"
    return misc["other_channel"]

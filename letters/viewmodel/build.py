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
from letters.casefile.model import Case, Contact, ContactKind
from letters.i18n import PHRASES, format_date, format_money, format_size, join_list
from letters.plan.stages import OUTGOING_KINDS, chronology, contact_outcome, first_of, last_of
from letters.viewmodel.authority import authority_view
from letters.viewmodel.values import text as _t

__all__ = ["build_context", "OUTGOING_KINDS"]


def build_context(case_file: CaseFile, stage: str, on: dt.date) -> dict[str, Any]:
    """The view model for ``stage`` of the case, with ``on`` as the letter date."""
    _check_not_after(case_file, on)
    case = case_file.case
    lang = case.language
    words = PHRASES[lang]
    misc = words["misc"]

    def date(value: dt.date | None) -> str:
        return format_date(value, lang) if value else ""

    contacts = chronology(case)
    deadline = on + dt.timedelta(days=case.response_days)
    management = case.company.management
    mgmt_name = _t(management.name if management else None)
    mgmt_title = _t(management.title if management else None) or misc["management_title"]

    context: dict[str, Any] = {
        "lang": lang,
        "stage": stage,
        "stage_title": words["stage"].get(stage, stage),
        "case_id": case.case_id,
        "letter_date": date(on),
        "letter_date_iso": on.isoformat(),
        "complainant": _fields(case.complainant, ("name", "email", "phone", "address", "account_id")),
        "company": {
            **_fields(case.company, ("name", "department", "address", "email")),
            "recipient": _t(case.company.department) or misc["recipient"],
        },
        "management": {
            "name": mgmt_name,
            "title": mgmt_title,
            "email": _t(management.email if management else None),
            "salutation": _salutation(lang, mgmt_name, mgmt_title),
        },
        "staff": {**_fields(case.staff, ("name", "id", "role")), "label": _staff_label(case, lang)},
        "incidents": [
            {
                "date": date(i.date),
                "date_iso": i.date.isoformat(),
                "channel": _t(i.channel),
                "summary": _t(i.summary),
                "problems": [words["problem"][p.value] for p in i.problems],
                "problems_text": join_list(lang, [words["problem"][p.value] for p in i.problems]),
            }
            for i in sorted(case.incidents, key=lambda i: i.date)
        ],
        "evidence": _evidence(case_file, lang),
        "policies": [_fields(p, ("title", "clause", "summary")) for p in case.policies],
        "losses": [
            {"description": _t(loss.description), "amount_text": format_money(loss.amount, loss.currency, lang), "currency": loss.currency}
            for loss in case.losses
        ],
        "loss_totals": _totals(case, lang),
        "demands": [{"type": d.type.value, "text": words["demand"][d.type.value], "detail": _t(d.detail)} for d in case.demands],
        "response_days": case.response_days,
        "deadline": date(deadline),
        "deadline_iso": deadline.isoformat(),
        "contacts": [_contact(c, contacts, lang) for c in contacts],
        "first_complaint": _summary(first_of(contacts, ContactKind.COMPLAINT), on, lang),
        "last_follow_up": _summary(last_of(contacts, ContactKind.FOLLOW_UP), on, lang),
        "last_escalation": _summary(last_of(contacts, ContactKind.ESCALATION), on, lang),
        "last_reply": _summary(last_of(contacts, ContactKind.REPLY), on, lang),
        "other_channel": _other_channel(case, contacts, lang),
        "authority": authority_view(case),
    }
    return context


def _check_not_after(case_file: CaseFile, on: dt.date) -> None:
    """A letter dated ``on`` cannot tell of anything dated later (the one record check)."""
    check_record(case_file, on, today_is="the letter date")


def _fields(model: Any, names: tuple[str, ...]) -> dict[str, str]:
    return {name: _t(getattr(model, name)) for name in names}


def _salutation(lang: str, name: str, title: str) -> str:
    if lang == "zh":
        return f"尊敬的{name}{title}：" if name else f"尊敬的{title}："
    return f"Dear {name}" if name else f"Dear {title}"


def _staff_label(case: Case, lang: str) -> str:
    staff = case.staff
    name, sid, role = _t(staff.name), _t(staff.id), _t(staff.role)
    if lang == "zh":
        who = f"{role}{name}" if name else (role or "客服人员")
        return f"{who}（工号：{sid}）" if sid else who
    extras = [part for part in (f"staff ID {sid}" if sid else "", role) if part]
    who = name or "the staff member"
    return f"{who} ({', '.join(extras)})" if extras else who


def _evidence(case_file: CaseFile, lang: str) -> list[dict[str, str]]:
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
                "description": _t(item.description),
                "file": _t(item.file),
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
            ("evidence", index, "file"), f"{relative!r} does not exist (paths are relative to the case file's folder)"
        ) from None
    except OSError as exc:
        raise case_file.problem(("evidence", index, "file"), f"{relative!r} cannot be read ({exc.strerror or exc})") from None
    return digest.hexdigest(), size


def _totals(case: Case, lang: str) -> list[dict[str, str]]:
    totals: dict[str, Decimal] = {}
    for loss in case.losses:
        totals[loss.currency] = totals.get(loss.currency, Decimal(0)) + loss.amount
    return [{"currency": cur, "amount_text": format_money(amount, cur, lang)} for cur, amount in totals.items()]


def _contact(contact: Contact, contacts: list[Contact], lang: str) -> dict[str, Any]:
    words = PHRASES[lang]
    return {
        "date": format_date(contact.date, lang),
        "date_iso": contact.date.isoformat(),
        "kind": contact.kind.value,
        "kind_text": words["contact"][contact.kind.value],
        "channel": _t(contact.channel),
        "reference": _t(contact.reference),
        "summary": _t(contact.summary),
        "satisfactory": contact.satisfactory,
        "outcome_text": words["outcome"].get(contact_outcome(contact, contacts), ""),
    }


def _summary(contact: Contact | None, on: dt.date, lang: str) -> dict[str, Any] | None:
    if contact is None:
        return None
    return {
        "date": format_date(contact.date, lang),
        "date_iso": contact.date.isoformat(),
        "channel": _t(contact.channel),
        "reference": _t(contact.reference),
        "summary": _t(contact.summary),
        "days_since": (on - contact.date).days,
    }


def _other_channel(case: Case, contacts: list[Contact], lang: str) -> str:
    """Another way to reach the company than the one the complaint went unanswered on."""
    misc = PHRASES[lang]["misc"]
    complaint = first_of(contacts, ContactKind.COMPLAINT)
    used = (complaint.channel or "").lower() if complaint else ""
    email = _t(case.company.email)
    if email and "mail" not in used and "邮" not in used:
        return f"{misc['email_channel']}（{email}）" if lang == "zh" else f"{misc['email_channel']} ({email})"
    return misc["other_channel"]

"""The case record as it can have happened: contacts in a possible order, nothing after today.

One check for every command: :func:`letters.casefile.load.load_case` runs it with the
command's today (``--on``), the view model runs it with the letter date, and
``letters log`` runs it on the file as it would be with the new entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from letters.casefile.model import Case, Contact, ContactKind, DemandType
from letters.errors import Problem, field_path
from letters.locale import _

__all__ = ["ANSWERING_KINDS", "RecordProblem", "record_problems"]

#: Contacts that answer or follow a complaint: none can come before the first one.
ANSWERING_KINDS = (ContactKind.REPLY, ContactKind.FOLLOW_UP, ContactKind.ESCALATION, ContactKind.FILING)

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class RecordProblem:
    """One thing in the record that cannot have happened, at ``loc`` (e.g. ``("contacts", 2, "date")``)."""

    loc: Loc
    message: str


def record_problems(case: Case, today: dt.date, *, today_is: str = "today") -> list[RecordProblem]:
    """Every dated item after ``today`` and every contact out of a possible order.

    ``today_is`` names ``today`` in the message: ``"today"``, or ``"the letter date"`` when
    a command was given ``--on`` or writes a letter.
    """
    contacts = _after(case.contacts, "contacts", today, today_is)
    if case.contacts:
        contacts = sorted([*contacts, *_out_of_order(case)], key=lambda p: p.loc[1])
    return [*_after(case.incidents, "incidents", today, today_is), *contacts, *_after(case.evidence, "evidence", today, today_is)]


def _after(items: Sequence[Any], section: str, today: dt.date, today_is: str) -> list[RecordProblem]:
    late = [index for index, item in enumerate(items) if item.date is not None and item.date > today]
    if not late:
        return []
    if today_is == "today":
        message = _("{date} is after today {on} (check the date, or pass --on)")
    else:
        message = _("{date} is after the letter date {on} (check the date, or pass --on)")
    return [RecordProblem((section, i, "date"), message.format(date=items[i].date.isoformat(), on=today.isoformat())) for i in late]


def _out_of_order(case: Case) -> list[RecordProblem]:
    """Contacts that answer or follow a complaint before it; an escalation before any chase."""
    contacts = case.contacts
    problems: list[RecordProblem] = []
    complaint: tuple[int, Contact] | None = None
    chased = False  # a follow-up, or a reply logged as unsatisfactory, came before
    for index in sorted(range(len(contacts)), key=lambda i: contacts[i].date):  # same day: logged order
        contact = contacts[index]
        kind = contact.kind
        if kind is ContactKind.COMPLAINT and complaint is None:
            complaint = (index, contact)
        elif kind in ANSWERING_KINDS and complaint is None:
            problems.append(RecordProblem(("contacts", index, "date"), _before_complaint(case, contact)))
            continue
        if kind is ContactKind.ESCALATION and not chased:
            problems.append(
                RecordProblem(
                    ("contacts", index, "date"),
                    _(
                        "the escalation of {date} comes before any follow-up, and no reply before it is "
                        "logged as satisfactory: false; log the follow-up (or the unsatisfactory reply) it came after, or check the date"
                    ).format(date=contact.date.isoformat()),
                )
            )
        if kind is ContactKind.FOLLOW_UP or (kind is ContactKind.REPLY and contact.satisfactory is False):
            chased = True
    return problems


def _before_complaint(case: Case, contact: Contact) -> str:
    kind, date = contact.kind.value, contact.date.isoformat()
    first = min(
        ((i, c) for i, c in enumerate(case.contacts) if c.kind is ContactKind.COMPLAINT), key=lambda item: item[1].date, default=None
    )
    if first is None:
        return _(
            "the {kind} of {date} has no complaint before it; log the first complaint (kind: complaint) before it, or check the kind"
        ).format(kind=kind, date=date)
    at, complaint = first
    if complaint.date == contact.date:
        return _(
            "the {kind} of {date} is listed before the complaint of the same day (contacts[{at}]); move it below the complaint"
        ).format(kind=kind, date=date, at=at)
    return _("the {kind} of {date} is before the first complaint ({first}, contacts[{at}]); check the date").format(
        kind=kind, date=date, first=complaint.date.isoformat(), at=at
    )


def claim_warnings(case_file: Any) -> list[Any]:
    """Sums a version 2 letter will not ask for: a money demand with nothing to claim, a loss no demand claims.

    Warnings, not errors: the case is valid, but its letters may ask for less than the user means.
    """
    case = case_file.case
    if case.version < 2:
        return []
    found: list[tuple[tuple[str | int, ...], str]] = []
    claims = case.demand_losses()
    money = [i for i, d in enumerate(case.demands) if d.type in (DemandType.REFUND, DemandType.COMPENSATION)]
    found += [
        (
            ("demands", i),
            _("asks for money but has no amount and claims no loss, so the letters give no sum; add amount and currency, or losses: [ids]"),
        )
        for i in money
        if case.demands[i].amount is None and not claims[i]
    ]
    claimed = {n for listed in claims for n in listed}
    if money and len(claimed) < len(case.losses):
        ids = case.loss_ids()
        found += [
            (
                ("losses", n),
                _("loss {id} is claimed by no demand: the letters list it but ask for it nowhere; add it to a demand's losses").format(
                    id=ids[n]
                ),
            )
            for n in range(len(case.losses))
            if n not in claimed
        ]
    return [Problem(str(case_file.path), case_file.line_of(loc), field_path(loc), message) for loc, message in found]

"""The complaint path: which letter is due next, when, and whether a stage may be written.

The rules are the table of the complaint-path issue. They read only the case's
``contacts`` log, so recording what was sent (``letters log`` or ``generate --record``)
is what moves a case along.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from .errors import StageError
from .models import Case, Contact, ContactKind

__all__ = ["Stage", "STAGES", "CaseStatus", "case_status", "check_stage", "STAGE_CONTACT_KIND"]


class Stage(str, Enum):
    FIRST_COMPLAINT = "first-complaint"
    FOLLOW_UP = "follow-up"
    ESCALATION = "escalation"
    CONSUMER_ASSOCIATION = "consumer-association"


STAGES: tuple[str, ...] = tuple(s.value for s in Stage)

#: The contact kind that records a stage's letter as sent.
STAGE_CONTACT_KIND: dict[str, ContactKind] = {
    Stage.FIRST_COMPLAINT.value: ContactKind.COMPLAINT,
    Stage.FOLLOW_UP.value: ContactKind.FOLLOW_UP,
    Stage.ESCALATION.value: ContactKind.ESCALATION,
    Stage.CONSUMER_ASSOCIATION.value: ContactKind.FILING,
}


@dataclass(frozen=True)
class CaseStatus:
    """Where a case stands on a given day."""

    on: dt.date
    closed: bool
    next_stage: str | None
    due: dt.date | None
    reason: str
    sent: dict[str, dt.date] = field(default_factory=dict)

    @property
    def overdue_days(self) -> int:
        return max(0, (self.on - self.due).days) if self.due else 0

    @property
    def is_due(self) -> bool:
        return self.next_stage is not None and self.due is not None and self.due <= self.on


def chronology(case: Case) -> list[Contact]:
    """Contacts in date order; same-day contacts keep the order the user logged them."""
    return sorted(case.contacts, key=lambda c: c.date)


def _last(contacts: list[Contact], kind: ContactKind) -> Contact | None:
    found = [c for c in contacts if c.kind is kind]
    return found[-1] if found else None


def _replies_since(contacts: list[Contact], since: dt.date) -> list[Contact]:
    return [c for c in contacts if c.kind is ContactKind.REPLY and c.date >= since]


def case_status(case: Case, on: dt.date) -> CaseStatus:
    """Apply the complaint-path table to the case's contact log."""
    contacts = chronology(case)
    days = dt.timedelta(days=case.response_days)
    sent = {stage: c.date for stage, kind in STAGE_CONTACT_KIND.items() if (c := _first(contacts, kind))}

    def status(next_stage: str | None, due: dt.date | None, reason: str, closed: bool = False) -> CaseStatus:
        return CaseStatus(on=on, closed=closed, next_stage=next_stage, due=due, reason=reason, sent=sent)

    satisfied = [c for c in contacts if c.kind is ContactKind.REPLY and c.satisfactory is True]
    if satisfied:
        return status(None, None, f"closed: satisfactory reply on {satisfied[-1].date.isoformat()}", closed=True)

    filing = _last(contacts, ContactKind.FILING)
    if filing:
        return status(None, None, f"filed with a consumer body on {filing.date.isoformat()}; await its answer")

    escalation = _last(contacts, ContactKind.ESCALATION)
    if escalation:
        unhappy = [r for r in _replies_since(contacts, escalation.date) if r.satisfactory is False]
        if unhappy:
            return status(Stage.CONSUMER_ASSOCIATION.value, unhappy[-1].date, "unsatisfactory reply to the escalation")
        return status(Stage.CONSUMER_ASSOCIATION.value, escalation.date + days, "no satisfactory reply to the escalation")

    complaint = _last(contacts, ContactKind.COMPLAINT)
    if complaint is None:
        return status(Stage.FIRST_COMPLAINT.value, on, "no complaint recorded yet")

    replies = _replies_since(contacts, complaint.date)
    unhappy = [r for r in replies if r.satisfactory is False]
    if unhappy:
        return status(Stage.ESCALATION.value, unhappy[-1].date, "unsatisfactory reply")
    follow_up = _last(contacts, ContactKind.FOLLOW_UP)
    if follow_up and follow_up.date >= complaint.date:
        if _replies_since(contacts, follow_up.date):
            return status(None, None, "the company replied after the follow-up; mark the reply satisfactory or unsatisfactory")
        return status(Stage.ESCALATION.value, follow_up.date + days, "no reply to the follow-up")
    if replies:
        return status(None, None, "the company replied; mark the reply satisfactory or unsatisfactory")
    return status(Stage.FOLLOW_UP.value, complaint.date + days, "no reply to the complaint")


def _first(contacts: list[Contact], kind: ContactKind) -> Contact | None:
    return next((c for c in contacts if c.kind is kind), None)


_HOW_TO_LOG = "record it with: letters log {case} --kind {kind} --date YYYY-MM-DD [--channel …] [--reference …]"


def check_stage(case: Case, stage: str, path: str = "<case>") -> None:
    """Raise :class:`StageError` when the log lacks what ``stage`` builds on."""
    contacts = case.contacts
    kinds = {c.kind for c in contacts}
    if stage == Stage.FIRST_COMPLAINT.value:
        return
    if stage == Stage.FOLLOW_UP.value:
        if ContactKind.COMPLAINT not in kinds:
            raise StageError(path, stage, "needs the first complaint in contacts; " + _HOW_TO_LOG.format(case=path, kind="complaint"))
        return
    if stage == Stage.ESCALATION.value:
        unhappy = any(c.kind is ContactKind.REPLY and c.satisfactory is False for c in contacts)
        if not unhappy and not (ContactKind.COMPLAINT in kinds and ContactKind.FOLLOW_UP in kinds):
            raise StageError(
                path,
                stage,
                "needs a complaint and a follow-up in contacts, or a reply marked satisfactory: false; "
                + _HOW_TO_LOG.format(case=path, kind="follow-up"),
            )
        return
    if stage == Stage.CONSUMER_ASSOCIATION.value:
        if ContactKind.ESCALATION not in kinds:
            raise StageError(path, stage, "needs an escalation in contacts; " + _HOW_TO_LOG.format(case=path, kind="escalation"))
        return
    raise StageError(path, stage, f"unknown stage; choose one of {', '.join(STAGES)}")

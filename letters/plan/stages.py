"""The complaint path: which letter is due next, when, and whether a stage may be written.

The rules are the table of the complaint-path issue. They read only the case's
``contacts`` log, so recording what was sent (``letters log`` or ``generate --record``)
is what moves a case along. "Since" means later in the chronology: contacts on the same
day keep the order the user logged them in, so a reply logged after a letter answers it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from letters import rx
from letters.casefile.model import OUTGOING_KINDS, STAGE_CONTACT_KIND, STAGES, Case, Contact, ContactKind, Stage
from letters.errors import StageError
from letters.locale import _, language, ngettext
from letters.plan.contacts import final_response  # one rule, read by the bodies' gates too

__all__ = [
    "FOLLOW_UP_DAYS",
    "OUTGOING_KINDS",
    "STAGES",
    "STAGE_CONTACT_KIND",
    "TO_THE_COMPANY",
    "CaseStatus",
    "Stage",
    "case_status",
    "check_stage",
    "chronology",
    "closing_reply",
    "contact_outcome",
    "final_response",
    "first_of",
    "follow_up_days",
    "last_of",
    "last_position",
    "open_promise",
    "reply_deadline",
    "stage_sent_on",
    "stage_warnings",
]


@dataclass(frozen=True)
class CaseStatus:
    """Where a case stands on a given day.

    ``due`` is the day the next stage became (or becomes) due; ``sent`` maps each stage
    already sent to the date it was last sent.
    """

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


def last_position(contacts: list[Contact], kind: ContactKind) -> int | None:
    """Position of the latest contact of ``kind`` in the chronology (``None``: there is none)."""
    found = [i for i, c in enumerate(contacts) if c.kind is kind]
    return found[-1] if found else None


def first_of(contacts: list[Contact], kind: ContactKind) -> Contact | None:
    """The earliest contact of ``kind`` in the chronology."""
    return next((c for c in contacts if c.kind is kind), None)


def last_of(contacts: list[Contact], kind: ContactKind) -> Contact | None:
    """The latest contact of ``kind`` in the chronology."""
    position = last_position(contacts, kind)
    return None if position is None else contacts[position]


def _replies_after(contacts: list[Contact], position: int) -> list[Contact]:
    return [c for c in contacts[position + 1 :] if c.kind is ContactKind.REPLY]


def closing_reply(contacts: list[Contact]) -> Contact | None:
    """The satisfactory reply that closes the case, if any (``contacts`` is the chronology).

    The latest word decides: a letter the user sent after it, or a later reply logged
    ``satisfactory: false``, reopens the case; a reply with no verdict changes nothing.
    A reply whose promise is still open (not marked kept) closes nothing: by ``on`` its date
    has passed, or it is yet to be seen.
    """
    for contact in reversed(contacts):
        if contact.kind in OUTGOING_KINDS:
            return None
        if contact.kind is ContactKind.REPLY and contact.satisfactory is not None:
            return contact if contact.satisfactory and not contact.promise_open else None
    return None


def open_promise(contacts: list[Contact]) -> Contact | None:
    """The latest reply with a dated promise not marked kept, when no letter followed it."""
    for contact in reversed(contacts):
        if contact.kind in OUTGOING_KINDS:
            return None
        if contact.kind is ContactKind.REPLY and contact.promise_open:
            return contact
    return None


#: A follow-up's reply deadline when the case sets no ``chase_days`` (LETTER-CRAFT §7: the chase is shorter).
FOLLOW_UP_DAYS = 7


def follow_up_days(case: Case) -> int:
    """Days a follow-up gives for a reply: ``chase_days``, else the shorter of 7 and ``response_days``."""
    return case.chase_days or min(FOLLOW_UP_DAYS, case.response_days)


def reply_deadline(case: Case, letter: Contact) -> dt.date:
    """The day a letter asked the company to answer by: :func:`follow_up_days` for a follow-up, else ``response_days``."""
    days = follow_up_days(case) if letter.kind is ContactKind.FOLLOW_UP else case.response_days
    return letter.date + dt.timedelta(days=days)


def answered_by(contacts: list[Contact], index: int, deadline: dt.date) -> bool:
    """A reply logged after ``contacts[index]`` and no later than ``deadline``."""
    return any(c.kind is ContactKind.REPLY and c.date <= deadline for c in contacts[index + 1 :])


def contact_outcome(contact: Contact, contacts: list[Contact]) -> str:
    """What came of a contact: a reply's verdict, or whether a letter was answered.

    ``contacts`` is the chronology; returns ``satisfactory``, ``unsatisfactory``,
    ``reply``, ``answered``, ``unanswered`` or ``""`` (calls, chats, notes).
    """
    if contact.kind is ContactKind.REPLY:
        return {True: "satisfactory", False: "unsatisfactory", None: "reply"}[contact.satisfactory]
    if contact.kind not in OUTGOING_KINDS:
        return ""
    position = next(i for i, c in enumerate(contacts) if c is contact)
    for later in contacts[position + 1 :]:
        if later.kind is ContactKind.REPLY:
            return "answered"
        if later.kind in OUTGOING_KINDS:
            break
    return "unanswered"


def case_status(case: Case, on: dt.date) -> CaseStatus:
    """Apply the complaint-path table to the case's contact log."""
    contacts = chronology(case)
    days = dt.timedelta(days=case.response_days)
    sent = {stage: contacts[i].date for stage, kind in STAGE_CONTACT_KIND.items() if (i := last_position(contacts, kind)) is not None}

    def status(next_stage: Stage | None, due: dt.date | None, reason: str, closed: bool = False) -> CaseStatus:
        stage = next_stage.value if next_stage else None
        return CaseStatus(on=on, closed=closed, next_stage=stage, due=due, reason=reason, sent=sent)

    closing = closing_reply(contacts)
    if closing is not None:
        return status(None, None, _("closed: satisfactory reply on {date}").format(date=closing.date.isoformat()), closed=True)

    filing = last_position(contacts, ContactKind.FILING)
    if filing is not None:
        return status(
            None, None, _("filed with a consumer body on {date}; await its answer").format(date=contacts[filing].date.isoformat())
        )

    final = final_response(contacts)
    if final is not None:
        return status(
            Stage.CONSUMER_ASSOCIATION,
            final.date,
            _("final response on {date}: the filing with the body may follow now").format(date=final.date.isoformat()),
        )

    promised = open_promise(contacts)
    if promised is not None and promised.promise_by is not None:
        words = {"date": promised.date.isoformat(), "promise": promised.promise, "by": promised.promise_by.isoformat()}
        if promised.promise_broken(on):
            return status(
                Stage.FOLLOW_UP,
                promised.promise_by + dt.timedelta(days=1),
                _("the promise of {date} ({promise}, by {by}) was not kept").format(**words),
            )
        return status(
            Stage.FOLLOW_UP,
            promised.promise_by + dt.timedelta(days=1),
            _(
                "the reply of {date} promised {promise} by {by}; if it is not kept, a follow-up is due the day after (log --amend N --kept when it is)"
            ).format(**words),
        )

    escalation = last_position(contacts, ContactKind.ESCALATION)
    if escalation is not None:
        due, why = _gated(case, contacts[escalation].date + days, _("no satisfactory reply to the escalation"))
        return status(Stage.CONSUMER_ASSOCIATION, due, why)

    unhappy = [c for c in contacts if c.kind is ContactKind.REPLY and c.satisfactory is False]
    if unhappy:
        return status(Stage.ESCALATION, unhappy[-1].date, _("unsatisfactory reply on {date}").format(date=unhappy[-1].date.isoformat()))

    complaint = last_position(contacts, ContactKind.COMPLAINT)
    if complaint is None:
        return status(Stage.FIRST_COMPLAINT, on, _("no complaint recorded yet"))

    follow_up = last_position(contacts, ContactKind.FOLLOW_UP)
    if follow_up is not None and follow_up > complaint:
        if _replies_after(contacts, follow_up):
            return status(
                None,
                None,
                _(
                    "the company replied to the follow-up; log whether the reply was satisfactory (letters log CASE --amend last --satisfactory or --unsatisfactory)"
                ),
            )
        return status(Stage.ESCALATION, reply_deadline(case, contacts[follow_up]), _("no reply to the follow-up"))
    if _replies_after(contacts, complaint):
        return status(
            None,
            None,
            _(
                "the company replied to the complaint; log whether the reply was satisfactory (letters log CASE --amend last --satisfactory or --unsatisfactory)"
            ),
        )
    return status(Stage.FOLLOW_UP, contacts[complaint].date + days, _("no reply to the complaint"))


def _gated(case: Case, due: dt.date, reason: str) -> tuple[dt.date, str]:
    """The filing is due no earlier than the body's gate opens (letters/plan/jurisdiction.py)."""
    from letters.plan.jurisdiction import filing_gate  # the body's own waiting period

    gate = filing_gate(case)
    if gate.opens is None or gate.opens <= due or gate.body is None or gate.span is None or gate.start is None:
        return due, reason
    return gate.opens, _("{reason}; {body} can take it from {date}, {span} after the complaint of {start}").format(
        reason=reason,
        body=gate.body.name.of(language()),
        date=gate.opens.isoformat(),
        span=gate.span.words(language()),
        start=gate.start.isoformat(),
    )


def _how_to_log(path: str, kind: str) -> str:
    return _("record it with: letters log {path} --kind {kind} --date YYYY-MM-DD --channel … --reference …").format(path=path, kind=kind)


# ``on`` stays for the library's callers; whether a case is closed no longer depends on the day
# (a reply with a promise still open closes nothing, before its date or after it).
def check_stage(case: Case, stage: str, path: str = "<case>", on: dt.date | None = None) -> None:  # noqa: ARG001
    """Raise :class:`StageError` when the log lacks what ``stage`` builds on.

    The message names the missing contact and the ``letters log`` command that records it.
    """
    kinds = {c.kind for c in case.contacts}
    if stage in _CLOSED_TO:
        _refuse_if_closed(case, stage, path)
    if stage == Stage.FIRST_COMPLAINT.value:
        return  # its needs (complainant, company, staff, incidents, demands) are the case model's
    if stage == Stage.FOLLOW_UP.value:
        if ContactKind.COMPLAINT not in kinds:
            raise StageError(path, stage, _("needs the first complaint in contacts (kind: complaint); ") + _how_to_log(path, "complaint"))
        return
    if stage == Stage.ESCALATION.value:
        if any(c.kind is ContactKind.REPLY and c.satisfactory is False for c in case.contacts):
            return
        missing = [k for k in (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP) if k not in kinds]
        if missing:
            raise StageError(
                path,
                stage,
                _(
                    "needs a complaint and a follow-up in contacts (missing: {missing}), or a reply marked satisfactory: false; {how}"
                ).format(missing=", ".join(k.value for k in missing), how=_how_to_log(path, missing[0].value)),
            )
        return
    if stage == Stage.CONSUMER_ASSOCIATION.value:
        if ContactKind.ESCALATION not in kinds and not any(c.kind is ContactKind.REPLY and c.final for c in case.contacts):
            raise StageError(
                path,
                stage,
                _("needs the escalation in contacts (kind: escalation), or a reply marked final: true (the company's final response); ")
                + _how_to_log(path, "escalation"),
            )
        return
    raise StageError(path, stage, _("unknown stage; choose one of {stages}").format(stages=", ".join(STAGES)))


#: Stages that would contradict a satisfactory reply (they say the matter is unresolved).
_CLOSED_TO = (Stage.FOLLOW_UP.value, Stage.ESCALATION.value, Stage.CONSUMER_ASSOCIATION.value)


def _refuse_if_closed(case: Case, stage: str, path: str) -> None:
    closing = closing_reply(chronology(case))
    if closing is None:
        return
    raise StageError(
        path,
        stage,
        _(
            "the case is closed: the reply of {date} is logged as satisfactory, and a {stage} would say "
            "the matter is unresolved; if it is not settled after all, log that first: letters log {path} --kind reply "
            "--date YYYY-MM-DD --unsatisfactory --summary …"
        ).format(date=closing.date.isoformat(), stage=stage, path=path),
    )


def stage_sent_on(case: Case, stage: str) -> dt.date | None:
    """The day ``stage``'s letter is logged as sent, or ``None``.

    The first complaint is the earliest ``complaint``; the other stages their latest contact of
    the stage's kind (a reprint carries that date).
    """
    kind = STAGE_CONTACT_KIND.get(stage)
    dates = [c.date for c in chronology(case) if c.kind is kind]
    if not dates:
        return None
    return dates[0] if stage == Stage.FIRST_COMPLAINT.value else dates[-1]


def stage_warnings(case: Case, stage: str, on: dt.date) -> list[str]:
    """What the user should think twice about before sending ``stage`` dated ``on``.

    Never fatal (``--strict`` makes them errors). The one place every stage warning is
    collected; each is a sentence, and callers put the file and stage in front of it.
    Every warning is explained in docs/warnings.md.
    """
    warnings: list[str] = []
    sent = stage_sent_on(case, stage)
    if sent is not None:
        warnings.append(
            _(
                "already sent on {date} (it is logged in contacts): this is a reprint of that letter, "
                "not a new one; `letters status` shows the stage due next"
            ).format(date=sent.isoformat())
        )
    elif (early := _before_deadline(case, stage, on)) is not None:
        warnings.append(early)
    final = final_response(chronology(case)) if stage in (Stage.FOLLOW_UP.value, Stage.ESCALATION.value) else None
    if final is not None and final.date <= on:
        warnings.append(
            _(
                "the reply of {date} is the company's final response (final: true): you can file with the consumer body "
                "now (consumer-association) instead of writing to the company again"
            ).format(date=final.date.isoformat())
        )
    if stage == Stage.CONSUMER_ASSOCIATION.value:
        from letters.plan.jurisdiction import filing_warnings  # the body's own rules (territory, clocks)

        if case.issue and (found := TO_THE_COMPANY.search(case.issue)):
            warnings.append(
                _(
                    "`issue` speaks to the company ({word}), and the filing quotes it as written to the consumer body: "
                    'write it about the company ("{name} has not refunded…") before you send the filing'
                ).format(word=found.group(0), name=case.company.name)
            )
        warnings += filing_warnings(case, on=on)
    return warnings


#: Words that address the company ("you have not paid", "贵公司未退款"): right in the letters to it,
#: wrong in the filing, which quotes the user's words to a third party (the `issue` is warned of;
#: the incidents get a line saying whom they mean: letters/viewmodel/build.py).
TO_THE_COMPANY = rx.compile(
    r"\b(?:you|your|yours|yourselves)\b|你们|你們|你哋|你司|贵公司|貴公司|贵司|貴司|贵方|貴方|贵行|貴行", re.IGNORECASE
)


def _before_deadline(case: Case, stage: str, on: dt.date) -> str | None:
    """A chase, escalation or filing dated before the reply deadline it follows has passed."""
    contacts = chronology(case)
    follows = {
        Stage.FOLLOW_UP.value: ContactKind.COMPLAINT,
        Stage.ESCALATION.value: ContactKind.FOLLOW_UP,
        Stage.CONSUMER_ASSOCIATION.value: ContactKind.ESCALATION,
    }.get(stage)
    at = last_position(contacts, follows) if follows else None
    if at is None:
        return None
    if any(c.kind is ContactKind.REPLY and (c.satisfactory is False or c.promise_broken(on)) for c in contacts[at + 1 :]):
        return None  # an unsatisfactory answer, or a promise broken: nothing left to wait for
    if stage == Stage.ESCALATION.value and any(c.kind is ContactKind.REPLY and c.satisfactory is False for c in contacts):
        return None  # escalated because of an unsatisfactory reply, not because the chase went unanswered
    letter = contacts[at]
    deadline = reply_deadline(case, letter)
    if on >= deadline:
        return None
    left = (deadline - on).days
    return ngettext(
        "the reply deadline {deadline} set by the {kind} of {date} has not passed: "
        "the letter date {on} is {n} day before it; wait until {deadline} "
        "(or pass --on), or send it knowing the company still has time to answer",
        "the reply deadline {deadline} set by the {kind} of {date} has not passed: "
        "the letter date {on} is {n} days before it; wait until {deadline} "
        "(or pass --on), or send it knowing the company still has time to answer",
        left,
    ).format(deadline=deadline.isoformat(), kind=letter.kind.value, date=letter.date.isoformat(), on=on.isoformat(), n=left)

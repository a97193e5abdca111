"""The case file's vocabulary and limits: kinds, stages, plausible dates.

Plain enums and constants, no pydantic, so the command line can offer choices and check
dates without building the case model (start-up cost of ``letters --help``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum

from letters.locale import _

__all__ = [
    "MAX_AMOUNT",
    "MAX_DATE",
    "MAX_TEXT",
    "MIN_DATE",
    "OUTGOING_KINDS",
    "STAGES",
    "STAGE_CONTACT_KIND",
    "STAGE_RECIPIENT",
    "ContactKind",
    "DemandType",
    "EvidenceKind",
    "ImplausibleDateError",
    "Problem",
    "Stage",
    "check_date_range",
]

MAX_AMOUNT = Decimal("1000000000000")  # a trillion: anything above is a typo, not a loss
MAX_TEXT = 20_000  # characters in one free-text field

#: Dates a complaint can plausibly mention; beyond them date arithmetic (deadlines) overflows.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)


class ImplausibleDateError(ValueError):
    """A real date no complaint can be about (see :func:`check_date_range`)."""


def check_date_range(value: dt.date) -> dt.date:
    """A year like 0001 or 9999 is a typo, and a deadline after 9999-12-31 cannot be computed."""
    if not MIN_DATE <= value <= MAX_DATE:
        raise ImplausibleDateError(
            _("{date} is not a plausible date (use one between {first} and {last})").format(
                date=value.isoformat(), first=MIN_DATE, last=MAX_DATE
            )
        )
    return value


class Problem(str, Enum):
    RUDE = "rude"
    SLOW = "slow"
    WRONG_ADVICE = "wrong-advice"
    REFUSED_SUPERVISOR = "refused-supervisor"
    UNJUSTIFIED_FEE = "unjustified-fee"
    NO_RESPONSE = "no-response"
    OTHER = "other"


class EvidenceKind(str, Enum):
    CHAT_LOG = "chat-log"
    EMAIL = "email"
    CALL_RECORDING = "call-recording"
    SCREENSHOT = "screenshot"
    DOCUMENT = "document"
    TRANSACTION = "transaction"
    OTHER = "other"


class DemandType(str, Enum):
    APOLOGY = "apology"
    EXPLANATION = "explanation"
    CORRECTION = "correction"
    COMPENSATION = "compensation"
    REFUND = "refund"
    STAFF_ACTION = "staff-action"
    OTHER = "other"


class ContactKind(str, Enum):
    COMPLAINT = "complaint"
    FOLLOW_UP = "follow-up"
    ESCALATION = "escalation"
    FILING = "filing"
    REPLY = "reply"
    CALL = "call"
    CHAT = "chat"
    NOTE = "note"


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

#: Letters the consumer sent (as opposed to replies, calls and notes).
OUTGOING_KINDS = (ContactKind.COMPLAINT, ContactKind.FOLLOW_UP, ContactKind.ESCALATION, ContactKind.FILING)

#: Who receives each stage's letter: the view-model section holding the address, and the
#: case-file field the user fills in when it is missing.
STAGE_RECIPIENT: dict[str, tuple[str, str]] = {
    Stage.FIRST_COMPLAINT.value: ("company", "company.email"),
    Stage.FOLLOW_UP.value: ("company", "company.email"),
    Stage.ESCALATION.value: ("management", "company.management.email"),
    Stage.CONSUMER_ASSOCIATION.value: ("authority", "authority.email"),
}

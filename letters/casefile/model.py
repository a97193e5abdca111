"""The case file, format versions 1 and 2, as pydantic models.

Version 2 (``../shared/DESIGN.md``) adds several staff members or none, the staff each
incident involves, loss ids claimed by demands, evidence the company holds, a reply's
promise and a final response, the company's sector, the purchase and a one-line issue.
A version 1 file loads as it always did and means what it meant: its one staff member is
the list's only entry, involved in every incident not marked ``staff_involved: false``.

Every model forbids unknown keys (a typo must not silently drop data), money is
``Decimal`` and dates are ``date``. The YAML loader hands us strings for dates and
amounts, so pydantic sees exactly what the user wrote.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from letters import rx
from letters.casefile.terms import (
    MAX_AMOUNT,
    MAX_DATE,
    MAX_TEXT,
    MIN_DATE,
    OUTGOING_KINDS,
    STAGE_CONTACT_KIND,
    STAGES,
    ContactKind,
    DemandType,
    EvidenceKind,
    Problem,
    Stage,
    check_date_range,
)
from letters.locale import _
from letters.paths import CASE_ID_PATTERN, WINDOWS_RESERVED
from letters.phrasebook import ASSET_SYMBOLS, normalise_currency

__all__ = [
    "MAX_AMOUNT",
    "MAX_DATE",
    "MAX_TEXT",
    "MIN_DATE",
    "OUTGOING_KINDS",
    "SECTORS",
    "STAGES",
    "STAGE_CONTACT_KIND",
    "Amount",
    "Authority",
    "Case",
    "Company",
    "Complainant",
    "Contact",
    "ContactKind",
    "Currency",
    "Demand",
    "DemandType",
    "Evidence",
    "EvidenceKind",
    "HeldBy",
    "Incident",
    "Loss",
    "Management",
    "NamedStaff",
    "Policy",
    "Problem",
    "Purchase",
    "Sector",
    "Staff",
    "Stage",
    "Transaction",
    "check_date_range",
    "link_problems",
]


#: ``2026/11/3``, ``2026.11.3``, ``2026-11-3`` and ``2026年11月3日`` are read as 2026-11-03.
_LOOSE_DATE = rx.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def loose_date(value: object) -> object:
    """The spellings of a date people type, as ISO text; anything else is left to pydantic."""
    if isinstance(value, str) and not _iso_shaped(value) and (match := _LOOSE_DATE.fullmatch(value.strip())):
        return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"
    return value


def _iso_shaped(value: str) -> bool:
    """``2026-11-03``: the common case skips the regular expression (a batch reads many dates)."""
    return len(value) == 10 and value[4] == "-" and value[7] == "-"


#: The dates the loader reads (ISO, or 2026/11/3, 2026.11.3, 2026年11月3日), months 1–12, days 1–31, years 1900–2999.
DATE_PATTERN = r"^(19|2[0-9])[0-9]{2}\s*[-/.年]\s*(0?[1-9]|1[0-2])\s*[-/.月]\s*(0?[1-9]|[12][0-9]|3[01])\s*日?$"
#: A sum as the loader reads it: digits with at most 18 decimals, more than zero (1e3, -5 and 0.00 are refused).
AMOUNT_PATTERN = r"^\s*(?=[0-9.]*[1-9])[0-9]{1,13}(\.[0-9]{1,18})?\s*$"

Day = Annotated[
    dt.date,
    BeforeValidator(loose_date),
    AfterValidator(check_date_range),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "format": "date"}),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, str_strip_whitespace=True, populate_by_name=True)


class Complainant(_Model):
    name: ShortText
    email: ShortText | None = None
    phone: ShortText | None = None
    address: ShortText | None = None
    account_id: ShortText | None = None


class Management(_Model):
    name: ShortText | None = None
    title: ShortText | None = None
    email: ShortText | None = None


class Company(_Model):
    name: ShortText
    legal_name: ShortText | None = None  # the registered name; the brand stays in ``name``
    registration_id: ShortText | None = None  # 统一社会信用代码, company number…
    department: ShortText | None = None
    address: ShortText | None = None
    email: ShortText | None = None
    phone: ShortText | None = None
    website: ShortText | None = None
    app: ShortText | None = None
    management: Management | None = None
    sector: Sector | None = None  # decides which body can act on a filing


#: A handle for a staff member or a loss: ``S1``, ``L2``, ``agent-a``.
Key = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$")]

#: What the company does: it decides which body can act on a filing (JURISDICTIONS.md).
Sector = Literal[
    "financial",
    "payments",
    "insurance",
    "investment",
    "crypto",
    "telecoms",
    "energy",
    "water",
    "aviation",
    "travel",
    "e-commerce",
    "retail",
    "other",
]
SECTORS: tuple[str, ...] = typing.get_args(Sector)

#: Who holds a piece of evidence: the user encloses theirs; the company is asked to preserve its own.
HeldBy = Literal["me", "company"]


class Staff(_Model):
    key: Key | None = None  # S1, S2… in order when absent
    name: ShortText | None = None
    id: ShortText | None = None
    role: ShortText | None = None

    @model_validator(mode="after")
    def _described(self) -> Staff:
        if not self.name and not self.id and not self.role:
            raise ValueError(_("describe the staff member: a name, an id or a role (at least one)"))
        return self


class NamedStaff(Staff):
    """A version 1 staff member: a name or an id is needed (the interview still writes version 1)."""

    @model_validator(mode="after")
    def _named_or_numbered(self) -> NamedStaff:
        if not self.name and not self.id:
            raise ValueError(_("give the staff member's name or id (at least one)"))
        return self


class Incident(_Model):
    date: Day
    channel: ShortText | None = None
    summary: Text
    problems: list[Problem] = Field(default_factory=list)
    staff: list[Key] | None = None  # keys of the staff involved; absent or [] = nobody named (v1: see staff_involved)
    staff_involved: bool | None = None  # version 1 only: whether its one staff member took part (default true)
    evidence: list[Key] | None = None  # ids of the evidence that proves it (E1, E2…); absent = what is dated its day


class Evidence(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$")] | None = None
    kind: EvidenceKind
    date: Day | None = None
    description: Text
    file: ShortText | None = None
    reference: ShortText | None = None
    held_by: HeldBy = "me"  # company: asked to be preserved, never enclosed


class Policy(_Model):
    title: ShortText
    clause: ShortText | None = None
    summary: Text | None = None


def _sane_amount(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError(_("must be a finite number"))
    if value <= 0:
        raise ValueError(_("must be greater than 0"))
    if value > MAX_AMOUNT:
        raise ValueError(_("is implausibly large (the limit is {limit:,})").format(limit=MAX_AMOUNT))
    if value.as_tuple().exponent < -18:  # type: ignore[operator]
        raise ValueError(_("has more than 18 decimal places"))
    return value


def _known_currency(value: str) -> str:
    value = normalise_currency(value)  # 人民币, RMB, 元, ￥ are CNY (the file keeps its spelling)
    if _is_currency(value):
        return value
    joined = re.fullmatch(r"([A-Z]{3,5})\s*[-_/ (（]\s*([A-Z]{2,6})-?(\d{1,3})[)）]?", value)
    if joined and _is_currency(joined[1]):
        network = f"{joined[2]}-{joined[3]}"
        raise ValueError(
            _("{value!r} joins an asset and its network: write {asset} here and the network ({network}) in transactions[].network").format(
                value=value, asset=joined[1], network=network
            )
        )
    raise ValueError(
        _("unknown currency {value!r}: use an ISO 4217 code (CNY, USD, EUR…) or one of {assets}").format(
            value=value, assets=", ".join(sorted(ASSET_SYMBOLS))
        )
    )


def _is_currency(value: str) -> bool:
    return value in ASSET_SYMBOLS or (
        len(value) == 3 and value.isascii() and value.isupper() and value.isalpha() and value in _iso_currencies()
    )


#: A sum of money: a decimal > 0 (quoted in YAML), never a float.
Amount = Annotated[
    Decimal,
    AfterValidator(_sane_amount),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": AMOUNT_PATTERN},
                {"type": "number", "exclusiveMinimum": 0, "maximum": int(MAX_AMOUNT)},
            ]
        }
    ),
]
#: An ISO 4217 code or a crypto asset symbol.
Currency = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True), AfterValidator(_known_currency)]


class Loss(_Model):
    id: Key | None = None  # L1, L2… in order when absent
    description: Text
    amount: Amount
    currency: Currency


class Transaction(_Model):
    """A money movement in dispute: a payment, a transfer, a withdrawal on a blockchain."""

    date: Day
    amount: Amount
    currency: Currency
    network: ShortText | None = None  # TRC-20, ERC-20… or a payment rail: card, bank transfer
    txid: ShortText | None = None  # transaction hash or order number
    from_: ShortText | None = Field(default=None, alias="from")  # sending address or account
    to: ShortText | None = None  # receiving address or account
    explorer: ShortText | None = None  # block-explorer link


@lru_cache(maxsize=1)
def _iso_currencies() -> frozenset[str]:
    """Babel's currency codes (``list_currencies`` builds a new set on every call)."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


class Demand(_Model):
    type: DemandType
    detail: Text | None = None
    amount: Amount | None = None  # an explicit sum; otherwise refund and compensation sums come from losses
    currency: Currency | None = None
    pay_to: ShortText | None = None  # where the money should go
    losses: list[Key] = Field(default_factory=list)  # ids of the losses this demand claims (each loss by one demand at most)

    @model_validator(mode="after")
    def _amount_with_currency(self) -> Demand:
        if (self.amount is None) != (self.currency is None):
            raise ValueError(_("give amount and currency together"))
        return self


class Contact(_Model):
    date: Day
    kind: ContactKind
    channel: ShortText | None = None
    reference: ShortText | None = None
    summary: Text | None = None
    satisfactory: bool | None = None
    promise: Text | None = None  # what a reply promised…
    promise_by: Day | None = None  # …and by when: unkept after it, the case reopens
    kept: bool | None = None  # the promise was kept (log --amend N --kept)
    final: bool = False  # the company's final response (deadlock letter): the filing may follow at once

    @model_validator(mode="after")
    def _reply_fields_only_on_replies(self) -> Contact:
        if self.kind is not ContactKind.REPLY:
            for key in ("satisfactory", "promise", "promise_by", "kept"):
                if getattr(self, key) is not None:
                    raise ValueError(_("{key} is only for contacts of kind 'reply'").format(key=key))
            if self.final:
                raise ValueError(_("{key} is only for contacts of kind 'reply'").format(key="final"))
        if self.promise_by is not None and self.promise is None:
            raise ValueError(_("promise_by needs the promise itself (promise: what they promised)"))
        if self.kept is not None and self.promise is None:
            raise ValueError(_("kept is only for a reply that made a promise (promise: …)"))
        if self.promise_by is not None and self.promise_by < self.date:
            raise ValueError(
                _("promise_by {by} is before the reply of {date} that made the promise").format(
                    by=self.promise_by.isoformat(), date=self.date.isoformat()
                )
            )
        return self

    @property
    def promise_open(self) -> bool:
        """A dated promise not (yet) marked kept."""
        return self.promise_by is not None and self.kept is not True

    def promise_broken(self, on: dt.date) -> bool:
        """The promise's date has passed (``on`` is after it) and it is not marked kept."""
        return self.promise_open and self.promise_by is not None and on > self.promise_by


class Purchase(_Model):
    """What was bought: the consumer bodies' forms ask for it."""

    product: ShortText | None = None  # product or service
    order: ShortText | None = None  # order, bill, policy, account or card number
    date: Day | None = None
    amount: Amount | None = None
    currency: Currency | None = None

    @model_validator(mode="after")
    def _amount_with_currency(self) -> Purchase:
        if (self.amount is None) != (self.currency is None):
            raise ValueError(_("give amount and currency together"))
        return self


def _staff_as_list(value: object) -> object:
    """Version 1 wrote one staff member as a mapping: it is the list's only entry."""
    return [value] if isinstance(value, dict) else value


class Authority(_Model):
    name: ShortText | None = None
    address: ShortText | None = None
    website: ShortText | None = None
    email: ShortText | None = None
    phone: ShortText | None = None


class Case(_Model):
    """One complaint, as the user keeps it in one YAML file."""

    version: Literal[1, 2]
    case_id: Annotated[str, StringConstraints(pattern=CASE_ID_PATTERN)]
    language: Literal["zh", "zh-Hant", "en"]  # Simplified, Traditional (Hong Kong usage), English
    jurisdiction: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Z]{2}$")] | None = (
        None  # ISO 3166-1 alpha-2 of where the company is
    )
    issue: ShortText | None = None  # the grievance in one line, in the user's words
    complainant: Complainant
    company: Company
    purchase: Purchase | None = None
    staff: Annotated[list[Staff], BeforeValidator(_staff_as_list)] = Field(default_factory=list)
    incidents: list[Incident] = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)
    policies: list[Policy] = Field(default_factory=list)
    losses: list[Loss] = Field(default_factory=list)
    transactions: list[Transaction] = Field(default_factory=list)
    demands: list[Demand] = Field(min_length=1)
    response_days: int = Field(default=14, ge=1, le=365)
    chase_days: int | None = Field(default=None, ge=1, le=365)  # a follow-up's reply deadline (default: 7 days, at most response_days)
    contacts: list[Contact] = Field(default_factory=list)
    authority: Authority | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: object) -> object:
        if isinstance(value, bool):  # `version: true` would otherwise pass as 1
            raise ValueError(_("must be 1 or 2 (the case-file formats this version of letters reads)"))
        return value

    @field_validator("case_id")
    @classmethod
    def _not_a_reserved_name(cls, value: str) -> str:
        stem = value.split(".")[0].upper()
        if stem in WINDOWS_RESERVED or value.endswith(".") or ".." in value:
            raise ValueError(_("{value!r} cannot name an output folder on every system; choose another id").format(value=value))
        return value

    @model_validator(mode="after")
    def _evidence_ids_unique(self) -> Case:
        seen: set[str] = set()
        for item in self.evidence:
            if item.id is not None:
                if item.id in seen:
                    raise ValueError(_("evidence id {id} is used twice").format(id=item.id))
                seen.add(item.id)
        return self

    def evidence_ids(self) -> list[str]:
        """E1, E2… for items without an id, skipping ids the user already used."""
        return _numbered([e.id for e in self.evidence], "E")

    def staff_keys(self) -> list[str]:
        """S1, S2… for staff without a key, skipping keys the user already used."""
        return _numbered([s.key for s in self.staff], "S")

    def loss_ids(self) -> list[str]:
        """L1, L2… for losses without an id, skipping ids the user already used."""
        return _numbered([loss.id for loss in self.losses], "L")

    def staff_for(self, incident: Incident) -> list[Staff]:
        """The staff members ``incident`` (one of this case's) involves: see :meth:`incident_staff`."""
        index = next((i for i, item in enumerate(self.incidents) if item is incident), None)
        return self.incident_staff(self.incidents.index(incident) if index is None else index)

    def incident_staff(self, index: int) -> list[Staff]:
        """The staff members incident ``index`` involves, in the order it lists them.

        Version 1: its one staff member, unless ``staff_involved: false``. Version 2: the
        keys in ``staff``; none listed means nobody is named.
        """
        incident = self.incidents[index]
        if incident.staff is None:
            return list(self.staff) if self.version == 1 and incident.staff_involved is not False and self.staff else []
        by_key = dict(zip(self.staff_keys(), self.staff))
        return [by_key[key] for key in incident.staff if key in by_key]

    def demand_losses(self) -> list[list[int]]:
        """For each demand, the indexes of the losses its sum is made of.

        A demand with its own ``amount`` claims none; one with ``losses`` those; otherwise,
        only when it is the one money demand (refund or compensation) with neither, the
        losses no other demand claims. A loss is never claimed twice. Version 1 keeps its
        meaning: the first money demand without a sum takes every loss.
        """
        ids = {ident: i for i, ident in enumerate(self.loss_ids())}
        listed = [[ids[key] for key in d.losses if key in ids] for d in self.demands]
        claimed = {i for found in listed for i in found}
        open_money = [i for i, d in enumerate(self.demands) if d.type in _MONEY and d.amount is None and not d.losses]
        if self.version == 1 and open_money:  # version 1: the first such demand took every loss
            listed[open_money[0]] = list(range(len(self.losses)))
        elif len(open_money) == 1 and sum(1 for d in self.demands if d.type in _MONEY) == 1:
            listed[open_money[0]] = [i for i in range(len(self.losses)) if i not in claimed]
        return listed


#: Demands that ask for money (their sum comes from ``amount`` or from losses).
_MONEY = (DemandType.REFUND, DemandType.COMPENSATION)


def _numbered(given: list[str | None], prefix: str) -> list[str]:
    """The given handles, and ``prefix``1, ``prefix``2… for the missing ones (skipping taken ones)."""
    taken = {g for g in given if g}
    out: list[str] = []
    n = 0
    for item in given:
        if item:
            out.append(item)
            continue
        n += 1
        while f"{prefix}{n}" in taken:
            n += 1
        out.append(f"{prefix}{n}")
    return out


def link_problems(case: Case) -> list[tuple[tuple[str | int, ...], str]]:
    """What the case's cross-references get wrong, each at its place in the file.

    Staff keys and loss ids are unique; incidents name staff that exist; demands claim
    losses that exist, each loss by one demand at most; version 2 lists an incident's
    staff instead of version 1's ``staff_involved``.
    """
    found: list[tuple[tuple[str | int, ...], str]] = []
    if case.version == 1:
        if not case.staff:
            found.append((("staff",), _("is required but missing")))
        elif len(case.staff) > 1:
            found.append(
                (("staff",), _("a version 1 case file has one staff member; for several, set version: 2 (letters upgrade does it)"))
            )
        elif not case.staff[0].name and not case.staff[0].id:
            found.append((("staff",), _("give the staff member's name or id (at least one)")))
    found += [
        (("staff", i, "key"), _("staff key {key} is used twice").format(key=key)) for i, key in _repeated([s.key for s in case.staff])
    ]
    found += [(("losses", i, "id"), _("loss id {key} is used twice").format(key=key)) for i, key in _repeated([x.id for x in case.losses])]
    found += _incident_links(case)
    ids = case.loss_ids()
    claimed_by: dict[str, int] = {}
    for i, demand in enumerate(case.demands):
        for j, key in enumerate(demand.losses):
            loc: tuple[str | int, ...] = ("demands", i, "losses", j)
            if key not in ids:
                found.append((loc, _unknown(key, ids, _("no loss has the id {key}"))))
            elif key in claimed_by:
                found.append(
                    (
                        loc,
                        _("loss {key} is already claimed by demands[{other}]; a loss is claimed by one demand at most").format(
                            key=key, other=claimed_by[key]
                        ),
                    )
                )
            else:
                claimed_by[key] = i
    return found


def _incident_links(case: Case) -> list[tuple[tuple[str | int, ...], str]]:
    """The staff and the evidence each incident names, each one that does not exist."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    keys, proofs = case.staff_keys(), case.evidence_ids()
    for i, incident in enumerate(case.incidents):
        if case.version >= 2 and incident.staff_involved is not None:
            found.append(
                (
                    ("incidents", i, "staff_involved"),
                    _("is the version 1 way; in version 2 list who was involved: staff: [S1] (or staff: [] for nobody named)"),
                )
            )
        for j, key in enumerate(incident.staff or []):
            if key not in keys:
                found.append((("incidents", i, "staff", j), _unknown(key, keys, _("no staff member has the key {key}"))))
        for j, key in enumerate(incident.evidence or []):
            if key not in proofs:
                found.append((("incidents", i, "evidence", j), _unknown(key, proofs, _("no evidence has the id {key}"))))
    return found


def _repeated(given: list[str | None]) -> list[tuple[int, str]]:
    """Each handle given again after its first use, with its index (its message is translated only then)."""
    seen: set[str] = set()
    found: list[tuple[int, str]] = []
    for i, key in enumerate(given):
        if key is None:
            continue
        if key in seen:
            found.append((i, key))
        seen.add(key)
    return found


def _unknown(key: str, known: list[str], message: str) -> str:
    listed = ", ".join(known) if known else _("none")
    return message.format(key=key) + _(" (known: {keys})").format(keys=listed)

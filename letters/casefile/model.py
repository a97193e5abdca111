"""The case file, format version 1, as pydantic models.

Every model forbids unknown keys (a typo must not silently drop data), money is
``Decimal`` and dates are ``date``. The YAML loader hands us strings for dates and
amounts, so pydantic sees exactly what the user wrote.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator, model_validator

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
from letters.i18n import ASSET_SYMBOLS, normalise_currency
from letters.locale import _
from letters.paths import CASE_ID_PATTERN, WINDOWS_RESERVED

__all__ = [
    "Case",
    "Complainant",
    "Company",
    "Management",
    "Staff",
    "Incident",
    "Problem",
    "Evidence",
    "EvidenceKind",
    "Policy",
    "Loss",
    "Transaction",
    "Amount",
    "Currency",
    "Demand",
    "DemandType",
    "Contact",
    "ContactKind",
    "Authority",
    "Stage",
    "STAGES",
    "STAGE_CONTACT_KIND",
    "OUTGOING_KINDS",
    "MAX_AMOUNT",
    "MAX_TEXT",
    "MIN_DATE",
    "MAX_DATE",
    "check_date_range",
]


#: ``2026/11/3``, ``2026.11.3``, ``2026-11-3`` and ``2026年11月3日`` are read as 2026-11-03.
_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def loose_date(value: object) -> object:
    """The spellings of a date people type, as ISO text; anything else is left to pydantic."""
    if isinstance(value, str) and not _iso_shaped(value) and (match := _LOOSE_DATE.fullmatch(value.strip())):
        return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"
    return value


def _iso_shaped(value: str) -> bool:
    """``2026-11-03``: the common case skips the regular expression (a batch reads many dates)."""
    return len(value) == 10 and value[4] == "-" and value[7] == "-"


Day = Annotated[dt.date, BeforeValidator(loose_date), AfterValidator(check_date_range)]
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


class Staff(_Model):
    name: ShortText | None = None
    id: ShortText | None = None
    role: ShortText | None = None

    @model_validator(mode="after")
    def _named_or_numbered(self) -> Staff:
        if not self.name and not self.id:
            raise ValueError(_("give the staff member's name or id (at least one)"))
        return self


class Incident(_Model):
    date: Day
    channel: ShortText | None = None
    summary: Text
    problems: list[Problem] = Field(default_factory=list)
    staff_involved: bool = True  # the named staff member took part in this incident


class Evidence(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$")] | None = None
    kind: EvidenceKind
    date: Day | None = None
    description: Text
    file: ShortText | None = None
    reference: ShortText | None = None


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
    return value in ASSET_SYMBOLS or bool(re.fullmatch(r"[A-Z]{3}", value) and value in _iso_currencies())


#: A sum of money: a decimal > 0 (quoted in YAML), never a float.
Amount = Annotated[Decimal, AfterValidator(_sane_amount)]
#: An ISO 4217 code or a crypto asset symbol.
Currency = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True), AfterValidator(_known_currency)]


class Loss(_Model):
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

    @model_validator(mode="after")
    def _satisfactory_only_on_replies(self) -> Contact:
        if self.satisfactory is not None and self.kind is not ContactKind.REPLY:
            raise ValueError(_("satisfactory is only for contacts of kind 'reply'"))
        return self


class Authority(_Model):
    name: ShortText | None = None
    address: ShortText | None = None
    website: ShortText | None = None
    email: ShortText | None = None
    phone: ShortText | None = None


class Case(_Model):
    """One complaint, as the user keeps it in one YAML file."""

    version: Literal[1]
    case_id: Annotated[str, StringConstraints(pattern=CASE_ID_PATTERN)]
    language: Literal["zh", "zh-Hant", "en"]  # Simplified, Traditional (Hong Kong usage), English
    jurisdiction: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Z]{2}$")] | None = (
        None  # ISO 3166-1 alpha-2 of where the company is
    )
    complainant: Complainant
    company: Company
    staff: Staff
    incidents: list[Incident] = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)
    policies: list[Policy] = Field(default_factory=list)
    losses: list[Loss] = Field(default_factory=list)
    transactions: list[Transaction] = Field(default_factory=list)
    demands: list[Demand] = Field(min_length=1)
    response_days: int = Field(default=14, ge=1, le=365)
    chase_days: int | None = Field(default=None, ge=1, le=365)  # a follow-up's reply deadline (default: response_days)
    contacts: list[Contact] = Field(default_factory=list)
    authority: Authority | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: object) -> object:
        if isinstance(value, bool):  # `version: true` would otherwise pass as 1
            raise ValueError(_("must be 1 (the only case-file format this version of letters reads)"))
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
        taken = {e.id for e in self.evidence if e.id}
        ids: list[str] = []
        n = 0
        for item in self.evidence:
            if item.id:
                ids.append(item.id)
                continue
            n += 1
            while f"E{n}" in taken:
                n += 1
            ids.append(f"E{n}")
        return ids

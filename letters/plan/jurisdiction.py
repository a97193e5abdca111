"""Jurisdictions: which body a filing goes to, the law a letter may cite, each body's clock.

The facts live in one data file per jurisdiction (``letters/plan/jurisdictions/*.yaml``, each
fact with its source beside it). This module loads them, works out where the company is (the
case's ``jurisdiction``, else its address), picks the body, counts the clocks, and says what
the user should think twice about (:func:`filing_warnings`).

An unknown code: one that is not ISO 3166-1 alpha-2 (``UK``, ``XX``) is an error, so a typo is
not silently filed nowhere; a real code without a profile (``FR``) gets the generic profile,
whose filing leaves the addressee blank, with a warning saying so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from letters.casefile.load import CaseFile
from letters.casefile.model import Case, ContactKind
from letters.i18n import ASSET_SYMBOLS
from letters.locale import _, language, speaking

__all__ = [
    "GENERIC",
    "Body",
    "Clock",
    "Profile",
    "Resolved",
    "Route",
    "Words",
    "case_body",
    "check_jurisdiction",
    "clocks",
    "filing_route",
    "filing_warnings",
    "infer_jurisdiction",
    "involves_virtual_currency",
    "jurisdiction_note",
    "known_codes",
    "profile",
    "profiles",
    "resolve",
    "working_days_after",
]

GENERIC = "generic"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Words(_Data):
    """One text in each letter language: ``zh``, ``zh-Hant`` (Traditional, Hong Kong usage) and ``en``.

    All three are required, so a Traditional letter never prints a Simplified fallback.
    """

    zh: str = Field(min_length=1)
    zh_hant: str = Field(alias="zh-Hant", min_length=1)
    en: str = Field(min_length=1)

    def of(self, lang: str) -> str:
        return {"zh": self.zh, "zh-Hant": self.zh_hant}.get(lang, self.en)

    def all(self) -> tuple[str, ...]:
        return (self.zh, self.zh_hant, self.en)


class Body(_Data):
    """A consumer body: its name, where it is, what it does, whether it has an online form."""

    id: str
    kind: Literal["conciliate", "regulate", "ombudsman", "advise"]
    name: Words
    channel: Words | None = None  # how a complaint reaches it, when that is not the body itself
    address: Words | None = None
    website: str = ""
    email: str = ""
    phone: str = ""
    form: bool = False  # its online form is the profile's ``form``
    note: Words | None = None  # what the user should know about it (what it does not take…)
    aliases: tuple[str, ...] = ()  # words in a case's own `authority` name that mean a body of this kind here

    @property
    def host(self) -> str:
        return self.website.split("//")[-1].split("/")[0].removeprefix("www.")


class Law(_Data):
    """A provision a letter may cite, and the case problems it fits."""

    cite: Words
    says: Words
    problems: tuple[str, ...] = ()
    always: bool = False  # about the filing itself: cited to every body of ``kinds``
    kinds: tuple[str, ...] = ()


class ClockRule(_Data):
    """When the body (or the firm) should answer: ``after`` a logged contact, one span of time."""

    after: Literal["filing", "complaint", "reply"]
    what: Words
    working_days: int | None = Field(default=None, ge=1)
    days: int | None = Field(default=None, ge=1)
    weeks: int | None = Field(default=None, ge=1)
    months: int | None = Field(default=None, ge=1)
    calendar: str | None = None  # the ``holidays`` package's country, for working days
    estimate: Words | None = None  # why the date is only an estimate (counted from an approximate start)

    @model_validator(mode="after")
    def _one_span(self) -> ClockRule:
        spans = [s for s in (self.working_days, self.days, self.weeks, self.months) if s is not None]
        if len(spans) != 1:
            raise ValueError(_("give exactly one of working_days, days, weeks, months"))
        if self.working_days is not None and not self.calendar:
            raise ValueError(_("working_days needs a calendar"))
        return self


#: What a form field is filled with (letters/viewmodel/authority.py writes each one).
FormValue = Literal[
    "complainant",
    "complainant_name",
    "complainant_phone",
    "complainant_address",
    "complainant_contact",
    "respondent",
    "respondent_address",
    "trader",
    "product",
    "product_company",
    "purchase_time",
    "order_number",
    "transaction",
    "facts",
    "request",
    "evidence",
    "consent",
]


class FormField(_Data):
    field: FormValue
    label: Words


class Wait(_Data):
    """The body takes a complaint only ``weeks`` after a contact, unless one of ``unless`` came since."""

    after: Literal["complaint"]
    weeks: int = Field(ge=1)
    unless: tuple[Literal["reply"], ...] = ()
    warn: Words  # ``{date}`` is the first day the body can take the complaint


class Referral(_Data):
    """Consumers living in ``from`` can complain to their home body, which refers the case here."""

    from_: tuple[str, ...] = Field(alias="from")
    note: Words


class Profile(_Data):
    """Everything ``letters`` knows about one jurisdiction; the filing goes to ``bodies[0]``."""

    code: str
    name: Words
    address_markers: tuple[str, ...]
    bodies: tuple[Body, ...]
    law: tuple[Law, ...]
    clocks: tuple[ClockRule, ...]
    form: tuple[FormField, ...]
    warnings: dict[Literal["virtual_currency"], Words]
    referral: Referral | None = None
    waits: tuple[Wait, ...] = ()
    other_places: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if value != GENERIC and not (len(value) == 2 and value.isalpha() and value.isupper()):
            raise ValueError(_("must be an ISO 3166-1 alpha-2 code or 'generic'"))
        return value

    @model_validator(mode="after")
    def _form_when_a_body_has_one(self) -> Profile:
        if any(b.form for b in self.bodies) and not self.form:
            raise ValueError(_("a body has form: true but the profile has no form fields"))
        return self

    @property
    def filing_body(self) -> Body | None:
        return self.bodies[0] if self.bodies else None


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def profiles() -> dict[str, Profile]:
    """Every shipped profile by code (``generic`` included), read once per process."""
    found: dict[str, Profile] = {}
    folder = resources.files("letters.plan").joinpath("jurisdictions")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            prof = Profile.model_validate(yaml.load(entry.read_text(encoding="utf-8"), Loader=_Loader))
            found[prof.code] = prof
    return found


def profile(code: str | None) -> Profile:
    """The profile for ``code``; the generic one for ``None`` or a code without a profile."""
    table = profiles()
    return table.get(code or GENERIC) or table[GENERIC]


def known_codes() -> list[str]:
    return sorted(code for code in profiles() if code != GENERIC)


# --- where the company is ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes: Babel's territories less CLDR's groupings and private codes."""
    from babel import Locale

    groupings = {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}
    codes = {code for code in Locale("en").territories if isinstance(code, str) and len(code) == 2 and code.isalpha()}
    return frozenset(codes - groupings)


_DID_YOU_MEAN = {"UK": "GB", "EN": "GB"}


def check_jurisdiction(case_file: CaseFile) -> None:
    """Refuse a ``jurisdiction`` that is not an ISO 3166-1 alpha-2 code (``UK``, ``XX``)."""
    code = case_file.case.jurisdiction
    if code is None or code in _iso_codes():
        return
    hint = _("did you mean {code}? ").format(code=_DID_YOU_MEAN[code]) if code in _DID_YOU_MEAN else ""
    message = _(
        "unknown code {code!r} ({hint}known: {known}; "
        "other ISO 3166-1 codes get the generic profile, whose filing leaves the consumer body blank)"
    ).format(code=code, hint=hint, known=", ".join(known_codes()))
    raise case_file.problem(("jurisdiction",), message)


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(code, one pattern of its address markers) in the order they are tried: the mainland last.

    Latin markers match whole words (``U.S.`` not inside ``Russia``); Han ones anywhere.
    """
    table = profiles()
    places = list(table[GENERIC].other_places.items())
    places += [(code, prof.address_markers) for code, prof in table.items() if code not in (GENERIC, "CN")]
    if "CN" in table:
        places.append(("CN", table["CN"].address_markers))
    return tuple((code, re.compile("|".join(_marker_pattern(m) for m in markers), re.IGNORECASE)) for code, markers in places if markers)


def _marker_pattern(marker: str) -> str:
    if not marker.isascii():
        return re.escape(marker)
    tail = r"(?!\w)" if marker[-1].isalnum() else ""
    return rf"(?<!\w){re.escape(marker)}{tail}"


@lru_cache(maxsize=4096)
def infer_jurisdiction(address: str | None) -> str | None:
    """The code an address clearly points to, or ``None`` when it is absent or says nothing we know."""
    if not address:
        return None
    return next((code for code, pattern in _places() if pattern.search(address)), None)


@dataclass(frozen=True)
class Resolved:
    """Where the company is and which body the filing goes to.

    ``code`` is the company's jurisdiction (the case's own, or inferred from its address:
    ``inferred``), ``None`` when neither says; ``body`` is the profile's filing body, ``None``
    when no body is known there.
    """

    code: str | None
    inferred: bool
    profile: Profile
    body: Body | None


def resolve(case: Case) -> Resolved:
    code = case.jurisdiction
    inferred = False
    if code is None:
        code = infer_jurisdiction(case.company.address)
        inferred = code is not None
    prof = profile(code)
    return Resolved(code=code, inferred=inferred, profile=prof, body=prof.filing_body)


@dataclass(frozen=True)
class Route:
    """Where the filing goes, decided in one place for the letter, the warnings and the clocks.

    The case's own ``authority`` (when it names a body) wins: ``body`` is that body when it is
    one we know, with ``code`` its jurisdiction, and ``None`` (no form, no clocks) when it is
    not. Otherwise the filing body of the company's jurisdiction (``resolved``).
    """

    resolved: Resolved
    named: bool
    code: str | None
    body: Body | None

    @property
    def profile(self) -> Profile:
        """The profile whose form and clocks the filing follows."""
        return profile(self.code)


def filing_route(case: Case) -> Route:
    found = resolve(case)
    if case.authority and case.authority.name:
        own_code, own_body = case_body(case)
        return Route(found, True, own_code, own_body)
    return Route(found, False, found.code, found.body)


def case_body(case: Case) -> tuple[str | None, Body | None]:
    """The jurisdiction and body the case's own ``authority`` names, when it is one we know.

    A body's own name, channel or website host first (香港消费者委员会 is Hong Kong's), then
    its aliases (北京市消费者协会 is a mainland 消费者协会).
    """
    own = case.authority
    if own is None or not (own.name or own.website):
        return None, None
    wanted = " ".join(t for t in (own.name, own.website) if t).casefold()
    bodies = [(code, body) for code, prof in profiles().items() for body in prof.bodies]
    for code, body in bodies:
        names = body.name.all() + (body.channel.all() if body.channel else ())
        if any(n.casefold() in wanted for n in names) or (body.host and body.host in wanted):
            return code, body
    for code, body in bodies:
        if any(alias.casefold() in wanted for alias in body.aliases):
            return code, body
    return None, None


def jurisdiction_note(case: Case) -> str:
    """What ``validate`` says about the jurisdiction: the inferred one, or that none is known."""
    found = resolve(case)
    if found.inferred:
        return _("jurisdiction {code}, inferred from company.address").format(code=found.code)
    if found.code is None:
        return _("jurisdiction unknown: no `jurisdiction:` and company.address does not say")
    return _("jurisdiction {code}").format(code=found.code)


# --- warnings ----------------------------------------------------------------------------------


def involves_virtual_currency(case: Case) -> bool:
    """A loss, transaction or demand in a crypto asset."""
    currencies = [loss.currency for loss in case.losses] + [t.currency for t in case.transactions]
    currencies += [d.currency for d in case.demands if d.currency]
    return any(c in ASSET_SYMBOLS for c in currencies)


def _place(code: str, lang: str) -> str:
    return profiles()[code].name.of(lang) if code in profiles() and code != GENERIC else code


def filing_warnings(case: Case, lang: str | None = None, on: dt.date | None = None) -> list[str]:
    """What the user should think twice about before filing (on ``on``), in ``lang`` (default:
    the user's language, as every message; never the letter's).

    The company outside the body's territory, a virtual-currency dispute where the rules make
    a refusal likely, no body known (the letter then leaves the addressee blank), and a filing
    before the body can take it (the UK ombudsman: 8 weeks after the complaint, or a final response).
    """
    lang = lang or language()
    with speaking(lang):
        return _filing_warnings(case, lang, on)


def _filing_warnings(case: Case, lang: str, on: dt.date | None) -> list[str]:
    route = filing_route(case)
    found, named, body, body_code = route.resolved, route.named, route.body, route.code
    warnings: list[str] = []

    address_code = infer_jurisdiction(case.company.address)
    company_code = address_code or found.code  # the address is the better witness of where the company is
    if body is not None and body_code and company_code and company_code != body_code:
        name, place = body.name.of(lang), _place(company_code, lang)
        warnings.append(
            _(
                "the company's address is in {place}, outside the remit of {body}: file with a body where the company is, or check `jurisdiction`"
            ).format(place=place, body=name)
        )

    rules = profiles().get(body_code or found.code or GENERIC)
    text = rules.warnings.get("virtual_currency") if rules else None
    if text and involves_virtual_currency(case):
        warnings.append(text.of(lang))

    if rules is not None and on is not None and body is not None:
        warnings += [w for w in (_too_early(case, wait, on, lang) for wait in rules.waits) if w]

    if not named and found.body is None:
        where = _place(found.code, lang) if found.code else ""
        if where:
            message = _(
                "no consumer body is known in {place}: the filing leaves the addressee blank to fill in, "
                "or name one under `authority:` (name, address, website) in the case file"
            ).format(place=where)
        else:
            message = _(
                "no consumer body is known (no `jurisdiction:`, and the company address does not say): the filing leaves "
                "the addressee blank to fill in, or name one under `authority:` (name, address, website) in the case file"
            )
        warnings.append(message)
    return warnings


def _too_early(case: Case, wait: Wait, on: dt.date, lang: str) -> str:
    contacts = sorted(case.contacts, key=lambda c: c.date)
    starts = [c.date for c in contacts if c.kind is _AFTER[wait.after]]
    if not starts:
        return ""
    opens = starts[0] + dt.timedelta(weeks=wait.weeks)
    answered = any(c.kind is _AFTER[u] and c.date >= starts[0] for c in contacts for u in wait.unless)
    return "" if answered or on >= opens else wait.warn.of(lang).replace("{date}", opens.isoformat())


# --- clocks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """One deadline the body (or the firm) should meet, counted from a logged contact."""

    what: str
    after: str
    start: dt.date
    due: dt.date
    estimate: str = ""  # why the date is only an estimate; "" when it is not one


_AFTER = {"filing": ContactKind.FILING, "complaint": ContactKind.COMPLAINT, "reply": ContactKind.REPLY}


def clocks(case: Case, lang: str | None = None) -> list[Clock]:
    """The deadlines of the body the case goes to, counted from the contacts logged so far,
    described in ``lang`` (default: the user's language: ``status`` prints them).

    ``filing`` and ``reply`` clocks run from the latest such contact, ``complaint`` clocks from
    the first complaint; a ``reply`` clock needs a complaint before the reply.
    """
    lang = lang or language()
    prof = filing_route(case).profile
    contacts = sorted(case.contacts, key=lambda c: c.date)
    complaints = [c.date for c in contacts if c.kind is ContactKind.COMPLAINT]
    result = []
    for rule in prof.clocks:
        starts = [c.date for c in contacts if c.kind is _AFTER[rule.after]]
        if rule.after == "reply":
            starts = [d for d in starts if complaints and d >= complaints[0]]
        if not starts:
            continue
        start = starts[0] if rule.after == "complaint" else starts[-1]
        due, unpublished = _add(rule, start)
        if unpublished:
            years = ", ".join(str(y) for y in unpublished)
            with speaking(lang):
                estimate = _("no published holiday notice for {years} yet: counted with the usual holidays").format(years=years)
        else:
            estimate = rule.estimate.of(lang) if rule.estimate else ""
        result.append(Clock(what=rule.what.of(lang), after=rule.after, start=start, due=due, estimate=estimate))
    return result


def _add(rule: ClockRule, start: dt.date) -> tuple[dt.date, list[int]]:
    """The due date, and the years whose holiday notice a working-day count lacked."""
    if rule.working_days is not None:
        return working_days_after(rule.calendar or "", start, rule.working_days)
    if rule.days is not None:
        return start + dt.timedelta(days=rule.days), []
    if rule.weeks is not None:
        return start + dt.timedelta(weeks=rule.weeks), []
    from dateutil.relativedelta import relativedelta

    return start + relativedelta(months=rule.months or 0), []


def working_days_after(country: str, start: dt.date, n: int) -> tuple[dt.date, list[int]]:
    """The ``n``-th working day after ``start`` (which is not counted), and the years it is guessed for.

    Working days skip weekends and public holidays and include the make-up working days a
    government sets (China's 调休), as the ``holidays`` package has them. The second value
    lists the years in the span whose holiday notice that package does not have (then the
    date is an estimate); it is empty when every year's notice is known.
    """
    due: dt.date = _calendar(country).get_nth_working_day(start, n)
    published = _published_years(country)
    return due, [year for year in range(start.year, due.year + 1) if year not in published]


@lru_cache(maxsize=8)
def _calendar(country: str) -> Any:
    import holidays

    return holidays.country_holidays(country)


@lru_cache(maxsize=8)
def _published_years(country: str) -> frozenset[int]:
    """Years whose own government notice the calendar has (its one-off days off and make-up days).

    ``holidays`` keeps those per year in ``special_public_holidays`` tables (for China, in
    ``ChinaStaticHolidays``); a year without an entry is computed from the fixed rules only.
    """
    import importlib

    module = importlib.import_module(type(_calendar(country)).__module__)
    years: set[int] = set()
    for value in vars(module).values():
        table = getattr(value, "special_public_holidays", None) if isinstance(value, type) else None
        if isinstance(table, dict):
            years.update(y for y in table if isinstance(y, int))
    return frozenset(years)

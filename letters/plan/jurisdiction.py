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
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from letters import cache, rx
from letters.cache import per_file_version
from letters.casefile.load import CaseFile
from letters.casefile.model import SECTORS, Case, ContactKind
from letters.casefile.pydantic_text import error_message
from letters.errors import Problem, ProfileError, field_path
from letters.locale import _, language, speaking
from letters.phrasebook import ASSET_SYMBOLS
from letters.plan.contacts import final_response

__all__ = [
    "GENERIC",
    "PROFILES_ENV",
    "BarDate",
    "Body",
    "Clock",
    "Gate",
    "Profile",
    "Resolved",
    "Route",
    "Words",
    "case_body",
    "check_jurisdiction",
    "check_profiles",
    "clocks",
    "filing_gate",
    "filing_route",
    "filing_warnings",
    "infer_jurisdiction",
    "involves_virtual_currency",
    "jurisdiction_note",
    "known_codes",
    "profile",
    "profiles",
    "resolve",
    "shipped_profiles",
    "working_days_after",
]

GENERIC = "generic"


class _Data(BaseModel):
    # Built on first validation: the shipped profiles usually come from the on-disk cache.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


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


class Span(_Data):
    """One span of time: exactly one of ``working_days`` (counted on ``calendar``), ``days``,
    ``weeks``, ``months``, ``years``."""

    working_days: int | None = Field(default=None, ge=1)
    days: int | None = Field(default=None, ge=1)
    weeks: int | None = Field(default=None, ge=1)
    months: int | None = Field(default=None, ge=1)
    years: int | None = Field(default=None, ge=1)
    calendar: str | None = None  # the ``holidays`` package's country, for working days

    @model_validator(mode="after")
    def _one_span(self) -> Span:
        spans = [s for s in (self.working_days, self.days, self.weeks, self.months, self.years) if s is not None]
        if len(spans) != 1:
            raise ValueError(_("give exactly one of working_days, days, weeks, months, years"))
        if self.working_days is not None and not self.calendar:
            raise ValueError(_("working_days needs a calendar"))
        return self

    def add(self, start: dt.date) -> tuple[dt.date, list[int]]:
        """The day the span ends after ``start`` (not counted), and the years whose holiday notice a working-day count lacked."""
        if self.working_days is not None:
            return working_days_after(self.calendar or "", start, self.working_days)
        if self.days is not None:
            return start + dt.timedelta(days=self.days), []
        if self.weeks is not None:
            return start + dt.timedelta(weeks=self.weeks), []
        from dateutil.relativedelta import relativedelta

        return start + relativedelta(months=self.months or 0, years=self.years or 0), []

    def words(self, lang: str) -> str:
        """``8 weeks`` / ``8周`` / ``8個星期``, in ``lang``."""
        unit = next(u for u in _UNITS if getattr(self, u) is not None)
        return str(_UNIT_WORDS[unit][lang if lang in ("zh", "zh-Hant") else "en"](int(getattr(self, unit))))


_UNITS = ("working_days", "days", "weeks", "months", "years")
_UNIT_WORDS: dict[str, dict[str, Any]] = {
    "working_days": {"zh": "{}个工作日".format, "zh-Hant": "{}個工作天".format, "en": lambda n: f"{n} working day" + "s" * (n != 1)},
    "days": {"zh": "{}天".format, "zh-Hant": "{}天".format, "en": lambda n: f"{n} day" + "s" * (n != 1)},
    "weeks": {"zh": "{}周".format, "zh-Hant": "{}個星期".format, "en": lambda n: f"{n} week" + "s" * (n != 1)},
    "months": {"zh": "{}个月".format, "zh-Hant": "{}個月".format, "en": lambda n: f"{n} month" + "s" * (n != 1)},
    "years": {"zh": "{}年".format, "zh-Hant": "{}年".format, "en": lambda n: f"{n} year" + "s" * (n != 1)},
}


class ClockRule(Span):
    """When the body (or the firm) should answer: ``after`` a logged contact, one span of time."""

    after: Literal["filing", "complaint", "reply"]
    what: Words
    estimate: Words | None = None  # why the date is only an estimate (counted from an approximate start)
    source: str = Field(min_length=1)  # where the fact is published


class WaitChange(Span):
    """From ``from`` on, the waiting period is this span (a rule that changed on a known day)."""

    from_: dt.date = Field(alias="from")


class Wait(Span):
    """The body takes a complaint only this span after the first complaint to the firm, or at once
    after the firm's final response (deadlock letter)."""

    after: Literal["complaint"] = "complaint"
    sectors: dict[str, Span] = Field(default_factory=dict)  # a sector whose firms have another span
    changes: tuple[WaitChange, ...] = ()
    source: str = Field(min_length=1)

    def opens(self, complaint: dt.date, sector: str | None) -> tuple[Span, dt.date, list[int]]:
        """The span that applies to a complaint made on ``complaint``, the day the gate opens, and
        the years a working-day count lacked a holiday notice for.

        A change applies from its day to every complaint still waiting: a complaint whose new
        span ends on or after the change waits the new span; an older one, the old span or
        until the change, whichever comes first.
        """
        span: Span = self.sectors.get(sector or "", self)
        end, years = span.add(complaint)
        for change in sorted(self.changes, key=lambda c: c.from_):
            new_end, new_years = change.add(complaint)
            if new_end >= change.from_:
                span, end, years = change, new_end, new_years
            elif change.from_ < end:
                span, end, years = change, change.from_, []
        return span, end, years


class Bar(Span):
    """A time bar: the body may refuse a complaint made more than this span ``after`` a day."""

    after: Literal["final", "event", "complaint"]  # the final response, the first incident, the first complaint
    what: Words  # the limit in a few words: "6 months from the final response"
    unless: Words | None = None  # what can still let the body take it (said in the warning)
    without_final: bool = False  # only when no final response is logged
    source: str = Field(min_length=1)


class GateRule(_Data):
    """When a filing becomes possible (``wait``) and until when (``bars``)."""

    wait: Wait | None = None
    bars: tuple[Bar, ...] = ()


#: What a form field is filled with (letters/viewmodel/authority.py writes each one).
FormValue = Literal[
    "complainant",
    "complainant_name",
    "complainant_phone",
    "complainant_address",
    "complainant_email",
    "complainant_contact",
    "respondent",
    "respondent_address",
    "respondent_location",
    "trader",
    "product",
    "product_company",
    "purchase_time",
    "order_number",
    "amount",
    "problem_category",
    "request_type",
    "transaction",
    "complaint_date",
    "final_response",
    "facts",
    "request",
    "evidence",
    "consent",
]


class FormField(_Data):
    field: FormValue
    label: Words


#: Facts a provision can fit besides the incidents' problems (letters/viewmodel/authority.py tells them).
Fact = Literal[
    "seven_day_return", "card_billing_error", "unauthorised_transfer", "cancelled_flight", "promise_broken", "claim_refused", "back_billing"
]


class Law(_Data):
    """A provision a letter may cite, and the case facts it fits."""

    cite: Words
    says: Words
    problems: tuple[str, ...] = ()
    fits: tuple[Fact, ...] = ()  # facts of the case (a 7-day return refused, a card billing error…)
    always: bool = False  # about the filing itself: cited to every body of ``kinds``
    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()  # cited only for a company of one of these sectors (empty: any)

    @field_validator("sectors")
    @classmethod
    def _sectors(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for key in value:  # a misspelt sector would leave the provision silently uncited
            if key not in SECTORS:
                raise ValueError(_("unknown sector {key!r}; choose from {known}").format(key=key, known=", ".join(SECTORS)))
        return value

    source: str = ""


class Below(_Data):
    """A body that takes disputes of at least ``amount`` ``currency`` only: a case whose losses in
    that currency come to less (or that has none) files with the body ``to`` instead."""

    amount: Decimal
    currency: str
    to: str
    source: str = ""


class Body(_Data):
    """A consumer body: its name, where it is, what it does, its gate, clocks and online form."""

    id: str
    kind: Literal["conciliate", "regulate", "ombudsman", "advise"]
    name: Words
    channel: Words | None = None  # how a complaint reaches it, when that is not the body itself
    address: Words | None = None
    website: str = ""
    email: str = ""
    phone: str = ""
    note: Words | None = None  # what the user should know about it (what it does not take…)
    # one office per province or region: until the case names its own under `authority.name`,
    # a filing warning says so in these words (the letter's addressee is otherwise generic)
    ask_name: Words | None = None
    aliases: tuple[str, ...] = ()  # words in a case's own `authority` name that mean a body of this kind here
    financial: bool = False  # takes complaints about financial firms only: never for a non-financial sector
    below: Below | None = None  # a smaller dispute goes to another body
    # what a filing with it is called, when not a 消费投诉书 (调解申请书 to a mediation centre) …
    title: Words | None = None
    # … and what a complaint to it is called, when not 投诉 (申诉 to the telecoms appeal centres) …
    word: Words | None = None
    # … and the party complained of, when not 被<word>方 (被申請方 in an application for mediation)
    respondent: Words | None = None
    gate: GateRule = GateRule.model_construct()  # its defaults, without building its validator at import
    clocks: tuple[ClockRule, ...] = ()
    form: tuple[FormField, ...] = ()  # its online form, in its order (empty: none known)
    sources: tuple[str, ...] = ()  # where the facts about it are published

    @property
    def host(self) -> str:
        return self.website.split("//")[-1].split("/")[0].removeprefix("www.")


class Referral(_Data):
    """Consumers living in ``from`` can complain to their home body, which refers the case here."""

    from_: tuple[str, ...] = Field(alias="from")
    note: Words


#: Keys of a profile's ``routes`` besides the sectors: ``default`` for a sector not listed,
#: ``none`` for a case without ``company.sector``.
ROUTE_KEYS = (*SECTORS, "default", "none")
FINANCIAL_SECTORS = frozenset({"financial", "payments", "insurance", "investment"})


class Profile(_Data):
    """Everything ``letters`` knows about one jurisdiction; ``routes`` pick the body by ``company.sector``."""

    code: str
    name: Words
    address_markers: tuple[str, ...]
    bodies: tuple[Body, ...]
    routes: dict[str, str] = Field(default_factory=dict)
    law: tuple[Law, ...]
    warnings: dict[Literal["virtual_currency"], Words]
    referral: Referral | None = None
    other_places: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if value != GENERIC and not (len(value) == 2 and value.isalpha() and value.isupper()):
            raise ValueError(_("must be an ISO 3166-1 alpha-2 code or 'generic'"))
        return value

    @model_validator(mode="after")
    def _routes_name_bodies(self) -> Profile:
        ids = {b.id for b in self.bodies}
        for key, target in self.routes.items():
            if key not in ROUTE_KEYS:
                raise ValueError(_("routes: unknown sector {key!r}; choose from {known}").format(key=key, known=", ".join(ROUTE_KEYS)))
            if target not in ids:
                raise ValueError(_("routes: {key}: no body has id {id!r}").format(key=key, id=target))
            body = self.body(target)
            if body is not None and body.financial and key not in FINANCIAL_SECTORS and key not in ("crypto", "none"):
                raise ValueError(_("routes: {key}: {id} takes financial firms only").format(key=key, id=target))
        for body in self.bodies:
            if body.below is not None and body.below.to not in ids:
                raise ValueError(_("bodies: {id}: below: no body has id {to!r}").format(id=body.id, to=body.below.to))
        return self

    def body(self, body_id: str | None) -> Body | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def body_for(self, sector: str | None) -> Body | None:
        """The body a filing goes to for a company in ``sector`` (``None``: the case gives none)."""
        if not self.routes:
            return self.bodies[0] if self.bodies else None
        key = "none" if sector is None else sector
        return self.body(self.routes.get(key) if key in self.routes else self.routes.get("default") if sector else None)

    def candidates(self) -> list[tuple[Body, list[str]]]:
        """Every routed body with the sectors it is for, in the order of ``bodies``."""
        found = []
        for body in self.bodies:
            sectors = [k for k, v in self.routes.items() if v == body.id and k in SECTORS]
            if sectors or self.routes.get("default") == body.id:
                found.append((body, sectors))
        return found

    @property
    def filing_body(self) -> Body | None:
        return self.body_for(None)


#: Folders (``os.pathsep``-separated) of the user's own profiles: a file with a new code adds a
#: jurisdiction, one with a shipped code replaces that profile whole.
PROFILES_ENV = "LETTERS_JURISDICTIONS"


def profiles() -> dict[str, Profile]:
    """Every profile by code (``generic`` included): the shipped ones, then the user's
    (:data:`PROFILES_ENV`), each user file read once per version of it."""
    user_dirs = os.environ.get(PROFILES_ENV, "")
    if not user_dirs:
        return shipped_profiles()
    found = dict(shipped_profiles())
    for user_dir in filter(None, user_dirs.split(os.pathsep)):
        problems, loaded = check_profiles(user_dir)
        if problems:
            raise ProfileError(problems)
        found.update((p.code, p) for p in loaded)
    return found


@lru_cache(maxsize=1)
def shipped_profiles() -> dict[str, Profile]:
    """The profiles ``letters`` ships, whatever the user's own (docs/jurisdictions.md lists them).

    Parsing and validating them costs a one-letter process more than reading them back from
    the on-disk cache, keyed by every file's name and bytes, our code, pydantic's version (the
    pickled profiles are pydantic objects) and PyYAML's installed files (it reads the files;
    a process that finds them in the cache does not import it).
    """
    folder = resources.files("letters.plan").joinpath("jurisdictions")
    texts = [(e.name, e.read_bytes()) for e in sorted(folder.iterdir(), key=lambda e: e.name) if e.name.endswith(".yaml")]
    where = cache.entry("jurisdictions", repr(texts).encode(), pydantic.VERSION, cache.module_version("yaml"))
    found = cache.load(where)
    if not isinstance(found, dict):
        found = _parse_profiles(texts)
        cache.save(where, found)
    return found


def _yaml_loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_profiles(texts: list[tuple[str, bytes]]) -> dict[str, Profile]:
    import yaml

    found: dict[str, Profile] = {}
    for _name, raw in texts:
        prof = Profile.model_validate(yaml.load(raw.decode("utf-8"), Loader=_yaml_loader()))
        found[prof.code] = prof
    return found


def check_profiles(folder: str | Path) -> tuple[list[Problem], list[Profile]]:
    """Every ``*.yaml`` profile in ``folder`` checked: the problems (``path:line: field: message``)
    and the profiles that are sound."""
    problems: list[Problem] = []
    loaded: list[Profile] = []
    root = Path(folder)
    if not root.is_dir():
        return [Problem(str(root), None, "", _("is not a folder of jurisdiction profiles"))], []
    for path in sorted(root.glob("*.yaml")):
        found, prof = _check_profile(path)  # per version of the file
        problems += found
        if prof is not None:
            loaded.append(prof)
    return problems, loaded


@per_file_version(64)
def _check_profile(name: str) -> tuple[list[Problem], Profile | None]:
    import yaml

    path = Path(name)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=_yaml_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return [Problem(str(path), mark.line + 1 if mark else None, "", str(exc).splitlines()[0])], None
    try:
        return [], Profile.model_validate(data)
    except ValidationError as exc:
        return [
            Problem(str(path), _node_line(node, tuple(e["loc"])), field_path(tuple(e["loc"])), error_message(e)) for e in exc.errors()
        ], None


def _node_line(node: Any, loc: tuple[Any, ...]) -> int | None:
    """The line of the YAML node at ``loc`` (or of the nearest node above it)."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


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


@lru_cache(maxsize=4)
def _places(user_dirs: str = "") -> tuple[tuple[str, re.Pattern[str]], ...]:  # noqa: ARG001 (the cache key: the user's profile folders)
    """(code, one pattern of its address markers) in the order they are tried: the mainland last.

    Latin markers match whole words (``U.S.`` not inside ``Russia``); Han ones anywhere.
    """
    table = profiles()
    places = list(table[GENERIC].other_places.items())
    places += [(code, prof.address_markers) for code, prof in table.items() if code not in (GENERIC, "CN")]
    if "CN" in table:
        places.append(("CN", table["CN"].address_markers))
    return tuple((code, rx.compile("|".join(_marker_pattern(m) for m in markers), re.IGNORECASE)) for code, markers in places if markers)


def _marker_pattern(marker: str) -> str:
    if not marker.isascii():
        return re.escape(marker)
    tail = r"(?!\w)" if marker[-1].isalnum() else ""
    return rf"(?<!\w){re.escape(marker)}{tail}"


def infer_jurisdiction(address: str | None) -> str | None:
    """The code an address clearly points to, or ``None`` when it is absent or says nothing we know."""
    return _infer(address, os.environ.get(PROFILES_ENV, "")) if address else None


@lru_cache(maxsize=4096)
def _infer(address: str, user_dirs: str) -> str | None:
    return next((code for code, pattern in _places(user_dirs) if pattern.search(address)), None)


@dataclass(frozen=True)
class Resolved:
    """Where the company is and which body the filing goes to.

    ``code`` is the company's jurisdiction (the case's own, or inferred from its address:
    ``inferred``), ``None`` when neither says; ``body`` is the body the profile routes the
    company's ``sector`` to, ``None`` when no body is known there.
    """

    code: str | None
    inferred: bool
    profile: Profile
    body: Body | None
    #: The body the sector routes to when the case went to ``body`` for being under its minimum (``below``).
    passed_over: Body | None = None


def resolve(case: Case) -> Resolved:
    code = case.jurisdiction
    inferred = False
    if code is None:
        code = infer_jurisdiction(case.company.address)
        inferred = code is not None
    prof = profile(code)
    body = prof.body_for(case.company.sector)
    if body is not None and body.below is not None and disputed(case, body.below.currency) < body.below.amount:
        return Resolved(code=code, inferred=inferred, profile=prof, body=prof.body(body.below.to), passed_over=body)
    return Resolved(code=code, inferred=inferred, profile=prof, body=body)


def disputed(case: Case, currency: str) -> Decimal:
    """What the case's losses in ``currency`` come to (the sum a body's minimum is held to)."""
    return sum((loss.amount for loss in case.losses if loss.currency == currency), Decimal(0))


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

    if not named and found.code and case.company.sector is None and len(found.profile.candidates()) > 1:
        warnings.append(_no_sector(found.profile, body, lang))

    if body is not None and on is not None:
        warnings += _gate_warnings(case, body, on, lang)

    if not named and body is not None and body.ask_name is not None:
        warnings.append(body.ask_name.of(lang))

    passed_over = found.passed_over if not named else None
    if passed_over is not None and passed_over.below is not None and body is not None:
        warnings.append(
            _(
                "{routed} takes disputes of at least {minimum} only and the losses in this case come to {amount}: the filing goes "
                "to {body}; to file with the scheme all the same, name it under authority.name"
            ).format(
                routed=passed_over.name.of(lang),
                minimum=f"{passed_over.below.currency} {passed_over.below.amount}",
                amount=f"{passed_over.below.currency} {disputed(case, passed_over.below.currency)}",
                body=body.name.of(lang),
            )
        )

    if not named and found.body is None:
        where = _place(found.code, lang) if found.code else ""
        sector = case.company.sector
        if where and sector and found.profile.bodies:
            message = _(
                "no consumer body is known in {place} for the {sector} sector: the filing leaves the addressee blank to fill in, "
                "or name one under `authority:` (name, address, website) in the case file"
            ).format(place=where, sector=sector)
        elif where:
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


def _no_sector(prof: Profile, body: Body | None, lang: str) -> str:
    """No ``company.sector``: which bodies there are, by sector, so the user can choose."""
    listed = "; ".join(
        "{body} ({sectors})".format(
            body=b.name.of(lang), sectors=", ".join(sectors + ([_("any other sector")] if prof.routes.get("default") == b.id else []))
        )
        for b, sectors in prof.candidates()
    )
    chosen = body.name.of(lang) if body is not None else _("nobody (the addressee is left blank)")
    return _(
        "no `company.sector`: the body that can act depends on what the company does; in {place} it is one of: {listed}. "
        "The filing goes to {body} until you set `company.sector`"
    ).format(place=prof.name.of(lang), listed=listed, body=chosen)


# --- the gate: when a filing becomes possible, and until when ---------------------------------


@dataclass(frozen=True)
class BarDate:
    """One time bar: the last day the body takes the complaint, counted from ``start`` (the
    day named by ``after``: ``final``, ``event`` or ``complaint``) by ``span``."""

    what: str
    after: str
    start: dt.date
    last: dt.date
    unless: str
    span: Span


@dataclass(frozen=True)
class Gate:
    """When the body can take the filing, decided once for ``status``, ``validate``,
    ``generate``, ``batch --due`` and the letter.

    ``opens``: the first day it can (``None``: it sets no waiting period, or no complaint is
    logged yet to count one from); ``by``: ``final`` (the firm's final response), ``wait`` (its
    waiting period after the complaint of ``start``), ``none`` (no waiting period) or
    ``pending`` (a waiting period, but no complaint logged). ``final`` is the final response's
    date; ``span`` the waiting period in the body's own unit; ``bars`` the time bars known.
    """

    body: Body | None
    opens: dt.date | None
    by: Literal["final", "wait", "none", "pending"]
    start: dt.date | None = None
    final: dt.date | None = None
    span: Span | None = None
    bars: tuple[BarDate, ...] = ()
    estimate: str = ""

    def open_on(self, on: dt.date) -> bool:
        return self.opens is None or on >= self.opens


def filing_gate(case: Case, lang: str | None = None) -> Gate:
    """The gate of the body the filing goes to, from the contacts logged (texts in ``lang``,
    default the user's language)."""
    lang = lang or language()
    body = filing_route(case).body
    contacts = sorted(case.contacts, key=lambda c: c.date)
    final_contact = final_response(contacts)
    final = final_contact.date if final_contact else None
    complaint = next((c.date for c in contacts if c.kind is ContactKind.COMPLAINT), None)
    bars = tuple(_bars(case, body, final, complaint, lang)) if body is not None else ()
    wait = body.gate.wait if body is not None else None
    if wait is None:
        return Gate(body, final, "final" if final else "none", final=final, bars=bars)
    if complaint is None:
        return Gate(body, final, "final" if final else "pending", final=final, bars=bars)
    span, waited, unpublished = wait.opens(complaint, case.company.sector)
    with speaking(lang):
        estimate = (
            _("no published holiday notice for {years} yet: counted with the usual holidays").format(years=", ".join(map(str, unpublished)))
            if unpublished
            else ""
        )
    if final is not None and final <= waited:
        return Gate(body, final, "final", complaint, final, span, bars)
    return Gate(body, waited, "wait", complaint, final, span, bars, estimate)


def _bars(case: Case, body: Body, final: dt.date | None, complaint: dt.date | None, lang: str) -> list[BarDate]:
    event = min((i.date for i in case.incidents), default=None)
    starts = {"final": final, "event": event, "complaint": complaint}
    found = []
    for bar in body.gate.bars:
        start = starts[bar.after]
        if start is not None and not (bar.without_final and final is not None):
            last, _years = bar.add(start)
            found.append(BarDate(bar.what.of(lang), bar.after, start, last, bar.unless.of(lang) if bar.unless else "", bar))
    return found


def body_name(case: Case, body: Body, lang: str) -> str:
    """The filing body as the user knows it: the name the case gives under `authority` (the route
    follows that name, so ``body`` is the one it names: 广东省电信用户申诉受理中心, AviationADR),
    else the profile's."""
    own = case.authority.name if case.authority is not None else None
    return own or body.name.of(lang)


def _gate_warnings(case: Case, body: Body, on: dt.date, lang: str) -> list[str]:
    """A filing before the gate opens (naming the day it does), or after a time bar (naming it)."""
    gate = filing_gate(case, lang)
    warnings = []
    name = body_name(case, body, lang)
    if not gate.open_on(on) and gate.opens is not None and gate.span is not None and gate.start is not None:
        warnings.append(
            _(
                "{body} takes a complaint only after the firm's final response, or {span} after the complaint to the firm "
                "(yours: {start}): with no final response logged, file on or after {date}"
            ).format(body=name, span=gate.span.words(lang), start=gate.start.isoformat(), date=gate.opens.isoformat())
        )
    for bar in gate.bars:
        if on > bar.last:
            unless = _("; it may still take it {unless}").format(unless=bar.unless) if bar.unless else ""
            warnings.append(
                _("{body} takes a complaint only within {what} (from {start}): the last day was {date}{unless}").format(
                    body=name, what=bar.what, start=bar.start.isoformat(), date=bar.last.isoformat(), unless=unless
                )
            )
    return warnings


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
    body = filing_route(case).body
    if body is None:
        return []
    contacts = sorted(case.contacts, key=lambda c: c.date)
    complaints = [c.date for c in contacts if c.kind is ContactKind.COMPLAINT]
    result = []
    for rule in body.clocks:
        starts = [c.date for c in contacts if c.kind is _AFTER[rule.after]]
        if rule.after == "reply":
            starts = [d for d in starts if complaints and d >= complaints[0]]
        if not starts:
            continue
        start = starts[0] if rule.after == "complaint" else starts[-1]
        due, unpublished = rule.add(start)
        if unpublished:
            years = ", ".join(str(y) for y in unpublished)
            with speaking(lang):
                estimate = _("no published holiday notice for {years} yet: counted with the usual holidays").format(years=years)
        else:
            estimate = rule.estimate.of(lang) if rule.estimate else ""
        result.append(Clock(what=rule.what.of(lang), after=rule.after, start=start, due=due, estimate=estimate))
    return result


def working_days_after(country: str, start: dt.date, n: int) -> tuple[dt.date, list[int]]:
    """The ``n``-th working day after ``start`` (which is not counted), and the years it is guessed for.

    Working days skip weekends and public holidays and include the make-up working days a
    government sets (China's 调休), as the ``holidays`` package has them. The second value
    lists the years in the span whose holiday notice that package does not have (then the
    date is an estimate); it is empty when every year's notice is known.
    """
    due: dt.date = _calendar(country).get_nth_working_day(start, n)
    if country not in _BY_NOTICE:
        return due, []  # its holidays follow fixed rules: no year waits on a notice
    published = _published_years(country)
    return due, [year for year in range(start.year, due.year + 1) if year not in published]


#: Calendars whose working days depend on a yearly government notice (China's 调休 make-up days).
_BY_NOTICE = frozenset({"CN"})


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

"""``letters new``: a guided interview that writes a commented case file.

Most people with a complaint have never written YAML, and every complaint form they know
asks questions instead. Each answer is checked as it is given by the same pydantic models
that check case files, so a bad date or amount is asked again with the reason, and the
file written at the end always validates. Questions follow the order in which a complaint
is prepared: who you are, the company, the staff member, what happened, the evidence, the
company's own rules, the losses, what you want, the deadline and the contacts so far.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import sys
import typing
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from letters.casefile.tone import text_tone_warnings
from letters.casefile.writer import case_yaml
from letters.errors import InterviewStopped, LettersError, OutputError, OutputExistsError
from letters.interview.text import CHINESE_DETAILS, TEXT
from letters.locale import _, speaking
from letters.phrasebook import PHRASES

if TYPE_CHECKING:
    from pydantic import BaseModel

    from letters.casefile.load import CaseFile
    from letters.casefile.model import Case

__all__ = ["TEXT", "EndOfInput", "InterviewStopped", "Prompter", "case_yaml", "run_interview", "suggest_case_id"]

_SECTIONS = (
    "complainant",
    "company",
    "purchase",
    "staff",
    "incidents",
    "evidence",
    "policies",
    "losses",
    "demands",
    "deadline",
    "contacts",
)
_MENU_TABLES = {"Problem": "problem", "EvidenceKind": "evidence", "DemandType": "demand", "ContactKind": "contact"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_DATE_FORMS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
#: Answers that may run over several lines (ended by an empty line).
#: The letter languages, as the interview offers them.
LETTER_LANGUAGES = [("zh", "中文（简体）"), ("zh-Hant", "中文（繁體，香港）"), ("en", "English")]
LONG_ANSWERS = frozenset({("incident", "summary"), ("policy", "summary"), ("contact", "summary"), ("demand", "detail")})
#: Dates that may lie ahead: the day a reply promised something by.
_FUTURE_DATES = frozenset({"promise_by"})
#: Answers that are names or numbers, not prose: the tone check leaves them alone.
_IDENTIFIERS = frozenset({"email", "phone", "file", "reference", "id", "account_id", "case_id", "currency"})
_YES = {"y", "yes", "是", "是的", "有", "对", "對", "好", "要", "係"}  # 係: yes, as Hong Kong says it
_NO = {"n", "no", "否", "不", "不是", "没有", "沒有", "无", "無", "不要", "唔係", "冇"}


# ---------------------------------------------------------------------------------------
# Asking: one small prompt function over click, so it works in a terminal, a pipe and CliRunner
# ---------------------------------------------------------------------------------------


class EndOfInput(Exception):
    """Standard input ended while a question was waiting for an answer."""


class GoBack(Exception):
    """The person typed ``<``: ask the previous question again."""


class NoAnswer(Exception):
    """Input that is not a terminal gave no usable answer to a required question, several times."""


class Invalid(ValueError):
    """An answer that must be asked again; the message says why."""


#: What a person types to go back a question.
BACK = "<"
#: Input that is not a terminal gets this many tries at a question before the interview stops.
MAX_TRIES = 5
#: Stands for "no answer" when a review edit clears an optional answer.
CLEAR = "-"


def _read_line(prompt: str) -> str:
    click.echo(prompt, nl=False)
    try:
        line = input()
    except EOFError:
        raise EndOfInput from None
    # a terminal that sends bytes that are not UTF-8 must not break writing the file later
    return line.encode("utf-8", "replace").decode("utf-8")


class Prompter:
    """Asks questions in one language and keeps asking until the answer is valid.

    Every answer is kept in ``history``; going back a question replays all but the last
    of them, silently, into the same questions (the interview is the same function of its
    answers each time), so nothing needs undoing.
    """

    def __init__(self, lang: str, *, read: Callable[[str], str] | None = None, interactive: bool | None = None):
        self.lang = lang
        self._read = read or _read_line
        self.interactive = sys.stdin.isatty() if interactive is None else interactive
        self.history: list[str] = []
        self.replay: list[str] = []

    def t(self, key: str, **values: Any) -> str:
        return TEXT[self.lang][key].format(**values)

    def say(self, text: str) -> None:
        if not self.replay:
            click.echo(text)

    def warn(self, reason: str) -> None:
        if not self.replay:
            click.echo(click.style(f"  ! {reason}", fg="yellow"))

    def section(self, title: str, number: int | None = None, total: int | None = None) -> None:
        """A new part of the interview begins (numbered, except the last parts)."""
        if number is None:
            self.say(self.t("section.finish", title=title))
        else:
            self.say(self.t("section", n=number, total=total, title=title))

    def review(self, rows: list[tuple[str, str, str]]) -> None:
        """Every answer so far, as (heading, question, answer), numbered from 1 in that order."""
        heading = None
        for number, (group, question, shown) in enumerate(rows, 1):
            if group != heading:
                heading = group
                self.say(heading)
            self.say(f"  {number:>2}. {question}: {shown}")

    def refuse(self, reason: str) -> None:
        """An answer was refused and the question is asked again (a web page shows it beside the field)."""
        self.warn(reason)

    def _line(self, prompt: str, *, can_go_back: bool = True) -> str:
        if self.replay:
            answer = self.replay.pop(0)
        else:
            answer = self._read(prompt).strip()
            if not self.interactive and self._read is _read_line:
                click.echo(answer)  # a scripted run then reads like a transcript
            if can_go_back and answer == BACK:
                raise GoBack
        self.history.append(answer)
        return answer

    def _lines(self, prompt: str) -> str:
        """A long answer: lines until an empty one (the first line empty: no answer)."""
        first = self._line(prompt)
        lines = [first] if first else []
        while lines:
            try:
                more = self._line("  ", can_go_back=False)
            except EndOfInput:
                break  # the input ended the answer
            if not more:
                break
            lines.append(more)
        return "\n".join(lines)

    def _tries_left(self, tries: int, question: str, reason: str) -> int:
        """Count a refused answer; input that is not a terminal gets ``MAX_TRIES`` of them."""
        tries += 1
        if not self.interactive and tries >= MAX_TRIES and not self.replay:
            key = "no_answer_empty" if reason == self.t("required") else "no_answer"
            raise NoAnswer(self.t(key, question=question.strip(), tries=tries, reason=reason.rstrip("。.")))
        return tries

    def ask(
        self,
        question: str,
        parse: Callable[[str], Any] = str,
        *,
        optional: bool = False,
        default: str | None = None,
        long: bool = False,
        suffix: str | None = None,
    ) -> Any:
        """The parsed answer; ``None`` when an optional question is skipped.

        ``long`` answers may run over several lines, ended by an empty line.
        """
        if suffix is None:
            suffix = self.t("default", default=default) if default else (self.t("optional") if optional else "")
        if long:
            suffix += self.t("long")
        tries = 0
        while True:
            prompt = question + suffix + self.t("colon")
            start = len(self.history)
            text = (self._lines(prompt) if long else self._line(prompt)) or (default or "")
            if not text:
                if optional:
                    return None
                self._refused(start, self.t("required"))
                tries = self._tries_left(tries, question, self.t("required"))
                continue
            try:
                return parse(text)
            except Invalid as exc:
                self._refused(start, str(exc))
                tries = self._tries_left(tries, question, str(exc))

    def _refused(self, start: int, reason: str) -> None:
        """Say why an answer was refused and forget it: going back then goes to the question
        before (not to this one again), and replaying never shows this error again."""
        self.refuse(reason)
        del self.history[start:]

    def yes_no(self, question: str, *, default: bool | None = None, optional: bool = False) -> bool | None:
        key = {True: "yes_no_default_yes", False: "yes_no_default_no", None: "yes_no"}[default]
        tries = 0
        while True:
            start = len(self.history)
            text = self._line(question + self.t(key) + (self.t("optional") if optional else "") + self.t("colon")).lower()
            if not text and default is not None:
                return default
            if not text and optional:
                return None
            if text in _YES:
                return True
            if text in _NO:
                return False
            self._refused(start, self.t("bad_yes_no"))
            tries = self._tries_left(tries, question, self.t("bad_yes_no"))

    def choose(
        self,
        question: str,
        options: list[tuple[str, str]],
        *,
        many: bool = False,
        optional: bool = False,
        default: str | list[str] | None = None,
    ) -> Any:
        """One value (or, with ``many``, a list) from a numbered menu; values may be typed by name too."""
        self.say(question)
        for number, (value, label) in enumerate(options, 1):
            self.say(f"  {number}. {label} ({value})")
        wanted = default if isinstance(default, list) else [default]
        numbers = [str(n) for n, (v, _) in enumerate(options, 1) if v in wanted]
        default_number = " ".join(numbers) or None

        def parse(text: str) -> Any:
            picked: list[str] = []
            for part in re.split(r"[\s,，、;；]+", text.strip()):
                value = _menu_value(part, options)
                if value is None:
                    raise Invalid(self.t("bad_choice", n=len(options)))
                if value not in picked:
                    picked.append(value)
            if not many and len(picked) != 1:
                raise Invalid(self.t("bad_choice", n=len(options)))
            return picked if many else picked[0]

        answer = self.ask("  " + self.t("menu.many" if many else "menu.one"), parse, optional=optional, default=default_number)
        return [] if answer is None and many else answer


def _menu_value(part: str, options: list[tuple[str, str]]) -> str | None:
    if part.isdigit() and 1 <= int(part) <= len(options):
        return options[int(part) - 1][0]
    return next((value for value, _ in options if value == part.lower()), None)


# ---------------------------------------------------------------------------------------
# Checking one answer with the case file's own models
# ---------------------------------------------------------------------------------------


@cache
def _adapter(model: type[BaseModel], name: str) -> Any:
    """A TypeAdapter of the field's annotation with its constraints: turns a valid answer into its value."""
    from typing import Annotated

    from pydantic import TypeAdapter

    info = model.model_fields[name]
    parts = (info.annotation, *info.metadata)
    annotation = typing.cast(Any, Annotated)[parts] if info.metadata else info.annotation
    return TypeAdapter(typing.cast(Any, annotation))


def _validate(model: type[BaseModel], data: Any) -> BaseModel:
    """``model.model_validate(data)`` with the model's own reasons in English: :func:`_reason`
    words them for the interview's language, whatever the user's locale."""
    with speaking("en"):
        return model.model_validate(data)


def _field_reason(model: type[BaseModel], name: str, value: Any, lang: str) -> str | None:
    """Why the model refuses ``value`` for ``name`` (field validators included), or ``None``.

    The model is validated with just this field; errors about other, not yet answered
    fields are ignored.
    """
    from pydantic import ValidationError

    try:
        _validate(model, {name: value})
    except ValidationError as exc:
        for err in exc.errors():
            if err["loc"][:1] == (name,):
                return _reason(err, value, lang)
    return None


def _reason(err: Any, value: Any, lang: str) -> str:
    """A pydantic error as a sentence for someone answering a question, in their language."""
    texts = TEXT[lang]
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind.startswith("date"):
        detail = str(ctx.get("error", ""))
        if "outside expected range" in detail:
            if lang in CHINESE_DETAILS:
                detail = next((zh for en, zh in CHINESE_DETAILS[lang][0].items() if detail.startswith(en)), detail)
            return texts["r_date_range"].format(value=value, detail=detail)
        return texts["r_date_format"].format(value=value)
    if kind.startswith("decimal"):
        return texts["r_number"].format(value=value)
    if kind.startswith(("int", "greater_than", "less_than")):
        return texts["r_days"]
    if kind == "string_too_long":
        return texts["r_too_long"].format(max_length=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        return texts["r_pattern"]
    message = str(err["msg"]).removeprefix("Value error, ")
    joined = re.search(r"write (\S+) here and the network \((\S+)\)", message)
    if joined:
        return texts["r_asset_network"].format(value=str(value).upper(), asset=joined[1], network=joined[2])
    if lang in CHINESE_DETAILS:
        for opening, zh in CHINESE_DETAILS[lang][1].items():
            if message.startswith(opening):
                return zh.format(value=str(value).upper())
        if "cannot name an output folder" in message:
            return texts["r_pattern"]
        with speaking(lang):  # our own validators' messages that hold no value are in the message catalog
            worded = _(message)
        if worded != message:
            return worded + ("" if worded.endswith("。") else "。")
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def _plain(value: Any) -> Any:
    """Enum members become their names in the file; lists are converted item by item."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _base_type(annotation: Any) -> Any:
    """``date | None`` → ``date``; ``Annotated[str, …]`` → ``str``; ``list[X]`` stays a list."""
    if typing.get_origin(annotation) is typing.Literal:
        return annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is typing.Annotated or (args and typing.get_origin(annotation) is not list):
        return _base_type(args[0])
    return annotation


class _Asker:
    """Asks for the fields of one model, each answer checked by that model."""

    def __init__(self, p: Prompter, base: Path, today: dt.date):
        self.p = p
        self.base = base
        self.today = today

    def field(
        self,
        model: type[BaseModel],
        prefix: str,
        name: str,
        default: Any = None,
        *,
        suffix: str | None = None,
        optional: bool | None = None,
        clearable: bool = False,
    ) -> Any:
        """One answer, checked by ``model``; ``clearable`` (the review): ``-`` removes an optional answer."""
        info = model.model_fields[name]
        question = self.p.t(f"{prefix}.{name}")
        if optional is None:
            optional = not info.is_required()
        kind = _base_type(info.annotation)
        if isinstance(kind, type) and issubclass(kind, Enum):
            return self.p.choose(question, self.menu(kind), optional=optional, default=default)
        if typing.get_origin(kind) is typing.Literal:  # company.sector: its words from the text table
            options = [(v, self.p.t(f"{name}.{v}")) for v in typing.get_args(kind)]
            return self.p.choose(question, options, optional=optional, default=default)
        if typing.get_origin(kind) is list:
            return self.p.choose(question, self.menu(typing.get_args(kind)[0]), many=True, optional=True, default=default)
        if kind is bool:
            return self.p.yes_no(question, optional=True, default=default)

        def parse(text: str) -> Any:
            if clearable and optional and text == CLEAR:
                return None
            return self.check(model, name, text, kind)

        shown = None if default is None else str(default.isoformat() if isinstance(default, dt.date) else default)
        return self.p.ask(question, parse, optional=optional, default=shown, suffix=suffix, long=(prefix, name) in LONG_ANSWERS)

    def menu(self, enum: type[Enum]) -> list[tuple[str, str]]:
        """The letters' own phrase for each choice, so the menu says what the letter will say."""
        labels = PHRASES[self.p.lang][_MENU_TABLES[enum.__name__]]
        return [(m.value, self.p.t("menu.other") if m.value == "other" else labels[m.value]) for m in enum]

    def check(self, model: type[BaseModel], name: str, text: str, kind: Any) -> Any:
        t = self.p.t
        if kind is dt.date:
            match = _DATE_FORMS.match(text)
            text = f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else text
        elif kind is Decimal and _THOUSANDS.match(text):
            text = text.replace(",", "")
        reason = _field_reason(model, name, text, self.p.lang)
        if reason:
            raise Invalid(reason)
        value = _plain(_adapter(model, name).validate_python(text))
        if kind is dt.date and value > self.today and name not in _FUTURE_DATES:
            raise Invalid(t("future", value=value.isoformat(), today=self.today.isoformat()))
        if name == "email" and not _EMAIL.match(value):
            raise Invalid(t("bad_email", value=value))
        if name == "file":
            self.check_file(value)
        if kind is str and name not in _IDENTIFIERS:
            for warning in text_tone_warnings(value, self.p.lang):
                self.p.warn(warning)
        return value

    def check_file(self, relative: str) -> None:
        """Evidence files are hashed into the letter, so they must exist beside the case file."""
        from letters.paths import UnsafePathError, resolve_inside

        try:
            target = resolve_inside(self.base, relative)
        except UnsafePathError as exc:
            detail = CHINESE_DETAILS[self.p.lang][2] if self.p.lang in CHINESE_DETAILS else str(exc)
            raise Invalid(self.p.t("bad_file", value=relative, detail=detail)) from None
        if not target.is_file():
            raise Invalid(self.p.t("bad_file", value=relative, detail=self.p.t("no_file", folder=self.base.resolve())))

    def model(self, model: type[BaseModel], prefix: str, names: tuple[str, ...], defaults: dict[str, str] | None = None) -> dict[str, Any]:
        """Every field in ``names``; the whole model is then checked (e.g. staff needs a name or an id)."""
        from pydantic import ValidationError

        tries = 0
        while True:
            data: dict[str, Any] = {}
            for name in names:
                value = self.field(model, prefix, name, (defaults or {}).get(name))
                if value is not None and value != []:
                    data[name] = value
            try:
                _validate(model, data)
                return data
            except ValidationError as exc:
                reason = _reason(exc.errors()[0], "", self.p.lang)
                self.p.refuse(self.p.t("again", reason=reason))
                tries = self.p._tries_left(tries, self.p.t(f"{prefix}.{names[0]}"), reason)

    def repeat(self, first_question: str | None, more_question: str, ask_one: Callable[[], dict[str, Any]]) -> list[dict[str, Any]]:
        """Items until the person says there are no more; ``first_question`` None means at least one."""
        items: list[dict[str, Any]] = []
        if first_question is not None and not self.p.yes_no(self.p.t(first_question), default=False):
            return items
        while True:
            items.append(ask_one())
            if not self.p.yes_no(self.p.t(more_question), default=False):
                return items


# ---------------------------------------------------------------------------------------
# The interview
# ---------------------------------------------------------------------------------------


@dataclass
class Answers:
    """What has been answered so far; only finished sections and items are kept."""

    lang: str
    sections: dict[str, Any] = field(default_factory=dict)
    #: The folder the case file will join: a suggested ``case_id`` is one no case file there has.
    folder: Path | None = None

    def case_data(self) -> dict[str, Any]:
        """The case in the file's key order (DESIGN.md); unanswered sections are simply absent."""
        s = self.sections
        data: dict[str, Any] = {
            "version": 2,
            "case_id": s.get("case_id") or self.suggested_id(),
            "language": s.get("language") or self.lang,
        }
        for key in ("complainant", "company", "purchase", "staff", "incidents", "evidence", "policies", "losses", "demands"):
            if key in s:
                data[key] = s[key]
        data["response_days"] = s.get("response_days", 14)
        data["contacts"] = s.get("contacts", [])
        return data

    def suggested_id(self) -> str:
        company = (self.sections.get("company") or {}).get("name", "")
        incidents = self.sections.get("incidents") or []
        first = min((i["date"] for i in incidents), default=dt.date.today())
        return suggest_case_id(company, first, taken=ids_in(self.folder) if self.folder is not None else frozenset())


def suggest_case_id(company: str, first: dt.date, *, taken: Container[str] = frozenset()) -> str:
    """Initials of the company's Latin words and the first incident's date: ``CL-20260914``;
    ``CL-20260914-2`` (and on) when ``taken`` (lower case) has it."""
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", company)).upper()[:4]
    suggestion = f"{initials or 'CASE'}-{first:%Y%m%d}"
    number = 2
    while suggestion.lower() in taken:
        suggestion = f"{initials or 'CASE'}-{first:%Y%m%d}-{number}"
        number += 1
    return suggestion


def ids_in(folder: Path) -> frozenset[str]:
    """What a new case in ``folder`` should not be called, in lower case: each case file's name
    (without .yaml / .yml) and the ``case_id`` its line writes. Two cases with one id would share
    a letters folder, and the suggested file name is the id's."""
    from letters.manifest import written_case_id

    taken: set[str] = set()
    try:
        names = [entry for entry in os.scandir(folder) if entry.name.lower().endswith((".yaml", ".yml"))]
    except OSError:
        return frozenset()
    for entry in names:
        taken.add(entry.name.rsplit(".", 1)[0].lower())
        try:
            if not entry.is_file():  # a folder, or a pipe that would never end the read: its name is taken all the same
                continue
            with open(entry.path, "rb") as fh:
                written = written_case_id(fh.read(1 << 20))
        except OSError:
            continue
        if written:
            taken.add(written.lower())
    return frozenset(taken)


def _interview(p: Prompter, a: _Asker, answers: Answers) -> None:
    from letters.casefile import model as models
    from letters.casefile.model import Case, ContactKind, Demand

    s = answers.sections
    total = len(_SECTIONS)

    def section(name: str) -> None:
        p.section(p.t(f"sec.{name}"), _SECTIONS.index(name) + 1, total)

    def ask_model(key: str, defaults: dict[str, str] | None = None) -> dict[str, Any]:
        """The questions of one part, as :data:`QUESTIONS` lists them (asked elsewhere: see ``ASKED_APART``)."""
        model, prefix, names = QUESTIONS[key]
        return a.model(getattr(models, model), prefix, tuple(n for n in names if (key, n) not in ASKED_APART), defaults)

    p.say(p.t("intro"))
    section("complainant")
    s["complainant"] = ask_model("complainant")

    section("company")
    company = ask_model("company")
    if p.yes_no(p.t("ask.management"), default=False):
        management = ask_model("management")
        if management:
            company["management"] = management
    s["company"] = company

    section("purchase")
    if p.yes_no(p.t("ask.purchase"), default=False):
        s["purchase"] = ask_model("purchase", _currency_default(p.lang))

    section("staff")
    p.say(p.t("staff.hint"))

    staff: list[dict[str, Any]] = []

    def staff_member() -> dict[str, Any]:
        """S1, S2…: the handles incidents name them by."""
        staff.append({"key": f"S{len(staff) + 1}", **ask_model("staff")})
        return staff[-1]

    s["staff"] = a.repeat("ask.staff", "ask.staff_more", staff_member)

    section("incidents")
    p.say(p.t("incidents.hint"))

    def incident() -> dict[str, Any]:
        item = ask_model("incidents")
        if s["staff"]:
            item["staff"] = _incident_staff(p, s["staff"], [m["key"] for m in s["staff"]] if len(s["staff"]) == 1 else None)
        return item

    s["incidents"] = a.repeat(None, "ask.incident_more", incident)

    section("evidence")
    s["evidence"] = a.repeat("ask.evidence", "ask.evidence_more", lambda: ask_model("evidence"))

    section("policies")
    s["policies"] = a.repeat("ask.policy", "ask.policy_more", lambda: ask_model("policies"))

    section("losses")

    default = _currency_default(p.lang)
    currencies = [default["currency"]] if default else []

    def loss() -> dict[str, Any]:
        """The currency of the previous loss is offered again."""
        item = ask_model("losses", {"currency": currencies[-1]} if currencies else None)
        currencies.append(item["currency"])
        return item

    s["losses"] = a.repeat("ask.loss", "ask.loss_more", loss)

    section("demands")
    s["demands"] = _demands(p, a, Demand)

    section("deadline")
    s["response_days"] = a.field(Case, "case", "response_days", default="14")

    section("contacts")

    def contact() -> dict[str, Any]:
        item = ask_model("contacts")
        if item["kind"] == ContactKind.REPLY.value:
            item.update(_reply(p, a))
        return item

    s["contacts"] = a.repeat("ask.contact", "ask.contact_more", contact)

    p.section(p.t("sec.finish"))
    s["language"] = p.choose(p.t("case.language"), LETTER_LANGUAGES, default=p.lang)
    s["case_id"] = a.field(Case, "case", "case_id", default=answers.suggested_id())


def _currency_default(lang: str) -> dict[str, str]:
    """The currency offered first: the one the letters' usual place pays in."""
    return {"zh": {"currency": "CNY"}, "zh-Hant": {"currency": "HKD"}}.get(lang, {})


def _staff_labels(staff: list[dict[str, Any]], lang: str) -> dict[str, str]:
    """Each staff member by what the person typed about them, to choose from and to review:
    ``Mark (AG-3310, live-chat agent)`` / ``小林（网上客服）``. Their key (``S1``: the case file's
    handle) is shown only where two would otherwise read the same."""
    chinese = lang.startswith("zh")
    labels = {}
    for member in staff:
        details = ("，" if chinese else ", ").join(str(member[k]) for k in ("id", "role") if member.get(k))
        name = member.get("name") or ""
        bracketed = f"（{details}）" if chinese else f" ({details})"
        labels[member["key"]] = name + (bracketed if details and name else details)
    seen = list(labels.values())
    return {key: label if label and seen.count(label) == 1 else f"{key}: {label}".rstrip(": ") for key, label in labels.items()}


def _incident_staff(p: Prompter, staff: list[dict[str, Any]], default: list[str] | None) -> list[str]:
    """Who took part in one incident: none, one or several of the staff described (v1 pinned all on one)."""
    options = list(_staff_labels(staff, p.lang).items())
    return list(p.choose(p.t("incident.staff"), options, many=True, optional=True, default=default) or [])


def _reply(p: Prompter, a: _Asker) -> dict[str, Any]:
    """What a reply said: settled or not, a promise and its date, a final response."""
    from letters.casefile.model import Contact

    item: dict[str, Any] = {}
    satisfactory = p.yes_no(p.t("contact.satisfactory"), optional=True)
    if satisfactory is not None:
        item["satisfactory"] = satisfactory
    promise = a.field(Contact, "contact", "promise")
    if promise is not None:
        item["promise"] = promise
        promise_by = a.field(Contact, "contact", "promise_by")
        if promise_by is not None:
            item["promise_by"] = promise_by
    if p.yes_no(p.t("contact.final"), default=False):
        item["final"] = True
    return item


def _demands(p: Prompter, a: _Asker, demand_model: type[BaseModel]) -> list[dict[str, Any]]:
    """The demand types from a menu (at least one), then what is specific about each."""
    options = a.menu(_base_type(demand_model.model_fields["type"].annotation))
    labels = dict(options)
    demands = []
    for kind in p.choose(p.t("demand.type"), options, many=True):
        item: dict[str, Any] = {"type": kind}
        other = kind == "other"
        question = p.t("demand.detail_other") if other else p.t("demand.detail", label=labels[kind])
        detail = p.ask(question, lambda text: a.check(demand_model, "detail", text, str), optional=not other, long=True)
        if detail is not None:
            item["detail"] = detail
        demands.append(item)
    return demands


# ---------------------------------------------------------------------------------------
# The review: every answer, numbered, grouped as the letter uses them
# ---------------------------------------------------------------------------------------

#: The interview's questions, one definition for ``letters new`` in a terminal and for ``letters serve``'s
#: pages (which replay the same interview): part → (model, question prefix, fields in the order asked,
#: which is the order the file and the review show them).
QUESTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "complainant": ("Complainant", "complainant", ("name", "email", "phone", "address", "account_id")),
    "company": ("Company", "company", ("name", "department", "address", "email", "sector")),
    "management": ("Management", "management", ("name", "title", "email")),
    "purchase": ("Purchase", "purchase", ("product", "order", "date", "amount", "currency")),
    "staff": ("Staff", "staff", ("name", "id", "role")),
    "incidents": ("Incident", "incident", ("date", "channel", "summary", "problems", "staff")),
    "evidence": ("Evidence", "evidence", ("kind", "date", "description", "file", "reference")),
    "policies": ("Policy", "policy", ("title", "clause", "summary")),
    "losses": ("Loss", "loss", ("description", "amount", "currency")),
    "demands": ("Demand", "demand", ("type", "detail")),
    "contacts": (
        "Contact",
        "contact",
        ("date", "kind", "channel", "reference", "summary", "satisfactory", "promise", "promise_by", "final"),
    ),
}
#: Fields asked by their own step rather than in the model's run of questions (who took part in
#: an incident, from the staff described; what a reply said, only for replies).
ASKED_APART = frozenset(
    {("incidents", "staff"), ("contacts", "satisfactory"), ("contacts", "promise"), ("contacts", "promise_by"), ("contacts", "final")}
)


@dataclass(frozen=True)
class _Entry:
    """One answer in the review: where it lives in the answers, and the model that checks it."""

    heading: str
    holder: tuple[str | int, ...]  # path to the dict that holds it
    model: str
    prefix: str
    name: str


def _review_entries(p: Prompter, answers: Answers) -> list[_Entry]:
    s = answers.sections
    entries: list[_Entry] = []

    def add(heading: str, holder: tuple[str | int, ...], key: str) -> None:
        model, prefix, names = QUESTIONS[key]
        if key == "incidents" and not s.get("staff"):
            names = tuple(n for n in names if n != "staff")  # nobody described: nobody to choose
        entries.extend(_Entry(heading, holder, model, prefix, name) for name in names)

    for key in ("complainant", "company", "purchase", "staff", "incidents", "evidence", "policies", "losses", "demands", "contacts"):
        if not s.get(key):
            continue
        title = p.t(f"sec.{key}")
        if isinstance(s[key], list):
            for index in range(len(s[key])):
                add(f"{title} {index + 1}" if len(s[key]) > 1 else title, (key, index), key)
        else:
            add(title, (key,), key)
            if key == "company" and "management" in s[key]:
                add(p.t("review.management"), (key, "management"), "management")
    entries += [_Entry(p.t("sec.finish"), (), "Case", "case", name) for name in ("response_days", "language", "case_id")]
    return entries


def _holder(answers: Answers, path: tuple[str | int, ...]) -> Any:
    held: Any = answers.sections
    for part in path:
        held = held[part]
    return held


def _shown(value: Any, labels: dict[str, str], lang: str = "en") -> str:
    """An answer as the review shows it: a choice in the words it was offered in (``labels``), never its code."""
    if value is None or value == []:
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "y" if value else "n"
    if isinstance(value, list):
        return ("、" if lang.startswith("zh") else ", ").join(labels.get(str(v), str(v)) for v in value)
    return " / ".join(labels.get(str(value), str(value)).splitlines())


def _choice_labels(p: Prompter, a: _Asker, answers: Answers, entry: _Entry) -> dict[str, str]:
    """The words each choice of ``entry`` was offered in (empty for a typed answer)."""
    from letters.casefile import model as models

    if entry.model == "Case" and entry.name == "language":
        return dict(LETTER_LANGUAGES)
    if entry.prefix == "incident" and entry.name == "staff":
        return _staff_labels(answers.sections.get("staff") or [], p.lang)
    kind = _base_type(getattr(models, entry.model).model_fields[entry.name].annotation)
    if typing.get_origin(kind) is list:
        kind = typing.get_args(kind)[0]
    if isinstance(kind, type) and issubclass(kind, Enum):
        return dict(a.menu(kind))
    if typing.get_origin(kind) is typing.Literal:
        return {v: p.t(f"{entry.name}.{v}") for v in typing.get_args(kind)}
    return {}


def _review(p: Prompter, a: _Asker, answers: Answers) -> None:
    """Show every answer by number; change any by number until the person presses Enter."""
    from letters.casefile import model as models

    tries = 0
    while True:
        entries = _review_entries(p, answers)
        p.section(p.t("sec.review"))
        p.review(
            [
                (
                    entry.heading,
                    p.t("case.language") if entry.name == "language" else _review_label(p, a, answers, entry),
                    _shown(_holder(answers, entry.holder).get(entry.name), _choice_labels(p, a, answers, entry), p.lang),
                )
                for entry in entries
            ]
        )
        text = p._line(p.t("review.prompt", n=len(entries)) + p.t("colon"))
        if not text:
            return
        if not (text.isdigit() and 1 <= int(text) <= len(entries)):
            p.refuse(p.t("bad_choice", n=len(entries)))
            tries = p._tries_left(tries, p.t("review.prompt", n=len(entries)), p.t("bad_choice", n=len(entries)))
            continue
        tries = 0
        entry = entries[int(text) - 1]
        _change(p, a, answers, entry, getattr(models, entry.model))


def _review_label(p: Prompter, a: _Asker, answers: Answers, entry: _Entry) -> str:
    if entry.prefix == "demand" and entry.name == "detail":
        from letters.casefile.model import DemandType

        kind = _holder(answers, entry.holder)["type"]
        return p.t("demand.detail_other") if kind == "other" else p.t("demand.detail", label=dict(a.menu(DemandType))[kind])
    if entry.prefix == "contact" and entry.name in ("satisfactory", "final"):
        return p.t(f"contact.{entry.name}")
    return p.t(f"{entry.prefix}.{entry.name}")


def _change(p: Prompter, a: _Asker, answers: Answers, entry: _Entry, model: type[BaseModel]) -> None:
    """Ask one answer again (Enter keeps it, ``-`` clears an optional one); the item must still validate."""
    from pydantic import ValidationError

    if entry.model == "Case" and entry.name == "language":
        answers.sections["language"] = p.choose(p.t("case.language"), LETTER_LANGUAGES, default=answers.sections.get("language"))
        return
    holder = answers.sections if not entry.holder else _holder(answers, entry.holder)
    current = holder.get(entry.name)
    if entry.prefix == "demand" and entry.name == "detail":
        label = _review_label(p, a, answers, entry)
        value = p.ask(
            label,
            lambda text: None if text == CLEAR else a.check(model, "detail", text, str),
            optional=holder["type"] != "other",
            default=current,
            long=True,
        )
    elif entry.prefix == "contact" and entry.name == "satisfactory":
        value = p.yes_no(p.t("contact.satisfactory"), optional=True)
    elif entry.prefix == "contact" and entry.name == "final":
        value = p.yes_no(p.t("contact.final"), default=bool(current)) or None
    elif entry.prefix == "incident" and entry.name == "staff":
        value = _incident_staff(p, answers.sections.get("staff") or [], current)
    else:
        value = a.field(model, entry.prefix, entry.name, default=current, clearable=True)
    if entry.model == "Case":
        if value is not None:  # the deadline and the id cannot be cleared: they have defaults
            holder[entry.name] = value
        return
    changed = {k: v for k, v in holder.items() if k != entry.name}
    if value is not None and value != []:
        changed[entry.name] = value
    try:
        _validate(model, changed)
    except ValidationError as exc:
        p.refuse(p.t("review.refused", reason=_reason(exc.errors()[0], "", p.lang)))
        return
    holder.clear()
    names = next(names for m, _, names in QUESTIONS.values() if m == entry.model) + ("management",)
    holder.update({k: changed[k] for k in dict.fromkeys([*names, *changed]) if k in changed})  # the file's key order


# ---------------------------------------------------------------------------------------
# Running it
# ---------------------------------------------------------------------------------------


def _check_target(path: str | Path | None, force: bool) -> Path | None:
    if path is None:
        return None
    target = Path(path)
    if target.is_dir():
        raise OutputError(target, _("is a folder; give a file name such as my-case.yaml"))
    if (target.exists() or target.is_symlink()) and not force:
        raise OutputExistsError(target)
    return target


def _validated(answers: Answers, target: Path, lang: str) -> tuple[str, CaseFile]:
    """The file's text and the case it holds, checked exactly as ``letters validate`` would."""
    from letters.casefile.load import parse_case_text

    text = case_yaml(answers.case_data(), lang, target.name)
    return text, parse_case_text(text, target)


def _write(target: Path, text: str, *, force: bool) -> None:
    from letters.fsio import write_atomic

    write_atomic(target.absolute(), text.encode("utf-8"), force=force)


def _file_name(p: Prompter, base: Path, suggestion: str, force: bool) -> Path:
    def parse(text: str) -> Path:
        if "/" in text or "\\" in text or text in (".", ".."):
            raise Invalid(p.t("bad_file_name"))
        name = text if text.lower().endswith((".yaml", ".yml")) else f"{text}.yaml"
        target = base / name
        if target.is_dir() or ((target.exists() or target.is_symlink()) and not force):
            raise Invalid(p.t("file_exists", path=target.name))  # the folder is the one being filled: its name only
        return target

    path: Path = p.ask(p.t("file.name"), parse, default=suggestion)
    return path


def _offer_draft(p: Prompter, answers: Answers, target: Path | None, base: Path, lang: str, *, force: bool) -> Path | None:
    """After Ctrl-C in a terminal: offer to keep the answers, but only if they already make a valid case."""
    if not p.interactive:
        return None
    draft = target or base / f"{answers.case_data()['case_id']}.yaml"
    try:
        text, _ = _validated(answers, draft, lang)
    except LettersError:
        return None
    try:
        if not p.yes_no(p.t("draft.offer", path=draft), default=False):
            return None
        if (draft.exists() or draft.is_symlink()) and not force:
            p.say(p.t("draft.exists", path=draft))
            return None
        _write(draft, text, force=force)
    except (KeyboardInterrupt, EndOfInput):
        return None
    p.say(p.t("draft.saved", path=draft))
    return draft


def run_interview(
    path: str | Path | None,
    lang: str,
    *,
    force: bool = False,
    prompter: Prompter | None = None,
    today: dt.date | None = None,
    folder: str | Path | None = None,
) -> Path:
    """Ask the questions, write the case file, and say which command makes the next letter.

    Nothing is written unless the whole case validates; an existing file is only replaced
    with ``force``. Ctrl-C or the end of input raises :class:`InterviewStopped` (after
    offering to save a draft that validates, in a terminal). Without ``path`` the file is
    named by the person, in ``folder`` (default: the current folder).
    """
    target = _check_target(path, force)
    base = target.parent if target else Path(folder or ".")
    p = prompter or Prompter(lang)
    today = today or dt.date.today()
    chosen_target = target
    while True:
        answers = Answers(lang, folder=base)
        try:
            _interview(p, _Asker(p, base, today), answers)
            _review(p, _Asker(p, base, today), answers)
            if chosen_target is None:
                target = _file_name(p, base, f"{answers.sections['case_id']}.yaml", force)
            break
        except GoBack:
            p.replay, p.history = p.history[:-1], []
            if not p.replay:
                p.warn(p.t("back.first"))
        except KeyboardInterrupt:
            p.say("")  # Ctrl-C leaves the cursor after the question
            draft = _offer_draft(p, answers, target, base, lang, force=force)
            if draft is None:
                raise InterviewStopped(p.t("stopped"), interrupted=True) from None
            return draft
        except EndOfInput:
            raise InterviewStopped(p.t("eof"), interrupted=False) from None
        except NoAnswer as exc:
            raise InterviewStopped(str(exc), interrupted=False) from None
    assert target is not None
    text, case_file = _validated(answers, target, lang)
    _write(target, text, force=force)
    p.say(p.t("saved", path=target))
    _say_next(p, case_file.case, target, today)
    p.say(p.t("check", path=shlex.quote(str(target))))
    return target


def _say_next(p: Prompter, case: Case, target: Path, today: dt.date) -> None:
    """The command that makes the letter due now; when the next one is not due yet (a
    complaint already sent, its reply deadline ahead), when it will be and how to check."""
    from letters.plan.stages import case_status

    status = case_status(case, today)
    if status.next_stage is not None and status.due is not None and not status.is_due:
        p.say(p.t("next_later", stage=status.next_stage, due=status.due.isoformat()))
        p.say(f"  letters status {shlex.quote(str(target))}")
        return
    p.say(p.t("next"))
    p.say("  " + next_command(case, target, today))


def next_command(case: Case, target: Path, today: dt.date) -> str:
    """``letters generate …`` for the stage now due (the first complaint unless one was already sent)."""
    from letters.plan.stages import case_status

    stage = case_status(case, today).next_stage or "first-complaint"
    return f"letters generate {shlex.quote(str(target))} --stage {stage} --out letters-out"

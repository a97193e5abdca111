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
import re
import shlex
import sys
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from .errors import LettersError, OutputError, OutputExistsError
from .i18n import PHRASES

if TYPE_CHECKING:
    from .caseio import CaseFile
    from .models import Case

__all__ = ["run_interview", "Prompter", "InterviewStopped", "EndOfInput", "TEXT", "case_yaml", "suggest_case_id"]

# ---------------------------------------------------------------------------------------
# What the interview says, in each language
# ---------------------------------------------------------------------------------------

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "intro": "A few questions about your complaint; the answers become a case file that letters turns into letters.\n"
        "Optional questions can be skipped with Enter. Ctrl-C stops at any time; nothing half-done is saved.",
        "section": "\n── {n}/{total}  {title} ──",
        "section.finish": "\n── {title} ──",
        "optional": " (optional)",
        "default": " [{default}]",
        "colon": ": ",
        "yes_no": " [y/n]",
        "yes_no_default_yes": " [Y/n]",
        "yes_no_default_no": " [y/N]",
        "menu.one": "Type its number",
        "menu.many": "Type the numbers, separated by spaces or commas",
        "menu.other": "something else",
        "sec.complainant": "About you",
        "complainant.name": "Your full name",
        "complainant.email": "Your email address",
        "complainant.phone": "Your phone number",
        "complainant.address": "Your postal address",
        "complainant.account_id": "Your account or wallet ID with the company",
        "sec.company": "The company",
        "company.name": "The company's name",
        "company.department": "The department that handles complaints (e.g. Customer Support)",
        "company.address": "The company's postal address",
        "company.email": "The company's email address for complaints",
        "ask.management": "Do you know which manager should receive an escalation if this goes unanswered?",
        "management.name": "The manager's name",
        "management.title": "Their job title (e.g. Head of Customer Service)",
        "management.email": "Their email address",
        "sec.staff": "The staff member",
        "staff.hint": "Give their name or their staff ID: at least one of the two.",
        "staff.name": "Their name, as shown in the chat, email or call",
        "staff.id": "Their staff ID or employee number",
        "staff.role": "Their role (e.g. live-chat agent)",
        "sec.incidents": "What happened",
        "incidents.hint": "One occasion at a time, in plain facts: what you asked, what they said or did. Calm words persuade best.",
        "incident.date": "Date it happened (YYYY-MM-DD)",
        "incident.channel": "Where it happened (e.g. in-app chat, phone, email)",
        "incident.summary": "What happened",
        "incident.problems": "What went wrong on that occasion?",
        "ask.incident_more": "Did something else happen on another occasion?",
        "sec.evidence": "Your evidence",
        "ask.evidence": "Do you hold evidence (chat log, email, call recording, screenshot, receipt)?",
        "evidence.kind": "What kind of evidence is it?",
        "evidence.date": "Its date (YYYY-MM-DD)",
        "evidence.description": "Describe it in one line",
        "evidence.file": "Its file, relative to the case file's folder (e.g. evidence/chat.png)",
        "evidence.reference": "A reference on it (ticket number, transaction hash…)",
        "ask.evidence_more": "Another piece of evidence?",
        "sec.policies": "The company's own rules",
        "ask.policy": "Did the staff member break a rule in the company's own terms or published policy?",
        "policy.title": "Name of the terms or policy",
        "policy.clause": "Clause or section",
        "policy.summary": "What it says",
        "ask.policy_more": "Another rule?",
        "sec.losses": "Your losses",
        "ask.loss": "Did this cost you money (fees, lost funds, extra charges)?",
        "loss.description": "What the loss was",
        "loss.amount": "Amount (the number only, e.g. 35.50)",
        "loss.currency": "Currency (CNY, USD, EUR… or USDT, BTC, ETH)",
        "ask.loss_more": "Another loss?",
        "sec.demands": "What you want",
        "demand.type": "What do you want the company to do?",
        "demand.detail": "Anything specific about “{label}”",
        "demand.detail_other": "Describe what else you want",
        "sec.deadline": "Reply deadline",
        "case.response_days": "Days the company has to reply",
        "sec.contacts": "Contacts so far",
        "ask.contact": "Have you already been in touch with the company about this (a complaint, a call, a reply)?",
        "contact.date": "Date (YYYY-MM-DD)",
        "contact.kind": "What was it?",
        "contact.channel": "Channel (e.g. email, phone, in-app chat)",
        "contact.reference": "Ticket or reference number",
        "contact.summary": "What was said, briefly",
        "contact.satisfactory": "Was their reply satisfactory?",
        "ask.contact_more": "Another contact?",
        "sec.finish": "The case file",
        "case.language": "Language of the letters",
        "case.case_id": "A short ID for this case (it names the letters' folder)",
        "file.name": "Save the case file as",
        "required": "This one is needed; please answer it.",
        "bad_yes_no": "Please answer y (yes) or n (no).",
        "bad_choice": "Choose by number, from 1 to {n}.",
        "future": "{value} is after today ({today}); give the date it happened.",
        "bad_email": "“{value}” does not look like an email address (like name@example.com).",
        "bad_file": "“{value}” {detail}.",
        "no_file": "does not exist in {folder}",
        "bad_file_name": "Give just a file name, without a folder (e.g. my-case.yaml).",
        "file_exists": "{path} already exists; letters never overwrites it. Choose another name.",
        "again": "{reason} Let's go through that part again.",
        "r_date_range": "{value} is not a real date ({detail}).",
        "r_date_format": "“{value}” is not a date; write it as YYYY-MM-DD, e.g. 2026-10-03.",
        "r_number": "“{value}” is not a number; write only the amount, e.g. 35.50 (the currency is asked next).",
        "r_days": "Give a whole number of days from 1 to 365.",
        "r_too_long": "That is too long: at most {max_length} characters.",
        "r_pattern": "Use only letters, digits, dots, dashes and underscores, starting with a letter or digit (at most 64).",
        "saved": "\nWrote {path}.",
        "next": "Next, draft the letter with:",
        "check": "Read the file over and edit it whenever you like; check it with: letters validate {path}",
        "stopped": "Stopped. Nothing was saved.",
        "eof": "the answers ended before the interview was finished; nothing was saved",
        "draft.offer": "Save the answers so far to {path} as a draft to finish in an editor?",
        "draft.saved": "Saved a draft to {path}.",
        "draft.exists": "{path} already exists, so the draft was not saved.",
    },
    "zh": {
        "intro": "下面几个问题会把你的投诉整理成一个案件文件，letters 再据此生成投诉信。\n"
        "可选的问题直接回车即可跳过；随时可按 Ctrl-C 停止，未完成的内容不会保存。",
        "section": "\n── {n}/{total}  {title} ──",
        "section.finish": "\n── {title} ──",
        "optional": "（可选，回车跳过）",
        "default": " [{default}]",
        "colon": "：",
        "yes_no": " [y 是/n 否]",
        "yes_no_default_yes": " [Y 是/n 否]",
        "yes_no_default_no": " [y 是/N 否]",
        "menu.one": "请输入编号",
        "menu.many": "请输入编号，可多选，用空格或逗号隔开",
        "menu.other": "其他",
        "sec.complainant": "你的信息",
        "complainant.name": "你的姓名",
        "complainant.email": "你的电子邮箱",
        "complainant.phone": "你的电话",
        "complainant.address": "你的通信地址",
        "complainant.account_id": "你在该公司的账户或钱包编号",
        "sec.company": "被投诉的公司",
        "company.name": "公司名称",
        "company.department": "受理投诉的部门（例如 客户服务部）",
        "company.address": "公司地址",
        "company.email": "公司受理投诉的邮箱",
        "ask.management": "如果投诉没有回音，你知道该向哪位管理人员反映吗？",
        "management.name": "管理人员姓名",
        "management.title": "其职务（例如 客户服务总监）",
        "management.email": "其电子邮箱",
        "sec.staff": "涉事客服人员",
        "staff.hint": "姓名和工号至少填一项。",
        "staff.name": "客服的姓名或昵称（聊天、邮件或通话中显示的）",
        "staff.id": "客服工号",
        "staff.role": "客服岗位（例如 在线客服、电话客服）",
        "sec.incidents": "事情经过",
        "incidents.hint": "每次只写一件事，只写事实：你问了什么，对方说了什么、做了什么。语气平和更有说服力。",
        "incident.date": "发生日期（年-月-日，例如 2026-10-03）",
        "incident.channel": "发生在哪个渠道（例如 App 内在线客服、电话、邮件）",
        "incident.summary": "经过",
        "incident.problems": "这一次出了哪些问题？",
        "ask.incident_more": "其他时间还发生过别的事吗？",
        "sec.evidence": "证据",
        "ask.evidence": "你手上有证据吗（聊天记录、邮件、通话录音、截图、交易记录）？",
        "evidence.kind": "这是哪一类证据？",
        "evidence.date": "证据日期（年-月-日）",
        "evidence.description": "用一句话描述它",
        "evidence.file": "证据文件（相对案件文件所在文件夹的路径，例如 evidence/chat.png）",
        "evidence.reference": "相关编号（工单号、交易哈希等）",
        "ask.evidence_more": "还有其他证据吗？",
        "sec.policies": "公司自己的规定",
        "ask.policy": "客服的做法是否违反了公司自己的服务协议或公开规定？",
        "policy.title": "协议或规定的名称",
        "policy.clause": "条款编号",
        "policy.summary": "条款内容",
        "ask.policy_more": "还有其他条款吗？",
        "sec.losses": "损失",
        "ask.loss": "这件事让你有金钱损失吗（手续费、资金损失、额外费用）？",
        "loss.description": "损失内容",
        "loss.amount": "金额（只写数字，例如 35.50）",
        "loss.currency": "币种（CNY、USD、EUR… 或 USDT、BTC、ETH）",
        "ask.loss_more": "还有其他损失吗？",
        "sec.demands": "你的诉求",
        "demand.type": "你希望公司怎么做？",
        "demand.detail": "关于“{label}”的具体要求",
        "demand.detail_other": "请写明你的其他诉求",
        "sec.deadline": "答复期限",
        "case.response_days": "要求公司在几天内答复",
        "sec.contacts": "已有的沟通",
        "ask.contact": "就这件事你已经和公司联系过吗（投诉、电话、对方答复）？",
        "contact.date": "日期（年-月-日）",
        "contact.kind": "这是哪一类沟通？",
        "contact.channel": "渠道（例如 电子邮件、电话、App 内在线客服）",
        "contact.reference": "工单号或编号",
        "contact.summary": "简要内容",
        "contact.satisfactory": "你对对方的答复满意吗？",
        "ask.contact_more": "还有其他沟通记录吗？",
        "sec.finish": "案件文件",
        "case.language": "信件语言",
        "case.case_id": "案件编号（也是输出文件夹的名字）",
        "file.name": "案件文件保存为",
        "required": "这一项必须填写。",
        "bad_yes_no": "请回答 y（是）或 n（否）。",
        "bad_choice": "请输入 1 到 {n} 之间的编号。",
        "future": "{value} 晚于今天（{today}），请填写事情实际发生的日期。",
        "bad_email": "“{value}”看起来不是电子邮箱地址（例如 name@example.com）。",
        "bad_file": "“{value}”{detail}。",
        "no_file": "在 {folder} 中不存在",
        "bad_file_name": "只写文件名，不要包含文件夹（例如 my-case.yaml）。",
        "file_exists": "{path} 已经存在，letters 不会覆盖它，请换一个名字。",
        "again": "{reason}请重新填写这一部分。",
        "r_date_range": "{value} 不是真实存在的日期（{detail}）。",
        "r_date_format": "“{value}”不是日期，请按 年-月-日 填写，例如 2026-10-03。",
        "r_number": "“{value}”不是数字，请只写金额，例如 35.50（币种在下一题填写）。",
        "r_days": "请填写 1 到 365 之间的整数天数。",
        "r_too_long": "内容太长了，最多 {max_length} 个字符。",
        "r_pattern": "只能使用字母、数字、点、横线和下划线，并以字母或数字开头（最长 64 个字符）。",
        "saved": "\n已写入 {path}。",
        "next": "下一步，用这条命令生成投诉信：",
        "check": "可以随时打开文件核对、修改；修改后用这条命令检查：letters validate {path}",
        "stopped": "已停止，没有保存任何内容。",
        "eof": "问答尚未完成输入就结束了，没有保存任何内容",
        "draft.offer": "是否把已回答的内容保存为草稿 {path}，之后在编辑器里补全？",
        "draft.saved": "草稿已保存到 {path}。",
        "draft.exists": "{path} 已经存在，草稿没有保存。",
    },
}

#: Pydantic's reasons for a wrong date, in Chinese.
_ZH_DATE_DETAIL = {"day value is outside expected range": "这个月没有这一天", "month value is outside expected range": "月份应在 1 到 12 之间"}
#: The models' own reasons (value errors), in Chinese; matched by their opening words.
_ZH_VALUE_ERRORS = {
    "must be greater than 0": "金额必须大于 0。",
    "must be a finite number": "请填写一个有限的数字。",
    "is implausibly large": "金额大得不合常理，请检查是否多打了数字。",
    "has more than 18 decimal places": "小数位数不能超过 18 位。",
    "unknown currency": "不认识的币种“{value}”：请使用 ISO 4217 代码（CNY、USD、EUR 等）或 USDT、BTC、ETH 等资产代号。",
    "give the staff member's name or id": "客服的姓名和工号至少要填一项。",
}
_ZH_PATH_DETAIL = "必须是案件文件所在文件夹内的文件"

#: Comments written into the case file, per top-level key (and a header), per language.
YAML_NOTES: dict[str, dict[str, str]] = {
    "en": {
        "header": "A letters case file (format version 1), written by `letters new`; lines starting with # are notes.\n"
        "Edit it whenever you like. Check it:  letters validate {file}\n"
        "First letter:  letters generate {file} --stage first-complaint --out letters-out",
        "case_id": "letters, digits, dot, dash, underscore; also names the output folder",
        "language": "the letters' language: en or zh",
        "complainant": "you",
        "company": "the company you complain to",
        "company.management": "who receives an escalation",
        "staff": "the staff member: name or id, at least one",
        "incidents": "what happened, factually; at least one",
        "evidence": "numbered E1, E2… in this order",
        "policies": "the company's own terms that were not followed",
        "losses": "amounts are quoted; ISO currency codes or USDT, BTC, ETH…",
        "demands": "at least one",
        "response_days": "days the company has to reply",
        "contacts": "record what you send: letters log {file} --kind complaint --date YYYY-MM-DD",
        "footer": "authority:                   # the consumer body for the last stage (optional)\n"
        "  name: …\n  website: …",
    },
    "zh": {
        "header": "letters 案件文件（格式版本 1），由 `letters new` 生成；以 # 开头的行是说明。\n"
        "可以随时修改。检查：letters validate {file}\n"
        "生成第一封投诉函：letters generate {file} --stage first-complaint --out letters-out",
        "case_id": "案件编号：字母、数字、点、横线、下划线；也是输出文件夹的名字",
        "language": "信件语言：zh 中文 / en 英文",
        "complainant": "投诉人（你自己）",
        "company": "被投诉的公司",
        "company.management": "升级投诉的收件人",
        "staff": "被投诉的客服人员：姓名和工号至少填一项",
        "incidents": "发生了什么：至少一条，只写事实",
        "evidence": "证据：按顺序编号 E1、E2…",
        "policies": "对方没有遵守的本公司条款",
        "losses": "损失：金额加引号，币种用 ISO 代码或 USDT、BTC、ETH 等",
        "demands": "你的诉求：至少一项",
        "response_days": "要求对方答复的期限（天）",
        "contacts": "往来记录：寄出投诉后用 letters log {file} --kind complaint --date 年-月-日 记录",
        "footer": "authority:                   # 消费者协会或监管机构（可省略，默认 12315 平台）\n"
        "  name: 12315 全国消费者投诉举报平台\n  website: https://www.12315.cn",
    },
}

_SECTIONS = ("complainant", "company", "staff", "incidents", "evidence", "policies", "losses", "demands", "deadline", "contacts")
_MENU_TABLES = {"Problem": "problem", "EvidenceKind": "evidence", "DemandType": "demand", "ContactKind": "contact"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_DATE_FORMS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_YES = {"y", "yes", "是", "是的", "有", "对", "好", "要"}
_NO = {"n", "no", "否", "不", "不是", "没有", "无", "不要"}


# ---------------------------------------------------------------------------------------
# Asking: one small prompt function over click, so it works in a terminal, a pipe and CliRunner
# ---------------------------------------------------------------------------------------


class EndOfInput(Exception):
    """Standard input ended while a question was waiting for an answer."""


class InterviewStopped(LettersError):
    """The interview ended before the case was complete; nothing half-done was written."""

    def __init__(self, message: str, *, interrupted: bool):
        super().__init__(message)
        self.interrupted = interrupted


class Invalid(ValueError):
    """An answer that must be asked again; the message says why."""


def _read_line(prompt: str) -> str:
    click.echo(prompt, nl=False)
    try:
        line = input()
    except EOFError:
        raise EndOfInput from None
    # a terminal that sends bytes that are not UTF-8 must not break writing the file later
    return line.encode("utf-8", "replace").decode("utf-8")


class Prompter:
    """Asks questions in one language and keeps asking until the answer is valid."""

    def __init__(self, lang: str, *, read: Callable[[str], str] | None = None, interactive: bool | None = None):
        self.lang = lang
        self._read = read or _read_line
        self.interactive = sys.stdin.isatty() if interactive is None else interactive

    def t(self, key: str, **values: Any) -> str:
        return TEXT[self.lang][key].format(**values)

    def say(self, text: str) -> None:
        click.echo(text)

    def warn(self, reason: str) -> None:
        click.echo(click.style(f"  ! {reason}", fg="yellow"))

    def _line(self, prompt: str) -> str:
        answer = self._read(prompt).strip()
        if not self.interactive and self._read is _read_line:
            click.echo(answer)  # a scripted run then reads like a transcript
        return answer

    def ask(self, question: str, parse: Callable[[str], Any] = str, *, optional: bool = False, default: str | None = None) -> Any:
        """The parsed answer; ``None`` when an optional question is skipped."""
        suffix = self.t("default", default=default) if default else (self.t("optional") if optional else "")
        while True:
            text = self._line(question + suffix + self.t("colon")) or (default or "")
            if not text:
                if optional:
                    return None
                self.warn(self.t("required"))
                continue
            try:
                return parse(text)
            except Invalid as exc:
                self.warn(str(exc))

    def yes_no(self, question: str, *, default: bool | None = None, optional: bool = False) -> bool | None:
        key = {True: "yes_no_default_yes", False: "yes_no_default_no", None: "yes_no"}[default]
        while True:
            text = self._line(question + self.t(key) + (self.t("optional") if optional else "") + self.t("colon")).lower()
            if not text and default is not None:
                return default
            if not text and optional:
                return None
            if text in _YES:
                return True
            if text in _NO:
                return False
            self.warn(self.t("bad_yes_no"))

    def choose(self, question: str, options: list[tuple[str, str]], *, many: bool = False, optional: bool = False,
               default: str | None = None) -> Any:
        """One value (or, with ``many``, a list) from a numbered menu; values may be typed by name too."""
        self.say(question)
        for number, (value, label) in enumerate(options, 1):
            self.say(f"  {number}. {label} ({value})")
        default_number = next((str(n) for n, (v, _) in enumerate(options, 1) if v == default), None)

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


@lru_cache(maxsize=None)
def _adapter(model: type, name: str) -> Any:
    """A TypeAdapter of the field's annotation with its constraints: turns a valid answer into its value."""
    from typing import Annotated

    from pydantic import TypeAdapter

    info = model.model_fields[name]
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def _field_reason(model: type, name: str, value: Any, lang: str) -> str | None:
    """Why the model refuses ``value`` for ``name`` (field validators included), or ``None``.

    The model is validated with just this field; errors about other, not yet answered
    fields are ignored.
    """
    from pydantic import ValidationError

    try:
        model.model_validate({name: value})
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
            if lang == "zh":
                detail = next((zh for en, zh in _ZH_DATE_DETAIL.items() if detail.startswith(en)), detail)
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
    if lang == "zh":
        for opening, zh in _ZH_VALUE_ERRORS.items():
            if message.startswith(opening):
                return zh.format(value=str(value).upper())
        if "cannot name an output folder" in message:
            return texts["r_pattern"]
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

    def field(self, model: type, prefix: str, name: str, default: str | None = None) -> Any:
        info = model.model_fields[name]
        question = self.p.t(f"{prefix}.{name}")
        optional = not info.is_required()
        kind = _base_type(info.annotation)
        if isinstance(kind, type) and issubclass(kind, Enum):
            return self.p.choose(question, self.menu(kind), optional=optional, default=default)
        if typing.get_origin(kind) is list:
            return self.p.choose(question, self.menu(typing.get_args(kind)[0]), many=True, optional=True)
        return self.p.ask(question, lambda text: self.check(model, name, text, kind), optional=optional, default=default)

    def menu(self, enum: type[Enum]) -> list[tuple[str, str]]:
        """The letters' own phrase for each choice, so the menu says what the letter will say."""
        labels = PHRASES[self.p.lang][_MENU_TABLES[enum.__name__]]
        return [(m.value, self.p.t("menu.other") if m.value == "other" else labels[m.value]) for m in enum]

    def check(self, model: type, name: str, text: str, kind: Any) -> Any:
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
        if kind is dt.date and value > self.today:
            raise Invalid(t("future", value=value.isoformat(), today=self.today.isoformat()))
        if name == "email" and not _EMAIL.match(value):
            raise Invalid(t("bad_email", value=value))
        if name == "file":
            self.check_file(value)
        return value

    def check_file(self, relative: str) -> None:
        """Evidence files are hashed into the letter, so they must exist beside the case file."""
        from .paths import UnsafePathError, resolve_inside

        try:
            target = resolve_inside(self.base, relative)
        except UnsafePathError as exc:
            detail = _ZH_PATH_DETAIL if self.p.lang == "zh" else str(exc)
            raise Invalid(self.p.t("bad_file", value=relative, detail=detail)) from None
        if not target.is_file():
            raise Invalid(self.p.t("bad_file", value=relative, detail=self.p.t("no_file", folder=self.base.resolve())))

    def model(self, model: type, prefix: str, names: tuple[str, ...], defaults: dict[str, str] | None = None) -> dict[str, Any]:
        """Every field in ``names``; the whole model is then checked (e.g. staff needs a name or an id)."""
        from pydantic import ValidationError

        while True:
            data: dict[str, Any] = {}
            for name in names:
                value = self.field(model, prefix, name, (defaults or {}).get(name))
                if value is not None and value != []:
                    data[name] = value
            try:
                model.model_validate(data)
                return data
            except ValidationError as exc:
                self.p.warn(self.p.t("again", reason=_reason(exc.errors()[0], "", self.p.lang)))

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

    def case_data(self) -> dict[str, Any]:
        """The case in the file's key order (DESIGN.md); unanswered sections are simply absent."""
        s = self.sections
        data: dict[str, Any] = {"version": 1, "case_id": s.get("case_id") or self.suggested_id(), "language": s.get("language") or self.lang}
        for key in ("complainant", "company", "staff", "incidents", "evidence", "policies", "losses", "demands"):
            if key in s:
                data[key] = s[key]
        data["response_days"] = s.get("response_days", 14)
        data["contacts"] = s.get("contacts", [])
        return data

    def suggested_id(self) -> str:
        company = (self.sections.get("company") or {}).get("name", "")
        incidents = self.sections.get("incidents") or []
        first = min((i["date"] for i in incidents), default=dt.date.today())
        return suggest_case_id(company, first)


def suggest_case_id(company: str, first: dt.date) -> str:
    """Initials of the company's Latin words and the first incident's date: ``CL-20260914``."""
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", company)).upper()[:4]
    return f"{initials or 'CASE'}-{first:%Y%m%d}"


def _interview(p: Prompter, a: _Asker, answers: Answers) -> None:
    from .models import Case, Company, Complainant, Contact, ContactKind, Demand, Evidence, Incident, Loss, Management, Policy, Staff

    s = answers.sections
    total = len(_SECTIONS)

    def section(name: str) -> None:
        p.say(p.t("section", n=_SECTIONS.index(name) + 1, total=total, title=p.t(f"sec.{name}")))

    p.say(p.t("intro"))
    section("complainant")
    s["complainant"] = a.model(Complainant, "complainant", ("name", "email", "phone", "address", "account_id"))

    section("company")
    company = a.model(Company, "company", ("name", "department", "address", "email"))
    if p.yes_no(p.t("ask.management"), default=False):
        management = a.model(Management, "management", ("name", "title", "email"))
        if management:
            company["management"] = management
    s["company"] = company

    section("staff")
    p.say(p.t("staff.hint"))
    s["staff"] = a.model(Staff, "staff", ("name", "id", "role"))

    section("incidents")
    p.say(p.t("incidents.hint"))
    s["incidents"] = a.repeat(None, "ask.incident_more", lambda: a.model(Incident, "incident", ("date", "channel", "summary", "problems")))

    section("evidence")
    s["evidence"] = a.repeat("ask.evidence", "ask.evidence_more",
                             lambda: a.model(Evidence, "evidence", ("kind", "date", "description", "file", "reference")))

    section("policies")
    s["policies"] = a.repeat("ask.policy", "ask.policy_more", lambda: a.model(Policy, "policy", ("title", "clause", "summary")))

    section("losses")

    currencies = ["CNY"] if p.lang == "zh" else []

    def loss() -> dict[str, Any]:
        """The currency of the previous loss is offered again."""
        item = a.model(Loss, "loss", ("description", "amount", "currency"), {"currency": currencies[-1]} if currencies else None)
        currencies.append(item["currency"])
        return item

    s["losses"] = a.repeat("ask.loss", "ask.loss_more", loss)

    section("demands")
    s["demands"] = _demands(p, a, Demand)

    section("deadline")
    s["response_days"] = a.field(Case, "case", "response_days", default="14")

    section("contacts")

    def contact() -> dict[str, Any]:
        item = a.model(Contact, "contact", ("date", "kind", "channel", "reference", "summary"))
        if item["kind"] == ContactKind.REPLY.value:
            satisfactory = p.yes_no(p.t("contact.satisfactory"), optional=True)
            if satisfactory is not None:
                item["satisfactory"] = satisfactory
        return item

    s["contacts"] = a.repeat("ask.contact", "ask.contact_more", contact)

    p.say(p.t("section.finish", title=p.t("sec.finish")))
    languages = [("zh", "中文"), ("en", "English")]
    s["language"] = p.choose(p.t("case.language"), languages, default=p.lang)
    s["case_id"] = a.field(Case, "case", "case_id", default=answers.suggested_id())


def _demands(p: Prompter, a: _Asker, demand_model: type) -> list[dict[str, Any]]:
    """The demand types from a menu (at least one), then what is specific about each."""
    options = a.menu(_base_type(demand_model.model_fields["type"].annotation))
    labels = dict(options)
    demands = []
    for kind in p.choose(p.t("demand.type"), options, many=True):
        item: dict[str, Any] = {"type": kind}
        other = kind == "other"
        question = p.t("demand.detail_other") if other else p.t("demand.detail", label=labels[kind])
        detail = p.ask(question, lambda text: a.check(demand_model, "detail", text, str), optional=not other)
        if detail is not None:
            item["detail"] = detail
        demands.append(item)
    return demands


# ---------------------------------------------------------------------------------------
# Writing the case file: commented YAML in the DESIGN.md key order
# ---------------------------------------------------------------------------------------

# Characters YAML cannot hold literally (or would fold as line breaks): written as escapes.
_NEEDS_ESCAPE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
#: Numbers, booleans and nulls of YAML 1.1 *and* 1.2, which other tools (and ruamel) would not read as text.
_YAML_SPECIAL = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:e[-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-f]+|[-+]?\.inf|\.nan"
    r"|true|false|null|~|yes|no|on|off|y|n)$",
    re.IGNORECASE,
)
_NOTE_COLUMN = 31


def _quote(text: str) -> str:
    """A string as YAML reads it back unchanged: plain when safe, else double-quoted."""
    import yaml

    plain = (
        _PLAIN_START.match(text) is not None
        and not _NEEDS_ESCAPE.search(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and not _YAML_SPECIAL.match(text)
    )
    if plain:
        try:
            plain = yaml.safe_load(text) == text
        except yaml.YAMLError:
            plain = False
    if plain:
        return text

    def escape(match: re.Match[str]) -> str:
        code = ord(match[0])
        return {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}.get(code) or (f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")

    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _NEEDS_ESCAPE.sub(escape, body) + '"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, Decimal):
        return f'"{format(value, "f")}"'  # amounts are always quoted: never read as floats
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return _quote(str(value))


def _with_note(line: str, note: str | None) -> str:
    return f"{line.ljust(_NOTE_COLUMN - 1)} # {note}" if note else line


def _node(key: str, value: Any, indent: int, path: str, notes: dict[str, str]) -> list[str]:
    pad = " " * indent
    note = notes.get(path)
    if isinstance(value, dict):
        lines = [_with_note(f"{pad}{key}:", note)]
        for k, v in value.items():
            lines += _node(k, v, indent + 2, f"{path}.{k}", notes)
        return lines
    if isinstance(value, list) and value and isinstance(value[0], dict):
        lines = [_with_note(f"{pad}{key}:", note)]
        for item in value:
            item_lines: list[str] = []
            for k, v in item.items():
                item_lines += _node(k, v, indent + 4, f"{path}[].{k}", notes)
            item_lines[0] = f"{pad}  - {item_lines[0][indent + 4:]}"
            lines += item_lines
        return lines
    return [_with_note(f"{pad}{key}: {_scalar(value)}", note)]


def case_yaml(data: dict[str, Any], lang: str, filename: str) -> str:
    """The case as a commented YAML file like the examples ``letters init`` writes."""
    filename = re.sub(r"[\x00-\x1f\x7f]", "?", filename)  # a note must stay on its line
    notes = {key: text.format(file=filename) for key, text in YAML_NOTES[lang].items()}
    lines = [f"# {line}" for line in notes["header"].splitlines()]
    for key, value in data.items():
        if isinstance(value, (dict, list)) or key == "response_days":
            lines.append("")
        lines += _node(key, value, 0, key, notes)
    lines.append("")
    lines += [f"# {line}" for line in notes["footer"].splitlines()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# Running it
# ---------------------------------------------------------------------------------------


def _check_target(path: str | Path | None, force: bool) -> Path | None:
    if path is None:
        return None
    target = Path(path)
    if target.is_dir():
        raise OutputError(target, "is a folder; give a file name such as my-case.yaml")
    if (target.exists() or target.is_symlink()) and not force:
        raise OutputExistsError(target)
    return target


def _validated(answers: Answers, target: Path, lang: str) -> tuple[str, CaseFile]:
    """The file's text and the case it holds, checked exactly as ``letters validate`` would."""
    from .caseio import parse_case_text

    text = case_yaml(answers.case_data(), lang, target.name)
    return text, parse_case_text(text, target)


def _write(target: Path, text: str, *, force: bool) -> None:
    from .output import write_atomic

    write_atomic(target.absolute(), text.encode("utf-8"), force=force)


def _file_name(p: Prompter, base: Path, suggestion: str, force: bool) -> Path:
    def parse(text: str) -> Path:
        if "/" in text or "\\" in text or text in (".", ".."):
            raise Invalid(p.t("bad_file_name"))
        name = text if text.lower().endswith((".yaml", ".yml")) else f"{text}.yaml"
        target = base / name
        if target.is_dir() or ((target.exists() or target.is_symlink()) and not force):
            raise Invalid(p.t("file_exists", path=target))
        return target

    return p.ask(p.t("file.name"), parse, default=suggestion)


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


def run_interview(path: str | Path | None, lang: str, *, force: bool = False, prompter: Prompter | None = None,
                  today: dt.date | None = None) -> Path:
    """Ask the questions, write the case file, and say which command makes the next letter.

    Nothing is written unless the whole case validates; an existing file is only replaced
    with ``force``. Ctrl-C or the end of input raises :class:`InterviewStopped` (after
    offering to save a draft that validates, in a terminal).
    """
    target = _check_target(path, force)
    base = target.parent if target else Path()
    p = prompter or Prompter(lang)
    answers = Answers(lang)
    today = today or dt.date.today()
    try:
        _interview(p, _Asker(p, base, today), answers)
        if target is None:
            target = _file_name(p, base, f"{answers.sections['case_id']}.yaml", force)
    except KeyboardInterrupt:
        p.say("")  # Ctrl-C leaves the cursor after the question
        draft = _offer_draft(p, answers, target, base, lang, force=force)
        if draft is None:
            raise InterviewStopped(p.t("stopped"), interrupted=True) from None
        return draft
    except EndOfInput:
        raise InterviewStopped(p.t("eof"), interrupted=False) from None
    text, case_file = _validated(answers, target, lang)
    _write(target, text, force=force)
    p.say(p.t("saved", path=target))
    p.say(p.t("next"))
    p.say("  " + next_command(case_file.case, target, today))
    p.say(p.t("check", path=shlex.quote(str(target))))
    return target


def next_command(case: Case, target: Path, today: dt.date) -> str:
    """``letters generate …`` for the stage now due (the first complaint unless one was already sent)."""
    from .stages import case_status

    stage = case_status(case, today).next_stage or "first-complaint"
    return f"letters generate {shlex.quote(str(target))} --stage {stage} --out letters-out"

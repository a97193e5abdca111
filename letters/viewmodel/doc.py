"""What a template author can use: the view-model reference, and one case's view model.

``docs/view-model.md`` is generated here from the real view model's shape (so it cannot
drift from ``letters/context.py``; a test compares them) plus the descriptions below.
Regenerate it with ``python -m letters.viewmodel.doc > docs/view-model.md``.
``letters templates context`` prints one case's view model with :func:`case_view_model`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from letters.viewmodel.shape import SAMPLE_ON, rich_sample, view_model_shape, walk

__all__ = ["DESCRIPTIONS", "reference_markdown", "undescribed_paths", "case_view_model", "flat_lines", "as_json"]

_CONTACT = "or None when there is no such contact; guard it with `{% if … %}`"
_SUMMARY_FIELDS = {
    "date": "date of that contact",
    "date_iso": "the same date as `YYYY-MM-DD`",
    "channel": "how it was sent or made",
    "reference": "ticket or reference number",
    "summary": "what it said",
    "days_since": "days from that contact to the letter date",
}

#: One line per path of the view model; ``[]`` marks the items of a list.
DESCRIPTIONS: dict[str, str] = {
    "lang": "the letter's language: `zh` or `en`",
    "stage": "the stage (`first-complaint`, `follow-up`, `escalation`, `consumer-association`) or your template's name",
    "stage_title": "the stage's title in the letter's language",
    "case_id": "the case id (also names the output folder)",
    "letter_date": "date of the letter (`--on`, default today), written in the letter's language",
    "letter_date_iso": "the letter date as `YYYY-MM-DD`",
    "complainant": "you, the person complaining",
    "complainant.name": "your name",
    "complainant.email": "your email",
    "complainant.phone": "your phone number",
    "complainant.address": "your postal address",
    "complainant.account_id": "your account or wallet id at the company",
    "company": "the company complained to",
    "company.name": "its name",
    "company.department": "the department written to",
    "company.address": "its postal address",
    "company.email": "its email",
    "company.recipient": "the department, or a generic `客户服务部` / `Customer Service Department`",
    "management": "who receives the escalation",
    "management.name": "the manager's name",
    "management.title": "the manager's title; a generic head of customer service when not given",
    "management.email": "the manager's email",
    "management.salutation": "zh `尊敬的{name}{title}：`, en `Dear {name}` (or the title when there is no name)",
    "staff": "the staff member complained about",
    "staff.name": "their name",
    "staff.id": "their staff id",
    "staff.role": "their role",
    "staff.label": "name, id and role in one phrase; works with name or id alone",
    "incidents": "what happened, oldest first",
    "incidents[].date": "date of the incident",
    "incidents[].date_iso": "the same date as `YYYY-MM-DD`",
    "incidents[].channel": "where it happened (chat, phone…)",
    "incidents[].summary": "what happened, as the case file says it",
    "incidents[].problems": "the problems, each as a phrase in the letter's language",
    "incidents[].problems_text": "the problems joined into one phrase (`、` in zh, `, ` in en)",
    "evidence": "the evidence schedule",
    "evidence[].id": "E1, E2… (or the id given in the case file)",
    "evidence[].kind": "chat-log, email, call-recording, screenshot, document, transaction or other",
    "evidence[].kind_text": "the kind as a phrase in the letter's language",
    "evidence[].date": "date of the evidence",
    "evidence[].description": "what it is",
    "evidence[].file": "the file, relative to the case file",
    "evidence[].reference": "ticket number, transaction hash…",
    "evidence[].sha256": "SHA-256 of the file (hex); empty when there is no file",
    "evidence[].size_text": "size of the file (`12.5 KB`); empty when there is no file",
    "policies": "clauses of the company's own terms that were not followed",
    "policies[].title": "the document's title",
    "policies[].clause": "the clause",
    "policies[].summary": "what the clause says",
    "losses": "money lost",
    "losses[].description": "what the loss is",
    "losses[].amount_text": "the amount with its currency (`¥35.50`, `€25.00`, `1.2 USDT`)",
    "losses[].currency": "the currency code or asset symbol",
    "loss_totals": "one total per currency, in order of first appearance",
    "loss_totals[].currency": "the currency code or asset symbol",
    "loss_totals[].amount_text": "the total with its currency",
    "demands": "what you ask for",
    "demands[].type": "apology, explanation, correction, compensation, refund, staff-action or other",
    "demands[].text": "the demand as a request in the letter's language, without final punctuation",
    "demands[].detail": "your own words about it (may be empty)",
    "response_days": "days the company has to reply",
    "deadline": "letter date + response_days, in the letter's language",
    "deadline_iso": "the deadline as `YYYY-MM-DD`",
    "contacts": "the chronology of every contact, oldest first",
    "contacts[].date": "date of the contact",
    "contacts[].date_iso": "the same date as `YYYY-MM-DD`",
    "contacts[].kind": "complaint, follow-up, escalation, filing, reply, call, chat or note",
    "contacts[].kind_text": "the kind as a phrase in the letter's language",
    "contacts[].channel": "how it was sent or made",
    "contacts[].reference": "ticket or reference number",
    "contacts[].summary": "what it said",
    "contacts[].satisfactory": "for replies: true, false, or None when not said",
    "contacts[].outcome_text": "answered, unanswered, unsatisfactory… as a phrase; empty for notes",
    "first_complaint": f"the first complaint sent, {_CONTACT}",
    "last_follow_up": f"the latest follow-up sent, {_CONTACT}",
    "last_escalation": f"the latest escalation sent, {_CONTACT}",
    "last_reply": f"the company's latest reply, {_CONTACT}",
    **{
        f"{obj}.{key}": text
        for obj in ("first_complaint", "last_follow_up", "last_escalation", "last_reply")
        for key, text in _SUMMARY_FIELDS.items()
    },
    "other_channel": "another way to reach the company than the one the complaint went unanswered on",
    "authority": "the consumer association or regulator (a default per language)",
    "authority.name": "its name (zh default: 12315 全国消费者投诉举报平台)",
    "authority.address": "its postal address",
    "authority.website": "its website",
    "authority.email": "its email",
    "authority.phone": "its phone number",
    "authority.known": "whether a body is known for this case (false: the letter leaves a blank to fill in)",
    "authority.kind": "what the body does: conciliate, regulate or ombudsman (empty when not known)",
    "authority.grounds": "sentences citing the law the facts fit, for the grounds paragraph",
    "authority.form_fields": "the fields of the body's online form, in its order: each has label and value",
}

_INTRO = """\
# The view model: what a template can use

<!-- Generated by `python -m letters.viewmodel.doc > docs/view-model.md` from letters/viewmodel/build.py;
     do not edit by hand (tests/templates/test_docs.py checks it is current). -->

Every template, built-in or yours, receives the same view model. It is already written
in the letter's language: dates (`25 November 2026` / `2026年11月25日`), money with its
currency, phrases for problems, demands and contact kinds. Text the case leaves out is an
empty string, so `{% if complainant.phone %}` is the way to leave a line out; lists may
be empty; the objects marked *or None* are missing when there is no such contact.
`name[]` means each item of the list `name`: `{% for e in evidence %}{{ e.id }}{% endfor %}`.

See the view model of your own case with `letters templates context CASE --stage S`
(add `--json` for all of it as JSON). The examples below are from a sample English and
Chinese case with every optional section filled in, dated {on}.

| name | type | what | example (en) | example (zh) |
|---|---|---|---|---|
"""


def _example(context: dict[str, Any], path: str) -> str:
    value: Any = context
    for part in path.replace("[]", ".[]").split("."):
        if part == "[]":
            value = value[0] if value else None
        elif isinstance(value, dict):
            value = value.get(part)
        if value is None:
            return ""
    if isinstance(value, (dict, list)) and not (isinstance(value, list) and value and isinstance(value[0], str)):
        return ""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (bool, list)) else str(value)
    text = text if len(text) <= 40 else text[:39] + "…"
    return f"`{text}`" if text else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_markdown() -> str:
    """The whole of ``docs/view-model.md``."""
    samples = (rich_sample("en"), rich_sample("zh"))
    rows = [
        "| `{}` | {} | {} | {} | {} |".format(
            path, shape.type_text(), _cell(DESCRIPTIONS.get(path, "")), *(_cell(_example(s, path)) for s in samples)
        )
        for path, shape in walk(view_model_shape())
    ]
    return _INTRO.replace("{on}", SAMPLE_ON.isoformat()) + "\n".join(rows) + "\n"


def undescribed_paths() -> list[str]:
    """Paths of the view model that :data:`DESCRIPTIONS` does not explain yet."""
    return [path for path, _ in walk(view_model_shape()) if path not in DESCRIPTIONS]


def case_view_model(case_path: str | Path, name: str, on: dt.date | None = None) -> dict[str, Any]:
    """The exact view model a template named ``name`` (a stage or your own) receives for the case."""
    from letters.casefile.load import load_case
    from letters.viewmodel.build import build_context

    return build_context(load_case(case_path), name, on or dt.date.today())


def flat_lines(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[str]:
    """``complainant.name = Jane Doe``, ``evidence[0].id = E1``…: one line per value, for reading
    (paths written as case-file errors write them)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from flat_lines(child, (*loc, key))
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for index, child in enumerate(value):
            yield from flat_lines(child, (*loc, index))
    else:
        from letters.errors import field_path

        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        yield f"{field_path(loc)} = {shown}"


def as_json(context: dict[str, Any]) -> str:
    return json.dumps(context, ensure_ascii=False, indent=2)


if __name__ == "__main__":  # pragma: no cover - the documented way to regenerate the reference
    print(reference_markdown(), end="")

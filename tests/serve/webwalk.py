"""Walking the web interview with plain HTTP (Starlette's TestClient): read a page, answer it, follow on."""

from __future__ import annotations

import html
import re
from typing import Any

#: The English answers of one new case, by question (``data-question``); unnamed questions take
#: what the page offers (its default) or stay empty.
EN_CASE: dict[str, Any] = {
    "complainant.name": "Jane Doe",
    "complainant.email": "jane.doe@example.com",
    "company.name": "CoinVault Ltd",
    "company.email": "support@coinvault.example",
    "ask.management": "n",
    "company.sector": ["5"],  # crypto-assets
    "ask.purchase": "n",
    "ask.staff": "y",
    "staff.name": "Mark",
    "staff.role": "live-chat agent",
    "ask.staff_more": "n",
    "incident.date": "2026-09-14",
    "incident.channel": "live chat",
    "incident.summary": 'He told me to "stop wasting his time",\nthen closed the chat.',
    "incident.problems": ["1", "6"],
    "ask.incident_more": "n",
    "ask.evidence": "n",
    "ask.policy": "n",
    "ask.loss": "y",
    "loss.description": "Priority fee charged without basis",
    "loss.amount": "25.00",
    "loss.currency": "EUR",
    "ask.loss_more": "n",
    "demand.type": ["5", "1"],
    "case.response_days": "14",
    "ask.contact": "n",
    "case.case_id": "CW-WEB-1",
}


def form_of(page: str) -> dict[str, Any]:
    """The question form on a page: its action, kind, question key, CSRF token and offered value."""
    found = re.search(r'<form method="post" data-kind="(\w+)" data-question="([\w.]*)" action="([^"]+)"', page)
    assert found, page[:2000]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf
    value = re.search(r'id="answer" name="answer" type="text" value="([^"]*)"', page) or re.search(
        r'<textarea id="answer" name="answer"[^>]*>([^<]*)</textarea>', page
    )
    checked = re.findall(r'name="answer" value="([^"]+)" id="[^"]+" checked', page)
    return {
        "kind": found[1],
        "key": found[2],
        "action": html.unescape(found[3]),
        "csrf": csrf[1],
        "value": html.unescape(value[1]) if value else None,
        "checked": checked,
    }


def answer_for(form: dict[str, Any], answers: dict[str, Any]) -> Any:
    if form["key"] in answers:
        return answers[form["key"]]
    if form["kind"] in ("one", "many"):
        return form["checked"]
    if form["kind"] == "yes_no":
        return form["checked"][0] if form["checked"] else "n"
    return form["value"] or ""


def walk(client: Any, start: str, answers: dict[str, Any], *, limit: int = 80) -> tuple[Any, list[str]]:
    """Answer every page from ``start`` until the interview leaves the question pages; the last response and the keys asked."""
    response = client.get(start)
    asked: list[str] = []
    for _ in range(limit):
        if 'data-kind="' not in response.text:
            return response, asked
        form = form_of(response.text)
        asked.append(form["key"] or form["kind"])
        data: dict[str, Any] = {"csrf": form["csrf"]}
        if form["kind"] == "review":
            data["action"] = "save"
        else:
            data["answer"] = answer_for(form, answers)
        response = client.post(form["action"], data=data)
        assert response.status_code == 200, (form, response.text[:3000])
    raise AssertionError(f"the interview did not end in {limit} pages: {asked}")

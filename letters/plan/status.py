"""``letters status``: where each case stands, as text for people and as data for scripts.

One report per case file: the chronology of contacts and what came of each, the stages
already sent, the next stage and the day it is (or was) due, overdue days, closed or not.
Both forms are built from the same dict so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from letters.casefile.load import CaseFile, load_case
from letters.casefile.model import Case
from letters.errors import LettersError
from letters.locale import _, language, ngettext
from letters.plan.jurisdiction import body_name, check_jurisdiction, clocks, filing_gate, resolve
from letters.plan.stages import case_status, chronology, contact_outcome

__all__ = ["format_status", "status_report", "status_reports"]


def status_report(case_file: CaseFile, on: dt.date) -> dict[str, Any]:
    """The status of one case as JSON-able data (dates as ISO strings)."""
    case = case_file.case
    check_jurisdiction(case_file)
    status = case_status(case, on)
    contacts = chronology(case)
    where = resolve(case)
    return {
        "path": str(case_file.path),
        "case_id": case.case_id,
        "language": case.language,
        "on": on.isoformat(),
        "closed": status.closed,
        "next_stage": status.next_stage,
        "due": status.due.isoformat() if status.due else None,
        "is_due": status.is_due,
        "overdue_days": status.overdue_days,
        "reason": status.reason,
        "sent": {stage: day.isoformat() for stage, day in status.sent.items()},
        "chronology": [
            {
                "date": c.date.isoformat(),
                "kind": c.kind.value,
                "channel": c.channel,
                "reference": c.reference,
                "summary": c.summary,
                "satisfactory": c.satisfactory,
                "outcome": contact_outcome(c, contacts) or None,
            }
            for c in contacts
        ],
        "gate": _gate(case),
        "jurisdiction": where.code,
        "jurisdiction_inferred": where.inferred,
        "clocks": [
            {
                "what": clock.what,
                "after": clock.after,
                "from": clock.start.isoformat(),
                "due": clock.due.isoformat(),
                "estimate": bool(clock.estimate),
                "estimate_reason": clock.estimate,
                "days_left": (clock.due - on).days,
            }
            for clock in clocks(case)
        ],
    }


def _gate(case: Case) -> dict[str, Any]:
    """When the body can take the filing and until when: the one gate every command reads."""
    gate = filing_gate(case)
    return {
        "body": body_name(case, gate.body, language()) if gate.body else None,
        "opens": gate.opens.isoformat() if gate.opens else None,
        "by": gate.by,
        "span": gate.span.words(language()) if gate.span else None,
        "from": gate.start.isoformat() if gate.start else None,
        "final": gate.final.isoformat() if gate.final else None,
        "bars": [{"what": b.what, "from": b.start.isoformat(), "last": b.last.isoformat()} for b in gate.bars],
    }


def format_status(report: dict[str, Any]) -> str:
    """The report as a few aligned lines for a terminal."""
    lines = [_("{path} ({case_id}, {language}) on {on}").format(**report)]
    if report["chronology"]:
        lines.append("  " + _("chronology:"))
        for c in report["chronology"]:
            parts = [
                c["date"],
                _kind_word(c["kind"]),
                c["channel"],
                c["reference"] and _("ref {reference}").format(reference=c["reference"]),
                _outcome_word(c["outcome"]),
            ]
            lines.append("    " + "  ".join(str(p) for p in parts if p))
    else:
        lines.append("  " + _("chronology: (no contacts logged)"))
    sent = ", ".join(f"{stage} {day}" for stage, day in report["sent"].items())
    lines.append("  " + _("sent: {sent}").format(sent=sent or _("nothing yet")))
    lines.append("  " + _next_line(report))
    if report["next_stage"] == "consumer-association":
        lines += ["  " + line for line in _gate_lines(report["gate"])]
    if report["clocks"]:
        lines.append("  " + _("clocks:"))
        lines += ["    " + _clock_line(clock) for clock in report["clocks"]]
    return "\n".join(lines)


def _gate_lines(gate: dict[str, Any]) -> list[str]:
    if not gate["body"]:
        return []
    if gate["by"] == "final":
        line = _("{body} can take the filing from {date}: the firm's final response of {date}")
    elif gate["by"] == "wait":
        line = _("{body} can take the filing from {date}: {span} after the complaint of {start}")
    elif gate["by"] == "pending":
        line = _(
            "{body} can take the filing after the firm's final response, or a waiting period counted from the complaint (none logged yet)"
        )
    else:
        line = _("{body} sets no waiting period of its own")
    lines = [line.format(body=gate["body"], date=gate["opens"], span=gate["span"], start=gate["from"])]
    lines += [
        _("time bar: {last}, the end of {what} (from {start})").format(last=b["last"], what=b["what"], start=b["from"])
        for b in gate["bars"]
    ]
    return lines


def _kind_word(kind: str) -> str:
    """A contact's kind in the user's language (``--json`` keeps the case file's own word)."""
    words = {
        "complaint": _("complaint"),
        "follow-up": _("follow-up"),
        "escalation": _("escalation"),
        "filing": _("filing"),
        "reply": _("reply"),
        "call": _("call"),
        "chat": _("chat"),
        "note": _("note"),
    }
    return words.get(kind, kind)


def _outcome_word(outcome: str | None) -> str:
    """What came of a contact, in the user's language; a reply not yet judged says so
    (not "reply" a second time)."""
    words = {
        "satisfactory": _("satisfactory"),
        "unsatisfactory": _("unsatisfactory"),
        "reply": _("not yet marked satisfactory or not"),
        "answered": _("answered"),
        "unanswered": _("unanswered"),
    }
    return words.get(outcome or "", outcome or "")


def _clock_line(clock: dict[str, Any]) -> str:
    """``2026-10-12  <what> (from the filing of 2026-09-25; 3 days left)``, an estimate said so."""
    left = clock["days_left"]
    if left > 0:
        when = ngettext("{n} day left", "{n} days left", left).format(n=left)
    elif left == 0:
        when = _("due today")
    else:
        when = ngettext("passed {n} day ago", "passed {n} days ago", -left).format(n=-left)
    estimate = _("; an estimate: {reason}").format(reason=clock["estimate_reason"]) if clock["estimate"] else ""
    return _("{due}  {what} (from the {after} of {start}; {when}{estimate})").format(
        due=clock["due"], what=clock["what"], after=clock["after"], start=clock["from"], when=when, estimate=estimate
    )


def _next_line(report: dict[str, Any]) -> str:
    if report["closed"]:
        return _("closed ({reason})").format(reason=report["reason"].removeprefix(_("closed: ")))
    if not report["next_stage"]:
        return _("nothing due: {reason}").format(reason=report["reason"])
    due = report["due"]
    if report["overdue_days"]:
        days = report["overdue_days"]
        when = ngettext("was due {due}, overdue by {n} day", "was due {due}, overdue by {n} days", days).format(due=due, n=days)
    elif report["is_due"]:
        when = _("due today ({due})").format(due=due)
    else:
        when = _("due {due}").format(due=due)
    return _("next: {stage} {when} ({reason})").format(stage=report["next_stage"], when=when, reason=report["reason"])


def status_reports(
    paths: Iterable[str | Path], on: dt.date | None, *, on_error: Callable[[str | Path, LettersError], None]
) -> list[dict[str, Any]]:
    """Reports for every case that loads; each failure goes to ``on_error`` and the rest go on.

    ``on`` stands in for today (``None``: today); a record dated later does not load.
    """
    reports = []
    day = on or dt.date.today()
    for path in paths:
        try:
            reports.append(status_report(load_case(path, on=on), day))
        except LettersError as exc:
            on_error(path, exc)
    return reports

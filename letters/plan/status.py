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
from letters.errors import LettersError
from letters.plan.jurisdiction import check_jurisdiction, clocks, resolve
from letters.plan.stages import case_status, chronology, contact_outcome

__all__ = ["status_report", "format_status", "status_reports"]


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


def format_status(report: dict[str, Any]) -> str:
    """The report as a few aligned lines for a terminal."""
    lines = [f"{report['path']} ({report['case_id']}, {report['language']}) on {report['on']}"]
    if report["chronology"]:
        lines.append("  chronology:")
        for c in report["chronology"]:
            parts = [c["date"], c["kind"], c["channel"], c["reference"] and f"ref {c['reference']}", c["outcome"]]
            lines.append("    " + "  ".join(str(p) for p in parts if p))
    else:
        lines.append("  chronology: (no contacts logged)")
    sent = ", ".join(f"{stage} {day}" for stage, day in report["sent"].items())
    lines.append(f"  sent: {sent or 'nothing yet'}")
    lines.append("  " + _next_line(report))
    if report["clocks"]:
        lines.append("  clocks:")
        lines += ["    " + _clock_line(clock) for clock in report["clocks"]]
    return "\n".join(lines)


def _clock_line(clock: dict[str, Any]) -> str:
    """``2026-10-12  <what> (from the filing of 2026-09-25; 3 days left)``, an estimate said so."""
    left = clock["days_left"]
    if left > 0:
        when = f"{left} day{'s' if left != 1 else ''} left"
    elif left == 0:
        when = "due today"
    else:
        when = f"passed {-left} day{'s' if left != -1 else ''} ago"
    estimate = f"; an estimate: {clock['estimate_reason']}" if clock["estimate"] else ""
    return f"{clock['due']}  {clock['what']} (from the {clock['after']} of {clock['from']}; {when}{estimate})"


def _next_line(report: dict[str, Any]) -> str:
    if report["closed"]:
        return f"closed ({report['reason'].removeprefix('closed: ')})"
    if not report["next_stage"]:
        return f"nothing due: {report['reason']}"
    due = report["due"]
    if report["overdue_days"]:
        when = f"was due {due}, overdue by {report['overdue_days']} day{'s' if report['overdue_days'] != 1 else ''}"
    elif report["is_due"]:
        when = f"due today ({due})"
    else:
        when = f"due {due}"
    return f"next: {report['next_stage']} {when} ({report['reason']})"


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

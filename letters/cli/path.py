"""``status`` and ``log``: following a case along the complaint path."""

from __future__ import annotations

import datetime as dt

import click

from letters.casefile.model import ContactKind
from letters.cli.options import DATE, on_option


@click.command("status")
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=True))
@on_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per case (dates as YYYY-MM-DD).")
def status_cmd(cases: tuple[str, ...], on: dt.date | None, as_json: bool) -> None:
    """Show each case's chronology, the stages sent, and what is due next and when.

    A case whose file has errors is reported on stderr (exit 1) and the others are
    still shown. The JSON form has next_stage, due, overdue_days, closed, sent and
    chronology for each case.

    \b
    Example:
        letters status cases/*.yaml --on 2026-11-01
        letters status my-case.yaml --json
    """
    import json

    from letters.plan.status import format_status, status_reports

    failed = []

    def report_error(path: object, exc: Exception) -> None:
        failed.append(path)
        for line in str(exc).splitlines():
            click.echo(f"Error: {line}", err=True)

    reports = status_reports(cases, on, on_error=report_error)
    if as_json:
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(format_status(r) for r in reports))
    if failed:
        raise SystemExit(1)


@click.command("log")
@click.argument("case", type=click.Path(dir_okay=True))
@click.option("--kind", "-k", required=True, type=click.Choice([k.value for k in ContactKind]), help="What happened.")
@click.option("--date", "-d", "date", required=True, type=DATE, help="When (YYYY-MM-DD).")
@click.option("--channel", "-c", default=None, help="How: email, in-app chat, hotline, post…")
@click.option("--reference", "-r", default=None, help="Ticket number, tracking number, email subject…")
@click.option("--summary", "-m", default=None, help="What was said or sent, in a sentence.")
@click.option("--satisfactory/--unsatisfactory", default=None, help="For --kind reply: did the reply settle the complaint?")
@on_option
def log_cmd(
    case: str,
    kind: str,
    date: dt.date,
    channel: str | None,
    reference: str | None,
    summary: str | None,
    satisfactory: bool | None,
    on: dt.date | None,
) -> None:
    """Append a contact to the case file's log, keeping its comments and layout.

    An invalid entry, one the record cannot have (a reply before the complaint, an
    escalation before any follow-up, a date after today), or a case file that does not
    validate, is refused and the file is left exactly as it was.

    \b
    Example:
        letters log my-case.yaml --kind complaint --date 2026-10-08 --channel email --reference TICKET-5521
        letters log my-case.yaml --kind reply --date 2026-10-15 --unsatisfactory --summary "Refused a refund"
    """
    from letters.casefile.logbook import append_contact
    from letters.plan.stages import case_status

    saved = append_contact(
        case, kind=kind, date=date, channel=channel, reference=reference, summary=summary, satisfactory=satisfactory, on=on
    )
    status = case_status(saved.case, on or dt.date.today())
    if status.next_stage:
        nxt = f"next: {status.next_stage} due {status.due.isoformat() if status.due else 'now'}"
    else:
        nxt = status.reason
    click.echo(f"Logged {kind} of {date.isoformat()} in {case} ({nxt})")

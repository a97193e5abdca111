"""``status`` and ``log``: following a case along the complaint path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from letters.casefile.terms import ContactKind
from letters.cli import messages
from letters.cli.options import DATE, complete_case_files, on_option
from letters.locale import N_, _


@click.command(
    "status",
    help=N_("""Show each case's chronology, the stages sent, and what is due next and when.

    A case whose file has errors is reported on stderr (exit 1) and the others are
    still shown. The JSON form has next_stage, due, overdue_days, closed, sent and
    chronology for each case. Only reads the case files; changes no file.

    \b
    Example:
        letters status cases/*.yaml --on 2026-11-01
        letters status my-case.yaml --json
    """),
)
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=True), shell_complete=complete_case_files)
@on_option
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON list, one object per case (dates as YYYY-MM-DD)."))
def status_cmd(cases: tuple[str, ...], on: dt.date | None, as_json: bool) -> None:
    import json

    from letters.plan.status import format_status, status_reports

    failed = []

    def report_error(path: object, exc: Exception) -> None:
        failed.append(path)
        messages.error(str(exc))

    reports = status_reports(cases, on, on_error=report_error)
    if as_json:
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        messages.say("\n\n".join(format_status(r) for r in reports))
    if failed:
        raise SystemExit(1)


class EntryType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click than 8.1
    """An entry of the log: its number from 1, or ``last``."""

    name = "N|last"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        text = str(value).strip().lower()
        if text == "last":
            return text
        if text.isdigit() and int(text) >= 1:
            return int(text)
        raise click.BadParameter(
            _("{value!r} is not an entry number; give 1, 2, … or last").format(value=value), ctx, param
        )  # as self.fail


@click.command(
    "log",
    help=N_("""Append a contact to the case file's log, or amend one, keeping its comments and layout.

    This command changes only the case file's contacts list. An invalid entry, or a case
    file that does not validate, is refused and the file is left exactly as it was.

    \b
    Example:
        letters log my-case.yaml --kind complaint --date 2026-10-08 --channel email --reference TICKET-5521
        letters log my-case.yaml --kind reply --date 2026-10-15 --unsatisfactory --summary "Refused a refund"
        letters log my-case.yaml --amend last --unsatisfactory
        letters log my-case.yaml --kind reply --date 2026-09-02 --satisfactory --promise "a refund of HK$2,380" --promise-by 2026-09-22
        letters log my-case.yaml --amend 3 --kept
        letters log my-case.yaml --kind reply --date 2026-10-12 --final --summary "Final response: complaint not upheld"
    """),
)
@click.argument("case", type=click.Path(dir_okay=True), shell_complete=complete_case_files)
@click.option("--kind", "-k", default=None, type=click.Choice([k.value for k in ContactKind]), help=N_("What happened (a new entry)."))
@click.option("--date", "-d", "date", default=None, type=DATE, help=N_("When (YYYY-MM-DD)."))
@click.option("--channel", "-c", default=None, help=N_("How: email, in-app chat, hotline, post…"))
@click.option("--reference", "-r", default=None, help=N_("Ticket number, tracking number, email subject…"))
@click.option("--summary", "-m", default=None, help=N_("What was said or sent, in a sentence."))
@click.option("--satisfactory/--unsatisfactory", default=None, help=N_("For --kind reply: did the reply settle the complaint?"))
@click.option("--promise", default=None, help=N_("For --kind reply: what the reply promised (a refund, a callback…)."))
@click.option("--promise-by", "promise_by", default=None, type=DATE, help=N_("For --kind reply: the date it promised it by (YYYY-MM-DD)."))
@click.option("--kept", is_flag=True, default=None, help=N_("With --amend: the reply's promise was kept."))
@click.option("--final", is_flag=True, default=None, help=N_("For --kind reply: it is the company's final response (deadlock letter)."))
@click.option(
    "--amend",
    "amend",
    default=None,
    type=EntryType(),
    help=N_("Change entry N of the log (from 1, or last) instead of adding one: its date, channel, reference, summary or outcome."),
)
@on_option
def log_cmd(
    case: str,
    kind: str | None,
    date: dt.date | None,
    channel: str | None,
    reference: str | None,
    summary: str | None,
    satisfactory: bool | None,
    promise: str | None,
    promise_by: dt.date | None,
    kept: bool | None,
    final: bool | None,
    amend: int | str | None,
    on: dt.date | None,
) -> None:
    from letters.casefile.logbook import amend_contact, append_contact
    from letters.plan.stages import case_status

    if amend is not None:
        if kind is not None:
            raise click.UsageError(_("--amend changes an entry's date, channel, reference, summary or outcome, not its kind"))
        changes = {"date": date, "channel": channel, "reference": reference, "summary": summary, "satisfactory": satisfactory}
        changes |= {"promise": promise, "promise_by": promise_by, "kept": kept, "final": final}
        if all(v is None for v in changes.values()):
            raise click.UsageError(
                _(
                    "--amend needs something to change: --date, --channel, --reference, --summary, "
                    "--satisfactory/--unsatisfactory, --promise, --promise-by, --kept or --final"
                )
            )
        saved, index = amend_contact(case, amend, changes, on=on)
        entry = saved.case.contacts[index]
        message = _("Amended entry {number} ({kind} of {date}) in {case}").format(
            number=index + 1, kind=entry.kind.value, date=entry.date.isoformat(), case=case
        )
    else:
        if kind is None or date is None:
            raise click.UsageError(_("a new entry needs --kind and --date (or use --amend N to change one)"))
        if kept is not None:
            raise click.UsageError(_("--kept marks an earlier reply's promise: use it with --amend N"))
        saved = append_contact(
            case,
            kind=kind,
            date=date,
            channel=channel,
            reference=reference,
            summary=summary,
            satisfactory=satisfactory,
            promise=promise,
            promise_by=promise_by,
            final=final,
            on=on,
        )
        message = _("Logged {kind} of {date} in {case}").format(kind=kind, date=date.isoformat(), case=case)
    status = case_status(saved.case, on or dt.date.today())
    if status.next_stage:
        nxt = _("next: {stage} due {due}").format(stage=status.next_stage, due=status.due.isoformat() if status.due else _("now"))
    else:
        nxt = status.reason
    messages.say(_("{message} ({next})").format(message=message, next=nxt))

"""``init``, ``validate``, ``generate`` and ``schema``."""

from __future__ import annotations

import datetime as dt

import click

from letters.cli import messages
from letters.cli.options import (
    complete_case_files,
    engine_option,
    force_option,
    format_option,
    lang_option,
    on_option,
    out_option,
    stage_option,
    strict_option,
    templates_option,
)
from letters.locale import N_, _, language


@click.command(
    "init",
    help=N_("""Write a commented example case file to fill in.

    Writes PATH (never over an existing file without --force) and, beside it, the
    case.schema.json that its first line points editors at (an existing one is kept).

    \b
    Example:
        letters init my-case.yaml --lang en
    """),
)
@click.argument("path", type=click.Path(dir_okay=False), default="case.yaml")
@lang_option(
    N_(
        "Language of the example and its letters (zh-Hant: a Hong Kong case in Traditional Chinese). "
        "Default: the locale's (zh-Hant under a Hong Kong, Taiwan or Macao locale, zh under another Chinese one), en otherwise."
    )
)
@click.option("--force", is_flag=True, help=N_("Replace the case file at PATH if it already exists."))
def init_cmd(path: str, lang: str | None, force: bool) -> None:
    from letters.casefile.example import write_example

    done = write_example(path, lang or language(), force=force)
    if done.schema is not None:
        messages.say(
            _("Wrote {case} and {schema} (editors that read its first line complete and check keys).").format(
                case=done.case, schema=done.schema
            )
        )
    else:
        messages.say(
            _("Wrote {case}; kept the existing {schema} (refresh it with: letters schema > {schema}).").format(
                case=done.case, schema=done.schema_kept
            )
        )
    messages.say(_("Fill it in, then: letters validate {case}").format(case=done.case))


@click.command(
    "validate",
    help=N_("""Check case files (and, with --stage, that stage's prerequisites).

    Prints one line per file that is fine and one `Error:` line per problem;
    warnings (such as angry wording, or a value cut at #) do not fail the check.
    Only reads the case files and their evidence files; changes no file.

    \b
    Example:
        letters validate cases/*.yaml --stage follow-up
    """),
)
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=True), shell_complete=complete_case_files)
@stage_option
@on_option
@strict_option
def validate_cmd(cases: tuple[str, ...], stage: str | None, on: dt.date | None, strict: bool) -> None:
    from letters.pipeline import validate_case

    ok = True
    for path in cases:
        report = validate_case(path, stage=stage, on=on, strict=strict)
        messages.error(report.errors)
        messages.warning(report.warnings)
        if report.ok:
            messages.say(f"{path}: {report.summary}")
        ok = ok and report.ok
    if not ok:
        raise SystemExit(1)


@click.command(
    "generate",
    help=N_("""Write the letter for one stage of a case, as OUT/<case_id>/<stage>.<format>.

    Without --stage or --template it writes the letter that is due now and says which;
    when nothing is due it exits 1 saying what is next and when. It never replaces a
    letter without --force, and changes the case file only with --record (one entry
    appended to its contacts, comments kept).

    \b
    Example:
        letters generate my-case.yaml --out letters-out
        letters generate my-case.yaml --stage first-complaint --format docx,txt --out letters-out
        letters generate my-case.yaml --stage follow-up --record --channel email --reference TICKET-5521
    """),
)
@click.argument("case", type=click.Path(dir_okay=True), shell_complete=complete_case_files)
@stage_option
@click.option("--template", "template", default=None, help=N_("Render a template of your own (not one of the stages), e.g. refund-demand."))
@format_option
@out_option
@templates_option
@on_option
@force_option
@click.option("--record", is_flag=True, help=N_("After writing, log the letter in the case file's contacts as sent on the letter date."))
@click.option("--channel", "-c", default=None, help=N_("With --record: how you send it (email, post, in-app chat…)."))
@click.option("--reference", "-r", default=None, help=N_("With --record: its ticket, tracking number or email subject."))
@strict_option
@engine_option
def generate_cmd(
    case: str,
    stage: str | None,
    template: str | None,
    formats: str,
    out: str,
    template_dirs: tuple[str, ...],
    on: dt.date | None,
    force: bool,
    record: bool,
    channel: str | None,
    reference: str | None,
    strict: bool,
    engine: str,
) -> None:
    from letters.pipeline import generate, parse_formats

    if stage is not None and template is not None:
        raise click.UsageError(_("give one of --stage or --template, not both"))
    if record and template is not None:
        raise click.UsageError(_("--record goes with --stage: a template of your own is not a step of the complaint path"))
    if (channel or reference) and not record:
        raise click.UsageError(_("--channel and --reference describe the entry --record writes; add --record"))
    written = generate(
        case,
        stage=stage,
        template=template,
        formats=parse_formats(formats),
        out=out,
        template_dirs=template_dirs,
        on=on,
        force=force,
        record=record,
        engine=engine,
        channel=channel,
        reference=reference,
        strict=strict,
    )
    if written.due_reason:
        messages.say(_("Due now: the {stage} ({reason})").format(stage=written.stage, reason=written.due_reason))
    messages.warning(written.warnings)
    for path in written:
        messages.say(_("Wrote {path}").format(path=path))
    if written.recorded:
        messages.say(_("Recorded the {stage} as sent in {case}").format(stage=written.stage, case=case))
    elif written.already_recorded:
        day = written.already_recorded.isoformat()
        messages.say(
            _("Not recorded again: the {stage} is already recorded as sent on {day} in {case}").format(
                stage=written.stage, day=day, case=case
            )
        )


@click.command(
    "upgrade",
    help=N_("""Rewrite version 1 case files as version 2, in place.

    Every default version 1 implied is written out: the staff member becomes the list's
    entry S1, each incident lists the staff it involved (staff: [S1], or staff: [] where it
    said staff_involved: false), losses get their ids and the demand that claimed them lists
    them. Comments and key order are kept; a file is only replaced when the new text means
    exactly what the old one did. Version 2 files are left as they are. With --check,
    nothing is written: the changes are listed and the exit status is 1 if any file would change.

    \b
    Example:
        letters upgrade my-case.yaml
        letters upgrade cases/*.yaml --check
    """),
)
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=True), shell_complete=complete_case_files)
@click.option("--check", is_flag=True, help=N_("List what would change; write nothing (exit 1 if anything would)."))
def upgrade_cmd(cases: tuple[str, ...], check: bool) -> None:
    from letters.casefile.logbook import upgrade_case
    from letters.errors import LettersError

    failed = pending = False
    for path in cases:
        try:
            done = upgrade_case(path, check=check)
        except LettersError as exc:
            messages.error(str(exc))
            failed = True
            continue
        if not done.changes:
            messages.say(_("{path}: already version 2; nothing to change").format(path=path))
            continue
        pending = True
        head = _("{path}: would change to version 2:") if check else _("{path}: upgraded to version 2:")
        messages.say(head.format(path=path))
        for change in done.changes:
            messages.say(f"  - {change}")
    if failed or (check and pending):
        raise SystemExit(1)


@click.command(
    "schema",
    help=N_("""Print the JSON Schema of the case file, for editor completion.

    It goes to standard output; no file is written (`letters init` writes case.schema.json).

    \b
    Example:
        letters schema > case.schema.json
    """),
)
def schema_cmd() -> None:
    from letters.casefile.schema import case_schema_json

    click.echo(case_schema_json())

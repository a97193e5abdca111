"""``init``, ``validate``, ``generate`` and ``schema``."""

from __future__ import annotations

import click

from letters.cli.options import engine_option, force_option, on_option, out_option, stage_option, strict_option, templates_option


@click.command("init")
@click.argument("path", type=click.Path(dir_okay=False), default="case.yaml")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the example and its letters.")
@force_option
def init_cmd(path: str, lang: str, force: bool) -> None:
    """Write a commented example case file to fill in.

    \b
    Example:
        letters init my-case.yaml --lang en
    """
    from letters.casefile.example import write_example

    written = write_example(path, lang, force=force)
    click.echo(f"Wrote {written}. Fill it in, then: letters validate {written}")


@click.command("validate")
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=True))
@stage_option
@on_option
@strict_option
def validate_cmd(cases: tuple[str, ...], stage: str | None, on: object, strict: bool) -> None:
    """Check case files (and, with --stage, that stage's prerequisites).

    Prints one line per file that is fine and one `Error:` line per problem;
    warnings (angry wording; with --stage, a chase before its deadline or a stage
    already sent) do not fail the check unless --strict is given.

    \b
    Example:
        letters validate cases/*.yaml --stage follow-up
    """
    from letters.pipeline import validate_case

    ok = True
    for path in cases:
        report = validate_case(path, stage=stage, on=on, strict=strict)  # type: ignore[arg-type]
        for line in report.errors:
            click.echo(f"Error: {line}", err=True)
        for warning in report.warnings:
            click.echo(f"Warning: {warning}", err=True)
        if report.ok:
            click.echo(f"{path}: {report.summary}")
        ok = ok and report.ok
    if not ok:
        raise SystemExit(1)


@click.command("generate")
@click.argument("case", type=click.Path(dir_okay=True))
@stage_option
@click.option("--template", "template", default=None, help="Render a template of your own (not one of the stages), e.g. refund-demand.")
@click.option(
    "--format",
    "-f",
    "formats",
    default="docx,txt",
    show_default=True,
    help="Comma-separated: docx, txt, pdf (needs LibreOffice), eml (an e-mail draft to send yourself).",
)
@out_option
@templates_option
@on_option
@force_option
@click.option("--record", is_flag=True, help="After writing, log the letter as sent on the letter date (never twice).")
@strict_option
@engine_option
def generate_cmd(
    case: str,
    stage: str | None,
    template: str | None,
    formats: str,
    out: str,
    template_dirs: tuple[str, ...],
    on: object,
    force: bool,
    record: bool,
    strict: bool,
    engine: str,
) -> None:
    """Write the letter for one stage of a case, as OUT/<case_id>/<stage>.<format>.

    \b
    Example:
        letters generate my-case.yaml --stage first-complaint --format docx,txt --out letters-out
    """
    from letters.pipeline import generate, parse_formats

    if (stage is None) == (template is None):
        raise click.UsageError("give exactly one of --stage or --template")
    if record and template is not None:
        raise click.UsageError("--record goes with --stage: a template of your own is not a step of the complaint path")
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
        strict=strict,
    )  # type: ignore[arg-type]
    for warning in written.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for path in written:
        click.echo(f"Wrote {path}")
    if written.recorded:
        click.echo(f"Recorded the {stage} as sent in {case}")
    elif written.already_recorded:
        click.echo(f"Not recorded again: the {stage} is already recorded as sent on {written.already_recorded.isoformat()} in {case}")


@click.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the case file, for editor completion.

    \b
    Example:
        letters schema > case.schema.json
    """
    from letters.casefile.schema import case_schema_json

    click.echo(case_schema_json())
